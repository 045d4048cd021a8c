import Foundation

/// The files Acta creates: a store (and so its `-wal`, `-shm` and `-journal`, which SQLite
/// creates with the main file's permissions), a backup, an export written with `--output`.
/// They hold the register, so they are created readable and writable by their owner alone,
/// mode 0600 whatever the umask; with `ACTA_GROUP_READABLE=1` in the environment, 0640, for
/// a group (the reader's service account, say) that reads them.
public enum NewFile {
    /// 0600, or 0640 when `ACTA_GROUP_READABLE` is `1`.
    public static var mode: mode_t {
        ProcessInfo.processInfo.environment["ACTA_GROUP_READABLE"] == "1" ? 0o640 : 0o600
    }

    /// Creates `path` empty with ``mode`` (exactly: `fchmod` after the umask), refusing a path
    /// where anything exists, even one that appeared meanwhile; returns the open descriptor.
    public static func create(_ path: String) throws -> Int32 {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else {
            let code = errno
            if code == EEXIST { throw ActaError(.store, "\(path) already exists; choose a new path (it is never overwritten)") }
            throw ActaError(.io, "\(path) cannot be created: \(String(cString: strerror(code)))")
        }
        guard fchmod(fd, mode) == 0 else {
            let code = errno
            close(fd)
            unlink(path)
            throw ActaError(.io, "\(path): cannot set its mode: \(String(cString: strerror(code)))")
        }
        return fd
    }

    /// Creates `path` empty with ``mode`` and closes it, for SQLite to open.
    static func createEmpty(_ path: String) throws {
        close(try create(path))
    }
}
