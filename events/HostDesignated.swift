import ActaLog

/// A country was designated to host a future meeting: it was decided that it hosts. A
/// country only asked or to be asked about hosting is a ``HostApproached`` (the Fourth
/// Meeting turned to Hungary for the Fifth without designating it).
///
/// Stream: the meeting's, `meeting/<body>/<number>`.
public struct HostDesignated: DomainEvent, Equatable {
    public static let type = "HostDesignated"
    public static let schema: Int64 = 1
    public static let summary = "A country was designated to host a future meeting."
    public static let streamPattern = "meeting/<body>/<meeting>"
    public static let fields: [Field] = [
        Field("body", .enumeration(MeetingHeld.bodies), "The body whose meeting it is."),
        Field("meeting", .integer(min: 1, max: 1_000_000), "That meeting's number within its body."),
        Field("country", .country, "The host country, ISO 3166-1 alpha-2."),
        Field("date", .date, "The day it was decided."),
        Field("city", .text, required: false, "The city, when chosen."),
    ]

    public var body: String
    public var meeting: Int
    public var country: String
    public var date: String
    public var city: String?

    public init(_ data: EventData) throws {
        body = data.string("body")
        meeting = data.int("meeting")
        country = data.string("country")
        date = data.string("date")
        city = data.optionalString("city")
    }

    public var occurred: String? { date }

    public var stream: String { "meeting/\(body)/\(meeting)" }
}
