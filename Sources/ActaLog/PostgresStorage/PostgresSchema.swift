/// The SQL of an Acta store on PostgreSQL: the same tables and columns as ``StoreSchema``
/// (`bytea` for payloads and hashes, `bigint` for SQLite's integers), so a row holds the
/// same bytes on both engines; triggers that refuse UPDATE, DELETE and TRUNCATE on the
/// append-only tables; and the writer and reader roles. The views' names and keys are of
/// collation "C", so that they order by their UTF-8 bytes, as SQLite's do.
///
/// Related PostgreSQL documentation: <https://www.postgresql.org/docs/15/sql-createtrigger.html>
enum PostgresSchema {
    /// The store's format, kept in `acta_store`: the SQLite format it matches.
    static let formatVersion = Int64(StoreSchema.formatVersion)

    static let appendOnlyTables = ["events", "dictionaries", "merkle_nodes", "checkpoints"]

    static let tables = """
        CREATE TABLE acta_store (format bigint NOT NULL, created text NOT NULL);
        CREATE TABLE events (
            position  bigint PRIMARY KEY CHECK (position > 0),
            id        text   NOT NULL UNIQUE,
            stream    text   NOT NULL,
            version   bigint NOT NULL,
            type      text   NOT NULL,
            schema    bigint NOT NULL,
            occurred  text   NOT NULL,
            recorded  text   NOT NULL,
            actor     text   NOT NULL,
            meta      text   NOT NULL,
            codec     bigint NOT NULL,
            payload   bytea  NOT NULL,
            size      bigint NOT NULL,
            data_hash text   NOT NULL,
            hash      bytea  NOT NULL,
            chain     bytea  NOT NULL,
            UNIQUE (stream, version)
        );
        CREATE TABLE dictionaries (
            id      bigint PRIMARY KEY,
            sha256  text   NOT NULL UNIQUE,
            bytes   bytea  NOT NULL,
            created text   NOT NULL,
            origin  text   NOT NULL
        );
        CREATE TABLE merkle_nodes (
            level bigint NOT NULL,
            idx   bigint NOT NULL,
            hash  bytea  NOT NULL,
            PRIMARY KEY (level, idx)
        );
        CREATE TABLE checkpoints (
            id      bigint PRIMARY KEY,
            size    bigint NOT NULL,
            root    bytea  NOT NULL,
            origin  text   NOT NULL,
            note    text   NOT NULL,
            created text   NOT NULL
        );
        CREATE TABLE views (view text COLLATE "C" NOT NULL, key text COLLATE "C" NOT NULL, value text NOT NULL, PRIMARY KEY (view, key));
        CREATE TABLE view_checkpoints (view text PRIMARY KEY, version bigint NOT NULL, position bigint NOT NULL)
        """.components(separatedBy: ";\n") + [streamPrefixIndex]

    /// The body of `acta_append_only()`, which verify compares, whitespace aside, with the
    /// one the store runs.
    static let appendOnlyBody = "BEGIN RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'P0001'; END"

    /// One function refuses every change the append-only tables must not take, for every
    /// role, the owner and superusers included (BEFORE triggers run for all of them); a
    /// statement trigger, so even a statement that would touch no row is refused.
    /// `acta_store` is refused too: the format is written once.
    static var triggers: [String] {
        var sql = [
            "CREATE FUNCTION acta_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ \(appendOnlyBody) $$",
            appendHeadFunction,
            appendAfterFunction,
            appendOneFunction,
        ]
        sql += appendNotification
        for table in appendOnlyTables + ["acta_store"] {
            sql.append(
                "CREATE TRIGGER \(table)_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON \(table) FOR EACH STATEMENT EXECUTE FUNCTION acta_append_only()"
            )
        }
        return sql
    }

    /// The channel every append's commit notifies, and the trigger that does: a statement
    /// trigger on `events`, so any writer process, `acta copy` and an import included, wakes
    /// the readers listening on the primary; PostgreSQL delivers the notification at commit,
    /// only if the transaction commits, and once per transaction however many INSERTs it ran.
    static let appendChannel = "acta_append"
    static let notifyTrigger = "events_notify"

    static let appendNotification = [
        """
        CREATE FUNCTION acta_notify_append() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('\(appendChannel)', '');
            RETURN NULL;
        END $$
        """,
        "CREATE TRIGGER \(notifyTrigger) AFTER INSERT ON events FOR EACH STATEMENT EXECUTE FUNCTION acta_notify_append()",
    ]

    /// The writer role may read everything and insert into the log's tables, and change
    /// only the views (which are rebuilt from the log); the reader role may only read.
    /// Neither may connect to another database of the cluster through these grants, nor
    /// create anything. Roles are of the cluster, not of one database, so their names carry
    /// the database's: `DATABASE_writer`, `DATABASE_reader`.
    static func roles(database: String) -> [String] {
        let writer = "\(database)_writer"
        let reader = "\(database)_reader"
        return """
            DO $$ BEGIN CREATE ROLE \(writer) LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
            DO $$ BEGIN CREATE ROLE \(reader) LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
            REVOKE ALL ON DATABASE \(database) FROM PUBLIC;
            GRANT CONNECT ON DATABASE \(database) TO \(writer), \(reader);
            REVOKE CREATE ON SCHEMA public FROM PUBLIC;
            GRANT USAGE ON SCHEMA public TO \(writer), \(reader);
            GRANT SELECT ON ALL TABLES IN SCHEMA public TO \(writer), \(reader);
            GRANT INSERT ON events, dictionaries, merkle_nodes, checkpoints TO \(writer);
            GRANT INSERT, UPDATE, DELETE ON views, view_checkpoints TO \(writer)
            """.components(separatedBy: ";\n")
    }

    /// A database name acta will create and name roles after: lower-case letters, digits
    /// and underscores, starting with a letter, at most 50 characters (the roles' suffixes
    /// must fit PostgreSQL's 63).
    static func isPlainName(_ name: String) -> Bool {
        guard let first = name.utf8.first, first >= 0x61, first <= 0x7A, name.utf8.count <= 50 else { return false }
        return name.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }
    }

    /// What every append transaction runs first (see ``PostgresLog``): takes the append lock,
    /// then reads the head (the last position, chain hash and record time) in a statement of
    /// its own, so it sees every append committed before the lock was granted (each statement
    /// of a volatile function takes a new snapshot under READ COMMITTED). One round trip.
    static let appendHeadFunction = """
        CREATE FUNCTION acta_append_head() RETURNS TABLE (head_position bigint, head_chain bytea, head_recorded text) LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_advisory_xact_lock(\(Int64(StoreSchema.applicationID)));
            RETURN QUERY SELECT e.position, e.chain, e.recorded FROM events e ORDER BY e.position DESC LIMIT 1;
        END $$
        """

    static let appendHead = "SELECT head_position, head_chain, head_recorded FROM acta_append_head()"

    /// What an append transaction runs first instead of ``appendHead`` when its writer
    /// committed the last append it knows of (``PostgresAppendMemory``): takes the append
    /// lock, then raises unless the head is still that append's (its position and chain hash,
    /// nothing after it), and returns the views' checkpoints (read after the lock). The
    /// statements computed from the kept head are sent right behind it without waiting: when
    /// it raises, PostgreSQL refuses them all and the writer starts again from the head it
    /// reads. Stores made before it have no such function, and their appends always read the
    /// head (``PostgresLog/guardsHead``).
    static let appendAfterFunction = """
        CREATE FUNCTION acta_append_after(expected_position bigint, expected_chain bytea)
        RETURNS TABLE (checkpoint_view text, checkpoint_version bigint, checkpoint_position bigint) LANGUAGE plpgsql AS $$
        BEGIN
            \(lockExpectingHead)
            RETURN QUERY SELECT c.view, c.version, c.position FROM view_checkpoints c;
        END $$
        """

    static let appendAfter = "SELECT checkpoint_view, checkpoint_version, checkpoint_position FROM acta_append_after($1, $2)"

    /// The SQLSTATE ``appendAfterFunction`` and ``appendOneFunction`` raise when the head is
    /// no longer the one expected.
    static let headMoved = "AC409"

    /// The start of ``appendAfterFunction`` and ``appendOneFunction``: takes the append lock,
    /// then raises ``headMoved`` unless the head is still at `expected_position`, with
    /// `expected_chain`.
    static let lockExpectingHead = """
        PERFORM pg_advisory_xact_lock(\(Int64(StoreSchema.applicationID)));
        IF EXISTS (SELECT 1 FROM events e WHERE e.position = expected_position + 1)
            OR (expected_position > 0 AND NOT EXISTS (SELECT 1 FROM events e WHERE e.position = expected_position AND e.chain = expected_chain)) THEN
            RAISE EXCEPTION 'the head is no longer at position %', expected_position USING ERRCODE = '\(headMoved)';
        END IF;
        """

    /// The arguments of ``appendOneFunction``, in order, with their types.
    static let appendOneArguments: [(name: String, type: String)] =
        [("expected_position", "bigint"), ("expected_chain", "bytea"), ("kept_views", "text[]"), ("kept_versions", "bigint[]")]
        + zip(StoreSchema.columns.components(separatedBy: ", "), PostgresEventColumns.types).map { ("row_\($0)", "\($1)[]") }
        + [("node_levels", "bigint[]"), ("node_indexes", "bigint[]"), ("node_hashes", "bytea[]")]
        + [
            ("deleted_views", "text[]"), ("deleted_keys", "text[]"), ("record_views", "text[]"), ("record_keys", "text[]"),
            ("record_values", "text[]"),
        ]

    /// The body of `acta_append_one()`, which verify compares, whitespace aside, with the one
    /// the store runs: it inserts what its caller says, so a body changed could write anything.
    /// The views' checkpoints are checked where they are moved to the new head: a raise undoes
    /// the statement whole.
    static let appendOneBody = """
        DECLARE
            moved bigint;
        BEGIN
            \(lockExpectingHead)
            INSERT INTO events (\(StoreSchema.columns)) SELECT * FROM unnest(\(appendOneArguments[4..<20].map(\.name).joined(separator: ", ")));
            IF cardinality(node_levels) > 0 THEN
                INSERT INTO merkle_nodes (level, idx, hash) SELECT * FROM unnest(node_levels, node_indexes, node_hashes);
            END IF;
            IF cardinality(deleted_views) > 0 THEN
                DELETE FROM views v WHERE (v.view, v.key) IN (SELECT * FROM unnest(deleted_views, deleted_keys));
            END IF;
            IF cardinality(record_views) > 0 THEN
                INSERT INTO views (view, key, value) SELECT * FROM unnest(record_views, record_keys, record_values)
                    ON CONFLICT (view, key) DO UPDATE SET value = EXCLUDED.value;
            END IF;
            IF cardinality(kept_views) > 0 THEN
                UPDATE view_checkpoints c SET position = expected_position + cardinality(row_position) FROM unnest(kept_views, kept_versions) AS k(v, n)
                    WHERE c.view = k.v AND c.version = k.n AND c.position = expected_position;
                GET DIAGNOSTICS moved = ROW_COUNT;
                IF moved <> cardinality(kept_views) THEN
                    RAISE EXCEPTION 'the views are no longer at position %', expected_position USING ERRCODE = '\(headMoved)';
                END IF;
            END IF;
        END
        """

    /// A single append whole, in one statement and so in one transaction of its own, without
    /// `BEGIN` or `COMMIT`, when its writer committed the last append it knows of
    /// (``PostgresLog/appendWhole(_:)``): takes the append lock; raises, as
    /// ``appendAfterFunction`` does, unless the head is still the one expected; inserts the
    /// rows, the Merkle tiles and the views' records (deletions, then the rest, one per key);
    /// and moves every view the writer keeps to the new head, raising unless each was at the
    /// expected head at the version the writer folds (a `rebuild` by another acta may have
    /// changed them without appending). Stores made before it have none, and append in
    /// transactions (``PostgresLog/appendsWhole``).
    static let appendOneFunction = """
        CREATE FUNCTION acta_append_one(\(appendOneArguments.map { "\($0.name) \($0.type)" }.joined(separator: ", ")))
        RETURNS void LANGUAGE plpgsql AS $$ \(appendOneBody) $$
        """

    static let appendOne =
        "SELECT acta_append_one(\(appendOneArguments.enumerated().map { "$\($0.offset + 1)::\($0.element.type)" }.joined(separator: ", ")))"

    /// Whether a store has ``appendAfterFunction``, and whether it has ``appendOneFunction``.
    static let hasAppendFunctions = """
        SELECT to_regprocedure('acta_append_after(bigint,bytea)') IS NOT NULL,
            to_regprocedure('acta_append_one(\(appendOneArguments.map(\.type).joined(separator: ",")))') IS NOT NULL
        """

    /// Serves a range of streams by their UTF-8 bytes (``PostgresViewRows/events(streamsPrefixed:_:)``):
    /// collation "C", whatever the database's.
    static let streamPrefixIndex = #"CREATE INDEX events_stream_bytes ON events (stream COLLATE "C")"#
}
