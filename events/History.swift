import Foundation

/// The real history of the Conference as JSON Lines, each event with its source.
public enum History {
    /// `events/history/ocps.jsonl`, shipped with the package.
    public static var url: URL {
        Bundle.module.url(forResource: "ocps", withExtension: "jsonl", subdirectory: "history")!
    }

    public static func jsonLines() throws -> Data {
        try Data(contentsOf: url)
    }
}
