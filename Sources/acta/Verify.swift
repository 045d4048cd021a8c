import ActaLog
import ArgumentParser
import Foundation

struct Verify: ActaCommand {
    static let configuration = CommandConfiguration(
        abstract: "Recompute every payload, leaf and chain hash and check the order.",
        discussion: "Exit 0 printing the event count and head chain hash; exit 5 naming the first bad position.")

    @OptionGroup var options: StoreOptions

    @Flag(help: "The report as JSON.") var json = false

    func execute() throws {
        let log = try options.open(readOnly: true)
        let progress = Terminal.Progress("verify")
        let started = Date()
        let report = try log.verify { done, total in progress.update("", Int(done), Int(total)) }
        progress.finish()
        let seconds = Date().timeIntervalSince(started)
        if json {
            var object: [String: JSONValue] = [
                "ok": .bool(report.isIntact), "events": .number(Double(report.count)), "head": .string(Hex.encode(report.headChain)),
            ]
            if let failure = report.failure {
                object["error"] = .string(failure.description)
                if let position = failure.position { object["position"] = .number(Double(position)) }
            }
            print(JSONValue.object(object).prettyString())
        }
        if let failure = report.failure {
            throw ActaError(.integrity, "verify failed: \(failure); the \(report.count) events before it are intact")
        }
        if !json {
            print("ok: \(report.count) events verified, head chain \(Hex.encode(report.headChain))")
            Terminal.note(String(format: "verified in %.2f s", seconds))
        }
    }
}
