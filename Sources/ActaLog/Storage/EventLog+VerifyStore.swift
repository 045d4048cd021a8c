import Foundation
import GRDB

extension EventLog {
    // MARK: - Verification of the store around the log

    /// Checks what the store keeps beside the events, once the events have verified; the
    /// first problem goes into `report`:
    ///
    /// - every table the store's format has (`PRAGMA user_version`) is there;
    /// - every checkpoint kept in `checkpoints` is a note whose text is its row (origin, size,
    ///   root), within the log, and the tree recomputed from the verified leaves has its root
    ///   at its size; with `key`, the notes of the key's origin carry its valid signature;
    /// - every append-only trigger is there with Acta's SQL, and no other trigger is;
    /// - every dictionary's bytes hash to its `sha256`, its `id` is that hash's first four
    ///   bytes, `created` is a record time and `origin` plain text. No hash covers `created`
    ///   and `origin` (they only decide which dictionary new events use): an edit that keeps
    ///   their form goes unnoticed once the UPDATE trigger is dropped.
    static func checkStore(_ db: Database, kept: [StoredCheckpoint], key: VerifierKey?, report: inout VerifyReport) throws {
        func fail(_ reason: String) { report.failure = VerifyFailure(position: nil, reason: reason) }
        let format = try Int32.fetchOne(db, sql: "PRAGMA user_version") ?? 0
        for table in StoreTable.allCases where format >= table.step {
            if try !db.hasTable(table.rawValue) {
                return fail("table \(table.rawValue) is missing, though the store's format \(format) has it: someone dropped it")
            }
        }
        if let problem = checkKept(kept, key: key, report: &report) { return fail(problem) }
        if let problem = try checkTriggers(db) { return fail(problem) }
        if let problem = try checkDictionaries(db) { return fail(problem) }
    }

    /// The kept checkpoints against the verified log (its roots at their sizes in `report`);
    /// counts them in `report`. Both engines check them so.
    static func checkKept(_ kept: [StoredCheckpoint], key: VerifierKey?, report: inout VerifyReport) -> String? {
        var signed = 0
        for c in kept {
            let label = "checkpoint \(c.origin) size \(c.size) kept in the store (id \(c.id), signed \(c.created))"
            let note: SignedNote
            let body: Checkpoint
            do {
                note = try SignedNote(parsing: c.note)
                body = try Checkpoint(text: note.text)
            } catch {
                return "\(label): its note is not a checkpoint (\((error as? ActaError)?.reason ?? "\(error)"))"
            }
            guard body.origin == c.origin, body.size == c.size, body.root == c.root else {
                return
                    "\(label): its note says \(body.origin) size \(body.size) root \(body.rootHex), its row \(c.origin) size \(c.size) root \(Hex.encode(c.root))"
            }
            guard c.size <= report.count else {
                return "the log holds \(report.count) events, fewer than \(label) (it was truncated)"
            }
            guard let root = report.roots[c.size], root == c.root else {
                let computed = report.roots[c.size].map(Hex.encode) ?? "unknown"
                return "the log no longer extends \(label): root at size \(c.size) is \(computed), the checkpoint says \(Hex.encode(c.root))"
            }
            if let key, c.origin == key.name {
                guard note.isSigned(by: key) else {
                    return "\(label): its signature by \(key.name) does not verify (the note was altered or signed by another key)"
                }
                signed += 1
            }
        }
        report.keptCheckpoints = kept.count
        report.keptSignaturesChecked = key == nil ? nil : signed
        return nil
    }

    /// Each append-only trigger of the tables the store has, by its SQL; then any other trigger.
    private static func checkTriggers(_ db: Database) throws -> String? {
        var stored: [String: (table: String, sql: String)] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'") {
            stored[row[0]] = (row[1], StoreSchema.storedForm(row[2] as String? ?? ""))
        }
        var tables: [String: Bool] = [:]
        func has(_ table: String) throws -> Bool {
            if let known = tables[table] { return known }
            let exists = try db.hasTable(table)
            tables[table] = exists
            return exists
        }
        let expected = try StoreSchema.expectedTriggers.filter { try has($0.table) }
        let missing = expected.filter { stored[$0.name] == nil }.map(\.name)
        if !missing.isEmpty {
            return "append-only triggers missing: \(missing.joined(separator: ", ")) (someone dropped them)"
        }
        for trigger in expected where stored[trigger.name]!.sql != trigger.sql {
            return
                "trigger \(trigger.name) is not Acta's: sqlite_master holds \"\(stored[trigger.name]!.sql.prefix(160))\", not \"\(trigger.sql.prefix(160))\" (someone replaced it)"
        }
        let known = Set(StoreSchema.expectedTriggers.map(\.name))
        if let other = stored.keys.sorted().first(where: { !known.contains($0) }) {
            return "trigger \(other) on table \(stored[other]!.table) is not one of Acta's: \"\(stored[other]!.sql.prefix(160))\" (someone added it)"
        }
        return nil
    }

    /// Every dictionary row, whether an event uses it or not (the newest is the one new
    /// events are compressed against).
    private static func checkDictionaries(_ db: Database) throws -> String? {
        guard try db.storeHas(.dictionaries) else { return nil }
        let dictionaries = try Dictionaries.load(db)
        if let id = dictionaries.altered.keys.sorted().first {
            return "dictionary \(id) was altered: \(dictionaries.altered[id]!)"
        }
        for row in try Row.fetchAll(db, sql: "SELECT id, created, origin FROM dictionaries ORDER BY id") {
            if let problem = checkDictionaryRow(id: row[0], created: row[1], origin: row[2]) { return problem }
        }
        return nil
    }

    /// A dictionary row's `created` and `origin` as Acta writes them (no hash covers them).
    static func checkDictionaryRow(id: Int64, created: String, origin: String) -> String? {
        if !Timestamp.isRecordedTime(created) {
            return "dictionary \(id): created \"\(created.prefix(40))\" is not a time as Acta records it (the row was edited)"
        }
        if origin.isEmpty || origin.utf8.count > 200 || origin.unicodeScalars.contains(where: DisplayText.isControl) {
            return
                "dictionary \(id): origin \"\(DisplayText.escaped(String(origin.prefix(60))))\" is not the plain text Acta writes (the row was edited)"
        }
        return nil
    }
}
