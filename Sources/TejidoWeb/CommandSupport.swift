import Fluent
import TejidoCore
import Vapor

/// What the command-line tool needs from the web library, without reaching into its internals.
extension Application {
    /// Explains an error in plain English for a terminal. Domain problems are spelled out from the
    /// catalog; anything else names its kind only.
    public func explain(_ error: any Error) -> String {
        let catalog = tejido.catalog
        switch error {
        case TejidoError.invalid(let problems):
            return problems.map { "\($0.field): \(catalog.string($0.messageKey, .en))" }.joined(separator: "\n")
        case TejidoError.notFound:
            return "Setup has already been done: a collective exists. Sign in, or ask an admin for an invitation."
        case let error as TejidoError:
            let (_, key) = ErrorPageMiddleware.describe(error)
            return catalog.string(key, .en)
        default:
            return String(describing: error)
        }
    }
}
