import Foundation
import Synchronization

/// The append-only log on PostgreSQL: one database holds one register, in the tables of
/// ``PostgresSchema`` (the columns and bytes of the SQLite store).
///
/// Appends from several connections, processes or machines queue on one transaction-scoped
/// advisory lock (`pg_advisory_xact_lock`), taken first in every append transaction; the
/// head, the stream states and the rules are read after it, so two writers never both pass
/// a decision, and positions stay gapless and the chain unbroken. An advisory lock rather
/// than a locked head row (`SELECT … FOR UPDATE`): it exists for an empty log too, it needs
/// no UPDATE privilege (which the writer role must not have), and PostgreSQL releases it at
/// commit, at rollback, and when a connection drops mid-append.
///
///     let log = try PostgresLog.create(PostgresURL("postgres://postgres@/register?host=/tmp/acta-pg"), catalog: OCPSCatalog())
public final class PostgresLog: RegisterStore {
    public let url: PostgresURL
    public let catalog: any EventCatalog
    public let readOnly: Bool
    /// Keeps the views up to date, in every append's transaction; nil for a log without views.
    let runner: ProjectionRunner?
    let link: PostgresLink
    /// One caller at a time on the connection: a transaction owns it until it ends.
    let serial = Mutex<Void>(())
    /// The dictionary new events are compressed against, once resolved.
    let appendDictionary = Mutex<(resolved: Bool, dictionary: LZ4Dictionary?)>((false, nil))
    /// What the last committed append transaction of this process left (``PostgresAppendMemory``).
    let appendMemory = Mutex<PostgresAppendMemory?>(nil)
    /// Whether the store has `acta_append_after()` (``PostgresSchema/appendAfterFunction``),
    /// so an append may start from the head this process last committed without waiting to
    /// read it.
    let guardsHead: Bool
    /// Whether the store has `acta_append_one()` (``PostgresSchema/appendOneFunction``), so a
    /// single append from the head this process last committed may go out as one statement.
    let appendsWhole: Bool

    public var location: String { url.description }

    private init(
        url: PostgresURL,
        catalog: any EventCatalog,
        projections: (any ProjectionDomain)?,
        readOnly: Bool,
        link: PostgresLink,
        guardsHead: Bool,
        appendsWhole: Bool
    ) {
        self.url = url
        self.guardsHead = guardsHead
        self.appendsWhole = appendsWhole
        self.catalog = catalog
        runner = projections.map(ProjectionRunner.init(domain:))
        self.readOnly = readOnly
        self.link = link
    }

    /// Creates the store: the database (through the server's `postgres` database) when it
    /// does not exist, the tables, triggers and roles; refuses a database that already holds
    /// tables (a store is never overwritten).
    public static func create(_ url: PostgresURL, catalog: any EventCatalog, projections: (any ProjectionDomain)? = nil) throws -> PostgresLog {
        guard PostgresSchema.isPlainName(url.database) else {
            throw ActaError(
                .invalidInput,
                "\(url): database name \(url.database) must be lower-case letters, digits and _, starting with a letter, at most 50 characters"
            )
        }
        let admin = try PostgresLink.connect(url.database("postgres"))
        defer { admin.close() }
        var binds = PostgresBinds()
        binds.text(url.database)
        if try admin.query("SELECT 1 FROM pg_database WHERE datname = $1", binds.bindings).isEmpty {
            try admin.execute("CREATE DATABASE \(url.database)")
        }
        let link = try PostgresLink.connect(url)
        do {
            let existing = try link.query("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
            guard try existing.first?.int(0) == 0 else {
                throw ActaError(.store, "\(url) already holds tables; choose a new database (a store is never overwritten)")
            }
            var created = PostgresBinds()
            created.int(PostgresSchema.formatVersion)
            created.text(Timestamp.now())
            try link.execute("BEGIN")
            do {
                for statement in PostgresSchema.tables + PostgresSchema.triggers + PostgresSchema.roles(database: url.database) {
                    try link.execute(statement)
                }
                try link.query("INSERT INTO acta_store (format, created) VALUES ($1, $2)", created.bindings)
                try link.execute("COMMIT")
            } catch {
                try? link.execute("ROLLBACK")
                throw error
            }
        } catch {
            link.close()
            throw error
        }
        return PostgresLog(url: url, catalog: catalog, projections: projections, readOnly: false, link: link, guardsHead: true, appendsWhole: true)
    }

    /// Opens an existing store; refuses a database without one.
    public static func open(
        _ url: PostgresURL,
        catalog: any EventCatalog,
        projections: (any ProjectionDomain)? = nil,
        readOnly: Bool = false
    ) throws -> PostgresLog {
        let link = try PostgresLink.connect(url)
        let (guardsHead, appendsWhole): (Bool, Bool)
        do {
            let marker = try link.query("SELECT to_regclass('public.acta_store') IS NOT NULL")
            guard try marker.first?.makeRandomAccess()[0].decode(Bool.self) == true else {
                throw ActaError(.store, "\(url) is not an Acta store (no table acta_store); create one with `acta init --store \(url)`")
            }
            let format = try link.query("SELECT max(format) FROM acta_store").first?.optionalInt(0) ?? 0
            guard format <= PostgresSchema.formatVersion else {
                throw ActaError(.store, "\(url) has store format \(format); this acta reads up to \(PostgresSchema.formatVersion): upgrade acta")
            }
            let functions = try link.query(PostgresSchema.hasAppendFunctions).first?.makeRandomAccess()
            guardsHead = try functions?[0].decode(Bool.self) == true
            appendsWhole = try functions?[1].decode(Bool.self) == true
        } catch {
            link.close()
            throw error
        }
        return PostgresLog(
            url: url,
            catalog: catalog,
            projections: projections,
            readOnly: readOnly,
            link: link,
            guardsHead: guardsHead,
            appendsWhole: appendsWhole
        )
    }

    public func close() throws {
        link.close()
    }

    /// Runs `body` alone on the connection.
    func exclusive<T>(_ body: () throws -> T) throws -> T {
        try serial.withLock { _ in try body() }
    }

    /// Runs `body` in one transaction that first takes the append lock and reads the head,
    /// committed when it returns (rolled back when `commit` is false or it throws).
    /// `checkpoints`: the views' checkpoints are read under the lock in the same wait (sent
    /// right behind the head's query, or answered by the guard), as the head's
    /// ``PostgresHead/checkpoints``.
    ///
    /// `expecting`: the head this process's last append committed; the transaction then
    /// starts from it without waiting to read it, behind `acta_append_after()`, which takes
    /// the lock and raises when another writer appended since, and everything up to `COMMIT`
    /// goes out in one wait. When it raised, nothing was written, and `body` runs again from
    /// the head read under the lock, with `retried` set (what it kept from the first run is
    /// not the log's).
    func writeTransaction<T>(
        commit: Bool = true,
        checkpoints: Bool = false,
        expecting kept: PostgresHead?,
        _ body: (_ head: PostgresHead, _ retried: Bool) throws -> T
    ) throws -> T {
        if readOnly { throw ActaError(.io, "\(location) is open read-only; nothing was written") }
        return try exclusive {
            if let kept, guardsHead {
                link.send("BEGIN")
                let check = link.sendForRows(PostgresSchema.appendAfter, PostgresBinds(.int(kept.position), .bytes(kept.chain)).bindings)
                var head = kept
                if checkpoints { head.checkpoints = check }
                do {
                    return try finish(head, commit: commit, check: check) { try body($0, false) }
                } catch  where (try? check.rows()) == nil {
                    // The guard raised (another writer appended since): start again from the
                    // head, read under the lock.
                }
            }
            // BEGIN goes out unwaited, right ahead of the lock: one wait for both.
            link.send("BEGIN")
            let sent = link.sendForRows(PostgresSchema.appendHead)
            let also = checkpoints ? link.sendForRows(PostgresViewRows.checkpointsSQL) : nil
            let head: PostgresHead
            do {
                let row = try sent.rows().first
                try link.waitForSent()
                head = PostgresHead(
                    position: try row?.int(0) ?? 0,
                    chain: try row?.bytes(1) ?? Entry.genesisChain,
                    recorded: try row?.text(2) ?? "",
                    checkpoints: also
                )
            } catch {
                link.rollback()
                throw error
            }
            return try finish(head, commit: commit, check: nil) { try body($0, kept != nil && guardsHead) }
        }
    }

    /// A transaction that reads the head.
    func writeTransaction<T>(commit: Bool = true, _ body: (PostgresHead) throws -> T) throws -> T {
        try writeTransaction(commit: commit, expecting: nil) { head, _ in try body(head) }
    }

    /// Runs `body` in the transaction begun, then commits (or rolls back); rolls back when
    /// anything fails, `check` (the guard of a kept head) included.
    func finish<T>(_ head: PostgresHead, commit: Bool, check: PostgresLink.PendingRows?, _ body: (PostgresHead) throws -> T) throws -> T {
        do {
            let result = try body(head)
            // Sent behind the last INSERT, which may still be running: the INSERTs'
            // failure is thrown first (the COMMIT then rolls back), else COMMIT's.
            link.send(commit ? "COMMIT" : "ROLLBACK")
            try link.waitForSent()
            // A transaction whose guard raised and that sent nothing else "commits" as a
            // rollback without an error: the guard says whether it did.
            _ = try check?.rows()
            return result
        } catch {
            link.rollback()
            throw error
        }
    }

    /// Runs `body` in one read-only transaction, so every read sees one snapshot.
    func readTransaction<T>(_ body: () throws -> T) throws -> T {
        try exclusive {
            try link.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            defer { try? link.execute("ROLLBACK") }
            return try body()
        }
    }
}

/// The head an append transaction read under the lock.
struct PostgresHead {
    var position: Int64
    var chain: [UInt8]
    var recorded: String
    /// The views' checkpoints, when asked for (``PostgresViewRows/checkpointsSQL``'s columns).
    var checkpoints: PostgresLink.PendingRows? = nil
}

/// The Merkle frontier at the head this process last committed, with that head's chain hash,
/// and the dictionaries it knows stored. The chain hash fixes every leaf before it, hence the
/// whole tree: when the next transaction finds the same chain at the head (no other writer
/// appended since), the frontier is the tree's, without reading a node; otherwise it is read.
///
/// The same chain fixes every stream too: the stream states the rules folded (with the rows
/// object they flush through, empty after a commit) are kept as well, so the next append
/// neither reads its stream again nor folds it. Kept only from a committed transaction.
struct PostgresAppendMemory: @unchecked Sendable {
    var position: Int64 { frontier.size }
    var chain: [UInt8]
    var recorded: String
    var frontier: MerkleFrontier
    var dictionaries: Set<UInt32>
    var states: (states: StreamStates, waiting: PostgresWaitingRows)?
}
