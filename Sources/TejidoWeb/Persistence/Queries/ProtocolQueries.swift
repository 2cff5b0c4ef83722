import Fluent
import Foundation
import TejidoCore

/// Reading a collective's protocol versions and the decisions on them.
struct ProtocolQueries {
    let database: any Database
    let collectiveID: UUID

    /// The most recently saved version: the draft people edit.
    func latest() async throws -> ProtocolVersionRecord? {
        try await ProtocolVersionRecord.query(on: database)
            .filter(\.$collective.$id == collectiveID).sort(\.$number, .descending).first()
    }

    func version(number: Int) async throws -> ProtocolVersionRecord? {
        try await ProtocolVersionRecord.query(on: database)
            .filter(\.$collective.$id == collectiveID).filter(\.$number == number).first()
    }

    func version(id: UUID) async throws -> ProtocolVersionRecord? {
        try await ProtocolVersionRecord.query(on: database)
            .filter(\.$collective.$id == collectiveID).filter(\.$id == id).first()
    }

    func all() async throws -> [ProtocolVersionRecord] {
        try await ProtocolVersionRecord.query(on: database)
            .filter(\.$collective.$id == collectiveID).with(\.$author).sort(\.$number, .descending).all()
    }

    func adoptionDecisions() async throws -> [DecisionRecord] {
        try await DecisionRecord.query(on: database)
            .filter(\.$collective.$id == collectiveID)
            .filter(\.$subjectValue == DecisionSubject.protocolAdoption.rawValue)
            .with(\.$proposedBy).with(\.$decidedBy)
            .sort(\.$proposedAt, .descending).all()
    }

    /// The version in force: the one most recently adopted.
    func adopted() async throws -> (version: ProtocolVersionRecord, decision: DecisionRecord)? {
        guard
            let decision = try await DecisionRecord.query(on: database)
                .filter(\.$collective.$id == collectiveID)
                .filter(\.$subjectValue == DecisionSubject.protocolAdoption.rawValue)
                .filter(\.$outcomeValue == DecisionOutcome.adopted.rawValue)
                .sort(\.$decidedAt, .descending).first(),
            let version = try await version(id: decision.subjectID)
        else { return nil }
        return (version, decision)
    }

    /// The adoption proposal waiting for a decision, if there is one (never more than one).
    func openProposal() async throws -> DecisionRecord? {
        try await DecisionRecord.query(on: database)
            .filter(\.$collective.$id == collectiveID)
            .filter(\.$subjectValue == DecisionSubject.protocolAdoption.rawValue)
            .filter(\.$outcomeValue == nil)
            .with(\.$proposedBy).first()
    }

    /// When `userID` acknowledged the co-existence agreement of `version`, if they have.
    func acknowledgement(of version: ProtocolVersionRecord, by userID: UUID) async throws -> Date? {
        try await AgreementAcknowledgementRecord.query(on: database)
            .filter(\.$version.$id == version.requireID()).filter(\.$user.$id == userID).first()?.acknowledgedAt
    }
}
