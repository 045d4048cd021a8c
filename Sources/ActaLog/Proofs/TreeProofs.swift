/// The proofs of a stored tree, whatever engine holds it: the engine reads the head, the
/// tree (``StoredMerkleTree``) and an entry in one read transaction, and these check the
/// sizes and build the proofs, so both engines answer the same questions the same way.
enum TreeProofs {
    /// Proof that the event at `position` is in the tree of `size` leaves (default: `head`).
    static func inclusion(
        position: Int64,
        size: Int64?,
        head: Int64,
        tree: StoredMerkleTree,
        entry: (Int64) throws -> Entry
    ) throws -> InclusionProof {
        guard position >= 1, position <= head else {
            throw ActaError(.invalidInput, "position \(position) is out of range: the log holds positions 1–\(head)")
        }
        let size = try checkSize(size ?? head, head: head)
        guard position <= size else {
            throw ActaError(.invalidInput, "position \(position) is not in the tree of size \(size); pass a size of at least \(position)")
        }
        return InclusionProof(
            entry: try entry(position),
            leafIndex: position - 1,
            treeSize: size,
            root: try tree.root(size: size),
            path: try tree.inclusionPath(index: position - 1, size: size)
        )
    }

    /// Proof that the tree of `oldSize` leaves is a prefix of the tree of `newSize` (default: `head`).
    ///
    /// RFC 9162 §2.1.4 defines consistency proofs for 0 < old size ≤ new size (equal sizes: an
    /// empty path, the roots equal). From size 0 there is nothing to prove (every tree extends
    /// the empty one), so an old size of 0 is refused, as the reader's API refuses `from=0`.
    static func consistency(from oldSize: Int64, to newSize: Int64?, head: Int64, tree: StoredMerkleTree) throws -> ConsistencyProof {
        let newSize = try checkSize(newSize ?? head, head: head)
        guard oldSize >= 1 else {
            throw ActaError(
                .invalidInput,
                "old size \(oldSize): a consistency proof starts from a tree of at least 1 event (RFC 9162 §2.1.4; every tree extends the empty one, so there is nothing to prove)"
            )
        }
        guard oldSize <= newSize else {
            throw ActaError(.invalidInput, "old size \(oldSize) must be between 1 and the new size \(newSize)")
        }
        return ConsistencyProof(
            oldSize: oldSize,
            newSize: newSize,
            oldRoot: try tree.root(size: oldSize),
            newRoot: try tree.root(size: newSize),
            path: try tree.consistencyPath(oldSize: oldSize, newSize: newSize)
        )
    }

    static func checkSize(_ size: Int64, head: Int64) throws -> Int64 {
        guard size >= 0 else { throw ActaError(.invalidInput, "tree size \(size) is negative") }
        guard size <= head else { throw ActaError(.invalidInput, "tree size \(size) is beyond the log's \(head) events") }
        return size
    }
}
