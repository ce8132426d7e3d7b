//! Log review (loggkontroll): search the audit log and export what was found.

use super::{failure, render};
use crate::AppState;
use crate::context::CurrentUser;
use crate::forms::Form;
use crate::layout::Layout;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use stegvis_app::AppError;
use stegvis_domain::audit::{Event, EventFilter};
use stegvis_domain::swedish;
use stegvis_domain::timestamp::{Timestamp, parse_date};
use stegvis_domain::validation::{FieldError, ValidationErrors};
use stegvis_reports::csv::{CsvWriter, Dialect};

const PAGE_SIZE: i64 = 100;
/// An export holds at most this many events; narrow the search for more.
const EXPORT_LIMIT: i64 = 10_000;

#[derive(Deserialize, Default)]
pub struct SearchQuery {
    anvandare: Option<String>,
    post: Option<String>,
    handelse: Option<String>,
    fran: Option<String>,
    till: Option<String>,
    fore: Option<String>,
    /// A name to find the person or user whose log to review.
    namn: Option<String>,
}

/// The areas of the filter, in the order shown: the first part of an action's code.
const AREAS: [&str; 18] = [
    "person",
    "consent",
    "episode",
    "plan",
    "note",
    "appointment",
    "income",
    "follow-up",
    "activity",
    "questionnaire",
    "enterprise",
    "idea",
    "programme",
    "organisation",
    "user",
    "login",
    "access",
    "audit",
];

/// An audited action in words: its `log-action-` message, else the words of its area, else the
/// code itself (an action added without a message still shows something true).
pub fn action_words(tr: &crate::i18n::Tr, action: &str) -> String {
    let key = format!("log-action-{}", action.replace('.', "-"));
    if tr.has(&key) {
        return tr.t(&key);
    }
    let area = format!("log-area-{}", action.split('.').next().unwrap_or_default());
    if tr.has(&area) {
        return format!("{} ({action})", tr.t(&area));
    }
    action.to_string()
}

/// Parses the search form; a wrong value is reported, never silently ignored.
fn parse(query: &SearchQuery) -> Result<EventFilter, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let text = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let actor_user_id = text(&query.anvandare).and_then(|v| match v.parse::<i64>() {
        Ok(id) if id > 0 => Some(id),
        _ => {
            errors.push(FieldError::new("anvandare", "error-whole-number"));
            None
        }
    });
    let record = text(&query.post).and_then(|v| {
        let parsed = v
            .split_once(':')
            .and_then(|(kind, id)| Some((kind.trim().to_string(), id.trim().parse::<i64>().ok()?)));
        if parsed.is_none() {
            errors.push(FieldError::new("post", "error-record-reference"));
        }
        parsed
    });
    let mut date = |field: &'static str, value: &Option<String>, days: i64| {
        text(value).and_then(|v| match parse_date(&v) {
            Some(d) => Some(Timestamp::from_datetime(swedish::start_of_day(
                d + time::Duration::days(days),
            ))),
            None => {
                errors.push(FieldError::new(field, "error-date-format"));
                None
            }
        })
    };
    let from = date("fran", &query.fran, 0);
    let until = date("till", &query.till, 1);
    let filter = EventFilter {
        actor_user_id,
        record,
        action_prefix: text(&query.handelse),
        from,
        until,
    };
    errors.into_result().map(|()| filter)
}

fn form_of(tr: &crate::i18n::Tr, query: &SearchQuery) -> Form {
    let value = |v: &Option<String>| v.clone().unwrap_or_default();
    Form::new(tr)
        .with("anvandare", value(&query.anvandare))
        .with("post", value(&query.post))
        .with("handelse", value(&query.handelse))
        .with("fran", value(&query.fran))
        .with("till", value(&query.till))
}

pub struct EventRow {
    pub event: Event,
    pub when: String,
    /// Who acted, by name; empty for the system.
    pub who: String,
    /// What was done, in words.
    pub what: String,
}

/// The people and users found by name, to choose whose log to review.
pub struct Found {
    /// Link, name and birth year of each person.
    pub people: Vec<(String, String, i32)>,
    /// Link and display name of each user.
    pub users: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    l: Layout,
    form: Form,
    rows: Vec<EventRow>,
    /// Link to the next (older) page, if there may be one.
    older: Option<String>,
    export: String,
    /// Users whose refusals reached the limit lately: possible scanning, shown first.
    scans: Vec<EventRow>,
    /// Whose log is shown, in words ("Loggen för Anna Andersson"), once chosen.
    subject: Option<String>,
    /// The results of a name search, when one was made.
    found: Option<Found>,
    /// The name search form, with its own errors.
    pick: Form,
    /// Whether to show the filter and the events: once someone is chosen, and always for the
    /// administrator, who may review the whole log.
    show_events: bool,
    areas: Vec<(String, String)>,
    /// Whether the id fields start opened: they hold a value or an error.
    advanced_open: bool,
}

fn rows_of(
    tr: &crate::i18n::Tr,
    events: Vec<Event>,
    names: &std::collections::HashMap<i64, String>,
) -> Vec<EventRow> {
    events
        .into_iter()
        .map(|event| EventRow {
            when: swedish::format_swedish_datetime(event.occurred_at.datetime()),
            who: event.actor_user_id.map_or_else(String::new, |id| {
                names
                    .get(&id)
                    .cloned()
                    .unwrap_or_else(|| format!("{} {id}", tr.t("audit-actor")))
            }),
            what: action_words(tr, &event.action),
            event,
        })
        .collect()
}

fn area_options(tr: &crate::i18n::Tr) -> Vec<(String, String)> {
    AREAS
        .iter()
        .map(|area| (format!("{area}."), tr.t(&format!("log-area-{area}"))))
        .collect()
}

fn query_string(query: &SearchQuery) -> String {
    let value = |v: &Option<String>| v.clone().unwrap_or_default();
    serde_urlencoded::to_string([
        ("anvandare", value(&query.anvandare)),
        ("post", value(&query.post)),
        ("handelse", value(&query.handelse)),
        ("fran", value(&query.fran)),
        ("till", value(&query.till)),
    ])
    .unwrap_or_default()
}

/// What the page shows beside the events, gathered before they are read.
struct Frame {
    l: Layout,
    scans: Vec<EventRow>,
    found: Option<Found>,
    pick: Form,
    show_events: bool,
    areas: Vec<(String, String)>,
}

impl Frame {
    fn page(self, form: Form, subject: Option<String>) -> AuditPage {
        let advanced_open = form.has_error("anvandare") || form.has_error("post");
        AuditPage {
            l: self.l,
            form,
            rows: Vec::new(),
            older: None,
            export: String::new(),
            scans: self.scans,
            subject,
            found: self.found,
            pick: self.pick,
            show_events: self.show_events,
            areas: self.areas,
            advanced_open,
        }
    }
}

/// The people and users matching a name search, as links that choose whose log to review.
fn found_of(subjects: stegvis_app::audit::Subjects) -> Found {
    Found {
        people: subjects
            .people
            .into_iter()
            .map(|p| {
                (
                    format!("/logg?post=person:{}", p.id),
                    p.full_name(),
                    p.birth_year,
                )
            })
            .collect(),
        users: subjects
            .users
            .into_iter()
            .map(|u| (format!("/logg?anvandare={}", u.id), u.display_name))
            .collect(),
    }
}

pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    Query(query): Query<SearchQuery>,
) -> Response {
    let tr = &user.ctx.tr;
    let scans = match stegvis_app::audit::suspected_scans(&state.app, &user.actor).await {
        Ok(events) => rows_of(tr, events, &Default::default()),
        // Coordinators review only their own people; the flags are the administrator's.
        Err(AppError::Forbidden) => Vec::new(),
        Err(error) => return failure(&state, &user.ctx, &uri, error),
    };
    // A name search lists whom the reviewer may choose; an empty or too short name is an error
    // only once the name form was submitted, never on the first visit.
    let mut status = StatusCode::OK;
    let mut pick = Form::new(tr).with("namn", query.namn.clone().unwrap_or_default());
    let found = match &query.namn {
        None => None,
        Some(text) => {
            match stegvis_app::audit::find_subjects(&state.app, &user.actor, text).await {
                Ok(subjects) => Some(found_of(subjects)),
                Err(AppError::Invalid(errors)) => {
                    pick = pick.with_errors(errors);
                    status = StatusCode::UNPROCESSABLE_ENTITY;
                    None
                }
                Err(error) => return failure(&state, &user.ctx, &uri, error),
            }
        }
    };
    let chosen = [&query.anvandare, &query.post]
        .iter()
        .any(|v| v.as_deref().is_some_and(|v| !v.trim().is_empty()));
    let is_admin = user
        .ctx
        .principal()
        .is_some_and(|p| p.role == stegvis_domain::access::Role::Admin);
    let frame = Frame {
        l: Layout::new(&state, &user.ctx, uri.path()),
        scans,
        found,
        pick,
        // A coordinator reviews the log of someone chosen; the administrator the whole log.
        show_events: chosen || is_admin,
        areas: area_options(tr),
    };
    let filter = match parse(&query) {
        Ok(filter) => filter,
        Err(errors) => {
            let page = frame.page(form_of(tr, &query).with_errors(errors), None);
            return render(&page, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    if !frame.show_events {
        return render(&frame.page(form_of(tr, &query), None), status);
    }
    let before = query.fore.as_deref().and_then(|v| v.parse::<i64>().ok());
    match stegvis_app::audit::review(&state.app, &user.actor, &filter, before, PAGE_SIZE).await {
        Ok(review) => {
            let subject = match (&review.person_name, &review.user_name, &filter.record) {
                (Some(name), _, _) => Some(tr.t1("audit-reviewing-person", "name", name)),
                (None, Some(name), _) => Some(tr.t1("audit-reviewing-user", "name", name)),
                (None, None, Some((kind, id))) => {
                    Some(tr.t1("audit-reviewing-record", "record", format!("{kind}:{id}")))
                }
                (None, None, None) => None,
            };
            let qs = query_string(&query);
            let older = (review.events.len() as i64 == PAGE_SIZE)
                .then(|| {
                    review
                        .events
                        .last()
                        .map(|e| format!("/logg?{qs}&fore={}", e.seq))
                })
                .flatten();
            let mut page = frame.page(form_of(tr, &query), subject);
            page.rows = rows_of(tr, review.events, &review.actor_names);
            page.older = older;
            page.export = format!("/logg.csv?{qs}");
            render(&page, status)
        }
        // A coordinator may only choose their own people and colleagues.
        Err(AppError::Invalid(errors)) => {
            let page = frame.page(form_of(tr, &query).with_errors(errors), None);
            render(&page, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(error) => failure(&state, &user.ctx, &uri, error),
    }
}

pub async fn csv(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    Query(query): Query<SearchQuery>,
) -> Response {
    let filter = match parse(&query) {
        Ok(filter) => filter,
        Err(_) => return list(State(state), user, uri, Query(query)).await,
    };
    let result =
        stegvis_app::audit::search(&state.app, &user.actor, &filter, None, EXPORT_LIMIT).await;
    if let Err(AppError::Invalid(_)) = result {
        return list(State(state), user, uri, Query(query)).await;
    }
    match result {
        Ok(events) => {
            let tr = &user.ctx.tr;
            let mut csv = CsvWriter::with_dialect(Dialect::for_language(tr.lang()));
            csv.row(
                [
                    "export-audit-seq",
                    "export-audit-occurred-at",
                    "export-audit-user",
                    "export-audit-action",
                    "export-audit-route",
                    "export-audit-records",
                ]
                .map(|key| tr.t(key)),
            );
            for e in events {
                csv.row([
                    e.seq.to_string(),
                    e.occurred_at.canonical(),
                    e.actor_user_id.map(|id| id.to_string()).unwrap_or_default(),
                    e.action,
                    e.route,
                    e.records,
                ]);
            }
            let mut response = csv.finish().into_response();
            let headers = response.headers_mut();
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            );
            headers.insert(
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment; filename=\"stegvis-logg.csv\""),
            );
            response
        }
        Err(error) => failure(&state, &user.ctx, &uri, error),
    }
}

#[cfg(test)]
mod tests {
    use crate::i18n::Catalogues;
    use stegvis_domain::user::Locale;

    /// Quoted `area.action` strings in a source tree: the audited actions.
    fn actions(dir: &std::path::Path, found: &mut std::collections::BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                actions(&path, found);
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for piece in text.split('"').skip(1).step_by(2) {
                let parts: Vec<&str> = piece.split('.').collect();
                let is_action = parts.len() >= 2
                    && parts.iter().all(|p| {
                        !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase() || c == '-')
                    });
                if is_action {
                    found.insert(piece.to_string());
                }
            }
        }
    }

    #[test]
    fn every_audited_action_has_words_in_every_language() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut found = std::collections::BTreeSet::new();
        actions(&root.join("../app/src"), &mut found);
        assert!(found.contains("person.read") && found.len() > 100);
        for locale in Locale::ALL {
            let keys = Catalogues::keys(locale);
            let missing: Vec<&String> = found
                .iter()
                .filter(|a| !keys.contains(&format!("log-action-{}", a.replace('.', "-"))))
                .collect();
            assert!(
                missing.is_empty(),
                "add log-action- messages to locales/{}/daily-use.ftl for {missing:?}",
                locale.code()
            );
        }
    }

    #[test]
    fn an_action_without_words_falls_back_to_its_area_and_then_its_code() {
        let tr = crate::i18n::Tr::new(Catalogues::load().unwrap(), Locale::Sv);
        assert_eq!(
            super::action_words(&tr, "person.read"),
            "Läste personens uppgifter"
        );
        assert_eq!(
            super::action_words(&tr, "person.something-new"),
            "Personuppgifter (person.something-new)"
        );
        assert_eq!(super::action_words(&tr, "brand.new"), "brand.new");
    }
}
