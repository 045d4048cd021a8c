import Foundation

/// The OpenAPI 3.1 document of the reader's API, `Sources/ActaReader/openapi.json`, committed
/// and served at `/api/openapi.json`.
enum OpenAPIDocument {
    static let bytes: [UInt8] = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"), let data = try? Data(contentsOf: url) else {
            return Array(#"{"error":"openapi.json is missing from the build"}"#.utf8)
        }
        return Array(data)
    }()
}
