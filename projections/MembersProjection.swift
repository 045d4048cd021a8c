import ActaEvents
import ActaLog

/// Member offices and countries: invited, joined, left, with dates; and the counts that
/// sources reported. An office is what joins: a country can have two member offices.
public struct MembersProjection: Projection {
    public let name = "members"
    public let version = 1
    public init() {}

    public struct Fact: Codable, Sendable, Equatable {
        /// invited, joined, left or founded (a signatory of the Declaration of Intent).
        public var kind: String
        public var country: String
        public var office: String?
        public var date: String
        public var note: String?
        public var provenance: Provenance
    }

    public struct Report: Codable, Sendable, Equatable {
        public var date: String
        public var offices: Int?
        public var countries: Int?
        public var members: [String]?
        public var provenance: Provenance
    }

    public func wants(_ type: String) -> Bool {
        [MemberInvited.type, MemberJoined.type, MemberLeft.type, MembershipReported.type, DeclarationSigned.type].contains(type)
    }

    public func apply(_ event: ProjectedEvent, to store: ViewStore) throws {
        let p = Provenance(event)
        let suffix = event.entry.position.padded(12)
        switch event.value {
        case let e as MemberInvited:
            try store.put("fact/\(e.country)/\(e.date)/\(suffix)", Fact(kind: "invited", country: e.country, office: e.office, date: e.date, provenance: p))
        case let e as MemberJoined:
            try store.put("fact/\(e.country)/\(e.date)/\(suffix)", Fact(kind: "joined", country: e.country, office: e.office, date: e.date, provenance: p))
        case let e as MemberLeft:
            try store.put("fact/\(e.country)/\(e.date)/\(suffix)", Fact(kind: "left", country: e.country, office: e.office, date: e.date, note: e.reason, provenance: p))
        case let e as DeclarationSigned:
            for country in e.signatories {
                try store.put("fact/\(country)/\(e.date)/\(suffix)", Fact(kind: "founded", country: country, date: e.date, provenance: p))
            }
        case let e as MembershipReported:
            try store.put("report/\(e.date)/\(suffix)", Report(date: e.date, offices: e.offices, countries: e.countries, members: e.members, provenance: p))
        default: return
        }
    }
}

/// The members on a date.
public struct MembersView: Codable, Sendable {
    public struct Office: Codable, Sendable, Equatable {
        public var country: String
        public var office: String?
        public var since: String
        public var left: String?
    }

    public struct Country: Codable, Sendable, Equatable {
        public var country: String
        public var status: String
        public var invited: String?
        public var since: String?
        public var offices: [Office]
    }

    public var asOf: String
    public var countries: [Country]
    /// Offices that are members on `asOf` (a signatory country without a named office counts as one).
    public var officeCount: Int
    public var countryCount: Int
    public var reports: [MembersProjection.Report]

    /// On one date, facts apply in this order whatever order they were recorded in: a founding
    /// signature before an office's own join, and an office leaving before its successor joins.
    static let rank = ["founded": 0, "invited": 1, "left": 2, "joined": 3]

    public init(_ store: ViewStore, asOf: String) throws {
        self.asOf = asOf
        let facts = try store.all(view: "members", prefix: "fact/", as: MembersProjection.Fact.self).map(\.value)
            .filter { $0.date <= asOf }
            .sorted { ($0.date, Self.rank[$0.kind] ?? 9, $0.provenance.position) < ($1.date, Self.rank[$1.kind] ?? 9, $1.provenance.position) }
        var byCountry: [String: [MembersProjection.Fact]] = [:]
        for f in facts { byCountry[f.country, default: []].append(f) }
        var countries: [Country] = []
        for (code, list) in byCountry {
            var offices: [String: Office] = [:]  // office name (or "") → membership
            var invited: String? = nil
            for f in list {
                switch f.kind {
                case "invited": invited = invited ?? f.date
                case "founded", "joined":
                    let key = f.office ?? ""
                    if f.office != nil, let unnamed = offices[""], unnamed.left == nil {
                        // A named office takes over the country's unnamed founding membership.
                        offices[""] = nil
                        offices[key] = Office(country: code, office: f.office, since: unnamed.since, left: nil)
                    } else if offices[key] == nil || offices[key]?.left != nil {
                        offices[key] = Office(country: code, office: f.office, since: f.date, left: nil)
                    }
                case "left":
                    let key = offices[f.office ?? ""] != nil ? (f.office ?? "") : (offices.first { $0.value.left == nil }?.key ?? "")
                    offices[key]?.left = f.date
                default: break
                }
            }
            let list = offices.values.sorted { ($0.since, $0.office ?? "") < ($1.since, $1.office ?? "") }
            let current = list.filter { $0.left == nil }
            let status = !current.isEmpty ? "member" : (!list.isEmpty ? "left" : "invited")
            countries.append(Country(country: code, status: status, invited: invited, since: current.map(\.since).min(), offices: list))
        }
        self.countries = countries.sorted { $0.country < $1.country }
        officeCount = countries.reduce(0) { $0 + $1.offices.filter { $0.left == nil }.count }
        countryCount = countries.filter { $0.status == "member" }.count
        reports = try store.all(view: "members", prefix: "report/", as: MembersProjection.Report.self).map(\.value).filter { $0.date <= asOf }
    }

    public func render() -> String {
        var out = "Members as of \(asOf): \(officeCount) offices from \(countryCount) countries\n\n"
        var table = TextTable(["COUNTRY", "STATUS", "SINCE", "INVITED", "OFFICES"])
        for c in countries {
            let offices = c.offices.filter { $0.left == nil }.map { $0.office ?? "(office not named)" }.joined(separator: "; ")
            table.add([c.country, c.status, c.since ?? "", c.invited ?? "", offices])
        }
        out += table.render()
        if !reports.isEmpty {
            out += "\nReported by sources\n\n"
            var t = TextTable(["DATE", "OFFICES", "COUNTRIES", "SOURCE"])
            for r in reports { t.add([r.date, r.offices.map(String.init) ?? "", r.countries.map(String.init) ?? (r.members.map { String($0.count) } ?? ""), r.provenance.source ?? ""]) }
            out += t.render()
        }
        return out
    }

    /// The countries that are members on `asOf`.
    public var memberCountries: [String] { countries.filter { $0.status == "member" }.map(\.country) }
}
