import ActaLog
import ArgumentParser
import Foundation

struct Export: ActaCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write full entries as JSON Lines: the verifiable backup `acta import` restores."
    )

    @OptionGroup var options: StoreOptions

    @Option(help: "First position (default 1).")
    var from: Int64?

    @Option(help: "Last position (default: the head).")
    var to: Int64?

    @Option(help: ArgumentHelp("Write to this new file, mode 0600 (0640 with ACTA_GROUP_READABLE=1), instead of stdout.", valueName: "file"))
    var output: String?

    func validate() throws {
        if let from, from < 1 { throw ValidationError("--from must be 1 or more") }
        if let to, to < 1 { throw ValidationError("--to must be 1 or more") }
    }

    func execute() throws {
        let log = try options.openStore(readOnly: true)
        let filter = EventFilter(fromPosition: from, toPosition: to)
        guard let output else {
            try log.export(filter) { Terminal.write($0) }
            return
        }
        // Created owner-only before anything is written (a shell's `>` follows the umask).
        let file = FileHandle(fileDescriptor: try NewFile.create(output), closeOnDealloc: true)
        do {
            try log.export(filter) { try file.write(contentsOf: $0) }
            try file.synchronize()
        } catch {
            try? FileManager.default.removeItem(atPath: output)
            throw (error as? ActaError) ?? ActaError(.io, "\(output): \(error.localizedDescription); nothing was kept")
        }
    }
}
