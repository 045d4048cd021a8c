import ActaLog

/// The Conference asked its members to submit their national legal provisions to the
/// Secretariat by a deadline (the Fourth Meeting's third outcome: by 2018-09-01).
/// Answers are ``LegalProvisionsSubmitted`` with the same `request`.
///
/// Stream: `provisions`.
public struct LegalProvisionsRequested: DomainEvent, Equatable {
    public static let type = "LegalProvisionsRequested"
    public static let schema: Int64 = 1
    public static let summary = "Members were asked to submit their national legal provisions by a deadline."
    public static let streamPattern = "provisions"
    public static let fields: [Field] = [
        Field("request", .text, "The request's id, which submissions quote, e.g. conference/4#3 (meeting and outcome ordinal)."),
        Field("deadline", .date, "The day the provisions are due."),
        Field("date", .date, "The day it was requested."),
        Field("body", .enumeration(MeetingHeld.bodies), required: false, "The body of the meeting that asked."),
        Field("meeting", .integer(min: 1, max: 1_000_000), required: false, "That meeting's number (with body)."),
        Field("ordinal", .integer(min: 1, max: 1_000), required: false, "The outcome's place in the meeting's list (with body and meeting)."),
    ]

    public var request: String
    public var deadline: String
    public var date: String
    public var body: String?
    public var meeting: Int?
    public var ordinal: Int?

    public init(_ data: EventData) throws {
        request = data.string("request")
        deadline = data.string("deadline")
        date = data.string("date")
        body = data.optionalString("body")
        meeting = data.optionalInt("meeting")
        ordinal = data.optionalInt("ordinal")
        try Self.checkMeeting(body: body, meeting: meeting, ordinal: ordinal)
        guard deadline >= date else { throw Self.invalid("deadline", "\(deadline) is before the request, \(date)") }
    }

    public var occurred: String? { date }

    public var stream: String { "provisions" }
}
