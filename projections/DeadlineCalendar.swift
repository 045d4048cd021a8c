import ActaLog
import Foundation

/// The register's deadlines as an iCalendar feed (RFC 5545): an all-day VEVENT on the due
/// date of each open action item, one on the deadline of each request for legal provisions
/// that not every member has answered, and a VTODO for each meeting a host is designated for
/// and not yet held (the register records no date for it).
///
/// Each component's UID is derived from what it is about (`action/conference-4-3@acta`, the
/// item's stream), so a calendar client that fetches the feed again updates the entry
/// rather than adding another; a moved deadline moves the entry and raises its SEQUENCE.
/// DTSTAMP is the time the register last changed, so the same log gives the same bytes.
///
///     let ics = try log.withViews { try DeadlineCalendar($0, asOf: "2026-11-30", revised: head.recorded).render() }
public struct DeadlineCalendar: Sendable {
    public struct Component: Sendable, Equatable {
        /// VEVENT or VTODO.
        public var kind: String
        public var uid: String
        /// The day it falls on (VEVENT) or starts (VTODO), `YYYY-MM-DD`.
        public var date: String
        public var summary: String
        public var description: String
        /// How many times its date moved.
        public var sequence: Int
        public var categories: String
    }

    public let asOf: String
    public var components: [Component] = []
    /// RFC 3339 UTC: when the register last changed (the head's recorded time).
    public let revised: String

    /// The domain part of every UID: the components are this register's.
    static let uidDomain = "acta.ocps"

    public init(_ store: ViewStore, asOf: String, revised: String) throws {
        self.asOf = asOf
        self.revised = revised
        let items = Dictionary(
            try store.all(view: "actions", prefix: "item/", as: ActionsProjection.Item.self).map { ($0.value.item, $0.value) },
            uniquingKeysWith: { a, _ in a }
        )
        for row in try ActionsView(store, asOf: asOf, filter: ActionsView.Filter(open: true)).items {
            guard let due = row.due else { continue }
            let moves = items[row.item]?.deadlines.filter { $0.date <= asOf }.count ?? 0
            var description = "Action item \(row.item), owed by \(row.owner), \(row.status)."
            if let outcome = row.outcome { description += "\nFrom outcome \(outcome)" + (row.outcomeText.map { ": \($0)" } ?? ".") }
            if let answered = row.answered { description += "\nAnswered: \(answered) of \(row.dueFrom ?? 0)." }
            if let followUp = row.followUp { description += "\n\(followUp.prefix(1).uppercased() + followUp.dropFirst())." }
            components.append(
                Component(
                    kind: "VEVENT",
                    uid: "action/\(row.item)@\(Self.uidDomain)",
                    date: due,
                    summary: "Due (\(row.owner)): \(row.task)",
                    description: description,
                    sequence: moves,
                    categories: "action item"
                )
            )
        }
        for request in try ProvisionsView(store, asOf: asOf).requests where !request.missing.isEmpty {
            components.append(
                Component(
                    kind: "VEVENT",
                    uid: "provisions/\(request.request)@\(Self.uidDomain)",
                    date: request.deadline,
                    summary: "Legal provisions due (request \(request.request))",
                    description: "Requested on \(request.requested)\(request.outcome.map { " by outcome \($0)" } ?? ""). "
                        + "\(request.answered) of \(request.dueFrom.count) members have answered; missing: \(request.missing.joined(separator: ", ")).",
                    sequence: 0,
                    categories: "request"
                )
            )
        }
        for next in try HostsView(store, asOf: asOf).next {
            components.append(
                Component(
                    kind: "VTODO",
                    uid: "meeting/\(next.body)/\(next.meeting)@\(Self.uidDomain)",
                    date: next.decided,
                    summary:
                        "\(EventSentence.meeting(next.body, next.meeting)) to be hosted by \(next.country)\(next.city.map { " in \($0)" } ?? "")",
                    description: "\(next.country) was designated on \(next.decided); the register records no date for the meeting yet.",
                    sequence: 0,
                    categories: "meeting"
                )
            )
        }
    }

    /// The feed: CRLF line ends, lines folded at 75 octets, TEXT values escaped.
    public func render() -> String {
        let stamp = Self.dateTime(revised)
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//OCPS Secretariat//Acta//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
            "X-WR-CALNAME:" + Self.text("OCPS deadlines"),
        ]
        for c in components {
            lines.append("BEGIN:\(c.kind)")
            lines.append("UID:" + Self.text(c.uid))
            lines.append("DTSTAMP:\(stamp)")
            lines.append("DTSTART;VALUE=DATE:\(Self.basic(c.date))")
            if c.kind == "VEVENT" {
                lines.append("DTEND;VALUE=DATE:\(Self.basic(Self.dayAfter(c.date)))")
                lines.append("TRANSP:TRANSPARENT")
            } else {
                lines.append("STATUS:NEEDS-ACTION")
            }
            lines.append("SEQUENCE:\(c.sequence)")
            lines.append("SUMMARY:" + Self.text(c.summary))
            lines.append("DESCRIPTION:" + Self.text(c.description))
            lines.append("CATEGORIES:" + Self.text(c.categories))
            lines.append("END:\(c.kind)")
        }
        lines.append("END:VCALENDAR")
        return lines.map(Self.fold).joined()
    }

    // MARK: - RFC 5545 encoding

    /// A TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma escaped, a line break
    /// written `\n` (a CR of a CRLF dropped, so it is not a second break).
    public static func text(_ value: String) -> String { Escaping.replacing(value, reserved) }

    static let reserved: [Unicode.Scalar: String] = ["\\": "\\\\", ";": "\\;", ",": "\\,", "\n": "\\n", "\r": ""]

    /// One content line with its CRLF, folded (§3.1) so no line is longer than 75 octets: each
    /// continuation starts with a space, and a UTF-8 sequence is never split.
    public static func fold(_ line: String) -> String {
        var out = ""
        var width = 0
        for c in line.unicodeScalars {
            let n = String(c).utf8.count
            if width + n > 75 {
                out += "\r\n "
                width = 1
            }
            out.unicodeScalars.append(c)
            width += n
        }
        return out + "\r\n"
    }

    /// `2018-09-01` → `20180901`.
    static func basic(_ date: String) -> String { date.replacingOccurrences(of: "-", with: "") }

    /// `2026-11-29T09:12:04.123Z` → `20261129T091204Z`.
    static func dateTime(_ rfc3339: String) -> String {
        let digits = rfc3339.prefix(19).filter { $0.isNumber }
        guard digits.count == 14 else { return "19700101T000000Z" }
        return String(digits.prefix(8)) + "T" + String(digits.suffix(6)) + "Z"
    }

    /// The day after `date` (`YYYY-MM-DD`), for an all-day event's exclusive end.
    static func dayAfter(_ date: String) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = date.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, let day = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])),
            let next = calendar.date(byAdding: .day, value: 1, to: day)
        else { return date }
        let c = calendar.dateComponents([.year, .month, .day], from: next)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }
}
