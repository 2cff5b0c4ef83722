import ArgumentParser
import Foundation
import TejidoCore
import TejidoWeb
import Vapor

struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Rotate the instance key.", subcommands: [Rotate.self, Prune.self])

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Put a new instance key first in the key file and re-wrap every case key under it. The server may keep running.")

        @ArgumentParser.OptionGroup var common: CommonOptions

        func run() async throws {
            try await withPreparedApplication(env: common.env, failure: "The rotation stopped") { app in
                let count = try await app.rotateKeys()
                return """
                    Re-locked \(count) wrapped key(s) under the new instance key in \(app.instanceKeyPath).
                    The previous key stays in the file so nothing wrapped during the rotation is lost; once every
                    server has been running for a minute, remove it with `tejido keys prune`.
                    Back up the key file now.
                    """
            }
        }
    }

    struct Prune: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Drop previous instance keys no case still uses.")

        @ArgumentParser.OptionGroup var common: CommonOptions

        func run() async throws {
            try await withPreparedApplication(env: common.env, failure: "Nothing was pruned") { app in
                "Removed \(try await app.pruneKeys()) previous key(s) from \(app.instanceKeyPath)."
            }
        }
    }
}
