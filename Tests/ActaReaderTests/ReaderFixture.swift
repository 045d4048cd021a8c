import ActaEvents
import ActaLog
import ActaProjections
import ActaReader
import Foundation
import Hummingbird
import HummingbirdTesting

/// A store with the real history, written by a writable log, and a reader over it read-only.
final class ReaderFixture: @unchecked Sendable {
    let directory: URL
    let path: String
    let writer: EventLog
    let state: ReaderState

    init(withHistory: Bool = true, limits: ReaderLimits = ReaderLimits()) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("acta-reader-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        path = directory.appendingPathComponent("acta.sqlite").path
        writer = try EventLog.create(at: path, catalog: OCPSCatalog(), projections: OCPSProjections())
        if withHistory { try writer.importJSONLines(Array(try History.jsonLines()), defaultActor: "test") }
        state = try ReaderState.open(path: path, limits: limits)
    }

    deinit {
        try? state.log.close()
        try? writer.close()
        try? FileManager.default.removeItem(at: directory)
    }

    /// On a free loopback port, for the `.live` tests.
    var app: some ApplicationProtocol {
        Application(router: ReaderApplication.router(state: state), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    /// The application `acta serve` runs (idle timeout, connection cap, TLS), for the `.live`
    /// and `.ahc` tests; the test framework binds it to a free port on localhost.
    func served(_ configuration: ReaderConfiguration = ReaderConfiguration(port: 0)) throws -> some ApplicationProtocol {
        try ReaderApplication.build(state: state, configuration: configuration)
    }

    func append(_ event: NewEvent) throws {
        try writer.append(event)
        Thread.sleep(forTimeInterval: ReaderStateInterval.value)
    }

    /// Issues a token as `acta token add` does, returning it.
    func issueToken(_ name: String, expires: String? = nil) throws -> String {
        let token = "acta_test_\(name)_\(UUID().uuidString)"
        var data: [String: JSONValue] = ["name": .string(name), "sha256": .string(Hex.encode(Digest.sha256(Array(token.utf8))))]
        if let expires { data["expires"] = .string(expires) }
        try append(NewEvent(type: "AccessTokenIssued", stream: "access/\(name)", data: .object(data), actor: "test"))
        return token
    }
}

enum ReaderStateInterval {
    /// A little more than the reader's head interval, so the next request sees the append.
    static let value: TimeInterval = 0.08
}

extension ByteBuffer {
    var text: String { String(buffer: self) }
    /// The body as JSON, or null when it is not JSON (the expectation then fails).
    var jsonValue: JSONValue { (try? JSONParser.parse(String(buffer: self))) ?? .null }
}

extension TestResponse {
    /// Whether the body names the bad parameter: the API's JSON `error.parameter`, or a
    /// page's HTML message `parameter NAME: …`.
    func namesParameter(_ name: String) -> Bool {
        if headers[.contentType]?.hasPrefix("text/html") == true { return body.text.contains("parameter \(name):") }
        return body.jsonValue["error"]?["parameter"]?.stringValue == name
    }
}
