import HTTPTypes
import Hummingbird

/// One route: its method (GET, or POST for the sign-in forms), its path in the router's
/// syntax and its handler. Controllers list theirs, so the application registers them and the
/// OpenAPI test can read them back.
struct Route<Context: RequestContext>: Sendable {
    let path: String
    let method: HTTPRequest.Method
    let handler: @Sendable (Request, Context) async throws -> Response

    init(_ path: String, method: HTTPRequest.Method = .get, _ handler: @escaping @Sendable (Request, Context) async throws -> Response) {
        self.path = path
        self.method = method
        self.handler = handler
    }
}

extension Route {
    /// A route whose handler blocks (reads the store, renders from the views): it runs on the
    /// reader's blocking pool, never on Swift's cooperative pool.
    static func blocking(
        _ path: String,
        _ state: ReaderState,
        _ handler: @escaping @Sendable (Request, Context) throws -> Response
    ) -> Route {
        Route(path) { request, context in try await state.blocking { try handler(request, context) } }
    }
}

extension RouteCollection {
    /// The routes as endpoints. A router built with `.autoGenerateHeadEndpoints` answers
    /// HEAD on each GET through its handler, with the body dropped.
    convenience init(_ routes: [Route<Context>]) {
        self.init(context: Context.self)
        for route in routes { on(RouterPath(route.path), method: route.method, use: route.handler) }
    }
}
