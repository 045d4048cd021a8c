import NIOCore
import PostgresNIO

/// Rows of `events` waiting for their batch, held column by column: one `INSERT … SELECT *
/// FROM unnest($1, …, $16)` sends a batch as sixteen arrays (binary, one bind each), which
/// PostgreSQL parses and plans once whatever the number of rows, instead of a `VALUES` list
/// of 16 binds a row.
struct PostgresEventColumns {
    private var position: [Int64] = []
    private var id: [String] = []
    private var stream: [String] = []
    private var version: [Int64] = []
    private var type: [String] = []
    private var schema: [Int64] = []
    private var occurred: [String] = []
    private var recorded: [String] = []
    private var actor: [String] = []
    private var meta: [String] = []
    private var codec: [Int64] = []
    private var payload: [ByteBuffer] = []
    private var size: [Int64] = []
    private var dataHash: [String] = []
    private var hash: [ByteBuffer] = []
    private var chain: [ByteBuffer] = []

    /// The arrays' element types, in the order of ``StoreSchema/columns``.
    static let types = [
        "bigint", "text", "text", "bigint", "text", "bigint", "text", "text", "text", "text", "bigint", "bytea", "bigint", "text", "bytea", "bytea",
    ]

    static let insert =
        "INSERT INTO events (\(StoreSchema.columns)) SELECT * FROM unnest("
        + types.enumerated().map { "$\($0.offset + 1)::\($0.element)[]" }.joined(separator: ", ") + ")"

    var count: Int { position.count }

    mutating func append(_ event: PreparedEvent, at landing: Landing, hash leaf: [UInt8], chain link: [UInt8]) {
        position.append(landing.position)
        id.append(event.id)
        stream.append(event.stream)
        version.append(landing.version)
        type.append(event.type)
        schema.append(landing.schema)
        occurred.append(landing.occurred)
        recorded.append(landing.recorded)
        actor.append(event.actor)
        meta.append(event.meta)
        codec.append(event.codec)
        payload.append(ByteBuffer(bytes: event.payload))
        size.append(Int64(event.data.count))
        dataHash.append(event.dataHash)
        hash.append(ByteBuffer(bytes: leaf))
        chain.append(ByteBuffer(bytes: link))
    }

    /// The sixteen arrays, in the order of ``insert``.
    var bindings: PostgresBindings {
        var binds = PostgresBindings(capacity: 16)
        append(to: &binds)
        return binds
    }

    /// Appends the sixteen arrays to `binds`.
    func append(to binds: inout PostgresBindings) {
        binds.append(position)
        binds.append(id)
        binds.append(stream)
        binds.append(version)
        binds.append(type)
        binds.append(schema)
        binds.append(occurred)
        binds.append(recorded)
        binds.append(actor)
        binds.append(meta)
        binds.append(codec)
        binds.append(payload)
        binds.append(size)
        binds.append(dataHash)
        binds.append(hash)
        binds.append(chain)
    }
}

/// The rows a PostgreSQL append session holds back for one `INSERT`: inserted when the batch
/// is full, when the transaction ends, and when the rules read the log (``WaitingRows``).
final class PostgresWaitingRows: WaitingRows {
    private let link: PostgresLink
    private var columns = PostgresEventColumns()
    private var ids: Set<String> = []

    init(link: PostgresLink) { self.link = link }

    var count: Int { columns.count }

    func holds(id: String) -> Bool { ids.contains(id) }

    func add(_ event: PreparedEvent, at landing: Landing, hash: [UInt8], chain: [UInt8]) {
        columns.append(event, at: landing, hash: hash, chain: chain)
        ids.insert(event.id)
    }

    func flush() throws {
        guard columns.count > 0 else { return }
        link.send(PostgresEventColumns.insert, take().bindings)
    }

    /// The rows waiting, taken out: they go in a statement of the caller's
    /// (``PostgresSchema/appendOneFunction``) rather than their `INSERT`.
    func take() -> PostgresEventColumns {
        defer {
            columns = PostgresEventColumns()
            ids.removeAll(keepingCapacity: true)
        }
        return columns
    }
}
