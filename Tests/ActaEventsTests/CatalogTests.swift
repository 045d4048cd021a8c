import ActaEvents
import ActaLog
import Testing

@Suite struct CatalogTests {
    let catalog = OCPSCatalog()

    func validate(_ type: String, _ json: String) throws -> ValidatedData {
        try catalog.validate(type: type, data: try JSONParser.parse(json).objectValue!)
    }

    /// A country code written another way names the code meant; a guess between several
    /// codes a letter away is not offered.
    @Test(arguments: [("UK", "GB"), ("EL", "GR"), ("MOL", "MD"), ("md", "MD"), ("Mk", "MK"), ("SRB", "RS"), ("bih", "BA"), ("RZ", nil), ("XYZ", nil)])
    func aCountryCodeWrittenAnotherWayNamesTheCodeMeant(written: String, meant: String?) {
        #expect(Countries.meant(by: written) == meant)
    }

    @Test(arguments: [
        ("MeetingHold", "MeetingHeld"), ("meetingheld", "MeetingHeld"), ("MeetingHled", "MeetingHeld"), ("ActionItemClose", "ActionItemClosed"),
        ("MemberJoin", "MemberJoined"), ("EntryRetract", "EntryRetracted"), ("Meeting", nil), ("Decision", nil),
    ])
    func aMisspelledTypeNamesTheClosestType(written: String, meant: String?) {
        let error = #expect(throws: ActaError.self) { try OCPSCatalog.require(written) }
        #expect(error?.kind == .invalidInput)
        if let meant {
            #expect(error?.message == "unknown event type \"\(written)\": did you mean \(meant)? (see `acta types`)")
        } else {
            #expect(
                error?.message.hasPrefix("unknown event type \"\(written)\"; known types: DeclarationSigned, MeetingHeld,") == true,
                "\(error?.message ?? "")"
            )
        }
    }

    @Test func theFourthMeetingIsValid() throws {
        let v = try validate(
            "MeetingHeld",
            #"{"body":"conference","number":4,"start":"2018-06-30","city":"Skopje","country":"MK","format":"in-person"}"#
        )
        #expect(v.schema == 3)
        #expect(v.occurred == "2018-06-30")
        let online = try validate("MeetingHeld", #"{"body":"executive-board","number":5,"start":"2020-11-12","format":"online","platform":"Zoom"}"#)
        #expect(online.occurred == "2020-11-12")
    }

    @Test(arguments: [
        (
            "MeetingHeld", #"{"body":"conference","number":4,"start":"2018-06-30","end":"2018-06-29","format":"in-person"}"#,
            "MeetingHeld.end: 2018-06-29 is before the start"
        ),
        ("MeetingHeld", #"{"body":"board","number":4,"start":"2018-06-30","format":"in-person"}"#, "MeetingHeld.body: \"board\" is not one of"),
        ("MeetingHeld", #"{"body":"conference","number":0,"start":"2018-06-30","format":"in-person"}"#, "MeetingHeld.number: 0 is out of range"),
        ("MeetingHeld", #"{"body":"conference","number":4.5,"start":"2018-06-30","format":"in-person"}"#, "expected an integer, got a fraction"),
        (
            "MeetingHeld", #"{"body":"conference","number":4,"start":"30/06/2018","format":"in-person"}"#,
            "MeetingHeld.start: 30/06/2018 is not in the form YYYY-MM-DD"
        ),
        (
            "MeetingHeld", #"{"body":"conference","number":4,"start":"2018-06-30","format":"in-person","participants":["RS","rs"]}"#,
            "MeetingHeld.participants[1]"
        ),
        (
            "MeetingHeld", #"{"body":"conference","number":4,"start":"2018-06-30","format":"in-person","platform":"Zoom"}"#,
            "in-person meeting has no platform"
        ),
        ("OutcomeAdopted", #"{"body":"conference","meeting":4,"ordinal":1,"kind":"decision","text":"  "}"#, "OutcomeAdopted.text: is empty"),
        ("OutcomeAdopted", #"{"body":"conference","meeting":4,"ordinal":1,"kind":"wish","text":"x"}"#, "OutcomeAdopted.kind"),
        ("OutcomeAdopted", #"{"body":"conference","meeting":4,"ordinal":1,"kind":"decision","text":123}"#, "expected text, got number"),
        ("MemberInvited", #"{"country":"Greece","date":"2018-06-30"}"#, "MemberInvited.country"),
        ("MemberInvited", #"{"country":"GR","date":"2018-06-30","body":"conference"}"#, "body and meeting go together"),
        (
            "LegalProvisionsSubmitted", #"{"country":"RS","office":"Prosecutor's Office for Organized Crime","date":"2018-08-20","documents":[]}"#,
            "lists no document"
        ),
        (
            "LegalProvisionsSubmitted", #"{"country":"RS","date":"2018-08-20","documents":["Criminal Code"]}"#,
            "LegalProvisionsSubmitted.office: required field is missing"
        ),
        ("LegalProvisionsSubmitted", #"{"country":"RS","office":"x","date":"2019-02-29","documents":["Criminal Code"]}"#, "not a real date"),
    ])
    func badDataIsRefusedNamingTheField(type: String, json: String, expected: String) throws {
        let error = #expect(throws: ActaError.self) { try validate(type, json) }
        #expect(error?.kind == .invalidInput)
        #expect(error?.message.contains(expected) == true, "\(error?.message ?? "")")
    }

    /// Replays decode logged data parsed straight into the fields' order; appends check a
    /// parsed object. Both refuse the same data with the same message, and agree on the rest.
    @Test(arguments: [
        ("MeetingHeld", #"{"body":"conference","number":4,"start":"2018-06-30","end":"2018-06-29","format":"in-person"}"#),
        ("MeetingHeld", #"{"body":"conference","number":4,"start":"2018-06-30","format":"in-person","participants":["RS","rs"]}"#),
        ("OutcomeAdopted", #"{"body":"conference","meeting":4,"ordinal":1,"kind":"decision","text":"  "}"#),
        ("OutcomeAdopted", #"{"body":"conference","meeting":4,"ordinal":1,"kind":"decision","text":123}"#),
        ("OutcomeAdopted", #"{"body":"conference","meeting":4,"ordinal":1,"kind":"decision","text":"x","zeta":1,"alpha":2}"#),
        ("OutcomeAdopted", #"{"body":"conference","meeting":4,"kind":"decision","text":"x"}"#),
        ("OutcomeAdopted", #"{"body":"conference","meeting":4,"ordinal":1,"kind":"decision","text":"x","date":null}"#),
        ("MemberInvited", #"{"country":"GR","date":"2018-06-30","body":"conference"}"#),
        ("LegalProvisionsSubmitted", #"{"country":"RS","office":"x","date":"2018-08-20","documents":["Criminal Code"]}"#),
    ])
    func loggedDataDecodesAsAppendsCheckIt(type: String, json: String) throws {
        let eventType = try #require(OCPSCatalog.type(named: type))
        let bytes = Array(json.utf8)
        var byObject: Result<String, ActaError>
        do { byObject = .success(String(describing: try eventType.decode(try JSONParser.parse(bytes).objectValue!))) } catch let e as ActaError {
            byObject = .failure(e)
        }
        var byFields: Result<String, ActaError>
        do { byFields = .success(String(describing: try #require(try eventType.decode(currentSchemaData: bytes)))) } catch let e as ActaError {
            byFields = .failure(e)
        }
        switch (byObject, byFields) {
        case (.success(let a), .success(let b)): #expect(a == b)
        case (.failure(let a), .failure(let b)): #expect(a.message == b.message && a.kind == b.kind)
        default: Issue.record("the two paths disagree: \(byObject) and \(byFields)")
        }
    }

    /// Text is checked eight bytes at a time: a control character or DEL is refused, and a
    /// visible character counted, in every lane and in the bytes after the last whole word.
    @Test func textIsCheckedAtEveryOffset() throws {
        func outcome(_ text: String) throws -> ValidatedData {
            var data = try JSONParser.parse(#"{"body":"conference","meeting":4,"ordinal":1,"kind":"decision","text":"x"}"#).objectValue!
            data["text"] = .string(text)
            return try catalog.validate(type: "OutcomeAdopted", data: data)
        }
        for offset in 0..<20 {
            let before = String(repeating: " ", count: offset)
            let after = String(repeating: " ", count: 11)
            for bad in ["\u{1}", "\u{1F}", "\u{7F}", "\r"] {
                let error = #expect(throws: ActaError.self) { try outcome("Skopje" + before + bad + after) }
                #expect(error?.message.contains("control characters") == true, "\(offset): \(error?.message ?? "")")
            }
            _ = try outcome(before + "\t\n" + after + "ok")
            _ = try outcome(before + "x" + after)  // one visible character anywhere is enough
            _ = try outcome(before + "é" + after)
            let blank = #expect(throws: ActaError.self) { try outcome(before + "\t" + after) }
            #expect(blank?.message.contains("is empty") == true, "\(offset): \(blank?.message ?? "")")
        }
    }

    /// C1 controls and bidirectional overrides show other text than is held: refused in new
    /// events, at any depth, naming the field; an event logged before this still decodes.
    @Test func hiddenControlsAreRefusedInNewEventsAndStillReadInLoggedOnes() throws {
        for (field, text, code) in [
            ("office", "Evil\u{202E}gnp.exe office", "U+202E (a bidirectional control)"),
            ("office", "Next\u{85}line", "U+85 (a C1 control)"),
            ("office", "Isolé\u{2066}x", "U+2066 (a bidirectional control)"),
        ] {
            let data: [String: JSONValue] = ["country": "GR", "date": "2026-11-20", field: .string(text)]
            let error = #expect(throws: ActaError.self) { try catalog.validate(type: "MemberInvited", data: data) }
            #expect(error?.kind == .invalidInput)
            #expect(error?.message == "MemberInvited.\(field): contains the control character \(code)", "\(error?.message ?? "")")
            // As the log holds it (recorded before the check): read, not refused.
            let logged = try catalog.decode(type: "MemberInvited", schema: 1, data: data)
            #expect((logged as? MemberInvited)?.office == text)
        }
        let nested: [String: JSONValue] = ["corrects": 3, "changes": ["office": "a\u{202D}b"], "reason": "r"]
        let error = #expect(throws: ActaError.self) { try catalog.validate(type: "EntryCorrected", data: nested) }
        #expect(error?.message == "EntryCorrected.changes: contains the control character U+202D (a bidirectional control)")
        // Greek, Cyrillic, accents: text, not controls.
        _ = try catalog.validate(
            type: "MemberInvited",
            data: ["country": "GR", "date": "2026-11-20", "office": "Εισαγγελία Ελλάδας, Тужилаштво, Procura è"]
        )
    }

    @Test func loggedDataThatIsNotAnObjectOrNotJSONIsRefused() throws {
        #expect(try OutcomeAdopted.decode(currentSchemaData: Array("[1]".utf8)) == nil)
        let duplicate = #expect(throws: ActaError.self) {
            try OutcomeAdopted.decode(currentSchemaData: Array(#"{"body":"conference","body":"conference"}"#.utf8))
        }
        #expect(duplicate?.message.contains("duplicate key \"body\"") == true, "\(duplicate?.message ?? "")")
        let broken = #expect(throws: ActaError.self) { try OutcomeAdopted.decode(currentSchemaData: Array(#"{"body":"#.utf8)) }
        #expect(broken?.message.contains("invalid JSON at byte") == true, "\(broken?.message ?? "")")
    }

    @Test func countryCodesAreISO3166AndEUMembershipIsDated() {
        #expect(Countries.codes.count == 250)
        for code in ["AT", "AL", "BA", "BG", "HR", "GR", "HU", "IT", "MK", "ME", "RO", "RS", "SI", "DE"] { #expect(Countries.isCode(code)) }
        #expect(!Countries.isCode("UK"))
        #expect(!Countries.isCode("EL"))
        #expect(Countries.isEU("HU", on: "2019-06-04"))
        #expect(!Countries.isEU("MK", on: "2018-06-30"))
        #expect(!Countries.isEU("HR", on: "2012-01-01"))
        #expect(Countries.isEU("HR", on: "2017-10-12"))
    }
}
