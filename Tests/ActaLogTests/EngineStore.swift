import ActaEvents
import ActaLog
import Foundation
import Testing

/// The storage engines a test runs on: SQLite always, PostgreSQL when ACTA_TEST_POSTGRES
/// names a server (`tools/setup` starts one and prints the URL; `.ci/run` sets it).
enum Engine: String, CustomTestStringConvertible, Sendable {
    case sqlite, postgres

    var testDescription: String { rawValue }

    /// The URL of the test server's maintenance database, or nil.
    static let postgresURL: PostgresURL? = ProcessInfo.processInfo.environment["ACTA_TEST_POSTGRES"].flatMap {
        $0.isEmpty ? nil : try? PostgresURL($0)
    }

    /// Every engine this run can test: the storage suites take these as arguments.
    static let available: [Engine] = postgresURL == nil ? [.sqlite] : [.sqlite, .postgres]

    static let postgresMissing =
        "ACTA_TEST_POSTGRES is not set: the PostgreSQL storage tests are skipped (run tools/setup and export the URL it prints)"
}

/// A new, empty store on `engine`, removed when the test ends: a file in a temporary
/// directory, or a database of its own on the test server (with its writer and reader roles).
final class EngineStore {
    let engine: Engine
    let location: String
    let log: any RegisterStore
    private let directory: URL?
    let database: String?

    /// `projections`: the views the store keeps, updated in every append's transaction.
    init(_ engine: Engine, catalog: any EventCatalog = OCPSCatalog(), projections: (any ProjectionDomain)? = nil) throws {
        self.engine = engine
        switch engine {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("acta-test-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            self.directory = directory
            database = nil
            location = directory.appendingPathComponent("acta.sqlite").path
        case .postgres:
            let name = "acta_t_" + UUID().uuidString.prefix(13).lowercased().replacingOccurrences(of: "-", with: "")
            directory = nil
            database = name
            location = Engine.postgresURL!.database(name).description
        }
        log = try RegisterStores.create(location, catalog: catalog, projections: projections)
    }

    /// The same store as another role of its database (PostgreSQL).
    func url(as role: String) -> PostgresURL {
        Engine.postgresURL!.database(database!).asUser(role)
    }

    /// A second opening of the store, as another process would open it.
    func reopen(catalog: any EventCatalog = OCPSCatalog(), projections: (any ProjectionDomain)? = nil) throws -> any RegisterStore {
        try RegisterStores.open(location, catalog: catalog, projections: projections)
    }

    deinit {
        try? log.close()
        if let directory { try? FileManager.default.removeItem(at: directory) }
        if let database { try? PostgresAdmin.dropDatabase(database) }
    }
}

/// Runs SQL on the test server through `psql`, as a person with the server would.
enum PostgresAdmin {
    static func psql(_ url: PostgresURL, _ sql: String) throws -> (status: Int32, output: String) {
        try Shell.run("/usr/bin/psql", ["-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", psqlURL(url), "-c", sql])
    }

    static func psqlURL(_ url: PostgresURL) -> String {
        "postgres://\(url.user)@/\(url.database)?host=\(url.socketDirectory ?? "/var/run/postgresql")"
    }

    static func dropDatabase(_ name: String) throws {
        let admin = Engine.postgresURL!.database("postgres")
        _ = try psql(admin, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        _ = try psql(admin, "DROP ROLE IF EXISTS \(name)_writer")
        _ = try psql(admin, "DROP ROLE IF EXISTS \(name)_reader")
    }
}
