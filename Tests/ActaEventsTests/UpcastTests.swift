import ActaEvents
import ActaLog
import Foundation
import Testing

/// MeetingHeld moved to schema 2, then 3; events recorded at schema 1 or 2 still read, upcast on decoding.
@Suite struct UpcastTests {
    let catalog = OCPSCatalog()

    static let fourthV1 =
        #"{"body":"conference","number":4,"date":"2018-06-30","place":"Skopje","country":"MK","online":false,"participants":["RS","MK"],"title":"Fourth Meeting"}"#
    static let fourthV2 =
        #"{"body":"conference","number":4,"start":"2018-06-30","end":"2018-06-30","city":"Skopje","country":"MK","format":"in-person","participants":["RS","MK"],"title":"Fourth Meeting"}"#
    static let fourthV3 =
        #"{"body":"conference","number":4,"start":"2018-06-30","end":"2018-06-30","city":"Skopje","country":"MK","host":"MK","format":"in-person","participants":["RS","MK"],"title":"Fourth Meeting"}"#

    func object(_ json: String) throws -> [String: JSONValue] { try JSONParser.parse(json).objectValue! }

    @Test func newAppendsAreCheckedAndRecordedAtTheCurrentSchema() throws {
        #expect(MeetingHeld.schema == 3)
        let v = try catalog.validate(type: "MeetingHeld", data: try object(Self.fourthV3))
        #expect(v.schema == 3)
        let error = #expect(throws: ActaError.self) { try catalog.validate(type: "MeetingHeld", data: try object(Self.fourthV1)) }
        #expect(error?.message.contains("MeetingHeld.date: unknown field") == true, "\(error?.message ?? "")")
    }

    @Test func aSchema1MeetingDecodesToTheSameSchema2Value() throws {
        let v1 = try #require(try catalog.decode(type: "MeetingHeld", schema: 1, data: try object(Self.fourthV1)) as? MeetingHeld)
        let v2 = try #require(try catalog.decode(type: "MeetingHeld", schema: 2, data: try object(Self.fourthV2)) as? MeetingHeld)
        #expect(v1 == v2)
        #expect(v1.start == "2018-06-30" && v1.end == "2018-06-30" && v1.city == "Skopje" && v1.format == "in-person")
        #expect(v1.occurred == "2018-06-30")
    }

    @Test func anOnlineSchema1MeetingBecomesFormatOnline() throws {
        let data = try object(#"{"body":"executive-board","number":5,"date":"2020-11-12","online":true,"platform":"Zoom"}"#)
        let upcast = try MeetingHeld.upcastFromSchema1(data)
        #expect(
            upcast == ["body": "executive-board", "number": 5, "start": "2020-11-12", "end": "2020-11-12", "format": "online", "platform": "Zoom"]
        )
        let meeting = try #require(try catalog.decode(type: "MeetingHeld", schema: 1, data: data) as? MeetingHeld)
        #expect(meeting.format == "online" && meeting.platform == "Zoom" && meeting.city == nil)
    }

    @Test(arguments: [
        (Int64(1), #"{"body":"conference","number":4,"date":"2018-06-30"}"#, "MeetingHeld.online: required field is missing"),
        (Int64(1), #"{"body":"conference","number":4,"date":"2018-06-30","online":"no"}"#, "MeetingHeld.online: expected true or false"),
        (Int64(1), #"{"body":"conference","number":4,"date":"2018-02-30","online":false}"#, "MeetingHeld.date: 2018-02-30 is not a real date"),
        (Int64(1), #"{"body":"conference","number":4,"start":"2018-06-30","online":false}"#, "MeetingHeld.start: unknown field"),
        (Int64(1), #"{"body":"conference","number":4,"date":"2018-06-30","online":false,"platform":"Zoom"}"#, "in-person meeting has no platform"),
        (Int64(4), fourthV2, "MeetingHeld: schema 4 is newer than this catalog knows (3)"),
        (Int64(2), fourthV3, "MeetingHeld.host: unknown field"),
        (Int64(0), fourthV2, "MeetingHeld: schema 0 is not a schema version"),
    ])
    func badOrFutureDataIsRefused(schema: Int64, json: String, expected: String) throws {
        let error = #expect(throws: ActaError.self) { try catalog.decode(type: "MeetingHeld", schema: schema, data: try object(json)) }
        #expect(error?.kind == .invalidInput)
        #expect(error?.message.contains(expected) == true, "\(error?.message ?? "")")
    }

    /// Schema 2's `country` was the host country: upcast, it is the host as well as where the
    /// meeting was held. Schema 3 keeps them apart: held in Vienna at the OSCE, no host.
    @Test func aSchema2CountryBecomesTheHost() throws {
        let v2 = try #require(try catalog.decode(type: "MeetingHeld", schema: 2, data: try object(Self.fourthV2)) as? MeetingHeld)
        #expect(v2.host == "MK" && v2.country == "MK" && v2.venue == nil)
        #expect(try MeetingHeld.upcastFromSchema2(try object(Self.fourthV2)) == (try object(Self.fourthV3)))
        let vienna = try object(
            #"{"body":"conference","number":10,"start":"2024-12-17","city":"Vienna","country":"AT","venue":"Hofburg (OSCE)","format":"in-person"}"#
        )
        let v3 = try #require(try catalog.decode(type: "MeetingHeld", schema: 3, data: vienna) as? MeetingHeld)
        #expect(v3.host == nil && v3.country == "AT" && v3.venue == "Hofburg (OSCE)")
        let online = try #require(
            try catalog.decode(
                type: "MeetingHeld",
                schema: 2,
                data: try object(#"{"body":"conference","number":6,"start":"2021-04-27","format":"online"}"#)
            ) as? MeetingHeld
        )
        #expect(online.host == nil)
    }

    @Test func typesStillAtSchema1DecodeAndRefuseNewerSchemas() throws {
        let data = try object(#"{"country":"GR","date":"2018-06-30","body":"conference","meeting":4}"#)
        #expect(try catalog.decode(type: "MemberInvited", schema: 1, data: data) is MemberInvited)
        let error = #expect(throws: ActaError.self) { try catalog.decode(type: "MemberInvited", schema: 2, data: data) }
        #expect(error?.message.contains("MemberInvited: schema 2 is newer") == true)
        #expect(throws: ActaError.self) { try catalog.decode(type: "Nope", schema: 1, data: data) }
    }

    /// A store written when MeetingHeld was at schema 1: restored from an export line (the
    /// path that keeps a line's schema and hashes), then read back through the catalog.
    @Test func aMeetingStoredAtSchema1StillDecodes() throws {
        let store = try TempStore()
        let data = CanonicalJSON.encode(try JSONParser.parse(Self.fourthV1))
        let dataHash = Hex.encode(Digest.sha256(data))
        let id = "0190f2a4-0000-7000-8000-000000000001"
        let recorded = Timestamp.now()
        let canonical = Entry.canonicalEntry(
            position: 1,
            id: id,
            stream: "meeting/conference/4",
            version: 1,
            type: "MeetingHeld",
            schema: 1,
            occurred: "2018-06-30",
            recorded: recorded,
            actor: "secretariat",
            meta: "{}",
            dataHash: dataHash
        )
        let hash = Entry.leafHash(canonical)
        let chain = Entry.chainHash(previous: Entry.genesisChain, leaf: hash)
        let line: JSONValue = [
            "position": 1, "id": .string(id), "stream": "meeting/conference/4", "version": 1, "type": "MeetingHeld", "schema": 1,
            "occurred": "2018-06-30", "recorded": .string(recorded), "actor": "secretariat", "meta": [:],
            "data_hash": .string(dataHash), "data": try JSONParser.parse(Self.fourthV1), "hash": .string(Hex.encode(hash)),
            "chain": .string(Hex.encode(chain)),
        ]
        let result = try store.log.importJSONLines(CanonicalJSON.encode(line), defaultActor: "tester")
        #expect(result.restored == 1)
        #expect(try store.log.verify().isIntact)
        let entry = try #require(try store.log.entry(at: 1))
        #expect(entry.schema == 1)
        let meeting = try #require(try catalog.decode(entry) as? MeetingHeld)
        #expect(meeting == (try MeetingHeld.decode(try object(Self.fourthV3))))

        // A new append of the same meeting (in another store: the meeting is held once) is
        // recorded at schema 3, and both read the same.
        let other = try TempStore()
        let appended = try other.log.append(
            NewEvent(type: "MeetingHeld", stream: "meeting/conference/4", data: try JSONParser.parse(Self.fourthV3), actor: "tester")
        )
        let second = try #require(try other.log.entry(at: appended.position))
        #expect(second.schema == 3)
        #expect(try catalog.decode(second) as? MeetingHeld == meeting)
    }

    @Test func aDecodingErrorNamesThePosition() throws {
        let store = try TempStore(catalog: OpenCatalog())
        _ = try store.log.append(NewEvent(type: "MeetingHeld", stream: "meeting/conference/4", data: ["body": "conference"], actor: "tester"))
        let entry = try #require(try store.log.entry(at: 1))
        let error = #expect(throws: ActaError.self) { try catalog.decode(entry) }
        #expect(error?.message.hasPrefix("position 1: MeetingHeld.") == true, "\(error?.message ?? "")")
    }
}

/// AccessTokenIssued moved to schema 2 with a scope; schema-1 tokens read as read tokens.
@Suite struct AccessTokenUpcastTests {
    static let sha = String(repeating: "a", count: 64)

    @Test func aSchema1TokenIsAReadToken() throws {
        let token = try #require(
            try OCPSCatalog().decode(type: "AccessTokenIssued", schema: 1, data: ["name": "mfa-al", "sha256": .string(Self.sha)])
                as? AccessTokenIssued
        )
        #expect(token.scope == "read")
        #expect(try AccessTokenIssued.upcastFromSchema1(["name": "mfa-al", "sha256": .string(Self.sha)])["scope"] == "read")
        // Schema 1 had no scope: one written there is refused.
        #expect(throws: ActaError.self) { try AccessTokenIssued.upcastFromSchema1(["name": "x", "sha256": .string(Self.sha), "scope": "calendar"]) }
    }

    @Test func aNewTokenTakesAScopeOfTheCatalog() throws {
        let catalog = OCPSCatalog()
        #expect(
            try catalog.validate(type: "AccessTokenIssued", data: ["name": "phone", "sha256": .string(Self.sha), "scope": "calendar"]).schema == 2
        )
        #expect(throws: ActaError.self) {
            try catalog.validate(type: "AccessTokenIssued", data: ["name": "phone", "sha256": .string(Self.sha), "scope": "write"])
        }
    }
}
