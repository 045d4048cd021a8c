import ActaEvents
import ActaLog

/// The decisions register: every outcome adopted, by meeting, with its follow-up.
public struct DecisionsProjection: MappingProjection {
    public let name = "decisions"
    /// 2: outcomes remember whether their date was given or taken from when they were recorded.
    /// 3: provenance marks.
    public let version = 3
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
            body: o.body,
            meeting: o.meeting,
            ordinal: o.ordinal,
            kind: o.kind,
            date: o.date ?? Timestamp.datePart(event.entry.occurred),
            text: o.text,
            undated: o.date == nil ? true : nil,
            provenance: Provenance(event)
        )
        return [MappedRecord(key: ViewKey.make("outcome", o.body, o.meeting, 6, o.ordinal, 4), outcome)]
    }
}

/// Outcomes by meeting, with their follow-up: the action items opened from them, and the
/// events they led to (an invitation → ``MemberInvited`` of that meeting → ``MemberJoined``).
public struct DecisionsView: Codable, Sendable {
    public struct Row: Codable, Sendable, Equatable, Marked {
        public var body: String
        public var meeting: Int
        public var ordinal: Int
        public var kind: String
        /// The day adopted, as known (`2016-11` when only the meeting's month is).
        public var date: String
        public var text: String
        /// no action, open, overdue, done, cancelled, or mixed.
        public var followUp: String
        public var actions: [String]
        /// What followed, one line each: `action conference-4-3: overdue`, `GR invited 2018-06-30`, `GR joined 2021-04-27`.
        public var links: [String]
        public var position: Int64
        public var inferred: Bool?
        public var conflicts: [Int64]?
    }

    public var asOf: String
    public var since: String?
    public var outcomes: [Row]

    public init(_ store: ViewStore, asOf: String, since: String? = nil) throws {
        self.asOf = asOf
        self.since = since
        let conflicts = try ConflictIndex(store)
        let provisions = try ProvisionsView(store, asOf: asOf)
        let actions = try store.all(view: "actions", prefix: "item/", as: ActionsProjection.Item.self).map(\.value)
        var byOutcome: [String: [(row: ActionsView.Row, sources: [Provenance])]] = [:]
        for item in actions {
            guard let body = item.body, let meeting = item.meeting, let ordinal = item.ordinal,
                let row = ActionsView.row(item, asOf: asOf, provisions: provisions)
            else { continue }
            byOutcome["\(body)/\(meeting)/\(ordinal)", default: []].append((row, item.provenance))
        }
        let meetings = Dictionary(
            try store.all(view: "hosts", prefix: "meeting/", as: HostsProjection.Meeting.self).map {
                ("\($0.value.body)/\($0.value.number)", $0.value)
            },
            uniquingKeysWith: { a, _ in a }
        )
        // Invitations a meeting decided, and what became of each invited country.
        let members = try store.all(view: "members", prefix: "fact/", as: MembersProjection.Fact.self).map(\.value).filter { $0.date <= asOf }
        let current = try MembersView(store, asOf: asOf)
        func row(_ o: DecisionsProjection.Outcome) -> Row {
            let followed = byOutcome["\(o.body)/\(o.meeting)/\(o.ordinal)"] ?? []
            var statuses: [String] = followed.map(\.row.status)
            var links: [String] = followed.map { action in
                let answered = action.row.answered.map { n in ", \(n) of \(action.row.dueFrom ?? 0) answered" } ?? ""
                return "action \(action.row.item): \(action.row.status)" + answered
            }
            var marks = conflicts.marks(o.provenance)
            if o.kind == "invitation" {
                for invitation in members where invitation.kind == "invited" && invitation.body == o.body && invitation.meeting == o.meeting {
                    links.append("\(invitation.country) invited \(invitation.date)" + conflicts.marks(invitation.provenance).text)
                    if let country = current.countries.first(where: { $0.country == invitation.country }), country.status == "member",
                        let since = country.since
                    {
                        links.append("\(invitation.country) joined \(since)" + country.marks.text)
                        marks = marks.merged(country.marks)
                        statuses.append("done")
                    } else {
                        statuses.append("open")
                    }
                }
            }
            let distinct = Set(statuses)
            let followUp: String
            if statuses.isEmpty {
                followUp = "no action"
            } else if distinct.count == 1 {
                followUp = distinct.first!
            } else {
                followUp = distinct.contains("overdue") ? "overdue" : (distinct.contains("open") ? "open" : "mixed")
            }
            let meeting = meetings["\(o.body)/\(o.meeting)"]
            // An outcome adopted on its meeting's first day is known as precisely as that day is.
            let date = o.date == meeting?.start ? KnownDate.text(o.date, meeting?.precision) : o.date
            var row = Row(
                body: o.body,
                meeting: o.meeting,
                ordinal: o.ordinal,
                kind: o.kind,
                date: date,
                text: o.text,
                followUp: followUp,
                actions: followed.map(\.row.item),
                links: links,
                position: o.provenance.position
            )
            row.marks = marks
            return row
        }
        outcomes = try store.all(view: "decisions", prefix: "outcome/", as: DecisionsProjection.Outcome.self).map(\.value)
            .map { o in
                var o = o
                if o.undated == true, let start = meetings["\(o.body)/\(o.meeting)"]?.start { o.date = start }
                return o
            }
            .filter { o in o.date <= asOf && (since.map { o.date >= $0 } ?? true) }
            .map(row)
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
            out += "  \(o.ordinal). [\(o.kind); \(o.followUp)] \(o.text)\(o.marks.text)\n"
            for link in o.links { out += "       → \(link)\n" }
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
