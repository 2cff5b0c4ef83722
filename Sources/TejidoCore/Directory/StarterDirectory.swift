/// Organisations the source documents name, for a new collective's directory: name, kind and
/// public website only, never verified by us, kept for members until someone checks them. No
/// phone numbers or addresses — we would be guessing, and a wrong number in a crisis is harm.
public enum StarterDirectory {
    public static var entries: [DirectoryEntry] {
        [
            DirectoryEntry(
                kind: .transformativeJustice, name: "Bay Area Transformative Justice Collective", reach: .online,
                website: "https://batjc.wordpress.com"),
            DirectoryEntry(
                kind: .transformativeJustice, name: "Creative Interventions", reach: .online,
                website: "https://www.creative-interventions.org"),
            // Generation Five has wound down; we know of no current home for its writing to vouch for.
            DirectoryEntry(kind: .transformativeJustice, name: "Generation Five", reach: .online),
            DirectoryEntry(
                kind: .transformativeJustice, name: "INCITE! (community accountability toolkits)", reach: .online,
                website: "https://incite-national.org"),
            DirectoryEntry(kind: .transformativeJustice, name: "Philly Stands Up", country: "US", city: "Philadelphia"),
        ]
    }
}
