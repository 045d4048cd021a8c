import Foundation
import Testing

@testable import ActaLog

/// Keys, checkpoints, proofs and `verify --checkpoint/--head` through the built `acta`, and
/// the bundles and checkpoints it prints checked by the independent Python verifier
/// `tools/verify-proof` (with the `cryptography` package and with the `openssl` command).
@Suite struct ProofCLITests {
    typealias Sandbox = CLITests.Sandbox

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let verifier = root.appendingPathComponent("tools/verify-proof").path

    static func run(_ executable: String, _ arguments: [String], env: [String: String] = [:], in directory: URL) throws -> CLITests.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        for (k, v) in env { environment[k] = v }
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLITests.Result(
            status: process.terminationStatus,
            stdout: String(decoding: o, as: UTF8.self),
            stderr: String(decoding: e, as: UTF8.self)
        )
    }

    /// `python3 tools/verify-proof ARGS` in the sandbox.
    static func verifyProof(_ s: Sandbox, _ arguments: [String], backend: String? = nil) throws -> CLITests.Result {
        try run("/usr/bin/env", ["python3", verifier] + arguments, env: backend.map { ["ACTA_VERIFY_ED25519": $0] } ?? [:], in: s.directory)
    }

    static func write(_ s: Sandbox, _ name: String, _ text: String) throws -> String {
        let path = s.directory.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func importLines(_ s: Sandbox, _ count: Int, from first: Int = 0) throws {
        let lines = (first..<(first + count)).map {
            #"{"type":"MemberInvited","stream":"member/GR","data":{"country":"GR","date":"2019-06-04","body":"conference","meeting":\#($0 + 1)},"meta":{"source":"minutes č \#($0)"}}"#
        }
        let r = try s.acta(["import", "-"], stdin: lines.joined(separator: "\n") + "\n")
        #expect(r.status == 0, "\(r.stderr)")
    }

    /// A new signing key in the sandbox: (key file, verifier key).
    static func key(_ s: Sandbox, name: String = "ocps.example/acta") throws -> (String, String) {
        let file = s.directory.appendingPathComponent("signing.key").path
        let r = try s.acta(["key", "generate", "--name", name, "--out", file])
        #expect(r.status == 0, "\(r.stderr)")
        return (file, r.stdout.trimmingCharacters(in: .newlines))
    }

    // MARK: - Keys

    @Test func keyGenerateWritesAPrivateFileOnceAndPrintsTheVerifierKey() throws {
        let s = try Sandbox()
        let (file, vkey) = try Self.key(s)
        #expect(vkey.range(of: #"^ocps\.example/acta\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}$"#, options: .regularExpression) != nil, "\(vkey)")
        let attributes = try FileManager.default.attributesOfItem(atPath: file)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text.hasPrefix("PRIVATE+KEY+ocps.example/acta+"))
        let again = try s.acta(["key", "generate", "--name", "other", "--out", file])
        #expect(again.status == 6)
        #expect(again.stderr.contains("already exists; a key file is never overwritten"))
        #expect(try String(contentsOfFile: file, encoding: .utf8) == text)
        #expect(try s.acta(["key", "verifier", "--key", file]).stdout == vkey + "\n")
        let bad = try s.acta(["key", "generate", "--name", "has space", "--out", s.directory.appendingPathComponent("x.key").path])
        #expect(bad.status == 2)
        #expect(!FileManager.default.fileExists(atPath: s.directory.appendingPathComponent("x.key").path))
    }

    // MARK: - The independent verifier

    @Test func bundlesAndCheckpointsCheckWithToolsVerifyProofAndTamperedOnesDoNot() throws {
        let s = try Sandbox()
        #expect(try s.acta(["demo"]).status == 0)
        let (keyFile, vkey) = try Self.key(s)
        let checkpoint = try s.acta(["checkpoint", "--key", keyFile])
        #expect(checkpoint.status == 0, "\(checkpoint.stderr)")
        let lines = checkpoint.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "ocps.example/acta")
        let size = try #require(Int(lines[1]))
        let note = try Self.write(s, "checkpoint.txt", checkpoint.stdout)

        for backend in ["cryptography", "openssl"] {
            let ok = try Self.verifyProof(s, ["checkpoint", note, "--key", vkey], backend: backend)
            #expect(ok.status == 0, "\(backend): \(ok.stderr)")
            #expect(ok.stdout.hasPrefix("ok: checkpoint ocps.example/acta size \(size) root "))
            // A note whose size or root was changed, or whose signature has a flipped bit, is refused.
            let forged = checkpoint.stdout.replacingOccurrences(of: "\n\(size)\n", with: "\n\(size + 1)\n")
            let refused = try Self.verifyProof(s, ["checkpoint", try Self.write(s, "forged.txt", forged), "--key", vkey], backend: backend)
            #expect(refused.status == 1)
            #expect(refused.stderr == "verify-proof: error: the checkpoint's signature by ocps.example/acta does not verify: the note was altered\n")
            let signature = try #require(lines[4].split(separator: " ").last.flatMap { Data(base64Encoded: String($0)) })
            for byte in [4, 20, 67] {
                var flipped = [UInt8](signature)
                flipped[byte] ^= 0x10
                let text = checkpoint.stdout.replacingOccurrences(of: signature.base64EncodedString(), with: Data(flipped).base64EncodedString())
                let r = try Self.verifyProof(s, ["checkpoint", try Self.write(s, "flipped.txt", text), "--key", vkey], backend: backend)
                #expect(r.status == 1, "\(backend) byte \(byte)")
            }
        }
        let otherKey = try SigningKey.generate(name: "ocps.example/acta").verifierKey.encoded
        let wrongKey = try Self.verifyProof(s, ["checkpoint", note, "--key", otherKey])
        #expect(wrongKey.status == 1)
        #expect(wrongKey.stderr.contains("has no signature by key ocps.example/acta+"))

        // Inclusion proofs of real entries (names with diacritics in meta) against the checkpoint.
        var bundles: [String: String] = [:]
        for position in [1, 2, 35, size] {
            let bundle = try s.acta(["prove", "inclusion", String(position)])
            #expect(bundle.status == 0, "\(bundle.stderr)")
            bundles["inclusion \(position)"] = bundle.stdout
            let path = try Self.write(s, "inclusion-\(position).json", bundle.stdout)
            let r = try Self.verifyProof(s, ["inclusion", path, "--checkpoint", note, "--key", vkey])
            #expect(r.status == 0, "position \(position): \(r.stderr)")
            #expect(r.stdout.hasPrefix("ok: position \(position) (leaf \(position - 1)) is in the tree of size \(size)"))
        }
        for old in [1, 5, 64, size] {
            let bundle = try s.acta(["prove", "consistency", String(old)])
            #expect(bundle.status == 0, "\(bundle.stderr)")
            let r = try Self.verifyProof(
                s,
                ["consistency", try Self.write(s, "consistency-\(old).json", bundle.stdout), "--checkpoint", note, "--key", vkey]
            )
            #expect(r.status == 0, "old \(old): \(r.stderr)")
        }

        // Tampered bundles: one line saying why, exit 1.
        let inclusion = try #require(bundles["inclusion 35"])
        let entry = try #require(JSONParser.parse(inclusion).objectValue)
        let path = try #require(entry["path"]?.arrayValue?.first?.stringValue)
        let root = try #require(entry["root"]?.stringValue)
        let actor = try #require(entry["entry"]?["actor"]?.stringValue)
        func flipHex(_ hex: String) -> String { (hex.first == "0" ? "1" : "0") + hex.dropFirst() }
        let tampered: [(String, String, String)] = [
            ("actor", inclusion.replacingOccurrences(of: "\"actor\": \"\(actor)\"", with: "\"actor\": \"mallory\""), "the entry was altered"),
            ("path", inclusion.replacingOccurrences(of: path, with: flipHex(path)), "the path leads to root"),
            ("root", inclusion.replacingOccurrences(of: root, with: flipHex(root)), "the path leads to root"),
            ("index", inclusion.replacingOccurrences(of: "\"leaf_index\": 34", with: "\"leaf_index\": 33"), "is not leaf_index + 1"),
        ]
        for (what, text, reason) in tampered {
            #expect(text != inclusion, "\(what) was not changed")
            let r = try Self.verifyProof(s, ["inclusion", try Self.write(s, "tampered.json", text)])
            #expect(r.status == 1, "\(what)")
            #expect(r.stderr.contains(reason), "\(what): \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1)
        }
        let consistency = try s.acta(["prove", "consistency", "5"]).stdout
        let hash = try #require(JSONParser.parse(consistency)["path"]?.arrayValue?.last?.stringValue)
        let r = try Self.verifyProof(
            s,
            ["consistency", try Self.write(s, "tampered.json", consistency.replacingOccurrences(of: hash, with: flipHex(hash)))]
        )
        #expect(r.status == 1)
        #expect(r.stderr.contains("the path does not prove that the tree of size 5"))

        // Later: the old checkpoint still checks against proofs at its size and to the new head.
        try Self.importLines(s, 7)
        let past = try s.acta(["prove", "inclusion", "35", "--size", String(size)])
        #expect(try Self.verifyProof(s, ["inclusion", try Self.write(s, "past.json", past.stdout), "--checkpoint", note, "--key", vkey]).status == 0)
        let head = try s.acta(["prove", "inclusion", "35"])
        let mismatch = try Self.verifyProof(s, ["inclusion", try Self.write(s, "head.json", head.stdout), "--checkpoint", note, "--key", vkey])
        #expect(mismatch.status == 1)
        #expect(mismatch.stderr.contains("ask for `acta prove inclusion 35 --size \(size)`"))
        let extended = try s.acta(["prove", "consistency", String(size)])
        let ok = try Self.verifyProof(s, ["consistency", try Self.write(s, "extended.json", extended.stdout), "--checkpoint", note, "--key", vkey])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("prefix of the tree of size \(size + 7)"))
        // Two checkpoints, old and new, and the proof between them.
        let newNote = try Self.write(s, "new.txt", try s.acta(["checkpoint", "--key", keyFile]).stdout)
        let both = try Self.verifyProof(
            s,
            ["consistency", try Self.write(s, "extended.json", extended.stdout), "--checkpoint", note, "--checkpoint", newNote, "--key", vkey]
        )
        #expect(both.status == 0, "\(both.stderr)")
        #expect(
            both.stdout.contains(
                "checkpoint ocps.example/acta size \(size) has that root, and checkpoint ocps.example/acta size \(size + 7) has that root"
            ),
            "\(both.stdout)"
        )
    }

    // MARK: - verify --checkpoint and --head

    @Test func verifyAgainstACheckpointCatchesARewriteWithEveryHashRecomputedAndATruncation() throws {
        let s = try Sandbox()
        try s.acta(["init"])
        try Self.importLines(s, 40)
        let (keyFile, vkey) = try Self.key(s)
        let note = try Self.write(s, "checkpoint.txt", try s.acta(["checkpoint", "--key", keyFile]).stdout)
        let verified = try s.acta(["verify"]).stdout
        let head = try #require(verified.firstRange(of: /head chain ([0-9a-f]{64})/).map { String(verified[$0].suffix(64)) })
        try Self.importLines(s, 5, from: 40)
        let fine = try s.acta(["verify", "--checkpoint", note, "--key", vkey])
        #expect(fine.status == 0, "\(fine.stderr)")
        #expect(fine.stdout.hasSuffix("; the log extends checkpoint ocps.example/acta size 40\n"))
        let noted = try s.acta(["verify", "--head", head])
        #expect(noted.status == 0, "\(noted.stderr)")
        #expect(noted.stdout.hasSuffix("chain hash \(head) is position 40\n"))

        // Rewrite event 7 with every leaf hash, chain hash and Merkle node recomputed: the
        // checkpoint the store keeps tells, and no new one is signed over it.
        try Rewrite.history(store: s.store, position: 7)
        let plain = try s.acta(["verify"])
        #expect(plain.status == 5)
        #expect(
            plain.stderr.hasPrefix("acta: error: verify failed: the log no longer extends checkpoint ocps.example/acta size 40 kept in the store"),
            "\(plain.stderr)"
        )
        let refused = try s.acta(["checkpoint", "--key", keyFile])
        #expect(refused.status == 5)
        #expect(refused.stderr.contains("refusing to sign: the log no longer extends checkpoint ocps.example/acta size 40"), "\(refused.stderr)")
        // With the kept checkpoints deleted too, the file is self-consistent: a plain verify
        // finds nothing, and only what an auditor holds outside the store tells.
        try Rewrite.sqlite(s.store, Rewrite.forgetKeptCheckpoints)
        let forgotten = try s.acta(["verify"])
        #expect(forgotten.status == 0, "\(forgotten.stderr)")
        #expect(
            forgotten.stdout.contains(
                "no checkpoint kept in the store; a history rewritten with every hash recomputed is caught only by a checkpoint or head held outside the store"
            )
        )
        let caught = try s.acta(["verify", "--checkpoint", note, "--key", vkey])
        #expect(caught.status == 5)
        #expect(
            caught.stderr.hasPrefix(
                "acta: error: verify failed: the log no longer extends checkpoint ocps.example/acta size 40: root at size 40 is "
            ),
            "\(caught.stderr)"
        )
        #expect(caught.stderr.split(separator: "\n").count == 1)
        let lost = try s.acta(["verify", "--head", head])
        #expect(lost.status == 5)
        #expect(lost.stderr.contains("no position of the log's 45 events has chain hash \(head)"))

        // A truncated copy of the original history.
        let t = try Sandbox()
        try t.acta(["init"])
        try Self.importLines(t, 40)
        let (tKey, tVkey) = try Self.key(t)
        let tNote = try Self.write(t, "checkpoint.txt", try t.acta(["checkpoint", "--key", tKey]).stdout)
        try Rewrite.history(store: t.store, keep: 31)
        #expect(try t.acta(["verify"]).stderr.contains("the log holds 31 events, fewer than checkpoint ocps.example/acta size 40 kept in the store"))
        try Rewrite.sqlite(t.store, Rewrite.forgetKeptCheckpoints)
        #expect(try t.acta(["verify"]).status == 0)
        let cut = try t.acta(["verify", "--checkpoint", tNote, "--key", tVkey])
        #expect(cut.status == 5)
        #expect(
            cut.stderr == "acta: error: verify failed: the log holds 31 events, fewer than checkpoint ocps.example/acta size 40 (it was truncated)\n"
        )
    }

    @Test func verifyRefusesABadKeyOrNoteAndBadUsage() throws {
        let s = try Sandbox()
        try s.acta(["init"])
        try Self.importLines(s, 3)
        let (keyFile, _) = try Self.key(s)
        let note = try Self.write(s, "checkpoint.txt", try s.acta(["checkpoint", "--key", keyFile]).stdout)
        let other = try SigningKey.generate(name: "ocps.example/acta").verifierKey.encoded
        let wrong = try s.acta(["verify", "--checkpoint", note, "--key", other])
        #expect(wrong.status == 5)
        #expect(wrong.stderr.contains("the checkpoint is not signed by key ocps.example/acta+"))
        let vkeyFile = try Self.write(s, "vkey.txt", try s.acta(["key", "verifier", "--key", keyFile]).stdout)
        #expect(try s.acta(["verify", "--checkpoint", note, "--key", vkeyFile]).status == 0)
        #expect(try s.acta(["verify", "--checkpoint", note]).status == 64)
        #expect(try s.acta(["verify", "--head", "abc"]).status == 64)
        let garbage = try s.acta(["verify", "--checkpoint", try Self.write(s, "garbage.txt", "hello\n"), "--key", vkeyFile])
        #expect(garbage.status == 2)
        #expect(try s.acta(["prove", "inclusion", "4"]).status == 2)
        #expect(try s.acta(["prove", "consistency", "2", "9"]).status == 2)
        // As the reader's API refuses from=0: RFC 9162 defines no proof from the empty tree.
        let fromZero = try s.acta(["prove", "consistency", "0"])
        #expect(fromZero.status == 2 && fromZero.stdout.isEmpty, "\(fromZero.stdout)")
        #expect(
            fromZero.stderr.hasPrefix("acta: error: old size 0: a consistency proof starts from a tree of at least 1 event"),
            "\(fromZero.stderr)"
        )
    }
}

/// Rewriting history as someone with the file could, in Swift over the SQLite file: read
/// the entries, change one, recompute canonical entry → leaf hash → chain → Merkle nodes,
/// and write it all back with the triggers dropped and then put back.
enum Rewrite {
    static func history(store: String, position: Int64? = nil, keep: Int64? = nil) throws {
        let reader = try EventLog.open(at: store, catalog: OpenCatalog(), readOnly: true)
        var entries = try reader.entries(EventFilter())
        try reader.close()
        if let keep { entries = Array(entries.prefix(Int(keep))) }
        let names = try sqlite(store, "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('events', 'merkle_nodes')")
        let triggers = try sqlite(store, "SELECT sql || ';' FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('events', 'merkle_nodes')")
        var sql = "BEGIN;\n" + names.split(separator: "\n").map { "DROP TRIGGER \($0);\n" }.joined()
        var previous = Entry.genesisChain
        var tree = InMemoryMerkleTree()
        for var entry in entries {
            if entry.position == position { entry.actor = "mallory" }
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
        sql += triggers + "\nCOMMIT;\n"
        _ = try sqlite(store, sql)
    }

    /// Deletes the checkpoints the store keeps (the trigger dropped and put back).
    static let forgetKeptCheckpoints = """
        DROP TRIGGER checkpoints_append_only_delete; DELETE FROM checkpoints;
        CREATE TRIGGER checkpoints_append_only_delete BEFORE DELETE ON checkpoints
        BEGIN SELECT RAISE(ABORT, 'checkpoints is append-only: DELETE refused'); END;
        """

    @discardableResult
    static func sqlite(_ store: String, _ sql: String) throws -> String {
        let r = try ProofCLITests.run("/usr/bin/sqlite3", [store, sql], in: URL(fileURLWithPath: (store as NSString).deletingLastPathComponent))
        #expect(r.status == 0, "\(r.stderr)")
        return r.stdout
    }
}
