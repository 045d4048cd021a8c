import GRDB
import GRDBSQLite

/// Writes view records in batches: records wait, copied into one reused buffer, until
/// ``batchSize`` of them go in one multi-row `INSERT OR REPLACE` (one statement run
/// instead of 128), or until ``flush()``. SQLite applies a statement's rows in order, so
/// the last record written for a key wins, as it would one by one. 128 records to a
/// statement rebuilt a million events about 6% faster than 32 (alternating runs); 512 was
/// no faster than 128.
///
/// Records that wait are not in `views` yet: whoever reads or deletes from `views` flushes
/// first (``ViewStore`` does).
struct ViewInsert {
    static let batchSize = 128

    private let single: Statement
    private let batch: Statement
    /// Each record's view, key and value, one after the other.
    private var bytes: [UInt8] = []
    /// Where each field ends in `bytes`: three per record.
    private var ends: [Int] = []

    private static let sql = "INSERT OR REPLACE INTO views (view, key, value) VALUES "

    init(_ db: Database) throws {
        single = try db.cachedStatement(sql: Self.sql + "(?, ?, ?)")
        batch = try db.cachedStatement(sql: Self.sql + Array(repeating: "(?, ?, ?)", count: Self.batchSize).joined(separator: ", "))
        bytes.reserveCapacity(Self.batchSize * 512)
        ends.reserveCapacity(Self.batchSize * 3)
    }

    var count: Int { ends.count / 3 }

    /// Adds a record; writes the batch when it is full.
    mutating func add(view: String, key: String, value: [UInt8]) throws {
        bytes.append(contentsOf: view.utf8)
        ends.append(bytes.count)
        bytes.append(contentsOf: key.utf8)
        ends.append(bytes.count)
        bytes.append(contentsOf: value)
        ends.append(bytes.count)
        if count == Self.batchSize { try flush() }
    }

    /// Writes the records that wait.
    mutating func flush() throws {
        let n = count
        guard n > 0 else { return }
        defer {
            bytes.removeAll(keepingCapacity: true)
            ends.removeAll(keepingCapacity: true)
        }
        if n == Self.batchSize { return try step(batch, records: 0..<n) }
        for r in 0..<n { try step(single, records: r..<(r + 1)) }
    }

    private func step(_ statement: Statement, records: Range<Int>) throws {
        let s = statement.sqliteStatement
        let (code, message) = bytes.withUnsafeBufferPointer { bytes -> (Int32, String?) in
            sqlite3_reset(s)
            for (n, r) in records.enumerated() {
                var start = r == 0 ? 0 : ends[3 * r - 1]
                for k in 0..<3 {
                    let end = ends[3 * r + k]
                    // Bound without copies (a nil destructor is SQLITE_STATIC): the buffer outlives
                    // the step. An empty field binds as empty text, never NULL: the columns are NOT NULL.
                    if end > start {
                        sqlite3_bind_text(s, Int32(3 * n + k + 1), UnsafeRawPointer(bytes.baseAddress! + start).assumingMemoryBound(to: CChar.self), Int32(end - start), nil)
                    } else {
                        sqlite3_bind_text(s, Int32(3 * n + k + 1), "", 0, nil)
                    }
                    start = end
                }
            }
            let code = sqlite3_step(s)
            let message = code == SQLITE_DONE ? nil : String(cString: sqlite3_errmsg(sqlite3_db_handle(s)))
            sqlite3_reset(s)
            sqlite3_clear_bindings(s)
            return (code, message)
        }
        guard code == SQLITE_DONE else { throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message) }
    }
}
