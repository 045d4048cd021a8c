import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import Synchronization

/// One PostgreSQL connection, used synchronously: the engine's API is synchronous (the CLI,
/// the SQLite path), while PostgresNIO runs each connection on a SwiftNIO event loop. Every
/// call sends its query on that loop and waits for the future from the caller's thread,
/// which is never an event loop of the shared group, so the wait cannot hold up the loop
/// it waits for. One caller at a time: a store serialises its calls (``PostgresLog``).
final class PostgresLink: Sendable {
    let connection: PostgresConnection
    let url: PostgresURL
    private let closed = Mutex(false)
    /// Statements sent and not waited for (``send(_:_:)``), oldest first.
    private let pending = Mutex<[EventLoopFuture<PostgresQueryResult>]>([])
    private static let logger = Logger(label: "acta.postgres")

    /// The statements waited for, failed when the connection ends (``answer(_:)``).
    private let waits = OpenWaits()

    private init(connection: PostgresConnection, url: PostgresURL) {
        self.connection = connection
        self.url = url
        let waits = self.waits
        connection.closeFuture.whenComplete { _ in waits.end() }
    }

    /// Connects, or throws `acta: error: cannot connect to URL: why`.
    static func connect(_ url: PostgresURL) throws -> PostgresLink {
        let configuration = try url.configuration()
        do {
            let connection = try PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.any(),
                configuration: configuration,
                id: 1,
                logger: logger
            ).wait()
            return PostgresLink(connection: connection, url: url)
        } catch {
            throw ActaError(.io, "cannot connect to \(url): \(PostgresLink.reason(error))")
        }
    }

    /// Runs one statement with its arguments (`$1`, `$2`, …) and returns its rows, after
    /// every statement sent before it; the first of those that failed is thrown instead.
    @discardableResult
    func query(_ sql: String, _ binds: PostgresBindings = PostgresBindings()) throws -> [PostgresRow] {
        let result = start(sql, binds)
        try waitForSent()
        do {
            return try answer(result).wait().rows
        } catch {
            throw translate(error)
        }
    }

    /// `result`, or a failure when the connection ends first. When the server ends a
    /// connection (a restart, `pg_terminate_backend`), PostgresNIO fails the statement it was
    /// running but may leave the ones sent behind it unanswered: waiting on those alone
    /// would wait forever.
    private func answer(_ result: EventLoopFuture<PostgresQueryResult>) -> EventLoopFuture<PostgresQueryResult> {
        let answer = result.eventLoop.makePromise(of: PostgresQueryResult.self)
        let waits = self.waits
        let key = waits.add(answer)
        result.whenComplete { outcome in
            waits.remove(key)
            answer.completeWith(outcome)  // a promise keeps its first result
        }
        return answer.futureResult
    }

    /// The connection ended before the server answered a statement.
    struct ConnectionEnded: Error {}

    /// The answers being waited for, by a number of their own: one callback on the
    /// connection's end fails them all, rather than one callback per statement piling up on
    /// a connection that lives long (a reader's).
    private final class OpenWaits: Sendable {
        private let state = Mutex<(next: Int, open: [Int: EventLoopPromise<PostgresQueryResult>], ended: Bool)>((0, [:], false))

        func add(_ promise: EventLoopPromise<PostgresQueryResult>) -> Int {
            let (key, ended) = state.withLock { state in
                state.next += 1
                if !state.ended { state.open[state.next] = promise }
                return (state.next, state.ended)
            }
            if ended { promise.fail(ConnectionEnded()) }
            return key
        }

        func remove(_ key: Int) {
            _ = state.withLock { $0.open.removeValue(forKey: key) }
        }

        func end() {
            let open = state.withLock { state in
                state.ended = true
                defer { state.open.removeAll() }
                return Array(state.open.values)
            }
            for promise in open { promise.fail(ConnectionEnded()) }
        }
    }

    /// Sends one statement without waiting for it: the connection runs statements in the
    /// order they are sent, so the caller works on while the server does (an import's next
    /// batch, an append's `COMMIT` right behind its `INSERT`). Its failure is thrown by the
    /// next ``query(_:_:)`` or ``waitForSent()``; inside a transaction PostgreSQL refuses
    /// every statement after a failed one, and turns its `COMMIT` into a rollback.
    func send(_ sql: String, _ binds: PostgresBindings = PostgresBindings()) {
        let result = start(sql, binds)
        pending.withLock { $0.append(result) }
    }

    /// Sends one statement. On a connection already closed (the server restarted or ended
    /// the backend) the statement fails at once: PostgresNIO would never answer it, and the
    /// caller would wait forever.
    private func start(_ sql: String, _ binds: PostgresBindings) -> EventLoopFuture<PostgresQueryResult> {
        if connection.isClosed {
            return connection.eventLoop.makeFailedFuture(ActaError(.io, "\(url): the connection was closed by the server; nothing was written"))
        }
        return connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: Self.logger)
    }

    /// Sends a query whose rows the caller wants later, without waiting: the server runs it
    /// in its turn while the caller works on. ``PendingRows/rows()`` waits for them.
    func sendForRows(_ sql: String, _ binds: PostgresBindings = PostgresBindings()) -> PendingRows {
        PendingRows(link: self, result: answer(start(sql, binds)))
    }

    /// The rows of a query sent with ``sendForRows(_:_:)``.
    struct PendingRows {
        let link: PostgresLink
        let result: EventLoopFuture<PostgresQueryResult>

        func rows() throws -> [PostgresRow] {
            do { return try result.wait().rows } catch { throw link.translate(error) }
        }

        /// The rows, or nil when the statement raised ``PostgresSchema/headMoved`` (another
        /// writer appended since the head the caller expected).
        func rowsUnlessHeadMoved() throws -> [PostgresRow]? {
            do { return try result.wait().rows } catch {
                if (error as? PSQLError)?.serverInfo?[.sqlState] == PostgresSchema.headMoved { return nil }
                throw link.translate(error)
            }
        }
    }

    /// Waits for every statement sent; throws the first failure among them.
    func waitForSent() throws {
        let sent = pending.withLock { sent in
            defer { sent.removeAll() }
            return sent
        }
        var failure: (any Error)?
        for result in sent {
            do { _ = try answer(result).wait() } catch { failure = failure ?? error }
        }
        if let failure { throw translate(failure) }
    }

    /// Ends a failed transaction: waits out whatever was sent, then rolls back.
    func rollback() {
        try? waitForSent()
        try? execute("ROLLBACK")
    }

    /// Runs one statement without arguments.
    func execute(_ sql: String) throws {
        try query(sql)
    }

    /// Closes the connection once; a store that is let go without ``close()`` closes it here.
    func close() {
        guard
            closed.withLock({ was in
                defer { was = true }
                return !was
            })
        else { return }
        try? connection.close().wait()
    }

    deinit { close() }

    /// PostgreSQL's refusal as an ``ActaError``: what the server said, and where.
    func translate(_ error: any Error) -> ActaError {
        if let acta = error as? ActaError { return acta }
        let ended = [PSQLError.Code.clientClosedConnection, .serverClosedConnection, .uncleanShutdown, .connectionError]
        if error is ConnectionEnded || (error as? PSQLError).map({ ended.contains($0.code) && $0.serverInfo == nil }) == true {
            return ActaError(.io, "\(url): the connection ended before PostgreSQL answered; what it had not committed is rolled back")
        }
        let state = (error as? PSQLError)?.serverInfo?[.sqlState] ?? ""
        let reason = Self.reason(error)
        switch state {
        case "23505", "40001", "40P01": return ActaError(.conflict, "\(url): \(reason)")
        case "P0001": return ActaError(.conflict, "\(url): \(reason)")
        case "42501": return ActaError(.io, "\(url): \(reason); nothing was written (this role may not do that)")
        case "3D000": return ActaError(.store, "no store at \(url): \(reason); create one with `acta init --store \(url)`")
        case "53100": return ActaError(.io, "\(url): the disk is full; nothing was written")
        case "57P01", "57P02", "57P03":  // admin_shutdown, crash_shutdown, cannot_connect_now
            return ActaError(.io, "\(url): the server ended the connection (\(reason)); what it had not committed is rolled back")
        default:
            if state.isEmpty { return ActaError(.io, "\(url): the connection failed: \(reason); nothing was written") }
            return ActaError(.io, "\(url): PostgreSQL error \(state): \(reason)")
        }
    }

    /// The server's message, or the driver's description of a failure without one.
    static func reason(_ error: any Error) -> String {
        if let psql = error as? PSQLError {
            if let message = psql.serverInfo?[.message] { return message }
            return "\(psql.code)"
        }
        return "\(error)"
    }
}
