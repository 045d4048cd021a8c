import ActaEvents
import Foundation
import Testing

@testable import ActaLog

extension TestStore {
    static func openCatalog() throws -> TestStore { try TestStore(catalog: OpenCatalog()) }

    func appendPlain(_ count: Int, from first: Int = 0) throws {
        _ = try log.append(
            batch: (first..<(first + count)).map { NewEvent(type: "Noted", stream: "s/\($0)", data: ["n": .number(Double($0))], actor: "t") }
        )
    }

    /// The leaf hashes recomputed from the events' columns.
    func leafHashes() throws -> [[UInt8]] {
        try log.entries(EventFilter()).map { Entry.leafHash($0.canonicalEntry()) }
    }

    /// `merkle_nodes` as "level/idx/hex" lines, in order.
    func storedNodes() throws -> [String] {
        try sqlite("SELECT level || '/' || idx || '/' || lower(hex(hash)) FROM merkle_nodes ORDER BY level, idx").output
            .split(separator: "\n").map(String.init)
    }

    /// What a tree of these leaves must store: every complete subtree at levels 4, 8, 12, ….
    static func expectedNodes(_ leaves: [[UInt8]]) -> [String] {
        let tree = InMemoryMerkleTree(leafHashes: leaves)
        return tree.levels.enumerated().filter { $0.offset > 0 && $0.offset % 4 == 0 }.flatMap { level, hashes in
            hashes.enumerated().map { "\(level)/\($0.offset)/\(Hex.encode($0.element))" }
        }
    }

    /// Rewrites history as someone with the file and sqlite3 could, leaving nothing for
    /// a plain verify to find: the triggers dropped, the actor of `position` changed (and
    /// the log cut after `keep` events), then every leaf hash, chain hash and Merkle node
    /// recomputed and the triggers put back.
    func rewriteHistory(position: Int64? = nil, actor: String = "mallory", keep: Int64? = nil) throws {
        let reader = try EventLog.open(at: path, catalog: OpenCatalog(), readOnly: true)
        var entries = try reader.entries(EventFilter())
        try reader.close()
        if let keep { entries = Array(entries.prefix(Int(keep))) }
        let triggers = try sqlite("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('events', 'merkle_nodes')").output
            .split(separator: "\n")
        let recreate = try sqlite("SELECT sql || ';' FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('events', 'merkle_nodes')").output
        var sql = "BEGIN;\n" + triggers.map { "DROP TRIGGER \($0);\n" }.joined()
        var previous = Entry.genesisChain
        var tree = InMemoryMerkleTree()
        for var entry in entries {
            if entry.position == position { entry.actor = actor }
            let leaf = Entry.leafHash(entry.canonicalEntry())
            let chain = Entry.chainHash(previous: previous, leaf: leaf)
            if leaf != entry.hash || chain != entry.chain {
                sql +=
                    "UPDATE events SET actor = '\(entry.actor)', hash = x'\(Hex.encode(leaf))', chain = x'\(Hex.encode(chain))' WHERE position = \(entry.position);\n"
            }
            previous = chain
            tree.append(leaf)
        }
        if let keep { sql += "DELETE FROM events WHERE position > \(keep);\n" }
        sql += "DELETE FROM merkle_nodes;\n"
        for (level, hashes) in tree.levels.enumerated() where level > 0 && level % 4 == 0 {
            for (index, hash) in hashes.enumerated() { sql += "INSERT INTO merkle_nodes VALUES (\(level), \(index), x'\(Hex.encode(hash))');\n" }
        }
        sql += recreate + "\nCOMMIT;\n"
        let result = try sqlite(sql)
        #expect(result.status == 0, "\(result.output)")
    }
}

@Suite struct ProofStoreTests {
    @Test func theTreeIsMaintainedBySingleAppendsBatchesAndImports() throws {
        let store = try TestStore.openCatalog()
        for i in 0..<37 { try store.log.append(NewEvent(type: "Noted", stream: "one/\(i)", data: ["i": .number(Double(i))], actor: "t")) }
        try store.appendPlain(100)
        let lines = (0..<60).map { #"{"type":"Imported","stream":"imp/\#($0)","data":{"k":\#($0)}}"# }.joined(separator: "\n")
        try store.log.importJSONLines(Array(lines.utf8), defaultActor: "t")
        let leaves = try store.leafHashes()
        #expect(leaves.count == 197)
        #expect(try store.storedNodes() == TestStore.expectedNodes(leaves))
        let naive = NaiveTree(leaves: leaves)
        let tree = InMemoryMerkleTree(leafHashes: leaves)
        for size in 0...197 { #expect(try store.log.treeHead(size: Int64(size)).root == naive.mth(0, size)) }
        #expect(try store.log.treeHead() == TreeHead(size: 197, root: naive.mth(0, 197)))
        for position in 1...197 {
            let proof = try store.log.inclusionProof(position: Int64(position))
            #expect(proof.isValid)
            #expect(proof.path == naive.path(position - 1, 0, 197))
            let past = try store.log.inclusionProof(position: Int64(position), size: Int64(max(position, 130)))
            #expect(past.isValid && past.root == naive.mth(0, max(position, 130)))
        }
        for old in 1...197 {
            let proof = try store.log.consistencyProof(from: Int64(old))
            #expect(proof.isValid)
            #expect(proof.path == (try tree.consistencyPath(oldSize: Int64(old), newSize: 197)))
        }
        let error = #expect(throws: ActaError.self) { try store.log.inclusionProof(position: 198) }
        #expect(error?.message.contains("out of range") == true)
        #expect(throws: ActaError.self) { try store.log.inclusionProof(position: 50, size: 49) }
        #expect(throws: ActaError.self) { try store.log.consistencyProof(from: 10, to: 200) }
        // RFC 9162 defines no proof from the empty tree; the reader's API refuses from=0 too.
        let empty = #expect(throws: ActaError.self) { try store.log.consistencyProof(from: 0) }
        #expect(empty?.message.contains("RFC 9162") == true, "\(empty?.message ?? "")")
        #expect(try store.log.verify().merkleNodesChecked == Int64(TestStore.expectedNodes(leaves).count))
    }

    @Test func aStoreMadeBeforeTheTreeProvesAtOnceAndGetsTheTreeOnItsFirstWrite() throws {
        let store = try TestStore.openCatalog()
        try store.appendPlain(50)
        let drop = try store.sqlite(
            """
            DROP TRIGGER merkle_nodes_append_only_update; DROP TRIGGER merkle_nodes_append_only_delete;
            DROP TRIGGER merkle_nodes_append_only_replace; DROP TABLE merkle_nodes;
            DROP TRIGGER checkpoints_append_only_update; DROP TRIGGER checkpoints_append_only_delete;
            DROP TRIGGER checkpoints_append_only_replace; DROP TABLE checkpoints;
            DROP TABLE grdb_migrations; PRAGMA user_version = 1;
            """
        )
        #expect(drop.status == 0, "\(drop.output)")
        let old = try EventLog.open(at: store.path, catalog: OpenCatalog())
        defer { try? old.close() }
        #expect(try old.verify().isIntact)
        let leaves = try store.leafHashes()
        let naive = NaiveTree(leaves: leaves)
        // Read-only proofs compute what the table would hold from the leaves.
        let reader = try EventLog.open(at: store.path, catalog: OpenCatalog(), readOnly: true)
        let proof = try reader.inclusionProof(position: 17, size: 45)
        #expect(proof.isValid && proof.root == naive.mth(0, 45))
        #expect(try reader.consistencyProof(from: 7).isValid)
        try reader.close()
        try old.append(NewEvent(type: "Noted", stream: "late", data: [:], actor: "t"))
        let all = try store.leafHashes()
        #expect(try store.storedNodes() == TestStore.expectedNodes(all))
        #expect(try old.verify().isIntact)
    }

    @Test func nodesMissingAfterAnOlderActaAppendedAreAddedByTheNextAppend() throws {
        let store = try TestStore.openCatalog()
        try store.appendPlain(40)
        // As if an acta without the tree had appended events 21–40: their nodes are missing.
        let cut = try store.sqlite(
            """
            DROP TRIGGER merkle_nodes_append_only_delete; DELETE FROM merkle_nodes WHERE ((idx + 1) << level) > 20;
            CREATE TRIGGER merkle_nodes_append_only_delete BEFORE DELETE ON merkle_nodes
            BEGIN SELECT RAISE(ABORT, 'merkle_nodes is append-only: DELETE refused'); END;
            """
        )
        #expect(cut.status == 0, "\(cut.output)")
        #expect(try store.log.verify().isIntact)
        #expect(try store.log.inclusionProof(position: 33).isValid)
        // Another process (a new connection) appends next.
        let next = try EventLog.open(at: store.path, catalog: OpenCatalog())
        try next.append(NewEvent(type: "Noted", stream: "next", data: [:], actor: "t"))
        try next.close()
        #expect(try store.storedNodes() == TestStore.expectedNodes(try store.leafHashes()))
    }

    @Test func verifyNamesTheFirstBadOrExtraNode() throws {
        let store = try TestStore.openCatalog()
        try store.appendPlain(50)
        #expect(try store.log.verify().isIntact)
        let altered = try store.sqlite(
            """
            DROP TRIGGER merkle_nodes_append_only_update; UPDATE merkle_nodes SET hash = zeroblob(32) WHERE level = 4 AND idx = 1;
            UPDATE merkle_nodes SET hash = zeroblob(32) WHERE level = 4 AND idx = 2;
            """
        )
        #expect(altered.status == 0, "\(altered.output)")
        let failure = try #require(try store.log.verify().failure)
        #expect(failure.description.contains("merkle node level 4 index 1 (leaves 16–31) does not match"), "\(failure)")

        let other = try TestStore.openCatalog()
        try other.appendPlain(20)
        #expect(try other.sqlite("INSERT INTO merkle_nodes VALUES (3, 7, zeroblob(32))").status == 0)
        let extra = try #require(try other.log.verify().failure)
        #expect(extra.description.contains("merkle_nodes holds level 3 index 7, beyond the 20 events"), "\(extra)")

        let third = try TestStore.openCatalog()
        try third.appendPlain(3)
        #expect(try third.sqlite("DROP TRIGGER merkle_nodes_append_only_replace").status == 0)
        let dropped = try #require(try third.log.verify().failure)
        #expect(dropped.description.contains("append-only triggers missing: merkle_nodes_append_only_replace"), "\(dropped)")
    }

    @Test func checkpointsAreKeptAndNeverSignedForALogThatNoLongerExtendsTheLast() throws {
        let store = try TestStore.openCatalog()
        let key = try SigningKey(name: "ocps.example/acta", seed: [UInt8](repeating: 9, count: 32))
        try store.appendPlain(10)
        let first = try store.log.signCheckpoint(with: key)
        #expect(first.size == 10)
        #expect(try store.log.signCheckpoint(with: key) == first)
        try store.appendPlain(5, from: 10)
        let second = try store.log.signCheckpoint(with: key)
        #expect(second.size == 15)
        #expect(try store.log.checkpoints() == [first, second])
        let signed = try SignedCheckpoint(note: second.note, key: key.verifierKey)
        #expect(signed.checkpoint.root == second.root)
        #expect(try store.log.consistencyProof(from: 10, to: 15).oldRoot == first.root)
        #expect(try store.sqlite("DELETE FROM checkpoints").output.contains("append-only"))

        try store.rewriteHistory(position: 3)
        // The checkpoints the store keeps are checked by a plain verify too.
        let kept = try #require(try store.log.verify().failure)
        #expect(kept.description.hasPrefix("the log no longer extends checkpoint ocps.example/acta size 10 kept in the store"), "\(kept)")
        let error = #expect(throws: ActaError.self) { try store.log.signCheckpoint(with: key) }
        #expect(error?.kind == .integrity)
        #expect(error?.message.contains("no longer extends checkpoint ocps.example/acta size 15") == true, "\(error?.message ?? "")")
    }

    @Test func verifyAgainstACheckpointCatchesARecomputedRewriteAndATruncation() throws {
        let store = try TestStore.openCatalog()
        let key = try SigningKey(name: "ocps.example/acta", seed: [UInt8](repeating: 9, count: 32))
        try store.appendPlain(30)
        let signed = try SignedCheckpoint(note: try store.log.signCheckpoint(with: key).note, key: key.verifierKey)
        let headChain = try store.log.head().chain
        try store.appendPlain(3, from: 30)
        #expect(try store.log.verify(extending: signed).isIntact)
        #expect(try store.log.verify(head: headChain).chainPosition == 30)

        try store.rewriteHistory(position: 12)
        #expect(try store.log.verify().failure?.description.contains("kept in the store") == true, "the kept checkpoint tells")
        // Rewritten with the kept checkpoints removed too, the file is self-consistent: only
        // the checkpoint an auditor holds outside the store tells.
        #expect(
            try store.sqlite("DROP TRIGGER checkpoints_append_only_delete; DELETE FROM checkpoints; \(StoreSchemaSQL.checkpointsDelete)").status == 0
        )
        #expect(try store.log.verify().isIntact)
        let report = try store.log.verify(extending: signed)
        let failure = try #require(report.failure)
        #expect(failure.description.hasPrefix("the log no longer extends checkpoint ocps.example/acta size 30: root at size 30 is "), "\(failure)")
        #expect(failure.description.hasSuffix("checkpoint says \(Hex.encode(signed.checkpoint.root))"))
        #expect(try store.log.verify(head: headChain).failure?.description.contains("no position of the log's 33 events has chain hash") == true)

        let truncated = try TestStore.openCatalog()
        try truncated.appendPlain(30)
        let note = try truncated.log.signCheckpoint(with: key).note
        try truncated.rewriteHistory(keep: 25)
        #expect(
            try truncated.log.verify().failure?.description.contains(
                "the log holds 25 events, fewer than checkpoint ocps.example/acta size 30 kept in the store"
            ) == true
        )
        #expect(
            try truncated.sqlite("DROP TRIGGER checkpoints_append_only_delete; DELETE FROM checkpoints; \(StoreSchemaSQL.checkpointsDelete)").status
                == 0
        )
        #expect(try truncated.log.verify().isIntact)
        let cut = try #require(try truncated.log.verify(extending: SignedCheckpoint(note: note, key: key.verifierKey)).failure)
        #expect(cut.description.contains("the log holds 25 events, fewer than checkpoint ocps.example/acta size 30"), "\(cut)")
    }
}
