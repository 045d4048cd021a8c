import ActaEvents
import ActaLog
import Foundation
import Testing

/// `acta record FILE` through the built `acta`: a meeting's record is decided as a unit and
/// appended all or none; an error is one line naming the item of the file.
@Suite struct RecordCLITests {
    typealias Sandbox = CLITests.Sandbox

    /// The history before the Fourth Meeting's events: what the register held when it was recorded.
    static let historyBefore: String = {
        let lines = String(decoding: try! History.jsonLines(), as: UTF8.self).split(separator: "\n")
        return lines.prefix { !$0.contains(#""stream": "meeting/conference/4""#) }.joined(separator: "\n") + "\n"
    }()

    /// The Fourth Meeting's record, `events/examples/conference-4.json`, parsed.
    static var example: [String: JSONValue] {
        try! JSONParser.parse(Array(Data(contentsOf: MeetingRecord.exampleURL))).objectValue!
    }

    /// A store holding the history before the Fourth Meeting (19 events).
    func storeBeforeTheFourthMeeting() throws -> Sandbox {
        let s = try Sandbox()
        #expect(try s.acta(["init"]).status == 0)
        let imported = try s.acta(["import", "-"], stdin: Self.historyBefore)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(try s.count().contains(": 19,"))
        return s
    }

    /// Writes `record` as a file in the sandbox and returns its path.
    func write(_ record: [String: JSONValue], in s: Sandbox, name: String = "record.json") throws -> String {
        let path = s.directory.appendingPathComponent(name).path
        try Data(JSONValue.object(record).prettyString().utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// `acta record ARGS` is refused with `status` and one error line holding every phrase; nothing is written.
    func expectRefused(
        _ s: Sandbox,
        _ arguments: [String],
        status: Int32,
        _ phrases: String...,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        try s.expectRefused(["record"] + arguments, status: status, phrases, sourceLocation: sourceLocation)
    }

    @Test func theFourthMeetingIsRecordedOnceAfterTheHistoryBeforeIt() throws {
        let s = try storeBeforeTheFourthMeeting()
        let file = MeetingRecord.exampleURL.path
        let checked = try s.acta(["record", "--check", file])
        #expect(checked.status == 0, "\(checked.stderr)")
        #expect(
            checked.stdout.hasSuffix("ok: conference meeting 4 (2018-06-30) would be recorded as 18 events, positions 20–37; nothing was written\n")
        )
        #expect(try s.count().contains(": 19,"))
        let recorded = try s.acta(["record", file])
        #expect(recorded.status == 0, "\(recorded.stderr)")
        #expect(recorded.stdout.hasSuffix("recorded conference meeting 4 (2018-06-30): 18 events, positions 20–37\n"))
        #expect(recorded.stdout.contains("outcomes[5]") && recorded.stdout.contains("action/conference-4-6-letter@1"))
        #expect(try s.count().contains(": 37,"))
        #expect(try s.acta(["verify"]).status == 0)
        let actions = try s.acta(["view", "actions", "--as-of", "2018-09-02", "--overdue"]).stdout
        #expect(actions.contains("conference-4-3") && !actions.contains("conference-4-6 "), "\(actions)")
        // The same record again: the meeting is held once.
        try expectRefused(
            s,
            [file],
            status: 3,
            "meeting: MeetingHeld on meeting/conference/4 refused: the same MeetingHeld is already recorded at position 20"
        )
    }

    @Test func aMeetingTheHistoryHoldsIsRefused() throws {
        let s = try Sandbox()
        #expect(try s.acta(["demo"]).status == 0)
        try expectRefused(
            s,
            [MeetingRecord.exampleURL.path, "--check"],
            status: 3,
            "meeting: MeetingHeld on meeting/conference/4 refused: the same MeetingHeld is already recorded at position 20"
        )
    }

    /// The fifth event refused by its stream's rule after four accepted: none is written.
    @Test func aRefusedItemLeavesNothingWritten() throws {
        let s = try storeBeforeTheFourthMeeting()
        var record = Self.example
        record["outcomes"] = .array(Array(record["outcomes"]!.arrayValue!.prefix(3)))
        record["invitations"] = [["country": "RS", "office": "Prosecutor's Office for Organized Crime"]]  // a member since 2016
        for part in ["actions", "provisions", "approaches", "board"] { record[part] = nil }
        try expectRefused(
            s,
            [try write(record, in: s)],
            status: 3,
            "invitations[0]: MemberInvited on member/RS refused: Prosecutor's Office for Organized Crime is already a member"
        )
        #expect(try s.acta(["log", "--stream", "meeting/conference/4"]).stdout.split(separator: "\n").count <= 1)
        // A fifth item the catalog refuses: exit 2, named by its path.
        record = Self.example
        var outcomes = record["outcomes"]!.arrayValue!
        outcomes[3] = ["ordinal": 4, "kind": "resolution", "text": "Invite Greece."]
        record["outcomes"] = .array(outcomes)
        try expectRefused(s, [try write(record, in: s)], status: 2, "outcomes[3].kind: \"resolution\" is not one of decision, principle")
        // One the event's own rules refuse once the meeting fills it in.
        record = Self.example
        record["actions"] = [["ordinal": 3, "task": "Submit the provisions", "owner": "members", "due": "2018-06-01"]]
        try expectRefused(
            s,
            [try write(record, in: s)],
            status: 2,
            "actions[0]: ActionItemOpened.due: 2018-06-01 is before the day it was opened, 2018-06-30"
        )
    }

    @Test func aMissingOrMisplacedFieldIsNamedByItsPath() throws {
        let s = try storeBeforeTheFourthMeeting()
        var record = Self.example
        var outcomes = record["outcomes"]!.arrayValue!
        outcomes[2] = ["ordinal": 3, "kind": "request"]
        record["outcomes"] = .array(outcomes)
        try expectRefused(s, [try write(record, in: s)], status: 2, "outcomes[2].text: required field is missing (text)")
        record = Self.example
        record["meeting"]!.remove("start")
        try expectRefused(s, [try write(record, in: s)], status: 2, "meeting.start: required field is missing")
        record = Self.example
        record["actions"] = [["ordinal": 9, "task": "Report", "owner": "Secretariat"]]
        try expectRefused(
            s,
            [try write(record, in: s)],
            status: 2,
            "actions[0].ordinal: this record has no outcome 9 (its outcomes: 1, 2, 3, 4, 5, 6)"
        )
        record["actions"] = [["ordinal": 3, "task": "Report", "owner": "Secretariat", "meeting": 4]]
        try expectRefused(s, [try write(record, in: s)], status: 2, "actions[0].meeting: not given here: it is the record's meeting's")
        record["actions"] = [["ordinal": 3, "task": "Report", "owner": "Secretariat", "meta": ["sorce": "minutes"]]]
        try expectRefused(
            s,
            [try write(record, in: s)],
            status: 2,
            "actions[0].meta.sorce: unknown field; the fields are source, cite, inferred, conflict, note"
        )
        record["actions"] = nil
        record["approaches"] = [["country": "AT", "body": "executive-board"]]
        try expectRefused(s, [try write(record, in: s)], status: 2, "approaches[0].meeting: give the number of the executive-board meeting it is for")
        record["approaches"] = nil
        record["minutes"] = "…"
        try expectRefused(s, [try write(record, in: s)], status: 2, "minutes: unknown part of a meeting's record")
        try expectRefused(s, ["missing.json"], status: 2, "record: no file at missing.json")
    }

    /// The template explains every field with an example; filled with the examples of its
    /// required fields (the optional ones left out, as it says), it records; left as it is,
    /// it is refused at the first placeholder.
    @Test func theTemplateFilledWithItsExamplesRecords() throws {
        let s = try storeBeforeTheFourthMeeting()
        let printed = try s.acta(["record", "--template", "meeting"])
        #expect(printed.status == 0, "\(printed.stderr)")
        let template = try #require(try JSONParser.parse(printed.stdout).objectValue)
        #expect(
            template.keys.sorted() == ["actions", "approaches", "board", "designations", "invitations", "meeting", "meta", "outcomes", "provisions"]
        )
        var placeholders = 0
        func filled(_ value: JSONValue) -> JSONValue? {
            switch value {
            case .object(let object): return .object(object.compactMapValues(filled))
            case .array(let items): return .array(items.compactMap(filled))
            case .string(let text):
                placeholders += 1
                #expect(text.hasPrefix("<required ") || text.hasPrefix("<optional "), "\(text)")
                guard text.hasPrefix("<required ") else { return nil }
                guard let example = text.range(of: " e.g. ", options: .backwards) else {
                    Issue.record("a required field without an example: \(text)")
                    return nil
                }
                let shown = String(text[example.upperBound...].dropLast())
                return (try? JSONParser.parse(shown)) ?? .string(shown)
            default:
                Issue.record("not a placeholder: \(value)")
                return value
            }
        }
        let record = try #require(filled(.object(template))?.objectValue)
        #expect(placeholders > 50)
        #expect(record["meeting"]?["number"] == 4 && record["outcomes"]?[0]?["ordinal"] == 3, "\(record)")
        try expectRefused(
            s,
            [try write(template, in: s, name: "template.json")],
            status: 2,
            "meta.source: \"<optional text:",
            "is the template's placeholder"
        )
        let recorded = try s.acta(["record", try write(record, in: s)])
        #expect(recorded.status == 0, "\(recorded.stderr)")
        #expect(recorded.stdout.contains("action/conference-4-3@1") && recorded.stdout.contains("provisions@1"), "\(recorded.stdout)")
        for bad in [["--template", "minutes"], ["--template", "meeting", "x.json"], []] {
            let r = try s.acta(["record"] + bad)
            #expect(r.status == 64 && r.stderr.hasPrefix("acta: error: "), "\(bad): \(r.stderr)")
        }
    }
}

extension CLITests.Sandbox {
    /// `acta ARGS` is refused with `status` and one error line holding every phrase; nothing
    /// is written and nothing is printed on stdout.
    func expectRefused(_ arguments: [String], status: Int32, _ phrases: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = try count()
        let r = try acta(arguments)
        #expect(r.status == status, "\(r.stderr)", sourceLocation: sourceLocation)
        #expect(r.stderr.hasPrefix("acta: error: ") && r.stderr.split(separator: "\n").count == 1, "\(r.stderr)", sourceLocation: sourceLocation)
        for phrase in phrases { #expect(r.stderr.contains(phrase), "\(r.stderr)", sourceLocation: sourceLocation) }
        #expect(r.stdout.isEmpty, sourceLocation: sourceLocation)
        #expect(try count() == before, sourceLocation: sourceLocation)
    }
}

extension JSONValue {
    /// The item at `index` of an array.
    subscript(index: Int) -> JSONValue? {
        guard case .array(let items) = self, items.indices.contains(index) else { return nil }
        return items[index]
    }

    /// Removes member `key` of an object.
    mutating func remove(_ key: String) {
        guard case .object(var object) = self else { return }
        object[key] = nil
        self = .object(object)
    }
}
