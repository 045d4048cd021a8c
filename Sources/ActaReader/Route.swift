import Hummingbird

/// One GET route: its path in the router's syntax and its handler. Controllers list theirs,
/// so the application registers them and the OpenAPI test can read them back.
struct Route<Context: RequestContext>: Sendable {
    let path: String
    let handler: @Sendable (Request, Context) async throws -> Response

    init(_ path: String, _ handler: @escaping @Sendable (Request, Context) async throws -> Response) {
        self.path = path
        self.handler = handler
    }
}

extension RouteCollection {
    /// The routes as GET endpoints. A router built with `.autoGenerateHeadEndpoints` answers
    /// HEAD on each through its GET handler, with the body dropped.
    convenience init(_ routes: [Route<Context>]) {
        self.init(context: Context.self)
        for route in routes { get(RouterPath(route.path), use: route.handler) }
    }
}
