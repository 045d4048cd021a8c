import Synchronization

/// At most `limit` pieces of one kind of work at once, and at most `perClient` of them for any
/// one client; one more is refused at once with 503 and Retry-After, rather than queued (a
/// queue would only move the wait to every client). With a share per client below the limit,
/// one client asking for a new date again and again keeps a place free for the others.
/// The work runs on a ``BlockingPool``, not Swift's cooperative pool, so a half-second replay
/// never holds a thread that cheap requests (`/api/health`) are waiting for.
final class WorkGate: Sendable {
    let limit: Int
    let perClient: Int
    let what: String
    private let running = Mutex<(total: Int, byClient: [String: Int])>((0, [:]))

    init(limit: Int, perClient: Int? = nil, what: String) {
        self.limit = limit
        self.perClient = perClient ?? limit
        self.what = what
    }

    var inUse: Int { running.withLock { $0.total } }

    /// A held place; given back when the slot is released (deinit), however its holder ends.
    final class Slot: Sendable {
        let gate: WorkGate
        let client: String
        init(_ gate: WorkGate, client: String) {
            self.gate = gate
            self.client = client
        }
        deinit {
            gate.running.withLock { r in
                r.total -= 1
                r.byClient[client] = r.byClient[client].flatMap { $0 > 1 ? $0 - 1 : nil }
            }
        }
    }

    /// Takes a place for `client`, or throws 503 when all are taken or the client holds its share.
    func enter(client: String = "") throws -> Slot {
        let refusal = running.withLock { r -> APIError? in
            guard r.total < limit else { return .busy(what) }
            guard r.byClient[client, default: 0] < perClient else { return .busy(what, ownShare: true) }
            r.total += 1
            r.byClient[client, default: 0] += 1
            return nil
        }
        if let refusal { throw refusal }
        return Slot(self, client: client)
    }

    /// Runs `body` on `pool` in a place of `client`'s.
    func run<T: Sendable>(on pool: BlockingPool, client: String = "", _ body: @escaping @Sendable () throws -> T) async throws -> T {
        let slot = try enter(client: client)
        defer { withExtendedLifetime(slot) {} }
        return try await pool.run(body)
    }
}
