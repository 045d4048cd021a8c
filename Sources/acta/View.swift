import ActaLog
import ActaProjections
import ArgumentParser
import Foundation

struct View: ActaCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show a view rebuilt from the log.",
        discussion: """
            Views:
            \(Self.views)
            --as-of DATE is business time: the world on that date (default today).
            --at POSITION is record time: what the register said when it held only events up to that position.
            """)

    /// One line per view: its name and what it shows.
    static var views: String {
        let width = (ViewCatalog.names.map(\.count).max() ?? 0) + 2
        return ViewCatalog.all.map { "  " + $0.name.padding(toLength: width, withPad: " ", startingAt: 0) + $0.summary }.joined(separator: "\n")
    }

    @OptionGroup var options: StoreOptions

    @Argument(help: ArgumentHelp("The view.", valueName: "name"))
    var name: String

    @Option(name: .customLong("as-of"), help: "The date the view describes, YYYY-MM-DD (default: today).", transform: Day.parse)
    var asOf: Day?

    @Option(help: "Replay the log only up to this position.")
    var at: Int64?

    @Flag(help: "As JSON.") var json = false

    func validate() throws {
        if let at, at < 0 { throw ValidationError("--at must be 0 or more") }
    }

    func execute() throws {
        guard let view = ViewCatalog.named(name) else {
            throw ActaError(.invalidInput, "no view named \"\(name.prefix(40))\"; views: \(ViewCatalog.names.joined(separator: ", "))")
        }
        let log = try options.open(readOnly: true)
        let date = (asOf ?? .today).text
        if json {
            let data = try log.withViews(at: at) { try view.json($0, asOf: date) }
            FileHandle.standardOutput.write(data + Data("\n".utf8))
        } else {
            var text = try log.withViews(at: at) { try view.text($0, asOf: date) }
            if let at { text += "\n(the register as it stood at position \(at))\n" }
            print(text, terminator: "")
        }
    }
}
