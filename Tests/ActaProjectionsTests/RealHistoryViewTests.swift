import ActaEvents
import ActaLog
import ActaProjections
import Foundation
import Testing

/// The views on the Conference's real history, against the facts in the sources.
@Suite struct RealHistoryViewTests {
    func holder(_ board: BoardView, _ seat: String) -> String? { (board.seats[seat] ?? nil)?.country }

    @Test func theBoardOnTwoDates() throws {
        let h = try HistoryStore()
        let early = try h.board("2019-01-01")
        #expect(holder(early, "previous-host") == "IT")
        #expect(holder(early, "present-host") == "MK")
        #expect(holder(early, "future-host") == nil)
        #expect(holder(early, "secretariat-host") == "RS")
        let late = try h.board("2024-01-01")
        #expect(holder(late, "secretariat-host") == "BG")
        #expect(holder(late, "previous-host") == nil)
        #expect(late.history.contains { $0.seat == "secretariat-host" && $0.country == "RS" && $0.until == "2021-12-06" })
        #expect(try h.board("2018-06-29").history.isEmpty)
    }

    @Test func openActionsBeforeAndAfterTheDeadlines() throws {
        let h = try HistoryStore()
        let july = try h.actions("2018-07-01")
        #expect(Set(july.open.map(\.item)) == ["conference-4-1", "conference-4-2", "conference-4-3", "conference-4-6", "conference-4-6-letter"])
        #expect(july.items.allSatisfy { $0.status == "open" })
        let september = try h.actions("2018-09-15")
        let status = Dictionary(uniqueKeysWithValues: september.items.map { ($0.item, $0.status) })
        #expect(status["conference-4-3"] == "overdue")
        #expect(status["conference-4-6"] == "overdue")
        #expect(status["conference-4-2"] == "open")
        #expect(september.items.first { $0.item == "conference-4-3" }?.due == "2018-09-01")
        #expect(try h.actions("2021-01-01").items.first { $0.item == "conference-4-1" }?.status == "done")
        #expect(try h.actions("2018-06-29").items.isEmpty)
    }

    @Test func membersOnTwoDates() throws {
        let h = try HistoryStore()
        let july = try h.members("2018-07-01")
        #expect(july.countryCount == 10)
        #expect(july.officeCount == 10)
        #expect(july.memberCountries == ["AL", "BA", "BG", "HR", "IT", "ME", "MK", "RO", "RS", "SI"])
        #expect(july.countries.first { $0.country == "GR" }?.status == "invited")
        let twentyTwo = try h.members("2022-01-01")
        #expect(twentyTwo.countryCount == 12)
        #expect(twentyTwo.memberCountries.contains("GR") && twentyTwo.memberCountries.contains("HU"))
        #expect(!twentyTwo.memberCountries.contains("AT"))
        // Bulgaria's office changed in 2022: one office before and after, a different one.
        let bg = try h.members("2023-01-01").countries.first { $0.country == "BG" }
        #expect(bg?.offices.filter { $0.left == nil }.map(\.office) == ["Sofia Appellate Prosecutor's Office"])
        #expect(try h.members("2025-01-01").countryCount == 13)
    }

    @Test func theSecretariatOnTwoDates() throws {
        let h = try HistoryStore()
        let early = try h.secretariat("2019-01-01")
        #expect(early.host?.country == "RS")
        #expect(early.host?.office == "Prosecutor's Office for Organized Crime")
        #expect(Set(early.staff.map(\.name)) == ["Miljko Radisavljević", "Dragana Stojanović"])
        let later = try h.secretariat("2023-06-01")
        #expect(later.host?.office == "Sofia Appellate Prosecutor's Office")
        #expect(later.staff.map(\.name) == ["Galya Marinova"])
        #expect(later.hosts.map(\.country) == ["RS", "BG", "BG"])
        #expect(later.hosts.first?.until == "2021-12-06")
    }

    @Test func hostsAndTheAlternationPrinciple() throws {
        let h = try HistoryStore()
        let v = try h.hosts("2025-12-31")
        let fourth = try #require(v.meetings.first { $0.body == "conference" && $0.number == 4 })
        #expect(fourth.city == "Skopje" && fourth.country == "MK" && fourth.eu == false)
        #expect(v.meetings.contains { $0.body == "executive-board" && $0.number == 5 && $0.platform == "Zoom" })
        // Two bodies number their meetings separately: the Board's 5th and the Conference's 5th both exist.
        #expect(v.meetings.filter { $0.number == 5 }.map(\.body).sorted() == ["conference", "executive-board"])
        #expect(v.meetings.first { $0.number == 10 && $0.body == "conference" }?.alternation == "held")
        #expect(v.meetings.first { $0.number == 11 && $0.body == "conference" }?.alternation == "broken")
        // Before the Fifth Meeting was held, Hungary was the next designated host.
        #expect(try h.hosts("2019-01-01").next.map(\.country) == ["HU"])
    }

    @Test func provisionsRequestedByTheFourthMeeting() throws {
        let h = try HistoryStore()
        let v = try h.provisions("2018-09-15")
        let request = try #require(v.requests.first)
        #expect(request.deadline == "2018-09-01")
        #expect(request.missing.count == 10)
    }

    @Test func decisionsCarryTheirFollowUp() throws {
        let h = try HistoryStore()
        let v = try h.decisions("2018-09-15")
        let third = try #require(v.outcomes.first { $0.meeting == 4 && $0.ordinal == 3 })
        #expect(third.followUp == "overdue")
        #expect(v.outcomes.first { $0.meeting == 4 && $0.ordinal == 4 }?.followUp == "no action")
    }
}
