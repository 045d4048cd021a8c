import ActaLog
import ActaProjections
import Foundation
import Testing

/// Records that write their own JSON must read back through `Codable` unchanged.
@Suite struct RecordCodingTests {
    func roundTrip<T: Codable & Equatable & JSONRecord>(_ value: T) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(value.jsonBytes))
    }

    @Test func decisionsAndMeetingsRoundTrip() throws {
        let h = try HistoryStore()
        let records = try h.log.withViews { store in
            (
                try store.all(view: "decisions", as: DecisionsProjection.Outcome.self).map(\.value),
                try store.all(view: "hosts", prefix: "meeting/", as: HostsProjection.Meeting.self).map(\.value),
                try store.all(view: "hosts", prefix: "designation/", as: HostsProjection.Designation.self).map(\.value)
            )
        }
        #expect(records.0.count == 10)
        #expect(records.1.count == 12)
        #expect(!records.2.isEmpty)
        for outcome in records.0 { #expect(try roundTrip(outcome) == outcome) }
        for meeting in records.1 { #expect(try roundTrip(meeting) == meeting) }
        for designation in records.2 { #expect(try roundTrip(designation) == designation) }
        var bare = records.2[0]
        bare.city = nil
        #expect(try roundTrip(bare) == bare)
    }

    @Test func awkwardTextAndEveryOptionalRoundTrip() throws {
        let text = #"Quote \" backslash \\ newline \n tab \t control \u0001 é ∑ 😀 </script>"#
        let json =
            #"{"body":"conference","date":"2018-06-30","kind":"decision","meeting":4,"ordinal":2,"text":"\#(text)","undated":true,"provenance":{"position":17,"source":"Minutes, p. 3 \"quoted\"","corrected":[20,31]}}"#
        let outcome = try JSONDecoder().decode(DecisionsProjection.Outcome.self, from: Data(json.utf8))
        #expect(outcome.text.contains("😀") && outcome.provenance.corrected == [20, 31])
        #expect(try roundTrip(outcome) == outcome)
        // The bytes are strict JSON, by the log's own parser too.
        #expect(try JSONParser.parse(outcome.jsonBytes).objectValue?["text"]?.stringValue == outcome.text)
        var bare = outcome
        bare.undated = nil
        bare.provenance.source = nil
        bare.provenance.corrected = nil
        #expect(try roundTrip(bare) == bare)
        #expect(!String(decoding: bare.jsonBytes, as: UTF8.self).contains("null"))
    }
}
