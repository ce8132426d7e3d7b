//! Business ideas on their way to a social enterprise, and the business plan a team writes.
//!
//! An idea belongs to a programme and so to its operator. It moves through the formation
//! stages of domain brief §6 one dated decision at a time ([`check_move`]); its team links
//! participants (people of the same operator) and names others such as an adviser. The plan is
//! saved as immutable versions whose content is [`PlanContent`].

use crate::coded_enum;
use crate::enterprise::LegalForm;
use crate::forecast::ForecastInput;
use crate::programme::parse_id;
use crate::timestamp::Timestamp;
use crate::timestamp::parse_date;
use crate::validation::{FieldError, ValidationErrors, optional_text, required_text};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use time::Date;

pub const TITLE_MAX: usize = 200;
pub const TEXT_MAX: usize = 4000;
pub const NOTE_MAX: usize = 500;
pub const NAME_MAX: usize = 200;

coded_enum! {
    /// The formation stages of a social enterprise, in order (domain brief §6).
    pub enum IdeaStage {
        Idea => "idea",
        PreStudy => "pre-study",
        BusinessPlan => "business-plan",
        Founding => "founding",
        Registered => "registered",
        Operating => "operating",
        WoundUp => "wound-up",
    }
}

impl IdeaStage {
    fn index(self) -> usize {
        Self::ALL
            .iter()
            .position(|s| *s == self)
            .unwrap_or_default()
    }

    /// The stage after this one on the way to operating; none after operating, since winding
    /// up is not progress.
    pub fn next(self) -> Option<IdeaStage> {
        match self {
            IdeaStage::Operating | IdeaStage::WoundUp => None,
            other => Self::ALL.get(other.index() + 1).copied(),
        }
    }

    /// The stage before this one; a wound-up idea goes back to where it was wound up from,
    /// which only its history knows, so this is none for it.
    pub fn previous(self) -> Option<IdeaStage> {
        match self {
            IdeaStage::Idea | IdeaStage::WoundUp => None,
            other => Self::ALL.get(other.index() - 1).copied(),
        }
    }
}

impl IdeaStage {
    /// Whether an idea at this stage is a company: "Registrerat" and "I drift" mean Bolagsverket
    /// knows it, so the idea must name the enterprise record (which carries the
    /// organisationsnummer) whose figures and staff the programme follows from then on.
    pub fn needs_enterprise(self) -> bool {
        matches!(self, IdeaStage::Registered | IdeaStage::Operating)
    }
}

/// Whether an idea at `current` may move to `target`. Winding up is possible from any stage,
/// with a note saying why; otherwise an idea moves forward by one, or back by one with a note
/// saying why. A wound-up idea can only be reopened, with a note, at `wound_up_from` (the stage
/// before it in the history). "Registrerat" and "I drift" need the enterprise linked
/// (`enterprise_linked`; [`IdeaStage::needs_enterprise`]). Errors belong to the `stage` field,
/// or to `note` when only the note is missing.
pub fn check_move(
    current: IdeaStage,
    wound_up_from: Option<IdeaStage>,
    target: IdeaStage,
    note: Option<&str>,
    enterprise_linked: bool,
) -> Result<(), FieldError> {
    let has_note = note.is_some_and(|n| !n.trim().is_empty());
    if target.needs_enterprise() && !enterprise_linked && target != current {
        return Err(FieldError::new("stage", "idea-error-needs-enterprise"));
    }
    if target == IdeaStage::WoundUp && current != IdeaStage::WoundUp && !has_note {
        return Err(FieldError::new("note", "idea-error-wind-up-needs-note"));
    }
    let backwards = if current == IdeaStage::WoundUp {
        Some(target) == wound_up_from
    } else {
        Some(target) == current.previous()
    };
    if target == current {
        Err(FieldError::new("stage", "idea-error-same-stage"))
    } else if target == IdeaStage::WoundUp
        || Some(target) == current.next()
        || (backwards && has_note)
    {
        Ok(())
    } else if backwards {
        Err(FieldError::new("note", "idea-error-back-needs-note"))
    } else {
        Err(FieldError::new("stage", "idea-error-stage-jump"))
    }
}

/// The raw text of an idea's form or API body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdeaInput {
    pub programme_id: String,
    pub title: String,
    pub description: String,
    pub what_it_sells: String,
    pub work_integration: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdeaDraft {
    pub programme_id: i64,
    pub title: String,
    pub description: Option<String>,
    /// The first business idea of a social enterprise: what it sells.
    pub what_it_sells: Option<String>,
    /// The second: the work integration it offers (often sold to the public sector).
    pub work_integration: Option<String>,
}

impl IdeaInput {
    pub fn parse(&self) -> Result<IdeaDraft, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let programme_id = errors.check(parse_id("programme_id", &self.programme_id));
        let title = errors.check(required_text("title", &self.title, TITLE_MAX));
        let description = errors.check(optional_text("description", &self.description, TEXT_MAX));
        let what_it_sells = errors.check(optional_text(
            "what_it_sells",
            &self.what_it_sells,
            TEXT_MAX,
        ));
        let work_integration = errors.check(optional_text(
            "work_integration",
            &self.work_integration,
            TEXT_MAX,
        ));
        match (
            programme_id,
            title,
            description,
            what_it_sells,
            work_integration,
        ) {
            (
                Some(programme_id),
                Some(title),
                Some(description),
                Some(what_it_sells),
                Some(work_integration),
            ) => Ok(IdeaDraft {
                programme_id,
                title,
                description,
                what_it_sells,
                work_integration,
            }),
            _ => Err(errors),
        }
    }
}

/// A stage decision as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageInput {
    pub stage: String,
    /// The date of the decision, YYYY-MM-DD; blank means today.
    pub decided_on: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageDraft {
    pub stage: IdeaStage,
    pub decided_on: Date,
    pub note: Option<String>,
}

impl StageInput {
    /// Parses the decision and checks it against the idea's current stage; the date may not lie
    /// in the future nor before the previous decision.
    pub fn parse(
        &self,
        current: IdeaStage,
        wound_up_from: Option<IdeaStage>,
        last_decided_on: Date,
        today: Date,
        enterprise_linked: bool,
    ) -> Result<StageDraft, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let stage = errors.check(crate::code::required_choice::<IdeaStage>(
            "stage",
            &self.stage,
        ));
        let decided_on = errors.check(if self.decided_on.trim().is_empty() {
            Ok(today)
        } else {
            match parse_date(&self.decided_on) {
                None => Err(FieldError::new("decided_on", "error-date-format")),
                Some(date) if date > today => Err(FieldError::new(
                    "decided_on",
                    "idea-error-decided-in-future",
                )),
                Some(date) if date < last_decided_on => Err(FieldError::new(
                    "decided_on",
                    "idea-error-decided-before-last",
                )
                .with_arg("last", crate::timestamp::format_date(last_decided_on))),
                Some(date) => Ok(date),
            }
        });
        let note = errors.check(optional_text("note", &self.note, NOTE_MAX));
        if let (Some(stage), Some(note)) = (stage, &note) {
            errors.check(check_move(
                current,
                wound_up_from,
                stage,
                note.as_deref(),
                enterprise_linked,
            ));
        }
        match (stage, decided_on, note) {
            (Some(stage), Some(decided_on), Some(note)) if errors.is_empty() => Ok(StageDraft {
                stage,
                decided_on,
                note,
            }),
            _ => Err(errors),
        }
    }
}

/// A team member as typed: either a participant (a person id) or someone else by name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberInput {
    pub person_id: String,
    pub name: String,
    pub role: String,
}

/// Who a team member is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Member {
    /// A participant: a person of the idea's operator.
    Participant(i64),
    /// Someone else, such as a Coompanion adviser, by name.
    Other(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberDraft {
    pub member: Member,
    pub role: Option<String>,
}

impl MemberInput {
    /// Exactly one of a participant and a name: both or neither is a question to the user.
    pub fn parse(&self) -> Result<MemberDraft, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let role = errors.check(optional_text("role", &self.role, NAME_MAX));
        let name = errors.check(optional_text("name", &self.name, NAME_MAX));
        let member = match (self.person_id.trim().is_empty(), name) {
            (_, None) => None,
            (true, Some(None)) => {
                errors.push(FieldError::new("person_id", "idea-error-member-missing"));
                None
            }
            (false, Some(Some(_))) => {
                errors.push(FieldError::new("name", "idea-error-member-both"));
                None
            }
            (false, Some(None)) => errors
                .check(parse_id("person_id", &self.person_id))
                .map(Member::Participant),
            (true, Some(Some(name))) => Some(Member::Other(name)),
        };
        match (member, role) {
            (Some(member), Some(role)) if errors.is_empty() => Ok(MemberDraft { member, role }),
            _ => Err(errors),
        }
    }
}

coded_enum! {
    /// The text sections of a business plan: the social business model canvas, then market,
    /// organisation, ownership and risks.
    pub enum PlanSection {
        Customers => "customers",
        Beneficiaries => "beneficiaries",
        ValuePropositions => "value-propositions",
        ImpactProposition => "impact-proposition",
        Channels => "channels",
        Revenue => "revenue",
        Costs => "costs",
        KeyActivities => "key-activities",
        KeyResources => "key-resources",
        Partners => "partners",
        ImpactMeasures => "impact-measures",
        Market => "market",
        Organisation => "organisation",
        Ownership => "ownership",
        Risks => "risks",
    }
}

impl PlanSection {
    /// The sections of the social business model canvas, shown as one group.
    pub fn is_canvas(self) -> bool {
        !matches!(
            self,
            PlanSection::Market
                | PlanSection::Organisation
                | PlanSection::Ownership
                | PlanSection::Risks
        )
    }
}

/// The questions of the legal-form guide, as answered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegalFormAnswers {
    /// How many will found the enterprise together.
    pub founders: Option<u32>,
    /// The members (often the employees) shall own and decide together, one member one vote.
    pub member_democracy: bool,
    /// The main purpose is idealistic; selling is a means, not the aim.
    pub non_profit_purpose: bool,
    /// The founders can put in a share capital of 25 000 kr, or want investors to.
    pub share_capital: bool,
    /// Profits shall by rule stay in the business (a dividend limit).
    pub profit_lock: bool,
}

/// One criterion of a legal form and whether the answers meet it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Criterion {
    /// The message key of the criterion, e.g. `legal-guide-criterion-three-founders`.
    pub key: &'static str,
    pub met: bool,
}

/// A legal form with its criteria; `suggested` when every criterion is met.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegalFormFit {
    pub form: LegalForm,
    pub criteria: Vec<Criterion>,
}

impl LegalFormFit {
    pub fn suggested(&self) -> bool {
        self.criteria.iter().all(|c| c.met)
    }
}

/// The four legal forms social enterprises commonly take (domain brief §6), each with the
/// criteria that make it fit, judged from the answers. An ekonomisk förening needs at least
/// three members and is run democratically; an ideell förening has an idealistic main purpose;
/// an aktiebolag needs a share capital of at least 25 000 kr; an AB svb also locks most of the
/// profit into the business by its articles (aktiebolagslagen 32 kap.).
pub fn legal_form_guide(answers: &LegalFormAnswers) -> Vec<LegalFormFit> {
    let three = answers.founders.is_some_and(|n| n >= 3);
    let c = |key, met| Criterion { key, met };
    vec![
        LegalFormFit {
            form: LegalForm::EkonomiskForening,
            criteria: vec![
                c("legal-guide-criterion-three-founders", three),
                c(
                    "legal-guide-criterion-member-democracy",
                    answers.member_democracy,
                ),
                c(
                    "legal-guide-criterion-business-purpose",
                    !answers.non_profit_purpose,
                ),
            ],
        },
        LegalFormFit {
            form: LegalForm::IdeellForening,
            criteria: vec![
                c("legal-guide-criterion-three-founders", three),
                c(
                    "legal-guide-criterion-non-profit-purpose",
                    answers.non_profit_purpose,
                ),
            ],
        },
        LegalFormFit {
            form: LegalForm::Aktiebolag,
            criteria: vec![
                c("legal-guide-criterion-share-capital", answers.share_capital),
                c("legal-guide-criterion-no-profit-lock", !answers.profit_lock),
            ],
        },
        LegalFormFit {
            form: LegalForm::AktiebolagSvb,
            criteria: vec![
                c("legal-guide-criterion-share-capital", answers.share_capital),
                c("legal-guide-criterion-profit-lock", answers.profit_lock),
            ],
        },
    ]
}

/// What one version of a business plan holds. Stored as JSON in the version row, so a later
/// build can add sections without touching old versions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanContent {
    #[serde(default)]
    pub sections: BTreeMap<PlanSection, String>,
    #[serde(default)]
    pub legal_form_answers: LegalFormAnswers,
    /// The form the team chose, if it has.
    #[serde(default)]
    pub chosen_legal_form: Option<LegalForm>,
    /// The numbers the forecast is computed from, once the team has filled them in. Only the
    /// input is kept: the computed tables are derived again when shown, so a corrected formula
    /// applies to old versions too (decision 0013).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forecast: Option<ForecastInput>,
}

impl PlanContent {
    pub fn section(&self, section: PlanSection) -> &str {
        self.sections.get(&section).map_or("", String::as_str)
    }
}

/// A plan as typed: text per section code, the guide's answers and the chosen form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanInput {
    pub sections: BTreeMap<String, String>,
    pub founders: String,
    pub member_democracy: bool,
    pub non_profit_purpose: bool,
    pub share_capital: bool,
    pub profit_lock: bool,
    pub chosen_legal_form: String,
}

/// The most founders the guide asks about; more make no difference to any criterion.
pub const FOUNDERS_MAX: u32 = 10_000;

impl PlanInput {
    pub fn parse(&self) -> Result<PlanContent, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let mut sections = BTreeMap::new();
        for section in PlanSection::ALL {
            let text = self.sections.get(section.code()).map_or("", String::as_str);
            if let Some(Some(text)) = errors.check(long_text(section.code(), text)) {
                sections.insert(*section, text);
            }
        }
        let founders = errors.check(match self.founders.trim() {
            "" => Ok(None),
            text => match text.parse::<u32>() {
                Ok(n) if (1..=FOUNDERS_MAX).contains(&n) => Ok(Some(n)),
                _ => Err(FieldError::new("founders", "idea-error-founders")),
            },
        });
        let chosen = errors.check(
            crate::code::optional_choice::<LegalForm>("chosen_legal_form", &self.chosen_legal_form)
                .and_then(|form| match form {
                    Some(LegalForm::Handelsbolag | LegalForm::Other) => {
                        Err(FieldError::new("chosen_legal_form", "error-choose-option"))
                    }
                    other => Ok(other),
                }),
        );
        match (founders, chosen) {
            (Some(founders), Some(chosen_legal_form)) if errors.is_empty() => Ok(PlanContent {
                sections,
                legal_form_answers: LegalFormAnswers {
                    founders,
                    member_democracy: self.member_democracy,
                    non_profit_purpose: self.non_profit_purpose,
                    share_capital: self.share_capital,
                    profit_lock: self.profit_lock,
                },
                chosen_legal_form,
                forecast: None,
            }),
            _ => Err(errors),
        }
    }
}

/// A multi-line text of a plan section: kept as typed apart from surrounding blanks.
fn long_text(field: &'static str, input: &str) -> Result<Option<String>, FieldError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        Ok(None)
    } else if trimmed.chars().count() > TEXT_MAX {
        Err(FieldError::new(field, "error-too-long").with_arg("max", TEXT_MAX))
    } else {
        Ok(Some(trimmed.to_string()))
    }
}

/// A coach's comment on a plan version.
pub fn parse_comment(body: &str) -> Result<String, ValidationErrors> {
    long_text("body", body)
        .and_then(|text| text.ok_or_else(|| FieldError::new("body", "error-required")))
        .map_err(ValidationErrors::single)
}

/// A business idea as stored, with its current stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Idea {
    pub id: i64,
    pub programme_id: i64,
    pub operator_id: i64,
    pub title: String,
    pub description: Option<String>,
    pub what_it_sells: Option<String>,
    pub work_integration: Option<String>,
    pub stage: IdeaStage,
    pub enterprise_id: Option<i64>,
    pub updated_at: Timestamp,
}

/// One stage decision in an idea's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageChange {
    pub id: i64,
    pub stage: IdeaStage,
    pub decided_on: Date,
    pub note: Option<String>,
    /// The display name of the user who recorded it.
    pub recorded_by: Option<String>,
    pub recorded_at: Timestamp,
}

/// A member of an idea's team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamMember {
    pub id: i64,
    /// Set for a participant.
    pub person_id: Option<i64>,
    /// The participant's name (from the person, empty once anonymised) or the other's.
    pub name: String,
    pub role: Option<String>,
}

/// One saved version of a business plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanVersion {
    pub id: i64,
    pub version: i64,
    pub author: Option<String>,
    pub content: PlanContent,
    pub created_at: Timestamp,
}

/// A coach's comment on a plan version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanComment {
    pub version: i64,
    pub author: Option<String>,
    pub body: String,
    pub created_at: Timestamp,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 27);

    #[test]
    fn an_idea_moves_forward_one_stage_at_a_time() {
        assert_eq!(IdeaStage::Idea.next(), Some(IdeaStage::PreStudy));
        assert_eq!(IdeaStage::Registered.next(), Some(IdeaStage::Operating));
        assert_eq!(IdeaStage::Operating.next(), None);
        assert!(check_move(IdeaStage::Idea, None, IdeaStage::PreStudy, None, true).is_ok());
        let jump = check_move(IdeaStage::Idea, None, IdeaStage::Founding, None, true).unwrap_err();
        assert_eq!(jump.key, "idea-error-stage-jump");
    }

    #[test]
    fn moving_back_needs_a_note() {
        let missing = check_move(
            IdeaStage::Founding,
            None,
            IdeaStage::BusinessPlan,
            Some(" "),
            true,
        )
        .unwrap_err();
        assert_eq!(
            (missing.field, missing.key),
            ("note", "idea-error-back-needs-note")
        );
        assert!(
            check_move(
                IdeaStage::Founding,
                None,
                IdeaStage::BusinessPlan,
                Some("Styrelsen saknas"),
                true
            )
            .is_ok()
        );
    }

    #[test]
    fn any_stage_can_be_wound_up_and_reopened_only_where_it_was() {
        for stage in IdeaStage::ALL.iter().filter(|s| **s != IdeaStage::WoundUp) {
            assert!(
                check_move(
                    *stage,
                    None,
                    IdeaStage::WoundUp,
                    Some("Ingen marknad"),
                    true
                )
                .is_ok()
            );
        }
        let from = Some(IdeaStage::PreStudy);
        assert!(
            check_move(
                IdeaStage::WoundUp,
                from,
                IdeaStage::PreStudy,
                Some("Ny grupp"),
                true
            )
            .is_ok()
        );
        assert!(
            check_move(
                IdeaStage::WoundUp,
                from,
                IdeaStage::Operating,
                Some("x"),
                true
            )
            .is_err()
        );
        assert!(check_move(IdeaStage::WoundUp, from, IdeaStage::WoundUp, None, true).is_err());
    }

    proptest! {
        #[test]
        fn a_move_without_a_note_is_allowed_only_forward_by_one(
            from in 0usize..7, to in 0usize..7,
        ) {
            let (from, to) = (IdeaStage::ALL[from], IdeaStage::ALL[to]);
            let allowed = check_move(from, None, to, None, true).is_ok();
            prop_assert_eq!(
                allowed,
                from != to && to != IdeaStage::WoundUp && from.next() == Some(to)
            );
        }
    }

    #[test]
    fn winding_up_needs_a_note() {
        let missing = check_move(
            IdeaStage::PreStudy,
            None,
            IdeaStage::WoundUp,
            Some(" "),
            true,
        )
        .unwrap_err();
        assert_eq!(
            (missing.field, missing.key),
            ("note", "idea-error-wind-up-needs-note")
        );
    }

    #[test]
    fn an_idea_is_registered_or_operating_only_with_its_enterprise_linked() {
        for (from, to) in [
            (IdeaStage::Founding, IdeaStage::Registered),
            (IdeaStage::Registered, IdeaStage::Operating),
        ] {
            let error = check_move(from, None, to, None, false).unwrap_err();
            assert_eq!(
                (error.field, error.key),
                ("stage", "idea-error-needs-enterprise")
            );
            assert!(check_move(from, None, to, None, true).is_ok());
        }
        assert!(
            check_move(
                IdeaStage::BusinessPlan,
                None,
                IdeaStage::Founding,
                None,
                false
            )
            .is_ok(),
            "founding needs no enterprise yet"
        );
        assert!(
            check_move(
                IdeaStage::Registered,
                None,
                IdeaStage::WoundUp,
                Some("Konkurs"),
                false
            )
            .is_ok()
        );
    }

    #[test]
    fn a_stage_decision_may_not_be_dated_in_the_future_or_before_the_last() {
        let input = StageInput {
            stage: "pre-study".into(),
            decided_on: "2026-12-01".into(),
            note: String::new(),
        };
        let last = date!(2026 - 10 - 01);
        let errors = input
            .parse(IdeaStage::Idea, None, last, TODAY, false)
            .unwrap_err();
        assert_eq!(
            errors.for_field("decided_on").unwrap().key,
            "idea-error-decided-in-future"
        );
        let early = StageInput {
            decided_on: "2026-09-30".into(),
            ..input.clone()
        };
        let errors = early
            .parse(IdeaStage::Idea, None, last, TODAY, false)
            .unwrap_err();
        assert_eq!(
            errors.for_field("decided_on").unwrap().key,
            "idea-error-decided-before-last"
        );
        let blank = StageInput {
            decided_on: String::new(),
            ..input
        };
        assert_eq!(
            blank
                .parse(IdeaStage::Idea, None, last, TODAY, false)
                .unwrap()
                .decided_on,
            TODAY
        );
    }

    #[test]
    fn an_idea_needs_a_title_and_a_programme() {
        let errors = IdeaInput::default().parse().unwrap_err();
        assert_eq!(errors.for_field("title").unwrap().key, "error-required");
        assert!(errors.for_field("programme_id").is_some());
        let draft = IdeaInput {
            programme_id: "3".into(),
            title: "  Cykelverkstad ".into(),
            ..IdeaInput::default()
        }
        .parse()
        .unwrap();
        assert_eq!(
            (draft.programme_id, draft.title.as_str()),
            (3, "Cykelverkstad")
        );
    }

    #[test]
    fn a_team_member_is_either_a_participant_or_someone_named() {
        let participant = MemberInput {
            person_id: "12".into(),
            ..MemberInput::default()
        };
        assert_eq!(participant.parse().unwrap().member, Member::Participant(12));
        let adviser = MemberInput {
            name: "Eva Rådgivare".into(),
            role: "Coompanion".into(),
            ..MemberInput::default()
        };
        assert_eq!(adviser.parse().unwrap().role.as_deref(), Some("Coompanion"));
        let both = MemberInput {
            person_id: "12".into(),
            name: "Eva".into(),
            ..MemberInput::default()
        };
        assert_eq!(
            both.parse().unwrap_err().for_field("name").unwrap().key,
            "idea-error-member-both"
        );
        let neither = MemberInput::default().parse().unwrap_err();
        assert_eq!(
            neither.for_field("person_id").unwrap().key,
            "idea-error-member-missing"
        );
    }

    #[test]
    fn the_guide_suggests_an_ekonomisk_forening_for_three_founders_who_decide_together() {
        let answers = LegalFormAnswers {
            founders: Some(4),
            member_democracy: true,
            ..LegalFormAnswers::default()
        };
        let suggested: Vec<LegalForm> = legal_form_guide(&answers)
            .into_iter()
            .filter(LegalFormFit::suggested)
            .map(|f| f.form)
            .collect();
        assert_eq!(suggested, vec![LegalForm::EkonomiskForening]);
    }

    #[test]
    fn the_guide_suggests_ab_svb_when_capital_is_put_in_and_profits_stay() {
        let answers = LegalFormAnswers {
            founders: Some(2),
            share_capital: true,
            profit_lock: true,
            ..LegalFormAnswers::default()
        };
        let fits = legal_form_guide(&answers);
        let suggested: Vec<LegalForm> = fits
            .iter()
            .filter(|f| f.suggested())
            .map(|f| f.form)
            .collect();
        assert_eq!(suggested, vec![LegalForm::AktiebolagSvb]);
        let ekonomisk = &fits[0];
        assert!(!ekonomisk.criteria[0].met, "two founders are too few");
    }

    #[test]
    fn a_plan_keeps_its_sections_and_survives_json() {
        let mut input = PlanInput {
            founders: "3".into(),
            member_democracy: true,
            chosen_legal_form: "ekonomisk-forening".into(),
            ..PlanInput::default()
        };
        input
            .sections
            .insert("customers".into(), "  Kommunens kök  ".into());
        input.sections.insert("risks".into(), "   ".into());
        let content = input.parse().unwrap();
        assert_eq!(content.section(PlanSection::Customers), "Kommunens kök");
        assert_eq!(content.section(PlanSection::Risks), "");
        let json = serde_json::to_string(&content).unwrap();
        assert!(json.contains("\"customers\""));
        assert_eq!(serde_json::from_str::<PlanContent>(&json).unwrap(), content);
    }

    #[test]
    fn a_plan_refuses_a_wrong_founder_count_and_an_overlong_section() {
        let mut input = PlanInput {
            founders: "noll".into(),
            ..PlanInput::default()
        };
        input
            .sections
            .insert("market".into(), "x".repeat(TEXT_MAX + 1));
        let errors = input.parse().unwrap_err();
        assert_eq!(
            errors.for_field("founders").unwrap().key,
            "idea-error-founders"
        );
        assert_eq!(errors.for_field("market").unwrap().key, "error-too-long");
    }

    #[test]
    fn a_comment_may_not_be_blank() {
        assert!(parse_comment("  ").is_err());
        assert_eq!(parse_comment(" Bra! ").unwrap(), "Bra!");
    }
}
