import ActaLog
import Foundation

/// The views of the register, each declared once, in the order they are listed and kept.
/// `acta view` and `acta rebuild`, the reader's API and pages, the OpenAPI test and the
/// projections the runner keeps (`OCPSProjections`) all come from this list.
///
///     let text = try log.withViews { try ViewCatalog.named("board")?.text($0, asOf: "2019-01-01") }
public enum ViewCatalog {
    public static let all: [ViewDefinition] = [
        ViewDefinition(BoardProjection(), "the Board's seats: recorded, derived by the 2018 rule, or unknown", BoardView.init, text: { $0.render() }),
        ViewDefinition(
            HostsProjection(),
            "meetings, hosts apart from venues, the next host, the alternation",
            HostsView.init,
            text: { $0.render() },
            page: .page(path: "/meetings", title: "Meetings", link: "Meetings", template: ViewPage.meetings) { hosts, marks in
                [
                    "meetings": hosts.meetings.map { m -> [String: Any] in
                        [
                            "body": m.body, "number": String(m.number), "page": ViewPage.meetingPath(m.body, m.number), "dates": m.dates,
                            "city": m.place, "country": m.host ?? "not recorded", "eu": m.eu.map { $0 ? "EU" : "non-EU" } ?? "",
                            "format": m.format + (m.platform.map { " (\($0))" } ?? ""), "alternation": m.alternation ?? "",
                            "marks": marks.links(m.marks, at: m.position),
                        ]
                    },
                    "alternation": hosts.alternationChecked == 0
                        ? "The non-EU / EU alternation cannot be judged yet."
                        : "The non-EU / EU alternation held in \(hosts.alternationHeld) of \(hosts.alternationChecked) pairs of consecutive "
                            + "in-person Conference meetings with known hosts.",
                ]
            }
        ),
        ViewDefinition(
            ActionsProjection(),
            "action items: owner, due date, status, where they come from",
            { try ActionsView($0, asOf: $1) },
            text: { $0.render() },
            page: .page(path: "/actions", title: "Action items", link: "Actions", template: ViewPage.actions) { view, marks in
                [
                    "asOf": view.asOf,
                    "items": view.items.map { r -> [String: Any] in
                        ViewPage.present([
                            "item": r.item, "owner": r.owner, "due": r.due ?? "", "status": r.status, "closed": r.closed ?? "", "task": r.task,
                            "outcome": r.outcome ?? "", "page": r.outcome.flatMap(ViewPage.meetingPath(outcome:)) ?? "",
                            "answered": r.answered.map { n in
                                "\(n) of \(r.dueFrom ?? 0)" + (r.answeredBy?.isEmpty == false ? " (\(r.answeredBy!.joined(separator: ", ")))" : "")
                            } ?? "",
                            "followUp": r.followUp ?? "", "marks": marks.links(r.marks),
                        ])
                    },
                ]
            }
        ),
        ViewDefinition(
            MembersProjection(),
            "member offices: founded, invited, intents, joined, left; counts",
            MembersView.init,
            text: { $0.render() },
            page: .page(path: "/members", title: "Members", link: "Members", template: ViewPage.members) { members, marks in
                [
                    "summary": "\(members.officeCount) member offices from \(members.countryCount) countries as of \(members.asOf).",
                    "countries": members.countries.map { c -> [String: Any] in
                        [
                            "country": c.country, "status": c.status + (c.founding == true ? " (founding)" : ""), "since": c.since ?? "",
                            "invited": c.invited ?? "", "intent": c.intent ?? "",
                            "offices": c.offices.filter { $0.left == nil }.map { $0.office ?? "office not named" }.joined(separator: "; "),
                            "marks": marks.links(c.marks),
                        ]
                    },
                ]
            }
        ),
        ViewDefinition(
            ProvisionsProjection(),
            "legal provisions: due from members, on time or late, missing",
            ProvisionsView.init,
            text: { $0.render() },
            page: .page(path: "/provisions", title: "National legal provisions", link: "Legal provisions", template: ViewPage.provisions) {
                view,
                marks in
                [
                    "requests": view.requests.map { r -> [String: Any] in
                        [
                            "request": r.request, "requested": r.requested, "deadline": r.deadline,
                            "submitted": r.submitted.map {
                                [
                                    "country": $0.country, "office": $0.office, "date": $0.date, "onTime": $0.onTime ? "yes" : "late",
                                    "documents": $0.documents.joined(separator: "; "), "marks": marks.links($0.marks, at: $0.position),
                                ]
                            },
                            "missing": r.missing.isEmpty ? "none" : r.missing.joined(separator: ", "),
                        ]
                    }
                ]
            }
        ),
        ViewDefinition(
            DecisionsProjection(),
            "outcomes by meeting with their follow-up status",
            { try DecisionsView($0, asOf: $1) },
            text: { $0.render() },
            page: .page(path: "/decisions", title: "Decisions", link: "Decisions", template: ViewPage.decisions) { view, marks in
                [
                    "asOf": view.asOf,
                    "meetings": Dictionary(grouping: view.outcomes) { "\($0.body)/\($0.meeting)" }.values
                        .sorted { ($0[0].body, $0[0].meeting) < ($1[0].body, $1[0].meeting) }
                        .map { outcomes -> [String: Any] in
                            let first = outcomes[0]
                            return [
                                "heading": "\(EventSentence.meeting(first.body, first.meeting)) (\(first.date))",
                                "page": ViewPage.meetingPath(first.body, first.meeting),
                                "outcomes": outcomes.map { ViewPage.outcomeValues($0, marks) },
                            ]
                        },
                ]
            }
        ),
        ViewDefinition(
            SecretariatProjection(),
            "the Secretariat's host office, its term and staff, with history",
            SecretariatView.init,
            text: { $0.render() }
        ),
    ]

    public static var names: [String] { all.map(\.name) }

    /// The view of that name, or nil.
    public static func named(_ name: String) -> ViewDefinition? {
        all.first { $0.name == name }
    }
}

/// One view: its name (its projection's), what it shows, its text for people and JSON for
/// machines, and its page in the reader when it has one. Declared in `ViewCatalog.all`, from
/// the view's type:
///
///     ViewDefinition(BoardProjection(), "the Executive Board's seats …", BoardView.init, text: { $0.render() })
public struct ViewDefinition: Sendable {
    /// `acta view NAME`, `/api/views/NAME`: the name of the projection the view reads.
    public let name: String
    public let summary: String
    public let page: ViewPage?
    /// The projection that keeps the view's records.
    let projection: any Projection
    private let renderText: @Sendable (ViewStore, String) throws -> String
    private let encodeJSON: @Sendable (ViewStore, String) throws -> Data

    init<View: Encodable & Sendable>(
        _ projection: some Projection,
        _ summary: String,
        _ view: @escaping @Sendable (ViewStore, String) throws -> View,
        text: @escaping @Sendable (View) -> String,
        page: ViewPage.Declaration<View>? = nil
    ) {
        name = projection.name
        self.summary = summary
        self.projection = projection
        renderText = { store, asOf in text(try view(store, asOf)) }
        encodeJSON = { store, asOf in try ViewDefinition.encoder.encode(try view(store, asOf)) }
        self.page = page.map { page in
            ViewPage(path: page.path, title: page.title, link: page.link, template: page.template) { store, asOf in
                page.values(try view(store, asOf), try MarkLinks(store))
            }
        }
    }

    /// The view on `asOf` (business time) as a text for people.
    public func text(_ store: ViewStore, asOf: String) throws -> String {
        try renderText(store, asOf)
    }

    /// The view on `asOf` as pretty-printed JSON with sorted keys.
    public func json(_ store: ViewStore, asOf: String) throws -> Data {
        try encodeJSON(store, asOf)
    }

    /// How every view is written as JSON.
    public static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

/// A view's page in the reader: where it is, its title and header link, its Mustache template
/// (`{{ }}` HTML-escapes), and the values the template reads, made from the view.
public struct ViewPage: Sendable {
    public let path: String
    public let title: String
    /// The text of the page's link in the reader's header.
    public let link: String
    public let template: String
    private let makeValues: @Sendable (ViewStore, String) throws -> [String: Any]

    init(path: String, title: String, link: String, template: String, values: @escaping @Sendable (ViewStore, String) throws -> [String: Any]) {
        self.path = path
        self.title = title
        self.link = link
        self.template = template
        makeValues = values
    }

    /// What the template reads, for the view on `asOf`.
    public func values(_ store: ViewStore, asOf: String) throws -> [String: Any] {
        try makeValues(store, asOf)
    }

    /// A page as a view declares it in `ViewCatalog.all`: its values come from the view itself.
    struct Declaration<View>: Sendable {
        let path: String
        let title: String
        let link: String
        let template: String
        /// The template's values, from the view and the marks' links (``MarkLinks``).
        let values: @Sendable (View, MarkLinks) -> [String: Any]
    }
}

extension ViewPage.Declaration {
    static func page(
        path: String,
        title: String,
        link: String,
        template: String,
        _ values: @escaping @Sendable (View, MarkLinks) -> [String: Any]
    ) -> Self {
        Self(path: path, title: title, link: link, template: template, values: values)
    }
}

// MARK: - Templates

extension ViewPage {
    /// The reader's page of a meeting (served by the reader, not a view's page).
    public static func meetingPath(_ body: String, _ number: Int) -> String { "/meetings/\(body)/\(number)" }

    /// The meeting page of an outcome named as a view names it, `conference 4 #3`.
    static func meetingPath(outcome: String) -> String? {
        let parts = outcome.split(separator: " ")
        guard parts.count >= 2, let number = Int(parts[1]) else { return nil }
        return meetingPath(String(parts[0]), number)
    }

    /// `values` without its empty texts. A template shows a part only when a value is there
    /// (`{{#followUp}}…{{/followUp}}`), and swift-mustache counts an empty text as there.
    public static func present(_ values: [String: Any]) -> [String: Any] {
        values.filter { ($0.value as? String)?.isEmpty != true }
    }

    /// An outcome as the decisions page and a meeting's page show it.
    public static func outcomeValues(_ o: DecisionsView.Row, _ marks: MarkLinks) -> [String: Any] {
        [
            "ordinal": String(o.ordinal), "kind": o.kind, "date": o.date, "text": o.text, "followUp": o.followUp, "links": o.links,
            "position": String(o.position), "marks": marks.links(o.marks, at: o.position),
        ]
    }

    /// `{{>marks}}`: a row's provenance marks, each linking to the event that tells its source.
    public static let marksPartial = """
        {{#marks}} <a class="mark" href="{{href}}" title="{{title}}">{{label}}</a>{{/marks}}
        """

    static let meetings = """
        <div class="scroll"><table><thead><tr><th>Body</th><th>No.</th><th>Dates</th><th>Place</th><th>Host</th><th>EU</th><th>Format</th><th>Alternation</th><th>Marks</th></tr></thead><tbody>
        {{#meetings}}<tr><td>{{body}}</td><td><a href="{{page}}">{{number}}</a></td><td class="date">{{dates}}</td><td>{{city}}</td><td>{{country}}</td><td>{{eu}}</td><td>{{format}}</td><td>{{alternation}}</td><td>{{>marks}}</td></tr>{{/meetings}}
        </tbody></table></div>
        <p>{{alternation}}</p>
        """

    static let actions = """
        <p class="muted">Every action item as of {{asOf}}, oldest first.</p>
        <div class="scroll"><table><thead><tr><th>Item</th><th>Owner</th><th>Due</th><th>Status</th><th>From</th><th>Answered</th><th>Task</th><th>Marks</th></tr></thead><tbody>
        {{#items}}<tr><td class="id">{{item}}</td><td>{{owner}}</td><td class="date">{{due}}</td><td class="status"><span class="{{status}}">{{status}}</span> <span class="date">{{closed}}</span>{{#followUp}}<br><span class="muted">{{followUp}}</span>{{/followUp}}</td>
        <td class="link">{{#page}}<a href="{{page}}">{{outcome}}</a>{{/page}}</td><td>{{answered}}</td><td>{{task}}</td><td>{{>marks}}</td></tr>{{/items}}
        </tbody></table></div>
        {{^items}}<p>No action item is recorded.</p>{{/items}}
        """

    static let decisions = """
        <p class="muted">Every outcome adopted as of {{asOf}}, by meeting, with what followed.</p>
        {{#meetings}}<h2><a href="{{page}}">{{heading}}</a></h2>
        {{>outcomes}}{{/meetings}}
        {{^meetings}}<p>No outcome is recorded.</p>{{/meetings}}
        """

    /// `{{>outcomes}}`: a meeting's outcomes with their follow-up.
    public static let outcomesPartial = """
        <div class="scroll"><table><thead><tr><th>No.</th><th>Kind</th><th>Text</th><th class="date">Follow-up</th><th>Marks</th></tr></thead><tbody>
        {{#outcomes}}<tr><td>{{ordinal}}</td><td>{{kind}}</td><td>{{text}}</td><td><span class="{{followUp}}">{{followUp}}</span>{{#links}}<br><span class="link">→ {{.}}</span>{{/links}}</td><td>{{>marks}}</td></tr>{{/outcomes}}
        </tbody></table></div>
        """

    static let members = """
        <p>{{summary}}</p>
        <div class="scroll"><table><thead><tr><th>Country</th><th>Status</th><th>Since</th><th>Invited</th><th>Intent</th><th>Offices</th><th>Marks</th></tr></thead><tbody>
        {{#countries}}<tr><td>{{country}}</td><td>{{status}}</td><td class="date">{{since}}</td><td class="date">{{invited}}</td><td class="date">{{intent}}</td><td>{{offices}}</td><td>{{>marks}}</td></tr>{{/countries}}
        </tbody></table></div>
        """

    static let provisions = """
        {{#requests}}<h2>Request {{request}} of {{requested}}, due {{deadline}}</h2>
        <div class="scroll"><table><thead><tr><th>Country</th><th>Office</th><th>Submitted</th><th>On time</th><th>Documents</th><th>Marks</th></tr></thead><tbody>
        {{#submitted}}<tr><td>{{country}}</td><td>{{office}}</td><td class="date">{{date}}</td><td>{{onTime}}</td><td>{{documents}}</td><td>{{>marks}}</td></tr>{{/submitted}}
        </tbody></table></div>
        <p>Missing: {{missing}}</p>{{/requests}}
        {{^requests}}<p>No request for legal provisions is recorded.</p>{{/requests}}
        """
}
