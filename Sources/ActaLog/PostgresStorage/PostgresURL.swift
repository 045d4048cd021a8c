import Foundation
import NIOSSL
import PostgresNIO

/// Where a PostgreSQL store is: `postgres://[user[:password]@][host][:port]/database[?host=DIR&sslmode=MODE]`.
///
/// - `user`: the role to connect as (default `postgres`); `acta init` makes `DATABASE_writer`
///   and `DATABASE_reader` beside the role that creates the store.
/// - `host`: a TCP host name, or, as libpq reads it, the `host=` parameter naming the
///   directory of the server's Unix socket (`/tmp/acta-pg`, the socket `.s.PGSQL.PORT` in it).
///   Neither: `/var/run/postgresql`, Debian's socket directory.
/// - `port`: default 5432 (also the socket's number).
/// - `database`: the register; one database holds one store.
/// - `sslmode`: `disable` (the default on a Unix socket), `prefer`, or `require` (the default over TCP).
///
/// A URL is a store's name in every message: the password, if any, is never printed.
public struct PostgresURL: Sendable, CustomStringConvertible {
    public var user: String
    public var password: String?
    /// A TCP host, or nil with ``socketDirectory``.
    public var host: String?
    public var socketDirectory: String?
    public var port: Int
    public var database: String
    public var sslMode: String

    /// Whether `text` names a PostgreSQL store rather than an SQLite file.
    public static func isPostgres(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    public init(_ text: String) throws {
        guard Self.isPostgres(text), let parts = URLComponents(string: text) else {
            throw ActaError(.invalidInput, "\(Self.redacted(text)) is not a PostgreSQL URL (postgres://user@host:port/database?sslmode=…)")
        }
        user = parts.user.flatMap { $0.isEmpty ? nil : $0.removingPercentEncoding } ?? "postgres"
        password = parts.password?.removingPercentEncoding
        port = parts.port ?? 5432
        let path = parts.path.hasPrefix("/") ? String(parts.path.dropFirst()) : parts.path
        guard !path.isEmpty, !path.contains("/") else {
            throw ActaError(.invalidInput, "\(Self.redacted(text)): name the database after the host (postgres://host/DATABASE)")
        }
        database = path.removingPercentEncoding ?? path
        let query = Dictionary((parts.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
        if let unknown = query.keys.sorted().first(where: { !["host", "sslmode"].contains($0) }) {
            throw ActaError(.invalidInput, "\(Self.redacted(text)): unknown parameter \(unknown) (allowed: host, sslmode)")
        }
        let hostParameter = query["host"].flatMap { $0.isEmpty ? nil : $0 }
        let urlHost = parts.host.flatMap { $0.isEmpty ? nil : $0 }
        if let hostParameter, hostParameter.hasPrefix("/") {
            socketDirectory = hostParameter
        } else if let name = hostParameter ?? urlHost {
            host = name
        } else {
            socketDirectory = "/var/run/postgresql"
        }
        sslMode = query["sslmode"] ?? (socketDirectory != nil ? "disable" : "require")
        guard ["disable", "prefer", "require"].contains(sslMode) else {
            throw ActaError(.invalidInput, "\(Self.redacted(text)): sslmode \(sslMode) is not one of disable, prefer, require")
        }
    }

    /// The same server and database as another role.
    public func asUser(_ user: String, password: String? = nil) -> PostgresURL {
        var url = self
        url.user = user
        url.password = password
        return url
    }

    /// The same server, another database.
    public func database(_ name: String) -> PostgresURL {
        var url = self
        url.database = name
        return url
    }

    public var description: String {
        var text = "postgres://\(user)@\(host ?? ""):\(port)/\(database)"
        if let socketDirectory { text = "postgres://\(user)@/\(database)?host=\(socketDirectory)" }
        return text
    }

    public func configuration() throws -> PostgresConnection.Configuration {
        if let socketDirectory {
            return PostgresConnection.Configuration(
                unixSocketPath: "\(socketDirectory)/.s.PGSQL.\(port)",
                username: user,
                password: password,
                database: database
            )
        }
        let tls: PostgresConnection.Configuration.TLS
        switch sslMode {
        case "disable": tls = .disable
        case "prefer": tls = .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        default: tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
        return PostgresConnection.Configuration(
            host: host ?? "localhost",
            port: port,
            username: user,
            password: password,
            database: database,
            tls: tls
        )
    }

    /// `text` with any password replaced, for messages.
    public static func redacted(_ text: String) -> String {
        guard var parts = URLComponents(string: text), parts.password != nil else { return text }
        parts.password = "***"
        return parts.string ?? "postgres://…"
    }
}
