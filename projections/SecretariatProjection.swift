import ActaEvents
import ActaLog

/// The Secretariat: which member's office hosts it from when, for what term, and its staff.
public struct SecretariatProjection: Projection {
    public let name = "secretariat"
    /// 2: the precision of a host's start; provenance marks.
    public let version = 2
    public init() {}

    public struct Host: Codable, Sendable, Equatable {
        public var office: String
        public var country: String
        public var from: String
        public var term: Int?
        public var until: String?
        public var precision: String?
        public var provenance: Provenance
    }

    public struct StaffFact: Codable, Sendable, Equatable {
        public var name: String
        public var role: String
        public var office: String?
        public var appointed: Bool
        public var date: String
        public var provenance: Provenance
    }

    public func wants(_ type: String) -> Bool {
        type == SecretariatHosted.type || type == StaffAppointed.type || type == StaffLeft.type
    }

    public func apply(_ event: ProjectedEvent, to store: ViewStore) throws {
        let suffix = event.entry.position.padded(12)
        switch event.value {
        case let h as SecretariatHosted:
            try store.put(
                "host/\(h.from)/\(suffix)",
                Host(
                    office: h.office,
                    country: h.country,
                    from: h.from,
                    term: h.term,
                    until: h.until,
                    precision: h.precision,
                    provenance: Provenance(event)
                )
            )
        case let s as StaffAppointed:
            try store.put(
                "staff/\(s.from)/\(suffix)",
                StaffFact(name: s.name, role: s.role, office: s.office, appointed: true, date: s.from, provenance: Provenance(event))
            )
        case let s as StaffLeft:
            try store.put(
                "staff/\(s.until)/\(suffix)",
                StaffFact(name: s.name, role: s.role, appointed: false, date: s.until, provenance: Provenance(event))
            )
        default: return
        }
    }
}

/// The Secretariat on a date, with its history: each host's term and when it ends, and a
/// warning when the term in force has ended with no successor recorded.
public struct SecretariatView: Codable, Sendable {
    public struct Tenure: Codable, Sendable, Equatable, Marked {
        public var office: String
        public var country: String
        /// The first day as known (`2022-07` for month precision).
        public var from: String
        public var until: String?
        /// The term it was given, in years.
        public var term: Int?
        /// The day its term ends: `from` plus `term` years; a host that takes over within the
        /// same country with no term of its own serves the rest of its predecessor's term
        /// (the Sofia Appellate Prosecutor's Office took over Bulgaria's in 2022).
        public var termEnds: String?
        /// The first day of that term (the predecessor's, for a host serving out its term).
        public var termBegan: String?
        public var source: String?
        public var position: Int64
        public var inferred: Bool?
        public var conflicts: [Int64]?
    }

    public struct Staff: Codable, Sendable, Equatable, Marked {
        public var name: String
        public var role: String
        public var from: String
        public var until: String?
        public var inferred: Bool?
        public var conflicts: [Int64]?
    }

    public var asOf: String
    public var host: Tenure?
    /// Set when the host's term ended on or before `asOf` and no successor is recorded.
    public var warning: String?
    public var staff: [Staff]
    public var hosts: [Tenure]
    public var staffHistory: [Staff]

    public init(_ store: ViewStore, asOf: String) throws {
        self.asOf = asOf
        let conflicts = try ConflictIndex(store)
        let hosts = try store.all(view: "secretariat", prefix: "host/", as: SecretariatProjection.Host.self).map(\.value)
            .filter { $0.from <= asOf }.sorted { ($0.from, $0.provenance.position) < ($1.from, $1.provenance.position) }
        var tenures: [Tenure] = []
        var current: Tenure? = nil
        for (i, h) in hosts.enumerated() {
            let next = i + 1 < hosts.count ? hosts[i + 1] : nil
            // The last day given, or the next host's first, as precisely as that one is known.
            let until = [h.until, next?.from].compactMap { $0 }.min()
            let untilText = until.map { $0 == next?.from ? KnownDate.text($0, next?.precision) : $0 }
            let serving = h.term == nil && tenures.last?.country == h.country ? tenures.last : nil
            var t = Tenure(
                office: h.office,
                country: h.country,
                from: KnownDate.text(h.from, h.precision),
                until: untilText,
                term: h.term ?? serving?.term,
                termEnds: h.term.map { Self.adding(years: $0, to: h.from) } ?? serving?.termEnds,
                termBegan: h.term != nil ? KnownDate.text(h.from, h.precision) : serving?.termBegan,
                source: h.provenance.source,
                position: h.provenance.position
            )
            t.marks = conflicts.marks(h.provenance)
            tenures.append(t)
            if h.from <= asOf, until.map({ $0 > asOf }) ?? true { current = t }
        }
        self.hosts = tenures
        host = current
        if let current, let ends = current.termEnds, ends <= asOf {
            let term = [current.term.map { "\($0)-year " }, current.termBegan.map { "term from \($0)" } ?? "term"].compactMap { $0 }.joined()
            warning = "The \(term) that \(current.office) (\(current.country)) serves ended on \(ends); no successor is recorded."
        }
        let facts = try store.all(view: "secretariat", prefix: "staff/", as: SecretariatProjection.StaffFact.self).map(\.value)
            .filter { $0.date <= asOf }.sorted { ($0.date, $0.provenance.position) < ($1.date, $1.provenance.position) }
        var history: [Staff] = []
        for f in facts {
            if f.appointed {
                history.append(Staff(name: f.name, role: f.role, from: f.date, until: nil))
                history[history.count - 1].marks = conflicts.marks(f.provenance)
            } else if let i = history.lastIndex(where: { $0.name == f.name && $0.role == f.role && $0.until == nil }) {
                history[i].until = f.date
                history[i].marks = history[i].marks.merged(conflicts.marks(f.provenance))
            }
        }
        staffHistory = history
        staff = history.filter { $0.until == nil }
    }

    /// `date` plus `years`; the 29th of February becomes the 28th in a year without one.
    static func adding(years: Int, to date: String) -> String {
        let year = (Int(date.prefix(4)) ?? 0) + years
        let shifted = String(year).paddedYear + date.dropFirst(4)
        return Timestamp.isDate(shifted) ? shifted : String(shifted.prefix(8)) + "28"
    }

    public func render() -> String {
        var out = "Secretariat as of \(asOf)\n\n"
        if let host {
            out += "Hosted by \(host.office) (\(host.country)) since \(host.from)\(host.term.map { ", term \($0) years" } ?? "")"
            out += host.termBegan.map { $0 == host.from ? "" : " from \($0)" } ?? ""
            out += (host.termEnds.map { ", term ends \($0)" } ?? "") + host.marks.text + "\n"
        } else {
            out += "No host recorded on this date\n"
        }
        if let warning { out += "warning: \(warning)\n" }
        for s in staff { out += "  \(s.role): \(s.name) (since \(s.from))\(s.marks.text)\n" }
        out += "\nHosts\n\n"
        var t = TextTable(["FROM", "UNTIL", "TERM ENDS", "COUNTRY", "OFFICE", "MARKS"])
        for h in hosts { t.add([h.from, h.until ?? "", h.termEnds ?? "", h.country, h.office, h.marks.label]) }
        out += t.render()
        out += "\nStaff\n\n"
        var s = TextTable(["ROLE", "NAME", "FROM", "UNTIL", "MARKS"])
        for x in staffHistory { s.add([x.role, x.name, x.from, x.until ?? "", x.marks.label]) }
        out += s.render()
        return out
    }
}

extension String {
    /// A year of four digits.
    fileprivate var paddedYear: String { count >= 4 ? self : String(repeating: "0", count: 4 - count) + self }
}
