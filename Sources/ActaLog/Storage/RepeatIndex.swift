/// The events of one stream by their ``StreamStates/RepeatKey``, for refusing repeats:
/// searched in a list while the stream is short, as most are (a meeting and its outcomes, a
/// member, an action item), hashed beyond ``listed``. Hashing, and growing a dictionary
/// from one entry, was a fifth of folding an event.
struct RepeatIndex {
    static let listed = 16

    private var few: [(key: StreamStates.RepeatKey, earlier: StreamStates.Earlier)] = []
    private var many: [StreamStates.RepeatKey: StreamStates.Earlier]?

    subscript(key: StreamStates.RepeatKey) -> StreamStates.Earlier? {
        if let many { return many[key] }
        for item in few where item.key == key { return item.earlier }
        return nil
    }

    /// Keeps `earlier` for `key` unless the key has one already: the first holder is the
    /// position a repeat is refused against.
    mutating func keepFirst(_ key: StreamStates.RepeatKey, _ earlier: @autoclosure () -> StreamStates.Earlier) {
        if many != nil {
            if many![key] == nil { many![key] = earlier() }
            return
        }
        if self[key] != nil { return }
        few.append((key, earlier()))
        if few.count > Self.listed {
            many = Dictionary(few.map { ($0.key, $0.earlier) }, uniquingKeysWith: { first, _ in first })
            few = []
        }
    }
}
