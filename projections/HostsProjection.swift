import ActaEvents
import ActaLog

/// Every meeting of each body (number, dates, where it was held, the host country apart from
/// the venue, in person or online), the countries approached about hosting and designated to
/// host meetings to come, and whether the non-EU / EU alternation principle (adopted at the
/// Fourth Meeting, 2018-06-30) held.
///
/// Each record comes from one event and the fold never reads one back: a mapping
/// projection, whose records are made on the decoding threads of a replay.
public struct HostsProjection: MappingProjection {
    public let name = "hosts"
    /// 2: a meeting's host apart from its venue, its objectives and goals; approaches apart
    /// from designations; provenance marks.
    public let version = 2
    public init() {}

    public struct Meeting: Codable, Sendable, Equatable {
        public var body: String
        public var number: Int
        public var start: String
        public var end: String
        public var city: String?
        /// Where it was held (the venue's country), not necessarily the host.
        public var country: String?
        public var venue: String?
        public var host: String?
        public var format: String
        public var platform: String?
        public var participants: [String]
        public var title: String?
        /// How much of the start is known: nil or day, month, year.
        public var precision: String?
        public var objectives: [String]?
        public var goals: [String]?
        public var provenance: Provenance
    }

    /// A country designated to host a meeting, or (`approached`) only approached about it.
    public struct Designation: Codable, Sendable, Equatable {
        public var body: String
        public var meeting: Int
        public var country: String
        public var city: String?
        public var date: String
        /// True for a ``HostApproached``: asked, not designated.
        public var approached: Bool?
        public var provenance: Provenance
    }

    public func wants(_ type: String) -> Bool {
        type == MeetingHeld.type || type == HostDesignated.type || type == HostApproached.type
    }

    public func records(for event: ProjectedEvent) throws -> [MappedRecord] {
        switch event.value {
        case let m as MeetingHeld:
            let meeting = Meeting(
                body: m.body,
                number: m.number,
                start: m.start,
                end: m.end,
                city: m.city,
                country: m.country,
                venue: m.venue,
                host: m.host,
                format: m.format,
                platform: m.platform,
                participants: m.participants,
                title: m.title,
                precision: m.precision,
                objectives: m.objectives.isEmpty ? nil : m.objectives,
                goals: m.goals.isEmpty ? nil : m.goals,
                provenance: Provenance(event)
            )
            return [MappedRecord(key: ViewKey.make("meeting", m.body, m.number, 6), meeting)]
        case let d as HostDesignated:
            let designation = Designation(
                body: d.body,
                meeting: d.meeting,
                country: d.country,
                city: d.city,
                date: d.date,
                provenance: Provenance(event)
            )
            return [MappedRecord(key: ViewKey.make("designation", d.body, d.meeting, 6, Int(event.entry.position), 12), designation)]
        case let a as HostApproached:
            let approach = Designation(
                body: a.body,
                meeting: a.meeting,
                country: a.country,
                date: a.date,
                approached: true,
                provenance: Provenance(event)
            )
            return [MappedRecord(key: ViewKey.make("designation", a.body, a.meeting, 6, Int(event.entry.position), 12), approach)]
        default: return []
        }
    }
}

/// The host history on a date.
public struct HostsView: Codable, Sendable {
    public struct Row: Codable, Sendable, Equatable, Marked {
        public var body: String
        public var number: Int
        public var start: String
        public var end: String
        /// The dates as known: `2018-06-30`, `2017-10-12…10-13`, or `2016-11` when only the month is.
        public var dates: String
        public var city: String?
        /// The country where it was held.
        public var country: String?
        public var venue: String?
        /// The host country, as recorded; nil when the sources do not say (never the venue's country by default).
        public var host: String?
        /// Whether the host country was an EU Member State then (nil when the host is not recorded).
        public var eu: Bool?
        public var format: String
        public var platform: String?
        public var participants: [String]
        public var title: String?
        public var objectives: [String]?
        public var goals: [String]?
        public var precision: String?
        /// Countries approached about hosting it (not designations).
        public var approached: [String]?
        public var position: Int64
        /// For an in-person Conference meeting after the principle, judged against the one
        /// before it when both hosts are recorded and neither record is inferred: "held",
        /// "broken", or nil.
        public var alternation: String?
        public var inferred: Bool?
        public var conflicts: [Int64]?

        /// Where it was held, as known: `Vienna, AT (Hofburg (OSCE))`.
        public var place: String {
            let at = [city, country].compactMap { $0 }.joined(separator: ", ")
            let place = at.isEmpty ? "not stated" : at
            return venue.map { "\(place) (\($0))" } ?? place
        }
    }

    /// A country designated to host a meeting not yet held, or approached about it.
    public struct Next: Codable, Sendable, Equatable, Marked {
        public var body: String
        public var meeting: Int
        public var country: String
        public var city: String?
        public var eu: Bool
        public var decided: String
        public var position: Int64
        public var inferred: Bool?
        public var conflicts: [Int64]?
    }

    /// What the alternation principle asks of the next Conference meeting.
    public struct Principle: Codable, Sendable, Equatable {
        public var meeting: Int
        /// "EU" or "non-EU"; nil when the principle cannot say.
        public var requires: String?
        /// Why (or why it cannot say).
        public var because: String
    }

    public var asOf: String
    public var meetings: [Row]
    /// Designated hosts of meetings not yet held.
    public var next: [Next]
    /// Countries approached about hosting meetings not yet held: requests, not designations.
    public var approached: [Next]
    /// Pairs of consecutive in-person Conference meetings (numbers n−1, n) since the principle
    /// whose hosts are recorded and not inferred, and how many alternated.
    public var alternationChecked: Int
    public var alternationHeld: Int
    /// What the principle asks of the next Conference meeting (nil before it was adopted).
    public var principle: Principle?

    /// The Fourth Meeting adopted the principle on this date.
    public static let principleAdopted = "2018-06-30"

    public init(_ store: ViewStore, asOf: String) throws {
        self.asOf = asOf
        let conflicts = try ConflictIndex(store)
        let held = try store.all(view: "hosts", prefix: "meeting/", as: HostsProjection.Meeting.self).map(\.value).filter { $0.start <= asOf }
        let designations = try store.all(view: "hosts", prefix: "designation/", as: HostsProjection.Designation.self).map(\.value)
            .filter { $0.date <= asOf }.sorted { ($0.date, $0.provenance.position) < ($1.date, $1.provenance.position) }
        var rows = held.map { m in
            let approached = designations.filter { $0.approached == true && $0.body == m.body && $0.meeting == m.number }.map(\.country)
            return Row(
                body: m.body,
                number: m.number,
                start: m.start,
                end: m.end,
                dates: Self.dates(m.start, m.end, m.precision),
                city: m.city,
                country: m.country,
                venue: m.venue,
                host: m.host,
                eu: m.host.map { Countries.isEU($0, on: m.start) },
                format: m.format,
                platform: m.platform,
                participants: m.participants,
                title: m.title,
                objectives: m.objectives,
                goals: m.goals,
                precision: m.precision,
                approached: approached.isEmpty ? nil : approached,
                position: m.provenance.position,
                alternation: nil,
                inferred: nil,
                conflicts: nil
            )
        }
        for i in rows.indices { rows[i].marks = conflicts.marks(held.first { $0.provenance.position == rows[i].position }?.provenance) }
        rows.sort { ($0.body, $0.number) < ($1.body, $1.number) }
        // The principle compares each in-person Conference meeting with the one before it
        // (by number). A pair is judged only on recorded hosts: not with an online meeting,
        // an unrecorded host, or a meeting whose record is inferred.
        var checked = 0
        var kept = 0
        let conference = Dictionary(rows.filter { $0.body == "conference" }.map { ($0.number, $0) }, uniquingKeysWith: { a, _ in a })
        for i in rows.indices where rows[i].body == "conference" && rows[i].start > Self.principleAdopted {
            guard let previous = conference[rows[i].number - 1], Self.judgeable(previous) == nil, Self.judgeable(rows[i]) == nil,
                let before = previous.eu, let now = rows[i].eu
            else { continue }
            checked += 1
            if before != now { kept += 1 }
            rows[i].alternation = before != now ? "held" : "broken"
        }
        meetings = rows
        alternationChecked = checked
        alternationHeld = kept
        let heldKeys = Set(held.map { "\($0.body)/\($0.number)" })
        func pending(approached: Bool) -> [Next] {
            var latest: [String: HostsProjection.Designation] = [:]
            for d in designations where (d.approached == true) == approached { latest["\(d.body)/\(d.meeting)/\(approached ? d.country : "")"] = d }
            return latest.values.filter { !heldKeys.contains("\($0.body)/\($0.meeting)") }
                .sorted { ($0.body, $0.meeting, $0.country) < ($1.body, $1.meeting, $1.country) }
                .map { d in
                    var n = Next(
                        body: d.body,
                        meeting: d.meeting,
                        country: d.country,
                        city: d.city,
                        eu: Countries.isEU(d.country, on: asOf),
                        decided: d.date,
                        position: d.provenance.position
                    )
                    n.marks = conflicts.marks(d.provenance)
                    return n
                }
        }
        next = pending(approached: false)
        approached = pending(approached: true)
        principle = asOf < Self.principleAdopted ? nil : Self.principle(after: rows.filter { $0.body == "conference" }.last)
    }

    /// Why a meeting cannot be judged by the principle, or nil when it can.
    static func judgeable(_ m: Row) -> String? {
        if m.format != "in-person" { return "meeting \(m.number) was held \(m.format)" }
        guard let host = m.host else { return "meeting \(m.number)'s host is not recorded" + (m.city.map { " (it was held in \($0))" } ?? "") }
        if m.inferred == true { return "meeting \(m.number)'s record (host \(host)) is inferred" }
        return nil
    }

    /// What the principle asks of the Conference meeting after `last`.
    static func principle(after last: Row?) -> Principle? {
        guard let last else { return nil }
        let number = last.number + 1
        if let why = judgeable(last) {
            return Principle(meeting: number, requires: nil, because: "\(why), so the principle cannot say where meeting \(number) should be held")
        }
        let eu = last.eu == true
        return Principle(
            meeting: number,
            requires: eu ? "non-EU" : "EU",
            because: "meeting \(last.number) was hosted by \(last.host!), \(eu ? "an EU Member State" : "not an EU Member State")"
        )
    }

    static func dates(_ start: String, _ end: String, _ precision: String?) -> String {
        precision == nil || precision == "day" ? (start == end ? start : "\(start)…\(end.suffix(5))") : KnownDate.text(start, precision)
    }

    public func render() -> String {
        var out = "Meetings as of \(asOf)\n\n"
        var table = TextTable(["BODY", "NO", "DATES", "PLACE", "HOST", "EU", "FORMAT", "ALTERNATION", "MARKS"])
        for m in meetings {
            let format = m.format + (m.platform.map { " (\($0))" } ?? "")
            let host = m.host ?? ("not recorded" + (m.approached.map { "; approached: " + $0.joined(separator: ", ") } ?? ""))
            table.add([
                m.body, String(m.number), m.dates, m.place, host, m.eu.map { $0 ? "EU" : "non-EU" } ?? "?", format, m.alternation ?? "",
                m.marks.label,
            ])
        }
        out += table.render()
        out += "\nNon-EU / EU alternation since \(Self.principleAdopted): "
        if alternationChecked == 0 {
            out += "no pair of consecutive in-person Conference meetings with recorded, not inferred, hosts to judge\n"
        } else {
            out += "held in \(alternationHeld) of \(alternationChecked) pairs of consecutive in-person Conference meetings with recorded hosts\n"
        }
        if let p = principle {
            if let requires = p.requires {
                out +=
                    "The principle asks that conference meeting \(p.meeting) be held in \(requires == "EU" ? "an EU Member State" : "a non-EU country"): \(p.because).\n"
            } else {
                out += "Conference meeting \(p.meeting): \(p.because).\n"
            }
        }
        for n in approached {
            out +=
                "Approached about hosting (not designated): \(n.body) meeting \(n.meeting): \(n.country) \(n.eu ? "EU" : "non-EU"), \(n.decided)\(n.marks.text)\n"
        }
        if next.isEmpty {
            out += "Next designated host: none recorded\n"
        } else {
            for n in next {
                out +=
                    "Next designated host: \(n.body) meeting \(n.meeting): \(n.country)\(n.city.map { " (\($0))" } ?? "") \(n.eu ? "EU" : "non-EU"), decided \(n.decided)\(n.marks.text)\n"
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
        object.member("goals", goals)
        object.member("host", host)
        object.member("number", number)
        object.member("objectives", objectives)
        object.member("participants", participants)
        object.member("platform", platform)
        object.member("precision", precision)
        object.member("provenance", provenance)
        object.member("start", start)
        object.member("title", title)
        object.member("venue", venue)
    }
}

extension HostsProjection.Designation: JSONRecord {
    public func writeMembers(to object: inout JSONObjectWriter) {
        object.member("approached", approached)
        object.member("body", body)
        object.member("city", city)
        object.member("country", country)
        object.member("date", date)
        object.member("meeting", meeting)
        object.member("provenance", provenance)
    }
}
