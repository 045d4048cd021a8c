import ActaEvents
import ActaLog
import Foundation
import Testing

/// Codec 2: LZ4 frames compressed against a dictionary kept in the store.
@Suite struct DictionaryTests {
    @Test func roundTripsThroughEveryCodec() throws {
        let input = Array(
            #"{"body":"conference","kind":"invitation","meeting":4,"ordinal":4,"text":"Invite Greece to join the Permanent Conference of Organized Crime Prosecutors."}"#
                .utf8
        )
        let dictionary = try LZ4Dictionary(CompressionDictionary.bytes)
        let plain = try LZ4Frame.compress(input)
        let withDictionary = try LZ4Frame.compress(input, dictionary: dictionary)
        #expect(try LZ4Frame.decompress(plain, expectedSize: input.count) == input)
        #expect(try LZ4Frame.decompress(withDictionary, expectedSize: input.count, dictionary: dictionary) == input)
        #expect(LZ4Frame.dictionaryID(of: withDictionary) == dictionary.id)
        #expect(LZ4Frame.dictionaryID(of: plain) == nil)
        #expect(withDictionary.count < input.count / 2, "\(withDictionary.count) of \(input.count)")
        #expect(plain.count > input.count)
        // Without its dictionary the frame does not decode.
        #expect(throws: LZ4Frame.Error.self) { try LZ4Frame.decompress(withDictionary, expectedSize: input.count) }
    }

    @Test func theBuiltInDictionaryIsStoredWithTheFirstEventThatUsesIt() throws {
        let store = try TestStore()
        #expect(try store.log.dictionaries().isEmpty)
        try store.log.append(Sample.meeting(4))
        let stored = try store.log.dictionaries()
        #expect(stored.count == 1)
        #expect(stored[0].origin == "built in")
        #expect(stored[0].sha256 == Hex.encode(Digest.sha256(CompressionDictionary.bytes)))
        #expect(try store.sqlite("SELECT codec FROM events").output == "2\n")
        // Append-only, like events.
        for sql in [
            "UPDATE dictionaries SET bytes = x'00'", "DELETE FROM dictionaries", "INSERT OR REPLACE INTO dictionaries SELECT * FROM dictionaries",
        ] {
            let r = try store.sqlite(sql)
            #expect(r.status != 0 && r.output.contains("append-only"), "\(sql): \(r.output)")
        }
    }

    @Test func eventsWrittenBeforeANewDictionaryStillDecode() throws {
        let store = try TestStore()
        try store.log.append(Sample.meeting(4))
        for i in 1...39 {
            try store.log.append(
                Sample.outcome(4, ordinal: i, text: "Outcome \(i): the Secretariat shall write to the members about the provisions.")
            )
        }
        let before = try store.log.entries(EventFilter())
        let trained = try store.log.trainDictionary(bytes: 2048)
        #expect(trained.origin == "trained on the latest events")
        for i in 41...60 {
            try store.log.append(
                Sample.outcome(4, ordinal: i, text: "Outcome \(i): the Secretariat shall write to the members about the provisions.")
            )
        }
        #expect(try store.log.dictionaries().count == 2)
        let ids = try store.sqlite("SELECT DISTINCT hex(substr(payload, 15, 4)) FROM events").output.split(separator: "\n")
        #expect(ids.count == 2)
        #expect(try store.log.entries(EventFilter(toPosition: 40)).map(\.data) == before.map(\.data))
        #expect(try store.log.verify().isIntact)
    }

    @Test func aMissingDictionaryIsNamedWithTheFirstEventThatUsesIt() throws {
        let store = try TestStore(catalog: OpenCatalog())
        for i in 1...3 { try store.log.append(NewEvent(type: "Note", stream: "n/1", data: ["text": .string("plain \(i)")], actor: "t")) }
        let path = store.path
        try store.log.close()
        let log = try EventLog.open(at: path, catalog: OCPSCatalog())
        try log.append(Sample.meeting(4))
        try log.append(Sample.outcome(4, ordinal: 1))
        let id = try #require(try log.dictionaries().first?.id)
        _ = try store.sqlite("DROP TRIGGER dictionaries_append_only_delete; DELETE FROM dictionaries;")
        let failure = try #require(try log.verify().failure)
        #expect(failure.position == 4)
        #expect(failure.reason == "dictionary \(id) is missing from table dictionaries (this is the first event that uses it)")
    }

    @Test func anAlteredDictionaryIsNamedWithTheFirstEventThatUsesIt() throws {
        let store = try TestStore()
        try store.log.append(Sample.meeting(4))
        let id = try #require(try store.log.dictionaries().first?.id)
        let out = try store.sqlite(
            "DROP TRIGGER dictionaries_append_only_update; UPDATE dictionaries SET bytes = CAST(replace(CAST(bytes AS TEXT), 'Secretariat', 'SECRETARIAT') AS BLOB);"
        )
        #expect(out.status == 0, "\(out.output)")
        let failure = try #require(try store.log.verify().failure)
        #expect(failure.position == 1)
        #expect(failure.reason.hasPrefix("dictionary \(id) was altered: its bytes hash to"))
        #expect(failure.reason.hasSuffix("(this is the first event that uses it)"))
    }

    /// The README's recipe: extract an event and its dictionary with `sqlite3`, decompress with `lz4 -d -D`.
    @Test func lz4ToolDecodesADictionaryPayload() throws {
        let store = try TestStore()
        try store.log.append(Sample.meeting(4))
        let r = try store.log.append(
            Sample.outcome(
                4,
                ordinal: 3,
                text: "To submit the relevant legal provisions of the national legislation to the Secretariat by September 1, 2018."
            )
        )
        let dir = store.directory.path
        let out = try store.sqlite(
            """
            SELECT writefile('\(dir)/p.lz4', payload) FROM events WHERE position = \(r.position);
            SELECT writefile('\(dir)/dict.bin', bytes) FROM dictionaries WHERE printf('%08X', id) =
              (SELECT substr(h, 7, 2) || substr(h, 5, 2) || substr(h, 3, 2) || substr(h, 1, 2)
               FROM (SELECT hex(substr(payload, 15, 4)) AS h FROM events WHERE position = \(r.position)));
            """
        )
        #expect(out.status == 0, "\(out.output)")
        #expect(FileManager.default.fileExists(atPath: "\(dir)/dict.bin"))
        let decoded = try Shell.run("/usr/bin/lz4", ["-d", "-c", "-D", "\(dir)/dict.bin", "\(dir)/p.lz4"])
        #expect(decoded.status == 0, "\(decoded.output)")
        let entry = try #require(try store.log.entry(at: r.position))
        #expect(decoded.output == String(decoding: entry.data, as: UTF8.self))
    }
}
