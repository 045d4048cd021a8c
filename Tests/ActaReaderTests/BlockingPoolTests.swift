import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

@testable import ActaLog
@testable import ActaReader

/// Reads of the store run on the reader's blocking pool, never on Swift's cooperative pool:
/// with every pool thread and every database connection busy, health is still answered
/// (with the head as last read); what needs the store waits for a thread instead of taking
/// a cooperative one, and is served once they are free.
@Suite struct BlockingPoolTests {
    @Test func healthDoesNotWaitForTheStore() async throws {
        let f = try ReaderFixture()
        try await f.app.test(.router) { client in
            try await client.execute(uri: "/api/health", method: .get) { r in #expect(r.status == .ok) }
            // Every reader connection held by a long read, every pool thread busy.
            let reads = DispatchSemaphore(value: 0)
            let reading = Counter()
            for _ in 0..<f.state.limits.readers {
                Thread.detachNewThread {
                    _ = try? f.sqliteLog.read { _ in
                        reading.add()
                        reads.wait()
                    }
                }
            }
            #expect(try await eventually { reading.value == f.state.limits.readers })
            let pool = try await PoolHold(f.state.pool, threads: f.state.limits.readers)
            // A deadlock guard, not a timing: were health to wait for the store, it would wait forever.
            let watchdog = Task.detached {
                try await Task.sleep(for: .seconds(60))
                pool.release()
                for _ in 0..<f.state.limits.readers { reads.signal() }
            }
            // Past the head interval: the head is stale, and health must not read it itself.
            try await Task.sleep(for: .milliseconds(Int(ReaderState.headInterval * 2000)))
            try await client.execute(uri: "/api/health", method: .get) { r in
                #expect(r.status == .ok)
                #expect(r.body.jsonValue["events"] == 72)
            }
            #expect(pool.isHeld, "health waited for the store")
            pool.release()
            for _ in 0..<f.state.limits.readers { reads.signal() }
            watchdog.cancel()
            // Released: what reads the store is served again.
            try await client.execute(uri: "/api/events?limit=7", method: .get) { r in #expect(r.status == .ok) }
        }
    }
}
