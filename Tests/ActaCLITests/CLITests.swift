import ActaEvents
import ActaLog
import ActaProjections
import Foundation
import Testing

/// Runs the built `acta` binary as a person would, checking exit codes, the one-line errors,
/// and that a refused command leaves the store as it was.
@Suite struct CLITests {
    static var binary: String {
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for dir in [testBinary, testBinary.deletingLastPathComponent()] {
            let candidate = dir.appendingPathComponent("acta").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/acta").path
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    final class Sandbox: @unchecked Sendable {
        let directory: URL
        var store: String { directory.appendingPathComponent("acta.sqlite").path }
        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("acta-cli-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(at: directory) }

        @discardableResult
        func acta(_ arguments: [String], stdin: String? = nil, env: [String: String] = [:]) throws -> Result {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: CLITests.binary)
            process.arguments = arguments
            process.currentDirectoryURL = directory
            var environment = ProcessInfo.processInfo.environment
            environment["ACTA_STORE"] = store
            environment["ACTA_ACTOR"] = "clerk"
            for (k, v) in env { environment[k] = v }
            process.environment = environment
            let out = Pipe()
            let err = Pipe()
            let input = Pipe()
            process.standardOutput = out
            process.standardError = err
            process.standardInput = input
            try process.run()
            if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
            try input.fileHandleForWriting.close()
            let o = out.fileHandleForReading.readDataToEndOfFile()
            let e = err.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return Result(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
        }

        /// Records the Conference's meeting `number` as held, which its outcomes need.
        func meetingHeld(_ number: Int = 4) throws {
            let r = try acta(["append", "MeetingHeld", "body=conference", "number=\(number)", "start=2018-06-30", "format=in-person"])
            #expect(r.status == 0, "\(r.stderr)")
        }

        func count() throws -> String {
            try acta(["stats", "--json"]).stdout.split(separator: "\n").first { $0.contains("\"events\"") }.map(String.init) ?? "?"
        }
    }

    static let invite = #"{"country":"GR","date":"2018-06-30","body":"conference","meeting":4}"#

    @Test func initAppendShowAndVerify() throws {
        let s = try Sandbox()
        #expect(try s.acta(["init"]).status == 0)
        let appended = try s.acta(["append", "MemberInvited", "--stream", "member/GR", "--data", Self.invite, "--source", "minutes"])
        #expect(appended.status == 0, "\(appended.stderr)")
        #expect(appended.stdout == "1\n")
        let shown = try s.acta(["show", "1", "--json"])
        #expect(shown.stdout.contains("\"actor\": \"clerk\""))
        #expect(shown.stdout.contains("\"source\": \"minutes\""))
        let verified = try s.acta(["verify"])
        #expect(verified.status == 0)
        #expect(verified.stdout.hasPrefix("ok: 1 events verified, head chain "))
    }

    @Test func initRefusesAnExistingStoreAndOtherCommandsRefuseAMissingOne() throws {
        let s = try Sandbox()
        #expect(try s.acta(["init"]).status == 0)
        let again = try s.acta(["init"])
        #expect(again.status == 4)
        #expect(again.stderr.hasSuffix("(a store is never overwritten)\n"))
        let typo = s.directory.appendingPathComponent("tpyo.sqlite").path
        for command in [
            ["log"], ["verify"], ["stats"], ["export"], ["show", "1"], ["append", "MemberInvited", "--stream", "member/GR", "--data", Self.invite],
        ] {
            let r = try s.acta(command + ["--store", typo])
            #expect(r.status == 4, "\(command)")
            #expect(r.stderr == "acta: error: no store at \(typo); create one with `acta init --store \(typo)` or pass --store\n")
            #expect(!FileManager.default.fileExists(atPath: typo))
        }
    }

    /// Each class of bad input: one line on stderr, the documented exit code, nothing appended.
    @Test(
        arguments: [
            (["append", "MemberInvited", "--stream", "member/GR", "--data", "{\"country\":"], 2, "--data: invalid JSON at byte 11"),
            (
                ["append", "MemberInvited", "--stream", "member/GR", "--data", "{\"country\":\"GR\",\"date\":\"2018-02-30\"}"], 2,
                "MemberInvited.date"
            ),
            (["append", "Nonsense", "--stream", "member/GR", "--data", "{}"], 2, "unknown event type"),
            (["append", "MemberInvited", "--stream", "member/GR", "--data", "@/nonexistent/file.json"], 2, "no file at /nonexistent/file.json"),
            (["append", "MemberInvited", "--stream", "member/GR", "--data", invite, "--expect-version", "3"], 3, "is at version 0, not 3"),
            (["append", "MemberInvited", "--stream", "member/GR", "--data", invite, "--occurred", "yesterday"], 2, "occurred"),
            (["append", "MemberInvited", "--stream", "member/GR", "--data", invite, "--expect-version", "soon"], 64, "--expect-version must be"),
            (["show", "99"], 2, "no event 99"),
            (["log", "--since", "2018-02-30"], 64, "February 2018 has 28 days"),
        ] as [([String], Int32, String)]
    )
    func badInputIsOneLineAndChangesNothing(arguments: [String], status: Int32, message: String) throws {
        let s = try Sandbox()
        try s.acta(["init"])
        let before = try s.count()
        let r = try s.acta(arguments)
        #expect(r.status == status, "\(r.stderr)")
        #expect(r.stderr.contains(message), "\(r.stderr)")
        if status != 64 { #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)") }
        #expect(try s.count() == before)
    }

    /// Every date option takes a calendar day, refused otherwise while the arguments are parsed:
    /// exit 64, the option and the value named, nothing written.
    @Test(arguments: [
        ["view", "board", "--as-of"], ["demo", "--as-of"], ["report", "--as-of"], ["report", "--since"], ["log", "--since"], ["log", "--until"],
        ["token", "add", "ministry", "--expires"],
    ])
    func everyDateOptionRefusesWhatIsNotADay(command: [String]) throws {
        let s = try Sandbox()
        try s.acta(["init"])
        let before = try s.count()
        for (bad, why) in [
            ("2018-02-30", "2018-02-30 is not a real date: February 2018 has 28 days"),
            ("30.06.2018", "30.06.2018 is not in the form YYYY-MM-DD: write 2018-06-30"),
            ("2018-6-30", "2018-6-30 is not in the form YYYY-MM-DD: write 2018-06-30"), ("today", "today is not a date YYYY-MM-DD"),
        ] {
            let r = try s.acta(command + [bad])
            #expect(r.status == 64, "\(command) \(bad): \(r.stderr)")
            #expect(r.stderr.hasPrefix("acta: error: The value '\(bad)' is invalid for '\(command.last!) <"), "\(r.stderr)")
            #expect(r.stderr.contains(why), "\(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1, "one line: \(r.stderr)")
        }
        #expect(try s.count() == before)
    }

    @Test func importFromStdinIsAtomicAndNamesTheBadLine() throws {
        let s = try Sandbox()
        try s.acta(["init"])
        let good = #"{"type":"MemberInvited","stream":"member/GR","data":{"country":"GR","date":"2018-06-30"}}"#
        let again = #"{"type":"MemberInvited","stream":"member/GR","data":{"country":"GR","date":"2019-06-04"}}"#
        let r = try s.acta(["import", "-"], stdin: good + "\n" + again + "\n{oops}\n")
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("acta: error: line 3: invalid JSON"))
        #expect(try s.count().contains("0"))
        let ok = try s.acta(["import", "-"], stdin: good + "\n" + again + "\n")
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.hasPrefix("imported 2 events (positions 1–2)"))
    }

    @Test func exportIntoANewStoreReproducesTheHeadHash() throws {
        let s = try Sandbox()
        #expect(try s.acta(["demo"]).status == 0)
        let head = try s.acta(["verify"]).stdout
        let exported = try s.acta(["export"])
        #expect(exported.status == 0)
        let copy = s.directory.appendingPathComponent("copy.sqlite").path
        try s.acta(["init", "--store", copy])
        let file = s.directory.appendingPathComponent("backup.jsonl")
        try Data(exported.stdout.utf8).write(to: file)
        let restored = try s.acta(["import", file.path, "--store", copy])
        #expect(restored.status == 0, "\(restored.stderr)")
        #expect(try s.acta(["verify", "--store", copy]).stdout == head)
    }

    @Test func demoCreatesTheDefaultStoreOnceAndVerifiesIt() throws {
        let s = try Sandbox()
        let r = try s.acta(["demo"], env: ["ACTA_STORE": ""])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: s.directory.appendingPathComponent("acta.sqlite").path))
        #expect(r.stdout.contains("verified:"))
        #expect(r.stdout.contains("Executive Board as of"))
        #expect(r.stdout.contains("Action items as of"))
        let again = try s.acta(["demo"], env: ["ACTA_STORE": ""])
        #expect(again.status == 4)
    }

    @Test func verifyExitsFiveNamingTheTamperedPosition() throws {
        let s = try Sandbox()
        try s.acta(["demo"])
        let sql = "DROP TRIGGER events_append_only_update; UPDATE events SET recorded = '2019-01-01T00:00:00.000Z' WHERE position = 4;"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        p.arguments = [s.store, sql]
        try p.run()
        p.waitUntilExit()
        let r = try s.acta(["verify"])
        #expect(r.status == 5)
        #expect(r.stderr.hasPrefix("acta: error: verify failed: position 4: leaf hash mismatch"), "\(r.stderr)")
    }

    @Test func logFiltersAndLimits() throws {
        let s = try Sandbox()
        try s.acta(["demo"])
        let outcomes = try s.acta(["log", "--type", "OutcomeAdopted", "--json"])
        #expect(outcomes.stdout.split(separator: "\n").count == 10)
        #expect(outcomes.stdout.split(separator: "\n").allSatisfy { $0.contains("\"type\":\"OutcomeAdopted\"") })
        let last = try s.acta(["log", "--limit", "2"])
        let lines = last.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.last?.hasPrefix("72 ") == true)
        let greece = try s.acta(["log", "--stream", "member/GR", "--json"]).stdout.split(separator: "\n")
        #expect(greece.count == 3)
        #expect(greece.allSatisfy { $0.contains("\"stream\":\"member/GR\"") })
        let early = try s.acta(["log", "--until", "2016-12-31"]).stdout.split(separator: "\n")
        #expect(early.count == 1 + 13)
    }

    /// Clerks appending at once queue on the write lock: every append lands once, none fails.
    @Test func concurrentProcessesAllAppendAndTheLogVerifies() async throws {
        let s = try Sandbox()
        try s.acta(["init"])
        try s.meetingHeld()
        try await withThrowingTaskGroup(of: Int32.self) { group in
            for clerk in 0..<6 {
                group.addTask {
                    var worst: Int32 = 0
                    for n in 1...5 {
                        let data =
                            #"{"body":"conference","meeting":4,"ordinal":\#(clerk * 10 + n),"kind":"decision","text":"Outcome \#(clerk)-\#(n)"}"#
                        let r = try s.acta(["append", "OutcomeAdopted", "--stream", "meeting/conference/4", "--data", data])
                        worst = max(worst, r.status)
                    }
                    return worst
                }
            }
            for try await status in group { #expect(status == 0) }
        }
        let verified = try s.acta(["verify"])
        #expect(verified.stdout.hasPrefix("ok: 31 events verified"), "\(verified.stdout)\(verified.stderr)")
    }

    @Test func viewsAsOfAndAtAndTheirErrors() throws {
        let s = try Sandbox()
        try s.acta(["demo", "--as-of", "2019-01-01"])
        let board = try s.acta(["view", "board", "--as-of", "2019-01-01"])
        #expect(board.status == 0, "\(board.stderr)")
        #expect(board.stdout.contains("present-host      MK"))
        let json = try s.acta(["view", "secretariat", "--as-of", "2019-01-01", "--json"])
        #expect(json.stdout.contains("\"office\" : \"Prosecutor's Office for Organized Crime\""))
        let early = try s.acta(["view", "members", "--as-of", "2025-01-01", "--at", "5"])
        #expect(early.stdout.contains("(the register as it stood at position 5)"))
        let unknown = try s.acta(["view", "budget"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.hasPrefix("acta: error: no view named \"budget\""))
        #expect(try s.acta(["view", "board", "--as-of", "2019-02-30"]).status == 64)
        // The actions view's filters; elsewhere, or malformed, they are refused in one line.
        let overdue = try s.acta(["view", "actions", "--as-of", "2018-09-15", "--overdue", "--owner", "members"])
        #expect(overdue.status == 0, "\(overdue.stderr)")
        #expect(overdue.stdout.contains("conference-4-3") && overdue.stdout.contains("conference-4-6 ") && !overdue.stdout.contains("conference-4-2"))
        #expect(overdue.stdout.contains("conference-4-3: overdue since 2018-09-01, no follow-up recorded since 2018-06-30"))
        let misplaced = try s.acta(["view", "board", "--owner", "IT", "--open"])
        #expect(misplaced.status == 64)
        #expect(misplaced.stderr == "acta: error: --open, --owner filter the actions view only, not board\n")
        let badSince = try s.acta(["view", "actions", "--since", "2018-13-01"])
        #expect(badSince.status == 64)
        #expect(
            badSince.stderr
                == "acta: error: The value '2018-13-01' is invalid for '--since <since>': 2018-13-01 is not a real date: there is no month 13 (months are 01 to 12)\n"
        )
        let beyond = try s.acta(["view", "board", "--at", "100000"])
        #expect(beyond.status == 2)
        #expect(beyond.stderr.contains("beyond the head of the log"))
    }

    /// Every view of the registry is served by `acta view NAME` as its text and its JSON,
    /// rebuilt by `acta rebuild NAME`, and listed with its summary in `acta view --help`.
    @Test func everyViewIsServedByActaView() throws {
        let s = try Sandbox()
        try s.acta(["demo", "--as-of", "2019-01-01"])
        let log = try EventLog.open(at: s.store, catalog: OCPSCatalog(), projections: OCPSProjections(), readOnly: true)
        defer { try? log.close() }
        let help = try s.acta(["view", "--help"]).stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for view in ViewCatalog.all {
            let (text, json) = try log.withViews { store in (try view.text(store, asOf: "2019-01-01"), try view.json(store, asOf: "2019-01-01")) }
            let shown = try s.acta(["view", view.name, "--as-of", "2019-01-01"])
            #expect(shown.status == 0, "\(view.name): \(shown.stderr)")
            #expect(shown.stdout == text, "\(view.name)")
            #expect(
                try s.acta(["view", view.name, "--as-of", "2019-01-01", "--json"]).stdout == String(decoding: json, as: UTF8.self) + "\n",
                "\(view.name)"
            )
            #expect(help.contains("\(view.name) \(view.summary)"), "\(view.name): \(help)")
            #expect(try s.acta(["rebuild", view.name]).stdout.hasPrefix("rebuilt view \(view.name) from"), "\(view.name)")
        }
    }

    @Test func reportAndRebuild() throws {
        let s = try Sandbox()
        try s.acta(["demo"])
        let first = try s.acta(["report", "--as-of", "2024-01-01", "--format", "html"])
        #expect(first.status == 0)
        #expect(first.stdout.hasPrefix("<!DOCTYPE html>"))
        let rebuilt = try s.acta(["rebuild"])
        #expect(rebuilt.status == 0, "\(rebuilt.stderr)")
        #expect(rebuilt.stdout.hasPrefix("rebuilt all views from"))
        #expect(try s.acta(["report", "--as-of", "2024-01-01", "--format", "html"]).stdout == first.stdout)
        let out = s.directory.appendingPathComponent("report.md").path
        #expect(try s.acta(["report", "--as-of", "2024-01-01", "--output", out]).status == 0)
        let again = try s.acta(["report", "--output", out])
        #expect(again.status == 2)
        #expect(again.stderr.contains("already exists"))
        #expect(try s.acta(["report", "--format", "pdf"]).status == 64)
        #expect(try s.acta(["rebuild", "nonsense"]).status == 2)
    }

    @Test func typesAndFieldValuePairs() throws {
        let s = try Sandbox()
        try s.acta(["init"])
        let types = try s.acta(["types"])
        #expect(types.stdout.contains("EntryCorrected"))
        let meeting = try s.acta(["types", "MeetingHeld", "--json"])
        #expect(meeting.status == 0)
        #expect(meeting.stdout.contains("\"participants\""))
        let template = try s.acta(["types", "MemberInvited", "--template"])
        #expect(
            template.stdout.contains(
                "\"date\": \"<required date (YYYY-MM-DD): The day of the invitation (the deciding meeting's date). e.g. 2018-06-30>\""
            )
        )
        #expect(try s.acta(["types", "Nope"]).status == 2)
        let appended = try s.acta([
            "append", "MeetingHeld", "--stream", "meeting/conference/12", "body=conference", "number=12", "start=2026-06-01",
            "format=online", "platform=Zoom", "participants=RS,MK",
        ])
        #expect(appended.status == 0, "\(appended.stderr)")
        let shown = try s.acta(["show", "1", "--json"]).stdout
        #expect(shown.contains("\"number\": 12"))
        #expect(shown.contains("\"participants\": [\n"))
        for (pairs, message) in [(["number=x"], "is not an integer"), (["colour=red"], "unknown field"), (["number"], "=")] {
            let r = try s.acta(["append", "MeetingHeld", "--stream", "meeting/conference/13"] + pairs)
            #expect(r.status == 2)
            #expect(r.stderr.contains(message), "\(r.stderr)")
        }
        #expect(try s.acta(["verify"]).stdout.hasPrefix("ok: 1 events"))
    }

    @Test func dictionaryListAndTrain() throws {
        let s = try Sandbox()
        try s.acta(["init"])
        #expect(try s.acta(["dictionary", "list"]).stdout.hasPrefix("no dictionary yet"))
        try s.acta(["demo", "--store", s.store + ".demo"])
        let listed = try s.acta(["dictionary", "list", "--store", s.store + ".demo"])
        #expect(listed.stdout.contains("built in"))
        let trained = try s.acta(["dictionary", "train", "--bytes", "2048", "--store", s.store + ".demo"])
        #expect(trained.status == 0, "\(trained.stderr)")
        #expect(try s.acta(["dictionary", "list", "--store", s.store + ".demo"]).stdout.contains("trained on the latest events"))
        #expect(try s.acta(["dictionary", "train", "--bytes", "10", "--store", s.store + ".demo"]).status == 2)
        #expect(try s.acta(["dictionary", "train"]).status == 2)
        let stats = try s.acta(["stats", "--store", s.store + ".demo"]).stdout
        #expect(stats.contains("2 (LZ4 frame + dictionary)"))
    }

    @Test func tokensAreEventsAndServeRefusesAnOpenPublicAddress() throws {
        let s = try Sandbox()
        try s.acta(["demo"])
        let clear = try s.acta(["serve", "--host", "0.0.0.0", "--port", "1"])
        #expect(clear.status == 2)
        #expect(clear.stderr.contains("refusing to serve 0.0.0.0 in clear text"))
        let refused = try s.acta(["serve", "--host", "0.0.0.0", "--port", "1", "--behind-proxy"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("refusing to serve 0.0.0.0 without access tokens"))
        let added = try s.acta(["token", "add", "ministry-al", "--expires", "2030-12-31"])
        #expect(added.status == 0, "\(added.stderr)")
        let token = added.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(token.hasPrefix("acta_") && token.count > 40)
        let log = try s.acta(["log", "--type", "AccessTokenIssued", "--json"]).stdout
        #expect(log.contains("\"name\":\"ministry-al\""))
        #expect(!log.contains(token), "the token itself is never recorded")
        #expect(try s.acta(["token", "add", "ministry-al"]).status == 3)
        #expect(try s.acta(["token", "list"]).stdout.contains("ministry-al  read   active"))
        #expect(try s.acta(["token", "revoke", "ministry-al"]).status == 0)
        #expect(try s.acta(["token", "list"]).stdout.contains("revoked"))
        #expect(try s.acta(["token", "revoke", "ministry-al"]).status == 3)
        #expect(try s.acta(["token", "revoke", "nobody"]).status == 2)
        #expect(try s.acta(["token", "add", "bad name!"]).status == 64)
        #expect(try s.acta(["token", "add", "phone", "--scope", "write"]).status == 64)
    }

    /// A calendar token is issued like a read token, with its scope recorded; the feed's
    /// address is printed with it.
    @Test func aCalendarTokenAndTheCalendarFile() throws {
        let s = try Sandbox()
        try s.acta(["demo"])
        let added = try s.acta(["token", "add", "phone", "--scope", "calendar"])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stderr.contains("/calendar.ics?token=\(added.stdout.trimmingCharacters(in: .whitespacesAndNewlines))"))
        #expect(try s.acta(["log", "--type", "AccessTokenIssued", "--json"]).stdout.contains("\"scope\":\"calendar\""))
        #expect(try s.acta(["token", "list"]).stdout.contains("phone  calendar  active"))
        let file = s.directory.appendingPathComponent("deadlines.ics").path
        let written = try s.acta(["calendar", "--output", file])
        #expect(written.status == 0, "\(written.stderr)")
        let ics = try String(contentsOfFile: file, encoding: .utf8)
        #expect(ics.hasPrefix("BEGIN:VCALENDAR\r\n") && ics.hasSuffix("END:VCALENDAR\r\n"))
        #expect(ics.contains("UID:action/conference-4-3@acta.ocps\r\n"))
        #expect(try s.acta(["calendar"]).stdout == ics, "the same log gives the same feed")
        #expect(try s.acta(["calendar", "--output", file]).status == 2, "an existing file is not overwritten")
    }
}
