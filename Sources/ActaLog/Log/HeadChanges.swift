import Synchronization

/// How a reader learns that the log grew through an append in another process: the store
/// calls the reader's `changed` when it may have, and the reader re-reads the head at least
/// every ``pollInterval`` besides (``RegisterStore/watchHead(_:)``).
///
/// - SQLite tells no other process of a commit: the reader polls its head every 200 ms.
/// - A PostgreSQL primary sends a notification at the commit of every append (trigger
///   `events_notify`, `pg_notify('acta_append', '')`, whichever process appended); a
///   connection of the reader's own LISTENs for it, and the poll is only a fallback, every
///   5 s, and 200 ms once that connection is lost.
/// - A PostgreSQL hot standby can neither LISTEN nor replay notifications: the reader polls
///   the replayed head every 200 ms.
public final class HeadChanges: Sendable {
    /// How the reader learns of appends, for its start-up line.
    public let method: String
    private let interval: Mutex<Duration>
    private let stopping: @Sendable () -> Void

    /// The interval a polling reader re-reads the head at.
    public static let polling = Duration.milliseconds(200)

    public init(method: String, pollInterval: Duration = HeadChanges.polling, stop: @escaping @Sendable () -> Void = {}) {
        self.method = method
        interval = Mutex(pollInterval)
        stopping = stop
    }

    /// How long a reader may wait without re-reading the head.
    public var pollInterval: Duration { interval.withLock { $0 } }

    /// Notifications stopped (their connection was lost): poll at ``polling`` from now on.
    public func pollFromNow() {
        interval.withLock { $0 = Self.polling }
    }

    /// Stops the notifications (closes their connection).
    public func stop() {
        stopping()
    }
}
