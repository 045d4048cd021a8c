import ActaLog

/// A meeting adopted an outcome: a decision, a principle, an invitation, a request.
///
/// Stream: the meeting's, `meeting/<body>/<number>`, so a meeting's outcomes follow it.
public struct OutcomeAdopted: DomainEvent, Equatable {
    public static let type = "OutcomeAdopted"
    public static let schema: Int64 = 1
    public static let summary = "A meeting adopted an outcome (decision, principle, invitation, request, training, legacy)."
    public static let streamPattern = "meeting/<body>/<meeting>"
    public static let kinds = ["decision", "principle", "invitation", "request", "training", "legacy", "other"]
    public static let fields: [Field] = [
        Field("body", .enumeration(MeetingHeld.bodies), "The body of the meeting that adopted it."),
        Field("meeting", .integer(min: 1, max: 1_000_000), "The number of that meeting within its body."),
        Field("ordinal", .integer(min: 1, max: 1_000), "The outcome's place in the meeting's list (1, 2, …)."),
        Field("text", .text, "The outcome as adopted, in the minutes' words."),
        Field("kind", .enumeration(kinds), "What sort of outcome it is."),
        Field("date", .date, required: false, "The day it was adopted; when omitted, the meeting's start date as the register records it."),
    ]

    public var body: String
    public var meeting: Int
    public var ordinal: Int
    public var text: String
    public var kind: String
    public var date: String?

    public init(_ data: EventData) throws {
        body = data.string("body")
        meeting = data.int("meeting")
        ordinal = data.int("ordinal")
        text = data.string("text")
        kind = data.string("kind")
        date = data.optionalString("date")
    }

    public var occurred: String? { date }

    public var stream: String { "meeting/\(body)/\(meeting)" }
}
