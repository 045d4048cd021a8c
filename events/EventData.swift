import ActaLog

/// Typed access to an event's validated data, for the event structs' initialisers.
///
/// Checked data (``Field/checked(_:against:type:)``) is held in the order of the type's
/// fields, so a field is found by comparing a few short names rather than by hashing. A
/// null counts as absent.
public struct EventData: Sendable {
    /// The type's fields (shared with its catalog entry, not copied) and their values.
    private let fields: [Field]
    private let values: [JSONValue?]

    public init(_ data: [String: JSONValue]) {
        fields = data.keys.map { Field($0, .object, "") }
        values = fields.map { data[$0.name] }
    }

    /// `values[i]` is the value of `fields[i]`, nil when absent.
    init(fields: [Field], values: [JSONValue?]) {
        self.fields = fields
        self.values = values
    }

    /// The value of field `name`, nil when absent or null.
    public func value(_ name: String) -> JSONValue? {
        let n = name.utf8.count  // cheaper than comparing most names: they differ in length
        for i in fields.indices where fields[i].name.utf8.count == n && fields[i].name == name {
            if case .null = values[i] { return nil }
            return values[i]
        }
        return nil
    }

    public func string(_ name: String) -> String { value(name)?.stringValue ?? "" }
    public func optionalString(_ name: String) -> String? { value(name)?.stringValue }
    public func int(_ name: String) -> Int { value(name)?.intValue ?? 0 }
    public func optionalInt(_ name: String) -> Int? { value(name)?.intValue }
    public func bool(_ name: String) -> Bool? { value(name)?.boolValue }
    public func strings(_ name: String) -> [String] { value(name)?.arrayValue?.compactMap(\.stringValue) ?? [] }
}
