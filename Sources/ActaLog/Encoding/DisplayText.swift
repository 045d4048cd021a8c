/// Text from the log shown on a terminal. A value may hold control characters (an ESC or
/// OSC sequence recolours a terminal, rewrites its title, or hides what follows), so what
/// is shown has each of them replaced by a visible escape, `\u{1B}` for ESC.
public enum DisplayText {
    /// C0 controls (below U+0020, newline and tab included), DEL and the C1 controls
    /// (U+0080–U+009F; U+009B is a one-character CSI to some terminals).
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (scalar.value >= 0x7F && scalar.value <= 0x9F)
    }

    /// `text` with every control character replaced by `\u{XX}` (but newlines, when
    /// `keepingNewlines`: text laid out in lines, such as pretty JSON); unchanged (not
    /// copied) when it has none.
    public static func escaped(_ text: String, keepingNewlines: Bool = false) -> String {
        let escapes = { (s: Unicode.Scalar) in isControl(s) && !(keepingNewlines && s == "\n") }
        guard text.unicodeScalars.contains(where: escapes) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if escapes(scalar) {
                out.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }
}
