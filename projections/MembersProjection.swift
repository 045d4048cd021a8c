import ActaEvents
import ActaLog

/// Member offices and countries: founded (signed the Declaration of Intent), invited,
/// announced an intent to join, joined, left, with dates; and the counts that sources
/// reported. An office is what joins: a country can have two member offices, and a country
/// whose office changes stays a member.
public struct MembersProjection: Projection {
    public let name = "members"
    /// 2: intents to join; the meeting an invitation came from; dates' precision; provenance marks.
    public let version = 2
    public init() {}

    public struct Fact: Codable, Sendable, Equatable {
        /// invited, intent, joined, left or founded (a signatory of the Declaration of Intent).
        public var kind: String
        public var country: String
        public var office: String?
        public var date: String
        public var precision: String?
        public var note: String?
        /// The meeting that decided an invitation or heard an intent.
        public var body: String?
        public var meeting: Int?
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
        [MemberInvited.type, IntentToJoinAnnounced.type, MemberJoined.type, MemberLeft.type, MembershipReported.type, DeclarationSigned.type]
            .contains(type)
    }

    public func apply(_ event: ProjectedEvent, to store: ViewStore) throws {
        let p = Provenance(event)
        let suffix = event.entry.position.padded(12)
        func put(_ f: Fact) throws { try store.put("fact/\(f.country)/\(f.date)/\(suffix)", f) }
        switch event.value {
        case let e as MemberInvited:
            try put(Fact(kind: "invited", country: e.country, office: e.office, date: e.date, body: e.body, meeting: e.meeting, provenance: p))
        case let e as IntentToJoinAnnounced:
            try put(Fact(kind: "intent", country: e.country, office: e.office, date: e.date, body: e.body, meeting: e.meeting, provenance: p))
        case let e as MemberJoined:
            try put(Fact(kind: "joined", country: e.country, office: e.office, date: e.date, precision: e.precision, provenance: p))
        case let e as MemberLeft:
            try put(Fact(kind: "left", country: e.country, office: e.office, date: e.date, precision: e.precision, note: e.reason, provenance: p))
        case let e as DeclarationSigned:
            for country in e.signatories {
                try put(Fact(kind: "founded", country: country, date: e.date, provenance: p))
            }
        case let e as MembershipReported:
            try store.put(
                "report/\(e.date)/\(suffix)",
                Report(date: e.date, offices: e.offices, countries: e.countries, members: e.members, provenance: p)
            )
        default: return
        }
    }
}

/// The members on a date; beside each count a source reported, the register's own count on
/// that date and the difference.
public struct MembersView: Codable, Sendable {
    public struct Office: Codable, Sendable, Equatable, Marked {
        public var country: String
        public var office: String?
        public var since: String
        public var left: String?
        public var inferred: Bool?
        public var conflicts: [Int64]?
    }

    public struct Country: Codable, Sendable, Equatable, Marked {
        public var country: String
        /// member, left, invited, or intends to join.
        public var status: String
        /// True for a signatory of the Declaration of Intent.
        public var founding: Bool?
        public var invited: String?
        /// When it announced it intends to join.
        public var intent: String?
        /// The start of its membership, unbroken by a change of office.
        public var since: String?
        public var offices: [Office]
        /// The marks of the facts its membership rests on (the founding or the join).
        public var inferred: Bool?
        public var conflicts: [Int64]?
    }

    /// A count a source reported, beside the register's count on its date.
    public struct ReportedCount: Codable, Sendable, Equatable, Marked {
        public var date: String
        public var offices: Int?
        public var countries: Int?
        public var members: [String]?
        public var source: String?
        public var position: Int64
        public var registerOffices: Int
        public var registerCountries: Int
        /// Reported minus recorded; nil when the source gave no such count.
        public var officeDifference: Int?
        public var countryDifference: Int?
        /// Countries the source lists that the register does not have as members then, and the reverse.
        public var notInRegister: [String]?
        public var notInReport: [String]?
        public var inferred: Bool?
        public var conflicts: [Int64]?
    }

    public var asOf: String
    public var countries: [Country]
    /// Offices that are members on `asOf` (a signatory country without a named office counts as one).
    public var officeCount: Int
    public var countryCount: Int
    public var reports: [ReportedCount]

    /// On one date, facts apply in this order whatever order they were recorded in: a founding
    /// signature before an office's own join, and an office leaving before its successor joins.
    static let rank = ["founded": 0, "invited": 1, "intent": 2, "left": 3, "joined": 4]

    public init(_ store: ViewStore, asOf: String) throws {
        self.asOf = asOf
        let conflicts = try ConflictIndex(store)
        let all = try store.all(view: "members", prefix: "fact/", as: MembersProjection.Fact.self).map(\.value)
            .sorted { ($0.date, Self.rank[$0.kind] ?? 9, $0.provenance.position) < ($1.date, Self.rank[$1.kind] ?? 9, $1.provenance.position) }
        countries = Self.countries(all.filter { $0.date <= asOf }, conflicts)
        (officeCount, countryCount) = Self.counts(countries)
        reports = try store.all(view: "members", prefix: "report/", as: MembersProjection.Report.self).map(\.value).filter { $0.date <= asOf }.map {
            r in
            let then = Self.countries(all.filter { $0.date <= r.date }, conflicts)
            let (offices, countries) = Self.counts(then)
            let members = Set(then.filter { $0.status == "member" }.map(\.country))
            let reportedCountries = r.countries ?? r.members?.count
            var row = ReportedCount(
                date: r.date,
                offices: r.offices,
                countries: reportedCountries,
                members: r.members,
                source: r.provenance.source,
                position: r.provenance.position,
                registerOffices: offices,
                registerCountries: countries,
                officeDifference: r.offices.map { $0 - offices },
                countryDifference: reportedCountries.map { $0 - countries },
                notInRegister: r.members.map { $0.filter { !members.contains($0) }.sorted() }.flatMap { $0.isEmpty ? nil : $0 },
                notInReport: r.members.map { listed in members.filter { !listed.contains($0) }.sorted() }.flatMap { $0.isEmpty ? nil : $0 }
            )
            row.marks = conflicts.marks(r.provenance)
            return row
        }
    }

    static func counts(_ countries: [Country]) -> (offices: Int, countries: Int) {
        (countries.reduce(0) { $0 + $1.offices.filter { $0.left == nil }.count }, countries.filter { $0.status == "member" }.count)
    }

    /// The countries as `facts` (in date order) leave them.
    static func countries(_ facts: [MembersProjection.Fact], _ conflicts: ConflictIndex) -> [Country] {
        var byCountry: [String: [MembersProjection.Fact]] = [:]
        for f in facts { byCountry[f.country, default: []].append(f) }
        var countries: [Country] = []
        for (code, list) in byCountry {
            var offices: [String: (office: Office, sources: [Provenance])] = [:]  // office name (or "") → membership
            var invited: String? = nil
            var intent: String? = nil
            var founding = false
            var since: String? = nil
            var sinceSources: [Provenance] = []
            var emptiedOn: String? = nil  // the day the country's last office left
            for f in list {
                let current = offices.values.filter { $0.office.left == nil }.count
                switch f.kind {
                case "invited": invited = invited ?? f.date
                case "intent": intent = intent ?? f.date
                case "founded", "joined":
                    if f.kind == "founded" { founding = true }
                    let key = f.office ?? ""
                    let shown = KnownDate.text(f.date, f.precision)
                    if f.office != nil, let unnamed = offices[""], unnamed.office.left == nil {
                        // A named office takes over the country's unnamed founding membership.
                        offices[""] = nil
                        offices[key] = (Office(country: code, office: f.office, since: unnamed.office.since), unnamed.sources + [f.provenance])
                    } else if offices[key] == nil || offices[key]?.office.left != nil {
                        offices[key] = (Office(country: code, office: f.office, since: shown), [f.provenance])
                    } else {
                        offices[key]!.sources.append(f.provenance)
                    }
                    // A membership starts when the country had no office; an office that
                    // replaces one leaving the same day continues it.
                    if current == 0, emptiedOn != f.date || since == nil {
                        since = shown
                        sinceSources = [f.provenance]
                    } else if f.kind == "founded" {
                        sinceSources.append(f.provenance)
                    }
                case "left":
                    let key = offices[f.office ?? ""] != nil ? (f.office ?? "") : (offices.first { $0.value.office.left == nil }?.key ?? "")
                    offices[key]?.office.left = KnownDate.text(f.date, f.precision)
                    offices[key]?.sources.append(f.provenance)
                    if current == 1 { emptiedOn = f.date }
                default: break
                }
            }
            let list = offices.values.map { entry in
                var o = entry.office
                o.marks = conflicts.marks(entry.sources)
                return o
            }.sorted { ($0.left == nil ? 1 : 0, $0.since, $0.office ?? "") < ($1.left == nil ? 1 : 0, $1.since, $1.office ?? "") }
            let isMember = list.contains { $0.left == nil }
            let status = isMember ? "member" : (!list.isEmpty ? "left" : (intent != nil ? "intends to join" : "invited"))
            var country = Country(
                country: code,
                status: status,
                founding: founding ? true : nil,
                invited: invited,
                intent: intent,
                since: isMember ? since : nil,
                offices: list
            )
            if isMember { country.marks = conflicts.marks(sinceSources) }
            countries.append(country)
        }
        return countries.sorted { $0.country < $1.country }
    }

    public func render() -> String {
        var out = "Members as of \(asOf): \(officeCount) offices from \(countryCount) countries\n\n"
        var table = TextTable(["COUNTRY", "STATUS", "SINCE", "INVITED", "INTENT", "OFFICES", "MARKS"])
        for c in countries {
            let offices = c.offices.map { o in
                (o.office ?? "(office not named)") + (o.left.map { " (\(o.since) to \($0))" } ?? (c.offices.count > 1 ? " (from \(o.since))" : ""))
            }.joined(separator: "; ")
            table.add([
                c.country, c.status + (c.founding == true ? " (founding)" : ""), c.since ?? "", c.invited ?? "", c.intent ?? "", offices,
                c.marks.label,
            ])
        }
        out += table.render()
        if !reports.isEmpty {
            out += "\nReported by sources, beside the register on the same date\n\n"
            var t = TextTable(["DATE", "OFFICES", "REGISTER", "DIFF", "COUNTRIES", "REGISTER", "DIFF", "SOURCE", "MARKS"])
            func diff(_ d: Int?) -> String { d.map { $0 > 0 ? "+\($0)" : String($0) } ?? "" }
            for r in reports {
                t.add([
                    r.date, r.offices.map(String.init) ?? "", String(r.registerOffices), diff(r.officeDifference), r.countries.map(String.init) ?? "",
                    String(r.registerCountries), diff(r.countryDifference), r.source ?? "", r.marks.label,
                ])
            }
            out += t.render()
            for r in reports {
                if let extra = r.notInRegister {
                    out += "\(r.date): the source lists \(extra.joined(separator: ", ")), not members in the register then\n"
                }
                if let missing = r.notInReport {
                    out += "\(r.date): the register has \(missing.joined(separator: ", ")), which the source does not list\n"
                }
            }
        }
        return out
    }

    /// The countries that are members on `asOf`.
    public var memberCountries: [String] { countries.filter { $0.status == "member" }.map(\.country) }
}
