import CSQLite

/// What SQLite is told once per process, before its first connection (`sqlite3_config`
/// refuses after that): to read URI filenames (``StoreFilename``), and to keep no count of the
/// memory it holds, which takes a global mutex on every allocation (about a twentieth of an
/// import's inserts here); Acta reads no such count and sets no heap limit.
enum SQLiteLibrary {
    /// Whether URI filenames are read: false when SQLite was initialized before the first
    /// store was opened.
    static let readsURIs: Bool = {
        _ = acta_sqlite3_disable_memory_status()
        return acta_sqlite3_enable_uri_filenames() == SQLITE_OK
    }()
}
