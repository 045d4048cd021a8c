import ActaLog

/// A meeting of the Conference, its Executive Board or another body took place.
///
/// Meetings are identified by body and number: the Conference and the Executive Board
/// number their meetings separately (the Board's 5th was on 2020-11-12, the Conference's
/// 5th in June 2019). Stream: `meeting/<body>/<number>`.
///
/// Schema 3 (current) keeps the host country (`host`) apart from where the meeting was held
/// (`city`, `country`, `venue`): the OSCE's Hofburg in Vienna is a venue, and a meeting held
/// there is not thereby hosted by Austria. It also records the meeting's `objectives` and
/// `goals`. Schema 2 had `start`, `end`, `city` and a `country` documented as the host
/// country; schema 1 had a single `date`, `place` and `online` true/false. Both are upcast on
/// reading (``upcastFromSchema1(_:)``, ``upcastFromSchema2(_:)``).
public struct MeetingHeld: DomainEvent, Equatable {
    public static let type = "MeetingHeld"
    public static let schema: Int64 = 3
    public static let summary = "A meeting of the Conference, the Executive Board or another body took place."
    public static let streamPattern = "meeting/<body>/<number>"
    public static let bodies = ["conference", "executive-board", "other"]
    public static let formats = ["in-person", "online", "hybrid"]
    public static let fields: [Field] = [
        Field("body", .enumeration(bodies), "Which body met: conference, executive-board or other."),
        Field("number", .integer(min: 1, max: 1_000_000), "The meeting's number within its body (the Fourth Meeting is 4)."),
        Field("start", .date, "First day of the meeting."),
        Field("end", .date, required: false, "Last day; the start date when omitted."),
        Field("city", .text, required: false, "The city where it was held (absent when the sources do not say)."),
        Field("country", .country, required: false, "The country where it was held, ISO 3166-1 alpha-2."),
        Field("venue", .text, required: false, "The building or institution it was held at, e.g. Hofburg (OSCE)."),
        Field("host", .country, required: false, "The country that hosted it, when the sources say; not the venue's country by default."),
        Field("format", .enumeration(formats), "in-person, online or hybrid."),
        Field("platform", .text, required: false, "For online meetings, the platform (e.g. Zoom)."),
        Field("participants", .list(.country), required: false, "Countries whose offices took part."),
        Field("title", .text, required: false, "The meeting's name as the minutes give it."),
        Field(
            "precision",
            .enumeration(Field.precisions),
            required: false,
            "How much of the start is known: day (default), month (start is the 1st, e.g. 2016-11-01 for November 2016) or year; end is then omitted."
        ),
        Field("objectives", .list(.text), required: false, "The meeting's objectives, in the minutes' words."),
        Field("goals", .list(.text), required: false, "The meeting's goals, in the minutes' words."),
    ]

    /// The fields of schema 2: `country` was the host country, and there was no venue, host,
    /// objectives or goals.
    public static let schema2Fields: [Field] = fields.filter { !["venue", "host", "objectives", "goals"].contains($0.name) }

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

    public static let upcasters: [Int64: Upcaster] = [1: upcastFromSchema1, 2: upcastFromSchema2]

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

    /// Schema 2 → 3: schema 2's `country` was documented as the host country, so it becomes
    /// `host` as well as the country where the meeting was held.
    @Sendable public static func upcastFromSchema2(_ data: [String: JSONValue]) throws -> [String: JSONValue] {
        try Field.check(data, against: schema2Fields, type: type)
        var result = data
        if let country = data["country"], country != .null { result["host"] = country }
        return result
    }

    public var body: String
    public var number: Int
    public var start: String
    public var end: String
    public var city: String?
    public var country: String?
    public var venue: String?
    public var host: String?
    public var format: String
    public var platform: String?
    public var participants: [String]
    public var title: String?
    public var precision: String?
    public var objectives: [String]
    public var goals: [String]

    public init(_ data: EventData) throws {
        body = data.string("body")
        number = data.int("number")
        start = data.string("start")
        end = data.optionalString("end") ?? start
        city = data.optionalString("city")
        country = data.optionalString("country")
        venue = data.optionalString("venue")
        host = data.optionalString("host")
        format = data.string("format")
        platform = data.optionalString("platform")
        participants = data.strings("participants")
        title = data.optionalString("title")
        precision = data.optionalString("precision")
        objectives = data.strings("objectives")
        goals = data.strings("goals")
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
