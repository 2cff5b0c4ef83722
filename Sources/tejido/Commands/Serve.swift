import ArgumentParser
import Foundation
import TejidoCore
import TejidoWeb
import Vapor

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve Tejido over HTTP.")

    @ArgumentParser.OptionGroup var common: CommonOptions
    @ArgumentParser.Option(name: .long, help: "Address to listen on (default 127.0.0.1; TEJIDO_HOSTNAME).")
    var hostname: String?
    @ArgumentParser.Option(name: .long, help: "Port to listen on (default 8080; TEJIDO_PORT).")
    var port: Int?

    func run() async throws {
        let (app, config) = try await makeApplication(
            .init(hostname: hostname, port: port, environment: common.env), arguments: ["tejido", "serve"])
        try await prepareDatabase(app, config)
        app.logger.notice("Tejido starting: \(config)")
        if config.logsSensitiveDetail {
            app.logger.warning(
                "Log level \(config.logLevel) records database values and request headers. Use it only on test data.")
        }
        if config.mode == .production && !config.behindTLSProxy {
            app.logger.warning(
                "Production without TEJIDO_BEHIND_TLS_PROXY: cookies are not marked Secure. Serve Tejido only behind TLS.")
        }
        app.startRetentionJob()
        do {
            try await app.execute()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}
