import Foundation

/// `protocol`: the sender's adopted protocol version, as the file `tejido protocol export`
/// writes, carried as text. The receiver reads it with the same reader and validator as an
/// uploaded file: anything they refuse is refused here too.
public struct ProtocolShare: Codable, Sendable, Equatable {
    /// The version's number at the source; a higher one arrives as a new version.
    public let version: Int
    /// When the source collective adopted it, in seconds since 1970.
    public let adoptedAt: Int
    /// The protocol file (`ProtocolExchange.export`).
    public let file: String

    public init(version: Int, adoptedAt: Date, file: String) {
        self.version = version
        self.adoptedAt = Int(adoptedAt.timeIntervalSince1970)
        self.file = file
    }

    /// The protocol it carries, or `StrictJSON.Problem.invalid` when the number, the date or the
    /// file is not something this release takes.
    public func document(now: Date) throws -> ProtocolDocument {
        guard version > 0, version < 1_000_000, adoptedAt > 0,
            TimeInterval(adoptedAt) <= now.timeIntervalSince1970 + 86_400,
            case .success(let document) = ProtocolExchange.read(Data(file.utf8))
        else { throw StrictJSON.Problem.invalid }
        return document
    }

    public var adoptionDate: Date { Date(timeIntervalSince1970: TimeInterval(adoptedAt)) }
}
