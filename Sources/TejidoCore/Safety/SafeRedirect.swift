/// Where a form may send someone afterwards. Only this application's own paths: a `next`
/// parameter must never become a way to send a person to a look-alike site.
public enum SafeRedirect {
    public static func path(_ candidate: String?, fallback: String = "/") -> String {
        guard let candidate, candidate.count <= 512, candidate.hasPrefix("/"),
            !candidate.hasPrefix("//"), !candidate.contains("\\"),
            !candidate.unicodeScalars.contains(where: { $0.value < 0x21 || $0.value == 0x7f })
        else { return fallback }
        return candidate
    }
}
