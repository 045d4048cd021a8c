import ActaEvents
import Foundation
import Testing

@testable import ActaLog

@Suite struct ImportExportTests {
    static let goodLines = """
        {"type":"MeetingHeld","stream":"meeting/conference/4","data":{"body":"conference","number":4,"start":"2018-06-30","city":"Skopje","country":"MK","format":"in-person"},"meta":{"source":"seed"}}
        {"type":"OutcomeAdopted","stream":"meeting/conference/4","data":{"body":"conference","meeting":4,"ordinal":1,"kind":"invitation","text":"Invite Greece to join."},"expect_version":1}

        {"type":"MemberInvited","stream":"member/GR","data":{"country":"GR","date":"2018-06-30"},"occurred":"2018-06-30","actor":"secretariat","id":"0190f2a4-0000-7000-8000-0000000000aa"}
        """

    @Test func importAppendsEveryLineAndExportRestoresTheSameHashes() throws {
        let store = try TestStore()
        let result = try store.log.importJSONLines(Array(Self.goodLines.utf8), defaultActor: "clerk")
        #expect(result.appended == 3)
        #expect(try store.log.entry(at: 3)?.actor == "secretariat")
        #expect(try store.log.entry(at: 1)?.actor == "clerk")
        var exported: [UInt8] = []
        try store.log.export(EventFilter()) { exported += $0 }

        let copy = try TestStore()
        let restored = try copy.log.importJSONLines(exported, defaultActor: "someone else")
        #expect(restored.restored == 3)
        #expect(try copy.log.head() == (try store.log.head()))
        #expect(try copy.log.verify().isIntact)
        var again: [UInt8] = []
        try copy.log.export(EventFilter()) { again += $0 }
        #expect(again == exported)
    }

    @Test func anAlteredExportIsRefused() throws {
        let store = try TestStore()
        try store.log.importJSONLines(Array(Self.goodLines.utf8), defaultActor: "clerk")
        var exported: [UInt8] = []
        try store.log.export(EventFilter()) { exported += $0 }
        let text = String(decoding: exported, as: UTF8.self).replacingOccurrences(of: "\"actor\":\"secretariat\"", with: "\"actor\":\"mallory\"")
        let copy = try TestStore()
        let error = #expect(throws: ActaError.self) { try copy.log.importJSONLines(Array(text.utf8), defaultActor: "x") }
        #expect(error?.message.hasPrefix("line 3: entry hash does not match") == true, "\(error?.message ?? "")")
        #expect(copy.count == 0)
    }

    @Test func reImportingTheSameIdsWritesNothing() throws {
        let store = try TestStore()
        let line =
            #"{"type":"MemberInvited","stream":"member/GR","data":{"country":"GR","date":"2018-06-30"},"id":"0190f2a4-0000-7000-8000-0000000000bb"}"#
        #expect(try store.log.importJSONLines(Array(line.utf8), defaultActor: "c").appended == 1)
        let again = try store.log.importJSONLines(Array(line.utf8), defaultActor: "c")
        #expect(again.appended == 0)
        #expect(again.duplicates == 1)
        #expect(store.count == 1)
    }

    /// An id given twice in one import, whether its first row is already in `events` or
    /// still waits for its batch: the same content is a duplicate, other content a conflict.
    @Test func idsRepeatedWithinOneImportAreFoundWhereverTheirRowIs() throws {
        func line(_ n: Int, country: String = "GR") -> String {
            #"{"type":"MemberInvited","stream":"member/\#(n)","data":{"country":"\#(country)","date":"2018-06-30"},"id":"0190f2a4-0000-7000-8000-\#(String(1000 + n).padded12)"}"#
        }
        let lines = (1...400).map { line($0) }
        // Rows go in 32 at a time, on the inserting thread: when line 401 comes, line 3's row
        // is in `events`, line 200's was handed over perhaps still going in, line 390's waits.
        for repeated in [3, 200, 390] {
            let store = try TestStore(catalog: OpenCatalog())
            let result = try store.log.importJSONLines(Array((lines + [line(repeated)]).joined(separator: "\n").utf8), defaultActor: "c")
            #expect(result.appended == 400)
            #expect(result.duplicates == 1)
            #expect(store.count == 400)
            let conflicting = try TestStore(catalog: OpenCatalog())
            let error = #expect(throws: ActaError.self) {
                try conflicting.log.importJSONLines(Array((lines + [line(repeated, country: "AL")]).joined(separator: "\n").utf8), defaultActor: "c")
            }
            #expect(
                error?.message.hasPrefix(
                    "line 401: id 0190f2a4-0000-7000-8000-\(String(1000 + repeated).padded12) is already used at position \(repeated)"
                ) == true,
                "\(error?.message ?? "")"
            )
            #expect(conflicting.count == 0)
        }
    }

    /// Import is atomic: one bad line and nothing is appended; the error names the first bad line.
    @Test(arguments: [
        ("{\"type\":\"MeetingHeld\"", "line 2: invalid JSON"),
        (
            #"{"type":"MeetingHeld","stream":"m/1","data":{"body":"conference","number":1,"start":"2018-02-30","format":"online"}}"#,
            "line 2: MeetingHeld.start"
        ),
        (#"{"type":"Unknown","stream":"m/1","data":{}}"#, "line 2: unknown event type"),
        (#"{"type":"MeetingHeld","stream":"m/1","data":{},"data":{}}"#, "line 2: invalid JSON at byte 47: duplicate key"),
        (#"{"type":"MeetingHeld","stream":"m/1","data":{"number":1e999}}"#, "out of range"),
        (#"{"type":"MeetingHeld","stream":"m/1","data":{"number":NaN}}"#, "NaN"),
        (
            #"{"type":"MemberInvited","stream":"member/GR","data":{"country":"GR","date":"2018-06-30"},"expect_version":7}"#,
            "line 2: stream member/GR is at version 0, not 7"
        ),
        (#"{"type":"MemberInvited","stream":"member/GR","data":{"country":"GR","date":"2018-06-30"},"colour":1}"#, "line 2: unknown key \"colour\""),
        (#"["not","an","object"]"#, "line 2: expected a JSON object"),
        (String(repeating: "[", count: 100_000), "nesting deeper"),
    ])
    func aBadLineRejectsTheWholeImport(bad: String, expected: String) throws {
        let store = try TestStore()
        let good = #"{"type":"MemberInvited","stream":"member/IT","data":{"country":"IT","date":"2018-06-30"}}"#
        let text = [good, bad, good].joined(separator: "\n")
        let error = #expect(throws: ActaError.self) { try store.log.importJSONLines(Array(text.utf8), defaultActor: "c") }
        #expect(error?.message.contains(expected) == true, "\(error?.message ?? "")")
        #expect(store.count == 0)
    }

    /// Rows go into `events` in batches, inserted on a thread of their own while later lines
    /// are decided; a row SQLite refuses is still named by its line, whether it is in a full
    /// batch (the first, or one handed over long after it) or in the last, partial one, and
    /// nothing is written.
    @Test(arguments: [3, 45, 70, 640, 1000])
    func aRowRefusedInABatchNamesItsLine(refused: Int) throws {
        let store = try TestStore(catalog: OpenCatalog())
        try store.log.write { db in
            try db.execute(
                sql: """
                    CREATE TEMP TRIGGER refuse_one BEFORE INSERT ON main.events WHEN NEW.stream = 'member/\(refused)'
                    BEGIN SELECT RAISE(ABORT, 'refused by the test'); END
                    """
            )
        }
        let text = (1...1000).map { #"{"type":"MemberInvited","stream":"member/\#($0)","data":{"country":"IT","date":"2018-06-30"}}"# }
            .joined(separator: "\n")
        let error = #expect(throws: ActaError.self) { try store.log.importJSONLines(Array(text.utf8), defaultActor: "c") }
        #expect(error?.message.hasPrefix("line \(refused):") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("refused by the test") == true, "\(error?.message ?? "")")
        #expect(store.count == 0)
        #expect(try store.sqlite("SELECT count(*) FROM merkle_nodes").output.trimmingCharacters(in: .whitespacesAndNewlines) == "0")
    }

    /// A line the rules refuse after many batches went to the inserting thread: named, and
    /// nothing of the import stays, its rows and tree nodes included; the store takes the
    /// next import whole.
    @Test func aLineRefusedLateInALargeImportLeavesNothing() throws {
        let store = try TestStore()
        var lines = (1...1200).map { n in
            #"{"type":"MeetingHeld","data":{"body":"conference","number":\#(n),"start":"2018-06-30","format":"online"}}"#
        }
        lines.append(lines[5])  // the meeting of line 6, held again
        let error = #expect(throws: ActaError.self) { try store.log.importJSONLines(Array(lines.joined(separator: "\n").utf8), defaultActor: "c") }
        #expect(error?.message.hasPrefix("line 1201: MeetingHeld on meeting/conference/6 refused") == true, "\(error?.message ?? "")")
        #expect(store.count == 0)
        #expect(try store.sqlite("SELECT count(*) FROM merkle_nodes").output.trimmingCharacters(in: .whitespacesAndNewlines) == "0")
        lines.removeLast()
        #expect(try store.log.importJSONLines(Array(lines.joined(separator: "\n").utf8), defaultActor: "c").appended == 1200)
        #expect(try store.log.verifyLog().count == 1200)
    }

    @Test func invalidUTF8AndNulBytesAreRefused() throws {
        let store = try TestStore()
        var bytes = Array(#"{"type":"MemberInvited","stream":"member/GR","data":{"country":"GR","date":"2018-06-30","office":"X"}}"#.utf8)
        let at = bytes.lastIndex(of: UInt8(ascii: "X"))!
        for bad: [UInt8] in [[0xFF], [0xC3], [0x00]] {
            var line = bytes
            line.replaceSubrange(at...at, with: bad)
            let error = #expect(throws: ActaError.self) { try store.log.importJSONLines(line, defaultActor: "c") }
            #expect(error?.message.hasPrefix("line 1: invalid JSON") == true, "\(error?.message ?? "")")
        }
        bytes = []
        #expect(throws: ActaError.self) { try store.log.importJSONLines(bytes, defaultActor: "c") }
        #expect(store.count == 0)
    }

    @Test func overlongLinesAreRefused() throws {
        let store = try TestStore()
        let line =
            #"{"type":"MemberInvited","stream":"member/GR","data":{"country":"GR","date":"2018-06-30","office":""#
            + String(repeating: "a", count: Limits.maxLineBytes) + "\"}}"
        let error = #expect(throws: ActaError.self) { try store.log.importJSONLines(Array(line.utf8), defaultActor: "c") }
        #expect(error?.message == "line 1: longer than 1048576 bytes")
    }
}

extension String {
    /// Left-padded with zeros to twelve characters (the last group of a UUID).
    fileprivate var padded12: String { String(repeating: "0", count: max(0, 12 - count)) + self }
}
