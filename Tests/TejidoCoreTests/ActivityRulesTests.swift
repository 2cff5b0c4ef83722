import Foundation
import Testing

@testable import TejidoCore

@Suite("Activities: rules")
struct ActivityRulesTests {
    static let ana = UUID(), bea = UUID(), cris = UUID(), dani = UUID()
    static let collective = UUID()
    static let now = Date(timeIntervalSince1970: 1_800_000_000)  // 2027-01-15

    // MARK: The children's-space rule

    @Test("every adult covered: the plan stands")
    func allCovered() {
        #expect(
            SafeguardingRule.uncovered(adults: [Self.ana, Self.bea], currentHolders: [Self.ana, Self.bea], required: true) == [])
    }

    @Test("an adult whose training lapsed the day after renewal is named, the others are not")
    func lapsedTheDayAfter() throws {
        // The roster answers per day: on the renewal day bea still holds it, the next day she does not.
        let onRenewalDay: Set<UUID> = [Self.ana, Self.bea]
        let dayAfter: Set<UUID> = [Self.ana]
        #expect(SafeguardingRule.uncovered(adults: [Self.ana, Self.bea], currentHolders: onRenewalDay, required: true) == [])
        #expect(SafeguardingRule.uncovered(adults: [Self.ana, Self.bea], currentHolders: dayAfter, required: true) == [Self.bea])
        let plan = SessionPlan(
            startsAt: Self.now, endsAt: Self.now + 3600, place: "Hall", language: .es, adults: [Self.ana, Self.bea])
        #expect(
            throws: TejidoError.invalid([
                FieldProblem(field: SafeguardingRule.field(for: Self.bea), messageKey: "error_session_adult_uncovered")
            ])
        ) {
            try SafeguardingRule.check(plan, currentHolders: dayAfter, required: true)
        }
    }

    @Test("an adult never listed on the roster is named, once, in the order given")
    func neverListed() {
        let got = SafeguardingRule.uncovered(
            adults: [Self.cris, Self.ana, Self.cris, Self.dani], currentHolders: [Self.ana], required: true)
        #expect(got == [Self.cris, Self.dani])
    }

    @Test("with the rule off nobody is refused")
    func ruleOff() throws {
        #expect(SafeguardingRule.uncovered(adults: [Self.cris], currentHolders: [], required: false) == [])
        let plan = SessionPlan(startsAt: Self.now, endsAt: Self.now + 3600, place: nil, language: .en, adults: [])
        try SafeguardingRule.check(plan, currentHolders: [], required: false)
    }

    @Test("a required space with nobody named to run the session is refused")
    func nobodyNamed() {
        let plan = SessionPlan(startsAt: Self.now, endsAt: Self.now + 3600, place: nil, language: .en, adults: [])
        #expect(throws: TejidoError.self) { try SafeguardingRule.check(plan, currentHolders: [Self.ana], required: true) }
    }

    // MARK: Session plans

    func problems(_ starts: String, _ ends: String, online: Bool = false, place: String = "Hall") -> [String] {
        do {
            _ = try SessionPlan.validated(
                starts: starts, ends: ends, online: online, place: place, language: "es", adults: [], now: Self.now)
            return []
        } catch TejidoError.invalid(let found) {
            return found.map { "\($0.field):\($0.messageKey)" }
        } catch { return ["other"] }
    }

    @Test("a sound plan is read as UTC")
    func soundPlan() throws {
        let plan = try SessionPlan.validated(
            starts: "2027-01-20T18:00", ends: "2027-01-20T20:30", online: true, place: "", language: "en", adults: [],
            now: Self.now)
        #expect(plan.place == nil)
        #expect(plan.endsAt.timeIntervalSince(plan.startsAt) == 9000)
        #expect(ISO8601DateFormatter().string(from: plan.startsAt) == "2027-01-20T18:00:00Z")
    }

    @Test("a session that ends before it starts, or as it starts, is refused beside the end")
    func endsBeforeStart() {
        #expect(problems("2027-01-20T18:00", "2027-01-20T17:00") == ["ends_at:error_session_ends_before"])
        #expect(problems("2027-01-20T18:00", "2027-01-20T18:00") == ["ends_at:error_session_ends_before"])
    }

    @Test("years outside a sane window, impossible dates and longer than three days are refused")
    func outOfRange() {
        #expect(
            problems("1925-01-20T18:00", "1925-01-20T19:00") == ["starts_at:error_session_year", "ends_at:error_session_year"])
        #expect(problems("2033-01-20T18:00", "2033-01-20T19:00").first == "starts_at:error_session_year")
        #expect(problems("2032-12-31T18:00", "2032-12-31T19:00") == [])
        #expect(problems("20270-01-20T18:00", "2027-01-20T19:00").first == "starts_at:error_session_moment")
        #expect(problems("2027-02-30T18:00", "2027-03-01T19:00").first == "starts_at:error_session_moment")
        #expect(problems("2027-01-20T24:00", "2027-01-21T01:00").first == "starts_at:error_session_moment")
        #expect(problems("2027-01-20T18:00", "2027-01-24T18:00") == ["ends_at:error_session_too_long"])
    }

    @Test("a place is needed unless online")
    func place() {
        #expect(problems("2027-01-20T18:00", "2027-01-20T19:00", place: "  ") == ["place:error_session_place"])
        #expect(problems("2027-01-20T18:00", "2027-01-20T19:00", online: true, place: "") == [])
    }

    // MARK: Details

    @Test("a self-organised group always joins by its own choice; only a children's space requires safeguarding")
    func details() throws {
        let group = try ActivityDetails.validated(
            kind: "masculinity_group", title: "  Men talking  ", description: "", joining: "open", selfOrganised: true)
        #expect(group.joining == .byChoice)
        #expect(group.title == "Men talking")
        #expect(!group.requiresSafeguarding)
        let space = try ActivityDetails.validated(
            kind: "children_space", title: "Kids", description: "", joining: "open", selfOrganised: false)
        #expect(space.requiresSafeguarding)
        #expect(throws: TejidoError.self) {
            try ActivityDetails.validated(
                kind: "party", title: "", description: "", joining: "x", selfOrganised: false)
        }
    }

    // MARK: Who may do what inside an activity

    static func actor(_ id: UUID, _ role: CollectiveRole = .member) -> Actor {
        Actor(userID: id, memberships: [collective: role])
    }

    @Test("in a self-organised group only its members read and write notes, decide and leave; an admin outside it is forbidden")
    func selfOrganised() {
        let group = AccessResource.activity(
            ActivityFacts(
                collectiveID: Self.collective, selfOrganised: true, joining: .byChoice, facilitators: [Self.dani],
                members: [Self.ana]))
        for action in [
            AccessAction.readGroupNotes, .writeGroupNotes, .decideJoining, .leaveActivityGroup, .recordAttendance, .planSessions,
        ] {
            #expect(AccessPolicy.decide(Self.actor(Self.ana), action, group) == .allow, "\(action)")
            #expect(AccessPolicy.decide(Self.actor(Self.bea, .admin), action, group) == .forbidden, "\(action)")
            #expect(AccessPolicy.decide(Self.actor(Self.cris, .careTeam), action, group) == .forbidden, "\(action)")
            // Facilitators named from outside count for nothing in a group that runs itself.
            #expect(AccessPolicy.decide(Self.actor(Self.dani), action, group) == .forbidden, "\(action)")
        }
        #expect(AccessPolicy.decide(Self.actor(Self.bea, .admin), .askToJoin, group) == .allow)
        #expect(AccessPolicy.decide(Self.actor(Self.ana), .askToJoin, group) == .forbidden, "already in")
        let elsewhere = Actor(userID: Self.ana, memberships: [UUID(): .admin])
        #expect(AccessPolicy.decide(elsewhere, .viewActivity, group) == .hidden, "another collective's group does not exist")
    }

    @Test("a facilitated activity: its facilitators keep attendance; open ones welcome anyone to say they will come")
    func facilitated() {
        let workshop = AccessResource.activity(
            ActivityFacts(collectiveID: Self.collective, selfOrganised: false, joining: .open, facilitators: [Self.ana]))
        #expect(AccessPolicy.decide(Self.actor(Self.ana), .recordAttendance, workshop) == .allow)
        #expect(AccessPolicy.decide(Self.actor(Self.ana), .viewWhoIsComing, workshop) == .allow)
        #expect(AccessPolicy.decide(Self.actor(Self.bea, .admin), .recordAttendance, workshop) == .forbidden)
        #expect(AccessPolicy.decide(Self.actor(Self.bea, .admin), .viewWhoIsComing, workshop) == .forbidden)
        #expect(AccessPolicy.decide(Self.actor(Self.cris), .sayComing, workshop) == .allow)
        #expect(AccessPolicy.decide(Self.actor(Self.cris), .askToJoin, workshop) == .forbidden, "nothing to ask")
        #expect(AccessPolicy.decide(Self.actor(Self.cris), .readGroupNotes, workshop) == .forbidden)
    }

    @Test("a closed group can only be looked at")
    func closed() {
        let gone = AccessResource.activity(
            ActivityFacts(collectiveID: Self.collective, selfOrganised: true, joining: .byChoice, members: [], closed: true))
        #expect(AccessPolicy.decide(Self.actor(Self.ana), .viewActivity, gone) == .allow)
        #expect(AccessPolicy.decide(Self.actor(Self.ana), .askToJoin, gone) == .forbidden)
    }
}
