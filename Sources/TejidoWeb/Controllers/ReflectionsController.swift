import TejidoCore
import Vapor

/// The care team's counts of reflections (`viewReflections`: the care team alone).
struct ReflectionsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.reflections(slug: .placeholder(.slug)), use: show)
    }

    func show(_ req: Request) async throws -> Response {
        let collective = try await req.collective(for: .viewReflections)
        // Only the windows offered; anything else typed into the address is the default.
        let asked = req.query[String.self, at: "months"].flatMap { Int($0) }
        let months = asked.flatMap { ReflectionSummary.windows.contains($0) ? $0 : nil } ?? ReflectionSummary.defaultWindow
        let window = ReflectionSummary.months(count: months, endingAt: req.now, calendar: .utc)
        let minimum = req.services.config.reflectionMinimumGroup
        let answers = try await Reflections.answers(
            collectiveID: collective.requireID(), months: window, keys: req.services.reflectionKeys, on: req.db)
        let page = ReflectionsPage.build(
            ReflectionSummary(answers, months: window, minimum: minimum), months: months, minimum: minimum,
            action: SiteURL.reflections(slug: collective.slug).path, req.pageContext)
        return req.page(page, titleKey: "reflections_title")
    }
}
