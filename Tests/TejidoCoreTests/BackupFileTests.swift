@preconcurrency import Crypto
import Foundation
import Testing

@testable import TejidoCore

@Suite("Backup files")
struct BackupFileTests {
    static func folder() throws -> String {
        let path = NSTemporaryDirectory() + "tejido-backup-files-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func seal(_ data: Data, to key: Curve25519.KeyAgreement.PublicKey, in folder: String) throws -> String {
        let plain = folder + "/plain-\(UUID().uuidString)"
        let sealed = folder + "/sealed-\(UUID().uuidString)"
        _ = FileManager.default.createFile(atPath: plain, contents: data)
        let output = try NewFile.create(sealed)
        try SealedBackup.seal(from: try #require(FileHandle(forReadingAtPath: plain)), to: output, for: key)
        try output.close()
        return sealed
    }

    static func open(_ path: String, with key: Curve25519.KeyAgreement.PrivateKey) throws -> Data {
        let opened = path + ".opened-\(UUID().uuidString)"
        let output = try NewFile.create(opened)
        try SealedBackup.open(from: try #require(FileHandle(forReadingAtPath: path)), to: output, with: key, path: path)
        try output.close()
        return try #require(FileManager.default.contents(atPath: opened))
    }

    @Test(
        "a sealed backup opens to exactly what was sealed, at every size around its 1 MiB chunks",
        arguments: [
            0, 1, SealedBackup.chunkSize - 1, SealedBackup.chunkSize, 2 * SealedBackup.chunkSize + 5,
        ])
    func roundTrip(size: Int) throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let key = Curve25519.KeyAgreement.PrivateKey()
        let data = Data((0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 9) })
        let sealed = try Self.seal(data, to: key.publicKey, in: folder)
        let bytes = try #require(FileManager.default.contents(atPath: sealed))
        #expect(SealedBackup.sealedTo(bytes) == BackupKeys.id(of: key.publicKey))
        #expect(size < 64 || bytes.firstRange(of: data.prefix(64)) == nil, "nothing of it in clear")
        #expect(try Self.open(sealed, with: key) == data)
    }

    @Test("another private key is refused by name; a file cut short, altered or lengthened does not open")
    func refusals() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let key = Curve25519.KeyAgreement.PrivateKey()
        let other = Curve25519.KeyAgreement.PrivateKey()
        let sealed = try Self.seal(Data(repeating: 42, count: SealedBackup.chunkSize + 100), to: key.publicKey, in: folder)
        #expect(
            throws: BackupProblem.wrongBackupKey(
                sealedTo: BackupKeys.id(of: key.publicKey), given: BackupKeys.id(of: other.publicKey))
        ) { try Self.open(sealed, with: other) }

        let bytes = try #require(FileManager.default.contents(atPath: sealed))
        let lastChunk = SealedBackup.headerSize + 5 + SealedBackup.chunkSize + SealedBackup.overhead
        let damaged: [String: Data] = [
            "without its last chunk": bytes.prefix(lastChunk),
            "one byte short": bytes.dropLast(),
            "lengthened": bytes + Data([0]),
            "a flipped byte": {
                var b = bytes; b[b.count - 40] ^= 1; return b
            }(),
            "another encapsulated key": {
                var b = bytes; b[SealedBackup.headerSize - 1] ^= 1; return b
            }(),
            "its last chunk unmarked": {
                var b = bytes; b[lastChunk] = 0; return b
            }(),
        ]
        for (name, data) in damaged {
            let path = folder + "/damaged-\(UUID().uuidString)"
            _ = FileManager.default.createFile(atPath: path, contents: data)
            do {
                _ = try Self.open(path, with: key)
                Issue.record("a backup \(name) opened")
            } catch BackupProblem.damaged {
            } catch {
                Issue.record("a backup \(name) was refused for the wrong reason: \(error)")
            }
        }
    }

    @Test("backup keys: the private half readable by its owner only, never written over, refused when others can read it")
    func keyFiles() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (publicPath, privatePath) = (folder + "/backup.pub", folder + "/backup.key")
        let id = try BackupKeys.create(publicPath: publicPath, privatePath: privatePath)
        let mode = { (path: String) in try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int }
        #expect(try mode(privatePath) == 0o600)
        #expect(try mode(publicPath) == 0o644)
        let pair = (try BackupKeys.readPublic(path: publicPath), try BackupKeys.readPrivate(path: privatePath))
        #expect(BackupKeys.id(of: pair.0) == id && pair.1.publicKey.rawRepresentation == pair.0.rawRepresentation)

        let before = FileManager.default.contents(atPath: privatePath)
        #expect(throws: BackupProblem.fileExists(path: privatePath)) {
            try BackupKeys.create(publicPath: folder + "/new.pub", privatePath: privatePath)
        }
        #expect(FileManager.default.contents(atPath: privatePath) == before)
        #expect(!FileManager.default.fileExists(atPath: folder + "/new.pub"), "no half pair is left")

        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: privatePath)
        #expect(throws: BackupProblem.keyFileReadableByOthers(path: privatePath, mode: 0o644)) {
            try BackupKeys.readPrivate(path: privatePath)
        }
        let notAKey = folder + "/not.key"
        try NewFile.write(Data("tejido-instance-key-v1:AAAA\n".utf8), to: notAKey, mode: 0o600)
        #expect(throws: BackupProblem.malformedKeyFile(path: notAKey)) { try BackupKeys.readPrivate(path: notAKey) }
    }

    @Test("a new file never replaces one that exists")
    func newFiles() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/taken"
        _ = FileManager.default.createFile(atPath: path, contents: Data("mine".utf8))
        #expect(throws: BackupProblem.fileExists(path: path)) { try NewFile.write(Data("theirs".utf8), to: path, mode: 0o600) }
        #expect(FileManager.default.contents(atPath: path) == Data("mine".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["taken"], "no temporary file is left")
    }

    @Test("what a killed run left beside the database goes, once old; a running one's, and other files, stay")
    func leftovers() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let database = folder + "/tejido.sqlite"
        let old = NewFile.temporaryPath(beside: database)
        let fresh = NewFile.temporaryPath(beside: database)
        for path in [database, old, old + "-wal", fresh, folder + "/.tejido.sqlite.notes.tmp", folder + "/instance.key"] {
            _ = FileManager.default.createFile(atPath: path, contents: Data("x".utf8))
        }
        let hourAgo = Date().addingTimeInterval(-7200)
        for path in [old, old + "-wal", folder + "/.tejido.sqlite.notes.tmp"] {
            try FileManager.default.setAttributes([.modificationDate: hourAgo], ofItemAtPath: path)
        }
        NewFile.removeLeftovers(beside: database)
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: folder))
        #expect(
            left == ["tejido.sqlite", "instance.key", ".tejido.sqlite.notes.tmp", URL(fileURLWithPath: fresh).lastPathComponent])
    }
}
