/// The SQL of an Acta store: table `events`, its append-only triggers, and the markers
/// that say a file is an Acta store.
///
/// Related SQLite documentation: <https://www.sqlite.org/lang_createtrigger.html>
enum StoreSchema {
    /// `PRAGMA application_id` of every Acta store: "ACTA" in ASCII.
    static let applicationID: Int32 = 0x4143_5441
    /// `PRAGMA user_version`: the store format, the number of ``StoreMigrations`` steps.
    static let formatVersion = Int32(StoreMigrations.steps.count)
    /// `PRAGMA page_size` of new stores: with 16 KiB pages a rebuild's views go through the
    /// write-ahead log and back in a quarter of the pages and system calls of SQLite's default
    /// 4 KiB, at some cost to single appends, which write larger pages (figures in
    /// tools/bench/README.md). Stores made with another page size keep it.
    static let pageSize = 16384

    static let columns = "position, id, stream, version, type, schema, occurred, recorded, actor, meta, codec, payload, size, data_hash, hash, chain"
    /// ``columns`` with the hashes left empty, for readers that do not check them (replays).
    static let columnsWithoutHashes =
        "position, id, stream, version, type, schema, occurred, recorded, actor, meta, codec, payload, size, NULL, NULL, NULL"

    static let createEvents = """
        CREATE TABLE events (
            position  INTEGER PRIMARY KEY,
            id        TEXT    NOT NULL UNIQUE,
            stream    TEXT    NOT NULL,
            version   INTEGER NOT NULL,
            type      TEXT    NOT NULL,
            schema    INTEGER NOT NULL,
            occurred  TEXT    NOT NULL,
            recorded  TEXT    NOT NULL,
            actor     TEXT    NOT NULL,
            meta      TEXT    NOT NULL,
            codec     INTEGER NOT NULL,
            payload   BLOB    NOT NULL,
            size      INTEGER NOT NULL,
            data_hash TEXT    NOT NULL,
            hash      BLOB    NOT NULL,
            chain     BLOB    NOT NULL,
            UNIQUE (stream, version)
        ) STRICT;
        """

    /// UPDATE and DELETE always fail. `INSERT OR REPLACE` deletes only through a DELETE
    /// trigger when `recursive_triggers` is on, which the plain `sqlite3` shell does not set;
    /// so an INSERT that would collide with an existing position, id or stream version
    /// fails before it can replace anything, whatever the connection's settings.
    static let triggers = [
        """
        CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'events is append-only: UPDATE refused'); END;
        """,
        """
        CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'events is append-only: DELETE refused'); END;
        """,
        """
        CREATE TRIGGER events_append_only_replace BEFORE INSERT ON events
        WHEN NEW.position <= (SELECT max(position) FROM events)
          OR EXISTS (SELECT 1 FROM events WHERE id = NEW.id)
          OR EXISTS (SELECT 1 FROM events WHERE stream = NEW.stream AND version = NEW.version)
        BEGIN SELECT RAISE(ABORT, 'events is append-only: INSERT would replace an existing event'); END;
        """,
    ]

    /// The views' records and each view's checkpoint (version, last position applied).
    static let createViews = [
        "CREATE TABLE IF NOT EXISTS views (view TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (view, key)) WITHOUT ROWID",
        "CREATE TABLE IF NOT EXISTS view_checkpoints (view TEXT PRIMARY KEY, version INTEGER NOT NULL, position INTEGER NOT NULL)",
    ]

    /// Compression dictionaries, append-only like `events`: a dictionary is never changed or
    /// removed once an event uses it. `id` is the first four bytes of the SHA-256 (big-endian),
    /// the id that frames compressed against it carry in their header.
    static let createDictionaries = [
        """
        CREATE TABLE IF NOT EXISTS dictionaries (
            id      INTEGER PRIMARY KEY,
            sha256  TEXT    NOT NULL UNIQUE,
            bytes   BLOB    NOT NULL,
            created TEXT    NOT NULL,
            origin  TEXT    NOT NULL
        ) STRICT
        """,
        """
        CREATE TRIGGER IF NOT EXISTS dictionaries_append_only_update BEFORE UPDATE ON dictionaries
        BEGIN SELECT RAISE(ABORT, 'dictionaries is append-only: UPDATE refused'); END
        """,
        """
        CREATE TRIGGER IF NOT EXISTS dictionaries_append_only_delete BEFORE DELETE ON dictionaries
        BEGIN SELECT RAISE(ABORT, 'dictionaries is append-only: DELETE refused'); END
        """,
        """
        CREATE TRIGGER IF NOT EXISTS dictionaries_append_only_replace BEFORE INSERT ON dictionaries
        WHEN EXISTS (SELECT 1 FROM dictionaries WHERE id = NEW.id OR sha256 = NEW.sha256)
        BEGIN SELECT RAISE(ABORT, 'dictionaries is append-only: INSERT would replace a dictionary'); END
        """,
    ]

    /// The Merkle tree's tile nodes: the root of every complete subtree at levels 4, 8, 12, …
    /// (level 0, the leaves, is `events.hash`; see `MerkleLayout`). Node `(level, idx)` covers
    /// leaves `idx·2^level ..< (idx+1)·2^level`, leaf i being position i + 1. Append-only like
    /// `events`: a node, once its subtree is complete, never changes.
    static let createMerkleNodes = [
        """
        CREATE TABLE IF NOT EXISTS merkle_nodes (
            level INTEGER NOT NULL,
            idx   INTEGER NOT NULL,
            hash  BLOB    NOT NULL,
            PRIMARY KEY (level, idx)
        ) WITHOUT ROWID, STRICT
        """,
        """
        CREATE TRIGGER IF NOT EXISTS merkle_nodes_append_only_update BEFORE UPDATE ON merkle_nodes
        BEGIN SELECT RAISE(ABORT, 'merkle_nodes is append-only: UPDATE refused'); END
        """,
        """
        CREATE TRIGGER IF NOT EXISTS merkle_nodes_append_only_delete BEFORE DELETE ON merkle_nodes
        BEGIN SELECT RAISE(ABORT, 'merkle_nodes is append-only: DELETE refused'); END
        """,
        """
        CREATE TRIGGER IF NOT EXISTS merkle_nodes_append_only_replace BEFORE INSERT ON merkle_nodes
        WHEN EXISTS (SELECT 1 FROM merkle_nodes WHERE level = NEW.level AND idx = NEW.idx)
        BEGIN SELECT RAISE(ABORT, 'merkle_nodes is append-only: INSERT would replace a node'); END
        """,
    ]

    /// Signed checkpoints (C2SP tlog-checkpoint notes) of the tree, append-only: `size` and
    /// `root` are the tree head the note signs, `note` the whole signed note.
    static let createCheckpoints = [
        """
        CREATE TABLE IF NOT EXISTS checkpoints (
            id      INTEGER PRIMARY KEY,
            size    INTEGER NOT NULL,
            root    BLOB    NOT NULL,
            origin  TEXT    NOT NULL,
            note    TEXT    NOT NULL,
            created TEXT    NOT NULL
        ) STRICT
        """,
        """
        CREATE TRIGGER IF NOT EXISTS checkpoints_append_only_update BEFORE UPDATE ON checkpoints
        BEGIN SELECT RAISE(ABORT, 'checkpoints is append-only: UPDATE refused'); END
        """,
        """
        CREATE TRIGGER IF NOT EXISTS checkpoints_append_only_delete BEFORE DELETE ON checkpoints
        BEGIN SELECT RAISE(ABORT, 'checkpoints is append-only: DELETE refused'); END
        """,
        """
        CREATE TRIGGER IF NOT EXISTS checkpoints_append_only_replace BEFORE INSERT ON checkpoints
        WHEN EXISTS (SELECT 1 FROM checkpoints WHERE id = NEW.id)
        BEGIN SELECT RAISE(ABORT, 'checkpoints is append-only: INSERT would replace a checkpoint'); END
        """,
    ]

    /// Every append-only trigger of the store: its name, its table, and its SQL as
    /// `sqlite_master` keeps it (see ``storedForm(_:)``). `verify` compares each trigger's SQL
    /// with this, so a trigger replaced by one of the same name that does nothing is caught.
    static let expectedTriggers: [(name: String, table: String, sql: String)] =
        (triggers + createDictionaries + createMerkleNodes + createCheckpoints).compactMap { sql in
            let words = storedForm(sql).split(separator: " ").map(String.init)
            guard words.count > 6, words[0] == "CREATE", words[1] == "TRIGGER", let on = words.firstIndex(of: "ON") else { return nil }
            return (words[2], words[on + 1], storedForm(sql))
        }

    /// A `CREATE TRIGGER` statement as SQLite keeps it in `sqlite_master`, with white space
    /// made single spaces: SQLite stores the text as written but drops `IF NOT EXISTS` and
    /// the final semicolon (<https://www.sqlite.org/schematab.html>).
    static func storedForm(_ sql: String) -> String {
        var words = sql.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
        if words.hasSuffix(";") { words.removeLast() }
        if words.hasPrefix("CREATE TRIGGER IF NOT EXISTS ") { words = "CREATE TRIGGER " + words.dropFirst("CREATE TRIGGER IF NOT EXISTS ".count) }
        return words
    }

    static let insertEvent = "INSERT INTO events (\(columns)) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
}
