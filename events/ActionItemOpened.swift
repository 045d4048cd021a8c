import ActaLog

/// An action item was opened: a task someone owes, usually from a meeting's outcome, with
/// its deadline when it has one (the Fourth Meeting's 2018-09-01 and 2018-09-10).
///
/// Stream: `action/<item>`.
public struct ActionItemOpened: DomainEvent, Equatable {
    public static let type = "ActionItemOpened"
    public static let schema: Int64 = 1
    public static let summary = "An action item was opened: a task with an owner and perhaps a deadline, usually from an outcome."
    public static let streamPattern = "action/<item>"
    public static let fields: [Field] = [
        Field("item", .text, "The item's id, which names its stream action/<item>: letters, digits, -, _, . (e.g. conference-4-3)."),
        Field("task", .text, "What is to be done."),
        Field("owner", .text, "Who owes it, e.g. Secretariat, members, IT."),
        Field("date", .date, "The day it was opened (the deciding meeting's date)."),
        Field("due", .date, required: false, "The deadline, when there is one."),
        Field("body", .enumeration(MeetingHeld.bodies), required: false, "The body of the meeting whose outcome it comes from."),
        Field("meeting", .integer(min: 1, max: 1_000_000), required: false, "That meeting's number (with body)."),
        Field("ordinal", .integer(min: 1, max: 1_000), required: false, "The outcome's place in the meeting's list (with body and meeting)."),
    ]

    public var item: String
    public var task: String
    public var owner: String
    public var date: String
    public var due: String?
    public var body: String?
    public var meeting: Int?
    public var ordinal: Int?

    public init(_ data: EventData) throws {
        item = data.string("item")
        task = data.string("task")
        owner = data.string("owner")
        date = data.string("date")
        due = data.optionalString("due")
        body = data.optionalString("body")
        meeting = data.optionalInt("meeting")
        ordinal = data.optionalInt("ordinal")
        try Self.checkIdentifier("item", item)
        try Self.checkMeeting(body: body, meeting: meeting, ordinal: ordinal)
        if let due, due < date { throw Self.invalid("due", "\(due) is before the day it was opened, \(date)") }
    }

    public var occurred: String? { date }

    public var stream: String { "action/\(item)" }
}
