import ActaEvents
import ActaLog
import Foundation

/// `acta-bench proofs`: on a log of N synthetic events (made once, kept in the bench
/// directory), the median time of an inclusion proof and of a consistency proof (each
/// read from the stored tree in its own read transaction, entry included), of signing a
/// checkpoint, of verifying with the tree recomputed, and durable single appends with the
/// tree maintained, on a fresh store and on the large one. Checkpoint signing is timed on
/// new heads (a durable insert each) and on an unchanged head (nothing written).
enum ProofsBench {
    static func run(options: Options, dir: URL) throws {
        let events = options.events
        let path = dir.appendingPathComponent("proofs-\(events).sqlite").path
        let makeSeconds = try Corpus.makeLog(at: path, events: events)
        let log = try EventLog.open(at: path, catalog: OCPSCatalog())
        let size = try log.head().count
        precondition(size == Int64(events), "\(path) holds \(size) events, not \(events): remove it")

        // The first checkpoint also brings a store made before the tree up to date.
        let key = try SigningKey(name: "bench.example/acta", seed: [UInt8](repeating: 7, count: 32))
        let (_, firstSign) = try timed { try log.signCheckpoint(with: key) }

        note("proofs…")
        var rng = SplitMix(seed: 42)
        let samples = 2001
        var headTimes: [Double] = []
        var inclusionTimes: [Double] = []
        var inclusionPastTimes: [Double] = []
        var consistencyTimes: [Double] = []
        var consistencyPastTimes: [Double] = []
        var pathLengths: [Double] = []
        for _ in 0..<samples {
            let position = Int64(rng.next() % UInt64(size)) + 1
            let (proof, t1) = try timed { try log.inclusionProof(position: position) }
            precondition(proof.isValid)
            inclusionTimes.append(t1)
            pathLengths.append(Double(proof.path.count))
            let past = position + Int64(rng.next() % UInt64(size - position + 1))
            let (pastProof, t2) = try timed { try log.inclusionProof(position: position, size: past) }
            precondition(pastProof.isValid)
            inclusionPastTimes.append(t2)
            let old = Int64(rng.next() % UInt64(size)) + 1
            let (consistency, t3) = try timed { try log.consistencyProof(from: old) }
            precondition(consistency.isValid)
            consistencyTimes.append(t3)
            let new = old + Int64(rng.next() % UInt64(size - old + 1))
            let (pastConsistency, t4) = try timed { try log.consistencyProof(from: old, to: new) }
            precondition(pastConsistency.isValid)
            consistencyPastTimes.append(t4)
            headTimes.append(try timed { try log.treeHead(size: new) }.1)
        }

        note("verify with the tree recomputed…")
        let signed = try SignedCheckpoint(note: try log.latestCheckpoint()!.note, key: key.verifierKey)
        let (report, verifySeconds) = try timed { try log.verify(extending: signed) }
        precondition(report.isIntact, "\(report.failure!)")

        // Signing a new head: tree head, consistency with the last checkpoint, Ed25519, a durable insert.
        var signTimes: [Double] = []
        var sameHeadTimes: [Double] = []
        for i in 0..<21 {
            try log.append(
                NewEvent(
                    type: "MemberInvited",
                    stream: "member/GR",
                    data: ["country": "GR", "date": "2018-06-30", "body": "conference", "meeting": .number(Double(i + 1))],
                    actor: "bench"
                )
            )
            signTimes.append(try timed { try log.signCheckpoint(with: key) }.1)
            sameHeadTimes.append(try timed { try log.signCheckpoint(with: key) }.1)
        }
        let text = Array(Checkpoint(origin: key.name, size: size, root: try log.treeHead().root).text.utf8)
        var ed25519Times: [Double] = []
        for _ in 0..<101 { ed25519Times.append(try timed { try key.sign(text) }.1) }

        note("durable single appends with the tree maintained, \(options.rounds) rounds of \(options.appends)…")
        // Slices alternate between two logs, so each must hold whole meetings (ten events):
        // an outcome is refused on a log that does not hold its MeetingHeld.
        precondition(options.appends % 10 == 0 && events % 10 == 0, "--appends and --events must be multiples of 10 (whole meetings)")
        let lines = String(decoding: Corpus.jsonLines(count: options.appends * options.rounds * 2, seed: 11, first: events), as: UTF8.self)
            .split(separator: "\n")
        let newEvents: [NewEvent] = try lines.map { line in
            let o = try JSONParser.parse(String(line)).objectValue!
            return NewEvent(type: o["type"]!.stringValue!, stream: o["stream"]!.stringValue!, data: o["data"]!, actor: "bench")
        }
        let freshPath = fresh(dir, "proofs-append.sqlite")
        let freshLog = try EventLog.create(at: freshPath, catalog: OCPSCatalog())
        var freshRates: [Double] = []
        var largeRates: [Double] = []
        for round in 0..<options.rounds {
            let a = newEvents[(2 * round * options.appends)..<((2 * round + 1) * options.appends)]
            let b = newEvents[((2 * round + 1) * options.appends)..<((2 * round + 2) * options.appends)]
            freshRates.append(Double(options.appends) / (try timed { for e in a { try freshLog.append(e) } }.1))
            largeRates.append(Double(options.appends) / (try timed { for e in b { try log.append(e) } }.1))
        }
        try freshLog.close()
        try log.close()
        // The large log now holds more than N events: the next run makes it again.
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }

        func ms(_ seconds: Double) -> JSONValue { .number((seconds * 1_000_000).rounded() / 1000) }
        func p99(_ xs: [Double]) -> Double { xs.sorted()[Int(Double(xs.count - 1) * 0.99)] }
        var result: [String: JSONValue] = [
            "events": .number(Double(events)),
            "cores": .number(Double(ProcessInfo.processInfo.activeProcessorCount)),
            "inclusion_proof_median_ms": ms(median(inclusionTimes)),
            "inclusion_proof_p99_ms": ms(p99(inclusionTimes)),
            "inclusion_proof_past_size_median_ms": ms(median(inclusionPastTimes)),
            "inclusion_path_hashes_median": .number(median(pathLengths)),
            "consistency_proof_median_ms": ms(median(consistencyTimes)),
            "consistency_proof_p99_ms": ms(p99(consistencyTimes)),
            "consistency_proof_past_sizes_median_ms": ms(median(consistencyPastTimes)),
            "tree_head_any_size_median_ms": ms(median(headTimes)),
            "proof_samples": .number(Double(samples)),
            "checkpoint_first_sign_ms": ms(firstSign),
            "checkpoint_sign_median_ms": ms(median(signTimes)),
            "checkpoint_same_head_median_ms": ms(median(sameHeadTimes)),
            "ed25519_sign_median_ms": ms(median(ed25519Times)),
            "verify_with_checkpoint_seconds": .number((verifySeconds * 1000).rounded() / 1000),
            "verify_with_checkpoint_eps": .number((Double(events) / verifySeconds).rounded()),
            "merkle_nodes_checked": .number(Double(report.merkleNodesChecked)),
            "single_append_per_s": .number(median(freshRates).rounded()),
            "single_append_at_n_events_per_s": .number(median(largeRates).rounded()),
        ]
        if let makeSeconds {
            result["make_log_seconds"] = .number((makeSeconds * 10).rounded() / 10)
            result["make_log_import_eps"] = .number((Double(events) / makeSeconds).rounded())
        }
        print(JSONValue.object(result).prettyString())
    }

    static func median(_ xs: [Double]) -> Double {
        let s = xs.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
}
