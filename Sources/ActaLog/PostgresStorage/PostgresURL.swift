import Foundation
import NIOSSL
import PostgresNIO

/// Where a PostgreSQL store is:
/// `postgres://[user[:password]@][host][:port]/database[?host=DIR&sslmode=MODE&sslrootcert=PEM]`.
///
/// - `user`: the role to connect as (default `postgres`); `acta init` makes `DATABASE_writer`
///   and `DATABASE_reader` beside the role that creates the store.
/// - `host`: a TCP host name, or, as libpq reads it, the `host=` parameter naming the
///   directory of the server's Unix socket (`/tmp/acta-pg`, the socket `.s.PGSQL.PORT` in it).
///   Neither: `/var/run/postgresql`, Debian's socket directory.
/// - `port`: default 5432 (also the socket's number).
/// - `database`: the register; one database holds one store.
/// - `sslmode`, over TCP, as libpq reads it: `disable`; `prefer` (TLS when the server offers
///   it); `require` (the default: TLS, the certificate not checked, so a server's self-signed
///   certificate serves); `verify-ca` (the certificate must chain to a trusted root);
///   `verify-full` (and name the host). A Unix socket never uses TLS.
/// - `sslrootcert`: a PEM file of the roots `verify-ca` and `verify-full` trust (default:
///   the system's).
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
    /// The PEM file of trusted roots for `verify-ca` and `verify-full`; nil: the system's.
    public var sslRootCertificate: String?

    static let sslModes = ["disable", "prefer", "require", "verify-ca", "verify-full"]

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
        let parameters = ["host", "sslmode", "sslrootcert"]
        if let unknown = query.keys.sorted().first(where: { !parameters.contains($0) }) {
            throw ActaError(.invalidInput, "\(Self.redacted(text)): unknown parameter \(unknown) (allowed: \(parameters.joined(separator: ", ")))")
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
        guard Self.sslModes.contains(sslMode) else {
            throw ActaError(.invalidInput, "\(Self.redacted(text)): sslmode \(sslMode) is not one of \(Self.sslModes.joined(separator: ", "))")
        }
        sslRootCertificate = query["sslrootcert"].flatMap { $0.isEmpty ? nil : $0 }
        if let file = sslRootCertificate {
            guard sslMode.hasPrefix("verify-") else {
                throw ActaError(.invalidInput, "\(Self.redacted(text)): sslrootcert is read only with sslmode=verify-ca or verify-full")
            }
            guard FileManager.default.isReadableFile(atPath: file) else {
                throw ActaError(.invalidInput, "\(Self.redacted(text)): sslrootcert \(file) is not a readable file")
            }
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
        case "prefer": tls = .prefer(try tlsContext())
        default: tls = .require(try tlsContext())
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

    /// The TLS client of ``sslMode``: what it checks of the server's certificate.
    private func tlsContext() throws -> NIOSSLContext {
        var tls = TLSConfiguration.makeClientConfiguration()
        switch sslMode {
        case "verify-full": tls.certificateVerification = .fullVerification
        case "verify-ca": tls.certificateVerification = .noHostnameVerification
        default: tls.certificateVerification = .none
        }
        if let sslRootCertificate { tls.trustRoots = .file(sslRootCertificate) }
        do { return try NIOSSLContext(configuration: tls) } catch {
            throw ActaError(.invalidInput, "\(self): cannot use sslrootcert \(sslRootCertificate ?? "(the system's roots)"): \(error)")
        }
    }

    /// `text` with any password replaced, for messages.
    public static func redacted(_ text: String) -> String {
        guard var parts = URLComponents(string: text), parts.password != nil else { return text }
        parts.password = "***"
        return parts.string ?? "postgres://…"
    }
}
