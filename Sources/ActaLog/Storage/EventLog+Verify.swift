import Foundation
import GRDB
import GRDBSQLite

/// What `verify` found.
public struct VerifyReport: Sendable {
    public var count: Int64
    public var headChain: [UInt8]
    /// The first problem in position order, or nil when the log is intact.
    public var failure: VerifyFailure?
    public var isIntact: Bool { failure == nil }
    /// Tree roots at the sizes asked for, computed from the recomputed leaf hashes (never
    /// from stored nodes).
    public var roots: [Int64: [UInt8]] = [:]
    /// The position whose chain hash is the one asked for, if any.
    public var chainPosition: Int64? = nil
    /// How many stored Merkle nodes were checked against recomputed ones.
    public var merkleNodesChecked: Int64 = 0
    /// The checkpoint checked against, when there was one.
    public var checkpoint: Checkpoint? = nil
    /// How many checkpoints kept in the store were checked: each one's note agrees with its
    /// row, and the tree recomputed from the leaves has its root at its size.
    public var keptCheckpoints: Int = 0
    /// How many of those had their signature checked against the key given (nil: no key).
    public var keptSignaturesChecked: Int? = nil
}

public struct VerifyFailure: Sendable, CustomStringConvertible {
    /// The first bad position (nil for a problem of the store, such as missing triggers).
    public var position: Int64?
    public var reason: String
    public var description: String {
        if let position { return "position \(position): \(reason)" }
        return reason
    }
}

extension EventLog {
    // MARK: - Verification

    /// Recomputes every payload's data hash, every leaf hash and every chain hash, checks
    /// that positions run gapless from 1, that each stream's versions run gapless from 1 and
    /// that record times never go backwards, and checks the stored Merkle nodes against nodes
    /// recomputed from the leaves. Then the store around the log (``checkStore``): its tables,
    /// its triggers by their SQL, its dictionaries, and every checkpoint it keeps against the
    /// recomputed tree. Hashing runs on every core; the chain and the tree are checked in order.
    ///
    /// What no verify of the file alone can catch: a history rewritten with every hash, node
    /// and kept checkpoint recomputed from scratch is self-consistent. Only a checkpoint or
    /// chain hash held outside the store tells (``verify(extending:progress:)``, ``verify(head:progress:)``).
    ///
    /// - Parameters:
    ///   - sizes: tree sizes whose roots to report (``VerifyReport/roots``), computed from the
    ///     recomputed leaf hashes.
    ///   - chain: a chain hash to find (``VerifyReport/chainPosition``).
    ///   - key: when given, the kept checkpoints of its origin must carry its valid signature.
    public func verify(
        rootsAt sizes: Set<Int64> = [],
        findingChain chain: [UInt8]? = nil,
        keptCheckpointsKey key: VerifierKey? = nil,
        progress: ((Int64, Int64) -> Void)? = nil
    ) throws -> VerifyReport {
        let batchSize = 8192
        return try read { db in
            let total = try Int64.fetchOne(db, sql: "SELECT count(*) FROM events") ?? 0
            let kept = try Self.checkpoints(db)
            let sizes = sizes.union(kept.map(\.size))
            let dictionaries = try Dictionaries.load(db)
            var tree = MerkleFrontier()
            let nodes = try NodeChecker(db)
            var roots: [Int64: [UInt8]] = sizes.contains(0) ? [0: Merkle.emptyRoot] : [:]
            var chainPosition: Int64? = nil
            let statement = try db.makeStatement(sql: "SELECT \(StoreSchema.columns) FROM events ORDER BY position")
            let s = SQLiteStatement(statement)
            defer { s.reset() }
            var expectedPosition: Int64 = 1
            var previousChain = Entry.genesisChain
            var versions: [String: Int64] = [:]
            var previousRecorded = ""
            let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
            var done = false
            func readBatch() throws -> [StoredRow] {
                var rows: [StoredRow] = []
                rows.reserveCapacity(batchSize)
                while rows.count < batchSize {
                    guard try s.step() else {
                        done = true
                        break
                    }
                    rows.append(StoredRow(s.handle))
                }
                return rows
            }
            // Hash one batch on the workers while this thread reads the next one.
            var rows = try readBatch()
            while !rows.isEmpty {
                let batch = rows
                let chainBefore = previousChain
                // Unsafe: each is written by one background task and read only after group.wait().
                nonisolated(unsafe) var problems: [String?] = []
                // The tree over the batch's stored leaf hashes, folded meanwhile; its nodes and
                // roots count only up to the first bad row, where verify stops.
                nonisolated(unsafe) var folded = BatchFold(tree)
                let group = DispatchGroup()
                DispatchQueue.global().async(group: group) {
                    problems = Self.checkRows(batch, previousChain: chainBefore, dictionaries: dictionaries, workers: workers)
                }
                DispatchQueue.global().async(group: group) { folded.fold(batch, sizes: sizes) }
                rows = done ? [] : try readBatch()
                group.wait()
                var nextNode = 0
                // By index, the fields read in place: a copy of each row (ten retains and
                // releases) was a tenth of verify's time.
                for i in batch.indices {
                    let (position, stream, version) = (batch[i].position, batch[i].stream, batch[i].version)
                    let failure: String?
                    if position != expectedPosition {
                        failure =
                            position > expectedPosition
                            ? "gap: position \(expectedPosition) is missing (next stored is \(position))"
                            : "out of order: found \(position) where \(expectedPosition) was expected"
                    } else if let problem = problems[i] {
                        failure = problem
                    } else if version != (versions[stream] ?? 0) + 1 {
                        failure = "stream \(stream) version \(version) does not follow version \(versions[stream] ?? 0)"
                    } else if batch[i].recorded.utf8.lexicographicallyPrecedes(previousRecorded.utf8) {
                        // Fixed-width RFC 3339 UTC times: byte order is time order.
                        failure =
                            "recorded \(batch[i].recorded) is earlier than the entry before it (\(previousRecorded)): record time went backwards (a backdated entry)"
                    } else {
                        failure = nil
                    }
                    if let failure {
                        return VerifyReport(
                            count: expectedPosition - 1,
                            headChain: previousChain,
                            failure: VerifyFailure(position: expectedPosition, reason: failure),
                            roots: roots,
                            chainPosition: chainPosition,
                            merkleNodesChecked: nodes.checked
                        )
                    }
                    versions[stream] = version
                    previousRecorded = batch[i].recorded
                    previousChain = batch[i].chain
                    // The row's hash is now proven equal to its recomputed leaf hash: the stored
                    // nodes it completes are checked against the nodes recomputed from it.
                    while nextNode < folded.nodes.count, folded.nodes[nextNode].row == i {
                        let node = folded.nodes[nextNode]
                        try nodes.check(level: node.level, index: node.index, node.hash)
                        nextNode += 1
                    }
                    if let bad = nodes.failure {
                        return VerifyReport(
                            count: expectedPosition,
                            headChain: previousChain,
                            failure: VerifyFailure(position: nil, reason: bad),
                            roots: roots,
                            chainPosition: chainPosition,
                            merkleNodesChecked: nodes.checked
                        )
                    }
                    if let root = folded.roots[expectedPosition] { roots[expectedPosition] = root }
                    if let chain, chainPosition == nil, batch[i].chain == chain { chainPosition = expectedPosition }
                    expectedPosition += 1
                }
                tree = folded.tree
                progress?(expectedPosition - 1, total)
            }
            let count = expectedPosition - 1
            var report = VerifyReport(
                count: count,
                headChain: previousChain,
                failure: nil,
                roots: roots,
                chainPosition: chainPosition,
                merkleNodesChecked: nodes.checked
            )
            if let extra = try nodes.extraNode(count: count) {
                report.failure = VerifyFailure(position: nil, reason: extra)
                return report
            }
            try Self.checkStore(db, kept: kept, key: key, report: &report)
            return report
        }
    }

    /// Per row: nil when its payload, data hash, leaf hash and chain hash check out, else
    /// what is wrong. Each chain is checked against the stored chain before it: when every
    /// row passes, the whole chain from `previousChain` is proven, so batches check in parallel.
    static func checkRows(_ rows: [StoredRow], previousChain: [UInt8], dictionaries: Dictionaries, workers: Int) -> [String?] {
        var problems = [String?](repeating: nil, count: rows.count)
        let chunk = (rows.count + workers - 1) / workers
        problems.withUnsafeMutableBufferPointer { buffer in
            // Unsafe: each worker writes only its own chunk; read after concurrentPerform returns.
            nonisolated(unsafe) let out = buffer
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                let decompressor = LZ4Frame.Decompressor()
                let start = w * chunk
                let end = min(rows.count, start + chunk)
                guard start < end else { return }
                rows.withUnsafeBufferPointer { rows in  // rows lent in place, not copied
                    for i in start..<end {
                        out[i] = check(rows[i], decompressor, dictionaries)
                        if out[i] == nil {
                            let chain = Entry.chainHash(previous: i == 0 ? previousChain : rows[i - 1].chain, leaf: rows[i].hash)
                            if chain != rows[i].chain {
                                out[i] =
                                    "chain hash mismatch (stored \(Hex.encode(rows[i].chain).prefix(16))…, computed \(Hex.encode(chain).prefix(16))…)"
                            }
                        }
                    }
                }
            }
        }
        return problems
    }

    static func check(_ row: StoredRow, _ decompressor: LZ4Frame.Decompressor, _ dictionaries: Dictionaries) -> String? {
        let data: [UInt8]
        do { data = try row.decodeData(decompressor, dictionaries) } catch {
            return (error as? ActaError)?.reason ?? "\(error)"
        }
        let digest = Digest.sha256(data)
        if !Hex.matches(digest, row.dataHash) {
            return "data_hash mismatch: the payload's data hashes to \(Hex.encode(digest).prefix(16))…, stored \(row.dataHash.prefix(16))…"
        }
        let leaf = Entry.leafHash(row.canonicalEntry())
        if leaf != row.hash {
            return
                "leaf hash mismatch (stored \(Hex.encode(row.hash).prefix(16))…, computed \(Hex.encode(leaf).prefix(16))…): a column of this entry was changed"
        }
        return nil
    }
}

/// The tree folded over one batch of rows: the frontier after it, the stored-level nodes
/// completed (with the row that completes each), and the roots at the sizes asked for.
struct BatchFold {
    var tree: MerkleFrontier
    var nodes: [(row: Int, level: Int, index: Int64, hash: [UInt8])] = []
    var roots: [Int64: [UInt8]] = [:]

    init(_ tree: MerkleFrontier) { self.tree = tree }

    mutating func fold(_ rows: [StoredRow], sizes: Set<Int64>) {
        for i in rows.indices {
            tree.append(rows[i].hash) { level, index, hash in
                if MerkleLayout.isStored(level) { nodes.append((i, level, index, hash)) }
            }
            if !sizes.isEmpty, sizes.contains(tree.size) { roots[tree.size] = tree.root }
        }
    }
}

/// Checks each stored node recomputed during verify against `merkle_nodes`, level by level
/// in index order (one cursor per level), over the leaves the table covers.
final class NodeChecker {
    private let db: Database
    private let covered: Int64
    private var cursors: [Int: Statement] = [:]
    private(set) var checked: Int64 = 0
    private(set) var failure: String?

    init(_ db: Database) throws {
        self.db = db
        covered = try db.storeHas(.merkleNodes) ? try StoredMerkleTree.coveredLeaves(db) : 0
    }

    deinit {
        for statement in cursors.values { SQLiteStatement(statement).reset() }
    }

    func check(level: Int, index: Int64, _ hash: [UInt8]) throws {
        guard failure == nil, MerkleLayout.isStored(level), (index + 1) << level <= covered else { return }
        let statement: Statement
        if let open = cursors[level] {
            statement = open
        } else {
            statement = try db.makeStatement(sql: "SELECT idx, hash FROM merkle_nodes WHERE level = ? ORDER BY idx")
            try statement.setArguments([level])
            cursors[level] = statement
        }
        let cursor = SQLiteStatement(statement)
        let s = cursor.handle
        let leaves = "leaves \(index << level)–\((index + 1) << level - 1)"
        guard try cursor.step() else {
            failure = "merkle node level \(level) index \(index) (\(leaves)) is missing from merkle_nodes"
            return
        }
        let storedIndex = sqlite3_column_int64(s, 0)
        let stored = StoredRow.blob(s, 1)
        checked += 1
        if storedIndex > index {
            failure = "merkle node level \(level) index \(index) (\(leaves)) is missing from merkle_nodes"
        } else if storedIndex < index {
            failure = "merkle_nodes holds level \(level) index \(storedIndex), which no tree of these events has"
        } else if stored != hash {
            failure =
                "merkle node level \(level) index \(index) (\(leaves)) does not match: stored \(Hex.encode(stored).prefix(16))…, recomputed \(Hex.encode(hash).prefix(16))…"
        }
    }

    /// A stored node that lies beyond the log's `count` leaves or is not a node at all.
    func extraNode(count: Int64) throws -> String? {
        guard try db.storeHas(.merkleNodes) else { return nil }
        guard
            let row = try Row.fetchOne(
                db,
                sql:
                    "SELECT level, idx FROM merkle_nodes WHERE level < 1 OR level > 62 OR level % ? != 0 OR idx < 0 OR ((idx + 1) << level) > ? ORDER BY level, idx LIMIT 1",
                arguments: [MerkleLayout.stride, min(count, covered)]
            )
        else { return nil }
        let level: Int64 = row[0]
        let index: Int64 = row[1]
        return "merkle_nodes holds level \(level) index \(index), beyond the \(count) events of the log (or not a node at all)"
    }
}
