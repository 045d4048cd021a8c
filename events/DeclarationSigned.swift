import ActaLog

/// A declaration was signed: the Declaration of Intent signed in Belgrade on 2016-05-26 by
/// offices from ten countries founded the network that became the Permanent Conference.
///
/// Stream: `conference`.
public struct DeclarationSigned: DomainEvent, Equatable {
    public static let type = "DeclarationSigned"
    public static let schema: Int64 = 1
    public static let summary = "A declaration (the Belgrade Declaration of Intent) was signed by members' offices."
    public static let streamPattern = "conference"
    public static let fields: [Field] = [
        Field("date", .date, "The day it was signed."),
        Field("city", .text, "Where it was signed."),
        Field("country", .country, "The country where it was signed, ISO 3166-1 alpha-2."),
        Field("signatories", .list(.country), "Countries whose offices signed (at least one, each once)."),
        Field("title", .text, required: false, "The declaration's title, e.g. Declaration of Intent."),
        Field("occasion", .text, required: false, "The event at which it was signed."),
    ]

    public var date: String
    public var city: String
    public var country: String
    public var signatories: [String]
    public var title: String?
    public var occasion: String?

    public init(_ data: EventData) throws {
        date = data.string("date")
        city = data.string("city")
        country = data.string("country")
        signatories = data.strings("signatories")
        title = data.optionalString("title")
        occasion = data.optionalString("occasion")
        guard !signatories.isEmpty else { throw Self.invalid("signatories", "lists no country") }
        guard Set(signatories).count == signatories.count else { throw Self.invalid("signatories", "lists a country twice") }
    }

    public var occurred: String? { date }

    public var stream: String { "conference" }
}
