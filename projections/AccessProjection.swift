import ActaEvents
import ActaLog

/// Access tokens for the HTTP reader: issued with a scope (read, or the calendar feed only),
/// expiring, revoked. Not one of the public views. The reader and `acta token` fold it from
/// the token events themselves (``AccessView/init(log:)``), never read its saved records: a
/// row inserted into `views` by hand must not open the reader, and `verify` covers the log,
/// not `views`.
///
/// Only events on an `access/<name>` stream count (the streams the catalog puts them on),
/// so the fold over those streams alone is the whole view.
public struct AccessProjection: Projection {
    public let name = "access"
    /// 3: the token's scope; events on other streams (only a forged restore could put them
    /// there) are ignored.
    public let version = 3
    public init() {}

    /// The streams that hold the token events.
    public static let streamPrefix = "access/"

    public struct Token: Codable, Sendable, Equatable {
        public var name: String
        public var sha256: String
        public var issued: String
        public var expires: String?
        public var revoked: String?
        /// `read` or `calendar` (``AccessTokenIssued/scopes``).
        public var scope: String?

        /// Whether it opens the pages and the API (a calendar token does not).
        public var reads: Bool { (scope ?? AccessTokenIssued.readScope) == AccessTokenIssued.readScope }
    }

    public func wants(_ type: String) -> Bool {
        type == AccessTokenIssued.type || type == AccessTokenRevoked.type
    }

    public func apply(_ event: ProjectedEvent, to store: ViewStore) throws {
        guard event.entry.stream.hasPrefix(Self.streamPrefix) else { return }
        switch event.value {
        case let e as AccessTokenIssued:
            try store.put("token/\(e.name)", Token(name: e.name, sha256: e.sha256, issued: event.entry.recorded, expires: e.expires, scope: e.scope))
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

    /// The tokens as the token events in `log` make them (corrections applied).
    public init(log: any RegisterStore) throws {
        try self.init(log.derive(AccessProjection(), streamsPrefixed: AccessProjection.streamPrefix))
    }

    /// Not public: the saved `access` records are not what access rests on (see ``AccessProjection``).
    init(_ store: ViewStore) throws {
        tokens = try store.all(view: "access", prefix: "token/", as: AccessProjection.Token.self).map(\.value)
    }

    /// Read tokens (pages and API) neither revoked nor expired on `date`. A calendar token is
    /// never among them, so it opens nothing but the feed.
    public func active(on date: String) -> [AccessProjection.Token] {
        tokens.filter { $0.reads && Self.valid($0, on: date) }
    }

    /// Calendar tokens neither revoked nor expired on `date`: what the feed's URL may carry.
    /// A read token is not among them, so it never has to be put in a URL.
    public func activeCalendar(on date: String) -> [AccessProjection.Token] {
        tokens.filter { !$0.reads && Self.valid($0, on: date) }
    }

    static func valid(_ token: AccessProjection.Token, on date: String) -> Bool {
        token.revoked == nil && (token.expires.map { $0 >= date } ?? true)
    }

    /// Whether any token was ever issued: from then on the reader requires one.
    public var required: Bool { !tokens.isEmpty }
}
