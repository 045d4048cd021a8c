import Foundation
import GRDB

/// A compression dictionary as the store holds it.
public struct StoredDictionary: Sendable {
    public var id: UInt32
    public var sha256: String
    public var size: Int
    public var created: String
    public var origin: String
}

/// The store's dictionaries by id, for decoding payloads.
struct Dictionaries: Sendable {
    var byID: [UInt32: LZ4Dictionary] = [:]
    /// Dictionaries whose bytes no longer match their SHA-256 or id: id → what is wrong.
    var altered: [UInt32: String] = [:]

    static func load(_ db: Database) throws -> Dictionaries {
        var out = Dictionaries()
        guard try db.storeHas(.dictionaries) else { return out }
        for row in try Row.fetchAll(db, sql: "SELECT id, sha256, bytes FROM dictionaries") {
            let id = UInt32(truncatingIfNeeded: row[0] as Int64)
            let sha: String = row[1]
            let bytes = [UInt8](row[2] as Data)
            let dictionary = try LZ4Dictionary(bytes)
            if Hex.encode(dictionary.sha256) != sha {
                out.altered[id] = "its bytes hash to \(Hex.encode(dictionary.sha256).prefix(16))…, stored sha256 \(sha.prefix(16))…"
            } else if dictionary.id != id {
                out.altered[id] = "its id does not match its SHA-256 (\(dictionary.id))"
            }
            out.byID[id] = dictionary
        }
        return out
    }
}

extension EventLog {
    // MARK: - Dictionaries

    /// The dictionary new events are compressed against: the store's newest, else the
    /// catalog's built-in one (stored with the first event that uses it), else none.
    func dictionaryForAppend() throws -> LZ4Dictionary? {
        let cached = appendDictionary.withLock { $0 }
        if cached.resolved { return cached.dictionary }
        let latest: [UInt8]? = try read { db in
            try Data.fetchOne(db, sql: "SELECT bytes FROM dictionaries ORDER BY created DESC, rowid DESC LIMIT 1").map { [UInt8]($0) }
        }
        let dictionary = try (latest ?? catalog.compressionDictionary).map(LZ4Dictionary.init)
        appendDictionary.withLock { $0 = (true, dictionary) }
        return dictionary
    }

    /// Stores `dictionary` if the store does not hold it yet. Call inside the append's transaction.
    static func ensureStored(_ dictionary: LZ4Dictionary, origin: String, _ db: Database) throws {
        let exists = try db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM dictionaries WHERE id = ?)")
        if try Bool.fetchOne(exists, arguments: [Int64(dictionary.id)]) == true { return }
        try db.execute(
            sql: "INSERT INTO dictionaries (id, sha256, bytes, created, origin) VALUES (?, ?, ?, ?, ?)",
            arguments: [Int64(dictionary.id), Hex.encode(dictionary.sha256), Data(dictionary.bytes), Timestamp.now(), origin]
        )
    }

    /// The store's dictionaries, oldest first.
    public func dictionaries() throws -> [StoredDictionary] {
        try read { db in
            guard try db.storeHas(.dictionaries) else { return [] }
            return try Row.fetchAll(db, sql: "SELECT id, sha256, length(bytes), created, origin FROM dictionaries ORDER BY created, rowid").map {
                StoredDictionary(id: UInt32(truncatingIfNeeded: $0[0] as Int64), sha256: $0[1], size: $0[2], created: $0[3], origin: $0[4])
            }
        }
    }

    /// Makes a new dictionary from the latest events' canonical JSON (up to 64 KiB), for new
    /// events to be compressed against. Events already stored keep theirs: nothing is rewritten.
    public func trainDictionary(bytes limit: Int = 16_384) throws -> StoredDictionary {
        let dictionary = try LZ4Dictionary.trained(bytes: limit) { try forEach(EventFilter(limit: 4096, descending: true), $0) }
        try writeTransaction { db in try Self.ensureStored(dictionary, origin: LZ4Dictionary.trainedOrigin, db) }
        appendDictionary.withLock { $0 = (true, dictionary) }
        return try dictionaries().first { $0.id == dictionary.id }!
    }
}

extension LZ4Dictionary {
    static let trainedOrigin = "trained on the latest events"

    /// A dictionary of the latest events' data, the newest last, `limit` bytes at most;
    /// `latest` hands the newest events first (up to 4,096 of them).
    static func trained(bytes limit: Int, latest: ((Entry) throws -> Void) throws -> Void) throws -> LZ4Dictionary {
        guard limit >= 1024, limit <= maxBytes else {
            throw ActaError(.invalidInput, "dictionary size must be 1024 to \(maxBytes) bytes")
        }
        var sample: [UInt8] = []
        try latest { entry in
            if sample.count < limit { sample = entry.data + sample }
        }
        guard sample.count >= 1024 else {
            throw ActaError(.invalidInput, "the log holds \(sample.count) bytes of data; a dictionary needs at least 1024")
        }
        return try LZ4Dictionary(Array(sample.suffix(limit)))
    }
}
