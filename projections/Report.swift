import ActaLog

/// The status of the Conference on a date, as a self-contained document: Markdown, or
/// printable HTML. The same log and arguments give byte-identical output.
public struct Report: Sendable {
    public enum Format: String, CaseIterable, Sendable { case markdown, html }

    struct Section {
        var heading: String
        var paragraphs: [String] = []
        var table: TextTable? = nil
    }

    public let asOf: String
    public let since: String?
    public let headPosition: Int64
    public let headChain: String
    var sections: [Section] = []
    /// The meetings, Board seats and Secretariat hosts over the years, as SVG (HTML only).
    var picture = ""

    public init(_ store: ViewStore, asOf: String, since: String?, headPosition: Int64, headChain: String) throws {
        self.asOf = asOf
        self.since = since
        self.headPosition = headPosition
        self.headChain = headChain

        let board = try BoardView(store, asOf: asOf)
        var boardSection = Section(heading: "Executive Board")
        var boardTable = TextTable(["Seat", "Country", "Office", "Since", "How known", "Marks"])
        for seat in board.seats {
            boardTable.add([
                seat.seat, seat.country ?? (seat.status == "vacant" ? "vacant" : "—"), seat.office ?? "", seat.since ?? "", seat.how,
                seat.marks.label,
            ])
            if seat.status == "disagree" {
                let recorded = seat.recorded.map { $0.country ?? "vacant since \($0.since)" } ?? "nothing"
                boardSection.paragraphs.append(
                    "\(seat.seat): the register records \(recorded); the rule derives \(seat.derived?.country ?? "nothing") (\(seat.derived?.basis ?? ""))."
                )
            }
        }
        boardSection.table = boardTable
        sections.append(boardSection)

        let secretariat = try SecretariatView(store, asOf: asOf)
        var s = Section(heading: "Secretariat")
        if let host = secretariat.host {
            s.paragraphs.append(
                "Hosted by \(host.office) (\(host.country)) since \(host.from)\(host.term.map { "; the term of \($0) years" } ?? "")"
                    + (host.termBegan.map { $0 == host.from ? "" : " from \($0)" } ?? "") + (host.termEnds.map { " ends on \($0)" } ?? "") + "."
                    + host.marks.text
            )
        } else {
            s.paragraphs.append("No host recorded on this date.")
        }
        if let warning = secretariat.warning { s.paragraphs.append("Warning: \(warning)") }
        var staff = TextTable(["Role", "Name", "Since", "Marks"])
        for x in secretariat.staff { staff.add([x.role, x.name, x.from, x.marks.label]) }
        if !secretariat.staff.isEmpty { s.table = staff }
        sections.append(s)

        let members = try MembersView(store, asOf: asOf)
        var m = Section(heading: "Members")
        m.paragraphs.append("\(members.officeCount) member offices from \(members.countryCount) countries.")
        for r in members.reports {
            let counts = [
                r.offices.map { "\($0) offices (the register: \(r.registerOffices))" },
                r.countries.map { "\($0) countries (the register: \(r.registerCountries))" },
            ].compactMap { $0 }.joined(separator: " and ")
            m.paragraphs.append("On \(r.date) \(r.source ?? "a source") reported \(counts).\(r.marks.text)")
        }
        var mt = TextTable(["Country", "Status", "Since", "Invited", "Intent", "Offices", "Marks"])
        for c in members.countries {
            mt.add([
                c.country, c.status + (c.founding == true ? " (founding)" : ""), c.since ?? "", c.invited ?? "", c.intent ?? "",
                c.offices.filter { $0.left == nil }.map { $0.office ?? "office not named" }.joined(separator: "; "), c.marks.label,
            ])
        }
        m.table = mt
        sections.append(m)

        let hosts = try HostsView(store, asOf: asOf)
        var h = Section(heading: "Meetings")
        var ht = TextTable(["Body", "No.", "Dates", "Place", "Host", "Format", "Marks"])
        for x in hosts.meetings where since.map({ x.start >= $0 }) ?? true {
            ht.add([
                x.body, String(x.number), x.dates, x.place, x.host ?? "not recorded", x.format + (x.platform.map { " (\($0))" } ?? ""), x.marks.label,
            ])
        }
        h.table = ht
        if let p = hosts.principle {
            h.paragraphs.append(
                p.requires.map {
                    "The alternation principle asks that conference meeting \(p.meeting) be held in \($0 == "EU" ? "an EU Member State" : "a non-EU country"): \(p.because)."
                }
                    ?? "Conference meeting \(p.meeting): \(p.because)."
            )
        }
        for n in hosts.approached {
            h.paragraphs.append(
                "\(n.country) was approached about hosting \(n.body) meeting \(n.meeting) on \(n.decided) (not designated).\(n.marks.text)"
            )
        }
        for n in hosts.next {
            h.paragraphs.append("Next designated host of \(n.body) meeting \(n.meeting): \(n.country), decided \(n.decided).\(n.marks.text)")
        }
        sections.append(h)
        picture = TimelinePicture(hosts: hosts, board: board, secretariat: secretariat).svg

        let actions = try ActionsView(store, asOf: asOf, filter: ActionsView.Filter(open: true))
        var a = Section(heading: "Open and overdue action items")
        var at = TextTable(["Item", "Owner", "Due", "Status", "Answered", "Task", "Marks"])
        for x in actions.items {
            at.add([
                x.item, x.owner, x.due ?? "", x.status + (x.followUp.map { ": \($0)" } ?? ""), x.answered.map { "\($0) of \(x.dueFrom ?? 0)" } ?? "",
                x.task, x.marks.label,
            ])
        }
        if actions.items.isEmpty { a.paragraphs.append("None.") } else { a.table = at }
        sections.append(a)

        let decisions = try DecisionsView(store, asOf: asOf, since: since)
        var d = Section(heading: "Decisions" + (since.map { " since \($0)" } ?? ""))
        var dt = TextTable(["Meeting", "No.", "Kind", "Follow-up", "Text", "Marks"])
        for x in decisions.outcomes {
            dt.add([
                "\(x.body) \(x.meeting) (\(x.date))", String(x.ordinal), x.kind, ([x.followUp] + x.links).joined(separator: "; "), x.text,
                x.marks.label,
            ])
        }
        if decisions.outcomes.isEmpty { d.paragraphs.append("None.") } else { d.table = dt }
        sections.append(d)
    }

    public var title: String { Self.title(asOf: asOf) }
    public static func title(asOf: String) -> String { "Permanent Conference of Organized Crime Prosecutors: status as of \(asOf)" }
    /// What the Marks columns mean.
    var legend: String {
        "Marks: \"inferred\" means the fact rests on an event the register marks as inferred; \"conflict: N\" means a source disagrees, as recorded at log position N (`acta show N`)."
    }
    var footer: String {
        "Built from the register's log at position \(headPosition), chain hash \(headChain). Check it with `acta verify`."
    }

    public func render(_ format: Format) -> String {
        format == .markdown ? markdown() : html()
    }

    func markdown() -> String {
        func cell(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }
        var out = "# \(title)\n\n"
        if let since { out += "Period: \(since) to \(asOf).\n\n" }
        out += legend + "\n\n"
        for s in sections {
            out += "## \(s.heading)\n\n"
            for p in s.paragraphs { out += p + "\n\n" }
            if let t = s.table {
                out += "| " + t.headers.map(cell).joined(separator: " | ") + " |\n"
                out += "|" + t.headers.map { _ in "---" }.joined(separator: "|") + "|\n"
                for r in t.rows { out += "| " + r.map(cell).joined(separator: " | ") + " |\n" }
                out += "\n"
            }
        }
        out += "---\n\n" + footer + "\n"
        return out
    }

    func html() -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTML.escape(title))</title>
        <style>
        body { font: 11pt/1.45 Georgia, serif; max-width: 60em; margin: 2em auto; padding: 0 1em; color: #111; }
        h1 { font-size: 1.5em; } h2 { font-size: 1.15em; border-bottom: 1px solid #999; margin-top: 1.6em; }
        \(Self.style)
        footer { margin-top: 2em; font-size: 0.85em; color: #444; }
        @media print { body { margin: 0; max-width: none; } h2 { page-break-after: avoid; } tr { page-break-inside: avoid; } }
        </style>
        </head>
        <body>
        <h1>\(HTML.escape(title))</h1>
        \(htmlContent())<footer>\(footerHTML)</footer>
        </body>
        </html>

        """
    }

    /// The report's styles that its content needs wherever it is shown: the document, or a
    /// page of the reader.
    public static let style = """
        .report table { border-collapse: collapse; width: 100%; font-size: 0.92em; }
        .report th, .report td { border: 1px solid #bbb; padding: 0.25em 0.45em; text-align: left; vertical-align: top; overflow-wrap: break-word; }
        .report td.date { white-space: nowrap; } .report th { background: #eee; } .report .scroll { overflow-x: auto; } .report svg.timeline { width: 100%; height: auto; }
        """

    /// The footer's text, with the chain hash in a `<code>` that may break anywhere (it is
    /// one 64-digit word; the sentence around it keeps its words whole).
    public var footerHTML: String {
        "Built from the register's log at position \(headPosition), chain hash <code class=\"hash\">\(HTML.escape(headChain))</code>. Check it with <code>acta verify</code>."
    }

    /// Whether a cell holds a date as known (`2019`, `2022-07`, `2018-06-30`), which is kept on
    /// one line rather than broken at its hyphens.
    static func isDate(_ cell: String) -> Bool {
        [4, 7, 10].contains(cell.utf8.count)
            && cell.utf8.enumerated().allSatisfy { i, c in
                (i == 4 || i == 7) ? c == UInt8(ascii: "-") : (0x30...0x39).contains(c)
            }
    }

    /// The report's body without its title and footer: the period, the legend, the picture,
    /// and each section, inside `<div class="report">` (see ``style``). The reader shows it
    /// inside its own pages.
    public func htmlContent() -> String {
        var out = "<div class=\"report\">\n"
        if let since { out += "<p>Period: \(HTML.escape(since)) to \(HTML.escape(asOf)).</p>\n" }
        out += "<p>\(HTML.escape(legend))</p>\n"
        out += "<h2>Over the years</h2>\n<div class=\"scroll\">\(picture)</div>\n"
        for s in sections {
            out += "<h2>\(HTML.escape(s.heading))</h2>\n"
            for p in s.paragraphs { out += "<p>\(HTML.escape(p))</p>\n" }
            if let t = s.table {
                out +=
                    "<div class=\"scroll\"><table>\n<thead><tr>" + t.headers.map { "<th>\(HTML.escape($0))</th>" }.joined()
                    + "</tr></thead>\n<tbody>\n"
                for r in t.rows {
                    out += "<tr>" + r.map { "<td\(Self.isDate($0) ? " class=\"date\"" : "")>\(HTML.escape($0))</td>" }.joined() + "</tr>\n"
                }
                out += "</tbody>\n</table></div>\n"
            }
        }
        out += "</div>\n"
        return out
    }
}

/// HTML escaping for text and attribute values.
public enum HTML {
    public static func escape(_ text: String) -> String { Escaping.replacing(text, reserved) }

    static let reserved: [Unicode.Scalar: String] = ["&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"]
}

/// What HTML, SVG and iCalendar escaping share: each Unicode scalar that a format reserves
/// replaced by what the format writes for it.
enum Escaping {
    /// `text` with each scalar that `table` names replaced by its text there.
    static func replacing(_ text: String, _ table: [Unicode.Scalar: String]) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text.unicodeScalars {
            if let r = table[c] { out += r } else { out.unicodeScalars.append(c) }
        }
        return out
    }
}
