import GRDB
import GRDBSQLite

/// Inserts rows into `events` in batches: rows wait, copied into one reused buffer, until
/// ``batchSize`` of them go in one multi-row `INSERT` (one statement run instead of 32), or
/// until ``flush()``. The bindings point into the
/// buffer (`SQLITE_STATIC`) and are cleared after each step.
///
/// Rows that wait are not in `events` yet: whoever reads `events` during the transaction
/// flushes first. When a batch fails, its rows are inserted one by one, so the error is
/// the first failing row's, and ``Failure`` names the append it came from.
final class EventInsert {
    static let batchSize = 32

    /// A row's insert failed: `append` is the session's number of the append that made it.
    struct Failure: Error {
        var append: Int
        var error: any Error
    }

    private struct Row {
        var append: Int
        var position: Int64
        var version: Int64
        var schema: Int64
        var codec: Int64
        var size: Int64
    }

    private let db: Database
    private let single: SQLiteStatement
    private let batch: SQLiteStatement
    private var rows: [Row] = []
    /// The rows' text and blob fields, one after the other, in the order of `fieldColumns`.
    private var bytes: [UInt8] = []
    /// Where each field ends in `bytes`: `fieldColumns.count` per row.
    private var ends: [Int] = []

    /// The columns (1-based) of the text fields, then of the blob fields.
    private static let fieldColumns: [Int32] = [2, 3, 5, 7, 8, 9, 10, 14, 12, 15, 16]
    private static let textFields = 8

    init(_ db: Database) throws {
        self.db = db
        single = SQLiteStatement(try db.cachedStatement(sql: StoreSchema.insertEvent))
        let row = "(" + Array(repeating: "?", count: 16).joined(separator: ",") + ")"
        batch = SQLiteStatement(
            try db.cachedStatement(
                sql: "INSERT INTO events (\(StoreSchema.columns)) VALUES " + Array(repeating: row, count: Self.batchSize).joined(separator: ",")
            )
        )
        rows.reserveCapacity(Self.batchSize)
        bytes.reserveCapacity(Self.batchSize * 1024)
        ends.reserveCapacity(Self.batchSize * Self.fieldColumns.count)
    }

    var isEmpty: Bool { rows.isEmpty }

    /// Adds a row; inserts the batch when it is full.
    func add(
        append: Int,
        position: Int64,
        id: String,
        event: PreparedEvent,
        occurred: String,
        version: Int64,
        schema: Int64,
        recorded: String,
        hash: [UInt8],
        chain: [UInt8]
    ) throws {
        rows.append(Row(append: append, position: position, version: version, schema: schema, codec: event.codec, size: Int64(event.data.count)))
        field(id.utf8)
        field(event.stream.utf8)
        field(event.type.utf8)
        field(occurred.utf8)
        field(recorded.utf8)
        field(event.actor.utf8)
        field(event.meta.utf8)
        field(event.dataHash.utf8)
        field(event.payload)
        field(hash)
        field(chain)
        if rows.count == Self.batchSize { try flush() }
    }

    private func field<Bytes: Collection<UInt8>>(_ value: Bytes) {
        bytes.append(contentsOf: value)
        ends.append(bytes.count)
    }

    /// Inserts the rows that wait.
    func flush() throws {
        guard !rows.isEmpty else { return }
        defer {
            rows.removeAll(keepingCapacity: true)
            bytes.removeAll(keepingCapacity: true)
            ends.removeAll(keepingCapacity: true)
        }
        if rows.count == Self.batchSize, try step(batch, rows: 0..<rows.count) == nil { return }
        // One by one: the rows before the failing one go in, as they would have unbatched.
        // Should SQLite have rolled the whole transaction back, nothing more is written.
        let transactionLost = rows.count == Self.batchSize && sqlite3_get_autocommit(db.sqliteConnection) != 0
        for r in rows.indices {
            let failure =
                transactionLost
                ? DatabaseError(resultCode: .SQLITE_ABORT, message: "the transaction was rolled back", sql: StoreSchema.insertEvent)
                : try step(single, rows: r..<(r + 1))
            if let failure { throw Failure(append: rows[r].append, error: failure) }
        }
    }

    /// Binds `range` of the waiting rows and runs `statement`: nil when they went in, else
    /// SQLite's error for them. A binding that fails throws.
    private func step(_ statement: SQLiteStatement, rows range: Range<Int>) throws -> DatabaseError? {
        let fields = Self.fieldColumns.count
        return try bytes.withUnsafeBufferPointer { bytes in
            defer { statement.clear() }
            for (n, r) in range.enumerated() {
                let row = rows[r]
                let offset = Int32(16 * n)
                var start = r == 0 ? 0 : ends[r * fields - 1]
                for (k, column) in Self.fieldColumns.enumerated() {
                    let end = ends[r * fields + k]
                    let pointer = UnsafeRawPointer(bytes.baseAddress! + start)
                    if k < Self.textFields {
                        try statement.bindText(offset + column, pointer, count: end - start)
                    } else if end > start {
                        try statement.bindBlob(offset + column, pointer, count: end - start)
                    } else {
                        try statement.bindNull(offset + column)  // as an empty array binds
                    }
                    start = end
                }
                try statement.bind(offset + 1, row.position)
                try statement.bind(offset + 4, row.version)
                try statement.bind(offset + 6, row.schema)
                try statement.bind(offset + 11, row.codec)
                try statement.bind(offset + 13, row.size)
            }
            return statement.run()
        }
    }
}
