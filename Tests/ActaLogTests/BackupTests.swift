import ActaEvents
import ActaLog
import Foundation
import Testing

@Suite struct BackupTests {
    @Test func aBackupIsAVerifiedCopyOfTheLogAtOneMoment() throws {
        let store = try TestStore()
        try store.log.append(Sample.meeting(4))
        for ordinal in 1...19 { try store.log.append(Sample.outcome(4, ordinal: ordinal)) }
        let live = try store.log.verify()
        let dest = store.directory.appendingPathComponent("copy.sqlite").path
        let report = try store.log.backup(to: dest)
        #expect(report.count == 20)
        #expect(report.headChain == live.headChain)
        // Appends after the backup do not reach it; its log is a prefix of the live one.
        try store.log.append(Sample.outcome(4, ordinal: 20))
        let copy = try EventLog.open(at: dest, catalog: OCPSCatalog(), readOnly: true)
        defer { try? copy.close() }
        let verified = try copy.verify()
        #expect(verified.isIntact)
        #expect(verified.count == 20)
        #expect(try store.log.verify(head: report.headChain).chainPosition == 20)
        let files = try FileManager.default.contentsOfDirectory(atPath: store.directory.path)
        #expect(!files.contains { $0.contains(".partial-") })
    }

    @Test func aStoreOfAnotherPageSizeKeepsItThroughAppendsRebuildsAndBackups() throws {
        let store = try TestStore(catalog: OpenCatalog())
        #expect(try store.sqlite("PRAGMA page_size").output == "16384\n")
        func note(_ i: Int) -> NewEvent { NewEvent(type: "Note", stream: "s/a", data: ["text": .string("n\(i)")], actor: "t") }
        for i in 1...5 { try store.log.append(note(i)) }
        try store.log.close()
        // A store made with SQLite's default page size, as stores were before.
        let converted = try store.sqlite("PRAGMA journal_mode=DELETE; PRAGMA page_size=4096; VACUUM; PRAGMA journal_mode=WAL; PRAGMA page_size;")
        #expect(converted.output.hasSuffix("wal\n4096\n"), "\(converted.output)")
        let log = try EventLog.open(at: store.path, catalog: OpenCatalog(), projections: NotesDomain())
        defer { try? log.close() }
        for i in 6...10 { try log.append(note(i)) }
        try log.rebuildViews()
        let live = try log.verify()
        #expect(live.isIntact && live.count == 10)
        let dest = store.directory.appendingPathComponent("copy.sqlite").path
        #expect(try log.backup(to: dest).headChain == live.headChain)
        #expect(try Shell.run("/usr/bin/sqlite3", [dest, "PRAGMA page_size"]).output == "4096\n")
        #expect(try store.sqlite("PRAGMA page_size").output == "4096\n")
    }

    @Test func aBackupNeverOverwrites() throws {
        let store = try TestStore()
        try store.log.append(Sample.meeting(4))
        let dest = store.directory.appendingPathComponent("existing").path
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: dest))
        #expect(throws: ActaError.self) { try store.log.backup(to: dest) }
        #expect(try String(contentsOfFile: dest, encoding: .utf8) == "keep me")
        #expect(throws: ActaError.self) { try store.log.backup(to: store.path) }
        let nowhere = store.directory.appendingPathComponent("missing/copy.sqlite").path
        #expect(throws: ActaError.self) { try store.log.backup(to: nowhere) }
    }
}
