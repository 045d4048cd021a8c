import ActaEvents
import ActaLog
import Foundation
import Testing

@testable import ActaProjections

#if canImport(FoundationXML)
import FoundationXML
#endif

/// What the domain says for people beyond the views: each event as one sentence, the
/// register over the years as an SVG picture, and the deadlines as iCalendar.
@Suite struct PresentationTests {
    @Test func everyEventOfTheHistorySaysWhatHappened() throws {
        let h = try HistoryStore()
        let entries = try h.log.entries(EventFilter())
        #expect(entries.count == 72)
        for entry in entries {
            let sentence = EventSentence.of(entry)
            #expect(!sentence.hasPrefix("\(entry.type) on "), "position \(entry.position): \(sentence)")
            #expect(!sentence.contains("\n"), "one line")
        }
        func sentence(_ position: Int64) throws -> String { EventSentence.of(try #require(try h.log.entry(at: position))) }
        #expect(try sentence(20) == "Conference meeting 4 held in Skopje")
        #expect(try sentence(27) == "GR invited to join by conference meeting 4")
        #expect(try sentence(33) == "HU approached about hosting conference meeting 5 by the Secretariat")
        #expect(try sentence(42) == "Executive Board meeting 5 held online (Zoom)")
        #expect(try sentence(12) == "Conference meeting 2 held (place not recorded)")
    }

    @Test func aLongTextIsCutAtAWord() {
        let text = String(repeating: "word ", count: 40)
        let short = EventSentence.short(text)
        #expect(short.hasSuffix("word…") && short.count <= 91)
        #expect(EventSentence.short("brief") == "brief")
    }

    @Test func thePictureDrawsTheMeetingsTheSeatsAndTheSecretariatAndEscapesItsTexts() throws {
        let h = try HistoryStore()
        try h.log.append(
            NewEvent(
                type: "MeetingHeld",
                stream: "meeting/other/1",
                data: ["body": "other", "number": 1, "start": "2025-06-01", "city": "<script>alert(1)</script> & Co", "format": "in-person"],
                actor: "test"
            )
        )
        let svg = try h.log.withViews { store in
            TimelinePicture(
                hosts: try HostsView(store, asOf: "2026-01-01"),
                board: try BoardView(store, asOf: "2026-01-01"),
                secretariat: try SecretariatView(store, asOf: "2026-01-01")
            ).svg
        }
        #expect(svg.hasPrefix("<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.hasSuffix("</svg>"))
        for lane in [
            "Conference meetings", "Executive Board meetings", "Other body meetings", "Board: previous host", "Board: secretariat host",
            "Secretariat host",
        ] {
            #expect(svg.contains(">\(lane)</text>"), "\(lane)")
        }
        #expect(svg.contains("<title>Conference meeting 4, 2018-06-30, Skopje, MK, hosted by MK, in-person</title>"))
        #expect(svg.contains(">2016</text>") && svg.contains(">2026</text>"))
        #expect(!svg.contains("<script"))
        #expect(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co"))
        // Well-formed XML: every text escaped, every element closed.
        let parser = XMLParser(data: Data(svg.utf8))
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
    }

    @Test func theHTMLReportShowsThePictureTheMarkdownDoesNot() throws {
        let h = try HistoryStore()
        let head = try h.log.head()
        let report = try h.log.withViews { try Report($0, asOf: "2024-01-01", since: nil, headPosition: head.count, headChain: head.chainHex) }
        #expect(report.render(.html).contains("<h2>Over the years</h2>\n<div class=\"scroll\"><svg class=\"timeline\""))
        #expect(report.render(.html).contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"))
        #expect(report.render(.html).contains("<td class=\"date\">2016-05-26</td>"), "a date is kept on one line")
        #expect(!report.render(.markdown).contains("<svg"))
    }

    @Test func calendarTextIsEscapedAndLinesAreFoldedAt75Octets() {
        #expect(DeadlineCalendar.text("a, b; c\\d\nnext") == "a\\, b\\; c\\\\d\\nnext")
        let line = "SUMMARY:" + String(repeating: "č", count: 60)  // 8 + 120 octets
        let folded = DeadlineCalendar.fold(line)
        #expect(folded.hasSuffix("\r\n"))
        // "\r\n" is one Character in Swift: dropLast() drops the line's end.
        let physical = String(folded.dropLast()).components(separatedBy: "\r\n")
        #expect(physical.count == 2)
        #expect(physical.allSatisfy { $0.utf8.count <= 75 })
        #expect(physical[1].hasPrefix(" "))
        // Unfolding (dropping each CRLF and the space after it) gives the line back, no character split.
        #expect(physical[0] + physical[1].dropFirst() == line)
        #expect(DeadlineCalendar.fold("SHORT:1") == "SHORT:1\r\n")
    }

    @Test func theCalendarIsTheSameForTheSameLogAndMovesWithADeadline() throws {
        let h = try HistoryStore()
        func ics() throws -> String {
            try h.log.withViews { try DeadlineCalendar($0, asOf: "2026-06-01", revised: "2026-05-31T12:00:00.000Z").render() }
        }
        let first = try ics()
        #expect(try ics() == first)
        #expect(first.contains("\r\nDTSTAMP:20260531T120000Z\r\n"))
        #expect(!first.contains("\n\n") && !first.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "every line ends in CRLF")
        try h.log.append(
            NewEvent(
                type: "DeadlineChanged",
                stream: "action/conference-4-3",
                data: ["item": "conference-4-3", "due": "2026-09-30", "date": "2026-05-01"],
                actor: "test"
            )
        )
        let moved = try ics()
        #expect(
            moved.contains(
                "UID:action/conference-4-3@acta.ocps\r\nDTSTAMP:20260531T120000Z\r\nDTSTART;VALUE=DATE:20260930\r\nDTEND;VALUE=DATE:20261001\r\n"
            )
        )
        #expect(DeadlineCalendar.dayAfter("2024-02-28") == "2024-02-29" && DeadlineCalendar.dayAfter("2025-12-31") == "2026-01-01")
    }
}
