import Foundation
import GRDB

extension EventLog {
    // MARK: - Appending

    /// Appends one event in its own durable transaction and returns where it landed.
    @discardableResult
    public func append(_ event: NewEvent) throws -> AppendResult {
        let prepared = try PreparedEvent.prepare(event, catalog: catalog, dictionary: try dictionaryForAppend())
        return try transaction { session in try session.append(prepared) }
    }

    /// Appends events atomically, all or none, in one transaction. An error names the
    /// failing event through `label` (by default "event 12").
    public func append(batch events: [NewEvent], label: @escaping @Sendable (Int) -> ActaError.Place? = { .event($0 + 1) }) throws -> [AppendResult] {
        try append(batch: events, label: label, commit: true)
    }

    /// Decides a batch exactly as ``append(batch:label:)`` does, under the same write lock and
    /// against the same register, and rolls the transaction back: nothing is written. The
    /// results are the positions the events would take if appended now.
    public func check(batch events: [NewEvent], label: @escaping @Sendable (Int) -> ActaError.Place? = { .event($0 + 1) }) throws -> [AppendResult] {
        try append(batch: events, label: label, commit: false)
    }

    private func append(batch events: [NewEvent], label: @escaping @Sendable (Int) -> ActaError.Place?, commit: Bool) throws -> [AppendResult] {
        let dictionary = try dictionaryForAppend()
        let prepared = try Self.prepareInParallel(events.count, label: label) { i in
            try PreparedEvent.prepare(events[i], catalog: self.catalog, dictionary: dictionary)
        }
        return try transaction(commit: commit) { session in
            var results: [AppendResult] = []
            do {
                for (i, event) in prepared.enumerated() {
                    do { results.append(try session.append(event)) } catch {
                        let (index, cause) = AppendSession.failedAppend(error, otherwise: i)
                        throw Self.labelled(Self.translate(cause, path: path), label(index))
                    }
                }
                try session.flush()
            } catch let failure as EventInsert.Failure {
                throw Self.labelled(Self.translate(failure.error, path: path), label(failure.append))
            }
            return results
        }
    }

    /// Runs `body` with an append session in one `BEGIN IMMEDIATE` transaction, brings the
    /// views up to date in the same transaction, and commits (or, `commit` false, rolls back;
    /// the session then does not remember the tree's edge at a head that was never written).
    func transaction<T>(commit: Bool = true, _ body: (inout AppendSession) throws -> T) throws -> T {
        // Taken out while the transaction runs: its stream states change as it appends, and
        // only a commit makes them the log's.
        let kept = keptStates.withLock { kept in
            defer { kept = nil }
            return kept
        }
        let (result, left) = try writeTransaction(commit: commit) { db in
            var session = try AppendSession(db, rules: catalog.rules, handsAppended: runner != nil, kept: kept)
            let result = try body(&session)
            if commit { try session.finish() } else { try session.flush() }
            try runner?.catchUp(SQLiteViewRows(db), appended: session.appended)
            return (result, session.kept)
        }
        if commit { keptStates.withLock { $0 = left } }
        return result
    }

    /// Runs `body` in one `BEGIN IMMEDIATE` transaction, committed when it returns (rolled
    /// back when `commit` is false).
    func writeTransaction<T>(commit: Bool = true, _ body: (Database) throws -> T) throws -> T {
        if readOnly { throw ActaError(.io, "\(path) is open read-only; nothing was written") }
        return try Self.translatingErrors(path) {
            try database.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return commit ? .commit : .rollback
                }
                return result!
            }
        }
    }

    /// Prepares `count` items on every core; on failure throws the error of the lowest index.
    static func prepareInParallel<T: Sendable>(
        _ count: Int,
        label: @Sendable (Int) -> ActaError.Place?,
        _ body: @Sendable (Int) throws -> T
    ) throws -> [T] {
        try prepareInParallel(count, label: label, context: {}) { _, i in try body(i) }
    }

    /// The same, with a `context` made once per worker thread (a decompressor, say), lent
    /// to each of its items, and handed to `finish` when the thread is done with them.
    static func prepareInParallel<T: Sendable, Context>(
        _ count: Int,
        label: @Sendable (Int) -> ActaError.Place?,
        context: @Sendable () -> Context,
        finish: @Sendable (Context) -> Void = { _ in },
        _ body: @Sendable (inout Context, Int) throws -> T
    ) throws -> [T] {
        let workers = count < 256 ? 1 : max(1, ProcessInfo.processInfo.activeProcessorCount)
        let results = UnsafeMutableBufferPointer<Result<T, any Error>?>.allocate(capacity: count)
        results.initialize(repeating: nil)
        defer { results.deallocate() }  // every element is moved out or deinitialized below
        let chunk = (count + workers - 1) / max(workers, 1)
        // Unsafe: each worker writes only its own indices; all are read after concurrentPerform returns.
        nonisolated(unsafe) let shared = results
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            let start = w * chunk
            let end = min(count, start + chunk)
            if start >= end { return }
            var local = context()
            defer { finish(local) }
            for i in start..<end {
                do { shared[i] = .success(try body(&local, i)) } catch {
                    shared[i] = .failure(error)
                    return
                }
            }
        }
        var out: [T] = []
        out.reserveCapacity(count)
        for i in 0..<count {
            // Moved out rather than copied: no retain here and release at the deallocation.
            switch (results.baseAddress! + i).move()! {
            case .success(let value): out.append(value)
            case .failure(let error):
                (results.baseAddress! + i + 1).deinitialize(count: count - i - 1)
                throw labelled(error, label(i))
            }
        }
        return out
    }

    /// Lets another thread free `value`'s memory (a batch of decoded events, say), so the
    /// thread that must keep going does not spend its time in deallocation.
    static func releaseElsewhere<T>(_ value: consuming T) {
        // Unsafe: the value is consumed here, so the other thread holds its only reference.
        nonisolated(unsafe) let doomed = value
        DispatchQueue.global(qos: .utility).async { withExtendedLifetime(doomed) {} }
    }

    /// `error` said to have happened at `place`.
    static func labelled(_ error: any Error, _ place: ActaError.Place?) -> any Error {
        guard let place else { return error }
        if let acta = error as? ActaError { return acta.at(place) }
        return ActaError(.invalidInput, "\(error)", at: [place])
    }

    static func head(_ db: Database) throws -> (Int64, [UInt8]) {
        try AppendSession.head(db)
    }
}
