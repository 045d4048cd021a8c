import ActaLog

/// The Secretariat revoked a read access token.
///
/// Stream: `access/<name>`.
public struct AccessTokenRevoked: DomainEvent, Equatable {
    public static let type = "AccessTokenRevoked"
    public static let schema: Int64 = 1
    public static let summary = "A read access token for the HTTP reader was revoked."
    public static let streamPattern = "access/<name>"
    public static let fields: [Field] = [
        Field("name", .text, "The token's name.")
    ]

    public var name: String

    public init(_ data: EventData) throws {
        name = data.string("name")
    }

    public var stream: String { "access/\(name)" }
}
