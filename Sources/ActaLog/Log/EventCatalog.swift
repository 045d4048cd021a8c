/// What the engine asks of a domain: is this data valid for this event type?
///
/// The engine knows no event type by name; the CLI hands it the OCPS catalog from
/// `ActaEvents`. A catalog throws ``ActaError`` (kind `.invalidInput`) naming the field.
public protocol EventCatalog: Sendable {
    /// Validates `data` for `type` and returns the schema version to record and, when the
    /// data says when the event happened (a meeting's start date), that date.
    func validate(type: String, data: [String: JSONValue]) throws -> ValidatedData

    /// A built-in compression dictionary for this domain's events (field names, enumerations,
    /// typical phrasing), versioned with the code; copied into a store when first used.
    /// Nil: events are stored as plain LZ4 frames (codec 1).
    var compressionDictionary: [UInt8]? { get }
}

extension EventCatalog {
    public var compressionDictionary: [UInt8]? { nil }
}

public struct ValidatedData: Sendable {
    public var schema: Int64
    public var occurred: String?
    public init(schema: Int64, occurred: String? = nil) {
        self.schema = schema
        self.occurred = occurred
    }
}

/// A catalog that accepts any type at schema 1: for engine tests and tools.
public struct OpenCatalog: EventCatalog {
    public init() {}
    public func validate(type: String, data: [String: JSONValue]) throws -> ValidatedData {
        ValidatedData(schema: 1)
    }
}
