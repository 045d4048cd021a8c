import ActaLog

/// A country was approached, or was to be approached, about hosting a future meeting: a
/// request, not a designation. The Fourth Meeting decided that the Secretariat should contact
/// the competent authorities of Hungary about holding the next meeting; whether Hungary
/// accepted is another fact, a ``HostDesignated``.
///
/// Stream: the meeting's, `meeting/<body>/<number>`.
public struct HostApproached: DomainEvent, Equatable {
    public static let type = "HostApproached"
    public static let schema: Int64 = 1
    public static let summary = "A country was approached (or was to be approached) about hosting a future meeting; not a designation."
    public static let streamPattern = "meeting/<body>/<meeting>"
    public static let fields: [Field] = [
        Field("body", .enumeration(MeetingHeld.bodies), "The body whose meeting it is."),
        Field("meeting", .integer(min: 1, max: 1_000_000), "That meeting's number within its body."),
        Field("country", .country, "The country approached, ISO 3166-1 alpha-2."),
        Field("date", .date, "The day the approach was decided or made."),
        Field("by", .text, required: false, "Who approaches it, e.g. Secretariat."),
    ]

    public var body: String
    public var meeting: Int
    public var country: String
    public var date: String
    public var by: String?

    public init(_ data: EventData) throws {
        body = data.string("body")
        meeting = data.int("meeting")
        country = data.string("country")
        date = data.string("date")
        by = data.optionalString("by")
    }

    public var occurred: String? { date }

    public var stream: String { "meeting/\(body)/\(meeting)" }
}
