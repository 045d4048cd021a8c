import ActaEvents
import ActaLog
import Foundation
import Testing

/// Stores written by earlier actas, kept as fixtures (one per format step), must open,
/// migrate and verify with this one, every hash and checkpoint intact.
@Suite struct StoreFormatTests {
    /// Written by the acta of store format 1: `acta demo`, `acta key generate --name
    /// ocps.example/acta`, `acta checkpoint`, `acta dictionary train`, `acta token add auditor
    /// --expires 2030-01-01`, and one `acta append MemberInvited` after the new dictionary.
    static let format1 = "store-format-1.sqlite"
    static let format1Head = "344c01e112602a19f5bd1b8c17488e487da7803971cf43a7658fc804ecf6f629"
    static let format1Verifier = "ocps.example/acta+c0569be9+AUbCjCylCsOylxJ5folho6QQ2jLn8ZPUN8Oer9wYSt+f"

    /// A copy of the fixture in a fresh directory (the fixture itself is never written).
    static func copy(_ name: String) throws -> (directory: URL, path: String) {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("acta-fixture-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("acta.sqlite").path
        try FileManager.default.copyItem(atPath: fixture.path, toPath: path)
        return (directory, path)
    }

    static func formatOf(_ path: String) throws -> (version: String, steps: String) {
        let version = try Shell.run("/usr/bin/sqlite3", [path, "PRAGMA user_version"]).output
        let steps = try Shell.run("/usr/bin/sqlite3", [path, "SELECT count(*) FROM sqlite_master WHERE name = 'grdb_migrations'"]).output
        return (version.trimmingCharacters(in: .whitespacesAndNewlines), steps.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test func aFormat1StoreIsReadAsItIsWhenOpenedReadOnly() throws {
        let (directory, path) = try Self.copy(Self.format1)
        defer { try? FileManager.default.removeItem(at: directory) }
        let log = try EventLog.open(at: path, catalog: OCPSCatalog(), readOnly: true)
        let report = try log.verify()
        #expect(report.isIntact, "\(String(describing: report.failure))")
        #expect(report.count == 72)
        #expect(Hex.encode(report.headChain) == Self.format1Head)
        try log.close()
        // Nothing was changed: still format 1, no record of steps.
        #expect(try Self.formatOf(path) == ("1", "0"))
    }

    @Test func aFormat1StoreMigratesOnItsFirstWriteOpenAndKeepsEveryHash() throws {
        let (directory, path) = try Self.copy(Self.format1)
        defer { try? FileManager.default.removeItem(at: directory) }
        let log = try EventLog.open(at: path, catalog: OCPSCatalog())
        defer { try? log.close() }
        #expect(try Self.formatOf(path) == ("5", "1"))
        let steps = try Shell.run("/usr/bin/sqlite3", [path, "SELECT identifier FROM grdb_migrations ORDER BY rowid"]).output
        #expect(steps.split(separator: "\n") == ["1 events", "2 views", "3 dictionaries", "4 merkle nodes", "5 checkpoints"])

        let report = try log.verify()
        #expect(report.isIntact, "\(String(describing: report.failure))")
        #expect(Hex.encode(report.headChain) == Self.format1Head)
        #expect(report.merkleNodesChecked > 0)
        // The kept checkpoint (size 70) is still extended by the log, with its signature.
        let stored = try #require(try log.latestCheckpoint())
        #expect(stored.size == 70)
        let signed = try SignedCheckpoint(note: stored.note, key: try VerifierKey(parsing: Self.format1Verifier))
        #expect(try log.verify(extending: signed).isIntact)
        // Both dictionaries kept; the trained one still compresses new events.
        #expect(try log.dictionaries().map(\.origin) == ["built in", "trained on the latest events"])

        // The migrated store appends and verifies as a new one does.
        let appended = try log.append(
            NewEvent(type: "MemberInvited", stream: "member/FR", data: ["country": "FR", "date": "2026-02-01"], actor: "clerk")
        )
        #expect(appended.position == 73)
        #expect(try log.verify().isIntact)
        // A second open finds nothing to do.
        let again = try EventLog.open(at: path, catalog: OCPSCatalog())
        try again.close()
        #expect(try Self.formatOf(path) == ("5", "1"))
    }

    @Test func aStoreOfANewerFormatIsRefusedNamingBoth() throws {
        let (directory, path) = try Self.copy(Self.format1)
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try Shell.run("/usr/bin/sqlite3", [path, "PRAGMA user_version = 99"]).status == 0)
        let error = #expect(throws: ActaError.self) { try EventLog.open(at: path, catalog: OCPSCatalog()) }
        #expect(error?.message.contains("has store format 99; this acta reads up to 5") == true, "\(String(describing: error))")
    }

    @Test func aNewStoreHasEveryStep() throws {
        let store = try TestStore()
        #expect(try Self.formatOf(store.path) == ("5", "1"))
    }
}
