import ActaLog
import ActaProjections
import ArgumentParser
import Foundation

struct ReportCommand: ActaCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "A complete status of the Conference on a date, as Markdown or printable HTML."
    )

    @OptionGroup var options: StoreOptions

    @Option(name: .customLong("as-of"), help: "The date of the status, YYYY-MM-DD (default: today).", transform: Day.parse)
    var asOf: Day?

    @Option(help: "Decisions and meetings since this date, YYYY-MM-DD.", transform: Day.parse)
    var since: Day?

    @Option(help: "The format of the report.")
    var format: Report.Format = .markdown

    @Option(help: "Write to this file instead of stdout (refuses to overwrite).")
    var output: String?

    func execute() throws {
        try OutputFile.refuseExisting(output)
        let log = try options.openStore(readOnly: true)
        let date = (asOf ?? .today).text
        let head = try log.head()
        let text = try log.withViews(at: head.count) { store in
            try Report(store, asOf: date, since: since?.text, headPosition: head.count, headChain: head.chainHex).render(format)
        }
        try OutputFile.write(text, to: output)
    }
}

extension Report.Format: ExpressibleByArgument {}
