import ActaLog
import Foundation
import Synchronization

/// A read-only store read through several connections: each call takes a free one, waiting
/// while every one is busy. SQLite's store pools its own readers (GRDB); a ``PostgresLog``
/// runs one statement at a time on its one connection, so the reader opens
/// ``ReaderLimits/readers`` of them, and a verification or a report on one leaves the others
/// to the cheap reads.
///
/// A connection the server dropped (a restart, a terminated backend) is opened again: before
/// a call when it is already lost, and once after a call that failed because it was lost,
/// which is then run again (the pool only reads, so running a call twice changes nothing).
/// Calls must not nest (a body that calls the pool again could wait for itself).
final class StorePool: RegisterStore {
    /// Slot `i` is only used by the call holding index `i` of ``free``.
    private let slots: Mutex<[any RegisterStore]>
    private let free: Mutex<[Int]>
    private let available: DispatchSemaphore
    private let open: @Sendable () throws -> any RegisterStore
    private let lost: @Sendable (any RegisterStore) -> Bool
    let location: String
    let catalog: any EventCatalog

    /// `count` stores made by `open`; `lost` tells a store whose connection is gone.
    init(
        count: Int,
        open: @escaping @Sendable () throws -> any RegisterStore,
        lost: @escaping @Sendable (any RegisterStore) -> Bool
    )
        throws
    {
        let stores = try (0..<max(count, 1)).map { _ in try open() }
        slots = Mutex(stores)
        free = Mutex(Array(stores.indices))
        available = DispatchSemaphore(value: stores.count)
        self.open = open
        self.lost = lost
        location = stores[0].location
        catalog = stores[0].catalog
    }

    /// Runs `body` with a store no other call holds.
    private func using<T>(_ body: (any RegisterStore) throws -> T) throws -> T {
        available.wait()
        let index = free.withLock { $0.removeLast() }
        defer {
            free.withLock { $0.append(index) }
            available.signal()
        }
        var store = try live(index)
        do {
            return try body(store)
        } catch  where lost(store) {
            store = try live(index)
            return try body(store)
        }
    }

    /// The store in `index`, opened again when its connection is lost.
    private func live(_ index: Int) throws -> any RegisterStore {
        let store = slots.withLock { $0[index] }
        guard lost(store) else { return store }
        try? store.close()
        let opened = try open()
        slots.withLock { $0[index] = opened }
        return opened
    }

    func append(_ event: NewEvent) throws -> AppendResult { try using { try $0.append(event) } }
    func append(batch events: [NewEvent], label: @escaping @Sendable (Int) -> ActaError.Place?) throws -> [AppendResult] {
        try using { try $0.append(batch: events, label: label) }
    }
    func importJSONLines(
        _ text: [UInt8],
        defaultActor: String,
        restore: Bool,
        progress: (@Sendable (String, Int, Int) -> Void)?
    ) throws
        -> ImportResult
    {
        try using { try $0.importJSONLines(text, defaultActor: defaultActor, restore: restore, progress: progress) }
    }
    func head() throws -> LogHead { try using { try $0.head() } }
    func version(of stream: String) throws -> Int64? { try using { try $0.version(of: stream) } }
    func forEach(_ filter: EventFilter, _ body: (Entry) throws -> Void) throws { try using { try $0.forEach(filter, body) } }
    func entry(id: String) throws -> Entry? { try using { try $0.entry(id: id) } }
    func treeHead(size: Int64?) throws -> TreeHead { try using { try $0.treeHead(size: size) } }
    func inclusionProof(position: Int64, size: Int64?) throws -> InclusionProof {
        try using { try $0.inclusionProof(position: position, size: size) }
    }
    func consistencyProof(from oldSize: Int64, to newSize: Int64?) throws -> ConsistencyProof {
        try using { try $0.consistencyProof(from: oldSize, to: newSize) }
    }
    func verify(
        rootsAt sizes: Set<Int64>,
        findingChain chain: [UInt8]?,
        keptCheckpointsKey key: VerifierKey?,
        progress: ((Int64, Int64) -> Void)?
    ) throws -> VerifyReport {
        try using { try $0.verify(rootsAt: sizes, findingChain: chain, keptCheckpointsKey: key, progress: progress) }
    }
    func check(batch events: [NewEvent], label: @escaping @Sendable (Int) -> ActaError.Place?) throws -> [AppendResult] {
        try using { try $0.check(batch: events, label: label) }
    }
    func dictionaries() throws -> [StoredDictionary] { try using { try $0.dictionaries() } }
    func trainDictionary(bytes limit: Int) throws -> StoredDictionary { try using { try $0.trainDictionary(bytes: limit) } }
    func checkpoints() throws -> [StoredCheckpoint] { try using { try $0.checkpoints() } }
    func latestCheckpoint() throws -> StoredCheckpoint? { try using { try $0.latestCheckpoint() } }
    func signCheckpoint(with key: SigningKey) throws -> StoredCheckpoint { try using { try $0.signCheckpoint(with: key) } }
    func dictionaryRows() throws -> [DictionaryRow] { try using { try $0.dictionaryRows() } }
    func stats() throws -> EventLog.Stats { try using { try $0.stats() } }
    func insertCopied(dictionaries: [DictionaryRow], checkpoints: [StoredCheckpoint]) throws {
        try using { try $0.insertCopied(dictionaries: dictionaries, checkpoints: checkpoints) }
    }
    func withViews<T>(at position: Int64?, _ body: (ViewStore) throws -> T) throws -> T {
        try using { try $0.withViews(at: position, body) }
    }
    func derive(_ projection: any Projection, streamsPrefixed prefix: String) throws -> ViewStore {
        try using { try $0.derive(projection, streamsPrefixed: prefix) }
    }
    func rebuildViews(only name: String?, progress: ((Int64, Int64) -> Void)?) throws {
        try using { try $0.rebuildViews(only: name, progress: progress) }
    }
    func amendments() throws -> Amendments { try using { try $0.amendments() } }
    func verifyViews() throws -> ViewsReport { try using { try $0.verifyViews() } }
    func watchHead(_ changed: @escaping @Sendable () -> Void) throws -> HeadChanges { try using { try $0.watchHead(changed) } }

    func close() throws {
        for store in slots.withLock({ $0 }) { try store.close() }
    }
}
