import ActaLog
import ActaProjections
import ArgumentParser
import Foundation

struct Stats: ActaCommand {
    static let configuration = CommandConfiguration(abstract: "Events, streams, types, raw and stored bytes.")

    @OptionGroup var options: StoreOptions

    @Flag(help: "As JSON.") var json = false

    func execute() throws {
        let log = try options.openStore(readOnly: true)
        let s = try log.stats()
        if json {
            let types = JSONValue.object(s.types.mapValues { .number(Double($0)) })
            let codecs = JSONValue.array(
                s.codecs.map { c in
                    .record([
                        "codec": .number(Double(c.codec)), "dictionary": c.dictionary.map { .number(Double($0)) } ?? .null,
                        "events": .number(Double(c.events)), "raw_bytes": .number(Double(c.rawBytes)), "stored_bytes": .number(Double(c.storedBytes)),
                    ])
                }
            )
            let object: JSONValue = [
                "events": .number(Double(s.events)), "codecs": codecs, "streams": .number(Double(s.streams)), "types": types,
                "raw_bytes": .number(Double(s.rawBytes)), "stored_bytes": .number(Double(s.storedBytes)),
                "file_bytes": .number(Double(s.fileBytes)), "head": .string(s.headChain),
            ]
            print(object.prettyString())
            return
        }
        let ratio = s.rawBytes > 0 ? Double(s.storedBytes) / Double(s.rawBytes) : 0
        print("events        \(s.events)")
        print("streams       \(s.streams)")
        print("raw bytes     \(s.rawBytes) (canonical JSON data)")
        print(String(format: "stored bytes  %lld (LZ4 payloads, %.3f of raw)", s.storedBytes, ratio))
        print("file bytes    \(s.fileBytes)" + (s.events > 0 ? " (\(s.fileBytes / s.events) per event)" : ""))
        print("head chain    \(s.headChain)")
        var codecs = TextTable(["CODEC", "DICTIONARY", "EVENTS", "RAW BYTES", "STORED BYTES", "RATIO"])
        for c in s.codecs {
            codecs.add([
                c.codec == 1 ? "1 (LZ4 frame)" : c.codec == 2 ? "2 (LZ4 frame + dictionary)" : String(c.codec), c.dictionary.map(String.init) ?? "",
                String(c.events), String(c.rawBytes), String(c.storedBytes),
                String(format: "%.3f", Double(c.storedBytes) / Double(max(c.rawBytes, 1))),
            ])
        }
        print("\n" + codecs.render(), terminator: "")
        let dictionaries = try log.storedDictionaries()
        if !dictionaries.isEmpty {
            var d = TextTable(["DICTIONARY", "BYTES", "CREATED", "ORIGIN", "SHA-256"])
            for x in dictionaries { d.add([String(x.id), String(x.size), x.created, x.origin, x.sha256]) }
            print("\n" + d.render(), terminator: "")
        }
        var table = TextTable(["TYPE", "EVENTS"])
        for (type, count) in s.types.sorted(by: { $0.key < $1.key }) { table.add([type, String(count)]) }
        print("\n" + table.render(), terminator: "")
    }
}
