import ActaLog
import Foundation
import Testing

/// `acta verify --checkpoint/--head/--key` on PostgreSQL: what an auditor kept is checked
/// against a register on either engine. The checkpoint is signed on SQLite and the register
/// copied: the same log has the same tree, so it proves the copy too.
@Suite(.enabled(if: testPostgresServer != nil, "ACTA_TEST_POSTGRES is not set: the PostgreSQL verify tests are skipped"))
struct PostgresVerifyTests {
    @Test func whatAnAuditorKeptProvesTheRegisterOnPostgreSQL() throws {
        let r = try PostgresCLITests.Register()
        let s = r.sandbox
        #expect(try s.acta(["demo"]).status == 0)
        let generated = try s.acta(["key", "generate", "--name", "ocps.example/register", "--out", "signing.key"])
        let verifier = String(generated.stdout.split(separator: "\n").first ?? "")
        #expect(generated.status == 0 && verifier.hasPrefix("ocps.example/register+"), "\(generated.stderr)")
        let checkpoint = try s.acta(["checkpoint", "--key", "signing.key"])
        #expect(checkpoint.status == 0, "\(checkpoint.stderr)")
        try Data(checkpoint.stdout.utf8).write(to: s.directory.appendingPathComponent("kept.txt"))
        let head = try s.acta(["verify", "--json"]).stdout
        let chain = try #require(try JSONParser.parse(head).objectValue?["head"]?.stringValue)
        #expect(try s.acta(["copy", s.store, r.url]).status == 0)
        #expect(try r.acta(["append", "MeetingHeld", "body=conference", "number=40", "start=2030-06-01", "format=in-person"]).status == 0)

        let extended = try r.acta(["verify", "--checkpoint", "kept.txt", "--key", verifier])
        #expect(extended.status == 0 && extended.stdout.contains("the log extends checkpoint ocps.example/register size 72"), "\(extended.stderr)")
        let noted = try r.acta(["verify", "--head", chain])
        #expect(noted.status == 0 && noted.stdout.contains("is position 72"), "\(noted.stderr)")
        let unknown = try r.acta(["verify", "--head", String(repeating: "ab", count: 32)])
        #expect(unknown.status == 5 && unknown.stderr.contains("no position of the log's 73 events has chain hash abab"))
        let signed = try r.acta(["verify", "--key", verifier])
        #expect(signed.status == 0 && signed.stdout.contains("1 kept checkpoint matches the log (1 signed by ocps.example/register)"))

        // The kept checkpoint's note altered by someone who can lift the triggers: its
        // signature no longer verifies, and verify says so and exits 5.
        _ = try r.psql("ALTER TABLE checkpoints DISABLE TRIGGER USER")
        _ = try r.psql("UPDATE checkpoints SET note = note || ' '")
        let altered = try r.acta(["verify", "--key", verifier])
        #expect(
            altered.status == 5 && altered.stderr.hasPrefix("acta: error: verify failed: checkpoint ocps.example/register size 72"),
            "\(altered.stderr)"
        )
    }
}
