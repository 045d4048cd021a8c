import ActaEvents
import ActaProjections
import Foundation
import Testing

@testable import ActaLog

@Suite struct ReplayTests {
    static let lines: [String] = {
        String(decoding: try! History.jsonLines(), as: UTF8.self).split(separator: "\n").map(String.init)
    }()

    /// Appending the history line by line (catching up after each append) and rebuilding from
    /// scratch give identical views.
    @Test func incrementalCatchUpEqualsARebuild() throws {
        let h = try HistoryStore(withHistory: false)
        for line in Self.lines { try h.log.importJSONLines(Array(line.utf8), defaultActor: "test") }
        let incremental = try h.allViews("2025-12-31")
        let secureDelete = try h.log.read { db in try Int.fetchOne(db, sql: "PRAGMA secure_delete") }
        try h.log.rebuildViews()
        #expect(try h.allViews("2025-12-31") == incremental)
        for name in ["board", "decisions", "hosts"] {
            try h.log.rebuildViews(only: name)
            #expect(try h.allViews("2025-12-31") == incremental, "after rebuilding \(name)")
        }
        // A rebuild frees the old records' pages without zeroing them, and then puts the
        // setting back for every other delete.
        #expect(try h.log.read { db in try Int.fetchOne(db, sql: "PRAGMA secure_delete") } == secureDelete)
        let imported = try HistoryStore()
        #expect(try imported.allViews("2025-12-31") == incremental)
    }

    /// A rebuild of every view decodes every event, so one the catalog no longer reads is
    /// found; a rebuild of one view reads only the events that view wants.
    @Test func aRebuildOfOneViewReadsOnlyTheEventsItWants() throws {
        let h = try HistoryStore()
        try h.log.close()
        // Events the OCPS catalog would refuse, recorded by a program with an open catalog.
        let other = try EventLog.open(at: h.path, catalog: OpenCatalog())
        let bad = try other.append(NewEvent(type: "MemberJoined", stream: "member/XX", data: ["country": "not a country"], actor: "test"))
        try other.close()
        let log = try EventLog.open(at: h.path, catalog: OCPSCatalog(), projections: OCPSProjections())
        defer { try? log.close() }
        try log.rebuildViews(only: "hosts")
        let hosts = try log.read { db in try Int64.fetchOne(db, sql: "SELECT position FROM view_checkpoints WHERE view = 'hosts'") }
        #expect(hosts == bad.position)
        for name in ["members", nil] as [String?] {
            let error = #expect(throws: ActaError.self) { try log.rebuildViews(only: name) }
            #expect(
                error?.message.hasPrefix("position \(bad.position): MemberJoined.country: \"not a country\" is not an ISO 3166-1") == true,
                "\(error?.message ?? "")"
            )
        }
    }

    /// Recorded in reverse date order, the history gives the same views on every date. Each
    /// stream's own events keep their order, which its rules require (an item is opened
    /// before it is closed): the streams take the places of the reversed lines in turn.
    @Test func lateAndOutOfOrderRecordingGivesTheSameViews() throws {
        let inOrder = try HistoryStore()
        let reversed = try HistoryStore(withHistory: false)
        func stream(_ line: String) -> String { (try? JSONParser.parse(line))?["stream"]?.stringValue ?? "" }
        var byStream = Dictionary(grouping: Self.lines, by: stream).mapValues { $0[...] }
        let reversedAcrossStreams = Self.lines.reversed().map { byStream[stream($0)]!.popFirst()! }
        #expect(Set(reversedAcrossStreams) == Set(Self.lines) && reversedAcrossStreams != Self.lines)
        try reversed.log.importJSONLines(Array(reversedAcrossStreams.joined(separator: "\n").utf8), defaultActor: "test")
        for date in ["2018-07-01", "2018-09-15", "2019-01-01", "2022-01-01", "2023-06-01", "2025-12-31"] {
            func strip(_ json: String) -> String {
                // Positions differ by construction; everything else must match.
                json.replacingOccurrences(of: #""position" : \d+"#, with: "", options: .regularExpression)
                    .replacingOccurrences(of: #""positions?" : \[[^\]]*\]"#, with: "", options: .regularExpression)
            }
            for (name, json) in try inOrder.allViews(date) {
                let other = try reversed.allViews(date)[name]!
                if name == "board" || name == "members" || name == "secretariat" || name == "actions" {
                    #expect(try viewFacts(name, inOrder, date) == viewFacts(name, reversed, date), "\(name) on \(date)")
                } else {
                    #expect(strip(json).count == strip(other).count, "\(name) on \(date)")
                }
            }
        }
    }

    func viewFacts(_ name: String, _ h: HistoryStore, _ date: String) throws -> [String] {
        switch name {
        case "board": return try h.board(date).history.map { "\($0.seat) \($0.country) \($0.from) \($0.until ?? "-")" }.sorted()
        case "members":
            return try h.members(date).countries.map { "\($0.country) \($0.status) \($0.since ?? "-") \($0.offices.filter { $0.left == nil }.count)" }
        case "secretariat":
            let s = try h.secretariat(date)
            return s.hosts.map { "\($0.office) \($0.from) \($0.until ?? "-")" } + s.staff.map { "\($0.name) \($0.role)" }.sorted()
        default: return try h.actions(date).items.map { "\($0.item) \($0.status) \($0.due ?? "-")" }
        }
    }

    /// A correction is a new event: the view changes, the corrected event and the chain do not,
    /// and the register as it stood before the correction is still visible with --at.
    @Test func aCorrectionIsANewEventThatChangesTheView() throws {
        let h = try HistoryStore()
        let fourth = try #require(try h.log.entries(EventFilter(stream: "meeting/conference/4", type: "MeetingHeld")).first)
        let before = try h.log.head()
        let correction = NewEvent(
            type: "EntryCorrected",
            stream: "corrections",
            data: ["corrects": .number(Double(fourth.position)), "changes": ["city": "Ohrid"], "reason": "test: the minutes name another city"],
            actor: "secretariat",
            meta: ["source": "test"]
        )
        try h.log.append(correction)
        #expect(try h.hosts("2025-12-31").meetings.first { $0.number == 4 && $0.body == "conference" }?.city == "Ohrid")
        #expect(try h.hosts("2025-12-31", at: before.count).meetings.first { $0.number == 4 && $0.body == "conference" }?.city == "Skopje")
        #expect(try h.log.entry(at: fourth.position)?.data == fourth.data)
        #expect(try h.log.verify().isIntact)
        // A correction that breaks the corrected event is refused and nothing is written.
        let bad = NewEvent(
            type: "EntryCorrected",
            stream: "corrections",
            data: ["corrects": .number(Double(fourth.position)), "changes": ["start": "2018-02-30"], "reason": "typo"],
            actor: "secretariat"
        )
        let error = #expect(throws: ActaError.self) { try h.log.append(bad) }
        #expect(
            error?.message.contains("would make the MeetingHeld at position \(fourth.position) invalid: MeetingHeld.start") == true,
            "\(error?.message ?? "")"
        )
        #expect(try h.log.head().count == before.count + 1)
    }

    /// A retraction is a new event too: the views read the register without the retracted
    /// entry (an outcome recorded in error leaves the decisions register), the entry and the
    /// chain stay, `--at` shows the register before it, and a rebuild gives the same views.
    @Test func aRetractedEntryLeavesTheViews() throws {
        let h = try HistoryStore()
        let outcome = try #require(try h.log.entries(EventFilter(stream: "meeting/conference/4", type: "OutcomeAdopted")).first)
        let ordinal = try #require(try OCPSCatalog().decode(outcome) as? OutcomeAdopted).ordinal
        func fourth(_ view: DecisionsView) -> [Int] { view.outcomes.filter { $0.body == "conference" && $0.meeting == 4 }.map(\.ordinal) }
        let before = try h.log.head()
        let views = try h.allViews("2025-12-31")
        #expect(fourth(try h.decisions("2025-12-31")).contains(ordinal))
        try h.log.append(
            NewEvent(
                type: "EntryRetracted",
                data: ["position": .number(Double(outcome.position)), "reason": "test: recorded in error"],
                actor: "secretariat"
            )
        )
        let after = fourth(try h.decisions("2025-12-31"))
        #expect(!after.contains(ordinal) && !after.isEmpty, "\(after)")
        #expect(fourth(try h.log.withViews(at: before.count) { try DecisionsView($0, asOf: "2025-12-31") }).contains(ordinal))
        let incremental = try h.allViews("2025-12-31")
        #expect(incremental != views)
        try h.log.rebuildViews()
        #expect(try h.allViews("2025-12-31") == incremental)
        #expect(try h.log.entry(at: outcome.position)?.data == outcome.data)
        #expect(try h.log.verify().isIntact)
    }

    /// A MeetingHeld recorded under schema 1 (one date, place, online flag) still projects.
    @Test func anOldSchemaEventIsUpcastWhenProjected() throws {
        let h = try HistoryStore(withHistory: false)
        let path = h.path
        // Write a schema-1 event as an older Acta would have: the open catalog records schema 1.
        let old = try EventLog.open(at: path, catalog: OpenCatalog())
        try old.append(
            NewEvent(
                type: "MeetingHeld",
                stream: "meeting/conference/4",
                data: ["body": "conference", "number": 4, "date": "2018-06-30", "place": "Skopje", "country": "MK", "online": false],
                actor: "old"
            )
        )
        try old.close()
        #expect(try h.log.entry(at: 1)?.schema == 1)
        try h.log.rebuildViews()
        let meeting = try #require(try h.hosts("2025-12-31").meetings.first)
        #expect(meeting.city == "Skopje")
        #expect(meeting.start == "2018-06-30" && meeting.end == "2018-06-30")
        #expect(meeting.format == "in-person")
    }

    @Test func theReportIsByteIdenticalForTheSameLogAndArguments() throws {
        let h = try HistoryStore()
        let head = try h.log.head()
        func report(_ format: Report.Format) throws -> String {
            try h.log.withViews {
                try Report($0, asOf: "2024-01-01", since: "2021-01-01", headPosition: head.count, headChain: head.chainHex).render(format)
            }
        }
        let markdown = try report(.markdown)
        let html = try report(.html)
        try h.log.rebuildViews()
        #expect(try report(.markdown) == markdown)
        #expect(try report(.html) == html)
        let copy = try HistoryStore()
        _ = copy
        #expect(markdown.hasSuffix("chain hash \(head.chainHex). Check it with `acta verify`.\n"))
        #expect(markdown.contains("## Executive Board"))
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("Sofia Appellate Prosecutor&#39;s Office"))
    }

    @Test func htmlEscapesMarkup() {
        #expect(HTML.escape(#"<script>alert("x")</script> & 'y'"#) == "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;")
    }
}
