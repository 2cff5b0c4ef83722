import Fluent
import Foundation
import TejidoCore

/// The skills roster's writes. Every write is scoped by the collective; an entry someone else
/// recorded (the care team, after a training) stays unlisted until its person agrees.
struct SkillService {
    let database: any Database
    let now: Date

    var queries: SkillQueries { SkillQueries(database: database) }

    /// A person's own entry for a skill: made, or changed if they have one. Saying so here is
    /// their agreement (the form refuses without the box ticked).
    func saveOwn(skillID: UUID, userID: UUID, in collectiveID: UUID, _ input: SkillListingInput) async throws {
        guard try await queries.skill(skillID, in: collectiveID) != nil else {
            throw TejidoError.invalid([FieldProblem(field: "skill", messageKey: "error_skill_unknown")])
        }
        let row =
            try await SkillListingRecord.query(on: database).filter(\.$skill.$id == skillID).filter(\.$user.$id == userID)
            .first() ?? SkillListingRecord()
        if row.id == nil {
            row.$collective.id = collectiveID
            row.$skill.id = skillID
            row.$user.id = userID
            row.createdAt = now
        }
        row.trainedOn = input.trainedOn
        row.renewBy = input.renewBy
        row.willing = input.willing
        row.agreedAt = now
        // Dates one types oneself are one's own word, not the care team's record any more.
        row.offeredBy = nil
        try await save(row)
    }

    /// Removing one's entry (agreed or only offered): gone from every roster at once.
    func removeOwn(skillID: UUID, userID: UUID, in collectiveID: UUID) async throws {
        try await SkillListingRecord.query(on: database).filter(\.$collective.$id == collectiveID)
            .filter(\.$skill.$id == skillID).filter(\.$user.$id == userID).delete()
    }

    /// The care team records that a member trained. It lists nobody: the member finds it on
    /// their skills page and agrees (choosing whether to be asked) or turns it down.
    func offer(
        skillID: UUID, to userID: UUID, in collectiveID: UUID, trainedOn: Date, renewBy: Date?, by offeredBy: UUID
    ) async throws {
        var problems: [FieldProblem] = []
        if try await queries.skill(skillID, in: collectiveID) == nil {
            problems.append(FieldProblem(field: "offer_skill", messageKey: "error_skill_unknown"))
        }
        if try await MembershipQueries(database: database).find(userID: userID, in: collectiveID) == nil {
            problems.append(FieldProblem(field: "member", messageKey: "error_skill_member_unknown"))
        }
        guard problems.isEmpty else { throw TejidoError.invalid(problems) }
        let existing = try await SkillListingRecord.query(on: database).filter(\.$skill.$id == skillID)
            .filter(\.$user.$id == userID).first()
        // Their own entry is theirs to change: an offer never overwrites what they agreed to. It
        // answers exactly as a recorded offer does, so the care team cannot find out who is listed
        // by recording trainings for everyone.
        if existing?.agreedAt != nil { return }
        let row = existing ?? SkillListingRecord()
        if row.id == nil {
            row.$collective.id = collectiveID
            row.$skill.id = skillID
            row.$user.id = userID
            row.createdAt = now
        }
        row.trainedOn = trainedOn
        row.renewBy = renewBy
        row.willing = false
        row.offeredBy = offeredBy
        try await save(row)
    }

    /// The member's answer to an offer: agreeing lists them (willing to be asked or not);
    /// declining removes it. Another person's offer answers as if it did not exist.
    func answer(listingID: UUID, userID: UUID, in collectiveID: UUID, agree: Bool, willing: Bool) async throws {
        guard
            let row = try await SkillListingRecord.query(on: database).filter(\.$id == listingID)
                .filter(\.$collective.$id == collectiveID).filter(\.$user.$id == userID).filter(\.$agreedAt == nil).first()
        else { throw TejidoError.notFound }
        if agree {
            row.agreedAt = now
            row.willing = willing
            try await row.save(on: database)
        } else {
            try await row.delete(on: database)
        }
    }

    func name(_ raw: String, in collectiveID: UUID) async throws {
        let name = try SkillName.validated(raw)
        let taken = try await queries.skills(in: collectiveID).contains {
            ($0.name ?? "").compare(name, options: [.caseInsensitive, .diacriticInsensitive]) == .orderedSame
        }
        if taken { throw TejidoError.invalid([FieldProblem(field: "name", messageKey: "error_skill_name_taken")]) }
        let row = SkillRecord()
        row.$collective.id = collectiveID
        row.name = name
        row.createdAt = now
        try await row.create(on: database)
    }

    /// A skill the collective named and no longer needs leaves every page; its entries stay with it,
    /// unread.
    func retire(_ skillID: UUID, in collectiveID: UUID) async throws {
        // Tejido's own skills stay: other parts ask for them (a children's space, child safeguarding).
        guard let skill = try await queries.skill(skillID, in: collectiveID), skill.key == nil else {
            throw TejidoError.notFound
        }
        skill.retiredAt = now
        try await skill.save(on: database)
    }

    /// Two saves of one entry at once (a double click) keep one row: the second finds the unique
    /// key taken and is the same answer.
    private func save(_ row: SkillListingRecord) async throws {
        do {
            try await row.save(on: database)
        } catch let error as any DatabaseError where error.isConstraintFailure {
        }
    }
}
