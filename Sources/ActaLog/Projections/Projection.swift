/// A view rebuilt from the log: a name, a version, the event types it reads, and a fold.
///
/// A projection keeps its state in a ``ViewStore`` (keyed records, no SQL), so the domain
/// never touches the database. The ``ProjectionRunner`` keeps each view's records and
/// checkpoint in the store (either engine), catches up inside every append's transaction, and
/// rebuilds from position 1 when the version changes.
public protocol Projection: Sendable {
    var name: String { get }
    /// Raise it when the fold changes: the runner then rebuilds the view from position 1.
    var version: Int { get }
    /// Whether the fold reads events of this type.
    func wants(_ type: String) -> Bool
    /// Folds one event into the view.
    func apply(_ event: ProjectedEvent, to store: ViewStore) throws
}

/// An event as projections see it: the entry's header and the domain's decoded value (of
/// the data as later corrections left it). The entry's `data`, `dataHash`, `hash` and `chain`
/// are empty here: folds read the value, and a replay does not carry what it does not check.
public struct ProjectedEvent: Sendable {
    public let entry: Entry
    public let value: any Sendable
    /// The positions of the corrections applied to this event's data.
    public let correctedBy: [Int64]

    public init(entry: Entry, value: any Sendable, correctedBy: [Int64] = []) {
        self.entry = entry
        self.value = value
        self.correctedBy = correctedBy
    }
}

/// A correction: a later event that changes an earlier one without editing the log, either
/// some of its fields (`changes`) or the whole entry, withdrawn as recorded in error
/// (`retracts`): the views then skip it, and a retracted correction no longer changes its
/// target.
public struct Correction: Sendable {
    public var corrects: Int64
    public var changes: [String: JSONValue]
    /// The entry is withdrawn: the views skip it (`changes` is then empty).
    public var retracts: Bool
    /// Why, in the corrector's words: shown beside the corrected entry.
    public var reason: String?

    public init(corrects: Int64, changes: [String: JSONValue] = [:], retracts: Bool = false, reason: String? = nil) {
        self.corrects = corrects
        self.changes = changes
        self.retracts = retracts
        self.reason = reason
    }
}

/// What the engine needs from a domain to run its projections.
public protocol ProjectionDomain: Sendable {
    var projections: [any Projection] { get }
    /// Decodes an entry's data into the domain's typed value (upcasting old schemas).
    func decode(_ entry: Entry) throws -> any Sendable
    /// The event types that carry corrections, retractions included.
    var correctionTypes: Set<String> { get }
    /// The correction (or retraction) a decoded value carries, if it is one.
    func correction(in value: any Sendable) -> Correction?
    /// Whether the value the append's catalog decoded (``ValidatedData/value``) is the value
    /// ``decode(_:)`` returns for the same data, so that an append's views are folded from
    /// it without decoding the data again. False by default.
    var acceptsCatalogValues: Bool { get }
}

extension ProjectionDomain {
    public var acceptsCatalogValues: Bool { false }
}

/// An event an append has just written, as the append prepared it: its entry (with its
/// data) and the catalog's decoded value, if any.
public struct AppendedEvent: Sendable {
    public let entry: Entry
    public let value: (any Sendable)?
}

/// A projection whose records each come from one event alone and are never read back by
/// its fold: a register of outcomes, say. The runner maps such events on every core while
/// it decodes them, and the folding thread only stores the encoded records, in log order.
public protocol MappingProjection: Projection {
    /// The records `event` writes: keys and JSON objects that the view's `Codable` record
    /// types read back.
    func records(for event: ProjectedEvent) throws -> [MappedRecord]
}

/// One record of a ``MappingProjection``: its key and its JSON.
public struct MappedRecord: Sendable {
    public var key: String
    public var json: [UInt8]

    public init<R: JSONRecord>(key: String, _ record: R) {
        self.key = key
        json = record.jsonBytes
    }

    /// A record already encoded.
    init(key: String, json: [UInt8]) {
        self.key = key
        self.json = json
    }
}

extension MappingProjection {
    public func apply(_ event: ProjectedEvent, to store: ViewStore) throws {
        for record in try records(for: event) { try store.put(record.key, json: record.json) }
    }
}
