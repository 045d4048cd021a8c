import ActaLog
import Foundation
import GRDB
import Testing

/// The views behind the storage seam, the same on every engine (``Engine/available``): kept
/// in the append's transaction, replayed to an earlier position, rebuilt, and checked
/// against the log by `verify --views`.
@Suite struct StorageEngineViewTests {
    func note(_ stream: String, _ text: String) -> NewEvent {
        NewEvent(type: "Note", stream: stream, data: ["text": .string(text)], actor: "t")
    }

    /// Every record of the notes' views, as text.
    func snapshot(_ log: any RegisterStore, at position: Int64? = nil) throws -> [String] {
        try log.withViews(at: position) { store in
            try store.all(view: "counts", as: Int.self).map { "\($0.key)=\($0.value)" }
                + store.all(view: "texts", as: String.self).map { "\($0.key)=\($0.value)" }
                + store.all(view: "latest", as: NotesDomain.Latest.Record.self).map { "latest \($0.key)=\($0.value.text)@\($0.value.position)" }
        }
    }

    /// The same register written on `engine` and on SQLite: single appends, a batch, an
    /// import with a correction and a retraction (which rebuild the views in the append's
    /// transaction), then more appends folded on top. Returns both stores, and each step's snapshot.
    func sameRegister(on engine: Engine) throws -> (store: EngineStore, reference: EngineStore, steps: [(Int64, [String])]) {
        let store = try EngineStore(engine, catalog: OpenCatalog(), projections: NotesDomain())
        let reference = try EngineStore(.sqlite, catalog: OpenCatalog(), projections: NotesDomain())
        var steps: [(Int64, [String])] = []
        let import1 = """
            {"type":"Note","stream":"notes/b","data":{"text":"b1"}}
            {"type":"Fix","stream":"fixes","data":{"corrects":1,"changes":{"text":"a1, fixed"}}}
            {"type":"Note","stream":"notes/b","data":{"text":"b2 ☃"}}
            {"type":"Drop","stream":"fixes","data":{"drops":4,"reason":"in error"}}
            """
        for log in [store.log, reference.log] {
            try log.append(note("notes/a", "a1"))
            try log.append(note("notes/a", "a2"))
            _ = try log.append(batch: [note("notes/c", "c1"), note("notes/a", "a3")], label: { .event($0 + 1) })
            _ = try log.importJSONLines(Array(import1.utf8), defaultActor: "t", restore: false, progress: nil)
            try log.append(note("notes/c", "c2"))
        }
        for position in [Int64(2), 4, 5, 8, 9] { steps.append((position, try snapshot(reference.log, at: position))) }
        return (store, reference, steps)
    }

    /// Imports larger than one chunk of handed events (``AppendSession``'s 4,096): into an
    /// empty store, on top of kept views, with a correction and a retraction in a later chunk,
    /// and one whose fold fails in a later chunk (refused whole, named by view and position,
    /// the views unchanged). The views are those of the same imports on SQLite, and of a rebuild.
    @Test(arguments: Engine.available)
    func largeImportsFoldTheSameViewsAsOnSQLite(_ engine: Engine) throws {
        let store = try EngineStore(engine, catalog: OpenCatalog(), projections: NotesDomain())
        let reference = try EngineStore(.sqlite, catalog: OpenCatalog(), projections: NotesDomain())
        let lines = { (count: Int, at: Int, special: String?) -> [UInt8] in
            let notes = (0..<count).map { i in
                i == at ? special! : #"{"type":"Note","stream":"notes/\#(i % 13)","data":{"text":"n\#(i)"}}"#
            }
            return Array(notes.joined(separator: "\n").utf8)
        }
        let fix = #"{"type":"Fix","stream":"fixes","data":{"corrects":5,"changes":{"text":"fixed"}}}"#
        let drop = #"{"type":"Drop","stream":"fixes","data":{"drops":7,"reason":"in error"}}"#
        let unmappable = #"{"type":"Note","stream":"notes/x","data":{"text":"unmappable"}}"#
        for log in [store.log, reference.log] {
            _ = try log.importJSONLines(lines(9_000, -1, nil), defaultActor: "t", restore: false, progress: nil)
            _ = try log.importJSONLines(lines(5_000, -1, nil), defaultActor: "t", restore: false, progress: nil)
            _ = try log.importJSONLines(lines(5_000, 4_500, fix), defaultActor: "t", restore: false, progress: nil)
            _ = try log.importJSONLines(lines(5_000, 4_600, drop), defaultActor: "t", restore: false, progress: nil)
        }
        let views = try snapshot(store.log)
        #expect(views == (try snapshot(reference.log)))
        #expect(views.contains("text/5=fixed") && !views.contains { $0.hasPrefix("text/7=") })
        let failed = #expect(throws: ActaError.self) {
            try store.log.importJSONLines(lines(5_000, 4_700, unmappable), defaultActor: "t", restore: false, progress: nil)
        }
        #expect(failed?.message == "view latest at position 28701: this note cannot be mapped", "\(failed?.message ?? "")")
        #expect(try store.log.head().count == 24_000)
        #expect(try snapshot(store.log) == views)
        let verified = try store.log.verifyViews()
        #expect(verified.isIntact, "\(verified.difference ?? "")")
        try store.log.rebuildViews()
        #expect(try snapshot(store.log) == views)
    }

    @Test(arguments: Engine.available)
    func viewsAfterAppendsImportAndRebuildAreTheSameAsOnSQLite(_ engine: Engine) throws {
        let (store, reference, steps) = try sameRegister(on: engine)
        let head = try snapshot(store.log)
        #expect(head == (try snapshot(reference.log)))
        // Position 4 (a3) is retracted by 8; position 1 corrected by 6.
        #expect(head.contains("notes/a=2") && head.contains("notes/b=2"), "\(head)")
        #expect(head.contains("latest notes/c=c2@9") && head.contains("latest notes/b=b2 ☃@7"))
        #expect(!head.contains { $0.hasPrefix("text/4=") }, "\(head)")
        #expect(head.contains("text/1=a1, fixed"))
        // Saved in the append's transaction: current at the head, equal to their replay.
        let verified = try store.log.verifyViews()
        #expect(verified.isIntact && verified.compared.sorted() == ["counts", "latest", "texts"], "\(verified.difference ?? "")")
        // Earlier positions replay the log into memory, as on SQLite.
        for (position, expected) in steps { #expect(try snapshot(store.log, at: position) == expected, "at \(position)") }
        #expect(throws: ActaError.self) { try snapshot(store.log, at: 10) }
        // A rebuild (all, then one view) gives the same records; another opening reads them.
        try store.log.rebuildViews()
        try store.log.rebuildViews(only: "latest", progress: nil)
        #expect(throws: ActaError.self) { try store.log.rebuildViews(only: "nope", progress: nil) }
        let reopened = try store.reopen(catalog: OpenCatalog(), projections: NotesDomain())
        defer { try? reopened.close() }
        #expect(try snapshot(reopened) == head)
        #expect(try reopened.verifyViews().isIntact)
        #expect(try reopened.amendments().notes(for: 4) == ["retracted by 8: in error"])
        // A view derived from some streams alone, from the log.
        let derived = try reopened.derive(NotesDomain.Latest(), streamsPrefixed: "notes/c")
        #expect(try derived.all(view: "latest", as: NotesDomain.Latest.Record.self).map(\.key) == ["notes/c"])
    }

    /// A view derived from the streams of a prefix holds those streams and no other, on every
    /// engine: streams that sort right before and right after the prefix's range in byte
    /// order (`n/` is followed by `n0`), and in an order other than byte order (`n/A`).
    @Test(arguments: Engine.available)
    func aViewDerivedByStreamPrefixHoldsExactlyThoseStreams(_ engine: Engine) throws {
        let store = try EngineStore(engine, catalog: OpenCatalog(), projections: NotesDomain())
        let streams = ["n/a", "n/ab", "n/b", "n/A", "n/", "n", "n.", "n0", "n/z", "n:", "n-a", "o/a", "m/z"]
        for stream in streams { try store.log.append(note(stream, stream)) }
        for prefix in ["n/a", "n/", "n", "n.", "", "z", "n/z"] {
            let derived = try store.log.derive(NotesDomain.Latest(), streamsPrefixed: prefix)
            let keys = try derived.all(view: "latest", as: NotesDomain.Latest.Record.self).map(\.key)
            #expect(keys.sorted() == streams.filter { $0.hasPrefix(prefix) }.sorted(), "prefix \(prefix)")
        }
    }

    @Test(arguments: Engine.available)
    func aRefusedAppendLeavesTheViewsUnchanged(_ engine: Engine) throws {
        let (store, _, _) = try sameRegister(on: engine)
        let before = try snapshot(store.log)
        let head = try store.log.head()
        // The fold itself fails (a mapping that refuses the note): the event is not written either.
        let folded = #expect(throws: ActaError.self) { try store.log.append(note("notes/a", "unmappable")) }
        #expect(folded?.message.contains("cannot be mapped") == true)
        let batch = #expect(throws: ActaError.self) {
            try store.log.append(batch: [note("notes/d", "d1"), note("notes/d", "unmappable")], label: { .event($0 + 1) })
        }
        #expect(batch != nil)
        #expect(try store.log.head() == head)
        #expect(try snapshot(store.log) == before)
        #expect(try store.log.verifyViews().isIntact)
    }

    @Test(arguments: Engine.available)
    func verifyViewsFindsARecordEditedByHand(_ engine: Engine) throws {
        let (store, _, _) = try sameRegister(on: engine)
        let edit = "UPDATE views SET value = '\"edited\"' WHERE view = 'texts' AND key = 'text/2'"
        switch engine {
        case .sqlite:
            try DatabaseQueue(path: store.location).write { try $0.execute(sql: edit) }
        case .postgres:
            // As the superuser: the views are derived data, not append-only; the writer may change them too.
            #expect(try PostgresAdmin.psql(Engine.postgresURL!.database(store.database!), edit).status == 0)
        }
        let report = try store.log.verifyViews()
        #expect(!report.isIntact)
        #expect(report.difference?.contains("record text/2 differs") == true, "\(report.difference ?? "")")
        #expect(report.difference?.contains("someone edited it") == true)
        try store.log.rebuildViews()
        #expect(try store.log.verifyViews().isIntact)
    }
}
