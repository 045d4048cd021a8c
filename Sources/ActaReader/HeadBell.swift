import Synchronization

/// Rings when the log may have grown (``ActaLog/HeadChanges``: a PostgreSQL notification);
/// live feeds wait on it between looks at the head, each at most its poll interval.
///
/// Every ring moves ``generation`` on: a feed notes it before reading the head and waits
/// only while it is unchanged, so a ring between the read and the wait is never missed.
final class HeadBell: Sendable {
    private struct Waiting {
        var generation: UInt64 = 0
        var next: UInt64 = 0
        var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
    }

    private let state = Mutex(Waiting())

    var generation: UInt64 { state.withLock { $0.generation } }

    /// Wakes every waiter.
    func ring() {
        let woken = state.withLock { s in
            s.generation &+= 1
            defer { s.waiters.removeAll() }
            return Array(s.waiters.values)
        }
        for waiter in woken { waiter.resume() }
    }

    /// Returns once the bell rang after `generation` was read, or after `timeout`, or when
    /// the task is cancelled.
    func wait(since generation: UInt64, upTo timeout: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await Task.sleep(for: timeout) }
            group.addTask { await self.rung(since: generation) }
            await group.next()
            group.cancelAll()
        }
    }

    private func rung(since generation: UInt64) async {
        let id = state.withLock { s in
            defer { s.next &+= 1 }
            return s.next
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
                let waiting = state.withLock { s in
                    guard s.generation == generation, !Task.isCancelled else { return false }
                    s.waiters[id] = waiter
                    return true
                }
                if !waiting { waiter.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }
}
