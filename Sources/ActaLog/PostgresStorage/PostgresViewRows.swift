import NIOCore
import PostgresNIO

/// The views' rows in a PostgreSQL store (``ViewRows``), on the store's connection inside
/// the caller's transaction. Records written wait in arrays and go as one
/// `INSERT … SELECT * FROM unnest(…) ON CONFLICT DO UPDATE` (one statement, three binds,
/// whatever the number of rows), sent without waiting for its reply; a batch holds each key
/// once (the last written wins, as SQLite's `INSERT OR REPLACE` of the same rows in order),
/// since PostgreSQL refuses a statement that updates one row twice. Whatever reads the
/// views, and the transaction's `COMMIT`, comes after it on the connection.
final class PostgresViewRows: ViewRows {
    static let batchSize = 2048

    private let link: PostgresLink
    private let knownHead: Int64?
    private var sentCheckpoints: PostgresLink.PendingRows?
    private var known: Dictionaries?
    private var views: [String] = []
    private var keys: [String] = []
    private var values: [String] = []
    /// Where each waiting (view, key) is in the arrays.
    private var waiting: [ViewKeyPair: Int] = [:]
    /// Whether the waiting records are deletions rather than records to write.
    private var deleting = false

    private struct ViewKeyPair: Hashable {
        var view: String
        var key: String
    }

    /// `head`: the log's head, when the caller knows it (an append transaction under the
    /// lock); `checkpoints`: ``checkpointsSQL`` already sent in this transaction.
    init(_ link: PostgresLink, head: Int64? = nil, checkpoints: PostgresLink.PendingRows? = nil) {
        self.link = link
        knownHead = head
        sentCheckpoints = checkpoints
    }

    static let checkpointsSQL = "SELECT view, version, position FROM view_checkpoints"

    func head() throws -> Int64 {
        if let knownHead { return knownHead }
        return try link.query("SELECT coalesce(max(position), 0) FROM events").first?.int(0) ?? 0
    }

    func dictionaries() throws -> Dictionaries {
        if let known { return known }
        known = try PostgresRows(link: link).dictionaries()
        return known!
    }

    func eventBatches(after start: Int64, through end: Int64) throws -> any EventBatches {
        Batches(link: link, after: start, through: end)
    }

    /// Reads positions a batch at a time (the log is gapless: a range of positions is a batch).
    private final class Batches: EventBatches {
        private let link: PostgresLink
        private var done: Int64
        private let end: Int64

        init(link: PostgresLink, after start: Int64, through end: Int64) {
            self.link = link
            done = start
            self.end = end
        }

        func next() throws -> StoredRowBatch {
            var batch = StoredRowBatch(capacity: ProjectionRunner.batchSize)
            guard done < end else { return batch }
            let last = min(end, done + Int64(ProjectionRunner.batchSize))
            let rows = try link.query(
                "SELECT position, id, stream, version, type, schema, occurred, recorded, actor, meta, codec, payload, size FROM events WHERE position > $1 AND position <= $2 ORDER BY position",
                PostgresBinds(.int(done), .int(last)).bindings
            )
            for row in rows {
                let r = row.makeRandomAccess()
                var fields: [String] = []
                fields.reserveCapacity(7)
                for i in [1, 2, 4, 6, 7, 8, 9] { fields.append(try r[i].decode(String.self)) }
                batch.append(
                    position: try r[0].decode(Int64.self),
                    version: try r[3].decode(Int64.self),
                    schema: try r[5].decode(Int64.self),
                    codec: try r[10].decode(Int64.self),
                    size: try r[12].decode(Int64.self),
                    fields: fields,
                    payload: try r[11].decode(ByteBuffer.self).readableBytesView
                )
            }
            done = last
            return batch
        }
    }

    func events(ofTypes types: String, after start: Int64, through end: Int64, _ body: (StoredRow) throws -> Void) throws {
        let sql = "SELECT \(StoreSchema.columns) FROM events WHERE type IN (\(types)) AND position > $1 AND position <= $2 ORDER BY position"
        for row in try link.query(sql, PostgresBinds(.int(start), .int(end)).bindings) { try body(try StoredRow(row)) }
    }

    func hasEvent(ofTypes types: String, after start: Int64) throws -> Bool {
        let sql = "SELECT EXISTS (SELECT 1 FROM events WHERE type IN (\(types)) AND position > $1)"
        return try link.query(sql, PostgresBinds(.int(start)).bindings).first?.makeRandomAccess()[0].decode(Bool.self) ?? false
    }

    func events(streamsPrefixed prefix: String, _ body: (StoredRow) throws -> Void) throws {
        // The streams that start with `prefix` are a range of their UTF-8 bytes, collation "C"
        // (the database's need not be byte order), served by the index of that collation
        // (``PostgresSchema/streamPrefixIndex``); starts_with says it exactly.
        var binds = PostgresBinds(.text(prefix))
        var range = #"stream COLLATE "C" >= $1"#
        if let end = Self.firstAfter(prefix: prefix) {
            binds.text(end)
            range += #" AND stream COLLATE "C" < $2"#
        }
        let sql = "SELECT \(StoreSchema.columns) FROM events WHERE \(range) AND starts_with(stream, $1) ORDER BY position"
        for row in try link.query(sql, binds.bindings) { try body(try StoredRow(row)) }
    }

    /// The first string in UTF-8 byte order after every string that starts with `prefix`:
    /// its last character that has a successor, made that successor, and what follows
    /// dropped; nil when there is none (an empty prefix, or one of U+10FFFF only).
    static func firstAfter(prefix: String) -> String? {
        var scalars = Array(prefix.unicodeScalars)
        while let last = scalars.popLast() {
            var next = last.value + 1
            if next == 0xD800 { next = 0xE000 }  // the surrogates are not characters
            if let successor = Unicode.Scalar(next) {
                scalars.append(successor)
                var out = String.UnicodeScalarView()
                out.append(contentsOf: scalars)
                return String(out)
            }
        }
        return nil
    }

    func hasViewTables() throws -> Bool { true }

    func value(view: String, key: String) throws -> String? {
        try sendWaiting()
        return try link.query("SELECT value FROM views WHERE view = $1 AND key = $2", PostgresBinds(.text(view), .text(key)).bindings).first?
            .text(0)
    }

    func records(view: String, prefix: String) throws -> [(key: String, value: String)] {
        try sendWaiting()
        // Ordered and ranged by the keys' UTF-8 bytes, as on SQLite: collation "C", the column's
        // own (``PostgresSchema``), so the primary key's index serves; said here too for a
        // store whose table an earlier acta made in the database's collation.
        let sql = """
            SELECT key, value FROM views WHERE view = $1 AND key COLLATE "C" >= $2 AND key COLLATE "C" < $3 ORDER BY key COLLATE "C"
            """
        return try link.query(sql, PostgresBinds(.text(view), .text(prefix), .text(prefix + "\u{10FFFF}")).bindings).map {
            (try $0.text(0), try $0.text(1))
        }
    }

    func viewsWithRecords() throws -> [String] {
        try sendWaiting()
        return try link.query("SELECT DISTINCT view COLLATE \"C\" FROM views ORDER BY 1").map { try $0.text(0) }
    }

    func insert(_ records: [MappedRecord], in view: String) throws {
        for record in records { try add(view: view, key: record.key, value: String(decoding: record.json, as: UTF8.self), deleting: false) }
    }

    func write(view: String, key: String, value: [UInt8]?) throws {
        try add(view: view, key: key, value: value.map { String(decoding: $0, as: UTF8.self) } ?? "", deleting: value == nil)
    }

    /// Adds a record to the batch; the batch goes first when it holds the other kind (writes
    /// and deletions go in the order given) or is full.
    private func add(view: String, key: String, value: String, deleting: Bool) throws {
        if deleting != self.deleting {
            try sendWaiting()
            self.deleting = deleting
        }
        let pair = ViewKeyPair(view: view, key: key)
        if let i = waiting[pair] {
            values[i] = value
            return
        }
        waiting[pair] = views.count
        views.append(view)
        keys.append(key)
        values.append(value)
        if views.count == Self.batchSize { try sendWaiting() }
    }

    /// Nothing to do here: the records held back go out in one batch in the order written
    /// (the last for a key wins, deletions in a batch of their own), before anything on this
    /// connection reads the views, and a single append's go out with the checkpoints, in
    /// their statement (``saveCheckpoints(_:at:)``). The transaction sends what is left
    /// before its `COMMIT` (``sendWaiting()``).
    func flushInserts() throws {}

    /// Sends the records held back.
    func sendWaiting() throws {
        guard !views.isEmpty else { return }
        var binds = PostgresBindings(capacity: 3)
        binds.append(views)
        binds.append(keys)
        if deleting {
            link.send("DELETE FROM views WHERE (view, key) IN (SELECT * FROM unnest($1::text[], $2::text[]))", binds)
        } else {
            binds.append(values)
            link.send(Self.upsertSQL, binds)
        }
        forgetWaiting()
    }

    /// Empties the batch, once sent.
    private func forgetWaiting() {
        views.removeAll(keepingCapacity: true)
        keys.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
        waiting.removeAll(keepingCapacity: true)
    }

    func clear(_ view: String?) throws {
        try sendWaiting()
        if let view {
            link.send("DELETE FROM views WHERE view = $1", PostgresBinds(.text(view)).bindings)
        } else {
            link.send("DELETE FROM views")
        }
    }

    func checkpoints() throws -> [String: (version: Int, position: Int64)] {
        var out: [String: (version: Int, position: Int64)] = [:]
        let rows = try sentCheckpoints?.rows() ?? link.query(Self.checkpointsSQL)
        sentCheckpoints = nil
        for row in rows {
            out[try row.text(0)] = (Int(try row.int(1)), try row.int(2))
        }
        return out
    }

    private static let upsertSQL =
        "INSERT INTO views (view, key, value) SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT (view, key) DO UPDATE SET value = EXCLUDED.value"

    /// Every view's checkpoint in one statement, with the records still waiting when there
    /// are any to write (a single append's): one statement, parsed once, where two would be.
    func saveCheckpoints(_ views: [(name: String, version: Int)], at position: Int64) throws {
        if deleting { try sendWaiting() }
        guard !views.isEmpty else { return try sendWaiting() }
        let withRecords = !self.views.isEmpty
        var binds = PostgresBindings(capacity: 6)
        binds.append(views.map(\.name))
        binds.append(views.map { Int64($0.version) })
        binds.append(position)
        var sql =
            "INSERT INTO view_checkpoints (view, version, position) SELECT v, n, $3 FROM unnest($1::text[], $2::bigint[]) AS c(v, n) ON CONFLICT (view) DO UPDATE SET version = EXCLUDED.version, position = EXCLUDED.position"
        if withRecords {
            binds.append(self.views)
            binds.append(keys)
            binds.append(values)
            sql =
                "WITH records AS (INSERT INTO views (view, key, value) SELECT * FROM unnest($4::text[], $5::text[], $6::text[]) ON CONFLICT (view, key) DO UPDATE SET value = EXCLUDED.value) "
                + sql
            forgetWaiting()
        }
        link.send(sql, binds)
    }
}
