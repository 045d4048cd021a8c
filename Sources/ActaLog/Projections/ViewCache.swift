/// The cached records of one view, kept in the order they were first written, so that a
/// flush of records written in key order (a rebuild, most often) need not sort them.
struct ViewCache {
    enum Record {
        /// A value as a fold left it; `dirty` until written to the file.
        case value(any Codable & Sendable, dirty: Bool)
        /// A record already encoded (by a ``MappingProjection``), to be written.
        case json([UInt8])
        case deleted

        var dirty: Bool {
            if case .value(_, let dirty) = self { return dirty }
            return true
        }
    }

    private(set) var keys: [String] = []
    private(set) var records: [Record] = []
    private var index: [String: Int] = [:]

    var count: Int { keys.count }

    subscript(key: String) -> Record? {
        index[key].map { records[$0] }
    }

    /// Sets the record of `key`; true when the key is new to the cache.
    mutating func set(_ key: String, _ record: Record) -> Bool {
        if let i = index[key] {
            records[i] = record
            return false
        }
        index[key] = keys.count
        keys.append(key)
        records.append(record)
        return true
    }

    /// The positions of the records in key order.
    func keyOrder() -> [Int] {
        var ordered = true
        for i in keys.indices.dropFirst() where keys[i - 1] >= keys[i] {
            ordered = false
            break
        }
        if ordered { return Array(keys.indices) }
        return keys.indices.sorted { keys[$0] < keys[$1] }
    }
}
