import ActaLog

/// Another source gives a different value for a recorded fact. Sources that disagree are
/// both kept, each with its own `meta.source`, rather than one picked: the recorded event
/// keeps its value and this event holds the other (nova.bg dates the Belgrade Declaration
/// 2016-05-27; the Secretariat's page says 26 May). A mistake is an ``EntryCorrected`` instead.
///
/// Stream: the disputed fact's stream, so it is read with it (e.g. `conference`).
public struct SourceConflictNoted: DomainEvent, Equatable {
    public static let type = "SourceConflictNoted"
    public static let schema: Int64 = 1
    public static let summary = "Another source gives a different value for a recorded fact; both are kept, each with its source."
    public static let streamPattern = "<stream>"
    /// Two sources may give the same other value: each is recorded with its own source.
    public static let allowsRepeats = true
    public static let fields: [Field] = [
        Field("stream", .text, "The stream of the disputed event, e.g. conference or meeting/conference/9."),
        Field("event", .text, "The disputed event's type, e.g. DeclarationSigned."),
        Field("field", .text, "The disputed field of that type, e.g. date."),
        Field("value", .text, "The value the other source gives, in its words or as the field's kind (e.g. 2016-05-27)."),
        Field("id", .text, required: false, "The disputed event's id (UUID), when known."),
        Field("date", .date, required: false, "The day the other source said so (its publication date), when known."),
        Field("note", .text, required: false, "Anything that helps weigh the two."),
    ]

    public var stream: String
    public var event: String
    public var field: String
    public var value: String
    public var id: String?
    public var date: String?
    public var note: String?

    public init(_ data: EventData) throws {
        stream = data.string("stream")
        event = data.string("event")
        field = data.string("field")
        value = data.string("value")
        id = data.optionalString("id")
        date = data.optionalString("date")
        note = data.optionalString("note")
        guard let disputed = OCPSCatalog.type(named: event) else {
            throw Self.invalid("event", "\"\(event.prefix(60))\" is not an event type of the catalog (see `acta types`)")
        }
        guard disputed.fields.contains(where: { $0.name == field }) else {
            throw Self.invalid(
                "field",
                "\"\(field.prefix(60))\" is not a field of \(event); its fields are \(disputed.fields.map(\.name).joined(separator: ", "))"
            )
        }
        if let id, EventID.normalize(id) == nil { throw Self.invalid("id", "\"\(id.prefix(60))\" is not a UUID") }
    }

    public var occurred: String? { date }
}
