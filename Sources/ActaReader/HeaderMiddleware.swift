import HTTPTypes
import Hummingbird

/// The headers every response carries, whatever answered it: a Content-Security-Policy that
/// allows no script, no framing and forms only to this reader; `nosniff`; no Referer sent
/// on; HSTS when the reader serves TLS itself. Pages and errors are `no-store` (a page may
/// show what only a token holder should see; the JSON API keeps `no-cache` and its ETags).
struct HeaderMiddleware<Context: RequestContext>: RouterMiddleware {
    let configuration: ReaderConfiguration

    /// The layout's one inline `<style>` is the only thing a page loads besides itself.
    static var contentSecurityPolicy: String {
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    }

    /// Made once: every response carries them.
    static var fixed: HTTPFields {
        [
            HTTPField.Name("Content-Security-Policy")!: contentSecurityPolicy, HTTPField.Name("X-Content-Type-Options")!: "nosniff",
            HTTPField.Name("Referrer-Policy")!: "no-referrer", HTTPField.Name("X-Frame-Options")!: "DENY",
        ]
    }
    let headers: HTTPFields

    init(configuration: ReaderConfiguration) {
        self.configuration = configuration
        var headers = Self.fixed
        if configuration.servesTLS { headers[HTTPField.Name("Strict-Transport-Security")!] = "max-age=31536000" }
        self.headers = headers
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers.append(contentsOf: headers)
        // Pages are made no-store where they are made (``Pages/html(_:status:)``): no lookup here.
        if response.status.code >= 300 && response.status != .notModified { response.headers[.cacheControl] = "no-store" }
        return response
    }
}
