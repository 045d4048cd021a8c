import ActaLog
import ActaProjections
import Foundation
import Testing

/// Records that write their own JSON must read back through `Codable` unchanged.
@Suite struct RecordCodingTests {
    func roundTrip<T: Codable & Equatable & JSONRepresentable>(_ value: T) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(CanonicalJSON.encode(value.json)))
    }

    @Test func decisionsAndMeetingsRoundTrip() throws {
        let h = try HistoryStore()
        let records = try h.log.withViews { store in
            (try store.all(view: "decisions", as: DecisionsProjection.Outcome.self).map(\.value),
             try store.all(view: "hosts", prefix: "meeting/", as: HostsProjection.Meeting.self).map(\.value))
        }
        #expect(records.0.count == 10)
        #expect(records.1.count == 12)
        for outcome in records.0 { #expect(try roundTrip(outcome) == outcome) }
        for meeting in records.1 { #expect(try roundTrip(meeting) == meeting) }
    }
}
