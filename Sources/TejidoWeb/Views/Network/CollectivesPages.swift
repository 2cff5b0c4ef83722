import Foundation
import TejidoCore

/// One collective's entry in the directory of collectives, as a card.
struct CollectiveCard {
    let name: String
    let about: String
    let place: String
    let languages: String
    let offers: [String]
    let contact: String

    init(name: String, profile: CollectiveProfile, _ p: PageContext) {
        self.name = name
        about = profile.about
        place = profile.place
        languages = profile.languages.map { LanguageNames.name(of: $0, in: p.language) }.joined(separator: ", ")
        offers = profile.offers.map { p("collective_offer_\($0.rawValue)") }
        contact = profile.contact
    }

    func html(_ p: PageContext, level: Int = 2) -> HTML {
        func detail(_ key: String, _ value: String, prose: Bool = false) -> HTML {
            guard !value.isEmpty else { return .empty }
            return "<dt>\(p(key))</dt><dd\(HTML.when(prose, " class=\"protocol-text\""))>\(value)</dd>\n"
        }
        return """
            <article class="entry-card collective-card">
            <h\(level)>\(name)</h\(level)>
            <p class="protocol-text">\(about)</p>
            <dl class="entry-details">
            \(detail("collective_entry_field_place", place))\(detail("collective_entry_field_languages", languages))\
            \(HTML.when(!offers.isEmpty, "<dt>\(p("collective_card_offers"))</dt><dd><ul>\(HTML.each(offers) { "<li>\($0)</li>" })</ul></dd>\n"))\
            \(detail("collective_card_contact", contact, prose: true))</dl>
            </article>

            """
    }
}

/// The directory of collectives: connected collectives' entries, and ours.
struct CollectivesDirectoryPage: PageView {
    let own: CollectiveCard?
    let entries: [CollectiveCard]
    let editHref: String?
    /// Our entry was just saved.
    var saved = false

    static func build(
        collective: CollectiveRecord, own: CollectiveProfile?, entries: [(name: String, profile: CollectiveProfile)],
        editHref: String?, _ p: PageContext
    ) -> CollectivesDirectoryPage {
        CollectivesDirectoryPage(
            own: own.map { CollectiveCard(name: collective.name, profile: $0, p) },
            entries: entries.map { CollectiveCard(name: $0.name, profile: $0.profile, p) }, editHref: editHref)
    }

    func html(_ p: PageContext) -> HTML {
        var out: HTML = """
            <h1>\(p("collectives_directory_heading"))</h1>
            \(HTML.when(saved, "<p class=\"notice\" role=\"status\">\(p("collectives_directory_saved"))</p>"))
            <p>\(p("collectives_directory_intro"))</p>

            """
        out += entries.isEmpty ? "<p>\(p("collectives_directory_none"))</p>\n" : HTML.each(entries) { $0.html(p) }
        out += "<h2>\(p("collectives_directory_own_heading"))</h2>\n"
        if let own { out += own.html(p, level: 3) } else { out += "<p>\(p("collectives_directory_own_none"))</p>\n" }
        if let editHref { out += "<p><a href=\"\(editHref)\">\(p("collectives_directory_own_edit"))</a></p>\n" }
        return out
    }
}

/// Our entry in the directory of collectives, for the admins: what it says and where it goes.
struct CollectiveEntryPage: PageView {
    let action: String
    let form: FormState
    let backHref: String
    let publicHref: String

    static func values(of own: CollectiveProfiles.Own?) -> [String: String] {
        guard let own else { return [:] }
        var values = [
            "about": own.profile.about, "place": own.profile.place, "languages": own.profile.languages.joined(separator: ", "),
            "contact": own.profile.contact, "to_peers": own.toPeers ? "1" : "", "on_public_page": own.onPublicPage ? "1" : "",
        ]
        for offer in own.profile.offers { values["offer_\(offer.rawValue)"] = "1" }
        return values
    }

    func html(_ p: PageContext) -> HTML {
        let offers = HTML.each(CollectiveOffer.allCases) { offer in
            Checkbox(
                id: "offer_\(offer.rawValue)", label: p("collective_offer_\(offer.rawValue)"),
                checked: form.values["offer_\(offer.rawValue)"] == "1"
            ).html(p)
        }
        return """
            <h1>\(p("collective_entry_heading"))</h1>
            <p><a href="\(backHref)">\(p("collectives_directory_heading"))</a></p>
            <p>\(p("collective_entry_intro"))</p>
            \(HTML.errorSummary(form, p))<form method="post" action="\(action)" class="stack" novalidate>
            \(HTML.csrf(p))
            \(FormField("about", label: p("collective_entry_field_about"), hint: p("collective_entry_hint_about"), form: form,
                control: .textarea(rows: 5), attributes: "maxlength=\"\(CollectiveProfile.aboutLimit)\"").html(p))\
            \(FormField("place", label: p("collective_entry_field_place"), hint: p("collective_entry_hint_place"), form: form,
                attributes: "maxlength=\"\(CollectiveProfile.shortLimit)\"").html(p))\
            \(FormField("languages", label: p("collective_entry_field_languages"), hint: p("directory_hint_languages"), form: form,
                attributes: "maxlength=\"200\" spellcheck=\"false\"").html(p))\
            \(Fieldset(legend: p("collective_entry_field_offers"), content: offers).html(p))\
            \(FormField("contact", label: p("collective_entry_field_contact"), hint: p("collective_entry_hint_contact"), form: form,
                control: .textarea(rows: 3), attributes: "maxlength=\"\(CollectiveProfile.aboutLimit)\"").html(p))\
            \(Fieldset(legend: p("collective_entry_publish_legend"), content:
                Checkbox(id: "to_peers", label: p("collective_entry_to_peers"), hint: p("collective_entry_to_peers_hint"),
                    checked: form.values["to_peers"] == "1").html(p)
                + Checkbox(id: "on_public_page", label: p("collective_entry_on_public_page"),
                    hint: p("collective_entry_on_public_page_hint", ["address": publicHref]),
                    checked: form.values["on_public_page"] == "1").html(p)).html(p))\
            <button type="submit" class="button">\(p("collective_entry_submit"))</button>
            </form>

            """
    }
}

/// A collective's entry on its public page, for anyone, when its admins chose so.
struct PublicCollectivePage: PageView {
    let card: CollectiveCard

    func html(_ p: PageContext) -> HTML {
        card.html(p, level: 1)
    }
}
