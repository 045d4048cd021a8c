import NIOCore
import PostgresNIO

/// Arguments of a statement, `$1` onwards, in the column types of ``PostgresSchema``.
struct PostgresBinds {
    var bindings = PostgresBindings()

    init() {}

    /// One value of a statement's arguments.
    enum Value {
        case text(String)
        case int(Int64)
        case bytes([UInt8])
    }

    init(_ values: Value...) {
        for value in values {
            switch value {
            case .text(let v): text(v)
            case .int(let v): int(v)
            case .bytes(let v): bytes(v)
            }
        }
    }

    mutating func text(_ value: String) { bindings.append(value) }
    mutating func int(_ value: Int64) { bindings.append(value) }
    mutating func bytes(_ value: [UInt8]) { bindings.append(ByteBuffer(bytes: value)) }
}

extension PostgresRow {
    /// Column `i` as bytes (a `bytea`).
    func bytes(_ i: Int) throws -> [UInt8] {
        let cell = makeRandomAccess()[i]
        guard let buffer = try cell.decode(ByteBuffer?.self) else { return [] }
        return Array(buffer.readableBytesView)
    }

    func int(_ i: Int) throws -> Int64 { try makeRandomAccess()[i].decode(Int64.self) }
    func optionalInt(_ i: Int) throws -> Int64? { try makeRandomAccess()[i].decode(Int64?.self) }
    func text(_ i: Int) throws -> String { try makeRandomAccess()[i].decode(String.self) }
}
