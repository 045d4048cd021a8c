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

    public init(_ store: ViewStore, asOf: String, since: String?, headPosition: Int64, headChain: String) throws {
        self.asOf = asOf
        self.since = since
        self.headPosition = headPosition
        self.headChain = headChain

        let board = try BoardView(store, asOf: asOf)
        var boardSection = Section(heading: "Executive Board")
        var boardTable = TextTable(["Seat", "Country", "Office", "Since", "How known", "Marks"])
        for seat in board.seats {
            boardTable.add([seat.seat, seat.country ?? (seat.status == "vacant" ? "vacant" : "—"), seat.office ?? "", seat.since ?? "", seat.how, seat.marks.label])
            if seat.status == "disagree" {
                let recorded = seat.recorded.map { $0.country ?? "vacant since \($0.since)" } ?? "nothing"
                boardSection.paragraphs.append("\(seat.seat): the register records \(recorded); the rule derives \(seat.derived?.country ?? "nothing") (\(seat.derived?.basis ?? "")).")
            }
        }
        boardSection.table = boardTable
        sections.append(boardSection)

        let secretariat = try SecretariatView(store, asOf: asOf)
        var s = Section(heading: "Secretariat")
        if let host = secretariat.host {
            s.paragraphs.append(
                "Hosted by \(host.office) (\(host.country)) since \(host.from)\(host.term.map { "; the term of \($0) years" } ?? "")"
                    + (host.termBegan.map { $0 == host.from ? "" : " from \($0)" } ?? "") + (host.termEnds.map { " ends on \($0)" } ?? "") + "." + host.marks.text)
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
                r.offices.map { "\($0) offices (the register: \(r.registerOffices))" }, r.countries.map { "\($0) countries (the register: \(r.registerCountries))" },
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
            ht.add([x.body, String(x.number), x.dates, x.place, x.host ?? "not recorded", x.format + (x.platform.map { " (\($0))" } ?? ""), x.marks.label])
        }
        h.table = ht
        if let p = hosts.principle {
            h.paragraphs.append(
                p.requires.map { "The alternation principle asks that conference meeting \(p.meeting) be held in \($0 == "EU" ? "an EU Member State" : "a non-EU country"): \(p.because)." }
                    ?? "Conference meeting \(p.meeting): \(p.because).")
        }
        for n in hosts.approached { h.paragraphs.append("\(n.country) was approached about hosting \(n.body) meeting \(n.meeting) on \(n.decided) (not designated).\(n.marks.text)") }
        for n in hosts.next { h.paragraphs.append("Next designated host of \(n.body) meeting \(n.meeting): \(n.country), decided \(n.decided).\(n.marks.text)") }
        sections.append(h)

        let actions = try ActionsView(store, asOf: asOf, filter: ActionsView.Filter(open: true))
        var a = Section(heading: "Open and overdue action items")
        var at = TextTable(["Item", "Owner", "Due", "Status", "Answered", "Task", "Marks"])
        for x in actions.items {
            at.add([x.item, x.owner, x.due ?? "", x.status + (x.followUp.map { ": \($0)" } ?? ""), x.answered.map { "\($0) of \(x.dueFrom ?? 0)" } ?? "", x.task, x.marks.label])
        }
        if actions.items.isEmpty { a.paragraphs.append("None.") } else { a.table = at }
        sections.append(a)

        let decisions = try DecisionsView(store, asOf: asOf, since: since)
        var d = Section(heading: "Decisions" + (since.map { " since \($0)" } ?? ""))
        var dt = TextTable(["Meeting", "No.", "Kind", "Follow-up", "Text", "Marks"])
        for x in decisions.outcomes {
            dt.add(["\(x.body) \(x.meeting) (\(x.date))", String(x.ordinal), x.kind, ([x.followUp] + x.links).joined(separator: "; "), x.text, x.marks.label])
        }
        if decisions.outcomes.isEmpty { d.paragraphs.append("None.") } else { d.table = dt }
        sections.append(d)
    }

    var title: String { "Permanent Conference of Organized Crime Prosecutors: status as of \(asOf)" }
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
        var out = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>\(HTML.escape(title))</title>
            <style>
            body { font: 11pt/1.45 Georgia, serif; max-width: 60em; margin: 2em auto; padding: 0 1em; color: #111; }
            h1 { font-size: 1.5em; } h2 { font-size: 1.15em; border-bottom: 1px solid #999; margin-top: 1.6em; }
            table { border-collapse: collapse; width: 100%; font-size: 0.92em; }
            th, td { border: 1px solid #bbb; padding: 0.25em 0.45em; text-align: left; vertical-align: top; }
            th { background: #eee; } footer { margin-top: 2em; font-size: 0.85em; color: #444; word-break: break-all; }
            @media print { body { margin: 0; max-width: none; } h2 { page-break-after: avoid; } tr { page-break-inside: avoid; } }
            </style>
            </head>
            <body>
            <h1>\(HTML.escape(title))</h1>

            """
        if let since { out += "<p>Period: \(HTML.escape(since)) to \(HTML.escape(asOf)).</p>\n" }
        out += "<p>\(HTML.escape(legend))</p>\n"
        for s in sections {
            out += "<h2>\(HTML.escape(s.heading))</h2>\n"
            for p in s.paragraphs { out += "<p>\(HTML.escape(p))</p>\n" }
            if let t = s.table {
                out += "<table>\n<thead><tr>" + t.headers.map { "<th>\(HTML.escape($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
                for r in t.rows { out += "<tr>" + r.map { "<td>\(HTML.escape($0))</td>" }.joined() + "</tr>\n" }
                out += "</tbody>\n</table>\n"
            }
        }
        out += "<footer>\(HTML.escape(footer))</footer>\n</body>\n</html>\n"
        return out
    }
}

/// HTML escaping for text and attribute values.
public enum HTML {
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
