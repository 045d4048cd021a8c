import Foundation

/// The `recorded` time of appends, as ``Timestamp/now()`` writes it, formatted once per
/// millisecond: a batch appends many events within one millisecond, and each still gets
/// the time it was appended at.
struct RecordingClock {
    private var millisecond: Int = -1
    private var text = ""

    mutating func now() -> String {
        let ts = Timestamp.currentTime()
        let ms = Int(ts.tv_sec) * 1000 + Int(ts.tv_nsec / 1_000_000)
        if ms != millisecond {
            millisecond = ms
            text = Timestamp.format(ts)
        }
        return text
    }
}
