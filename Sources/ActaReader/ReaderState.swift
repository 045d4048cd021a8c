import ActaEvents
import ActaLog
import ActaProjections
import Foundation
import Synchronization

/// What the reader shares between requests: the store, opened read-only, its head, and
/// responses cached until the head moves.
///
/// The head is re-read at most every 50 ms, so events the CLI appends in another process
/// are served within that without a restart; every cache is keyed by the head.
public final class ReaderState: Sendable {
    public let log: EventLog
    private let shared = Mutex(Shared())
    static let headInterval: TimeInterval = 0.05
    static let cacheLimit = 2_000

    struct Shared {
        var head = LogHead(count: -1, chain: [])
        var checked = Date.distantPast
        var responses: [String: [UInt8]] = [:]
        var access: AccessView? = nil
    }

    public init(log: EventLog) {
        self.log = log
    }

    /// Opens the store at `path` read-only with the OCPS catalog and views.
    public static func open(path: String) throws -> ReaderState {
        ReaderState(log: try EventLog.open(at: path, catalog: OCPSCatalog(), projections: OCPSProjections(), readOnly: true))
    }

    /// The head of the log, re-read when the last look is older than ``headInterval``.
    public func head() throws -> LogHead {
        let now = Date()
        let (head, fresh) = shared.withLock { s in (s.head, now.timeIntervalSince(s.checked) < Self.headInterval) }
        if fresh { return head }
        let current = try log.head()
        shared.withLock { s in
            s.checked = now
            if s.head != current {
                s.head = current
                s.responses.removeAll(keepingCapacity: true)
                s.access = nil
            }
        }
        return current
    }

    /// A response body cached for this head, computed by `make` when missing.
    func cached(_ key: String, head: LogHead, _ make: () throws -> [UInt8]) throws -> [UInt8] {
        let fullKey = "\(head.count)|\(key)"
        if let hit = shared.withLock({ $0.responses[fullKey] }) { return hit }
        let value = try make()
        shared.withLock { s in
            if s.responses.count >= Self.cacheLimit { s.responses.removeAll(keepingCapacity: true) }
            s.responses[fullKey] = value
        }
        return value
    }

    /// The access tokens as of the head.
    func access() throws -> AccessView {
        _ = try head()
        if let a = shared.withLock({ $0.access }) { return a }
        let view = try AccessView(log: log)
        shared.withLock { $0.access = view }
        return view
    }
}
