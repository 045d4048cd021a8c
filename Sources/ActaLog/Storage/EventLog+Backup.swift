import Foundation
import GRDB

/// What `backup` copied: the copy's event count and head chain hash, as its verify found them.
public struct BackupReport: Sendable {
    public var path: String
    public var count: Int64
    public var headChain: [UInt8]
}

extension EventLog {
    // MARK: - Online backup

    /// Copies the whole store to a new file at `destination` with SQLite's online backup API,
    /// while other processes keep appending: the copy is one consistent snapshot (a single
    /// backup step inside one read transaction), so its log is a prefix of the live one.
    ///
    /// The copy is written to a temporary file beside `destination`, verified, and only then
    /// linked into place; `destination` is refused if anything exists there (also if it
    /// appears meanwhile), and a failed backup leaves nothing behind.
    ///
    /// Related SQLite documentation: <https://www.sqlite.org/backup.html>
    public func backup(to destination: String) throws -> BackupReport {
        let manager = FileManager.default
        if manager.fileExists(atPath: destination) {
            throw ActaError(.store, "\(destination) already exists; choose a new path (a backup never overwrites)")
        }
        let directory = (destination as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw ActaError(.store, "\(destination): directory \(directory) does not exist")
            }
        }
        let base = (destination as NSString).lastPathComponent
        let temporary = ((directory.isEmpty ? "." : directory) as NSString)
            .appendingPathComponent(".\(base).partial-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        func removeTemporary() {
            for suffix in ["", "-wal", "-shm", "-journal"] { try? manager.removeItem(atPath: temporary + suffix) }
        }
        do {
            // Owner-only permissions (NewFile); link(2) below keeps them at the destination.
            try NewFile.createEmpty(temporary)
            let copy = try Self.translatingErrors(destination) {
                try DatabaseQueue(path: try StoreFilename.forSQLite(temporary, readOnly: false), configuration: Self.configuration(readOnly: false))
            }
            do {
                // The source's page size, set before WAL: SQLite cannot back up into a WAL
                // file whose page size differs.
                let pageSize = try Self.translatingErrors(path) {
                    try database.read { db in try Int.fetchOne(db, sql: "PRAGMA page_size") ?? StoreSchema.pageSize }
                }
                try Self.translatingErrors(destination) {
                    try copy.writeWithoutTransaction { db in
                        try db.execute(sql: "PRAGMA page_size = \(pageSize)")
                        try db.execute(sql: "PRAGMA journal_mode=WAL")
                    }
                }
                // One step: the source's pages are read in one read transaction, a snapshot that
                // appends in other processes (WAL) do not disturb and are not blocked by.
                try Self.translatingErrors(path) { try database.backup(to: copy, pagesPerStep: -1) }
                try Self.translatingErrors(destination) {
                    try copy.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
                }
                try copy.close()
            } catch {
                try? copy.close()
                throw error
            }
            let copied = try EventLog.open(at: temporary, catalog: catalog, readOnly: true)
            let report: VerifyReport
            do {
                report = try copied.verify()
                try copied.close()
            } catch {
                try? copied.close()
                throw error
            }
            if let failure = report.failure {
                throw ActaError(.integrity, "the backup does not verify (\(failure)); nothing was written at \(destination)")
            }
            // link(2) refuses an existing destination: never overwrite, even one created meanwhile.
            if link(temporary, destination) != 0 {
                let code = errno
                if code == EEXIST {
                    throw ActaError(.store, "\(destination) already exists; choose a new path (a backup never overwrites)")
                }
                throw ActaError(.io, "\(destination): cannot create the backup: \(String(cString: strerror(code)))")
            }
            removeTemporary()
            return BackupReport(path: destination, count: report.count, headChain: report.headChain)
        } catch {
            removeTemporary()
            throw error
        }
    }
}
