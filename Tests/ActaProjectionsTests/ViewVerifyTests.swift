import ActaEvents
import ActaLog
import ActaProjections
import Foundation
import Testing

/// `verify --views`: the saved views against the views replayed from the log.
@Suite struct ViewVerifyTests {
    /// Runs SQL through the plain `sqlite3` shell, as someone with the file would.
    func sqlite(_ store: HistoryStore, _ sql: String) throws {
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        shell.arguments = [store.path, sql]
        try shell.run()
        shell.waitUntilExit()
        #expect(shell.terminationStatus == 0, "\(sql)")
    }

    @Test func theSavedViewsOfTheHistoryEqualTheirReplay() throws {
        let store = try HistoryStore()
        let report = try store.log.verifyViews()
        #expect(report.isIntact, "\(report.difference ?? "")")
        #expect(Set(report.compared) == Set(OCPSProjections.names))
        #expect(report.records > 50)
        #expect(report.skipped.isEmpty)
    }

    @Test(arguments: [
        (
            "INSERT INTO views (view, key, value) VALUES ('access', 'token/ghost', '{\"issued\":\"2026-01-01T00:00:00.000Z\",\"name\":\"ghost\",\"sha256\":\"00\"}')",
            "view access (saved at position", "record token/ghost is saved, but the log's replay has no such record"
        ),
        (
            "UPDATE views SET value = replace(value, '\"country\":\"', '\"country\":\"X') WHERE view = 'board'",
            "view board", "differs: saved {\"country\":\"X"
        ),
        (
            "DELETE FROM views WHERE view = 'members' AND key = (SELECT min(key) FROM views WHERE view = 'members')",
            "view members", "is missing from the saved view"
        ),
        (
            "INSERT INTO views (view, key, value) VALUES ('shadow', 'x', '{}')",
            "view shadow", "no view of this acta makes it"
        ),
    ])
    func aHandMadeChangeToTheViewsIsNamed(sql: String, view: String, reason: String) throws {
        let store = try HistoryStore()
        try sqlite(store, sql)
        #expect(try store.log.verify().isIntact, "the log itself is untouched")
        let report = try store.log.verifyViews()
        let difference = try #require(report.difference)
        #expect(difference.hasPrefix(view), "\(difference)")
        #expect(difference.contains(reason), "\(difference)")
    }

    /// The reader's tokens are folded from the token events, not read from the saved rows.
    @Test func accessIsDerivedFromTheTokenEventsAlone() throws {
        let store = try HistoryStore(withHistory: false)
        try store.log.append(
            NewEvent(
                type: "AccessTokenIssued",
                stream: "access/ministry",
                data: ["name": "ministry", "sha256": .string(String(repeating: "a", count: 64))],
                actor: "t"
            )
        )
        try sqlite(
            store,
            "INSERT INTO views (view, key, value) VALUES ('access', 'token/ghost', '{\"issued\":\"2026-01-01T00:00:00.000Z\",\"name\":\"ghost\",\"sha256\":\"\(String(repeating: "b", count: 64))\"}')"
        )
        let saved = try store.log.withViews { try $0.all(view: "access", prefix: "token/", as: AccessProjection.Token.self) }
        #expect(saved.map(\.key) == ["token/ghost", "token/ministry"], "the ghost row is in the saved view")
        let access = try AccessView(log: store.log)
        #expect(access.tokens.map(\.name) == ["ministry"])
        try store.log.append(NewEvent(type: "AccessTokenRevoked", stream: "access/ministry", data: ["name": "ministry"], actor: "t"))
        #expect(try AccessView(log: store.log).active(on: "2026-01-01").isEmpty)
    }
}
