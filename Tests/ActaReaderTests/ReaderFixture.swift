import ActaEvents
import ActaLog
import ActaProjections
import ActaReader
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The engines the reader tests run on: SQLite always, PostgreSQL when ACTA_TEST_POSTGRES
/// names a server (`tools/setup` starts one; `.ci/run` sets it).
enum ReaderEngine: String, CustomTestStringConvertible, Sendable {
    case sqlite, postgres

    var testDescription: String { rawValue }

    /// The URL of the test server's maintenance database, or nil.
    static let server: PostgresURL? = ProcessInfo.processInfo.environment["ACTA_TEST_POSTGRES"].flatMap {
        $0.isEmpty ? nil : try? PostgresURL($0)
    }

    /// The engines a parameterised reader test runs on.
    static let available: [ReaderEngine] = server == nil ? [.sqlite] : [.sqlite, .postgres]

    /// Runs `sql` on the test server's maintenance database through `psql`, as an
    /// administrator would; failures are ignored (clean-up).
    static func psql(_ sql: String) {
        guard let server else { return }
        let psql = Process()
        psql.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        psql.arguments = ["-X", "-q", "postgres://\(server.user)@/postgres?host=\(server.socketDirectory ?? "/var/run/postgresql")", "-c", sql]
        psql.standardOutput = FileHandle.nullDevice
        psql.standardError = FileHandle.nullDevice
        try? psql.run()
        psql.waitUntilExit()
    }

    static let serverMissing =
        "ACTA_TEST_POSTGRES is not set: the reader tests on PostgreSQL are skipped (run tools/setup and export the URL it prints)"
}

/// A store with the real history, written by a writable log, and a reader over it read-only:
/// an SQLite file, or a database of its own on the test server, written by its writer role
/// and read by its reader role, as `acta serve` is told to (README: PostgreSQL).
final class ReaderFixture: @unchecked Sendable {
    let engine: ReaderEngine
    /// Where the reader reads: the file, or the URL as the reader role.
    let location: String
    let writer: any RegisterStore
    let state: ReaderState
    /// A temporary directory of the test's, removed with the fixture (the SQLite file is there).
    let directory: URL
    private let database: String?

    init(_ engine: ReaderEngine = .sqlite, withHistory: Bool = true, limits: ReaderLimits = ReaderLimits()) throws {
        self.engine = engine
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("acta-reader-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        switch engine {
        case .sqlite:
            database = nil
            location = directory.appendingPathComponent("acta.sqlite").path
            writer = try EventLog.create(at: location, catalog: OCPSCatalog(), projections: OCPSProjections())
        case .postgres:
            let name = "acta_r_" + UUID().uuidString.prefix(13).lowercased().replacingOccurrences(of: "-", with: "")
            let server = try #require(ReaderEngine.server, Comment(rawValue: ReaderEngine.serverMissing))
            database = name
            try RegisterStores.create(server.database(name).description, catalog: OCPSCatalog()).close()
            location = server.database(name).asUser("\(name)_reader").description
            writer = try RegisterStores.open(server.database(name).asUser("\(name)_writer").description, catalog: OCPSCatalog())
        }
        if withHistory { try writer.importJSONLines(Array(try History.jsonLines()), defaultActor: "test", restore: false, progress: nil) }
        state = try ReaderState.open(location, limits: limits)
    }

    /// The reader's SQLite store, for the tests of SQLite's connections.
    var sqliteLog: EventLog { state.log as! EventLog }

    /// Another reader of the same store, as a second `acta serve` process opens it.
    func secondReader() throws -> ReaderState {
        try ReaderState.open(location)
    }

    deinit {
        try? state.close()
        try? writer.close()
        try? FileManager.default.removeItem(at: directory)
        if let database {
            for sql in ["DROP DATABASE IF EXISTS \(database) WITH (FORCE)", "DROP ROLE \(database)_writer", "DROP ROLE \(database)_reader"] {
                ReaderEngine.psql(sql)
            }
        }
    }

    /// Ends every connection the reader role holds to the fixture's database, as a server
    /// restart would (PostgreSQL).
    func dropReaderConnections() {
        ReaderEngine.psql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '\(database!)_reader'")
    }

    /// On a free loopback port, for the `.live` tests.
    var app: some ApplicationProtocol {
        Application(router: ReaderApplication.router(state: state), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    /// The application `acta serve` runs (idle timeout, connection cap, TLS), for the `.live`
    /// and `.ahc` tests; the test framework binds it to a free port on localhost.
    func served(_ configuration: ReaderConfiguration = ReaderConfiguration(port: 0)) throws -> some ApplicationProtocol {
        try ReaderApplication.build(state: state, configuration: configuration)
    }

    func append(_ event: NewEvent) throws {
        try writer.append(event)
        Thread.sleep(forTimeInterval: ReaderStateInterval.value)
    }

    /// Issues a token as `acta token add` does, returning it.
    func issueToken(_ name: String, expires: String? = nil) throws -> String {
        let token = "acta_test_\(name)_\(UUID().uuidString)"
        var data: [String: JSONValue] = ["name": .string(name), "sha256": .string(Hex.encode(Digest.sha256(Array(token.utf8))))]
        if let expires { data["expires"] = .string(expires) }
        try append(NewEvent(type: "AccessTokenIssued", stream: "access/\(name)", data: .object(data), actor: "test"))
        return token
    }
}

enum ReaderStateInterval {
    /// A little more than the reader's head interval, so the next request sees the append.
    static let value: TimeInterval = 0.08
}

extension ByteBuffer {
    var text: String { String(buffer: self) }
    /// The body as JSON, or null when it is not JSON (the expectation then fails).
    var jsonValue: JSONValue { (try? JSONParser.parse(String(buffer: self))) ?? .null }
}

extension TestResponse {
    /// Whether the body names the bad parameter: the API's JSON `error.parameter`, or a
    /// page's HTML message `parameter NAME: …`.
    func namesParameter(_ name: String) -> Bool {
        if headers[.contentType]?.hasPrefix("text/html") == true { return body.text.contains("parameter \(name):") }
        return body.jsonValue["error"]?["parameter"]?.stringValue == name
    }
}
