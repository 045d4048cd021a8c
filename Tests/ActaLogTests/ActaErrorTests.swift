import ActaEvents
import ActaLog
import Foundation
import Testing

/// Errors keep what is wrong apart from where, so callers read the position or line as a
/// field, and the one line a person reads names each place once.
@Suite struct ActaErrorTests {
    @Test func theMessageIsBuiltFromThePlacesAndTheReason() {
        let error = ActaError(.invalidInput, "MemberJoined.country: \"XX\" is not a country code").at(.position(71))
        #expect(error.message == "position 71: MemberJoined.country: \"XX\" is not a country code")
        #expect(error.position == 71)
        #expect(error.line == nil)
        #expect(error.reason == "MemberJoined.country: \"XX\" is not a country code")
        // A place named already is not repeated; a view's position reads "at".
        #expect(error.at(.position(71)).message == error.message)
        #expect(error.at(.view("members")).message == "view members at position 71: MemberJoined.country: \"XX\" is not a country code")
        #expect(ActaError(.invalidInput, "longer than 1 byte").at(.line(3)).at(.position(9)).message == "position 9: line 3: longer than 1 byte")
    }

    @Test func anImportErrorCarriesItsLine() throws {
        let store = try TestStore()
        let lines = """
            {"type":"MemberInvited","stream":"member/DE","data":{"country":"DE","date":"2026-01-10"}}
            {"type":"MemberInvited","stream":"member/FR","data":{"country":"FR","date":"2026-02-30"}}
            """
        let error = #expect(throws: ActaError.self) { try store.log.importJSONLines(Array(lines.utf8), defaultActor: "clerk") }
        #expect(error?.line == 2)
        #expect(error?.position == nil)
        #expect(error?.message.hasPrefix("line 2: ") == true, "\(String(describing: error))")
        #expect(error?.reason.hasPrefix("line") == false)
        #expect(store.count == 0)
    }

    @Test func aBatchErrorCarriesItsEvent() throws {
        let store = try TestStore()
        let good = NewEvent(type: "MemberInvited", stream: "member/DE", data: ["country": "DE", "date": "2026-01-10"], actor: "clerk")
        let bad = NewEvent(type: "MemberInvited", stream: "member/FR", data: ["country": "FR"], actor: "clerk")
        let error = #expect(throws: ActaError.self) { try store.log.append(batch: [good, bad]) }
        #expect(error?.context == [.event(2)])
        #expect(store.count == 0)
    }
}
