#include <sqlite3.h>

/// Lets sqlite3_open_v2 read URI filenames (`file:...?immutable=1`), which Debian's SQLite
/// does not by default. sqlite3_config is variadic, which Swift cannot call; it must run
/// before SQLite initializes (the first connection), and returns SQLITE_MISUSE after.
static inline int acta_sqlite3_enable_uri_filenames(void) {
    return sqlite3_config(SQLITE_CONFIG_URI, 1);
}

/// Turns off SQLite's count of the memory it holds, which takes a global mutex on every
/// allocation (Debian's SQLite counts by default): Acta reads no such count and sets no heap
/// limit. Like the call above, it must run before SQLite initializes.
static inline int acta_sqlite3_disable_memory_status(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
