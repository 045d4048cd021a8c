import ActaEvents
import ActaLog
import ActaProjections
import ActaReader
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The OpenAPI document is a contract: valid OpenAPI 3.1, every JSON answer matching its
/// schema and a damaged one not, and `servers` the address it was fetched from.
@Suite struct OpenAPIContractTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let checker = root.appendingPathComponent("tools/openapi-check").path

    /// Whether python3 has openapi-spec-validator and jsonschema (`tools/openapi-check` exits 2 without them).
    static let checkerRuns: Bool = {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import openapi_spec_validator, jsonschema, referencing"]
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }()

    @Test func theServersAreTheAddressTheDocumentWasFetchedFrom() async throws {
        let f = try ReaderFixture()
        try await f.app.test(.router) { client in
            try await client.execute(uri: "/api/openapi.json", method: .get) { r in
                #expect(r.body.jsonValue["servers"]?.arrayValue?.first?["url"] == "http://localhost")
            }
            try await client.execute(uri: "/api/openapi.json", method: .get, headers: [HTTPField.Name("Host")!: "127.0.0.1:9123"]) { r in
                #expect(r.body.jsonValue["servers"]?.arrayValue?.first?["url"] == "http://127.0.0.1:9123")
            }
        }
    }

    @Test(.enabled(if: checkerRuns, "python3 lacks openapi-spec-validator or jsonschema"))
    func everyJSONAnswerMatchesItsSchemaAndDamagedOnesDoNot() async throws {
        let f = try ReaderFixture()
        let served: [(String, String)] =
            [
                ("/api/health", "/api/health"), ("/api/events", "/api/events?limit=3"), ("/api/events/{position}", "/api/events/20"),
                ("/api/streams/{stream}", "/api/streams/meeting%2Fconference%2F4?limit=2"), ("/api/verify", "/api/verify"),
                ("/api/proofs/inclusion", "/api/proofs/inclusion?position=20&size=40"),
                ("/api/proofs/consistency", "/api/proofs/consistency?from=10&to=70"),
            ] + ViewCatalog.names.map { ("/api/views/{name}", "/api/views/\($0)?as_of=2019-01-01") }
        let (document, answered) = try await f.app.test(.router) { client in
            var samples: [JSONValue] = []
            for (path, uri) in served {
                let body = try await client.execute(uri: uri, method: .get) { r in
                    #expect(r.status == .ok, "\(uri)")
                    return r.body.jsonValue
                }
                samples.append(["path": .string(path), "status": 200, "body": body, "valid": true])
            }
            let error = try await client.execute(uri: "/api/events?limit=x", method: .get) { r in r.body.jsonValue }
            samples.append(["path": "/api/events", "status": 400, "body": error, "valid": true])
            return (try await client.execute(uri: "/api/openapi.json", method: .get) { r in String(buffer: r.body) }, samples)
        }
        var samples = answered
        // Damaged answers of each kind the document once declared only as an object.
        for (path, body) in [
            ("/api/health", #"{"status":"ok"}"#), ("/api/verify", #"{"ok":"yes","events":72,"head":""}"#),
            ("/api/streams/{stream}", #"{"stream":"x","version":1,"events":[{}],"next":null}"#), ("/api/views/{name}", #"{"asOf":"2019-01-01"}"#),
            ("/api/proofs/inclusion", #"{"proof":"inclusion","path":[]}"#), ("/api/proofs/consistency", #"{"proof":"consistency","old_size":0}"#),
        ] {
            samples.append(["path": .string(path), "status": 200, "body": try JSONParser.parse(body), "valid": false])
        }
        let docFile = f.directory.appendingPathComponent("openapi.json")
        let samplesFile = f.directory.appendingPathComponent("samples.json")
        try Data(document.utf8).write(to: docFile)
        try Data(CanonicalJSON.encode(.array(samples))).write(to: samplesFile)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", Self.checker, docFile.path, samplesFile.path]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let report = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "\(report)")
        #expect(report.contains("\(samples.count) samples, 0 failures"), "\(report)")
    }
}
