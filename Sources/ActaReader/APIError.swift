import ActaLog
import Foundation
import HTTPTypes
import Hummingbird

/// An error the reader answers with a status and a JSON body naming what was wrong:
/// `{"error": {"status": 400, "message": "…", "parameter": "limit"}}`.
struct APIError: Error, HTTPResponseError {
    let status: HTTPResponse.Status
    let message: String
    let parameter: String?
    /// Seconds a client should wait before trying again (503 when busy).
    var retryAfter: Int? = nil

    init(_ status: HTTPResponse.Status, _ message: String, parameter: String? = nil) {
        self.status = status
        self.message = message
        self.parameter = parameter
    }

    /// All places for `what` are taken (or the client's share of them): try again in a second.
    static func busy(_ what: String, ownShare: Bool = false) -> APIError {
        let message =
            ownShare
            ? "you already have as many \(what) running as one client may; wait for them, then try again"
            : "the reader is busy with other \(what); try again in a second"
        var error = APIError(.serviceUnavailable, message)
        error.retryAfter = 1
        return error
    }

    static func badParameter(_ name: String, _ why: String) -> APIError {
        APIError(.badRequest, "parameter \(name): \(why)", parameter: name)
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var error: [String: JSONValue] = ["status": .number(Double(status.code)), "message": .string(message)]
        if let parameter { error["parameter"] = .string(parameter) }
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer realm=\"acta\"" }
        if status == .methodNotAllowed {
            headers[.allow] = SignIn<BasicRequestContext>.paths.contains(request.uri.path) ? "GET, HEAD, POST" : "GET, HEAD"
        }
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        var body = CanonicalJSON.encode(.object(["error": .object(error)]))
        body.append(UInt8(ascii: "\n"))
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}
