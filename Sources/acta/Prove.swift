import ActaLog
import ArgumentParser

struct Prove: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print Merkle proofs (RFC 9162) as JSON bundles that tools/verify-proof checks.",
        subcommands: [Inclusion.self, Consistency.self]
    )

    struct Inclusion: ActaCommand {
        static let configuration = CommandConfiguration(
            abstract: "Prove that an event is in the tree of a given size.",
            discussion: "The bundle holds the entry's canonical fields, its leaf hash and index, the tree size, root and audit path."
        )

        @OptionGroup var options: StoreOptions

        @Argument(help: ArgumentHelp("A position or an event id.", valueName: "pos|id"))
        var reference: String

        @Option(help: ArgumentHelp("The tree size (default: the whole log), e.g. a checkpoint's.", valueName: "n"))
        var size: Int64?

        func execute() throws {
            let log = try options.openStore(readOnly: true)
            let position: Int64
            if let p = Int64(reference) {
                position = p
            } else if EventID.normalize(reference) != nil, let entry = try log.entry(id: reference) {
                position = entry.position
            } else {
                throw ActaError(.invalidInput, "\"\(reference.prefix(60))\" is neither a position nor the id of an event in this log")
            }
            print(try log.inclusionProof(position: position, size: size).bundle.prettyString())
        }
    }

    struct Consistency: ActaCommand {
        static let configuration = CommandConfiguration(
            abstract: "Prove that the tree of an old size is a prefix of the tree of a new size.",
            discussion: "The bundle holds both sizes, both roots and the consistency path."
        )

        @OptionGroup var options: StoreOptions

        @Argument(help: ArgumentHelp("The old tree size, e.g. a checkpoint's.", valueName: "old"))
        var old: Int64

        @Argument(help: ArgumentHelp("The new tree size (default: the whole log).", valueName: "new"))
        var new: Int64?

        func execute() throws {
            let log = try options.openStore(readOnly: true)
            print(try log.consistencyProof(from: old, to: new).bundle.prettyString())
        }
    }
}
