import ActaEvents
import ActaLog
import Testing

/// `acta types TYPE --template`: each field a placeholder that says whether it is required,
/// what it holds and a valid example; a placeholder left in is refused, naming the field.
@Suite struct TemplateTests {
    let catalog = OCPSCatalog()

    @Test func everyFieldIsMarkedRequiredOrOptionalWithValidExamples() throws {
        for type in OCPSCatalog.types {
            let template = try #require(Template.object(for: type).objectValue)
            #expect(Set(template.keys) == Set(type.fields.map(\.name)), "\(type.type)")
            for field in type.fields {
                let placeholder = try #require(template[field.name]?.stringValue)
                #expect(
                    placeholder.hasPrefix("<\(field.required ? "required" : "optional") \(field.kind): "),
                    "\(type.type).\(field.name): \(placeholder)"
                )
                #expect(Template.isPlaceholder(placeholder))
                if let example = Template.example(of: field, in: type) {
                    #expect(throws: Never.self, "\(type.type).\(field.name): \(example)") { try field.validate(example, in: type.type) }
                    #expect(placeholder.hasSuffix(" e.g. \(example.stringValue ?? String(decoding: CanonicalJSON.encode(example), as: UTF8.self))>"))
                }
            }
        }
        let invited = try #require(Template.object(for: MemberInvited.self).objectValue)
        #expect(invited["date"] == "<required date (YYYY-MM-DD): The day of the invitation (the deciding meeting's date). e.g. 2018-06-30>")
    }

    /// Every field of every type, its placeholder left in a file otherwise filled in, is named.
    @Test func aPlaceholderLeftInIsRefusedNamingTheField() throws {
        let meeting: [String: JSONValue] = ["body": "conference", "number": 12, "start": "2026-06-18", "format": "in-person"]
        for field in MeetingHeld.fields {
            var data = meeting
            data[field.name] = Template.object(for: MeetingHeld.self)[field.name]
            let error = #expect(throws: ActaError.self) { try catalog.validate(type: "MeetingHeld", data: data) }
            #expect(
                error?.message.hasPrefix("MeetingHeld.\(field.name): \"<\(field.required ? "required" : "optional")") == true,
                "\(error?.message ?? "")"
            )
            #expect(error?.message.contains("is the template's placeholder: write its value") == true)
            #expect(error?.message.contains("or leave this optional field out") == !field.required)
        }
        // The earlier template's placeholder for text, and a placeholder as a list's item.
        var titled = meeting
        titled["title"] = "TEXT"
        let text = #expect(throws: ActaError.self) { try catalog.validate(type: "MeetingHeld", data: titled) }
        #expect(text?.message.hasPrefix("MeetingHeld.title: \"TEXT\" is the template's placeholder") == true, "\(text?.message ?? "")")
        let item = "<required country (ISO 3166-1 alpha-2): e.g. MK>"
        let listed: [String: JSONValue] = ["country": "RS", "office": "POOC", "date": "2018-08-20", "documents": ["Code", .string(item)]]
        let error = #expect(throws: ActaError.self) { try catalog.validate(type: "LegalProvisionsSubmitted", data: listed) }
        #expect(error?.message.hasPrefix("LegalProvisionsSubmitted.documents: \"<required country") == true, "\(error?.message ?? "")")
        // Text that only looks like one part of a placeholder is data.
        titled["title"] = "<required reading> for the Board"
        _ = try catalog.validate(type: "MeetingHeld", data: titled)
    }
}
