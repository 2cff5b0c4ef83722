import Foundation

/// A database, or a backup of one, whose wraps are locked under instance keys the key file lacks.
/// Opened with that file every case would vanish from view (and new ones be sealed under the wrong
/// key), so Tejido refuses and names the key it needs. One wording for start-up and for restore.
public struct InstanceKeyMismatch: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Subject: Sendable, Equatable {
        /// The configured database, met at start-up.
        case database
        /// A backup about to be restored.
        case backup
    }

    public enum KeyFile: Sendable, Equatable {
        /// No key file exists at the configured path.
        case missing
        /// None existed, so start-up made one moments ago (and removes it again).
        case createdNow
        /// The key file holds these keys, by id.
        case holds([String])
    }

    public let subject: Subject
    /// The ids of the keys needed that the key file lacks.
    public let missing: [String]
    public let path: String
    public let keyFile: KeyFile

    public init(subject: Subject, missing: [String], path: String, keyFile: KeyFile) {
        self.subject = subject
        self.missing = missing
        self.path = path
        self.keyFile = keyFile
    }

    public var description: String {
        let found =
            switch keyFile {
            case .missing: "No key file was found at \(path)"
            case .createdNow: "No key file was found at \(path), so a new one would have been made"
            case .holds(let ids): "The key file at \(path) holds other keys (\(ids.joined(separator: ", ")))"
            }
        let (holder, remedy) =
            switch subject {
            case .database:
                (
                    "This database",
                    "Put back the instance.key that belongs with this database (from your key backup) and start again"
                )
            case .backup:
                (
                    "This backup",
                    "Put the instance key this backup was made under (from your key backup) at \(path), or point "
                        + "TEJIDO_KEY_FILE at it, and restore again"
                )
            }
        // "with it": the key file that is there, or the one that would have been made.
        let without = keyFile == .missing ? "without the key" : "with it"
        return "\(holder) holds cases sealed with instance key \(missing.joined(separator: ", ")). \(found), and "
            + "\(without) those cases could never be opened. \(remedy); nothing was changed."
    }
}
