import ActaEvents
import ActaLog
import ActaProjections
import Foundation
import HTTPTypes
import Hummingbird

/// `/calendar.ics`: the register's deadlines as an iCalendar feed (``DeadlineCalendar``),
/// for calendar clients to subscribe to.
///
/// Calendar clients cannot send a Bearer header, so once tokens exist the feed takes a
/// calendar token in its URL (`?token=…`, issued with `acta token add NAME --scope calendar`);
/// that token opens this feed and nothing else. A read token works as everywhere else, in the
/// header or the sign-in cookie, but is refused in the URL, so it never has to be put there.
struct CalendarFeed<Context: RequestContext> {
    let state: ReaderState

    static var path: String { "/calendar.ics" }

    var routes: [Route<Context>] {
        [Route(Self.path) { request, _ in try await self.feed(request) }]
    }

    func feed(_ request: Request) async throws -> Response {
        var query = try Query(request, allowed: ["token"])
        let token = try query.text("token", max: 200)
        try await authorize(request, token: token)
        let head = try await state.head()
        let today = Timestamp.today()
        let log = state.log
        let body = try await state.cached("calendar|\(today)", head: head) {
            let revised = try log.entry(at: head.count)?.recorded ?? "1970-01-01T00:00:00.000Z"
            return Array(try log.withViews { try DeadlineCalendar($0, asOf: today, revised: revised).render() }.utf8)
        }
        let etag = "\"c\(head.count)-\(head.chainHex.prefix(12))-\(today)\""
        var headers: HTTPFields = [.contentType: "text/calendar; charset=utf-8", .cacheControl: "no-cache", .eTag: etag]
        headers[.contentDisposition] = "inline; filename=\"ocps-deadlines.ics\""
        if let match = request.headers[.ifNoneMatch], match.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == etag })
        {
            return Response(status: .notModified, headers: headers)
        }
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: body))
    }

    /// Open while no token was ever issued; then a calendar token in the URL, or a read token
    /// in the header or the cookie.
    func authorize(_ request: Request, token: String?) async throws {
        let access = try await state.access()
        guard access.required else { return }
        let today = Timestamp.today()
        if let token {
            let sha = Hex.encode(Digest.sha256(Array(token.utf8)))
            guard access.activeCalendar(on: today).contains(where: { $0.sha256 == sha }) else {
                throw APIError(.unauthorized, "the calendar token is unknown, expired or revoked (a read token is not accepted in the URL)")
            }
            return
        }
        try await ReaderMiddleware<Context>(state: state, configuration: ReaderConfiguration(), logger: .init(label: "acta.reader"))
            .requireReadToken(request)
    }
}
