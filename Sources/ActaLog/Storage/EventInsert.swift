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
///
/// With a ``background`` thread (an import), full batches go in there while the caller
/// goes on; whoever else uses the connection meanwhile drains it first (``drain()``;
/// ``flush()`` does).
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

    /// Rows waiting, with their fields' bytes.
    private struct Batch {
        var rows: [Row] = []
        /// The rows' text and blob fields, one after the other, in the order of `fieldColumns`.
        var bytes: [UInt8] = []
        /// Where each field ends in `bytes`: `fieldColumns.count` per row.
        var ends: [Int] = []

        init() {
            rows.reserveCapacity(EventInsert.batchSize)
            bytes.reserveCapacity(EventInsert.batchSize * 1024)
            ends.reserveCapacity(EventInsert.batchSize * EventInsert.fieldColumns.count)
        }

        mutating func removeAll() {
            rows.removeAll(keepingCapacity: true)
            bytes.removeAll(keepingCapacity: true)
            ends.removeAll(keepingCapacity: true)
        }
    }

    private let db: Database
    private let single: SQLiteStatement
    private let batch: SQLiteStatement
    private var waiting = Batch()
    /// Where full batches go in, when the session inserts on a thread of its own (an
    /// import); nil: on the caller's.
    var background: InsertThread?

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
    }

    var isEmpty: Bool { waiting.rows.isEmpty }

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
        waiting.rows.append(
            Row(append: append, position: position, version: version, schema: schema, codec: event.codec, size: Int64(event.data.count))
        )
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
        guard waiting.rows.count == Self.batchSize else { return }
        if let background {
            let full = waiting
            waiting = Batch()
            try background.submit { try self.insert(full) }
        } else {
            try flush()
        }
    }

    private func field<Bytes: Collection<UInt8>>(_ value: Bytes) {
        waiting.bytes.append(contentsOf: value)
        waiting.ends.append(waiting.bytes.count)
    }

    /// Inserts the rows that wait, once the batches handed to the background have gone in.
    func flush() throws {
        try background?.drain()
        guard !waiting.rows.isEmpty else { return }
        defer { waiting.removeAll() }
        try insert(waiting)
    }

    /// Waits until the batches handed to the background have gone in, leaving the
    /// connection to the caller; the rows still waiting stay.
    func drain() throws {
        try background?.drain()
    }

    private func insert(_ rows: Batch) throws {
        let count = rows.rows.count
        if count == Self.batchSize, try step(batch, rows, range: 0..<count) == nil { return }
        // One by one: the rows before the failing one go in, as they would have unbatched.
        // Should SQLite have rolled the whole transaction back, nothing more is written.
        let transactionLost = count == Self.batchSize && sqlite3_get_autocommit(db.sqliteConnection) != 0
        for r in 0..<count {
            let failure =
                transactionLost
                ? DatabaseError(resultCode: .SQLITE_ABORT, message: "the transaction was rolled back", sql: StoreSchema.insertEvent)
                : try step(single, rows, range: r..<(r + 1))
            if let failure { throw Failure(append: rows.rows[r].append, error: failure) }
        }
    }

    /// Binds `range` of `rows` and runs `statement`: nil when they went in, else SQLite's
    /// error for them. A binding that fails throws.
    private func step(_ statement: SQLiteStatement, _ rows: Batch, range: Range<Int>) throws -> DatabaseError? {
        let fields = Self.fieldColumns.count
        let ends = rows.ends
        return try rows.bytes.withUnsafeBufferPointer { bytes in
            defer { statement.clear() }
            for (n, r) in range.enumerated() {
                let row = rows.rows[r]
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
