import Foundation
import Synchronization

/// At most `limit` pieces of one kind of work at once; one more is refused at once with 503
/// and Retry-After, rather than queued (a queue would only move the wait to every client).
/// The work runs on Dispatch's threads, not Swift's cooperative pool, so a half-second
/// replay never holds a thread that cheap requests (`/api/health`) are waiting for.
final class WorkGate: Sendable {
    let limit: Int
    let what: String
    private let running = Mutex(0)

    init(limit: Int, what: String) {
        self.limit = limit
        self.what = what
    }

    var inUse: Int { running.withLock { $0 } }

    /// A held place; given back when the slot is released (deinit), however its holder ends.
    final class Slot: Sendable {
        let gate: WorkGate
        init(_ gate: WorkGate) { self.gate = gate }
        deinit { gate.running.withLock { $0 -= 1 } }
    }

    /// Takes a place, or throws 503 when all are taken.
    func enter() throws -> Slot {
        let taken = running.withLock { n -> Bool in
            guard n < limit else { return false }
            n += 1
            return true
        }
        guard taken else { throw APIError.busy(what) }
        return Slot(self)
    }

    /// Runs `body` in a place of its own, off the cooperative pool.
    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        let slot = try enter()
        defer { withExtendedLifetime(slot) {} }
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async { continuation.resume(with: Result { try body() }) }
        }
    }
}
