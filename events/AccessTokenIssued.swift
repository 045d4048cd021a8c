import ActaLog

/// The Secretariat issued an access token for the HTTP reader. Only the token's SHA-256
/// is recorded, so issuing access is itself in the audit trail without revealing the token.
/// Its `scope` says what it opens: `read` (every page and the API, sent as a Bearer header
/// or the sign-in cookie) or `calendar` (the deadline calendar's feed and nothing else, sent
/// in the feed's URL, since calendar clients cannot send headers).
///
/// Stream: `access/<name>`.
///
/// Schema 2 (current) added `scope`; schema 1 tokens, written before it, were read tokens
/// (``upcastFromSchema1(_:)``).
public struct AccessTokenIssued: DomainEvent, Equatable {
    public static let type = "AccessTokenIssued"
    public static let schema: Int64 = 2
    public static let summary = "An access token for the HTTP reader was issued (its SHA-256 only): read, or the calendar feed only."
    public static let streamPattern = "access/<name>"
    public static let fields: [Field] = [
        Field("name", .text, "Who the token is for; the name `acta token revoke` takes."),
        Field("sha256", .text, "Lowercase hex SHA-256 of the token."),
        Field("expires", .date, required: false, "The last day the token is accepted."),
        Field("scope", .enumeration(scopes), required: false, "read (pages and API; the default) or calendar (the deadline calendar's feed only)."),
    ]

    /// `read`: every page and the API. `calendar`: the calendar feed only.
    public static let scopes = [readScope, calendarScope]
    public static let readScope = "read"
    public static let calendarScope = "calendar"

    public static let upcasters: [Int64: Upcaster] = [1: upcastFromSchema1]

    /// Schema 1 → 2: schema 1 had no scope, and every token it issued opened the pages and
    /// the API: it becomes `scope: read`.
    @Sendable public static func upcastFromSchema1(_ data: [String: JSONValue]) throws -> [String: JSONValue] {
        try Field.check(data, against: fields.filter { $0.name != "scope" }, type: type)
        var data = data
        data["scope"] = .string(readScope)
        return data
    }

    public var name: String
    public var sha256: String
    public var expires: String?
    /// `read` or `calendar`; `read` when the data gives none.
    public var scope: String

    public init(_ data: EventData) throws {
        name = data.string("name")
        sha256 = data.string("sha256")
        expires = data.optionalString("expires")
        scope = data.optionalString("scope") ?? Self.readScope
        guard sha256.count == 64, sha256.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else {
            throw Self.invalid("sha256", "must be 64 lowercase hex digits")
        }
    }

    public var stream: String { "access/\(name)" }
}
