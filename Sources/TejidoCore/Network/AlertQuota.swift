import Foundation

/// How many alerts one peer may send in a day before it is stopped: past the quota the message is
/// refused and the connection is paused for the receiving side's admins to look at.
public enum AlertQuota {
    public static func accepts(receivedToday: Int, quota: Int) -> Bool { receivedToday < quota }
}
