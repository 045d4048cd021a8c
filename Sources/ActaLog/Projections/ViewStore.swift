import Foundation

/// The records of the views: keyed, typed values that projections read and write.
///
/// Backed by table `views` (view, key, value JSON) in the store, on either engine
/// (``ViewRows``), with a write-behind
/// cache so a rebuild decodes and encodes each record once; or, for a replay to an earlier
/// position (`--at`), by memory alone.
/// Unchecked: a store is used by one thread at a time (the fold of one replay, or one read);
/// only its flush hands finished records to other threads, by value.
public final class ViewStore: @unchecked Sendable {
    private let rows: (any ViewRows)?
    private var view: String = ""
    private var cache: [String: ViewCache] = [:]
    private var cachedCount = 0
    /// Flush and forget cached records beyond this many, to bound memory on large rebuilds.
    private let cacheLimit: Int

    private typealias CachedRecord = ViewCache.Record

    private static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()

    init(rows: (any ViewRows)?, cacheLimit: Int = 50_000) {
        self.rows = rows
        self.cacheLimit = cacheLimit
    }

    /// An in-memory store, for replays that must not touch the store.
    public static func inMemory() -> ViewStore { ViewStore(rows: nil, cacheLimit: .max) }

    func select(_ view: String) { self.view = view }

    // MARK: - What projections call

    public func get<T: Codable & Sendable>(_ key: String, as type: T.Type = T.self) throws -> T? {
        if let record = cache[view]?[key] {
            return try Self.value(record, as: T.self)
        }
        guard let rows else { return nil }
        try writeWaiting()
        guard let text = try rows.value(view: view, key: key) else { return nil }
        let value = try JSONDecoder().decode(T.self, from: Data(text.utf8))
        try remember(key, .value(value, dirty: false))
        return value
    }

    public func put<T: Codable & Sendable>(_ key: String, _ value: T) throws {
        try remember(key, .value(value, dirty: true))
    }

    public func remove(_ key: String) throws {
        try remember(key, .deleted)
    }

    /// Stores a record already encoded as JSON (what the view's `Codable` records read).
    ///
    /// In a stored view the record goes straight to the store's batches (``ViewRows/insert(_:in:)``):
    /// a mapping projection's records are never read back by its fold, so caching them would
    /// only cost memory and hashing.
    func put(_ key: String, json: [UInt8]) throws {
        guard let rows else { return try remember(key, .json(json)) }
        if !cache.isEmpty, cache[view] != nil {
            try remember(key, .json(json))
            return
        }  // a record of this view is cached: keep one truth
        try rows.insert([MappedRecord(key: key, json: json)], in: view)
    }

    /// Writes the records on their way to the store, before anything reads or deletes from
    /// `views`, and in ``flush()``. Records still waiting when a replay fails go with its
    /// transaction, which is rolled back.
    private func writeWaiting() throws {
        try rows?.flushInserts()
    }

    /// Stores a mapping projection's records of one event in `view`, as ``put(_:json:)`` does
    /// one by one (selects `view`).
    func put(_ records: [MappedRecord], in view: String) throws {
        self.view = view
        guard let rows, cache.isEmpty || cache[view] == nil else {
            for record in records { try put(record.key, json: record.json) }
            return
        }
        try rows.insert(records, in: view)
    }

    /// Every record of `view` whose key starts with `prefix`, in key order: what queries read.
    public func all<T: Codable & Sendable>(view: String, prefix: String = "", as type: T.Type = T.self) throws -> [(key: String, value: T)] {
        let selected = self.view
        defer { self.view = selected }
        self.view = view
        return try all(prefix: prefix, as: type)
    }

    /// Every record of the current view whose key starts with `prefix`, in key order.
    public func all<T: Codable & Sendable>(prefix: String = "", as type: T.Type = T.self) throws -> [(key: String, value: T)] {
        var merged: [String: T?] = [:]
        if let rows {
            try writeWaiting()
            let decoder = JSONDecoder()
            for record in try rows.records(view: view, prefix: prefix) {
                merged[record.key] = try decoder.decode(T.self, from: Data(record.value.utf8))
            }
        }
        if let cached = cache[view] {
            for (key, record) in zip(cached.keys, cached.records) where key.hasPrefix(prefix) {
                merged[key] = try Self.value(record, as: T.self)
            }
        }
        return merged.compactMap { key, value in value.map { (key, $0) } }.sorted { $0.key < $1.key }
    }

    private static func value<T: Codable & Sendable>(_ record: CachedRecord, as type: T.Type) throws -> T? {
        switch record {
        case .value(let value, _): return (value as! T)
        case .json(let bytes): return try JSONDecoder().decode(T.self, from: Data(bytes))
        case .deleted: return nil
        }
    }

    /// The records of `view` held in memory, encoded as they are saved, in the order of
    /// the stores' `ORDER BY key` (UTF-8 bytes): what a comparison with the saved view reads.
    func encodedRecords(_ view: String) throws -> [(key: String, json: [UInt8])] {
        guard let cached = cache[view] else { return [] }
        var out: [(key: String, json: [UInt8])] = []
        for (key, record) in zip(cached.keys, cached.records) {
            switch record {
            case .value(let value, _): out.append((key, try Self.encode(value)))
            case .json(let bytes): out.append((key, bytes))
            case .deleted: continue
            }
        }
        return out.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
    }

    // MARK: - What the runner calls

    private func remember(_ key: String, _ record: CachedRecord) throws {
        if cache[view, default: ViewCache()].set(key, record) { cachedCount += 1 }
        if cachedCount > cacheLimit { try flush() }
    }

    /// Writes dirty records to the store and empties the cache.
    ///
    /// Records go in key order (appends to the table's B-tree rather than scattered
    /// inserts); values are encoded on every core, a bounded slice at a time.
    func flush() throws {
        guard let rows else { return }
        try writeWaiting()
        var pending: [(view: String, key: String, record: CachedRecord)] = []
        pending.reserveCapacity(cachedCount)
        for view in cache.keys.sorted() {
            let cached = cache[view]!
            for i in cached.keyOrder() where cached.records[i].dirty { pending.append((view, cached.keys[i], cached.records[i])) }
        }
        cache.removeAll(keepingCapacity: true)
        cachedCount = 0
        let slice = 8192
        var start = 0
        while start < pending.count {
            let end = min(pending.count, start + slice)
            // Unsafe: read-only while the workers encode; not changed until they return.
            nonisolated(unsafe) let records = pending
            let first = start
            let encoded = try EventLog.prepareInParallel(
                end - start,
                label: { .record(view: records[first + $0].view, key: records[first + $0].key) }
            ) { i -> [UInt8]? in
                switch records[first + i].record {
                case .value(let value, _): return try Self.encode(value)
                case .json(let bytes): return bytes
                case .deleted: return nil
                }
            }
            for (i, value) in encoded.enumerated() {
                let item = pending[start + i]
                try rows.write(view: item.view, key: item.key, value: value)
            }
            start = end
        }
        EventLog.releaseElsewhere(pending)
    }

    static func encode(_ value: any Codable & Sendable) throws -> [UInt8] {
        if let record = value as? any JSONRecord { return record.jsonBytes }
        return [UInt8](try encoder.encode(value))
    }

    /// Forgets every record of `view` (of every view when nil), in the cache and in the store.
    func clear(_ view: String?) throws {
        if let view {
            cachedCount -= cache[view]?.count ?? 0
            cache[view] = nil
        } else {
            cachedCount = 0
            cache.removeAll()
        }
        try writeWaiting()
        try rows?.clear(view)
    }
}
