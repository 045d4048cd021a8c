import NIOCore

extension PostgresLog {
    /// What ``EventLog/stats()`` counts, from the same columns; the store's bytes on disk are
    /// the database's (`pg_database_size`), where SQLite's are the file's and its WAL's.
    public func stats() throws -> EventLog.Stats {
        try readTransaction {
            let totals = try link.query("SELECT count(*), coalesce(sum(size), 0)::bigint, coalesce(sum(length(payload)), 0)::bigint FROM events")[0]
            let streams = try link.query("SELECT count(DISTINCT stream) FROM events")[0].int(0)
            var types: [String: Int64] = [:]
            for row in try link.query("SELECT type, count(*) FROM events GROUP BY type") { types[try row.text(0)] = try row.int(1) }
            // A codec-2 frame names its dictionary in header bytes 15-18 (little-endian).
            let codecs = try link.query(
                """
                SELECT codec, CASE WHEN codec = 2 THEN substr(payload, 15, 4) END AS dict, count(*), sum(size)::bigint, sum(length(payload))::bigint
                FROM events GROUP BY codec, dict ORDER BY codec, dict
                """
            ).map { r -> EventLog.CodecStats in
                let random = r.makeRandomAccess()
                let b = try random[1].decode(ByteBuffer?.self).map { Array($0.readableBytesView) }
                let id = b.flatMap { $0.count == 4 ? UInt32($0[0]) | UInt32($0[1]) << 8 | UInt32($0[2]) << 16 | UInt32($0[3]) << 24 : nil }
                return EventLog.CodecStats(
                    codec: try r.int(0),
                    dictionary: id,
                    events: try r.int(2),
                    rawBytes: try r.int(3),
                    storedBytes: try r.int(4)
                )
            }
            let size = try link.query("SELECT pg_database_size(current_database())")[0].int(0)
            return EventLog.Stats(
                events: try totals.int(0),
                codecs: codecs,
                streams: streams,
                types: types,
                rawBytes: try totals.int(1),
                storedBytes: try totals.int(2),
                fileBytes: size,
                headChain: Hex.encode(try headRow().1)
            )
        }
    }
}
