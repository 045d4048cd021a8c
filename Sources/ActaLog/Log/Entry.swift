/// One event as the log holds it: the row of table `events`, with its data decompressed.
///
/// The leaf hash covers the canonical entry (RFC 8785 JSON of the header fields and the
/// data's hash), never the compressed bytes: recompressing changes no hash, and a purged
/// payload leaves every hash intact.
public struct Entry: Sendable, Equatable {
    public var position: Int64
    public var id: String
    public var stream: String
    public var version: Int64
    public var type: String
    public var schema: Int64
    public var occurred: String
    public var recorded: String
    public var actor: String
    /// Canonical JSON text of a JSON object (source, corrects, causation, …); `{}` when empty.
    public var meta: String
    /// Lowercase hex SHA-256 of ``data``.
    public var dataHash: String
    /// RFC 6962 leaf hash: SHA-256(0x00 ‖ canonical entry).
    public var hash: [UInt8]
    /// SHA-256(previous chain ‖ hash); the first previous is 32 zero bytes.
    public var chain: [UInt8]
    /// The canonical JSON bytes of the event's data.
    public var data: [UInt8]
    /// How the payload is stored (1 = LZ4 frame) and its stored size in bytes.
    public var codec: Int64
    public var storedSize: Int

    /// The data as a JSON value.
    public func dataValue() throws -> JSONValue {
        try JSONParser.parse(data)
    }

    /// The metadata as a JSON object.
    public func metaValue() -> [String: JSONValue] {
        (try? JSONParser.parse(meta))?.objectValue ?? [:]
    }

    public var hashHex: String { Hex.encode(hash) }
    public var chainHex: String { Hex.encode(chain) }

    /// The RFC 8785 JSON of `position, id, stream, version, type, schema, occurred, recorded,
    /// actor, meta, data_hash`: the bytes the leaf hash covers.
    public func canonicalEntry() -> [UInt8] {
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

    /// The canonical entry; keys in RFC 8785 order (all ASCII, so byte order).
    /// `meta` must already be canonical JSON.
    public static func canonicalEntry(
        position: Int64,
        id: String,
        stream: String,
        version: Int64,
        type: String,
        schema: Int64,
        occurred: String,
        recorded: String,
        actor: String,
        meta: String,
        dataHash: String
    ) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(320 + meta.utf8.count)
        writeCanonicalEntry(
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
            to: &out
        )
        return out
    }

    /// Appends the canonical entry to `out` (a batch reuses one buffer).
    static func writeCanonicalEntry(
        position: Int64,
        id: String,
        stream: String,
        version: Int64,
        type: String,
        schema: Int64,
        occurred: String,
        recorded: String,
        actor: String,
        meta: String,
        dataHash: String,
        to out: inout [UInt8]
    ) {
        out.append(contentsOf: #"{"actor":"#.utf8)
        CanonicalJSON.writeString(actor, to: &out)
        out.append(contentsOf: #","data_hash":"#.utf8)
        CanonicalJSON.writeString(dataHash, to: &out)
        out.append(contentsOf: #","id":"#.utf8)
        CanonicalJSON.writeString(id, to: &out)
        out.append(contentsOf: #","meta":"#.utf8)
        out.append(contentsOf: meta.utf8)
        out.append(contentsOf: #","occurred":"#.utf8)
        CanonicalJSON.writeString(occurred, to: &out)
        out.append(contentsOf: #","position":"#.utf8)
        writeInteger(position, to: &out)
        out.append(contentsOf: #","recorded":"#.utf8)
        CanonicalJSON.writeString(recorded, to: &out)
        out.append(contentsOf: #","schema":"#.utf8)
        writeInteger(schema, to: &out)
        out.append(contentsOf: #","stream":"#.utf8)
        CanonicalJSON.writeString(stream, to: &out)
        out.append(contentsOf: #","type":"#.utf8)
        CanonicalJSON.writeString(type, to: &out)
        out.append(contentsOf: #","version":"#.utf8)
        writeInteger(version, to: &out)
        out.append(UInt8(ascii: "}"))
    }

    /// The decimal digits of `n`, as `String(n)` writes them.
    private static func writeInteger(_ n: Int64, to out: inout [UInt8]) {
        if n < 0 {
            out.append(contentsOf: String(n).utf8)
            return
        }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // room for the 19 digits of Int64.max
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            var v = UInt64(n)
            repeat {
                buffer[23 - count] = UInt8(ascii: "0") + UInt8(v % 10)
                v /= 10
                count += 1
            } while v > 0
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[(24 - count)...]))
        }
    }

    /// RFC 6962 leaf hash of a canonical entry: SHA-256(0x00 ‖ entry).
    public static func leafHash(_ canonicalEntry: [UInt8]) -> [UInt8] {
        Digest.sha256(prefix: 0x00, canonicalEntry)
    }

    /// The chain hash: SHA-256(previous ‖ leaf).
    public static func chainHash(previous: [UInt8], leaf: [UInt8]) -> [UInt8] {
        Digest.sha256(previous, leaf)
    }

    /// The `previous` of position 1.
    public static let genesisChain = [UInt8](repeating: 0, count: 32)

    /// The full entry as a JSON object: the canonical keys, `data`, `hash` and `chain`.
    /// This is the line format of `acta export`, which `acta import` restores.
    public func exportObject() throws -> JSONValue {
        .object([
            "position": .number(Double(position)), "id": .string(id), "stream": .string(stream),
            "version": .number(Double(version)), "type": .string(type), "schema": .number(Double(schema)),
            "occurred": .string(occurred), "recorded": .string(recorded), "actor": .string(actor),
            "meta": .object(metaValue()), "data_hash": .string(dataHash), "data": try dataValue(),
            "hash": .string(hashHex), "chain": .string(chainHex),
        ])
    }
}
