import ActaLog

/// Reads `field=value` pairs from the command line into event data, typed by the catalog:
///
///     acta append MeetingHeld --stream meeting/conference/4 number=4 start=2018-06-30 participants=RS,MK city=Skopje
///
/// Integers become numbers, lists are split on commas (items trimmed; `field=` is an empty
/// list), booleans are `true` or `false`, objects are JSON text, everything else is a string.
/// Values are only typed here; the catalog checks them when the event is appended.
public enum FieldValues {
    public static func parse(type: String, _ pairs: [String]) throws -> [String: JSONValue] {
        let eventType = try OCPSCatalog.require(type)
        var data: [String: JSONValue] = [:]
        for pair in pairs {
            guard let equals = pair.firstIndex(of: "=") else {
                throw ActaError(.invalidInput, "\(type): \"\(pair.prefix(60))\" is not field=value (e.g. date=2018-06-30)")
            }
            let name = String(pair[..<equals])
            let text = String(pair[pair.index(after: equals)...])
            guard let field = eventType.fields.first(where: { $0.name == name }) else {
                throw ActaError(.invalidInput, "\(type).\(name.prefix(60)): unknown field; the fields are \(eventType.fields.map(\.name).joined(separator: ", ")) (see `acta types \(type)`)")
            }
            guard data[name] == nil else { throw ActaError(.invalidInput, "\(type).\(name): given twice") }
            data[name] = try value(text, field.kind, path: name, type: type)
        }
        return data
    }

    static func value(_ text: String, _ kind: Field.Kind, path: String, type: String) throws -> JSONValue {
        func fail(_ why: String) -> ActaError { ActaError(.invalidInput, "\(type).\(path): \(why)") }
        switch kind {
        case .text, .date, .country, .enumeration:
            return .string(text)
        case .integer:
            guard let n = Int(text), abs(Double(n)) <= JSONValue.maxExactInteger else { throw fail("\"\(text.prefix(40))\" is not an integer") }
            return .number(Double(n))
        case .boolean:
            switch text {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: throw fail("\"\(text.prefix(40))\" is not true or false")
            }
        case .list(let inner):
            if text.allSatisfy(\.isWhitespace) { return .array([]) }
            let items = text.split(separator: ",", omittingEmptySubsequences: false)
            return .array(try items.enumerated().map { i, item in
                try value(item.trimmingWhitespace(), inner, path: "\(path)[\(i)]", type: type)
            })
        case .object:
            let parsed: JSONValue
            do { parsed = try JSONParser.parse(text) } catch { throw fail("not JSON: \(error)") }
            guard case .object = parsed else { throw fail("expected a JSON object such as {\"city\":\"Skopje\"}, got \(parsed.kindName)") }
            return parsed
        }
    }
}

extension Substring {
    fileprivate func trimmingWhitespace() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
