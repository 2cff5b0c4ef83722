@preconcurrency import Crypto
import Foundation

/// The operator's backup key pair (X25519), made by `tejido backup keygen`. The server is given
/// only the public half, to seal copies that may then live off-site; the private half, which opens
/// them, stays off the server — so neither a stolen backup nor a stolen server reads old backups.
public enum BackupKeys {
    static let publicHeader = "tejido-backup-public-key-v1:"
    static let privateHeader = "tejido-backup-private-key-v1:"

    /// A short, one-way name for a key pair, written in every backup sealed to it, so a restore
    /// given the wrong private key can say which one it needs.
    public static func id(of key: Curve25519.KeyAgreement.PublicKey) -> String {
        idBytes(of: key).map { String(format: "%02x", $0) }.joined()
    }

    static func idBytes(of key: Curve25519.KeyAgreement.PublicKey) -> Data {
        Data(SHA256.hash(data: Data("tejido.backup-key-id.v1".utf8) + key.rawRepresentation).prefix(8))
    }

    /// Writes a new key pair: the private half readable by its owner only, the public half by
    /// anyone. Neither file may exist already; returns the pair's id.
    @discardableResult
    public static func create(publicPath: String, privatePath: String) throws -> String {
        for path in [privatePath, publicPath] where FileManager.default.fileExists(atPath: path) {
            throw BackupProblem.fileExists(path: path)
        }
        let key = Curve25519.KeyAgreement.PrivateKey()
        try NewFile.write(
            Data((privateHeader + key.rawRepresentation.base64EncodedString() + "\n").utf8), to: privatePath, mode: 0o600)
        do {
            try NewFile.write(
                Data((publicHeader + key.publicKey.rawRepresentation.base64EncodedString() + "\n").utf8), to: publicPath,
                mode: 0o644)
        } catch {
            // Half a pair is no use to anyone.
            unlink(privatePath)
            throw error
        }
        return id(of: key.publicKey)
    }

    public static func readPublic(path: String) throws -> Curve25519.KeyAgreement.PublicKey {
        let raw = try contents(path, header: publicHeader)
        do { return try .init(rawRepresentation: raw) } catch { throw BackupProblem.malformedKeyFile(path: path) }
    }

    /// Refuses a private key file others can read, as the instance key file is refused.
    public static func readPrivate(path: String) throws -> Curve25519.KeyAgreement.PrivateKey {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        let mode = (attributes?[.posixPermissions] as? NSNumber)?.intValue ?? 0
        guard mode & 0o077 == 0 else { throw BackupProblem.keyFileReadableByOthers(path: path, mode: mode) }
        let raw = try contents(path, header: privateHeader)
        do { return try .init(rawRepresentation: raw) } catch { throw BackupProblem.malformedKeyFile(path: path) }
    }

    private static func contents(_ path: String, header: String) throws -> Data {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw BackupProblem.cannotRead(path: path)
        }
        let line = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard line.hasPrefix(header), let data = Data(base64Encoded: String(line.dropFirst(header.count))), data.count == 32
        else { throw BackupProblem.malformedKeyFile(path: path) }
        return data
    }
}
