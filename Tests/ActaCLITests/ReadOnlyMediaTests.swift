import Foundation
import Testing

/// A store archived on read-only media (a disc, a read-only mount) can still be verified,
/// read and exported years later; writing to it is refused with a clear error.
@Suite struct ReadOnlyMediaTests {
    /// A read-only view of `directory` (a bind mount remounted read-only); nil when this
    /// machine does not let the tests mount (they need root).
    final class ReadOnlyMount: @unchecked Sendable {
        let path: String
        init?(of directory: URL) {
            path = directory.path + "-ro"
            try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            guard Self.run(["mount", "--bind", directory.path, path]) else { return nil }
            guard Self.run(["mount", "-o", "remount,ro,bind", path]) else {
                _ = Self.run(["umount", path])
                return nil
            }
        }
        deinit {
            _ = Self.run(["umount", path])
            try? FileManager.default.removeItem(atPath: path)
        }
        static func run(_ arguments: [String]) -> Bool {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            guard (try? process.run()) != nil else { return false }
            process.waitUntilExit()
            return process.terminationStatus == 0
        }

        static let available: Bool = {
            guard let probe = try? CLITests.Sandbox() else { return false }
            return ReadOnlyMount(of: probe.directory) != nil
        }()
    }

    @Test(.enabled(if: ReadOnlyMount.available, "mounting a read-only view needs root"))
    func aStoreOnReadOnlyMediaVerifiesReadsAndExportsButRefusesWrites() throws {
        let s = try CLITests.Sandbox()
        #expect(try s.acta(["init"]).status == 0)
        #expect(try s.acta(["append", "MemberInvited", "--stream", "member/GR", "--data", CLITests.invite]).status == 0)
        let mount = try #require(ReadOnlyMount(of: s.directory))
        let store = mount.path + "/acta.sqlite"
        #expect(
            !FileManager.default.isWritableFile(atPath: mount.path) || !FileManager.default.createFile(atPath: mount.path + "/probe", contents: nil)
        )

        let verified = try s.acta(["verify", "--store", store])
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(verified.stdout.hasPrefix("ok: 1 events verified, head chain "))
        #expect(try s.acta(["log", "--store", store]).stdout.contains("MemberInvited"))
        #expect(try s.acta(["view", "members", "--store", store]).status == 0)
        let exported = try s.acta(["export", "--store", store])
        #expect(exported.status == 0 && exported.stdout.contains("\"chain\":"))

        let refused = try s.acta(["append", "MemberInvited", "--stream", "member/IT", "--data", CLITests.invite, "--store", store])
        #expect(refused.status != 0)
        #expect(
            refused.stderr == "acta: error: \(store) is on a read-only file system: it can be read, verified and exported, but not written\n",
            "\(refused.stderr)"
        )
        // Nothing was created beside the store, and nothing was appended.
        let beside = try FileManager.default.contentsOfDirectory(atPath: mount.path).sorted()
        #expect(beside == ["acta.sqlite"], "\(beside)")
        #expect(try s.acta(["verify"]).stdout.hasPrefix("ok: 1 events verified"))
    }

    @Test(.enabled(if: ReadOnlyMount.available, "mounting a read-only view needs root"))
    func aWriteAheadLogNotMergedIsNamedNotIgnored() throws {
        let s = try CLITests.Sandbox()
        #expect(try s.acta(["init"]).status == 0)
        // A log copied while a writer still had it open: its last appends are in the -wal file.
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: s.store + "-wal"))
        let mount = try #require(ReadOnlyMount(of: s.directory))
        let store = mount.path + "/acta.sqlite"
        let refused = try s.acta(["verify", "--store", store])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("is on read-only media beside a write-ahead log (\(store)-wal) not yet merged into it"), "\(refused.stderr)")
    }
}
