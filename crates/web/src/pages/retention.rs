//! The coordinator's retention page (gallring): their operator's rule, who the daily run would
//! anonymise today (a dry run), and the runs so far. The run itself happens in the server
//! every day (`stegvis_app::privacy::run_scheduled_retention`) and from the command line.

use super::{form_outcome, page_or_failure, render};
use crate::AppState;
use crate::context::CurrentUser;
use crate::forms::{self, Form};
use crate::layout::Layout;
use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use stegvis_app::AppError;
use stegvis_app::privacy::{self as uc, RetentionOverview};
use stegvis_domain::retention::RetentionRuleInput;
use stegvis_domain::swedish::format_swedish_datetime;
use stegvis_domain::timestamp::format_date;

#[derive(Template)]
#[template(path = "retention/show.html")]
struct RetentionPage {
    l: Layout,
    overview: RetentionOverview,
    form: Form,
    /// Each daily run: its date and when it finished, in Swedish local time.
    runs: Vec<(String, String)>,
}

impl RetentionPage {
    fn new(l: Layout, overview: RetentionOverview, form: Form) -> Self {
        let runs = overview
            .runs
            .iter()
            .map(|run| {
                (
                    format_date(run.run_on),
                    format_swedish_datetime(run.finished_at.datetime()),
                )
            })
            .collect();
        Self {
            l,
            overview,
            form,
            runs,
        }
    }

    fn date(&self, date: &time::Date) -> String {
        format_date(*date)
    }
}

async fn page(
    state: &AppState,
    user: &CurrentUser,
    uri: &Uri,
    form: Option<Form>,
) -> Result<RetentionPage, AppError> {
    let overview = uc::retention_overview(&state.app, &user.actor).await?;
    let form = form.unwrap_or_else(|| match &overview.rule {
        Some(rule) => Form::new(&user.ctx.tr)
            .with("years_after_exit", rule.years_after_exit.to_string())
            .with("decision_reference", rule.decision_reference.clone())
            .with("decided_on", format_date(rule.decided_on)),
        None => Form::new(&user.ctx.tr),
    });
    Ok(RetentionPage::new(
        Layout::new(state, &user.ctx, uri.path()),
        overview,
        form,
    ))
}

pub async fn show(State(state): State<AppState>, user: CurrentUser, uri: Uri) -> Response {
    let result = page(&state, &user, &uri, None).await;
    page_or_failure(&state, &user.ctx, &uri, result, StatusCode::OK)
}

/// Sets the operator's rule; a bad value shows the page again with the input and the reason.
pub async fn set_rule(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let value = |name: &str| forms::get(&pairs, name).to_string();
    let input = RetentionRuleInput {
        years_after_exit: value("years_after_exit"),
        decision_reference: value("decision_reference"),
        decided_on: value("decided_on"),
    };
    let operator = user.actor.principal().and_then(|p| p.organisation_id);
    let outcome = match operator {
        Some(operator_id) => {
            uc::set_retention_rule(&state.app, &user.actor, operator_id, &input).await
        }
        None => Err(AppError::Forbidden),
    };
    form_outcome(
        &state,
        &user.ctx,
        &uri,
        outcome,
        |()| "/gallring".to_string(),
        "flash-saved",
        async |errors| {
            let form = Form::from_pairs(&user.ctx.tr, &pairs).with_errors(errors);
            match page(&state, &user, &uri, Some(form)).await {
                Ok(page) => render(&page, StatusCode::UNPROCESSABLE_ENTITY),
                Err(error) => super::failure(&state, &user.ctx, &uri, error),
            }
        },
    )
    .await
}
