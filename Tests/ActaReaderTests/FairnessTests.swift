import ActaEvents
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

@testable import ActaLog
@testable import ActaReader

/// The expensive places are shared fairly and not spent twice on the same work.
@Suite struct FairnessTests {
    static func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)"] }

    /// A client that holds a place is refused a second one while another client gets it.
    @Test func oneClientCannotTakeEveryExpensivePlace() async throws {
        let f = try ReaderFixture()
        let (a, b) = (try f.issueToken("a"), try f.issueToken("b"))
        let hold = try await PoolHold(f.state.expensivePool, threads: f.state.limits.expensiveConcurrency + 1)
        defer { hold.release() }
        try await f.app.test(.router) { client in
            // A's replay takes a place and waits for a thread.
            let first = Task { try await client.execute(uri: "/api/views/members?at=11", method: .get, headers: Self.bearer(a)) { $0.status } }
            #expect(try await eventually { f.state.expensive.inUse == 1 })
            // A's next date: refused, though a place is free; it stays free for the others.
            let done = Counter()
            let again = Task {
                defer { done.add() }
                return try await client.execute(uri: "/api/views/members?at=12", method: .get, headers: Self.bearer(a)) { r in
                    (r.status, r.headers[.retryAfter], r.body.jsonValue["error"]?["message"]?.stringValue ?? "")
                }
            }
            #expect(try await eventually { done.value == 1 || f.state.expensive.inUse == 2 })
            #expect(f.state.expensive.inUse == 1, "A's second request took the last place")
            let second = Task { try await client.execute(uri: "/report?as_of=2020-01-01", method: .get, headers: Self.bearer(b)) { $0.status } }
            #expect(try await eventually { f.state.expensive.inUse == 2 || f.state.expensive.inUse == 0 })
            hold.release()
            let (status, retryAfter, message) = try await again.value
            #expect(status == .serviceUnavailable)
            #expect(retryAfter == "1")
            #expect(message.contains("as one client may"), "\(message)")
            #expect(try await first.value == .ok)
            #expect(try await second.value == .ok)
        }
    }

    /// Without tokens a client is its address: a made-up token does not make it another client.
    @Test func withoutTokensAClientIsItsAddress() async throws {
        let f = try ReaderFixture()
        try await f.app.test(.live) { client in
            var held: [AnyObject] = [try f.state.expensive.enter(client: "address 127.0.0.1")]
            for headers: HTTPFields in [[:], [.authorization: "Bearer made-up"]] {
                try await client.execute(uri: "/api/views/members?at=11", method: .get, headers: headers) { r in
                    #expect(r.status == .serviceUnavailable)
                    #expect(r.body.jsonValue["error"]?["message"]?.stringValue?.contains("as one client may") == true, "\(r.body.text)")
                }
            }
            // Another address's place leaves this one's share free.
            held = [try f.state.expensive.enter(client: "address 192.0.2.1")]
            try await client.execute(uri: "/api/views/members?at=11", method: .get) { r in #expect(r.status == .ok) }
            #expect(held.count == 1)
        }
    }

    /// Two identical replays at once run once: with a single place, the second waits for the
    /// first's result instead of being refused.
    @Test func identicalExpensiveRequestsAtOnceRunOnce() async throws {
        var limits = ReaderLimits()
        limits.expensiveConcurrency = 1
        let f = try ReaderFixture(limits: limits)
        let hold = try await PoolHold(f.state.expensivePool, threads: limits.expensiveConcurrency + 1)
        defer { hold.release() }
        try await f.app.test(.router) { client in
            let uri = "/api/views/members?at=11"
            let key = "72|view|members|\(Timestamp.today())|11"
            let first = Task { try await client.execute(uri: uri, method: .get) { r in [r.status.code, r.body.text.count] } }
            #expect(try await eventually { f.state.flights.callers(key) == 1 })
            let done = Counter()
            let second = Task {
                defer { done.add() }
                return try await client.execute(uri: uri, method: .get) { r in [r.status.code, r.body.text.count] }
            }
            // Joined the first (or, were it not, refused at once: the single place is taken).
            #expect(try await eventually { f.state.flights.callers(key) == 2 || done.value == 1 })
            #expect(f.state.expensive.inUse == 1)
            hold.release()
            let (one, two) = (try await first.value, try await second.value)
            #expect(one[0] == 200)
            #expect(one == two)
        }
    }

    /// The first caller runs the work; who asks for the same key meanwhile shares its result;
    /// once it is over, the next caller runs it afresh.
    @Test func singleFlightRunsIdenticalWorkOnce() async throws {
        let flights = SingleFlight<Int>()
        let runs = Counter()
        let (go, open) = AsyncStream<Void>.makeStream()
        let work: @Sendable () async throws -> Int = {
            runs.add()
            for await _ in go {}
            return 42
        }
        async let a = flights.run("k", work)
        #expect(try await eventually { flights.callers("k") == 1 })
        async let b = flights.run("k", work)
        #expect(try await eventually { flights.callers("k") == 2 })
        open.finish()
        #expect(try await [a, b] == [42, 42])
        #expect(runs.value == 1)
        #expect(!flights.inFlight("k"))
        #expect(try await flights.run("k", work) == 42)
        #expect(runs.value == 2)
    }
}
