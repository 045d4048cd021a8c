import Foundation

/// Appends inside one PostgreSQL transaction that holds the append lock: the PostgreSQL
/// counterpart of ``AppendSession``, with the same decisions in the same order (an id
/// already used, the expected version, the stream's rules through ``StreamStates``), the
/// same canonical entry, leaf and chain hashes, and the same Merkle tiles. Rows wait for one
/// `INSERT` of up to ``batchSize`` (``PostgresEventColumns``); whatever reads the log during the
/// transaction sees them (the rules and a retried id have them inserted first).
struct PostgresAppendSession {
    /// Rows a statement: 512 against 128 took an import with views from 37,000–40,000 to
    /// 45,000–47,000 events/s (tools/bench/README.md); 2,048 was no faster.
    static let batchSize = 512

    private let link: PostgresLink
    private let source: PostgresRows
    private let states: StreamStates?
    private(set) var lastPosition: Int64
    private var lastChain: [UInt8]
    private var lastRecorded: String
    let beganEmpty: Bool
    private let firstPosition: Int64
    var restoresIntoNonEmpty = false
    private var versions: [String: Int64] = [:]
    private var frontier: MerkleFrontier
    private var clock = RecordingClock()
    private var canonical: [UInt8] = []
    private let waiting: PostgresWaitingRows
    private var nodes: [(level: Int64, index: Int64, hash: [UInt8])] = []
    private var storedDictionaries: Set<UInt32> = []
    /// The events this session appended, with the catalog's decoded values, for the views'
    /// fold in the same transaction; nil once more than ``AppendSession/handedLimit`` were
    /// appended (the views then catch up from the table), or when the log keeps no views.
    private(set) var appended: [AppendedEvent]? = []
    /// Takes ``appended`` each time it holds ``AppendSession/handedLimit`` events (a large
    /// append's), for the views' fold as the append goes (``AppendFold``); without it,
    /// ``appended`` ends there.
    var handOff: (([AppendedEvent]) throws -> Void)?

    init(_ link: PostgresLink, head: PostgresHead, memory: PostgresAppendMemory?, rules: (any StreamRules)?, handsAppended: Bool) throws {
        self.link = link
        if !handsAppended { appended = nil }
        let source = PostgresRows(link: link)
        self.source = source
        lastPosition = head.position
        lastChain = head.chain
        lastRecorded = head.recorded
        beganEmpty = lastPosition == 0
        firstPosition = lastPosition
        let current = memory.flatMap { $0.chain == head.chain && $0.frontier.size == head.position ? $0 : nil }
        if let kept = current?.states, rules != nil {
            (states, waiting) = (kept.states, kept.waiting)
        } else {
            let waiting = PostgresWaitingRows(link: link)
            self.waiting = waiting
            states = rules.map { StreamStates(source: source, rules: $0, rows: waiting, emptyLog: head.position == 0) }
        }
        frontier = try current?.frontier ?? PostgresRows(link: link).merkleTree().frontier(size: lastPosition)
        storedDictionaries = memory?.dictionaries ?? []
    }

    /// Reads the streams these events go to in one query, for the rules (a large batch).
    /// Only the streams not folded yet, and none when the log was empty (there is nothing
    /// to read).
    func prefetch(streams: Set<String>) throws {
        guard let states, !beganEmpty else { return }
        let unread = streams.filter { !states.holds($0) }
        if unread.count > 1 { try source.prefetch(streams: unread) }
    }

    /// What the next transaction may start from, once this one commits.
    /// The stream states only after a short transaction (single appends, small batches): an
    /// import's states of every stream would stay in memory as long as the store is open.
    var memory: PostgresAppendMemory {
        let kept = lastPosition - firstPosition <= KeptStreamStates.limit ? states.map { ($0, waiting) } : nil
        return PostgresAppendMemory(chain: lastChain, recorded: lastRecorded, frontier: frontier, dictionaries: storedDictionaries, states: kept)
    }

    mutating func append(_ event: PreparedEvent, restored restore: RestoredFields? = nil) throws -> AppendResult {
        if event.clientID, waiting.holds(id: event.id) { try flush() }
        var occurred = event.occurred
        if event.occurredByDefault, restore == nil, let states, let day = try states.stream(event.stream).state.occurred(of: event.value) {
            occurred = day
        }
        if event.clientID, let earlier = try findID(event.id) {
            guard earlier.type == event.type, earlier.stream == event.stream, earlier.occurred == occurred, earlier.meta == event.meta,
                earlier.dataHash == event.dataHash
            else {
                throw ActaError(.conflict, "id \(event.id) is already used at position \(earlier.position) with different content; use a new id")
            }
            if restore != nil {
                throw ActaError(
                    .conflict,
                    "id \(event.id) is already in this store at position \(earlier.position); restore an export into a new store"
                )
            }
            return AppendResult(position: earlier.position, id: event.id, stream: event.stream, version: earlier.version, duplicate: true)
        }
        states?.know(event.dictionary)
        let stream = try states?.stream(event.stream)
        let current = try stream?.version ?? versions[event.stream] ?? streamVersion(event.stream)
        if let expected = event.expectedVersion, expected.number != current {
            throw ActaError(
                .conflict,
                "stream \(event.stream) is at version \(current), not \(expected) as expected; nothing was written (re-read the stream and retry)"
            )
        }
        if let dictionary = event.dictionary, !storedDictionaries.contains(dictionary.id) {
            try PostgresLog.ensureStored(dictionary, link)
            storedDictionaries.insert(dictionary.id)
        }
        let position = lastPosition + 1
        let version = current + 1
        // Not a closure over `restore`: it would capture a copy of the whole session.
        let recorded: String
        if let restore {
            recorded = try check(restored: restore, position: position, version: version, stream: event.stream)
        } else {
            recorded = max(clock.now(), lastRecorded)
        }
        let landing = Landing(
            position: position,
            version: version,
            schema: restore?.schema ?? event.schema,
            recorded: recorded,
            occurred: occurred
        )
        event.writeCanonicalEntry(at: landing, to: &canonical)
        let hash = Entry.leafHash(canonical)
        let chain = Entry.chainHash(previous: lastChain, leaf: hash)
        if let restore {
            guard Hex.encode(hash) == restore.hash.lowercased(), Hex.encode(chain) == restore.chain.lowercased() else {
                throw ActaError(
                    .integrity,
                    "hashes do not match: exported \(restore.hash.prefix(16))…, recomputed \(Hex.encode(hash).prefix(16))… (the export was altered)"
                )
            }
        }
        // The rules decide a new event (a restored one was decided when it was first
        // written) and fold it in; whatever fails after this rolls the transaction back.
        if let handOff, let full = appended, full.count == AppendSession.handedLimit {
            try handOff(full)
            appended!.removeAll(keepingCapacity: true)
        }
        let handed = appended.map { $0.count < AppendSession.handedLimit } ?? false
        let entry = states != nil || handed ? event.entry(at: landing, hash: hash, chain: chain) : nil
        if let states, let stream, let entry {
            let decided = StreamEvent(entry: entry, value: event.value)
            if restore == nil { try states.decide(decided, on: stream, head: lastPosition) }
            try states.appended(decided, to: stream)
        }
        if appended != nil {
            if handed, let entry { appended!.append(AppendedEvent(entry: entry, value: event.value)) } else { appended = nil }
        }
        waiting.add(event, at: landing, hash: hash, chain: chain)
        var completed: [(level: Int64, index: Int64, hash: [UInt8])] = []
        frontier.append(hash) { level, index, node in
            if MerkleLayout.isStored(level) { completed.append((Int64(level), index, node)) }
        }
        nodes += completed
        lastPosition = position
        lastChain = chain
        lastRecorded = recorded
        versions[event.stream] = version
        if waiting.count == Self.batchSize { try flush() }
        return AppendResult(position: position, id: event.id, stream: event.stream, version: version, duplicate: false)
    }

    /// Inserts the rows and tree nodes that wait.
    mutating func flush() throws {
        try waiting.flush()
        if !nodes.isEmpty {
            var binds = PostgresBinds()
            for node in nodes {
                binds.int(node.level)
                binds.int(node.index)
                binds.bytes(node.hash)
            }
            let values = nodes.indices.map { "($\(3 * $0 + 1), $\(3 * $0 + 2), $\(3 * $0 + 3))" }.joined(separator: ",")
            link.send("INSERT INTO merkle_nodes (level, idx, hash) VALUES " + values, binds.bindings)
            nodes.removeAll(keepingCapacity: true)
        }
    }

    /// The rows and tree nodes that wait, taken out for one statement of the caller's
    /// (``PostgresSchema/appendOneFunction``) instead of their `INSERT`s.
    mutating func takeWaiting() -> (rows: PostgresEventColumns, nodes: [(level: Int64, index: Int64, hash: [UInt8])]) {
        defer { nodes.removeAll() }
        return (waiting.take(), nodes)
    }

    private func findID(
        _ id: String
    ) throws -> (position: Int64, type: String, stream: String, occurred: String, meta: String, dataHash: String, version: Int64)? {
        var binds = PostgresBinds()
        binds.text(id)
        guard
            let row = try link.query("SELECT position, type, stream, occurred, meta, data_hash, version FROM events WHERE id = $1", binds.bindings)
                .first
        else { return nil }
        return (try row.int(0), try row.text(1), try row.text(2), try row.text(3), try row.text(4), try row.text(5), try row.int(6))
    }

    private func streamVersion(_ stream: String) throws -> Int64 {
        var binds = PostgresBinds()
        binds.text(stream)
        return try link.query("SELECT max(version) FROM events WHERE stream = $1", binds.bindings).first?.optionalInt(0) ?? 0
    }

    /// An export line's place and record time, kept only where they continue this store:
    /// into an empty store (or with ``restoresIntoNonEmpty``), at the next position and
    /// version, in Acta's record-time format, never before the entry it follows nor ahead
    /// of this machine's clock by more than a minute.
    private func check(restored: RestoredFields, position: Int64, version: Int64, stream: String) throws -> String {
        guard beganEmpty || restoresIntoNonEmpty else {
            throw ActaError(
                .conflict,
                "an export line restores an entry with its original record time: only into an empty store, or with --restore to continue this store from its head \(lastPosition)"
            )
        }
        guard restored.position == position, restored.version == version else {
            throw ActaError(
                .conflict,
                "exported position \(restored.position) (version \(restored.version) of \(stream)) does not follow this store's head \(lastPosition) (version \(version - 1)); restore an export into a new store, from its first entry"
            )
        }
        let recorded = restored.recorded
        let latest = Timestamp.format(timespec(tv_sec: Timestamp.currentTime().tv_sec + 60, tv_nsec: 0))
        guard Timestamp.isRecordedTime(recorded), recorded >= lastRecorded, recorded <= latest else {
            throw ActaError(
                .invalidInput,
                "recorded \"\(DisplayText.escaped(String(recorded.prefix(40))))\" is not a record time after \(lastRecorded) and before this machine's clock"
            )
        }
        return recorded
    }
}
