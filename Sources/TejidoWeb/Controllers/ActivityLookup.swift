import Fluent
import TejidoCore
import Vapor

/// One activity as a handler needs it: its collective, its record and the facts the policy read.
struct ActivityContext {
    let collective: CollectiveRecord
    let activity: ActivityRecord
    let facts: ActivityFacts
    let id: UUID

    var slug: String { collective.slug }
    func url(_ page: ActivityPath) -> SiteURL { .activities(slug: collective.slug, page) }
}

extension Request {
    /// Loads the activity named in the address and asks the policy whether the actor may do
    /// `action` to it. Another collective's activity, or one that does not exist, is "not found"
    /// alike; an activity of one's own collective that one has no place in is "forbidden".
    func activity(for action: AccessAction) async throws -> ActivityContext {
        let collective = try await collectiveInAddress()
        let collectiveID = try collective.requireID()
        // Outsiders are turned away before anything about the activity is looked up.
        try authorize(.viewActivities, .collective(id: collectiveID))
        let id = try uuidParameter(.activityID)
        let queries = ActivityQueries(database: db)
        guard let activity = try await queries.find(id, in: collectiveID) else { throw TejidoError.notFound }
        let facts = try await queries.facts(activity)
        try authorize(action, .activity(facts))
        try await SessionStore.remember(collectiveID: collectiveID, on: self)
        return ActivityContext(collective: collective, activity: activity, facts: facts, id: id)
    }

    func may(_ action: AccessAction, in context: ActivityContext) -> Bool {
        AccessPolicy.decide(self.context.actor, action, .activity(context.facts)).isAllowed
    }

    /// A session of the activity named in the address.
    func session(of context: ActivityContext) async throws -> ActivitySessionRecord {
        let sessionID = try uuidParameter(.sessionID)
        guard let session = try await ActivityQueries(database: db).session(sessionID, of: context.id) else {
            throw TejidoError.notFound
        }
        return session
    }

    var activityService: ActivityService { ActivityService(database: db, keys: services.keys, now: now) }
    var groupService: GroupService { GroupService(database: db, keys: services.keys, now: now) }

    /// Who holds a current child-safeguarding skill on a day: the collective's skills roster
    /// (agreed listings of current members, current or due for renewal soon).
    var safeguardingHolders: SafeguardingHolders {
        { collectiveID, day, db in
            try await SkillQueries(database: db).currentHolders(of: .childSafeguarding, in: collectiveID, on: day)
        }
    }
}
