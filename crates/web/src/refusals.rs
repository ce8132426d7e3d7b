//! Accountability for refused access: when a logged-in user is refused a record (404 outside
//! their scope, 403 for their role), the audit log records who, which route and which record.
//!
//! A scan must not flood the log: each user's refusals are recorded one by one up to
//! [`RefusalLimiter::LIMIT`] per [`RefusalLimiter::WINDOW`]; the refusal that reaches the limit is
//! recorded as `access.scan`, which the log review shows at the top, and the rest of that
//! window's refusals go to the application log only (with the user id, never the path).

use crate::AppState;
use axum::http::StatusCode;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use stegvis_app::Actor;
use stegvis_domain::access::Principal;
use stegvis_domain::audit::RecordRef;

/// Counts refusals per user in a fixed window, in memory (like the login throttle: with several
/// app servers each counts its own, so a scan spread over servers is flagged on each).
#[derive(Default)]
pub struct RefusalLimiter {
    counts: Mutex<HashMap<i64, (u32, Instant)>>,
}

/// What to do with one refusal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Record,
    /// This refusal reached the limit: record it as a scan.
    Scan,
    /// Over the limit: the application log only.
    Skip,
}

impl RefusalLimiter {
    pub const LIMIT: u32 = 20;
    pub const WINDOW: Duration = Duration::from_secs(10 * 60);

    pub fn count(&self, user_id: i64) -> Verdict {
        let Ok(mut map) = self.counts.lock() else {
            return Verdict::Record;
        };
        if map.len() > 10_000 {
            map.retain(|_, (_, since)| since.elapsed() < Self::WINDOW);
        }
        let entry = map.entry(user_id).or_insert((0, Instant::now()));
        if entry.1.elapsed() >= Self::WINDOW {
            *entry = (0, Instant::now());
        }
        entry.0 = entry.0.saturating_add(1);
        match entry.0 {
            n if n < Self::LIMIT => Verdict::Record,
            n if n == Self::LIMIT => Verdict::Scan,
            _ => Verdict::Skip,
        }
    }
}

/// Whether a response is a refusal worth recording.
pub fn is_refusal(status: StatusCode) -> bool {
    status == StatusCode::NOT_FOUND || status == StatusCode::FORBIDDEN
}

/// The kind of record a path parameter names. The leading `{id}` takes its kind from the
/// collection before it (`/personer/{id}`, `/api/v1/persons/{id}`); other parameters are named
/// after their kind. Parameters that are not record ids (tokens, slugs, file names) give none.
fn kind_of(template: &str, param: &str) -> Option<&'static str> {
    let collection = template
        .trim_start_matches("/api/v1")
        .trim_start_matches('/')
        .split('/')
        .next()
        .unwrap_or("");
    let kind = match param {
        "id" => match collection {
            "personer" | "persons" => "person",
            "program" | "programmes" => "programme",
            "foretag" | "enterprises" => "enterprise",
            "ideer" | "ideas" => "idea",
            "anvandare" | "users" => "user",
            "organisationer" | "organisations" => "organisation",
            "episodes" => "episode",
            "activities" => "activity",
            "consents" => "consent",
            "follow-ups" => "follow_up",
            "goals" => "goal",
            "handbok-redaktion" => "handbook",
            "konto" => "api_token",
            _ => return None,
        },
        "episode" => "episode",
        "goal" => "goal",
        "step" => "step",
        "consent" => "consent",
        "follow_up" => "follow_up",
        "activity" => "activity",
        "membership" => "membership",
        "support" => "support",
        "other" => "person",
        "member" => "person",
        "organisation" => "organisation",
        "line" => "budget_line",
        "target" => "target",
        _ => return None,
    };
    Some(kind)
}

/// The records a refused request named, from its route template and path parameters.
pub fn records_of(template: &str, params: &[(String, String)]) -> Vec<RecordRef> {
    params
        .iter()
        .filter_map(|(name, value)| {
            let id = value.parse::<i64>().ok()?;
            Some(RecordRef::new(kind_of(template, name)?, id))
        })
        .collect()
}

/// Records one refusal, within the user's limit. A failure to write is logged, never shown:
/// the user still gets the refusal they earned.
pub async fn record(
    state: &AppState,
    principal: &Principal,
    route: String,
    records: Vec<RecordRef>,
    status: StatusCode,
) {
    let verdict = state.refusal_limiter.count(principal.user_id);
    tracing::warn!(
        user_id = principal.user_id,
        %route,
        status = status.as_u16(),
        recorded = verdict != Verdict::Skip,
        "access refused"
    );
    if verdict == Verdict::Skip {
        return;
    }
    let actor = Actor::user(principal.clone(), route);
    let scanning = verdict == Verdict::Scan;
    if let Err(error) =
        stegvis_app::audit::record_refusal(&state.app, &actor, &records, scanning).await
    {
        tracing::error!(%error, "recording a refused access failed");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn a_refused_person_read_names_the_person_on_page_and_api_routes() {
        assert_eq!(
            records_of("/personer/{id}", &params(&[("id", "42")])),
            vec![RecordRef::new("person", 42)]
        );
        assert_eq!(
            records_of("/api/v1/persons/{id}/income", &params(&[("id", "7")])),
            vec![RecordRef::new("person", 7)]
        );
        assert_eq!(
            records_of(
                "/personer/{id}/perioder/{episode}/mal",
                &params(&[("id", "7"), ("episode", "9")])
            ),
            vec![RecordRef::new("person", 7), RecordRef::new("episode", 9)]
        );
    }

    #[test]
    fn parameters_that_are_not_record_ids_name_nothing() {
        assert_eq!(
            records_of("/aktivera/{token}", &params(&[("token", "abc")])),
            vec![]
        );
        assert_eq!(
            records_of("/handbok/{org}/kapitel/{slug}", &params(&[("org", "5")])),
            vec![]
        );
        assert_eq!(
            records_of("/personer/{id}", &params(&[("id", "not-a-number")])),
            vec![]
        );
    }

    #[test]
    fn a_user_is_recorded_up_to_the_limit_then_flagged_once_then_skipped() {
        let limiter = RefusalLimiter::default();
        for _ in 1..RefusalLimiter::LIMIT {
            assert_eq!(limiter.count(1), Verdict::Record);
        }
        assert_eq!(limiter.count(1), Verdict::Scan);
        assert_eq!(limiter.count(1), Verdict::Skip);
        assert_eq!(limiter.count(2), Verdict::Record, "other users are apart");
    }
}
