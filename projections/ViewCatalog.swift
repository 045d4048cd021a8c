import ActaLog
import Foundation

/// The views by name, for `acta view` and the reader: text for people, JSON for machines.
public enum ViewCatalog {
    public static let names = ["board", "hosts", "actions", "members", "provisions", "decisions", "secretariat"]

    public static let summaries: [String: String] = [
        "board": "the Executive Board's seats: recorded, derived by the 2018 rule, or unknown; tenure history",
        "hosts": "every meeting of each body, its host apart from its venue, hosts approached and designated, the non-EU / EU alternation",
        "actions": "action items: owner, due date, status, the outcome or request they come from and who answered",
        "members": "member offices and countries: founded, invited, intents, joined, left; counts beside those reported",
        "provisions": "national legal provisions: due from the members on the request's date, who submitted when, on time or late",
        "decisions": "outcomes by meeting with their follow-up status",
        "secretariat": "the Secretariat's host office, its term and staff, with history",
    ]

    static func check(_ name: String) throws {
        guard names.contains(name) else {
            throw ActaError(.invalidInput, "no view named \"\(name.prefix(40))\"; views: \(names.joined(separator: ", "))")
        }
    }

    /// `actions` filters the actions view (`acta view actions --open --owner …`).
    public static func text(_ name: String, store: ViewStore, asOf: String, actions: ActionsView.Filter = .init()) throws -> String {
        try check(name)
        switch name {
        case "board": return try BoardView(store, asOf: asOf).render()
        case "hosts": return try HostsView(store, asOf: asOf).render()
        case "actions": return try ActionsView(store, asOf: asOf, filter: actions).render()
        case "members": return try MembersView(store, asOf: asOf).render()
        case "provisions": return try ProvisionsView(store, asOf: asOf).render()
        case "decisions": return try DecisionsView(store, asOf: asOf).render()
        default: return try SecretariatView(store, asOf: asOf).render()
        }
    }

    public static func json(_ name: String, store: ViewStore, asOf: String, actions: ActionsView.Filter = .init()) throws -> Data {
        try check(name)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        switch name {
        case "board": return try encoder.encode(BoardView(store, asOf: asOf))
        case "hosts": return try encoder.encode(HostsView(store, asOf: asOf))
        case "actions": return try encoder.encode(ActionsView(store, asOf: asOf, filter: actions))
        case "members": return try encoder.encode(MembersView(store, asOf: asOf))
        case "provisions": return try encoder.encode(ProvisionsView(store, asOf: asOf))
        case "decisions": return try encoder.encode(DecisionsView(store, asOf: asOf))
        default: return try encoder.encode(SecretariatView(store, asOf: asOf))
        }
    }
}
