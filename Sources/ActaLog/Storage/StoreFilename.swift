import CSQLite
import Foundation

/// The name SQLite opens a store by: its path, or, for a store on read-only media (an
/// archive on a disc, a read-only mount), an immutable URI. SQLite cannot create there the
/// `-shm` file a WAL store needs, and nothing can change the file, so it reads it as it is.
enum StoreFilename {
    /// SQLite reads URI filenames only when told so before its first connection; the first
    /// store opened or created in the process does it.
    static var urisEnabled: Bool { SQLiteLibrary.readsURIs }

    static func forSQLite(_ path: String, readOnly: Bool) throws -> String {
        // A path that merely starts with "file:" must not read as a URI.
        let literal = urisEnabled && path.hasPrefix("file:") ? "./" + path : path
        guard readOnly, urisEnabled, isOnReadOnlyMedia(path) else { return literal }
        let wal = path + "-wal"
        if let size = (try? FileManager.default.attributesOfItem(atPath: wal))?[.size] as? NSNumber, size.intValue > 0 {
            throw ActaError(
                .store,
                "\(path) is on read-only media beside a write-ahead log (\(wal)) not yet merged into it; copy the store and its -wal file to a writable place and open the copy"
            )
        }
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        return "file:" + (absolute.addingPercentEncoding(withAllowedCharacters: allowed) ?? absolute) + "?immutable=1"
    }

    /// Whether the file system holding `path` is mounted read-only.
    static func isOnReadOnlyMedia(_ path: String) -> Bool {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { return false }
        return info.f_flag & UInt(ST_RDONLY) != 0
    }
}
