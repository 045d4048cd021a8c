import ActaEvents
import ActaLog
import ActaProjections
import Foundation

/// `acta-bench rebuild`: the time and peak memory of rebuilding every view from a log of
/// N synthetic events. The log is made first (without views); the rebuild then runs in a
/// child process of its own, so its peak RSS is the rebuild's alone.
enum RebuildBench {
    static func run(events: Int, dir: URL) throws {
        let path = dir.appendingPathComponent("rebuild-\(events).sqlite").path
        try Corpus.makeLog(at: path, events: events)
        note("rebuilding in a child process…")
        let child = Process()
        child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        child.arguments = ["rebuild-child", path]
        let out = Pipe()
        child.standardOutput = out
        try child.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        child.waitUntilExit()
        guard child.terminationStatus == 0, case .object(var result) = try JSONParser.parse([UInt8](data)) else {
            throw RawSQLite.Failure(description: "the rebuild failed (exit \(child.terminationStatus))")
        }
        // The limits SQLite itself reaches on the same files: reading the log, writing the views.
        note("SQLite's own scan of the log and copy of the views…")
        let scan = try RawSQLite.scanRate(path)
        let copyPath = fresh(dir, "views-copy.sqlite")
        let copy = try RawSQLite.viewsCopyRate(from: path, into: copyPath)
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: copyPath + suffix) }
        let eps = Double(result["rebuild_eps"]?.intValue ?? 0)
        let viewsSeconds = Double(copy.rows) / copy.rate
        result["sqlite_scan_rows_per_s"] = .number(scan.rounded())
        result["view_rows"] = .number(Double(copy.rows))
        result["sqlite_views_copy_rows_per_s"] = .number(copy.rate.rounded())
        // The fastest any rebuild could go if writing its views were all it did.
        result["views_write_floor_eps"] = .number((Double(events) / viewsSeconds).rounded())
        result["rebuild_vs_views_write_floor"] = .number((eps / (Double(events) / viewsSeconds) * 1000).rounded() / 1000)
        print(JSONValue.object(result).prettyString())
    }

    static func child(path: String) throws {
        let log = try EventLog.open(at: path, catalog: OCPSCatalog(), projections: OCPSProjections())
        let count = try log.head().count
        let started = Date()
        try log.rebuildViews()
        let seconds = Date().timeIntervalSince(started)
        let result: JSONValue = [
            "events": .number(Double(count)),
            "views": .number(Double(OCPSProjections.all.count)),
            "rebuild_seconds": .number((seconds * 1000).rounded() / 1000),
            "rebuild_eps": .number((Double(count) / seconds).rounded()),
            "peak_rss_mb": .number((peakResidentKiB() / 1024 * 10).rounded() / 10),
        ]
        print(result.prettyString())
    }

    /// The process's peak resident memory in KiB: `VmHWM`, the peak of this program's own
    /// memory. `getrusage`'s `ru_maxrss` would not do: Linux carries it over from the parent
    /// through fork and exec, so a child of a parent that had just made a large log reported
    /// the parent's size.
    static func peakResidentKiB() -> Double {
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kib = Double(line.split(separator: " ").dropFirst().first ?? "")
        {
            return kib
        }
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_maxrss)
    }
}
