import ActaLog
import Foundation
import HTTPTypes
import Hummingbird

/// `GET /api/live`: Server-Sent Events, one per appended event (`id:` its position), within a
/// second of the append. `Last-Event-ID` (or `?after=`) resumes without gaps or duplicates;
/// without either the feed starts at the head. `?limit=N` closes the stream after N events.
///
/// Related document: <https://html.spec.whatwg.org/multipage/server-sent-events.html>
struct LiveFeed<Context: RequestContext> {
    let state: ReaderState
    static var pollInterval: Duration { .milliseconds(200) }

    var routes: [Route<Context>] {
        [Route("/api/live") { request, _ in try self.live(request) }]
    }

    func live(_ request: Request) throws -> Response {
        var query = try Query(request, allowed: ["after", "limit"])
        var start = try query.integer("after", min: 0)
        let limit = try query.integer("limit", min: 1)
        if let last = request.headers[HTTPField.Name("Last-Event-ID")!] {
            start = try Query.integer(last.trimmingCharacters(in: .whitespaces), name: "Last-Event-ID", min: 0)
        }
        let state = self.state
        let from = try start ?? state.head().count
        let body = ResponseBody { writer in
            var position = from
            var idle = 0
            var sent: Int64 = 0
            try await writer.write(ByteBuffer(string: "retry: 1000\n\n"))
            while !Task.isCancelled, limit.map({ sent < $0 }) ?? true {
                let head = try state.head()
                if head.count > position {
                    let batch = min(head.count - position, 500, limit.map { $0 - sent } ?? 500)
                    let entries = try state.log.entries(EventFilter(fromPosition: position + 1, toPosition: position + batch))
                    sent += Int64(entries.count)
                    var buffer = ByteBuffer()
                    for entry in entries {
                        buffer.writeString("id: \(entry.position)\nevent: entry\ndata: ")
                        buffer.writeBytes(CanonicalJSON.encode(try entry.exportObject()))
                        buffer.writeString("\n\n")
                    }
                    try await writer.write(buffer)
                    position = entries.last?.position ?? head.count
                    idle = 0
                } else {
                    idle += 1
                    if idle % 75 == 0 { try await writer.write(ByteBuffer(string: ": keep-alive\n\n")) }
                    try await Task.sleep(for: Self.pollInterval)
                }
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok, headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-cache"], body: body)
    }
}
