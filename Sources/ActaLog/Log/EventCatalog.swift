/// What the engine asks of a domain: is this data valid for this event type, which stream
/// does it belong on, and may it be appended to that stream as the register stands?
///
/// The engine knows no event type by name; the CLI hands it the OCPS catalog from
/// `ActaEvents`. A catalog throws ``ActaError`` (kind `.invalidInput`) naming the field.
public protocol EventCatalog: Sendable {
    /// Validates `data` for `type` and returns the schema version to record, the stream the
    /// data puts it on, and, when the data says when the event happened (a meeting's start
    /// date), that date.
    func validate(type: String, data: [String: JSONValue]) throws -> ValidatedData

    /// A built-in compression dictionary for this domain's events (field names, enumerations,
    /// typical phrasing), versioned with the code; copied into a store when first used.
    /// Nil: events are stored as plain LZ4 frames (codec 1).
    var compressionDictionary: [UInt8]? { get }

    /// The rules every append is decided against, inside its write transaction (see
    /// ``StreamRules``). Nil: every valid event is accepted.
    var rules: (any StreamRules)? { get }
}

extension EventCatalog {
    public var compressionDictionary: [UInt8]? { nil }
    public var rules: (any StreamRules)? { nil }
}

public struct ValidatedData: Sendable {
    public var schema: Int64
    public var occurred: String?
    /// The stream the data puts the event on (an action item's `action/<item>`); nil when
    /// the catalog leaves the stream to the client.
    public var stream: String?
    /// The catalog's decoded value, handed to ``StreamRules`` so that deciding does not decode
    /// the data again.
    public var value: (any Sendable)?
    public init(schema: Int64, occurred: String? = nil, stream: String? = nil, value: (any Sendable)? = nil) {
        self.schema = schema
        self.occurred = occurred
        self.stream = stream
        self.value = value
    }
}

/// A catalog that accepts any type at schema 1: for engine tests and tools.
public struct OpenCatalog: EventCatalog {
    public init() {}
    public func validate(type: String, data: [String: JSONValue]) throws -> ValidatedData {
        ValidatedData(schema: 1)
    }
}
