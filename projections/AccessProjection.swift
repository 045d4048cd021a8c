import ActaEvents
import ActaLog

/// Read access tokens for the HTTP reader: issued, expiring, revoked. Not one of the public
/// views: the reader and `acta token list` read it.
public struct AccessProjection: Projection {
    public let name = "access"
    public let version = 1
    public init() {}

    public struct Token: Codable, Sendable, Equatable {
        public var name: String
        public var sha256: String
        public var issued: String
        public var expires: String?
        public var revoked: String?
    }

    public func wants(_ type: String) -> Bool {
        type == AccessTokenIssued.type || type == AccessTokenRevoked.type
    }

    public func apply(_ event: ProjectedEvent, to store: ViewStore) throws {
        switch event.value {
        case let e as AccessTokenIssued:
            try store.put("token/\(e.name)", Token(name: e.name, sha256: e.sha256, issued: event.entry.recorded, expires: e.expires))
        case let e as AccessTokenRevoked:
            guard var token = try store.get("token/\(e.name)", as: Token.self) else { return }
            token.revoked = event.entry.recorded
            try store.put("token/\(e.name)", token)
        default: return
        }
    }
}

/// The access tokens, and whether a presented token is valid on a date.
public struct AccessView: Sendable {
    public var tokens: [AccessProjection.Token]

    public init(_ store: ViewStore) throws {
        tokens = try store.all(view: "access", prefix: "token/", as: AccessProjection.Token.self).map(\.value)
    }

    /// Tokens neither revoked nor expired on `date`.
    public func active(on date: String) -> [AccessProjection.Token] {
        tokens.filter { $0.revoked == nil && ($0.expires.map { $0 >= date } ?? true) }
    }

    /// Whether any token was ever issued: from then on the reader requires one.
    public var required: Bool { !tokens.isEmpty }
}
