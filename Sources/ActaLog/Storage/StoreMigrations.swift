import GRDB

/// The store's schema, one registered migration per format step (GRDB's
/// `DatabaseMigrator`, which records the steps applied in table `grdb_migrations`).
///
/// `PRAGMA user_version` is the number of steps a store has: ``StoreSchema/formatVersion``
/// for a store this acta made or opened for writing. A store of format 1 was made before
/// steps were recorded; its tables were created when first used, so each step creates only
/// what is missing, and format 1 stores adopt the steps on their first write-open. A store
/// opened read-only is never changed: format 1 stores read that way may lack the tables of
/// steps 2 to 5, which the readers of those tables check with ``Database/storeHas(_:)``.
///
/// Add a step at the end (never edit one that has shipped), raise `formatVersion`, and
/// commit a store written by the acta before it as a test fixture
/// (`Tests/ActaLogTests/Fixtures/`).
///
/// Related GRDB documentation: <https://swiftpackageindex.com/groue/grdb.swift/documentation/grdb/migrations>
enum StoreMigrations {
    /// The steps, in order. Each leaves `user_version` at its number.
    static let steps: [(identifier: String, migrate: @Sendable (Database) throws -> Void)] = [
        (
            "1 events",
            { db in
                guard try !db.tableExists("events") else { return }
                try db.execute(sql: StoreSchema.createEvents)
                for trigger in StoreSchema.triggers { try db.execute(sql: trigger) }
            }
        ),
        (
            "2 views",
            { db in
                for sql in StoreSchema.createViews { try db.execute(sql: sql) }
            }
        ),
        (
            "3 dictionaries",
            { db in
                for sql in StoreSchema.createDictionaries { try db.execute(sql: sql) }
            }
        ),
        (
            "4 merkle nodes",
            { db in
                for sql in StoreSchema.createMerkleNodes { try db.execute(sql: sql) }
            }
        ),
        (
            "5 checkpoints",
            { db in
                for sql in StoreSchema.createCheckpoints { try db.execute(sql: sql) }
            }
        ),
    ]

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for (number, step) in steps.enumerated() {
            migrator.registerMigration(step.identifier) { db in
                try step.migrate(db)
                try db.execute(sql: "PRAGMA user_version = \(number + 1)")
            }
        }
        return migrator
    }

    /// Applies the steps `db` lacks. Two processes opening an older store at once may both
    /// try a step; the second finds it recorded and goes on.
    static func migrate(_ writer: any DatabaseWriter) throws {
        let migrator = self.migrator
        if try writer.read({ try migrator.hasCompletedMigrations($0) }) { return }
        do {
            try migrator.migrate(writer)
        } catch {
            guard try writer.read({ try migrator.hasCompletedMigrations($0) }) else { throw error }
        }
        // On a store in WAL mode each step was a transaction of its own, each writing whole
        // pages into the write-ahead log: fold them into the file and empty the log.
        try writer.writeWithoutTransaction { db in _ = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
    }
}

/// The tables added by format steps 2 to 5, which a format-1 store opened read-only may lack.
enum StoreTable: String, CaseIterable {
    case views
    case viewCheckpoints = "view_checkpoints"
    case dictionaries
    case merkleNodes = "merkle_nodes"
    case checkpoints

    /// The format step that creates the table: a store of this format or later has it.
    var step: Int32 {
        switch self {
        case .views, .viewCheckpoints: 2
        case .dictionaries: 3
        case .merkleNodes: 4
        case .checkpoints: 5
        }
    }
}

extension Database {
    /// Whether the store has `table`: always, once it was opened for writing by this acta;
    /// perhaps not, for a format-1 store opened read-only (an archive, say).
    func storeHas(_ table: StoreTable) throws -> Bool {
        try hasTable(table.rawValue)
    }

    /// Whether the store has table `name` now, asked of `sqlite_master` each time: GRDB's
    /// `tableExists` caches the schema per connection, and a table dropped by another
    /// process (someone with the file) must not be taken for present.
    func hasTable(_ name: String) throws -> Bool {
        try Bool.fetchOne(self, sql: "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?)", arguments: [name]) ?? false
    }
}
