extension PostgresLog {
    // MARK: - Verification of the store around the log

    /// What verify checks of a PostgreSQL store beside its events, as ``EventLog/checkStore(_:kept:key:report:)``
    /// does on SQLite; the first problem, or nil:
    ///
    /// - every append-only trigger is there, enabled, Acta's (before UPDATE, DELETE and
    ///   TRUNCATE, for each statement) and running `acta_append_only()`, whose body is Acta's;
    ///   no other trigger is on those tables but the append notification;
    /// - `acta_append_one()`, which inserts what a single append sends, has Acta's body;
    /// - every dictionary's bytes hash to its `sha256` and `id`, and its `created` and
    ///   `origin` have the form Acta writes.
    ///
    /// A superuser can still lift a trigger, change rows and put the trigger back: the hashes,
    /// the chain and a checkpoint kept outside the store are what catch that.
    func checkStoreAround(_ dictionaries: Dictionaries) throws -> String? {
        let tables = PostgresSchema.appendOnlyTables + ["acta_store"]
        var found: [String: (table: String, function: String, enabled: String, definition: String)] = [:]
        let triggers = try link.query(
            """
            SELECT t.tgname::text, c.relname::text, p.proname::text, t.tgenabled::text, pg_get_triggerdef(t.oid)
            FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid
            WHERE NOT t.tgisinternal AND c.relnamespace = 'public'::regnamespace
            """
        )
        for row in triggers {
            found[try row.text(0)] = (try row.text(1), try row.text(2), try row.text(3), try row.text(4))
        }
        for table in tables {
            let name = "\(table)_append_only"
            guard let trigger = found.removeValue(forKey: name) else {
                return "trigger \(name) is missing: someone dropped it, and \(table) can be changed"
            }
            // pg_get_triggerdef writes the events in its own order; a WHEN clause could make the trigger refuse nothing.
            let definition = trigger.definition
            guard trigger.table == table, trigger.function == "acta_append_only", definition.contains(" BEFORE "),
                ["UPDATE", "DELETE", "TRUNCATE"].allSatisfy({ definition.contains(" \($0) ") }),
                definition.contains(" FOR EACH STATEMENT "), !definition.contains(" WHEN ")
            else { return "trigger \(name) is not Acta's: \(definition)" }
            // O: fires in every session; A: always; D and R (replica only) leave the table open.
            guard trigger.enabled == "O" || trigger.enabled == "A" else {
                return "trigger \(name) is disabled (ALTER TABLE \(table) DISABLE TRIGGER): \(table) can be changed"
            }
        }
        found.removeValue(forKey: PostgresSchema.notifyTrigger)
        if let other = found.keys.sorted().first(where: { tables.contains(found[$0]!.table) }) {
            return "trigger \(other) on \(found[other]!.table) is not one of Acta's: \(found[other]!.definition)"
        }
        var bodies: [String: [String]] = [:]
        for row in try link.query("SELECT proname::text, prosrc FROM pg_proc WHERE proname IN ('acta_append_only', 'acta_append_one')") {
            bodies[try row.text(0), default: []].append(try row.text(1))
        }
        guard let only = bodies["acta_append_only"], only.allSatisfy({ Self.words($0) == Self.words(PostgresSchema.appendOnlyBody) }) else {
            return "function acta_append_only() is not Acta's: its body was replaced, and the append-only triggers may refuse nothing"
        }
        // A store made before acta_append_one() has none.
        if let one = bodies["acta_append_one"], !one.allSatisfy({ Self.words($0) == Self.words(PostgresSchema.appendOneBody) }) {
            return "function acta_append_one() is not Acta's: its body was replaced, and a single append may write other rows than acta sends"
        }
        if let id = dictionaries.altered.keys.sorted().first {
            return "dictionary \(id) was altered: \(dictionaries.altered[id]!)"
        }
        for row in try link.query("SELECT id, created, origin FROM dictionaries ORDER BY id") {
            if let problem = EventLog.checkDictionaryRow(id: try row.int(0), created: try row.text(1), origin: try row.text(2)) {
                return problem
            }
        }
        return nil
    }

    /// `text`'s words, its whitespace aside.
    private static func words(_ text: String) -> [Substring] {
        text.split(whereSeparator: \.isWhitespace)
    }
}
