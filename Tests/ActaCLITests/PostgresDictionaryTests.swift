import ActaLog
import Foundation
import Testing

/// `acta dictionary` on PostgreSQL: the same list and training as on SQLite, under the append
/// lock, and the trained dictionary used by the appends after it.
@Suite(.enabled(if: testPostgresServer != nil, "ACTA_TEST_POSTGRES is not set: the PostgreSQL dictionary tests are skipped"))
struct PostgresDictionaryTests {
    @Test func listTrainAndAppendAfterOnPostgreSQL() throws {
        let r = try PostgresCLITests.Register()
        #expect(try r.acta(["init"]).status == 0)
        let none = try r.acta(["dictionary", "list"])
        #expect(none.status == 0 && none.stdout.hasPrefix("no dictionary yet"))
        for n in 1...30 {
            let held = try r.acta(["append", "MeetingHeld", "body=conference", "number=\(n)", "start=2018-06-30", "format=in-person", "city=Skopje"])
            #expect(held.status == 0, "\(held.stderr)")
        }
        let tooSmall = try r.acta(["dictionary", "train", "--bytes", "100"])
        #expect(tooSmall.status == 2 && tooSmall.stderr == "acta: error: dictionary size must be 1024 to 65536 bytes\n")
        let trained = try r.acta(["dictionary", "train", "--bytes", "2048"])
        #expect(trained.status == 0 && trained.stdout.hasPrefix("dictionary "), "\(trained.stderr)")
        let id = trained.stdout.dropFirst("dictionary ".count).prefix { $0.isNumber }
        let listed = try r.acta(["dictionary", "list"]).stdout.split(separator: "\n")
        #expect(listed.count == 3 && listed[1].contains("built in") && listed[2].hasPrefix(id) && listed[2].contains("trained on the latest events"))
        // The next append is compressed against the trained dictionary, and reads back.
        #expect(try r.acta(["append", "MeetingHeld", "body=conference", "number=31", "start=2018-06-30", "format=in-person"]).status == 0)
        let payload = try r.psql("SELECT codec FROM events WHERE position = 31")
        #expect(payload == "2")
        let verified = try r.acta(["verify"])
        #expect(verified.status == 0 && verified.stdout.hasPrefix("ok: 31 events verified"), "\(verified.stderr)")
        // The reader role may list them, not train one.
        let reader = try PostgresURL(r.url).asUser("\(r.name)_reader").description
        #expect(try r.sandbox.acta(["dictionary", "list", "--store", reader]).status == 0)
        let refused = try r.sandbox.acta(["dictionary", "train", "--store", reader])
        #expect(refused.status != 0 && refused.stderr.hasPrefix("acta: error: ") && refused.stderr.split(separator: "\n").count == 1)
        #expect(try r.psql("SELECT count(*) FROM dictionaries") == "2")
    }
}
