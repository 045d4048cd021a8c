import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// The threads the reader's blocking work runs on: SQLite reads, LZ4 decoding, rendering from
/// the views. Never Swift's cooperative pool, which has a thread per core (two on a small
/// machine): a blocked cooperative thread holds up every other request's task, `/api/health`'s
/// too. The caller's task waits without holding a thread; work not yet begun when its request
/// is cancelled (the client went away) is dropped.
///
/// On Linux the pool's threads run at a lower priority (nice ``niceness``) than the threads that
/// accept connections and answer from the cache, so a machine busy with reads still answers
/// those at once: bulk work waits a little, the cheap answers do not.
final class BlockingPool: Sendable {
    private let pool: NIOThreadPool
    private let lowered: Bool
    static let niceness: Int32 = 10

    /// `threads` threads, at the lower priority unless `lowered` is false.
    init(threads: Int, lowered: Bool = true) {
        pool = NIOThreadPool(numberOfThreads: max(1, threads))
        self.lowered = lowered
        pool.start()
    }

    deinit { pool.shutdownGracefully { _ in } }

    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await pool.runIfActive { [lowered] in
            if lowered { Self.lowerThisThreadsPriority() }
            return try body()
        }
    }

    /// Lowers the calling thread's priority, idempotent. On Linux the niceness is a thread's
    /// own, and `who` 0 names the calling thread (setpriority(2), "Bugs").
    static func lowerThisThreadsPriority() {
        #if canImport(Glibc)
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness)
        #endif
    }
}
