@preconcurrency import Crypto
import Foundation

/// A database copy sealed to an operator's backup key, to be kept off-site: HPKE (RFC 9180, the
/// suite `PublicSeal` uses) over a stream of 1 MiB chunks, so a database of any size is sealed and
/// opened in a few MiB of memory.
///
/// Layout: a 24-byte line naming the format, the 8-byte id of the backup key it is sealed to,
/// HPKE's 32-byte encapsulated key; then chunks, each a flag byte (1 on the last), a 4-byte
/// big-endian length and the sealed bytes. Every chunk authenticates the header and its flag, and
/// HPKE numbers the chunks in order, so a file cut short, reordered, altered or lengthened does not
/// open.
public enum SealedBackup {
    static let magic = Data("tejido-sealed-backup-v1\n".utf8)
    static let info = Data("tejido.backup.v1".utf8)
    static let headerSize = magic.count + 8 + 32
    static let chunkSize = 1 << 20
    /// What sealing adds to each chunk (ChaCha20-Poly1305's tag).
    static let overhead = 16

    /// Whether a file beginning with `prefix` is a sealed backup.
    public static func isSealed(_ prefix: Data) -> Bool { prefix.starts(with: magic) }

    /// The id of the backup key a sealed backup's header names.
    public static func sealedTo(_ header: Data) -> String? {
        guard header.count >= headerSize, isSealed(header) else { return nil }
        return header.dropFirst(magic.count).prefix(8).map { String(format: "%02x", $0) }.joined()
    }

    public static func seal(from input: FileHandle, to output: FileHandle, for key: Curve25519.KeyAgreement.PublicKey) throws {
        var sender = try HPKE.Sender(recipientKey: key, ciphersuite: PublicSeal.suite, info: info)
        let header = magic + BackupKeys.idBytes(of: key) + sender.encapsulatedKey
        try output.write(contentsOf: header)
        var chunk = try input.read(upToCount: chunkSize) ?? Data()
        while true {
            // Read one ahead: the last chunk is marked as such.
            let next = try input.read(upToCount: chunkSize) ?? Data()
            let flag: UInt8 = next.isEmpty ? 1 : 0
            let sealed = try sender.seal(chunk, authenticating: header + [flag])
            let length = UInt32(sealed.count)
            try output.write(contentsOf: Data([flag]) + withUnsafeBytes(of: length.bigEndian) { Data($0) } + sealed)
            if next.isEmpty { return }
            chunk = next
        }
    }

    /// Writes what was sealed to `output`, or throws `BackupProblem` on the wrong key or a damaged
    /// file. On a throw, `output` holds a partial copy its caller must discard.
    public static func open(
        from input: FileHandle, to output: FileHandle, with key: Curve25519.KeyAgreement.PrivateKey, path: String
    ) throws {
        let header = try read(input, exactly: headerSize)
        guard let sealedTo = sealedTo(header) else { throw BackupProblem.notABackup(path: path) }
        let given = BackupKeys.id(of: key.publicKey)
        guard sealedTo == given else { throw BackupProblem.wrongBackupKey(sealedTo: sealedTo, given: given) }
        var recipient = try HPKE.Recipient(
            privateKey: key, ciphersuite: PublicSeal.suite, info: info, encapsulatedKey: Data(header.suffix(32)))
        while true {
            let frame = try read(input, exactly: 5)
            guard frame.count == 5 else { throw BackupProblem.damaged(detail: "it ends before its last part") }
            let flag = frame[frame.startIndex]
            let length = frame.dropFirst().reduce(0) { $0 << 8 | Int($1) }
            guard flag <= 1, length <= chunkSize + overhead else { throw BackupProblem.damaged(detail: "a part is malformed") }
            let sealed = try read(input, exactly: length)
            guard sealed.count == length else { throw BackupProblem.damaged(detail: "it ends before its last part") }
            let chunk: Data
            do {
                chunk = try recipient.open(sealed, authenticating: header + [flag])
            } catch {
                throw BackupProblem.damaged(detail: "a part does not open: it was altered or reordered")
            }
            try output.write(contentsOf: chunk)
            if flag == 1 { break }
        }
        guard try read(input, exactly: 1).isEmpty else { throw BackupProblem.damaged(detail: "something follows its end") }
    }

    /// Up to `count` bytes, fewer only at the end of the file.
    static func read(_ input: FileHandle, exactly count: Int) throws -> Data {
        var data = Data()
        while data.count < count, let more = try input.read(upToCount: count - data.count), !more.isEmpty {
            data.append(more)
        }
        return data
    }
}
