import ActaLog
import Foundation
import HTTPTypes
import Hummingbird

/// The verifiable history over HTTP: the latest signed checkpoint and Merkle proofs
/// (RFC 9162), in the bundles `acta prove` prints and `tools/verify-proof` checks.
struct ProofsController<Context: RequestContext> {
    let state: ReaderState

    var routes: [Route<Context>] {
        [
            .blocking("/api/checkpoint", state) { request, _ in try self.checkpoint(request) },
            Route("/api/proofs/inclusion") { request, _ in try await self.inclusion(request) },
            Route("/api/proofs/consistency") { request, _ in try await self.consistency(request) },
        ]
    }

    /// The latest checkpoint the Secretariat signed, as the C2SP signed note (text/plain).
    func checkpoint(_ request: Request) throws -> Response {
        _ = try Query(request, allowed: [])
        guard let latest = try state.log.latestCheckpoint() else {
            throw APIError(.notFound, "no checkpoint has been signed yet (acta checkpoint --key FILE)")
        }
        let etag = "\"c\(latest.id)\""
        var headers: HTTPFields = [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-cache", .eTag: etag]
        if request.headers[.ifNoneMatch] == etag { return Response(status: .notModified, headers: headers) }
        headers[.contentLength] = String(latest.note.utf8.count)
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: latest.note)))
    }

    func inclusion(_ request: Request) async throws -> Response {
        var query = try Query(request, allowed: ["position", "size"])
        let head = try await state.head()
        guard let position = try query.integer("position", min: 1) else { throw APIError.badParameter("position", "required: the event's position") }
        guard position <= head.count else { throw APIError(.notFound, "no event at position \(position); the log holds \(head.count)") }
        let size = try query.integer("size", min: 1) ?? head.count
        guard size <= head.count else { throw APIError.badParameter("size", "\(size) is beyond the log's \(head.count) events") }
        guard size >= position else { throw APIError.badParameter("size", "\(size) is smaller than the position \(position)") }
        let log = state.log
        let body = try await state.cached("inclusion|\(position)|\(size)", head: head) {
            APIController<Context>.bytes(try log.inclusionProof(position: position, size: size).bundle)
        }
        return APIController<Context>.json(body, etag: APIController<Context>.etag(head), request: request)
    }

    func consistency(_ request: Request) async throws -> Response {
        var query = try Query(request, allowed: ["from", "to"])
        let head = try await state.head()
        guard let from = try query.integer("from", min: 1) else { throw APIError.badParameter("from", "required: the older tree size") }
        let to = try query.integer("to", min: 1) ?? head.count
        guard to <= head.count else { throw APIError.badParameter("to", "\(to) is beyond the log's \(head.count) events") }
        guard from <= to else { throw APIError.badParameter("from", "\(from) is larger than to (\(to))") }
        let log = state.log
        let body = try await state.cached("consistency|\(from)|\(to)", head: head) {
            APIController<Context>.bytes(try log.consistencyProof(from: from, to: to).bundle)
        }
        return APIController<Context>.json(body, etag: APIController<Context>.etag(head), request: request)
    }
}
