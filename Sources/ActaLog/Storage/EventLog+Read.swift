import Foundation
import GRDB
import GRDBSQLite

/// Which events a reading selects. All conditions hold together.
public struct EventFilter: Sendable {
    public var fromPosition: Int64?
    public var toPosition: Int64?
    public var stream: String?
    public var type: String?
    public var actor: String?
    /// Occurred on or after / on or before these dates (`YYYY-MM-DD`).
    public var since: String?
    public var until: String?
    public var limit: Int?
    /// Leaves out the streams whose names begin with this (a reader keeps `access/` out).
    public var excludedStreamPrefix: String?
    /// Newest first.
    public var descending = false

    public init(
        fromPosition: Int64? = nil,
        toPosition: Int64? = nil,
        stream: String? = nil,
        type: String? = nil,
        actor: String? = nil,
        since: String? = nil,
        until: String? = nil,
        limit: Int? = nil,
        descending: Bool = false
    ) {
        self.fromPosition = fromPosition
        self.toPosition = toPosition
        self.stream = stream
        self.type = type
        self.actor = actor
        self.since = since
        self.until = until
        self.limit = limit
        self.descending = descending
    }

    func sql() -> (String, [any DatabaseValueConvertible]) {
        var conditions: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        if let fromPosition {
            conditions.append("position >= ?")
            arguments.append(fromPosition)
        }
        if let toPosition {
            conditions.append("position <= ?")
            arguments.append(toPosition)
        }
        if let stream {
            conditions.append("stream = ?")
            arguments.append(stream)
        }
        if let type {
            conditions.append("type = ?")
            arguments.append(type)
        }
        if let actor {
            conditions.append("actor = ?")
            arguments.append(actor)
        }
        if let since {
            conditions.append("substr(occurred, 1, 10) >= ?")
            arguments.append(since)
        }
        if let until {
            conditions.append("substr(occurred, 1, 10) <= ?")
            arguments.append(until)
        }
        if let excludedStreamPrefix {
            conditions.append("substr(stream, 1, length(?)) <> ?")
            arguments += [excludedStreamPrefix, excludedStreamPrefix]
        }
        var sql = "SELECT \(StoreSchema.columns) FROM events"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += descending ? " ORDER BY position DESC" : " ORDER BY position"
        if let limit { sql += " LIMIT \(limit)" }
        return (sql, arguments)
    }
}

/// The head of the log: how many events and the last chain hash.
public struct LogHead: Sendable, Equatable {
    public var count: Int64
    public var chain: [UInt8]
    public init(count: Int64, chain: [UInt8]) {
        self.count = count
        self.chain = chain
    }
    public var chainHex: String { Hex.encode(chain) }
}

extension EventLog {
    // MARK: - Reading

    /// The version a stream is at: its number of events; nil for a stream with none.
    public func version(of stream: String) throws -> Int64? {
        try read { db in try Int64.fetchOne(db, sql: "SELECT max(version) FROM events WHERE stream = ?", arguments: [stream]) }
    }

    public func head() throws -> LogHead {
        try read { db in
            let (position, chain) = try Self.head(db)
            return LogHead(count: position, chain: chain)
        }
    }

    /// The event at `position`, decompressed, or nil.
    public func entry(at position: Int64) throws -> Entry? {
        try entries(EventFilter(fromPosition: position, toPosition: position)).first
    }

    /// The event with this id, or nil.
    public func entry(id: String) throws -> Entry? {
        guard let normalized = EventID.normalize(id) else { return nil }
        let position = try read { db in try Int64.fetchOne(db, sql: "SELECT position FROM events WHERE id = ?", arguments: [normalized]) }
        return try position.flatMap { try entry(at: $0) }
    }

    /// The selected events, decompressed, in one array. For large ranges use ``forEach(_:_:)``.
    public func entries(_ filter: EventFilter) throws -> [Entry] {
        var out: [Entry] = []
        try forEach(filter) { out.append($0) }
        return out
    }

    /// Streams the selected events, decompressed, in one read transaction.
    public func forEach(_ filter: EventFilter, _ body: (Entry) throws -> Void) throws {
        let (sql, arguments) = filter.sql()
        let decompressor = LZ4Frame.Decompressor()
        try read { db in
            let dictionaries = try Dictionaries.load(db)
            let statement = try db.makeStatement(sql: sql)
            try statement.setArguments(StatementArguments(arguments))
            let s = SQLiteStatement(statement)
            defer { s.reset() }
            while try s.step() {
                let row = StoredRow(s.handle)
                try body(row.entry(data: try row.decodeData(decompressor, dictionaries)))
            }
        }
    }

    // MARK: - Statistics

    /// Raw and stored bytes of the events stored one way: a codec, and for codec 2 a dictionary.
    public struct CodecStats: Sendable, Codable {
        public var codec: Int64
        public var dictionary: UInt32?
        public var events: Int64
        public var rawBytes: Int64
        public var storedBytes: Int64
    }

    public struct Stats: Sendable, Codable {
        public var events: Int64
        public var codecs: [CodecStats]
        public var streams: Int64
        public var types: [String: Int64]
        public var rawBytes: Int64
        public var storedBytes: Int64
        public var fileBytes: Int64
        public var headChain: String
    }

    public func stats() throws -> Stats {
        let (events, streams, raw, stored, types, head, codecs) = try read { db in
            let row = try Row.fetchOne(db, sql: "SELECT count(*), coalesce(sum(size), 0), coalesce(sum(length(payload)), 0) FROM events")!
            let streams = try Int64.fetchOne(db, sql: "SELECT count(DISTINCT stream) FROM events") ?? 0
            var types: [String: Int64] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT type, count(*) FROM events GROUP BY type") { types[r[0]] = r[1] }
            let head = try Self.head(db)
            // A codec-2 frame names its dictionary in header bytes 15-18 (little-endian).
            let codecs = try Row.fetchAll(
                db,
                sql: """
                    SELECT codec, CASE WHEN codec = 2 THEN hex(substr(payload, 15, 4)) END AS dict, count(*), sum(size), sum(length(payload))
                    FROM events GROUP BY codec, dict ORDER BY codec, dict
                    """
            ).map { r -> CodecStats in
                let hex: String? = r[1]
                let id = hex.flatMap(Hex.decode).map { b in UInt32(b[0]) | UInt32(b[1]) << 8 | UInt32(b[2]) << 16 | UInt32(b[3]) << 24 }
                return CodecStats(codec: r[0], dictionary: id, events: r[2], rawBytes: r[3], storedBytes: r[4])
            }
            return (row[0] as Int64, streams, row[1] as Int64, row[2] as Int64, types, head.1, codecs)
        }
        var fileBytes: Int64 = 0
        for suffix in ["", "-wal"] {
            let attributes = try? FileManager.default.attributesOfItem(atPath: path + suffix)
            fileBytes += (attributes?[.size] as? NSNumber)?.int64Value ?? 0
        }
        return Stats(
            events: events,
            codecs: codecs,
            streams: streams,
            types: types,
            rawBytes: raw,
            storedBytes: stored,
            fileBytes: fileBytes,
            headChain: Hex.encode(head)
        )
    }
}
