import Vapor

/// Every address in Tejido, in one place. Routes are registered from these values and templates
/// receive links built from them, so a link and its route cannot drift apart.
enum SiteURL: Equatable {
    case home
    case about
    case healthz
    case setup
    case login
    case logout
    case exit
    case language
    case account
    case accountPreferences
    case accountPassphrase
    case accountLogOutEverywhere
    case accountDelete
    case collectives
    case collective(slug: String)
    case collectiveLeave(slug: String)
    case collectiveSettings(slug: String)
    case members(slug: String)
    case memberRole(slug: String, membershipID: String)
    case memberRemove(slug: String, membershipID: String)
    case invites(slug: String)
    case inviteRevoke(slug: String, inviteID: String)
    case join(token: String)

    var path: String {
        switch self {
        case .home: "/"
        case .about: "/about"
        case .healthz: "/healthz"
        case .setup: "/setup"
        case .login: "/login"
        case .logout: "/logout"
        case .exit: "/exit"
        case .language: "/language"
        case .account: "/account"
        case .accountPreferences: "/account/preferences"
        case .accountPassphrase: "/account/passphrase"
        case .accountLogOutEverywhere: "/account/sessions/end-all"
        case .accountDelete: "/account/delete"
        case .collectives: "/collectives"
        case .collective(let slug): "/c/\(slug)"
        case .collectiveLeave(let slug): "/c/\(slug)/leave"
        case .collectiveSettings(let slug): "/c/\(slug)/settings"
        case .members(let slug): "/c/\(slug)/members"
        case .memberRole(let slug, let id): "/c/\(slug)/members/\(id)/role"
        case .memberRemove(let slug, let id): "/c/\(slug)/members/\(id)/remove"
        case .invites(let slug): "/c/\(slug)/invites"
        case .inviteRevoke(let slug, let id): "/c/\(slug)/invites/\(id)/revoke"
        case .join(let token): "/join/\(token)"
        }
    }

    /// The same address with route parameters in place of values, for registering the route.
    var pathComponents: [PathComponent] {
        path.split(separator: "/").map { PathComponent(stringLiteral: String($0)) }
    }

    // Route patterns: the parameter names handlers read.
    static let slugParameter = "slug"
    static let membershipParameter = "membershipID"
    static let inviteParameter = "inviteID"
    static let tokenParameter = "token"

    static let collectivePattern = SiteURL.collective(slug: ":slug")
    static let collectiveLeavePattern = SiteURL.collectiveLeave(slug: ":slug")
    static let collectiveSettingsPattern = SiteURL.collectiveSettings(slug: ":slug")
    static let membersPattern = SiteURL.members(slug: ":slug")
    static let memberRolePattern = SiteURL.memberRole(slug: ":slug", membershipID: ":membershipID")
    static let memberRemovePattern = SiteURL.memberRemove(slug: ":slug", membershipID: ":membershipID")
    static let invitesPattern = SiteURL.invites(slug: ":slug")
    static let inviteRevokePattern = SiteURL.inviteRevoke(slug: ":slug", inviteID: ":inviteID")
    static let joinPattern = SiteURL.join(token: ":token")
}

extension RoutesBuilder {
    @discardableResult
    func get(_ url: SiteURL, use handler: @escaping @Sendable (Request) async throws -> Response) -> Route {
        self.get(url.pathComponents, use: handler)
    }

    @discardableResult
    func post(_ url: SiteURL, use handler: @escaping @Sendable (Request) async throws -> Response) -> Route {
        self.post(url.pathComponents, use: handler)
    }
}
