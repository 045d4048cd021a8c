import ActaEvents
import ActaLog

/// Action items: opened from an outcome with an owner and a due date, deadlines changed,
/// closed as done or cancelled. Each piece keeps its date, so the status on any date is a query.
public struct ActionsProjection: Projection {
    public let name = "actions"
    /// 2: provenance marks.
    public let version = 2
    public init() {}

    public struct Item: Codable, Sendable, Equatable {
        public var item: String
        public var task: String?
        public var owner: String?
        public var opened: String?
        public var due: String?
        public var body: String?
        public var meeting: Int?
        public var ordinal: Int?
        public var deadlines: [Deadline] = []
        public var closures: [Closure] = []
        public var provenance: [Provenance] = []
    }

    public struct Deadline: Codable, Sendable, Equatable {
        public var due: String
        public var date: String
        public var reason: String?
        public var position: Int64
    }

    public struct Closure: Codable, Sendable, Equatable {
        public var date: String
        public var resolution: String
        public var note: String?
        public var position: Int64
    }

    public func wants(_ type: String) -> Bool {
        type == ActionItemOpened.type || type == ActionItemClosed.type || type == DeadlineChanged.type
    }

    public func apply(_ event: ProjectedEvent, to store: ViewStore) throws {
        let id: String
        switch event.value {
        case let e as ActionItemOpened: id = e.item
        case let e as ActionItemClosed: id = e.item
        case let e as DeadlineChanged: id = e.item
        default: return
        }
        let key = "item/\(id)"
        var item = try store.get(key, as: Item.self) ?? Item(item: id)
        switch event.value {
        case let e as ActionItemOpened:
            item.task = e.task
            item.owner = e.owner
            item.opened = e.date
            item.due = e.due
            item.body = e.body
            item.meeting = e.meeting
            item.ordinal = e.ordinal
        case let e as ActionItemClosed:
            item.closures.append(Closure(date: e.date, resolution: e.resolution, note: e.note, position: event.entry.position))
        case let e as DeadlineChanged:
            item.deadlines.append(Deadline(due: e.due, date: e.date, reason: e.reason, position: event.entry.position))
        default: break
        }
        item.provenance.append(Provenance(event))
        try store.put(key, item)
    }
}

/// The action items on a date: owner, due date then in force, status open / done / overdue /
/// cancelled; each linked to the outcome it comes from, and an item that asks the members
/// for something a request records (the legal provisions) to who has answered, n of m due.
public struct ActionsView: Codable, Sendable {
    public struct Row: Codable, Sendable, Equatable, Marked {
        public var item: String
        public var task: String
        public var owner: String
        public var opened: String
        public var due: String?
        public var status: String
        public var closed: String?
        /// The outcome it comes from, e.g. `conference 4 #3`.
        public var outcome: String?
        /// The outcome's text, when the register holds it.
        public var outcomeText: String?
        /// The request it is tied to (the same meeting's outcome), with its answers.
        public var request: String?
        public var answered: Int?
        public var dueFrom: Int?
        public var answeredBy: [String]?
        /// The last day anything was recorded about it (opened, deadline moved, an answer, closed).
        public var lastActivity: String
        /// For an overdue item: `no follow-up recorded since DATE`.
        public var followUp: String?
        public var inferred: Bool?
        public var conflicts: [Int64]?
    }

    /// Which items to show: `acta view actions --open --overdue --owner O --since DATE`.
    public struct Filter: Sendable, Equatable {
        /// Open or overdue only.
        public var open = false
        public var overdue = false
        public var owner: String?
        /// Opened on or after this date.
        public var since: String?

        public init(open: Bool = false, overdue: Bool = false, owner: String? = nil, since: String? = nil) {
            self.open = open
            self.overdue = overdue
            self.owner = owner
            self.since = since
        }

        func keeps(_ row: Row) -> Bool {
            if open, row.status != "open", row.status != "overdue" { return false }
            if overdue, row.status != "overdue" { return false }
            if let owner, row.owner.lowercased() != owner.lowercased() { return false }
            if let since, row.opened < since { return false }
            return true
        }
    }

    public var asOf: String
    public var items: [Row]

    public var open: [Row] { items.filter { $0.status == "open" || $0.status == "overdue" } }

    public init(_ store: ViewStore, asOf: String, filter: Filter = Filter()) throws {
        self.asOf = asOf
        let conflicts = try ConflictIndex(store)
        let provisions = try ProvisionsView(store, asOf: asOf)
        let outcomes = Dictionary(
            try store.all(view: "decisions", prefix: "outcome/", as: DecisionsProjection.Outcome.self).map {
                ("\($0.value.body) \($0.value.meeting) #\($0.value.ordinal)", $0.value.text)
            },
            uniquingKeysWith: { a, _ in a }
        )
        items = try store.all(view: "actions", prefix: "item/", as: ActionsProjection.Item.self).compactMap { _, item in
            guard var row = Self.row(item, asOf: asOf, provisions: provisions) else { return nil }
            row.outcomeText = row.outcome.flatMap { outcomes[$0] }
            row.marks = conflicts.marks(item.provenance)
            return filter.keeps(row) ? row : nil
        }.sorted { ($0.opened, $0.item) < ($1.opened, $1.item) }
    }

    /// The item on `asOf`; `provisions`, when given, ties an item to the request of its outcome.
    static func row(_ item: ActionsProjection.Item, asOf: String, provisions: ProvisionsView? = nil) -> Row? {
        guard let opened = item.opened, opened <= asOf else { return nil }
        let deadline = item.deadlines.filter { $0.date <= asOf }.max { ($0.date, $0.position) < ($1.date, $1.position) }
        let due = deadline?.due ?? item.due
        let closure = item.closures.filter { $0.date <= asOf }.max { ($0.date, $0.position) < ($1.date, $1.position) }
        var outcome: String? = nil
        if let body = item.body, let meeting = item.meeting {
            outcome = "\(body) \(meeting)" + (item.ordinal.map { " #\($0)" } ?? "")
        }
        let request = item.body.flatMap { body in
            item.meeting.flatMap { m in item.ordinal.flatMap { provisions?.request(body: body, meeting: m, ordinal: $0) } }
        }
        let answers = request?.submitted.filter(\.due) ?? []
        var activity = [opened] + item.deadlines.map(\.date).filter { $0 <= asOf } + answers.map(\.date)
        if let closure { activity.append(closure.date) }
        let last = activity.max()!
        var status: String
        var closed = closure?.date
        if let closure {
            status = closure.resolution
        } else if let request, !request.dueFrom.isEmpty, request.missing.isEmpty {
            // Every member it was due from has answered: the request is met.
            status = "done"
            closed = answers.map(\.date).max()
        } else if let due, due < asOf {
            status = "overdue"
        } else {
            status = "open"
        }
        return Row(
            item: item.item,
            task: item.task ?? "",
            owner: item.owner ?? "",
            opened: opened,
            due: due,
            status: status,
            closed: closed,
            outcome: outcome,
            request: request?.request,
            answered: request?.answered,
            dueFrom: request?.dueFrom.count,
            answeredBy: request.map { _ in answers.map(\.country) },
            lastActivity: last,
            followUp: status == "overdue" ? "no follow-up recorded since \(last)" : nil
        )
    }

    public func render(onlyOpen: Bool = false) -> String {
        let rows = onlyOpen ? open : items
        var out = "Action items as of \(asOf)\n\n"
        if rows.isEmpty { return out + "none\n" }
        var table = TextTable(["ITEM", "OWNER", "DUE", "STATUS", "FROM", "ANSWERED", "TASK", "MARKS"])
        for r in rows {
            let answered =
                r.answered.map { n in
                    "\(n) of \(r.dueFrom ?? 0)" + (r.answeredBy?.isEmpty == false ? " (\(r.answeredBy!.joined(separator: ", ")))" : "")
                } ?? ""
            table.add([
                r.item, r.owner, r.due ?? "—", r.status + (r.closed.map { " \($0)" } ?? ""), r.outcome ?? "", answered,
                r.task.count > 60 ? String(r.task.prefix(59)) + "…" : r.task, r.marks.label,
            ])
        }
        out += table.render()
        let quiet = rows.filter { $0.followUp != nil }
        if !quiet.isEmpty {
            out += "\n"
            for r in quiet { out += "\(r.item): overdue since \(r.due ?? ""), \(r.followUp!)\n" }
        }
        return out
    }
}
