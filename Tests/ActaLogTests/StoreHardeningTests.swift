import ActaEvents
import ActaLog
import Foundation
import Testing

/// The append-only triggers' SQL as Acta writes it, for tests that put one back.
enum StoreSchemaSQL {
    static let checkpointsDelete = """
        CREATE TRIGGER checkpoints_append_only_delete BEFORE DELETE ON checkpoints
        BEGIN SELECT RAISE(ABORT, 'checkpoints is append-only: DELETE refused'); END;
        """
}

/// What verify covers beyond the events, and what a restore may write.
@Suite struct StoreHardeningTests {
    static let key = try! SigningKey(name: "ocps.example/acta", seed: [UInt8](repeating: 9, count: 32))

    // MARK: - Kept checkpoints and tables

    /// A store whose history differs from the one its kept checkpoint signed (a rewrite with
    /// every hash and node recomputed: here, another store given the first's checkpoint).
    @Test func aKeptCheckpointTheLogContradictsFailsAPlainVerify() throws {
        let signedStore = try TestStore.openCatalog()
        try signedStore.appendPlain(20)
        let kept = try signedStore.log.signCheckpoint(with: Self.key)
        #expect(try signedStore.log.verify().keptCheckpoints == 1)

        let rewritten = try TestStore.openCatalog()
        try rewritten.appendPlain(19)
        _ = try rewritten.log.append(NewEvent(type: "Noted", stream: "s/19", data: ["n": 1919], actor: "t"))
        #expect(try rewritten.log.verify().isIntact)
        let insert = try rewritten.sqlite(
            "INSERT INTO checkpoints (size, root, origin, note, created) VALUES (20, x'\(Hex.encode(kept.root))', '\(kept.origin)', '\(kept.note)', '\(kept.created)')"
        )
        #expect(insert.status == 0, "\(insert.output)")
        let failure = try #require(try rewritten.log.verify().failure)
        #expect(failure.position == nil)
        #expect(
            failure.description.hasPrefix("the log no longer extends checkpoint ocps.example/acta size 20 kept in the store (id 1, signed "),
            "\(failure)"
        )
        #expect(failure.description.hasSuffix("the checkpoint says \(Hex.encode(kept.root))"))
    }

    @Test func keptSignaturesAreCheckedWithAKeyAndANoteMustBeItsRow() throws {
        let store = try TestStore.openCatalog()
        try store.appendPlain(5)
        _ = try store.log.signCheckpoint(with: Self.key)
        let plain = try store.log.verify()
        #expect(plain.isIntact && plain.keptCheckpoints == 1 && plain.keptSignaturesChecked == nil)
        let keyed = try store.log.verify(keptCheckpointsKey: Self.key.verifierKey)
        #expect(keyed.isIntact && keyed.keptSignaturesChecked == 1)
        // Another key of the same name: the kept note's signature does not verify.
        let other = try SigningKey(name: "ocps.example/acta", seed: [UInt8](repeating: 7, count: 32))
        let forged = try #require(try store.log.verify(keptCheckpointsKey: other.verifierKey).failure)
        #expect(forged.description.contains("its signature by ocps.example/acta does not verify"), "\(forged)")
        // The row's root edited apart from its note.
        #expect(try store.sqlite("DROP TRIGGER checkpoints_append_only_update; UPDATE checkpoints SET size = 4").status == 0)
        let edited = try #require(try store.log.verify().failure)
        #expect(edited.description.contains("its note says ocps.example/acta size 5"), "\(edited)")
    }

    @Test(arguments: ["merkle_nodes", "checkpoints"])
    func aDroppedTableOfTheStoresFormatIsReported(table: String) throws {
        let store = try TestStore.openCatalog()
        try store.appendPlain(40)
        let drop = try store.sqlite(
            "DROP TRIGGER \(table)_append_only_update; DROP TRIGGER \(table)_append_only_delete; DROP TRIGGER \(table)_append_only_replace; DROP TABLE \(table)"
        )
        #expect(drop.status == 0, "\(drop.output)")
        let failure = try #require(try store.log.verify().failure)
        #expect(failure.description == "table \(table) is missing, though the store's format 5 has it: someone dropped it")
    }

    // MARK: - Triggers by their SQL

    @Test(arguments: [
        (
            "DROP TRIGGER events_append_only_update; CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events BEGIN SELECT 1; END",
            "trigger events_append_only_update is not Acta's: sqlite_master holds \"CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events BEGIN SELECT 1; END\""
        ),
        ("DROP TRIGGER dictionaries_append_only_update", "append-only triggers missing: dictionaries_append_only_update"),
        (
            "DROP TRIGGER checkpoints_append_only_replace; CREATE TRIGGER checkpoints_append_only_replace BEFORE INSERT ON checkpoints WHEN 0 BEGIN SELECT 1; END",
            "trigger checkpoints_append_only_replace is not Acta's"
        ),
        ("CREATE TRIGGER events_audit AFTER INSERT ON events BEGIN SELECT 1; END", "trigger events_audit on table events is not one of Acta's"),
    ])
    func aTriggerIsCheckedByItsSQL(sql: String, expected: String) throws {
        let store = try TestStore.openCatalog()
        try store.appendPlain(3)
        #expect(try store.log.verify().isIntact)
        let change = try store.sqlite(sql)
        #expect(change.status == 0, "\(change.output)")
        let failure = try #require(try store.log.verify().failure)
        #expect(failure.description.hasPrefix(expected), "\(failure)")
    }

    /// `created` and `origin` are covered by no hash: verify checks their form only.
    @Test func aDictionarysCreatedAndOriginAreCheckedForTheirForm() throws {
        let store = try TestStore()
        _ = try store.log.append(Sample.meeting(4))
        #expect(try store.log.verify().isIntact)
        let drop = "DROP TRIGGER dictionaries_append_only_update;"
        let restore = """
            CREATE TRIGGER dictionaries_append_only_update BEFORE UPDATE ON dictionaries
            BEGIN SELECT RAISE(ABORT, 'dictionaries is append-only: UPDATE refused'); END;
            """
        #expect(try store.sqlite(drop + "UPDATE dictionaries SET created = 'yesterday';" + restore).status == 0)
        #expect(try store.log.verify().failure?.description.contains("created \"yesterday\" is not a time as Acta records it") == true)
        #expect(
            try store.sqlite(drop + "UPDATE dictionaries SET created = '2016-01-01T00:00:00.000Z', origin = 'o' || char(27) || '[31m';" + restore)
                .status == 0
        )
        #expect(try store.log.verify().failure?.description.contains("origin \"o\\u{1B}[31m\" is not the plain text Acta writes") == true)
        // An edit that keeps the form goes unnoticed: nothing but the trigger stops it.
        #expect(try store.sqlite(drop + "UPDATE dictionaries SET origin = 'trained';" + restore).status == 0)
        #expect(try store.log.verify().isIntact)
        #expect(try store.sqlite("UPDATE dictionaries SET origin = 'x'").output.contains("append-only"))
    }

    // MARK: - Restores and record times

    /// An export line made from `entry` (a fresh id, on a stream of its own) with its hashes
    /// recomputed for `recorded`, as anyone can.
    static func exportLine(from entry: Entry, position: Int64, previousChain: [UInt8], recorded: String, meta: String? = nil) -> String {
        var e = entry
        e.position = position
        e.id = UUID().uuidString.lowercased()
        e.stream = "restored/\(position)"
        e.version = 1
        e.recorded = recorded
        if let meta { e.meta = meta }
        let leaf = Entry.leafHash(e.canonicalEntry())
        let chain = Entry.chainHash(previous: previousChain, leaf: leaf)
        var object = try! e.exportObject().objectValue!
        object["hash"] = .string(Hex.encode(leaf))
        object["chain"] = .string(Hex.encode(chain))
        return CanonicalJSON.string(.object(object))
    }

    @Test func exportLinesRestoreOnlyIntoAnEmptyStoreOrWithRestore() throws {
        let source = try TestStore.openCatalog()
        try source.appendPlain(3)
        var export: [UInt8] = []
        try source.log.export(EventFilter()) { export += $0 }

        let live = try TestStore.openCatalog()
        try live.appendPlain(2, from: 10)
        let tail = Self.exportLine(
            from: try #require(try source.log.entry(at: 3)),
            position: 3,
            previousChain: try live.log.head().chain,
            recorded: Timestamp.now()
        )
        let refused = #expect(throws: ActaError.self) { try live.log.importJSONLines(Array(tail.utf8), defaultActor: "t") }
        #expect(refused?.kind == .conflict)
        #expect(refused?.message.contains("only into an empty store, or with --restore") == true, "\(refused?.message ?? "")")
        #expect(live.count == 2)
        #expect(try live.log.importJSONLines(Array(tail.utf8), defaultActor: "t", restore: true).restored == 1)

        let empty = try TestStore.openCatalog()
        #expect(try empty.log.importJSONLines(export, defaultActor: "t").restored == 3)
        #expect(try empty.log.head() == source.log.head())
    }

    @Test func aBackdatedRestoreLineIsRefused() throws {
        let store = try TestStore.openCatalog()
        try store.appendPlain(2)
        let entry = try #require(try store.log.entry(at: 2))
        for (recorded, reason) in [
            ("2018-01-01T00:00:00.000Z", "is earlier than the entry before it"), ("2999-01-01T00:00:00.000Z", "is in the future"),
            ("2026-01-01", "is not a record time"),
        ] {
            let line = Self.exportLine(from: entry, position: 3, previousChain: entry.chain, recorded: recorded)
            let error = #expect(throws: ActaError.self) { try store.log.importJSONLines(Array(line.utf8), defaultActor: "t", restore: true) }
            #expect(error?.message.contains(reason) == true, "\(error?.message ?? "")")
        }
        #expect(store.count == 2)
    }

    /// A row appended by hand with every hash right but a record time before its
    /// predecessor's: verify names it.
    @Test func verifyFlagsARecordTimeThatGoesBackwards() throws {
        let store = try TestStore.openCatalog()
        try store.appendPlain(2)
        let second = try #require(try store.log.entry(at: 2))
        var late = second
        late.position = 3
        late.id = "0190d9a4-0000-7000-8000-000000000003"
        late.stream = "late/1"
        late.version = 1
        late.recorded = "2018-01-01T00:00:00.000Z"
        let leaf = Entry.leafHash(late.canonicalEntry())
        let chain = Entry.chainHash(previous: second.chain, leaf: leaf)
        let insert = try store.sqlite(
            """
            INSERT INTO events SELECT 3, '\(late.id)', 'late/1', 1, type, schema, occurred, '\(late.recorded)', actor, meta, codec, payload, size,
                data_hash, x'\(Hex.encode(leaf))', x'\(Hex.encode(chain))' FROM events WHERE position = 2
            """
        )
        #expect(insert.status == 0, "\(insert.output)")
        let failure = try #require(try store.log.verify().failure)
        #expect(failure.position == 3)
        #expect(failure.reason.contains("recorded 2018-01-01T00:00:00.000Z is earlier than the entry before it"), "\(failure)")
    }

    // MARK: - Meta text

    @Test(arguments: ["\u{1B}]0;owned\u{07}", "red \u{1B}[31m", "line\nbreak", "csi \u{9B}2J"])
    func metaTextWithControlCharactersIsRefusedOnEveryPath(text: String) throws {
        let store = try TestStore()
        let event = NewEvent(
            type: "MeetingHeld",
            data: Sample.meeting(4).data,
            actor: "t",
            meta: ["source": .string(text)]
        )
        let appended = #expect(throws: ActaError.self) { try store.log.append(event) }
        #expect(appended?.message.contains("meta.source contains control characters") == true, "\(appended?.message ?? "")")
        let line = CanonicalJSON.string(["type": "MeetingHeld", "data": Sample.meeting(4).data, "meta": ["note": ["x": .string(text)]]])
        let imported = #expect(throws: ActaError.self) { try store.log.importJSONLines(Array(line.utf8), defaultActor: "t") }
        #expect(imported?.message.contains("meta.note.x contains control characters") == true, "\(imported?.message ?? "")")
        #expect(store.count == 0)
    }

    // MARK: - File permissions

    @Test func aNewStoreAndItsLogFilesAreTheOwnersAlone() throws {
        let previous = umask(0o022)
        defer { umask(previous) }
        let store = try TestStore()
        _ = try store.log.append(Sample.meeting(4))
        for suffix in ["", "-wal", "-shm"] {
            let mode = try #require(try FileManager.default.attributesOfItem(atPath: store.path + suffix)[.posixPermissions] as? Int)
            #expect(mode == 0o600, "\(suffix): \(String(mode, radix: 8))")
        }
        let copy = store.directory.appendingPathComponent("copy.sqlite").path
        _ = try store.log.backup(to: copy)
        #expect(try FileManager.default.attributesOfItem(atPath: copy)[.posixPermissions] as? Int == 0o600)
    }
}
