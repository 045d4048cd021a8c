import ActaEvents
import ActaLog

/// The Executive Board: four seats (previous, present and future host of the Conference,
/// and the Secretariat's host), who held each, from when to when.
///
/// The fold keeps the dated facts (seats filled, seats vacated); tenures are computed at
/// query time from their dates, so facts recorded late or out of order give the same Board.
/// The view sets beside them what the Fourth Meeting's rule derives from the hosts and the
/// Secretariat (``BoardView``).
public struct BoardProjection: Projection {
    public let name = "board"
    /// 2: provenance marks.
    public let version = 2
    public init() {}

    public struct Fact: Codable, Sendable, Equatable {
        public var seat: String
        public var country: String
        public var filled: Bool
        /// `from` for a filled seat, `until` for a vacated one.
        public var date: String
        public var representative: String?
        public var office: String?
        public var reason: String?
        public var provenance: Provenance
    }

    public func wants(_ type: String) -> Bool {
        type == BoardSeatFilled.type || type == BoardSeatVacated.type
    }

    public func apply(_ event: ProjectedEvent, to store: ViewStore) throws {
        let fact: Fact
        switch event.value {
        case let e as BoardSeatFilled:
            fact = Fact(
                seat: e.seat,
                country: e.country,
                filled: true,
                date: e.from,
                representative: e.representative,
                office: e.office,
                provenance: Provenance(event)
            )
        case let e as BoardSeatVacated:
            fact = Fact(seat: e.seat, country: e.country, filled: false, date: e.until, reason: e.reason, provenance: Provenance(event))
        default: return
        }
        try store.put("fact/\(fact.seat)/\(fact.date)/\(event.entry.position.padded(12))", fact)
    }
}

/// The Board on a date: each seat as recorded by the seat events, beside what the rule the
/// Fourth Meeting adopted on 2018-06-30 derives (the previous, present and future host
/// country of the Conference, and the Secretariat's host country), with every seat's
/// recorded tenure history.
///
/// A seat is `recorded` (a seat event names its holder; the rule agrees or cannot say),
/// `derived` (nothing recorded; the rule names the holder), `disagree` (both, and they
/// differ: both are shown), `vacant` (a vacancy was recorded and the rule names no one), or
/// `unknown` (nothing recorded and the rule cannot say). Never vacant without a recorded vacancy.
public struct BoardView: Codable, Sendable {
    public struct Tenure: Codable, Sendable, Equatable, Marked {
        public var seat: String
        public var country: String
        public var representative: String?
        public var office: String?
        public var from: String
        public var until: String?
        public var sources: [Provenance]
        public var inferred: Bool?
        public var conflicts: [Int64]?
    }

    /// What the seat events say on the date.
    public struct Recorded: Codable, Sendable, Equatable, Marked {
        /// The holder; nil when the last event on the seat vacated it.
        public var country: String?
        public var office: String?
        public var representative: String?
        /// The holder's first day, or the day the seat was vacated.
        public var since: String
        public var vacant: Bool?
        /// For a vacancy: the country that left the seat.
        public var left: String?
        public var positions: [Int64]
        public var inferred: Bool?
        public var conflicts: [Int64]?
    }

    /// What the 2018 rule derives on the date.
    public struct Derived: Codable, Sendable, Equatable, Marked {
        /// nil when the rule cannot name a holder (`basis` says why).
        public var country: String?
        public var office: String?
        public var since: String?
        public var basis: String
        public var positions: [Int64]
        public var inferred: Bool?
        public var conflicts: [Int64]?
    }

    public struct Seat: Codable, Sendable, Equatable, Marked {
        public var seat: String
        /// recorded, derived, disagree, vacant or unknown.
        public var status: String
        /// The holder, when the record and the rule do not disagree about it.
        public var country: String?
        public var office: String?
        public var representative: String?
        public var since: String?
        public var recorded: Recorded?
        public var derived: Derived?
        public var inferred: Bool?
        public var conflicts: [Int64]?

        /// How the seat is known, in words.
        public var how: String {
            switch status {
            case "recorded": derived?.country == nil ? "recorded" : "recorded; the rule agrees"
            case "derived": "derived by the rule"
            case "disagree": "recorded and derived disagree"
            case "vacant": "vacant (recorded)"
            default: "unknown (nothing recorded)"
            }
        }
    }

    public var asOf: String
    /// The four seats in ``seatOrder``.
    public var seats: [Seat]
    public var history: [Tenure]

    public static let seatOrder = ["previous-host", "present-host", "future-host", "secretariat-host"]
    /// The Fourth Meeting adopted the Board's composition on this date.
    public static let ruleAdopted = "2018-06-30"

    public func seat(_ name: String) -> Seat? { seats.first { $0.seat == name } }

    public init(_ store: ViewStore, asOf: String) throws {
        self.asOf = asOf
        let conflicts = try ConflictIndex(store)
        let facts = try store.all(view: "board", prefix: "fact/", as: BoardProjection.Fact.self).map(\.value).filter { $0.date <= asOf }
        var history: [Tenure] = []
        var recorded: [String: Recorded] = [:]
        for seat in Self.seatOrder {
            let seatFacts = facts.filter { $0.seat == seat }.sorted { ($0.date, $0.provenance.position) < ($1.date, $1.provenance.position) }
            var open: Tenure? = nil
            for fact in seatFacts {
                if fact.filled {
                    if var current = open {
                        if current.country == fact.country, current.representative == fact.representative || fact.representative == nil {
                            current.sources.append(fact.provenance)
                            open = current
                            continue
                        }
                        current.until = fact.date
                        history.append(current)
                    }
                    open = Tenure(
                        seat: seat,
                        country: fact.country,
                        representative: fact.representative,
                        office: fact.office,
                        from: fact.date,
                        until: nil,
                        sources: [fact.provenance]
                    )
                } else if var current = open, current.country == fact.country {
                    current.until = fact.date
                    current.sources.append(fact.provenance)
                    history.append(current)
                    open = nil
                }
            }
            if let open { history.append(open) }
            // On the date: the open tenure, or the vacancy the last event on the seat recorded.
            if let open {
                recorded[seat] = Recorded(
                    country: open.country,
                    office: open.office,
                    representative: open.representative,
                    since: open.from,
                    positions: open.sources.map(\.position)
                )
                recorded[seat]!.marks = conflicts.marks(open.sources)
            } else if let last = seatFacts.last, !last.filled {
                recorded[seat] = Recorded(since: last.date, vacant: true, left: last.country, positions: [last.provenance.position])
                recorded[seat]!.marks = conflicts.marks(last.provenance)
            }
        }
        for i in history.indices { history[i].marks = conflicts.marks(history[i].sources) }
        self.history = history
        let derived = asOf < Self.ruleAdopted ? [:] : try Self.derive(store, asOf: asOf)
        seats = Self.seatOrder.map { Self.seat($0, recorded: recorded[$0], derived: derived[$0]) }
    }

    /// The seats by the rule on `asOf`: the hosts of the latest Conference meeting held and
    /// of the one numbered before it, the host designated for a meeting not yet held, and the
    /// country of the office hosting the Secretariat.
    static func derive(_ store: ViewStore, asOf: String) throws -> [String: Derived] {
        let hosts = try HostsView(store, asOf: asOf)
        let conference = hosts.meetings.filter { $0.body == "conference" }
        var out: [String: Derived] = [:]
        // A seat held by the rule is held from the day the rule or the meeting that moved the
        // rotation made it so, whichever is later.
        func from(_ date: String, _ shown: String) -> String { date < ruleAdopted ? ruleAdopted : shown }
        func hostOf(_ m: HostsView.Row, _ role: String, since latest: HostsView.Row) -> Derived {
            let name = "conference meeting \(m.number) (\(m.dates)), \(role)"
            var d = Derived(
                country: m.host,
                since: m.host == nil ? nil : from(latest.start, KnownDate.text(latest.start, latest.precision)),
                basis: m.host != nil ? "host of \(name)" : "\(name), has no recorded host",
                positions: [m.position]
            )
            d.marks = m.marks
            return d
        }
        if let latest = conference.last {
            out["present-host"] = hostOf(latest, "the latest held", since: latest)
            if let previous = conference.first(where: { $0.number == latest.number - 1 }) {
                out["previous-host"] = hostOf(previous, "the one before the latest held", since: latest)
            } else {
                out["previous-host"] = Derived(
                    basis: "conference meeting \(latest.number - 1), the one before the latest held, is not in the register",
                    positions: []
                )
            }
        }
        if let n = hosts.next.first(where: { $0.body == "conference" }) {
            var d = Derived(
                country: n.country,
                since: n.decided,
                basis: "designated host of conference meeting \(n.meeting)",
                positions: [n.position]
            )
            d.marks = n.marks
            out["future-host"] = d
        } else {
            let asked = hosts.approached.filter { $0.body == "conference" }
            let about = asked.map { "\($0.country) was approached about conference meeting \($0.meeting) on \($0.decided), not designated" }
            out["future-host"] = Derived(
                basis: "no host designated for the next conference meeting" + (about.isEmpty ? "" : " (\(about.joined(separator: "; ")))"),
                positions: asked.map(\.position)
            )
        }
        let secretariat = try SecretariatView(store, asOf: asOf)
        if let host = secretariat.host {
            var d = Derived(
                country: host.country,
                office: host.office,
                since: from(host.from, host.from),
                basis: "the Secretariat is hosted by \(host.office) (\(host.country))",
                positions: [host.position]
            )
            d.marks = host.marks
            out["secretariat-host"] = d
        } else {
            out["secretariat-host"] = Derived(basis: "no Secretariat host recorded on this date", positions: [])
        }
        return out
    }

    static func seat(_ name: String, recorded: Recorded?, derived: Derived?) -> Seat {
        var seat = Seat(seat: name, status: "unknown", recorded: recorded, derived: derived)
        let rule = derived?.country
        if let recorded, let holder = recorded.country {
            seat.status = rule == nil || rule == holder ? "recorded" : "disagree"
            if seat.status == "recorded" {
                seat.country = holder
                seat.since = recorded.since
                seat.representative = recorded.representative
                // The office from the Secretariat's host on the date: a seat event's office can
                // have closed since (Bulgaria's Specialised Prosecutor's Office, 2022).
                seat.office = derived?.office ?? recorded.office
                seat.marks = recorded.marks.merged(rule == nil ? Marks() : derived!.marks)
            } else {
                seat.marks = recorded.marks.merged(derived!.marks)
            }
        } else if let recorded {  // a recorded vacancy
            seat.status = rule == nil ? "vacant" : "disagree"
            seat.since = rule == nil ? recorded.since : nil
            seat.marks = recorded.marks.merged(derived?.marks ?? Marks())
        } else if let derived, let rule {
            seat.status = "derived"
            seat.country = rule
            seat.office = derived.office
            seat.since = derived.since
            seat.marks = derived.marks
        }
        return seat
    }

    public func render() -> String {
        var out = "Executive Board as of \(asOf)\n\n"
        var table = TextTable(["SEAT", "COUNTRY", "SINCE", "HOW KNOWN", "MARKS"])
        for s in seats {
            table.add([s.seat, s.country ?? (s.status == "vacant" ? "vacant" : "—"), s.since ?? "", s.how, s.marks.label])
        }
        out += table.render()
        if asOf < Self.ruleAdopted { out += "\nThe Board's composition was adopted on \(Self.ruleAdopted): no rule applies before.\n" }
        var details = ""
        for s in seats {
            if let r = s.recorded {
                let what =
                    r.country.map { "\($0)\(r.office.map { ", \($0)" } ?? "")\(r.representative.map { ", \($0)" } ?? "") since \(r.since)" }
                    ?? "vacant since \(r.since)\(r.left.map { " (\($0) left it)" } ?? "")"
                details += "  \(s.seat): recorded \(what) (positions \(r.positions.map(String.init).joined(separator: ",")))\(r.marks.text)\n"
            }
            if let d = s.derived {
                details +=
                    "  \(s.seat): by the rule \(d.country.map { "\($0)\(d.office.map { ", \($0)" } ?? ""): " } ?? "unknown: ")\(d.basis)\(d.marks.text)\n"
            }
        }
        if !details.isEmpty { out += "\nRecorded and derived\n\n" + details }
        if !history.isEmpty {
            out += "\nTenures recorded\n\n"
            var t = TextTable(["SEAT", "COUNTRY", "REPRESENTATIVE", "FROM", "UNTIL", "POSITIONS", "MARKS"])
            for h in history {
                t.add([
                    h.seat, h.country, h.representative ?? "—", h.from, h.until ?? "", h.sources.map { String($0.position) }.joined(separator: ","),
                    h.marks.label,
                ])
            }
            out += t.render()
        }
        return out
    }
}
