import ActaLog

/// An aligned plain-text table, for people.
public struct TextTable: Sendable {
    public var headers: [String]
    public var rows: [[String]] = []

    public init(_ headers: [String]) { self.headers = headers }

    /// Adds a row; control characters in a cell (a value from the log may hold ESC or OSC
    /// sequences) are shown as visible escapes rather than sent to the terminal.
    public mutating func add(_ row: [String]) { rows.append(row.map { DisplayText.escaped($0) }) }

    public func render() -> String {
        var widths = headers.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            var out = ""
            for (i, cell) in cells.enumerated() {
                if i > 0 { out += "  " }
                out += cell
                if i < cells.count - 1 { out += String(repeating: " ", count: max(0, widths[i] - cell.count)) }
            }
            return out
        }
        var out = line(headers) + "\n"
        for row in rows { out += line(row) + "\n" }
        return out
    }
}
