import ActaLog
import Foundation
import HTTPTypes
import Hummingbird

/// `GET /api/live`: Server-Sent Events, one per appended event (`id:` its position), within a
/// second of the append. `Last-Event-ID` (or `?after=`) resumes without gaps or duplicates;
/// without either the feed starts at the head. `?limit=N` closes the stream after N events.
/// The access streams are left out (their positions are skipped). Positions are the log's,
/// the same on every reader of one register (a PostgreSQL primary and its standbys), so a
/// client resumes with Last-Event-ID on any of them.
///
/// Between looks at the head a feed waits for the store's word of an append (PostgreSQL's
/// primary notifies at every commit) or the poll interval (``ActaLog/HeadChanges``: 200 ms
/// on SQLite and on a standby), whichever comes first.
///
/// Access is checked again whenever the head moves (before anything new is sent) and when
/// the day changes (tokens expire by the day): a feed whose token was revoked or expired, or
/// whose session ended, gets `event: end` with the reason and is closed. Every feed is closed
/// after ``ReaderLimits/liveLifetime`` the same way; an EventSource reconnects with
/// Last-Event-ID, and the reconnection is checked like any request.
///
/// Related document: <https://html.spec.whatwg.org/multipage/server-sent-events.html>
struct LiveFeed<Context: RequestContext> {
    let state: ReaderState
    /// An idle feed sends a comment this often, so proxies keep the connection open.
    static var keepAliveInterval: Duration { .seconds(15) }

    var routes: [Route<Context>] {
        [Route("/api/live") { request, _ in try await self.live(request) }]
    }

    func live(_ request: Request) async throws -> Response {
        var query = try Query(request, allowed: ["after", "limit"])
        var start = try query.integer("after", min: 0)
        let limit = try query.integer("limit", min: 1)
        if let last = request.headers[HTTPField.Name("Last-Event-ID")!] {
            start = try Query.integer(last.trimmingCharacters(in: .whitespaces), name: "Last-Event-ID", min: 0)
        }
        let state = self.state
        let credential = Credential(request)
        let from: Int64
        if let start { from = start } else { from = try await state.head().count }
        let slot = try state.live.enter()
        let body = ResponseBody { writer in
            let ends = ContinuousClock.now + state.limits.liveLifetime
            var position = from
            var keepAlive = ContinuousClock.now + Self.keepAliveInterval
            var sent: Int64 = 0
            var checkedHead = try await state.head().count
            var checkedDay = Timestamp.today()
            try await writer.write(ByteBuffer(string: "retry: 1000\n\n"))
            loop: while !Task.isCancelled, limit.map({ sent < $0 }) ?? true {
                if ContinuousClock.now >= ends {
                    try await writer.write(Self.end("the feed's lifetime is over; reconnect with Last-Event-ID"))
                    break loop
                }
                let rung = state.bell.generation
                let head = try await state.head()
                let today = Timestamp.today()
                if head.count != checkedHead || today != checkedDay {
                    (checkedHead, checkedDay) = (head.count, today)
                    guard try await state.admits(credential) else {
                        try await writer.write(Self.end("access ended: the token was revoked or expired, or the session ended"))
                        break loop
                    }
                }
                if head.count > position {
                    let batch = min(head.count - position, 500, limit.map { $0 - sent } ?? 500)
                    let (buffer, count) = try await state.blocking { [position] in
                        try Self.messages(state.entries(EventFilter(fromPosition: position + 1, toPosition: position + batch)))
                    }
                    sent += count
                    if buffer.readableBytes > 0 { try await writer.write(buffer) }
                    // Past the whole batch: what it did not send is on the access streams.
                    position += batch
                    keepAlive = ContinuousClock.now + Self.keepAliveInterval
                } else {
                    let now = ContinuousClock.now
                    if now >= keepAlive {
                        try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                        keepAlive = now + Self.keepAliveInterval
                    }
                    await state.bell.wait(since: rung, upTo: min(state.pollInterval, keepAlive - now, ends - now))
                    try Task.checkCancellation()
                }
            }
            withExtendedLifetime(slot) {}
            try await writer.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store"],
            body: body
        )
    }

    /// One `entry` message an event, and how many.
    static func messages(_ entries: [Entry]) throws -> (ByteBuffer, Int64) {
        var buffer = ByteBuffer()
        for entry in entries {
            buffer.writeString("id: \(entry.position)\nevent: entry\ndata: ")
            buffer.writeBytes(CanonicalJSON.encode(try entry.exportObject()))
            buffer.writeString("\n\n")
        }
        return (buffer, Int64(entries.count))
    }

    /// The last message of a feed the reader closes, saying why.
    static func end(_ reason: String) -> ByteBuffer {
        ByteBuffer(bytes: Array("event: end\ndata: ".utf8) + CanonicalJSON.encode(.object(["reason": .string(reason)])) + Array("\n\n".utf8))
    }
}
