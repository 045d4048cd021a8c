import Foundation
import Synchronization

/// Dates and times as the log writes them: ISO 8601 calendar dates (`2018-06-30`) and
/// RFC 3339 date-times in UTC (`2026-11-29T01:40:23.123Z`).
///
/// Related document: <https://www.rfc-editor.org/rfc/rfc3339>
public enum Timestamp {
    /// Now, as RFC 3339 UTC with milliseconds.
    public static func now() -> String {
        format(currentTime())
    }

    static func currentTime() -> timespec {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return ts
    }

    /// `ts` as RFC 3339 UTC with milliseconds.
    static func format(_ ts: timespec) -> String {
        var t = ts.tv_sec
        var tm = tm()
        gmtime_r(&t, &tm)
        var out = [UInt8]()
        out.reserveCapacity(24)
        func digits(_ value: Int, _ count: Int) {
            var divisor = 1
            for _ in 1..<count { divisor *= 10 }
            var v = value
            while divisor > 0 {
                out.append(UInt8(ascii: "0") + UInt8(v / divisor % 10))
                v %= divisor
                divisor /= 10
            }
        }
        digits(Int(tm.tm_year) + 1900, 4)
        out.append(UInt8(ascii: "-"))
        digits(Int(tm.tm_mon) + 1, 2)
        out.append(UInt8(ascii: "-"))
        digits(Int(tm.tm_mday), 2)
        out.append(UInt8(ascii: "T"))
        digits(Int(tm.tm_hour), 2)
        out.append(UInt8(ascii: ":"))
        digits(Int(tm.tm_min), 2)
        out.append(UInt8(ascii: ":"))
        digits(Int(tm.tm_sec), 2)
        out.append(UInt8(ascii: "."))
        digits(Int(ts.tv_nsec / 1_000_000), 3)
        out.append(UInt8(ascii: "Z"))
        return String(decoding: out, as: UTF8.self)
    }

    /// Today's UTC date as `YYYY-MM-DD`.
    public static func today() -> String {
        let ts = currentTime()
        let day = Int(ts.tv_sec) / 86_400
        if let cached = lastDay.withLock({ $0 }), cached.day == day { return cached.text }
        let text = String(format(ts).prefix(10))
        lastDay.withLock { $0 = (day, text) }
        return text
    }

    /// The last UTC day ``today()`` wrote (days since 1970), with its text: events prepared
    /// in bulk ask for it thousands of times a second.
    private static let lastDay = Mutex<(day: Int, text: String)?>(nil)

    /// Whether `text` is a real calendar date `YYYY-MM-DD` (2018-02-30 is not).
    public static func isDate(_ text: String) -> Bool {
        let b = Array(text.utf8)
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
            let y = number(b, 0, 4), let m = number(b, 5, 2), let d = number(b, 8, 2)
        else { return false }
        return y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= daysIn(month: m, year: y)
    }

    /// Why `text` is not a date YYYY-MM-DD, in words a person can act on; nil when it is one.
    ///
    ///     dateProblem("2026-02-30")  // "2026-02-30 is not a real date: February 2026 has 28 days"
    ///     dateProblem("20.11.2026")  // "20.11.2026 is not in the form YYYY-MM-DD: write 2026-11-20"
    public static func dateProblem(_ text: String) -> String? {
        if isDate(text) { return nil }
        let shown = String(text.prefix(40))
        let b = Array(text.utf8)
        if b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
            let y = number(b, 0, 4), let m = number(b, 5, 2), let d = number(b, 8, 2)
        {
            if y < 1 { return "\(shown) is not a real date: there is no year 0" }
            if m < 1 || m > 12 { return "\(shown) is not a real date: there is no month \(m) (months are 01 to 12)" }
            let days = daysIn(month: m, year: y)
            return "\(shown) is not a real date: \(monthNames[m - 1]) \(y) has \(days) days"
        }
        // Day, month and year in another order or with other separators: 20.11.2026, 20/11/2026, 2026/11/20.
        let parts = text.split(whereSeparator: { ".-/ ".contains($0) }).map(String.init)
        if parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.count <= 4 && $0.allSatisfy(\.isASCII) && Int($0) != nil }) {
            let (a, b2, c) = (parts[0], parts[1], parts[2])
            func two(_ s: String) -> String { s.count == 1 ? "0" + s : s }
            let guess = a.count == 4 ? "\(a)-\(two(b2))-\(two(c))" : c.count == 4 ? "\(c)-\(two(b2))-\(two(a))" : nil
            if let guess, isDate(guess) { return "\(shown) is not in the form YYYY-MM-DD: write \(guess)" }
        }
        return "\(shown) is not a date YYYY-MM-DD (e.g. 2026-11-20)"
    }

    private static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
    ]

    /// Whether `text` is a date or an RFC 3339 date-time (`2018-06-30T10:00:00Z`,
    /// `2018-06-30T10:00:00.5+02:00`). What `occurred` accepts.
    public static func isDateOrDateTime(_ text: String) -> Bool {
        if isDate(text) { return true }
        let b = Array(text.utf8)
        guard b.count >= 20, isDate(String(decoding: b[0..<10], as: UTF8.self)), b[10] == UInt8(ascii: "T"),
            b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
            let h = number(b, 11, 2), let mi = number(b, 14, 2), let s = number(b, 17, 2),
            h < 24, mi < 60, s < 61
        else { return false }
        var i = 19
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            let start = i
            while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { i += 1 }
            guard i > start, i - start <= 9 else { return false }
        }
        guard i < b.count else { return false }
        if b[i] == UInt8(ascii: "Z") { return i + 1 == b.count }
        guard b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-"), b.count == i + 6, b[i + 3] == UInt8(ascii: ":"),
            let oh = number(b, i + 1, 2), let om = number(b, i + 4, 2), oh < 24, om < 60
        else { return false }
        return true
    }

    /// Whether `text` is a record time as ``now()`` writes it: RFC 3339 UTC with exactly three
    /// fraction digits (`2026-11-29T01:40:23.123Z`). Fixed width, so byte order is time order.
    public static func isRecordedTime(_ text: String) -> Bool {
        text.utf8.count == 24 && text.utf8[text.utf8.index(text.utf8.startIndex, offsetBy: 19)] == UInt8(ascii: ".")
            && text.hasSuffix("Z") && isDateOrDateTime(text)
    }

    /// The calendar date part of a date or date-time.
    public static func datePart(_ text: String) -> String {
        var text = text
        // Timestamps are ASCII, whose first ten bytes are the first ten characters.
        let ascii = text.withUTF8 { bytes in
            bytes.prefix(10).allSatisfy { $0 < 0x80 } ? String(decoding: UnsafeBufferPointer(rebasing: bytes.prefix(10)), as: UTF8.self) : nil
        }
        return ascii ?? String(text.prefix(10))
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private static func number(_ b: [UInt8], _ from: Int, _ count: Int) -> Int? {
        var v = 0
        for i in from..<(from + count) {
            guard b[i] >= 0x30, b[i] <= 0x39 else { return nil }
            v = v * 10 + Int(b[i] - 0x30)
        }
        return v
    }
}
