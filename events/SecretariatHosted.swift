import ActaLog

/// A member's prosecution office began hosting the Secretariat (Serbia's Prosecutor's
/// Office for Organized Crime from 2017, Bulgaria's Specialised Prosecutor's Office from
/// 2021, the Sofia Appellate Prosecutor's Office from 2022). The next host ends the term,
/// and names the office it takes over from (`predecessor`), which the register must show
/// as the host.
///
/// Stream: `secretariat`.
///
/// Schema 2 (current) added `predecessor`; schema 1 events, written before it, read
/// without it (``upcastFromSchema1(_:)``).
public struct SecretariatHosted: DomainEvent, Equatable {
    public static let type = "SecretariatHosted"
    public static let schema: Int64 = 2
    public static let summary = "A member's prosecution office began hosting the Secretariat."
    public static let streamPattern = "secretariat"
    public static let fields: [Field] = [
        Field("office", .text, "The hosting office."),
        Field("country", .country, "Its country, ISO 3166-1 alpha-2."),
        Field("from", .date, "The first day it hosts the Secretariat."),
        Field("term", .integer(min: 1, max: 20), required: false, "The term it was given, in years (four by rotation)."),
        Field("until", .date, required: false, "The last day, when known in advance."),
        Field(
            "precision",
            .enumeration(Field.precisions),
            required: false,
            "How much of from is known: day (default), month (from is the 1st) or year."
        ),
        Field(
            "predecessor",
            .text,
            required: false,
            "The office it takes over from, as the register records it; required when an office hosts the Secretariat."
        ),
    ]

    public static let upcasters: [Int64: Upcaster] = [1: upcastFromSchema1]

    /// Schema 1 → 2: the data is unchanged. Schema 1 had no `predecessor`, and the office
    /// taken over from is not inferred: it is the host the register showed before.
    @Sendable public static func upcastFromSchema1(_ data: [String: JSONValue]) throws -> [String: JSONValue] {
        try Field.check(data, against: fields.filter { $0.name != "predecessor" }, type: type)
        return data
    }

    public var office: String
    public var country: String
    public var from: String
    public var term: Int?
    public var until: String?
    public var precision: String?
    public var predecessor: String?

    public init(_ data: EventData) throws {
        office = data.string("office")
        country = data.string("country")
        from = data.string("from")
        term = data.optionalInt("term")
        until = data.optionalString("until")
        precision = data.optionalString("precision")
        predecessor = data.optionalString("predecessor")
        if let until, until < from { throw Self.invalid("until", "\(until) is before from \(from)") }
        try Self.checkPrecision(precision, of: "from", date: from)
    }

    public var occurred: String? { from }

    public var stream: String { "secretariat" }
}
