#if canImport(Glibc)
import Glibc
#endif

/// How the served reader asks glibc's malloc to give memory back. By default a freed large
/// block (a 1000-event page, a replay's rows) raises the size above which blocks are mapped
/// on their own, so the next ones come from the heap and stay there as fragments: under the
/// abuse of tools/abuse-reader that alone held about 30 MB. A fixed threshold of 128 KiB maps
/// every large block by itself and returns it to the system when freed.
enum MemoryTuning {
    static let mmapThreshold: Int32 = 128 << 10
    /// Free memory kept at the top of a heap before it is given back: with the threshold fixed,
    /// glibc's default (128 KiB) would shrink and regrow the heap around every response; 1 MiB
    /// does not (4 MiB held 20 MB more under the abuse, for no speed).
    static let trimThreshold: Int32 = 1 << 20
    /// `M_MMAP_THRESHOLD` and `M_TRIM_THRESHOLD` of <malloc.h>, macros Swift does not import.
    static let mmapThresholdParameter: Int32 = -3
    static let trimThresholdParameter: Int32 = -1

    /// Called once when the application is built; the tests' routers run without it.
    static func apply() {
        #if canImport(Glibc)
        // <malloc.h> is not in Swift's Glibc module: mallopt is found by name.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        _ = mallopt(mmapThresholdParameter, mmapThreshold)
        _ = mallopt(trimThresholdParameter, trimThreshold)
        #endif
    }
}
