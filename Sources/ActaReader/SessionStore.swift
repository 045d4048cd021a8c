import ActaLog
import Foundation
import Synchronization

/// Sign-in sessions: a random id in the cookie, the token's SHA-256 and an expiry here. The
/// token itself is never kept or sent back. Sessions live in memory: a restart signs
/// everybody out.
final class SessionStore: Sendable {
    struct Session: Sendable {
        var tokenSHA256: String
        var expires: Date
    }

    let capacity: Int
    let lifetime: TimeInterval
    private let sessions = Mutex<[String: Session]>([:])

    init(capacity: Int, lifetime: TimeInterval) {
        self.capacity = capacity
        self.lifetime = lifetime
    }

    /// A new session for the token with this hash; returns its id (256 random bits, base64url).
    func open(tokenSHA256: String, now: Date = Date()) -> String {
        var generator = SystemRandomNumberGenerator()
        let id = Data((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        sessions.withLock { all in
            if all.count >= capacity {
                all = all.filter { $0.value.expires > now }
                if all.count >= capacity, let soonest = all.min(by: { $0.value.expires < $1.value.expires }) { all[soonest.key] = nil }
            }
            all[id] = Session(tokenSHA256: tokenSHA256, expires: now.addingTimeInterval(lifetime))
        }
        return id
    }

    /// The token hash of a session that has not expired.
    func token(of id: String, now: Date = Date()) -> String? {
        sessions.withLock { all in
            guard let session = all[id] else { return nil }
            guard session.expires > now else {
                all[id] = nil
                return nil
            }
            return session.tokenSHA256
        }
    }

    func close(_ id: String) {
        _ = sessions.withLock { $0.removeValue(forKey: id) }
    }

    var count: Int { sessions.withLock { $0.count } }
}
