/// Text from the log shown on a terminal. A value may hold control characters (an ESC or
/// OSC sequence recolours a terminal, rewrites its title, or hides what follows), so what
/// is shown has each of them replaced by a visible escape, `\u{1B}` for ESC.
public enum DisplayText {
    /// C0 controls (below U+0020, newline and tab included), DEL, the C1 controls
    /// (U+0080–U+009F; U+009B is a one-character CSI to some terminals) and the
    /// bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069),
    /// which show text in another order than it is held ("gnp.exe" for "exe.png").
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return v < 0x20 || (v >= 0x7F && v <= 0x9F) || (v >= 0x202A && v <= 0x202E) || (v >= 0x2066 && v <= 0x2069)
    }

    /// What kind of control `scalar` is, for an error: "C0", "C1" or "bidirectional".
    public static func kind(of scalar: Unicode.Scalar) -> String {
        scalar.value >= 0x202A ? "a bidirectional control" : scalar.value >= 0x80 ? "a C1 control" : "a C0 control"
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
