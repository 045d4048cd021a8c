import ActaEvents
import ActaLog

/// Action items: opened from an outcome with an owner and a due date, deadlines changed,
/// closed as done or cancelled. Each piece keeps its date, so the status on any date is a query.
public struct ActionsProjection: Projection {
    public let name = "actions"
    public let version = 1
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

/// The action items on a date: owner, due date then in force, status open / done / overdue / cancelled.
public struct ActionsView: Codable, Sendable {
    public struct Row: Codable, Sendable, Equatable {
        public var item: String
        public var task: String
        public var owner: String
        public var opened: String
        public var due: String?
        public var status: String
        public var closed: String?
        public var outcome: String?
    }

    public var asOf: String
    public var items: [Row]

    public var open: [Row] { items.filter { $0.status == "open" || $0.status == "overdue" } }

    public init(_ store: ViewStore, asOf: String) throws {
        self.asOf = asOf
        items = try store.all(view: "actions", prefix: "item/", as: ActionsProjection.Item.self).compactMap { _, item in
            Self.row(item, asOf: asOf)
        }.sorted { ($0.opened, $0.item) < ($1.opened, $1.item) }
    }

    static func row(_ item: ActionsProjection.Item, asOf: String) -> Row? {
        guard let opened = item.opened, opened <= asOf else { return nil }
        let deadline = item.deadlines.filter { $0.date <= asOf }.max { ($0.date, $0.position) < ($1.date, $1.position) }
        let due = deadline?.due ?? item.due
        let closure = item.closures.filter { $0.date <= asOf }.max { ($0.date, $0.position) < ($1.date, $1.position) }
        let status: String
        if let closure {
            status = closure.resolution
        } else if let due, due < asOf {
            status = "overdue"
        } else {
            status = "open"
        }
        var outcome: String? = nil
        if let body = item.body, let meeting = item.meeting {
            outcome = "\(body) \(meeting)" + (item.ordinal.map { " #\($0)" } ?? "")
        }
        return Row(item: item.item, task: item.task ?? "", owner: item.owner ?? "", opened: opened, due: due, status: status, closed: closure?.date, outcome: outcome)
    }

    public func render(onlyOpen: Bool = false) -> String {
        let rows = onlyOpen ? open : items
        var out = "Action items as of \(asOf)\n\n"
        if rows.isEmpty { return out + "none\n" }
        var table = TextTable(["ITEM", "OWNER", "DUE", "STATUS", "FROM", "TASK"])
        for r in rows {
            table.add([r.item, r.owner, r.due ?? "—", r.status + (r.closed.map { " \($0)" } ?? ""), r.outcome ?? "", r.task.count > 70 ? String(r.task.prefix(69)) + "…" : r.task])
        }
        return out + table.render()
    }
}
