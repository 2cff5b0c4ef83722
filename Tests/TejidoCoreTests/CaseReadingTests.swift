import Foundation
import Testing

@testable import TejidoCore

/// Everything each reader sees of one case holding every kind of content, stated once: a row per
/// piece of content, a column per reader. Any leak (or anything lost) fails the table.
@Suite("What each person reads of a case")
struct CaseReadingTests {
    enum Who: String, CaseIterable {
        case survivor, delegate, supporter, facilitator, respondent, pod, mediator
    }

    static let places: [Who: UUID] = Dictionary(uniqueKeysWithValues: Who.allCases.map { ($0, UUID()) })
    static let participation: [Who: CaseParticipation] = [
        .survivor: CaseParticipation(role: .survivor),
        .delegate: CaseParticipation(role: .supporter, actsForSurvivor: true),
        .supporter: CaseParticipation(role: .supporter),
        .facilitator: CaseParticipation(role: .facilitator),
        .respondent: CaseParticipation(role: .respondent, seesSafetyPlan: true),
        .pod: CaseParticipation(role: .accountability, seesSafetyPlan: true),
    ]
    static let people: [CaseReading.Person] = [Who.survivor, .delegate, .supporter, .facilitator, .respondent, .pod].map {
        CaseReading.Person(id: places[$0]!, role: participation[$0]!.role, name: "name-\($0.rawValue)")
    }

    /// One timeline entry: who wrote it, and whether the survivor's side shared it with the mediator.
    struct Entry {
        let id = UUID()
        let by: Who?
        let body: EntryBody
        let shared: Bool
    }

    static let entries: [String: Entry] = [
        "survivor, only me": Entry(by: .survivor, body: EntryBody(kind: .note, visibility: .onlyMe, text: "t"), shared: false),
        "supporter, survivor's side": Entry(
            by: .supporter, body: EntryBody(kind: .note, visibility: .survivorSide, text: "t"), shared: true),
        "facilitator, case team": Entry(
            by: .facilitator, body: EntryBody(kind: .meeting, visibility: .caseTeam, text: "t"), shared: false),
        "supporter, whole case": Entry(
            by: .supporter, body: EntryBody(kind: .note, visibility: .wholeCase, text: "t"), shared: true),
        "respondent, whole case": Entry(
            by: .respondent, body: EntryBody(kind: .note, visibility: .wholeCase, text: "t"), shared: false),
        "respondent, only me": Entry(
            by: .respondent, body: EntryBody(kind: .note, visibility: .onlyMe, text: "t"), shared: false),
        "stage record": Entry(
            by: .facilitator, body: EntryBody(kind: .record, visibility: .wholeCase, text: "record_stage_moved"), shared: true),
        "progress record": Entry(
            by: .respondent, body: EntryBody(kind: .record, visibility: .wholeCase, text: "record_proposal_written"),
            shared: false),
        "mediator's note": Entry(
            by: nil, body: EntryBody(kind: .note, visibility: .caseTeam, text: "t", values: ["by_mediator": "Marta"]),
            shared: false),
        "assembly record": Entry(
            by: nil, body: EntryBody(kind: .record, visibility: .wholeCase, text: "record_assembly_decided"), shared: false),
    ]

    static func reading(_ who: Who) -> CaseReading {
        if who == .mediator {
            return CaseReading(.mediator(entryIDs: Set(entries.values.filter(\.shared).map(\.id))))
        }
        return CaseReading(participant: places[who]!, participation[who]!)
    }

    /// Everything `who` is shown, as one word per thing.
    static func seen(by who: Who) -> Set<String> {
        let reading = reading(who)
        var seen: Set<String> = []
        let disclosure = Disclosure(
            forSomeoneElse: false, narrative: "what happened", visibility: .survivorSide, writtenBy: places[.survivor])
        if reading.wishes(CaseWishes(wants: [.safety], ownWords: "mine")) != nil { seen.insert("wishes") }
        if reading.narrative(disclosure) != nil { seen.insert("narrative") }
        if reading.classification(Classification(harmType: "h", level: "1", reason: "r", protocolVersion: 1)) != nil {
            seen.insert("classification")
        }
        for person in reading.people(people) { seen.insert("listed \(person.name)") }
        for (label, entry) in entries {
            let author = entry.by.flatMap { by in people.first { $0.id == places[by] } }
            guard reading.reads(entry.body, id: entry.id, author: author?.id, progress: .nothing) else { continue }
            seen.insert("entry: \(label)")
            switch reading.writer(of: entry.body, by: author) {
            case .person(let name): seen.insert("\(label) by \(name)")
            case .role(let role): seen.insert("\(label) by a \(role.rawValue)")
            case .mediator(let name): seen.insert("\(label) by mediator \(name)")
            case .assembly: seen.insert("\(label) by the assembly")
            case .someone: seen.insert("\(label) by someone")
            }
            if reading.showsReaders(of: entry.body) { seen.insert("\(label) readers shown") }
            if reading.mayAmend(entry.body, author: author?.id) { seen.insert("\(label) amendable") }
        }
        let tasks: [(String, TaskBody, Who, Who?)] = [
            ("private task", TaskBody(title: "t", isCheckIn: false, visibility: .onlyMe), .facilitator, .pod),
            ("team task", TaskBody(title: "t", isCheckIn: false, visibility: .caseTeam), .facilitator, nil),
            ("side task", TaskBody(title: "t", isCheckIn: true, visibility: .survivorSide), .supporter, nil),
        ]
        for (label, task, author, assignee) in tasks
        where reading.reads(task, author: places[author], assignee: assignee.flatMap { places[$0] }) {
            seen.insert(label)
        }
        for whom in CareReferral.ForWhom.allCases where reading.reads(CareReferral(forWhom: whom, text: "t")) {
            seen.insert("care for \(whom.rawValue)")
        }
        if reading.readsProposal(asked: false) { seen.insert("proposal unasked") }
        if reading.readsProposal(asked: true) { seen.insert("proposal when asked") }
        if reading.readsProposalComments { seen.insert("proposal comments") }
        seen.insert("commitments \(reading.commitments(.summary).rawValue)")
        if reading.readsSafetyPlan { seen.insert("safety plan") }
        if reading.readsKeyStatus { seen.insert("key status") }
        if reading.ownWordsAreMine { seen.insert("own words as mine") }
        return seen
    }

    /// Columns: survivor, delegate (a supporter acting for her), supporter, facilitator, respondent,
    /// accountability pod, outside mediator. "A" sees it; "-" does not.
    static let table: [String: String] = [
        "wishes": "AAAA-A-",
        "own words as mine": "A------",
        "narrative": "AAA----",
        "classification": "AAAA-A-",
        "listed name-survivor": "AAAA-A-",
        "listed name-delegate": "AAAA-A-",
        "listed name-supporter": "AAAA-A-",
        "listed name-facilitator": "AAAAAA-",
        "listed name-respondent": "AAAAAA-",
        "listed name-pod": "AAAAAA-",
        "entry: survivor, only me": "A------",
        "survivor, only me by name-survivor": "A------",
        "survivor, only me readers shown": "A------",
        "survivor, only me amendable": "A------",
        "entry: supporter, survivor's side": "AAA---A",
        "supporter, survivor's side by name-supporter": "AAA----",
        "supporter, survivor's side by a supporter": "------A",
        "supporter, survivor's side readers shown": "AAA---A",
        "supporter, survivor's side amendable": "--A----",
        "entry: facilitator, case team": "AAAA-A-",
        "facilitator, case team by name-facilitator": "AAAA-A-",
        "facilitator, case team readers shown": "AAAA-A-",
        "facilitator, case team amendable": "---A---",
        "entry: supporter, whole case": "AAAAAAA",
        "supporter, whole case by name-supporter": "AAAA-A-",
        "supporter, whole case by a supporter": "----A-A",
        "supporter, whole case readers shown": "AAAAAAA",
        "supporter, whole case amendable": "--A----",
        "entry: respondent, whole case": "AAAAAA-",
        "respondent, whole case by name-respondent": "AAAAAA-",
        "respondent, whole case readers shown": "AAAAAA-",
        "respondent, whole case amendable": "----A--",
        "entry: respondent, only me": "----A--",
        "respondent, only me by name-respondent": "----A--",
        "respondent, only me readers shown": "----A--",
        "respondent, only me amendable": "----A--",
        "entry: stage record": "AAAAAA-",
        "stage record by name-facilitator": "AAAAAA-",
        "stage record readers shown": "AAAA-A-",
        "entry: progress record": "---AAA-",
        "progress record by name-respondent": "---AAA-",
        "progress record readers shown": "---A-A-",
        "entry: mediator's note": "AAAA-A-",
        "mediator's note by mediator Marta": "AAAA-A-",
        "mediator's note readers shown": "AAAA-A-",
        "entry: assembly record": "AAAAAA-",
        "assembly record by the assembly": "AAAAAA-",
        "assembly record readers shown": "AAAA-A-",
        "private task": "---A-A-",
        "team task": "AAAA-A-",
        "side task": "AAA----",
        "care for survivor": "AAAA---",
        "care for supporters": "AAAA---",
        "care for respondent": "---AAA-",
        "care for pod": "---AAA-",
        "proposal unasked": "---AAA-",
        "proposal when asked": "AAAAAA-",
        "proposal comments": "---AAA-",
        "commitments summary": "AAA----",
        "commitments all": "---AAA-",
        "commitments nothing": "------A",
        "safety plan": "AA---A-",
        "key status": "AA-----",
    ]

    @Test("each reader sees exactly what the table says, and nothing else", arguments: Who.allCases)
    func readerSeesTheTable(who: Who) {
        let column = Who.allCases.firstIndex(of: who)!
        let expected = Set(Self.table.filter { Array($0.value)[column] == "A" }.keys)
        let seen = Self.seen(by: who)
        #expect(seen.subtracting(expected).sorted() == [], "shown to \(who.rawValue) but not in the table")
        #expect(expected.subtracting(seen).sorted() == [], "in the table for \(who.rawValue) but not shown")
    }

    @Test("the table covers every kind of content in the case")
    func tableCoversEverything() {
        let everything = Who.allCases.reduce(into: Set<String>()) { $0.formUnion(Self.seen(by: $1)) }
        #expect(everything.isSubset(of: Set(Self.table.keys)))
        for entry in Self.entries.keys { #expect(Self.table["entry: \(entry)"] != nil) }
    }

    @Test("a progress record reaches the survivor's side only as she chose to follow it")
    func progressRecordFollowsHerChoice() {
        let record = EntryBody(kind: .record, visibility: .wholeCase, text: "record_proposal_written")
        let survivor = Self.reading(.survivor)
        #expect(survivor.reads(record, id: UUID(), author: nil, progress: .all))
        #expect(survivor.reads(record, id: UUID(), author: nil, progress: .summary))
        #expect(!survivor.reads(record, id: UUID(), author: nil, progress: .nothing))
        #expect(Self.reading(.facilitator).reads(record, id: UUID(), author: nil, progress: .nothing))
    }

    @Test("links offered on the case page follow the policy and the state of the case")
    func offers() {
        func facts(stage: CaseStage = .support) -> CaseFacts {
            var participants: [UUID: CaseParticipation] = [:]
            for (who, place) in Self.places where who != .mediator { participants[place] = Self.participation[who] }
            return CaseFacts(
                collectiveID: UUID(), participants: participants, stage: stage, limits: [], respondentConsentStands: true,
                assemblyConsentStands: true)
        }
        func offers(
            _ who: Who, stage: CaseStage = .support, hasRespondent: Bool = true, mediator: Bool = false
        )
            -> Set<CaseReading.Offer>
        {
            let f = facts(stage: stage)
            return Set(
                Self.reading(who).offers(
                    may: { CaseRules.may(Self.participation[who]!, $0, f) }, stage: stage, hasRespondent: hasRespondent,
                    mediatorAccessStands: mediator))
        }
        #expect(offers(.survivor).isSuperset(of: [.wishes, .people, .safety, .consents, .proposal, .withdraw]))
        #expect(!offers(.survivor, hasRespondent: false).contains(.proposal))
        #expect(!offers(.survivor, hasRespondent: false).contains(.commitments))
        #expect(!offers(.survivor, stage: .closed).contains(.withdraw))
        #expect(offers(.survivor, stage: .paused).contains(.withdraw))
        #expect(offers(.respondent).isDisjoint(with: [.wishes, .people, .safety, .consents, .log, .classify, .delete]))
        #expect(offers(.facilitator).contains(.classify))
        #expect(!offers(.supporter).contains(.wishes))
        let mediatorReading = CaseReading(.mediator(entryIDs: []))
        #expect(
            mediatorReading.offers(may: { _ in true }, stage: .support, hasRespondent: true, mediatorAccessStands: true) == [])
    }

    @Test("the pod is offered only once the respondent may be told; the respondent only while the policy lets the asker")
    func rolesToAdd() {
        #expect(CaseReading.rolesToAdd(limits: [.doNotTellRespondent], mayTellRespondent: false) == [.supporter, .facilitator])
        #expect(CaseReading.rolesToAdd(limits: [], mayTellRespondent: false) == [.supporter, .facilitator, .accountability])
        #expect(
            CaseReading.rolesToAdd(limits: [], mayTellRespondent: true) == [
                .supporter, .facilitator, .accountability, .respondent,
            ])
    }
}
