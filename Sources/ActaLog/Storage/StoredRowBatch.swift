import GRDBSQLite

/// Rows of `events` read on one thread and made into entries on others.
///
/// Reading a row into a ``StoredRow`` makes seven strings and three arrays; on the thread
/// that steps the statement (a replay's folding thread) that was a tenth of its time. A
/// batch instead copies each row's columns into one buffer, and the threads that decode
/// the rows make the strings.
struct StoredRowBatch: Sendable {
    /// position, version, schema, codec, size: five per row.
    private var numbers: [Int64] = []
    /// Every row's text and blob columns, one after the other.
    private var bytes: [UInt8] = []
    /// Where each column of ``fieldColumns`` ends in `bytes`: eight per row.
    private var ends: [Int] = []

    /// The text columns of ``StoreSchema/columnsWithoutHashes`` (id … meta), then the payload.
    /// A replay checks no hash, and reads none (the entries' hashes are empty).
    private static let fieldColumns: [Int32] = [1, 2, 4, 6, 7, 8, 9, 11]
    private static let textFields = 7
    private static let numberColumns: [Int32] = [0, 3, 5, 10, 12]

    init(capacity: Int) {
        numbers.reserveCapacity(capacity * Self.numberColumns.count)
        ends.reserveCapacity(capacity * Self.fieldColumns.count)
        bytes.reserveCapacity(capacity * 512)
    }

    var count: Int { numbers.count / Self.numberColumns.count }
    var isEmpty: Bool { numbers.isEmpty }

    /// Copies the current row of a statement selecting ``StoreSchema/columnsWithoutHashes`` in order.
    mutating func append(_ s: OpaquePointer) {
        for column in Self.numberColumns { numbers.append(sqlite3_column_int64(s, column)) }
        for (k, column) in Self.fieldColumns.enumerated() {
            // sqlite3_column_text or _blob first, then _bytes, as SQLite documents.
            let pointer = k < Self.textFields ? UnsafeRawPointer(sqlite3_column_text(s, column)) : sqlite3_column_blob(s, column)
            let n = Int(sqlite3_column_bytes(s, column))
            if let pointer, n > 0 { bytes.append(contentsOf: UnsafeRawBufferPointer(start: pointer, count: n)) }
            ends.append(bytes.count)
        }
    }

    /// Appends a row given column by column, for an engine without SQLite's statements:
    /// `fields` are the text columns id, stream, type, occurred, recorded, actor, meta.
    mutating func append(
        position: Int64,
        version: Int64,
        schema: Int64,
        codec: Int64,
        size: Int64,
        fields: [String],
        payload: some Collection<UInt8>
    ) {
        numbers += [position, version, schema, codec, size]
        for field in fields {
            bytes.append(contentsOf: field.utf8)
            ends.append(bytes.count)
        }
        bytes.append(contentsOf: payload)
        ends.append(bytes.count)
    }

    func position(_ i: Int) -> Int64 { numbers[i * Self.numberColumns.count] }

    /// Row `i`'s event type.
    func type(_ i: Int) -> String {
        let f = i * Self.fieldColumns.count + 2
        return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[ends[f - 1]..<ends[f]]), as: UTF8.self) }
    }

    /// Row `i` as an entry with its data decompressed, made on the calling thread straight
    /// from the batch (no ``StoredRow``, no copy of the payload); `type`, when the caller
    /// has already read it with ``type(_:)``.
    func entry(_ i: Int, _ decompressor: LZ4Frame.Decompressor, _ dictionaries: Dictionaries, type: String? = nil) throws -> Entry {
        let n = Self.numberColumns.count
        let fields = Self.fieldColumns.count
        return try bytes.withUnsafeBufferPointer { bytes in
            func field(_ k: Int) -> UnsafeBufferPointer<UInt8> {
                let f = i * fields + k
                return UnsafeBufferPointer(rebasing: bytes[(f == 0 ? 0 : ends[f - 1])..<ends[f]])
            }
            func text(_ k: Int) -> String { String(decoding: field(k), as: UTF8.self) }
            let position = numbers[i * n]
            let codec = numbers[i * n + 3]
            let payload = UnsafeRawBufferPointer(field(7))
            let data = try StoredRow.decodeData(
                position: position,
                codec: codec,
                payload: payload,
                size: numbers[i * n + 4],
                decompressor,
                dictionaries
            )
            return Entry(
                position: position,
                id: text(0),
                stream: text(1),
                version: numbers[i * n + 1],
                type: type ?? text(2),
                schema: numbers[i * n + 2],
                occurred: text(3),
                recorded: text(4),
                actor: text(5),
                meta: text(6),
                dataHash: "",
                hash: [],
                chain: [],
                data: data,
                codec: codec,
                storedSize: payload.count
            )
        }
    }
}
