import ActaEvents
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ActaLog
@testable import ActaReader

/// Memory and work without bound were one request away: the cache is bounded in bytes, the
/// expensive routes take a place or answer 503, reads run in parallel.
@Suite struct BoundsTests {
    /// 300 distinct pages of 30 events (about 2 MB of bodies) leave a 256 KiB cache within its budget.
    @Test func theResponseCacheStaysWithinItsBudget() async throws {
        var limits = ReaderLimits()
        limits.cacheBytes = 256 << 10
        let f = try ReaderFixture(limits: limits)
        try await f.app.test(.router) { client in
            for after in 0..<300 {
                try await client.execute(uri: "/api/events?after=\(after % 42)&limit=\(30 + after / 42)", method: .get) { r in
                    #expect(r.status == .ok)
                }
            }
        }
        #expect(f.state.cachedBytes <= 256 << 10)
        #expect(f.state.cachedBytes > 0)
    }

    /// While every place is taken, a replay (`?at=`), the report and verify answer 503 with
    /// Retry-After at once; cheap routes are served; once a place frees, the replay is served.
    @Test func expensiveRoutesAnswer503WhenEveryPlaceIsTaken() async throws {
        var limits = ReaderLimits()
        limits.expensiveConcurrency = 1
        let f = try ReaderFixture(limits: limits)
        try await f.app.test(.router) { client in
            var held: [AnyObject] = [try f.state.expensive.enter(), try f.state.verifying.enter()]
            for uri in ["/api/views/members?at=11", "/report", "/api/verify"] {
                try await client.execute(uri: uri, method: .get) { r in
                    #expect(r.status == .serviceUnavailable, "\(uri)")
                    #expect(r.headers[.retryAfter] == "1", "\(uri)")
                }
            }
            for uri in ["/api/health", "/api/views/members", "/api/events?limit=5"] {
                try await client.execute(uri: uri, method: .get) { r in #expect(r.status == .ok, "\(uri)") }
            }
            held.removeAll()
            for uri in ["/api/views/members?at=11", "/report", "/api/verify"] {
                try await client.execute(uri: uri, method: .get) { r in #expect(r.status == .ok, "\(uri)") }
            }
            // Kept for the head: answered again without a place.
            held = [try f.state.expensive.enter(), try f.state.verifying.enter()]
            try await client.execute(uri: "/api/verify", method: .get) { r in #expect(r.status == .ok) }
            #expect(held.count == 2)
        }
    }

    /// A long read does not hold up the others: the reader reads through a pool of connections.
    @Test func aLongReadDoesNotHoldUpOtherReads() throws {
        let f = try ReaderFixture()
        let reading = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)
        let long = Thread {
            _ = try? f.sqliteLog.read { _ in
                reading.signal()
                Thread.sleep(forTimeInterval: 2)
            }
            finished.signal()
        }
        long.start()
        reading.wait()
        let started = Date()
        _ = try f.state.log.head()
        let waited = Date().timeIntervalSince(started)
        finished.wait()
        #expect(waited < 1.0, "head() waited \(waited) s behind a 2 s read")
    }
}

/// A live feed lasts only as long as its access.
@Suite struct LiveAccessTests {
    func invite(_ country: String) -> NewEvent {
        NewEvent(type: "MemberInvited", stream: "member/\(country)", data: ["country": .string(country), "date": "2026-01-10"], actor: "clerk")
    }

    /// Revoked while listening: the feed says so and ends; the next append is not delivered.
    @Test(arguments: ReaderEngine.available) func aRevokedTokensFeedEnds(engine: ReaderEngine) async throws {
        let f = try ReaderFixture(engine)
        let token = try f.issueToken("ministry")
        try await f.app.test(.live) { client in
            let writer = Task.detached {
                try await f.feedIsOpen()
                try f.writer.append(NewEvent(type: "AccessTokenRevoked", stream: "access/ministry", data: ["name": "ministry"], actor: "test"))
                try await Task.sleep(for: .milliseconds(1000))
                try f.writer.append(invite("DE"))
            }
            let feed = try await client.execute(uri: "/api/live?limit=2", method: .get, headers: [.authorization: "Bearer \(token)"]) { r in
                #expect(r.status == .ok)
                return r.body.text
            }
            try await writer.value
            #expect(feed.contains("event: end\n"), "\(feed)")
            #expect(!feed.contains("id: 75"), "the append after the revocation was delivered: \(feed)")
        }
    }

    /// A session signed out while its feed is open: the feed ends at the next append.
    @Test func aSignedOutSessionsFeedEnds() async throws {
        let f = try ReaderFixture()
        let token = try f.issueToken("ministry")
        try await f.app.test(.live) { client in
            let cookie = try await client.signIn(token)
            let writer = Task.detached {
                try await f.feedIsOpen()
                // Another client (the live test client serves one request at a time), the same reader state.
                try await f.app.test(.router) { other in
                    try await other.execute(uri: "/signout", method: .post, headers: [.cookie: cookie]) { r in #expect(r.status == .seeOther) }
                }
                try f.writer.append(invite("DE"))
            }
            let feed = try await client.execute(uri: "/api/live?limit=1", method: .get, headers: [.cookie: cookie]) { r in r.body.text }
            try await writer.value
            #expect(feed.contains("event: end\n"), "\(feed)")
            #expect(!feed.contains("id: 74"), "\(feed)")
        }
    }

    /// Every feed ends after its lifetime, saying so.
    @Test func aFeedEndsAfterItsLifetime() async throws {
        var limits = ReaderLimits()
        limits.liveLifetime = .milliseconds(600)
        let f = try ReaderFixture(limits: limits)
        try await f.app.test(.live) { client in
            let feed = try await client.execute(uri: "/api/live", method: .get) { r in r.body.text }
            #expect(feed.contains("event: end\ndata: {\"reason\":\"the feed's lifetime is over"), "\(feed)")
        }
    }

    /// Feeds beyond the limit are refused with 503 rather than held.
    @Test func feedsBeyondTheLimitAre503() async throws {
        var limits = ReaderLimits()
        limits.liveStreams = 0
        let f = try ReaderFixture(limits: limits)
        try await f.app.test(.router) { client in
            try await client.execute(uri: "/api/live?limit=1", method: .get) { r in
                #expect(r.status == .serviceUnavailable)
                #expect(r.headers[.retryAfter] == "1")
            }
        }
    }
}

extension ReaderFixture {
    /// Returns once a live feed holds its place (a client that connects after a revocation
    /// is refused at the door, which is not what these tests look at), then a moment for the
    /// feed to read the head it starts from. Gives up after 60 s.
    func feedIsOpen() async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while state.live.inUse == 0 {
            guard ContinuousClock.now < deadline else { throw CancellationError() }
            try await Task.sleep(for: .milliseconds(20))
        }
        try await Task.sleep(for: .milliseconds(300))
    }
}
