import ActaLog

/// Text a new event may not carry beyond ASCII: the C1 controls and the bidirectional
/// embeddings, overrides and isolates (``DisplayText/isControl(_:)``), which make a terminal
/// or a page show other text than the register holds ("gnp.exe" for "exe.png").
///
/// Checked on appends only: an event recorded before this check still replays, and the
/// terminal shows such a character as an escape (`\u{202E}`).
enum HiddenControls {
    /// Refuses `data` when a string in it, at any depth, holds such a character; the
    /// field is named. ASCII text, nearly all of it, is passed over byte by byte.
    static func refuse(in data: [String: JSONValue], of type: any DomainEvent.Type) throws {
        // Every event appended is scanned: the values as they are first, without lookups by name.
        guard data.values.contains(where: { first(in: $0) != nil }) else { return }
        for field in type.fields {
            guard let value = data[field.name], let hidden = first(in: value) else { continue }
            let code = String(hidden.value, radix: 16, uppercase: true)
            throw type.invalid(field.name, "contains the control character U+\(code) (\(DisplayText.kind(of: hidden)))")
        }
    }

    private static func first(in value: JSONValue) -> Unicode.Scalar? {
        switch value {
        case .string(let text):
            guard text.utf8.contains(where: { $0 >= 0x80 }) else { return nil }
            return text.unicodeScalars.first(where: DisplayText.isControl)
        case .array(let items):
            return items.lazy.compactMap(first(in:)).first
        case .object(let members):
            return members.values.lazy.compactMap(first(in:)).first
        default:
            return nil
        }
    }
}
