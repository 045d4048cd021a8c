import GRDBSQLite

/// One row of `events` as read, before its payload is decompressed.
struct StoredRow: Sendable {
    var position: Int64
    var id: String
    var stream: String
    var version: Int64
    var type: String
    var schema: Int64
    var occurred: String
    var recorded: String
    var actor: String
    var meta: String
    var codec: Int64
    var payload: [UInt8]
    var size: Int64
    var dataHash: String
    var hash: [UInt8]
    var chain: [UInt8]

    /// Reads the current row of a statement selecting ``StoreSchema/columns`` in order.
    init(_ s: OpaquePointer) {
        position = sqlite3_column_int64(s, 0)
        id = Self.text(s, 1)
        stream = Self.text(s, 2)
        version = sqlite3_column_int64(s, 3)
        type = Self.text(s, 4)
        schema = sqlite3_column_int64(s, 5)
        occurred = Self.text(s, 6)
        recorded = Self.text(s, 7)
        actor = Self.text(s, 8)
        meta = Self.text(s, 9)
        codec = sqlite3_column_int64(s, 10)
        payload = Self.blob(s, 11)
        size = sqlite3_column_int64(s, 12)
        dataHash = Self.text(s, 13)
        hash = Self.blob(s, 14)
        chain = Self.blob(s, 15)
    }

    static func text(_ s: OpaquePointer, _ i: Int32) -> String {
        guard let p = sqlite3_column_text(s, i) else { return "" }
        let n = Int(sqlite3_column_bytes(s, i))
        return String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
    }

    static func blob(_ s: OpaquePointer, _ i: Int32) -> [UInt8] {
        let n = Int(sqlite3_column_bytes(s, i))
        guard n > 0, let p = sqlite3_column_blob(s, i) else { return [] }
        return [UInt8](UnsafeRawBufferPointer(start: p, count: n))
    }

    /// The canonical entry these columns describe.
    func canonicalEntry() -> [UInt8] {
        Entry.canonicalEntry(
            position: position,
            id: id,
            stream: stream,
            version: version,
            type: type,
            schema: schema,
            occurred: occurred,
            recorded: recorded,
            actor: actor,
            meta: meta,
            dataHash: dataHash
        )
    }

    /// Decompresses the payload according to its codec: 1, a plain LZ4 frame; 2, an LZ4 frame
    /// compressed against the dictionary its header names.
    func decodeData(_ decompressor: LZ4Frame.Decompressor, _ dictionaries: Dictionaries) throws -> [UInt8] {
        try payload.withUnsafeBytes { payload in
            try Self.decodeData(position: position, codec: codec, payload: payload, size: size, decompressor, dictionaries)
        }
    }

    /// ``decodeData(_:_:)`` of a payload wherever its bytes are.
    static func decodeData(
        position: Int64,
        codec: Int64,
        payload: UnsafeRawBufferPointer,
        size: Int64,
        _ decompressor: LZ4Frame.Decompressor,
        _ dictionaries: Dictionaries
    ) throws -> [UInt8] {
        var dictionary: LZ4Dictionary? = nil
        switch codec {
        case 1: break
        case 2:
            guard let id = LZ4Frame.dictionaryID(of: payload) else {
                throw ActaError(.integrity, "codec 2 payload names no dictionary", at: [.position(position)])
            }
            guard let found = dictionaries.byID[id] else {
                throw ActaError(
                    .integrity,
                    "dictionary \(id) is missing from table dictionaries (this is the first event that uses it)",
                    at: [.position(position)]
                )
            }
            if let why = dictionaries.altered[id] {
                throw ActaError(.integrity, "dictionary \(id) was altered: \(why) (this is the first event that uses it)", at: [.position(position)])
            }
            dictionary = found
        default:
            throw ActaError(.integrity, "unknown codec \(codec)", at: [.position(position)])
        }
        do {
            return try decompressor.decompress(payload, expectedSize: Int(size), dictionary: dictionary)
        } catch {
            throw ActaError(.integrity, "payload cannot be decoded: \(error)", at: [.position(position)])
        }
    }

    func entry(data: [UInt8]) -> Entry {
        Entry(
            position: position,
            id: id,
            stream: stream,
            version: version,
            type: type,
            schema: schema,
            occurred: occurred,
            recorded: recorded,
            actor: actor,
            meta: meta,
            dataHash: dataHash,
            hash: hash,
            chain: chain,
            data: data,
            codec: codec,
            storedSize: payload.count
        )
    }
}
