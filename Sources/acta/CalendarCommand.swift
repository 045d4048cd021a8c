import ActaLog
import ActaProjections
import ArgumentParser
import Foundation

struct CalendarCommand: ActaCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "The register's deadlines as an iCalendar file (RFC 5545): open action items, request deadlines, designated meetings.",
        discussion: """
            The same feed the reader serves at /calendar.ics. Each entry's UID comes from what it is \
            about (action/ITEM, provisions/REQUEST, meeting/BODY/NUMBER), so importing a newer file \
            updates the entries rather than adding more.
            """
    )

    @OptionGroup var options: StoreOptions

    @Option(name: .customLong("as-of"), help: "Which items are open: on this date, YYYY-MM-DD (default: today).", transform: Day.parse)
    var asOf: Day?

    @Option(help: "Write to this file instead of stdout (refuses to overwrite).")
    var output: String?

    func execute() throws {
        try OutputFile.refuseExisting(output)
        let log = try options.openStore(readOnly: true)
        let head = try log.head()
        let revised = try log.entry(at: head.count)?.recorded ?? "1970-01-01T00:00:00.000Z"
        let text = try log.withViews(at: head.count) { store in
            try DeadlineCalendar(store, asOf: (asOf ?? .today).text, revised: revised).render()
        }
        try OutputFile.write(text, to: output)
    }
}
