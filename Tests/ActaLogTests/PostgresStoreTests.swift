import ActaEvents
import ActaLog
import Foundation
import Synchronization
import Testing

/// What only PostgreSQL has: roles, server-side triggers for every role, several
/// connections appending at once. Skipped, with ``Engine/postgresMissing``, without a server.
@Suite(.enabled(if: Engine.postgresURL != nil, Comment(rawValue: Engine.postgresMissing)))
struct PostgresStoreTests {
    @Test func theWriterRoleCannotUpdateOrDeleteAndTheReaderCannotWrite() throws {
        let store = try EngineStore(.postgres)
        try store.log.append(Sample.meeting(4))
        let writer = store.url(as: "\(store.database!)_writer")
        let reader = store.url(as: "\(store.database!)_reader")
        for sql in ["UPDATE events SET actor = 'x'", "DELETE FROM events", "TRUNCATE events", "DELETE FROM merkle_nodes"] {
            let refused = try PostgresAdmin.psql(writer, sql)
            #expect(refused.status != 0, "writer: \(sql)")
            #expect(refused.output.contains("permission denied"), "\(refused.output)")
        }
        // The owner is stopped by the triggers, whatever its privileges.
        let owner = Engine.postgresURL!.database(store.database!)
        for table in ["events", "dictionaries", "merkle_nodes", "checkpoints"] {
            let refused = try PostgresAdmin.psql(owner, "DELETE FROM \(table)")
            #expect(refused.status != 0 && refused.output.contains("\(table) is append-only: DELETE refused"), "\(refused.output)")
        }
        #expect(try PostgresAdmin.psql(owner, "TRUNCATE events").output.contains("append-only: TRUNCATE refused"))
        #expect(try PostgresAdmin.psql(reader, "INSERT INTO views VALUES ('a', 'b', 'c')").output.contains("permission denied"))
        // The writer appends through acta, and the reader reads.
        let asWriter = try PostgresLog.open(writer, catalog: OCPSCatalog())
        try asWriter.append(Sample.outcome(4, ordinal: 1))
        try asWriter.append(Sample.outcome(4, ordinal: 3))  // from the head it kept: acta_append_one()
        let asReader = try PostgresLog.open(reader, catalog: OCPSCatalog(), readOnly: true)
        #expect(try asReader.head().count == 3)
        #expect(throws: ActaError.self) { try asReader.append(Sample.outcome(4, ordinal: 2)) }
        #expect(try store.log.verifyLog().isIntact)
    }

    /// Writers on separate connections race for the same streams: every append lands at its
    /// own position, gapless, the chain unbroken, and the rules refuse the repeats.
    @Test func concurrentWritersKeepPositionsGaplessAndTheChainUnbroken() throws {
        let store = try EngineStore(.postgres)
        let writers = try (0..<4).map { _ in try store.reopen() }
        let refusals = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: writers.count) { w in
            for meeting in 1...10 {
                // Every writer tries every meeting: one wins each, the others are refused.
                do { try writers[w].append(Sample.meeting(meeting)) } catch { refusals.withLock { $0 += 1 } }
                _ = try? writers[w].append(Sample.outcome(meeting, ordinal: w + 1, text: "Outcome \(w) of \(meeting)."))
            }
        }
        for writer in writers { try writer.close() }
        let entries = try store.log.entries(EventFilter())
        #expect(entries.map(\.position) == Array(1...Int64(entries.count)))
        #expect(entries.filter { $0.type == "MeetingHeld" }.count == 10)
        #expect(refusals.withLock { $0 } == 30)
        #expect(entries.count == 50)
        #expect(try store.log.verifyLog().isIntact)
    }
    /// A writer keeps the stream states it folded from one committed append to the next:
    /// never those of a transaction that failed, and never once another writer has appended.
    @Test func keptStreamStatesFollowOnlyCommitsAndThisWriter() throws {
        let store = try EngineStore(.postgres)
        let other = try store.reopen()
        try store.log.append(Sample.meeting(9))
        // A failed batch folds meeting 6 before it is refused: meeting 6 is still new after it.
        let batch = [Sample.meeting(6), Sample.meeting(9)]
        #expect(throws: ActaError.self) { try store.log.append(batch: batch, label: { .event($0 + 1) }) }
        #expect(try store.log.append(Sample.meeting(6)).version == 1)
        // Another writer moves stream 9 on: this writer sees it, not what it kept.
        try other.append(Sample.outcome(9, ordinal: 1))
        var stale = Sample.outcome(9, ordinal: 2)
        stale.expectedVersion = .exactly(1)
        let conflict = #expect(throws: ActaError.self) { try store.log.append(stale) }
        #expect(conflict?.message.contains("is at version 2, not 1") == true)
        stale.expectedVersion = .exactly(2)
        #expect(try store.log.append(stale).version == 3)
        try other.close()
        #expect(try store.log.verifyLog().isIntact)
    }

    /// A writer that appended last sends its next append whole, from the head it kept,
    /// behind a guard; when another writer appended in between, the guard refuses, nothing of
    /// that attempt is written, and the append lands after the other's, with the rules, the
    /// views and the chain as if it had read the head.
    @Test func anAppendFromAKeptHeadStartsAgainWhenAnotherWriterAppendedInBetween() throws {
        let store = try EngineStore(.postgres, catalog: OpenCatalog(), projections: NotesDomain())
        let other = try store.reopen(catalog: OpenCatalog(), projections: NotesDomain())
        defer { try? other.close() }
        let note = { (stream: String, text: String) in NewEvent(type: "Note", stream: stream, data: ["text": .string(text)], actor: "t") }
        try store.log.append(note("notes/a", "a1"))
        try store.log.append(note("notes/a", "a2"))
        // Three appends of the other writer, one in the same stream.
        for text in ["a3", "b1", "b2"] { try other.append(note(text.hasPrefix("a") ? "notes/a" : "notes/b", text)) }
        var next = note("notes/a", "a4")
        next.expectedVersion = .exactly(3)
        let result = try store.log.append(next)
        #expect(result.position == 6 && result.version == 4)
        // Kept again: the next one goes out whole and is refused by the rules alone.
        var stale = note("notes/a", "a5")
        stale.expectedVersion = .exactly(3)
        let refused = #expect(throws: ActaError.self) { try store.log.append(stale) }
        #expect(refused?.message.contains("is at version 4, not 3") == true)
        try store.log.append(note("notes/b", "b3"))
        try other.append(note("notes/b", "b4"))
        try store.log.append(note("notes/a", "a5"))
        let entries = try store.log.entries(EventFilter())
        #expect(entries.map(\.position) == Array(1...9))
        #expect(entries.map { $0.stream + "@" + String($0.version) }.suffix(4) == ["notes/a@4", "notes/b@3", "notes/b@4", "notes/a@5"])
        #expect(try store.log.verifyLog().isIntact)
        let views = try store.log.verifyViews()
        #expect(views.isIntact, "\(views.difference ?? "")")
        let counts = try store.log.withViews(at: nil) { try $0.all(view: "counts", as: Int.self).map { "\($0.key)=\($0.value)" } }
        #expect(counts == ["notes/a=5", "notes/b=4"])
    }

    /// A single append from the head this writer committed goes out as one statement,
    /// `acta_append_one()`; a first append, one with an id of the client's, one after another
    /// writer's or after a rebuild that moved the views' checkpoints, and one refused on the
    /// kept states go in a transaction, decided from the head read there; the views are the
    /// same as a rebuild's all along, deletions and mapped records included.
    @Test func aSingleAppendFromAKeptHeadIsOneStatement() throws {
        let store = try EngineStore(.postgres, catalog: OpenCatalog(), projections: LastNotes(version: 1))
        let owner = Engine.postgresURL!.database(store.database!)
        // Each INSERT into events records the statement the client sent.
        let seen = """
            CREATE TABLE seen (n serial, query text);
            CREATE FUNCTION seen() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO seen (query) VALUES (current_query()); RETURN NULL; END $$;
            CREATE TRIGGER events_seen AFTER INSERT ON events FOR EACH STATEMENT EXECUTE FUNCTION seen()
            """
        #expect(try PostgresAdmin.psql(owner, seen).status == 0)
        let note = { (stream: String, text: String) in NewEvent(type: "Note", stream: stream, data: ["text": .string(text)], actor: "t") }
        try store.log.append(note("notes/a", "a1"))
        try store.log.append(note("notes/a", "a2"))
        try store.log.append(note("notes/b", "drop"))
        var identified = note("notes/b", "b1")
        identified.id = "0192f6a0-0000-7000-8000-000000000001"
        try store.log.append(identified)
        #expect(try store.log.append(identified).duplicate)
        var stale = note("notes/a", "a3")
        stale.expectedVersion = .exactly(1)
        let refused = #expect(throws: ActaError.self) { try store.log.append(stale) }
        #expect(refused?.message.contains("is at version 2, not 1") == true)
        stale.expectedVersion = .exactly(2)
        try store.log.append(stale)
        let other = try store.reopen(catalog: OpenCatalog(), projections: LastNotes(version: 1))
        defer { try? other.close() }
        try other.append(note("notes/c", "c1"))
        try store.log.append(note("notes/a", "a4"))
        try store.log.append(note("notes/a", "a5"))
        // Another acta folds the views at another version, without appending.
        let rebuilder = try store.reopen(catalog: OpenCatalog(), projections: LastNotes(version: 2))
        try rebuilder.rebuildViews()
        try rebuilder.close()
        try store.log.append(note("notes/a", "a6"))
        try store.log.append(note("notes/a", "a7"))
        let paths = try PostgresAdmin.psql(owner, "SELECT query LIKE 'SELECT acta_append_one(%' FROM seen ORDER BY n").output
        let one = "t"
        let transaction = "f"
        #expect(
            paths.split(separator: "\n").map(String.init) == [
                transaction, one, one, transaction, one, transaction, transaction, one, transaction, one,
            ],
            "\(paths)"
        )
        #expect(try PostgresAdmin.psql(owner, "DROP TRIGGER events_seen ON events; DROP TABLE seen").status == 0)
        #expect(try store.log.verifyLog().isIntact)
        let views = try store.log.verifyViews()
        #expect(views.isIntact, "\(views.difference ?? "")")
        let last = try store.log.withViews(at: nil) { try $0.all(view: "last", as: String.self).map { "\($0.key)=\($0.value)" } }
        #expect(last == ["notes/a=a7 v1", "notes/b=b1 v1", "notes/c=c1 v1"])
    }

    /// Writers with views race, each appending from the head it kept whenever it appended
    /// last: the refused statements write nothing, and the views are a rebuild's.
    @Test func concurrentWritersWithViewsKeepTheViewsARebuilds() throws {
        let store = try EngineStore(.postgres, catalog: OpenCatalog(), projections: LastNotes(version: 1))
        let writers = try (0..<4).map { _ in try store.reopen(catalog: OpenCatalog(), projections: LastNotes(version: 1)) }
        DispatchQueue.concurrentPerform(iterations: writers.count) { w in
            for i in 0..<25 {
                let text = i % 10 == 9 ? "drop" : "w\(w) n\(i)"
                _ = try? writers[w].append(NewEvent(type: "Note", stream: "notes/\(i % 3)", data: ["text": .string(text)], actor: "t"))
            }
        }
        for writer in writers { try writer.close() }
        let entries = try store.log.entries(EventFilter())
        #expect(entries.map(\.position) == Array(1...100))
        #expect(try store.log.verifyLog().isIntact)
        let views = try store.log.verifyViews()
        #expect(views.isIntact, "\(views.difference ?? "")")
    }

    /// A statement of a large import that fails while its views fold a chunk (which may be
    /// the first to see it) fails the import with its own reason, not the views', and nothing
    /// is written.
    @Test func aFailureSeenByTheViewsFoldIsTheImports() throws {
        let store = try EngineStore(.postgres, catalog: OpenCatalog(), projections: NotesDomain())
        let owner = Engine.postgresURL!.database(store.database!)
        let refuse = """
            CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'row 4000 refused by the test'; END $$;
            CREATE TRIGGER events_refuse BEFORE INSERT ON events FOR EACH ROW WHEN (NEW.position = 4000) EXECUTE FUNCTION refuse()
            """
        #expect(try PostgresAdmin.psql(owner, refuse).status == 0)
        let lines = (0..<9_000).map { #"{"type":"Note","stream":"notes/\#($0 % 13)","data":{"text":"n\#($0)"}}"# }
        let failed = #expect(throws: ActaError.self) {
            try store.log.importJSONLines(Array(lines.joined(separator: "\n").utf8), defaultActor: "t", restore: false, progress: nil)
        }
        #expect(failed?.message.contains("row 4000 refused by the test") == true, "\(failed?.message ?? "")")
        #expect(try store.log.head().count == 0)
    }

    /// Each stream's last note, at the view's version; a note "drop" removes the stream's
    /// record. With the notes' latest record, a mapped view.
    struct LastNotes: ProjectionDomain {
        let version: Int
        var projections: [any Projection] { [Last(version: version), NotesDomain.Latest()] }
        var correctionTypes: Set<String> { [] }
        func decode(_ entry: Entry) throws -> any Sendable { try NotesDomain().decode(entry) }
        func correction(in value: any Sendable) -> Correction? { nil }

        struct Last: Projection {
            let version: Int
            var name: String { "last" }
            func wants(_ type: String) -> Bool { type == "Note" }
            func apply(_ event: ProjectedEvent, to store: ViewStore) throws {
                let text = (event.value as! NotesDomain.Note).text
                if text == "drop" { return try store.remove(event.entry.stream) }
                try store.put(event.entry.stream, "\(text) v\(version)")
            }
        }
    }

    /// A store made before `acta_append_after()` existed appends from the head it reads, every
    /// time; one made before `acta_append_one()`, in a transaction behind the guard.
    @Test(arguments: ["acta_append_after", "acta_append_one"])
    func aStoreWithoutTheGuardReadsTheHeadForEveryAppend(_ function: String) throws {
        let store = try EngineStore(.postgres)
        let owner = Engine.postgresURL!.database(store.database!)
        let drop = "DO $$ BEGIN EXECUTE 'DROP FUNCTION ' || '\(function)'::regproc::regprocedure; END $$"
        #expect(try PostgresAdmin.psql(owner, drop).status == 0)
        let writers = try (0..<2).map { _ in try store.reopen() }
        for meeting in 1...3 {
            try writers[meeting % 2].append(Sample.meeting(meeting))
            for (w, writer) in writers.enumerated() {
                try writer.append(Sample.outcome(meeting, ordinal: w + 1, text: "Outcome \(w) of \(meeting)."))
            }
        }
        for writer in writers { try writer.close() }
        let entries = try store.log.entries(EventFilter())
        #expect(entries.map(\.position) == Array(1...9))
        #expect(try store.log.verifyLog().isIntact)
    }
}
