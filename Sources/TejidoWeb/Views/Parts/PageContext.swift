import Foundation
import TejidoCore
import Vapor

/// What a page's view needs besides its own model: the reader's words and dates, and the form
/// token. Views take this, never a `Request`, so a page can be built and read without a server.
struct PageContext: Sendable {
    let words: Words
    let dates: DateFormatting
    /// The form token every form posts back.
    let csrf: String

    var language: Language { words.language }

    func callAsFunction(_ key: String) -> String { words(key) }
    func callAsFunction(_ key: String, _ values: [String: String]) -> String { words(key, values) }
}

extension Request {
    var pageContext: PageContext {
        PageContext(words: words, dates: DateFormatting(language: context.language), csrf: context.csrfToken)
    }

    /// A page whose view is a `PageView`: its model, written out in the reader's words.
    func page(_ view: some PageView, titleKey: String, status: HTTPStatus = .ok) -> Response {
        page(view.html(pageContext), titleKey: titleKey, status: status)
    }
}

/// A page's model that writes itself out. Each page is one file under `Views/<Area>/`: the model,
/// the builder that makes it from domain values, and this.
protocol PageView {
    func html(_ p: PageContext) -> HTML
}
