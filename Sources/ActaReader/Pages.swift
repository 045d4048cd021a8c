import ActaLog
import ActaProjections
import Foundation
import HTTPTypes
import Hummingbird

/// The pages for people: server-rendered, usable without JavaScript, printable.
struct Pages<Context: RequestContext> {
    let state: ReaderState
    static var pageSize: Int { 50 }

    /// The overview, the timeline, each view's page (`ViewCatalog`), each meeting's, events,
    /// the report. A page answers a bad parameter with an HTML page (``htmlErrors``); sign-in
    /// is ``SignIn``'s.
    var routes: [Route<Context>] {
        ([
            .blocking("/", state) { request, _ in try self.home(request) },
            .blocking("/timeline", state) { request, _ in try self.timeline(request) },
        ]
            + ViewCatalog.all.compactMap { view in
                view.page.map { page in .blocking(page.path, state) { request, _ in try self.viewPage(view.name, page, request) } }
            }
            + [
                .blocking("/meetings/:body/:number", state) { request, context in try self.meeting(request, context) },
                .blocking("/events/:position", state) { request, context in try self.event(request, context) },
                Route("/report") { request, context in try await self.report(request, context) },
            ]).map(htmlErrors)
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
        return try page("Overview", "home", request: request, asOf: asOf) { store in
            let board = try BoardView(store, asOf: asOf)
            let secretariat = try SecretariatView(store, asOf: asOf)
            let hosts = try HostsView(store, asOf: asOf)
            let actions = try ActionsView(store, asOf: asOf).open
            let decisions = try DecisionsView(store, asOf: asOf).outcomes.suffix(10).reversed()
            let marks = try MarkLinks(store)
            return ViewPage.present([
                "asOf": asOf,
                "query": request.uri.queryParameters["as_of"] == nil ? "" : "?as_of=\(asOf)",
                "picture": TimelinePicture(hosts: hosts, board: board, secretariat: secretariat).svg,
                "seats": board.seats.map { s -> [String: Any] in
                    [
                        "seat": s.seat, "country": s.country ?? (s.status == "vacant" ? "vacant" : "unknown"),
                        "representative": s.representative ?? "",
                        "since": s.since ?? "", "how": s.how, "marks": marks.links(s.marks),
                    ]
                },
                "secretariat": secretariat.host.map {
                    "Hosted by \($0.office) (\($0.country)) since \($0.from)" + ($0.termEnds.map { "; its term ends on \($0)" } ?? "") + "."
                } ?? "No host recorded.",
                "marks": secretariat.host.map { marks.links($0.marks, at: $0.position) } ?? [],
                "warning": secretariat.warning ?? "",
                "staff": secretariat.staff.map { ["role": $0.role, "name": $0.name, "from": $0.from] },
                "hasStaff": !secretariat.staff.isEmpty,
                "next": hosts.next.map { n -> [String: Any] in
                    [
                        "body": n.body, "meeting": String(n.meeting), "country": n.country, "decided": n.decided,
                        "marks": marks.links(n.marks, at: n.position),
                    ]
                },
                "principle": hosts.principle.map { p in
                    p.requires.map {
                        "The alternation principle asks that conference meeting \(p.meeting) be held in \($0 == "EU" ? "an EU Member State" : "a non-EU country"): \(p.because)."
                    }
                        ?? "Conference meeting \(p.meeting): \(p.because)."
                } ?? "",
                "actions": actions.map { a -> [String: Any] in
                    ["item": a.item, "owner": a.owner, "due": a.due ?? "", "status": a.status, "task": a.task, "marks": marks.links(a.marks)]
                },
                "hasActions": !actions.isEmpty,
                "decisions": decisions.map { d -> [String: Any] in
                    [
                        "meeting": "\(d.body) \(d.meeting) (\(d.date))", "page": ViewPage.meetingPath(d.body, d.meeting),
                        "ordinal": String(d.ordinal),
                        "kind": d.kind, "followUp": d.followUp, "text": d.text, "marks": marks.links(d.marks, at: d.position),
                    ]
                },
            ])
        }
    }

    func timeline(_ request: Request) throws -> Response {
        var query = try Query(request, allowed: ["before", "type", "stream"])
        let before = try query.integer("before", min: 1)
        let type = try query.text("type")
        let stream = try query.text("stream")
        let head = try state.headNow()
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
                [
                    "position": String(e.position), "occurred": e.occurred,
                    "recorded": String(e.recorded.prefix(19)).replacingOccurrences(of: "T", with: " "),
                    "actor": e.actor, "type": e.type, "stream": Self.breakable("\(e.stream)@\(e.version)"),
                    "source": Self.breakable(e.metaValue()["source"]?.stringValue ?? ""), "sentence": EventSentence.of(e),
                ]
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
        return try self.page(page.title, PageTemplates.viewTemplate(name), request: request, asOf: asOf) { store in try page.values(store, asOf: asOf)
        }
    }

    func event(_ request: Request, _ context: Context) throws -> Response {
        _ = try Query(request, allowed: [])
        let text = context.parameters.get("position") ?? ""
        guard let position = Int64(text), position >= 1 else {
            throw APIError.badParameter("position", "\"\(text.prefix(40))\" is not a position (an integer from 1)")
        }
        guard let entry = try state.entry(at: position) else { throw APIError(.notFound, "no event at position \(position)") }
        let notes = try state.log.amendments().notes(for: position)
        return try page("Event \(position)", "event", request: request) { _ in
            var fields: [[String: String]] =
                [
                    ["name": "position", "value": String(entry.position)], ["name": "id", "value": entry.id],
                    ["name": "stream", "value": "\(entry.stream) (version \(entry.version))"],
                    ["name": "type", "value": "\(entry.type) (schema \(entry.schema))"],
                    ["name": "occurred", "value": entry.occurred], ["name": "recorded", "value": entry.recorded],
                    ["name": "actor", "value": entry.actor],
                ] + notes.map { ["name": "status", "value": $0] }
            let meta = entry.metaValue()
            for key in CanonicalJSON.sortedKeys(meta) {
                fields.append(["name": "meta.\(key)", "value": meta[key]!.stringValue ?? CanonicalJSON.string(meta[key]!)])
            }
            fields += [
                ["name": "data_hash", "value": entry.dataHash], ["name": "hash", "value": entry.hashHex], ["name": "chain", "value": entry.chainHex],
            ]
            return try Self.eventData(entry).merging(["fields": fields]) { a, _ in a }
        }
    }

    /// The report: rendered once per head and dates, in a place of the expensive work's gate.
    func report(_ request: Request, _ context: Context) async throws -> Response {
        var query = try Query(request, allowed: ["as_of", "since"])
        let asOf = try query.date("as_of") ?? Timestamp.today()
        let since = try query.date("since")
        let head = try await state.head()
        let form = AsOfForm(action: "/report", value: asOf, hidden: since.map { ["since": $0] } ?? [:])
        // Made once per head and date, and no more of them at once than the reader allows.
        let log = state.log
        let client = try await state.client(of: request, context)
        let parts = try await state.gated("report|\(asOf)|\(since ?? "")", head: head, gate: state.expensive, client: client) {
            try log.withViews { store in
                let report = try Report(store, asOf: asOf, since: since, headPosition: head.count, headChain: head.chainHex)
                return Array((report.htmlContent() + "\u{0}" + report.footerHTML).utf8)
            }
        }
        let text = String(buffer: parts)
        let content = String(text.prefix { $0 != "\u{0}" })
        let footer = String(text.drop { $0 != "\u{0}" }.dropFirst())
        return try await state.blocking {
            try page(Report.title(asOf: asOf), "report", request: request, asOfForm: form) { _ in
                ["content": content, "footer": footer, "style": Report.style]
            }
        }
    }

    // MARK: - Rendering

    /// Renders `template` in the layout. `context` reads the views only: it must not touch the
    /// log otherwise (the views are read inside one read transaction).
    ///
    /// Every page has the as-of form: a page on a date (`asOf` given) sends it to itself,
    /// any other to the overview.
    func page(
        _ title: String,
        _ template: String,
        request: Request,
        status: HTTPResponse.Status = .ok,
        asOf: String? = nil,
        asOfForm: AsOfForm? = nil,
        _ context: (ViewStore) throws -> [String: Any]
    ) throws -> Response {
        let head = try state.headNow()
        let values = try state.log.withViews { store in try context(store) }
        let content = PageTemplates.library.render(values, withTemplate: template) ?? ""
        let form = asOfForm ?? AsOfForm(action: asOf == nil ? "/" : request.uri.path, value: asOf ?? "", hidden: [:])
        let html =
            PageTemplates.library.render(
                [
                    "title": title, "navigation": Self.navigation, "content": content, "head": String(head.count), "chain": head.chainHex,
                    "asOfForm": form.values,
                ] as [String: Any],
                withTemplate: "layout"
            ) ?? ""
        return Self.html(html, status: status)
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status,
            headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text))
        )
    }
}
