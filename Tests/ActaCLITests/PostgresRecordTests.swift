import ActaEvents
import ActaLog
import Foundation
import Testing

/// `acta record` on PostgreSQL: a meeting checked with nothing written, recorded all or none,
/// and refused as a repeat, as on SQLite (``RecordCLITests``).
@Suite(.enabled(if: testPostgresServer != nil, "ACTA_TEST_POSTGRES is not set: the PostgreSQL record tests are skipped"))
struct PostgresRecordTests {
    @Test func theFourthMeetingIsCheckedRecordedAndRefusedAgain() throws {
        let r = try PostgresCLITests.Register()
        #expect(try r.acta(["init"]).status == 0)
        let imported = try r.acta(["import", "-"], stdin: RecordCLITests.historyBefore)
        #expect(imported.status == 0, "\(imported.stderr)")
        let file = MeetingRecord.exampleURL.path
        let checked = try r.acta(["record", "--check", file])
        #expect(checked.status == 0, "\(checked.stderr)")
        #expect(
            checked.stdout.hasSuffix("ok: conference meeting 4 (2018-06-30) would be recorded as 18 events, positions 20–37; nothing was written\n")
        )
        #expect(try r.psql("SELECT count(*) FROM events") == "19")
        let views = try r.psql("SELECT count(*) FROM views")
        let recorded = try r.acta(["record", file])
        #expect(
            recorded.status == 0 && recorded.stdout.hasSuffix("recorded conference meeting 4 (2018-06-30): 18 events, positions 20–37\n"),
            "\(recorded.stderr)"
        )
        #expect(try r.psql("SELECT count(*) FROM events") == "37")
        #expect(try r.psql("SELECT count(*) FROM views") != views)
        // The same meeting again: refused by the meeting's rules, one line, nothing written.
        let again = try r.acta(["record", file])
        #expect(again.status == 3 && again.stderr.hasPrefix("acta: error: ") && again.stderr.split(separator: "\n").count == 1, "\(again.stderr)")
        #expect(try r.psql("SELECT count(*) FROM events") == "37")
        let verified = try r.acta(["verify", "--views"])
        #expect(verified.status == 0, "\(verified.stderr)")
    }
}
