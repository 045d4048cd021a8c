extension JSONValue {
    /// Indented JSON for people, keys in canonical order.
    public func prettyString(indent: String = "  ") -> String {
        var out = ""
        write(to: &out, level: 0, indent: indent)
        return out
    }

    private func write(to out: inout String, level: Int, indent: String) {
        let pad = String(repeating: indent, count: level + 1)
        let close = String(repeating: indent, count: level)
        switch self {
        case .array(let items) where !items.isEmpty:
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += pad
                item.write(to: &out, level: level + 1, indent: indent)
                out += i + 1 < items.count ? ",\n" : "\n"
            }
            out += close + "]"
        case .object(let object) where !object.isEmpty:
            out += "{\n"
            let keys = CanonicalJSON.sortedKeys(object)
            for (i, key) in keys.enumerated() {
                out += pad + CanonicalJSON.string(.string(key)) + ": "
                object[key]!.write(to: &out, level: level + 1, indent: indent)
                out += i + 1 < keys.count ? ",\n" : "\n"
            }
            out += close + "}"
        default:
            out += CanonicalJSON.string(self)
        }
    }
}
