/// The views' rows of a single append folded before anything is sent (``PostgresLog/appendWhole(_:)``):
/// the checkpoints are the ones the writer kept, the records written are held, one per key
/// (the last written wins), for ``PostgresSchema/appendOneFunction``; anything that would
/// read the store throws ``NeedsTransaction``, and the append then runs in a transaction
/// under the lock, where it may read.
final class PostgresHeldViewRows: ViewRows {
    /// The fold read the store: it must run in the append's transaction.
    struct NeedsTransaction: Error {}

    private let knownHead: Int64
    private let kept: [String: (version: Int, position: Int64)]
    /// The records held, in the order first written; nil values are deletions.
    private var views: [String] = []
    private var keys: [String] = []
    private var values: [String?] = []
    private var index: [String: [String: Int]] = [:]
    private(set) var saved: (views: [String], versions: [Int64], position: Int64) = ([], [], 0)

    /// `head`: the position of the append; `kept`: each view's checkpoint as the writer's
    /// last committed append left it.
    init(head: Int64, kept: [String: (version: Int, position: Int64)]) {
        knownHead = head
        self.kept = kept
    }

    func head() throws -> Int64 { knownHead }
    func checkpoints() throws -> [String: (version: Int, position: Int64)] { kept }
    func hasViewTables() throws -> Bool { true }

    func dictionaries() throws -> Dictionaries { throw NeedsTransaction() }
    func eventBatches(after start: Int64, through end: Int64) throws -> any EventBatches { throw NeedsTransaction() }
    func events(ofTypes types: String, after start: Int64, through end: Int64, _ body: (StoredRow) throws -> Void) throws {
        throw NeedsTransaction()
    }
    func hasEvent(ofTypes types: String, after start: Int64) throws -> Bool { throw NeedsTransaction() }
    func events(streamsPrefixed prefix: String, _ body: (StoredRow) throws -> Void) throws { throw NeedsTransaction() }
    func value(view: String, key: String) throws -> String? { throw NeedsTransaction() }
    func records(view: String, prefix: String) throws -> [(key: String, value: String)] { throw NeedsTransaction() }
    func viewsWithRecords() throws -> [String] { throw NeedsTransaction() }
    func clear(_ view: String?) throws { throw NeedsTransaction() }

    func insert(_ records: [MappedRecord], in view: String) throws {
        for record in records { hold(view: view, key: record.key, value: String(decoding: record.json, as: UTF8.self)) }
    }

    func write(view: String, key: String, value: [UInt8]?) throws {
        hold(view: view, key: key, value: value.map { String(decoding: $0, as: UTF8.self) })
    }

    func flushInserts() throws {}

    func saveCheckpoints(_ views: [(name: String, version: Int)], at position: Int64) throws {
        saved = (views.map(\.name), views.map { Int64($0.version) }, position)
    }

    private func hold(view: String, key: String, value: String?) {
        if let i = index[view]?[key] {
            values[i] = value
            return
        }
        index[view, default: [:]][key] = views.count
        views.append(view)
        keys.append(key)
        values.append(value)
    }

    /// The records held: the keys to delete, and the records to write.
    var held: (deleted: (views: [String], keys: [String]), written: (views: [String], keys: [String], values: [String])) {
        var deleted: (views: [String], keys: [String]) = ([], [])
        var written: (views: [String], keys: [String], values: [String]) = ([], [], [])
        for i in views.indices {
            if let value = values[i] {
                written.views.append(views[i])
                written.keys.append(keys[i])
                written.values.append(value)
            } else {
                deleted.views.append(views[i])
                deleted.keys.append(keys[i])
            }
        }
        return (deleted, written)
    }
}
