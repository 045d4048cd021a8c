import GRDB
import GRDBSQLite

/// A prepared statement of GRDB's, bound and stepped through SQLite's C API where the hot
/// paths cannot afford GRDB's argument arrays (batched inserts, the tree's node reads). The
/// only caller of `sqlite3_bind_*` and `sqlite3_step` outside GRDB: every result code is
/// checked, and a failure throws GRDB's `DatabaseError` with SQLite's code, message and SQL,
/// as GRDB's own statements do.
///
/// Text and blob bindings are `SQLITE_STATIC`: the caller keeps the bytes alive until the
/// statement is reset or its bindings cleared.
///
/// It keeps GRDB's statement alive: the handle is finalized when that statement goes.
struct SQLiteStatement {
    let statement: Statement
    let handle: OpaquePointer

    init(_ statement: Statement) {
        self.statement = statement
        handle = statement.sqliteStatement
    }

    /// Read from SQLite, not from GRDB's statement, which checks that it is used on its
    /// queue: an import's inserts run on a thread of their own (``InsertThread``).
    var sql: String { String(cString: sqlite3_sql(handle)) }

    func bind(_ index: Int32, _ value: Int64) throws {
        try check(sqlite3_bind_int64(handle, index, value))
    }

    /// UTF-8 text of `count` bytes at `bytes`; an empty text binds as empty text, not NULL.
    func bindText(_ index: Int32, _ bytes: UnsafeRawPointer?, count: Int) throws {
        if count == 0 { return try check(sqlite3_bind_text(handle, index, "", 0, nil)) }
        try check(sqlite3_bind_text(handle, index, bytes?.assumingMemoryBound(to: CChar.self), Int32(count), nil))
    }

    func bindBlob(_ index: Int32, _ bytes: UnsafeRawPointer?, count: Int) throws {
        try check(sqlite3_bind_blob(handle, index, bytes, Int32(count), nil))
    }

    /// A blob SQLite copies (`SQLITE_TRANSIENT`), for bytes that do not outlive the call.
    func bindBlobCopy(_ index: Int32, _ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try check(sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), sqliteTransient)) }
    }

    func bindNull(_ index: Int32) throws {
        try check(sqlite3_bind_null(handle, index))
    }

    /// Runs the statement to its next row: true when a row is ready, false when done.
    func step() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let code: throw error(code)
        }
    }

    /// Runs the statement to its end, with no row expected: true when done, else the error
    /// (callers that retry row by row read it rather than throw it).
    func run() -> DatabaseError? {
        let code = sqlite3_step(handle)
        return code == SQLITE_DONE ? nil : error(code)
    }

    /// Makes the statement ready to run again. (`sqlite3_reset` repeats the last step's
    /// error, which ``step()`` or ``run()`` has reported already.)
    func reset() {
        sqlite3_reset(handle)
    }

    /// Resets the statement and unbinds every parameter, so no binding points at bytes
    /// that are about to go.
    func clear() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    private func check(_ code: Int32) throws {
        if code != SQLITE_OK { throw error(code) }
    }

    private func error(_ code: Int32) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(sqlite3_db_handle(handle))), sql: sql)
    }
}

/// SQLite's SQLITE_TRANSIENT: bind copies the bytes.
let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
