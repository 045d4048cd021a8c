import Crypto

/// The RFC 6962 / RFC 9162 Merkle tree over the log's leaf hashes (column `events.hash`,
/// already SHA-256(0x00 ‖ canonical entry)): tree hashes, inclusion and consistency
/// proofs and their verification.
///
/// Leaf `i` (0-based) is the event at position `i + 1`. The node at `(level, index)` is the
/// root of the complete subtree over leaves `index·2^level ..< (index+1)·2^level`; level 0
/// is a leaf. The hash of a tree of any size combines the complete subtrees of its binary
/// decomposition, so every root and every proof needs O(log n) nodes.
///
/// Related documents: <https://www.rfc-editor.org/rfc/rfc9162#section-2.1>,
/// <https://www.rfc-editor.org/rfc/rfc6962#section-2.1>
public enum Merkle {
    /// MTH({}) = SHA-256 of the empty string: the root of the empty tree.
    public static let emptyRoot: [UInt8] = Digest.sha256([])

    /// RFC 6962 leaf hash: SHA-256(0x00 ‖ data).
    public static func leafHash(_ data: [UInt8]) -> [UInt8] {
        Digest.sha256(prefix: 0x00, data)
    }

    /// RFC 6962 interior node: SHA-256(0x01 ‖ left ‖ right).
    public static func nodeHash(_ left: [UInt8], _ right: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        withUnsafeBytes(of: UInt8(0x01)) { hasher.update(bufferPointer: $0) }
        left.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        right.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        return hasher.finalize().withUnsafeBytes { [UInt8]($0) }
    }

    /// The largest power of two smaller than `n` (n ≥ 2): the RFC's split point k.
    static func split(_ n: Int64) -> Int64 {
        precondition(n >= 2)
        return Int64(1) << (63 - (n - 1).leadingZeroBitCount)
    }

    static func isPowerOfTwo(_ n: Int64) -> Bool { n > 0 && n & (n - 1) == 0 }

    /// The complete subtrees of a tree of `size` leaves, left to right: (level, index).
    public static func decomposition(_ size: Int64) -> [(level: Int, index: Int64)] {
        var out: [(Int, Int64)] = []
        var start: Int64 = 0
        var level = 63 - size.leadingZeroBitCount
        while level >= 0 {
            if size & (Int64(1) << level) != 0 {
                out.append((level, start >> level))
                start += Int64(1) << level
            }
            level -= 1
        }
        return out
    }

    // MARK: - Verification (RFC 9162 §2.1.3.2 and §2.1.4.2)

    /// The root an inclusion proof leads to, or nil when the proof has the wrong length
    /// for this index and size.
    public static func rootFromInclusionProof(leafHash: [UInt8], index: Int64, size: Int64, path: [[UInt8]]) -> [UInt8]? {
        guard index >= 0, index < size, leafHash.count == 32, path.allSatisfy({ $0.count == 32 }) else { return nil }
        var fn = index
        var sn = size - 1
        var r = leafHash
        for p in path {
            if sn == 0 { return nil }
            if fn & 1 == 1 || fn == sn {
                r = nodeHash(p, r)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                r = nodeHash(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 ? r : nil
    }

    /// Whether `path` proves that `leafHash` is leaf `index` of the tree of `size` leaves with `root`.
    public static func verifyInclusion(leafHash: [UInt8], index: Int64, size: Int64, path: [[UInt8]], root: [UInt8]) -> Bool {
        rootFromInclusionProof(leafHash: leafHash, index: index, size: size, path: path) == root
    }

    /// Whether `path` proves that the tree of `oldSize` leaves with `oldRoot` is a prefix of
    /// the tree of `newSize` leaves with `newRoot`.
    public static func verifyConsistency(oldSize: Int64, newSize: Int64, oldRoot: [UInt8], newRoot: [UInt8], path: [[UInt8]]) -> Bool {
        guard oldSize >= 0, oldSize <= newSize, oldRoot.count == 32, newRoot.count == 32, path.allSatisfy({ $0.count == 32 }) else { return false }
        if oldSize == newSize { return path.isEmpty && oldRoot == newRoot }
        if oldSize == 0 { return path.isEmpty && oldRoot == emptyRoot }
        if path.isEmpty { return false }
        var proof = path
        if isPowerOfTwo(oldSize) { proof.insert(oldRoot, at: 0) }
        var fn = oldSize - 1
        var sn = newSize - 1
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        var fr = proof[0]
        var sr = proof[0]
        for c in proof.dropFirst() {
            if sn == 0 { return false }
            if fn & 1 == 1 || fn == sn {
                fr = nodeHash(c, fr)
                sr = nodeHash(c, sr)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                sr = nodeHash(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && fr == oldRoot && sr == newRoot
    }
}

/// Where a tree's complete subtrees come from: the store, or memory.
public protocol MerkleNodeSource {
    /// The root of the complete subtree at `level` over leaves `index·2^level ..< (index+1)·2^level`.
    func node(level: Int, index: Int64) throws -> [UInt8]
}

extension MerkleNodeSource {
    /// MTH(D[start ..< end]) as RFC 9162 defines it: split at the largest power of two below
    /// the size. Every range the proofs ask for starts aligned to its largest complete
    /// subtree, so this reads O(log n) nodes.
    public func subtreeHash(_ start: Int64, _ end: Int64) throws -> [UInt8] {
        let n = end - start
        precondition(n >= 1)
        if Merkle.isPowerOfTwo(n), start % n == 0 {
            return try node(level: n.trailingZeroBitCount, index: start / n)
        }
        let k = Merkle.split(n)
        return Merkle.nodeHash(try subtreeHash(start, start + k), try subtreeHash(start + k, end))
    }

    /// The root of the tree of the first `size` leaves.
    public func root(size: Int64) throws -> [UInt8] {
        size == 0 ? Merkle.emptyRoot : try subtreeHash(0, size)
    }

    /// PATH(index, D[0 ..< size]) (RFC 9162 §2.1.3.1), leaf-side first.
    public func inclusionPath(index: Int64, size: Int64) throws -> [[UInt8]] {
        precondition(index >= 0 && index < size)
        var path: [[UInt8]] = []
        try inclusionPath(index, 0, size, &path)
        return path
    }

    private func inclusionPath(_ m: Int64, _ start: Int64, _ end: Int64, _ path: inout [[UInt8]]) throws {
        let n = end - start
        if n == 1 { return }
        let k = Merkle.split(n)
        if m - start < k {
            try inclusionPath(m, start, start + k, &path)
            path.append(try subtreeHash(start + k, end))
        } else {
            try inclusionPath(m, start + k, end, &path)
            path.append(try subtreeHash(start, start + k))
        }
    }

    /// PROOF(old, D[0 ..< new]) (RFC 9162 §2.1.4.1).
    public func consistencyPath(oldSize: Int64, newSize: Int64) throws -> [[UInt8]] {
        precondition(oldSize >= 0 && oldSize <= newSize)
        if oldSize == 0 || oldSize == newSize { return [] }
        var path: [[UInt8]] = []
        try subproof(oldSize, 0, newSize, true, &path)
        return path
    }

    private func subproof(_ m: Int64, _ start: Int64, _ end: Int64, _ complete: Bool, _ path: inout [[UInt8]]) throws {
        let n = end - start
        if m == n {
            if !complete { path.append(try subtreeHash(start, end)) }
            return
        }
        let k = Merkle.split(n)
        if m <= k {
            try subproof(m, start, start + k, complete, &path)
            path.append(try subtreeHash(start + k, end))
        } else {
            try subproof(m - k, start + k, end, false, &path)
            path.append(try subtreeHash(start, start + k))
        }
    }
}

/// A tree held in memory, every level kept: for tests, tools and recomputation.
struct InMemoryMerkleTree: MerkleNodeSource, Sendable {
    /// levels[0] are the leaf hashes; levels[l][i] the complete subtree (l, i).
    public private(set) var levels: [[[UInt8]]] = [[]]

    public init(leafHashes: [[UInt8]] = []) {
        for leaf in leafHashes { append(leaf) }
    }

    public var size: Int64 { Int64(levels[0].count) }

    public mutating func append(_ leafHash: [UInt8]) {
        levels[0].append(leafHash)
        var level = 0
        while levels[level].count % 2 == 0 {
            let n = levels[level].count
            let parent = Merkle.nodeHash(levels[level][n - 2], levels[level][n - 1])
            if levels.count == level + 1 { levels.append([]) }
            levels[level + 1].append(parent)
            level += 1
        }
    }

    public func node(level: Int, index: Int64) throws -> [UInt8] {
        guard level < levels.count, index < levels[level].count else {
            throw ActaError(.invalidInput, "no complete subtree at level \(level), index \(index) in a tree of \(size) leaves")
        }
        return levels[level][Int(index)]
    }
}

/// The right edge of a tree: the roots of the complete subtrees of its size's binary
/// decomposition, largest first. Appending a leaf completes the nodes it closes; the root
/// of the whole tree folds the edge from the right. O(log n) memory.
public struct MerkleFrontier: Sendable {
    public private(set) var size: Int64 = 0
    /// (level, hash), largest subtree first.
    public private(set) var edge: [(level: Int, hash: [UInt8])] = []

    public init() {}

    /// The frontier of a tree of `size` leaves, from the hashes of its decomposition's subtrees.
    public init(size: Int64, edge: [(level: Int, hash: [UInt8])]) {
        self.size = size
        self.edge = edge
    }

    /// Appends a leaf.
    public mutating func append(_ leafHash: [UInt8]) {
        append(leafHash) { _, _, _ in }
    }

    /// Appends a leaf; `completed` receives each node it closes: (level, index, hash), lowest first.
    public mutating func append(_ leafHash: [UInt8], completed: (Int, Int64, [UInt8]) throws -> Void) rethrows {
        var hash = leafHash
        var level = 0
        let leafIndex = size
        while let last = edge.last, last.level == level {
            edge.removeLast()
            hash = Merkle.nodeHash(last.hash, hash)
            level += 1
            try completed(level, leafIndex >> level, hash)
        }
        edge.append((level, hash))
        size += 1
    }

    /// The tree's root (the empty tree's for size 0).
    public var root: [UInt8] {
        guard var r = edge.last?.hash else { return Merkle.emptyRoot }
        for entry in edge.dropLast().reversed() { r = Merkle.nodeHash(entry.hash, r) }
        return r
    }
}
