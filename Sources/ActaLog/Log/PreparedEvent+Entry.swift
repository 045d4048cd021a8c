/// What the register adds to a prepared event when it accepts it: its place in the log and
/// in its stream, the schema it is recorded under, and when.
struct Landing {
    var position: Int64
    var version: Int64
    var schema: Int64
    var recorded: String
    /// The day the event happened as written: the prepared one, or the one its stream's
    /// state gave (``StreamState/occurred(of:)``).
    var occurred: String
}

extension PreparedEvent {
    /// The canonical entry of this event at `landing` (what its leaf hash covers), written
    /// into `buffer`, which is emptied first and may be reused from event to event.
    func writeCanonicalEntry(at landing: Landing, to buffer: inout [UInt8]) {
        buffer.removeAll(keepingCapacity: true)
        Entry.writeCanonicalEntry(
            position: landing.position,
            id: id,
            stream: stream,
            version: landing.version,
            type: type,
            schema: landing.schema,
            occurred: landing.occurred,
            recorded: landing.recorded,
            actor: actor,
            meta: meta,
            dataHash: dataHash,
            to: &buffer
        )
    }

    /// The entry as written at `landing`, with its leaf and chain hashes.
    func entry(at landing: Landing, hash: [UInt8], chain: [UInt8]) -> Entry {
        Entry(
            position: landing.position,
            id: id,
            stream: stream,
            version: landing.version,
            type: type,
            schema: landing.schema,
            occurred: landing.occurred,
            recorded: landing.recorded,
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
