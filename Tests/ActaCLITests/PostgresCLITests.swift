import ActaLog
import Foundation
import Testing

/// `acta` on a PostgreSQL store, as a person runs it: the URL in --store, several processes
/// appending at once, a process killed in the middle of an import, a copy between engines.
/// Skipped, with a message, when ACTA_TEST_POSTGRES names no server (tools/setup starts one).
/// The test server (the maintenance database's URL), or nil.
let testPostgresServer: PostgresURL? = ProcessInfo.processInfo.environment["ACTA_TEST_POSTGRES"].flatMap {
    $0.isEmpty ? nil : try? PostgresURL($0)
}

@Suite(
    .enabled(
        if: testPostgresServer != nil,
        "ACTA_TEST_POSTGRES is not set: the PostgreSQL command-line tests are skipped (run tools/setup and export the URL it prints)"
    )
)
struct PostgresCLITests {
    /// A database of its own on the test server, with a sandbox directory for files; both go at the end.
    final class Register {
        let sandbox: CLITests.Sandbox
        let name = "acta_c_" + UUID().uuidString.prefix(13).lowercased().replacingOccurrences(of: "-", with: "")
        var url: String { testPostgresServer!.database(name).description }

        init() throws { sandbox = try CLITests.Sandbox() }

        func acta(_ arguments: [String], stdin: String? = nil) throws -> CLITests.Result {
            try sandbox.acta(arguments, stdin: stdin, env: ["ACTA_STORE": url])
        }

        /// `acta` started in the background, as another clerk's process.
        func start(_ arguments: [String]) throws -> Process {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: CLITests.binary)
            process.arguments = arguments
            process.environment = ProcessInfo.processInfo.environment.merging(["ACTA_STORE": url, "ACTA_ACTOR": "clerk"]) { $1 }
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            return process
        }

        func psql(_ sql: String) throws -> String {
            let server = testPostgresServer!
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
            process.arguments = [
                "-X", "-q", "-t", "-A", "postgres://\(server.user)@/\(name)?host=\(server.socketDirectory ?? "/var/run/postgresql")", "-c", sql,
            ]
            let out = Pipe()
            process.standardOutput = out
            process.standardError = out
            try process.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }

        deinit {
            let server = testPostgresServer!
            for sql in ["DROP DATABASE IF EXISTS \(name) WITH (FORCE)", "DROP ROLE IF EXISTS \(name)_writer", "DROP ROLE IF EXISTS \(name)_reader"] {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
                process.arguments = [
                    "-X", "-q", "postgres://\(server.user)@/postgres?host=\(server.socketDirectory ?? "/var/run/postgresql")", "-c", sql,
                ]
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                try? process.run()
                process.waitUntilExit()
            }
        }
    }

    @Test func initAppendExpectVersionExportAndVerify() throws {
        let r = try Register()
        let created = try r.acta(["init"])
        #expect(created.status == 0 && created.stdout.hasPrefix("created postgres://"), "\(created.stderr)")
        #expect(try r.acta(["init"]).stderr.contains("already holds tables"))
        let held = try r.acta(["append", "MeetingHeld", "body=conference", "number=4", "start=2018-06-30", "format=in-person"])
        #expect(held.status == 0 && held.stdout == "1\n", "\(held.stderr)")
        let stale = try r.acta([
            "append", "OutcomeAdopted", "body=conference", "meeting=4", "ordinal=1", "kind=decision", "text=Adopted.", "--expect-version", "0",
        ])
        #expect(stale.status == 3)
        #expect(stale.stderr.hasPrefix("acta: error: stream meeting/conference/4 is at version 1, not new as expected"))
        #expect(try r.psql("SELECT count(*) FROM events") == "1")
        let exported = try r.acta(["export"])
        #expect(exported.status == 0 && exported.stdout.split(separator: "\n").count == 1)
        let verified = try r.acta(["verify"])
        #expect(verified.status == 0 && verified.stdout.hasPrefix("ok: 1 events verified"), "\(verified.stderr)")
        // A backup of a PostgreSQL register is a new SQLite file holding the same log.
        let backup = try r.acta(["backup", "copy.sqlite"])
        #expect(backup.status == 0 && backup.stdout.hasPrefix("backed up 1 events to copy.sqlite, head chain "), "\(backup.stderr)")
        let copied = try r.sandbox.acta(["export", "--store", "copy.sqlite"])
        #expect(copied.status == 0 && copied.stdout == exported.stdout)
        let again = try r.acta(["backup", "copy.sqlite"])
        #expect(again.status == 4 && again.stderr.hasPrefix("acta: error: ") && again.stderr.split(separator: "\n").count == 1, "\(again.stderr)")
        // The views were folded in the append's transaction.
        let hosts = try r.acta(["view", "hosts", "--json"])
        #expect(hosts.status == 0 && hosts.stdout.contains("\"number\" : 4"), "\(hosts.stderr)")
    }

    /// Checkpoints and tokens on PostgreSQL: signed and issued by the writer; the reader
    /// role, which `acta serve` connects as, may list them and may write neither.
    @Test func checkpointsAndTokens() throws {
        let r = try Register()
        #expect(try r.acta(["init"]).status == 0)
        #expect(try r.acta(["append", "MeetingHeld", "body=conference", "number=4", "start=2018-06-30", "format=in-person"]).status == 0)
        let key = r.sandbox.directory.appendingPathComponent("secretariat.key").path
        #expect(try r.acta(["key", "generate", "--name", "acta.test/pg", "--out", key]).status == 0)
        let reader = testPostgresServer!.database(r.name).asUser("\(r.name)_reader").description
        let writer = testPostgresServer!.database(r.name).asUser("\(r.name)_writer").description
        let signed = try r.acta(["checkpoint", "--key", key, "--store", writer])
        #expect(signed.status == 0 && signed.stdout.hasPrefix("acta.test/pg\n1\n"), "\(signed.stderr)")
        #expect(try r.acta(["checkpoint", "--key", key, "--store", writer]).stdout == signed.stdout)
        #expect(try r.psql("SELECT count(*) FROM checkpoints") == "1")
        let issued = try r.acta(["token", "add", "ministry", "--store", writer])
        #expect(issued.status == 0 && issued.stdout.hasPrefix("acta_"), "\(issued.stderr)")
        let listed = try r.acta(["token", "list", "--store", reader])
        #expect(listed.status == 0 && listed.stdout.contains("ministry  read   active"), "\(listed.stdout)\(listed.stderr)")
        let refused = try r.acta(["token", "revoke", "ministry", "--store", reader])
        #expect(refused.status == 6 && refused.stderr.contains("this role may not do that"), "\(refused.stderr)")
        #expect(try r.acta(["append", "MeetingHeld", "body=conference", "number=5", "start=2018-06-30", "format=in-person"]).status == 0)
        #expect(try r.acta(["checkpoint", "--key", key, "--store", reader]).status == 6)
        #expect(try r.psql("SELECT count(*) FROM checkpoints") == "1")
        #expect(try r.acta(["token", "revoke", "ministry", "--store", writer]).stdout == "revoked ministry\n")
        #expect(try r.acta(["verify"]).stdout.hasPrefix("ok: 4 events verified"))
    }

    @Test func aBadURLIsOneLineNamingIt() throws {
        let s = try CLITests.Sandbox()
        let wrong = try s.acta(["init", "--store", "postgres://postgres@/Not-A-Name?host=/tmp/acta-pg"])
        #expect(wrong.status != 0 && wrong.stderr.hasPrefix("acta: error: ") && wrong.stderr.contains("Not-A-Name"))
        #expect(wrong.stderr.split(separator: "\n").count == 1)
        let mode = try s.acta(["verify", "--store", "postgres://postgres@/x?host=/tmp/acta-pg&sslmode=sometimes"])
        #expect(mode.status == 2 && mode.stderr.contains("sslmode sometimes"))
        let nowhere = try s.acta(["verify", "--store", "postgres://postgres@/x?host=/nonexistent-dir"])
        #expect(nowhere.status == 6 && nowhere.stderr.hasPrefix("acta: error: cannot connect to postgres://postgres@/x"))
    }

    /// Clerks' processes append at once: each lands at its own position, gapless, chain unbroken.
    @Test func processesAppendingAtOnceStayGapless() throws {
        let r = try Register()
        #expect(try r.acta(["init"]).status == 0)
        // Four processes, each importing five meetings of its own.
        var clerks: [Process] = []
        for clerk in 0..<4 {
            let lines = (1...5).map { n in
                #"{"type":"MeetingHeld","data":{"body":"conference","number":\#(clerk * 10 + n),"start":"2018-06-30","format":"in-person"}}"#
            }
            let file = r.sandbox.directory.appendingPathComponent("clerk\(clerk).jsonl")
            try Data(lines.joined(separator: "\n").utf8).write(to: file)
            for n in 0..<5 {
                clerks.append(
                    try r.start([
                        "append", "MeetingHeld", "body=conference", "number=\(100 + clerk * 10 + n)", "start=2018-06-30", "format=in-person",
                    ])
                )
            }
            clerks.append(try r.start(["import", file.path]))
        }
        for clerk in clerks { clerk.waitUntilExit() }
        #expect(clerks.allSatisfy { $0.terminationStatus == 0 })
        #expect(try r.psql("SELECT count(*), min(position), max(position) FROM events") == "40|1|40")
        #expect(try r.acta(["verify"]).status == 0)
        // Each append folded its events into the views under the lock: they are the log's.
        #expect(try r.psql("SELECT DISTINCT position FROM view_checkpoints") == "40")
        let views = try r.acta(["verify", "--views"])
        #expect(views.status == 0 && views.stdout.contains("equal the log's replay"), "\(views.stdout) \(views.stderr)")
        #expect(try r.acta(["view", "hosts", "--json"]).stdout.components(separatedBy: "\"number\" :").count == 41)
    }

    /// Locks of this test's database only (other tests hold theirs in the same cluster).
    static let thisDatabase = "database = (SELECT oid FROM pg_database WHERE datname = current_database())"

    /// An import killed (SIGKILL) while it holds the append lock leaves nothing: PostgreSQL
    /// rolls its transaction back when the connection drops, and the next append goes in.
    @Test func anImportKilledMidwayLeavesNothing() throws {
        let r = try Register()
        #expect(try r.acta(["init"]).status == 0)
        let lines = (1...20_000).map { n in
            #"{"type":"MeetingHeld","data":{"body":"conference","number":\#(n),"start":"2018-06-30","format":"in-person"}}"#
        }
        let file = r.sandbox.directory.appendingPathComponent("many.jsonl")
        try Data(lines.joined(separator: "\n").utf8).write(to: file)
        let importing = try r.start(["import", file.path])
        // Killed once it holds the lock and has written rows in its transaction.
        var holding = false
        for _ in 0..<600 where !holding {
            holding = try r.psql("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND \(Self.thisDatabase)") == "1"
            if !holding { usleep(20_000) }
        }
        #expect(holding)
        usleep(200_000)
        kill(importing.processIdentifier, SIGKILL)
        importing.waitUntilExit()
        #expect(importing.terminationReason == .uncaughtSignal)
        var count = ""
        for _ in 0..<100 {
            count = try r.psql("SELECT count(*) FROM events")
            if try r.psql("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND \(Self.thisDatabase)") == "0" { break }
            usleep(50_000)
        }
        #expect(count == "0")
        #expect(try r.psql("SELECT count(*) FROM merkle_nodes") == "0")
        let after = try r.acta(["append", "MeetingHeld", "body=conference", "number=1", "start=2018-06-30", "format=in-person"])
        #expect(after.status == 0 && after.stdout == "1\n", "\(after.stderr)")
    }

    /// SQLite → PostgreSQL → SQLite through `acta copy`: the export is the same bytes.
    @Test func copyRoundTripReproducesTheExport() throws {
        let r = try Register()
        #expect(try r.sandbox.acta(["demo"]).status == 0)
        let copied = try r.sandbox.acta(["copy", r.sandbox.store, r.url])
        #expect(copied.status == 0 && copied.stdout.hasPrefix("copied "), "\(copied.stderr)")
        let back = r.sandbox.directory.appendingPathComponent("back.sqlite").path
        #expect(try r.sandbox.acta(["copy", r.url, back]).status == 0)
        let original = try r.sandbox.acta(["export"]).stdout
        #expect(!original.isEmpty)
        #expect(try r.acta(["export"]).stdout == original)
        #expect(try r.sandbox.acta(["export", "--store", back]).stdout == original)
        // The same proofs from either engine.
        let proof = try r.acta(["prove", "inclusion", "7", "--size", "40"])
        #expect(proof.status == 0 && proof.stdout.contains("\"tree_size\""), "\(proof.stderr)")
        #expect(proof.stdout == (try r.sandbox.acta(["prove", "inclusion", "7", "--size", "40"])).stdout)
        #expect(try r.acta(["prove", "consistency", "10", "40"]).stdout == (try r.sandbox.acta(["prove", "consistency", "10", "40"])).stdout)
        let again = try r.sandbox.acta(["copy", r.sandbox.store, r.url])
        #expect(again.status == 4 && again.stderr.contains("already holds tables"))
    }

    /// The commands that read the views give the same bytes on the same register on either
    /// engine: after a copy (the copy's views are current), after the same appends, after a
    /// rebuild; `verify --views` finds a record edited by hand on PostgreSQL.
    @Test func viewCommandsGiveTheSameOutputOnBothEngines() throws {
        let r = try Register()
        #expect(try r.sandbox.acta(["demo"]).status == 0)
        #expect(try r.sandbox.acta(["copy", r.sandbox.store, r.url]).status == 0)
        let commands: [[String]] = [
            ["view", "members"], ["view", "members", "--as-of", "2018-07-01"], ["view", "decisions", "--json"], ["view", "hosts", "--at", "20"],
            ["view", "actions", "--at", "40", "--json"], ["view", "board"], ["view", "provisions"], ["view", "secretariat"], ["report"], ["log"],
            ["log", "--json"], ["show", "12"], ["show", "30", "--json"], ["calendar"], ["verify", "--views", "--json"],
        ]
        func compare(_ when: String, viewsOnly: Bool = false) throws {
            // Appended separately, the same event has another record time on each engine: what shows it is left out then.
            for command in commands where !viewsOnly || command[0] == "view" {
                let sqlite = try r.sandbox.acta(command)
                let postgres = try r.acta(command)
                #expect(sqlite.status == 0 && postgres.status == 0, "\(when) \(command): \(postgres.stderr)")
                #expect(postgres.stdout == sqlite.stdout, "\(when): \(command)")
            }
        }
        try compare("after the copy")
        let verified = try r.acta(["verify", "--views"])
        #expect(verified.status == 0 && verified.stdout.contains("views"), "\(verified.stdout)")
        #expect(verified.stdout.contains("views: 9 equal the log's replay"), "\(verified.stdout)")
        for store in [r.sandbox.store, r.url] {
            let held = try r.sandbox.acta([
                "append", "MeetingHeld", "body=conference", "number=99", "start=2030-06-30", "format=in-person",
                "--id", "3d0e5d3c-6a0b-4c5e-8f4a-1b2c3d4e5f60", "--store", store,
            ])
            #expect(held.status == 0, "\(held.stderr)")
        }
        try compare("after an append", viewsOnly: true)
        #expect(try r.acta(["rebuild"]).status == 0)
        try compare("after a rebuild", viewsOnly: true)
        _ = try r.psql("UPDATE views SET value = replace(value, 'conference', 'conferences') WHERE view = 'hosts'")
        let tampered = try r.acta(["verify", "--views"])
        #expect(tampered.status != 0 && tampered.stderr.contains("view hosts") && tampered.stderr.contains("someone edited it"), "\(tampered.stderr)")
        // Back from PostgreSQL, the SQLite copy's views are current again (rebuilt from the log).
        let back = r.sandbox.directory.appendingPathComponent("back.sqlite").path
        #expect(try r.sandbox.acta(["copy", r.url, back]).status == 0)
        let home = try r.sandbox.acta(["verify", "--views", "--store", back])
        #expect(home.status == 0 && home.stdout.contains("views: 9 equal the log's replay"), "\(home.stdout) \(home.stderr)")
    }
}
