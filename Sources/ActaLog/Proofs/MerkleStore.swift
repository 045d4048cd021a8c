import Foundation
import GRDB
import GRDBSQLite
import Synchronization

/// How the store keeps the tree: `merkle_nodes` holds the complete subtrees at levels 4, 8,
/// 12, … (tiles of height 4, as Go's tlog keeps tiles of height 8), and level 0, the leaves,
/// is `events.hash`. Any other node is hashed up from one contiguous run of at most 16
/// nodes (or leaves) read in one range query, so a root or a proof costs O(log n) queries,
/// and an append inserts a row only once every 16 leaves (1/15 of a row per leaf on average).
enum MerkleLayout {
    static let stride = 4

    static func isStored(_ level: Int) -> Bool { level > 0 && level % stride == 0 }
}

/// The tree as the store holds it: leaves from `events.hash`, tile nodes from
/// `merkle_nodes`. Nodes the table does not cover yet (a store made before the tree, or
/// written by an older acta) are hashed from their leaves, so proofs stay correct on any
/// store, read-only included; the next append stores them.
struct StoredMerkleTree: MerkleNodeSource {
    /// Where the leaves and stored nodes are read: this SQLite store, or another engine's.
    let rows: any MerkleRowReader
    /// Leaves whose every completed stored node is in the table: 16 × (level-4 nodes).
    let covered: Int64

    init(_ db: Database) throws {
        rows = SQLiteMerkleRows(db: db)
        covered = try db.storeHas(.merkleNodes) ? try Self.coveredLeaves(db) : 0
    }

    init(rows: any MerkleRowReader, covered: Int64) {
        self.rows = rows
        self.covered = covered
    }

    /// Nodes are stored in append order, so every stored node that these leaves complete
    /// is in the table.
    static func coveredLeaves(_ db: Database) throws -> Int64 {
        let statement = try db.cachedStatement(sql: "SELECT max(idx) FROM merkle_nodes WHERE level = \(MerkleLayout.stride)")
        guard let top = try Int64.fetchOne(statement) else { return 0 }
        return (top + 1) << MerkleLayout.stride
    }

    func node(level: Int, index: Int64) throws -> [UInt8] {
        if level == 0 { return try run(level: 0, first: index, count: 1)[0] }
        let base: Int
        if (index + 1) << level <= covered {
            if MerkleLayout.isStored(level) { return try run(level: level, first: index, count: 1)[0] }
            base = level - ((level - 1) % MerkleLayout.stride + 1)  // the stored level below
        } else if level <= MerkleLayout.stride {
            base = 0  // beyond the table: from the leaves
        } else {
            return Merkle.nodeHash(try node(level: level - 1, index: 2 * index), try node(level: level - 1, index: 2 * index + 1))
        }
        let height = level - base
        var hashes = try run(level: base, first: index << height, count: 1 << height)
        while hashes.count > 1 {
            hashes = stride(from: 0, to: hashes.count, by: 2).map { Merkle.nodeHash(hashes[$0], hashes[$0 + 1]) }
        }
        return hashes[0]
    }

    /// `count` consecutive nodes of a stored level (or leaves), in one query.
    private func run(level: Int, first: Int64, count: Int64) throws -> [[UInt8]] {
        let out = try rows.run(level: level, first: first, count: count)
        guard out.count == count, out.allSatisfy({ $0.count == 32 }) else {
            if level == 0 {
                throw ActaError(.integrity, "positions \(first + 1)–\(first + count) are not all in events (the tree needs them; run acta verify)")
            }
            throw ActaError(.integrity, "merkle_nodes lacks nodes of level \(level), index \(first)–\(first + count - 1) (run acta verify)")
        }
        return out
    }

    /// The frontier of the tree of `size` leaves.
    func frontier(size: Int64) throws -> MerkleFrontier {
        MerkleFrontier(size: size, edge: try Merkle.decomposition(size).map { ($0.level, try node(level: $0.level, index: $0.index)) })
    }
}

/// Reads a run of consecutive leaf hashes (level 0, `events.hash`) or stored tile nodes
/// (`merkle_nodes`) of one engine; what it returns is checked by ``StoredMerkleTree``.
protocol MerkleRowReader {
    func run(level: Int, first: Int64, count: Int64) throws -> [[UInt8]]
}

/// The runs of an SQLite store.
struct SQLiteMerkleRows: MerkleRowReader {
    let db: Database

    func run(level: Int, first: Int64, count: Int64) throws -> [[UInt8]] {
        let statement =
            level == 0
            ? try db.cachedStatement(sql: "SELECT hash FROM events WHERE position > ? AND position <= ? ORDER BY position")
            : try db.cachedStatement(sql: "SELECT hash FROM merkle_nodes WHERE level = ? AND idx >= ? AND idx < ? ORDER BY idx")
        let s = SQLiteStatement(statement)
        s.reset()
        defer { s.reset() }
        if level == 0 {
            try s.bind(1, first)
            try s.bind(2, first + count)
        } else {
            try s.bind(1, Int64(level))
            try s.bind(2, first)
            try s.bind(3, first + count)
        }
        var out: [[UInt8]] = []
        out.reserveCapacity(Int(count))
        while try s.step() { out.append(StoredRow.blob(s.handle, 0)) }
        return out
    }
}

/// Keeps `merkle_nodes` current inside an append's transaction: appending leaf n stores the
/// tile nodes it completes. A store made before the tree, or appended to by an older acta,
/// is brought up to date from the events first.
struct MerkleAppender {
    private let db: Database
    /// Prepared with the appender: a node's insert may run on another thread
    /// (``InsertThread``), which must not prepare statements on the connection.
    private let nodeInsert: SQLiteStatement
    private var frontier: MerkleFrontier

    /// The frontier of the last head appended in this process, with that head's chain hash:
    /// the chain hash fixes every leaf before it, hence the whole tree, so a match is exact
    /// whatever store or connection it came from. A rolled-back append's is never matched.
    private static let last = Mutex<(connection: Int, chain: [UInt8], frontier: MerkleFrontier)?>(nil)

    init(_ db: Database, size: Int64, chain: [UInt8]) throws {
        self.db = db
        nodeInsert = SQLiteStatement(try db.cachedStatement(sql: "INSERT INTO merkle_nodes (level, idx, hash) VALUES (?, ?, ?)"))
        if let cached = Self.last.withLock({ $0 }), cached.connection == Self.identity(db), cached.frontier.size == size, cached.chain == chain {
            frontier = cached.frontier
            return
        }
        let tree = try StoredMerkleTree(db)
        if size < tree.covered + (1 << MerkleLayout.stride) {
            frontier = try tree.frontier(size: size)
            return
        }
        // Catch up: from the covered prefix, add the nodes of the leaves appended since.
        frontier = try tree.frontier(size: tree.covered)
        let leaves = try db.makeStatement(sql: "SELECT hash FROM events WHERE position > ? AND position <= ? ORDER BY position")
        let s = SQLiteStatement(leaves)
        defer { s.reset() }
        try s.bind(1, tree.covered)
        try s.bind(2, size)
        while try s.step() { try append(StoredRow.blob(s.handle, 0)) }
        guard frontier.size == size else {
            throw ActaError(.integrity, "events has a gap before position \(size): the tree cannot be built (run acta verify)")
        }
    }

    init(_ db: Database, size: Int64) throws {
        let chain = try AppendSession.head(db).1
        try self.init(db, size: size, chain: chain)
    }

    var size: Int64 { frontier.size }
    var root: [UInt8] { frontier.root }

    /// Adds the leaf that was just inserted and stores the tile nodes it completes: here, or
    /// in the order handed over on `background`.
    mutating func append(_ leafHash: [UInt8], background: InsertThread? = nil) throws {
        let nodeInsert = self.nodeInsert
        try frontier.append(leafHash) { level, index, hash in
            guard MerkleLayout.isStored(level) else { return }
            let s = nodeInsert
            let insert = {
                defer { s.clear() }
                try s.bind(1, Int64(level))
                try s.bind(2, index)
                try s.bindBlobCopy(3, hash)
                if let failure = s.run() { throw failure }
            }
            if let background { try background.submit(insert) } else { try insert() }
        }
    }

    /// Remembers the frontier at head `chain` for the next transaction.
    func remember(chain: [UInt8]) {
        Self.last.withLock { $0 = (Self.identity(db), chain, frontier) }
    }

    /// The SQLite connection: a store's nodes are only trusted to be complete on the connection that wrote them.
    private static func identity(_ db: Database) -> Int {
        db.sqliteConnection.map { Int(bitPattern: $0) } ?? 0
    }
}
