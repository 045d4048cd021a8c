import Foundation
import GRDB
import GRDBSQLite
import Synchronization

/// The append-only log: one SQLite file holding table `events`.
///
/// Every connection runs in WAL mode with `synchronous=FULL` (a committed append survives
/// power loss), `recursive_triggers=ON` and a busy timeout; appends take the write lock
/// with `BEGIN IMMEDIATE`, so concurrent processes queue instead of failing.
///
///     let log = try EventLog.create(at: "acta.sqlite", catalog: OCPSCatalog())
///     try log.append(NewEvent(type: "MeetingHeld", stream: "meeting/conference/4", data: data, actor: "clerk"))
///
/// Related SQLite documentation: <https://www.sqlite.org/wal.html>
public final class EventLog: Sendable {
    public let path: String
    public let catalog: any EventCatalog
    public let readOnly: Bool
    /// Keeps the views current in every append's transaction, when the log has a domain.
    public let runner: ProjectionRunner?
    let database: DatabaseQueue
    /// Read-only connections that read in parallel (``open(at:catalog:projections:readOnly:readers:)``
    /// with `readers` above 1); nil: every read goes through `database`, one at a time.
    let readers: DatabasePool?
    /// The dictionary new events are compressed against, once resolved (`resolved` with no
    /// dictionary: events are stored as plain LZ4 frames).
    let appendDictionary = Mutex<(resolved: Bool, dictionary: LZ4Dictionary?)>((false, nil))
    /// The stream states of this writer's last committed short transaction (``KeptStreamStates``).
    let keptStates = Mutex<KeptStreamStates?>(nil)

    /// The page cache of each parallel reader (KiB): bounds their memory together.
    public static let readerCacheKiB = 8192

    /// How long a connection waits for another process's write lock.
    public static let busyTimeout: TimeInterval = 15

    private init(
        path: String,
        catalog: any EventCatalog,
        projections: (any ProjectionDomain)?,
        readOnly: Bool,
        database: DatabaseQueue,
        readers: DatabasePool? = nil
    ) {
        self.readers = readers
        self.path = path
        self.catalog = catalog
        self.runner = projections.map(ProjectionRunner.init(domain:))
        self.readOnly = readOnly
        self.database = database
    }

    // MARK: - Opening

    /// Creates a new store at `path`; refuses a path where anything exists.
    public static func create(at path: String, catalog: any EventCatalog, projections: (any ProjectionDomain)? = nil) throws -> EventLog {
        if FileManager.default.fileExists(atPath: path) {
            throw ActaError(.store, "\(path) already exists; choose a new path (a store is never overwritten)")
        }
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty, !FileManager.default.fileExists(atPath: dir) {
            throw ActaError(.store, "\(path): directory \(dir) does not exist")
        }
        // The file is made first, with the owner's permissions alone (NewFile): SQLite would
        // follow the umask (0644 under 022), and gives the -wal and -shm the file's mode.
        try NewFile.createEmpty(path)
        let database: DatabaseQueue
        do {
            database = try translatingErrors(path) {
                try DatabaseQueue(path: try StoreFilename.forSQLite(path, readOnly: false), configuration: configuration(readOnly: false))
            }
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw error
        }
        do {
            try database.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA page_size = \(StoreSchema.pageSize)")  // before the first table
                try db.execute(sql: "PRAGMA application_id = \(StoreSchema.applicationID)")
            }
            // The steps are written straight into the file (a rollback journal), then the store
            // turns to WAL: one whole-page frame per step in the write-ahead log would make a
            // new store several times its size on disk.
            try StoreMigrations.migrate(database)
            try database.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode=WAL") }
            try prepareViews(projections, database)
        } catch {
            try? database.close()
            for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            throw translate(error, path: path)
        }
        return EventLog(path: path, catalog: catalog, projections: projections, readOnly: false, database: database)
    }

    /// Opens an existing store; refuses a path with no store and creates nothing there.
    ///
    /// `readers` above 1 (read-only only) reads through that many connections at once, each in
    /// its own WAL snapshot, so one long read (a replay, a report) does not hold up the others.
    /// Each of those connections keeps a page cache of at most ``readerCacheKiB``.
    public static func open(
        at path: String,
        catalog: any EventCatalog,
        projections: (any ProjectionDomain)? = nil,
        readOnly: Bool = false,
        readers: Int = 1
    ) throws -> EventLog {
        if readers > 1, !readOnly { throw ActaError(.invalidInput, "parallel readers are for a read-only store only") }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ActaError(.store, "no store at \(path); create one with `acta init --store \(path)` or pass --store")
        }
        if isDirectory.boolValue { throw ActaError(.store, "\(path) is a directory, not an Acta store") }
        if !readOnly, StoreFilename.isOnReadOnlyMedia(path) {
            throw ActaError(.io, "\(path) is on a read-only file system: it can be read, verified and exported, but not written")
        }
        if !readOnly, !FileManager.default.isWritableFile(atPath: path) {
            throw ActaError(.io, "\(path) is not writable (check the file's permissions)")
        }
        let database = try translatingErrors(path) {
            try DatabaseQueue(path: try StoreFilename.forSQLite(path, readOnly: readOnly), configuration: configuration(readOnly: readOnly))
        }
        let (appID, version) = try translatingErrors(path) {
            try database.read { db in
                (try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0, try Int32.fetchOne(db, sql: "PRAGMA user_version") ?? 0)
            }
        }
        guard appID == StoreSchema.applicationID else {
            throw ActaError(.store, "\(path) is not an Acta store (an SQLite file without Acta's application id)")
        }
        guard version <= StoreSchema.formatVersion else {
            throw ActaError(.store, "\(path) has store format \(version); this acta reads up to \(StoreSchema.formatVersion): upgrade acta")
        }
        if !readOnly {
            try translatingErrors(path) {
                if version < StoreSchema.formatVersion { try StoreMigrations.migrate(database) }
                try prepareViews(projections, database)
            }
        }
        let pool =
            readers > 1
            ? try translatingErrors(path) {
                var config = configuration(readOnly: true)
                config.maximumReaderCount = readers
                config.prepareDatabase { db in try db.execute(sql: "PRAGMA cache_size = -\(readerCacheKiB)") }
                return try DatabasePool(path: try StoreFilename.forSQLite(path, readOnly: true), configuration: config)
            } : nil
        return EventLog(path: path, catalog: catalog, projections: projections, readOnly: readOnly, database: database, readers: pool)
    }

    /// Makes the index the domain's views replay through, once per writable open.
    private static func prepareViews(_ projections: (any ProjectionDomain)?, _ database: DatabaseQueue) throws {
        guard let projections else { return }
        try database.write { db in try ProjectionRunner(domain: projections).createIndex(db) }
    }

    static func configuration(readOnly: Bool) -> Configuration {
        var config = Configuration()
        config.readonly = readOnly
        config.busyMode = .timeout(busyTimeout)
        config.foreignKeysEnabled = false
        config.label = "acta"
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA recursive_triggers = ON")
            // Statement journals and sorting stay in memory; a large import keeps its pages in cache.
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
            try db.execute(sql: "PRAGMA cache_size = -65536")
            if !readOnly { try db.execute(sql: "PRAGMA synchronous = FULL") }
        }
        return config
    }

    /// Runs SQL on the store's connection, outside the append path (engine code and tests).
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        try Self.translatingErrors(path) { try database.writeWithoutTransaction { db in try body(db) } }
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try Self.translatingErrors(path) {
            if let readers { return try readers.read { db in try body(db) } }
            return try database.read { db in try body(db) }
        }
    }

    /// Folds the write-ahead log into the file and empties it (what a clean close does), so
    /// a benchmark or a copy starts from the file alone.
    public func checkpointWriteAheadLog() throws {
        try write { db in _ = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
    }

    public func close() throws {
        // The kept stream states hold prepared statements, which must go before the connection.
        keptStates.withLock { $0 = nil }
        try readers?.close()
        try database.close()
    }

    // MARK: - Errors

    static func translatingErrors<T>(_ path: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw translate(error, path: path)
        }
    }

    static func translate(_ error: any Error, path: String) -> any Error {
        guard let db = error as? DatabaseError else { return error }
        switch db.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return ActaError(.io, "\(path) is locked by another process for more than \(Int(busyTimeout)) s; try again later")
        case .SQLITE_FULL:
            return ActaError(.io, "\(path): the disk is full; nothing was written (free space and try again)")
        case .SQLITE_READONLY:
            return ActaError(.io, "\(path) is read-only; nothing was written (check the file's and directory's permissions)")
        case .SQLITE_CANTOPEN:
            return ActaError(.io, "\(path) cannot be opened (check the directory exists and is writable)")
        case .SQLITE_NOTADB:
            return ActaError(.store, "\(path) is not an Acta store (not an SQLite database)")
        case .SQLITE_CORRUPT:
            return ActaError(.integrity, "\(path) is corrupt at the SQLite level: \(db.message ?? "")")
        case .SQLITE_IOERR:
            return ActaError(.io, "\(path): I/O error: \(db.message ?? ""); nothing was written")
        case .SQLITE_CONSTRAINT:
            return ActaError(.conflict, "\(path): \(db.message ?? "constraint failed")")
        default:
            return ActaError(.io, "\(path): SQLite error \(db.resultCode.rawValue): \(db.message ?? "")")
        }
    }
}
