import ActaLog
import ActaProjections
import Foundation
import HTTPTypes
import Hummingbird

/// The pages for people: server-rendered, usable without JavaScript, printable.
struct Pages<Context: RequestContext> {
    let state: ReaderState
    static var pageSize: Int { 50 }

    /// The overview, the timeline, each view's page (`ViewCatalog`), events, the report.
    var routes: [Route<Context>] {
        [
            Route("/") { request, _ in try self.home(request) },
            Route("/timeline") { request, _ in try self.timeline(request) },
        ]
            + ViewCatalog.all.compactMap { view in
                view.page.map { page in Route(page.path) { request, _ in try self.viewPage(view.name, page, request) } }
            }
            + [
                Route("/events/:position") { request, context in try self.event(request, context) },
                Route("/report") { request, _ in try await self.report(request) },
            ]
    }

    /// The header's links: the overview, the timeline, each view's page, the report.
    static var navigation: [[String: String]] {
        [["path": "/", "link": "Overview"], ["path": "/timeline", "link": "Timeline"]]
            + ViewCatalog.all.compactMap { $0.page.map { ["path": $0.path, "link": $0.link] } }
            + [["path": "/report", "link": "Report"]]
    }

    // MARK: - Pages

    func home(_ request: Request) throws -> Response {
        var query = try Query(request, allowed: ["as_of"])
        let asOf = try query.date("as_of") ?? Timestamp.today()
        return try page("Overview", "home", request: request) { store in
            let board = try BoardView(store, asOf: asOf)
            let secretariat = try SecretariatView(store, asOf: asOf)
            let hosts = try HostsView(store, asOf: asOf)
            let actions = try ActionsView(store, asOf: asOf).open
            let decisions = try DecisionsView(store, asOf: asOf).outcomes.suffix(10).reversed()
            return [
                "asOf": asOf,
                "seats": board.seats.map { s -> [String: Any] in
                    ["seat": s.seat, "country": s.country ?? (s.status == "vacant" ? "vacant" : "unknown"), "representative": s.representative ?? "", "since": s.since ?? ""]
                },
                "secretariat": secretariat.host.map { "Hosted by \($0.office) (\($0.country)) since \($0.from)." } ?? "No host recorded.",
                "staff": secretariat.staff.map { ["role": $0.role, "name": $0.name, "from": $0.from] },
                "hasStaff": !secretariat.staff.isEmpty,
                "next": hosts.next.map { ["body": $0.body, "meeting": String($0.meeting), "country": $0.country, "decided": $0.decided] },
                "actions": actions.map { ["item": $0.item, "owner": $0.owner, "due": $0.due ?? "", "status": $0.status, "task": $0.task] },
                "hasActions": !actions.isEmpty,
                "decisions": decisions.map {
                    ["meeting": "\($0.body) \($0.meeting) (\($0.date))", "ordinal": String($0.ordinal), "kind": $0.kind, "followUp": $0.followUp, "text": $0.text]
                },
            ]
        }
    }

    func timeline(_ request: Request) throws -> Response {
        var query = try Query(request, allowed: ["before", "type", "stream"])
        let before = try query.integer("before", min: 1)
        let type = try query.text("type")
        let stream = try query.text("stream")
        let head = try state.head()
        let upper = min(before.map { $0 - 1 } ?? head.count, head.count)
        let entries = try state.entries(EventFilter(toPosition: upper, stream: stream, type: type, limit: Self.pageSize + 1, descending: true))
        let shown = entries.prefix(Self.pageSize)
        func link(before: Int64?) -> String {
            var parts: [String] = []
            if let before { parts.append("before=\(before)") }
            if let type { parts.append("type=" + APIController<Context>.encode(type)) }
            if let stream { parts.append("stream=" + APIController<Context>.encode(stream)) }
            return "/timeline" + (parts.isEmpty ? "" : "?" + parts.joined(separator: "&"))
        }
        var context: [String: Any] = [
            "type": type ?? "", "stream": stream ?? "",
            "entries": shown.map { e -> [String: Any] in
                ["position": String(e.position), "occurred": e.occurred, "recorded": String(e.recorded.prefix(19)).replacingOccurrences(of: "T", with: " "),
                 "actor": e.actor, "type": e.type, "stream": "\(e.stream)@\(e.version)", "source": e.metaValue()["source"]?.stringValue ?? ""]
            },
        ]
        if entries.count > Self.pageSize, let last = shown.last { context["older"] = link(before: last.position) }
        if before != nil, upper < head.count { context["newer"] = link(before: min(head.count + 1, upper + Int64(Self.pageSize) + 1)) }
        return try page("Timeline", "timeline", request: request) { _ in context }
    }

    /// A view's page on `as_of` (default today).
    func viewPage(_ name: String, _ page: ViewPage, _ request: Request) throws -> Response {
        var query = try Query(request, allowed: ["as_of"])
        let asOf = try query.date("as_of") ?? Timestamp.today()
        return try self.page(page.title, PageTemplates.viewTemplate(name), request: request) { store in try page.values(store, asOf: asOf) }
    }

    func event(_ request: Request, _ context: Context) throws -> Response {
        _ = try Query(request, allowed: [])
        let text = context.parameters.get("position") ?? ""
        guard let position = Int64(text), position >= 1 else {
            throw APIError.badParameter("position", "\"\(text.prefix(40))\" is not a position (an integer from 1)")
        }
        guard let entry = try state.entry(at: position) else { throw APIError(.notFound, "no event at position \(position)") }
        return try page("Event \(position)", "event", request: request) { _ in
            var fields: [[String: String]] = [
                ["name": "position", "value": String(entry.position)], ["name": "id", "value": entry.id],
                ["name": "stream", "value": "\(entry.stream) (version \(entry.version))"], ["name": "type", "value": "\(entry.type) (schema \(entry.schema))"],
                ["name": "occurred", "value": entry.occurred], ["name": "recorded", "value": entry.recorded], ["name": "actor", "value": entry.actor],
            ]
            let meta = entry.metaValue()
            for key in CanonicalJSON.sortedKeys(meta) { fields.append(["name": "meta.\(key)", "value": meta[key]!.stringValue ?? CanonicalJSON.string(meta[key]!)]) }
            fields += [["name": "data_hash", "value": entry.dataHash], ["name": "hash", "value": entry.hashHex], ["name": "chain", "value": entry.chainHex]]
            return ["fields": fields, "data": try entry.dataValue().prettyString()]
        }
    }

    /// The report: rendered once per head and dates, in a place of the expensive work's gate.
    func report(_ request: Request) async throws -> Response {
        var query = try Query(request, allowed: ["as_of", "since"])
        let asOf = try query.date("as_of") ?? Timestamp.today()
        let since = try query.date("since")
        let head = try state.head()
        let log = state.log
        let html = try await state.gated("report|\(asOf)|\(since ?? "")", head: head, gate: state.expensive) {
            Array(try log.withViews { store in
                try Report(store, asOf: asOf, since: since, headPosition: head.count, headChain: head.chainHex).render(.html)
            }.utf8)
        }
        return Self.html(String(decoding: html, as: UTF8.self))
    }

    // MARK: - Rendering

    /// Renders `template` in the layout. `context` reads the views only: it must not touch the
    /// log otherwise (the views are read inside one read transaction).
    func page(
        _ title: String, _ template: String, request: Request, status: HTTPResponse.Status = .ok, _ context: (ViewStore) throws -> [String: Any]
    ) throws -> Response {
        let head = try state.head()
        let values = try state.log.withViews { store in try context(store) }
        let content = PageTemplates.library.render(values, withTemplate: template) ?? ""
        let html = PageTemplates.library.render(
            ["title": title, "navigation": Self.navigation, "content": content, "head": String(head.count), "chain": head.chainHex] as [String: Any],
            withTemplate: "layout") ?? ""
        return Self.html(html, status: status)
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-cache"], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
