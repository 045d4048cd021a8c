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
        progress?("appending", 0, lines.count)
        let parsed = try EventLog.prepareInParallel(lines.count, label: label) { [lines] i in
            try EventLog.parseLine(Array(lines[i]), catalog: catalog, defaultActor: defaultActor, dictionary: dictionary)
        }
        let (results, restored) = try appendPrepared(parsed, label: label, restoresIntoNonEmpty: restore)
        progress?("appending", lines.count, lines.count)
        let written = results.filter { !$0.duplicate }
        return ImportResult(
            appended: written.count,
            duplicates: results.count - written.count,
            restored: restored,
            firstPosition: written.first?.position,
            lastPosition: written.last?.position
        )
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
    func transaction<T>(commit: Bool = true, _ body: (inout PostgresAppendSession) throws -> T) throws -> T {
        // Taken out while the transaction runs: its stream states change as it appends, and
        // only a commit makes them the log's.
        let memory = appendMemory.withLock { memory in
            defer { memory?.states = nil }
            return memory
        }
        // The head this process left, when nothing it kept of it is missing: the rules' stream
        // states (when the catalog has rules) and the record time.
        let kept = memory.flatMap { memory in
            memory.states != nil || catalog.rules == nil
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
