import ActaLog
import ActaProjections
import ArgumentParser

struct DictionaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dictionary",
        abstract: "The compression dictionaries new events are compressed against.",
        subcommands: [List.self, Train.self]
    )

    struct List: ActaCommand {
        static let configuration = CommandConfiguration(abstract: "The store's dictionaries, oldest first; the newest compresses new events.")

        @OptionGroup var options: StoreOptions

        func execute() throws {
            let log = try options.openStore(readOnly: true)
            let dictionaries = try log.dictionaries()
            if dictionaries.isEmpty {
                print("no dictionary yet: the first event appended stores the built-in one")
                return
            }
            var table = TextTable(["ID", "BYTES", "CREATED", "ORIGIN", "SHA-256"])
            for d in dictionaries { table.add([String(d.id), String(d.size), d.created, d.origin, d.sha256]) }
            print(table.render(), terminator: "")
        }
    }

    struct Train: ActaCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a new dictionary from the latest events, for events appended from now on.",
            discussion: "Events already stored keep the dictionary they were compressed against: nothing is rewritten."
        )

        @OptionGroup var options: StoreOptions

        @Option(help: "Dictionary size in bytes (1024 to 65536).")
        var bytes: Int = 16_384

        func execute() throws {
            let log = try options.openStore()
            let d = try log.trainDictionary(bytes: bytes)
            print("dictionary \(d.id): \(d.size) bytes, sha256 \(d.sha256); new events are compressed against it")
        }
    }
}
