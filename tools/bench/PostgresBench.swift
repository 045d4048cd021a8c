import ActaEvents
import ActaLog
import ActaProjections
import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import Synchronization

/// `acta-bench postgres --url URL`: the log on PostgreSQL beside PostgreSQL itself, in the
/// same run on the same server: the import against PostgreSQL's own `COPY` of the same rows
/// into the same schema, durable single appends against raw single-row INSERT transactions
/// over the same driver, verify and rebuild. The stores keep the views, as `acta` opens
/// them; the import and the single appends are also timed without views, in the same
/// rounds, for what folding the views costs. Each measured store is a database of its own
/// (`acta_bench_*`), dropped first; the server keeps its settings (`synchronous_commit=on`).
enum PostgresBench {
    static let logger = Logger(label: "acta-bench")
    /// The columns of `events`, in the order of the store's schema (DESIGN.md, The log).
    static let columns = [
        "position", "id", "stream", "version", "type", "schema", "occurred", "recorded", "actor", "meta", "codec", "payload", "size",
        "data_hash", "hash", "chain",
    ]

    static func run(url: PostgresURL, options: Options) throws {
        let catalog = OCPSCatalog()
        note("generating \(options.events) events…")
        let corpus = Corpus.jsonLines(count: options.events)

        note("import into PostgreSQL…")
        let importURL = try fresh(url, "acta_bench_import")
        // With the views, as `acta` opens a store: every append folds its events into them.
        let store = try PostgresLog.create(importURL, catalog: catalog, projections: OCPSProjections())
        let (imported, importSeconds) = try timed { try store.importJSONLines(corpus, defaultActor: "bench", restore: false, progress: nil) }
        precondition(imported.appended == options.events)

        note("verify…")
        let (report, verifySeconds) = try timed { try store.verifyLog() }
        precondition(report.isIntact && report.count == Int64(options.events))
        note("rebuild of every view…")
        let (_, rebuildSeconds) = try timed { try store.rebuildViews() }
        try store.close()

        note("the same import without views…")
        let bare = try PostgresLog.create(try fresh(url, "acta_bench_import_bare"), catalog: catalog)
        let (_, bareImportSeconds) = try timed { try bare.importJSONLines(corpus, defaultActor: "bench", restore: false, progress: nil) }
        try bare.close()

        note("PostgreSQL's own COPY of the same rows into the same schema…")
        let copyURL = try fresh(url, "acta_bench_copy")
        try PostgresLog.create(copyURL, catalog: catalog).close()
        let rows = try textRows(from: importURL)
        let copySeconds = try copy(rows, into: copyURL)
        // What the import with views writes besides the log: the views' rows. Copied after the
        // same events, into another empty store, for a like-for-like floor.
        note("PostgreSQL's own COPY of the same rows and of the views' rows…")
        let viewRows = try textRows(from: importURL, table: "views", columns: viewColumns, order: "view, key")
        let bothURL = try fresh(url, "acta_bench_copy_views")
        try PostgresLog.create(bothURL, catalog: catalog).close()
        let bothSeconds = try copy(rows, into: bothURL) + copy(viewRows, table: "views", columns: viewColumns, into: bothURL)

        note("durable single appends against raw single-row INSERT transactions, \(options.rounds) rounds of \(options.appends)…")
        let lines = String(decoding: Corpus.jsonLines(count: options.appends * options.rounds, seed: 11), as: UTF8.self).split(separator: "\n")
        let events: [NewEvent] = try lines.map { line in
            let o = try JSONParser.parse(String(line)).objectValue!
            return NewEvent(type: o["type"]!.stringValue!, stream: o["stream"]!.stringValue!, data: o["data"]!, actor: "bench")
        }
        let appendLog = try PostgresLog.create(try fresh(url, "acta_bench_append"), catalog: catalog, projections: OCPSProjections())
        let bareLog = try PostgresLog.create(try fresh(url, "acta_bench_append_bare"), catalog: catalog)
        let rawURL = try fresh(url, "acta_bench_raw")
        try PostgresLog.create(rawURL, catalog: catalog).close()
        let raw = try connect(rawURL)
        defer { try? raw.close().wait() }
        var appendRates: [Double] = []
        var rawRates: [Double] = []
        var bareRates: [Double] = []
        for round in 0..<options.rounds {
            rawRates.append(try singleInsertRate(raw, source: importURL, count: options.appends, startingAt: round * options.appends + 1))
            let slice = events[(round * options.appends)..<((round + 1) * options.appends)]
            let (_, seconds) = try timed { for e in slice { try appendLog.append(e) } }
            appendRates.append(Double(options.appends) / seconds)
            let (_, bareSeconds) = try timed { for e in slice { try bareLog.append(e) } }
            bareRates.append(Double(options.appends) / bareSeconds)
        }
        try appendLog.close()
        try bareLog.close()

        let importRate = Double(options.events) / importSeconds
        let copyRate = Double(rows.count) / copySeconds
        let appendRate = median(appendRates)
        let rawRate = median(rawRates)
        let result: JSONValue = [
            "engine": "postgresql",
            "events": .number(Double(options.events)),
            "cores": .number(Double(ProcessInfo.processInfo.activeProcessorCount)),
            "import_eps": r(importRate),
            "postgres_copy_rows_per_s": r(copyRate),
            "import_vs_postgres_copy": r(importRate / copyRate, 3),
            "view_rows": .number(Double(viewRows.count)),
            "postgres_copy_with_views_events_per_s": r(Double(options.events) / bothSeconds),
            "import_vs_postgres_copy_with_views": r(importRate / (Double(options.events) / bothSeconds), 3),
            "import_without_views_vs_postgres_copy": r(Double(options.events) / bareImportSeconds / copyRate, 3),
            "single_append_per_s": r(appendRate),
            "raw_postgres_single_insert_tx_per_s": r(rawRate),
            "single_append_vs_raw_insert": r(appendRate / rawRate, 3),
            "import_without_views_eps": r(Double(options.events) / bareImportSeconds),
            "single_append_without_views_per_s": r(median(bareRates)),
            "verify_eps": r(Double(options.events) / verifySeconds),
            "rebuild_eps": r(Double(options.events) / rebuildSeconds),
        ]
        print(result.prettyString())
    }

    /// `name` on the server of `url`, dropped (with its roles) if it was there: a new store goes there.
    static func fresh(_ url: PostgresURL, _ name: String) throws -> PostgresURL {
        let admin = try connect(url.database("postgres"))
        defer { try? admin.close().wait() }
        for sql in ["DROP DATABASE IF EXISTS \(name) WITH (FORCE)", "DROP ROLE IF EXISTS \(name)_writer", "DROP ROLE IF EXISTS \(name)_reader"] {
            _ = try admin.query(PostgresQuery(unsafeSQL: sql), logger: logger).wait()
        }
        return url.database(name)
    }

    static func connect(_ url: PostgresURL) throws -> PostgresConnection {
        try PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.any(), configuration: try url.configuration(), id: 1, logger: logger)
            .wait()
    }

    /// The columns of `views`.
    static let viewColumns = ["view", "key", "value"]

    /// Every row of `url`'s `table` (the log by default) in COPY's text format, one buffer a
    /// row, made before the timing.
    static func textRows(
        from url: PostgresURL,
        table: String = "events",
        columns: [String] = columns,
        order: String = "position"
    ) throws -> [ByteBuffer] {
        let connection = try connect(url)
        defer { try? connection.close().wait() }
        // The server writes each column as COPY reads it back (bytea as \x hex, escapes doubled).
        let select = "SELECT \(copySelect(columns)) FROM \(table) ORDER BY \(order)"
        let result = try connection.query(PostgresQuery(unsafeSQL: select), logger: logger).wait()
        return try result.rows.map { row in
            var buffer = ByteBuffer()
            buffer.writeString(try row.decode(String.self))
            buffer.writeString("\n")
            return buffer
        }
    }

    /// One text line per row, in COPY's escaping, made by the server itself.
    static func copySelect(_ columns: [String]) -> String {
        "concat_ws(E'\\t', "
            + columns.map {
                "replace(replace(replace(replace(\($0)::text, E'\\\\', E'\\\\\\\\'), E'\\t', E'\\\\t'), E'\\n', E'\\\\n'), E'\\r', E'\\\\r')"
            }
            .joined(separator: ", ") + ")"
    }

    /// `COPY table FROM STDIN` of `rows` (the log's by default) into `url`'s empty store, in
    /// one transaction: seconds.
    static func copy(_ rows: [ByteBuffer], table: String = "events", columns: [String] = columns, into url: PostgresURL) throws -> Double {
        let connection = try connect(url)
        defer { try? connection.close().wait() }
        let seconds = Mutex<Result<Double, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            do {
                let started = Date()
                try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
                    // About a megabyte a write: a write a row held COPY to the driver's pace
                    // (psql's \copy of the views' rows ran ten times as fast).
                    var chunk = ByteBuffer()
                    for var row in rows {
                        chunk.writeBuffer(&row)
                        if chunk.readableBytes >= 1 << 20 {
                            try await writer.write(chunk)
                            chunk.clear()
                        }
                    }
                    if chunk.readableBytes > 0 { try await writer.write(chunk) }
                }
                seconds.withLock { $0 = .success(Date().timeIntervalSince(started)) }
            } catch {
                seconds.withLock { $0 = .failure(error) }
            }
            done.signal()
        }
        done.wait()
        return try seconds.withLock { $0! }.get()
    }

    /// Durable single-row INSERT transactions (BEGIN, INSERT, COMMIT) of the source's rows
    /// renumbered from `startingAt`: transactions/s.
    static func singleInsertRate(_ connection: PostgresConnection, source: PostgresURL, count: Int, startingAt first: Int) throws -> Double {
        let reader = try connect(source)
        defer { try? reader.close().wait() }
        let rows = try reader.query(
            PostgresQuery(unsafeSQL: "SELECT \(columns.joined(separator: ", ")) FROM events ORDER BY position LIMIT \(count)"),
            logger: logger
        ).wait().rows.map { $0.makeRandomAccess() }
        let placeholders = (1...16).map { "$\($0)" }.joined(separator: ",")
        let insert = "INSERT INTO events (\(columns.joined(separator: ", "))) VALUES (\(placeholders))"
        let started = Date()
        for (n, row) in rows.enumerated() {
            var binds = PostgresBindings()
            let position = Int64(first + n)
            binds.append(position)
            // The id and stream made unique again, the row otherwise the source's.
            binds.append("\(try row[1].decode(String.self))-\(position)")
            binds.append("\(try row[2].decode(String.self))-\(position)")
            for column in 3..<16 {
                switch column {
                case 3, 5, 10, 12: binds.append(try row[column].decode(Int64.self))
                case 11, 14, 15: binds.append(try row[column].decode(ByteBuffer.self))
                default: binds.append(try row[column].decode(String.self))
                }
            }
            _ = try connection.simpleQuery("BEGIN").wait()
            _ = try connection.query(PostgresQuery(unsafeSQL: insert, binds: binds), logger: logger).wait()
            _ = try connection.simpleQuery("COMMIT").wait()
        }
        return Double(rows.count) / Date().timeIntervalSince(started)
    }
}
