import ActaEvents
import ActaLog
import Testing

/// Every type of the catalog: valid data is accepted with the right `occurred`, and each
/// class of bad input is refused with a one-line message naming `Type.field`.
@Suite struct EventTypesTests {
    let catalog = OCPSCatalog()

    func validate(_ type: String, _ json: String) throws -> ValidatedData {
        try catalog.validate(type: type, data: try JSONParser.parse(json).objectValue!)
    }

    @Test(arguments: [
        (
            "DeclarationSigned",
            #"{"date":"2016-05-26","city":"Belgrade","country":"RS","signatories":["AL","BA","BG","HR","IT","MK","ME","RO","RS","SI"],"title":"Declaration of Intent","occasion":"OSCE conference"}"#,
            "2016-05-26"
        ),
        (
            "ActionItemOpened",
            #"{"item":"conference-4-3","task":"Submit the legal provisions","owner":"members","date":"2018-06-30","due":"2018-09-01","body":"conference","meeting":4,"ordinal":3}"#,
            "2018-06-30"
        ),
        ("ActionItemOpened", #"{"item":"it.platform_2","task":"Set up the platform","owner":"IT","date":"2018-06-30"}"#, "2018-06-30"),
        ("ActionItemClosed", #"{"item":"conference-4-3","date":"2018-09-01","resolution":"done","note":"All members answered."}"#, "2018-09-01"),
        ("ActionItemClosed", #"{"item":"conference-4-6","date":"2019-01-10","resolution":"cancelled"}"#, "2019-01-10"),
        (
            "DeadlineChanged", #"{"item":"conference-4-3","due":"2018-10-01","date":"2018-08-20","reason":"Members asked for a month more."}"#,
            "2018-08-20"
        ),
        ("MemberJoined", #"{"country":"GR","office":"Greece's office","date":"2021-04-27"}"#, "2021-04-27"),
        ("MemberJoined", #"{"country":"BG","office":"Sofia Appellate Prosecutor's Office","date":"2022-07-01","precision":"month"}"#, "2022-07-01"),
        (
            "MemberLeft", #"{"country":"BG","office":"Specialised Prosecutor's Office","date":"2022-07-01","reason":"closed","precision":"month"}"#,
            "2022-07-01"
        ),
        (
            "BoardSeatFilled",
            #"{"seat":"secretariat-host","country":"RS","from":"2018-06-30","representative":"A. Person","office":"Prosecutor's Office for Organized Crime"}"#,
            "2018-06-30"
        ),
        ("BoardSeatVacated", #"{"seat":"previous-host","country":"IT","until":"2019-06-04","reason":"rotation"}"#, "2019-06-04"),
        ("HostDesignated", #"{"body":"conference","meeting":5,"country":"HU","date":"2018-06-30","city":"Budapest"}"#, "2018-06-30"),
        ("HostApproached", #"{"body":"conference","meeting":5,"country":"HU","date":"2018-06-30","by":"Secretariat"}"#, "2018-06-30"),
        (
            "SecretariatHosted",
            #"{"office":"Prosecutor's Office for Organized Crime","country":"RS","from":"2017-10-13","term":4,"until":"2021-12-06"}"#, "2017-10-13"
        ),
        (
            "SecretariatHosted", #"{"office":"Sofia Appellate Prosecutor's Office","country":"BG","from":"2022-07-01","precision":"month"}"#,
            "2022-07-01"
        ),
        (
            "StaffAppointed",
            #"{"name":"Miljko Radisavljević","role":"head","office":"Prosecutor's Office for Organized Crime","from":"2017-10-13"}"#, "2017-10-13"
        ),
        ("StaffLeft", #"{"name":"Dragana Stojanović","role":"assistant","until":"2023-02-22"}"#, "2023-02-22"),
        (
            "LegalProvisionsRequested",
            #"{"request":"conference/4#3","deadline":"2018-09-01","date":"2018-06-30","body":"conference","meeting":4,"ordinal":3}"#, "2018-06-30"
        ),
        ("MembershipReported", #"{"date":"2020-07-08","offices":13}"#, "2020-07-08"),
        (
            "MembershipReported",
            #"{"date":"2026-11-29","offices":14,"countries":13,"members":["AT","AL","BA","BG","HR","GR","HU","IT","MK","ME","RO","RS","SI"]}"#,
            "2026-11-29"
        ),
        ("IntentToJoinAnnounced", #"{"country":"AT","date":"2021-04-27","body":"conference","meeting":6}"#, "2021-04-27"),
        (
            "SourceConflictNoted",
            #"{"stream":"conference","event":"DeclarationSigned","field":"date","value":"2016-05-27","id":"0bc3c5a1-e839-546b-aa55-01a3511e8ab3","date":"2021-12-07"}"#,
            "2021-12-07"
        ),
        ("MeetingHeld", #"{"body":"conference","number":2,"start":"2016-11-01","precision":"month","format":"in-person"}"#, "2016-11-01"),
    ])
    func validDataIsAccepted(type: String, json: String, occurred: String) throws {
        let v = try validate(type, json)
        #expect(v.occurred == occurred)
        #expect(v.schema == OCPSCatalog.type(named: type)!.schema)
    }

    @Test func aCorrectionHasNoDateOfItsOwn() throws {
        let v = try validate("EntryCorrected", #"{"corrects":3,"changes":{"city":"Skopje","title":null},"reason":"The minutes say Skopje."}"#)
        #expect(v.occurred == nil)
        let event = try #require(
            try catalog.decode(
                type: "EntryCorrected",
                schema: 1,
                data: try JSONParser.parse(#"{"corrects":3,"changes":{"city":"Skopje"},"reason":"x"}"#).objectValue!
            ) as? EntryCorrected
        )
        #expect(event.changes == ["city": "Skopje"])
        #expect(event.corrects == 3)
    }

    @Test(arguments: [
        // Missing required fields.
        ("DeclarationSigned", #"{"date":"2016-05-26","country":"RS","signatories":["RS"]}"#, "DeclarationSigned.city: required field is missing"),
        ("ActionItemOpened", #"{"item":"a","owner":"members","date":"2018-06-30"}"#, "ActionItemOpened.task: required field is missing"),
        ("ActionItemClosed", #"{"item":"a","date":"2018-06-30"}"#, "ActionItemClosed.resolution: required field is missing"),
        ("DeadlineChanged", #"{"item":"a","date":"2018-06-30"}"#, "DeadlineChanged.due: required field is missing"),
        ("MemberJoined", #"{"country":"GR","date":"2021-04-27"}"#, "MemberJoined.office: required field is missing"),
        ("MemberLeft", #"{"office":"x","date":"2021-04-27"}"#, "MemberLeft.country: required field is missing"),
        ("BoardSeatFilled", #"{"seat":"present-host","country":"MK"}"#, "BoardSeatFilled.from: required field is missing"),
        ("BoardSeatVacated", #"{"country":"MK","until":"2019-06-04"}"#, "BoardSeatVacated.seat: required field is missing"),
        ("HostDesignated", #"{"body":"conference","country":"HU","date":"2018-06-30"}"#, "HostDesignated.meeting: required field is missing"),
        ("SecretariatHosted", #"{"office":"x","from":"2017-10-13"}"#, "SecretariatHosted.country: required field is missing"),
        ("StaffAppointed", #"{"name":"x","from":"2017-10-13"}"#, "StaffAppointed.role: required field is missing"),
        ("StaffLeft", #"{"name":"x","role":"head"}"#, "StaffLeft.until: required field is missing"),
        (
            "LegalProvisionsRequested", #"{"request":"conference/4#3","date":"2018-06-30"}"#,
            "LegalProvisionsRequested.deadline: required field is missing"
        ),
        ("EntryCorrected", #"{"corrects":3,"changes":{"city":"Skopje"}}"#, "EntryCorrected.reason: required field is missing"),
        ("MembershipReported", #"{"offices":13}"#, "MembershipReported.date: required field is missing"),
        ("IntentToJoinAnnounced", #"{"country":"AT"}"#, "IntentToJoinAnnounced.date: required field is missing"),
        (
            "SourceConflictNoted", #"{"stream":"conference","event":"DeclarationSigned","field":"date"}"#,
            "SourceConflictNoted.value: required field is missing"
        ),
        ("MeetingHeld", #"{"body":"conference","number":4,"start":"2018-06-30","format":null}"#, "MeetingHeld.format: required field is missing"),
        // Wrong JSON type.
        (
            "DeclarationSigned", #"{"date":"2016-05-26","city":"Belgrade","country":"RS","signatories":"RS"}"#,
            "DeclarationSigned.signatories: expected a list, got string"
        ),
        (
            "ActionItemOpened", #"{"item":"a","task":"t","owner":"o","date":"2018-06-30","meeting":"4","body":"conference"}"#,
            "ActionItemOpened.meeting: expected an integer, got string"
        ),
        ("ActionItemClosed", #"{"item":7,"date":"2018-06-30","resolution":"done"}"#, "ActionItemClosed.item: expected text, got number"),
        (
            "SecretariatHosted", #"{"office":"x","country":"RS","from":"2017-10-13","term":4.5}"#,
            "SecretariatHosted.term: expected an integer, got a fraction"
        ),
        ("StaffAppointed", #"{"name":["x"],"role":"head","from":"2017-10-13"}"#, "StaffAppointed.name: expected text, got array"),
        ("EntryCorrected", #"{"corrects":3,"changes":"city=Skopje","reason":"x"}"#, "EntryCorrected.changes: expected a JSON object, got string"),
        ("EntryCorrected", #"{"corrects":"3","changes":{"city":"Skopje"},"reason":"x"}"#, "EntryCorrected.corrects: expected an integer, got string"),
        ("MembershipReported", #"{"date":"2020-07-08","offices":true}"#, "MembershipReported.offices: expected an integer, got boolean"),
        (
            "HostDesignated", #"{"body":"conference","meeting":5,"country":"HU","date":20180630}"#,
            "HostDesignated.date: expected a date YYYY-MM-DD, got number"
        ),
        // Impossible dates.
        (
            "DeclarationSigned", #"{"date":"2016-02-30","city":"Belgrade","country":"RS","signatories":["RS"]}"#,
            "DeclarationSigned.date: 2016-02-30 is not a real date"
        ),
        (
            "ActionItemOpened", #"{"item":"a","task":"t","owner":"o","date":"2018-06-30","due":"2018-02-30"}"#,
            "ActionItemOpened.due: 2018-02-30 is not a real date"
        ),
        ("ActionItemClosed", #"{"item":"a","date":"2018-13-01","resolution":"done"}"#, "ActionItemClosed.date: 2018-13-01 is not a real date"),
        ("DeadlineChanged", #"{"item":"a","due":"2019-02-29","date":"2018-06-30"}"#, "DeadlineChanged.due: 2019-02-29 is not a real date"),
        ("MemberJoined", #"{"country":"GR","office":"x","date":"2021-4-27"}"#, "MemberJoined.date: 2021-4-27 is not in the form YYYY-MM-DD"),
        ("BoardSeatFilled", #"{"seat":"present-host","country":"MK","from":"2018-06-31"}"#, "BoardSeatFilled.from: 2018-06-31 is not a real date"),
        (
            "BoardSeatVacated", #"{"seat":"present-host","country":"MK","until":"30/06/2018"}"#,
            "BoardSeatVacated.until: 30/06/2018 is not in the form YYYY-MM-DD"
        ),
        (
            "SecretariatHosted", #"{"office":"x","country":"RS","from":"2017-10-13","until":"2021-02-30"}"#,
            "SecretariatHosted.until: 2021-02-30 is not a real date"
        ),
        ("StaffLeft", #"{"name":"x","role":"head","until":"2023-02-29"}"#, "StaffLeft.until: 2023-02-29 is not a real date"),
        (
            "LegalProvisionsRequested", #"{"request":"r","deadline":"2018-09-31","date":"2018-06-30"}"#,
            "LegalProvisionsRequested.deadline: 2018-09-31 is not a real date"
        ),
        ("MembershipReported", #"{"date":"2020-00-08","offices":13}"#, "MembershipReported.date: 2020-00-08 is not a real date"),
        (
            "SourceConflictNoted", #"{"stream":"s","event":"DeclarationSigned","field":"date","value":"v","date":"2021-12-32"}"#,
            "SourceConflictNoted.date: 2021-12-32 is not a real date"
        ),
        // Bad country codes.
        (
            "DeclarationSigned", #"{"date":"2016-05-26","city":"Belgrade","country":"RS","signatories":["RS","UK"]}"#,
            "DeclarationSigned.signatories[1]: \"UK\" is not an ISO 3166-1 alpha-2 country code"
        ),
        ("MemberJoined", #"{"country":"Greece","office":"x","date":"2021-04-27"}"#, "MemberJoined.country: \"Greece\" is not an ISO 3166-1"),
        ("MemberLeft", #"{"country":"bg","office":"x","date":"2022-07-01"}"#, "MemberLeft.country: \"bg\" is not an ISO 3166-1"),
        ("BoardSeatFilled", #"{"seat":"present-host","country":"EL","from":"2018-06-30"}"#, "BoardSeatFilled.country: \"EL\" is not an ISO 3166-1"),
        (
            "HostDesignated", #"{"body":"conference","meeting":5,"country":"HUN","date":"2018-06-30"}"#,
            "HostDesignated.country: \"HUN\" is not an ISO 3166-1"
        ),
        ("SecretariatHosted", #"{"office":"x","country":"YU","from":"2017-10-13"}"#, "SecretariatHosted.country: \"YU\" is not an ISO 3166-1"),
        ("MembershipReported", #"{"date":"2021-12-06","members":["AT","XX"]}"#, "MembershipReported.members[1]: \"XX\" is not an ISO 3166-1"),
        ("IntentToJoinAnnounced", #"{"country":"Austria","date":"2021-04-27"}"#, "IntentToJoinAnnounced.country: \"Austria\" is not an ISO 3166-1"),
        // Bad enumerations.
        (
            "ActionItemOpened", #"{"item":"a","task":"t","owner":"o","date":"2018-06-30","body":"board","meeting":1}"#,
            "ActionItemOpened.body: \"board\" is not one of conference, executive-board, other"
        ),
        (
            "ActionItemClosed", #"{"item":"a","date":"2018-06-30","resolution":"closed"}"#,
            "ActionItemClosed.resolution: \"closed\" is not one of done, cancelled"
        ),
        ("BoardSeatFilled", #"{"seat":"chair","country":"MK","from":"2018-06-30"}"#, "BoardSeatFilled.seat: \"chair\" is not one of previous-host"),
        (
            "BoardSeatVacated", #"{"seat":"Present-Host","country":"MK","until":"2019-06-04"}"#,
            "BoardSeatVacated.seat: \"Present-Host\" is not one of"
        ),
        (
            "HostDesignated", #"{"body":"Conference","meeting":5,"country":"HU","date":"2018-06-30"}"#,
            "HostDesignated.body: \"Conference\" is not one of"
        ),
        (
            "StaffAppointed", #"{"name":"x","role":"president","from":"2017-10-13"}"#,
            "StaffAppointed.role: \"president\" is not one of head, deputy-head, assistant, other"
        ),
        ("StaffLeft", #"{"name":"x","role":"deputy","until":"2023-02-22"}"#, "StaffLeft.role: \"deputy\" is not one of"),
        (
            "LegalProvisionsRequested", #"{"request":"r","deadline":"2018-09-01","date":"2018-06-30","body":"plenary","meeting":4}"#,
            "LegalProvisionsRequested.body: \"plenary\" is not one of"
        ),
        (
            "MemberJoined", #"{"country":"GR","office":"x","date":"2021-04-01","precision":"week"}"#,
            "MemberJoined.precision: \"week\" is not one of day, month, year"
        ),
        // Out of range.
        (
            "SecretariatHosted", #"{"office":"x","country":"RS","from":"2017-10-13","term":0}"#,
            "SecretariatHosted.term: 0 is out of range (integer 1…20)"
        ),
        ("SecretariatHosted", #"{"office":"x","country":"RS","from":"2017-10-13","term":21}"#, "SecretariatHosted.term: 21 is out of range"),
        ("EntryCorrected", #"{"corrects":0,"changes":{"city":"Skopje"},"reason":"x"}"#, "EntryCorrected.corrects: 0 is out of range (integer ≥ 1)"),
        (
            "ActionItemOpened", #"{"item":"a","task":"t","owner":"o","date":"2018-06-30","body":"conference","meeting":4,"ordinal":0}"#,
            "ActionItemOpened.ordinal: 0 is out of range"
        ),
        ("MembershipReported", #"{"date":"2020-07-08","countries":251}"#, "MembershipReported.countries: 251 is out of range"),
        // Empty text, empty object.
        ("ActionItemOpened", #"{"item":"a","task":"  ","owner":"o","date":"2018-06-30"}"#, "ActionItemOpened.task: is empty"),
        ("EntryCorrected", #"{"corrects":3,"changes":{},"reason":"x"}"#, "EntryCorrected.changes: is an empty object"),
        ("EntryCorrected", #"{"corrects":3,"changes":{"":1},"reason":"x"}"#, "EntryCorrected.changes: \"\" is not a field name"),
        // Cross-field rules.
        (
            "SecretariatHosted", #"{"office":"x","country":"RS","from":"2017-10-13","until":"2017-10-12"}"#,
            "SecretariatHosted.until: 2017-10-12 is before from 2017-10-13"
        ),
        (
            "SecretariatHosted", #"{"office":"x","country":"BG","from":"2022-07-31","precision":"month"}"#,
            "SecretariatHosted.from: 2022-07-31 has month precision, so it must be the 1st of the month (2022-07-01)"
        ),
        (
            "ActionItemOpened", #"{"item":"a","task":"t","owner":"o","date":"2018-06-30","due":"2018-06-29"}"#,
            "ActionItemOpened.due: 2018-06-29 is before the day it was opened"
        ),
        (
            "ActionItemOpened", #"{"item":"a","task":"t","owner":"o","date":"2018-06-30","body":"conference"}"#,
            "ActionItemOpened.meeting: body and meeting go together"
        ),
        (
            "ActionItemOpened", #"{"item":"a","task":"t","owner":"o","date":"2018-06-30","ordinal":3}"#,
            "ActionItemOpened.ordinal: an outcome's ordinal needs the body and meeting"
        ),
        (
            "ActionItemOpened", #"{"item":"conference 4/3","task":"t","owner":"o","date":"2018-06-30"}"#,
            "ActionItemOpened.item: \"conference 4/3\" must be up to 100 letters, digits"
        ),
        (
            "ActionItemClosed", #"{"item":"action/conference-4-3","date":"2018-06-30","resolution":"done"}"#,
            "ActionItemClosed.item: \"action/conference-4-3\" must be"
        ),
        ("DeadlineChanged", #"{"item":"é","due":"2018-10-01","date":"2018-06-30"}"#, "DeadlineChanged.item:"),
        (
            "LegalProvisionsRequested", #"{"request":"r","deadline":"2018-06-29","date":"2018-06-30"}"#,
            "LegalProvisionsRequested.deadline: 2018-06-29 is before the request"
        ),
        (
            "LegalProvisionsRequested", #"{"request":"r","deadline":"2018-09-01","date":"2018-06-30","meeting":4}"#,
            "LegalProvisionsRequested.body: body and meeting go together"
        ),
        ("IntentToJoinAnnounced", #"{"country":"AT","date":"2021-04-27","meeting":6}"#, "IntentToJoinAnnounced.body: body and meeting go together"),
        (
            "DeclarationSigned", #"{"date":"2016-05-26","city":"Belgrade","country":"RS","signatories":[]}"#,
            "DeclarationSigned.signatories: lists no country"
        ),
        (
            "DeclarationSigned", #"{"date":"2016-05-26","city":"Belgrade","country":"RS","signatories":["RS","RS"]}"#,
            "DeclarationSigned.signatories: lists a country twice"
        ),
        ("MembershipReported", #"{"date":"2020-07-08"}"#, "MembershipReported.offices: give at least one of offices, countries and members"),
        (
            "MembershipReported", #"{"date":"2021-12-06","countries":12,"members":["AT","AL"]}"#,
            "MembershipReported.countries: 12 does not match the 2 members listed"
        ),
        (
            "MembershipReported", #"{"date":"2021-12-06","offices":12,"countries":13}"#,
            "MembershipReported.offices: 12 offices cannot come from 13 countries"
        ),
        ("MembershipReported", #"{"date":"2021-12-06","members":["AT","AT"]}"#, "MembershipReported.members: lists a country twice"),
        (
            "MemberLeft", #"{"country":"BG","office":"x","date":"2022-07-15","precision":"year"}"#,
            "MemberLeft.date: 2022-07-15 has year precision, so it must be January 1st"
        ),
        (
            "MeetingHeld", #"{"body":"conference","number":2,"start":"2016-11-15","precision":"month","format":"in-person"}"#,
            "MeetingHeld.start: 2016-11-15 has month precision"
        ),
        (
            "MeetingHeld", #"{"body":"conference","number":2,"start":"2016-11-01","end":"2016-11-02","precision":"month","format":"in-person"}"#,
            "MeetingHeld.end: omit the end when the start is known only to the month"
        ),
        (
            "SourceConflictNoted", #"{"stream":"conference","event":"Declaration","field":"date","value":"2016-05-27"}"#,
            "SourceConflictNoted.event: \"Declaration\" is not an event type of the catalog"
        ),
        (
            "SourceConflictNoted", #"{"stream":"conference","event":"DeclarationSigned","field":"day","value":"2016-05-27"}"#,
            "SourceConflictNoted.field: \"day\" is not a field of DeclarationSigned"
        ),
        (
            "SourceConflictNoted", #"{"stream":"conference","event":"DeclarationSigned","field":"date","value":"2016-05-27","id":"42"}"#,
            "SourceConflictNoted.id: \"42\" is not a UUID"
        ),
        // Unknown fields.
        (
            "DeclarationSigned", #"{"date":"2016-05-26","city":"Belgrade","country":"RS","signatories":["RS"],"place":"x"}"#,
            "DeclarationSigned.place: unknown field"
        ),
        (
            "ActionItemOpened", #"{"item":"a","task":"t","owner":"o","date":"2018-06-30","deadline":"2018-09-01"}"#,
            "ActionItemOpened.deadline: unknown field"
        ),
        ("ActionItemClosed", #"{"item":"a","date":"2018-06-30","resolution":"done","reason":"x"}"#, "ActionItemClosed.reason: unknown field"),
        ("DeadlineChanged", #"{"item":"a","due":"2018-10-01","date":"2018-06-30","note":"x"}"#, "DeadlineChanged.note: unknown field"),
        ("MemberJoined", #"{"country":"GR","office":"x","date":"2021-04-27","body":"conference"}"#, "MemberJoined.body: unknown field"),
        ("MemberLeft", #"{"country":"GR","office":"x","date":"2021-04-27","until":"2021-04-27"}"#, "MemberLeft.until: unknown field"),
        (
            "BoardSeatFilled", #"{"seat":"present-host","country":"MK","from":"2018-06-30","until":"2019-06-04"}"#,
            "BoardSeatFilled.until: unknown field"
        ),
        (
            "BoardSeatVacated", #"{"seat":"present-host","country":"MK","until":"2019-06-04","from":"2018-06-30"}"#,
            "BoardSeatVacated.from: unknown field"
        ),
        (
            "HostDesignated", #"{"body":"conference","meeting":5,"country":"HU","date":"2018-06-30","number":5}"#,
            "HostDesignated.number: unknown field"
        ),
        ("SecretariatHosted", #"{"office":"x","country":"RS","from":"2017-10-13","years":4}"#, "SecretariatHosted.years: unknown field"),
        ("StaffAppointed", #"{"name":"x","role":"head","from":"2017-10-13","until":"2023-02-22"}"#, "StaffAppointed.until: unknown field"),
        ("StaffLeft", #"{"name":"x","role":"head","until":"2023-02-22","office":"x"}"#, "StaffLeft.office: unknown field"),
        (
            "LegalProvisionsRequested", #"{"request":"r","deadline":"2018-09-01","date":"2018-06-30","country":"RS"}"#,
            "LegalProvisionsRequested.country: unknown field"
        ),
        ("EntryCorrected", #"{"corrects":3,"changes":{"city":"Skopje"},"reason":"x","position":3}"#, "EntryCorrected.position: unknown field"),
        ("MembershipReported", #"{"date":"2020-07-08","offices":13,"source":"osce"}"#, "MembershipReported.source: unknown field"),
        ("IntentToJoinAnnounced", #"{"country":"AT","date":"2021-04-27","ordinal":1}"#, "IntentToJoinAnnounced.ordinal: unknown field"),
        (
            "SourceConflictNoted", #"{"stream":"s","event":"MeetingHeld","field":"start","value":"v","source":"x"}"#,
            "SourceConflictNoted.source: unknown field"
        ),
        // Unknown type.
        ("MeetingAdjourned", #"{}"#, "unknown event type \"MeetingAdjourned\"; known types: DeclarationSigned, MeetingHeld"),
    ])
    func badDataIsRefusedNamingTheField(type: String, json: String, expected: String) throws {
        let error = #expect(throws: ActaError.self) { try validate(type, json) }
        #expect(error?.kind == .invalidInput)
        #expect(error?.message.contains(expected) == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("\n") == false)
    }

    @Test func everyTypeIsDocumentedAndRegisteredOnce() {
        let names = OCPSCatalog.types.map { $0.type }
        #expect(Set(names).count == names.count)
        #expect(names.count == 25)
        for type in OCPSCatalog.types {
            #expect(!type.summary.isEmpty && !type.streamPattern.isEmpty && !type.fields.isEmpty, "\(type.type)")
            #expect(Set(type.fields.map(\.name)).count == type.fields.count, "\(type.type) names a field twice")
            for field in type.fields { #expect(!field.doc.isEmpty, "\(type.type).\(field.name)") }
            #expect(type.schema == 1 || type.upcasters.count == Int(type.schema - 1), "\(type.type): one upcaster per older schema")
        }
    }
}
