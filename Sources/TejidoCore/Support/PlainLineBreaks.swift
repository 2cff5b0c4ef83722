import Foundation

extension String {
    /// A browser sends a textarea's line breaks as CR LF; text is kept with plain line breaks, so
    /// it passes the control-character checks (and crosses to a peer) like any other.
    public var plainLineBreaks: String {
        replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }
}
