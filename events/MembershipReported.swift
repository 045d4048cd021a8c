import ActaLog

/// A source reported the size or the list of the membership on a date: counts as sources
/// give them (OSCE, 2020-07-08: "a network of 13 organized crime prosecution offices").
///
/// Stream: `conference`.
public struct MembershipReported: DomainEvent, Equatable {
    public static let type = "MembershipReported"
    public static let schema: Int64 = 1
    public static let summary = "A source reported how many offices or countries were members on a date, or which."
    public static let streamPattern = "conference"
    /// Two sources may report the same membership for the same day: each is recorded with its own source.
    public static let allowsRepeats = true
    public static let fields: [Field] = [
        Field("date", .date, "The day the membership is reported for (the source's date)."),
        Field("offices", .integer(min: 1, max: 10_000), required: false, "How many member offices."),
        Field("countries", .integer(min: 1, max: 250), required: false, "How many member countries."),
        Field("members", .list(.country), required: false, "The member countries, each once."),
    ]

    public var date: String
    public var offices: Int?
    public var countries: Int?
    public var members: [String]?

    public init(_ data: EventData) throws {
        date = data.string("date")
        offices = data.optionalInt("offices")
        countries = data.optionalInt("countries")
        members = data.value("members") == nil ? nil : data.strings("members")
        guard offices != nil || countries != nil || members != nil else {
            throw Self.invalid("offices", "give at least one of offices, countries and members")
        }
        if let members {
            guard !members.isEmpty else { throw Self.invalid("members", "lists no country") }
            guard Set(members).count == members.count else { throw Self.invalid("members", "lists a country twice") }
            if let countries, countries != members.count {
                throw Self.invalid("countries", "\(countries) does not match the \(members.count) members listed")
            }
        }
        let countryCount = countries ?? members?.count
        if let offices, let countryCount, offices < countryCount {
            throw Self.invalid(
                "offices",
                "\(offices) offices cannot come from \(countryCount) countries (each member country has at least one office)"
            )
        }
    }

    public var occurred: String? { date }

    public var stream: String { "conference" }
}
