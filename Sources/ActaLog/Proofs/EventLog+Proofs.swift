import Foundation
import GRDB
import GRDBSQLite

/// The size and root hash of the log's Merkle tree at some size.
public struct TreeHead: Sendable, Equatable {
    public var size: Int64
    public var root: [UInt8]
    public var rootHex: String { Hex.encode(root) }

    public init(size: Int64, root: [UInt8]) {
        self.size = size
        self.root = root
    }
}

/// Proof that an entry is leaf `leafIndex` (position − 1) of the tree of `treeSize` leaves.
public struct InclusionProof: Sendable {
    public var entry: Entry
    public var leafIndex: Int64
    public var treeSize: Int64
    public var root: [UInt8]
    public var path: [[UInt8]]

    /// The entry's canonical fields, as the leaf hash covers them (`meta` as an object).
    public var entryObject: JSONValue {
        .object([
            "position": .number(Double(entry.position)), "id": .string(entry.id), "stream": .string(entry.stream),
            "version": .number(Double(entry.version)), "type": .string(entry.type), "schema": .number(Double(entry.schema)),
            "occurred": .string(entry.occurred), "recorded": .string(entry.recorded), "actor": .string(entry.actor),
            "meta": .object(entry.metaValue()), "data_hash": .string(entry.dataHash),
        ])
    }

    /// The JSON bundle `acta prove inclusion` prints and `tools/verify-proof inclusion` checks.
    public var bundle: JSONValue {
        .object([
            "proof": "inclusion", "hash": "sha256", "tree": "RFC 9162",
            "entry": entryObject, "leaf_hash": .string(entry.hashHex),
            "leaf_index": .number(Double(leafIndex)), "tree_size": .number(Double(treeSize)),
            "root": .string(Hex.encode(root)), "path": .array(path.map { .string(Hex.encode($0)) }),
        ])
    }

    /// Whether the path leads from the entry's recomputed leaf hash to the root.
    public var isValid: Bool {
        Merkle.verifyInclusion(leafHash: Entry.leafHash(entry.canonicalEntry()), index: leafIndex, size: treeSize, path: path, root: root)
    }
}

/// Proof that the tree of `oldSize` leaves is a prefix of the tree of `newSize` leaves.
public struct ConsistencyProof: Sendable {
    public var oldSize: Int64
    public var newSize: Int64
    public var oldRoot: [UInt8]
    public var newRoot: [UInt8]
    public var path: [[UInt8]]

    /// The JSON bundle `acta prove consistency` prints and `tools/verify-proof consistency` checks.
    public var bundle: JSONValue {
        .object([
            "proof": "consistency", "hash": "sha256", "tree": "RFC 9162",
            "old_size": .number(Double(oldSize)), "new_size": .number(Double(newSize)),
            "old_root": .string(Hex.encode(oldRoot)), "new_root": .string(Hex.encode(newRoot)),
            "path": .array(path.map { .string(Hex.encode($0)) }),
        ])
    }

    public var isValid: Bool {
        Merkle.verifyConsistency(oldSize: oldSize, newSize: newSize, oldRoot: oldRoot, newRoot: newRoot, path: path)
    }
}

/// A checkpoint the store signed and keeps in table `checkpoints`.
public struct StoredCheckpoint: Sendable, Equatable {
    public var id: Int64
    public var size: Int64
    public var root: [UInt8]
    public var origin: String
    /// The whole signed note.
    public var note: String
    public var created: String

    /// The note signing the tree of `size` leaves and `root` with `key`, or nil when `last`
    /// already is that note (signing the same head again with the same key); refuses
    /// (integrity) when the log no longer extends `last`: `rootAt(last.size)` must be its root.
    static func note(
        signing size: Int64,
        root: [UInt8],
        with key: SigningKey,
        after last: StoredCheckpoint?,
        rootAt: (Int64) throws -> [UInt8]
    ) throws -> String? {
        if let last {
            if last.size > size {
                throw ActaError(
                    .integrity,
                    "refusing to sign: the log holds \(size) events, fewer than checkpoint \(last.origin) size \(last.size) (signed \(last.created))"
                )
            }
            let root = try rootAt(last.size)
            if root != last.root {
                throw ActaError(
                    .integrity,
                    "refusing to sign: the log no longer extends checkpoint \(last.origin) size \(last.size) (signed \(last.created)): root at size \(last.size) is \(Hex.encode(root)), checkpoint says \(Hex.encode(last.root))"
                )
            }
        }
        let note = try SignedNote.sign(Checkpoint(origin: key.name, size: size, root: root).text, with: key).encoded
        return last?.note == note ? nil : note
    }
}

extension EventLog {
    // MARK: - Merkle tree and proofs

    /// The tree head at `size` (default: the whole log).
    public func treeHead(size: Int64? = nil) throws -> TreeHead {
        try read { db in
            let head = try Self.head(db).0
            let size = try Self.checkSize(size ?? head, head: head)
            return TreeHead(size: size, root: try StoredMerkleTree(db).root(size: size))
        }
    }

    /// Proof that the event at `position` is in the tree of `size` leaves (default: the whole log).
    public func inclusionProof(position: Int64, size: Int64? = nil) throws -> InclusionProof {
        try read { db in
            try TreeProofs.inclusion(position: position, size: size, head: try Self.head(db).0, tree: try StoredMerkleTree(db)) {
                try Self.storedEntry(at: $0, db)
            }
        }
    }

    /// Proof that the tree of `oldSize` leaves is a prefix of the tree of `newSize` (default: the whole log).
    /// See ``TreeProofs/consistency(from:to:head:tree:)``.
    public func consistencyProof(from oldSize: Int64, to newSize: Int64? = nil) throws -> ConsistencyProof {
        try read { db in try TreeProofs.consistency(from: oldSize, to: newSize, head: try Self.head(db).0, tree: try StoredMerkleTree(db)) }
    }

    static func checkSize(_ size: Int64, head: Int64) throws -> Int64 {
        try TreeProofs.checkSize(size, head: head)
    }

    static func storedEntry(at position: Int64, _ db: Database) throws -> Entry {
        let statement = try db.cachedStatement(sql: "SELECT \(StoreSchema.columns) FROM events WHERE position = ?")
        let s = SQLiteStatement(statement)
        s.reset()
        defer { s.reset() }
        try s.bind(1, position)
        guard try s.step() else { throw ActaError(.invalidInput, "no event at position \(position)") }
        let row = StoredRow(s.handle)
        return row.entry(data: try row.decodeData(LZ4Frame.Decompressor(), try Dictionaries.load(db)))
    }

    // MARK: - Checkpoints

    /// Signs the current tree head as a C2SP checkpoint with origin `key.name`, keeps it in
    /// table `checkpoints` and returns it. Refuses (integrity) when the log no longer extends
    /// the last checkpoint kept: its root must be this tree's root at its size. Signing the
    /// same head again with the same key returns the last checkpoint kept.
    public func signCheckpoint(with key: SigningKey) throws -> StoredCheckpoint {
        try writeTransaction { db in
            let size = try Self.head(db).0
            // Brings merkle_nodes up to date on a store made before the tree.
            let appender = try MerkleAppender(db, size: size)
            let tree = try StoredMerkleTree(db)
            let last = try Self.latestCheckpoint(db)
            guard let note = try StoredCheckpoint.note(signing: size, root: appender.root, with: key, after: last, rootAt: tree.root(size:))
            else { return last! }
            try db.execute(
                sql: "INSERT INTO checkpoints (size, root, origin, note, created) VALUES (?, ?, ?, ?, ?)",
                arguments: [size, Data(appender.root), key.name, note, Timestamp.now()]
            )
            return try Self.latestCheckpoint(db)!
        }
    }

    /// The checkpoints kept, oldest first.
    public func checkpoints() throws -> [StoredCheckpoint] {
        try read { db in try Self.checkpoints(db) }
    }

    public func latestCheckpoint() throws -> StoredCheckpoint? {
        try read { db in try Self.latestCheckpoint(db) }
    }

    static func checkpoints(_ db: Database) throws -> [StoredCheckpoint] {
        guard try db.storeHas(.checkpoints) else { return [] }
        return try Row.fetchAll(db, sql: "SELECT id, size, root, origin, note, created FROM checkpoints ORDER BY id").map(Self.checkpoint)
    }

    static func latestCheckpoint(_ db: Database) throws -> StoredCheckpoint? {
        guard try db.storeHas(.checkpoints) else { return nil }
        return try Row.fetchOne(db, sql: "SELECT id, size, root, origin, note, created FROM checkpoints ORDER BY id DESC LIMIT 1").map(
            Self.checkpoint
        )
    }

    private static func checkpoint(_ row: Row) -> StoredCheckpoint {
        StoredCheckpoint(id: row[0], size: row[1], root: [UInt8](row[2] as Data), origin: row[3], note: row[4], created: row[5])
    }
}
