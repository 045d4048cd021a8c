/// What `verify --views` found: the saved views against the views replayed from the log.
public struct ViewsReport: Sendable {
    /// The views compared, record by record.
    public var compared: [String] = []
    /// How many saved records were compared.
    public var records = 0
    /// Views not compared, and why: a view whose saved version is not this acta's (or that
    /// has no checkpoint) is rebuilt from position 1 on the next write, and until then the
    /// reader replays the log rather than read it.
    public var skipped: [(view: String, why: String)] = []
    /// The first difference, or nil when every compared view equals its replay.
    public var difference: String?
    public var isIntact: Bool { difference == nil }
}

extension EventLog {
    /// Replays every view into memory and compares it with the views saved in table
    /// `views`, record by record; names the first difference. Each saved view is compared
    /// with the replay up to the position its checkpoint says it was saved at, the state the
    /// next append's catch-up builds on. `verify` does not read `views` at all: this is what
    /// covers them (a record inserted, edited or deleted by hand).
    public func verifyViews() throws -> ViewsReport {
        guard let runner else { throw ActaError(.store, "this log has no views") }
        return try read { db in try runner.compareSaved(SQLiteViewRows(db)) }
    }
}

extension ProjectionRunner {
    func compareSaved(_ db: any ViewRows) throws -> ViewsReport {
        var report = ViewsReport()
        guard try db.hasViewTables() else {
            report.skipped = domain.projections.map { ($0.name, "the store has no saved views yet") }
            return report
        }
        let head = try db.head()
        let saved = try db.checkpoints()
        let names = Set(domain.projections.map(\.name))
        let stored = try db.viewsWithRecords()
        if let unknown = (stored + saved.keys.sorted()).first(where: { !names.contains($0) }) {
            report.difference =
                "view \(DisplayText.escaped(unknown)): the store holds records or a checkpoint of it, but no view of this acta makes it (`acta rebuild` clears its records)"
            return report
        }
        var groups: [Int64: [any Projection]] = [:]
        for p in domain.projections {
            guard let c = saved[p.name] else {
                report.skipped.append((p.name, "no checkpoint: built from position 1 on the next write"))
                continue
            }
            guard c.version == p.version, c.position <= head else {
                report.skipped.append((p.name, "saved at version \(c.version), position \(c.position): rebuilt from position 1 on the next write"))
                continue
            }
            groups[c.position, default: []].append(p)
        }
        for position in groups.keys.sorted() {
            let replayed = try replay(db, at: position)
            for p in groups[position]! {
                if let difference = try compare(db, view: p.name, with: replayed, records: &report.records) {
                    report.difference = "view \(p.name) (saved at position \(position)): \(difference)"
                    return report
                }
                report.compared.append(p.name)
            }
        }
        return report
    }

    /// The first difference between the saved records of `view` and the replayed ones.
    private func compare(_ db: any ViewRows, view: String, with replayed: ViewStore, records: inout Int) throws -> String? {
        let expected = try replayed.encodedRecords(view)
        var i = 0
        for (key, value) in try db.records(view: view, prefix: "") {
            records += 1
            if i < expected.count, expected[i].key.utf8.lexicographicallyPrecedes(key.utf8) {
                return "record \(DisplayText.escaped(expected[i].key)) of the log's replay is missing from the saved view (someone deleted it)"
            }
            guard i < expected.count, expected[i].key == key else {
                return "record \(DisplayText.escaped(key)) is saved, but the log's replay has no such record (someone inserted it)"
            }
            let json = expected[i].json
            // Equal bytes, or (should an encoder ever order a record differently) equal JSON.
            if Array(value.utf8) != json, !Self.sameJSON(Array(value.utf8), json) {
                return
                    "record \(DisplayText.escaped(key)) differs: saved \(DisplayText.escaped(String(value.prefix(120)))), replayed \(DisplayText.escaped(String(decoding: json.prefix(120), as: UTF8.self))) (someone edited it)"
            }
            i += 1
        }
        if i < expected.count {
            return "record \(DisplayText.escaped(expected[i].key)) of the log's replay is missing from the saved view (someone deleted it)"
        }
        return nil
    }

    private static func sameJSON(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard let a = try? JSONParser.parse(a), let b = try? JSONParser.parse(b) else { return false }
        return a == b
    }
}
