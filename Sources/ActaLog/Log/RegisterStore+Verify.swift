import Foundation

extension RegisterStore {
    // MARK: - Verification against what an auditor kept, on either engine

    /// Verifies the log (``verify(rootsAt:findingChain:keptCheckpointsKey:progress:)``) and that it extends a
    /// checkpoint an auditor kept: the tree recomputed from the events' leaf hashes has the
    /// checkpoint's root at its size. Stored nodes are not trusted for this. The checkpoint's
    /// signature is checked when it is made (``SignedCheckpoint/init(note:key:)``).
    public func verify(extending checkpoint: SignedCheckpoint, progress: ((Int64, Int64) -> Void)? = nil) throws -> VerifyReport {
        let c = checkpoint.checkpoint
        var report = try verify(rootsAt: [c.size], findingChain: nil, keptCheckpointsKey: checkpoint.key, progress: progress)
        report.checkpoint = c
        if report.failure != nil { return report }
        if report.count < c.size {
            report.failure = VerifyFailure(
                position: nil,
                reason: "the log holds \(report.count) events, fewer than checkpoint \(c.origin) size \(c.size) (it was truncated)"
            )
        } else if let root = report.roots[c.size], root != c.root {
            report.failure = VerifyFailure(
                position: nil,
                reason:
                    "the log no longer extends checkpoint \(c.origin) size \(c.size): root at size \(c.size) is \(Hex.encode(root)), checkpoint says \(c.rootHex)"
            )
        }
        return report
    }

    /// Verifies the log and that some position's chain hash is `chain` (a head noted earlier).
    public func verify(
        head chain: [UInt8],
        keptCheckpointsKey key: VerifierKey? = nil,
        progress: ((Int64, Int64) -> Void)? = nil
    ) throws -> VerifyReport {
        var report = try verify(rootsAt: [], findingChain: chain, keptCheckpointsKey: key, progress: progress)
        if report.failure == nil, report.chainPosition == nil {
            report.failure = VerifyFailure(
                position: nil,
                reason:
                    "no position of the log's \(report.count) events has chain hash \(Hex.encode(chain)) (the history that hash sealed was rewritten or truncated)"
            )
        }
        return report
    }
}

extension RegisterStore {
    /// The log verified without roots to report, a chain hash to find or a key: what `acta verify` checks by default.
    public func verifyLog() throws -> VerifyReport {
        try verify(rootsAt: [], findingChain: nil, keptCheckpointsKey: nil, progress: nil)
    }
}
