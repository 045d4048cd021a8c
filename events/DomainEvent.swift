import ActaLog

/// An event type of the OCPS catalog: a typed Swift value with a name, a schema version,
/// documented fields and the rules that tie its fields together.
public protocol DomainEvent: Sendable {
    /// The `type` column, e.g. "MeetingHeld".
    static var type: String { get }
    /// The current schema version written for new events.
    static var schema: Int64 { get }
    /// One sentence: what happened.
    static var summary: String { get }
    /// A typical stream for this type, e.g. "meeting/conference/4".
    static var streamExample: String { get }
    static var fields: [Field] { get }
    /// Builds the value from data already checked against ``fields``; throws on rules that
    /// tie fields together (an end before a start).
    init(_ data: EventData) throws
    /// When the event happened in the world, if the data says.
    var occurred: String? { get }
}

extension DomainEvent {
    public var occurred: String? { nil }

    /// Checks required fields, unknown fields and each field's kind, then the type's own rules.
    public static func decode(_ data: [String: JSONValue]) throws -> Self {
        let known = Set(fields.map(\.name))
        if let unknown = data.keys.sorted().first(where: { !known.contains($0) }) {
            throw ActaError(.invalidInput, "\(type): unknown field \"\(unknown.prefix(60))\"; the fields are \(fields.map(\.name).joined(separator: ", ")) (see `acta types \(type)`)")
        }
        for field in fields {
            guard let value = data[field.name], value != .null else {
                if field.required { throw ActaError(.invalidInput, "\(type).\(field.name): required field is missing (\(field.kind))") }
                continue
            }
            try field.validate(value, in: type)
        }
        return try Self(EventData(data))
    }

    /// An error naming a field of this type.
    public static func invalid(_ field: String, _ why: String) -> ActaError {
        ActaError(.invalidInput, "\(type).\(field): \(why)")
    }
}
