import ActaEvents
import ActaLog
import ArgumentParser

struct Demo: ActaCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a store with the Conference's recorded history, verify it and print it.",
        discussion: "Refuses to overwrite an existing store: pass --store to choose another path.")

    @OptionGroup var options: StoreOptions

    func execute() throws {
        let log = try options.create()
        let result = try log.importJSONLines(Array(try History.jsonLines()), defaultActor: "acta demo")
        print("created \(log.path) with \(result.appended) events of the Conference's history")
        let report = try log.verify()
        if let failure = report.failure { throw ActaError(.integrity, "verify failed: \(failure)") }
        print("verified: \(report.count) events, head chain \(Hex.encode(report.headChain))\n")
        var table = TextTable(["POS", "OCCURRED", "TYPE", "STREAM", "WHAT"])
        for entry in try log.entries(EventFilter()) {
            let data = try entry.dataValue()
            let what = data["text"]?.stringValue ?? data["title"]?.stringValue ?? data["country"]?.stringValue ?? ""
            table.add([String(entry.position), entry.occurred, entry.type, entry.stream, what.count > 70 ? String(what.prefix(69)) + "…" : what])
        }
        print(table.render(), terminator: "")
        print("\nTry: acta log --store \(log.path)   acta show 2 --store \(log.path)   acta verify --store \(log.path)")
    }
}
