import Foundation

extension PostgresLog {
    // MARK: - Verifying

    /// What ``EventLog/verify(rootsAt:findingChain:keptCheckpointsKey:progress:)`` checks of
    /// the log, on PostgreSQL: every data hash, leaf hash and chain hash recomputed (by the
    /// same ``EventLog/checkRows(_:previousChain:dictionaries:workers:)``), positions and
    /// versions gapless, record times in order, every stored Merkle node equal to the one
    /// recomputed from the leaves and none beyond them, and every kept checkpoint against the
    /// recomputed tree (its note, its root, with `key` its signature: ``EventLog/checkKept(_:key:report:)``).
    /// The roots at `sizes` and the position whose chain hash is `chain` are reported.
    public func verify(
        rootsAt sizes: Set<Int64> = [],
        findingChain chain: [UInt8]? = nil,
        keptCheckpointsKey key: VerifierKey? = nil,
        progress: ((Int64, Int64) -> Void)? = nil
    ) throws -> VerifyReport {
        let batchSize: Int64 = 8192
        return try readTransaction {
            let source = PostgresRows(link: link)
            let dictionaries = try source.dictionaries()
            var stored: [Int64: [UInt8]] = [:]
            for row in try link.query("SELECT level, idx, hash FROM merkle_nodes") {
                stored[try row.int(0) << 48 | row.int(1)] = try row.bytes(2)
            }
            let kept = try keptCheckpoints()
            let sizes = sizes.union(kept.map(\.size))
            let total = try link.query("SELECT count(*) FROM events").first?.int(0) ?? 0
            var tree = MerkleFrontier()
            var roots: [Int64: [UInt8]] = sizes.contains(0) ? [0: Merkle.emptyRoot] : [:]
            var chainPosition: Int64? = nil
            var versions: [String: Int64] = [:]
            var previousRecorded = ""
            var checkedNodes: Int64 = 0
            let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
            func report(_ failure: VerifyFailure?) -> VerifyReport {
                var report = VerifyReport(count: tree.size, headChain: lastChain, failure: failure, merkleNodesChecked: checkedNodes)
                report.roots = roots
                report.chainPosition = chainPosition
                return report
            }
            var lastChain = Entry.genesisChain
            while true {
                var binds = PostgresBinds()
                binds.int(tree.size)
                binds.int(tree.size + batchSize)
                let rows = try link.query(
                    "SELECT \(StoreSchema.columns) FROM events WHERE position > $1 AND position <= $2 ORDER BY position",
                    binds.bindings
                ).map(StoredRow.init)
                if rows.isEmpty { break }
                let problems = EventLog.checkRows(rows, previousChain: lastChain, dictionaries: dictionaries, workers: workers)
                for (i, row) in rows.enumerated() {
                    let expected = tree.size + 1
                    let failure: String? =
                        row.position != expected
                        ? "gap: position \(expected) is missing (next stored is \(row.position))"
                        : problems[i]
                            ?? (row.version != (versions[row.stream] ?? 0) + 1
                                ? "stream \(row.stream) version \(row.version) does not follow version \(versions[row.stream] ?? 0)"
                                : row.recorded < previousRecorded
                                    ? "recorded \(row.recorded) is earlier than the entry before it (\(previousRecorded))" : nil)
                    if let failure { return report(VerifyFailure(position: expected, reason: failure)) }
                    var wrongNode: String? = nil
                    tree.append(row.hash) { level, index, hash in
                        guard MerkleLayout.isStored(level) else { return }
                        checkedNodes += 1
                        if stored.removeValue(forKey: Int64(level) << 48 | index) != hash {
                            wrongNode = "merkle_nodes level \(level) index \(index) is missing or differs from the node recomputed from the leaves"
                        }
                    }
                    if let wrongNode { return report(VerifyFailure(position: row.position, reason: wrongNode)) }
                    versions[row.stream] = row.version
                    previousRecorded = row.recorded
                    lastChain = row.chain
                    if sizes.contains(tree.size) { roots[tree.size] = tree.root }
                    if chainPosition == nil, let chain, row.chain == chain { chainPosition = row.position }
                }
                progress?(tree.size, total)
            }
            if !stored.isEmpty {
                return report(VerifyFailure(position: nil, reason: "merkle_nodes holds \(stored.count) nodes beyond the log's leaves"))
            }
            var verified = report(nil)
            if let problem = try EventLog.checkKept(kept, key: key, report: &verified) ?? checkStoreAround(dictionaries) {
                verified.failure = VerifyFailure(position: nil, reason: problem)
            }
            return verified
        }
    }
}
