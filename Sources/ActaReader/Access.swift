import ActaLog
import ActaProjections
import Foundation
import HTTPTypes
import Hummingbird

/// What a request presents to be let in: a token (`Authorization: Bearer`), or the sign-in
/// session named by its cookie.
enum Credential: Sendable, Equatable {
    case token(String)
    case session(String)

    static let cookieName = "acta_session"

    init?(_ request: Request) {
        if let header = request.headers[.authorization], header.hasPrefix("Bearer ") {
            let token = String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
            guard !token.isEmpty else { return nil }
            self = .token(token)
        } else if let id = Self.cookie(Self.cookieName, in: request.headers[.cookie]), !id.isEmpty {
            self = .session(id)
        } else {
            return nil
        }
    }

    static func cookie(_ name: String, in header: String?) -> String? {
        guard let header else { return nil }
        for part in header.split(separator: ";") {
            let pair = part.trimmingCharacters(in: .whitespaces)
            if pair.hasPrefix(name + "=") { return String(pair.dropFirst(name.count + 1)) }
        }
        return nil
    }
}

extension ReaderState {
    /// Whether `credential` lets a request in now: always while no token was ever issued;
    /// otherwise its token (or its session's, unexpired) must be neither revoked nor expired
    /// today. Checked on every request, and by an open live feed whenever the head or the day moves.
    func admits(_ credential: Credential?) async throws -> Bool {
        admits(credential, access: try await access())
    }

    /// ``admits(_:)`` by the tokens of `access`.
    func admits(_ credential: Credential?, access: AccessView) -> Bool {
        guard access.required else { return true }
        let sha: String
        switch credential {
        case nil: return false
        case .token(let token): sha = Self.sha256(token)
        case .session(let id):
            guard let token = sessions.token(of: id) else { return false }
            sha = token
        }
        return access.active(on: Timestamp.today()).contains { $0.sha256 == sha }
    }

    static func sha256(_ token: String) -> String { Hex.encode(Digest.sha256(Array(token.utf8))) }
}
