import ArgumentParser
import Foundation
import TejidoCore
import TejidoWeb
import Vapor

struct Keygen: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create the instance key file (TEJIDO_KEY_FILE) if it does not exist. Never overwrites.")

    @ArgumentParser.OptionGroup var common: CommonOptions

    func run() async throws {
        let config = loadConfiguration(.init(environment: common.env))
        do {
            try InstanceKeyFile.create(path: config.keyFilePath)
        } catch let error as InstanceKeyError {
            fail(error.description)
        }
        print("Created \(config.keyFilePath) (mode 600). Back it up now, somewhere other than your database backups.")
    }
}
