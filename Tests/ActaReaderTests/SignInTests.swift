import ActaEvents
import ActaLog
import ActaReader
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The sign-in form's request.
enum SignInForm {
    static let headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
    static func body(_ token: String) -> ByteBuffer {
        ByteBuffer(string: "token=" + (token.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? token))
    }
}

extension TestClientProtocol {
    /// Signs in with the form; returns the cookie pair (`acta_session=…`) the 303 sets.
    func signIn(_ token: String, headers: HTTPFields = [:]) async throws -> String {
        var all = SignInForm.headers
        all.append(contentsOf: headers)
        return try await execute(uri: "/signin", method: .post, headers: all, body: SignInForm.body(token)) { r in
            #expect(r.status == .seeOther)
            let setCookie = try #require(r.headers[.setCookie])
            return String(setCookie.split(separator: ";")[0])
        }
    }
}

@Suite struct SignInTests {
    /// The token goes in a POST body, never the address; the cookie holds a session id with an
    /// expiry, not the token; the 303 is never stored; sign-out ends the session.
    @Test func signInIsAPostThatOpensASessionAndSignOutEndsIt() async throws {
        let f = try ReaderFixture()
        let token = try f.issueToken("ministry")
        try await f.app.test(.router) { client in
            try await client.execute(uri: "/signin?token=\(token)", method: .get) { r in
                #expect(r.status == .badRequest)
                #expect(r.body.jsonValue["error"]?["parameter"] == "token")
                #expect(r.headers[.setCookie] == nil)
            }
            let setCookie = try await client.execute(uri: "/signin", method: .post, headers: SignInForm.headers, body: SignInForm.body(token)) { r in
                #expect(r.status == .seeOther)
                #expect(r.headers[.location] == "/")
                #expect(r.headers[.cacheControl] == "no-store")
                return try #require(r.headers[.setCookie])
            }
            #expect(setCookie.hasPrefix("acta_session="))
            #expect(!setCookie.contains(token))
            for attribute in ["HttpOnly", "SameSite=Strict", "Max-Age=43200", "Path=/"] { #expect(setCookie.contains(attribute), "\(attribute)") }
            #expect(!setCookie.contains("Secure"), "plain HTTP on loopback: no Secure")
            let cookie = String(setCookie.split(separator: ";")[0])
            try await client.execute(uri: "/", method: .get, headers: [.cookie: cookie]) { r in #expect(r.status == .ok) }
            // The token itself in a cookie (what the reader once set) lets nobody in.
            try await client.execute(uri: "/", method: .get, headers: [.cookie: "acta_token=\(token)"]) { r in #expect(r.status == .unauthorized) }
            try await client.execute(uri: "/signout", method: .post, headers: [.cookie: cookie]) { r in
                #expect(r.status == .seeOther)
                #expect(r.headers[.setCookie]?.contains("Max-Age=0") == true)
            }
            try await client.execute(uri: "/", method: .get, headers: [.cookie: cookie]) { r in #expect(r.status == .unauthorized) }
        }
    }

    /// Another site cannot sign a browser in or out (login CSRF): Origin and Sec-Fetch-Site are checked.
    @Test(arguments: [
        [HTTPField.Name.origin: "https://evil.example"], [.origin: "null"], [HTTPField.Name("Sec-Fetch-Site")!: "cross-site"],
        [HTTPField.Name("Sec-Fetch-Site")!: "same-site"],
    ])
    func signInFromAnotherSiteIsRefused(headers: [HTTPField.Name: String]) async throws {
        let f = try ReaderFixture()
        let token = try f.issueToken("ministry")
        var form = SignInForm.headers
        for (name, value) in headers { form[name] = value }
        let fields = form
        try await f.app.test(.router) { client in
            try await client.execute(uri: "/signin", method: .post, headers: fields, body: SignInForm.body(token)) { r in
                #expect(r.status == .forbidden)
                #expect(r.headers[.setCookie] == nil)
            }
            try await client.execute(uri: "/signout", method: .post, headers: fields) { r in #expect(r.status == .forbidden) }
            // The reader's own page is its origin.
            _ = try await client.signIn(token, headers: [.origin: "http://localhost", HTTPField.Name("Sec-Fetch-Site")!: "same-origin"])
        }
    }

    /// A session ends with its token: revoked, the cookie no longer lets anyone in.
    @Test func aSessionEndsWhenItsTokenIsRevoked() async throws {
        let f = try ReaderFixture()
        let token = try f.issueToken("ministry")
        try await f.app.test(.router) { client in
            let cookie = try await client.signIn(token)
            try await client.execute(uri: "/timeline", method: .get, headers: [.cookie: cookie]) { r in #expect(r.status == .ok) }
            try f.append(NewEvent(type: "AccessTokenRevoked", stream: "access/ministry", data: ["name": "ministry"], actor: "test"))
            try await client.execute(uri: "/timeline", method: .get, headers: [.cookie: cookie]) { r in #expect(r.status == .unauthorized) }
        }
    }
}
