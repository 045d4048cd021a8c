import ActaEvents
import ActaLog
import Foundation

/// A store in a fresh temporary directory, removed when the test ends.
final class TestStore {
    let directory: URL
    let path: String
    let log: EventLog

    init(catalog: any EventCatalog = OCPSCatalog()) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("acta-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        path = directory.appendingPathComponent("acta.sqlite").path
        log = try EventLog.create(at: path, catalog: catalog)
    }

    deinit {
        try? log.close()
        try? FileManager.default.removeItem(at: directory)
    }

    var count: Int64 { (try? log.head().count) ?? -1 }

    /// Runs SQL through the plain `sqlite3` shell, as someone with the file would.
    @discardableResult
    func sqlite(_ sql: String) throws -> (status: Int32, output: String) {
        try Shell.run("/usr/bin/sqlite3", [path, sql])
    }
}

enum Shell {
    static func run(
        _ executable: String,
        _ arguments: [String],
        stdin: Data? = nil,
        environment: [String: String]? = nil
    ) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        let input = Pipe()
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

enum Sample {
    static func meeting(_ number: Int, body: String = "conference") -> NewEvent {
        NewEvent(
            type: "MeetingHeld",
            stream: "meeting/\(body)/\(number)",
            data: [
                "body": .string(body), "number": .number(Double(number)), "start": "2018-06-30", "city": "Skopje", "country": "MK",
                "format": "in-person",
            ],
            actor: "tester"
        )
    }

    static func outcome(_ meeting: Int, ordinal: Int, text: String = "Invite Greece to join the Permanent Conference.") -> NewEvent {
        NewEvent(
            type: "OutcomeAdopted",
            stream: "meeting/conference/\(meeting)",
            data: [
                "body": "conference", "meeting": .number(Double(meeting)), "ordinal": .number(Double(ordinal)), "text": .string(text),
                "kind": "invitation",
            ],
            actor: "tester"
        )
    }
}
