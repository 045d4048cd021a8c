import ActaEvents
import ActaProjections
import ActaReader
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ActaLog

@Suite struct APITests {
    @Test(arguments: ReaderEngine.available) func healthEventsAndPaging(engine: ReaderEngine) async throws {
        let f = try ReaderFixture(engine)
        try await f.app.test(.router) { client in
            try await client.execute(uri: "/api/health", method: .get) { r in
                #expect(r.status == .ok)
                #expect(r.body.jsonValue["events"] == 72)
            }
            try await client.execute(uri: "/api/events?limit=30", method: .get) { r in
                let body = r.body.jsonValue
                #expect(body["events"]?.arrayValue?.count == 30)
                #expect(body["next"] == "/api/events?after=30&limit=30")
                let first = try #require(body["events"]?.arrayValue?.first)
                #expect(first["position"] == 1)
                #expect(first["data"]?["date"] == "2016-05-26")
                #expect(first["hash"]?.stringValue?.count == 64)
                #expect(r.headers[.eTag] != nil)
            }
            try await client.execute(uri: "/api/events?after=60&limit=30", method: .get) { r in
                let body = r.body.jsonValue
                #expect(body["events"]?.arrayValue?.count == 12)
                #expect(body["next"] == .null)
            }
            try await client.execute(uri: "/api/events?limit=5000", method: .get) { r in
                #expect(r.body.jsonValue["events"]?.arrayValue?.count == 72)
            }
            try await client.execute(uri: "/api/events?type=MeetingHeld&limit=2", method: .get) { r in
                let body = r.body.jsonValue
                #expect(body["events"]?.arrayValue?.allSatisfy { $0["type"] == "MeetingHeld" } == true)
                #expect(body["next"]?.stringValue?.contains("type=MeetingHeld") == true)
            }
            try await client.execute(uri: "/api/events/20", method: .get) { r in
                #expect(r.body.jsonValue["stream"] == "meeting/conference/4")
            }
            try await client.execute(uri: "/api/streams/meeting/conference/4", method: .get) { r in
                let body = r.body.jsonValue
                #expect(body["events"]?.arrayValue?.count == 7)
                #expect(body["version"] == 7)
            }
        }
    }

    @Test(arguments: ReaderEngine.available) func viewsAsOfAndAt(engine: ReaderEngine) async throws {
        let f = try ReaderFixture(engine)
        try await f.app.test(.router) { client in
            try await client.execute(uri: "/api/views/board?as_of=2019-01-01", method: .get) { r in
                let body = r.body.jsonValue
                #expect(body["seats"]?.arrayValue?.first { $0["seat"] == "present-host" }?["country"] == "MK")
            }
            try await client.execute(uri: "/api/views/members?as_of=2025-01-01&at=11", method: .get) { r in
                #expect(r.body.jsonValue["countryCount"] == 10)
            }
            try await client.execute(uri: "/api/verify", method: .get) { r in
                let body = r.body.jsonValue
                #expect(body["ok"] == true)
                #expect(body["events"] == 72)
            }
        }
    }

    /// Every class of bad parameter is a 400 whose body names the parameter (JSON from the
    /// API, an HTML page from a page).
    @Test(arguments: [
        ("/api/events?after=-1", "after"), ("/api/events?after=x", "after"), ("/api/events?limit=0", "limit"),
        ("/api/events?limit=abc", "limit"), ("/api/events?limit=99999999999999999999999", "limit"), ("/api/events?colour=red", "colour"),
        ("/api/events?limit=1&limit=2", "limit"), ("/api/events/abc", "position"), ("/api/events/0", "position"),
        ("/api/views/board?as_of=2019-02-30", "as_of"), ("/api/views/board?at=-4", "at"), ("/api/views/board?at=99999", "at"),
        ("/api/health?x=1", "x"), ("/api/live?after=soon", "after"), ("/timeline?before=0", "before"), ("/events/x", "position"),
        ("/report?as_of=yesterday", "as_of"),
    ])
    func badParametersAre400NamingTheParameter(uri: String, parameter: String) async throws {
        let f = try ReaderFixture()
        try await f.app.test(.router) { client in
            try await client.execute(uri: uri, method: .get) { r in
                #expect(r.status == .badRequest, "\(uri)")
                #expect(r.namesParameter(parameter), "\(uri): \(r.body.text)")
            }
        }
    }

    /// A client's number at the edge of Int64 was once added to (`after + 1`) and crashed the
    /// server: numbers beyond 2^53 − 1 are refused by name, and the largest accepted ones are
    /// answered normally.
    @Test func numbersAtTheEdgeAreRefusedOrServedNeverACrash() async throws {
        let f = try ReaderFixture()
        let hostile = ["9223372036854775807", "9223372036854775806", "9007199254740992"]
        try await f.app.test(.router) { client in
            for n in hostile {
                for (uri, parameter) in [
                    ("/api/events?after=\(n)", "after"), ("/api/events?limit=\(n)", "limit"), ("/api/live?after=\(n)", "after"),
                    ("/timeline?before=\(n)", "before"), ("/api/proofs/inclusion?position=\(n)", "position"),
                    ("/api/proofs/consistency?from=1&to=\(n)", "to"), ("/api/views/board?at=\(n)", "at"),
                ] {
                    try await client.execute(uri: uri, method: .get) { r in
                        #expect(r.status == .badRequest, "\(uri)")
                        #expect(r.namesParameter(parameter), "\(uri): \(r.body.text)")
                    }
                }
                try await client.execute(uri: "/api/live", method: .get, headers: [HTTPField.Name("Last-Event-ID")!: n]) { r in
                    #expect(r.status == .badRequest)
                }
            }
            try await client.execute(uri: "/api/events?after=9007199254740991&limit=9007199254740991", method: .get) { r in
                #expect(r.status == .ok)
                #expect(r.body.jsonValue["events"]?.arrayValue?.count == 0)
            }
            try await client.execute(uri: "/timeline?before=9007199254740991", method: .get) { r in #expect(r.status == .ok) }
        }
    }

    @Test func unknownThingsAre404AndOtherMethods405() async throws {
        let f = try ReaderFixture()
        try await f.app.test(.router) { client in
            for uri in ["/api/events/999", "/api/streams/member/XX", "/api/views/budget", "/nowhere", "/events/999"] {
                try await client.execute(uri: uri, method: .get) { r in #expect(r.status == .notFound, "\(uri)") }
            }
            for method: HTTPRequest.Method in [.post, .put, .delete, .patch, .options] {
                try await client.execute(uri: "/api/events", method: method) { r in
                    #expect(r.status == .methodNotAllowed)
                    #expect(r.headers[.allow] == "GET, HEAD")
                }
            }
            try await client.execute(uri: "/api/events?limit=1", method: .head) { r in
                #expect(r.status == .ok)
                #expect(r.body.readableBytes == 0)
            }
            // Every route answers HEAD like GET, without a body; so does a path no route serves.
            for (uri, status) in [("/", HTTPResponse.Status.ok), ("/api/views/hosts", .ok), ("/nowhere", .notFound)] {
                try await client.execute(uri: uri, method: .head) { r in
                    #expect(r.status == status, "\(uri)")
                    #expect(r.body.readableBytes == 0, "\(uri)")
                }
            }
        }
    }

    @Test(arguments: ReaderEngine.available) func etagGives304UntilTheHeadMoves(engine: ReaderEngine) async throws {
        let f = try ReaderFixture(engine)
        try await f.app.test(.router) { client in
            let etag = try await client.execute(uri: "/api/views/board", method: .get) { r in try #require(r.headers[.eTag]) }
            try await client.execute(uri: "/api/views/board", method: .get, headers: [.ifNoneMatch: etag]) { r in
                #expect(r.status == .notModified)
            }
            try f.append(NewEvent(type: "MemberInvited", stream: "member/DE", data: ["country": "DE", "date": "2026-01-10"], actor: "clerk"))
            try await client.execute(uri: "/api/views/board", method: .get, headers: [.ifNoneMatch: etag]) { r in
                #expect(r.status == .ok)
                #expect(r.headers[.eTag] != etag)
            }
            // Appended by another connection, served without a restart.
            try await client.execute(uri: "/api/events/73", method: .get) { r in #expect(r.body.jsonValue["stream"] == "member/DE") }
        }
    }

    /// The reader's connection is read-only: a write through it fails and nothing changes. On
    /// PostgreSQL it is the reader role's besides, which may not write even on a connection
    /// opened for writing (``PostgresReaderTests/theReaderRoleCannotWrite()``).
    @Test(arguments: ReaderEngine.available) func theReaderCannotWrite(engine: ReaderEngine) throws {
        let f = try ReaderFixture(engine)
        if engine == .sqlite {
            #expect(throws: (any Error).self) {
                try f.sqliteLog.write { db in try db.execute(sql: "CREATE TABLE intruder (x)") }
            }
        }
        #expect(throws: (any Error).self) {
            try f.state.log.append(NewEvent(type: "MemberInvited", stream: "member/DE", data: ["country": "DE", "date": "2026-01-10"], actor: "x"))
        }
        #expect(try f.writer.head().count == 72)
    }

    /// Every route the reader serves is in the committed OpenAPI document, and every path there is served.
    @Test func theOpenAPIDocumentDescribesEveryRoute() async throws {
        let f = try ReaderFixture()
        let served = Set(ReaderApplication.documentedPaths(state: f.state))
        try await f.app.test(.router) { client in
            try await client.execute(uri: "/api/openapi.json", method: .get) { r in
                let doc = r.body.jsonValue
                #expect(doc["openapi"] == "3.1.0")
                let documented = Set(doc["paths"]?.objectValue?.keys.map { $0 } ?? [])
                #expect(documented == served, "undocumented: \(served.subtracting(documented)); not served: \(documented.subtracting(served))")
            }
        }
    }
}

/// The views of the registry (`ViewCatalog`), each served, documented and linked.
@Suite struct ViewRouteTests {
    /// Every view is served at `/api/views/NAME` as its JSON and named in the OpenAPI document.
    @Test func everyViewIsServedAsItsJSONAndDocumented() async throws {
        let f = try ReaderFixture()
        let date = "2019-01-01"
        let expected = try f.state.log.withViews { store in try ViewCatalog.all.map { ($0.name, try $0.json(store, asOf: date)) } }
        try await f.app.test(.router) { client in
            for (name, json) in expected {
                try await client.execute(uri: "/api/views/\(name)?as_of=\(date)", method: .get) { r in
                    #expect(r.status == .ok, "\(name)")
                    #expect(Data(buffer: r.body) == json, "\(name)")
                }
            }
            try await client.execute(uri: "/api/openapi.json", method: .get) { r in
                let view = r.body.jsonValue["paths"]?["/api/views/{name}"]?["get"]?["parameters"]?.arrayValue?.first { $0["name"] == "name" }
                #expect(view?["schema"]?["enum"]?.arrayValue?.compactMap(\.stringValue) == ViewCatalog.names)
            }
        }
    }

    /// Every view's page is served with its title and linked from the header of every page.
    @Test func everyViewsPageIsServedAndLinked() async throws {
        let f = try ReaderFixture()
        let pages = ViewCatalog.all.compactMap(\.page)
        #expect(!pages.isEmpty)
        try await f.app.test(.router) { client in
            let header = try await client.execute(uri: "/timeline", method: .get) { r in r.body.text }
            #expect(header.contains(#"<nav><a href="/">Overview</a><a href="/timeline">Timeline</a><a href="/meetings">"#))
            for page in pages {
                try await client.execute(uri: page.path + "?as_of=2019-01-01", method: .get) { r in
                    #expect(r.status == .ok, "\(page.path)")
                    #expect(r.body.text.contains("<title>\(page.title) · Acta</title>"), "\(page.path)")
                }
                #expect(header.contains("<a href=\"\(page.path)\">\(page.link)</a>"))
            }
        }
    }
}

@Suite struct ProofRouteTests {
    @Test(arguments: ReaderEngine.available) func checkpointAndProofsOverHTTP(engine: ReaderEngine) async throws {
        let f = try ReaderFixture(engine)
        try await f.app.test(.router) { client in
            try await client.execute(uri: "/api/checkpoint", method: .get) { r in #expect(r.status == .notFound) }
            let signed = try f.writer.signCheckpoint(with: SigningKey.generate(name: "acta.test/reader"))
            try await client.execute(uri: "/api/checkpoint", method: .get) { r in
                #expect(r.status == .ok)
                #expect(r.body.text == signed.note)
                #expect(r.body.text.hasPrefix("acta.test/reader\n72\n"))
            }
            try await client.execute(uri: "/api/proofs/inclusion?position=20&size=40", method: .get) { r in
                #expect(r.status == .ok)
                let bundle = r.body.jsonValue
                #expect(bundle["path"]?.arrayValue?.isEmpty == false, "\(r.body.text)")
            }
            try await client.execute(uri: "/api/proofs/consistency?from=10&to=70", method: .get) { r in
                #expect(r.status == .ok)
                #expect(r.body.jsonValue["path"]?.arrayValue?.isEmpty == false, "\(r.body.text)")
            }
            for (uri, parameter) in [
                ("/api/proofs/inclusion", "position"), ("/api/proofs/inclusion?position=5&size=3", "size"),
                ("/api/proofs/inclusion?position=5&size=999", "size"),
                ("/api/proofs/consistency", "from"), ("/api/proofs/consistency?from=9&to=3", "from"), ("/api/proofs/consistency?from=1&to=999", "to"),
                ("/api/proofs/inclusion?position=x", "position"),
            ] {
                try await client.execute(uri: uri, method: .get) { r in
                    #expect(r.status == .badRequest, "\(uri)")
                    #expect(r.body.jsonValue["error"]?["parameter"]?.stringValue == parameter, "\(uri): \(r.body.text)")
                }
            }
            try await client.execute(uri: "/api/proofs/inclusion?position=999", method: .get) { r in #expect(r.status == .notFound) }
        }
    }
}
