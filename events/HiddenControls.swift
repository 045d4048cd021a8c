import ActaLog

/// Text a new event may not carry beyond ASCII: the C1 controls and the bidirectional
/// embeddings, overrides and isolates (``DisplayText/isControl(_:)``), which make a terminal
/// or a page show other text than the register holds ("gnp.exe" for "exe.png").
///
/// Checked on appends only: an event recorded before this check still replays, and the
/// terminal shows such a character as an escape (`\u{202E}`).
enum HiddenControls {
    /// Refuses `data` when a string in it, at any depth, holds such a character; the
    /// field is named.
    static func refuse(in data: [String: JSONValue], of type: any DomainEvent.Type) throws {
        // Every event appended is scanned: ASCII text (nearly all of it) is passed over
        // eight bytes at a time, the values as they are, without lookups by name.
        var wide = false
        for value in data.values where isWide(value) {
            wide = true
            break
        }
        guard wide else { return }
        for field in type.fields {
            guard let value = data[field.name], let hidden = first(in: value) else { continue }
            let code = String(hidden.value, radix: 16, uppercase: true)
            throw type.invalid(field.name, "contains the control character U+\(code) (\(DisplayText.kind(of: hidden)))")
        }
    }

    /// Whether a string in `value` has a byte beyond ASCII.
    private static func isWide(_ value: JSONValue) -> Bool {
        switch value {
        case .string(var text):
            return text.withUTF8 { bytes in
                var i = 0
                while i + 8 <= bytes.count {
                    if UnsafeRawPointer(bytes.baseAddress! + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return true }
                    i += 8
                }
                while i < bytes.count {
                    if bytes[i] >= 0x80 { return true }
                    i += 1
                }
                return false
            }
        case .array(let items):
            for item in items where isWide(item) { return true }
            return false
        case .object(let members):
            for member in members.values where isWide(member) { return true }
            return false
        default:
            return false
        }
    }

    private static func first(in value: JSONValue) -> Unicode.Scalar? {
        switch value {
        case .string(let text):
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
