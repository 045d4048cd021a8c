import ActaLog

/// A member submitted its national legal provisions to the Secretariat, as the Fourth
/// Meeting asked (by 2018-09-01).
///
/// Stream: `provisions/<country>`.
public struct LegalProvisionsSubmitted: DomainEvent, Equatable {
    public static let type = "LegalProvisionsSubmitted"
    public static let schema: Int64 = 1
    public static let summary = "A member submitted its national legal provisions to the Secretariat."
    public static let streamPattern = "provisions/<country>"
    public static let fields: [Field] = [
        Field("country", .country, "The submitting country."),
        Field("office", .text, "The submitting office."),
        Field("date", .date, "The day the Secretariat received them."),
        Field("documents", .list(.text), "Titles of the provisions submitted (at least one)."),
        Field("request", .text, required: false, "The request answered, e.g. conference/4#3 (the meeting and the outcome's ordinal)."),
    ]

    public var country: String
    public var office: String
    public var date: String
    public var documents: [String]
    public var request: String?

    public init(_ data: EventData) throws {
        country = data.string("country")
        office = data.string("office")
        date = data.string("date")
        documents = data.strings("documents")
        request = data.optionalString("request")
        guard !documents.isEmpty else { throw Self.invalid("documents", "lists no document") }
    }

    public var occurred: String? { date }

    public var stream: String { "provisions/\(country)" }
}
