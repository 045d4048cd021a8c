import ActaLog
import Foundation
import Testing

/// Retraction and the corrections' marks (issue 14, part 4) and the entry help of part 6
/// (dates read from the register, --inferred and --note, suggestions), through the built `acta`.
@Suite struct RetractionAndEntryHelpCLITests {
    typealias Sandbox = CLITests.Sandbox
    let rules = RegisterRulesCLITests()

    /// The demo's history: 72 events; 20 is the Fourth Meeting, 21 its first outcome.
    func demo() throws -> Sandbox {
        let s = try Sandbox()
        #expect(try s.acta(["demo"]).status == 0)
        return s
    }

    func decisionsOfTheFourthMeeting(_ s: Sandbox) throws -> String {
        let text = try s.acta(["view", "decisions", "--as-of", "2025-12-31"]).stdout
        return text.components(separatedBy: "conference meeting 4 (").dropFirst().first?.components(separatedBy: "\n\n").first ?? ""
    }

    @Test func aRetractedOutcomeLeavesTheDecisionsAndIsMarkedInShowAndLog() throws {
        let s = try demo()
        #expect(try decisionsOfTheFourthMeeting(s).contains("1. [decision"))
        let retracted = try rules.append(s, ["EntryRetracted", "position=21", "reason=recorded in error (test)"])
        #expect(retracted == "73")
        let fourth = try decisionsOfTheFourthMeeting(s)
        #expect(!fourth.contains("1. [decision") && fourth.contains("2. [principle"), "\(fourth)")
        // The entry stays in the log, marked.
        let show = try s.acta(["show", "21"]).stdout
        #expect(show.contains("status       retracted by 73: recorded in error (test)"), "\(show)")
        #expect(show.contains("Adoption of the composition"), "the data as recorded")
        let json = try s.acta(["show", "21", "--json"]).stdout
        #expect(json.contains("\"retracted\": {") && json.contains("\"by\": 73"), "\(json)")
        let log = try s.acta(["log", "--type", "OutcomeAdopted"]).stdout.split(separator: "\n")
        #expect(log.first?.contains("MARK") == true)
        #expect(log.first { $0.hasPrefix("21 ") }?.contains("retracted by 73") == true, "\(log)")
        #expect(log.first { $0.hasPrefix("22 ") }?.contains("retracted") == false)
        // As JSON Lines too, as the API and `show --json` give it.
        let lines = try s.acta(["log", "--json", "--type", "OutcomeAdopted"]).stdout.split(separator: "\n")
        let marked = try lines.map { try JSONParser.parse(String($0)).objectValue ?? [:] }
        #expect(marked.first { $0["position"] == 21 }?["retracted"] == ["by": 73, "reason": "recorded in error (test)"])
        #expect(marked.first { $0["position"] == 22 }?["retracted"] == nil)
        #expect(try s.acta(["verify"]).status == 0)
    }

    /// Before, `acta show 73` showed the old text with no sign of the correction at 82.
    @Test func aCorrectedEntryIsMarkedCorrectedBy() throws {
        let s = try demo()
        #expect(try rules.append(s, ["EntryCorrected", "corrects=20", #"changes={"city":"Ohrid"}"#, "reason=test"]) == "73")
        let show = try s.acta(["show", "20"]).stdout
        #expect(show.contains("status       corrected by 73"), "\(show)")
        #expect(try s.acta(["show", "20", "--json"]).stdout.contains("\"corrected_by\": [\n    73\n  ]"))
        #expect(
            try s.acta(["log", "--stream", "meeting/conference/4"]).stdout.split(separator: "\n").first { $0.hasPrefix("20 ") }?.contains(
                "corrected by 73"
            ) == true
        )
        #expect(try !s.acta(["show", "19"]).stdout.contains("status"))
    }

    @Test func aRetractionIsRefusedNamingThePosition() throws {
        let s = try demo()
        try rules.expectRefused(
            s,
            ["EntryRetracted", "position=90", "reason=x"],
            status: 3,
            "EntryRetracted on corrections refused: there is no position 90 to retract: the register's last position is 72"
        )
        #expect(try rules.append(s, ["EntryRetracted", "position=21", "reason=x"]) == "73")
        try rules.expectRefused(s, ["EntryRetracted", "position=21", "reason=y"], status: 3, "position 21 is already retracted, at position 73")
        try rules.expectRefused(s, ["EntryRetracted", "position=73", "reason=y"], status: 3, "position 73 is itself a retraction")
        try rules.expectRefused(s, ["EntryRetracted", "reason=y"], status: 2, "EntryRetracted.position")
    }

    /// A retracted ActionItemClosed leaves the item open, to be closed again.
    @Test func aRetractedCloseLeavesTheItemOpen() throws {
        let s = try Sandbox()
        #expect(try s.acta(["init"]).status == 0)
        #expect(try rules.append(s, RegisterRulesCLITests.opened) == "1")
        let close = ["ActionItemClosed", "item=executive-board-8-2", "date=2026-11-30", "resolution=done"]
        #expect(try rules.append(s, close) == "2")
        #expect(try rules.append(s, ["EntryRetracted", "position=2", "reason=closed in error"]) == "3")
        #expect(try s.acta(["view", "actions", "--open", "--as-of", "2026-12-01"]).stdout.contains("executive-board-8-2"))
        #expect(try rules.append(s, close) == "4")
        #expect(try !s.acta(["view", "actions", "--open", "--as-of", "2026-12-01"]).stdout.contains("executive-board-8-2"))
    }

    // MARK: - Part 6

    /// An outcome without a date occurred on its meeting's start, as `acta types` says, so
    /// `acta log --since/--until` finds it.
    @Test func anOutcomeWithoutADateOccursOnItsMeetingsStart() throws {
        let s = try Sandbox()
        #expect(try s.acta(["init"]).status == 0)
        try s.meetingHeld(12)
        #expect(
            try rules.append(s, ["OutcomeAdopted", "body=conference", "meeting=12", "ordinal=1", "kind=decision", "text=The Board meets in Tirana."])
                == "2"
        )
        let found = try s.acta(["log", "--since", "2018-06-30", "--until", "2018-06-30"]).stdout
        #expect(found.contains("2    2018-06-30"), "\(found)")
        #expect(try s.acta(["types", "OutcomeAdopted"]).stdout.contains("when omitted, the meeting's start date as the register records it"))
    }

    @Test func inferredAndNoteGoIntoMeta() throws {
        let s = try Sandbox()
        #expect(try s.acta(["init"]).status == 0)
        #expect(
            try rules.append(
                s,
                ["MemberInvited", "country=GR", "date=2018-06-30", "--inferred", "--note", "the minutes imply it", "--source", "minutes"]
            ) == "1"
        )
        let show = try s.acta(["show", "1"]).stdout
        #expect(
            show.contains("meta.inferred  true") && show.contains("meta.note      the minutes imply it") && show.contains("meta.source    minutes"),
            "\(show)"
        )
        #expect(try rules.append(s, ["MemberInvited", "country=AL", "date=2018-06-30"]) == "2")
        #expect(try !s.acta(["show", "2"]).stdout.contains("meta."))
        try rules.expectRefused(
            s,
            ["MemberInvited", "country=RS", "date=2018-06-30", "--note", "two\nlines"],
            status: 2,
            "--note must be 1 to 2048 bytes of text without control characters"
        )
        try rules.expectRefused(s, ["MemberInvited", "country=RS", "date=2018-06-30", "--note", ""], status: 2, "--note must be")
    }

    @Test(arguments: [
        (["MeetingHold", "body=conference"], "unknown event type \"MeetingHold\": did you mean MeetingHeld?"),
        (["meetingheld"], "unknown event type \"meetingheld\": did you mean MeetingHeld?"),
        (
            ["MemberInvited", "country=UK", "date=2026-01-01"],
            "MemberInvited.country: \"UK\" is not an ISO 3166-1 alpha-2 country code: did you mean GB?"
        ),
        (["MemberInvited", "country=EL", "date=2026-01-01"], "did you mean GR?"),
        (["MemberInvited", "country=MOL", "date=2026-01-01"], "did you mean MD?"),
        (["MemberInvited", "country=md", "date=2026-01-01"], "did you mean MD?"),
        (
            ["MeetingHeld", "body=conference", "number=12", "start=2026-06-18", "format=in-person", "participants=RS,UK"],
            "MeetingHeld.participants[1]: \"UK\" is not an ISO 3166-1 alpha-2 country code: did you mean GB?"
        ),
        (["MemberInvited", "country=RZ", "date=2026-01-01"], "\"RZ\" is not an ISO 3166-1 alpha-2 country code (e.g. RS, MK, IT)"),
    ])
    func aMisspelledTypeOrCountryNamesTheLikelyOne(arguments: [String], message: String) throws {
        let s = try Sandbox()
        #expect(try s.acta(["init"]).status == 0)
        try rules.expectRefused(s, arguments, status: 2, message)
    }

    @Test func typesSuggestsTheClosestType() throws {
        let r = try Sandbox().acta(["types", "MeetingHled"])
        #expect(r.status == 2)
        #expect(r.stderr == "acta: error: unknown event type \"MeetingHled\": did you mean MeetingHeld? (see `acta types`)\n")
        #expect(
            try Sandbox().acta(["types", "Meeting"]).stderr.contains("known types: DeclarationSigned, MeetingHeld"),
            "too far from any: the list"
        )
    }
}
