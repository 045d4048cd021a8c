import Foundation
import Synchronization

@testable import ActaReader

/// Every thread of a blocking pool kept busy until ``release()``, so that work sent there
/// waits: what a reader saturated with long reads looks like, without timing anything.
final class PoolHold: Sendable {
    private let gate = DispatchSemaphore(value: 0)
    private let threads: Int
    private let released = Mutex(false)

    init(_ pool: BlockingPool, threads: Int) async throws {
        self.threads = threads
        let started = Counter()
        let gate = self.gate
        for _ in 0..<threads {
            Task.detached {
                try await pool.run {
                    started.add()
                    gate.wait()
                }
            }
        }
        guard try await eventually({ started.value == threads }) else { throw CancellationError() }
    }

    var isHeld: Bool { !released.withLock { $0 } }

    /// Lets the held threads go (once; later calls do nothing).
    func release() {
        guard
            released.withLock({ r in
                defer { r = true }
                return !r
            })
        else { return }
        for _ in 0..<threads { gate.signal() }
    }
}

/// A count shared between threads.
final class Counter: Sendable {
    private let count = Atomic(0)
    var value: Int { count.load(ordering: .relaxed) }
    func add() { count.add(1, ordering: .relaxed) }
}

/// Waits until `condition` holds, looking every 10 ms; false if it still does not after
/// `limit` (a guard against a test waiting forever, not a timing).
func eventually(limit: Duration = .seconds(60), _ condition: () -> Bool) async throws -> Bool {
    let end = ContinuousClock.now + limit
    while !condition() {
        if ContinuousClock.now > end { return false }
        try await Task.sleep(for: .milliseconds(10))
    }
    return true
}
