import ActaLog

/// A person took a post in the Secretariat: its head, deputy head, assistant or another role.
///
/// Stream: `secretariat/staff`.
public struct StaffAppointed: DomainEvent, Equatable {
    public static let type = "StaffAppointed"
    public static let schema: Int64 = 1
    public static let summary = "A person took a post in the Secretariat (head, deputy head, assistant, other)."
    public static let streamPattern = "secretariat/staff"
    public static let roles = ["head", "deputy-head", "assistant", "other"]
    public static let fields: [Field] = [
        Field("name", .text, "The person's name."),
        Field("role", .enumeration(roles), "head, deputy-head, assistant or other."),
        Field("office", .text, required: false, "The prosecution office the person comes from."),
        Field("from", .date, "The first day in the post."),
    ]

    public var name: String
    public var role: String
    public var office: String?
    public var from: String

    public init(_ data: EventData) throws {
        name = data.string("name")
        role = data.string("role")
        office = data.optionalString("office")
        from = data.string("from")
    }

    public var occurred: String? { from }

    public var stream: String { "secretariat/staff" }
}
