import ActaLog
import Hummingbird
import Logging

/// Builds the reader: its router (what the tests call) and its application (what `acta serve` runs).
///
///     let app = try ReaderApplication.build(state: ReaderState.open(path: "acta.sqlite"), host: "127.0.0.1", port: 8080)
///     try await app.runService()
public enum ReaderApplication {
    public static func router(state: ReaderState, logger: Logger = Logger(label: "acta.reader")) -> Router<BasicRequestContext> {
        let router = Router(options: .autoGenerateHeadEndpoints)
        router.add(middleware: ReaderMiddleware(state: state, logger: logger))
        router.addRoutes(RouteCollection(routes(state: state)))
        return router
    }

    static func routes<Context: RequestContext>(state: ReaderState) -> [Route<Context>] {
        APIController(state: state).routes + ProofsController(state: state).routes + LiveFeed(state: state).routes + Pages(state: state).routes
            + CalendarFeed(state: state).routes
    }

    /// Every path the reader serves, in OpenAPI form (`/api/events/{position}`): what the
    /// OpenAPI document must describe.
    public static func documentedPaths(state: ReaderState) -> [String] {
        (routes(state: state) as [Route<BasicRequestContext>]).map { route in
            route.path.split(separator: "/", omittingEmptySubsequences: false).map { part -> String in
                if part == "**" { return "{stream}" }
                if part.hasPrefix(":") { return "{\(part.dropFirst())}" }
                return String(part)
            }.joined(separator: "/")
        }
    }

    public static func build(state: ReaderState, host: String, port: Int, logger: Logger = Logger(label: "acta.reader")) -> some ApplicationProtocol {
        Application(
            router: router(state: state, logger: logger),
            configuration: .init(address: .hostname(host, port: port), serverName: "acta"),
            logger: logger)
    }

    /// Whether `host` is a loopback address, where serving without tokens is allowed.
    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}
