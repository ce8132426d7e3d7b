//! A programme's reports as documents: the steering-group report of a half-year or a year and
//! the final programme report, built as PDF and XLSX in the background and kept until the data
//! behind them changes (decision 0020).
//!
//! This module holds what a document is (its kind and period, its [`Status`]), which documents
//! a programme offers, and the rules of the cache: the [`fingerprint`] a document was built from
//! and which audit actions leave it valid ([`is_read_only_action`]).

use time::Date;

use crate::disclosure::Audience;
use crate::funder_statistics::Period;
use crate::programme::Programme;
use crate::timestamp::Timestamp;

crate::coded_enum! {
    /// What a document reports on.
    pub enum ReportKind {
        /// The steering group's report on one half-year.
        HalfYear => "halvar",
        /// The steering group's report on one calendar year.
        Year => "ar",
        /// The final report on the whole programme.
        Final => "slutrapport",
    }
}

crate::coded_enum! {
    /// Where a document's build stands.
    pub enum Status {
        /// Requested; waits for the one build slot of its server.
        Queued => "queued",
        Building => "building",
        Done => "done",
        /// The build stopped with an error (a bug, never the data); asking again starts anew.
        Failed => "failed",
    }
}

/// Which document: a kind and, except for the final report, its period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocumentKey {
    pub kind: ReportKind,
    /// `None` for [`ReportKind::Final`].
    pub period: Option<Period>,
}

impl DocumentKey {
    /// The final report of the programme.
    #[must_use]
    pub fn final_report() -> Self {
        Self {
            kind: ReportKind::Final,
            period: None,
        }
    }

    /// The name in the download address and the file name: `halvar-2026-1`, `ar-2026`,
    /// `slutrapport`.
    #[must_use]
    pub fn slug(self) -> String {
        match (self.kind, self.period) {
            (ReportKind::HalfYear, Some(p)) => {
                format!("halvar-{}-{}", p.year, p.half.unwrap_or(1))
            }
            (ReportKind::Year, Some(p)) => format!("ar-{}", p.year),
            _ => "slutrapport".to_owned(),
        }
    }

    /// The period as stored: `2026-h1`, `2026` or `programme`.
    #[must_use]
    pub fn period_code(self) -> String {
        match self.period {
            Some(Period {
                year,
                half: Some(half),
            }) => format!("{year}-h{half}"),
            Some(Period { year, half: None }) => year.to_string(),
            None => "programme".to_owned(),
        }
    }

    /// Reads a slug made by [`DocumentKey::slug`]; anything else is `None`.
    #[must_use]
    pub fn parse_slug(slug: &str) -> Option<Self> {
        if slug == "slutrapport" {
            return Some(Self::final_report());
        }
        let parts: Vec<&str> = slug.split('-').collect();
        match parts.as_slice() {
            ["halvar", year, half] => Period::parse(year, half)
                .ok()
                .filter(|p| p.half.is_some())
                .map(|period| Self {
                    kind: ReportKind::HalfYear,
                    period: Some(period),
                }),
            ["ar", year] => Period::parse(year, "").ok().map(|period| Self {
                kind: ReportKind::Year,
                period: Some(period),
            }),
            _ => None,
        }
    }

    /// Reads the stored kind and period codes back.
    #[must_use]
    pub fn from_codes(kind: &str, period: &str) -> Option<Self> {
        let kind: ReportKind = kind.parse().ok()?;
        match kind {
            ReportKind::Final => Some(Self::final_report()),
            ReportKind::Year => Self::parse_slug(&format!("ar-{period}")),
            ReportKind::HalfYear => {
                let (year, half) = period.split_once("-h")?;
                Self::parse_slug(&format!("halvar-{year}-{half}"))
            }
        }
    }

    /// The days the funder statistics count: the period, or for the final report the
    /// programme's own period up to `today`.
    #[must_use]
    pub fn days(self, programme: &Programme, today: Date) -> (Date, Date) {
        match self.period {
            Some(period) => (period.first_day(), period.last_day()),
            None => (programme.starts_on, programme.ends_on.min(today)),
        }
    }

    /// The report date of the effects: the last day of the period, or `today` while the period
    /// (or the programme, for the final report) is still running. Followed-up figures change
    /// with the date, so the date is part of the [`fingerprint`].
    #[must_use]
    pub fn as_of(self, today: Date) -> Date {
        match self.period {
            Some(period) => period.last_day().min(today),
            None => today,
        }
    }
}

/// The documents a programme offers on `today`: the final report first, then every year and
/// half-year that has begun within the programme's period, newest first.
#[must_use]
pub fn offered(programme: &Programme, today: Date) -> Vec<DocumentKey> {
    let mut keys = vec![DocumentKey::final_report()];
    let last = programme.ends_on.min(today);
    let mut year = last.year();
    while year >= programme.starts_on.year() && keys.len() < 40 {
        for half in [2u8, 1] {
            let period = Period {
                year,
                half: Some(half),
            };
            if period.first_day() <= last && period.last_day() >= programme.starts_on {
                keys.push(DocumentKey {
                    kind: ReportKind::HalfYear,
                    period: Some(period),
                });
            }
        }
        keys.push(DocumentKey {
            kind: ReportKind::Year,
            period: Some(Period { year, half: None }),
        });
        year -= 1;
    }
    keys
}

/// The stored code of an audience: documents are built per audience, so a coordinator's
/// document (every figure) is never handed to the steering group.
#[must_use]
pub fn audience_code(audience: Audience) -> &'static str {
    match audience {
        Audience::Coordinator => "coordinator",
        Audience::Steering => "steering",
        Audience::Evaluator => "evaluator",
    }
}

/// Reads an audience code back.
#[must_use]
pub fn parse_audience(code: &str) -> Option<Audience> {
    [
        Audience::Coordinator,
        Audience::Steering,
        Audience::Evaluator,
    ]
    .into_iter()
    .find(|a| audience_code(*a) == code)
}

/// Audit actions that change nothing: reads, lists, exports, logins and refusals. Every other
/// action may have changed the figures, so it ends the validity of every built document.
const READ_ONLY_ACTIONS: [&str; 14] = [
    "access.refused",
    "access.scan",
    "audit.search",
    "idea.plan-export",
    "login.failed",
    "login.locked",
    "login.succeeded",
    "login.throttled",
    "person.export",
    "person.reveal-number",
    "report.download",
    "report.request",
    "scores.export",
    "user.set-locale",
];

/// Endings of read-only actions (`effects.read`, `person.list`, `follow-up.due-list`, …).
pub const READ_ONLY_SUFFIXES: [&str; 4] = [".read", ".list", "-list", ".read-names"];

/// The exact read-only actions, for the storage query.
#[must_use]
pub fn read_only_actions() -> &'static [&'static str] {
    &READ_ONLY_ACTIONS
}

/// Whether an audit action leaves every figure as it was. An action not known here counts as a
/// change: a new kind of write can only make documents rebuild too often, never stay stale.
#[must_use]
pub fn is_read_only_action(action: &str) -> bool {
    READ_ONLY_ACTIONS.contains(&action)
        || READ_ONLY_SUFFIXES
            .iter()
            .any(|suffix| action.ends_with(suffix))
}

/// What a document's figures were computed from: the sequence number of the latest audit
/// event that may have changed data (every write is audited in its own transaction), the
/// report date, and the build of Stegvis (a new version may lay the document out differently).
#[must_use]
pub fn fingerprint(last_change: Option<i64>, as_of: Date, build: &str) -> String {
    format!(
        "{}/{}/{build}",
        last_change.unwrap_or(0),
        crate::timestamp::format_date(as_of)
    )
}

/// A build that has not moved for this long was left by a server that stopped; asking again
/// starts a new one.
pub const STALLED_AFTER_SECONDS: i64 = 15 * 60;

/// A stored document, without its files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportDocument {
    pub id: i64,
    pub programme_id: i64,
    pub key: DocumentKey,
    pub audience: Audience,
    pub fingerprint: String,
    pub status: Status,
    /// 0 to 100.
    pub progress: u8,
    pub pdf_size: Option<i64>,
    pub xlsx_size: Option<i64>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl ReportDocument {
    /// Whether the build is waiting or running and has moved within
    /// [`STALLED_AFTER_SECONDS`].
    #[must_use]
    pub fn in_progress(&self, now: Timestamp) -> bool {
        matches!(self.status, Status::Queued | Status::Building)
            && (now.datetime() - self.updated_at.datetime()).whole_seconds() < STALLED_AFTER_SECONDS
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::programme::ProgrammeFocus;
    use time::macros::date;

    fn programme(from: Date, to: Date) -> Programme {
        Programme {
            id: 1,
            operator_id: 1,
            name: "Sociala företag".into(),
            starts_on: from,
            ends_on: to,
            focus: ProgrammeFocus::Both,
            description: None,
            updated_at: Timestamp::parse("2026-01-01T00:00:00Z").unwrap(),
        }
    }

    #[test]
    fn slugs_and_stored_codes_read_back_as_the_same_document() {
        let keys = offered(
            &programme(date!(2024 - 09 - 01), date!(2026 - 12 - 31)),
            date!(2026 - 03 - 10),
        );
        for key in keys {
            assert_eq!(DocumentKey::parse_slug(&key.slug()), Some(key));
            assert_eq!(
                DocumentKey::from_codes(key.kind.code(), &key.period_code()),
                Some(key)
            );
        }
        assert_eq!(DocumentKey::parse_slug("halvar-2026-3"), None);
        assert_eq!(DocumentKey::parse_slug("ar-2026-1"), None);
        assert_eq!(DocumentKey::parse_slug("../etc"), None);
    }

    #[test]
    fn a_programme_offers_the_final_report_and_every_begun_period_newest_first() {
        let slugs: Vec<String> = offered(
            &programme(date!(2024 - 09 - 01), date!(2026 - 12 - 31)),
            date!(2025 - 03 - 10),
        )
        .into_iter()
        .map(DocumentKey::slug)
        .collect();
        assert_eq!(
            slugs,
            [
                "slutrapport",
                "halvar-2025-1",
                "ar-2025",
                "halvar-2024-2",
                "ar-2024"
            ]
        );
    }

    #[test]
    fn a_running_period_is_reported_as_of_today_and_a_past_one_as_of_its_last_day() {
        let key = DocumentKey::parse_slug("halvar-2026-1").unwrap();
        assert_eq!(key.as_of(date!(2026 - 03 - 10)), date!(2026 - 03 - 10));
        assert_eq!(key.as_of(date!(2026 - 09 - 01)), date!(2026 - 06 - 30));
        assert_eq!(
            DocumentKey::final_report().as_of(date!(2026 - 09 - 01)),
            date!(2026 - 09 - 01)
        );
    }

    #[test]
    fn reads_and_logins_leave_documents_valid_and_any_other_action_does_not() {
        for action in [
            "effects.read",
            "person.list",
            "follow-up.due-list",
            "user.read-names",
            "login.succeeded",
            "report.download",
        ] {
            assert!(is_read_only_action(action), "{action}");
        }
        for action in ["income.set", "episode.exit", "some.new-write"] {
            assert!(!is_read_only_action(action), "{action}");
        }
    }

    #[test]
    fn the_fingerprint_changes_with_the_data_the_date_and_the_build() {
        let base = fingerprint(Some(7), date!(2026 - 03 - 10), "1.0");
        assert_ne!(base, fingerprint(Some(8), date!(2026 - 03 - 10), "1.0"));
        assert_ne!(base, fingerprint(Some(7), date!(2026 - 03 - 11), "1.0"));
        assert_ne!(base, fingerprint(Some(7), date!(2026 - 03 - 10), "1.1"));
    }
}
