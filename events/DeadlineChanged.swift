import ActaLog

/// An action item's deadline was moved (or set, for an item opened without one).
///
/// Stream: `action/<item>`, after its ``ActionItemOpened``.
public struct DeadlineChanged: DomainEvent, Equatable {
    public static let type = "DeadlineChanged"
    public static let schema: Int64 = 1
    public static let summary = "An action item's deadline was moved or set."
    public static let streamPattern = "action/<item>"
    public static let fields: [Field] = [
        Field("item", .text, "The item's id (its stream is action/<item>)."),
        Field("due", .date, "The new deadline."),
        Field("date", .date, "The day the change was decided."),
        Field("reason", .text, required: false, "Why it changed."),
    ]

    public var item: String
    public var due: String
    public var date: String
    public var reason: String?

    public init(_ data: EventData) throws {
        item = data.string("item")
        due = data.string("due")
        date = data.string("date")
        reason = data.optionalString("reason")
        try Self.checkIdentifier("item", item)
    }

    public var occurred: String? { date }

    public var stream: String { "action/\(item)" }
}
