import Foundation

/// A thread that runs an import's inserts (``EventInsert``'s full batches, the Merkle tree's
/// nodes), in the order they were handed over, while the appending thread goes on deciding
/// and hashing the next events: the third stage of the import, after ``ChunkPipeline``'s
/// preparing and before nothing. SQLite's inserts were half of the appending thread's time.
///
/// The connection is used by one thread at a time: whoever else touches it during the
/// session calls ``drain()`` first, which waits until every job handed over has run and
/// rethrows the first failure. After a failure no later job runs. At most ``depth`` jobs
/// wait; ``submit(_:)`` waits beyond that, so the rows held back stay bounded.
///
/// Unchecked: every mutable field is read and written under `lock` (a condition variable,
/// which `Mutex` does not offer). The jobs are not `Sendable`: each is handed over once and
/// runs only on this thread, while the thread that made it touches nothing it captured.
final class InsertThread: @unchecked Sendable {
    typealias Job = () throws -> Void

    let depth: Int
    private let lock = NSCondition()
    private var jobs: [Job] = []
    private var running = false
    private var failure: (any Error)?
    private var stopping = false
    private var finished = false

    init(depth: Int = 4) {
        self.depth = depth
        let thread = Thread { [self] in work() }
        thread.stackSize = 1 << 20
        thread.start()
    }

    private func work() {
        lock.lock()
        while true {
            while jobs.isEmpty, !stopping { lock.wait() }
            if jobs.isEmpty { break }
            let job = jobs.removeFirst()
            let skip = failure != nil
            running = true
            lock.unlock()
            var error: (any Error)?
            if !skip {
                do { try job() } catch let thrown { error = thrown }
            }
            lock.lock()
            if failure == nil { failure = error }
            running = false
            lock.broadcast()
        }
        finished = true
        lock.broadcast()
        lock.unlock()
    }

    /// Hands `job` over, waiting while ``depth`` jobs wait; throws the failure of an
    /// earlier job instead, when there was one.
    func submit(_ job: @escaping Job) throws {
        lock.lock()
        defer { lock.unlock() }
        while jobs.count >= depth, failure == nil { lock.wait() }
        if let failure { throw failure }
        jobs.append(job)
        lock.broadcast()
    }

    /// Returns once every job handed over has run, the connection free for the caller;
    /// throws the first job's failure.
    func drain() throws {
        lock.lock()
        defer { lock.unlock() }
        while !jobs.isEmpty || running { lock.wait() }
        if let failure { throw failure }
    }

    /// Ends the thread and waits for it. The jobs still waiting are skipped: the session
    /// is being abandoned (a drained one has none).
    func stop() {
        lock.lock()
        if failure == nil, !jobs.isEmpty { failure = CancellationError() }
        stopping = true
        lock.broadcast()
        while !finished { lock.wait() }
        lock.unlock()
    }
}
