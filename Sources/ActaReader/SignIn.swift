import ActaLog
import Foundation
import HTTPTypes
import Hummingbird

/// Signing in and out of the pages. `GET /signin` shows the form; the form POSTs the token,
/// which opens a server-side session: the cookie holds the session's random id, never the
/// token (HttpOnly, SameSite=Strict, Max-Age, Secure over HTTPS). `POST /signout` ends it.
/// Both POSTs are refused from another site (`Origin`, `Sec-Fetch-Site`).
struct SignIn<Context: RequestContext> {
    let state: ReaderState
    let configuration: ReaderConfiguration

    static var paths: Set<String> { ["/signin", "/signout"] }
    /// A form holds one token: anything longer is not one.
    static var maxBody: Int { 4096 }

    var routes: [Route<Context>] {
        [
            .blocking("/signin", state) { request, _ in try self.form(request) },
            Route("/signin", method: .post) { request, _ in try await self.signIn(request) },
            Route("/signout", method: .post) { request, _ in try self.signOut(request) },
        ]
    }

    func form(_ request: Request) throws -> Response {
        if request.uri.queryParameters["token"] != nil {
            throw APIError.badParameter(
                "token",
                "a token never goes in the address (it would stay in browser history and proxy logs): send it with the sign-in form, POST /signin"
            )
        }
        _ = try Query(request, allowed: [])
        return try Pages<Context>(state: state).page("Sign in", "signin", request: request) { _ in [:] }
    }

    func signIn(_ request: Request) async throws -> Response {
        try checkSameOrigin(request)
        let body = try await request.body.collect(upTo: Self.maxBody)
        let token = Self.formValue("token", in: String(buffer: body))?.trimmingCharacters(in: .whitespaces) ?? ""
        let sha = ReaderState.sha256(token)
        guard !token.isEmpty, try await state.access().active(on: Timestamp.today()).contains(where: { $0.sha256 == sha }) else {
            let state = self.state
            return try await state.blocking {
                try Pages<Context>(state: state).page("Sign in", "signin", request: request, status: .unauthorized) { _ in
                    ["message": "That token is unknown, expired or revoked."]
                }
            }
        }
        let id = state.sessions.open(tokenSHA256: sha)
        return Self.redirect("/", cookie: cookie(id, maxAge: Int(state.limits.sessionLifetime)))
    }

    func signOut(_ request: Request) throws -> Response {
        try checkSameOrigin(request)
        if case .session(let id) = Credential(request) { state.sessions.close(id) }
        return Self.redirect("/signin", cookie: cookie("", maxAge: 0))
    }

    // MARK: -

    func cookie(_ value: String, maxAge: Int) -> String {
        "\(Credential.cookieName)=\(value); Path=/; HttpOnly; SameSite=Strict; Max-Age=\(maxAge)" + (configuration.clientsUseHTTPS ? "; Secure" : "")
    }

    static func redirect(_ location: String, cookie: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .setCookie: cookie, .cacheControl: "no-store"])
    }

    /// A browser names the page a form came from: it must be this reader. A client that sends
    /// neither header is not a browser another site can drive.
    func checkSameOrigin(_ request: Request) throws {
        if let site = request.headers[HTTPField.Name("Sec-Fetch-Site")!], !["same-origin", "none"].contains(site) {
            throw APIError(.forbidden, "sign-in and sign-out are accepted only from this reader's own pages (Sec-Fetch-Site: \(site.prefix(20)))")
        }
        if let origin = request.headers[.origin] {
            guard let url = URL(string: origin), let host = url.host else {
                throw APIError(.forbidden, "sign-in and sign-out are accepted only from this reader's own pages (Origin: \(origin.prefix(60)))")
            }
            let authority = url.port.map { "\(host):\($0)" } ?? host
            let own = URL(string: configuration.baseURL(authority: request.authority))
            let ownAuthority = own.flatMap { u in u.host.map { h in u.port.map { "\(h):\($0)" } ?? h } }
            guard authority.lowercased() == ownAuthority?.lowercased() else {
                throw APIError(.forbidden, "sign-in and sign-out are accepted only from this reader's own pages (Origin: \(origin.prefix(60)))")
            }
        }
    }

    /// A value of an `application/x-www-form-urlencoded` body.
    static func formValue(_ name: String, in body: String) -> String? {
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0] == name else { continue }
            return String(parts[1]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
        }
        return nil
    }
}
