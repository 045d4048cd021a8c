import ActaLog
import ArgumentParser
import Foundation

struct Import: ActaCommand {
    static let configuration = CommandConfiguration(
        abstract: "Append events from JSON Lines, all or none.",
        discussion: """
            One event per line: {"type":…, "data":{…}} with optional stream (the one the data names; \
            given, it must be that one), id, occurred, actor, meta and expect_version. Each line is \
            decided against the register, earlier lines included. Lines of `acta export` are restored \
            exactly, with their hashes and record times: into an empty store, or with --restore \
            continuing this store from its head; a record time earlier than the entry before is refused.
            """
    )

    @OptionGroup var options: StoreOptions

    @Argument(help: ArgumentHelp("JSON Lines file, or - for stdin.", valueName: "file|-"))
    var file: String

    @Option(help: "Who records lines that name no actor (default: $ACTA_ACTOR, then the login name).")
    var actor: String?

    @Flag(help: "Let export lines continue a store that holds events (without it, they restore only into an empty store).")
    var restore = false

    func execute() throws {
        let log = try options.openStore()
        let text = file == "-" ? try InputData.stdin() : try InputData.file(file, what: "import")
        let progress = Terminal.Progress("import")
        let started = Date()
        let result = try log.importJSONLines(text, defaultActor: actor ?? Actor.current(), restore: restore, progress: progress.update)
        progress.finish()
        let seconds = Date().timeIntervalSince(started)
        var summary = "imported \(result.appended) events"
        if let first = result.firstPosition, let last = result.lastPosition { summary += " (positions \(first)–\(last))" }
        if result.duplicates > 0 { summary += ", \(result.duplicates) already recorded" }
        if result.restored > 0 { summary += ", \(result.restored) restored with their hashes" }
        summary += String(format: " in %.2f s", seconds)
        print(summary)
    }
}
