import ActaEvents
import ActaLog
import ActaReader
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct PagesAndAccessTests {
    @Test(arguments: [
        "/", "/timeline", "/meetings", "/members", "/provisions", "/actions", "/decisions", "/meetings/conference/4", "/meetings/executive-board/7",
        "/events/20", "/report", "/signin", "/timeline?type=MeetingHeld", "/timeline?before=30",
    ])
    func pagesRender(uri: String) async throws {
        let f = try ReaderFixture()
        try await f.app.test(.router) { client in
            try await client.execute(uri: uri, method: .get) { r in
                #expect(r.status == .ok, "\(uri)")
                #expect(r.headers[.contentType]?.hasPrefix("text/html") == true)
                #expect(r.body.text.contains("<!DOCTYPE html>"))
            }
        }
    }

    @Test(arguments: ReaderEngine.available) func pagesShowTheRegister(engine: ReaderEngine) async throws {
        let f = try ReaderFixture(engine)
        try await f.app.test(.router) { client in
            try await client.execute(uri: "/meetings", method: .get) { r in
                #expect(r.body.text.contains("Skopje"))
                #expect(r.body.text.contains("2016-11"))
            }
            try await client.execute(uri: "/members?as_of=2018-07-01", method: .get) { r in
                #expect(r.body.text.contains("10 member offices from 10 countries"))
            }
            try await client.execute(uri: "/timeline", method: .get) { r in
                #expect(r.body.text.contains("older →"))
                #expect(r.body.text.contains("href=\"/events/72\""))
            }
        }
    }

    /// Markup in the data is shown as text, never run.
    @Test func dataIsHTMLEscaped() async throws {
        let f = try ReaderFixture()
        try f.append(
            NewEvent(
                type: "OutcomeAdopted",
                stream: "meeting/conference/11",
                data: [
                    "body": "conference", "meeting": 11, "ordinal": 1, "kind": "decision", "date": "2025-12-01",
                    "text": "<script>alert('x')</script> & <b>bold</b>",
                ],
                actor: "<img src=x onerror=alert(1)>",
                meta: ["source": "\"><svg onload=alert(2)>"]
            )
        )
        try await f.app.test(.router) { client in
            for uri in ["/", "/timeline", "/events/73", "/report"] {
                try await client.execute(uri: uri, method: .get) { r in
                    let html = r.body.text
                    #expect(!html.contains("<script>alert"), "\(uri)")
                    #expect(!html.contains("<img src=x"), "\(uri)")
                    #expect(!html.contains("<svg onload"), "\(uri)")
                }
            }
            try await client.execute(uri: "/events/73", method: .get) { r in
                #expect(r.body.text.contains("&lt;img src=x onerror=alert(1)&gt;"))
            }
        }
    }

    @Test(arguments: ReaderEngine.available) func tokensGuardTheAPIAndThePages(engine: ReaderEngine) async throws {
        let f = try ReaderFixture(engine)
        let token = try f.issueToken("ministry")
        try await f.app.test(.router) { client in
            try await client.execute(uri: "/api/events?limit=1", method: .get) { r in
                #expect(r.status == .unauthorized)
                #expect(r.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            }
            try await client.execute(uri: "/api/events?limit=1", method: .get, headers: [.authorization: "Bearer \(token)"]) { r in
                #expect(r.status == .ok)
            }
            try await client.execute(uri: "/api/events?limit=1", method: .get, headers: [.authorization: "Bearer wrong"]) { r in
                #expect(r.status == .unauthorized)
            }
            try await client.execute(uri: "/api/health", method: .get) { r in #expect(r.status == .ok) }
            try await client.execute(uri: "/", method: .get) { r in #expect(r.status == .unauthorized) }
            // HEAD without a token: refused without a body, on a route and off every route.
            for uri in ["/api/events", "/nowhere"] {
                try await client.execute(uri: uri, method: .head) { r in
                    #expect(r.status == .unauthorized, "\(uri)")
                    #expect(r.body.readableBytes == 0, "\(uri)")
                }
            }
            let cookie = try await client.signIn(token)
            try await client.execute(uri: "/", method: .get, headers: [.cookie: cookie]) { r in #expect(r.status == .ok) }
            try await client.execute(uri: "/signin", method: .post, headers: SignInForm.headers, body: SignInForm.body("nonsense")) { r in
                #expect(r.status == .unauthorized)
            }
        }
        // Revoked: refused from the next request on.
        try f.append(NewEvent(type: "AccessTokenRevoked", stream: "access/ministry", data: ["name": "ministry"], actor: "test"))
        try await f.app.test(.router) { client in
            try await client.execute(uri: "/api/events?limit=1", method: .get, headers: [.authorization: "Bearer \(token)"]) { r in
                #expect(r.status == .unauthorized)
            }
        }
    }

    @Test(arguments: ReaderEngine.available) func anExpiredTokenIsRefused(engine: ReaderEngine) async throws {
        let f = try ReaderFixture(engine)
        let token = try f.issueToken("old", expires: "2020-01-01")
        try await f.app.test(.router) { client in
            try await client.execute(uri: "/api/health?", method: .get, headers: [.authorization: "Bearer \(token)"]) { r in #expect(r.status == .ok)
            }
            try await client.execute(uri: "/api/verify", method: .get, headers: [.authorization: "Bearer \(token)"]) { r in
                #expect(r.status == .unauthorized)
            }
        }
    }
}
