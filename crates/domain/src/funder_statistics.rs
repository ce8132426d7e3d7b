//! The statistics funders ask for: what Uppföljning Finsam collects every half-year
//! (participants during the period, new and ended, by sex) and the usual ESF-style breakdowns.
//!
//! Storage counts the episodes of the period per combination of attributes
//! ([`FunderCount`]); the tables here are sums of those counts, each row split by sex with its
//! total, so a coordinator can copy them straight into the funder's form. Every episode counts
//! (a person in the programme twice is two participations, as Finsam counts them).

use serde::Serialize;
use time::{Date, Month};

use crate::change::{AgeBand, Audience};
use crate::effects::visible_counts;
use crate::episode::{DurationBand, EducationLevel, Occupation};
use crate::person::PersonSex;
use crate::validation::{FieldError, ValidationErrors};

/// The earliest year a report may cover.
pub const FIRST_YEAR: i32 = 2000;
/// The latest year a report may cover.
pub const LAST_YEAR: i32 = 2100;

/// A reporting period: a calendar year or one of its halves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Period {
    pub year: i32,
    /// 1 (January–June) or 2 (July–December); `None` for the whole year.
    pub half: Option<u8>,
}

impl Period {
    /// Reads a year and an optional half (blank for the whole year).
    ///
    /// # Errors
    ///
    /// `funder-error-year` on `year` and `funder-error-half` on `half`.
    pub fn parse(year: &str, half: &str) -> Result<Period, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let year = errors.check(
            year.trim()
                .parse::<i32>()
                .ok()
                .filter(|y| (FIRST_YEAR..=LAST_YEAR).contains(y))
                .ok_or_else(|| {
                    FieldError::new("year", "funder-error-year")
                        .with_arg("first", FIRST_YEAR)
                        .with_arg("last", LAST_YEAR)
                }),
        );
        let half = errors.check(match half.trim() {
            "" => Ok(None),
            "1" => Ok(Some(1)),
            "2" => Ok(Some(2)),
            _ => Err(FieldError::new("half", "funder-error-half")),
        });
        match (year, half) {
            (Some(year), Some(half)) if errors.is_empty() => Ok(Period { year, half }),
            _ => Err(errors),
        }
    }

    /// The first day of the period.
    #[must_use]
    pub fn first_day(self) -> Date {
        let month = if self.half == Some(2) {
            Month::July
        } else {
            Month::January
        };
        Date::from_calendar_date(self.year, month, 1).unwrap_or(Date::MIN)
    }

    /// The last day of the period.
    #[must_use]
    pub fn last_day(self) -> Date {
        let (month, day) = if self.half == Some(1) {
            (Month::June, 30)
        } else {
            (Month::December, 31)
        };
        Date::from_calendar_date(self.year, month, day).unwrap_or(Date::MAX)
    }
}

/// Episodes of the period that share every attribute below: a row of storage's count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunderCount {
    pub sex: PersonSex,
    /// At the start of the period.
    pub age_band: AgeBand,
    /// Intake within the period.
    pub new: bool,
    /// Exit within the period.
    pub ended: bool,
    pub time_outside: Option<DurationBand>,
    pub education: Option<EducationLevel>,
    pub occupation_start: Option<Occupation>,
    pub occupation_exit: Option<Occupation>,
    pub referring_organisation_id: Option<i64>,
    pub count: u64,
}

/// The sexes a table splits by, in column order.
pub const SEXES: [PersonSex; 3] = [PersonSex::Female, PersonSex::Male, PersonSex::Unknown];

/// One row of a table: a label code and the count per sex ([`SEXES`] order) with the total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    /// A stable code (`participants`, an age band, an occupation, a partner id, `none`).
    pub label: String,
    /// `None` when hidden from the audience.
    pub by_sex: Vec<Option<u64>>,
    pub total: Option<u64>,
}

/// One table of the funder statistics.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Table {
    /// `finsam`, `age-band`, `time-outside`, `education`, `situation-start`,
    /// `situation-exit`, `situation-follow-up` or `partner`.
    pub key: &'static str,
    pub rows: Vec<Row>,
}

fn row(label: String, counts: &[&FunderCount], audience: Audience) -> Row {
    let by_sex: Vec<u64> = SEXES
        .iter()
        .map(|sex| {
            counts
                .iter()
                .filter(|c| c.sex == *sex)
                .map(|c| c.count)
                .sum()
        })
        .collect();
    let total: u64 = by_sex.iter().sum();
    let hidden = audience.is_aggregate() && total > 0 && total < crate::disclosure::THRESHOLD;
    Row {
        label,
        by_sex: if hidden {
            vec![None; SEXES.len()]
        } else {
            visible_counts(&by_sex, audience)
        },
        total: (!hidden).then_some(total),
    }
}

/// One row per distinct value of `key`, in the order of `values`, skipping values nobody has.
fn breakdown<K: PartialEq + Copy>(
    table: &'static str,
    counts: &[FunderCount],
    values: &[K],
    key: impl Fn(&FunderCount) -> K,
    label: impl Fn(K) -> String,
    audience: Audience,
) -> Table {
    Table {
        key: table,
        rows: values
            .iter()
            .filter_map(|value| {
                let members: Vec<&FunderCount> =
                    counts.iter().filter(|c| key(c) == *value).collect();
                (!members.is_empty()).then(|| row(label(*value), &members, audience))
            })
            .collect(),
    }
}

fn code_or_none<T>(value: Option<T>, code: impl Fn(T) -> &'static str) -> String {
    value.map_or_else(|| "none".to_string(), |v| code(v).to_string())
}

/// Every table of the funder statistics for a period's counts and its follow-ups (occupation
/// and number of follow-ups done in the period).
#[must_use]
pub fn tables(
    counts: &[FunderCount],
    follow_ups: &[(Occupation, u64)],
    audience: Audience,
) -> Vec<Table> {
    let all: Vec<&FunderCount> = counts.iter().collect();
    let new: Vec<&FunderCount> = counts.iter().filter(|c| c.new).collect();
    let ended: Vec<&FunderCount> = counts.iter().filter(|c| c.ended).collect();
    let finsam = Table {
        key: "finsam",
        rows: vec![
            row("participants".into(), &all, audience),
            row("new".into(), &new, audience),
            row("ended".into(), &ended, audience),
        ],
    };
    let mut partners: Vec<Option<i64>> =
        counts.iter().map(|c| c.referring_organisation_id).collect();
    partners.sort_unstable();
    partners.dedup();
    let occupations: Vec<Option<Occupation>> = std::iter::once(None)
        .chain(Occupation::ALL.iter().copied().map(Some))
        .collect();
    let follow_up_counts: Vec<u64> = Occupation::ALL
        .iter()
        .map(|o| {
            follow_ups
                .iter()
                .filter(|(occupation, _)| occupation == o)
                .map(|(_, n)| n)
                .sum()
        })
        .collect();
    let follow_up_cells = visible_counts(&follow_up_counts, audience);
    let follow_up = Table {
        key: "situation-follow-up",
        rows: Occupation::ALL
            .iter()
            .zip(follow_up_counts.iter().zip(follow_up_cells))
            .filter(|(_, (n, _))| **n > 0)
            .map(|(o, (_, cell))| Row {
                label: o.code().to_string(),
                by_sex: Vec::new(),
                total: cell,
            })
            .collect(),
    };
    vec![
        finsam,
        breakdown(
            "age-band",
            counts,
            AgeBand::ALL,
            |c| c.age_band,
            |b| b.code().to_string(),
            audience,
        ),
        breakdown(
            "time-outside",
            counts,
            &std::iter::once(None)
                .chain(DurationBand::ALL.iter().copied().map(Some))
                .collect::<Vec<_>>(),
            |c| c.time_outside,
            |v| code_or_none(v, DurationBand::code),
            audience,
        ),
        breakdown(
            "education",
            counts,
            &std::iter::once(None)
                .chain(EducationLevel::ALL.iter().copied().map(Some))
                .collect::<Vec<_>>(),
            |c| c.education,
            |v| code_or_none(v, EducationLevel::code),
            audience,
        ),
        breakdown(
            "situation-start",
            counts,
            &occupations,
            |c| c.occupation_start,
            |v| code_or_none(v, Occupation::code),
            audience,
        ),
        breakdown(
            "situation-exit",
            &counts
                .iter()
                .filter(|c| c.ended)
                .cloned()
                .collect::<Vec<_>>(),
            &occupations,
            |c| c.occupation_exit,
            |v| code_or_none(v, Occupation::code),
            audience,
        ),
        follow_up,
        breakdown(
            "partner",
            counts,
            &partners,
            |c| c.referring_organisation_id,
            |v| v.map_or_else(|| "none".to_string(), |id| id.to_string()),
            audience,
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn count(sex: PersonSex, new: bool, ended: bool, partner: Option<i64>, n: u64) -> FunderCount {
        FunderCount {
            sex,
            age_band: AgeBand::From25To34,
            new,
            ended,
            time_outside: Some(DurationBand::OneToTwoYears),
            education: None,
            occupation_start: Some(Occupation::JobSeeking),
            occupation_exit: ended.then_some(Occupation::Work),
            referring_organisation_id: partner,
            count: n,
        }
    }

    #[test]
    fn a_period_is_a_year_or_one_of_its_halves() {
        let first = Period::parse("2025", "1").unwrap();
        assert_eq!(first.first_day(), date!(2025 - 01 - 01));
        assert_eq!(first.last_day(), date!(2025 - 06 - 30));
        let second = Period::parse(" 2025 ", "2").unwrap();
        assert_eq!(second.first_day(), date!(2025 - 07 - 01));
        assert_eq!(second.last_day(), date!(2025 - 12 - 31));
        let year = Period::parse("2025", "").unwrap();
        assert_eq!(
            (year.first_day(), year.last_day()),
            (date!(2025 - 01 - 01), date!(2025 - 12 - 31))
        );
    }

    #[test]
    fn a_bad_year_or_half_names_its_field() {
        let errors = Period::parse("tjugo", "3").unwrap_err();
        let keys: Vec<(&str, &str)> = errors.iter().map(|e| (e.field, e.key)).collect();
        assert_eq!(
            keys,
            vec![("year", "funder-error-year"), ("half", "funder-error-half")]
        );
        assert!(Period::parse("1999", "").is_err());
    }

    #[test]
    fn finsam_counts_participants_new_and_ended_by_sex() {
        let counts = [
            count(PersonSex::Female, true, false, Some(7), 4),
            count(PersonSex::Female, false, true, None, 3),
            count(PersonSex::Male, true, true, Some(7), 2),
            count(PersonSex::Male, false, false, None, 5),
        ];
        let tables = tables(&counts, &[(Occupation::Work, 6)], Audience::Coordinator);
        assert_eq!(tables[0].key, "finsam");
        type Row<'a> = (&'a str, Vec<Option<u64>>, Option<u64>);
        let rows: Vec<Row> = tables[0]
            .rows
            .iter()
            .map(|r| (r.label.as_str(), r.by_sex.clone(), r.total))
            .collect();
        assert_eq!(
            rows,
            vec![
                ("participants", vec![Some(7), Some(7), Some(0)], Some(14)),
                ("new", vec![Some(4), Some(2), Some(0)], Some(6)),
                ("ended", vec![Some(3), Some(2), Some(0)], Some(5)),
            ]
        );
        let exit = tables.iter().find(|t| t.key == "situation-exit").unwrap();
        assert_eq!(exit.rows.len(), 1);
        assert_eq!(exit.rows[0].label, "arbete");
        assert_eq!(exit.rows[0].total, Some(5));
        let partner = tables.iter().find(|t| t.key == "partner").unwrap();
        let labels: Vec<&str> = partner.rows.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(labels, vec!["none", "7"]);
        let follow_up = tables
            .iter()
            .find(|t| t.key == "situation-follow-up")
            .unwrap();
        assert_eq!(follow_up.rows[0].total, Some(6));
    }

    #[test]
    fn the_steering_group_sees_no_row_below_five_and_no_small_cell() {
        let counts = [
            count(PersonSex::Female, true, false, None, 4),
            count(PersonSex::Male, true, false, None, 2),
            count(PersonSex::Male, false, true, None, 3),
        ];
        let tables = tables(&counts, &[], Audience::Steering);
        let finsam = &tables[0].rows;
        // 9 participants: 4 women and 5 men; the 4 is hidden, and so is its complement.
        assert_eq!(finsam[0].total, Some(9));
        assert_eq!(finsam[0].by_sex, vec![None, None, Some(0)]);
        // 6 new, 4 women and 2 men: both hidden.
        assert_eq!(finsam[1].by_sex, vec![None, None, Some(0)]);
        // 3 ended: the whole row is hidden.
        assert_eq!(finsam[2].total, None);
    }
}
