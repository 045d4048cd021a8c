import Foundation

extension PostgresLog {
    // MARK: - Verifying

    /// What ``EventLog/verify(rootsAt:findingChain:keptCheckpointsKey:progress:)`` checks of
    /// the log, on PostgreSQL: every data hash, leaf hash and chain hash recomputed (by the
    /// same ``EventLog/checkRows(_:previousChain:dictionaries:workers:)``), positions and
    /// versions gapless, record times in order, every stored Merkle node equal to the one
    /// recomputed from the leaves and none beyond them, and every kept checkpoint's root.
    public func verifyLog() throws -> VerifyReport {
        let batchSize: Int64 = 8192
        return try readTransaction {
            let source = PostgresRows(link: link)
            let dictionaries = try source.dictionaries()
            var stored: [Int64: [UInt8]] = [:]
            for row in try link.query("SELECT level, idx, hash FROM merkle_nodes") {
                stored[try row.int(0) << 48 | row.int(1)] = try row.bytes(2)
            }
            let kept = try link.query("SELECT size, root FROM checkpoints ORDER BY id").map { (try $0.int(0), try $0.bytes(1)) }
            var tree = MerkleFrontier()
            var roots: [Int64: [UInt8]] = [0: Merkle.emptyRoot]
            var versions: [String: Int64] = [:]
            var previousRecorded = ""
            var checkedNodes: Int64 = 0
            let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
            func report(_ failure: VerifyFailure?) -> VerifyReport {
                var report = VerifyReport(count: tree.size, headChain: lastChain, failure: failure, merkleNodesChecked: checkedNodes)
                report.keptCheckpoints = failure == nil ? kept.count : 0
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
                    if kept.contains(where: { $0.0 == tree.size }) { roots[tree.size] = tree.root }
                }
            }
            if !stored.isEmpty {
                return report(VerifyFailure(position: nil, reason: "merkle_nodes holds \(stored.count) nodes beyond the log's leaves"))
            }
            for (size, root) in kept where roots[size] != root {
                return report(
                    VerifyFailure(position: nil, reason: "a kept checkpoint of size \(size) does not match the tree recomputed from the log")
                )
            }
            return report(nil)
        }
    }
}
