import ActaEvents
import ActaLog
import Testing

/// `acta append TYPE field=value …`: pairs typed by the catalog.
@Suite struct FieldValuesTests {
    @Test func pairsAreTypedByTheCatalog() throws {
        let data = try FieldValues.parse(
            type: "MeetingHeld",
            ["number=4", "start=2018-06-30", "participants=RS, MK", "city=Skopje", "body=conference", "format=in-person"]
        )
        #expect(
            data == [
                "number": 4, "start": "2018-06-30", "participants": ["RS", "MK"], "city": "Skopje", "body": "conference", "format": "in-person",
            ]
        )
        _ = try OCPSCatalog().validate(type: "MeetingHeld", data: data)
    }

    @Test func booleansObjectsEmptyListsAndEqualsSignsInValues() throws {
        let v1 = try FieldValues.parse(type: "MeetingHeld", ["participants=", "title=a=b"])
        #expect(v1 == ["participants": [], "title": "a=b"])
        let correction = try FieldValues.parse(
            type: "EntryCorrected",
            ["corrects=12", #"changes={"city":"Skopje","number":4}"#, "reason=The minutes say Skopje."]
        )
        #expect(correction == ["corrects": 12, "changes": ["city": "Skopje", "number": 4], "reason": "The minutes say Skopje."])
        let reported = try FieldValues.parse(type: "MembershipReported", ["offices=-1"])
        #expect(reported == ["offices": -1], "the range is the catalog's to check")
    }

    /// A list takes one item per pair, repeated, or a JSON array; text is never split at
    /// commas (the issue's document became three), country codes still are.
    @Test func listsTakeRepeatedPairsOrAJSONArrayAndTextIsNeverSplitAtCommas() throws {
        let title = "Criminal Procedure Code, Articles 161-187 (TEST, fictional)"
        let one = try FieldValues.parse(type: "LegalProvisionsSubmitted", ["documents=\(title)"])
        #expect(one == ["documents": [.string(title)]])
        let two = try FieldValues.parse(
            type: "LegalProvisionsSubmitted",
            ["documents=\(title)", "country=RS", "documents=Law on the Public Prosecution, Article 3"]
        )
        #expect(two["documents"] == [.string(title), "Law on the Public Prosecution, Article 3"])
        let array = try FieldValues.parse(type: "LegalProvisionsSubmitted", [#"documents=["Criminal Code, Art. 1", "Law, Art. 2"]"#])
        #expect(array["documents"] == ["Criminal Code, Art. 1", "Law, Art. 2"])
        let countries = try FieldValues.parse(type: "MeetingHeld", ["participants=RS, MK", "participants=AL", #"participants=["GR"]"#])
        #expect(countries["participants"] == ["RS", "MK", "AL", "GR"])
        // A wrong item is named by its place across the pairs.
        let data = try FieldValues.parse(
            type: "MeetingHeld",
            ["body=conference", "number=4", "start=2018-06-30", "format=in-person", "participants=RS", "participants=MK,Skopje"]
        )
        let error = #expect(throws: ActaError.self) { try OCPSCatalog().validate(type: "MeetingHeld", data: data) }
        #expect(error?.message.contains("MeetingHeld.participants[2]") == true, "\(error?.message ?? "")")
    }

    @Test(arguments: [
        ("MeetingHeld", ["number=4", "colour=red"], "MeetingHeld.colour: unknown field; the fields are body, number"),
        ("MeetingHeld", ["number=four"], "MeetingHeld.number: \"four\" is not an integer"),
        ("MeetingHeld", ["number=4.5"], "MeetingHeld.number: \"4.5\" is not an integer"),
        ("MeetingHeld", ["number="], "MeetingHeld.number: \"\" is not an integer"),
        ("MeetingHeld", ["number=4", "number=5"], "MeetingHeld.number: given twice"),
        ("MeetingHeld", ["number4"], "MeetingHeld: \"number4\" is not field=value"),
        ("MeetingHeld", ["=4"], "MeetingHeld.: unknown field"),
        ("EntryCorrected", ["changes={city:Skopje}"], "EntryCorrected.changes: not JSON"),
        ("EntryCorrected", ["changes=[1,2]"], "EntryCorrected.changes: expected a JSON object"),
        (
            "LegalProvisionsSubmitted", ["documents=", "documents=c"],
            "LegalProvisionsSubmitted.documents: an empty list (documents=) cannot be combined with items"
        ),
        ("LegalProvisionsSubmitted", ["documents=[\"a\""], "LegalProvisionsSubmitted.documents: not a JSON array"),
        ("LegalProvisionsSubmitted", ["documents=[a, b]"], "LegalProvisionsSubmitted.documents: not a JSON array"),
        ("MeetingHeld", ["participants=[]", "participants=RS"], "MeetingHeld.participants: an empty list"),
        ("Nope", ["a=b"], "unknown event type \"Nope\""),
    ])
    func badPairsAreRefusedInOneLine(type: String, pairs: [String], expected: String) throws {
        let error = #expect(throws: ActaError.self) { try FieldValues.parse(type: type, pairs) }
        #expect(error?.kind == .invalidInput)
        #expect(error?.message.contains(expected) == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("\n") == false)
    }

    @Test func valuesAreOnlyTypedHereAndCheckedByTheCatalog() throws {
        let data = try FieldValues.parse(
            type: "MeetingHeld",
            ["body=conference", "number=4", "start=2018-06-30", "format=in-person", "participants=RS,,MK"]
        )
        #expect(data["participants"] == ["RS", "", "MK"])
        let error = #expect(throws: ActaError.self) { try OCPSCatalog().validate(type: "MeetingHeld", data: data) }
        #expect(error?.message.contains("MeetingHeld.participants[1]") == true, "\(error?.message ?? "")")
    }
}
