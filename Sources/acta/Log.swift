import ActaLog
import ActaProjections
import ArgumentParser

struct Log: ActaCommand {
    static let configuration = CommandConfiguration(abstract: "The audit trail: who recorded what, when, in what order.")

    @OptionGroup var options: StoreOptions

    @Option(help: "Only this stream.") var stream: String?
    @Option(help: "Only this event type.") var type: String?
    @Option(help: "Only events recorded by this actor.") var actor: String?
    @Option(help: "Only events that occurred on or after this date (YYYY-MM-DD).", transform: Day.parse) var since: Day?
    @Option(help: "Only events that occurred on or before this date (YYYY-MM-DD).", transform: Day.parse) var until: Day?
    @Option(help: "At most this many events (the latest ones).") var limit: Int?
    @Flag(
        help:
            "JSON Lines of full entries instead of a table, with `retracted` and `corrected_by` where they apply (acta export writes the entries alone)."
    ) var json = false

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be 1 or more") }
    }

    func execute() throws {
        let log = try options.openStore(readOnly: true)
        let filter = EventFilter(
            stream: stream,
            type: type,
            actor: actor,
            since: since?.text,
            until: until?.text,
            limit: limit,
            descending: limit != nil
        )
        var entries = try log.entries(filter)
        if limit != nil { entries.reverse() }
        let amendments = try log.amendments()
        if json {
            for entry in entries {
                var line = CanonicalJSON.encode(try amendments.exportObject(of: entry))
                line.append(UInt8(ascii: "\n"))
                Terminal.write(line)
            }
            return
        }
        var table = TextTable(["POS", "OCCURRED", "RECORDED", "ACTOR", "TYPE", "STREAM", "MARK", "SOURCE"])
        for e in entries {
            let source = e.metaValue()["source"]?.stringValue ?? ""
            table.add([
                String(e.position), e.occurred, String(e.recorded.prefix(19)).replacingOccurrences(of: "T", with: " "), e.actor,
                e.type, "\(e.stream)@\(e.version)", amendments.notes(for: e.position, reasons: false).joined(separator: "; "),
                source.count > 40 ? String(source.prefix(39)) + "…" : source,
            ])
        }
        print(table.render(), terminator: "")
        if entries.isEmpty { Terminal.note("no events match") }
    }
}
