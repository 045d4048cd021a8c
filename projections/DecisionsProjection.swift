import ActaEvents
import ActaLog

/// The decisions register: every outcome adopted, by meeting, with its follow-up.
public struct DecisionsProjection: MappingProjection {
    public let name = "decisions"
    /// 2: outcomes remember whether their date was given or taken from when they were recorded.
    public let version = 2
    public init() {}

    public struct Outcome: Codable, Sendable, Equatable {
        public var body: String
        public var meeting: Int
        public var ordinal: Int
        public var kind: String
        public var date: String
        public var text: String
        /// True when the outcome gave no date: the view then uses its meeting's start.
        public var undated: Bool?
        public var provenance: Provenance
    }

    public func wants(_ type: String) -> Bool { type == OutcomeAdopted.type }

    public func records(for event: ProjectedEvent) throws -> [MappedRecord] {
        guard let o = event.value as? OutcomeAdopted else { return [] }
        let outcome = Outcome(
            body: o.body, meeting: o.meeting, ordinal: o.ordinal, kind: o.kind, date: o.date ?? Timestamp.datePart(event.entry.occurred),
            text: o.text, undated: o.date == nil ? true : nil, provenance: Provenance(event))
        return [MappedRecord(key: ViewKey.make("outcome", o.body, o.meeting, 6, o.ordinal, 4), outcome)]
    }
}

/// Outcomes by meeting, with the status of the action items that follow them up.
public struct DecisionsView: Codable, Sendable {
    public struct Row: Codable, Sendable, Equatable {
        public var body: String
        public var meeting: Int
        public var ordinal: Int
        public var kind: String
        public var date: String
        public var text: String
        /// no action, open, overdue, done, cancelled, or mixed.
        public var followUp: String
        public var actions: [String]
        public var position: Int64
    }

    public var asOf: String
    public var since: String?
    public var outcomes: [Row]

    public init(_ store: ViewStore, asOf: String, since: String? = nil) throws {
        self.asOf = asOf
        self.since = since
        let actions = try store.all(view: "actions", prefix: "item/", as: ActionsProjection.Item.self).map(\.value)
        var byOutcome: [String: [ActionsView.Row]] = [:]
        for item in actions {
            guard let body = item.body, let meeting = item.meeting, let ordinal = item.ordinal, let row = ActionsView.row(item, asOf: asOf) else { continue }
            byOutcome["\(body)/\(meeting)/\(ordinal)", default: []].append(row)
        }
        let starts = Dictionary(
            try store.all(view: "hosts", prefix: "meeting/", as: HostsProjection.Meeting.self).map { ("\($0.value.body)/\($0.value.number)", $0.value.start) },
            uniquingKeysWith: { a, _ in a })
        outcomes = try store.all(view: "decisions", prefix: "outcome/", as: DecisionsProjection.Outcome.self).map(\.value)
            .map { o in
                var o = o
                if o.undated == true, let start = starts["\(o.body)/\(o.meeting)"] { o.date = start }
                return o
            }
            .filter { o in o.date <= asOf && (since.map { o.date >= $0 } ?? true) }
            .map { o in
                let rows = byOutcome["\(o.body)/\(o.meeting)/\(o.ordinal)"] ?? []
                let statuses = Set(rows.map(\.status))
                let followUp = rows.isEmpty ? "no action" : (statuses.count == 1 ? statuses.first! : (statuses.contains("overdue") ? "overdue" : (statuses.contains("open") ? "open" : "mixed")))
                return Row(body: o.body, meeting: o.meeting, ordinal: o.ordinal, kind: o.kind, date: o.date, text: o.text, followUp: followUp, actions: rows.map(\.item), position: o.provenance.position)
            }
    }

    public func render() -> String {
        var out = "Decisions as of \(asOf)\(since.map { " since \($0)" } ?? "")\n"
        if outcomes.isEmpty { return out + "\nnone\n" }
        var current = ""
        for o in outcomes {
            let heading = "\(o.body) meeting \(o.meeting) (\(o.date))"
            if heading != current {
                out += "\n\(heading)\n"
                current = heading
            }
            out += "  \(o.ordinal). [\(o.kind); \(o.followUp)] \(o.text)\n"
        }
        return out
    }
}

extension DecisionsProjection.Outcome: JSONRecord {
    public func writeMembers(to object: inout JSONObjectWriter) {
        object.member("body", body)
        object.member("date", date)
        object.member("kind", kind)
        object.member("meeting", meeting)
        object.member("ordinal", ordinal)
        object.member("provenance", provenance)
        object.member("text", text)
        object.member("undated", undated)
    }
}
