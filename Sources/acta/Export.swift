import ActaLog
import ArgumentParser

struct Export: ActaCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write full entries as JSON Lines: the verifiable backup `acta import` restores.")

    @OptionGroup var options: StoreOptions

    @Option(help: "First position (default 1).")
    var from: Int64?

    @Option(help: "Last position (default: the head).")
    var to: Int64?

    func validate() throws {
        if let from, from < 1 { throw ValidationError("--from must be 1 or more") }
        if let to, to < 1 { throw ValidationError("--to must be 1 or more") }
    }

    func execute() throws {
        let log = try options.open(readOnly: true)
        try log.export(EventFilter(fromPosition: from, toPosition: to)) { Terminal.write($0) }
    }
}
