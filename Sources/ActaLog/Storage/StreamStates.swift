import GRDB
import GRDBSQLite

/// The streams an append session has touched, each with its state under the catalog's
/// ``StreamRules``: read from the stream's own rows (`WHERE stream = ?`, the index of
/// `UNIQUE(stream, version)`) the first time the transaction touches it, then kept current
/// as the session appends. It is the ``RegisterReader`` the rules decide with.
final class StreamStates: RegisterReader {
    /// One stream: its version, its state, and what it holds for refusing repeats.
    final class Stream {
        let state: any StreamState
        var version: Int64 = 0
        /// Each event on the stream by the first 64 bits of its data's hash and its type.
        var earlier = RepeatIndex()

        init(_ state: any StreamState) { self.state = state }

        func fold(_ event: StreamEvent, _ register: any RegisterReader) throws {
            let counts = try state.evolve(event, register)
            let entry = event.entry
            version = entry.version
            guard counts else { return }  // retracted: a repeat of it is a new entry
            let key = RepeatKey(entry)
            // The first holder of a key is kept: the position a repeat is refused against.
            earlier.keepFirst(key, Earlier(position: entry.position, recorded: entry.recorded, dataHash: entry.dataHash))
        }
    }

    struct RepeatKey: Hashable {
        var digest: UInt64
        var type: String

        /// The digest alone: it tells events apart (64 bits of SHA-256); two of different
        /// types with the same data share a bucket and differ by `==`.
        func hash(into hasher: inout Hasher) { hasher.combine(digest) }

        init(_ entry: Entry) {
            var digest: UInt64 = 0
            for b in entry.dataHash.utf8.prefix(16) { digest = digest << 4 | UInt64(b <= 0x39 ? b &- 0x30 : (b | 0x20) &- 0x57) }
            self.digest = digest
            type = entry.type
        }
    }

    struct Earlier {
        var position: Int64
        var recorded: String
        var dataHash: String
    }

    private let db: Database!
    private let rules: any StreamRules
    private var streams: [String: Stream] = [:]
    /// The stream last asked for.
    private var recent: (name: String, stream: Stream)?
    /// Streams folded again after a correction: their rows may wait in `rows`.
    private var refolded: Set<String> = []
    private let byStream: Statement!
    private let byPosition: Statement!
    private let byID: Statement!
    /// Another engine's rows (PostgreSQL), read instead of this SQLite connection's.
    private let source: (any StreamRowSource)?
    /// The dictionaries payloads are decoded with: the append's, and the table's once a
    /// payload names another.
    private var dictionaries = Dictionaries()
    /// The append's dictionary, once known (held: the log holds it for its lifetime anyway).
    private var appendDictionary: LZ4Dictionary?
    private let decompressor = LZ4Frame.Decompressor()
    /// The session's rows waiting for their batch: inserted before the rules read an event
    /// by position or id, or a stream folded again (rare), so that every event the rules
    /// read is in `events`.
    private var rows: any WaitingRows
    private(set) var lastPosition: Int64 = 0
    /// Whether the log was empty when these states began: it then holds only the events
    /// appended through them (they are kept from one transaction to the next only while no
    /// other writer appends), so a stream not met yet has none, and is not read.
    private let beganOnEmptyLog: Bool

    init(_ db: Database, rules: any StreamRules, rows: any WaitingRows, emptyLog: Bool) throws {
        self.db = db
        source = nil
        self.rules = rules
        self.rows = rows
        beganOnEmptyLog = emptyLog
        byStream = try db.cachedStatement(sql: "SELECT \(StoreSchema.columns) FROM events WHERE stream = ? ORDER BY version")
        byPosition = try db.cachedStatement(sql: "SELECT \(StoreSchema.columns) FROM events WHERE position = ?")
        byID = try db.cachedStatement(sql: "SELECT \(StoreSchema.columns) FROM events WHERE id = ?")
    }

    /// States read from another engine's rows.
    init(source: any StreamRowSource, rules: any StreamRules, rows: any WaitingRows, emptyLog: Bool) {
        (db, byStream, byPosition, byID) = (nil, nil, nil, nil)
        self.source = source
        self.rules = rules
        self.rows = rows
        beganOnEmptyLog = emptyLog
    }

    /// Goes on into the next transaction of the same writer, whose rows wait in `rows`
    /// (``KeptStreamStates``).
    func carry(into rows: any WaitingRows) {
        self.rows = rows
    }

    /// Decodes payloads compressed with `dictionary` (the append's, the same object from
    /// append to append) without reading the table of dictionaries.
    func know(_ dictionary: LZ4Dictionary?) {
        guard let dictionary, dictionary !== appendDictionary else { return }
        appendDictionary = dictionary
        if dictionaries.byID[dictionary.id] == nil { dictionaries.byID[dictionary.id] = dictionary }
    }

    /// Whether stream `name` is folded already (its rows need no reading).
    func holds(_ name: String) -> Bool { streams[name] != nil }

    /// The stream named `name`, its events folded from its rows. A stream this session has
    /// not appended to has all its rows in `events`; one folded again may have some waiting.
    func stream(_ name: String) throws -> Stream {
        // Consecutive events are mostly of one stream (a meeting and its outcomes): comparing
        // the name with the last one's is cheaper than hashing it.
        if let recent, recent.name == name { return recent.stream }
        if let known = streams[name] {
            recent = (name, known)
            return known
        }
        let isRefolded = !refolded.isEmpty && refolded.contains(name)
        if isRefolded { try rows.flush() }
        let stream = Stream(rules.newState(for: name))
        if !beganOnEmptyLog || isRefolded {
            let events = try source.map { try decoded($0.entries(stream: name)) } ?? read(byStream, [name])
            for event in events { try stream.fold(event, self) }
        }
        streams[name] = stream
        recent = (name, stream)
        return stream
    }

    /// Accepts `event` as the next of `stream`, or throws the refusal, naming the type and stream.
    /// `head` is the last position before it.
    func decide(_ event: StreamEvent, on stream: Stream, head: Int64) throws {
        lastPosition = head
        let entry = event.entry
        if let earlier = stream.earlier[RepeatKey(entry)], earlier.dataHash == entry.dataHash, !rules.allowsRepeats(of: entry.type) {
            throw ActaError(
                .conflict,
                "\(entry.type) on \(entry.stream) refused: the same \(entry.type) is already recorded at position \(earlier.position) on \(earlier.recorded.prefix(10))"
            )
        }
        do {
            try stream.state.decide(event, self)
        } catch let refusal as ActaError {
            throw ActaError(refusal.kind, "\(entry.type) on \(entry.stream) refused: \(refusal.message)")
        }
    }

    /// Folds an appended event into its stream.
    func appended(_ event: StreamEvent, to stream: Stream) throws {
        try stream.fold(event, self)
    }

    // MARK: - RegisterReader

    func state(of stream: String) throws -> any StreamState {
        try self.stream(stream).state
    }

    func event(at position: Int64) throws -> StreamEvent? {
        try rows.flush()
        if let source { return try decoded(source.entry(at: position).map { [$0] } ?? []).first }
        return try read(byPosition, [position]).first
    }

    func refold(_ stream: String) {
        streams[stream] = nil
        recent = nil
        refolded.insert(stream)
    }

    func event(id: String) throws -> StreamEvent? {
        try rows.flush()
        if let source { return try decoded(source.entry(id: id).map { [$0] } ?? []).first }
        return try read(byID, [id]).first
    }

    // MARK: - Reading rows

    private func decoded(_ entries: [Entry]) -> [StreamEvent] {
        entries.map { StreamEvent(entry: $0, value: rules.decode(type: $0.type, schema: $0.schema, data: $0.data)) }
    }

    private func read(_ statement: Statement, _ arguments: StatementArguments) throws -> [StreamEvent] {
        try rows.drain()  // the connection, free of inserts running in the background
        try statement.setArguments(arguments)
        let s = SQLiteStatement(statement)
        defer { s.reset() }
        var events: [StreamEvent] = []
        while try s.step() {
            let row = StoredRow(s.handle)
            // The table is read when a payload names a dictionary not known yet, and again
            // when one names a dictionary stored since (the built-in one is stored by the first
            // append that uses it), which then is in the table.
            if row.codec == 2, let id = LZ4Frame.dictionaryID(of: row.payload), dictionaries.byID[id] == nil {
                let table = try Dictionaries.load(db)
                for (id, dictionary) in table.byID where dictionaries.byID[id] == nil {
                    dictionaries.byID[id] = dictionary
                    dictionaries.altered[id] = table.altered[id]
                }
            }
            let entry = row.entry(data: try row.decodeData(decompressor, dictionaries))
            events.append(StreamEvent(entry: entry, value: rules.decode(type: entry.type, schema: entry.schema, data: entry.data)))
        }
        return events
    }
}

/// Rows an append session holds back for a batched insert: ``StreamStates`` has them
/// inserted before it reads the log for the rules.
protocol WaitingRows: AnyObject {
    func flush() throws
    /// Waits until rows being inserted in the background have gone in, so that the
    /// connection can be read; the rows still waiting stay.
    func drain() throws
}

extension WaitingRows {
    func drain() throws {}
}

extension EventInsert: WaitingRows {}

/// The rows ``StreamStates`` reads, from an engine other than SQLite: a stream's events in
/// version order, the event at a position, the event with an id; payloads decompressed.
protocol StreamRowSource: AnyObject {
    func entries(stream: String) throws -> [Entry]
    func entry(at position: Int64) throws -> Entry?
    func entry(id: String) throws -> Entry?
}
