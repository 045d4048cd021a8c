import ActaLog
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The event page and the API mark an entry that a later one corrected or retracted, which the
/// entry itself cannot show (before, `/events/73` showed the old text with no sign of the
/// correction at 82).
@Suite struct AmendmentMarksTests {
    @Test func theEventPageAndTheAPIMarkCorrectedAndRetractedEntries() async throws {
        let f = try ReaderFixture()
        try f.append(
            NewEvent(type: "EntryCorrected", data: ["corrects": 20, "changes": ["city": "Ohrid"], "reason": "test: another city"], actor: "t")
        )
        try f.append(NewEvent(type: "EntryRetracted", data: ["position": 21, "reason": "test: recorded in error"], actor: "t"))
        try await f.app.test(.router) { client in
            try await client.execute(uri: "/events/20", method: .get) { r in
                #expect(r.body.text.contains("corrected by 73"), "\(r.body.text)")
                #expect(!r.body.text.contains("retracted by"))
            }
            try await client.execute(uri: "/events/21", method: .get) { r in
                #expect(r.body.text.contains("retracted by 74: test: recorded in error"), "\(r.body.text)")
            }
            try await client.execute(uri: "/events/22", method: .get) { r in
                #expect(r.status == .ok && !r.body.text.contains("corrected by") && !r.body.text.contains("retracted by"))
            }
            try await client.execute(uri: "/api/events/20", method: .get) { r in
                #expect(r.body.jsonValue["corrected_by"] == .array([73]))
                #expect(r.body.jsonValue["retracted"] == nil)
                #expect(r.body.jsonValue["data"]?["city"] == "Skopje", "the entry as recorded")
            }
            try await client.execute(uri: "/api/events/21", method: .get) { r in
                #expect(r.body.jsonValue["retracted"] == ["by": 74, "reason": "test: recorded in error"])
            }
        }
    }
}
