import Vapor

/// A single-use link a form just made (a claim link, a mediator's link) is shown on the page the
/// form redirects to, so reloading that page makes no second link. It crosses the redirect in a
/// cookie that lives a minute and is cleared by the page that shows it; the address bar and the
/// history never carry it.
enum NewLink {
    static let lifetime = 60

    /// A redirect to `page` that will show `link` once.
    static func redirect(_ req: Request, to page: String, showing link: String, anchor: String = "") -> Response {
        let response = req.redirect(to: page + anchor, redirectType: .normal)
        let cookies = req.services.cookies
        // Bound to the page it was made for: no other page (another case's) shows it.
        var value = cookies.value(page + "|" + link)
        value.maxAge = lifetime
        response.cookies[cookies.newLink] = value
        return response
    }

    /// The link waiting to be shown on this very page, if any.
    static func waiting(_ req: Request) -> String? {
        guard let stored = req.cookies[req.services.cookies.newLink]?.string,
            let bar = stored.firstIndex(of: "|"), stored[..<bar] == req.url.path
        else { return nil }
        let link = String(stored[stored.index(after: bar)...])
        return link.isEmpty ? nil : link
    }

    /// `page`, built with the waiting link, which its answer then forgets.
    static func showing(_ req: Request, _ page: (String?) async throws -> Response) async throws -> Response {
        let link = waiting(req)
        let response = try await page(link)
        if link != nil { response.cookies[req.services.cookies.newLink] = req.services.cookies.expired }
        return response
    }
}
