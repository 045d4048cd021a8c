import ActaEvents
import ActaLog
import ActaProjections
import ArgumentParser
import Foundation

struct Backup: ActaCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy the store to a new SQLite file while others keep appending.",
        discussion: """
            The copy is one consistent snapshot of the whole store, verified before it is put at DEST; \
            its log is a prefix of the live one. DEST must not exist. Prints the copy's event count and \
            head chain hash, which `acta verify --head HASH` finds in the live log. An SQLite store is \
            copied with SQLite's online backup; a PostgreSQL register is copied event by event as \
            `acta copy` does, into a new SQLite file (the cluster's own backups are pg_basebackup's).
            """
    )

    @OptionGroup var options: StoreOptions

    @Argument(help: ArgumentHelp("The new file to write (refused if anything exists there).", valueName: "dest"))
    var destination: String

    func execute() throws {
        let store = try options.openStore(readOnly: true)
        defer { try? store.close() }
        if let log = store as? EventLog {
            let report = try log.backup(to: destination)
            print("backed up \(report.count) events to \(report.path), head chain \(Hex.encode(report.headChain))")
            return
        }
        // Another engine: the register restored into a new SQLite file and verified, or no file at all.
        let copy = try EventLog.create(at: destination, catalog: OCPSCatalog(), projections: OCPSProjections())
        do {
            let report = try RegisterCopy.copy(from: store, to: copy)
            try copy.close()
            print("backed up \(report.events) events to \(destination), head chain \(report.head.chainHex)")
        } catch {
            try? copy.close()
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: destination + suffix) }
            throw error
        }
    }
}
