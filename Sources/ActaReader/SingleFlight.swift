import Synchronization

/// Identical work asked for at once runs once: the first caller of a key starts it, and
/// whoever asks for the same key before it ends waits for that run's result (or its error)
/// instead of starting another. Nothing is kept after the run: caching is the caller's.
final class SingleFlight<Value: Sendable>: Sendable {
    private struct Flight {
        let task: Task<Value, any Error>
        var callers: Int
    }
    private let running = Mutex<[String: Flight]>([:])

    init() {}

    /// Whether a run of `key` is under way.
    func inFlight(_ key: String) -> Bool { running.withLock { $0[key] != nil } }

    /// How many callers wait for the run of `key` under way (0 when none is).
    func callers(_ key: String) -> Int { running.withLock { $0[key]?.callers ?? 0 } }

    func run(_ key: String, _ work: @escaping @Sendable () async throws -> Value) async throws -> Value {
        let (task, started) = running.withLock { running -> (Task<Value, any Error>, Bool) in
            if let flight = running[key] {
                running[key]!.callers += 1
                return (flight.task, false)
            }
            let task = Task { try await work() }
            running[key] = Flight(task: task, callers: 1)
            return (task, true)
        }
        // Whoever started the run ends it, so a later request starts afresh.
        defer { if started { running.withLock { $0[key] = nil } } }
        return try await task.value
    }
}
