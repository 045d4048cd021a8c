/// A view record that writes its own JSON object: no intermediate values and no sorting,
/// which `JSONEncoder` makes for every record of a rebuild.
///
/// ``writeMembers(to:)`` must use the same keys as the type's `Codable` conformance, which
/// reads the record back; test the round trip for each conforming type.
public protocol JSONRecord {
    func writeMembers(to object: inout JSONObjectWriter)
}

extension JSONRecord {
    /// The record as one JSON object.
    @inlinable public var jsonBytes: [UInt8] {
        var object = JSONObjectWriter()
        writeMembers(to: &object)
        return object.finish()
    }
}

/// Writes the members of one JSON object in the order given. Nil optionals are left out,
/// as `JSONEncoder` leaves them out.
///
/// Inlinable, so that records in other modules write without generic dispatch.
public struct JSONObjectWriter {
    @usableFromInline var bytes: [UInt8]
    @usableFromInline var empty = true

    @inlinable public init(capacity: Int = 512) {
        bytes = []
        bytes.reserveCapacity(capacity)
        bytes.append(UInt8(ascii: "{"))
    }

    /// An object written on after `bytes`, in the same buffer.
    @inlinable init(continuing bytes: consuming [UInt8]) {
        self.bytes = bytes
        self.bytes.append(UInt8(ascii: "{"))
    }

    /// The object's bytes, closed.
    @inlinable public consuming func finish() -> [UInt8] {
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }

    @inlinable mutating func key(_ key: StaticString) {
        if !empty { bytes.append(UInt8(ascii: ",")) }
        empty = false
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    @inlinable public mutating func member(_ name: StaticString, _ value: String?) {
        guard let value else { return }
        key(name)
        CanonicalJSON.writeString(value, to: &bytes)
    }

    @inlinable public mutating func member(_ name: StaticString, _ value: Int64?) {
        guard let value else { return }
        key(name)
        bytes.append(contentsOf: String(value).utf8)
    }

    @inlinable public mutating func member(_ name: StaticString, _ value: Int?) {
        member(name, value.map(Int64.init))
    }

    @inlinable public mutating func member(_ name: StaticString, _ value: Bool?) {
        guard let value else { return }
        key(name)
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    @inlinable public mutating func member(_ name: StaticString, _ values: [String]?) {
        guard let values else { return }
        key(name)
        bytes.append(UInt8(ascii: "["))
        for (i, value) in values.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            CanonicalJSON.writeString(value, to: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    @inlinable public mutating func member(_ name: StaticString, _ values: [Int64]?) {
        guard let values else { return }
        key(name)
        bytes.append(UInt8(ascii: "["))
        for (i, value) in values.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(contentsOf: String(value).utf8)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    public mutating func member<R: JSONRecord>(_ name: StaticString, _ record: R?) {
        guard let record else { return }
        key(name)
        var buffer: [UInt8] = []
        swap(&buffer, &bytes)  // the inner writer holds the only reference: no copy
        var inner = JSONObjectWriter(continuing: consume buffer)
        record.writeMembers(to: &inner)
        bytes = inner.finish()
    }
}

extension JSONValue {
    /// An object without its null members, as `JSONEncoder` leaves out nil optionals.
    public static func record(_ members: [String: JSONValue]) -> JSONValue {
        .object(members.filter { $0.value != .null })
    }
}
