import ActaLog

/// A country took one of the four seats of the Executive Board adopted at the Fourth
/// Meeting: the previous, present and future host country of the Conference, and the host
/// country of the Secretariat.
///
/// Stream: `board/<seat>`.
public struct BoardSeatFilled: DomainEvent, Equatable {
    public static let type = "BoardSeatFilled"
    public static let schema: Int64 = 1
    public static let summary = "A country took a seat of the Executive Board (previous, present or future host, or Secretariat host)."
    public static let streamPattern = "board/<seat>"
    public static let seats = ["previous-host", "present-host", "future-host", "secretariat-host"]
    public static let fields: [Field] = [
        Field("seat", .enumeration(seats), "Which seat: previous-host, present-host, future-host or secretariat-host."),
        Field("country", .country, "The country holding it, ISO 3166-1 alpha-2."),
        Field("from", .date, "The first day it holds the seat."),
        Field("representative", .text, required: false, "The person representing it, when named."),
        Field("office", .text, required: false, "The representative's office."),
    ]

    public var seat: String
    public var country: String
    public var from: String
    public var representative: String?
    public var office: String?

    public init(_ data: EventData) throws {
        seat = data.string("seat")
        country = data.string("country")
        from = data.string("from")
        representative = data.optionalString("representative")
        office = data.optionalString("office")
    }

    public var occurred: String? { from }

    public var stream: String { "board/\(seat)" }
}
