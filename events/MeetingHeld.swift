import ActaLog

/// A meeting of the Conference, its Executive Board or another body took place.
///
/// Meetings are identified by body and number: the Conference and the Executive Board
/// number their meetings separately (the Board's 5th was on 2020-11-12, the Conference's
/// 5th in June 2019). Stream: `meeting/<body>/<number>`.
public struct MeetingHeld: DomainEvent, Equatable {
    public static let type = "MeetingHeld"
    public static let schema: Int64 = 1
    public static let summary = "A meeting of the Conference, the Executive Board or another body took place."
    public static let streamExample = "meeting/conference/4"
    public static let bodies = ["conference", "executive-board", "other"]
    public static let formats = ["in-person", "online", "hybrid"]
    public static let fields: [Field] = [
        Field("body", .enumeration(bodies), "Which body met: conference, executive-board or other."),
        Field("number", .integer(min: 1, max: 1_000_000), "The meeting's number within its body (the Fourth Meeting is 4)."),
        Field("start", .date, "First day of the meeting."),
        Field("end", .date, required: false, "Last day; the start date when omitted."),
        Field("city", .text, required: false, "Where it was held (absent when the sources do not say)."),
        Field("country", .country, required: false, "Host country, ISO 3166-1 alpha-2."),
        Field("format", .enumeration(formats), "in-person, online or hybrid."),
        Field("platform", .text, required: false, "For online meetings, the platform (e.g. Zoom)."),
        Field("participants", .list(.country), required: false, "Countries whose offices took part."),
        Field("title", .text, required: false, "The meeting's name as the minutes give it."),
    ]

    public var body: String
    public var number: Int
    public var start: String
    public var end: String
    public var city: String?
    public var country: String?
    public var format: String
    public var platform: String?
    public var participants: [String]
    public var title: String?

    public init(_ data: EventData) throws {
        body = data.string("body")
        number = data.int("number")
        start = data.string("start")
        end = data.optionalString("end") ?? start
        city = data.optionalString("city")
        country = data.optionalString("country")
        format = data.string("format")
        platform = data.optionalString("platform")
        participants = data.strings("participants")
        title = data.optionalString("title")
        guard end >= start else { throw Self.invalid("end", "\(end) is before the start \(start)") }
        if format == "in-person", platform != nil {
            throw Self.invalid("platform", "an in-person meeting has no platform (use format online or hybrid)")
        }
        if Set(participants).count != participants.count {
            throw Self.invalid("participants", "lists a country twice")
        }
    }

    public var occurred: String? { start }
}
