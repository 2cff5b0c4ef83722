@preconcurrency import Crypto
import Foundation
import Vapor

/// bcrypt, with the passphrase first reduced to a fixed-length digest: bcrypt reads only 72 bytes,
/// and a 256-character passphrase (or one in a script that takes 3–4 bytes a character) must count
/// in full. The same passphrase typed with composed or decomposed accents hashes the same.
struct PassphraseHasher: Sendable {
    let cost: Int

    func hash(_ passphrase: String) throws -> String {
        try Bcrypt.hash(Self.prepared(passphrase), cost: cost)
    }

    func verify(_ passphrase: String, against hash: String) -> Bool {
        (try? Bcrypt.verify(Self.prepared(passphrase), created: hash)) ?? false
    }

    /// bcrypt is deliberately slow; it runs on the thread pool so it never stalls the event loop.
    func hash(_ passphrase: String, on app: Application) async throws -> String {
        try await app.threadPool.runIfActive { try self.hash(passphrase) }
    }

    func verify(_ passphrase: String, against hash: String, on app: Application) async throws -> Bool {
        try await app.threadPool.runIfActive { self.verify(passphrase, against: hash) }
    }

    static func prepared(_ passphrase: String) -> String {
        let digest = SHA256.hash(data: Data(passphrase.precomposedStringWithCanonicalMapping.utf8))
        return Data(digest).base64EncodedString()
    }
}
