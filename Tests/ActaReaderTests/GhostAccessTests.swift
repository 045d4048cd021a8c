import ActaEvents
import ActaLog
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Access rests on the token events, which verify covers, never on the saved `views` rows.
@Suite struct GhostAccessTests {
    @Test func aTokenRowInsertedIntoViewsByHandOpensNothing() async throws {
        let f = try ReaderFixture(withHistory: false)
        let real = try f.issueToken("ministry")
        // Someone with the file adds a token record of their own to the saved access view.
        let ghost = "acta_ghost"
        let record = #"{"issued":"2026-01-01T00:00:00.000Z","name":"ghost","sha256":"\#(Hex.encode(Digest.sha256(Array(ghost.utf8))))"}"#
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        shell.arguments = [f.location, "INSERT INTO views (view, key, value) VALUES ('access', 'token/ghost', '\(record)')"]
        try shell.run()
        shell.waitUntilExit()
        #expect(shell.terminationStatus == 0)
        try await f.app.test(.router) { client in
            try await client.execute(uri: "/api/events?limit=1", method: .get, headers: [.authorization: "Bearer \(ghost)"]) { r in
                #expect(r.status == .unauthorized)
            }
            try await client.execute(uri: "/api/events?limit=1", method: .get, headers: [.authorization: "Bearer \(real)"]) { r in
                #expect(r.status == .ok)
            }
        }
    }
}
