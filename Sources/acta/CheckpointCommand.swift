import ActaLog
import ArgumentParser

struct CheckpointCommand: ActaCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint",
        abstract: "Sign the log's current tree head as a checkpoint, keep it, and print it.",
        discussion: """
            The checkpoint is a C2SP tlog-checkpoint signed note: <origin>, the tree size and the base64 root \
            hash, then the signature line. An auditor keeps it with the verifier key and later runs \
            `acta verify --checkpoint FILE --key VKEY` or `tools/verify-proof`. A checkpoint is never signed \
            for a log that no longer extends the last one kept (exit 5).
            """
    )

    @OptionGroup var options: StoreOptions

    @Option(help: ArgumentHelp("The private key file (from `acta key generate`).", valueName: "file"))
    var key: String

    func execute() throws {
        let signingKey = try KeyFile.read(key)
        let log = try options.openStore()
        let checkpoint = try log.signCheckpoint(with: signingKey)
        print(checkpoint.note, terminator: "")
    }
}
