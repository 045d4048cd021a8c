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
        let log = try options.createStore()
        defer { try? log.close() }
        let result = try log.importJSONLines(Array(try History.jsonLines()), defaultActor: "acta demo", restore: false, progress: nil)
        print("created \(log.location) with \(result.appended) events of the Conference's history, 2016 to 2025")
        let report = try log.verifyLog()
        if let failure = report.failure { throw ActaError(.integrity, "verify failed: \(failure)") }
        print("verified: \(report.count) events, head chain \(Hex.encode(report.headChain))\n")
        let date = (asOf ?? .today).text
        try log.withViews { store in
            for view in ViewCatalog.all where ["board", "hosts", "actions"].contains(view.name) {
                print(try view.text(store, asOf: date))
            }
        }
        let store = PostgresURL.isPostgres(options.path) ? "'\(log.location)'" : log.location
        print("Try: acta log --store \(store)   acta view members --as-of 2018-07-01 --store \(store)   acta report --store \(store)")
    }
}
