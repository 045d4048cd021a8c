import Foundation
import Testing

/// Regressions for what tools/faults found, and `acta backup`.
@Suite struct FaultRegressionTests {
    typealias Sandbox = CLITests.Sandbox

    static let outcome = #"{"body":"conference","meeting":4,"ordinal":1,"kind":"decision","text":"ok"}"#

    /// Runs acta through /bin/sh so that an argument can hold bytes that are not UTF-8
    /// (Foundation's Process only takes Strings). `script` sees the binary as "$0".
    func shell(_ s: Sandbox, _ script: String) throws -> CLITests.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script, CLITests.binary]
        process.currentDirectoryURL = s.directory
        var environment = ProcessInfo.processInfo.environment
        environment["ACTA_STORE"] = s.store
        environment["ACTA_ACTOR"] = "clerk"
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLITests.Result(
            status: process.terminationStatus,
            stdout: String(decoding: o, as: UTF8.self),
            stderr: String(decoding: e, as: UTF8.self)
        )
    }

    /// Found by tools/faults (input): Swift repairs invalid UTF-8 in the command line with
    /// U+FFFD, so `--data` and field=value text with a stray byte were recorded as "ok\u{FFFD}".
    @Test(arguments: [
        #""$0" append OutcomeAdopted --stream meeting/conference/4 --data "$(printf '{"body":"conference","meeting":4,"ordinal":1,"kind":"decision","text":"ok\377"}')""#,
        #""$0" append OutcomeAdopted --stream meeting/conference/4 --data "$(printf '{"body":"conference","meeting":4,"ordinal":1,"kind":"decision","text":"o\300\257k"}')""#,
        #""$0" append OutcomeAdopted --stream meeting/conference/4 body=conference meeting=4 ordinal=1 kind=decision "$(printf 'text=ok\377')""#,
        #""$0" append OutcomeAdopted --stream meeting/conference/4 --data '{}' --source "$(printf 'minutes\377')""#,
    ])
    func invalidUTF8OnTheCommandLineIsRefused(script: String) throws {
        let s = try Sandbox()
        #expect(try s.acta(["init"]).status == 0)
        try s.meetingHeld()
        #expect(try s.acta(["append", "OutcomeAdopted", "--stream", "meeting/conference/4", "--data", Self.outcome]).status == 0)
        let before = try s.count()
        let r = try shell(s, script)
        #expect(r.status == 2, "\(r.stdout) \(r.stderr)")
        #expect(r.stderr.hasPrefix("acta: error: argument "), "\(r.stderr)")
        #expect(r.stderr.contains("not valid UTF-8"))
        #expect(r.stderr.split(separator: "\n").count == 1)
        #expect(try s.count() == before)
        // Valid UTF-8, U+FFFD itself included, is still accepted.
        let ok = try shell(
            s,
            #""$0" append OutcomeAdopted --stream meeting/conference/4 body=conference meeting=4 ordinal=2 kind=decision "text=ok �""#
        )
        #expect(ok.status == 0, "\(ok.stderr)")
    }

    @Test func backupCopiesAVerifiedPrefixAndRefusesAnExistingDestination() throws {
        let s = try Sandbox()
        #expect(try s.acta(["init"]).status == 0)
        try s.meetingHeld()
        for ordinal in 1...4 {
            let data = #"{"body":"conference","meeting":4,"ordinal":\#(ordinal),"kind":"decision","text":"outcome \#(ordinal)"}"#
            #expect(try s.acta(["append", "OutcomeAdopted", "--stream", "meeting/conference/4", "--data", data]).status == 0)
        }
        let live = try s.acta(["verify"])
        let head = try #require(live.stdout.firstRange(of: /head chain [0-9a-f]{64}/).map { String(live.stdout[$0].suffix(64)) })
        let dest = s.directory.appendingPathComponent("copy.sqlite").path
        let backup = try s.acta(["backup", dest])
        #expect(backup.status == 0, "\(backup.stderr)")
        #expect(backup.stdout == "backed up 5 events to \(dest), head chain \(head)\n")
        let copied = try s.acta(["verify", "--store", dest])
        #expect(copied.stdout.hasPrefix("ok: 5 events verified, head chain \(head)"))
        #expect(try s.acta(["export"]).stdout == s.acta(["export", "--store", dest]).stdout)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: s.directory.path).filter { $0.contains(".partial-") }
        #expect(leftovers.isEmpty)
        // Never overwrites, and a missing directory is named.
        let size = try FileManager.default.attributesOfItem(atPath: dest)[.size] as? Int
        let again = try s.acta(["backup", dest])
        #expect(again.status == 4)
        #expect(again.stderr.contains("already exists"))
        #expect(try FileManager.default.attributesOfItem(atPath: dest)[.size] as? Int == size)
        let missing = try s.acta(["backup", s.directory.appendingPathComponent("nowhere/copy.sqlite").path])
        #expect(missing.status == 4)
        #expect(missing.stderr.split(separator: "\n").count == 1)
        // No store: refused, nothing created.
        let none = try s.acta([
            "backup", s.directory.appendingPathComponent("b2.sqlite").path, "--store", s.directory.appendingPathComponent("none.sqlite").path,
        ])
        #expect(none.status == 4)
        #expect(!FileManager.default.fileExists(atPath: s.directory.appendingPathComponent("b2.sqlite").path))
    }
}
