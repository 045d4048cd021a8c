import ActaEvents
import ActaLog
import ActaProjections
import Foundation
import Testing

/// A temporary store with the OCPS catalog and views, optionally holding the real history.
final class HistoryStore {
    let directory: URL
    let path: String
    let log: EventLog

    init(withHistory: Bool = true) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("acta-views-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        path = directory.appendingPathComponent("acta.sqlite").path
        log = try EventLog.create(at: path, catalog: OCPSCatalog(), projections: OCPSProjections())
        if withHistory { try log.importJSONLines(Array(try History.jsonLines()), defaultActor: "test") }
    }

    deinit {
        try? log.close()
        try? FileManager.default.removeItem(at: directory)
    }

    func board(_ date: String, at: Int64? = nil) throws -> BoardView { try log.withViews(at: at) { try BoardView($0, asOf: date) } }
    func actions(_ date: String, _ filter: ActionsView.Filter = .init()) throws -> ActionsView {
        try log.withViews { try ActionsView($0, asOf: date, filter: filter) }
    }
    func members(_ date: String) throws -> MembersView { try log.withViews { try MembersView($0, asOf: date) } }
    func secretariat(_ date: String) throws -> SecretariatView { try log.withViews { try SecretariatView($0, asOf: date) } }
    func hosts(_ date: String, at: Int64? = nil) throws -> HostsView { try log.withViews(at: at) { try HostsView($0, asOf: date) } }
    func provisions(_ date: String) throws -> ProvisionsView { try log.withViews { try ProvisionsView($0, asOf: date) } }
    func decisions(_ date: String) throws -> DecisionsView { try log.withViews { try DecisionsView($0, asOf: date) } }
    func text(_ view: String, _ date: String) throws -> String { try log.withViews { try #require(ViewCatalog.named(view)).text($0, asOf: date) } }
    func json(_ view: String, _ date: String) throws -> String {
        try log.withViews { String(decoding: try #require(ViewCatalog.named(view)).json($0, asOf: date), as: UTF8.self) }
    }

    /// The position of the first event of `type` in `stream`.
    func position(_ type: String, _ stream: String) throws -> Int64 {
        try log.entries(EventFilter(stream: stream, type: type)).first?.position ?? 0
    }

    /// Every view as JSON on a date: what "identical views" compares.
    func allViews(_ date: String) throws -> [String: String] {
        try log.withViews { store in
            var out: [String: String] = [:]
            for view in ViewCatalog.all { out[view.name] = String(decoding: try view.json(store, asOf: date), as: UTF8.self) }
            return out
        }
    }
}
