import ActaEvents
import ActaLog
import ActaProjections
import Foundation
import HTTPTypes
import Hummingbird

/// The as-of form every page carries: a plain GET form with a date, sent to `action`, with
/// the page's other parameters as hidden fields.
struct AsOfForm {
    var action: String
    var value: String
    var hidden: [String: String]

    var values: [String: Any] {
        ["action": action, "value": value, "hidden": hidden.sorted { $0.key < $1.key }.map { ["name": $0.key, "value": $0.value] }]
    }
}

extension Pages {
    /// A page route whose bad parameters and unknown things are answered as an HTML page,
    /// in the layout, with the status and the message the API would give as JSON.
    func htmlErrors(_ route: Route<Context>) -> Route<Context> {
        Route(route.path) { request, context in
            do {
                return try await route.handler(request, context)
            } catch let error as APIError {
                var response = try await state.blocking { try self.errorPage(error.status, error.message, request: request) }
                if let retryAfter = error.retryAfter { response.headers[.retryAfter] = String(retryAfter) }
                return response
            } catch let error as ActaError where error.kind == .invalidInput {
                return try await state.blocking { try self.errorPage(.badRequest, error.message, request: request) }
            }
        }
    }

    func errorPage(_ status: HTTPResponse.Status, _ message: String, request: Request) throws -> Response {
        let path = request.uri.path
        let back = Self.navigation.first { $0["path"] != "/" && path.hasPrefix($0["path"]!) } ?? ["path": "/", "link": "Overview"]
        let title = status == .notFound ? "Not found" : (status == .badRequest ? "Bad request" : "Error \(status.code)")
        return try page(title, "error", request: request, status: status) { _ in
            ["message": message, "back": back["path"]!, "backName": back["link"]!]
        }
    }

    /// A stream or an address in pieces that each end at a `/`, for a template to put `<wbr>`
    /// between: a long one then wraps at its slashes, never inside a word.
    static func breakable(_ text: String) -> [String] {
        text.split(separator: "/", omittingEmptySubsequences: false).enumerated().map { i, part in
            i == 0 ? String(part) : "/" + part
        }
    }

    /// An event's data as rows of the table, in its type's field order with each field's
    /// meaning on hover; the sentence it amounts to; the JSON.
    static func eventData(_ entry: Entry) throws -> [String: Any] {
        let data = try entry.dataValue()
        let object = data.objectValue ?? [:]
        let fields = OCPSCatalog.type(named: entry.type)?.fields ?? []
        let order =
            fields.map(\.name).filter { object[$0] != nil } + CanonicalJSON.sortedKeys(object).filter { name in !fields.contains { $0.name == name } }
        let rows = order.map { name -> [String: Any] in
            ["name": name, "doc": fields.first { $0.name == name }?.doc ?? "", "items": Self.readable(object[name]!)]
        }
        // An event on a meeting's stream (meeting/BODY/NUMBER) links to the meeting's page.
        let parts = entry.stream.split(separator: "/")
        let meetingPage =
            parts.count == 3 && parts[0] == "meeting" && Int(parts[2]) != nil ? "/" + (["meetings"] + parts[1...]).joined(separator: "/") : ""
        return ViewPage.present([
            "rows": rows, "hasRows": !rows.isEmpty, "data": try data.prettyString(), "position": String(entry.position),
            "sentence": EventSentence.of(entry), "meetingPage": meetingPage,
        ])
    }

    /// A value as lines of text: a list one item a line, an object one `key: value` a line.
    static func readable(_ value: JSONValue) -> [String] {
        if let s = value.stringValue { return [s] }
        if let items = value.arrayValue { return items.flatMap(readable) }
        if let object = value.objectValue {
            return CanonicalJSON.sortedKeys(object).map { key in "\(key): " + readable(object[key]!).joined(separator: ", ") }
        }
        return [CanonicalJSON.string(value)]
    }

    /// `/meetings/BODY/NUMBER`: a meeting on `as_of` — where and how it was held, who hosted
    /// it, its objectives and goals, its outcomes with their follow-up, the action items it
    /// opened, and the sources of all of it.
    func meeting(_ request: Request, _ context: Context) throws -> Response {
        var query = try Query(request, allowed: ["as_of"])
        let asOf = try query.date("as_of") ?? Timestamp.today()
        let body = context.parameters.get("body") ?? ""
        guard MeetingHeld.bodies.contains(body) else {
            throw APIError(.notFound, "no body \"\(body.prefix(40))\"; bodies: \(MeetingHeld.bodies.joined(separator: ", "))")
        }
        let numberText = context.parameters.get("number") ?? ""
        guard let number = Int(numberText), number >= 1, number <= 1_000_000 else {
            throw APIError.badParameter("number", "\"\(numberText.prefix(40))\" is not a meeting number (an integer from 1)")
        }
        var found = true
        let response = try page(EventSentence.meeting(body, number), "meeting", request: request, asOf: asOf) { store -> [String: Any] in
            let values = try Self.meetingValues(store, body: body, number: number, asOf: asOf)
            found = values != nil
            return values ?? [:]
        }
        guard found else { throw APIError(.notFound, "no \(EventSentence.meeting(body, number).lowercased()) is recorded as of \(asOf)") }
        return response
    }

    /// What the meeting page shows, or nil when the register holds nothing of the meeting on `asOf`.
    static func meetingValues(_ store: ViewStore, body: String, number: Int, asOf: String) throws -> [String: Any]? {
        let hosts = try HostsView(store, asOf: asOf)
        let marks = try MarkLinks(store)
        let row = hosts.meetings.first { $0.body == body && $0.number == number }
        let designated = (hosts.next + hosts.approached).filter { $0.body == body && $0.meeting == number }
        guard row != nil || !designated.isEmpty else { return nil }
        let emptyMarks: [[String: String]] = []
        var facts: [[String: Any]] = []
        func fact(_ name: String, _ value: String?, _ marks: [[String: String]] = emptyMarks) {
            if let value, !value.isEmpty { facts.append(["name": name, "value": value, "marks": marks]) }
        }
        var values: [String: Any] = [:]
        if let m = row {
            if let title = m.title { values["subtitle"] = title }
            fact("Dates", m.dates)
            fact("Held in", [m.city, m.country].compactMap { $0 }.joined(separator: ", ").nonEmpty ?? "not stated in the sources")
            fact("Venue", m.venue)
            fact(
                "Host",
                m.host.map { "\($0) (\(m.eu == true ? "an EU Member State" : "not an EU Member State") then)" } ?? "not recorded",
                marks.links(m.marks, at: m.position)
            )
            fact("Format", m.format + (m.platform.map { " (\($0))" } ?? ""))
            fact("Participants", m.participants.isEmpty ? "not recorded" : m.participants.joined(separator: ", "))
            fact("Approached about hosting", m.approached?.joined(separator: ", "))
            fact("Alternation", m.alternation.map { "the non-EU / EU alternation \($0)" })
            values["objectives"] = m.objectives ?? []
            values["hasObjectives"] = m.objectives?.isEmpty == false
            values["goals"] = m.goals ?? []
            values["hasGoals"] = m.goals?.isEmpty == false
        } else {
            values["notHeld"] = "Not held as of \(asOf)."
        }
        for d in designated {
            fact(
                d.approached(in: hosts) ? "Approached about hosting" : "Designated host",
                "\(d.country), decided \(d.decided)",
                marks.links(d.marks, at: d.position)
            )
        }
        values["facts"] = facts
        let outcomes = try DecisionsView(store, asOf: asOf).outcomes.filter { $0.body == body && $0.meeting == number }
        values["outcomes"] = outcomes.map { ViewPage.outcomeValues($0, marks) }
        values["hasOutcomes"] = !outcomes.isEmpty
        let prefix = "\(body) \(number) #"
        let actions = try ActionsView(store, asOf: asOf).items.filter { $0.outcome?.hasPrefix(prefix) == true }
        values["actions"] = actions.map { r -> [String: Any] in
            ViewPage.present([
                "item": r.item, "owner": r.owner, "due": r.due ?? "", "status": r.status, "closed": r.closed ?? "", "followUp": r.followUp ?? "",
                "task": r.task, "answered": r.answered.map { "\($0) of \(r.dueFrom ?? 0)" } ?? "", "marks": marks.links(r.marks),
            ])
        }
        values["hasActions"] = !actions.isEmpty
        values["sources"] = try meetingSources(store, body: body, number: number, asOf: asOf)
        return values
    }

    /// The sources of everything recorded about the meeting, each with the positions of the
    /// events that name it.
    static func meetingSources(_ store: ViewStore, body: String, number: Int, asOf: String) throws -> [[String: Any]] {
        var provenance: [Provenance] = []
        provenance += try store.all(view: "hosts", prefix: "meeting/", as: HostsProjection.Meeting.self).map(\.value)
            .filter { $0.body == body && $0.number == number && $0.start <= asOf }.map(\.provenance)
        provenance += try store.all(view: "hosts", prefix: "designation/", as: HostsProjection.Designation.self).map(\.value)
            .filter { $0.body == body && $0.meeting == number && $0.date <= asOf }.map(\.provenance)
        provenance += try store.all(view: "decisions", prefix: "outcome/", as: DecisionsProjection.Outcome.self).map(\.value)
            .filter { $0.body == body && $0.meeting == number && $0.date <= asOf }.map(\.provenance)
        provenance += try store.all(view: "actions", prefix: "item/", as: ActionsProjection.Item.self).map(\.value)
            .filter { $0.body == body && $0.meeting == number && ($0.opened ?? "") <= asOf }.flatMap(\.provenance)
        provenance += try store.all(view: "members", prefix: "fact/", as: MembersProjection.Fact.self).map(\.value)
            .filter { $0.body == body && $0.meeting == number && $0.date <= asOf }.map(\.provenance)
        let bySource = Dictionary(grouping: provenance) { $0.source ?? "no source recorded" }
        return bySource.keys.sorted().map { source in
            ["source": source, "events": Set(bySource[source]!.map(\.position)).sorted().map(String.init)]
        }
    }
}

extension HostsView.Next {
    /// Whether this is an approach (listed in the view's `approached`), not a designation.
    func approached(in view: HostsView) -> Bool { view.approached.contains(self) }
}

extension String {
    /// Nil for the empty string.
    var nonEmpty: String? { isEmpty ? nil : self }
}
