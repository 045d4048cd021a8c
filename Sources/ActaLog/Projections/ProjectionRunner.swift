import Foundation
import GRDB

/// Keeps the views of a ``ProjectionDomain`` up to date with the log.
///
/// Each view's records live in table `views` and its checkpoint (version, last position
/// applied) in `view_checkpoints`, in the store itself, on either engine (``ViewRows``).
/// ``catchUp(_:appended:progress:)`` runs inside every
/// append's transaction, so a view is current whenever an append returns and a read-only
/// reader never has to write. A view whose version changed is rebuilt from position 1; a
/// correction or retraction in the new events rebuilds every view, since it changes an older
/// event.
public struct ProjectionRunner: Sendable {
    public let domain: any ProjectionDomain

    public init(domain: any ProjectionDomain) {
        self.domain = domain
    }

    /// Rows a replay reads at a time, decoded on the other cores while the last are folded.
    static let batchSize = 4096

    /// Makes the index of the domain's correction events (re-made when the domain's
    /// correction types change). The views' tables are the store's (``StoreMigrations``).
    func createIndex(_ db: Database) throws {
        let name = "events_corrections"
        guard let types = correctionTypesSQL else {
            return try db.execute(sql: "DROP INDEX IF EXISTS \(name)")
        }
        let sql = "CREATE INDEX \(name) ON events (position) WHERE type IN (\(types))"
        let existing = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?", arguments: [name])
        guard existing != sql else { return }
        try db.execute(sql: "DROP INDEX IF EXISTS \(name)")
        try db.execute(sql: sql)
    }

    /// The correction types as an SQL list of literals, in the same words as the index's
    /// `WHERE`, so that SQLite uses the index for the queries that name them; nil when none.
    var correctionTypesSQL: String? {
        let types = domain.correctionTypes.sorted()
        guard !types.isEmpty else { return nil }
        return types.map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "'" }.joined(separator: ", ")
    }

    /// Brings every view up to the head of the log. Call inside a write transaction.
    ///
    /// `appended`: the events the transaction appended, as prepared (data and, when the
    /// catalog gave one, the decoded value). When they are exactly what the views lack, they
    /// are folded as they are, without reading them back from the table, decompressing and
    /// decoding them again.
    func catchUp(_ db: any ViewRows, appended: [AppendedEvent]? = nil, progress: ((Int64, Int64) -> Void)? = nil) throws {
        let head = try db.head()
        let checkpoints = try db.checkpoints()
        let store = ViewStore(rows: db)
        var from: [String: Int64] = [:]
        for p in domain.projections {
            if let c = checkpoints[p.name], c.version == p.version, c.position <= head {
                from[p.name] = c.position
            } else {
                try store.clear(p.name)  // rebuilt at once below, as in rebuild(_:only:progress:)
                from[p.name] = 0
            }
        }
        let start = from.values.min() ?? head
        guard start < head else { return }
        if let appended, try fold(appended, store: store, from: from, head: head) {
            try store.flush()
            return try saveCheckpoints(db, head)
        }
        // A correction after any kept checkpoint changes what that view folded before it.
        if let kept = from.values.filter({ $0 > 0 }).min(), try hasCorrection(db, after: kept) {
            return try rebuild(db, progress: progress)
        }
        try replay(db, store: store, through: head, from: from, progress: progress)
        try store.flush()
        try saveCheckpoints(db, head)
    }

    /// Rebuilds every view (or only `name`) from position 1. Call inside a write transaction.
    func rebuild(_ db: any ViewRows, only name: String? = nil, progress: ((Int64, Int64) -> Void)? = nil) throws {
        let head = try db.head()
        let store = ViewStore(rows: db)
        var from: [String: Int64] = [:]
        try store.clear(name)
        for p in domain.projections where name == nil || p.name == name { from[p.name] = 0 }
        try replay(db, store: store, through: head, from: from, progress: progress)
        try store.flush()
        try saveCheckpoints(db, head, only: name)
    }

    /// Replays positions 1…`position` into memory: the views as the register stood then.
    func replay(_ db: any ViewRows, at position: Int64) throws -> ViewStore {
        let store = ViewStore.inMemory()
        let from = Dictionary(uniqueKeysWithValues: domain.projections.map { ($0.name, Int64(0)) })
        try replay(db, store: store, through: position, from: from, progress: nil)
        return store
    }

    /// Folds `projection` alone over the events of the streams whose names start with
    /// `prefix` (with the corrections recorded for them), into memory: a view derived from
    /// the log, never read from table `views`, which `verify` does not cover. The streams are
    /// found through the `(stream, version)` index, so it costs what their events cost.
    func replay(_ db: any ViewRows, _ projection: any Projection, streamsPrefixed prefix: String) throws -> ViewStore {
        let store = ViewStore.inMemory()
        store.select(projection.name)
        let head = try db.head()
        let amendments = try amendments(db, after: 0, through: head)
        let dictionaries = try db.dictionaries()
        let decompressor = LZ4Frame.Decompressor()
        try db.events(streamsPrefixed: prefix) { row in
            guard projection.wants(row.type), amendments.retracted[row.position] == nil else { return }
            do {
                let entry = row.entry(data: try row.decodeData(decompressor, dictionaries))
                try projection.apply(try ReplayDecoder.project(entry, domain: domain, amendments: amendments), to: store)
            } catch {
                throw EventLog.labelled(EventLog.labelled(error, .position(row.position)), .view(projection.name))
            }
        }
        return store
    }

    /// Whether every view's saved checkpoint is at `head` with the current version.
    func isCurrent(_ db: any ViewRows, head: Int64) throws -> Bool {
        guard try db.hasViewTables() else { return false }
        let saved = try db.checkpoints()
        return domain.projections.allSatisfy { p in saved[p.name].map { $0.version == p.version && $0.position == head } ?? false }
    }

    /// A store to read the views from as they are saved.
    static func savedViews(_ db: any ViewRows) -> ViewStore {
        ViewStore(rows: db)
    }

    /// The views at `position` (the head when nil): the saved ones when they are current at
    /// the head, else the log replayed into memory. What ``RegisterStore/withViews(at:_:)``
    /// runs on either engine, inside one read transaction.
    func views(_ db: any ViewRows, at position: Int64?) throws -> ViewStore {
        let head = try db.head()
        if let position {
            guard position >= 0, position <= head else {
                throw ActaError(.invalidInput, "position \(position) is beyond the head of the log (\(head))")
            }
            if position < head { return try replay(db, at: position) }
        }
        if try isCurrent(db, head: head) { return Self.savedViews(db) }
        return try replay(db, at: head)
    }

    /// Checks that `name`, when given, names a view of the domain.
    func checkView(_ name: String?) throws {
        if let name, !domain.projections.contains(where: { $0.name == name }) {
            throw ActaError(
                .invalidInput,
                "no view named \"\(name.prefix(40))\"; views: \(domain.projections.map(\.name).joined(separator: ", "))"
            )
        }
    }

    // MARK: - Replay

    private func hasCorrection(_ db: any ViewRows, after position: Int64) throws -> Bool {
        guard let types = correctionTypesSQL else { return false }
        return try db.hasEvent(ofTypes: types, after: position)
    }

    /// The corrections and retractions recorded after `start` up to `position`. Each comes
    /// after what it changes, so those are all the changes of the events after `start`.
    func amendments(_ db: any ViewRows, after start: Int64, through position: Int64) throws -> Amendments {
        guard let types = correctionTypesSQL else { return Amendments([]) }
        var found: [(position: Int64, correction: Correction)] = []
        let decompressor = LZ4Frame.Decompressor()
        let dictionaries = try db.dictionaries()
        try db.events(ofTypes: types, after: start, through: position) { row in
            let entry = row.entry(data: try row.decodeData(decompressor, dictionaries))
            guard let correction = domain.correction(in: try domain.decode(entry)) else { return }
            guard correction.corrects < entry.position else {
                throw ActaError(
                    .invalidInput,
                    "a correction must point at an earlier position, not \(correction.corrects)",
                    at: [.position(entry.position)]
                )
            }
            found.append((entry.position, correction))
        }
        return Amendments(found)
    }

    private func replay(
        _ db: any ViewRows,
        store: ViewStore,
        through head: Int64,
        from: [String: Int64],
        progress: ((Int64, Int64) -> Void)?
    ) throws {
        let projections = domain.projections.filter { from[$0.name] != nil }
        guard let start = from.values.min(), start < head else { return }
        let amendments = try amendments(db, after: start, through: head)
        let dictionaries = try db.dictionaries()
        let batches = try db.eventBatches(after: start, through: head)
        // Which projections want each type, asked once per type rather than once per event.
        let starts = projections.map { from[$0.name]! }
        let names = projections.map(\.name)
        var lastType = ""
        var lastRoute: [Int] = []
        var routes: [String: [Int]] = [:]
        func route(_ type: String) -> [Int] {
            if let known = routes[type] { return known }
            let wanted = projections.indices.filter { projections[$0].wants(type) }
            routes[type] = wanted
            return wanted
        }
        func readBatch() throws -> StoredRowBatch { try batches.next() }
        // Decompress and decode the next batch on the other cores while this thread folds the
        // current one, in order.
        let decoder = ReplayDecoder(
            domain: domain,
            dictionaries: dictionaries,
            amendments: amendments,
            projections: projections,
            starts: starts
        )
        // Two batches in flight, so the decoding threads have work while this one folds.
        var pending = [decoder.start(try readBatch()), decoder.start(try readBatch())]
        while true {
            let decoded = try pending.removeFirst()()
            if decoded.isEmpty { break }
            pending.append(decoder.start(try readBatch()))
            for d in decoded.indices where !decoded[d].retracted {
                let position = decoded[d].position
                if decoded[d].type != lastType {  // runs of one type are common: one lookup per run
                    lastType = decoded[d].type
                    lastRoute = route(lastType)
                }
                for i in lastRoute where position > starts[i] {
                    do {
                        if let m = decoded[d].mapped.firstIndex(where: { $0.projection == i }) {
                            try store.put(decoded[d].mapped[m].records, in: names[i])
                        } else {
                            guard let event = decoded[d].event else { preconditionFailure("a fold's event was not kept") }
                            store.select(names[i])
                            try projections[i].apply(event, to: store)
                        }
                    } catch {
                        throw EventLog.labelled(EventLog.labelled(error, .position(position)), .view(names[i]))
                    }
                }
            }
            if let last = decoded.last { progress?(last.position, head) }
            EventLog.releaseElsewhere(decoded)
        }
        for batch in pending { _ = try? batch() }  // wait for the work still in flight (empty batches) before the batches go
    }

    /// Folds `appended` into every view, when they are all the views lack: each view's
    /// checkpoint is just before the first, the last is the head, and none is a correction
    /// (which changes an older event: a replay handles it). False, with nothing folded,
    /// otherwise.
    private func fold(_ appended: [AppendedEvent], store: ViewStore, from: [String: Int64], head: Int64) throws -> Bool {
        guard let first = appended.first?.entry.position, appended.last?.entry.position == head,
            Int64(appended.count) == head - first + 1, from.values.allSatisfy({ $0 == first - 1 }),
            !appended.contains(where: { domain.correctionTypes.contains($0.entry.type) })
        else { return false }
        try apply(appended, to: store)
        return true
    }

    /// Where each view stands for an append that began at `start` (its checkpoint, or 0 for
    /// a view rebuilt from nothing, its records cleared), as ``catchUp(_:appended:progress:)``
    /// reckons it: whether every view stands at `start`, so that the append's events are all
    /// it lacks.
    func standsAt(_ start: Int64, _ db: any ViewRows, store: ViewStore) throws -> Bool {
        let checkpoints = try db.checkpoints()
        var stands = true
        for p in domain.projections {
            if let c = checkpoints[p.name], c.version == p.version, c.position <= start {
                stands = stands && c.position == start
            } else {
                try store.clear(p.name)  // rebuilt from position 1, as catchUp does
                stands = stands && start == 0
            }
        }
        return stands
    }

    /// Folds `appended`, the events that follow what the views hold, into every view that
    /// wants them (none a correction).
    func apply(_ appended: [AppendedEvent], to store: ViewStore) throws {
        for event in appended {
            let projected: ProjectedEvent
            do {
                let value = try event.value.flatMap { domain.acceptsCatalogValues ? $0 : nil } ?? domain.decode(event.entry)
                projected = ProjectedEvent(entry: event.entry, value: value)
            } catch {
                throw EventLog.labelled(error, .position(event.entry.position))
            }
            for p in domain.projections where p.wants(event.entry.type) {
                do {
                    store.select(p.name)
                    try p.apply(projected, to: store)
                } catch {
                    throw EventLog.labelled(EventLog.labelled(error, .position(event.entry.position)), .view(p.name))
                }
            }
        }
    }

    func saveCheckpoints(_ db: any ViewRows, _ head: Int64, only name: String? = nil) throws {
        try db.saveCheckpoints(domain.projections.filter { name == nil || $0.name == name }.map { ($0.name, $0.version) }, at: head)
    }
}
