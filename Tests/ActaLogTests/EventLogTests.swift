import ActaEvents
import ActaLog
import Foundation
import Testing

@Suite struct EventLogTests {
    @Test func thousandAppendsThenACleanVerify() throws {
        let store = try TestStore()
        for i in 1...1000 {
            let result = try store.log.append(i % 10 == 1 ? Sample.meeting(i) : Sample.outcome((i - 1) / 10 * 10 + 1, ordinal: (i - 1) % 10))
            #expect(result.position == Int64(i))
        }
        let report = try store.log.verify()
        #expect(report.isIntact)
        #expect(report.count == 1000)
        #expect(report.headChain == (try store.log.head().chain))
    }

    @Test func hashesFollowTheDocumentedFormat() throws {
        let store = try TestStore()
        try store.log.append(Sample.meeting(4))
        let e2 = try store.log.append(Sample.outcome(4, ordinal: 1))
        let first = try #require(try store.log.entry(at: 1))
        let second = try #require(try store.log.entry(at: e2.position))
        // data_hash: hex SHA-256 of the RFC 8785 JSON of the data.
        #expect(second.dataHash == Hex.encode(Digest.sha256(CanonicalJSON.encode(try second.dataValue()))))
        // hash: SHA-256(0x00 ‖ canonical entry), the canonical entry recomputed from scratch here.
        let canonical = CanonicalJSON.encode(
            .object([
                "position": 2, "id": .string(second.id), "stream": "meeting/conference/4", "version": 2, "type": "OutcomeAdopted",
                "schema": 1, "occurred": .string(second.occurred), "recorded": .string(second.recorded), "actor": "tester",
                "meta": .object([:]), "data_hash": .string(second.dataHash),
            ])
        )
        #expect(second.canonicalEntry() == canonical)
        #expect(second.hash == Digest.sha256([0x00] + canonical))
        // chain: SHA-256(previous chain ‖ hash), the first previous being 32 zero bytes.
        #expect(first.chain == Digest.sha256([UInt8](repeating: 0, count: 32) + first.hash))
        #expect(second.chain == Digest.sha256(first.chain + second.hash))
    }

    @Test func storeUsesWALAndRefusesToOverwrite() throws {
        let store = try TestStore()
        #expect(try store.sqlite("PRAGMA journal_mode").output.trimmingCharacters(in: .whitespacesAndNewlines) == "wal")
        let error = #expect(throws: ActaError.self) { try EventLog.create(at: store.path, catalog: OCPSCatalog()) }
        #expect(error?.kind == .store)
    }

    @Test func openingAMissingPathCreatesNothing() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("acta-missing-\(UUID().uuidString)").path
        let path = dir + "/typo.sqlite"
        let error = #expect(throws: ActaError.self) { try EventLog.open(at: path, catalog: OCPSCatalog()) }
        #expect(error?.kind == .store)
        #expect(error?.message.contains("no store at") == true)
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func aFileThatIsNotAStoreIsRefused() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("acta-notastore-\(UUID().uuidString)").path
        try Data("hello, not sqlite".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = #expect(throws: ActaError.self) { try EventLog.open(at: path, catalog: OCPSCatalog()) }
        #expect(error?.message.contains("not an Acta store") == true)
    }

    // MARK: - Append-only

    @Test(arguments: [
        "UPDATE events SET actor = 'mallory' WHERE position = 1",
        "DELETE FROM events WHERE position = 1",
        "DELETE FROM events",
        "INSERT OR REPLACE INTO events SELECT * FROM events WHERE position = 1",
        "REPLACE INTO events (position, id, stream, version, type, schema, occurred, recorded, actor, meta, codec, payload, size, data_hash, hash, chain) SELECT position + 100, id, stream, version + 100, type, schema, occurred, recorded, 'mallory', meta, codec, payload, size, data_hash, hash, chain FROM events WHERE position = 1",
        "INSERT OR REPLACE INTO events (position, id, stream, version, type, schema, occurred, recorded, actor, meta, codec, payload, size, data_hash, hash, chain) SELECT 1, 'x', 'y', 1, type, schema, occurred, recorded, 'mallory', meta, codec, payload, size, data_hash, hash, chain FROM events WHERE position = 2",
    ])
    func updateDeleteAndReplaceAreRefusedFromThePlainShell(sql: String) throws {
        let store = try TestStore()
        try store.log.append(Sample.meeting(4))
        try store.log.append(Sample.outcome(4, ordinal: 1))
        let before = try store.sqlite("SELECT hex(hash), actor FROM events ORDER BY position").output
        let result = try store.sqlite(sql)
        #expect(result.status != 0)
        #expect(result.output.contains("append-only"), "\(result.output)")
        #expect(try store.sqlite("SELECT hex(hash), actor FROM events ORDER BY position").output == before)
        #expect(try store.log.verify().isIntact)
    }

    // MARK: - Tampering

    @Test(arguments: [
        ("UPDATE events SET payload = (SELECT payload FROM events WHERE position = 3) WHERE position = 2", "position 2"),
        ("UPDATE events SET actor = 'mallory' WHERE position = 2", "leaf hash mismatch"),
        ("UPDATE events SET occurred = '2018-07-01' WHERE position = 3", "position 3: leaf hash mismatch"),
        ("UPDATE events SET data_hash = 'ab' || substr(data_hash, 3) WHERE position = 2", "position 2: data_hash mismatch"),
        ("UPDATE events SET chain = zeroblob(32) WHERE position = 3", "position 3: chain hash mismatch"),
        ("DELETE FROM events WHERE position = 2", "position 2: gap"),
    ])
    func tamperingWithTriggersDroppedIsNamedByPosition(sql: String, expected: String) throws {
        let store = try TestStore()
        try store.log.append(Sample.meeting(4))
        for i in 1...4 { try store.log.append(Sample.outcome(4, ordinal: i, text: "Outcome number \(i) of the meeting.")) }
        #expect(try store.log.verify().isIntact)
        let out = try store.sqlite("DROP TRIGGER events_append_only_update; DROP TRIGGER events_append_only_delete; \(sql);")
        #expect(out.status == 0, "\(out.output)")
        let report = try store.log.verify()
        let failure = try #require(report.failure)
        #expect(failure.description.contains(expected), "\(failure)")
    }

    @Test func aChangedDataByteInThePayloadIsNamed() throws {
        let store = try TestStore()
        try store.log.append(Sample.meeting(4))
        try store.log.append(Sample.outcome(4, ordinal: 1, text: "Invite Greece to join the Permanent Conference."))
        try store.log.append(Sample.outcome(4, ordinal: 2))
        // Rewrite position 2's payload as a valid frame of altered data, as someone with lz4 and sqlite3 could.
        let entry = try #require(try store.log.entry(at: 2))
        var altered = entry.data
        let range = try #require(altered.firstRange(of: Array("Greece".utf8)))
        altered.replaceSubrange(range, with: Array("Turkey".utf8))
        let frame = try LZ4Frame.compress(altered, dictionary: try LZ4Dictionary(CompressionDictionary.bytes))
        let out = try store.sqlite("DROP TRIGGER events_append_only_update; UPDATE events SET payload = x'\(Hex.encode(frame))' WHERE position = 2;")
        #expect(out.status == 0, "\(out.output)")
        let failure = try #require(try store.log.verify().failure)
        #expect(failure.position == 2)
        #expect(failure.reason.contains("data_hash mismatch"))
    }

    @Test func droppedTriggersAreReported() throws {
        let store = try TestStore()
        try store.log.append(Sample.meeting(4))
        try store.sqlite("DROP TRIGGER events_append_only_delete")
        let failure = try #require(try store.log.verify().failure)
        #expect(failure.description.contains("events_append_only_delete"))
    }

    // MARK: - Concurrency and idempotency

    @Test func aVersionConflictWritesNothing() throws {
        let store = try TestStore()
        try store.log.append(Sample.meeting(4))
        var event = Sample.outcome(4, ordinal: 1)
        event.expectedVersion = .exactly(5)
        let error = #expect(throws: ActaError.self) { try store.log.append(event) }
        #expect(error?.kind == .conflict)
        #expect(error?.message.contains("is at version 1, not 5") == true)
        var new = Sample.meeting(4)
        new.expectedVersion = .new
        #expect(throws: ActaError.self) { try store.log.append(new) }
        #expect(store.count == 1)
        event.expectedVersion = .exactly(1)
        #expect(try store.log.append(event).version == 2)
    }

    @Test func anIdempotentReAppendWritesNothing() throws {
        let store = try TestStore()
        var event = Sample.meeting(4)
        event.id = "0190F2A4-0000-7000-8000-000000000001"
        let first = try store.log.append(event)
        try store.log.append(Sample.outcome(4, ordinal: 1))
        let again = try store.log.append(event)
        #expect(again.duplicate)
        #expect(again.position == first.position)
        #expect(again.id == "0190f2a4-0000-7000-8000-000000000001")
        #expect(store.count == 2)
        event.data = Sample.meeting(5).data
        event.stream = Sample.meeting(5).stream
        let error = #expect(throws: ActaError.self) { try store.log.append(event) }
        #expect(error?.kind == .conflict)
        #expect(error?.message.contains("different content") == true)
        #expect(store.count == 2)
    }

    // MARK: - Bad input

    @Test(arguments: [
        (NewEvent(type: "NoSuchType", stream: "s/1", data: [:], actor: "t"), "unknown event type"),
        (NewEvent(type: "MeetingHeld", stream: "meeting/conference/4", data: ["body": "conference"], actor: "t"), "required field is missing"),
        (
            NewEvent(
                type: "MeetingHeld",
                stream: "meeting/conference/4",
                data: ["body": "conference", "number": "four", "start": "2018-06-30", "format": "online"],
                actor: "t"
            ), "expected an integer"
        ),
        (
            NewEvent(
                type: "MeetingHeld",
                stream: "meeting/conference/4",
                data: ["body": "conference", "number": 4, "start": "2018-02-30", "format": "online"],
                actor: "t"
            ), "not a real date"
        ),
        (
            NewEvent(
                type: "MeetingHeld",
                stream: "meeting/conference/4",
                data: ["body": "conference", "number": 4, "start": "2018-06-30", "format": "online", "country": "XX"],
                actor: "t"
            ), "ISO 3166-1"
        ),
        (
            NewEvent(
                type: "MeetingHeld",
                stream: "meeting/conference/4",
                data: ["body": "conference", "number": 4, "start": "2018-06-30", "format": "online", "colour": "red"],
                actor: "t"
            ), "unknown field"
        ),
        (NewEvent(type: "MeetingHeld", stream: "meeting/conference/4", data: .array([]), actor: "t"), "must be a JSON object"),
        (
            NewEvent(
                type: "OutcomeAdopted",
                stream: "meeting/conference/4",
                data: ["body": "conference", "meeting": 4, "ordinal": 1, "kind": "decision", "text": .string(String(repeating: "x", count: 70_000))],
                actor: "t"
            ), "longer than"
        ),
        (
            NewEvent(type: "MemberInvited", stream: "member/GR", data: ["country": "GR", "date": "2018-06-30"], occurred: "2018-13-01", actor: "t"),
            "occurred"
        ),
        (NewEvent(type: "MemberInvited", stream: "bad stream", data: ["country": "GR", "date": "2018-06-30"], actor: "t"), "stream"),
        (
            NewEvent(type: "MemberInvited", stream: "member/GR", data: ["country": "GR", "date": "2018-06-30"], id: "not-a-uuid", actor: "t"),
            "not a UUID"
        ),
        (NewEvent(type: "MemberInvited", stream: "member/GR", data: ["country": "GR", "date": "2018-06-30"], actor: ""), "actor is empty"),
        (
            NewEvent(
                type: "OutcomeAdopted",
                stream: "meeting/conference/4",
                data: ["body": "conference", "meeting": 4, "ordinal": 1, "kind": "decision", "text": "a\u{0}b"],
                actor: "t"
            ), "control characters"
        ),
    ])
    func badInputIsRefusedAndNothingIsAppended(event: NewEvent, expected: String) throws {
        let store = try TestStore()
        try store.log.append(Sample.meeting(1))
        let error = #expect(throws: ActaError.self) { try store.log.append(event) }
        #expect(error?.kind == .invalidInput)
        #expect(error?.message.contains(expected) == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("\n") == false)
        #expect(store.count == 1)
    }

    @Test func dataOverTheSizeLimitIsRefused() throws {
        let store = try TestStore(catalog: OpenCatalog())
        let big = NewEvent(type: "Blob", stream: "b/1", data: ["x": .string(String(repeating: "y", count: Limits.maxDataBytes))], actor: "t")
        let error = #expect(throws: ActaError.self) { try store.log.append(big) }
        #expect(error?.message.contains("limit is 65536 bytes") == true)
        #expect(store.count == 0)
    }
}
