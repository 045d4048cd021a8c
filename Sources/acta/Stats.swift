import ActaLog
import ArgumentParser
import Foundation

struct Stats: ActaCommand {
    static let configuration = CommandConfiguration(abstract: "Events, streams, types, raw and stored bytes.")

    @OptionGroup var options: StoreOptions

    @Flag(help: "As JSON.") var json = false

    func execute() throws {
        let log = try options.open(readOnly: true)
        let s = try log.stats()
        if json {
            let types = JSONValue.object(s.types.mapValues { .number(Double($0)) })
            let object: JSONValue = [
                "events": .number(Double(s.events)), "streams": .number(Double(s.streams)), "types": types,
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
        var table = TextTable(["TYPE", "EVENTS"])
        for (type, count) in s.types.sorted(by: { $0.key < $1.key }) { table.add([type, String(count)]) }
        print("\n" + table.render(), terminator: "")
    }
}
