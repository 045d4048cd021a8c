import ActaEvents
import ActaLog

/// The Executive Board: four seats (previous, present and future host of the Conference,
/// and the Secretariat's host), who held each, from when to when.
///
/// The fold keeps the dated facts (seats filled, seats vacated); tenures are computed at
/// query time from their dates, so facts recorded late or out of order give the same Board.
public struct BoardProjection: Projection {
    public let name = "board"
    public let version = 1
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
            fact = Fact(seat: e.seat, country: e.country, filled: true, date: e.from, representative: e.representative, office: e.office, provenance: Provenance(event))
        case let e as BoardSeatVacated:
            fact = Fact(seat: e.seat, country: e.country, filled: false, date: e.until, reason: e.reason, provenance: Provenance(event))
        default: return
        }
        try store.put("fact/\(fact.seat)/\(fact.date)/\(event.entry.position.padded(12))", fact)
    }
}

/// The Board on a date, with every seat's tenure history.
public struct BoardView: Codable, Sendable {
    public struct Tenure: Codable, Sendable, Equatable {
        public var seat: String
        public var country: String
        public var representative: String?
        public var office: String?
        public var from: String
        public var until: String?
        public var sources: [Provenance]
    }

    public var asOf: String
    /// The holder of each seat on `asOf` (nil: vacant or not yet filled), in seat order.
    public var seats: [String: Tenure?]
    public var history: [Tenure]

    public static let seatOrder = ["previous-host", "present-host", "future-host", "secretariat-host"]

    public init(_ store: ViewStore, asOf: String) throws {
        self.asOf = asOf
        let facts = try store.all(view: "board", prefix: "fact/", as: BoardProjection.Fact.self).map(\.value).filter { $0.date <= asOf }
        var history: [Tenure] = []
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
                    open = Tenure(seat: seat, country: fact.country, representative: fact.representative, office: fact.office, from: fact.date, until: nil, sources: [fact.provenance])
                } else if var current = open, current.country == fact.country {
                    current.until = fact.date
                    current.sources.append(fact.provenance)
                    history.append(current)
                    open = nil
                }
            }
            if let open { history.append(open) }
        }
        self.history = history
        var seats: [String: Tenure?] = [:]
        for seat in Self.seatOrder {
            seats[seat] = .some(history.last { $0.seat == seat && $0.from <= asOf && ($0.until.map { $0 > asOf } ?? true) })
        }
        self.seats = seats
    }

    public func render() -> String {
        var out = "Executive Board as of \(asOf)\n\n"
        var table = TextTable(["SEAT", "COUNTRY", "REPRESENTATIVE", "SINCE"])
        for seat in Self.seatOrder {
            if let tenure = seats[seat] ?? nil {
                table.add([seat, tenure.country, tenure.representative ?? "—", tenure.from])
            } else {
                table.add([seat, "vacant", "", ""])
            }
        }
        out += table.render()
        if !history.isEmpty {
            out += "\nTenures\n\n"
            var t = TextTable(["SEAT", "COUNTRY", "REPRESENTATIVE", "FROM", "UNTIL", "POSITIONS"])
            for h in history {
                t.add([h.seat, h.country, h.representative ?? "—", h.from, h.until ?? "", h.sources.map { String($0.position) }.joined(separator: ",")])
            }
            out += t.render()
        }
        return out
    }
}
