import ActaLog
import Foundation
import Synchronization

/// A store read through several connections: each call takes a free one, waiting while
/// every one is busy. SQLite's store pools its own readers (GRDB); a ``PostgresLog`` runs one
/// statement at a time on its one connection, so the reader opens ``ReaderLimits/readers``
/// of them, and a verification or a report on one leaves the others to the cheap reads.
/// Calls must not nest (a body that calls the pool again could wait for itself).
final class StorePool: RegisterStore {
    private let stores: [any RegisterStore]
    private let free: Mutex<[Int]>
    private let available: DispatchSemaphore

    init(_ stores: [any RegisterStore]) {
        precondition(!stores.isEmpty)
        self.stores = stores
        free = Mutex(Array(stores.indices))
        available = DispatchSemaphore(value: stores.count)
    }

    /// Runs `body` with a store no other call holds.
    private func using<T>(_ body: (any RegisterStore) throws -> T) rethrows -> T {
        available.wait()
        let index = free.withLock { $0.removeLast() }
        defer {
            free.withLock { $0.append(index) }
            available.signal()
        }
        return try body(stores[index])
    }

    var location: String { stores[0].location }
    var catalog: any EventCatalog { stores[0].catalog }

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
    func verifyLog() throws -> VerifyReport { try using { try $0.verifyLog() } }
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
    func watchHead(_ changed: @escaping @Sendable () -> Void) throws -> HeadChanges { try stores[0].watchHead(changed) }

    func close() throws {
        for store in stores { try store.close() }
    }
}
