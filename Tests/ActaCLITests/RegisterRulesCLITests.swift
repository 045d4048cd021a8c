import Foundation
import Testing

/// What went wrong before the register decided appends against their streams (issue 14,
/// "What goes wrong today"), through the built `acta`: each is refused with one line, exit 2
/// for a stream the data does not name, 3 for a conflict with what the stream holds, and
/// nothing is written.
@Suite struct RegisterRulesCLITests {
    typealias Sandbox = CLITests.Sandbox

    /// `acta append ARGS` is refused with `status`, one error line containing every phrase,
    /// and the store's count unchanged.
    func expectRefused(
        _ s: Sandbox,
        _ arguments: [String],
        status: Int32,
        _ phrases: String...,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        try s.expectRefused(["append"] + arguments, status: status, phrases, sourceLocation: sourceLocation)
    }

    func append(_ s: Sandbox, _ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let r = try s.acta(["append"] + arguments)
        #expect(r.status == 0, "\(r.stderr)", sourceLocation: sourceLocation)
        return r.stdout.trimmingCharacters(in: .newlines)
    }

    static let opened = ["ActionItemOpened", "item=executive-board-8-2", "task=Send the minutes", "owner=Secretariat", "date=2026-11-20"]

    @Test func aStreamOtherThanTheDataNamesIsRefused() throws {
        let s = try Sandbox()
        #expect(try s.acta(["demo"]).status == 0)
        let moved = ["DeadlineChanged", "item=executive-board-8-2", "due=2026-12-31", "date=2026-11-20"]
        for stream in ["action/executive-board-8-3", "member/GR"] {
            try expectRefused(
                s,
                moved + ["--stream", stream],
                status: 2,
                "stream \(stream) is not the stream DeadlineChanged's data puts it on, action/executive-board-8-2"
            )
        }
        let board = try s.acta(["view", "board", "--json"]).stdout
        try expectRefused(
            s,
            ["BoardSeatFilled", "--stream", "board/future-host", "seat=present-host", "country=AL", "from=2026-11-20"],
            status: 2,
            "stream board/future-host is not the stream BoardSeatFilled's data puts it on, board/present-host"
        )
        #expect(try s.acta(["view", "board", "--json"]).stdout == board)
        try expectRefused(
            s,
            ["MeetingHeld", "--stream", "meeting/executive-board/10", "body=conference", "number=12", "start=2026-11-20", "format=in-person"],
            status: 2,
            "meeting/executive-board/10",
            "meeting/conference/12"
        )
        try expectRefused(
            s,
            ["MemberJoined", "--stream", "member/RS", "country=GR", "office=Greece's office", "date=2026-11-20"],
            status: 2,
            "member/RS",
            "member/GR"
        )
        // Without --stream the data's stream is used; the same, given, is accepted.
        let position = try append(s, Self.opened)
        #expect(try s.acta(["log", "--stream", "action/executive-board-8-2"]).stdout.contains("action/executive-board-8-2@1"))
        #expect(try append(s, moved + ["--stream", "action/executive-board-8-2"]) == String(Int(position)! + 1))
    }

    @Test func anActionItemIsClosedOrMovedOnlyWhileOpen() throws {
        let s = try Sandbox()
        #expect(try s.acta(["init"]).status == 0)
        let close = ["ActionItemClosed", "item=executive-board-8-2", "date=2026-11-30", "resolution=done"]
        try expectRefused(
            s,
            close,
            status: 3,
            "ActionItemClosed on action/executive-board-8-2 refused: no ActionItemOpened is recorded on action/executive-board-8-2"
        )
        #expect(try append(s, Self.opened) == "1")
        #expect(try append(s, close) == "2")
        try expectRefused(
            s,
            ["ActionItemClosed", "item=executive-board-8-2", "date=2026-12-01", "resolution=cancelled"],
            status: 3,
            "the item was closed at position 2, on 2026-11-30 (done)"
        )
        try expectRefused(
            s,
            ["DeadlineChanged", "item=executive-board-8-2", "due=2027-01-31", "date=2026-12-01"],
            status: 3,
            "the item was closed at position 2"
        )
        #expect(try s.acta(["log"]).stdout.split(separator: "\n").count == 3, "a header and two events")
    }

    @Test func theSameOutcomeTwiceIsRefusedNamingTheFirst() throws {
        let s = try Sandbox()
        #expect(try s.acta(["init"]).status == 0)
        try s.meetingHeld(12)
        let outcome = ["OutcomeAdopted", "body=conference", "meeting=12", "ordinal=1", "kind=decision", "text=The Board meets in Tirana."]
        #expect(try append(s, outcome) == "2")
        let recorded = try #require(try s.acta(["show", "2", "--json"]).stdout.split(separator: "\n").first { $0.contains("\"recorded\"") })
        let day = try #require(recorded.split(separator: "\"").dropLast().last).prefix(10)
        try expectRefused(
            s,
            outcome,
            status: 3,
            "OutcomeAdopted on meeting/conference/12 refused: the same OutcomeAdopted is already recorded at position 2 on \(day)"
        )
        try expectRefused(
            s,
            ["OutcomeAdopted", "body=conference", "meeting=13", "ordinal=1", "kind=decision", "text=x"],
            status: 3,
            "no MeetingHeld is recorded on meeting/conference/13"
        )
    }

    @Test func importLinesNeedNoStreamAndAreDecidedInOrder() throws {
        let s = try Sandbox()
        #expect(try s.acta(["init"]).status == 0)
        let opened = #"{"type":"ActionItemOpened","data":{"item":"x-1","task":"t","owner":"o","date":"2026-11-20"}}"#
        let closed = #"{"type":"ActionItemClosed","data":{"item":"x-1","date":"2026-11-30","resolution":"done"}}"#
        let cancelled = #"{"type":"ActionItemClosed","data":{"item":"x-1","date":"2026-12-01","resolution":"cancelled"}}"#
        let refused = try s.acta(["import", "-"], stdin: [opened, closed, cancelled].joined(separator: "\n"))
        #expect(refused.status == 3)
        #expect(
            refused.stderr
                == "acta: error: line 3: ActionItemClosed on action/x-1 refused: the item was closed at position 2, on 2026-11-30 (done); a closed item stays closed\n"
        )
        #expect(try s.count().contains("0"))
        let wrong = try s.acta(
            ["import", "-"],
            stdin: #"{"type":"ActionItemOpened","stream":"action/x-2","data":{"item":"x-1","task":"t","owner":"o","date":"2026-11-20"}}"#
        )
        #expect(wrong.status == 2)
        #expect(
            wrong.stderr
                == "acta: error: line 1: stream action/x-2 is not the stream ActionItemOpened's data puts it on, action/x-1; give action/x-1 or no stream\n"
        )
        let ok = try s.acta(["import", "-"], stdin: [opened, closed].joined(separator: "\n"))
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(try s.acta(["log", "--stream", "action/x-1"]).stdout.contains("action/x-1@2"))
    }

    @Test func aDocumentTitleWithCommasIsOneDocument() throws {
        let s = try Sandbox()
        #expect(try s.acta(["init"]).status == 0)
        #expect(try append(s, ["LegalProvisionsRequested", "request=conference/12#1", "deadline=2026-12-31", "date=2026-11-20"]) == "1")
        let title = "Criminal Procedure Code, Articles 161-187 (TEST, fictional)"
        let submitted = try append(
            s,
            [
                "LegalProvisionsSubmitted", "country=AL", "office=Albania's office", "date=2026-11-30", "request=conference/12#1",
                "documents=\(title)", "documents=Law on the Prosecution, Article 3",
            ]
        )
        let shown = try s.acta(["show", submitted, "--json"]).stdout
        #expect(shown.contains("\"documents\": [\n      \"\(title)\",\n      \"Law on the Prosecution, Article 3\"\n    ]"), "\(shown)")
    }

    /// A file made from the template with a placeholder left in is refused, naming the field.
    @Test func aTemplatePlaceholderLeftInIsRefused() throws {
        let s = try Sandbox()
        #expect(try s.acta(["init"]).status == 0)
        let template = try s.acta(["types", "MeetingHeld", "--template"])
        var object = try #require(try JSONSerialization.jsonObject(with: Data(template.stdout.utf8)) as? [String: Any])
        for name in ["end", "city", "country", "host", "venue", "objectives", "goals", "platform", "participants", "precision"] { object[name] = nil }
        object.merge(["body": "conference", "number": 12, "start": "2026-11-20", "format": "in-person"]) { _, new in new }
        let file = s.directory.appendingPathComponent("meeting.json")
        try JSONSerialization.data(withJSONObject: object).write(to: file)
        try expectRefused(
            s,
            ["MeetingHeld", "--data", "@" + file.path],
            status: 2,
            "MeetingHeld.title: \"<optional text: ",
            "is the template's placeholder: write its value"
        )
        object["title"] = "TEXT"
        try JSONSerialization.data(withJSONObject: object).write(to: file)
        try expectRefused(s, ["MeetingHeld", "--data", "@" + file.path], status: 2, "MeetingHeld.title: \"TEXT\" is the template's placeholder")
        object["title"] = "Twelfth Meeting"
        try JSONSerialization.data(withJSONObject: object).write(to: file)
        #expect(try append(s, ["MeetingHeld", "--data", "@" + file.path]) == "1")
    }

    /// Two clerks append the same close, or two different closes, of one item at once: the
    /// rules are decided under the write lock, so exactly one of each pair is written.
    @Test func twoClerksClosingOneItemAtOnceOneWins() async throws {
        let s = try Sandbox()
        #expect(try s.acta(["init"]).status == 0)
        let rounds = 4
        for round in 1...rounds {
            #expect(try append(s, ["ActionItemOpened", "item=race-\(round)", "task=t", "owner=o", "date=2026-11-20"]) == "\(2 * round - 1)")
            let resolutions = round % 2 == 0 ? ["done", "done"] : ["done", "cancelled"]
            let statuses = try await withThrowingTaskGroup(of: CLITests.Result.self) { group in
                for resolution in resolutions {
                    group.addTask { try s.acta(["append", "ActionItemClosed", "item=race-\(round)", "date=2026-11-30", "resolution=\(resolution)"]) }
                }
                var results: [CLITests.Result] = []
                for try await r in group { results.append(r) }
                return results
            }
            #expect(statuses.map(\.status).sorted() == [0, 3], "\(statuses.map(\.stderr))")
            let loser = try #require(statuses.first { $0.status == 3 })
            #expect(
                loser.stderr.contains("ActionItemClosed on action/race-\(round) refused: ") && loser.stderr.contains("position \(2 * round)"),
                "\(loser.stderr)"
            )
        }
        #expect(
            try s.acta(["log", "--type", "ActionItemClosed", "--json"]).stdout.components(separatedBy: "\"ActionItemClosed\"").count - 1 == rounds
        )
        #expect(try s.acta(["verify"]).stdout.hasPrefix("ok: \(2 * rounds) events verified"))
    }
}
