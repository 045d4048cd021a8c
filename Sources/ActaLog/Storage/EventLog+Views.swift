import GRDB

extension EventLog {
    // MARK: - Views

    /// Runs `body` with the views as the register stood at `position` (record time), or at
    /// the head when nil. Saved views serve the head when they are current; otherwise, and
    /// for an earlier position, the log is replayed into memory.
    public func withViews<T>(at position: Int64? = nil, _ body: (ViewStore) throws -> T) throws -> T {
        guard let runner else { throw ActaError(.store, "this log has no views") }
        return try read { db in
            let (head, _) = try AppendSession.head(db)
            if let position {
                guard position >= 0, position <= head else {
                    throw ActaError(.invalidInput, "position \(position) is beyond the head of the log (\(head))")
                }
                if position < head { return try body(try runner.replay(db, at: position)) }
            }
            if try runner.isCurrent(db, head: head) { return try body(ProjectionRunner.savedViews(db)) }
            return try body(try runner.replay(db, at: head))
        }
    }

    /// `projection` folded over the events of the streams named `prefix…` alone, from the log
    /// and never from the saved views (``ProjectionRunner/replay(_:_:streamsPrefixed:)``):
    /// for what must rest only on what `verify` covers, such as the reader's access tokens.
    public func derive(_ projection: any Projection, streamsPrefixed prefix: String) throws -> ViewStore {
        guard let runner else { throw ActaError(.store, "this log has no views") }
        return try read { db in try runner.replay(db, projection, streamsPrefixed: prefix) }
    }

    /// Rebuilds the views (or only `name`) from position 1 in one transaction.
    public func rebuildViews(only name: String? = nil, progress: ((Int64, Int64) -> Void)? = nil) throws {
        guard let runner else { throw ActaError(.store, "this log has no views") }
        if let name, !runner.domain.projections.contains(where: { $0.name == name }) {
            throw ActaError(
                .invalidInput,
                "no view named \"\(name.prefix(40))\"; views: \(runner.domain.projections.map(\.name).joined(separator: ", "))"
            )
        }
        try writeTransaction { db in try runner.rebuild(db, only: name, progress: progress) }
    }

    /// The corrections and retractions the log holds, by the position each changes, as the
    /// views apply them (none when the log has no domain).
    public func amendments() throws -> Amendments {
        guard let runner else { return Amendments([]) }
        return try read { db in try runner.amendments(db, after: 0, through: try AppendSession.head(db).0) }
    }
}
