/// A view record that writes its own JSON, faster than `JSONEncoder` on large rebuilds.
///
/// Its ``json`` must use the same keys as its `Codable` conformance, which reads it back;
/// test the round trip for each conforming type.
public protocol JSONRepresentable {
    var json: JSONValue { get }
}

extension Optional where Wrapped == String {
    /// The value, or `null`.
    public var json: JSONValue { map(JSONValue.string) ?? .null }
}

extension Optional where Wrapped == Int {
    public var json: JSONValue { map { .number(Double($0)) } ?? .null }
}

extension JSONValue {
    /// An object without its null members, as `JSONEncoder` leaves out nil optionals.
    public static func record(_ members: [String: JSONValue]) -> JSONValue {
        .object(members.filter { $0.value != .null })
    }
}
