import ActaLog

/// An action item was closed: done, or cancelled.
///
/// Stream: `action/<item>`, after its ``ActionItemOpened``.
public struct ActionItemClosed: DomainEvent, Equatable {
    public static let type = "ActionItemClosed"
    public static let schema: Int64 = 1
    public static let summary = "An action item was closed: done or cancelled."
    public static let streamPattern = "action/<item>"
    public static let resolutions = ["done", "cancelled"]
    public static let fields: [Field] = [
        Field("item", .text, "The item's id (its stream is action/<item>)."),
        Field("date", .date, "The day it was closed."),
        Field("resolution", .enumeration(resolutions), "done or cancelled."),
        Field("note", .text, required: false, "How it was done, or why it was cancelled."),
    ]

    public var item: String
    public var date: String
    public var resolution: String
    public var note: String?

    public init(_ data: EventData) throws {
        item = data.string("item")
        date = data.string("date")
        resolution = data.string("resolution")
        note = data.optionalString("note")
        try Self.checkIdentifier("item", item)
    }

    public var occurred: String? { date }

    public var stream: String { "action/\(item)" }
}
