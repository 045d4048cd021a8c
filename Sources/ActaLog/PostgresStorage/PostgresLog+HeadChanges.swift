import PostgresNIO

extension PostgresLog {
    /// On a primary, a connection of its own LISTENs on ``PostgresSchema/appendChannel``,
    /// which every append's commit notifies (trigger `events_notify`); on a hot standby
    /// (`pg_is_in_recovery()`), which cannot LISTEN and replays no notification, and on a
    /// store made before the trigger existed, the head is polled.
    public func watchHead(_ changed: @escaping @Sendable () -> Void) throws -> HeadChanges {
        let link = try PostgresLink.connect(url)
        do {
            let row = try link.query(
                "SELECT pg_is_in_recovery(), EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = '\(PostgresSchema.notifyTrigger)')"
            ).first?.makeRandomAccess()
            let standby = try row?[0].decode(Bool.self) ?? false
            let notifying = try row?[1].decode(Bool.self) ?? false
            guard !standby, notifying else {
                link.close()
                return HeadChanges(
                    method: standby
                        ? "a standby: polling the replayed head every 200 ms" : "no append notifications in this store: polling every 200 ms"
                )
            }
            let listener = link.connection.addListener(channel: PostgresSchema.appendChannel) { _, _ in changed() }
            try link.execute("LISTEN \(PostgresSchema.appendChannel)")
            let changes = HeadChanges(method: "LISTEN \(PostgresSchema.appendChannel)", pollInterval: .seconds(5)) {
                listener.stop()
                link.close()
            }
            link.connection.closeFuture.whenComplete { _ in
                changes.pollFromNow()
                changed()
            }
            return changes
        } catch {
            link.close()
            throw error
        }
    }
}
