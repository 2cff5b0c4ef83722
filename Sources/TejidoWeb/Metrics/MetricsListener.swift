import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import Vapor

/// `/metrics`, on a listener of its own, bound to 127.0.0.1 and nothing else, so that it is never
/// reachable through the reverse proxy or from the network, whatever `TEJIDO_HOSTNAME` says. It
/// answers `GET /metrics` with the Prometheus text format and 404 to anything else. Started when
/// the application boots (`tejido serve`, not the other commands), stopped when it shuts down;
/// `configure` adds it only when `TEJIDO_METRICS_PORT` is set.
final class MetricsListener: LifecycleHandler {
    static let host = "127.0.0.1"
    static let path = "/metrics"

    let port: Int
    let metrics: TejidoMetrics
    private let channel = NIOLockedValueBox<(any Channel)?>(nil)

    init(port: Int, metrics: TejidoMetrics) {
        self.port = port
        self.metrics = metrics
    }

    /// Where it listens once started (with port 0, the port the system chose).
    var localAddress: SocketAddress? { channel.withLockedValue { $0?.localAddress } }

    func didBoot(_ application: Application) throws { try start(on: application.eventLoopGroup).wait() }
    func didBootAsync(_ application: Application) async throws { try await start(on: application.eventLoopGroup).get() }
    func shutdown(_ application: Application) { try? stop()?.wait() }
    func shutdownAsync(_ application: Application) async { try? await stop()?.get() }

    private func start(on group: any EventLoopGroup) -> EventLoopFuture<Void> {
        let metrics = self.metrics
        return ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(MetricsHandler(metrics: metrics))
                }
            }
            .bind(host: Self.host, port: port)
            .flatMapErrorThrowing { [port] error in throw CannotListen(port: port, reason: error) }
            .map { channel in self.channel.withLockedValue { $0 = channel } }
    }

    /// Says which of Tejido's two listeners could not start, and which setting moves it.
    struct CannotListen: Error, CustomStringConvertible {
        let port: Int
        let reason: any Error

        var description: String {
            "/metrics cannot listen on \(MetricsListener.host):\(port) (TEJIDO_METRICS_PORT): \(reason)"
        }
    }

    private func stop() -> EventLoopFuture<Void>? {
        channel.withLockedValue { channel in
            defer { channel = nil }
            return channel?.close()
        }
    }
}

/// One scrape per connection: the answer, then the connection is closed.
private final class MetricsHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let metrics: TejidoMetrics
    private var head: HTTPRequestHead?

    init(metrics: TejidoMetrics) { self.metrics = metrics }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head): self.head = head
        case .body: break  // A scrape sends none; anything sent is ignored.
        case .end:
            guard let head else { return }
            self.head = nil
            respond(to: head, context: context)
        }
    }

    private func respond(to head: HTTPRequestHead, context: ChannelHandlerContext) {
        let path = head.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let isScrape = head.method == .GET && path == MetricsListener.path
        let body = isScrape ? metrics.exposition() : Array("Not found\n".utf8)
        let headers = HTTPHeaders([
            ("Content-Type", isScrape ? "text/plain; version=0.0.4; charset=utf-8" : "text/plain; charset=utf-8"),
            ("Content-Length", String(body.count)), ("Connection", "close"), ("Cache-Control", "no-store"),
        ])
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: isScrape ? .ok : .notFound, headers: headers))),
            promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))), promise: nil)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
    }
}

extension Application {
    private struct MetricsListenerKey: StorageKey { typealias Value = MetricsListener }

    /// The `/metrics` listener, when `TEJIDO_METRICS_PORT` is set.
    var metricsListener: MetricsListener? {
        get { storage[MetricsListenerKey.self] }
        set { storage[MetricsListenerKey.self] = newValue }
    }
}
