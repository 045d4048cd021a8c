import ActaLog
import ArgumentParser
import Foundation

struct Backup: ActaCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy the store to a new file while others keep appending (SQLite's online backup).",
        discussion: """
            The copy is one consistent snapshot of the whole store, verified before it is put at DEST; \
            its log is a prefix of the live one. DEST must not exist. Prints the copy's event count and \
            head chain hash, which `acta verify --head HASH` finds in the live log.
            """
    )

    @OptionGroup var options: StoreOptions

    @Argument(help: ArgumentHelp("The new file to write (refused if anything exists there).", valueName: "dest"))
    var destination: String

    func execute() throws {
        let log = try options.open(readOnly: true)
        let report = try log.backup(to: destination)
        print("backed up \(report.count) events to \(report.path), head chain \(Hex.encode(report.headChain))")
    }
}
