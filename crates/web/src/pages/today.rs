//! The start page: what there is to do today for the user's role, with a link to each thing,
//! and below it every page the menu offers. A role whose menu has pages never reads that it
//! has none.

use super::render;
use crate::AppState;
use crate::context::RequestContext;
use crate::layout::Layout;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use stegvis_app::Actor;
use stegvis_app::questionnaires::DueItem;
use stegvis_app::today::{CaseOfficerToday, CoordinatorToday, Glance};
use stegvis_domain::access::Role;
use stegvis_domain::plan::Appointment;
use stegvis_domain::swedish;

/// A page of the menu, with what it is for.
pub struct Shortcut {
    pub href: &'static str,
    pub label: String,
    pub description: String,
}

/// What the start page shows for the role.
enum Today {
    Coordinator(CoordinatorToday, Vec<(i64, String)>),
    CaseOfficer(CaseOfficerToday),
    Participant {
        next_questionnaire: Option<DueItem>,
        next_appointment: Option<Appointment>,
    },
    Enterprise {
        name: String,
        year: i32,
        reported: bool,
    },
    Programmes(Vec<Glance>),
    Nothing,
}

#[derive(Template)]
#[template(path = "start.html")]
struct StartPage {
    l: Layout,
    today: Today,
    shortcuts: Vec<Shortcut>,
}

impl StartPage {
    fn at(&self, at: &time::PrimitiveDateTime) -> String {
        format!(
            "{} {:02}:{:02}",
            swedish::format_date(at.date()),
            at.hour(),
            at.minute()
        )
    }

    fn months(&self, value: &f64) -> String {
        swedish::format_fixed((*value * 10.0).round() as i128, 1)
    }
}

pub async fn start(State(state): State<AppState>, ctx: RequestContext) -> Response {
    let l = Layout::new(&state, &ctx, "/start");
    let shortcuts = l
        .nav
        .iter()
        .filter(|item| item.href != "/start")
        .map(|item| {
            let key = format!("{}-description", nav_key(item.href));
            Shortcut {
                href: item.href,
                label: item.label.clone(),
                description: if ctx.tr.has(&key) {
                    ctx.tr.t(&key)
                } else {
                    String::new()
                },
            }
        })
        .collect();
    let today = match ctx.principal() {
        Some(principal) => {
            let actor = Actor::user(principal.clone(), "GET /start");
            today(&state, &actor, principal.role).await
        }
        None => Today::Nothing,
    };
    render(
        &StartPage {
            l,
            today,
            shortcuts,
        },
        StatusCode::OK,
    )
}

/// The message id of a menu entry, from its path (the layout's table is the source).
fn nav_key(href: &str) -> &'static str {
    match href {
        "/min-sida" => "nav-portal",
        "/min-sida/enkater" => "nav-my-questionnaires",
        "/mitt-foretag" => "nav-own-enterprise",
        "/personer" => "nav-persons",
        "/uppfoljningar" => "nav-follow-ups",
        "/enkater" => "nav-questionnaires",
        "/program" => "nav-programmes",
        "/moten" => "nav-meetings",
        "/mal" => "nav-targets",
        "/foretag" => "nav-enterprises",
        "/ideer" => "nav-ideas",
        "/handbok-redaktion" => "nav-handbook",
        "/organisationer" => "nav-organisations",
        "/anvandare" => "nav-users",
        "/logg" => "nav-audit",
        _ => "nav-start",
    }
}

/// The role's panel. A panel that cannot be read (a participant without a linked person, say)
/// is left out rather than failing the start page: the menu still leads everywhere.
async fn today(state: &AppState, actor: &Actor, role: Role) -> Today {
    let app = &state.app;
    let shown =
        match role {
            Role::Coordinator => {
                let programmes = stegvis_app::programmes::list(app, actor)
                    .await
                    .map(|list| list.into_iter().map(|p| (p.id, p.name)).collect())
                    .unwrap_or_default();
                stegvis_app::today::coordinator(app, actor)
                    .await
                    .map(|t| Today::Coordinator(t, programmes))
            }
            Role::CaseOfficer => stegvis_app::today::case_officer(app, actor)
                .await
                .map(Today::CaseOfficer),
            Role::Participant => {
                let next_questionnaire = stegvis_app::questionnaires::mine(app, actor)
                    .await
                    .ok()
                    .and_then(|mine| mine.due.into_iter().next());
                let next_appointment = stegvis_app::portal::my_record(app, actor)
                    .await
                    .ok()
                    .and_then(|record| record.upcoming.into_iter().next());
                Ok(Today::Participant {
                    next_questionnaire,
                    next_appointment,
                })
            }
            Role::Enterprise => stegvis_app::enterprise_figures::own(app, actor).await.map(
                |(enterprise, figures)| {
                    let year = app.today().year() - 1;
                    Today::Enterprise {
                        name: enterprise.name,
                        year,
                        reported: figures.years.iter().any(|y| y.year == year),
                    }
                },
            ),
            Role::Steering | Role::Evaluator => stegvis_app::today::glances(app, actor)
                .await
                .map(Today::Programmes),
            Role::Admin => Ok(Today::Nothing),
        };
    shown.unwrap_or_else(|error| {
        tracing::warn!(%error, "start page panel unavailable");
        Today::Nothing
    })
}
