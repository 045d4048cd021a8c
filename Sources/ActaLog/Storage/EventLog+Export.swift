extension RegisterStore {
    // MARK: - Export

    /// Writes the selected entries as JSON Lines of full entries (canonical keys, `data`,
    /// `hash`, `chain`), each line RFC 8785 JSON. `acta import` of this output into a new
    /// store reproduces every hash. Returns the number of lines written.
    @discardableResult
    public func export(_ filter: EventFilter, write: ([UInt8]) throws -> Void) throws -> Int {
        var count = 0
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 16)
        try forEach(filter) { entry in
            CanonicalJSON.write(try entry.exportObject(), to: &buffer)
            buffer.append(UInt8(ascii: "\n"))
            count += 1
            if buffer.count >= 1 << 16 {
                try write(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        if !buffer.isEmpty { try write(buffer) }
        return count
    }
}
