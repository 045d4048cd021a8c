import ActaLog

/// A member office left the Conference: withdrew, or ceased to exist (Bulgaria's
/// Specialised Prosecutor's Office was closed in 2022).
///
/// Stream: `member/<country>`.
public struct MemberLeft: DomainEvent, Equatable {
    public static let type = "MemberLeft"
    public static let schema: Int64 = 1
    public static let summary = "A member office left the Conference (withdrew or was closed)."
    public static let streamPattern = "member/<country>"
    public static let fields: [Field] = [
        Field("country", .country, "The member's country, ISO 3166-1 alpha-2."),
        Field("office", .text, "The office that left."),
        Field("date", .date, "The day it left."),
        Field("reason", .text, required: false, "Why it left."),
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
    public var reason: String?
    public var precision: String?

    public init(_ data: EventData) throws {
        country = data.string("country")
        office = data.string("office")
        date = data.string("date")
        reason = data.optionalString("reason")
        precision = data.optionalString("precision")
        try Self.checkPrecision(precision, of: "date", date: date)
    }

    public var occurred: String? { date }

    public var stream: String { "member/\(country)" }
}
