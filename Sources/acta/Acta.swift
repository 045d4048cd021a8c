import ArgumentParser

@main
struct Acta: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "acta",
        abstract: "The decision register of the Permanent Conference of Organized Crime Prosecutors.",
        discussion: """
            Every action is an immutable, compressed event in an append-only, hash-chained log. \
            The store is ./acta.sqlite unless --store or ACTA_STORE says otherwise.

            Exit codes: 0 ok; 2 invalid input; 3 conflict (version or id); 4 no store, store exists, \
            or not a store; 5 integrity failure; 6 I/O (read-only, disk full, locked); 64 bad usage.
            """,
        subcommands: [
            Init.self, Append.self, Copy.self, Record.self, Import.self, Export.self, Log.self, Show.self, Verify.self, Key.self,
            CheckpointCommand.self,
            Prove.self, Stats.self, Types.self, View.self,
            Rebuild.self, ReportCommand.self, CalendarCommand.self, DictionaryCommand.self, Token.self, Serve.self, Demo.self, Backup.self,
        ]
    )

    /// Parses the arguments and runs the command. An argument error is one line on stderr,
    /// `acta: error: …`, like every other error (exit 64); help and version print as
    /// ArgumentParser prints them.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            if error is ExitCode || exitCode(for: error) == .success { exit(withError: error) }
            let message = self.message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
            Terminal.error(message.hasPrefix("Error: ") ? String(message.dropFirst(7)) : message)
            exit(withError: ExitCode(exitCode(for: error).rawValue))
        }
    }
}
