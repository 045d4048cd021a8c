import Foundation
import PostgresNIO

extension PostgresLog {
    // MARK: - Reading

    public func head() throws -> LogHead {
        try exclusive {
            let (position, chain, _) = try headRow()
            return LogHead(count: position, chain: chain)
        }
    }

    /// The last position, chain hash and record time; 0, the genesis chain and "" when empty.
    func headRow() throws -> (Int64, [UInt8], String) {
        guard let row = try link.query("SELECT position, chain, recorded FROM events ORDER BY position DESC LIMIT 1").first else {
            return (0, Entry.genesisChain, "")
        }
        return (try row.int(0), try row.bytes(1), try row.text(2))
    }

    public func version(of stream: String) throws -> Int64? {
        var binds = PostgresBinds()
        binds.text(stream)
        return try exclusive { try link.query("SELECT max(version) FROM events WHERE stream = $1", binds.bindings).first?.optionalInt(0) }
    }

    public func forEach(_ filter: EventFilter, _ body: (Entry) throws -> Void) throws {
        let (sqliteSQL, arguments) = filter.sql()
        var binds = PostgresBinds()
        for argument in arguments {
            if let number = argument as? Int64 { binds.int(number) } else { binds.text("\(argument)") }
        }
        let sql = Self.numberedParameters(sqliteSQL)
        try readTransaction {
            let rows = PostgresRows(link: link)
            let dictionaries = try rows.dictionaries()
            let decompressor = LZ4Frame.Decompressor()
            for row in try link.query(sql, binds.bindings) {
                let stored = try StoredRow(row)
                try body(stored.entry(data: try stored.decodeData(decompressor, dictionaries)))
            }
        }
    }

    /// SQLite's `?` parameters as PostgreSQL's `$1`, `$2`, … (the filters' SQL has no `?` elsewhere).
    static func numberedParameters(_ sql: String) -> String {
        var out = ""
        var n = 0
        for character in sql {
            if character == "?" {
                n += 1
                out += "$\(n)"
            } else {
                out.append(character)
            }
        }
        return out
    }

    public func treeHead(size: Int64? = nil) throws -> TreeHead {
        try readTransaction {
            let head = try headRow().0
            let size = size ?? head
            guard size >= 0, size <= head else { throw ActaError(.invalidInput, "tree size \(size) is beyond the log's head \(head)") }
            return TreeHead(size: size, root: try PostgresRows(link: link).merkleTree().root(size: size))
        }
    }

    public func checkpoints() throws -> [StoredCheckpoint] {
        try exclusive { try keptCheckpoints() }
    }

    public func latestCheckpoint() throws -> StoredCheckpoint? {
        try exclusive { try latestCheckpointRow() }
    }

    /// The newest checkpoint, on the connection the caller holds.
    func latestCheckpointRow() throws -> StoredCheckpoint? {
        try checkpointRows(order: " DESC LIMIT 1").first
    }

    /// The rows of table `checkpoints`, oldest first, on the connection the caller holds.
    func keptCheckpoints() throws -> [StoredCheckpoint] {
        try checkpointRows(order: "")
    }

    private func checkpointRows(order: String) throws -> [StoredCheckpoint] {
        try link.query("SELECT id, size, root, origin, note, created FROM checkpoints ORDER BY id\(order)").map {
            StoredCheckpoint(
                id: try $0.int(0),
                size: try $0.int(1),
                root: try $0.bytes(2),
                origin: try $0.text(3),
                note: try $0.text(4),
                created: try $0.text(5)
            )
        }
    }

    public func dictionaryRows() throws -> [DictionaryRow] {
        try exclusive { try PostgresRows(link: link).dictionaryRows() }
    }
}

/// Reads rows of a PostgreSQL store on the caller's connection, inside its transaction: the
/// stream rows the rules fold (``StreamRowSource``), the runs of the Merkle tree
/// (``MerkleRowReader``), the dictionaries.
final class PostgresRows: StreamRowSource, MerkleRowReader {
    let link: PostgresLink
    private var known: Dictionaries?
    private let decompressor = LZ4Frame.Decompressor()

    /// Streams read ahead in one query (``prefetch(streams:)``), each handed out once.
    private var prefetched: [String: [Entry]] = [:]

    init(link: PostgresLink) { self.link = link }

    func entries(stream: String) throws -> [Entry] {
        if let rows = prefetched.removeValue(forKey: stream) { return rows }
        var binds = PostgresBinds()
        binds.text(stream)
        return try entries("WHERE stream = $1 ORDER BY version", binds)
    }

    /// Reads the events of all these streams in one query, for the rules to fold: an import
    /// of many new streams asks once instead of once a stream.
    func prefetch(streams: Set<String>) throws {
        var binds = PostgresBinds()
        binds.bindings.append(Array(streams))
        var found = Dictionary(uniqueKeysWithValues: streams.map { ($0, [Entry]()) })
        for entry in try entries("WHERE stream = ANY($1) ORDER BY position", binds) { found[entry.stream]?.append(entry) }
        prefetched = found
    }

    func entry(at position: Int64) throws -> Entry? {
        var binds = PostgresBinds()
        binds.int(position)
        return try entries("WHERE position = $1", binds).first
    }

    func entry(id: String) throws -> Entry? {
        var binds = PostgresBinds()
        binds.text(id)
        return try entries("WHERE id = $1", binds).first
    }

    private func entries(_ condition: String, _ binds: PostgresBinds) throws -> [Entry] {
        let rows = try link.query("SELECT \(StoreSchema.columns) FROM events \(condition)", binds.bindings).map(StoredRow.init)
        // The table is read again when a payload names a dictionary not known yet.
        if rows.contains(where: { $0.codec == 2 && LZ4Frame.dictionaryID(of: $0.payload).map { known?.byID[$0] == nil } ?? false }) {
            known = nil
        }
        let dictionaries = try self.dictionaries()
        return try rows.map { $0.entry(data: try $0.decodeData(decompressor, dictionaries)) }
    }

    func dictionaries() throws -> Dictionaries {
        if let known { return known }
        var out = Dictionaries()
        for row in try dictionaryRows() {
            let id = UInt32(truncatingIfNeeded: row.id)
            let dictionary = try LZ4Dictionary(row.bytes)
            if Hex.encode(dictionary.sha256) != row.sha256 || dictionary.id != id {
                out.altered[id] = "its bytes do not match its stored sha256 and id"
            }
            out.byID[id] = dictionary
        }
        known = out
        return out
    }

    func dictionaryRows() throws -> [DictionaryRow] {
        try link.query("SELECT id, sha256, bytes, created, origin FROM dictionaries ORDER BY created, id").map {
            DictionaryRow(id: try $0.int(0), sha256: try $0.text(1), bytes: try $0.bytes(2), created: try $0.text(3), origin: try $0.text(4))
        }
    }

    func run(level: Int, first: Int64, count: Int64) throws -> [[UInt8]] {
        var binds = PostgresBinds()
        if level == 0 {
            binds.int(first)
            binds.int(first + count)
            return try link.query("SELECT hash FROM events WHERE position > $1 AND position <= $2 ORDER BY position", binds.bindings).map {
                try $0.bytes(0)
            }
        }
        binds.int(Int64(level))
        binds.int(first)
        binds.int(first + count)
        return try link.query("SELECT hash FROM merkle_nodes WHERE level = $1 AND idx >= $2 AND idx < $3 ORDER BY idx", binds.bindings).map {
            try $0.bytes(0)
        }
    }

    /// The stored tree: every node whose tile is complete in `merkle_nodes` read from there.
    func merkleTree() throws -> StoredMerkleTree {
        let top = try link.query("SELECT max(idx) FROM merkle_nodes WHERE level = \(MerkleLayout.stride)").first?.optionalInt(0)
        return StoredMerkleTree(rows: self, covered: top.map { ($0 + 1) << MerkleLayout.stride } ?? 0)
    }
}

extension StoredRow {
    /// A row of `SELECT` ``StoreSchema/columns`` from PostgreSQL.
    init(_ row: PostgresRow) throws {
        let r = row.makeRandomAccess()
        func bytes(_ i: Int) throws -> [UInt8] { try r[i].decode(ByteBuffer.self).readableBytesView.map { $0 } }
        position = try r[0].decode(Int64.self)
        id = try r[1].decode(String.self)
        stream = try r[2].decode(String.self)
        version = try r[3].decode(Int64.self)
        type = try r[4].decode(String.self)
        schema = try r[5].decode(Int64.self)
        occurred = try r[6].decode(String.self)
        recorded = try r[7].decode(String.self)
        actor = try r[8].decode(String.self)
        meta = try r[9].decode(String.self)
        codec = try r[10].decode(Int64.self)
        payload = try bytes(11)
        size = try r[12].decode(Int64.self)
        dataHash = try r[13].decode(String.self)
        hash = try bytes(14)
        chain = try bytes(15)
    }
}
