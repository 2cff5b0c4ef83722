import Crypto
import Foundation

/// The survivor approves the exact words members will read. Approval is a digest of the text she
/// was shown: the approve form carries it, and it is accepted only if the text stored is still
/// that text, so an edit made while she was reading (by a supporter, say) cannot slip through.
/// Any edit after approval clears it (`LessonDraft.edit`), and nothing is published until the
/// text is approved again.
public enum LessonApproval {
    /// SHA-256 of the text and the publication delay, keys sorted, as hex: the same words and
    /// delay give the same digest. The delay is in it so that a shorter wait slipped in beside
    /// unchanged words is not approved as "the same text".
    public static func digest(_ text: LessonText, delay: LessonSchedule.Delay) -> String {
        struct Approved: Encodable {
            let text: LessonText
            let delay: LessonSchedule.Delay
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(Approved(text: text, delay: delay))) ?? Data()
        return SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// Who may approve: the survivor, always. A supporter only when the survivor is not one of
    /// its authors (a case opened for someone with no account, where the supporter acting for her
    /// with her recorded consent is how she speaks here) — so a supporter's edit to a lesson the
    /// survivor writes herself waits for her, and never for the supporter's own say-so.
    public static func mayApprove(_ author: LessonAuthor?, survivorWrites: Bool) -> Bool {
        switch author {
        case .survivor: true
        case .supporter: !survivorWrites
        case nil: false
        }
    }

    /// Approves the draft's text if `shownDigest` is the digest of the text it holds now.
    public static func approve(_ draft: inout LessonDraft, shownDigest: String, at now: Date) throws {
        guard let text = draft.text else { throw TejidoError.conflict(messageKey: "error_lesson_nothing_to_approve") }
        guard digest(text, delay: draft.delay) == shownDigest else {
            throw TejidoError.conflict(messageKey: "error_lesson_changed")
        }
        draft.approvedDigest = shownDigest
        draft.approvedAt = now
    }

    /// Whether the text stored is the text approved.
    public static func isApproved(_ draft: LessonDraft) -> Bool {
        guard let text = draft.text, let approved = draft.approvedDigest else { return false }
        return digest(text, delay: draft.delay) == approved
    }
}
