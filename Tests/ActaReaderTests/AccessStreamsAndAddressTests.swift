import ActaEvents
import ActaLog
import ActaReader
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Who holds access is the Secretariat's: the access streams are nowhere in the reader.
@Suite struct AccessStreamsTests {
    @Test func theAccessStreamsAreNotServed() async throws {
        let f = try ReaderFixture()
        let token = try f.issueToken("ministry", expires: "2099-01-01")  // position 73
        try f.append(NewEvent(type: "MemberInvited", stream: "member/DE", data: ["country": "DE", "date": "2026-01-10"], actor: "clerk"))  // 74
        let auth: HTTPFields = [.authorization: "Bearer \(token)"]
        try await f.app.test(.router) { client in
            for uri in ["/api/events?type=AccessTokenIssued", "/api/events?stream=access/ministry", "/api/events?after=70"] {
                try await client.execute(uri: uri, method: .get, headers: auth) { r in
                    #expect(r.status == .ok)
                    let events = r.body.jsonValue["events"]?.arrayValue ?? []
                    #expect(!events.contains { $0["stream"]?.stringValue?.hasPrefix("access/") == true }, "\(uri)")
                    #expect(!r.body.text.contains(ReaderStateSHA.of(token)), "\(uri)")
                }
            }
            try await client.execute(uri: "/api/events?after=70", method: .get, headers: auth) { r in
                #expect(r.body.jsonValue["events"]?.arrayValue?.compactMap { $0["position"] } == [71, 72, 74])
            }
            for uri in ["/api/events/73", "/api/streams/access/ministry", "/events/73"] {
                try await client.execute(uri: uri, method: .get, headers: auth) { r in #expect(r.status == .notFound, "\(uri)") }
            }
            try await client.execute(uri: "/api/events/74", method: .get, headers: auth) { r in #expect(r.status == .ok) }
            let cookie = try await client.signIn(token)
            for uri in ["/timeline", "/timeline?type=AccessTokenIssued"] {
                try await client.execute(uri: uri, method: .get, headers: [.cookie: cookie]) { r in
                    #expect(r.status == .ok)
                    #expect(!r.body.text.contains("AccessTokenIssued</td>"), "\(uri)")
                    #expect(!r.body.text.contains("access/ministry"), "\(uri)")
                }
            }
            // The live feed skips position 73 and goes on to 74.
            let feed = try await client.execute(uri: "/api/live?after=72&limit=1", method: .get, headers: auth) { r in r.body.text }
            #expect(feed.contains("id: 74\n"))
            #expect(!feed.contains("id: 73\n"))
        }
    }
}

enum ReaderStateSHA {
    static func of(_ token: String) -> String { Hex.encode(Digest.sha256(Array(token.utf8))) }
}

/// Streams by name: raw slashes or percent-encoded, a page at a time.
@Suite struct StreamRouteTests {
    @Test(arguments: ["/api/streams/meeting/conference/4", "/api/streams/meeting%2Fconference%2F4", "/api/streams/meeting%2fconference/4"])
    func aStreamIsServedByItsNameRawOrPercentEncoded(uri: String) async throws {
        let f = try ReaderFixture()
        try await f.app.test(.router) { client in
            try await client.execute(uri: uri, method: .get) { r in
                #expect(r.status == .ok, "\(uri)")
                #expect(r.body.jsonValue["stream"] == "meeting/conference/4")
                #expect(r.body.jsonValue["events"]?.arrayValue?.count == 7)
            }
        }
    }

    @Test func aStreamIsPaginated() async throws {
        let f = try ReaderFixture()
        try await f.app.test(.router) { client in
            var uri: String? = "/api/streams/meeting/conference/4?limit=3"
            var positions: [JSONValue] = []
            var pages = 0
            while let next = uri {
                uri = try await client.execute(uri: next, method: .get) { r in
                    #expect(r.status == .ok, "\(next)")
                    #expect(r.body.jsonValue["version"] == 7)
                    positions += r.body.jsonValue["events"]?.arrayValue?.compactMap { $0["position"] } ?? []
                    return r.body.jsonValue["next"]?.stringValue
                }
                pages += 1
            }
            #expect(pages == 3)
            #expect(positions.count == 7)
            #expect(Set(positions).count == 7)
            try await client.execute(uri: "/api/streams/meeting/conference/4?limit=1001", method: .get) { r in
                #expect(r.body.jsonValue["events"]?.arrayValue?.count == 7)
            }
            try await client.execute(uri: "/api/streams/meeting/conference/4?after=x", method: .get) { r in
                #expect(r.body.jsonValue["error"]?["parameter"] == "after")
            }
        }
    }
}

/// Loopback is an address, not a spelling.
@Suite struct LoopbackTests {
    @Test(arguments: [
        ("127.0.0.1", true), ("127.8.9.10", true), ("::1", true), ("localhost", true), ("127.example.org", false),
        ("127.0.0.1.example.org", false), ("0.0.0.0", false), ("10.0.0.1", false), ("::", false), ("", false), ("8.8.8.8", false),
    ])
    func loopbackIsResolvedAndChecked(host: String, loopback: Bool) {
        #expect(ReaderApplication.isLoopback(host) == loopback, "\(host)")
    }

    /// Off loopback, the reader serves TLS, or says a proxy terminates it.
    @Test func aNonLoopbackHostNeedsTLSOrAProxy() throws {
        #expect(throws: ActaError.self) { try ReaderConfiguration(host: "0.0.0.0").check() }
        #expect(throws: ActaError.self) { try ReaderConfiguration(host: "127.example.org").check() }
        #expect(throws: ActaError.self) { try ReaderConfiguration(host: "127.0.0.1", tlsCertificate: "cert.pem").check() }
        #expect(throws: ActaError.self) { try ReaderConfiguration(host: "0.0.0.0", publicURL: "acta.example.org", behindProxy: true).check() }
        try ReaderConfiguration(host: "0.0.0.0", behindProxy: true).check()
        try ReaderConfiguration(host: "0.0.0.0", tlsCertificate: "cert.pem", tlsKey: "key.pem").check()
        try ReaderConfiguration(host: "localhost").check()
    }
}

/// One header middleware: every response says what a browser may do with it.
@Suite struct HeaderTests {
    @Test(arguments: ["/", "/api/events?limit=1", "/nowhere", "/api/events?limit=x", "/signin"])
    func everyResponseCarriesTheSecurityHeaders(uri: String) async throws {
        let f = try ReaderFixture()
        try await f.app.test(.router) { client in
            try await client.execute(uri: uri, method: .get) { r in
                let csp = r.headers[HTTPField.Name("Content-Security-Policy")!] ?? ""
                #expect(csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"), "\(uri)")
                #expect(r.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff", "\(uri)")
                #expect(r.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer", "\(uri)")
                #expect(r.headers[HTTPField.Name("Strict-Transport-Security")!] == nil, "plain HTTP: no HSTS")
                if r.status != .ok || r.headers[.contentType]?.hasPrefix("text/html") == true {
                    #expect(r.headers[.cacheControl] == "no-store", "\(uri)")
                } else {
                    #expect(r.headers[.cacheControl] == "no-cache", "\(uri): the API revalidates with its ETag")
                }
            }
        }
    }

    /// DNS rebinding: a name pointed at the reader's address is refused; its own names and IP literals are answered.
    @Test func onlyTheReadersOwnHostNamesAreAnswered() async throws {
        let f = try ReaderFixture()
        try await f.app.test(.router) { client in
            for host in ["evil.example", "127.example.org", "attacker.test:8080"] {
                try await client.execute(uri: "/api/health", method: .get, headers: [HTTPField.Name("Host")!: host]) { r in
                    #expect(r.status == .misdirectedRequest, "\(host)")
                }
            }
            for host in ["localhost:8080", "127.0.0.1:8080", "[::1]:8080", "localhost"] {
                try await client.execute(uri: "/api/health", method: .get, headers: [HTTPField.Name("Host")!: host]) { r in
                    #expect(r.status == .ok, "\(host)")
                }
            }
        }
        let proxied = ReaderApplication.router(
            state: f.state,
            configuration: ReaderConfiguration(host: "0.0.0.0", publicURL: "https://acta.example.org", behindProxy: true)
        )
        try await Application(router: proxied).test(.router) { client in
            try await client.execute(uri: "/api/health", method: .get, headers: [HTTPField.Name("Host")!: "acta.example.org"]) { r in
                #expect(r.status == .ok)
            }
            try await client.execute(uri: "/api/health", method: .get, headers: [HTTPField.Name("Host")!: "localhost:8080"]) { r in
                #expect(r.status == .misdirectedRequest, "not loopback: localhost is someone else's name")
            }
            try await client.execute(uri: "/api/openapi.json", method: .get, headers: [HTTPField.Name("Host")!: "acta.example.org"]) { r in
                #expect(r.body.jsonValue["servers"]?.arrayValue?.first?["url"] == "https://acta.example.org")
            }
        }
    }
}
