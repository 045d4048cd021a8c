import ActaEvents
import ActaLog

/// The OCPS views, as the engine's runner keeps them.
///
///     let log = try EventLog.open(at: path, catalog: OCPSCatalog(), projections: OCPSProjections())
public struct OCPSProjections: ProjectionDomain {
    public static let all: [any Projection] = [
        BoardProjection(), HostsProjection(), ActionsProjection(), MembersProjection(), ProvisionsProjection(),
        DecisionsProjection(), SecretariatProjection(), AccessProjection(),
    ]

    public static var names: [String] { all.map(\.name) }

    public init() {}

    public var projections: [any Projection] { Self.all }

    private let catalog = OCPSCatalog()

    public func decode(_ entry: Entry) throws -> any Sendable {
        try catalog.decode(entry)
    }

    public var correctionTypes: Set<String> { [EntryCorrected.type] }

    public func correction(in value: any Sendable) -> Correction? {
        guard let c = value as? EntryCorrected else { return nil }
        return Correction(corrects: Int64(c.corrects), changes: c.changes)
    }
}

/// Where a fact in a view comes from: the log position and the recorded source.
public struct Provenance: Codable, Sendable, Equatable {
    public var position: Int64
    public var source: String?
    public var corrected: [Int64]?

    public init(_ event: ProjectedEvent) {
        position = event.entry.position
        source = event.entry.meta == "{}" ? nil : event.entry.metaValue()["source"]?.stringValue
        corrected = event.correctedBy.isEmpty ? nil : event.correctedBy
    }
}

extension Int {
    /// Zero-padded, so keys sort in number order.
    func padded(_ width: Int) -> String {
        let s = String(self)
        let n = s.utf8.count  // digits and a sign: one byte each, no need to count characters
        return n >= width ? s : String(repeating: "0", count: width - n) + s
    }
}

extension Int64 {
    func padded(_ width: Int) -> String { Int(self).padded(width) }
}

extension Provenance: JSONRecord {
    public func writeMembers(to object: inout JSONObjectWriter) {
        object.member("corrected", corrected)
        object.member("position", position)
        object.member("source", source)
    }
}
