import ActaLog
import Foundation
import Synchronization

/// The committed OpenAPI document (`openapi.json`), served with `servers` set to the address
/// the client reached (the public URL, or the scheme and `Host` of the request).
enum OpenAPIDocument {
    static let document: JSONValue? = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"), let data = try? Data(contentsOf: url) else { return nil }
        return try? JSONParser.parse(String(decoding: data, as: UTF8.self))
    }()

    /// The encodings made so far, one per server address (a handful: the allowed hosts).
    private static let encoded = Mutex<[String: [UInt8]]>([:])

    static func bytes(server: String) -> [UInt8] {
        if let hit = encoded.withLock({ $0[server] }) { return hit }
        guard case .object(var object)? = document else { return Array(#"{"error":"openapi.json is missing from the build"}"#.utf8) }
        object["servers"] = .array([.object(["url": .string(server)])])
        var body = CanonicalJSON.encode(.object(object))
        body.append(UInt8(ascii: "\n"))
        encoded.withLock { all in
            if all.count >= 16 { all.removeAll() }
            all[server] = body
        }
        return body
    }
}
