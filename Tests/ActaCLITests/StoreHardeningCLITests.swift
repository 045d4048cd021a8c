import ActaLog
import ActaProjections
import Foundation
import Testing

/// The store's side of [hardening] through the command line: file modes, what verify says
/// it covers, restores, and terminal escapes in what the log holds.
@Suite struct StoreHardeningCLITests {
    typealias Sandbox = CLITests.Sandbox

    func mode(_ path: String) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    /// Under `umask 022`, the common default that made every file 0644.
    @Test(arguments: [("", 0o600), ("ACTA_GROUP_READABLE=1 ", 0o640)])
    func filesAreCreatedForTheOwnerOrTheGroupWhateverTheUmask(env: String, expected: Int) throws {
        let s = try Sandbox()
        let backup = s.directory.appendingPathComponent("backup.sqlite").path
        let export = s.directory.appendingPathComponent("export.jsonl").path
        let made = try FaultRegressionTests().shell(
            s,
            """
            umask 022; \(env)"$0" init && \(env)"$0" append MeetingHeld body=conference number=4 start=2018-06-30 format=in-person \
              && \(env)"$0" backup '\(backup)' && \(env)"$0" export --output '\(export)'
            """
        )
        #expect(made.status == 0, "\(made.stderr)")
        for path in [s.store, backup, export] {
            let actual = try mode(path)
            #expect(actual == expected, "\(path): \(String(actual, radix: 8))")
        }
        #expect(try String(contentsOfFile: export, encoding: .utf8).contains("\"MeetingHeld\""))
        let again = try s.acta(["export", "--output", export])
        #expect(again.status == 4 && again.stderr.contains("already exists"), "\(again.stderr)")
    }

    @Test func verifySaysWhatItCoversAndWhatItCannot() throws {
        let s = try Sandbox()
        #expect(try s.acta(["init"]).status == 0)
        try s.meetingHeld()
        let keyFile = s.directory.appendingPathComponent("acta.key").path
        let vkey = try s.acta(["key", "generate", "--name", "ocps.example/acta", "--out", keyFile]).stdout.trimmingCharacters(
            in: .whitespacesAndNewlines
        )
        #expect(try s.acta(["checkpoint", "--key", keyFile]).status == 0)
        let plain = try s.acta(["verify"])
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(plain.stdout.contains("; 1 kept checkpoint matches the log (signatures not checked: no --key)"), "\(plain.stdout)")
        #expect(plain.stdout.contains("a history rewritten with every hash recomputed is caught only by a checkpoint or head held outside the store"))
        let keyed = try s.acta(["verify", "--key", vkey])
        #expect(keyed.stdout.contains("1 kept checkpoint matches the log (1 signed by ocps.example/acta)"), "\(keyed.stdout) \(keyed.stderr)")
        let views = try s.acta(["verify", "--views"])
        #expect(
            views.status == 0 && views.stdout.contains("; views: \(OCPSProjections.names.count) equal the log's replay"),
            "\(views.stdout) \(views.stderr)"
        )

        // A ghost token row: the log verifies, the views do not.
        let ghost = try Process.sqlite(s.store, "INSERT INTO views VALUES ('access', 'token/ghost', '{}')")
        #expect(ghost == 0)
        #expect(try s.acta(["verify"]).status == 0)
        let caught = try s.acta(["verify", "--views"])
        #expect(caught.status == 5)
        #expect(
            caught.stderr.hasPrefix(
                "acta: error: verify --views failed: view access (saved at position 1): record token/ghost is saved, but the log's replay has no such record"
            ),
            "\(caught.stderr)"
        )
        #expect(caught.stderr.split(separator: "\n").count == 1)
    }

    @Test func exportLinesNeedAnEmptyStoreOrRestore() throws {
        let s = try Sandbox()
        #expect(try s.acta(["init"]).status == 0)
        try s.meetingHeld()
        let first = try s.acta(["export"]).stdout
        try s.meetingHeld(5)
        let tail = try s.acta(["export", "--from", "2"]).stdout

        let other = try Sandbox()
        #expect(try other.acta(["init"]).status == 0)
        #expect(try other.acta(["import", "-"], stdin: first).status == 0)
        let refused = try other.acta(["import", "-"], stdin: tail)
        #expect(refused.status == 3)
        #expect(refused.stderr.contains("only into an empty store, or with --restore"), "\(refused.stderr)")
        let restored = try other.acta(["import", "--restore", "-"], stdin: tail)
        #expect(restored.status == 0, "\(restored.stderr)")
        #expect(try other.acta(["verify"]).stdout == (try s.acta(["verify"]).stdout))
    }

    /// A restored entry keeps its meta as it was, escapes and all; `log`, `show` and the
    /// views' tables show its control characters as visible escapes.
    @Test func controlCharactersInTheLogAreShownEscaped() throws {
        let s = try Sandbox()
        #expect(try s.acta(["init"]).status == 0)
        let hostile = "OSC \u{1B}]0;owned\u{07} CSI \u{1B}[2J C1 \u{9B}1m"
        let line = #"{"type":"MeetingHeld","data":{"body":"conference","number":4,"start":"2018-06-30","format":"in-person"},"meta":{"source":"x"}}"#
        let refused = try s.acta(["import", "-"], stdin: line.replacingOccurrences(of: "\"x\"", with: "\"\\u001b]0;owned\\u0007\""))
        #expect(refused.status == 2 && refused.stderr.contains("meta.source contains control characters"), "\(refused.stderr)")
        #expect(try s.acta(["import", "-"], stdin: line).status == 0)
        // The same entry restored into an empty store with the hostile source and its hashes recomputed.
        var object = try #require(JSONParser.parse(try s.acta(["export"]).stdout.trimmingCharacters(in: .newlines)).objectValue)
        object["meta"] = ["source": .string(hostile)]
        let metaText = CanonicalJSON.string(object["meta"]!)
        let leaf = Entry.leafHash(
            Entry.canonicalEntry(
                position: 1,
                id: object["id"]!.stringValue!,
                stream: object["stream"]!.stringValue!,
                version: 1,
                type: "MeetingHeld",
                schema: Int64(object["schema"]!.intValue!),
                occurred: object["occurred"]!.stringValue!,
                recorded: object["recorded"]!.stringValue!,
                actor: object["actor"]!.stringValue!,
                meta: metaText,
                dataHash: object["data_hash"]!.stringValue!
            )
        )
        object["hash"] = .string(Hex.encode(leaf))
        object["chain"] = .string(Hex.encode(Entry.chainHash(previous: Entry.genesisChain, leaf: leaf)))
        let r = try Sandbox()
        #expect(try r.acta(["init"]).status == 0)
        let restored = try r.acta(["import", "-"], stdin: CanonicalJSON.string(.object(object)))
        #expect(restored.status == 0, "\(restored.stderr)")
        for command in [["log"], ["show", "1"]] {
            let shown = try r.acta(command)
            #expect(shown.status == 0)
            #expect(!shown.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x9B }, "\(command)")
            #expect(shown.stdout.contains("OSC \\u{1B}]0;owned\\u{7}"), "\(command): \(shown.stdout)")
        }
    }
}

extension Process {
    /// Runs SQL through the plain `sqlite3` shell; its exit status.
    static func sqlite(_ path: String, _ sql: String) throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        p.arguments = [path, sql]
        try p.run()
        p.waitUntilExit()
        return p.terminationStatus
    }
}
