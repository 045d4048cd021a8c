extension PostgresLog {
    // MARK: - Views

    /// The views at `position` (the head when nil), as ``EventLog/withViews(at:_:)`` gives
    /// them, read in one snapshot: the saved views when they are current, else the log
    /// replayed into memory.
    public func withViews<T>(at position: Int64?, _ body: (ViewStore) throws -> T) throws -> T {
        let runner = try viewRunner()
        return try readTransaction { try body(try runner.views(PostgresViewRows(link), at: position)) }
    }

    public func derive(_ projection: any Projection, streamsPrefixed prefix: String) throws -> ViewStore {
        let runner = try viewRunner()
        return try readTransaction { try runner.replay(PostgresViewRows(link), projection, streamsPrefixed: prefix) }
    }

    public func rebuildViews(only name: String?, progress: ((Int64, Int64) -> Void)?) throws {
        let runner = try viewRunner()
        try runner.checkView(name)
        try writeTransaction { head in
            let rows = PostgresViewRows(link, head: head.position)
            try runner.rebuild(rows, only: name, progress: progress)
            try rows.sendWaiting()
        }
    }

    public func amendments() throws -> Amendments {
        guard let runner else { return Amendments([]) }
        return try readTransaction {
            let rows = PostgresViewRows(link)
            return try runner.amendments(rows, after: 0, through: try rows.head())
        }
    }

    /// The saved views compared with their replay from the log (``EventLog/verifyViews()``).
    public func verifyViews() throws -> ViewsReport {
        let runner = try viewRunner()
        return try readTransaction { try runner.compareSaved(PostgresViewRows(link)) }
    }

    private func viewRunner() throws -> ProjectionRunner {
        guard let runner else { throw ActaError(.store, "this log has no views") }
        return runner
    }
}
