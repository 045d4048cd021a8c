import ActaEvents
import ActaLog

/// The Secretariat: which member's office hosts it from when, for what term, and its staff.
public struct SecretariatProjection: Projection {
    public let name = "secretariat"
    public let version = 1
    public init() {}

    public struct Host: Codable, Sendable, Equatable {
        public var office: String
        public var country: String
        public var from: String
        public var term: Int?
        public var until: String?
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
            try store.put("host/\(h.from)/\(suffix)", Host(office: h.office, country: h.country, from: h.from, term: h.term, until: h.until, provenance: Provenance(event)))
        case let s as StaffAppointed:
            try store.put("staff/\(s.from)/\(suffix)", StaffFact(name: s.name, role: s.role, office: s.office, appointed: true, date: s.from, provenance: Provenance(event)))
        case let s as StaffLeft:
            try store.put("staff/\(s.until)/\(suffix)", StaffFact(name: s.name, role: s.role, appointed: false, date: s.until, provenance: Provenance(event)))
        default: return
        }
    }
}

/// The Secretariat on a date, with its history.
public struct SecretariatView: Codable, Sendable {
    public struct Tenure: Codable, Sendable, Equatable {
        public var office: String
        public var country: String
        public var from: String
        public var until: String?
        public var term: Int?
        public var source: String?
    }

    public struct Staff: Codable, Sendable, Equatable {
        public var name: String
        public var role: String
        public var from: String
        public var until: String?
    }

    public var asOf: String
    public var host: Tenure?
    public var staff: [Staff]
    public var hosts: [Tenure]
    public var staffHistory: [Staff]

    public init(_ store: ViewStore, asOf: String) throws {
        self.asOf = asOf
        let hosts = try store.all(view: "secretariat", prefix: "host/", as: SecretariatProjection.Host.self).map(\.value)
            .filter { $0.from <= asOf }.sorted { ($0.from, $0.provenance.position) < ($1.from, $1.provenance.position) }
        var tenures: [Tenure] = []
        for (i, h) in hosts.enumerated() {
            let next = i + 1 < hosts.count ? hosts[i + 1].from : nil
            let until = [h.until, next].compactMap { $0 }.min()
            tenures.append(Tenure(office: h.office, country: h.country, from: h.from, until: until, term: h.term, source: h.provenance.source))
        }
        self.hosts = tenures
        host = tenures.last { $0.from <= asOf && ($0.until.map { $0 > asOf } ?? true) }
        let facts = try store.all(view: "secretariat", prefix: "staff/", as: SecretariatProjection.StaffFact.self).map(\.value)
            .filter { $0.date <= asOf }.sorted { ($0.date, $0.provenance.position) < ($1.date, $1.provenance.position) }
        var history: [Staff] = []
        for f in facts {
            if f.appointed {
                history.append(Staff(name: f.name, role: f.role, from: f.date, until: nil))
            } else if let i = history.lastIndex(where: { $0.name == f.name && $0.role == f.role && $0.until == nil }) {
                history[i].until = f.date
            }
        }
        staffHistory = history
        staff = history.filter { $0.until == nil }
    }

    public func render() -> String {
        var out = "Secretariat as of \(asOf)\n\n"
        if let host {
            out += "Hosted by \(host.office) (\(host.country)) since \(host.from)\(host.term.map { ", term \($0) years" } ?? "")\n"
        } else {
            out += "No host recorded on this date\n"
        }
        for s in staff { out += "  \(s.role): \(s.name) (since \(s.from))\n" }
        out += "\nHosts\n\n"
        var t = TextTable(["FROM", "UNTIL", "COUNTRY", "OFFICE"])
        for h in hosts { t.add([h.from, h.until ?? "", h.country, h.office]) }
        out += t.render()
        out += "\nStaff\n\n"
        var s = TextTable(["ROLE", "NAME", "FROM", "UNTIL"])
        for x in staffHistory { s.add([x.role, x.name, x.from, x.until ?? ""]) }
        out += s.render()
        return out
    }
}
