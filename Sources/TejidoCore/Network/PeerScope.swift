/// What one collective may share with a paired one. Each side chooses, for each direction, which
/// of these it sends and which it accepts; a message in a scope the receiver does not accept is
/// refused as if the route did not exist.
public enum PeerScope: String, CaseIterable, Codable, Sendable, Comparable {
    /// Its adopted protocol, in the format `tejido protocol export` writes.
    case protocols
    /// Directory entries it marked shared.
    case directory
    /// Its own entry in the directory of collectives.
    case collective
    /// Consent-given alerts about a person who harmed.
    case alerts
    /// Requests to find an outside mediator for a case, each with its single-use link.
    case mediation
    /// Repeat-harm matching (the network, part 2): forming circles, evaluations, the board.
    case matching

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// Stored as a sorted, comma-separated list: `"alerts,protocols"`. Unknown names are dropped,
    /// so a list written by a later release still reads.
    public static func set(from stored: String) -> Set<PeerScope> {
        Set(stored.split(separator: ",").compactMap { PeerScope(rawValue: String($0)) })
    }

    public static func stored(_ scopes: Set<PeerScope>) -> String {
        scopes.sorted().map(\.rawValue).joined(separator: ",")
    }

    /// What a new pairing offers until an admin changes it: everything but alerts, mediation
    /// requests and matching, which each need a deliberate choice.
    public static let defaults: Set<PeerScope> = [.protocols, .directory, .collective]

    /// What an admin can choose.
    public static let offered: [PeerScope] = allCases
}
