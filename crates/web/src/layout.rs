//! What the base template needs on every page: language, user, navigation, CSRF token,
//! the demo banner and the session timeout.

use crate::AppState;
use crate::context::{RequestContext, seconds_left};
use crate::i18n::Tr;
use stegvis_domain::access::Capability;
use stegvis_domain::organisation::OrganisationKind;
use stegvis_domain::programme::ProgrammeFocus;
use stegvis_domain::swedish;

pub struct NavItem {
    pub href: &'static str,
    pub label: String,
    pub current: bool,
}

pub struct Layout {
    pub tr: Tr,
    pub csrf_token: String,
    /// Display name of the logged-in user.
    pub user_name: Option<String>,
    pub role_label: String,
    pub nav: Vec<NavItem>,
    pub demo: bool,
    /// Seconds until the session times out, for the warning script.
    pub session_seconds: Option<i64>,
    pub flash: Option<String>,
    /// Path of this page, so the language switch can come back to it.
    pub path: String,
}

impl Layout {
    pub fn new(state: &AppState, ctx: &RequestContext, path: &str) -> Self {
        let tr = ctx.tr.clone();
        let session = ctx.session();
        let principal = ctx.principal();
        let mut nav = Vec::new();
        if let Some(principal) = principal {
            let items: [(&'static str, &str, Option<Capability>); 17] = [
                ("/start", "nav-start", None),
                ("/min-sida", "nav-portal", Some(Capability::ViewOwnRecord)),
                (
                    "/min-sida/enkater",
                    "nav-my-questionnaires",
                    Some(Capability::AnswerOwnQuestionnaires),
                ),
                (
                    "/mitt-foretag",
                    "nav-own-enterprise",
                    Some(Capability::ReportOwnFigures),
                ),
                ("/personer", "nav-persons", Some(Capability::ViewPersons)),
                (
                    "/uppfoljningar",
                    "nav-follow-ups",
                    Some(Capability::ManageParticipants),
                ),
                (
                    "/enkater",
                    "nav-questionnaires",
                    Some(Capability::ManageParticipants),
                ),
                (
                    "/program",
                    "nav-programmes",
                    Some(Capability::ViewProgrammes),
                ),
                ("/moten", "nav-meetings", Some(Capability::TakePartInGroups)),
                ("/mal", "nav-targets", Some(Capability::ViewMeasures)),
                (
                    "/foretag",
                    "nav-enterprises",
                    Some(Capability::ViewEnterprises),
                ),
                ("/ideer", "nav-ideas", Some(Capability::WorkOnIdeas)),
                (
                    "/handbok-redaktion",
                    "nav-handbook",
                    Some(Capability::EditHandbook),
                ),
                (
                    "/organisationer",
                    "nav-organisations",
                    Some(Capability::ViewOrganisations),
                ),
                ("/anvandare", "nav-users", Some(Capability::ManageUsers)),
                ("/logg", "nav-audit", Some(Capability::ReviewAuditLog)),
                (
                    "/gallring",
                    "nav-retention",
                    Some(Capability::ExerciseDataRights),
                ),
            ];
            for (href, key, capability) in items {
                if capability.is_none_or(|c| principal.can(c)) {
                    nav.push(NavItem {
                        href,
                        label: tr.t(key),
                        current: path == href || path.starts_with(&format!("{href}/")),
                    });
                }
            }
        }
        Layout {
            csrf_token: ctx.csrf_token.clone(),
            user_name: session.map(|s| s.user.display_name.clone()),
            role_label: principal
                .map(|p| tr.t(&format!("role-{}", p.role.code())))
                .unwrap_or_default(),
            nav,
            demo: state.config.demo,
            session_seconds: session.map(|s| seconds_left(s, state.app.now())),
            flash: ctx.flash.as_ref().map(|key| tr.t(key)),
            path: path.to_string(),
            tr,
        }
    }

    /// A layout without user or navigation, for failures before the context exists.
    pub fn bare(tr: Tr) -> Self {
        Layout {
            tr,
            csrf_token: String::new(),
            user_name: None,
            role_label: String::new(),
            nav: Vec::new(),
            demo: false,
            session_seconds: None,
            flash: None,
            path: "/".into(),
        }
    }

    pub fn t(&self, key: &str) -> String {
        self.tr.t(key)
    }

    pub fn org_kind(&self, kind: &OrganisationKind) -> String {
        self.tr.t(&format!("org-kind-{}", kind.code()))
    }

    pub fn focus(&self, focus: &ProgrammeFocus) -> String {
        self.tr.t(&format!("programme-focus-{}", focus.code()))
    }

    pub fn date(&self, date: &time::Date) -> String {
        swedish::format_date(*date)
    }
}
