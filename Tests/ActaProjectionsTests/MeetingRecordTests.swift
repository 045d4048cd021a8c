import ActaEvents
import ActaLog
import ActaProjections
import Foundation
import Testing

/// The Fourth Meeting of 2018 as one record (`events/examples/conference-4.json`) holds the
/// history's facts, and recorded after the history before it gives the views the history does.
@Suite struct MeetingRecordTests {
    static let lines = ReplayTests.lines
    /// Where the Fourth Meeting's events start in the history: its MeetingHeld.
    static let fourthStarts = lines.firstIndex { $0.contains(#""stream": "meeting/conference/4""#) }!
    static let record = try! MeetingRecord.parse(Array(Data(contentsOf: MeetingRecord.exampleURL)), what: "conference-4.json", actor: "test")
    /// The history's lines of the Fourth Meeting: as many as the record has events.
    static let fourthLines = Array(lines[fourthStarts..<(fourthStarts + record.events.count)])

    /// An event as the views see it: type, stream, data, and the meta they read (source,
    /// inferred, conflict, note). The record's items also carry the record's `cite`, which
    /// the history gives all but the board seats.
    static func fact(type: String, data: JSONValue, meta: JSONValue?) -> String {
        var meta = meta?.objectValue ?? [:]
        meta["cite"] = nil
        let stream = (try? OCPSCatalog().validate(type: type, data: data.objectValue ?? [:]).stream) ?? "?"
        return "\(type) \(stream) " + CanonicalJSON.string(data) + " " + CanonicalJSON.string(.object(meta))
    }

    @Test func theRecordHoldsTheHistorysFacts() throws {
        #expect(Self.record.events.count == 18)
        #expect(Self.fourthLines.last!.contains("conference-4-6") && Self.lines[Self.fourthStarts + 18].contains("\"number\": 5"))
        let history = try Self.fourthLines.map { line in
            let object = try JSONParser.parse(line)
            return Self.fact(type: object["type"]!.stringValue!, data: object["data"]!, meta: object["meta"])
        }
        let recorded = Self.record.events.map { Self.fact(type: $0.type, data: $0.data, meta: .object($0.meta)) }
        #expect(recorded.sorted() == history.sorted())
        #expect(Self.record.paths.prefix(3) == ["meeting", "outcomes[0]", "outcomes[1]"] && Self.record.paths.last == "board[2]")
    }

    /// Views compared as JSON without the log positions and event ids, which differ by
    /// construction (the record appends its parts in its own order, with ids of its own), on the dates the Fourth Meeting's facts
    /// change: before and on the day, after the provisions' and the answers' deadlines, and
    /// before and after the Fifth Meeting.
    static let dates = ["2018-06-29", "2018-06-30", "2018-07-01", "2018-09-02", "2018-09-11", "2019-06-03", "2019-06-05", "2025-12-31"]

    static func withoutPositionsAndIDs(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let object):
            .object(object.filter { !["position", "positions", "id"].contains($0.key) }.mapValues(withoutPositionsAndIDs))
        case .array(let items): .array(items.map(withoutPositionsAndIDs))
        default: value
        }
    }

    func expectSameViews(_ history: HistoryStore, _ recorded: HistoryStore, sourceLocation: SourceLocation = #_sourceLocation) throws {
        for date in Self.dates {
            let expected = try history.allViews(date)
            let actual = try recorded.allViews(date)
            #expect(expected.keys.sorted() == ViewCatalog.names.sorted(), sourceLocation: sourceLocation)
            for (name, json) in expected {
                let same =
                    try Self.withoutPositionsAndIDs(JSONParser.parse(json)) == Self.withoutPositionsAndIDs(JSONParser.parse(actual[name] ?? ""))
                #expect(same, "\(name) on \(date)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test func recordingItAfterTheHistoryBeforeItGivesTheHistorysViews() throws {
        let history = try HistoryStore(withHistory: false)
        let before = Array(Self.lines[..<Self.fourthStarts].joined(separator: "\n").utf8)
        _ = try history.log.importJSONLines(before + Array(("\n" + Self.fourthLines.joined(separator: "\n")).utf8), defaultActor: "test")
        let recorded = try HistoryStore(withHistory: false)
        _ = try recorded.log.importJSONLines(before, defaultActor: "test")
        let paths = Self.record.paths
        let results = try recorded.log.append(batch: Self.record.events, label: { .item(paths[$0]) })
        #expect(results.map(\.position) == Array(Int64(Self.fourthStarts + 1)...Int64(Self.fourthStarts + 18)))
        #expect(try recorded.log.head().count == history.log.head().count)
        try expectSameViews(history, recorded)
        // And the rest of the history, recorded after either, still gives the same views.
        let rest = Array(Self.lines[(Self.fourthStarts + 18)...].joined(separator: "\n").utf8)
        for store in [history, recorded] { _ = try store.log.importJSONLines(rest, defaultActor: "test") }
        try expectSameViews(history, recorded)
    }

    /// `check(batch:)` decides the record as an append would and writes nothing.
    @Test func aCheckWritesNothing() throws {
        let store = try HistoryStore(withHistory: false)
        _ = try store.log.importJSONLines(Array(Self.lines[..<Self.fourthStarts].joined(separator: "\n").utf8), defaultActor: "test")
        let head = try store.log.head()
        let checked = try store.log.check(batch: Self.record.events)
        #expect(checked.count == 18 && checked.first?.position == head.count + 1)
        #expect(try store.log.head() == head)
        #expect(try store.allViews("2025-12-31")["decisions"]?.contains("Invite Greece") == false)
        let appended = try store.log.append(batch: Self.record.events)
        #expect(appended.map(\.position) == checked.map(\.position))
        let refused = #expect(throws: ActaError.self) { try store.log.check(batch: Self.record.events, label: { .item(Self.record.paths[$0]) }) }
        #expect(
            refused?.kind == .conflict && refused?.message.hasPrefix("meeting: MeetingHeld on meeting/conference/4 refused:") == true,
            "\(refused?.message ?? "")"
        )
    }
}
