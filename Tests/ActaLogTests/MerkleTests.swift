import Foundation
import Testing

@testable import ActaLog

/// The RFC 6962 reference tree of Certificate Transparency and Trillian: its eight leaves,
/// the roots at sizes 1…8, and its inclusion and consistency proofs, as published in
/// github.com/transparency-dev/merkle, proof/verify_test.go (`leaves`, `roots`,
/// `inclusionProofs`, `consistencyProofs`; inherited from Trillian's merkle/log_verifier_test.go
/// and the C++ CT code's merkle_tree_test.cc).
enum ReferenceTree {
    static let leaves = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"]
        .map { Hex.decode($0)! }

    /// roots[i] is the root at size i + 1.
    static let roots = [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ].map { Hex.decode($0)! }

    /// (leaf, 1-based as in the source; tree size; path)
    static let inclusion: [(Int64, Int64, [String])] = [
        (1, 1, []),
        (
            1, 8,
            [
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
            ]
        ),
        (
            6, 8,
            [
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ]
        ),
        (3, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
        (
            2, 5,
            [
                "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            ]
        ),
    ]

    /// (old size, new size, path)
    static let consistency: [(Int64, Int64, [String])] = [
        (1, 1, []),
        (
            1, 8,
            [
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
            ]
        ),
        (
            6, 8,
            [
                "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ]
        ),
        (
            2, 5,
            [
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            ]
        ),
        (
            6, 7,
            [
                "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ]
        ),
    ]

    static var tree: InMemoryMerkleTree { InMemoryMerkleTree(leafHashes: leaves.map(Merkle.leafHash)) }
}

/// The RFC 9162 definitions written out literally on arrays (MTH, PATH, PROOF/SUBPROOF),
/// memoized by range: the reference the stored tree and the verifiers are checked against.
final class NaiveTree {
    let leaves: [[UInt8]]
    private var memo: [Int: [UInt8]] = [:]

    init(leaves: [[UInt8]]) { self.leaves = leaves }

    private func k(_ n: Int) -> Int {
        var k = 1
        while k * 2 < n { k *= 2 }
        return k
    }

    func mth(_ a: Int, _ b: Int) -> [UInt8] {
        let key = a * 100_000 + b
        if let known = memo[key] { return known }
        let n = b - a
        let value: [UInt8]
        if n == 0 {
            value = Digest.sha256([])
        } else if n == 1 {
            value = leaves[a]
        } else {
            let split = k(n)
            value = Digest.sha256([0x01] + mth(a, a + split) + mth(a + split, b))
        }
        memo[key] = value
        return value
    }

    func path(_ m: Int, _ a: Int, _ b: Int) -> [[UInt8]] {
        let n = b - a
        if n == 1 { return [] }
        let split = k(n)
        if m < split { return path(m, a, a + split) + [mth(a + split, b)] }
        return path(m - split, a + split, b) + [mth(a, a + split)]
    }

    func proof(_ m: Int, _ n: Int) -> [[UInt8]] {
        m == 0 || m == n ? [] : subproof(m, 0, n, true)
    }

    private func subproof(_ m: Int, _ a: Int, _ b: Int, _ complete: Bool) -> [[UInt8]] {
        let n = b - a
        if m == n { return complete ? [] : [mth(a, b)] }
        let split = k(n)
        if m <= split { return subproof(m, a, a + split, complete) + [mth(a + split, b)] }
        return subproof(m - split, a + split, b, false) + [mth(a, a + split)]
    }
}

func flippingEachBit(_ bytes: [UInt8], _ body: ([UInt8]) -> Void) {
    for i in 0..<bytes.count {
        for bit in 0..<8 {
            var copy = bytes
            copy[i] ^= UInt8(1) << bit
            body(copy)
        }
    }
}

@Suite struct MerkleTests {
    // MARK: - Published vectors

    @Test func theReferenceTreesRootsAtSizesOneToEight() throws {
        let tree = ReferenceTree.tree
        for size in 1...8 {
            #expect(try tree.root(size: Int64(size)) == ReferenceTree.roots[size - 1], "size \(size)")
        }
        #expect(Hex.encode(try tree.root(size: 8)) == "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328")
        #expect(try tree.root(size: 0) == Hex.decode("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"))
    }

    @Test func theReferenceInclusionProofs() throws {
        let tree = ReferenceTree.tree
        for (leaf, size, expected) in ReferenceTree.inclusion {
            let path = try tree.inclusionPath(index: leaf - 1, size: size)
            #expect(path.map { Hex.encode($0) } == expected, "leaf \(leaf) size \(size)")
            let leafHash = Merkle.leafHash(ReferenceTree.leaves[Int(leaf) - 1])
            #expect(Merkle.verifyInclusion(leafHash: leafHash, index: leaf - 1, size: size, path: path, root: ReferenceTree.roots[Int(size) - 1]))
        }
    }

    @Test func theReferenceConsistencyProofs() throws {
        let tree = ReferenceTree.tree
        for (old, new, expected) in ReferenceTree.consistency {
            let path = try tree.consistencyPath(oldSize: old, newSize: new)
            #expect(path.map { Hex.encode($0) } == expected, "\(old) → \(new)")
            #expect(
                Merkle.verifyConsistency(
                    oldSize: old,
                    newSize: new,
                    oldRoot: ReferenceTree.roots[Int(old) - 1],
                    newRoot: ReferenceTree.roots[Int(new) - 1],
                    path: path
                )
            )
        }
    }

    // MARK: - Every pair up to 256 against the naive tree

    @Test func everyInclusionAndConsistencyProofUpTo256MatchesTheNaiveTree() throws {
        let leaves = (0..<256).map { Merkle.leafHash(Array("leaf \($0)".utf8)) }
        let naive = NaiveTree(leaves: leaves)
        let tree = InMemoryMerkleTree(leafHashes: leaves)
        var frontier = MerkleFrontier()
        for size in 1...256 {
            frontier.append(leaves[size - 1])
            let root = naive.mth(0, size)
            #expect(try tree.root(size: Int64(size)) == root)
            #expect(frontier.root == root)
            for index in 0..<size {
                let path = try tree.inclusionPath(index: Int64(index), size: Int64(size))
                if path != naive.path(index, 0, size) {
                    Issue.record("inclusion path \(index) of \(size) differs")
                    return
                }
                if !Merkle.verifyInclusion(leafHash: leaves[index], index: Int64(index), size: Int64(size), path: path, root: root) {
                    Issue.record("inclusion \(index) of \(size) does not verify")
                    return
                }
                // The same path for a neighbouring leaf or size is refused.
                if index + 1 < size,
                    Merkle.verifyInclusion(leafHash: leaves[index], index: Int64(index + 1), size: Int64(size), path: path, root: root)
                {
                    Issue.record("inclusion \(index) of \(size) verifies at index \(index + 1)")
                    return
                }
            }
            for old in 0...size {
                let path = try tree.consistencyPath(oldSize: Int64(old), newSize: Int64(size))
                if path != naive.proof(old, size) {
                    Issue.record("consistency \(old) → \(size) differs")
                    return
                }
                if !Merkle.verifyConsistency(oldSize: Int64(old), newSize: Int64(size), oldRoot: naive.mth(0, old), newRoot: root, path: path) {
                    Issue.record("consistency \(old) → \(size) does not verify")
                    return
                }
                if old > 0, old < size,
                    Merkle.verifyConsistency(oldSize: Int64(old), newSize: Int64(size), oldRoot: naive.mth(0, old - 1), newRoot: root, path: path)
                {
                    Issue.record("consistency \(old) → \(size) verifies with the wrong old root")
                    return
                }
            }
        }
    }

    // MARK: - Single-bit flips

    @Test func everySingleBitFlipInAnInclusionProofOrRootIsRejected() throws {
        let leaves = (0..<23).map { Merkle.leafHash(Array("leaf \($0)".utf8)) }
        let tree = InMemoryMerkleTree(leafHashes: leaves)
        for (index, size) in [(0, 23), (5, 8), (22, 23), (12, 17), (3, 4)] as [(Int64, Int64)] {
            let root = try tree.root(size: size)
            let path = try tree.inclusionPath(index: index, size: size)
            let leaf = leaves[Int(index)]
            #expect(Merkle.verifyInclusion(leafHash: leaf, index: index, size: size, path: path, root: root))
            var accepted = 0
            for i in path.indices {
                flippingEachBit(path[i]) { flipped in
                    var p = path
                    p[i] = flipped
                    if Merkle.verifyInclusion(leafHash: leaf, index: index, size: size, path: p, root: root) { accepted += 1 }
                }
            }
            flippingEachBit(root) { if Merkle.verifyInclusion(leafHash: leaf, index: index, size: size, path: path, root: $0) { accepted += 1 } }
            flippingEachBit(leaf) { if Merkle.verifyInclusion(leafHash: $0, index: index, size: size, path: path, root: root) { accepted += 1 } }
            #expect(accepted == 0, "\(accepted) flipped proofs of leaf \(index) in \(size) verified")
            // Extra, missing or reordered hashes are refused too.
            #expect(!Merkle.verifyInclusion(leafHash: leaf, index: index, size: size, path: path + [root], root: root))
            if !path.isEmpty {
                #expect(!Merkle.verifyInclusion(leafHash: leaf, index: index, size: size, path: Array(path.dropLast()), root: root))
            }
        }
    }

    @Test func everySingleBitFlipInAConsistencyProofOrARootIsRejected() throws {
        let leaves = (0..<23).map { Merkle.leafHash(Array("leaf \($0)".utf8)) }
        let tree = InMemoryMerkleTree(leafHashes: leaves)
        for (old, new) in [(1, 23), (8, 23), (7, 8), (6, 7), (13, 17), (16, 23)] as [(Int64, Int64)] {
            let oldRoot = try tree.root(size: old)
            let newRoot = try tree.root(size: new)
            let path = try tree.consistencyPath(oldSize: old, newSize: new)
            #expect(Merkle.verifyConsistency(oldSize: old, newSize: new, oldRoot: oldRoot, newRoot: newRoot, path: path))
            var accepted = 0
            for i in path.indices {
                flippingEachBit(path[i]) { flipped in
                    var p = path
                    p[i] = flipped
                    if Merkle.verifyConsistency(oldSize: old, newSize: new, oldRoot: oldRoot, newRoot: newRoot, path: p) { accepted += 1 }
                }
            }
            flippingEachBit(oldRoot) {
                if Merkle.verifyConsistency(oldSize: old, newSize: new, oldRoot: $0, newRoot: newRoot, path: path) { accepted += 1 }
            }
            flippingEachBit(newRoot) {
                if Merkle.verifyConsistency(oldSize: old, newSize: new, oldRoot: oldRoot, newRoot: $0, path: path) { accepted += 1 }
            }
            #expect(accepted == 0, "\(accepted) flipped proofs of \(old) → \(new) verified")
            #expect(!Merkle.verifyConsistency(oldSize: old, newSize: new, oldRoot: oldRoot, newRoot: newRoot, path: []))
            #expect(!Merkle.verifyConsistency(oldSize: old, newSize: new, oldRoot: newRoot, newRoot: oldRoot, path: path))
            #expect(!Merkle.verifyConsistency(oldSize: old, newSize: new, oldRoot: oldRoot, newRoot: newRoot, path: path + [newRoot]))
        }
    }

    // MARK: - Frontier

    @Test func theFrontierReportsEveryCompletedNodeOnce() throws {
        let leaves = (0..<100).map { Merkle.leafHash(Array("leaf \($0)".utf8)) }
        let tree = InMemoryMerkleTree(leafHashes: leaves)
        var frontier = MerkleFrontier()
        var nodes: [String: [UInt8]] = [:]
        for leaf in leaves {
            frontier.append(leaf) { level, index, hash in
                #expect(nodes["\(level)/\(index)"] == nil)
                nodes["\(level)/\(index)"] = hash
            }
        }
        #expect(nodes.count == tree.levels.dropFirst().map(\.count).reduce(0, +))
        for (level, hashes) in tree.levels.enumerated().dropFirst() {
            for (index, hash) in hashes.enumerated() { #expect(nodes["\(level)/\(index)"] == hash) }
        }
        #expect(Merkle.decomposition(100).map { "\($0.level)/\($0.index)" } == ["6/0", "5/2", "2/24"])
    }
}
