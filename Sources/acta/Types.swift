import ActaEvents
import ActaLog
import ActaProjections
import ArgumentParser

struct Types: ActaCommand {
    static let configuration = CommandConfiguration(
        abstract: "The event types of the catalog, their fields, and templates to fill in.",
        discussion: """
            Examples:
              acta types                          every type, what it records and a typical stream
              acta types MeetingHeld              its fields: name, type, required or optional, meaning
              acta types MeetingHeld --template   a JSON object to fill in for --data
            """
    )

    @Argument(help: "An event type, e.g. MeetingHeld (default: every type).")
    var name: String?

    @Flag(help: "As JSON.") var json = false

    @Flag(
        help:
            "Print a JSON object to fill in, each field's value a placeholder saying whether it is required, what it holds and an example; a placeholder left in is refused (needs a type)."
    )
    var template = false

    func validate() throws {
        if template, name == nil {
            throw ValidationError("--template needs a type, e.g. acta types MeetingHeld --template")
        }
    }

    func execute() throws {
        guard let name else {
            if json {
                print(JSONValue.array(OCPSCatalog.types.map(Self.summary)).prettyString())
                return
            }
            var table = TextTable(["TYPE", "SCHEMA", "STREAM", "SUMMARY"])
            for type in OCPSCatalog.types { table.add([type.type, String(type.schema), type.streamPattern, type.summary]) }
            print(table.render(), terminator: "")
            return
        }
        let type = try OCPSCatalog.require(name)
        if template {
            print(Template.object(for: type).prettyString())
            return
        }
        if json {
            guard case .object(var object) = Self.summary(type) else { return }
            object["fields"] = .array(
                type.fields.map { field in
                    .object([
                        "name": .string(field.name), "type": .string(field.kind.description), "kind": Self.kind(field.kind),
                        "required": .bool(field.required), "meaning": .string(field.doc),
                    ])
                }
            )
            print(JSONValue.object(object).prettyString())
            return
        }
        print("\(type.type) (schema \(type.schema)): \(type.summary)")
        print("stream: \(type.streamPattern) (from the data: <field> is the field's value; --stream may be left out)\n")
        var table = TextTable(["FIELD", "TYPE", "REQUIRED", "MEANING"])
        for field in type.fields {
            table.add([field.name, field.kind.description, field.required ? "required" : "optional", field.doc])
        }
        print(table.render(), terminator: "")
    }

    static func summary(_ type: any DomainEvent.Type) -> JSONValue {
        [
            "type": .string(type.type), "schema": .number(Double(type.schema)), "summary": .string(type.summary),
            "stream": .string(type.streamPattern),
        ]
    }

    /// The kind in machine form: its name, and its range, values or item kind.
    static func kind(_ kind: Field.Kind) -> JSONValue {
        switch kind {
        case .text: return ["name": "text"]
        case .date: return ["name": "date"]
        case .country: return ["name": "country"]
        case .boolean: return ["name": "boolean"]
        case .object: return ["name": "object"]
        case .integer(let min, let max):
            var object: [String: JSONValue] = ["name": "integer", "min": .number(Double(min))]
            if Double(max) <= JSONValue.maxExactInteger { object["max"] = .number(Double(max)) }
            return .object(object)
        case .enumeration(let values): return ["name": "enumeration", "values": .array(values.map { .string($0) })]
        case .list(let inner): return ["name": "list", "items": Self.kind(inner)]
        }
    }
}
