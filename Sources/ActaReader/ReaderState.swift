import ActaEvents
import ActaLog
import ActaProjections
import Foundation
import NIOCore
import Synchronization

/// What bounds the reader's memory and work. The defaults serve a register of a million
/// events on two cores within about 200 MB (see tools/bench-reader's README).
public struct ReaderLimits: Sendable {
    /// The response cache, in bytes of cached bodies and keys: least recently used first out.
    public var cacheBytes = 32 << 20
    /// Requests that replay the log, render the report or verify, running at once; one more
    /// is answered 503 with Retry-After.
    public var expensiveConcurrency = 2
    /// Of those, how many one client (its token or session, else its address) may hold at
    /// once, so that one client cycling through dates cannot take every place.
    public var expensivePerClient = 1
    /// Database connections that read at once (GRDB's DatabasePool; 1 reads through one
    /// queue), and the threads of the blocking pool that cheap reads run on.
    public var readers = 4
    /// A live feed is closed after this long; the client reconnects with Last-Event-ID.
    public var liveLifetime: Duration = .seconds(3600)
    /// Live feeds open at once; one more is answered 503.
    public var liveStreams = 100
    /// A sign-in session lasts this long (the cookie's Max-Age), unless the token ends first.
    public var sessionLifetime: TimeInterval = 12 * 3600
    /// Sessions kept at once; the one closest to expiry makes room for a new one.
    public var sessions = 10_000

    public init() {}
}

/// What the reader shares between requests: the store, opened read-only, on either engine,
/// its head, responses cached until the head moves, sign-in sessions, and the gates of
/// expensive work.
///
/// The head is re-read at most every 50 ms, so events the CLI appends in another process
/// are served within that without a restart; every cache is keyed by the head. A store that
/// tells of appends (``ActaLog/HeadChanges``: PostgreSQL's primary) rings ``bell``, which
/// makes the next look at the head re-read it and wakes the live feeds.
public final class ReaderState: Sendable {
    public let log: any RegisterStore
    public let limits: ReaderLimits
    private let shared: Mutex<Shared>
    let sessions: SessionStore
    /// Replays, the report and verify; verify runs one at a time besides (its result is kept per head).
    let expensive: WorkGate
    let verifying = WorkGate(limit: 1, what: "a verification")
    let live: WorkGate
    /// Where reads of the store run (``blocking(_:)``), `limits.readers` threads.
    let pool: BlockingPool
    /// Where the gated work runs: a thread for each place of ``expensive`` and ``verifying``.
    let expensivePool: BlockingPool
    /// Identical cacheable work asked for at once runs once.
    let flights = SingleFlight<ByteBuffer>()
    let headRead = SingleFlight<LogHead>()
    static let headInterval: TimeInterval = 0.05
    /// The token streams (`AccessTokenIssued`, `AccessTokenRevoked`): who holds access, their
    /// expiry and hashes are the Secretariat's, never served to a token holder.
    static let hiddenStreamPrefix = "access/"

    struct Shared {
        var head = LogHead(count: -1, chain: [])
        var checked = Date.distantPast
        var responses: ResponseCache
        var access: AccessView? = nil
    }

    /// Where the head is read: a connection and a thread of its own, at the requests' priority,
    /// so a request waiting for the head never waits behind bulk reads or a lowered thread.
    private let headLog: any RegisterStore
    private let headPool = BlockingPool(threads: 1, lowered: false)
    /// Rung when the store says the log may have grown; live feeds wait on it.
    let bell = HeadBell()
    /// How the store tells of appends (nil until ``watchHead()``).
    private let changes = Mutex<HeadChanges?>(nil)

    /// A reader over `log`; `headLog` (default `log`) is where the head is read.
    public init(log: any RegisterStore, headLog: (any RegisterStore)? = nil, limits: ReaderLimits = ReaderLimits()) {
        self.log = log
        self.headLog = headLog ?? log
        self.limits = limits
        shared = Mutex(Shared(responses: ResponseCache(budget: limits.cacheBytes)))
        sessions = SessionStore(capacity: limits.sessions, lifetime: limits.sessionLifetime)
        expensive = WorkGate(
            limit: limits.expensiveConcurrency,
            perClient: limits.expensivePerClient,
            what: "replays, reports and verifications"
        )
        live = WorkGate(limit: limits.liveStreams, what: "live feeds")
        pool = BlockingPool(threads: limits.readers)
        expensivePool = BlockingPool(threads: limits.expensiveConcurrency + 1)
    }

    deinit {
        changes.withLock { $0 }?.stop()
    }

    /// Opens the store at `location` (an SQLite path or a PostgreSQL URL, read through
    /// `limits.readers` connections either way) read-only with the OCPS catalog and views, and starts
    /// listening for appends (``watchHead()``).
    public static func open(_ location: String, limits: ReaderLimits = ReaderLimits()) throws -> ReaderState {
        let state: ReaderState
        if PostgresURL.isPostgres(location) {
            let open: @Sendable () throws -> any RegisterStore = {
                try RegisterStores.open(location, catalog: OCPSCatalog(), projections: OCPSProjections(), readOnly: true)
            }
            let lost: @Sendable (any RegisterStore) -> Bool = { ($0 as? PostgresLog)?.connectionLost == true }
            state = ReaderState(
                log: try StorePool(count: limits.readers, open: open, lost: lost),
                headLog: try StorePool(count: 1, open: open, lost: lost),
                limits: limits
            )
        } else {
            state = ReaderState(
                log: try EventLog.open(at: location, catalog: OCPSCatalog(), projections: OCPSProjections(), readOnly: true, readers: limits.readers),
                headLog: try EventLog.open(at: location, catalog: OCPSCatalog(), readOnly: true),
                limits: limits
            )
        }
        try state.watchHead()
        return state
    }

    /// Starts listening for the store's word of appends (once); returns how it learns of them.
    @discardableResult
    public func watchHead() throws -> HeadChanges {
        if let running = changes.withLock({ $0 }) { return running }
        let started = try headLog.watchHead { [weak self] in self?.headMayHaveMoved() }
        let kept = changes.withLock { c in
            if c == nil { c = started }
            return c!
        }
        if kept !== started { started.stop() }
        return kept
    }

    /// How long a live feed may wait without looking at the head.
    var pollInterval: Duration { changes.withLock { $0?.pollInterval } ?? HeadChanges.polling }

    /// The store said the log may have grown: the next look re-reads the head, and the live
    /// feeds wake.
    private func headMayHaveMoved() {
        shared.withLock { $0.checked = .distantPast }
        bell.ring()
    }

    /// Stops listening for appends and closes the store.
    public func close() throws {
        changes.withLock { $0 }?.stop()
        try log.close()
        try headLog.close()
    }

    /// The head of the log, re-read when the last look is older than ``headInterval``: on the
    /// head's own thread and connection, one re-read at a time (whoever needs it meanwhile
    /// waits for that one).
    public func head() async throws -> LogHead {
        if let head = freshHead(Date()) { return head }
        return try await headRead.run("head") { [self] in try await headPool.run { try self.headNow() } }
    }

    /// The head as last read, never waiting on the store (only for the very first read); a
    /// re-read starts in the background when it is older than ``headInterval``. For
    /// `/api/health`, which must answer while every reader connection is busy.
    func lastHead() async throws -> LogHead {
        let now = Date()
        let (head, fresh) = shared.withLock { s in (s.head, now.timeIntervalSince(s.checked) < Self.headInterval) }
        if head.count < 0 { return try await self.head() }
        if !fresh, !headRead.inFlight("head") { Task { _ = try? await self.head() } }
        return head
    }

    /// ``head()`` for work already on the blocking pool: reads the store itself when stale.
    func headNow() throws -> LogHead {
        let now = Date()
        if let head = freshHead(now) { return head }
        let rung = bell.generation
        let current = try headLog.head()
        shared.withLock { s in
            // Fresh only when no word of an append came during the read, which may predate it.
            if bell.generation == rung { s.checked = now }
            if s.head != current {
                s.head = current
                s.responses.removeAll()
                s.access = nil
            }
        }
        return current
    }

    private func freshHead(_ now: Date) -> LogHead? {
        shared.withLock { s in now.timeIntervalSince(s.checked) < Self.headInterval && s.head.count >= 0 ? s.head : nil }
    }

    /// Runs `body` on the blocking pool (``BlockingPool``): whatever reads the store.
    func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await pool.run(body)
    }

    /// A response body cached for this head; when missing, `make` runs on the blocking pool,
    /// once for all who ask for it meanwhile.
    func cached(_ key: String, head: LogHead, _ make: @escaping @Sendable () throws -> [UInt8]) async throws -> ByteBuffer {
        let fullKey = "\(head.count)|\(key)"
        if let hit = shared.withLock({ $0.responses[fullKey] }) { return hit }
        let value = try await flights.run(fullKey) { [self] in try await blocking { ByteBuffer(bytes: try make()) } }
        shared.withLock { $0.responses[fullKey] = value }
        return value
    }

    /// Like ``cached(_:head:_:)`` for expensive work: a cached answer needs no place; identical
    /// requests at once share one run; otherwise `make` runs in a place of `gate` (503 when
    /// none is free, or when `client` already holds its share), off the cooperative pool.
    func gated(
        _ key: String,
        head: LogHead,
        gate: WorkGate,
        client: String,
        _ make: @escaping @Sendable () throws -> [UInt8]
    ) async throws -> ByteBuffer {
        let fullKey = "\(head.count)|\(key)"
        if let hit = shared.withLock({ $0.responses[fullKey] }) { return hit }
        let value = try await flights.run(fullKey) { [expensivePool] in
            try await gate.run(on: expensivePool, client: client) { ByteBuffer(bytes: try make()) }
        }
        shared.withLock { $0.responses[fullKey] = value }
        return value
    }

    /// The bytes the response cache holds now.
    var cachedBytes: Int { shared.withLock { $0.responses.bytes } }

    /// The access tokens as of the head (read on the blocking pool when the head moved).
    func access() async throws -> AccessView {
        _ = try await head()
        if let a = shared.withLock({ $0.access }) { return a }
        return try await blocking { [self] in try accessNow() }
    }

    /// ``access()`` for work already on the blocking pool.
    func accessNow() throws -> AccessView {
        _ = try headNow()
        if let a = shared.withLock({ $0.access }) { return a }
        let view = try AccessView(log: log)
        shared.withLock { $0.access = view }
        return view
    }

    // MARK: - What the reader shows

    /// The events `filter` selects, less the access streams (blocking).
    func entries(_ filter: EventFilter) throws -> [Entry] {
        var filter = filter
        filter.excludedStreamPrefix = Self.hiddenStreamPrefix
        return try log.entries(filter)
    }

    /// The event at `position`, or nil when there is none or it is on an access stream.
    func entry(at position: Int64) throws -> Entry? {
        try entries(EventFilter(fromPosition: position, toPosition: position)).first
    }

    static func isHidden(stream: String) -> Bool { stream.hasPrefix(hiddenStreamPrefix) }
}
