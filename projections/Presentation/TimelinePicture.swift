/// The register over the years as one SVG picture, drawn on the server (no script): the
/// meetings of each body (the number above each, the host country below; `?` where the host
/// is not recorded), the Executive Board's seats as recorded, and the Secretariat's hosts.
/// Every text in it is escaped, and each mark has a `<title>` that a browser shows on hover.
/// Facts resting on inferred events are drawn lighter, with a dashed outline.
///
///     let svg = TimelinePicture(hosts: hosts, board: board, secretariat: secretariat).svg
public struct TimelinePicture: Sendable {
    struct Lane {
        var label: String
        var marks: [Mark]
    }

    enum Mark {
        /// A meeting on a day: its number above, its host below.
        case point(date: String, above: String, below: String, title: String, inferred: Bool, online: Bool)
        /// A tenure from one day to another (or to the picture's date).
        case span(from: String, until: String, text: String, title: String, inferred: Bool)
    }

    let asOf: String
    var lanes: [Lane] = []

    public init(hosts: HostsView, board: BoardView, secretariat: SecretariatView) {
        asOf = hosts.asOf
        for body in ["conference", "executive-board", "other"] {
            let meetings = hosts.meetings.filter { $0.body == body }
            if meetings.isEmpty { continue }
            lanes.append(
                Lane(
                    label: EventSentence.bodyName(body) + " meetings",
                    marks: meetings.map { m in
                        let host = m.host.map { "hosted by \($0)" } ?? "host not recorded"
                        return .point(
                            date: m.start,
                            above: String(m.number),
                            below: m.host ?? (m.format == "online" ? "" : "?"),
                            title: "\(EventSentence.meeting(m.body, m.number)), \(m.dates), \(m.place), \(host), \(m.format)\(m.marks.text)",
                            inferred: m.inferred == true,
                            online: m.format == "online"
                        )
                    }
                )
            )
        }
        for seat in BoardView.seatOrder {
            let tenures = board.history.filter { $0.seat == seat }
            lanes.append(
                Lane(
                    label: "Board: " + seat.replacingOccurrences(of: "-", with: " "),
                    marks: tenures.map { t in
                        .span(
                            from: t.from,
                            until: t.until ?? asOf,
                            text: t.country,
                            title: "\(seat) seat: \(t.country)\(t.office.map { ", \($0)" } ?? ""), \(t.from) to \(t.until ?? "now")\(t.marks.text)",
                            inferred: t.inferred == true
                        )
                    }
                )
            )
        }
        lanes.append(
            Lane(
                label: "Secretariat host",
                marks: secretariat.hosts.map { t in
                    .span(
                        from: t.from,
                        until: t.until ?? asOf,
                        text: "\(t.country): \(t.office)",
                        title: "Secretariat hosted by \(t.office) (\(t.country)) from \(t.from)\(t.until.map { " to \($0)" } ?? "")"
                            + (t.termEnds.map { "; term ends \($0)" } ?? "") + t.marks.text,
                        inferred: t.inferred == true
                    )
                }
            )
        )
    }

    // MARK: - Drawing

    static let width = 960.0
    static let left = 170.0
    static let right = 16.0
    static let laneHeight = 38.0
    static let top = 26.0

    /// The first and last year drawn: from the earliest fact to the year after the picture's date.
    var years: ClosedRange<Int> {
        var first = Self.year(asOf)
        for lane in lanes {
            for mark in lane.marks {
                switch mark {
                case .point(let date, _, _, _, _, _): first = min(first, Self.year(date))
                case .span(let from, _, _, _, _): first = min(first, Self.year(from))
                }
            }
        }
        return first...(Self.year(asOf) + 1)
    }

    /// The picture as an `<svg>` element, sized by its viewBox so it shrinks to the page's width.
    public var svg: String {
        let years = self.years
        let height = Self.top + Double(lanes.count) * Self.laneHeight + Self.legendHeight
        let span = Double(years.upperBound - years.lowerBound)
        func x(_ date: String) -> Double {
            let fraction = (Self.fractionalYear(date) - Double(years.lowerBound)) / span
            return Self.left + max(0, min(1, fraction)) * (Self.width - Self.left - Self.right)
        }
        var out = """
            <svg class="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(Int(Self.width)) \(Int(height))" role="img" \
            aria-label="\(HTML.escape("The register over the years, as of \(asOf)"))" font-family="system-ui, sans-serif" font-size="12">
            <title>\(HTML.escape("Meetings, Board seats and Secretariat hosts over the years, as of \(asOf)"))</title>

            """
        for year in years {
            let gx = x("\(year)-01-01")
            out += "<line x1=\"\(Self.f(gx))\" y1=\"\(Int(Self.top) - 8)\" x2=\"\(Self.f(gx))\" y2=\"\(Int(height))\" stroke=\"#d6d6d6\"/>"
            if year < years.upperBound { out += "<text x=\"\(Self.f(gx + 3))\" y=\"\(Int(Self.top) - 12)\" fill=\"#555\">\(year)</text>" }
            out += "\n"
        }
        let now = x(asOf)
        out +=
            "<line x1=\"\(Self.f(now))\" y1=\"\(Int(Self.top) - 8)\" x2=\"\(Self.f(now))\" y2=\"\(Int(height))\" stroke=\"#a4161a\" stroke-dasharray=\"4 3\">"
            + "<title>\(HTML.escape("as of \(asOf)"))</title></line>\n"
        for (i, lane) in lanes.enumerated() {
            let y = Self.top + Double(i) * Self.laneHeight
            let middle = y + Self.laneHeight / 2
            if i % 2 == 0 {
                out +=
                    "<rect x=\"0\" y=\"\(Self.f(y))\" width=\"\(Int(Self.width))\" height=\"\(Int(Self.laneHeight))\" fill=\"#1d3557\" fill-opacity=\"0.05\"/>"
            }
            out += "<text x=\"6\" y=\"\(Self.f(middle + 4))\" font-weight=\"600\" fill=\"#1b1b1b\">\(HTML.escape(lane.label))</text>\n"
            for mark in lane.marks {
                switch mark {
                case .point(let date, let above, let below, let title, let inferred, let online):
                    let cx = Self.f(x(date))
                    out +=
                        "<g><title>\(HTML.escape(title))</title>" + Self.dot(x: x(date), y: middle, inferred: inferred, online: online)
                        + "<text x=\"\(cx)\" y=\"\(Self.f(middle - 8))\" text-anchor=\"middle\" font-size=\"11\">\(HTML.escape(above))</text>"
                        + "<text x=\"\(cx)\" y=\"\(Self.f(middle + 17))\" text-anchor=\"middle\" font-size=\"10\" fill=\"#555\">\(HTML.escape(below))</text></g>\n"
                case .span(let from, let until, let text, let title, let inferred):
                    let x1 = x(from)
                    let x2 = max(x(until), x1 + 2)
                    let label = Self.fitted(text, width: x2 - x1 - 8)
                    out +=
                        "<g><title>\(HTML.escape(title))</title>"
                        + "<rect x=\"\(Self.f(x1))\" y=\"\(Self.f(middle - 10))\" width=\"\(Self.f(x2 - x1))\" height=\"20\" rx=\"3\" "
                        + "fill=\"#457b9d\" fill-opacity=\"\(inferred ? "0.35" : "0.85")\" stroke=\"#1d3557\"\(inferred ? " stroke-dasharray=\"3 2\"" : "")/>"
                        + (label.isEmpty
                            ? ""
                            : "<text x=\"\(Self.f(x1 + 4))\" y=\"\(Self.f(middle + 4))\" fill=\"\(inferred ? "#1b1b1b" : "#fff")\">\(HTML.escape(label))</text>")
                        + "</g>\n"
                }
            }
        }
        out += legend(y: height - Self.legendHeight + 18)
        out += "</svg>"
        return out
    }

    static let legendHeight = 30.0

    /// A meeting's mark: a circle in person, a square online; hollow and dashed when inferred.
    static func dot(x: Double, y: Double, inferred: Bool, online: Bool) -> String {
        let style = "fill=\"\(inferred ? "#fff" : "#1d3557")\" stroke=\"#1d3557\"\(inferred ? " stroke-dasharray=\"2 2\"" : "")"
        return online
            ? "<rect x=\"\(f(x - 4.5))\" y=\"\(f(y - 4.5))\" width=\"9\" height=\"9\" \(style)/>"
            : "<circle cx=\"\(f(x))\" cy=\"\(f(y))\" r=\"5\" \(style)/>"
    }

    /// What the marks mean, in a line under the lanes.
    func legend(y: Double) -> String {
        var out = "<g font-size=\"11\" fill=\"#555\">"
        var x = Self.left
        for (text, inferred, online) in [("in person", false, false), ("online", false, true), ("inferred", true, false)] {
            out +=
                Self.dot(x: x + 5, y: y - 4, inferred: inferred, online: online) + "<text x=\"\(Self.f(x + 14))\" y=\"\(Self.f(y))\">\(text)</text>"
            x += 90
        }
        out += "<text x=\"\(Self.f(x))\" y=\"\(Self.f(y))\">number above, host country below (? not recorded); bars: tenures as recorded</text></g>\n"
        return out
    }

    /// What of `text` fits in `width` pixels at the picture's font size (about 6.5 px a
    /// character), cut at a word with an ellipsis; empty when not even a country code fits.
    static func fitted(_ text: String, width: Double) -> String {
        let room = Int(width / 6.5)
        if text.count <= room { return text }
        if room < 3 { return "" }
        let cut = text.prefix(room - 1)
        let word = cut.lastIndex(of: " ").map { cut[..<$0] } ?? cut
        return word + "…"
    }

    static func year(_ date: String) -> Int { Int(date.prefix(4)) ?? 2016 }

    /// `2018-06-30` → about 2018.49.
    static func fractionalYear(_ date: String) -> Double {
        let parts = date.prefix(10).split(separator: "-").compactMap { Double($0) }
        guard parts.count == 3 else { return Double(year(date)) }
        return parts[0] + (parts[1] - 1) / 12 + (parts[2] - 1) / 365
    }

    /// A coordinate with one decimal.
    static func f(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(abs(tenths % 10))"
    }
}
