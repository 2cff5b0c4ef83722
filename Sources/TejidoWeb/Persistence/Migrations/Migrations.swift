import Fluent

/// The ordered list of migrations. Append only; never edit one that has shipped.
enum TejidoMigrations {
    /// `keys` lets a migration seal what an earlier release kept in clear.
    static func all(keys: KeyRingStore) -> [any Migration] {
        [
            M0001_CreateUsers(),
            M0002_CreateCollectives(),
            M0003_CreateMemberships(),
            M0004_CreateInvites(),
            M0005_CreateSessions(),
            M0006_CreateLoginFailures(),
            M0007_CreateProtocolVersions(),
            M0008_CreateDecisions(),
            M0009_CreateAgreementAcknowledgements(),
            M0010_CreateProtocolConcerns(),
            M0011_UpdateCollectivesAddProtocolPublished(),
            M0012_CreateDirectoryEntries(),
            M0013_CreateDirectorySearch(),
            M0014_CreateHelpPages(),
            M0015_CreateCases(),
            M0016_UpdateCollectivesAddCaseRetention(),
            M0017_CreateAssembly(),
            M0018_CreateAccountability(),
            M0019_RepairEarlierInstalls(keys: keys),
            M0020_CreateMemberRemovals(),
            M0021_SealCasesToPeople(keys: keys),
            M0022_CreateSkills(),
            M0023_CreateActivities(),
            M0024_CreateLessons(),
            M0025_CreateAgreementReviewsAndReflections(),
            M0026_CreateNetwork(),
            M0027_CreateSharedData(),
            M0028_CreateAlerts(),
            M0029_UpdatePeerOutboxAddGeneration(),
            M0030_CreateMediationRequests(),
            M0031_CreateMatching(),
            M0032_CreateMatchContacts(),
            M0033_UpdateMatchingCirclesAddPending(),
            M0034_UpdateMatchingBoardRecordsAddGrownAt(),
            M0035_UpdateMatchingCirclesAddLastChange(),
        ]
    }
}
