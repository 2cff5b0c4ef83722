import Fluent
import TejidoCore
import Vapor

/// Switching language: remembered in a cookie, and on the account when signed in.
struct LanguageController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post(.language, use: choose)
    }

    struct LanguageForm: Content, EmptyInitializable {
        var lang: String?
        var next: String?
    }

    func choose(_ req: Request) async throws -> Response {
        try req.authorize(.usePublicPages, .publicPages)
        let form = req.form(LanguageForm.self)
        let response = req.redirect(to: SafeRedirect.path(form.next), redirectType: .normal)
        guard let language = form.lang.flatMap(Language.init(rawValue:)) else { return response }
        let cookies = req.services.cookies
        response.cookies[cookies.language] = cookies.value(language.rawValue, lifetime: 365)
        if let user = req.context.user {
            try req.authorize(.changeOwnPreferences, .account(userID: user.id))
            try await UserQueries(database: req.db).savePreferences(user.id, neutralTitles: nil, language: language)
        }
        return response
    }
}
