import GRDB

extension EventLog {
    // MARK: - Views

    /// Runs `body` with the views as the register stood at `position` (record time), or at
    /// the head when nil. Saved views serve the head when they are current; otherwise, and
    /// for an earlier position, the log is replayed into memory.
    public func withViews<T>(at position: Int64? = nil, _ body: (ViewStore) throws -> T) throws -> T {
        guard let runner else { throw ActaError(.store, "this log has no views") }
        return try read { db in try body(try runner.views(SQLiteViewRows(db), at: position)) }
    }

    /// `projection` folded over the events of the streams named `prefix…` alone, from the log
    /// and never from the saved views (``ProjectionRunner/replay(_:_:streamsPrefixed:)``):
    /// for what must rest only on what `verify` covers, such as the reader's access tokens.
    public func derive(_ projection: any Projection, streamsPrefixed prefix: String) throws -> ViewStore {
        guard let runner else { throw ActaError(.store, "this log has no views") }
        return try read { db in try runner.replay(SQLiteViewRows(db), projection, streamsPrefixed: prefix) }
    }

    /// Rebuilds the views (or only `name`) from position 1 in one transaction.
    public func rebuildViews(only name: String? = nil, progress: ((Int64, Int64) -> Void)? = nil) throws {
        guard let runner else { throw ActaError(.store, "this log has no views") }
        try runner.checkView(name)
        try writeTransaction { db in try runner.rebuild(SQLiteViewRows(db), only: name, progress: progress) }
    }

    /// The corrections and retractions the log holds, by the position each changes, as the
    /// views apply them (none when the log has no domain).
    public func amendments() throws -> Amendments {
        guard let runner else { return Amendments([]) }
        return try read { db in
            let rows = SQLiteViewRows(db)
            return try runner.amendments(rows, after: 0, through: try rows.head())
        }
    }
}
