import ActaEvents
import ActaLog

/// The OCPS views, as the engine's runner keeps them.
///
///     let log = try EventLog.open(at: path, catalog: OCPSCatalog(), projections: OCPSProjections())
public struct OCPSProjections: ProjectionDomain {
    /// The views' projections (`ViewCatalog.all`), then the reader's access tokens and the
    /// background index of recorded source conflicts that the views read.
    public static let all: [any Projection] = ViewCatalog.all.map(\.projection) + [AccessProjection(), ConflictsProjection()]

    public static var names: [String] { all.map(\.name) }

    public init() {}

    public var projections: [any Projection] { Self.all }

    private let catalog = OCPSCatalog()

    public func decode(_ entry: Entry) throws -> any Sendable {
        try catalog.decode(entry)
    }

    public var correctionTypes: Set<String> { [EntryCorrected.type, EntryRetracted.type] }

    /// The catalog of appends is `OCPSCatalog`, whose decoded values ``decode(_:)`` returns too.
    public var acceptsCatalogValues: Bool { true }

    public func correction(in value: any Sendable) -> Correction? {
        switch value {
        case let c as EntryCorrected: Correction(corrects: Int64(c.corrects), changes: c.changes, reason: c.reason)
        case let r as EntryRetracted: Correction(corrects: Int64(r.position), retracts: true, reason: r.reason)
        default: nil
        }
    }
}

/// Where a fact in a view comes from: the log position, the event's id, the recorded source,
/// and whether the event says it is inferred (`meta.inferred`) or disputed (`meta.conflict`).
public struct Provenance: Codable, Sendable, Equatable {
    public var position: Int64
    /// The event's id: a ``SourceConflictNoted`` names the event it disputes by id.
    public var id: String?
    public var source: String?
    public var corrected: [Int64]?
    /// True when the event's meta marks it inferred (nil otherwise).
    public var inferred: Bool?
    /// True when the event's meta says a source disputes it (nil otherwise).
    public var conflict: Bool?

    public init(_ event: ProjectedEvent) {
        position = event.entry.position
        id = event.entry.id
        if event.entry.meta != "{}" {
            let meta = event.entry.metaValue()
            source = meta["source"]?.stringValue
            inferred = meta["inferred"] == .bool(true) ? true : nil
            conflict = meta["conflict"] == .bool(true) ? true : nil
        }
        corrected = event.correctedBy.isEmpty ? nil : event.correctedBy
    }
}

extension Provenance: JSONRecord {
    public func writeMembers(to object: inout JSONObjectWriter) {
        object.member("conflict", conflict)
        object.member("corrected", corrected)
        object.member("id", id)
        object.member("inferred", inferred)
        object.member("position", position)
        object.member("source", source)
    }
}
