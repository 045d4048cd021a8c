// acta-fuzz: libFuzzer on the decoding and import path (JSON parsing, canonical encoding,
// catalog validation, LZ4 frames with and without the dictionary), in memory.
//
//     tools/fuzz/run [SECONDS]      # builds with -sanitize=fuzzer,address and fuzzes
//
// Built normally (as `swift build` and CI do), it replays the files given as arguments
// through the same function, so an input a fuzzer found stays a regression check.
import ActaEvents
import ActaLog
import Foundation

enum FuzzImport {
    static let catalog = OCPSCatalog()
    static let dictionary = try! LZ4Dictionary(CompressionDictionary.bytes)  // a fuzzer without its dictionary cannot run

    /// One input: as a JSON document (then canonical form, whether it is canonical as it stands, catalog validation of every type,
    /// an LZ4 round trip) and as an LZ4 frame. Refusals are expected; a crash, a hang or a
    /// sanitizer report is a bug.
    static func run(_ bytes: [UInt8]) {
        if let value = try? JSONParser.parse(bytes) {
            let canonical = CanonicalJSON.encode(value)
            guard let again = try? JSONParser.parse(canonical), CanonicalJSON.encode(again) == canonical else {
                fatalError("canonical JSON does not round-trip")
            }
            // An import hashes input it finds canonical as it stands: that must be the encoding.
            if bytes.withUnsafeBufferPointer({ CanonicalJSON.isCanonical($0) }), bytes != canonical {
                fatalError("input taken as canonical is not its canonical encoding")
            }
            if case .object(let fields) = value {
                for type in OCPSCatalog.types { _ = try? catalog.validate(type: type.type, data: fields) }
            }
            if let frame = try? LZ4Frame.compress(canonical, dictionary: dictionary) {
                guard (try? LZ4Frame.decompress(frame, expectedSize: canonical.count, dictionary: dictionary)) == canonical else {
                    fatalError("LZ4 dictionary frame does not round-trip")
                }
            }
        }
        _ = try? LZ4Frame.decompress(bytes, expectedSize: 4096)
        _ = try? LZ4Frame.decompress(bytes, expectedSize: 4096, dictionary: dictionary)
        _ = LZ4Frame.dictionaryID(of: bytes)
    }
}

#if ACTA_FUZZ
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzImport.run(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}
#else
@main
struct ReplayCorpus {
    static func main() throws {
        var count = 0
        for path in CommandLine.arguments.dropFirst() {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            let files =
                isDirectory.boolValue
                ? try FileManager.default.contentsOfDirectory(atPath: path).sorted().map { "\(path)/\($0)" } : [path]
            for file in files {
                FuzzImport.run(Array(try Data(contentsOf: URL(fileURLWithPath: file))))
                count += 1
            }
        }
        print("acta-fuzz: \(count) passed, 0 failed")
    }
}
#endif
