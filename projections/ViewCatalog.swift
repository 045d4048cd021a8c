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
            HostsProjection(), "meetings, hosts apart from venues, the next host, the alternation",
            HostsView.init, text: { $0.render() },
            page: .page(path: "/meetings", title: "Meetings", link: "Meetings", template: ViewPage.meetings) { hosts in
                [
                    "meetings": hosts.meetings.map { m -> [String: Any] in
                        ["body": m.body, "number": String(m.number), "position": String(m.position), "dates": m.dates,
                         "city": m.place, "country": m.host ?? "not recorded", "eu": m.eu.map { $0 ? "EU" : "non-EU" } ?? "",
                         "format": m.format + (m.platform.map { " (\($0))" } ?? ""), "alternation": m.alternation ?? ""]
                    },
                    "alternation": hosts.alternationChecked == 0
                        ? "The non-EU / EU alternation cannot be judged yet."
                        : "The non-EU / EU alternation held in \(hosts.alternationHeld) of \(hosts.alternationChecked) pairs of consecutive "
                            + "in-person Conference meetings with known hosts.",
                ]
            }),
        ViewDefinition(
            ActionsProjection(), "action items: owner, due date, status, where they come from", { try ActionsView($0, asOf: $1) }, text: { $0.render() }),
        ViewDefinition(
            MembersProjection(), "member offices: founded, invited, intents, joined, left; counts",
            MembersView.init, text: { $0.render() },
            page: .page(path: "/members", title: "Members", link: "Members", template: ViewPage.members) { members in
                [
                    "summary": "\(members.officeCount) member offices from \(members.countryCount) countries as of \(members.asOf).",
                    "countries": members.countries.map { c -> [String: Any] in
                        ["country": c.country, "status": c.status, "since": c.since ?? "", "invited": c.invited ?? "",
                         "offices": c.offices.filter { $0.left == nil }.map { $0.office ?? "office not named" }.joined(separator: "; ")]
                    },
                ]
            }),
        ViewDefinition(
            ProvisionsProjection(), "legal provisions: due from members, on time or late, missing",
            ProvisionsView.init, text: { $0.render() },
            page: .page(path: "/provisions", title: "National legal provisions", link: "Legal provisions", template: ViewPage.provisions) { view in
                [
                    "requests": view.requests.map { r -> [String: Any] in
                        ["request": r.request, "requested": r.requested, "deadline": r.deadline,
                         "submitted": r.submitted.map {
                             ["country": $0.country, "office": $0.office, "date": $0.date, "onTime": $0.onTime ? "yes" : "late",
                              "documents": $0.documents.joined(separator: "; ")]
                         },
                         "missing": r.missing.isEmpty ? "none" : r.missing.joined(separator: ", ")]
                    }
                ]
            }),
        ViewDefinition(
            DecisionsProjection(), "outcomes by meeting with their follow-up status", { try DecisionsView($0, asOf: $1) }, text: { $0.render() }),
        ViewDefinition(SecretariatProjection(), "the Secretariat's host office, its term and staff, with history", SecretariatView.init, text: { $0.render() }),
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
        _ projection: some Projection, _ summary: String, _ view: @escaping @Sendable (ViewStore, String) throws -> View,
        text: @escaping @Sendable (View) -> String, page: ViewPage.Declaration<View>? = nil
    ) {
        name = projection.name
        self.summary = summary
        self.projection = projection
        renderText = { store, asOf in text(try view(store, asOf)) }
        encodeJSON = { store, asOf in try ViewDefinition.encoder.encode(try view(store, asOf)) }
        self.page = page.map { page in
            ViewPage(path: page.path, title: page.title, link: page.link, template: page.template) { store, asOf in
                page.values(try view(store, asOf))
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
        let values: @Sendable (View) -> [String: Any]
    }
}

extension ViewPage.Declaration {
    static func page(path: String, title: String, link: String, template: String, _ values: @escaping @Sendable (View) -> [String: Any]) -> Self {
        Self(path: path, title: title, link: link, template: template, values: values)
    }
}

// MARK: - Templates

extension ViewPage {
    static let meetings = """
        <table><thead><tr><th>Body</th><th>No.</th><th>Dates</th><th>Place</th><th>Host</th><th>EU</th><th>Format</th><th>Alternation</th></tr></thead><tbody>
        {{#meetings}}<tr><td>{{body}}</td><td><a href="/events/{{position}}">{{number}}</a></td><td class="date">{{dates}}</td><td>{{city}}</td><td>{{country}}</td><td>{{eu}}</td><td>{{format}}</td><td>{{alternation}}</td></tr>{{/meetings}}
        </tbody></table>
        <p>{{alternation}}</p>
        """

    static let members = """
        <p>{{summary}}</p>
        <table><thead><tr><th>Country</th><th>Status</th><th>Since</th><th>Invited</th><th>Offices</th></tr></thead><tbody>
        {{#countries}}<tr><td>{{country}}</td><td>{{status}}</td><td>{{since}}</td><td>{{invited}}</td><td>{{offices}}</td></tr>{{/countries}}
        </tbody></table>
        """

    static let provisions = """
        {{#requests}}<h2>Request {{request}} of {{requested}}, due {{deadline}}</h2>
        <table><thead><tr><th>Country</th><th>Office</th><th>Submitted</th><th>On time</th><th>Documents</th></tr></thead><tbody>
        {{#submitted}}<tr><td>{{country}}</td><td>{{office}}</td><td>{{date}}</td><td>{{onTime}}</td><td>{{documents}}</td></tr>{{/submitted}}
        </tbody></table>
        <p>Missing: {{missing}}</p>{{/requests}}
        {{^requests}}<p>No request for legal provisions is recorded.</p>{{/requests}}
        """
}
