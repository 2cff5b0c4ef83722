import Foundation
import Testing

@testable import TejidoCore

@Suite("Instance key file")
struct InstanceKeyFileTests {
    func temporaryPath() -> String {
        NSTemporaryDirectory() + "tejido-key-\(UUID().uuidString)/instance.key"
    }

    @Test("a created key file is mode 0600 and loads back to the same key")
    func createAndLoad() throws {
        let path = temporaryPath()
        let created = try InstanceKeyFile.create(path: path)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        #expect(try InstanceKeyFile.load(path: path).key == created.key)
    }

    @Test("an existing key is never overwritten")
    func neverOverwrites() throws {
        let path = temporaryPath()
        try InstanceKeyFile.create(path: path)
        #expect(throws: InstanceKeyError.alreadyExists(path: path)) { try InstanceKeyFile.create(path: path) }
    }

    @Test("a key file others can read is refused, with the fix in the message")
    func refusesLoosePermissions() throws {
        let path = temporaryPath()
        try InstanceKeyFile.create(path: path)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        #expect(throws: InstanceKeyError.readableByOthers(path: path, mode: 0o644)) { try InstanceKeyFile.load(path: path) }
        #expect(InstanceKeyError.readableByOthers(path: path, mode: 0o644).description.contains("chmod 600"))
    }

    @Test("a missing key is reported, and created only when asked")
    func missing() throws {
        let path = temporaryPath()
        #expect(throws: InstanceKeyError.missing(path: path)) {
            try InstanceKeyFile.loadOrCreate(path: path, createIfMissing: false)
        }
        _ = try InstanceKeyFile.loadOrCreate(path: path, createIfMissing: true)
        #expect(FileManager.default.fileExists(atPath: path))
    }

    @Test("a file that is not a key is refused")
    func malformed() {
        #expect(throws: InstanceKeyError.malformed) { try InstanceKey(fileContents: "hello") }
        #expect(throws: InstanceKeyError.malformed) { try InstanceKey(fileContents: "tejido-instance-key-v1:AAAA") }
    }
}
