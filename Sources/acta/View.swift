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

    @Option(name: .customLong("as-of"), help: "The date the view describes, YYYY-MM-DD (default: today).")
    var asOf: String?

    @Option(help: "Replay the log only up to this position.")
    var at: Int64?

    @Flag(help: "As JSON.") var json = false

    @Flag(help: "actions: open and overdue items only.") var open = false
    @Flag(help: "actions: overdue items only.") var overdue = false
    @Option(help: "actions: the items this owner owes (e.g. Secretariat, members, IT).") var owner: String?
    @Option(help: "actions: items opened on or after this date, YYYY-MM-DD.") var since: String?

    var filter: ActionsView.Filter { ActionsView.Filter(open: open, overdue: overdue, owner: owner, since: since) }

    /// Checked when the command runs rather than by the argument parser, so that a bad value
    /// is one line, `acta: error: …`, with the usage exit code (64).
    func checkOptions() throws {
        func usage(_ message: String) -> ExitCode {
            Terminal.error(message)
            return ExitCode(64)
        }
        if let asOf, !Timestamp.isDate(asOf) { throw usage("--as-of \"\(asOf)\" is not a date YYYY-MM-DD") }
        if let at, at < 0 { throw usage("--at must be 0 or more") }
        if let since, !Timestamp.isDate(since) { throw usage("--since \"\(since)\" is not a date YYYY-MM-DD") }
        if let owner, owner.trimmingCharacters(in: .whitespaces).isEmpty { throw usage("--owner is empty; give an owner such as Secretariat") }
        if name != "actions", filter != ActionsView.Filter() {
            let given = [open ? "--open" : nil, overdue ? "--overdue" : nil, owner.map { _ in "--owner" }, since.map { _ in "--since" }].compactMap { $0 }
            throw usage("\(given.joined(separator: ", ")) filter\(given.count == 1 ? "s" : "") the actions view only, not \(name)")
        }
    }

    func execute() throws {
        try checkOptions()
        guard ViewCatalog.names.contains(name) else {
            throw ActaError(.invalidInput, "no view named \"\(name.prefix(40))\"; views: \(ViewCatalog.names.joined(separator: ", "))")
        }
        let log = try options.open(readOnly: true)
        let date = asOf ?? Timestamp.today()
        if json {
            let data = try log.withViews(at: at) { try ViewCatalog.json(name, store: $0, asOf: date, actions: filter) }
            FileHandle.standardOutput.write(data + Data("\n".utf8))
        } else {
            var text = try log.withViews(at: at) { try ViewCatalog.text(name, store: $0, asOf: date, actions: filter) }
            if let at { text += "\n(the register as it stood at position \(at))\n" }
            print(text, terminator: "")
        }
    }
}
