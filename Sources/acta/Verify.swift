import ActaLog
import ArgumentParser
import Foundation

struct Verify: ActaCommand {
    static let configuration = CommandConfiguration(
        abstract: "Recompute every payload, leaf and chain hash and check the order.",
        discussion: """
            Exit 0 printing the event count and head chain hash; exit 5 naming the first bad position.
            The stored Merkle nodes are checked against nodes recomputed from the leaves, every checkpoint \
            the store keeps against the recomputed tree, the store's tables and its triggers by their SQL. \
            Record times must never go backwards.

            --checkpoint FILE --key VKEY also proves that the log extends a checkpoint an auditor kept: \
            the note's signature by the verifier key, then the tree recomputed from the events has the \
            checkpoint's root at its size. --head HASH proves that some position has that chain hash. \
            --key alone checks the signatures of the checkpoints the store keeps. A history rewritten with \
            every hash recomputed is caught only by such a checkpoint or head held outside the store.

            --views also replays every view into memory and compares it, record by record, with the \
            views saved in the store (what the reader serves), naming the first difference.
            """
    )

    @OptionGroup var options: StoreOptions

    @Flag(help: "The report as JSON.") var json = false

    @Option(help: ArgumentHelp("A signed checkpoint an auditor kept (`-` reads stdin); needs --key.", valueName: "file"))
    var checkpoint: String?

    @Option(help: ArgumentHelp("The verifier key that signed the checkpoint: <name>+<id>+<key>, or a file holding it.", valueName: "vkey"))
    var key: String?

    @Option(help: ArgumentHelp("A chain hash noted earlier (hex): some position must have it.", valueName: "hash"))
    var head: String?

    @Flag(help: "Also replay every view and compare it with the views saved in the store.")
    var views = false

    func validate() throws {
        if checkpoint != nil, key == nil { throw ValidationError("--checkpoint needs --key, the verifier key that signed it") }
        if checkpoint != nil, head != nil { throw ValidationError("give --checkpoint or --head, not both") }
        if let head, Hex.decode(head)?.count != 32 { throw ValidationError("--head must be a chain hash: 64 hex digits") }
    }

    func execute() throws {
        // The checkpoint's signature is checked before the log is read.
        let verifier = try key.map(KeyFile.verifier)
        let signed = try checkpoint.map { path in
            try SignedCheckpoint(note: try KeyFile.text(path, what: "checkpoint"), key: verifier!)
        }
        let store = try options.openStore(readOnly: true)
        let progress = Terminal.Progress("verify")
        let started = Date()
        let update: (Int64, Int64) -> Void = { done, total in progress.update("", Int(done), Int(total)) }
        let chain = head.flatMap(Hex.decode)
        let report: VerifyReport
        guard let log = store as? EventLog else {
            // Another engine: the log, its tree and its kept checkpoints' roots, through the seam.
            if signed != nil || chain != nil || verifier != nil {
                throw ActaError(
                    .invalidInput,
                    "\(store.location): --checkpoint, --head and --key need an SQLite store for now (acta copy it to one)"
                )
            }
            let report = try store.verifyLog()
            // The views are compared only once the log they are replayed from has verified.
            try finish(report, views: views && report.isIntact ? try store.verifyViews() : nil, started: started, verifierName: nil)
            return
        }
        if let signed {
            report = try log.verify(extending: signed, progress: update)
        } else if let chain {
            report = try log.verify(head: chain, keptCheckpointsKey: verifier, progress: update)
        } else {
            report = try log.verify(keptCheckpointsKey: verifier, progress: update)
        }
        progress.finish()
        // The views are compared only once the log they are replayed from has verified.
        let viewsReport = views && report.isIntact ? try log.verifyViews() : nil
        try finish(report, views: viewsReport, started: started, verifierName: verifier?.name)
    }

    /// Prints the report and exits non-zero when it found damage.
    private func finish(_ report: VerifyReport, views viewsReport: ViewsReport?, started: Date, verifierName: String?) throws {
        let seconds = Date().timeIntervalSince(started)
        let chain = head.flatMap(Hex.decode)
        if json {
            var object: [String: JSONValue] = [
                "ok": .bool(report.isIntact), "events": .number(Double(report.count)), "head": .string(Hex.encode(report.headChain)),
                "merkle_nodes_checked": .number(Double(report.merkleNodesChecked)),
                "kept_checkpoints": .number(Double(report.keptCheckpoints)),
                "kept_checkpoint_signatures_checked": report.keptSignaturesChecked.map { .number(Double($0)) } ?? .null,
            ]
            if let viewsReport {
                object["views"] = .object([
                    "compared": .array(viewsReport.compared.map { .string($0) }), "records": .number(Double(viewsReport.records)),
                    "skipped": .object(Dictionary(uniqueKeysWithValues: viewsReport.skipped.map { ($0.view, JSONValue.string($0.why)) })),
                ])
                if let difference = viewsReport.difference {
                    object["ok"] = .bool(false)
                    object["error"] = .string(difference)
                }
            }
            if let c = report.checkpoint {
                object["checkpoint"] = .object(["origin": .string(c.origin), "size": .number(Double(c.size)), "root": .string(c.rootHex)])
            }
            if chain != nil { object["chain_position"] = report.chainPosition.map { .number(Double($0)) } ?? .null }
            if let failure = report.failure {
                object["error"] = .string(failure.description)
                if let position = failure.position { object["position"] = .number(Double(position)) }
            }
            print(JSONValue.object(object).prettyString())
        }
        if let failure = report.failure {
            if failure.position != nil {
                throw ActaError(.integrity, "verify failed: \(failure); the \(report.count) events before it are intact")
            }
            throw ActaError(.integrity, "verify failed: \(failure)")
        }
        if let difference = viewsReport?.difference {
            throw ActaError(.integrity, "verify --views failed: \(difference); the log verifies (`acta rebuild` rewrites the views from it)")
        }
        if !json {
            var line = "ok: \(report.count) events verified, head chain \(Hex.encode(report.headChain))"
            switch report.keptCheckpoints {
            case 0: line += "; no checkpoint kept in the store"
            case 1: line += "; 1 kept checkpoint matches the log"
            case let n: line += "; \(n) kept checkpoints match the log"
            }
            if let signed = report.keptSignaturesChecked {
                line += " (\(signed) signed by \(verifierName ?? "the key"))"
            } else if report.keptCheckpoints > 0 {
                line += " (signatures not checked: no --key)"
            }
            if let viewsReport {
                line += "; views: \(viewsReport.compared.count) equal the log's replay (\(viewsReport.records) records)"
                if !viewsReport.skipped.isEmpty { line += ", \(viewsReport.skipped.map(\.view).joined(separator: ", ")) not saved at this version" }
            }
            if let c = report.checkpoint { line += "; the log extends checkpoint \(c.origin) size \(c.size)" }
            if let chain, let position = report.chainPosition { line += "; chain hash \(Hex.encode(chain)) is position \(position)" }
            if checkpoint == nil, chain == nil {
                line +=
                    "; a history rewritten with every hash recomputed is caught only by a checkpoint or head held outside the store (--checkpoint, --head)"
            }
            print(line)
            Terminal.note(String(format: "verified in %.2f s", seconds))
        }
    }
}
