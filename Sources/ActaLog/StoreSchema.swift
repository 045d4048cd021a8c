/// The SQL of an Acta store: table `events`, its append-only triggers, and the markers
/// that say a file is an Acta store.
///
/// Related SQLite documentation: <https://www.sqlite.org/lang_createtrigger.html>
enum StoreSchema {
    /// `PRAGMA application_id` of every Acta store: "ACTA" in ASCII.
    static let applicationID: Int32 = 0x4143_5441
    /// `PRAGMA user_version`: the store format version.
    static let formatVersion: Int32 = 1

    static let columns = "position, id, stream, version, type, schema, occurred, recorded, actor, meta, codec, payload, size, data_hash, hash, chain"

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

    static let triggerNames = ["events_append_only_update", "events_append_only_delete", "events_append_only_replace"]

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

    static let insertEvent = "INSERT INTO events (\(columns)) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
}
