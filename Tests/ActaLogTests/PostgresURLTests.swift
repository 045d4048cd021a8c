import Foundation
import Testing

@testable import ActaLog

/// `--store postgres://…` as libpq reads its URLs: the TLS modes, the roots they trust, and
/// one-line refusals naming the URL without its password.
@Suite struct PostgresURLTests {
    @Test func tcpDefaultsToTLSAndASocketToNone() throws {
        #expect(try PostgresURL("postgres://clerk@db.example.org/register").sslMode == "require")
        #expect(try PostgresURL("postgres://clerk@db.example.org:6543/register").port == 6543)
        let socket = try PostgresURL("postgres://postgres@/register?host=/tmp/acta-pg")
        #expect(socket.sslMode == "disable" && socket.socketDirectory == "/tmp/acta-pg" && socket.host == nil)
        #expect(try PostgresURL("postgres://postgres@/register").socketDirectory == "/var/run/postgresql")
    }

    @Test func everyLibpqModeThatChecksOrEncrypts() throws {
        for mode in ["disable", "prefer", "require", "verify-ca", "verify-full"] {
            #expect(try PostgresURL("postgres://clerk@db.example.org/register?sslmode=\(mode)").sslMode == mode)
        }
        // `allow` (plain first, TLS if refused) is libpq's too, but never chosen here: refused.
        #expect(throws: ActaError.self) { try PostgresURL("postgres://clerk@db.example.org/register?sslmode=allow") }
    }

    @Test func rootsOnlyForTheModesThatCheckThem() throws {
        let roots = FileManager.default.temporaryDirectory.appendingPathComponent("acta-roots-\(UUID().uuidString).pem").path
        FileManager.default.createFile(atPath: roots, contents: Data("not read until a connection\n".utf8))
        defer { try? FileManager.default.removeItem(atPath: roots) }
        let full = try PostgresURL("postgres://clerk@db.example.org/register?sslmode=verify-full&sslrootcert=\(roots)")
        #expect(full.sslRootCertificate == roots)
        let withRequire = #expect(throws: ActaError.self) {
            try PostgresURL("postgres://clerk@db.example.org/register?sslmode=require&sslrootcert=\(roots)")
        }
        #expect(withRequire?.message.contains("sslrootcert is read only with sslmode=verify-ca or verify-full") == true)
        let missing = #expect(throws: ActaError.self) {
            try PostgresURL("postgres://clerk@db.example.org/register?sslmode=verify-ca&sslrootcert=/nonexistent/roots.pem")
        }
        #expect(missing?.message.contains("sslrootcert /nonexistent/roots.pem is not a readable file") == true)
    }

    @Test func refusalsNameTheURLWithoutItsPassword() throws {
        let unknown = #expect(throws: ActaError.self) { try PostgresURL("postgres://clerk:s3cret@db.example.org/register?timeout=5") }
        #expect(unknown?.message.contains("unknown parameter timeout (allowed: host, sslmode, sslrootcert)") == true)
        #expect(unknown?.message.contains("s3cret") == false)
        #expect(try PostgresURL("postgres://clerk:s3cret@db.example.org/register").description == "postgres://clerk@db.example.org:5432/register")
    }
}
