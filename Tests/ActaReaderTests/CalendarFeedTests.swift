import ActaEvents
import ActaLog
import ActaProjections
import ActaReader
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// `/calendar.ics` on the real history: read by a real iCalendar parser (Python's
/// `icalendar`, installed by `.ci/run`), stable across fetches, moved by a DeadlineChanged,
/// and guarded by a token that opens the feed and nothing else.
@Suite struct CalendarFeedTests {
    /// Parses a feed with Python's `icalendar`: each component's UID, kind, start day and
    /// sequence, as `UID|KIND|YYYY-MM-DD|SEQUENCE` lines. A feed the parser refuses fails here.
    static func parse(_ feed: String) throws -> [String: (kind: String, start: String, sequence: Int)] {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("acta-feed-\(UUID().uuidString).ics")
        try Data(feed.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let script = """
            import sys, icalendar
            calendar = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
            assert calendar['VERSION'] == '2.0' and calendar['PRODID']
            lines = []
            for c in calendar.walk():
                if c.name in ('VEVENT', 'VTODO'):
                    assert c['DTSTAMP'] and c['SUMMARY']
                    lines.append('|'.join([str(c['UID']), c.name, c['DTSTART'].dt.isoformat(), str(c.get('SEQUENCE', 0))]))
            open(sys.argv[2], 'w').write('\\n'.join(lines))
            """
        // The script writes its lines to a file of its own: nothing to drain from pipes.
        let result = file.appendingPathExtension("txt")
        defer { try? FileManager.default.removeItem(at: result) }
        let process = try Process.run(URL(fileURLWithPath: "/usr/bin/env"), arguments: ["python3", "-c", script, file.path, result.path])
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "icalendar refused the feed, or is missing (pip install icalendar); its error is above")
        let lines = try String(contentsOf: result, encoding: .utf8)
        var components: [String: (kind: String, start: String, sequence: Int)] = [:]
        for line in lines.split(separator: "\n") {
            let parts = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            components[parts[0]] = (parts[1], parts[2], Int(parts[3]) ?? -1)
        }
        return components
    }

    static func feed(_ client: some TestClientProtocol, _ uri: String = "/calendar.ics") async throws -> String {
        try await client.execute(uri: uri, method: .get) { r in
            #expect(r.status == .ok)
            #expect(r.headers[.contentType] == "text/calendar; charset=utf-8")
            return r.body.text
        }
    }

    @Test func theFeedParsesKeepsItsUIDsAndADeadlineChangeMovesTheEvent() async throws {
        let f = try ReaderFixture()
        let (first, second) = try await f.app.test(.router) { client in (try await Self.feed(client), try await Self.feed(client)) }
        let parsed = try Self.parse(first)
        #expect(try Self.parse(second).mapValues { "\($0)" } == parsed.mapValues { "\($0)" }, "two fetches give the same UIDs and dates")
        // The open action items with a due date and the unanswered request, on their deadlines.
        #expect(parsed["action/conference-4-3@acta.ocps"]?.kind == "VEVENT")
        #expect(parsed["action/conference-4-3@acta.ocps"]?.start == "2018-09-01")
        #expect(parsed["action/conference-4-6@acta.ocps"]?.start == "2018-09-10")
        #expect(parsed["provisions/conference/4#3@acta.ocps"]?.start == "2018-09-01")
        // An item with no due date, or one done, is not on the calendar.
        #expect(parsed["action/conference-4-2@acta.ocps"] == nil)
        #expect(parsed["action/conference-4-1@acta.ocps"] == nil)

        try f.append(
            NewEvent(
                type: "DeadlineChanged",
                stream: "action/conference-4-6",
                data: ["item": "conference-4-6", "due": "2026-12-15", "date": "2026-01-10"],
                actor: "test"
            )
        )
        try f.append(
            NewEvent(
                type: "HostDesignated",
                stream: "meeting/conference/12",
                data: ["body": "conference", "meeting": 12, "country": "AL", "date": "2026-01-10"],
                actor: "test"
            )
        )
        let moved = try Self.parse(try await f.app.test(.router) { client in try await Self.feed(client) })
        #expect(moved["action/conference-4-6@acta.ocps"]?.start == "2026-12-15", "the same UID, on the new deadline")
        #expect(moved["action/conference-4-6@acta.ocps"]?.sequence == 1)
        #expect(moved.count == parsed.count + 1)
        #expect(moved["meeting/conference/12@acta.ocps"]?.kind == "VTODO")
    }

    @Test func aCalendarTokenOpensTheFeedAndNothingElse() async throws {
        let f = try ReaderFixture()
        let read = try f.issueToken("ministry")
        let calendar = "acta_calendar_\(UUID().uuidString)"
        try f.append(
            NewEvent(
                type: "AccessTokenIssued",
                stream: "access/phone",
                data: ["name": "phone", "sha256": .string(Hex.encode(Digest.sha256(Array(calendar.utf8)))), "scope": "calendar"],
                actor: "test"
            )
        )
        try await f.app.test(.router) { client in
            try await client.execute(uri: "/calendar.ics", method: .get) { r in #expect(r.status == .unauthorized) }
            _ = try await Self.feed(client, "/calendar.ics?token=\(calendar)")
            // Not in a header, not as a cookie, not for any other resource.
            for uri in ["/api/events?limit=1", "/api/views/board", "/"] {
                try await client.execute(uri: uri, method: .get, headers: [.authorization: "Bearer \(calendar)"]) { r in
                    #expect(r.status == .unauthorized, "\(uri)")
                }
                try await client.execute(uri: uri, method: .get, headers: [.cookie: "acta_token=\(calendar)"]) { r in
                    #expect(r.status == .unauthorized, "\(uri)")
                }
            }
            // A token in a sign-in address is refused whatever it is (it would stay in history and logs).
            try await client.execute(uri: "/signin?token=\(calendar)", method: .get) { r in #expect(r.status == .badRequest) }
            // A read token is refused in the URL, accepted in the header.
            try await client.execute(uri: "/calendar.ics?token=\(read)", method: .get) { r in #expect(r.status == .unauthorized) }
            try await client.execute(uri: "/calendar.ics", method: .get, headers: [.authorization: "Bearer \(read)"]) { r in #expect(r.status == .ok)
            }
        }
        // Revoked: the feed refuses it from then on.
        try f.append(NewEvent(type: "AccessTokenRevoked", stream: "access/phone", data: ["name": "phone"], actor: "test"))
        try await f.app.test(.router) { client in
            try await client.execute(uri: "/calendar.ics?token=\(calendar)", method: .get) { r in #expect(r.status == .unauthorized) }
        }
    }
}
