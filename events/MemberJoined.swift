import ActaLog

/// A prosecution office became a member of the Conference. A country can have more than
/// one member office (14 offices from 13 countries).
///
/// Stream: `member/<country>`.
public struct MemberJoined: DomainEvent, Equatable {
    public static let type = "MemberJoined"
    public static let schema: Int64 = 1
    public static let summary = "A country's prosecution office became a member of the Conference."
    public static let streamPattern = "member/<country>"
    public static let fields: [Field] = [
        Field("country", .country, "The member's country, ISO 3166-1 alpha-2."),
        Field("office", .text, "The member office."),
        Field("date", .date, "The day it joined (or, when that is not known, the first day a source shows it as a member)."),
        Field(
            "precision",
            .enumeration(Field.precisions),
            required: false,
            "How much of the date is known: day (default), month (date is the 1st) or year."
        ),
    ]

    public var country: String
    public var office: String
    public var date: String
    public var precision: String?

    public init(_ data: EventData) throws {
        country = data.string("country")
        office = data.string("office")
        date = data.string("date")
        precision = data.optionalString("precision")
        try Self.checkPrecision(precision, of: "date", date: date)
    }

    public var occurred: String? { date }

    public var stream: String { "member/\(country)" }
}
