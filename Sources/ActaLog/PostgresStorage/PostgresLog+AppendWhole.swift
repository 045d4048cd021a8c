import NIOCore
import PostgresNIO

extension PostgresLog {
    // MARK: - A single append in one statement

    /// Appends `event` as one statement, `acta_append_one()` (``PostgresSchema/appendOneFunction``),
    /// with no `BEGIN` or `COMMIT` of its own: a single statement outside a transaction is one
    /// on PostgreSQL, so it writes everything or nothing, and a commit with
    /// `synchronous_commit=on` is as durable as `COMMIT`. Nil, with nothing written, when the
    /// append must go through ``transaction(commit:_:)``.
    ///
    /// Only from the head this process's last append committed (``PostgresAppendMemory``,
    /// with the rules' stream states), where the rules decide on the kept states and the views
    /// fold from the checkpoints that append left, as in a transaction behind
    /// `acta_append_after()`. What the rules read that the writer did not keep (a stream's
    /// rows, an event) is read before the statement, outside a transaction: the log only
    /// grows, and the function refuses the append unless nothing was appended since that
    /// head, so those rows are the ones the lock would have shown. Not when the event has an
    /// id of the client's (it is looked up), a dictionary not stored yet, or a type that
    /// corrects an earlier event (the views are replayed); when the views' fold reads their
    /// records, the append runs in a transaction from the same head, where it reads them
    /// under the lock. When the function refuses (another writer appended, or a `rebuild`
    /// moved the views' checkpoints), or the rules refuse the event on the kept states, it is
    /// decided again in a transaction from the head read under the lock.
    func appendWhole(_ event: PreparedEvent) throws -> AppendResult? {
        guard appendsWhole, guardsHead, !readOnly, !event.clientID, runner?.domain.correctionTypes.contains(event.type) != true else {
            return nil
        }
        let outcome = try exclusive { () throws -> WholeOutcome in
            // Taken out while the append runs, as in a transaction: its stream states change.
            let memory = appendMemory.withLock { memory -> PostgresAppendMemory? in
                guard let kept = memory, kept.states != nil || catalog.rules == nil,
                    event.dictionary.map({ kept.dictionaries.contains($0.id) }) ?? true
                else { return nil }
                memory?.states = nil
                return kept
            }
            guard let memory else { return .transaction }
            return try appendWhole(event, from: memory)
        }
        switch outcome {
        case .appended(let result, let left):
            appendMemory.withLock { $0 = left }
            return result
        case .headMoved:
            appendMemory.withLock { $0 = nil }
            return nil
        case .transaction:
            return nil
        }
    }

    private enum WholeOutcome {
        case appended(AppendResult, PostgresAppendMemory)
        /// Another writer appended, or the views' checkpoints moved: nothing was written.
        case headMoved
        /// Decided on the kept states alone, or not tried: a transaction decides.
        case transaction
    }

    private func appendWhole(_ event: PreparedEvent, from memory: PostgresAppendMemory) throws -> WholeOutcome {
        let head = PostgresHead(position: memory.position, chain: memory.chain, recorded: memory.recorded)
        var session: PostgresAppendSession
        let result: AppendResult
        do {
            session = try PostgresAppendSession(link, head: head, memory: memory, rules: catalog.rules, handsAppended: runner != nil)
            result = try session.append(event)
        } catch {
            return .transaction
        }
        // Every view's checkpoint is at the kept head, at the version this process folds: the
        // last commit brought them there.
        let kept = Dictionary(
            (runner?.domain.projections ?? []).map { ($0.name, (version: $0.version, position: head.position)) },
            uniquingKeysWith: { first, _ in first }
        )
        let names = kept.keys.sorted()
        let versions = names.map { Int64(kept[$0]!.version) }
        let views = PostgresHeldViewRows(head: session.lastPosition, kept: kept)
        if let runner {
            do {
                try runner.catchUp(views, appended: session.appended)
                // The function moves the kept checkpoints to the new head: what the fold saves.
                let saved = views.saved
                guard saved.position == session.lastPosition, saved.views.count == names.count,
                    Dictionary(zip(saved.views, saved.versions), uniquingKeysWith: { $1 })
                        == Dictionary(zip(names, versions), uniquingKeysWith: { $1 })
                else { throw PostgresHeldViewRows.NeedsTransaction() }
            } catch {
                return try appendInTransaction(&session, result, from: head, runner: runner)
            }
        }
        let (rows, nodes) = session.takeWaiting()
        let (deleted, written) = views.held
        var binds = PostgresBindings(capacity: PostgresSchema.appendOneArguments.count)
        binds.append(head.position)
        binds.append(ByteBuffer(bytes: head.chain))
        binds.append(names)
        binds.append(versions)
        rows.append(to: &binds)
        binds.append(nodes.map(\.level))
        binds.append(nodes.map(\.index))
        binds.append(nodes.map { ByteBuffer(bytes: $0.hash) })
        binds.append(deleted.views)
        binds.append(deleted.keys)
        binds.append(written.views)
        binds.append(written.keys)
        binds.append(written.values)
        guard try link.sendForRows(PostgresSchema.appendOne, binds).rowsUnlessHeadMoved() != nil else { return .headMoved }
        return .appended(result, session.memory)
    }

    /// The append already decided, sent in a transaction from the same kept head behind
    /// `acta_append_after()`, the views folded under the lock: what ``transaction(commit:_:)``
    /// sends from a kept head.
    private func appendInTransaction(
        _ session: inout PostgresAppendSession,
        _ result: AppendResult,
        from head: PostgresHead,
        runner: ProjectionRunner
    ) throws -> WholeOutcome {
        link.send("BEGIN")
        let check = link.sendForRows(PostgresSchema.appendAfter, PostgresBinds(.int(head.position), .bytes(head.chain)).bindings)
        var begun = head
        begun.checkpoints = check
        do {
            try finish(begun, commit: true, check: check) { head in
                try session.flush()
                let rows = PostgresViewRows(link, head: session.lastPosition, checkpoints: head.checkpoints)
                try runner.catchUp(rows, appended: session.appended)
                try rows.sendWaiting()
            }
        } catch  where (try? check.rows()) == nil {
            return .headMoved
        }
        return .appended(result, session.memory)
    }
}
