import ActaEvents
import ActaLog
import Foundation

/// A store in a fresh temporary directory, removed when the test ends.
final class TempStore {
    let directory: URL
    let log: EventLog

    init(catalog: any EventCatalog = OCPSCatalog()) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("acta-events-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        log = try EventLog.create(at: directory.appendingPathComponent("acta.sqlite").path, catalog: catalog)
    }

    deinit {
        try? log.close()
        try? FileManager.default.removeItem(at: directory)
    }
}
