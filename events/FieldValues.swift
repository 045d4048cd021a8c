import ActaLog

/// Reads `field=value` pairs from the command line into event data, typed by the catalog:
///
///     acta append MeetingHeld number=4 start=2018-06-30 participants=RS,MK city=Skopje
///     acta append LegalProvisionsSubmitted documents="Criminal Code, Article 3" documents="Law on the Prosecution"
///
/// Integers become numbers, booleans are `true` or `false`, objects are JSON text,
/// everything else is a string. A list takes one item per pair, repeated (`field=` alone is
/// an empty list), or a JSON array (`field=["a","b"]`); text is never split at commas, and
/// only a list of country codes, which hold no comma, is also split at them
/// (`participants=RS,MK`, items trimmed). Values are only typed here; the catalog checks
/// them when the event is appended.
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
                throw ActaError(
                    .invalidInput,
                    "\(type).\(name.prefix(60)): unknown field; the fields are \(eventType.fields.map(\.name).joined(separator: ", ")) (see `acta types \(type)`)"
                )
            }
            if case .list = field.kind, case .array(let earlier)? = data[name] {
                // A repeated pair adds its items, numbered after the ones before.
                guard case .array(let more) = try value(text, field.kind, path: name, type: type, first: earlier.count), !earlier.isEmpty,
                    !more.isEmpty
                else {
                    throw ActaError(.invalidInput, "\(type).\(name): an empty list (\(name)=) cannot be combined with items; give the items only")
                }
                data[name] = .array(earlier + more)
                continue
            }
            guard data[name] == nil else { throw ActaError(.invalidInput, "\(type).\(name): given twice") }
            data[name] = try value(text, field.kind, path: name, type: type)
        }
        return data
    }

    /// `first`: the index of a list's first item here, after the items of earlier pairs.
    static func value(_ text: String, _ kind: Field.Kind, path: String, type: String, first: Int = 0) throws -> JSONValue {
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
            if text.first == "[" {
                let parsed: JSONValue
                do { parsed = try JSONParser.parse(text) } catch { throw fail("not a JSON array: \(error)") }
                guard case .array = parsed else { throw fail("expected a JSON array such as [\"RS\",\"MK\"], got \(parsed.kindName)") }
                return parsed
            }
            guard case .country = inner else { return .array([try value(text, inner, path: "\(path)[\(first)]", type: type)]) }
            let items = text.split(separator: ",", omittingEmptySubsequences: false)
            return .array(
                try items.enumerated().map { i, item in
                    try value(item.trimmingWhitespace(), inner, path: "\(path)[\(first + i)]", type: type)
                }
            )
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
