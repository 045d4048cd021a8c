import ActaLog

/// A country gave up its seat of the Executive Board (the rotation moved on, or the
/// Secretariat changed host).
///
/// Stream: `board/<seat>`.
public struct BoardSeatVacated: DomainEvent, Equatable {
    public static let type = "BoardSeatVacated"
    public static let schema: Int64 = 1
    public static let summary = "A country gave up its seat of the Executive Board."
    public static let streamPattern = "board/<seat>"
    public static let fields: [Field] = [
        Field("seat", .enumeration(BoardSeatFilled.seats), "Which seat: previous-host, present-host, future-host or secretariat-host."),
        Field("country", .country, "The country that held it, ISO 3166-1 alpha-2."),
        Field("until", .date, "The day it stopped holding the seat."),
        Field("reason", .text, required: false, "Why, e.g. the rotation at the next meeting."),
    ]

    public var seat: String
    public var country: String
    public var until: String
    public var reason: String?

    public init(_ data: EventData) throws {
        seat = data.string("seat")
        country = data.string("country")
        until = data.string("until")
        reason = data.optionalString("reason")
    }

    public var occurred: String? { until }

    public var stream: String { "board/\(seat)" }
}
