extension PostgresLog {
    // MARK: - Views

    public func withViews<T>(at position: Int64?, _ body: (ViewStore) throws -> T) throws -> T {
        throw refusingViews()
    }

    public func derive(_ projection: any Projection, streamsPrefixed prefix: String) throws -> ViewStore {
        throw refusingViews()
    }

    public func rebuildViews(only name: String?, progress: ((Int64, Int64) -> Void)?) throws {
        throw refusingViews()
    }

    public func amendments() throws -> Amendments {
        throw refusingViews()
    }

    public func verifyViews() throws -> ViewsReport {
        throw refusingViews()
    }

    private func refusingViews() -> ActaError {
        ActaError(
            .store,
            "\(location): this command needs an SQLite store for now; on PostgreSQL use init, append, import, export, verify, prove or copy (acta copy to an SQLite file for the rest)"
        )
    }
}
