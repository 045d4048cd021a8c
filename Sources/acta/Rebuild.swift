import ActaLog
import ActaProjections
import ArgumentParser
import Foundation

struct Rebuild: ActaCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rebuild the views (or one) from position 1.",
        discussion: "Views: \(ViewCatalog.names.joined(separator: ", "))."
    )

    @OptionGroup var options: StoreOptions

    @Argument(help: ArgumentHelp("One view to rebuild (default: all).", valueName: "name"))
    var name: String?

    func execute() throws {
        let log = try options.openStore()
        let progress = Terminal.Progress("rebuild")
        let started = Date()
        let count = try log.head().count
        try log.rebuildViews(only: name) { done, total in progress.update("", Int(done), Int(total)) }
        progress.finish()
        let seconds = Date().timeIntervalSince(started)
        print(
            String(
                format: "rebuilt %@ from %lld events in %.2f s (%.0f events/s)",
                name.map { "view \($0)" } ?? "all views",
                count,
                seconds,
                Double(count) / max(seconds, 1e-9)
            )
        )
    }
}
