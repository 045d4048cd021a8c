import ActaLog
import ActaProjections
import ArgumentParser
import Foundation

struct View: ActaCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show a view rebuilt from the log.",
        discussion: """
            Views: \(ViewCatalog.names.joined(separator: ", ")).
            --as-of DATE is business time: the world on that date (default today).
            --at POSITION is record time: what the register said when it held only events up to that position.
            """)

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
        guard ViewCatalog.names.contains(name) else {
            throw ActaError(.invalidInput, "no view named \"\(name.prefix(40))\"; views: \(ViewCatalog.names.joined(separator: ", "))")
        }
        let log = try options.open(readOnly: true)
        let date = (asOf ?? .today).text
        if json {
            let data = try log.withViews(at: at) { try ViewCatalog.json(name, store: $0, asOf: date) }
            FileHandle.standardOutput.write(data + Data("\n".utf8))
        } else {
            var text = try log.withViews(at: at) { try ViewCatalog.text(name, store: $0, asOf: date) }
            if let at { text += "\n(the register as it stood at position \(at))\n" }
            print(text, terminator: "")
        }
    }
}
