extension PostgresLog {
    /// Decides `events` as ``append(batch:label:)`` would, in a transaction that is rolled
    /// back: what `acta record --check` reports, with nothing written.
    public func check(batch events: [NewEvent], label: @escaping @Sendable (Int) -> ActaError.Place? = { .event($0 + 1) }) throws -> [AppendResult] {
        let dictionary = try dictionaryForAppend()
        let prepared = try EventLog.prepareInParallel(events.count, label: label) { i in
            try PreparedEvent.prepare(events[i], catalog: self.catalog, dictionary: dictionary)
        }
        return try appendPrepared(prepared.map { ImportLine(event: $0) }, label: label, commit: false).results
    }
}
