import ActaLog
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Every request passes here: only GET and HEAD (and POST to the sign-in forms), a `Host`
/// that names this reader, access tokens once any exists, one log line per request (method,
/// path without its query, status, time — never a token), and every error shaped as a status
/// with a JSON body. Nothing a client sends becomes a 500.
struct ReaderMiddleware<Context: RequestContext>: RouterMiddleware {
    let state: ReaderState
    let configuration: ReaderConfiguration
    let logger: Logger

    /// Answered without a token: liveness, and signing in and out.
    static var openPaths: Set<String> { Set(["/api/health"]).union(SignIn<Context>.paths) }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = Date()
        var response: Response
        do {
            let isForm = request.method == .post && SignIn<Context>.paths.contains(request.uri.path)
            guard request.method == .get || request.method == .head || isForm else {
                throw APIError(.methodNotAllowed, "method \(request.method) is not allowed: this reader serves GET and HEAD only")
            }
            guard configuration.allows(authority: request.authority) else {
                throw APIError(.misdirectedRequest, "this reader does not answer to the host \(request.authority?.prefix(80) ?? "")")
            }
            try await authorize(request)
            // HEAD on a route runs its GET handler (the router's generated HEAD endpoint).
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        } catch let error as ActaError {
            response = try APIError(error.kind == .invalidInput ? .badRequest : .serviceUnavailable, error.message).response(
                from: request,
                context: context
            )
        } catch {
            logger.error("\(request.method) \(request.uri.path): \(error)")
            response = try APIError(.serviceUnavailable, "the register could not be read; try again").response(from: request, context: context)
        }
        // The generated HEAD endpoints drop the body of what a route answers; a HEAD that no
        // route serves (refused here without a token, or a 404) has its body dropped here.
        if request.method == .head { response.body = ResponseBody() }
        let ms = Int(Date().timeIntervalSince(started) * 1000)
        logger.info("\(request.method) \(request.uri.path) \(response.status.code) \(ms)ms")
        return response
    }

    /// Once a token has been issued, API requests need `Authorization: Bearer`, pages the
    /// sign-in session's cookie. The calendar feed checks its own token (``CalendarFeed``).
    func authorize(_ request: Request) async throws {
        let path = request.uri.path
        if Self.openPaths.contains(path) || path == CalendarFeed<Context>.path { return }
        try await requireReadToken(request)
    }

    /// A read token in the Authorization header, or a live sign-in session, once any token
    /// exists; a calendar-only token is not one.
    func requireReadToken(_ request: Request) async throws {
        let path = request.uri.path
        let credential = Credential(request)
        guard try await !state.admits(credential) else { return }
        switch credential {
        case nil:
            throw APIError(
                .unauthorized,
                path.hasPrefix("/api/")
                    ? "an access token is required: send Authorization: Bearer TOKEN" : "sign in with your access token at /signin"
            )
        case .token:
            throw APIError(.unauthorized, "the access token is unknown, expired or revoked")
        case .session:
            throw APIError(.unauthorized, "your session has ended (signed out, expired, or its token revoked); sign in again at /signin")
        }
    }
}
