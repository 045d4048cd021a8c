/// Folds a large append's events into the views as the append goes, a chunk at a time, in its
/// transaction: the events are at hand with their decoded values, where a replay after the
/// append reads them back from the table, decompresses and decodes them again.
///
/// Only while the chunks continue the views exactly: every view stood at the append's start
/// (its checkpoint there, at its version, or an empty store), each chunk follows the last
/// one, and none holds a correction (which changes an older event). Otherwise the append ends
/// as before: the views catch up from the table, or, once a chunk went into them, are rebuilt
/// whole, which also says what failed and where when a fold failed.
final class AppendFold {
    private let runner: ProjectionRunner
    private let rows: any ViewRows
    private let start: Int64
    private var store: ViewStore?
    /// The last position folded, while the folding goes on; nil once it stopped.
    private var folded: Int64?
    /// Whether a chunk was handed over (``fold(_:)``).
    private(set) var began = false
    /// Whether a chunk went into the views: they no longer stand at their checkpoints.
    private var touched = false

    /// `rows`: the views' rows in the append's transaction, which read the log's head from it
    /// (what tells that the transaction no longer answers); `start`: the head before it.
    init(runner: ProjectionRunner, rows: any ViewRows, after start: Int64) {
        self.runner = runner
        self.rows = rows
        self.start = start
    }

    /// Folds the next chunk of the append's events, in order. Throws only what is the
    /// append's, not the fold's: the connection or a statement sent before failed (the fold's
    /// read may be the first to see it), and the transaction no longer answers.
    func fold(_ chunk: [AppendedEvent]) throws {
        do {
            try foldOrStop(chunk)
        } catch {
            folded = nil
            if (try? rows.head()) == nil { throw error }
        }
    }

    private func foldOrStop(_ chunk: [AppendedEvent]) throws {
        if !began {
            began = true
            let store = ViewStore(rows: rows)
            self.store = store
            folded = try runner.standsAt(start, rows, store: store) ? start : nil
        }
        guard let last = folded, let store else { return }
        folded = nil
        guard chunk.first?.entry.position == last + 1, chunk.last?.entry.position == last + Int64(chunk.count),
            !chunk.contains(where: { runner.domain.correctionTypes.contains($0.entry.type) })
        else { return }
        touched = true
        try runner.apply(chunk, to: store)
        folded = last + Int64(chunk.count)
    }

    /// Brings the views to `head`, the append's last position, with `rest`, its events not
    /// handed over yet. Call once the append's rows are all sent.
    func finish(head: Int64, rest: [AppendedEvent]?) throws {
        if let rest, !rest.isEmpty { try fold(rest) }
        if folded == head, let store {
            try store.flush()
            return try runner.saveCheckpoints(rows, head)
        }
        if touched { return try runner.rebuild(rows) }
        try runner.catchUp(rows)
    }
}
