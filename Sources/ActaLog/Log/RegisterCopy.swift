/// Moves a whole register from one store to another, on either engine: the dictionaries,
/// every event restored exactly (the same positions, ids, record times, leaf and chain
/// hashes: an `acta export` line restored, its hashes checked on insert), and the kept
/// checkpoints. Then the copy is verified and compared with the source: the same head, the
/// same tree root, the same exported bytes, or the copy is reported broken.
public enum RegisterCopy {
    public struct Report: Sendable {
        public var events: Int64
        public var dictionaries: Int
        public var checkpoints: Int
        public var head: LogHead
        public var root: TreeHead
    }

    public static func copy(from source: any RegisterStore, to destination: any RegisterStore) throws -> Report {
        guard try destination.head().count == 0, try destination.checkpoints().isEmpty else {
            throw ActaError(.store, "\(destination.location) is not empty; copy into a new store (acta init)")
        }
        let head = try source.head()
        var exported: [UInt8] = []
        try source.export(EventFilter()) { exported += $0 }
        let dictionaries = try source.dictionaryRows()
        let checkpoints = try source.checkpoints()
        try destination.insertCopied(dictionaries: dictionaries, checkpoints: [])
        if head.count > 0 {
            _ = try destination.importJSONLines(exported, defaultActor: "acta copy", restore: false, progress: nil)
        }
        try destination.insertCopied(dictionaries: [], checkpoints: checkpoints)
        let report = try destination.verifyLog()
        if let failure = report.failure { throw ActaError(.integrity, "the copy in \(destination.location) does not verify: \(failure)") }
        // The copy's export is compared as it comes, not held: the source's is in memory already.
        var compared = 0
        var same = true
        try destination.export(EventFilter()) { chunk in
            guard same else { return }
            let end = compared + chunk.count
            same = end <= exported.count && exported[compared..<end].elementsEqual(chunk)
            compared = end
        }
        let root = try destination.treeHead(size: nil)
        guard try destination.head() == head, same, compared == exported.count, root == (try source.treeHead(size: nil)) else {
            throw ActaError(.integrity, "the copy in \(destination.location) differs from \(source.location) (head, tree root or exported bytes)")
        }
        return Report(events: head.count, dictionaries: dictionaries.count, checkpoints: checkpoints.count, head: head, root: root)
    }
}
