import ActaEvents
import ActaLog
import ActaProjections
import ArgumentParser
import Foundation

/// `--store PATH|URL`, shared by every command; ACTA_STORE when absent, then ./acta.sqlite.
/// A `postgres://` URL names a PostgreSQL store (README: PostgreSQL).
struct StoreOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The store: an SQLite file, or a postgres://user@host/database URL (default: $ACTA_STORE, then ./acta.sqlite).",
            valueName: "path|url"
        )
    )
    var store: String?

    var path: String {
        store ?? ProcessInfo.processInfo.environment["ACTA_STORE"].flatMap { $0.isEmpty ? nil : $0 } ?? "acta.sqlite"
    }

    /// The store through the storage seam, on either engine.
    func openStore(readOnly: Bool = false) throws -> any RegisterStore {
        try RegisterStores.open(path, catalog: OCPSCatalog(), projections: OCPSProjections(), readOnly: readOnly)
    }

    func createStore() throws -> any RegisterStore {
        try RegisterStores.create(path, catalog: OCPSCatalog(), projections: OCPSProjections())
    }
}

/// A command whose failures print one line on stderr and exit with the error's code.
protocol ActaCommand: ParsableCommand {
    func execute() throws
}

extension ActaCommand {
    func run() throws {
        do {
            try RawArguments.checkUTF8()
            try execute()
        } catch let error as ActaError {
            Terminal.error(error.message)
            throw ExitCode(error.exitCode)
        } catch let error as ExitCode {
            throw error
        } catch {
            Terminal.error("\(error)")
            throw ExitCode(1)
        }
    }
}

/// Who is recording: ACTA_ACTOR, then the login name.
enum Actor {
    static func current() -> String {
        let env = ProcessInfo.processInfo.environment
        if let actor = env["ACTA_ACTOR"], !actor.isEmpty { return actor }
        if let login = getlogin() { return String(cString: login) }
        if let user = env["USER"], !user.isEmpty { return user }
        if let pw = getpwuid(getuid()), let name = pw.pointee.pw_name { return String(cString: name) }
        return "unknown"
    }
}
