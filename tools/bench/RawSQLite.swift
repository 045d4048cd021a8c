import ActaLog
import Foundation
import GRDBSQLite

/// The limits the benchmark measures Acta against: SQLite itself, through its C API,
/// on the same disk with the same settings.
enum RawSQLite {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func open(_ path: String) throws -> OpaquePointer {
        var db: OpaquePointer?
        guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil) == SQLITE_OK, let db else {
            throw Failure(description: "cannot open \(path)")
        }
        return db
    }

    static func exec(_ db: OpaquePointer, _ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(db, sql, nil, nil, &message) == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? "?"
            sqlite3_free(message)
            throw Failure(description: "\(text) in \(sql.prefix(80))")
        }
    }

    /// `INSERT INTO events SELECT * FROM other.events` into `target` (an empty store): rows/s.
    static func copyRate(from source: String, into target: String) throws -> Double {
        let db = try open(target)
        defer { sqlite3_close(db) }
        try exec(db, "PRAGMA synchronous=FULL; PRAGMA recursive_triggers=ON; ATTACH '\(source)' AS other")
        let started = Date()
        try exec(db, "BEGIN IMMEDIATE; INSERT INTO events SELECT * FROM other.events; COMMIT")
        let seconds = Date().timeIntervalSince(started)
        var statement: OpaquePointer?
        sqlite3_prepare_v2(db, "SELECT count(*) FROM events", -1, &statement, nil)
        sqlite3_step(statement)
        let rows = sqlite3_column_int64(statement, 0)
        sqlite3_finalize(statement)
        return Double(rows) / seconds
    }

    /// Reading every row of `path`'s log in position order, payload included: rows/s. No replay
    /// can be faster than reading what it replays.
    static func scanRate(_ path: String) throws -> Double {
        let db = try open(path)
        defer { sqlite3_close(db) }
        var statement: OpaquePointer?
        sqlite3_prepare_v2(db, "SELECT position, type, payload FROM events ORDER BY position", -1, &statement, nil)
        defer { sqlite3_finalize(statement) }
        let started = Date()
        var rows = 0
        var bytes = 0
        while sqlite3_step(statement) == SQLITE_ROW {
            bytes &+= Int(sqlite3_column_bytes(statement, 2))
            rows += 1
        }
        precondition(bytes > 0)
        return Double(rows) / Date().timeIntervalSince(started)
    }

    /// `INSERT INTO views SELECT * FROM other.views` into a new file with the same table and
    /// settings: the rows of the views and SQLite's rate of writing them (rows/s).
    static func viewsCopyRate(from source: String, into target: String) throws -> (rows: Int, rate: Double) {
        let db = try open(target)
        defer { sqlite3_close(db) }
        // The page size of the store's own file, which the rebuild writes.
        let store = try open(source)
        var statement: OpaquePointer?
        sqlite3_prepare_v2(store, "PRAGMA page_size", -1, &statement, nil)
        sqlite3_step(statement)
        let pageSize = sqlite3_column_int64(statement, 0)
        sqlite3_finalize(statement)
        sqlite3_close(store)
        try exec(
            db,
            """
            PRAGMA page_size=\(pageSize); PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA cache_size=-65536; ATTACH '\(source)' AS other;
            CREATE TABLE views (view TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (view, key)) WITHOUT ROWID
            """
        )
        let started = Date()
        try exec(db, "BEGIN IMMEDIATE; INSERT INTO views SELECT * FROM other.views ORDER BY view, key; COMMIT")
        let seconds = Date().timeIntervalSince(started)
        sqlite3_prepare_v2(db, "SELECT count(*) FROM views", -1, &statement, nil)
        sqlite3_step(statement)
        let rows = Int(sqlite3_column_int64(statement, 0))
        sqlite3_finalize(statement)
        return (rows, Double(rows) / seconds)
    }

    /// Durable single-row transactions (WAL, synchronous=FULL, BEGIN IMMEDIATE) of rows
    /// shaped like Acta's, with UUIDv7 ids: transactions/s.
    /// `path` is an empty store made by `EventLog.create`, so schema, indexes and triggers are Acta's.
    static func singleInsertRate(path: String, count: Int, startingAt first: Int) throws -> Double {
        let db = try open(path)
        defer { sqlite3_close(db) }
        sqlite3_busy_timeout(db, 15_000)
        try exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA recursive_triggers=ON")
        var statement: OpaquePointer?
        sqlite3_prepare_v2(db, "INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", -1, &statement, nil)
        defer { sqlite3_finalize(statement) }
        let payload = [UInt8](repeating: 0x41, count: 260)
        let hash = [UInt8](repeating: 0x11, count: 32)
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        let started = Date()
        for i in first..<(first + count) {
            try exec(db, "BEGIN IMMEDIATE")
            sqlite3_bind_int64(statement, 1, Int64(i))
            sqlite3_bind_text(statement, 2, EventID.make(), -1, transient)
            sqlite3_bind_text(statement, 3, "meeting/conference/\(i / 10)", -1, transient)
            sqlite3_bind_int64(statement, 4, Int64(i % 10 + 1))
            sqlite3_bind_text(statement, 5, "OutcomeAdopted", -1, transient)
            sqlite3_bind_int64(statement, 6, 1)
            sqlite3_bind_text(statement, 7, "2018-06-30", -1, transient)
            sqlite3_bind_text(statement, 8, Timestamp.now(), -1, transient)
            sqlite3_bind_text(statement, 9, "bench", -1, transient)
            sqlite3_bind_text(statement, 10, "{}", -1, transient)
            sqlite3_bind_int64(statement, 11, 1)
            payload.withUnsafeBytes { _ = sqlite3_bind_blob(statement, 12, $0.baseAddress, Int32($0.count), transient) }
            sqlite3_bind_int64(statement, 13, 300)
            sqlite3_bind_text(statement, 14, String(repeating: "ab", count: 32), -1, transient)
            hash.withUnsafeBytes { _ = sqlite3_bind_blob(statement, 15, $0.baseAddress, 32, transient) }
            hash.withUnsafeBytes { _ = sqlite3_bind_blob(statement, 16, $0.baseAddress, 32, transient) }
            guard sqlite3_step(statement) == SQLITE_DONE else { throw Failure(description: String(cString: sqlite3_errmsg(db))) }
            sqlite3_reset(statement)
            try exec(db, "COMMIT")
        }
        return Double(count) / Date().timeIntervalSince(started)
    }
}
