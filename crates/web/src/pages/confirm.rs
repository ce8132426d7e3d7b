//! The page that asks before an action that ends, withdraws, deletes or anonymises.
//!
//! Such a form posts to its action as usual. Without the field `bekraftat=1` the handler does
//! nothing yet and answers with this page instead: what will happen, in words, any field the
//! law or the method asks for (the date of a withdrawal, the note on winding up an idea), and a
//! button that posts the same fields again with `bekraftat=1` and the CSRF token. It works
//! without JavaScript, and an API client, which has no pages, is not asked.

use crate::AppState;
use crate::context::{CSRF_FIELD, RequestContext};
use crate::forms::Form;
use crate::layout::Layout;
use crate::pages::render;
use askama::Template;
use axum::http::{StatusCode, Uri};
use axum::response::Response;

/// The field that says the user has seen the confirmation page and confirmed.
pub const CONFIRMED: &str = "bekraftat";

/// Whether the posted form carries the confirmation.
pub fn confirmed(pairs: &[(String, String)]) -> bool {
    crate::forms::get(pairs, CONFIRMED) == "1"
}

/// A field to fill in on the confirmation page.
pub struct Field {
    pub name: &'static str,
    pub label_key: &'static str,
    pub hint_key: &'static str,
    /// `date`, `text` or `textarea`.
    pub kind: &'static str,
}

/// What the page says and asks.
pub struct Confirmation {
    pub title: String,
    /// The consequences, one sentence each.
    pub consequences: Vec<String>,
    pub fields: Vec<Field>,
    pub button: String,
    /// Where "Avbryt" leads: the page the action was started from.
    pub back: String,
}

#[derive(Template)]
#[template(path = "confirm.html")]
struct ConfirmPage {
    l: Layout,
    c: Confirmation,
    action: String,
    hidden: Vec<(String, String)>,
    form: Form,
}

/// The confirmation page for the action at `uri`, carrying every posted field but the token,
/// the confirmation and the fields it shows.
pub fn page(
    state: &AppState,
    ctx: &RequestContext,
    uri: &Uri,
    pairs: &[(String, String)],
    confirmation: Confirmation,
) -> Response {
    let shown: Vec<&str> = confirmation.fields.iter().map(|f| f.name).collect();
    let hidden = pairs
        .iter()
        .filter(|(k, _)| k != CSRF_FIELD && k != CONFIRMED && !shown.contains(&k.as_str()))
        .cloned()
        .collect();
    let mut l = Layout::new(state, ctx, uri.path());
    // The page answers a POST, so its own path has no page to come back to: the language
    // switch returns to where the action was started, which asks again in the new language.
    l.path = confirmation.back.clone();
    let page = ConfirmPage {
        l,
        form: Form::from_pairs(&ctx.tr, pairs),
        c: confirmation,
        action: uri.path().to_string(),
        hidden,
    };
    render(&page, StatusCode::OK)
}

/// A confirmation with only the consequence sentence and the button text as message keys.
pub fn simple(
    ctx: &RequestContext,
    title_key: &str,
    consequence: String,
    back: String,
) -> Confirmation {
    Confirmation {
        title: ctx.tr.t(title_key),
        consequences: vec![consequence, ctx.tr.t("confirm-cannot-undo")],
        fields: Vec::new(),
        button: ctx.tr.t(title_key),
        back,
    }
}
