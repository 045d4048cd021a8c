import ActaLog
import Foundation
import Synchronization
import Testing

/// A small domain for the runner: notes with a text, counted per stream; "Fix" events correct
/// them, "Drop" events retract them.
struct NotesDomain: ProjectionDomain {
    var countsVersion = 1
    var projections: [any Projection] { [Counts(version: countsVersion), Texts(), Latest()] }
    var correctionTypes: Set<String> { ["Fix", "Drop"] }

    struct Note: Sendable { let text: String }
    struct Fix: Sendable { let correction: Correction }

    func decode(_ entry: Entry) throws -> any Sendable {
        let data = try entry.dataValue()
        if entry.type == "Fix" {
            return Fix(correction: Correction(corrects: Int64(data["corrects"]!.intValue!), changes: data["changes"]!.objectValue!))
        }
        if entry.type == "Drop" {
            return Fix(correction: Correction(corrects: Int64(data["drops"]!.intValue!), retracts: true, reason: data["reason"]?.stringValue))
        }
        guard let text = data["text"]?.stringValue, !text.isEmpty else { throw ActaError(.invalidInput, "Note.text: required") }
        return Note(text: text)
    }

    func correction(in value: any Sendable) -> Correction? { (value as? Fix)?.correction }

    struct Counts: Projection {
        let version: Int
        var name: String { "counts" }
        func wants(_ type: String) -> Bool { type == "Note" }
        func apply(_ event: ProjectedEvent, to store: ViewStore) throws {
            // Version 2 counts twice, so a rebuild is visible.
            let step = version == 1 ? 1 : 2
            try store.put(event.entry.stream, (try store.get(event.entry.stream, as: Int.self) ?? 0) + step)
        }
    }

    struct Texts: Projection {
        var name: String { "texts" }
        var version: Int { 1 }
        func wants(_ type: String) -> Bool { type == "Note" }
        func apply(_ event: ProjectedEvent, to store: ViewStore) throws {
            try store.put("text/\(event.entry.position)", (event.value as! Note).text)
        }
    }
}

extension NotesDomain {
    /// A mapping projection: each note maps to its stream's latest record, so later notes
    /// overwrite earlier ones (log order must hold); a note saying "unmappable" fails it.
    struct Latest: MappingProjection {
        struct Record: Codable, Sendable, Equatable, JSONRecord {
            var text: String
            var position: Int64
            func writeMembers(to object: inout JSONObjectWriter) {
                object.member("position", position)
                object.member("text", text)
            }
        }

        var name: String { "latest" }
        var version: Int { 1 }
        func wants(_ type: String) -> Bool { type == "Note" }
        func records(for event: ProjectedEvent) throws -> [MappedRecord] {
            let text = (event.value as! Note).text
            if text == "unmappable" { throw ActaError(.invalidInput, "this note cannot be mapped") }
            return [MappedRecord(key: event.entry.stream, Record(text: text, position: event.entry.position))]
        }
    }
}

@Suite struct ProjectionRunnerTests {
    func note(_ stream: String, _ text: String) -> NewEvent {
        NewEvent(type: "Note", stream: stream, data: ["text": .string(text)], actor: "t")
    }

    func snapshot(_ log: EventLog, at position: Int64? = nil) throws -> [String] {
        try log.withViews(at: position) { store in
            try store.all(view: "counts", as: Int.self).map { "\($0.key)=\($0.value)" }
                + store.all(view: "texts", as: String.self).map { "\($0.key)=\($0.value)" }
                + store.all(view: "latest", as: NotesDomain.Latest.Record.self).map { "latest \($0.key)=\($0.value.text)@\($0.value.position)" }
        }
    }

    @Test func incrementalCatchUpAndRebuildGiveIdenticalViews() throws {
        let store = try TestStore(catalog: OpenCatalog())
        let path = store.path
        try store.log.close()
        let log = try EventLog.open(at: path, catalog: OpenCatalog(), projections: NotesDomain())
        for i in 0..<200 { try log.append(note("s/\(i % 7)", "note \(i)")) }
        try log.importJSONLines(
            Array((0..<50).map { #"{"type":"Note","stream":"s/x","data":{"text":"n\#($0)"}}"# }.joined(separator: "\n").utf8),
            defaultActor: "t"
        )
        let incremental = try snapshot(log)
        #expect(incremental.contains("s/0=29"))
        #expect(incremental.contains("s/x=50"))
        #expect(incremental.count == 8 + 250 + 8)
        // The latest note of each stream, though every note of the stream wrote the same key.
        #expect(incremental.contains("latest s/0=note 196@197"))
        #expect(incremental.contains("latest s/x=n49@250"))
        try log.rebuildViews()
        #expect(try snapshot(log) == incremental)
        // Replayed into memory up to a position, the mapped records keep log order too.
        #expect(try snapshot(log, at: 100).contains("latest s/0=note 98@99"))
    }

    @Test func aMappingProjectionsFailureNamesTheViewAndPositionAndWritesNothing() throws {
        let store = try TestStore(catalog: OpenCatalog())
        let path = store.path
        try store.log.close()
        let log = try EventLog.open(at: path, catalog: OpenCatalog(), projections: NotesDomain())
        try log.append(note("s/a", "fine"))
        let before = try snapshot(log)
        let error = #expect(throws: ActaError.self) { try log.append(note("s/a", "unmappable")) }
        #expect(error?.message == "view latest at position 2: this note cannot be mapped", "\(error?.message ?? "")")
        #expect(try log.head().count == 1)
        #expect(try snapshot(log) == before)
        // After a whole batch of the same transaction (4,096 events) was written or waits to
        // be: it all goes with the transaction.
        let lines =
            (0..<4200).map { #"{"type":"Note","stream":"s/b","data":{"text":"n\#($0)"}}"# } + [
                #"{"type":"Note","stream":"s/b","data":{"text":"unmappable"}}"#
            ]
        #expect(throws: ActaError.self) { try log.importJSONLines(Array(lines.joined(separator: "\n").utf8), defaultActor: "t") }
        #expect(try log.head().count == 1)
        #expect(try snapshot(log) == before)
    }

    @Test func aNewProjectionVersionRebuildsFromPositionOne() throws {
        let store = try TestStore(catalog: OpenCatalog())
        let path = store.path
        try store.log.close()
        let v1 = try EventLog.open(at: path, catalog: OpenCatalog(), projections: NotesDomain())
        for i in 0..<10 { try v1.append(note("s/a", "n\(i)")) }
        #expect(try snapshot(v1).first == "s/a=10")
        try v1.close()
        let v2 = try EventLog.open(at: path, catalog: OpenCatalog(), projections: NotesDomain(countsVersion: 2))
        // Stale saved views are never served: reading replays in memory until the next write.
        #expect(try snapshot(v2).first == "s/a=20")
        try v2.append(note("s/a", "n10"))
        #expect(try snapshot(v2).first == "s/a=22")
    }

    @Test func aCorrectionChangesTheViewButNotTheLog() throws {
        let store = try TestStore(catalog: OpenCatalog())
        let path = store.path
        try store.log.close()
        let log = try EventLog.open(at: path, catalog: OpenCatalog(), projections: NotesDomain())
        try log.append(note("s/a", "Skopje, 30 June 2018"))
        try log.append(note("s/a", "second"))
        try log.append(
            NewEvent(type: "Fix", stream: "corrections", data: ["corrects": 1, "changes": ["text": "Skopje, 30 June 2018 (corrected)"]], actor: "t")
        )
        #expect(try snapshot(log).contains("text/1=Skopje, 30 June 2018 (corrected)"))
        #expect(try snapshot(log, at: 2).contains("text/1=Skopje, 30 June 2018"))
        // The mapping projection sees the corrected data too; "second" stays the latest.
        #expect(try snapshot(log).contains("latest s/a=second@2"))
        #expect(try String(decoding: log.entry(at: 1)!.data, as: UTF8.self).contains("30 June 2018\""))
        #expect(try log.verify().isIntact)
        // A correction that would make the corrected event invalid is refused, and nothing is written.
        let bad = NewEvent(type: "Fix", stream: "corrections", data: ["corrects": 2, "changes": ["text": ""]], actor: "t")
        let error = #expect(throws: ActaError.self) { try log.append(bad) }
        #expect(error?.message.contains("makes it invalid") == true, "\(error?.message ?? "")")
        #expect(try log.head().count == 3)
        let forward = NewEvent(type: "Fix", stream: "corrections", data: ["corrects": 9, "changes": ["text": "x"]], actor: "t")
        #expect(throws: ActaError.self) { try log.append(forward) }
        #expect(try log.head().count == 3)
    }

    @Test func correctionsAreReadThroughAnIndexOfTheirOwn() throws {
        let store = try TestStore(catalog: OpenCatalog())
        let path = store.path
        try store.log.close()
        let log = try EventLog.open(at: path, catalog: OpenCatalog(), projections: NotesDomain())
        for i in 0..<20 { try log.append(note("s/a", "n\(i)")) }
        // A note and its correction in one import, after views that were already current.
        try log.importJSONLines(
            Array(
                """
                {"type":"Note","stream":"s/b","data":{"text":"draft"}}
                {"type":"Fix","stream":"corrections","data":{"corrects":21,"changes":{"text":"final"}}}
                """.utf8
            ),
            defaultActor: "t"
        )
        #expect(try snapshot(log).contains("text/21=final"))
        // The index holds only the domain's correction types, and the runner's queries use it
        // rather than scanning every event.
        let index = try store.sqlite("SELECT sql FROM sqlite_master WHERE name = 'events_corrections'").output
        #expect(index.contains("WHERE type IN ('Drop', 'Fix')"), "\(index)")
        let plan = try store.sqlite(
            "EXPLAIN QUERY PLAN SELECT position FROM events WHERE type IN ('Drop', 'Fix') AND position > 0 AND position <= 22"
        ).output
        #expect(plan.contains("USING INDEX events_corrections"), "\(plan)")
        #expect(try store.sqlite("SELECT count(*) FROM events INDEXED BY events_corrections WHERE type IN ('Drop', 'Fix')").output.contains("1"))
    }

    func drop(_ position: Int64, _ reason: String) -> NewEvent {
        NewEvent(type: "Drop", stream: "corrections", data: ["drops": .number(Double(position)), "reason": .string(reason)], actor: "t")
    }

    /// Runs `body` with a new store's log running the notes' views, and the store's path.
    func withNotesLog(_ body: (EventLog, String) throws -> Void) throws {
        let store = try TestStore(catalog: OpenCatalog())
        try store.log.close()
        try body(try EventLog.open(at: store.path, catalog: OpenCatalog(), projections: NotesDomain()), store.path)
    }

    @Test func aRetractedEventIsSkippedByEveryViewButKeptInTheLog() throws {
        try withNotesLog { log, _ in
            try log.append(note("s/a", "first"))
            try log.append(note("s/a", "second"))
            try log.append(note("s/b", "third"))
            let before = try snapshot(log)
            #expect(before.contains("s/a=2") && before.contains("text/2=second") && before.contains("latest s/a=second@2"))
            // The views were current at 3: the retraction at 4 rebuilds them without position 2.
            try log.append(drop(2, "recorded in error"))
            let after = try snapshot(log)
            #expect(after.contains("s/a=1") && !after.contains("text/2=second") && after.contains("latest s/a=first@1"), "\(after)")
            #expect(try snapshot(log, at: 3) == before)
            try log.rebuildViews()
            #expect(try snapshot(log) == after)
            #expect(try log.entry(at: 2)?.type == "Note")
            #expect(try log.verify().isIntact)
            // A retracted correction no longer changes its target.
            try log.append(NewEvent(type: "Fix", stream: "corrections", data: ["corrects": 1, "changes": ["text": "first (fixed)"]], actor: "t"))
            #expect(try snapshot(log).contains("text/1=first (fixed)"))
            try log.append(drop(5, "the fix was wrong"))
            #expect(try snapshot(log).contains("text/1=first"))
            let amendments = try log.amendments()
            #expect(amendments.notes(for: 2) == ["retracted by 4: recorded in error"])
            #expect(amendments.notes(for: 2, reasons: false) == ["retracted by 4"])
            #expect(amendments.notes(for: 5) == ["retracted by 6: the fix was wrong"])
            #expect(amendments.notes(for: 1).isEmpty, "its only correction is retracted")
            #expect(amendments.json(for: 2) == ["retracted": ["by": 4, "reason": "recorded in error"]])
        }
    }

    @Test func amendmentsMarkCorrectedAndRetractedPositions() throws {
        try withNotesLog { log, path in
            try log.append(note("s/a", "one"))
            try log.append(NewEvent(type: "Fix", stream: "corrections", data: ["corrects": 1, "changes": ["text": "One"]], actor: "t"))
            try log.append(NewEvent(type: "Fix", stream: "corrections", data: ["corrects": 1, "changes": ["text": "ONE"]], actor: "t"))
            let amendments = try log.amendments()
            #expect(amendments.notes(for: 1) == ["corrected by 2, 3"])
            #expect(amendments.json(for: 1) == ["corrected_by": [2, 3]])
            #expect(amendments.notes(for: 2).isEmpty && amendments.json(for: 2).isEmpty)
            let exported = try amendments.exportObject(of: try #require(try log.entry(at: 1)))
            #expect(exported["corrected_by"] == .array([2, 3]) && exported["position"] == .number(1))
            // Without a domain, nothing is known of corrections.
            let plain = try EventLog.open(at: path, catalog: OpenCatalog(), readOnly: true)
            #expect(try plain.amendments().isEmpty)
        }
    }

    /// A view rebuilt for a new version and a correction in the same catch-up: the views
    /// whose checkpoints are kept are rebuilt too, since the correction changes what they
    /// folded before it.
    @Test func aCorrectionWithAViewsNewVersionRebuildsTheOthersToo() throws {
        try withNotesLog { v1, path in
            try v1.append(note("s/a", "draft"))
            try v1.append(note("s/a", "other"))
            try v1.close()
            let v2 = try EventLog.open(at: path, catalog: OpenCatalog(), projections: NotesDomain(countsVersion: 2))
            try v2.append(drop(2, "not a note"))
            try v2.append(NewEvent(type: "Fix", stream: "corrections", data: ["corrects": 1, "changes": ["text": "final"]], actor: "t"))
            let views = try snapshot(v2)
            #expect(views.contains("text/1=final") && !views.contains("text/2=other") && views.contains("s/a=2"), "\(views)")
            try v2.rebuildViews()
            #expect(try snapshot(v2) == views)
        }
    }

    @Test func aPositionBeyondTheHeadIsRefused() throws {
        let store = try TestStore(catalog: OpenCatalog())
        let path = store.path
        try store.log.close()
        let log = try EventLog.open(at: path, catalog: OpenCatalog(), projections: NotesDomain())
        try log.append(note("s/a", "x"))
        let error = #expect(throws: ActaError.self) { try snapshot(log, at: 5) }
        #expect(error?.message == "position 5 is beyond the head of the log (1)")
    }
}

/// An append hands its events to the views as it prepared them: with the catalog's value,
/// nothing is decoded again; without it, the data is decoded from memory. Either way the
/// views equal a rebuild's.
@Suite struct AppendHandsItsEventsToTheViewsTests {
    /// Decodes notes as the catalog does, counting what the runner asks it to decode.
    struct CountingDomain: ProjectionDomain {
        static let decoded = Mutex(0)
        let notes = NotesDomain()
        var acceptsCatalogValues: Bool { true }
        var projections: [any Projection] { notes.projections }
        var correctionTypes: Set<String> { notes.correctionTypes }
        func decode(_ entry: Entry) throws -> any Sendable {
            Self.decoded.withLock { $0 += 1 }
            return try notes.decode(entry)
        }
        func correction(in value: any Sendable) -> Correction? { notes.correction(in: value) }
    }

    /// Hands the runner each note's decoded value, as the OCPS catalog does.
    struct NotesCatalog: EventCatalog {
        func validate(type: String, data: [String: JSONValue]) throws -> ValidatedData {
            guard type == "Note", let text = data["text"]?.stringValue else { return ValidatedData(schema: 1) }
            return ValidatedData(schema: 1, value: NotesDomain.Note(text: text))
        }
    }

    @Test func theCatalogsValuesAreFoldedWithoutDecodingAgain() throws {
        let store = try TestStore(catalog: OpenCatalog())
        try store.log.close()
        let log = try EventLog.open(at: store.path, catalog: NotesCatalog(), projections: CountingDomain())
        defer { try? log.close() }
        CountingDomain.decoded.withLock { $0 = 0 }
        for i in 0..<20 { try log.append(NewEvent(type: "Note", stream: "s/\(i % 3)", data: ["text": .string("note \(i)")], actor: "t")) }
        try log.append(batch: (0..<10).map { NewEvent(type: "Note", stream: "b", data: ["text": .string("batch \($0)")], actor: "t") })
        #expect(CountingDomain.decoded.withLock { $0 } == 0)
        let incremental = try ProjectionRunnerTests().snapshot(log)
        #expect(incremental.contains("s/0=7") && incremental.contains("b=10"))
        try log.rebuildViews()
        #expect(CountingDomain.decoded.withLock { $0 } == 30)
        #expect(try ProjectionRunnerTests().snapshot(log) == incremental)
    }
}
