import Foundation

extension PostgresLog {
    // MARK: - Appending

    @discardableResult
    public func append(_ event: NewEvent) throws -> AppendResult {
        let prepared = try PreparedEvent.prepare(event, catalog: catalog, dictionary: try dictionaryForAppend())
        if let result = try appendWhole(prepared) { return result }
        return try transaction { session in
            let result = try session.append(prepared)
            try session.flush()
            return result
        }
    }

    public func append(batch events: [NewEvent], label: @escaping @Sendable (Int) -> ActaError.Place? = { .event($0 + 1) }) throws -> [AppendResult] {
        let dictionary = try dictionaryForAppend()
        let prepared = try EventLog.prepareInParallel(events.count, label: label) { i in
            try PreparedEvent.prepare(events[i], catalog: self.catalog, dictionary: dictionary)
        }
        return try appendPrepared(prepared.map { ImportLine(event: $0) }, label: label).results
    }

    public func importJSONLines(
        _ text: [UInt8],
        defaultActor: String,
        restore: Bool = false,
        progress: (@Sendable (String, Int, Int) -> Void)? = nil
    ) throws -> ImportResult {
        var numbers: [Int] = []
        var lines: [ArraySlice<UInt8>] = []
        for (index, line) in text.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            let line = line.last == 0x0D ? line.dropLast() : line
            if line.count > Limits.maxLineBytes {
                throw ActaError(.invalidInput, "longer than \(Limits.maxLineBytes) bytes", at: [.line(index + 1)])
            }
            guard line.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { continue }
            numbers.append(index + 1)
            lines.append(line)
        }
        if lines.isEmpty { throw ActaError(.invalidInput, "nothing to import: the input has no lines") }
        let label: @Sendable (Int) -> ActaError.Place? = { [numbers] in .line(numbers[$0]) }
        let catalog = self.catalog
        let dictionary = try dictionaryForAppend()
        let total = lines.count
        progress?("appending", 0, total)
        // Lines are parsed, checked and compressed on another thread, chunk by chunk, while
        // this one appends the chunk before (as on SQLite, ``EventLog/importJSONLines``).
        let pipeline = ChunkPipeline<ImportLine>(count: total, chunkSize: 512, lead: 16) { [lines] i in
            do {
                return try EventLog.parseLine(Array(lines[i]), catalog: catalog, defaultActor: defaultActor, dictionary: dictionary)
            } catch {
                throw EventLog.labelled(error, label(i))
            }
        }
        defer { pipeline.cancelAndWait() }
        var result = ImportResult(appended: 0, duplicates: 0, restored: 0)
        // The head read under the lock: the lines are taken once, so the transaction must
        // not start again from another head.
        try transaction(readsHead: true) { session in
            session.restoresIntoNonEmpty = restore
            for chunk in 0..<pipeline.chunkCount {
                let items = try pipeline.take(chunk)
                let base = chunk * pipeline.chunkSize
                try session.prefetch(streams: Set(items.map(\.event.stream)))
                for (offset, item) in items.enumerated() {
                    let appended: AppendResult
                    do { appended = try session.append(item.event, restored: item.restored) } catch {
                        throw EventLog.labelled(error, label(base + offset))
                    }
                    if appended.duplicate {
                        result.duplicates += 1
                    } else {
                        result.appended += 1
                        if item.restored != nil { result.restored += 1 }
                        if result.firstPosition == nil { result.firstPosition = appended.position }
                        result.lastPosition = appended.position
                    }
                }
                let count = items.count
                pipeline.retire(chunk, consume items)
                progress?("appending", min(total, base + count), total)
            }
            try session.flush()
        }
        return result
    }

    /// Appends prepared events (and restores export lines) in one transaction; the results,
    /// and how many were restored.
    func appendPrepared(
        _ items: [ImportLine],
        label: @escaping @Sendable (Int) -> ActaError.Place?,
        restoresIntoNonEmpty: Bool = false,
        commit: Bool = true
    ) throws -> (results: [AppendResult], restored: Int) {
        try transaction(commit: commit) { session in
            session.restoresIntoNonEmpty = restoresIntoNonEmpty
            try session.prefetch(streams: Set(items.map(\.event.stream)))
            var results: [AppendResult] = []
            var restored = 0
            results.reserveCapacity(items.count)
            for (i, item) in items.enumerated() {
                do {
                    let result = try session.append(item.event, restored: item.restored)
                    if item.restored != nil, !result.duplicate { restored += 1 }
                    results.append(result)
                } catch {
                    throw EventLog.labelled(error, label(i))
                }
            }
            try session.flush()
            return (results, restored)
        }
    }

    /// Runs `body` with an append session in one transaction holding the append lock, and
    /// brings the views up to date in the same transaction, before its `COMMIT`: a reader
    /// sees the views and the head from one snapshot, as on SQLite.
    /// `readsHead`: start from the head read under the lock, never from the one this writer
    /// kept (which may run `body` twice).
    func transaction<T>(commit: Bool = true, readsHead: Bool = false, _ body: (inout PostgresAppendSession) throws -> T) throws -> T {
        // Taken out while the transaction runs: its stream states change as it appends, and
        // only a commit makes them the log's.
        let memory = appendMemory.withLock { memory in
            defer { memory?.states = nil }
            return memory
        }
        // The head this process left, when nothing it kept of it is missing: the rules' stream
        // states (when the catalog has rules) and the record time.
        let kept = memory.flatMap { memory in
            !readsHead && (memory.states != nil || catalog.rules == nil)
                ? PostgresHead(position: memory.position, chain: memory.chain, recorded: memory.recorded) : nil
        }
        // The views' checkpoints are asked for with the head, in the same wait.
        let (result, left) = try writeTransaction(commit: commit, checkpoints: runner != nil, expecting: kept) { head, retried in
            // A second run starts from the head read: the first run's stream states and
            // rows are not the log's.
            var memory = memory
            if retried { memory?.states = nil }
            var session = try PostgresAppendSession(link, head: head, memory: memory, rules: catalog.rules, handsAppended: runner != nil)
            // A large append's events go into the views a chunk at a time as it goes.
            let folding = runner.map { runner in
                let rows = PostgresViewRows(link, checkpoints: head.checkpoints)
                return (rows: rows, fold: AppendFold(runner: runner, rows: rows, after: head.position))
            }
            session.handOff = folding?.fold.fold
            let result = try body(&session)
            if let folding, folding.fold.began {
                try session.flush()
                try folding.fold.finish(head: session.lastPosition, rest: session.appended)
                try folding.rows.sendWaiting()
            } else if let runner {
                let rows = PostgresViewRows(link, head: session.lastPosition, checkpoints: head.checkpoints)
                try runner.catchUp(rows, appended: session.appended)
                try rows.sendWaiting()
            }
            return (result, session.memory)
        }
        if commit { appendMemory.withLock { $0 = left } }
        return result
    }

    // MARK: - Dictionaries

    /// The dictionary new events are compressed against: the latest stored, else the catalog's.
    func dictionaryForAppend() throws -> LZ4Dictionary? {
        let cached = appendDictionary.withLock { $0 }
        if cached.resolved { return cached.dictionary }
        let latest = try exclusive {
            try link.query("SELECT bytes FROM dictionaries ORDER BY created DESC, id DESC LIMIT 1").first.map { try $0.bytes(0) }
        }
        let dictionary = try (latest ?? catalog.compressionDictionary).map(LZ4Dictionary.init)
        appendDictionary.withLock { $0 = (true, dictionary) }
        return dictionary
    }

    /// Stores `dictionary` if the store does not hold it yet, inside the append's transaction.
    static func ensureStored(_ dictionary: LZ4Dictionary, _ link: PostgresLink, origin: String = "built in", created: String? = nil) throws {
        if try !link.query("SELECT 1 FROM dictionaries WHERE id = $1", PostgresBinds(.int(Int64(dictionary.id))).bindings).isEmpty { return }
        let binds = PostgresBinds(
            .int(Int64(dictionary.id)),
            .text(Hex.encode(dictionary.sha256)),
            .bytes(dictionary.bytes),
            .text(created ?? Timestamp.now()),
            .text(origin)
        )
        try link.query("INSERT INTO dictionaries (id, sha256, bytes, created, origin) VALUES ($1, $2, $3, $4, $5)", binds.bindings)
    }
}
