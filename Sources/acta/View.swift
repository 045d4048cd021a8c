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
            """
    )

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

    @Flag(help: "actions: open and overdue items only.") var open = false
    @Flag(help: "actions: overdue items only.") var overdue = false
    @Option(help: "actions: the items this owner owes (e.g. Secretariat, members, IT).") var owner: String?
    @Option(help: "actions: items opened on or after this date, YYYY-MM-DD.", transform: Day.parse) var since: Day?

    var filter: ActionsView.Filter { ActionsView.Filter(open: open, overdue: overdue, owner: owner, since: since?.text) }

    func validate() throws {
        if let at, at < 0 { throw ValidationError("--at must be 0 or more") }
        if let owner, owner.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--owner is empty; give an owner such as Secretariat")
        }
        if name != "actions", filter != ActionsView.Filter() {
            let given = [open ? "--open" : nil, overdue ? "--overdue" : nil, owner.map { _ in "--owner" }, since.map { _ in "--since" }].compactMap {
                $0
            }
            throw ValidationError("\(given.joined(separator: ", ")) filter\(given.count == 1 ? "s" : "") the actions view only, not \(name)")
        }
    }

    func execute() throws {
        guard let view = ViewCatalog.named(name) else {
            throw ActaError(.invalidInput, "no view named \"\(name.prefix(40))\"; views: \(ViewCatalog.names.joined(separator: ", "))")
        }
        let log = try options.openStore(readOnly: true)
        let date = (asOf ?? .today).text
        let filter = self.filter
        // The actions view's filters are its own: the registry renders every view unfiltered.
        let filtered = name == "actions" && filter != ActionsView.Filter()
        if json {
            let data = try log.withViews(at: at) {
                filtered ? try ViewDefinition.encoder.encode(try ActionsView($0, asOf: date, filter: filter)) : try view.json($0, asOf: date)
            }
            FileHandle.standardOutput.write(data + Data("\n".utf8))
        } else {
            var text = try log.withViews(at: at) {
                filtered ? try ActionsView($0, asOf: date, filter: filter).render() : try view.text($0, asOf: date)
            }
            if let at { text += "\n(the register as it stood at position \(at))\n" }
            print(text, terminator: "")
        }
    }
}
