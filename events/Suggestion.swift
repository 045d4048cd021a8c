/// The name someone most likely meant when they wrote one that is not known: for the "did
/// you mean …?" of an error.
enum Suggestion {
    /// The candidate `input` most likely means: its alias first (a name in use that is not
    /// the register's, `UK` for GB), then the candidate equal to it but for case, then the
    /// one candidate nearest it by edit distance, at most a third of its length (at least
    /// 1). Nil when none is that near, or two are equally near: a guess between two helps
    /// nobody.
    static func closest(to input: String, among candidates: [String], aliases: [String: String] = [:]) -> String? {
        let key = input.uppercased()
        if let alias = aliases[key] { return alias }
        if let same = candidates.first(where: { $0.uppercased() == key }) { return same }
        let typed = Array(key)
        let limit = max(1, typed.count / 3)
        var best: (name: String, distance: Int)? = nil
        var tied = false
        for candidate in candidates {
            let d = distance(typed, Array(candidate.uppercased()))
            guard d <= limit else { continue }
            if let b = best, d == b.distance {
                tied = true
            } else if best == nil || d < best!.distance {
                best = (candidate, d)
                tied = false
            }
        }
        return tied ? nil : best?.name
    }

    /// The optimal string alignment distance: insertions, deletions, substitutions and
    /// swaps of two neighbours (`MeetingHled`) each count 1.
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var before = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { current[j] = min(current[j], before[j - 2] + 1) }
            }
            (before, previous, current) = (previous, current, before)
        }
        return previous[b.count]
    }
}
