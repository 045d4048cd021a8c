import ActaEvents
import ActaLog

/// The recorded source conflicts (``SourceConflictNoted``), by the event they dispute: what
/// the views read to mark a fact `"conflicts": [positions]`. Not one of the public views.
///
/// Each record comes from one note and is never read back by the fold: a mapping projection.
public struct ConflictsProjection: MappingProjection {
    public let name = "conflicts"
    public let version = 1
    public init() {}

    public struct Note: Codable, Sendable, Equatable {
        /// The note's own position.
        public var position: Int64
        /// The disputed event's id.
        public var disputed: String
        public var event: String
        public var field: String
        public var value: String
        public var source: String?
    }

    public func wants(_ type: String) -> Bool { type == SourceConflictNoted.type }

    public func records(for event: ProjectedEvent) throws -> [MappedRecord] {
        // A note without the disputed event's id cannot be tied to a fact of a view.
        guard let c = event.value as? SourceConflictNoted, let id = c.id.flatMap(EventID.normalize) else { return [] }
        let note = Note(
            position: event.entry.position,
            disputed: id,
            event: c.event,
            field: c.field,
            value: c.value,
            source: Provenance(event).source
        )
        return [MappedRecord(key: "note/\(id)/\(event.entry.position.padded(12))", note)]
    }
}

extension ConflictsProjection.Note: JSONRecord {
    public func writeMembers(to object: inout JSONObjectWriter) {
        object.member("disputed", disputed)
        object.member("event", event)
        object.member("field", field)
        object.member("position", position)
        object.member("source", source)
        object.member("value", value)
    }
}

/// The conflict notes of a store, by the id of the event each disputes.
public struct ConflictIndex: Sendable {
    public var notes: [String: [ConflictsProjection.Note]]

    public init(_ store: ViewStore) throws {
        notes = Dictionary(
            grouping: try store.all(view: "conflicts", prefix: "note/", as: ConflictsProjection.Note.self).map(\.value),
            by: \.disputed
        )
    }

    /// The provenance marks of a fact resting on these events: inferred if any of them is;
    /// its conflicts are the notes that dispute any of them, and an event whose meta says it
    /// is disputed with no note pointing at it (it tells the other value in its own note)
    /// names itself.
    public func marks(_ sources: [Provenance]) -> Marks {
        var conflicts: Set<Int64> = []
        for p in sources {
            let found = p.id.flatMap { notes[$0] } ?? []
            conflicts.formUnion(found.map(\.position))
            if found.isEmpty, p.conflict == true { conflicts.insert(p.position) }
        }
        return Marks(inferred: sources.contains { $0.inferred == true } ? true : nil, conflicts: conflicts.isEmpty ? nil : conflicts.sorted())
    }

    public func marks(_ source: Provenance?) -> Marks { marks(source.map { [$0] } ?? []) }
}
