import ActaEvents
import ActaLog

/// Every meeting of each body (number, dates, place, host country, in person or online),
/// the hosts designated for meetings to come, and whether the non-EU / EU alternation
/// principle (adopted at the Fourth Meeting, 2018-06-30) held.
///
/// Each record comes from one event and the fold never reads one back: a mapping
/// projection, whose records are made on the decoding threads of a replay.
public struct HostsProjection: MappingProjection {
    public let name = "hosts"
    public let version = 1
    public init() {}

    public struct Meeting: Codable, Sendable, Equatable {
        public var body: String
        public var number: Int
        public var start: String
        public var end: String
        public var city: String?
        public var country: String?
        public var format: String
        public var platform: String?
        public var participants: [String]
        public var title: String?
        /// How much of the start is known: nil or day, month, year.
        public var precision: String?
        public var provenance: Provenance
    }

    public struct Designation: Codable, Sendable, Equatable {
        public var body: String
        public var meeting: Int
        public var country: String
        public var city: String?
        public var date: String
        public var provenance: Provenance
    }

    public func wants(_ type: String) -> Bool {
        type == MeetingHeld.type || type == HostDesignated.type
    }

    public func records(for event: ProjectedEvent) throws -> [MappedRecord] {
        switch event.value {
        case let m as MeetingHeld:
            let meeting = Meeting(
                body: m.body, number: m.number, start: m.start, end: m.end, city: m.city, country: m.country, format: m.format,
                platform: m.platform, participants: m.participants, title: m.title, precision: m.precision, provenance: Provenance(event))
            return [MappedRecord(key: ViewKey.make("meeting", m.body, m.number, 6), meeting)]
        case let d as HostDesignated:
            let designation = Designation(body: d.body, meeting: d.meeting, country: d.country, city: d.city, date: d.date, provenance: Provenance(event))
            return [MappedRecord(key: ViewKey.make("designation", d.body, d.meeting, 6, Int(event.entry.position), 12), designation)]
        default: return []
        }
    }
}

/// The host history on a date.
public struct HostsView: Codable, Sendable {
    public struct Row: Codable, Sendable, Equatable {
        public var body: String
        public var number: Int
        public var start: String
        public var end: String
        public var city: String?
        public var country: String?
        /// Whether the host country was an EU Member State then (nil when the country is unknown).
        public var eu: Bool?
        public var format: String
        public var platform: String?
        public var participants: [String]
        public var precision: String?
        public var position: Int64
        /// For in-person Conference meetings after the principle: "held", "broken", or nil.
        public var alternation: String?

        /// The dates as known: `2018-06-30`, `2017-10-12…10-13`, or `2016-11` when only the month is.
        public var displayDates: String {
            switch precision {
            case "month": return String(start.prefix(7))
            case "year": return String(start.prefix(4))
            default: return start == end ? start : "\(start)…\(end.suffix(5))"
            }
        }
    }

    public struct Next: Codable, Sendable, Equatable {
        public var body: String
        public var meeting: Int
        public var country: String
        public var city: String?
        public var eu: Bool
        public var decided: String
    }

    public var asOf: String
    public var meetings: [Row]
    public var next: [Next]
    /// Pairs of consecutive in-person Conference meetings (numbers n−1, n) since the principle
    /// whose hosts are known, and how many alternated.
    public var alternationChecked: Int
    public var alternationHeld: Int

    /// The Fourth Meeting adopted the principle on this date.
    public static let principleAdopted = "2018-06-30"

    public init(_ store: ViewStore, asOf: String) throws {
        self.asOf = asOf
        let held = try store.all(view: "hosts", prefix: "meeting/", as: HostsProjection.Meeting.self).map(\.value).filter { $0.start <= asOf }
        var rows = held.map { m in
            Row(
                body: m.body, number: m.number, start: m.start, end: m.end, city: m.city, country: m.country,
                eu: m.country.map { Countries.isEU($0, on: m.start) }, format: m.format, platform: m.platform,
                participants: m.participants, precision: m.precision, position: m.provenance.position, alternation: nil)
        }
        rows.sort { ($0.body, $0.number) < ($1.body, $1.number) }
        // The principle compares each in-person Conference meeting with the one before it
        // (by number); a pair with an online meeting or an unknown host cannot be judged.
        var checked = 0, kept = 0
        let conference = Dictionary(rows.filter { $0.body == "conference" }.map { ($0.number, $0) }, uniquingKeysWith: { a, _ in a })
        for i in rows.indices where rows[i].body == "conference" && rows[i].start > Self.principleAdopted {
            guard let previous = conference[rows[i].number - 1], previous.format == "in-person", rows[i].format == "in-person",
                let before = previous.eu, let now = rows[i].eu
            else { continue }
            checked += 1
            if before != now { kept += 1 }
            rows[i].alternation = before != now ? "held" : "broken"
        }
        meetings = rows
        alternationChecked = checked
        alternationHeld = kept
        let designations = try store.all(view: "hosts", prefix: "designation/", as: HostsProjection.Designation.self).map(\.value)
            .filter { $0.date <= asOf }
        let heldKeys = Set(held.map { "\($0.body)/\($0.number)" })
        var latest: [String: HostsProjection.Designation] = [:]
        for d in designations.sorted(by: { ($0.date, $0.provenance.position) < ($1.date, $1.provenance.position) }) {
            latest["\(d.body)/\(d.meeting)"] = d
        }
        next = latest.values.filter { !heldKeys.contains("\($0.body)/\($0.meeting)") }
            .sorted { ($0.body, $0.meeting) < ($1.body, $1.meeting) }
            .map { Next(body: $0.body, meeting: $0.meeting, country: $0.country, city: $0.city, eu: Countries.isEU($0.country, on: asOf), decided: $0.date) }
    }

    public func render() -> String {
        var out = "Meetings as of \(asOf)\n\n"
        var table = TextTable(["BODY", "NO", "DATES", "PLACE", "HOST", "EU", "FORMAT", "ALTERNATION"])
        for m in meetings {
            let dates = m.displayDates
            let format = m.format + (m.platform.map { " (\($0))" } ?? "")
            table.add([m.body, String(m.number), dates, m.city ?? "—", m.country ?? "—", m.eu.map { $0 ? "EU" : "non-EU" } ?? "?", format, m.alternation ?? ""])
        }
        out += table.render()
        out += "\nNon-EU / EU alternation since \(Self.principleAdopted): "
        if alternationChecked == 0 {
            out += "no pair of consecutive in-person Conference meetings with known hosts to judge\n"
        } else {
            out += "held in \(alternationHeld) of \(alternationChecked) pairs of consecutive in-person Conference meetings with known hosts\n"
        }
        if next.isEmpty {
            out += "Next designated host: none recorded\n"
        } else {
            for n in next {
                out += "Next designated host: \(n.body) meeting \(n.meeting): \(n.country)\(n.city.map { " (\($0))" } ?? "") \(n.eu ? "EU" : "non-EU"), decided \(n.decided)\n"
            }
        }
        return out
    }
}

extension HostsProjection.Meeting: JSONRecord {
    public func writeMembers(to object: inout JSONObjectWriter) {
        object.member("body", body)
        object.member("city", city)
        object.member("country", country)
        object.member("end", end)
        object.member("format", format)
        object.member("number", number)
        object.member("participants", participants)
        object.member("platform", platform)
        object.member("precision", precision)
        object.member("provenance", provenance)
        object.member("start", start)
        object.member("title", title)
    }
}

extension HostsProjection.Designation: JSONRecord {
    public func writeMembers(to object: inout JSONObjectWriter) {
        object.member("body", body)
        object.member("city", city)
        object.member("country", country)
        object.member("date", date)
        object.member("meeting", meeting)
        object.member("provenance", provenance)
    }
}
