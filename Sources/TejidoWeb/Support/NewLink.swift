import Vapor

/// A single-use link a form just made (a claim link, a mediator's link) is shown on the page the
/// form redirects to, so reloading that page makes no second link. It crosses the redirect in a
/// cookie that lives a minute and is cleared by the page that shows it; the address bar and the
/// history never carry it.
enum NewLink {
    static let lifetime = 60

    /// A redirect to `page` that will show `link` once.
    static func redirect(_ req: Request, to page: String, showing link: String) -> Response {
        let response = req.redirect(to: page, redirectType: .normal)
        let cookies = req.services.cookies
        var value = cookies.value(link)
        value.maxAge = lifetime
        response.cookies[cookies.newLink] = value
        return response
    }

    /// The link waiting to be shown, if any; `response` forgets it.
    static func take(_ req: Request, clearingOn response: Response) -> String? {
        let cookies = req.services.cookies
        guard let link = req.cookies[cookies.newLink]?.string, !link.isEmpty else { return nil }
        response.cookies[cookies.newLink] = cookies.expired
        return link
    }
}
