import ActaEvents
import ActaLog
import ActaProjections
import ActaReader
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The pages of the register's facts on the real history: a meeting's page, the decisions
/// and the actions, the timeline's sentences, an event's data, the as-of form, the picture,
/// the marks' sources, and HTML error pages.
@Suite struct RegisterPagesTests {
    /// GETs `uri` and returns the status, the content type and the body.
    static func get(_ client: some TestClientProtocol, _ uri: String, headers: HTTPFields = [:]) async throws -> (HTTPResponse.Status, String, String)
    {
        try await client.execute(uri: uri, method: .get, headers: headers) { r in (r.status, r.headers[.contentType] ?? "", r.body.text) }
    }

    /// The bodies of `uris`, fetched in order from `fixture` (a new one with the real history
    /// when none is given).
    static func bodies(_ uris: [String], _ fixture: ReaderFixture? = nil) async throws -> [String] {
        let f = try fixture ?? ReaderFixture()
        return try await f.app.test(.router) { client in
            var out: [String] = []
            for uri in uris { out.append(try await get(client, uri).2) }
            return out
        }
    }

    @Test func aMeetingsPageShowsWhatTheMeetingDidAndWhereItComesFrom() async throws {
        let f = try ReaderFixture()
        try await f.app.test(.router) { client in
            let (status, type, html) = try await Self.get(client, "/meetings/conference/4")
            #expect(status == .ok && type.hasPrefix("text/html"))
            #expect(html.contains("<title>Conference meeting 4 · Acta</title>"))
            // Host and place, the objectives, the outcomes with their follow-up, the action items.
            #expect(html.contains("<dt>Held in</dt><dd>Skopje, MK"))
            #expect(html.contains("<dt>Host</dt><dd>MK (not an EU Member State then)"))
            #expect(html.contains("<h2>Objectives</h2>") && html.contains("trafficking in firearms and financial"))
            #expect(html.contains("Invite Greece to join the Permanent Conference"))
            #expect(html.contains("→ GR joined 2021-04-27"))
            #expect(html.contains("<td class=\"id\">conference-4-3</td>"))
            // The sources, each with the events that name it.
            #expect(html.contains("<li>OCPS Secretariat page: <a href=\"/events/20\">20</a>"))
            // The 10th meeting's venue is kept apart from its (unrecorded) host.
            let (_, _, tenth) = try await Self.get(client, "/meetings/conference/10")
            #expect(tenth.contains("<dt>Venue</dt><dd>Hofburg (OSCE)"))
            #expect(tenth.contains("<dt>Host</dt><dd>not recorded"))
            // The 6th meeting's participants; the Executive Board numbers its own meetings.
            let (_, _, sixth) = try await Self.get(client, "/meetings/conference/6")
            #expect(sixth.contains("<dt>Participants</dt><dd>AL, BA, BG, HR, GR, HU, IT, ME, MK, RO, RS"))
            let (board, _, boardPage) = try await Self.get(client, "/meetings/executive-board/5")
            #expect(board == .ok && boardPage.contains("online (Zoom)"))
            // Before it was held, a meeting is not found; an unknown body or number is an HTML page too.
            for (uri, expected) in [
                ("/meetings/conference/4?as_of=2018-01-01", HTTPResponse.Status.notFound), ("/meetings/senate/1", .notFound),
                ("/meetings/conference/x", .badRequest), ("/meetings/conference/99", .notFound),
            ] {
                let (status, type, page) = try await Self.get(client, uri)
                #expect(status == expected, "\(uri)")
                #expect(type.hasPrefix("text/html") && page.contains("<nav>"), "\(uri)")
            }
        }
    }

    @Test func meetingNumbersLinkToTheirPagesNotToTheRawEvent() async throws {
        let pages = try await Self.bodies(["/meetings", "/", "/decisions"])
        #expect(pages[0].contains("<a href=\"/meetings/conference/4\">4</a>"))
        #expect(pages[0].contains("<a href=\"/meetings/executive-board/5\">5</a>"))
        #expect(!pages[0].contains("<td><a href=\"/events/"))
        #expect(pages[1].contains("<a href=\"/meetings/conference/4\">conference 4 (2018-06-30)</a>"))
        #expect(pages[2].contains("<h2><a href=\"/meetings/conference/4\">Conference meeting 4 (2018-06-30)</a></h2>"))
    }

    @Test func theDecisionsAndActionsPagesAnswerFromTheirViews() async throws {
        let pages = try await Self.bodies(["/decisions", "/actions?as_of=2019-01-01", "/actions?as_of=2018-07-01"])
        #expect(pages[0].contains("<title>Decisions · Acta</title>"))
        #expect(pages[0].contains("The network of organized crime prosecutors is turned into a Permanent Conference."))
        #expect(pages[0].contains("<span class=\"link\">→ action conference-4-3: overdue"))
        #expect(pages[1].contains("<title>Action items · Acta</title>"))
        #expect(pages[1].contains("no follow-up recorded since 2018-06-30"))
        #expect(pages[1].contains("<a href=\"/meetings/conference/4\">conference 4 #3</a>"))
        #expect(!pages[1].contains("<span class=\"muted\"></span>"), "no empty follow-up under a status")
        // As of the day after the Fourth Meeting nothing is overdue yet.
        #expect(!pages[2].contains("class=\"overdue\">overdue"))
        #expect(pages[2].contains("class=\"open\">open"))
    }

    @Test func theTimelineSaysWhatHappenedInOneLine() async throws {
        let pages = try await Self.bodies(["/timeline?before=21", "/timeline?type=MeetingHeld&stream=meeting/executive-board/5"])
        #expect(pages[0].contains("<td class=\"what\">Conference meeting 4 held in Skopje</td>"))
        #expect(pages[0].contains("<td class=\"what\">Conference meeting 3 held in Rome</td>"))
        #expect(pages[1].contains("Executive Board meeting 5 held online (Zoom)"))
    }

    @Test func anEventPageShowsItsDataAsATableAndTheJSONOnRequest() async throws {
        let pages = try await Self.bodies(["/events/20", "/events/1"])
        let page = pages[0]
        // The Declaration is on no meeting's stream: no link to a meeting (an empty value shows no part).
        #expect(pages[1].contains("<p>Declaration of Intent signed in Belgrade by offices of 10 countries.</p>"))
        #expect(page.contains("<p>Conference meeting 4 held in Skopje. <a href=\"/meetings/conference/4\">The meeting's page</a>.</p>"))
        // A field's meaning is its header's title; a list is one item a line.
        #expect(page.contains("<th title=\"The city where it was held (absent when the sources do not say).\">city</th><td>Skopje<br></td>"))
        #expect(page.contains("Exchange experiences and receive news in the field of terrorism"))
        #expect(page.contains("<details><summary>The data as JSON</summary><pre>{"))
        #expect(page.contains("<a href=\"/api/events/20\">"))
    }

    /// Every page carries a plain GET form with the as-of date; a page on a date sends it to
    /// itself, the report with its `since`.
    @Test(arguments: ["/", "/meetings", "/actions", "/decisions", "/members", "/provisions", "/meetings/conference/4", "/report"])
    func everyPageOnADateHasTheAsOfForm(path: String) async throws {
        let page = try await Self.bodies([path + "?as_of=2019-01-01"])[0]
        #expect(
            page.contains(
                "<form class=\"asof\" method=\"get\" action=\"\(path)\"><label>As of <input type=\"date\" name=\"as_of\" value=\"2019-01-01\">"
            )
        )
    }

    @Test func pagesWithoutADateSendTheFormToTheOverview() async throws {
        let pages = try await Self.bodies(["/timeline", "/events/20", "/signin", "/report?as_of=2022-01-01&since=2021-01-01"])
        for page in pages.prefix(3) { #expect(page.contains("<form class=\"asof\" method=\"get\" action=\"/\">")) }
        #expect(pages[3].contains("<input type=\"hidden\" name=\"since\" value=\"2021-01-01\">"))
    }

    @Test func theReportKeepsTheNavigationAndShowsThePicture() async throws {
        let pages = try await Self.bodies(["/report?as_of=2022-01-01", "/"])
        #expect(pages[0].contains("<nav><a href=\"/\">Overview</a>"))
        #expect(pages[0].contains("<title>Permanent Conference of Organized Crime Prosecutors: status as of 2022-01-01 · Acta</title>"))
        #expect(pages[0].contains("<svg class=\"timeline\""))
        #expect(pages[0].contains("<h2>Executive Board</h2>"))
        #expect(pages[1].contains("<svg class=\"timeline\""))
        #expect(pages[1].contains(">Conference meetings</text>") && pages[1].contains(">Secretariat host</text>"))
    }

    @Test(arguments: [
        "/?as_of=2019-02-30", "/meetings?as_of=yesterday", "/report?since=2020-13-01", "/timeline?before=0", "/events/0", "/events/9999",
        "/decisions?colour=red",
    ])
    func aBadParameterOnAPageIsAnHTMLPage(uri: String) async throws {
        let f = try ReaderFixture()
        try await f.app.test(.router) { client in
            let (status, type, page) = try await Self.get(client, uri)
            #expect(status == .badRequest || status == .notFound, "\(uri)")
            #expect(type.hasPrefix("text/html"), "\(uri)")
            #expect(page.contains("<p class=\"overdue\">") && page.contains("<nav>"), "\(uri)")
        }
        // The API still answers JSON.
        try await f.app.test(.router) { client in
            let (status, type, _) = try await Self.get(client, "/api/views/board?as_of=2019-02-30")
            #expect(status == .badRequest && type.hasPrefix("application/json"))
        }
    }

    /// A mark links to the event that tells its source, and names the source in its title.
    @Test func aMarksSourceIsInItsTitleAndLink() async throws {
        let pages = try await Self.bodies(["/meetings", "/members"])
        // The 9th meeting's start is disputed by the note at position 63.
        #expect(
            pages[0].contains(
                "<a class=\"mark\" href=\"/events/63\" title=\"Conflict: osce.org/secretariat/537918 gives the MeetingHeld&#39;s start as 2023-02-22 (event 63)\">conflict: 63</a>"
            )
        )
        #expect(
            pages[0].contains(
                "<a class=\"mark\" href=\"/events/62\" title=\"Inferred: the register marks an event this rests on as inferred, with a note saying why (event 62)\">inferred</a>"
            )
        )
        #expect(
            pages[1].contains(
                "href=\"/events/57\" title=\"Conflict: nova.bg, 2021-12-07 gives the DeclarationSigned&#39;s date as 2016-05-27 (event 57)\""
            )
        )
    }

    /// Markup in an outcome, an action item, a meeting's city or objectives, and a source is
    /// shown as text on every page that shows it, and in the picture.
    @Test func newPagesEscapeMarkup() async throws {
        let f = try ReaderFixture()
        let script = "<script>alert('x')</script>"
        try f.append(
            NewEvent(
                type: "OutcomeAdopted",
                stream: "meeting/conference/11",
                data: ["body": "conference", "meeting": 11, "ordinal": 1, "kind": "decision", "date": "2025-12-01", "text": .string(script)],
                actor: "test",
                meta: ["source": .string("\"><svg onload=alert(2)>")]
            )
        )
        try f.append(
            NewEvent(
                type: "ActionItemOpened",
                stream: "action/conference-11-1",
                data: [
                    "item": "conference-11-1", "task": .string(script), "owner": "<b>members</b>", "date": "2025-12-01", "due": "2026-01-31",
                    "body": "conference", "meeting": 11, "ordinal": 1,
                ],
                actor: "test"
            )
        )
        try f.append(
            NewEvent(
                type: "MeetingHeld",
                stream: "meeting/other/1",
                data: [
                    "body": "other", "number": 1, "start": "2025-06-01", "city": .string(script), "format": "in-person",
                    "objectives": [.string(script)],
                ],
                actor: "test"
            )
        )
        try await f.app.test(.router) { client in
            for uri in [
                "/", "/meetings", "/meetings/conference/11", "/meetings/other/1", "/decisions", "/actions", "/timeline", "/events/73", "/events/75",
                "/report",
            ] {
                let (status, _, html) = try await Self.get(client, uri)
                #expect(status == .ok, "\(uri)")
                #expect(!html.contains("<script>"), "\(uri)")
                #expect(!html.contains("<svg onload"), "\(uri)")
                #expect(!html.contains("<b>members"), "\(uri)")
            }
            let (_, _, meeting) = try await Self.get(client, "/meetings/conference/11")
            #expect(meeting.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
            let (_, _, home) = try await Self.get(client, "/")
            #expect(home.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), "the picture's title for the meeting held in that city")
        }
    }
}
