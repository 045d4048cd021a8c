import ActaLog

/// The Secretariat issued a read access token for the HTTP reader. Only the token's SHA-256
/// is recorded, so issuing access is itself in the audit trail without revealing the token.
///
/// Stream: `access/<name>`.
public struct AccessTokenIssued: DomainEvent, Equatable {
    public static let type = "AccessTokenIssued"
    public static let schema: Int64 = 1
    public static let summary = "A read access token for the HTTP reader was issued (its SHA-256 only)."
    public static let streamExample = "access/ministry-of-justice-al"
    public static let fields: [Field] = [
        Field("name", .text, "Who the token is for; the name `acta token revoke` takes."),
        Field("sha256", .text, "Lowercase hex SHA-256 of the token."),
        Field("expires", .date, required: false, "The last day the token is accepted."),
    ]

    public var name: String
    public var sha256: String
    public var expires: String?

    public init(_ data: EventData) throws {
        name = data.string("name")
        sha256 = data.string("sha256")
        expires = data.optionalString("expires")
        guard sha256.count == 64, sha256.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else {
            throw Self.invalid("sha256", "must be 64 lowercase hex digits")
        }
    }

    public var stream: String { "access/\(name)" }
}
