import GRDB
import GRDBSQLite

/// Writes view records in batches: records wait, copied into one reused buffer, until
/// ``batchSize`` of them go in one multi-row `INSERT OR REPLACE` (one statement run
/// instead of 128), or until ``flush()``. SQLite applies a statement's rows in order, so
/// the last record written for a key wins, as it would one by one. (Why 128: see the
/// rebuild figures in tools/bench/README.md.)
///
/// Records that wait are not in `views` yet: whoever reads or deletes from `views` flushes
/// first (``ViewStore`` does).
struct ViewInsert {
    static let batchSize = 128

    private let single: SQLiteStatement
    private let batch: SQLiteStatement
    /// Each record's view, key and value, one after the other.
    private var bytes: [UInt8] = []
    /// Where each field ends in `bytes`: three per record.
    private var ends: [Int] = []

    private static let sql = "INSERT OR REPLACE INTO views (view, key, value) VALUES "

    init(_ db: Database) throws {
        single = SQLiteStatement(try db.cachedStatement(sql: Self.sql + "(?, ?, ?)"))
        batch = SQLiteStatement(try db.cachedStatement(sql: Self.sql + Array(repeating: "(?, ?, ?)", count: Self.batchSize).joined(separator: ", ")))
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

    private func step(_ statement: SQLiteStatement, records: Range<Int>) throws {
        try bytes.withUnsafeBufferPointer { bytes in
            defer { statement.clear() }
            for (n, r) in records.enumerated() {
                var start = r == 0 ? 0 : ends[3 * r - 1]
                for k in 0..<3 {
                    let end = ends[3 * r + k]
                    // An empty field binds as empty text, never NULL: the columns are NOT NULL.
                    try statement.bindText(Int32(3 * n + k + 1), UnsafeRawPointer(bytes.baseAddress! + start), count: end - start)
                    start = end
                }
            }
            if let failure = statement.run() { throw failure }
        }
    }
}
