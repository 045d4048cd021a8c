import ActaEvents
import ActaLog
import Foundation
import Testing

@testable import ActaReader

/// The reader on PostgreSQL: what only that engine does. The shared behaviour runs in the
/// suites parameterised over ``ReaderEngine``. Skipped, with ``ReaderEngine/serverMissing``,
/// without a server.
@Suite(.enabled(if: ReaderEngine.server != nil, Comment(rawValue: ReaderEngine.serverMissing)))
struct PostgresReaderTests {
    /// An append on another connection (another process's, as `acta append` makes it) wakes
    /// the reader through the notification its commit sends, not the poll: the reader
    /// listens on the primary, and the bell rings (waited for, not timed).
    @Test func anAppendElsewhereRingsTheReadersBell() async throws {
        let f = try ReaderFixture(.postgres)
        #expect(try f.state.watchHead().method == "LISTEN acta_append")
        let before = f.state.bell.generation
        try f.writer.append(
            NewEvent(type: "MemberInvited", stream: "member/DE", data: ["country": "DE", "date": "2026-01-10"], actor: "clerk")
        )
        let deadline = ContinuousClock.now + .seconds(60)
        while f.state.bell.generation == before, ContinuousClock.now < deadline {
            await f.state.bell.wait(since: before, upTo: .seconds(1))
        }
        #expect(f.state.bell.generation != before, "no notification reached the reader")
        #expect(try await f.state.head().count == 73)
    }

    /// A long read holds one of the reader's connections, not all: another read is served
    /// meanwhile (one connection would run it only after the first; the wait gives up at 60 s).
    @Test func aLongReadLeavesTheOtherConnectionsFree() throws {
        let f = try ReaderFixture(.postgres)
        let holding = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            try? f.state.log.forEach(EventFilter(fromPosition: 1, toPosition: 1)) { _ in
                holding.signal()
                release.wait()
            }
        }
        holding.wait()
        let served = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            if (try? f.state.log.entry(at: 2)) != nil { served.signal() }
        }
        #expect(served.wait(timeout: .now() + 60) == .success)
        release.signal()
    }

    /// Connections the server drops (a restart, terminated backends) are opened again: the
    /// reader serves on, and learns of appends by polling once its listening connection is
    /// gone (waited for, giving up after 60 s).
    @Test(.timeLimit(.minutes(1))) func theReaderOutlivesItsConnections() async throws {
        let f = try ReaderFixture(.postgres)
        #expect(try await f.state.head().count == 72)
        f.dropReaderConnections()
        try f.writer.append(
            NewEvent(type: "MemberInvited", stream: "member/DE", data: ["country": "DE", "date": "2026-01-10"], actor: "clerk")
        )
        let deadline = ContinuousClock.now + .seconds(60)
        var head = try? await f.state.head().count
        while head != 73, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
            head = try? await f.state.head().count
        }
        #expect(head == 73)
        #expect(f.state.pollInterval == HeadChanges.polling)
        try await f.app.test(.router) { client in
            try await client.execute(uri: "/api/events/73", method: .get) { r in #expect(r.body.jsonValue["stream"] == "member/DE") }
        }
    }

    /// The reader role reads and may not write, even on a connection opened for writing:
    /// PostgreSQL refuses the append (the role's privileges), and nothing is written.
    @Test func theReaderRoleCannotWrite() throws {
        let f = try ReaderFixture(.postgres)
        let asReader = try RegisterStores.open(f.location, catalog: OCPSCatalog())
        defer { try? asReader.close() }
        #expect(try asReader.head().count == 72)
        let refused = #expect(throws: ActaError.self) {
            try asReader.append(
                NewEvent(type: "MemberInvited", stream: "member/DE", data: ["country": "DE", "date": "2026-01-10"], actor: "intruder")
            )
        }
        #expect(refused?.message.contains("permission denied") == true, "\(refused?.message ?? "")")
        #expect(throws: ActaError.self) { try asReader.signCheckpoint(with: SigningKey.generate(name: "acta.test/intruder")) }
        #expect(try f.writer.head().count == 72)
    }
}
