import ActaEvents
import ActaLog
import ActaReader
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct LiveFeedTests {
    func invite(_ country: String) -> NewEvent {
        NewEvent(type: "MemberInvited", stream: "member/\(country)", data: ["country": .string(country), "date": "2026-01-10"], actor: "clerk")
    }

    /// An event appended while a client listens reaches it, over a real socket (within a
    /// second by design: the feed polls the head every 200 ms; not timed here, the machine is
    /// shared). The client asks from the head before the append (`after=72`): on a loaded
    /// machine its request may reach the server after the append, and it must still get that
    /// event rather than wait for the next.
    @Test(arguments: ReaderEngine.available) func anAppendReachesAConnectedClient(engine: ReaderEngine) async throws {
        let f = try ReaderFixture(engine)
        let head = try await f.state.head().count
        try #require(head == 72)
        try await f.app.test(.live) { client in
            let appended = Task.detached {
                try await Task.sleep(for: .milliseconds(300))
                try f.writer.append(invite("DE"))
            }
            try await client.execute(uri: "/api/live?after=\(head)&limit=1", method: .get) { r in
                #expect(r.status == .ok)
                #expect(r.headers[.contentType]?.hasPrefix("text/event-stream") == true)
                #expect(r.body.text.contains("id: 73\nevent: entry\ndata: {"))
            }
            try await appended.value
        }
    }

    /// Last-Event-ID resumes exactly after the last event seen: no gap, no duplicate.
    @Test(arguments: ReaderEngine.available) func lastEventIDResumesWithoutGapsOrDuplicates(engine: ReaderEngine) async throws {
        let f = try ReaderFixture(engine)
        for c in ["DE", "FR", "ES"] { try f.writer.append(invite(c)) }
        try await f.app.test(.router) { client in
            let first = try await client.execute(uri: "/api/live?after=71&limit=2", method: .get) { r in r.body.text }
            let ids = first.split(separator: "\n").filter { $0.hasPrefix("id: ") }
            #expect(ids == ["id: 72", "id: 73"])
            let resumed = try await client.execute(uri: "/api/live?limit=2", method: .get, headers: [HTTPField.Name("Last-Event-ID")!: "73"]) { r in
                r.body.text
            }
            #expect(resumed.split(separator: "\n").filter { $0.hasPrefix("id: ") } == ["id: 74", "id: 75"])
            try await client.execute(uri: "/api/live", method: .get, headers: [HTTPField.Name("Last-Event-ID")!: "x"]) { r in
                #expect(r.status == .badRequest)
            }
        }
    }

    /// Another reader of the same register (a second `acta serve`, or one on a standby) resumes
    /// where the first left off: the ids are the log's positions, the same on every reader.
    @Test(arguments: ReaderEngine.available) func lastEventIDResumesOnAnotherReader(engine: ReaderEngine) async throws {
        let f = try ReaderFixture(engine)
        for c in ["DE", "FR", "ES"] { try f.writer.append(invite(c)) }
        let first = try await f.app.test(.router) { client in
            try await client.execute(uri: "/api/live?after=71&limit=2", method: .get) { r in r.body.text }
        }
        let last = try #require(first.split(separator: "\n").last { $0.hasPrefix("id: ") }?.dropFirst(4))
        #expect(last == "73")
        let second = try f.secondReader()
        defer { try? second.close() }
        let other = Application(router: ReaderApplication.router(state: second))
        try await other.test(.router) { client in
            let resumed = try await client.execute(uri: "/api/live?limit=2", method: .get, headers: [HTTPField.Name("Last-Event-ID")!: String(last)])
            {
                r in r.body.text
            }
            #expect(resumed.split(separator: "\n").filter { $0.hasPrefix("id: ") } == ["id: 74", "id: 75"])
            #expect(resumed.contains(#""stream":"member/ES""#), "\(resumed)")
        }
    }
}
