import ActaEvents
import ActaLog
import Foundation
import Testing

@Suite struct BackupTests {
    @Test func aBackupIsAVerifiedCopyOfTheLogAtOneMoment() throws {
        let store = try TestStore()
        for ordinal in 1...20 { try store.log.append(Sample.outcome(4, ordinal: ordinal)) }
        let live = try store.log.verify()
        let dest = store.directory.appendingPathComponent("copy.sqlite").path
        let report = try store.log.backup(to: dest)
        #expect(report.count == 20)
        #expect(report.headChain == live.headChain)
        // Appends after the backup do not reach it; its log is a prefix of the live one.
        try store.log.append(Sample.outcome(4, ordinal: 21))
        let copy = try EventLog.open(at: dest, catalog: OCPSCatalog(), readOnly: true)
        defer { try? copy.close() }
        let verified = try copy.verify()
        #expect(verified.isIntact)
        #expect(verified.count == 20)
        #expect(try store.log.verify(head: report.headChain).chainPosition == 20)
        let files = try FileManager.default.contentsOfDirectory(atPath: store.directory.path)
        #expect(!files.contains { $0.contains(".partial-") })
    }

    @Test func aBackupNeverOverwrites() throws {
        let store = try TestStore()
        try store.log.append(Sample.outcome(4, ordinal: 1))
        let dest = store.directory.appendingPathComponent("existing").path
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: dest))
        #expect(throws: ActaError.self) { try store.log.backup(to: dest) }
        #expect(try String(contentsOfFile: dest, encoding: .utf8) == "keep me")
        #expect(throws: ActaError.self) { try store.log.backup(to: store.path) }
        let nowhere = store.directory.appendingPathComponent("missing/copy.sqlite").path
        #expect(throws: ActaError.self) { try store.log.backup(to: nowhere) }
    }
}
