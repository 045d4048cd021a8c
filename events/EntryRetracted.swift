import ActaLog

/// An earlier entry was recorded in error and is withdrawn: nothing is edited or deleted,
/// this event names the entry's position and why. The views and the rules then read the
/// log as if the entry were not there (a retracted ActionItemClosed leaves the item open);
/// `acta show`, `acta log` and the reader mark it "retracted by N".
///
/// Stream: `corrections`, beside the corrections, so that one stream's state says what later
/// events changed of earlier ones.
public struct EntryRetracted: DomainEvent, Equatable {
    public static let type = "EntryRetracted"
    public static let schema: Int64 = 1
    public static let summary = "An earlier event recorded in error is withdrawn: the views ignore it; the log keeps it, marked."
    public static let streamPattern = "corrections"
    public static let fields: [Field] = [
        Field("position", .integer(min: 1, max: Int.max), "The log position of the entry recorded in error."),
        Field("reason", .text, "Why it was recorded in error."),
    ]

    public var position: Int
    public var reason: String

    public init(_ data: EventData) throws {
        position = data.int("position")
        reason = data.string("reason")
    }

    public var stream: String { CorrectionRules.stream }
}
