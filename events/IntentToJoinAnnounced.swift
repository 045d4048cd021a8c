import ActaLog

/// A country's office announced that it intends to join, before joining (Austria, at the
/// Sixth Meeting on 2021-04-27, as the 13th member).
///
/// Stream: `member/<country>`.
public struct IntentToJoinAnnounced: DomainEvent, Equatable {
    public static let type = "IntentToJoinAnnounced"
    public static let schema: Int64 = 1
    public static let summary = "A country's office announced it intends to join the Conference."
    public static let streamPattern = "member/<country>"
    public static let fields: [Field] = [
        Field("country", .country, "The country, ISO 3166-1 alpha-2."),
        Field("office", .text, required: false, "The office that means to join, when named."),
        Field("date", .date, "The day of the announcement."),
        Field("body", .enumeration(MeetingHeld.bodies), required: false, "The body of the meeting where it was announced."),
        Field("meeting", .integer(min: 1, max: 1_000_000), required: false, "That meeting's number (with body)."),
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
        try Self.checkMeeting(body: body, meeting: meeting)
    }

    public var occurred: String? { date }

    public var stream: String { "member/\(country)" }
}
