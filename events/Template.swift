import ActaLog
import Foundation

/// `acta types TYPE --template`: a JSON object to fill in. Each field's value is a
/// placeholder saying whether the field is required, what it holds and a valid example
/// (from the Conference's history where it has one), e.g.
/// `"<required date: The day of the invitation. e.g. 2018-06-30>"`. A placeholder left in is
/// refused when the event is appended, naming the field.
public enum Template {
    public static func object(for type: any DomainEvent.Type) -> JSONValue {
        .object(
            Dictionary(
                uniqueKeysWithValues: type.fields.map { field in
                    (field.name, .string(placeholder(field, example: example(of: field, in: type))))
                }
            )
        )
    }

    static func placeholder(_ field: Field, example: JSONValue?) -> String {
        let meaning = field.doc.hasSuffix(".") ? field.doc : field.doc + "."
        let shown = example.map { " e.g. " + ($0.stringValue ?? String(decoding: CanonicalJSON.encode($0), as: UTF8.self)) } ?? ""
        return "<\(field.required ? "required" : "optional") \(field.kind): \(meaning)\(shown)>"
    }

    /// Whether `text` is a template's placeholder: this one's (`<required …>`,
    /// `<optional …>`) or the earlier one's for text, `TEXT`, which any text field would
    /// take (its `YYYY-MM-DD` and `XX` are refused as no date and no country already).
    public static func isPlaceholder(_ text: String) -> Bool {
        guard let first = text.utf8.first, first == UInt8(ascii: "<") || first == UInt8(ascii: "T") else { return false }
        return ((text.hasPrefix("<required ") || text.hasPrefix("<optional ")) && text.hasSuffix(">")) || text == "TEXT"
    }

    /// Refuses data in which a field's value, or an item of a list, is a placeholder; the
    /// first such field in the type's order is named. Every event appended is scanned, so the
    /// data is walked as it is first, without lookups by name.
    static func refusePlaceholders(_ data: [String: JSONValue], of type: any DomainEvent.Type) throws {
        guard data.values.contains(where: { placeholder(in: $0) != nil }) else { return }
        for field in type.fields {
            guard let found = placeholder(in: data[field.name]) else { continue }
            throw type.invalid(field.name, placeholderLeftIn(found, field: field, example: example(of: field, in: type)))
        }
    }

    /// The placeholder `value` is or holds (an item of a list), if any.
    static func placeholder(in value: JSONValue?) -> String? {
        switch value {
        case .string(let text)?: isPlaceholder(text) ? text : nil
        case .array(let items)?: items.lazy.compactMap(\.stringValue).first(where: isPlaceholder)
        default: nil
        }
    }

    /// Why the placeholder `found`, left in `field`, is refused, and what to write instead.
    static func placeholderLeftIn(_ found: String, field: Field, example: JSONValue?) -> String {
        let example = example.map { " (e.g. \(String(decoding: CanonicalJSON.encode($0), as: UTF8.self)))" } ?? ""
        let instead = field.required ? "write its value\(example)" : "write its value\(example) or leave this optional field out"
        return "\"\(found.prefix(60))\(found.count > 60 ? "…" : "")\" is the template's placeholder: \(instead)"
    }

    /// A valid value of `field`: the first the history records for the type, else one of its kind.
    public static func example(of field: Field, in type: any DomainEvent.Type) -> JSONValue? {
        if let recorded = historyExamples[type.type]?[field.name] { return recorded }
        switch field.kind {
        case .date: return "2018-06-30"
        case .country: return "MK"
        case .integer(let min, _): return .number(Double(Swift.max(min, 1)))
        case .boolean: return false
        case .enumeration(let values): return values.first.map(JSONValue.string)
        case .list(.country): return ["MK", "RS"]
        case .text, .list, .object: return nil
        }
    }

    /// The first value of each field of each type in the history, a long text cut at a word.
    private static let historyExamples: [String: [String: JSONValue]] = {
        var out: [String: [String: JSONValue]] = [:]
        guard let text = try? History.jsonLines() else { return out }
        for line in text.split(separator: UInt8(ascii: "\n")) {
            guard let object = (try? JSONParser.parse(Array(line)))?.objectValue, let type = object["type"]?.stringValue,
                let data = object["data"]?.objectValue
            else { continue }
            for (name, value) in data where out[type]?[name] == nil {
                out[type, default: [:]][name] = shortened(value)
            }
        }
        return out
    }()

    static func shortened(_ value: JSONValue) -> JSONValue {
        guard let text = value.stringValue, text.count > 60 else { return value }
        let cut = text.prefix(60)
        return .string(String(cut[..<(cut.lastIndex(of: " ") ?? cut.endIndex)]) + " …")
    }
}
