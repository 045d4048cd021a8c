import GRDB
import GRDBSQLite

/// The views' rows in an SQLite store (``ViewRows``), on the caller's connection inside its
/// transaction. Records go in batches (``ViewInsert``), each written record through one
/// cached statement, and a cleared view without zeroing its freed pages first (Debian
/// builds SQLite with secure_delete on): the rebuild rewrites records into those pages at
/// once, and every byte of a view is in the log anyway (tools/bench/README.md).
final class SQLiteViewRows: ViewRows {
    private let db: Database
    private var inserts: ViewInsert?
    private var upsert: SQLiteStatement?
    private var delete: SQLiteStatement?

    init(_ db: Database) { self.db = db }

    func head() throws -> Int64 { try AppendSession.head(db).0 }

    func dictionaries() throws -> Dictionaries { try Dictionaries.load(db) }

    func eventBatches(after start: Int64, through end: Int64) throws -> any EventBatches {
        let statement = try db.makeStatement(
            sql: "SELECT \(StoreSchema.columnsWithoutHashes) FROM events WHERE position > ? AND position <= ? ORDER BY position"
        )
        try statement.setArguments([start, end])
        return Batches(statement)
    }

    /// Steps one statement, copying its rows into batches; reset when let go.
    private final class Batches: EventBatches {
        private let statement: Statement
        private let s: SQLiteStatement
        private var done = false

        init(_ statement: Statement) {
            self.statement = statement
            s = SQLiteStatement(statement)
        }

        func next() throws -> StoredRowBatch {
            var rows = StoredRowBatch(capacity: ProjectionRunner.batchSize)
            while !done, rows.count < ProjectionRunner.batchSize {
                guard try s.step() else {
                    done = true
                    break
                }
                rows.append(s.handle)
            }
            return rows
        }

        deinit { s.reset() }
    }

    func events(ofTypes types: String, after start: Int64, through end: Int64, _ body: (StoredRow) throws -> Void) throws {
        try each(
            "SELECT \(StoreSchema.columns) FROM events WHERE type IN (\(types)) AND position > ? AND position <= ? ORDER BY position",
            [start, end],
            body
        )
    }

    func hasEvent(ofTypes types: String, after start: Int64) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM events WHERE type IN (\(types)) AND position > ?)", arguments: [start])
            ?? false
    }

    func events(streamsPrefixed prefix: String, _ body: (StoredRow) throws -> Void) throws {
        try each(
            "SELECT \(StoreSchema.columns) FROM events WHERE stream >= ? AND stream < ? ORDER BY position",
            [prefix, prefix + "\u{10FFFF}"],
            body
        )
    }

    private func each(_ sql: String, _ arguments: StatementArguments, _ body: (StoredRow) throws -> Void) throws {
        let statement = try db.makeStatement(sql: sql)
        try statement.setArguments(arguments)
        let s = SQLiteStatement(statement)
        defer { s.reset() }
        while try s.step() { try body(StoredRow(s.handle)) }
    }

    func hasViewTables() throws -> Bool {
        try db.storeHas(.views) && db.storeHas(.viewCheckpoints)
    }

    func value(view: String, key: String) throws -> String? {
        try String.fetchOne(db, sql: "SELECT value FROM views WHERE view = ? AND key = ?", arguments: [view, key])
    }

    func records(view: String, prefix: String) throws -> [(key: String, value: String)] {
        try Row.fetchAll(
            db,
            sql: "SELECT key, value FROM views WHERE view = ? AND key >= ? AND key < ? ORDER BY key",
            arguments: [view, prefix, prefix + "\u{10FFFF}"]
        ).map { ($0[0], $0[1]) }
    }

    func viewsWithRecords() throws -> [String] {
        try String.fetchAll(db, sql: "SELECT DISTINCT view FROM views ORDER BY view")
    }

    func insert(_ records: [MappedRecord], in view: String) throws {
        if inserts == nil { inserts = try ViewInsert(db) }
        for record in records { try inserts!.add(view: view, key: record.key, value: record.json) }
    }

    func flushInserts() throws {
        try inserts?.flush()
    }

    func write(view: String, key: String, value: [UInt8]?) throws {
        let statement: SQLiteStatement
        if value == nil {
            if delete == nil { delete = SQLiteStatement(try db.cachedStatement(sql: "DELETE FROM views WHERE view = ? AND key = ?")) }
            statement = delete!
        } else {
            if upsert == nil {
                upsert = SQLiteStatement(try db.cachedStatement(sql: "INSERT OR REPLACE INTO views (view, key, value) VALUES (?, ?, ?)"))
            }
            statement = upsert!
        }
        var view = view
        var key = key
        try view.withUTF8 { v in
            try key.withUTF8 { k in
                try (value ?? []).withUnsafeBytes { j in
                    defer { statement.clear() }
                    try statement.bindText(1, v.baseAddress, count: v.count)
                    try statement.bindText(2, k.baseAddress, count: k.count)
                    if value != nil { try statement.bindText(3, j.baseAddress, count: j.count) }
                    if let failure = statement.run() { throw failure }
                }
            }
        }
    }

    func clear(_ view: String?) throws {
        let previous = try Int.fetchOne(db, sql: "PRAGMA secure_delete") ?? 0
        try db.execute(sql: "PRAGMA secure_delete = 0")
        defer { try? db.execute(sql: "PRAGMA secure_delete = \(previous)") }
        if let view {
            try db.execute(sql: "DELETE FROM views WHERE view = ?", arguments: [view])
        } else {
            try db.execute(sql: "DELETE FROM views")  // SQLite's truncate optimisation
        }
    }

    func checkpoints() throws -> [String: (version: Int, position: Int64)] {
        var out: [String: (version: Int, position: Int64)] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT view, version, position FROM view_checkpoints") { out[row[0]] = (row[1], row[2]) }
        return out
    }

    func saveCheckpoints(_ views: [(name: String, version: Int)], at position: Int64) throws {
        for view in views {
            try db.execute(
                sql: "INSERT OR REPLACE INTO view_checkpoints (view, version, position) VALUES (?, ?, ?)",
                arguments: [view.name, view.version, position]
            )
        }
    }
}
