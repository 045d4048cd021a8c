import ActaLog
import ArgumentParser

struct Show: ActaCommand {
    static let configuration = CommandConfiguration(abstract: "One event in full, decompressed, with its hashes.")

    @OptionGroup var options: StoreOptions

    @Argument(help: ArgumentHelp("A position or an event id.", valueName: "pos|id"))
    var reference: String

    @Flag(help: "The full entry as JSON.") var json = false

    func execute() throws {
        let log = try options.openStore(readOnly: true)
        let entry: Entry?
        if let position = Int64(reference) {
            guard position >= 1 else { throw ActaError(.invalidInput, "position \(reference) is out of range; positions start at 1") }
            entry = try log.entry(at: position)
        } else if EventID.normalize(reference) != nil {
            entry = try log.entry(id: reference)
        } else {
            throw ActaError(.invalidInput, "\"\(reference.prefix(60))\" is neither a position nor an event id (UUID)")
        }
        guard let entry else {
            let head = try log.head()
            throw ActaError(.invalidInput, "no event \(reference) in \(log.location) (it holds positions 1–\(head.count))")
        }
        // A later correction or retraction of this entry, which the entry itself cannot show.
        let amendments = try log.amendments()
        if json {
            print(try amendments.exportObject(of: entry).prettyString())
            return
        }
        let meta = entry.metaValue()
        var lines: [(String, String)] = [
            ("position", String(entry.position)), ("id", entry.id), ("stream", "\(entry.stream) (version \(entry.version))"),
            ("type", "\(entry.type) (schema \(entry.schema))"), ("occurred", entry.occurred), ("recorded", entry.recorded),
            ("actor", entry.actor),
        ]
        lines += amendments.notes(for: entry.position).map { ("status", $0) }
        for key in CanonicalJSON.sortedKeys(meta) {
            lines.append(("meta.\(key)", meta[key]!.stringValue ?? CanonicalJSON.string(meta[key]!)))
        }
        lines += [
            ("stored", "\(entry.storedSize) bytes (codec \(entry.codec), LZ4 frame) for \(entry.data.count) bytes of data"),
            ("data_hash", entry.dataHash), ("hash", entry.hashHex), ("chain", entry.chainHex),
        ]
        let width = lines.map(\.0.count).max() ?? 10
        // Values from the log are shown with their control characters escaped (ESC and OSC
        // sequences would drive the terminal); pretty JSON keeps its line breaks.
        for (key, value) in lines {
            print(DisplayText.escaped("\(key.padding(toLength: width, withPad: " ", startingAt: 0))  \(value)"))
        }
        print("data\n" + DisplayText.escaped(try entry.dataValue().prettyString(), keepingNewlines: true))
    }
}
