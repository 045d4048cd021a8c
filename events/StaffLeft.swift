import ActaLog

/// A person left a post in the Secretariat.
///
/// Stream: `secretariat/staff`.
public struct StaffLeft: DomainEvent, Equatable {
    public static let type = "StaffLeft"
    public static let schema: Int64 = 1
    public static let summary = "A person left a post in the Secretariat."
    public static let streamPattern = "secretariat/staff"
    public static let fields: [Field] = [
        Field("name", .text, "The person's name, as appointed."),
        Field("role", .enumeration(StaffAppointed.roles), "The post left: head, deputy-head, assistant or other."),
        Field("until", .date, "The last day in the post."),
    ]

    public var name: String
    public var role: String
    public var until: String

    public init(_ data: EventData) throws {
        name = data.string("name")
        role = data.string("role")
        until = data.string("until")
    }

    public var occurred: String? { until }

    public var stream: String { "secretariat/staff" }
}
