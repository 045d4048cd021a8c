import ActaLog
import ActaProjections
import Foundation
import HTTPTypes
import Hummingbird

/// The JSON API: events, streams, views, verification, health, and the OpenAPI document.
struct APIController<Context: RequestContext> {
    let state: ReaderState
    let configuration: ReaderConfiguration

    static var maxLimit: Int { 1000 }

    var routes: [Route<Context>] {
        [
            Route("/api/health") { request, _ in try await self.health(request) },
            Route("/api/events") { request, _ in try await self.events(request) },
            .blocking("/api/events/:position", state) { request, context in try self.event(request, context) },
            Route("/api/streams/**") { request, context in try await self.stream(request, context) },
            Route("/api/views/:name") { request, context in try await self.view(request, context) },
            Route("/api/verify") { request, context in try await self.verify(request, context) },
            Route("/api/openapi.json") { request, _ in try self.openAPI(request) },
        ]
    }

    // MARK: - Routes

    /// Liveness, with the head as last read: never waits for the store (``ReaderState/lastHead()``).
    func health(_ request: Request) async throws -> Response {
        _ = try Query(request, allowed: [])
        let head = try await state.lastHead()
        return Self.json(["status": "ok", "events": .number(Double(head.count)), "head": .string(head.chainHex)], etag: nil, request: request)
    }

    func events(_ request: Request) async throws -> Response {
        var query = try Query(request, allowed: ["after", "limit", "stream", "type"])
        let after = try query.integer("after", min: 0) ?? 0
        let limit = min(Self.maxLimit, Int(try query.integer("limit", min: 1) ?? 100))
        let stream = try query.text("stream")
        let type = try query.text("type")
        let head = try await state.head()
        let state = self.state
        let body = try await state.cached("events|\(after)|\(limit)|\(stream ?? "")|\(type ?? "")", head: head) {
            let entries = try state.entries(EventFilter(fromPosition: after + 1, stream: stream, type: type, limit: limit))
            var next: JSONValue = .null
            if entries.count == limit, let last = entries.last {
                var link = "/api/events?after=\(last.position)&limit=\(limit)"
                if let stream { link += "&stream=" + Self.encode(stream) }
                if let type { link += "&type=" + Self.encode(type) }
                next = .string(link)
            }
            return Self.bytes(["events": .array(try entries.map { try $0.exportObject() }), "next": next, "head": .number(Double(head.count))])
        }
        return Self.json(body, etag: Self.etag(head), request: request)
    }

    func event(_ request: Request, _ context: Context) throws -> Response {
        _ = try Query(request, allowed: [])
        let text = context.parameters.get("position") ?? ""
        guard let position = Int64(text), position >= 1 else {
            throw APIError.badParameter("position", "\"\(text.prefix(40))\" is not a position (an integer from 1)")
        }
        let head = try state.headNow()
        guard position <= head.count, let entry = try state.entry(at: position) else {
            throw APIError(.notFound, "no event at position \(position); the log holds \(head.count)")
        }
        // With a later correction or retraction of it, which the entry itself cannot show.
        return Self.json(Self.bytes(try state.log.amendments().exportObject(of: entry)), etag: Self.etag(head), request: request)
    }

    /// A stream's events, a page at a time (`after` a position, `limit` ≤ 1000, default 100),
    /// with the stream's version and a `next` link while more follow. The name may come with
    /// its slashes raw (`meeting/conference/4`) or percent-encoded (`meeting%2Fconference%2F4`,
    /// what an OpenAPI client sends for one path parameter).
    func stream(_ request: Request, _ context: Context) async throws -> Response {
        var query = try Query(request, allowed: ["after", "limit"])
        let after = try query.integer("after", min: 0) ?? 0
        let limit = min(Self.maxLimit, Int(try query.integer("limit", min: 1) ?? 100))
        let raw = context.parameters.getCatchAll().joined(separator: "/")
        guard let name = raw.removingPercentEncoding, !name.isEmpty, name.utf8.count <= 200 else {
            throw APIError.badParameter("stream", "a stream name of 1 to 200 bytes is required")
        }
        let head = try await state.head()
        let state = self.state
        let body = try await state.cached("stream|\(name)|\(after)|\(limit)", head: head) {
            let version = ReaderState.isHidden(stream: name) ? nil : try state.log.version(of: name)
            guard let version else { throw APIError(.notFound, "no stream \(name.prefix(80))") }
            let entries = try state.entries(EventFilter(fromPosition: after + 1, stream: name, limit: limit))
            var next: JSONValue = .null
            if entries.count == limit, let last = entries.last, last.version < version {
                next = .string("/api/streams/\(Self.encode(name))?after=\(last.position)&limit=\(limit)")
            }
            return Self.bytes([
                "stream": .string(name), "version": .number(Double(version)), "events": .array(try entries.map { try $0.exportObject() }),
                "next": next,
            ])
        }
        return Self.json(body, etag: Self.etag(head), request: request)
    }

    /// A view as of a date; `at` replays the log to a position (expensive: gated, off the
    /// cooperative pool, cached in the bounded cache).
    func view(_ request: Request, _ context: Context) async throws -> Response {
        var query = try Query(request, allowed: ["as_of", "at"])
        let name = context.parameters.get("name") ?? ""
        guard let view = ViewCatalog.named(name) else {
            throw APIError(.notFound, "no view named \(name.prefix(40)); views: \(ViewCatalog.names.joined(separator: ", "))")
        }
        let asOf = try query.date("as_of") ?? Timestamp.today()
        let at = try query.integer("at", min: 0)
        let head = try await state.head()
        if let at, at > head.count { throw APIError.badParameter("at", "position \(at) is beyond the head of the log (\(head.count))") }
        let key = "view|\(name)|\(asOf)|\(at.map(String.init) ?? "")"
        let log = state.log
        let make: @Sendable () throws -> [UInt8] = { Array(try log.withViews(at: at) { try view.json($0, asOf: asOf) }) }
        let replays = at.map { $0 < head.count } ?? false
        let body =
            try await replays
            ? state.gated(key, head: head, gate: state.expensive, client: state.client(of: request, context), make)
            : state.cached(key, head: head, make)
        return Self.json(body, etag: Self.etag(head), request: request)
    }

    /// The full verification, run at most once per head and one at a time: any caller gets
    /// the result kept for the head, and while it is being computed a second caller gets 503.
    func verify(_ request: Request, _ context: Context) async throws -> Response {
        _ = try Query(request, allowed: [])
        let head = try await state.head()
        let log = state.log
        let client = try await state.client(of: request, context)
        let body = try await state.gated("verify", head: head, gate: state.verifying, client: client) {
            let report = try log.verifyLog()
            var object: [String: JSONValue] = [
                "ok": .bool(report.isIntact), "events": .number(Double(report.count)), "head": .string(Hex.encode(report.headChain)),
            ]
            if let failure = report.failure {
                object["error"] = .string(failure.description)
                if let p = failure.position { object["position"] = .number(Double(p)) }
            }
            return Self.bytes(.object(object))
        }
        return Self.json(body, etag: Self.etag(head), request: request)
    }

    /// The OpenAPI document, its `servers` the address this request reached.
    func openAPI(_ request: Request) throws -> Response {
        _ = try Query(request, allowed: [])
        let body = OpenAPIDocument.bytes(server: configuration.baseURL(authority: request.authority))
        return Self.json(body, etag: "\"openapi-\(Hex.encode(Digest.sha256(body)).prefix(16))\"", request: request)
    }

    // MARK: - Responses

    static func etag(_ head: LogHead) -> String { "\"h\(head.count)-\(head.chainHex.prefix(12))\"" }

    static func bytes(_ value: JSONValue) -> [UInt8] {
        var out = CanonicalJSON.encode(value)
        out.append(UInt8(ascii: "\n"))
        return out
    }

    static func json(_ body: [UInt8], etag: String?, request: Request) -> Response {
        json(ByteBuffer(bytes: body), etag: etag, request: request)
    }

    /// A JSON response with an ETag; 304 when the client's If-None-Match names it.
    static func json(_ body: ByteBuffer, etag: String?, request: Request) -> Response {
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8", .cacheControl: "no-cache"]
        if let etag {
            headers[.eTag] = etag
            if let match = request.headers[.ifNoneMatch],
                match.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == etag || $0 == "*" })
            {
                return Response(status: .notModified, headers: headers)
            }
        }
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: body))
    }

    static func json(_ value: JSONValue, etag: String?, request: Request) -> Response {
        json(bytes(value), etag: etag, request: request)
    }

    static func encode(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&=+?#"))) ?? s
    }
}

/// A request's query parameters, checked: unknown or repeated names, and malformed values,
/// are 400 naming the parameter.
struct Query {
    private var values: [String: String] = [:]

    init(_ request: Request, allowed: Set<String>) throws {
        for (key, value) in request.uri.queryParameters {
            let name = String(key)
            guard allowed.contains(name) else {
                throw APIError.badParameter(
                    String(name.prefix(40)),
                    allowed.isEmpty ? "this resource takes no parameters" : "unknown; allowed: \(allowed.sorted().joined(separator: ", "))"
                )
            }
            guard values[name] == nil else { throw APIError.badParameter(name, "given more than once") }
            values[name] = String(value)
        }
    }

    /// The largest number a parameter takes: I-JSON's largest exact integer (2^53 − 1), far
    /// beyond any position or count, so arithmetic on a client's number cannot overflow.
    static let maxInteger: Int64 = 9_007_199_254_740_991

    mutating func integer(_ name: String, min: Int64) throws -> Int64? {
        guard let text = values[name] else { return nil }
        return try Self.integer(text, name: name, min: min)
    }

    static func integer(_ text: String, name: String, min: Int64) throws -> Int64 {
        guard let n = Int64(text), n >= min, n <= maxInteger else {
            throw APIError.badParameter(name, "\"\(text.prefix(40))\" is not an integer from \(min) to \(maxInteger)")
        }
        return n
    }

    mutating func date(_ name: String) throws -> String? {
        guard let text = values[name] else { return nil }
        if let problem = Timestamp.dateProblem(text) { throw APIError.badParameter(name, problem) }
        return text
    }

    mutating func text(_ name: String, max: Int = 200) throws -> String? {
        guard let text = values[name] else { return nil }
        guard !text.isEmpty, text.utf8.count <= max, !text.unicodeScalars.contains(where: { $0.value < 0x20 }) else {
            throw APIError.badParameter(name, "must be 1 to \(max) bytes of text")
        }
        return text
    }
}
