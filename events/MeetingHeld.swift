import ActaLog

/// A meeting of the Conference, its Executive Board or another body took place.
///
/// Meetings are identified by body and number: the Conference and the Executive Board
/// number their meetings separately (the Board's 5th was on 2020-11-12, the Conference's
/// 5th in June 2019). Stream: `meeting/<body>/<number>`.
///
/// Schema 2 (current) has `start`, `end`, `city` and `format`; schema 1 had a single `date`,
/// `place` and `online` true/false, and is upcast on reading (see ``upcastFromSchema1(_:)``).
public struct MeetingHeld: DomainEvent, Equatable {
    public static let type = "MeetingHeld"
    public static let schema: Int64 = 2
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
        Field("precision", .enumeration(Field.precisions), required: false, "How much of the start is known: day (default), month (start is the 1st, e.g. 2016-11-01 for November 2016) or year; end is then omitted."),
    ]

    /// The fields of schema 1: one day, `place` for the city, `online` true or false.
    public static let schema1Fields: [Field] = [
        Field("body", .enumeration(bodies), "Which body met."),
        Field("number", .integer(min: 1, max: 1_000_000), "The meeting's number within its body."),
        Field("date", .date, "The day of the meeting."),
        Field("place", .text, required: false, "The city."),
        Field("country", .country, required: false, "Host country, ISO 3166-1 alpha-2."),
        Field("online", .boolean, "Whether it was held online."),
        Field("platform", .text, required: false, "For online meetings, the platform."),
        Field("participants", .list(.country), required: false, "Countries whose offices took part."),
        Field("title", .text, required: false, "The meeting's name."),
    ]

    public static let upcasters: [Int64: Upcaster] = [1: upcastFromSchema1]

    /// Schema 1 → 2: `date` becomes `start` (and `end`, the same day), `place` becomes `city`,
    /// `online` true becomes format `online` and false `in-person`.
    @Sendable public static func upcastFromSchema1(_ data: [String: JSONValue]) throws -> [String: JSONValue] {
        try Field.check(data, against: schema1Fields, type: type)
        var result = data
        result["date"] = nil
        result["place"] = nil
        result["online"] = nil
        result["start"] = data["date"]
        result["end"] = data["date"]
        if let place = data["place"], place != .null { result["city"] = place }
        result["format"] = .string(data["online"]?.boolValue == true ? "online" : "in-person")
        return result
    }

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
    public var precision: String?

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
        precision = data.optionalString("precision")
        guard end >= start else { throw Self.invalid("end", "\(end) is before the start \(start)") }
        if format == "in-person", platform != nil {
            throw Self.invalid("platform", "an in-person meeting has no platform (use format online or hybrid)")
        }
        try Self.checkPrecision(precision, of: "start", date: start)
        if precision != nil, precision != "day", data.optionalString("end") != nil {
            throw Self.invalid("end", "omit the end when the start is known only to the \(precision!)")
        }
        if Set(participants).count != participants.count {
            throw Self.invalid("participants", "lists a country twice")
        }
    }

    public var occurred: String? { start }

    public var stream: String { "meeting/\(body)/\(number)" }
}
