//! Roles and the authorization policy: who may do what, decided in one pure function.
//!
//! Every route and use case asks [`Principal::can`] for a [`Capability`]; nothing is allowed
//! unless a line below says so (deny by default). Record-level scoping (which organisation's
//! rows a principal sees) is applied by the storage queries, which take the principal's scope.

use crate::consent::Coverage;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The seven roles of the domain brief (§2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    Admin,
    Coordinator,
    CaseOfficer,
    Participant,
    Enterprise,
    Steering,
    Evaluator,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Admin,
        Role::Coordinator,
        Role::CaseOfficer,
        Role::Participant,
        Role::Enterprise,
        Role::Steering,
        Role::Evaluator,
    ];

    /// The stable code used in the database, the CLI and the API.
    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Coordinator => "coordinator",
            Role::CaseOfficer => "case-officer",
            Role::Participant => "participant",
            Role::Enterprise => "enterprise",
            Role::Steering => "steering",
            Role::Evaluator => "evaluator",
        }
    }

    /// Coordinators work for an operator and case officers for a partner; their organisation
    /// decides which records they see, so they cannot exist without one.
    pub fn requires_organisation(self) -> bool {
        matches!(self, Role::Coordinator | Role::CaseOfficer)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown role '{0}': use admin, coordinator, case-officer, participant, enterprise, steering or evaluator"
)]
pub struct UnknownRole(pub String);

impl FromStr for Role {
    type Err = UnknownRole;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.code() == s.trim())
            .ok_or_else(|| UnknownRole(s.to_string()))
    }
}

/// Something a principal may be allowed to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Capability {
    /// See the register of organisations (names and types; no personal data).
    ViewOrganisations,
    /// Create and edit organisations.
    ManageOrganisations,
    /// See and manage user accounts, roles, invitations and API tokens of others.
    ManageUsers,
    /// See programmes: their period, financiers, budget and targets (no personal data).
    ViewProgrammes,
    /// Create and edit programmes; coordinators only those of their own operator.
    ManageProgrammes,
    /// Review the audit log (loggkontroll).
    ReviewAuditLog,
    /// Edit the operator's handbook: adapt chapters, write the local part.
    EditHandbook,
    /// Approve or reject handbook revisions and publish editions.
    ReviewHandbook,
    /// See people and their episodes, within [`PersonScope`] and what consent covers.
    ViewPersons,
    /// Register a person and refer them to a programme.
    RegisterReferrals,
    /// Run a participant's episode: consent, intake, baseline, income, plan, exit, follow-up.
    ManageParticipants,
    /// Write notes and appointments on an episode one may see.
    RecordSupport,
    /// Plan activities and group events and record attendance.
    ManageActivities,
    /// A participant's own record, through the participant portal.
    ViewOwnRecord,
    /// Export, anonymise and apply retention rules to people (GDPR art. 15 and 17).
    ExerciseDataRights,
    /// See the enterprise register (no personal data), within [`EnterpriseScope`]. The
    /// enterprise role does not have it: it sees its own enterprise only, through
    /// [`Capability::ReportOwnFigures`].
    ViewEnterprises,
    /// Register and edit enterprises; coordinators only those of their own operator.
    ManageEnterprises,
    /// Answer one's own questionnaires in the participant portal.
    AnswerOwnQuestionnaires,
    /// See a programme's change in questionnaire scores: coordinators every figure, the
    /// aggregate-only roles with small groups suppressed.
    ViewMeasures,
    /// Export scores row by row under pseudonyms.
    ExportScores,
    /// Upload a further questionnaire definition or version.
    ManageInstruments,
    /// Link participants to an enterprise (memberships are personal data: a person's job);
    /// coordinators only, for enterprises of their own operator.
    ManageMemberships,
    /// See and enter the figures of the enterprise one's account is linked to
    /// (`users.enterprise_id`), and nothing of any other.
    ReportOwnFigures,
    /// Work on business ideas and their plans, within [`IdeaScope`]: a coordinator all of
    /// their operator's, a participant those of the teams they are in.
    WorkOnIdeas,
    /// Create ideas, see the board of all ideas, record stage decisions, change teams and
    /// comment on plan versions as the coach.
    ManageIdeas,
    /// Record a programme's outreach events and their head counts, and keep its network of
    /// external organisations, contact people and contact log; only programmes one may manage
    /// ([`Principal::may_manage_programme_of`]).
    ManageOutreach,
    /// See a programme's outreach figures: the aggregate-only roles with counts of registered
    /// people suppressed below the threshold.
    ViewOutreachFigures,
    /// See the steering and working groups one is a member of (their meetings, decisions and
    /// action items) and mark one's own actions done; coordinators run the groups of the
    /// programmes they manage (decision 0028).
    TakePartInGroups,
    /// Invite a participant from their person page, or an enterprise representative from
    /// their enterprise's page, to an account linked to that person or enterprise; coordinators
    /// only, for the people and enterprises of their own operator (issue 14).
    InviteLinkedAccounts,
}

/// Who is asking: the authenticated user behind a request, API call or CLI command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub user_id: i64,
    pub role: Role,
    /// The organisation the user works for, if any.
    pub organisation_id: Option<i64>,
}

impl Principal {
    /// The single policy table. Adding a capability forces a decision here for every role.
    pub fn can(&self, capability: Capability) -> bool {
        use Capability::*;
        use Role::*;
        match capability {
            ViewOrganisations => matches!(self.role, Admin | Coordinator | CaseOfficer),
            ManageOrganisations => matches!(self.role, Admin),
            ManageUsers => matches!(self.role, Admin),
            ViewProgrammes => matches!(
                self.role,
                Admin | Coordinator | CaseOfficer | Steering | Evaluator
            ),
            ManageProgrammes => matches!(self.role, Admin | Coordinator),
            ReviewAuditLog => matches!(self.role, Admin | Coordinator),
            EditHandbook | ReviewHandbook => matches!(self.role, Admin | Coordinator),
            ViewPersons | RegisterReferrals | RecordSupport => {
                matches!(self.role, Coordinator | CaseOfficer)
            }
            ManageParticipants | ManageActivities | ExerciseDataRights => {
                matches!(self.role, Coordinator)
            }
            ViewOwnRecord => matches!(self.role, Participant),
            ViewEnterprises => matches!(
                self.role,
                Admin | Coordinator | CaseOfficer | Steering | Evaluator
            ),
            ManageEnterprises => matches!(self.role, Admin | Coordinator),
            AnswerOwnQuestionnaires => matches!(self.role, Participant),
            ViewMeasures => matches!(self.role, Coordinator | Steering | Evaluator),
            ExportScores => matches!(self.role, Coordinator | Evaluator),
            ManageInstruments => matches!(self.role, Admin | Coordinator),
            ManageMemberships => matches!(self.role, Coordinator),
            ReportOwnFigures => matches!(self.role, Enterprise),
            WorkOnIdeas => matches!(self.role, Coordinator | Participant),
            ManageIdeas => matches!(self.role, Coordinator),
            ManageOutreach => matches!(self.role, Admin | Coordinator),
            ViewOutreachFigures => matches!(self.role, Admin | Coordinator | Steering | Evaluator),
            TakePartInGroups => matches!(self.role, Coordinator | CaseOfficer | Steering),
            InviteLinkedAccounts => matches!(self.role, Coordinator),
        }
    }

    /// Whether this principal may enter the year figures of an enterprise supported by
    /// `operator_id`: the enterprise's own representative (whose account is linked to
    /// `own_enterprise`), a coordinator of that operator, or the administrator.
    pub fn may_report_figures_of(
        &self,
        enterprise_id: i64,
        operator_id: i64,
        own_enterprise: Option<i64>,
    ) -> bool {
        match self.role {
            Role::Enterprise => own_enterprise == Some(enterprise_id),
            Role::Admin | Role::Coordinator => {
                self.can(Capability::ManageEnterprises) && self.may_manage_programme_of(operator_id)
            }
            _ => false,
        }
    }

    /// Whether this principal may change a programme run by `operator_id`. Coordinators
    /// manage only their own operator's programmes; the administrator manages all.
    pub fn may_manage_programme_of(&self, operator_id: i64) -> bool {
        match self.role {
            Role::Admin => true,
            Role::Coordinator => self.organisation_id == Some(operator_id),
            _ => false,
        }
    }

    /// The enterprises this principal may see: a coordinator those of their own operator,
    /// everyone else with [`Capability::ViewEnterprises`] all of them.
    pub fn enterprise_scope(&self) -> EnterpriseScope {
        match (self.role, self.organisation_id) {
            (Role::Coordinator, Some(org)) => EnterpriseScope::Operator(org),
            (Role::Admin | Role::CaseOfficer | Role::Steering | Role::Evaluator, _) => {
                EnterpriseScope::All
            }
            _ => EnterpriseScope::None,
        }
    }

    /// The business ideas this principal may see. Team membership links people, so the
    /// administrator, steering group and evaluators see none.
    pub fn idea_scope(&self) -> IdeaScope {
        match (self.role, self.organisation_id) {
            (Role::Coordinator, Some(org)) => IdeaScope::Operator(org),
            (Role::Participant, _) => IdeaScope::Team(self.user_id),
            _ => IdeaScope::None,
        }
    }

    /// The people this principal may see. The administrator, steering group and evaluators
    /// see no personal records at all: they work with aggregates.
    pub fn person_scope(&self) -> PersonScope {
        match (self.role, self.organisation_id) {
            (Role::Coordinator, Some(org)) => PersonScope::Operator(org),
            (Role::CaseOfficer, Some(org)) => PersonScope::Partner(org),
            _ => PersonScope::None,
        }
    }

    /// The operator whose programmes this principal is limited to, if limited at all.
    pub fn programme_scope(&self) -> ProgrammeScope {
        match (self.role, self.organisation_id) {
            (Role::Coordinator, Some(org)) => ProgrammeScope::Operator(org),
            (Role::CaseOfficer, Some(org)) => ProgrammeScope::OperatorOrPartner(org),
            (Role::Admin | Role::Steering | Role::Evaluator, _) => ProgrammeScope::All,
            _ => ProgrammeScope::None,
        }
    }
}

/// Which people, and which of their episodes, a caller may see. Every storage query that
/// reads personal data takes one and renders it in its `WHERE` (`stegvis_storage::scope`), so a
/// record outside the scope is indistinguishable from one that does not exist. What of a visible
/// episode is shown beyond its existence depends on consent: [`PersonScope::sees_details`] and
/// [`PersonScope::sees_follow_ups`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonScope {
    /// Everyone: for system actors only (the command line, retention, the demo), which hold
    /// every capability. Never derived from a [`Principal`].
    All,
    /// The people of this operator and all their episodes (a coordinator's).
    Operator(i64),
    /// People with an episode referred by or assigned to this partner, and only those
    /// episodes; never someone with protected identity, never an anonymised record (a case
    /// officer's).
    Partner(i64),
    /// One person and all their episodes: a participant's own record, through the portal.
    Own(i64),
    None,
}

impl PersonScope {
    /// Whether this is the view of those who run the episodes (the operator's coordinators or
    /// a system actor): they see contact details, duplicates and every follow-up.
    pub fn runs_episodes(self) -> bool {
        matches!(self, PersonScope::All | PersonScope::Operator(_))
    }

    /// Whether plan, notes, appointments, attendance and income of a visible episode are
    /// shown. Once the person withdraws consent to participate nobody is shown them any more;
    /// a partner needs consent to information exchange with it as well.
    pub fn sees_details(self, coverage: &Coverage) -> bool {
        match self {
            PersonScope::All | PersonScope::Operator(_) | PersonScope::Own(_) => {
                coverage.participation
            }
            PersonScope::Partner(org) => coverage.shares_with(org),
            PersonScope::None => false,
        }
    }

    /// Whether the follow-ups of a visible episode are shown: a partner only sees them while
    /// the person consents to being followed up.
    pub fn sees_follow_ups(self, coverage: &Coverage) -> bool {
        match self {
            PersonScope::All | PersonScope::Operator(_) | PersonScope::Own(_) => true,
            PersonScope::Partner(_) => coverage.follow_up,
            PersonScope::None => false,
        }
    }
}

/// Which business ideas a principal may see; applied inside the storage queries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdeaScope {
    /// Every idea: for the command line and the demo, which hold every capability.
    All,
    /// The ideas of this operator's programmes (a coordinator's).
    Operator(i64),
    /// The ideas whose team includes the person linked to this user (a participant's).
    Team(i64),
    None,
}

/// Which enterprises a principal may list; applied inside the storage query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnterpriseScope {
    All,
    /// Enterprises supported by this operator.
    Operator(i64),
    None,
}

/// Which programmes a principal may list; applied inside the storage query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProgrammeScope {
    All,
    /// Programmes run by this organisation.
    Operator(i64),
    /// Programmes run by this organisation or where it is a partner or financier.
    OperatorOrPartner(i64),
    None,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn principal(role: Role, org: Option<i64>) -> Principal {
        Principal {
            user_id: 1,
            role,
            organisation_id: org,
        }
    }

    #[test]
    fn every_role_code_parses_back_to_the_role() {
        for role in Role::ALL {
            assert_eq!(role.code().parse::<Role>().unwrap(), role);
        }
    }

    #[test]
    fn an_unknown_role_is_named_in_the_error() {
        let error = "boss".parse::<Role>().unwrap_err();
        assert!(error.to_string().contains("'boss'"));
    }

    #[test]
    fn only_the_administrator_manages_users() {
        for role in Role::ALL {
            assert_eq!(
                principal(role, Some(1)).can(Capability::ManageUsers),
                role == Role::Admin
            );
        }
    }

    #[test]
    fn participants_and_enterprises_see_no_staff_registers() {
        for role in [Role::Participant, Role::Enterprise] {
            let p = principal(role, None);
            assert!(!p.can(Capability::ViewOrganisations));
            assert!(!p.can(Capability::ViewProgrammes));
            assert!(!p.can(Capability::ReviewAuditLog));
            assert!(!p.can(Capability::ViewPersons));
        }
    }

    #[test]
    fn a_coordinator_manages_only_programmes_of_their_own_operator() {
        let p = principal(Role::Coordinator, Some(7));
        assert!(p.may_manage_programme_of(7));
        assert!(!p.may_manage_programme_of(8));
        assert_eq!(p.programme_scope(), ProgrammeScope::Operator(7));
    }

    #[test]
    fn coordinators_see_the_enterprises_of_their_operator_and_the_enterprise_role_no_register() {
        let p = principal(Role::Coordinator, Some(7));
        assert_eq!(p.enterprise_scope(), EnterpriseScope::Operator(7));
        assert!(p.can(Capability::ManageEnterprises));
        let e = principal(Role::Enterprise, None);
        assert!(!e.can(Capability::ViewEnterprises));
        assert_eq!(e.enterprise_scope(), EnterpriseScope::None);
        for role in [Role::CaseOfficer, Role::Steering, Role::Evaluator] {
            let p = principal(role, Some(3));
            assert!(p.can(Capability::ViewEnterprises), "{role}");
            assert!(!p.can(Capability::ManageEnterprises), "{role}");
            assert_eq!(p.enterprise_scope(), EnterpriseScope::All, "{role}");
        }
    }

    #[test]
    fn the_enterprise_role_reports_figures_of_its_own_enterprise_only() {
        let e = principal(Role::Enterprise, None);
        assert!(e.can(Capability::ReportOwnFigures));
        assert!(e.may_report_figures_of(5, 7, Some(5)));
        assert!(!e.may_report_figures_of(6, 7, Some(5)));
        assert!(!e.may_report_figures_of(5, 7, None));
        assert!(!e.can(Capability::ManageMemberships));
        let c = principal(Role::Coordinator, Some(7));
        assert!(c.may_report_figures_of(5, 7, None));
        assert!(!c.may_report_figures_of(5, 8, None));
        assert!(c.can(Capability::ManageMemberships));
        for role in [
            Role::CaseOfficer,
            Role::Steering,
            Role::Evaluator,
            Role::Participant,
        ] {
            let p = principal(role, Some(7));
            assert!(!p.may_report_figures_of(5, 7, Some(5)), "{role}");
            assert!(!p.can(Capability::ManageMemberships), "{role}");
            assert!(!p.can(Capability::ReportOwnFigures), "{role}");
        }
    }

    #[test]
    fn only_coordinators_and_case_officers_see_personal_records() {
        for role in Role::ALL {
            let p = principal(role, Some(3));
            let expected = matches!(role, Role::Coordinator | Role::CaseOfficer);
            assert_eq!(p.can(Capability::ViewPersons), expected, "{role}");
            assert_eq!(p.person_scope() != PersonScope::None, expected, "{role}");
        }
        assert_eq!(
            principal(Role::CaseOfficer, Some(3)).person_scope(),
            PersonScope::Partner(3)
        );
    }

    #[test]
    fn a_partner_sees_an_episodes_details_only_with_consent_to_share_with_it() {
        let coverage = Coverage {
            participation: true,
            follow_up: false,
            questionnaires: false,
            partners: vec![3],
        };
        let seen: Vec<(bool, bool)> = [
            PersonScope::All,
            PersonScope::Operator(1),
            PersonScope::Own(9),
            PersonScope::Partner(3),
            PersonScope::Partner(4),
            PersonScope::None,
        ]
        .into_iter()
        .map(|scope| {
            (
                scope.sees_details(&coverage),
                scope.sees_follow_ups(&coverage),
            )
        })
        .collect();
        assert_eq!(
            seen,
            [
                (true, true),
                (true, true),
                (true, true),
                (true, false),
                (false, false),
                (false, false)
            ]
        );
    }

    #[test]
    fn once_participation_is_withdrawn_nobody_sees_the_details() {
        let coverage = Coverage {
            participation: false,
            follow_up: true,
            questionnaires: false,
            partners: vec![3],
        };
        for scope in [
            PersonScope::All,
            PersonScope::Operator(1),
            PersonScope::Partner(3),
        ] {
            assert!(!scope.sees_details(&coverage), "{scope:?}");
            assert!(scope.sees_follow_ups(&coverage), "{scope:?}");
        }
    }

    #[test]
    fn only_those_who_run_episodes_see_contact_details_and_duplicates() {
        let runs: Vec<bool> = [
            PersonScope::All,
            PersonScope::Operator(1),
            PersonScope::Partner(3),
            PersonScope::Own(9),
            PersonScope::None,
        ]
        .into_iter()
        .map(PersonScope::runs_episodes)
        .collect();
        assert_eq!(runs, [true, true, false, false, false]);
    }

    #[test]
    fn only_the_coordinator_runs_episodes_and_only_participants_have_a_portal() {
        for role in Role::ALL {
            let p = principal(role, Some(3));
            assert_eq!(
                p.can(Capability::ManageParticipants),
                role == Role::Coordinator
            );
            assert_eq!(p.can(Capability::ViewOwnRecord), role == Role::Participant);
        }
    }

    #[test]
    fn only_coordinators_and_team_participants_work_on_ideas_and_only_coordinators_manage_them() {
        for role in Role::ALL {
            let p = principal(role, Some(3));
            assert_eq!(
                p.can(Capability::WorkOnIdeas),
                matches!(role, Role::Coordinator | Role::Participant),
                "{role}"
            );
            assert_eq!(
                p.can(Capability::ManageIdeas),
                role == Role::Coordinator,
                "{role}"
            );
            let expected = match role {
                Role::Coordinator => IdeaScope::Operator(3),
                Role::Participant => IdeaScope::Team(1),
                _ => IdeaScope::None,
            };
            assert_eq!(p.idea_scope(), expected, "{role}");
        }
    }

    #[test]
    fn outreach_is_kept_by_those_who_run_programmes_and_its_figures_seen_by_the_aggregate_roles() {
        for role in Role::ALL {
            let p = principal(role, Some(3));
            assert_eq!(
                p.can(Capability::ManageOutreach),
                matches!(role, Role::Admin | Role::Coordinator),
                "{role}"
            );
            assert_eq!(
                p.can(Capability::ViewOutreachFigures),
                matches!(
                    role,
                    Role::Admin | Role::Coordinator | Role::Steering | Role::Evaluator
                ),
                "{role}"
            );
        }
    }

    #[test]
    fn groups_are_for_coordinators_case_officers_and_the_steering_group_only() {
        for role in Role::ALL {
            assert_eq!(
                principal(role, Some(3)).can(Capability::TakePartInGroups),
                matches!(role, Role::Coordinator | Role::CaseOfficer | Role::Steering),
                "{role}"
            );
        }
    }

    #[test]
    fn a_case_officer_never_manages_programmes() {
        let p = principal(Role::CaseOfficer, Some(7));
        assert!(!p.can(Capability::ManageProgrammes));
        assert!(!p.may_manage_programme_of(7));
    }

    #[test]
    fn coordinators_and_case_officers_need_an_organisation() {
        let needing: Vec<Role> = Role::ALL
            .into_iter()
            .filter(|r| r.requires_organisation())
            .collect();
        assert_eq!(needing, vec![Role::Coordinator, Role::CaseOfficer]);
    }
}
