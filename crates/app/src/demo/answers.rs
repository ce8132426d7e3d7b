//! The demo programme's questionnaire schedule and its participants' answers.
//!
//! Answers are made up by rule, not at random, so every demo looks the same: each person has a
//! level per instrument at intake and a direction of change (most improve, some stay the same,
//! a few get worse), and each item's answer is that level on the item's scale with a small,
//! fixed wobble. Staff "enter" them as paper forms and interviews through the same use case the
//! pages use, so consent rules and scoring apply exactly as in real use.

use std::collections::BTreeMap;

use time::{Date, Duration};

use crate::questionnaires::{self as uc, AnswerInput};
use crate::{Actor, App, AppError, Result};
use stegvis_domain::instrument::Instrument;
use stegvis_domain::questionnaire::{Occasion, ScheduleRowInput};
use stegvis_storage::instruments;

/// The schedule: instrument, at start, every N months while taking part, at exit, at follow-up.
const SCHEDULE: [(&str, bool, Option<u32>, bool, bool); 6] = [
    ("srh", true, None, true, true),
    ("who5", true, Some(3), true, true),
    ("knowledge-self", true, None, true, false),
    ("knowledge-quiz", true, None, true, false),
    ("experience", false, None, true, false),
    ("work-ability", true, Some(3), true, false),
];

/// One participant as the answers need them.
pub(super) struct Respondent {
    pub index: usize,
    pub episode_id: i64,
    pub intake: Date,
    /// Exit date, for those who left (not registered in error).
    pub exit: Option<Date>,
    /// Follow-up occasions already due long enough to have been answered: months after exit
    /// and the date.
    pub follow_ups: Vec<(u8, Date)>,
}

pub(super) async fn schedule(app: &App, actor: &Actor, programme: i64) -> Result<()> {
    let rows: Vec<ScheduleRowInput> = SCHEDULE
        .iter()
        .map(|(key, baseline, every, exit, follow_up)| ScheduleRowInput {
            instrument: (*key).to_string(),
            baseline: *baseline,
            ongoing: every.is_some(),
            every_months: every.map(|m| m.to_string()).unwrap_or_default(),
            exit: *exit,
            follow_up: *follow_up,
        })
        .collect();
    uc::set_schedule(app, actor, programme, &rows).await
}

/// Enters the answers of everyone given, at start, exit and the follow-ups already due.
pub(super) async fn load(app: &App, actor: &Actor, respondents: &[Respondent]) -> Result<()> {
    let mut definitions = Vec::new();
    for (key, ..) in SCHEDULE {
        let mut tx = app.begin().await?;
        let stored = instruments::latest(&mut tx, key)
            .await?
            .ok_or_else(|| AppError::Internal(format!("instrument {key} is not imported")))?;
        tx.commit().await?;
        let instrument = Instrument::parse(&stored.definition)
            .map_err(|e| AppError::Internal(format!("instrument {key}: {e:?}")))?;
        definitions.push(instrument);
    }
    for r in respondents {
        for (s, (key, baseline, _, exit, follow_up)) in SCHEDULE.iter().enumerate() {
            let Some(instrument) = definitions.get(s) else {
                continue;
            };
            let start = start_level(r.index, s);
            let end = end_level(r.index, s, start);
            if *baseline {
                let on = r.intake + Duration::days(2);
                answer(
                    app,
                    actor,
                    r,
                    Asked {
                        instrument,
                        key,
                        occasion: Occasion::BASELINE,
                        on,
                        level: start,
                    },
                )
                .await?;
            }
            let Some(exit_on) = r.exit else {
                continue;
            };
            if *exit {
                answer(
                    app,
                    actor,
                    r,
                    Asked {
                        instrument,
                        key,
                        occasion: Occasion::EXIT,
                        on: exit_on,
                        level: end,
                    },
                )
                .await?;
            }
            if *follow_up {
                for (months, on) in &r.follow_ups {
                    let level = (end + 0.03 * f64::from(*months % 2) - 0.02).clamp(0.0, 1.0);
                    let occasion = Occasion::follow_up(u32::from(*months));
                    answer(
                        app,
                        actor,
                        r,
                        Asked {
                            instrument,
                            key,
                            occasion,
                            on: *on,
                            level,
                        },
                    )
                    .await?;
                }
            }
        }
    }
    Ok(())
}

/// Where on the scale (0 = lowest, 1 = highest) a person starts on an instrument.
fn start_level(index: usize, instrument: usize) -> f64 {
    0.2 + 0.05 * ((index * 7 + instrument * 3) % 7) as f64
}

/// Where they end: two in three clearly better, one in five about the same, the rest worse.
fn end_level(index: usize, instrument: usize, start: f64) -> f64 {
    let change = match (index + instrument) % 15 {
        0..=9 => 0.2 + 0.04 * ((index % 4) as f64),
        10..=12 => 0.0,
        _ => -0.12,
    };
    (start + change).clamp(0.0, 1.0)
}

/// One questionnaire to fill in for a respondent.
struct Asked<'a> {
    instrument: &'a Instrument,
    key: &'a str,
    occasion: Occasion,
    on: Date,
    level: f64,
}

async fn answer(app: &App, actor: &Actor, r: &Respondent, asked: Asked<'_>) -> Result<()> {
    let Asked {
        instrument,
        key,
        occasion,
        on,
        level,
    } = asked;
    let answers: BTreeMap<String, String> = instrument
        .items()
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let wobble = ((r.index + i * 5) % 3) as f64 * 0.1 - 0.1;
            let value = match item.correct {
                Some(right) => {
                    let knows = ((r.index * 13 + i * 29) % 100) as f64 / 100.0 < level + 0.15;
                    if knows {
                        right
                    } else {
                        item.scale
                            .values
                            .iter()
                            .map(|v| v.value)
                            .find(|v| *v != right)
                            .unwrap_or(right)
                    }
                }
                None => {
                    let target = (level + wobble).clamp(0.0, 1.0);
                    let steps = (item.scale.max - item.scale.min) as f64;
                    let ideal = item.scale.min as f64 + (target * steps).round();
                    let wanted = if item.reverse {
                        (item.scale.min + item.scale.max) as f64 - ideal
                    } else {
                        ideal
                    };
                    item.scale
                        .values
                        .iter()
                        .map(|v| v.value)
                        .min_by_key(|v| ((*v as f64 - wanted).abs() * 100.0) as i64)
                        .unwrap_or(item.scale.min)
                }
            };
            (item.key.clone(), value.to_string())
        })
        .collect();
    uc::save(
        app,
        actor,
        r.episode_id,
        key,
        occasion,
        &AnswerInput {
            answers,
            complete: true,
            merge: false,
            mode: if r.index % 3 == 0 {
                "interview"
            } else {
                "paper"
            }
            .into(),
            answered_on: on.to_string(),
            language: "sv".into(),
        },
    )
    .await?;
    Ok(())
}
