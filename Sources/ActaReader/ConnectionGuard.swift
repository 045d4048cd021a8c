import Foundation
import NIOCore
import NIOHTTPTypes
import Synchronization

/// The connections the reader holds, for the connection cap: each either busy (a request
/// read and not yet answered) or idle since a moment (opened, or its last response sent).
///
/// Hummingbird's own cap (`MaximumAvailableConnections`) stops accepting at the limit, so
/// slow clients holding every place lock everyone else out until they time out. Here a new
/// connection at the limit closes the longest-idle one instead: a client that sends half a
/// request holds its place only until someone else needs it.
final class ConnectionRegistry: Sendable {
    let limit: Int
    private struct Held: @unchecked Sendable {
        // A Channel is thread-safe (close may be called from any thread); it is not marked Sendable here.
        let channel: any Channel
        var busy: Bool
        var since: ContinuousClock.Instant
    }
    private let held = Mutex<[ObjectIdentifier: Held]>([:])

    init(limit: Int) {
        self.limit = limit
    }

    var count: Int { held.withLock { $0.count } }

    /// Records a new connection; at the limit, closes the longest-idle one (or this one when all are busy).
    func opened(_ channel: any Channel) {
        let now = ContinuousClock.now
        let victim: (any Channel)? = held.withLock { all in
            var victim: (any Channel)? = nil
            if all.count >= limit {
                if let oldest = all.filter({ !$0.value.busy }).min(by: { $0.value.since < $1.value.since }) {
                    victim = oldest.value.channel
                    all[oldest.key] = nil
                } else {
                    return channel
                }
            }
            all[ObjectIdentifier(channel)] = Held(channel: channel, busy: false, since: now)
            return victim
        }
        victim?.close(promise: nil)
    }

    func closed(_ channel: any Channel) {
        _ = held.withLock { $0.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    func mark(_ channel: any Channel, busy: Bool) {
        let now = ContinuousClock.now
        held.withLock { all in
            guard let index = all.index(forKey: ObjectIdentifier(channel)) else { return }
            all.values[index].busy = busy
            all.values[index].since = now
        }
    }

    /// One per connection, after the HTTP decoder: a request head makes the connection busy,
    /// the end of its response idle again.
    func handler() -> ConnectionGuard { ConnectionGuard(registry: self) }
}

final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    let registry: ConnectionRegistry

    init(registry: ConnectionRegistry) {
        self.registry = registry
    }

    func handlerAdded(context: ChannelHandlerContext) {
        registry.opened(context.channel)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        registry.closed(context.channel)
    }

    func channelInactive(context: ChannelHandlerContext) {
        registry.closed(context.channel)
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head = unwrapInboundIn(data) { registry.mark(context.channel, busy: true) }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { registry.mark(context.channel, busy: false) }
        context.write(data, promise: promise)
    }
}

@available(*, unavailable)
extension ConnectionGuard: Sendable {}
