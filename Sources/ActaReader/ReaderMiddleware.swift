import ActaLog
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Every request passes here: only GET and HEAD, access tokens once any exists, one log line
/// per request (method, path without its query, status, time — never a token), and every
/// error shaped as a status with a JSON body. Nothing a client sends becomes a 500.
struct ReaderMiddleware<Context: RequestContext>: RouterMiddleware {
    let state: ReaderState
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = Date()
        var response: Response
        do {
            guard request.method == .get || request.method == .head else {
                throw APIError(.methodNotAllowed, "method \(request.method) is not allowed: this reader serves GET and HEAD only")
            }
            try authorize(request)
            // HEAD on a route runs its GET handler (the router's generated HEAD endpoint).
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        } catch let error as ActaError {
            response = try APIError(error.kind == .invalidInput ? .badRequest : .serviceUnavailable, error.message).response(from: request, context: context)
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
    /// sign-in cookie. `/api/health`, `/signin` and the stylesheet stay open; the calendar
    /// feed checks its own token (``CalendarFeed``).
    func authorize(_ request: Request) throws {
        let path = request.uri.path
        if path == "/api/health" || path == "/signin" || path == CalendarFeed<Context>.path { return }
        try requireReadToken(request)
    }

    /// A read token in the Authorization header or the sign-in cookie, once any token exists.
    func requireReadToken(_ request: Request) throws {
        let path = request.uri.path
        let access = try state.access()
        guard access.required else { return }
        let presented: String?
        if let header = request.headers[.authorization], header.hasPrefix("Bearer ") {
            presented = String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        } else {
            presented = Self.cookie("acta_token", in: request.headers[.cookie])
        }
        guard let token = presented, !token.isEmpty else {
            throw APIError(.unauthorized, path.hasPrefix("/api/") ? "an access token is required: send Authorization: Bearer TOKEN" : "sign in with your access token at /signin")
        }
        let sha = Hex.encode(Digest.sha256(Array(token.utf8)))
        guard access.active(on: Timestamp.today()).contains(where: { $0.sha256 == sha }) else {
            throw APIError(.unauthorized, "the access token is unknown, expired or revoked")
        }
    }

    static func cookie(_ name: String, in header: String?) -> String? {
        guard let header else { return nil }
        for part in header.split(separator: ";") {
            let pair = part.trimmingCharacters(in: .whitespaces)
            if pair.hasPrefix(name + "=") { return String(pair.dropFirst(name.count + 1)) }
        }
        return nil
    }
}
