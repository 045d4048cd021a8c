import Foundation
import GRDB
import GRDBSQLite

/// The fields of an exported entry that a restore must reproduce exactly.
struct RestoredFields: Sendable {
    var position: Int64
    var version: Int64
    var recorded: String
    var schema: Int64
    var hash: String
    var chain: String
}

/// Appends inside one `BEGIN IMMEDIATE` transaction: assigns positions and versions, checks
/// ids, expected versions and the catalog's rules, computes the leaf and chain hashes, and inserts.
/// Later events of the same transaction see earlier ones, so a batch behaves like
/// the same appends made one by one.
struct AppendSession {
    private let db: Database
    private let insert: EventInsert
    private let findID: Statement
    private let streamVersion: Statement
    private(set) var lastPosition: Int64
    private(set) var lastChain: [UInt8]
    /// The last entry's record time ("" for an empty log): no entry records an earlier one.
    private var lastRecorded: String
    /// Whether the log was empty when the session began: export lines restore only into an
    /// empty store unless the caller allows them (``restoresIntoNonEmpty``).
    let beganEmpty: Bool
    /// Whether export lines may continue a store that holds events (`acta import --restore`).
    var restoresIntoNonEmpty = false
    /// The versions of the streams appended to, when the catalog has no rules (with rules,
    /// `states` keeps them).
    private var versions: [String: Int64] = [:]
    private var storedDictionaries: Set<UInt32> = []
    /// The Merkle tree's right edge, loaded with the first append of the transaction.
    private var tree: MerkleAppender?
    private var clock = RecordingClock()
    /// How many appends this session was asked for: the number of the next one.
    private var appends = 0
    /// The canonical entry being hashed, reused from append to append.
    private var canonical: [UInt8] = []
    /// The client-given ids of the rows that wait for their batch: an id given by the client
    /// is looked up in `events` without writing those rows first, unless it is among them.
    private var waitingIDs: Set<String> = []
    /// Every client-given id this session wrote, when it began on an empty log: the only
    /// ones the log can hold, so no other is looked up (an export restored line by line).
    /// Kept as their bits (``EventID/bits(_:)``): a restore of a million lines holds them all.
    private var writtenIDs: Set<UInt128> = []
    /// The thread that inserts while this one goes on (``insertInBackground()``).
    private var background: InsertThread?
    /// The events this session appended, with the catalog's decoded values, for the views'
    /// catch-up in the same transaction (``ProjectionRunner/catchUp(_:appended:progress:)``);
    /// nil once more than ``handedLimit`` were appended (a large import replays from the
    /// table on every core instead), or when the log keeps no views.
    private(set) var appended: [AppendedEvent]? = []
    static let handedLimit = 4096
    /// The streams' states under the catalog's rules; nil when it has none.
    private let states: StreamStates?

    /// `kept`: the states the writer's last committed transaction left, used when the head
    /// is still the one it wrote.
    init(_ db: Database, rules: (any StreamRules)? = nil, handsAppended: Bool = true, kept: KeptStreamStates? = nil) throws {
        self.db = db
        if !handsAppended { appended = nil }
        let insert = try EventInsert(db)
        self.insert = insert
        findID = try db.cachedStatement(sql: "SELECT position, type, stream, occurred, meta, data_hash, version FROM events WHERE id = ?")
        streamVersion = try db.cachedStatement(sql: "SELECT max(version) FROM events WHERE stream = ?")
        (lastPosition, lastChain) = try Self.head(db)
        lastRecorded = try String.fetchOne(db, sql: "SELECT recorded FROM events ORDER BY position DESC LIMIT 1") ?? ""
        beganEmpty = lastPosition == 0
        if rules != nil, let kept, kept.position == lastPosition, kept.chain == lastChain {
            kept.states.carry(into: insert)
            states = kept.states
        } else {
            let emptyLog = beganEmpty
            states = try rules.map { try StreamStates(db, rules: $0, rows: insert, emptyLog: emptyLog) }
        }
    }

    /// What the next transaction of this writer may start from once this one commits: the
    /// stream states, after a short transaction.
    var kept: KeptStreamStates? {
        guard let states, appends <= KeptStreamStates.limit else { return nil }
        return KeptStreamStates(position: lastPosition, chain: lastChain, states: states)
    }

    mutating func append(_ event: PreparedEvent, restored restore: RestoredFields? = nil) throws -> AppendResult {
        let number = appends
        appends += 1
        // A day the data leaves to the register is read before the id is compared: a retry
        // gets the day the first append got.
        states?.know(event.dictionary)
        let stream = try states?.stream(event.stream)
        var occurred = event.occurred
        if event.occurredByDefault, restore == nil, let stream, let day = stream.state.occurred(of: event.value) {
            occurred = day
        }
        if event.clientID, let row = try earlierRow(id: event.id) {
            let id = event.id
            let position: Int64 = row[0]
            guard event.type == row[1], event.stream == row[2], occurred == row[3], event.meta == row[4], event.dataHash == row[5] else {
                throw ActaError(.conflict, "id \(id) is already used at position \(position) with different content; use a new id")
            }
            if restore != nil {
                throw ActaError(.conflict, "id \(id) is already in this store at position \(position); restore an export into a new store")
            }
            return AppendResult(position: position, id: id, stream: event.stream, version: row[6], duplicate: true)
        }
        // A stream with rows waiting for their batch is in `versions` (or `states`): the query
        // below only runs for streams this session has not appended to, whose rows are all in `events`.
        let current: Int64
        if let stream {
            current = stream.version
        } else if let v = versions[event.stream] {
            current = v
        } else {
            try insert.drain()
            current = try Int64.fetchOne(streamVersion, arguments: [event.stream]) ?? 0
        }
        if let expected = event.expectedVersion, expected.number != current {
            throw ActaError(
                .conflict,
                "stream \(event.stream) is at version \(current), not \(expected) as expected; nothing was written (re-read the stream and retry)"
            )
        }
        if let dictionary = event.dictionary, !storedDictionaries.contains(dictionary.id) {
            try insert.drain()
            try EventLog.ensureStored(dictionary, origin: "built in", db)
            storedDictionaries.insert(dictionary.id)
        }
        let position = lastPosition + 1
        let version = current + 1
        let id = event.id
        // Not `restore.map(checkRestored)`: that closure would capture a copy of the whole
        // session, a retain of each of its references on every append.
        let recorded: String
        if let restore { recorded = try checkRestored(restore) } else { recorded = max(clock.now(), lastRecorded) }
        let schema = restore?.schema ?? event.schema
        if let restore {
            guard restore.position == position else {
                throw ActaError(
                    .conflict,
                    "exported position \(restore.position) does not follow this store's head \(lastPosition); restore an export into a new store, from its first entry"
                )
            }
            guard restore.version == version else {
                throw ActaError(
                    .conflict,
                    "exported version \(restore.version) of stream \(event.stream) does not follow this store's version \(current)"
                )
            }
        }
        let landing = Landing(position: position, version: version, schema: schema, recorded: recorded, occurred: occurred)
        event.writeCanonicalEntry(at: landing, to: &canonical)
        let hash = Entry.leafHash(canonical)
        let chain = Entry.chainHash(previous: lastChain, leaf: hash)
        if let restore {
            guard Hex.encode(hash) == restore.hash.lowercased() else {
                throw ActaError(
                    .integrity,
                    "entry hash does not match: exported \(restore.hash), recomputed \(Hex.encode(hash)) (the export was altered)"
                )
            }
            guard Hex.encode(chain) == restore.chain.lowercased() else {
                throw ActaError(.integrity, "chain hash does not match: exported \(restore.chain), recomputed \(Hex.encode(chain))")
            }
        }
        // The entry as written, with the catalog's value, for the rules and for the views'
        // catch-up: built once, and lent to both.
        let needsEntry = stream != nil || (appended.map { $0.count < Self.handedLimit } ?? false)
        let written: StreamEvent? =
            needsEntry
            ? StreamEvent(entry: event.entry(at: landing, hash: hash, chain: chain), value: event.value) : nil
        // The rules decide a new event (a restored one was decided when it was first
        // written) and fold it in. Folding before the row is inserted is safe: whatever
        // fails after this abandons the session and rolls its transaction back.
        if let states, let stream, let written {
            if restore == nil { try states.decide(written, on: stream, head: lastPosition) }
            try states.appended(written, to: stream)
        }
        try insert.add(
            append: number,
            position: position,
            id: id,
            event: event,
            occurred: occurred,
            version: version,
            schema: schema,
            recorded: recorded,
            hash: hash,
            chain: chain
        )
        // Only an id the client gave can be asked for again; a generated one is new.
        if insert.isEmpty { waitingIDs.removeAll(keepingCapacity: true) } else if event.clientID { waitingIDs.insert(id) }
        if event.clientID, beganEmpty, let bits = EventID.bits(id) { writtenIDs.insert(bits) }
        if tree == nil {
            try insert.drain()
            tree = try MerkleAppender(db, size: lastPosition, chain: lastChain)
        }
        try tree!.append(hash, background: background)
        lastPosition = position
        lastChain = chain
        lastRecorded = recorded
        if states == nil { versions[event.stream] = version }
        if appended != nil {
            if let written, appended!.count < Self.handedLimit {
                appended!.append(AppendedEvent(entry: written.entry, value: written.value))
            } else {
                appended = nil
            }
        }
        return AppendResult(position: position, id: id, stream: event.stream, version: version, duplicate: false)
    }

    /// The row already holding client id `id`, if any: one that waits goes in first.
    private mutating func earlierRow(id: String) throws -> GRDB.Row? {
        if beganEmpty, let bits = EventID.bits(id), !writtenIDs.contains(bits) { return nil }
        if waitingIDs.contains(id) { try flush() } else { try insert.drain() }
        return try Row.fetchOne(findID, arguments: [id])
    }

    /// From now on, full batches of rows and the tree's nodes are inserted on a thread of
    /// their own, in order, while this one goes on (an import, whose inserts were half of
    /// its appending thread's time). Whatever else uses the connection first waits for
    /// them. End with ``stopInsertingInBackground()``, on every path.
    mutating func insertInBackground() {
        guard background == nil else { return }
        let thread = InsertThread()
        background = thread
        insert.background = thread
    }

    /// Stops the background thread: after ``flush()``, nothing waits on it; on a failure,
    /// what waits is dropped (the transaction is rolled back).
    mutating func stopInsertingInBackground() {
        background?.stop()
        background = nil
        insert.background = nil
    }

    /// The record time of an export line, which keeps the one it had: allowed only into a
    /// store that was empty (or with ``restoresIntoNonEmpty``), in Acta's format, not before
    /// the entry it follows and not in the future. Anyone can compute an export line's hashes,
    /// so without these a line could put a backdated entry (a token "issued" years ago) at
    /// the head of a live register.
    private func checkRestored(_ restore: RestoredFields) throws -> String {
        guard beganEmpty || restoresIntoNonEmpty else {
            throw ActaError(
                .conflict,
                "an export line (with position, recorded, hash and chain) restores an entry with its original record time: only into an empty store, or with --restore to continue this store from its head \(lastPosition)"
            )
        }
        let recorded = restore.recorded
        guard Timestamp.isRecordedTime(recorded) else {
            throw ActaError(
                .invalidInput,
                "recorded \"\(DisplayText.escaped(String(recorded.prefix(40))))\" is not a record time as acta export writes it (2026-11-29T09:12:04.123Z)"
            )
        }
        guard recorded >= lastRecorded else {
            throw ActaError(.conflict, "recorded \(recorded) is earlier than the entry before it (\(lastRecorded)): record time never goes backwards")
        }
        // A minute's leeway for the clocks of the exporting and restoring machines.
        let latest = Timestamp.format(timespec(tv_sec: Timestamp.currentTime().tv_sec + 60, tv_nsec: 0))
        guard recorded <= latest else {
            throw ActaError(.invalidInput, "recorded \(recorded) is in the future of this machine's clock (\(Timestamp.now()))")
        }
        return recorded
    }

    /// Inserts the rows that wait for a batch. A failure is an ``EventInsert/Failure`` that
    /// names the append (numbered from 0 in this session) whose row failed.
    mutating func flush() throws {
        try insert.flush()
        waitingIDs.removeAll(keepingCapacity: true)
    }

    /// Ends the appends of the transaction: inserts the rows that wait, and remembers the
    /// tree's edge at the new head for the next transaction (once, not per append: a
    /// remembered edge is shared, so the next append would have to copy it).
    mutating func finish() throws {
        do { try flush() } catch let failure as EventInsert.Failure { throw failure.error }
        tree?.remember(chain: lastChain)
    }

    /// The index of the append that failed, and why: `index` unless a batched row of an
    /// earlier append is what failed.
    static func failedAppend(_ error: any Error, otherwise index: Int) -> (index: Int, error: any Error) {
        if let failure = error as? EventInsert.Failure { return (failure.append, failure.error) }
        return (index, error)
    }

    /// The last position and chain hash, or 0 and the genesis chain for an empty log.
    static func head(_ db: Database) throws -> (Int64, [UInt8]) {
        if let row = try Row.fetchOne(db, sql: "SELECT position, chain FROM events ORDER BY position DESC LIMIT 1") {
            let chain: Data = row[1]
            return (row[0], [UInt8](chain))
        }
        return (0, Entry.genesisChain)
    }
}
