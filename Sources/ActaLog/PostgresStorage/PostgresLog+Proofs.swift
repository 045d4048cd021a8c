extension PostgresLog {
    // MARK: - Proofs

    public func inclusionProof(position: Int64, size: Int64? = nil) throws -> InclusionProof {
        try readTransaction {
            let rows = PostgresRows(link: link)
            return try TreeProofs.inclusion(position: position, size: size, head: try headRow().0, tree: try rows.merkleTree()) {
                guard let entry = try rows.entry(at: $0) else { throw ActaError(.invalidInput, "no event at position \($0)") }
                return entry
            }
        }
    }

    public func consistencyProof(from oldSize: Int64, to newSize: Int64? = nil) throws -> ConsistencyProof {
        try readTransaction {
            try TreeProofs.consistency(from: oldSize, to: newSize, head: try headRow().0, tree: try PostgresRows(link: link).merkleTree())
        }
    }

    public func entry(id: String) throws -> Entry? {
        guard let normalized = EventID.normalize(id) else { return nil }
        return try exclusive { try PostgresRows(link: link).entry(id: normalized) }
    }
}
