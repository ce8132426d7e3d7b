//! The data subject's rights on the person page: a readable register extract and its JSON
//! (GDPR art. 15), and anonymisation (art. 17).

use super::{failure, page_or_failure, redirect_with_flash};
use crate::AppState;
use crate::context::CurrentUser;
use crate::extract::Ids;
use crate::i18n::Tr;
use crate::layout::Layout;
use askama::Template;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

#[derive(Template)]
#[template(path = "persons/extract.html")]
struct ExtractPage {
    l: Layout,
    id: i64,
    name: String,
    /// The export rendered as nested lists; every text in it is escaped.
    body: String,
}

/// Escapes text for HTML content and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The export field holding questionnaire answers: its keys are the instruments' item codes
/// (such as `business_plan`), shown as they are rather than looked up as field names.
const ANSWERS_FIELD: &str = "answers";

/// The label of an export field: every field the export has carries a message (a test checks
/// this), so a field without one is shown by its name.
fn field_label(tr: &Tr, key: &str) -> String {
    let label_key = format!("extract-field-{}", key.replace('_', "-"));
    if tr.has(&label_key) {
        tr.t(&label_key)
    } else {
        key.to_string()
    }
}

/// Renders the export as nested description lists, so one readable document follows the
/// JSON field by field and nothing held about the person can be left out of it.
fn render_value(tr: &Tr, value: &Value, out: &mut String) {
    render_labelled(tr, value, true, out);
}

fn render_labelled(tr: &Tr, value: &Value, labelled: bool, out: &mut String) {
    match value {
        Value::Object(map) => {
            out.push_str("<dl class=\"extract\">");
            for (key, inner) in map {
                let label = if labelled {
                    field_label(tr, key)
                } else {
                    key.clone()
                };
                out.push_str("<dt>");
                out.push_str(&escape(&label));
                out.push_str("</dt><dd>");
                render_labelled(tr, inner, labelled && key != ANSWERS_FIELD, out);
                out.push_str("</dd>");
            }
            out.push_str("</dl>");
        }
        Value::Array(items) if items.is_empty() => out.push('–'),
        Value::Array(items) => {
            out.push_str("<ol class=\"extract-list\">");
            for item in items {
                out.push_str("<li>");
                render_labelled(tr, item, labelled, out);
                out.push_str("</li>");
            }
            out.push_str("</ol>");
        }
        Value::Null => out.push('–'),
        Value::Bool(true) => out.push_str(&escape(&tr.t("yes"))),
        Value::Bool(false) => out.push_str(&escape(&tr.t("no"))),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => out.push_str(&escape(s).replace('\n', "<br>")),
    }
}

pub async fn extract(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
) -> Response {
    let result = async {
        let export = stegvis_app::privacy::export(&state.app, &user.actor, ids.id()).await?;
        let value = serde_json::to_value(&export)
            .map_err(|e| stegvis_app::AppError::Internal(e.to_string()))?;
        let mut body = String::new();
        render_value(&user.ctx.tr, &value, &mut body);
        let name = format!(
            "{} {}",
            export.person.given_name.clone().unwrap_or_default(),
            export.person.family_name.clone().unwrap_or_default()
        );
        Ok(ExtractPage {
            l: Layout::new(&state, &user.ctx, uri.path()),
            id: ids.id(),
            name: name.trim().to_string(),
            body,
        })
    }
    .await;
    page_or_failure(&state, &user.ctx, &uri, result, StatusCode::OK)
}

pub async fn extract_json(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
) -> Response {
    match stegvis_app::privacy::export(&state.app, &user.actor, ids.id()).await {
        Ok(export) => {
            let mut response = axum::Json(export).into_response();
            let disposition = format!("attachment; filename=\"registerutdrag-{}.json\"", ids.id());
            if let Ok(value) = HeaderValue::from_str(&disposition) {
                response
                    .headers_mut()
                    .insert(header::CONTENT_DISPOSITION, value);
            }
            response
        }
        Err(error) => failure(&state, &user.ctx, &uri, error),
    }
}

/// Anonymises after an explicit confirmation; without it, or while an episode is open, the
/// extract is shown again with the reason.
pub async fn anonymise(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: axum::body::Bytes,
) -> Response {
    let back = format!("/personer/{}/registerutdrag", ids.id());
    let pairs = crate::forms::pairs(&body);
    if !super::confirm::confirmed(&pairs) {
        let confirmation = super::confirm::simple(
            &user.ctx,
            "confirm-anonymise-title",
            user.ctx.tr.t("confirm-anonymise-text"),
            back,
        );
        return super::confirm::page(&state, &user.ctx, &uri, &pairs, confirmation);
    }
    match stegvis_app::privacy::anonymise(&state.app, &user.actor, ids.id()).await {
        Ok(_) => redirect_with_flash(&state, "/personer", "flash-person-anonymised"),
        Err(stegvis_app::AppError::Invalid(_)) => {
            redirect_with_flash(&state, &back, "privacy-error-open-episode")
        }
        Err(error) => failure(&state, &user.ctx, &uri, error),
    }
}
