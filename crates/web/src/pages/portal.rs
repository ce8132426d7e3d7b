//! The participant portal (Min sida): the participant's own plan, appointments, activities and
//! the list of who has read their record.

use super::{failure, page_or_failure, redirect_with_flash};
use crate::AppState;
use crate::context::CurrentUser;
use crate::layout::Layout;
use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use stegvis_app::portal::{PortalView, ReaderSummary};
use stegvis_domain::plan::format_hours;
use stegvis_domain::swedish;

#[derive(Template)]
#[template(path = "portal.html")]
struct PortalPage {
    l: Layout,
    v: PortalView,
    /// Questionnaire reminders by e-mail (decision 0033).
    reminders: stegvis_app::mail::Reminders,
}

impl PortalPage {
    fn label(&self, prefix: &str, code: &str) -> String {
        self.l.t(&format!("{prefix}-{code}"))
    }

    fn when(&self, at: &stegvis_domain::timestamp::Timestamp) -> String {
        swedish::format_swedish_datetime(at.datetime())
    }

    fn at(&self, at: &time::PrimitiveDateTime) -> String {
        format!(
            "{} {:02}:{:02}",
            swedish::format_date(at.date()),
            at.hour(),
            at.minute()
        )
    }

    fn hours(&self, minutes: &i64) -> String {
        format_hours(*minutes)
    }

    /// The message key of an employment form, for the list of enterprises.
    fn employment_key(&self, form: &stegvis_domain::enterprise_figures::EmploymentForm) -> String {
        format!("enterprise-employment-{}", form.code())
    }

    /// What a reader did, in words addressed to the participant where there are such words
    /// (`portal-action-*`), else as the log review says it, else "changed something".
    fn action(&self, action: &str) -> String {
        let code = action.replace('.', "-");
        for key in [
            format!("portal-action-{code}"),
            format!("log-action-{code}"),
        ] {
            if self.l.tr.has(&key) {
                return self.l.t(&key);
            }
        }
        self.l.t("portal-action-other")
    }

    /// A reader's actions in words with their counts, most frequent first; actions that read
    /// the same are counted together.
    fn action_counts(&self, summary: &ReaderSummary) -> Vec<(String, usize)> {
        let mut counts: Vec<(String, usize)> = Vec::new();
        for (action, count) in &summary.actions {
            let words = self.action(action);
            match counts.iter_mut().find(|(w, _)| *w == words) {
                Some((_, n)) => *n += count,
                None => counts.push((words, *count)),
            }
        }
        counts.sort_by_key(|c| std::cmp::Reverse(c.1));
        counts
    }
}

pub async fn show(State(state): State<AppState>, user: CurrentUser, uri: Uri) -> Response {
    let page = async {
        let v = stegvis_app::portal::my_record(&state.app, &user.actor).await?;
        let reminders = stegvis_app::mail::own_reminders(&state.app, &user.actor).await?;
        Ok(PortalPage {
            l: Layout::new(&state, &user.ctx, uri.path()),
            v,
            reminders,
        })
    }
    .await;
    page_or_failure(&state, &user.ctx, &uri, page, StatusCode::OK)
}

/// Switches the participant's questionnaire reminders by e-mail on or off.
pub async fn set_reminders(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    body: Bytes,
) -> Response {
    let pairs = crate::forms::pairs(&body);
    let on = crate::forms::get(&pairs, "reminders") == "on";
    match stegvis_app::mail::set_own_reminders(&state.app, &user.actor, on).await {
        Ok(()) => redirect_with_flash(
            &state,
            "/min-sida",
            if on {
                "flash-reminders-on"
            } else {
                "flash-reminders-off"
            },
        ),
        Err(error) => failure(&state, &user.ctx, &uri, error),
    }
}
