import ActaLog

/// A mistake in an earlier event is corrected: nothing is edited, this event points at the
/// position it corrects and gives the corrected values. Projections check the changes
/// against the corrected event's type and apply them.
///
/// Stream: `corrections`.
public struct EntryCorrected: DomainEvent, Equatable {
    public static let type = "EntryCorrected"
    public static let schema: Int64 = 1
    public static let summary = "An earlier event's mistake is corrected by giving the corrected field values."
    public static let streamPattern = "corrections"
    public static let fields: [Field] = [
        Field("corrects", .integer(min: 1, max: Int.max), "The log position of the corrected event."),
        Field("changes", .object, "The corrected values by field name, e.g. {\"city\":\"Skopje\"} (null removes an optional field)."),
        Field("reason", .text, "What was wrong."),
    ]

    public var corrects: Int
    public var changes: [String: JSONValue]
    public var reason: String

    public init(_ data: EventData) throws {
        corrects = data.int("corrects")
        changes = data.value("changes")?.objectValue ?? [:]
        reason = data.string("reason")
        if let bad = changes.keys.sorted().first(where: { $0.isEmpty || $0.utf8.count > 100 }) {
            throw Self.invalid("changes", "\"\(bad.prefix(40))\" is not a field name")
        }
    }

    public var stream: String { "corrections" }
}
