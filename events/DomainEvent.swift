import ActaLog

/// Turns an event's data written at one schema version into the next version's data.
public typealias Upcaster = @Sendable ([String: JSONValue]) throws -> [String: JSONValue]

/// An event type of the OCPS catalog: a typed Swift value with a name, a schema version,
/// documented fields and the rules that tie its fields together.
public protocol DomainEvent: Sendable {
    /// The `type` column, e.g. "MeetingHeld".
    static var type: String { get }
    /// The current schema version written for new events.
    static var schema: Int64 { get }
    /// One sentence: what happened.
    static var summary: String { get }
    /// How the stream is derived from the data, e.g. "meeting/<body>/<number>": each
    /// `<field>` stands for that field's value (``stream``).
    static var streamPattern: String { get }
    /// Whether an event of this type may be recorded again on its stream with the same data
    /// (false: the repeat is refused, naming the position of the first).
    static var allowsRepeats: Bool { get }
    static var fields: [Field] { get }
    /// `upcasters[n]` turns data written at schema n into schema n + 1 data; one for every
    /// schema before the current one. Empty for types still at schema 1.
    static var upcasters: [Int64: Upcaster] { get }
    /// Builds the value from data already checked against ``fields``; throws on rules that
    /// tie fields together (an end before a start).
    init(_ data: EventData) throws
    /// When the event happened in the world, if the data says.
    var occurred: String? { get }
    /// The stream the event belongs on, which its data names (a meeting's
    /// `meeting/<body>/<number>`): an append to another stream is refused.
    var stream: String { get }
}

extension DomainEvent {
    public var occurred: String? { nil }

    public static var upcasters: [Int64: Upcaster] { [:] }

    public static var allowsRepeats: Bool { false }

    /// Checks required fields, unknown fields and each field's kind, then the type's own rules.
    public static func decode(_ data: [String: JSONValue]) throws -> Self {
        try Self(Field.checked(data, against: fields, type: type))
    }

    /// Decodes data bytes written at the current schema: parsed straight into the order of
    /// ``fields``, then checked as ``decode(_:)`` checks. Nil when the bytes are valid JSON
    /// but not an object.
    public static func decode(currentSchemaData bytes: [UInt8]) throws -> Self? {
        let fields = self.fields
        let parsed: (values: [JSONValue?], unknown: [String])?
        do {
            parsed = try JSONParser.parseMembers(bytes, slots: fields.count) { key in
                let n = key.utf8.count
                return fields.firstIndex { $0.name.utf8.count == n && $0.name == key }
            }
        } catch { throw ActaError(.invalidInput, "\(error)") }
        guard let parsed else { return nil }
        return try Self(Field.checked(parsed.values, unknown: parsed.unknown, against: fields, type: type))
    }

    /// Brings data written at `schema` up to the current schema, one upcaster at a time.
    public static func upcast(_ data: [String: JSONValue], from schema: Int64) throws -> [String: JSONValue] {
        guard schema >= 1 else { throw ActaError(.invalidInput, "\(type): schema \(schema) is not a schema version (they start at 1)") }
        guard schema <= self.schema else {
            throw ActaError(.invalidInput, "\(type): schema \(schema) is newer than this catalog knows (\(self.schema)); read it with a newer acta")
        }
        var data = data
        for version in schema..<self.schema {
            guard let upcaster = upcasters[version] else {
                throw ActaError(.invalidInput, "\(type): no upcaster from schema \(version) to \(version + 1)")
            }
            data = try upcaster(data)
        }
        return data
    }

    /// An error naming a field of this type.
    public static func invalid(_ field: String, _ why: String) -> ActaError {
        ActaError(.invalidInput, "\(type).\(field): \(why)")
    }

    /// `body` and `meeting` name a meeting together; `ordinal` (an outcome of it) needs them.
    static func checkMeeting(body: String?, meeting: Int?, ordinal: Int? = nil) throws {
        if (body == nil) != (meeting == nil) {
            throw invalid(body == nil ? "body" : "meeting", "body and meeting go together: give both or neither")
        }
        if ordinal != nil, meeting == nil {
            throw invalid("ordinal", "an outcome's ordinal needs the body and meeting it belongs to")
        }
    }

    /// A date of month precision is the 1st of its month; of year precision, January 1st.
    static func checkPrecision(_ precision: String?, of field: String, date: String) throws {
        switch precision {
        case "month" where !date.hasSuffix("-01"):
            throw invalid(field, "\(date) has month precision, so it must be the 1st of the month (\(date.prefix(7))-01)")
        case "year" where !date.hasSuffix("-01-01"):
            throw invalid(field, "\(date) has year precision, so it must be January 1st (\(date.prefix(4))-01-01)")
        default: break
        }
    }

    /// Ids that name a stream (an action item's `action/<item>`): letters, digits, `-`, `_`, `.`.
    static func checkIdentifier(_ field: String, _ value: String) throws {
        let allowed = value.utf8.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2D || b == 0x5F || b == 0x2E
        }
        guard allowed, value.utf8.count <= 100 else {
            throw invalid(field, "\"\(value.prefix(40))\" must be up to 100 letters, digits, -, _ or . (e.g. conference-4-3): it names the stream")
        }
    }
}
