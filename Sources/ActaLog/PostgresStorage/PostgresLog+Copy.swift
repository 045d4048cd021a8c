extension PostgresLog {
    public func insertCopied(dictionaries: [DictionaryRow], checkpoints: [StoredCheckpoint]) throws {
        try writeTransaction { head in
            for d in dictionaries {
                let binds = PostgresBinds(.int(d.id), .text(d.sha256), .bytes(d.bytes), .text(d.created), .text(d.origin))
                try link.query("INSERT INTO dictionaries (id, sha256, bytes, created, origin) VALUES ($1, $2, $3, $4, $5)", binds.bindings)
            }
            for c in checkpoints {
                guard c.size <= head.position else {
                    throw ActaError(.invalidInput, "checkpoint \(c.id) is of tree size \(c.size), beyond the log's head \(head.position)")
                }
                let binds = PostgresBinds(.int(c.id), .int(c.size), .bytes(c.root), .text(c.origin), .text(c.note), .text(c.created))
                try link.query("INSERT INTO checkpoints (id, size, root, origin, note, created) VALUES ($1, $2, $3, $4, $5, $6)", binds.bindings)
            }
        }
    }
}

extension PostgresLog {
    /// Signs the current tree head as on SQLite (``EventLog/signCheckpoint(with:)``), under
    /// the append lock, so the head cannot move between the root and the row.
    public func signCheckpoint(with key: SigningKey) throws -> StoredCheckpoint {
        try writeTransaction { head in
            let tree = try PostgresRows(link: link).merkleTree()
            let last = try latestCheckpointRow()
            let root = try tree.root(size: head.position)
            guard let note = try StoredCheckpoint.note(signing: head.position, root: root, with: key, after: last, rootAt: tree.root(size:))
            else { return last! }
            let binds = PostgresBinds(.int(head.position), .bytes(root), .text(key.name), .text(note), .text(Timestamp.now()))
            try link.query(
                "INSERT INTO checkpoints (id, size, root, origin, note, created) SELECT coalesce(max(id), 0) + 1, $1, $2, $3, $4, $5 FROM checkpoints",
                binds.bindings
            )
            return try latestCheckpointRow()!
        }
    }
}
