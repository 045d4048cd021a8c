import ActaEvents
import ActaLog
import ActaProjections
import ArgumentParser

struct Demo: ActaCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a store with the Conference's recorded history, verify it and show the main views.",
        discussion: "Refuses to overwrite an existing store: pass --store to choose another path."
    )

    @OptionGroup var options: StoreOptions

    @Option(name: .customLong("as-of"), help: "The date the views describe, YYYY-MM-DD (default: today).", transform: Day.parse)
    var asOf: Day?

    func execute() throws {
        let log = try options.create()
        let result = try log.importJSONLines(Array(try History.jsonLines()), defaultActor: "acta demo")
        print("created \(log.path) with \(result.appended) events of the Conference's history, 2016 to 2025")
        let report = try log.verify()
        if let failure = report.failure { throw ActaError(.integrity, "verify failed: \(failure)") }
        print("verified: \(report.count) events, head chain \(Hex.encode(report.headChain))\n")
        let date = (asOf ?? .today).text
        try log.withViews { store in
            for view in ViewCatalog.all where ["board", "hosts", "actions"].contains(view.name) {
                print(try view.text(store, asOf: date))
            }
        }
        print("Try: acta log --store \(log.path)   acta view members --as-of 2018-07-01 --store \(log.path)   acta report --store \(log.path)")
    }
}
