import Foundation
import GRDB

/// The records of the views: keyed, typed values that projections read and write.
///
/// Backed by table `views` (view, key, value JSON) in the store's file, with a write-behind
/// cache so a rebuild decodes and encodes each record once; or, for a replay to an earlier
/// position (`--at`), by memory alone.
public final class ViewStore: @unchecked Sendable {
    private let db: Database?
    private var view: String = ""
    private var cache: [String: [String: CachedRecord]] = [:]
    private var cachedCount = 0
    /// Flush and forget cached records beyond this many, to bound memory on large rebuilds.
    private let cacheLimit: Int

    private struct CachedRecord {
        var value: any Codable & Sendable
        var dirty: Bool
        var deleted: Bool
    }

    private static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()

    init(db: Database?, cacheLimit: Int = 200_000) {
        self.db = db
        self.cacheLimit = cacheLimit
    }

    /// An in-memory store, for replays that must not touch the file.
    public static func inMemory() -> ViewStore { ViewStore(db: nil, cacheLimit: .max) }

    func select(_ view: String) { self.view = view }

    // MARK: - What projections call

    public func get<T: Codable & Sendable>(_ key: String, as type: T.Type = T.self) throws -> T? {
        if let record = cache[view]?[key] {
            return record.deleted ? nil : (record.value as! T)
        }
        guard let db else { return nil }
        guard let text = try String.fetchOne(db, sql: "SELECT value FROM views WHERE view = ? AND key = ?", arguments: [view, key]) else {
            return nil
        }
        let value = try JSONDecoder().decode(T.self, from: Data(text.utf8))
        try remember(key, CachedRecord(value: value, dirty: false, deleted: false))
        return value
    }

    public func put<T: Codable & Sendable>(_ key: String, _ value: T) throws {
        try remember(key, CachedRecord(value: value, dirty: true, deleted: false))
    }

    public func remove(_ key: String) throws {
        try remember(key, CachedRecord(value: 0, dirty: true, deleted: true))
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
        if let db {
            let rows = try Row.fetchAll(
                db, sql: "SELECT key, value FROM views WHERE view = ? AND key >= ? AND key < ? ORDER BY key",
                arguments: [view, prefix, prefix + "\u{10FFFF}"])
            let decoder = JSONDecoder()
            for row in rows {
                let text: String = row[1]
                merged[row[0]] = try decoder.decode(T.self, from: Data(text.utf8))
            }
        }
        for (key, record) in cache[view] ?? [:] where key.hasPrefix(prefix) {
            merged[key] = record.deleted ? T?.none : (record.value as! T)
        }
        return merged.compactMap { key, value in value.map { (key, $0) } }.sorted { $0.key < $1.key }
    }

    // MARK: - What the runner calls

    private func remember(_ key: String, _ record: CachedRecord) throws {
        if cache[view]?[key] == nil { cachedCount += 1 }
        cache[view, default: [:]][key] = record
        if cachedCount > cacheLimit { try flush() }
    }

    /// Writes dirty records to the file and empties the cache.
    func flush() throws {
        guard let db else { return }
        let upsert = try db.cachedStatement(sql: "INSERT OR REPLACE INTO views (view, key, value) VALUES (?, ?, ?)")
        let delete = try db.cachedStatement(sql: "DELETE FROM views WHERE view = ? AND key = ?")
        for (view, records) in cache {
            for (key, record) in records where record.dirty {
                if record.deleted {
                    try delete.execute(arguments: [view, key])
                } else {
                    try upsert.execute(arguments: [view, key, try Self.encode(record.value)])
                }
            }
        }
        cache.removeAll(keepingCapacity: true)
        cachedCount = 0
    }

    static func encode(_ value: any Codable & Sendable) throws -> String {
        if let record = value as? any JSONRepresentable { return CanonicalJSON.string(record.json) }
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Forgets every record of `view`, in the cache and in the file.
    func clear(_ view: String) throws {
        cachedCount -= cache[view]?.count ?? 0
        cache[view] = nil
        try db?.execute(sql: "DELETE FROM views WHERE view = ?", arguments: [view])
    }
}
