import ActaEvents
import ActaLog
import ActaProjections
import Foundation
import Testing

/// The view registry: every view declared once, each name serving its own view.
@Suite struct ViewCatalogTests {
    /// The runner keeps exactly the registry's views, in its order, the access tokens and the conflicts index.
    @Test func theRunnerKeepsTheRegistrysViews() {
        let names = ViewCatalog.names
        #expect(Set(names).count == names.count, "a view is declared twice: \(names)")
        #expect(OCPSProjections.names == names + ["access", "conflicts"])
        #expect(ViewCatalog.all.allSatisfy { !$0.summary.isEmpty })
        #expect(ViewCatalog.named("budget") == nil)
    }

    /// Each name's text is what its view's type renders, and its JSON decodes as that type to
    /// the same view: a name cannot serve another view.
    @Test func eachNameServesItsOwnView() throws {
        let h = try HistoryStore()
        let date = "2024-01-01"
        func expected<View: Decodable>(
            _ type: View.Type,
            _ text: String,
            _ render: @escaping (View) -> String
        ) -> (text: String, decoded: (Data) throws -> String) {
            (text, { try render(JSONDecoder().decode(View.self, from: $0)) })
        }
        let views: [String: (text: String, decoded: (Data) throws -> String)] = [
            "board": expected(BoardView.self, try h.board(date).render()) { $0.render() },
            "hosts": expected(HostsView.self, try h.hosts(date).render()) { $0.render() },
            "actions": expected(ActionsView.self, try h.actions(date).render()) { $0.render() },
            "members": expected(MembersView.self, try h.members(date).render()) { $0.render() },
            "provisions": expected(ProvisionsView.self, try h.provisions(date).render()) { $0.render() },
            "decisions": expected(DecisionsView.self, try h.decisions(date).render()) { $0.render() },
            "secretariat": expected(SecretariatView.self, try h.secretariat(date).render()) { $0.render() },
        ]
        #expect(Set(views.keys) == Set(ViewCatalog.names), "a view without a check here, or a check without a view")
        try h.log.withViews { store in
            for view in ViewCatalog.all {
                let want = try #require(views[view.name])
                #expect(try view.text(store, asOf: date) == want.text, "\(view.name)")
                #expect(try want.decoded(view.json(store, asOf: date)) == want.text, "\(view.name)")
            }
        }
        #expect(Set(views.values.map(\.text)).count == views.count, "two views render the same text")
    }

    /// A view's page reads the view it belongs to.
    @Test func eachPageShowsItsView() throws {
        let h = try HistoryStore()
        let pages = ViewCatalog.all.compactMap { view in view.page.map { (view.name, $0) } }
        #expect(pages.map(\.0) == ["hosts", "actions", "members", "provisions", "decisions"])
        #expect(Set(pages.map(\.1.path)).count == pages.count)
        let meetings = try h.hosts("2024-01-01").meetings.count
        let requests = try h.provisions("2024-01-01").requests.count
        let items = try h.actions("2024-01-01").items.count
        let outcomes = try h.decisions("2024-01-01").outcomes
        try h.log.withViews { store in
            let hosts = try #require(ViewCatalog.named("hosts")?.page).values(store, asOf: "2024-01-01")
            #expect((hosts["meetings"] as? [[String: Any]])?.count == meetings)
            let members = try #require(ViewCatalog.named("members")?.page).values(store, asOf: "2018-07-01")
            #expect(members["summary"] as? String == "10 member offices from 10 countries as of 2018-07-01.")
            let provisions = try #require(ViewCatalog.named("provisions")?.page).values(store, asOf: "2024-01-01")
            #expect((provisions["requests"] as? [[String: Any]])?.count == requests)
            let actions = try #require(ViewCatalog.named("actions")?.page).values(store, asOf: "2024-01-01")
            #expect((actions["items"] as? [[String: Any]])?.count == items)
            // The decisions page groups the outcomes by meeting, every outcome once.
            let decisions = try #require(ViewCatalog.named("decisions")?.page).values(store, asOf: "2024-01-01")
            let groups = try #require(decisions["meetings"] as? [[String: Any]])
            #expect(groups.count == Set(outcomes.map { "\($0.body)/\($0.meeting)" }).count)
            #expect(groups.map { ($0["outcomes"] as? [[String: Any]])?.count ?? 0 }.reduce(0, +) == outcomes.count)
        }
        #expect(meetings > 0 && requests > 0 && items > 0 && !outcomes.isEmpty)
    }
}
