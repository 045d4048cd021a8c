extension PostgresLog {
    // MARK: - Dictionaries, as `acta dictionary` shows and trains them

    /// The store's dictionaries, oldest first: the newest compresses new events.
    public func dictionaries() throws -> [StoredDictionary] {
        try exclusive {
            try link.query("SELECT id, sha256, length(bytes), created, origin FROM dictionaries ORDER BY created, id").map { row in
                StoredDictionary(
                    id: UInt32(truncatingIfNeeded: try row.int(0)),
                    sha256: try row.text(1),
                    size: Int(try row.int(2)),
                    created: try row.text(3),
                    origin: try row.text(4)
                )
            }
        }
    }

    /// Makes a new dictionary from the latest events, as on SQLite (``EventLog/trainDictionary(bytes:)``),
    /// stored under the append lock so no append runs between it and the events it follows.
    public func trainDictionary(bytes limit: Int = 16_384) throws -> StoredDictionary {
        let dictionary = try LZ4Dictionary.trained(bytes: limit) { try forEach(EventFilter(limit: 4096, descending: true), $0) }
        try writeTransaction { _ in try Self.ensureStored(dictionary, link, origin: LZ4Dictionary.trainedOrigin) }
        appendDictionary.withLock { $0 = (true, dictionary) }
        guard let stored = try dictionaries().first(where: { $0.id == dictionary.id }) else {
            throw ActaError(.store, "\(location): the trained dictionary \(dictionary.id) is not in table dictionaries after its commit")
        }
        return stored
    }
}
