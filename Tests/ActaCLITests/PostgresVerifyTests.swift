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

    /// The append-only triggers are part of what verify checks, as on SQLite: disabled,
    /// dropped, or their function's body replaced, the store fails verify in one line.
    @Test func verifyNamesATriggerLiftedOrAFunctionReplaced() throws {
        let r = try PostgresCLITests.Register()
        #expect(try r.acta(["init"]).status == 0)
        #expect(try r.acta(["append", "MeetingHeld", "body=conference", "number=4", "start=2018-06-30", "format=in-person"]).status == 0)
        #expect(try r.acta(["verify"]).status == 0)
        let cases: [(lift: String, restore: String, says: String)] = [
            (
                "ALTER TABLE events DISABLE TRIGGER events_append_only", "ALTER TABLE events ENABLE TRIGGER events_append_only",
                "trigger events_append_only is disabled"
            ),
            (
                "DROP TRIGGER dictionaries_append_only ON dictionaries",
                "CREATE TRIGGER dictionaries_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON dictionaries FOR EACH STATEMENT EXECUTE FUNCTION acta_append_only()",
                "trigger dictionaries_append_only is missing"
            ),
            (
                "CREATE OR REPLACE FUNCTION acta_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$",
                "CREATE OR REPLACE FUNCTION acta_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ \(Self.appendOnlyBody) $$",
                "function acta_append_only() is not Acta's"
            ),
            (
                "CREATE TABLE kept_body AS SELECT prosrc FROM pg_proc WHERE proname = 'acta_append_one'; "
                    + Self.replaceAppendOne(with: "'BEGIN NULL; END'"),
                Self.replaceAppendOne(with: "(SELECT prosrc FROM kept_body)") + "; DROP TABLE kept_body",
                "function acta_append_one() is not Acta's"
            ),
        ]
        for c in cases {
            _ = try r.psql(c.lift)
            let lifted = try r.acta(["verify"])
            #expect(
                lifted.status == 5 && lifted.stderr.hasPrefix("acta: error: verify failed: \(c.says)")
                    && lifted.stderr.split(separator: "\n").count == 1,
                "\(c.lift): \(lifted.stderr)"
            )
            _ = try r.psql(c.restore)
            let restored = try r.acta(["verify"])
            #expect(restored.status == 0, "\(c.restore): \(restored.stderr)")
        }
    }

    /// Replaces the body of `acta_append_one()`, its arguments kept, by the SQL text `body`.
    static func replaceAppendOne(with body: String) -> String {
        """
        DO $do$ BEGIN EXECUTE format('CREATE OR REPLACE FUNCTION acta_append_one(%s) RETURNS void LANGUAGE plpgsql AS %L',
            pg_get_function_arguments('acta_append_one'::regproc), \(body)); END $do$
        """
    }

    static let appendOnlyBody = "BEGIN RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'P0001'; END"
}
