/// The storage seam: what the commands do with a register, whatever engine holds it. Two
/// engines implement it, SQLite (``EventLog``, the embedded default) and PostgreSQL
/// (``PostgresLog``); both store the same rows, so the same register gives the same head,
/// the same proofs and the same exported bytes on either. Everything that is not SQL (the
/// prepared event, canonical encoding, LZ4, hashing, the Merkle tree, the stream rules) is
/// shared engine code; an implementation only moves rows.
///
/// Open one with ``RegisterStores/open(_:catalog:projections:readOnly:)``.
public protocol RegisterStore: AnyObject, Sendable {
    /// The store's name in messages: a file path, or a PostgreSQL URL without its password.
    var location: String { get }
    var catalog: any EventCatalog { get }

    /// Appends one event in its own durable transaction, deciding it against its stream.
    @discardableResult
    func append(_ event: NewEvent) throws -> AppendResult
    /// Appends events atomically, all or none; an error names the failing event through `label`.
    func append(batch events: [NewEvent], label: @escaping @Sendable (Int) -> ActaError.Place?) throws -> [AppendResult]
    /// Decides events as ``append(batch:label:)`` would, then rolls back: nothing is written.
    func check(batch events: [NewEvent], label: @escaping @Sendable (Int) -> ActaError.Place?) throws -> [AppendResult]
    /// Imports JSON Lines atomically (new events, or `acta export` lines restored exactly).
    func importJSONLines(
        _ text: [UInt8],
        defaultActor: String,
        restore: Bool,
        progress: (@Sendable (String, Int, Int) -> Void)?
    ) throws -> ImportResult

    func head() throws -> LogHead
    /// The version a stream is at; nil for a stream with none.
    func version(of stream: String) throws -> Int64?
    /// Streams the selected events, decompressed, in log order.
    func forEach(_ filter: EventFilter, _ body: (Entry) throws -> Void) throws
    /// The event with this id, or nil.
    func entry(id: String) throws -> Entry?
    /// The Merkle tree head at `size` (default: the whole log).
    func treeHead(size: Int64?) throws -> TreeHead
    /// Proof that the event at `position` is in the tree of `size` leaves (default: the whole log).
    func inclusionProof(position: Int64, size: Int64?) throws -> InclusionProof
    /// Proof that the tree of `oldSize` leaves is a prefix of the tree of `newSize` (default: the whole log).
    func consistencyProof(from oldSize: Int64, to newSize: Int64?) throws -> ConsistencyProof
    /// Recomputes every hash, the chain and the stored tree nodes, and checks the kept
    /// checkpoints (with `key`, their signatures); reports the roots at `sizes` and the
    /// position whose chain hash is `chain` (``EventLog/verify(rootsAt:findingChain:keptCheckpointsKey:progress:)``).
    func verify(
        rootsAt sizes: Set<Int64>,
        findingChain chain: [UInt8]?,
        keptCheckpointsKey key: VerifierKey?,
        progress: ((Int64, Int64) -> Void)?
    ) throws -> VerifyReport
    /// The signed checkpoints the store keeps, oldest first.
    func checkpoints() throws -> [StoredCheckpoint]
    /// The newest signed checkpoint the store keeps, or nil.
    func latestCheckpoint() throws -> StoredCheckpoint?
    /// Signs the current tree head as a C2SP checkpoint and keeps it (``EventLog/signCheckpoint(with:)``).
    func signCheckpoint(with key: SigningKey) throws -> StoredCheckpoint
    /// The compression dictionaries the store holds, with their bytes.
    func dictionaryRows() throws -> [DictionaryRow]
    /// The compression dictionaries, oldest first, without their bytes: the newest compresses new events.
    func dictionaries() throws -> [StoredDictionary]
    /// Makes a new dictionary from the latest events' data, for the events appended from now on.
    func trainDictionary(bytes limit: Int) throws -> StoredDictionary
    /// Events, streams, types, raw and stored bytes, and the bytes the store takes on disk.
    func stats() throws -> EventLog.Stats
    /// Stores another store's dictionaries and checkpoints as they are, into a store
    /// that holds neither (``RegisterCopy``); the checkpoints' tree sizes must be within the log.
    func insertCopied(dictionaries: [DictionaryRow], checkpoints: [StoredCheckpoint]) throws

    // MARK: Views

    /// Runs `body` with the views as the register stood at `position` (record time), or at
    /// the head when nil: the saved views when they are current, else the log replayed into memory.
    func withViews<T>(at position: Int64?, _ body: (ViewStore) throws -> T) throws -> T
    /// `projection` folded over the events of the streams named `prefix…` alone, from the log
    /// and never from the saved views: for what must rest only on what `verify` covers.
    func derive(_ projection: any Projection, streamsPrefixed prefix: String) throws -> ViewStore
    /// Rebuilds the views (or only `name`) from position 1 in one transaction.
    func rebuildViews(only name: String?, progress: ((Int64, Int64) -> Void)?) throws
    /// The corrections and retractions the log holds, by the position each changes.
    func amendments() throws -> Amendments
    /// The saved views compared, record by record, with the views replayed from the log (`verify --views`).
    func verifyViews() throws -> ViewsReport

    /// Starts telling `changed` when the log may have grown through an append in any
    /// process (see ``HeadChanges``); the caller re-reads the head then, and at least every
    /// ``HeadChanges/pollInterval`` besides.
    func watchHead(_ changed: @escaping @Sendable () -> Void) throws -> HeadChanges
    func close() throws
}

/// A row of table `dictionaries`, as ``RegisterCopy`` moves it.
public struct DictionaryRow: Sendable, Equatable {
    public var id: Int64
    public var sha256: String
    public var bytes: [UInt8]
    public var created: String
    public var origin: String
}

extension RegisterStore {
    /// Runs `body` with the views at the head.
    public func withViews<T>(_ body: (ViewStore) throws -> T) throws -> T {
        try withViews(at: nil, body)
    }

    /// Rebuilds every view from position 1.
    public func rebuildViews() throws {
        try rebuildViews(only: nil, progress: nil)
    }

    /// The selected events, decompressed, in one array.
    public func entries(_ filter: EventFilter) throws -> [Entry] {
        var out: [Entry] = []
        try forEach(filter) { out.append($0) }
        return out
    }

    /// The event at `position`, decompressed, or nil.
    public func entry(at position: Int64) throws -> Entry? {
        try entries(EventFilter(fromPosition: position, toPosition: position)).first
    }
}
