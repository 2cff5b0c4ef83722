/// The pages below `/c/SLUG/alerts`: alerts paired collectives sent, for the receiving
/// collective's care team only. There is deliberately no address that sends one on.
enum AlertsPath: Equatable {
    /// The queue: every alert that has not expired, with where it came from.
    case queue
    /// What the care team did about one (POST).
    case note(String)
    /// No more alerts from this connection (POST): this side stops accepting the `alerts` scope.
    case refuse(String)

    var path: String {
        switch self {
        case .queue: ""
        case .note(let id): "/\(id)/note"
        case .refuse(let connection): "/refuse/\(connection)"
        }
    }
}
