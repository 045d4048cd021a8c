import ActaLog
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging

/// Builds the reader: its router (what the tests call) and its application (what `acta serve` runs).
///
///     let app = try ReaderApplication.build(state: ReaderState.open("acta.sqlite"), configuration: .init(port: 8080))
///     try await app.runService()
public enum ReaderApplication {
    public static func router(
        state: ReaderState,
        configuration: ReaderConfiguration = ReaderConfiguration(),
        logger: Logger = Logger(label: "acta.reader")
    ) -> Router<ReaderRequestContext> {
        let router = Router(context: ReaderRequestContext.self, options: .autoGenerateHeadEndpoints)
        router.add(middleware: HeaderMiddleware(configuration: configuration))
        router.add(middleware: ReaderMiddleware(state: state, configuration: configuration, logger: logger))
        router.addRoutes(RouteCollection(routes(state: state, configuration: configuration)))
        return router
    }

    static func routes<Context: RequestContext>(state: ReaderState, configuration: ReaderConfiguration = ReaderConfiguration()) -> [Route<Context>] {
        APIController(state: state, configuration: configuration).routes + ProofsController(state: state).routes + LiveFeed(state: state).routes
            + Pages(state: state).routes + SignIn(state: state, configuration: configuration).routes + CalendarFeed(state: state).routes
    }

    /// Every path the reader serves, in OpenAPI form (`/api/events/{position}`): what the
    /// OpenAPI document must describe.
    public static func documentedPaths(state: ReaderState) -> [String] {
        (routes(state: state) as [Route<ReaderRequestContext>]).map { route in
            route.path.split(separator: "/", omittingEmptySubsequences: false).map { part -> String in
                if part == "**" { return "{stream}" }
                if part.hasPrefix(":") { return "{\(part.dropFirst())}" }
                return String(part)
            }.joined(separator: "/")
        }
    }

    /// The served application: HTTP/1.1, over TLS when the configuration has a certificate,
    /// with the idle timeout and the connection cap. Throws what ``ReaderConfiguration/check()`` refuses.
    public static func build(
        state: ReaderState,
        configuration: ReaderConfiguration,
        logger: Logger = Logger(label: "acta.reader")
    ) throws -> some ApplicationProtocol {
        try configuration.check()
        MemoryTuning.apply()
        let registry = ConnectionRegistry(limit: configuration.connectionLimit)
        let http = HTTPServerBuilder.http1(
            configuration: .init(additionalChannelHandlers: [registry.handler()], idleTimeout: .nanoseconds(configuration.idleTimeout.nanoseconds))
        )
        let server = try configuration.tlsConfiguration().map { try HTTPServerBuilder.tls(http, tlsConfiguration: $0) } ?? http
        return Application(
            router: router(state: state, configuration: configuration, logger: logger),
            server: server,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "acta"),
            logger: logger
        )
    }
}

extension Duration {
    /// The whole duration in nanoseconds (NIO's `TimeAmount` counts them).
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
