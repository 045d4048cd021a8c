import ActaLog

/// The Conference invited a prosecution office (or a country, before its office is named) to join.
///
/// Stream: `member/<country>`.
public struct MemberInvited: DomainEvent, Equatable {
    public static let type = "MemberInvited"
    public static let schema: Int64 = 1
    public static let summary = "The Conference invited a country's organized-crime prosecution office to join."
    public static let streamPattern = "member/<country>"
    public static let fields: [Field] = [
        Field("country", .country, "The invited country, ISO 3166-1 alpha-2."),
        Field("office", .text, required: false, "The invited office, when named."),
        Field("date", .date, "The day of the invitation (the deciding meeting's date)."),
        Field("body", .enumeration(MeetingHeld.bodies), required: false, "The body whose meeting decided the invitation."),
        Field("meeting", .integer(min: 1, max: 1_000_000), required: false, "That meeting's number."),
    ]

    public var country: String
    public var office: String?
    public var date: String
    public var body: String?
    public var meeting: Int?

    public init(_ data: EventData) throws {
        country = data.string("country")
        office = data.optionalString("office")
        date = data.string("date")
        body = data.optionalString("body")
        meeting = data.optionalInt("meeting")
        if (body == nil) != (meeting == nil) {
            throw Self.invalid(body == nil ? "body" : "meeting", "body and meeting go together: give both or neither")
        }
    }

    public var occurred: String? { date }

    public var stream: String { "member/\(country)" }
}
