//! Questionnaires ("instruments") as data: their definitions, validation and scoring.
//!
//! An instrument is a versioned JSON definition (format in `instruments/README.md`), not code, so
//! an operator can load a licensed or official instrument (EQ-5D, the NNS Finsam indicators)
//! without a new build. The definitions shipped with Stegvis are embedded here as text and go
//! through the same parser and validator as an uploaded file, so a shipped file can never be
//! held to a lower standard than an operator's.
//!
//! Validation reports every problem at once, each naming the item and field it belongs to, with
//! a Fluent message key and arguments, because the person who reads the errors is an operator
//! fixing a file in the UI, not a developer.

use crate::timestamp::Timestamp;
use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::handbook::TOPIC_KEYS;

/// The definitions that ship with Stegvis, as `(key, JSON text)`, in the order they are listed.
pub const SHIPPED: [(&str, &str); 6] = [
    ("srh", include_str!("../../../instruments/srh.json")),
    ("who5", include_str!("../../../instruments/who5.json")),
    (
        "knowledge-self",
        include_str!("../../../instruments/knowledge-self.json"),
    ),
    (
        "knowledge-quiz",
        include_str!("../../../instruments/knowledge-quiz.json"),
    ),
    (
        "experience",
        include_str!("../../../instruments/experience.json"),
    ),
    (
        "work-ability",
        include_str!("../../../instruments/work-ability.json"),
    ),
];

/// The language every definition must have: participants are asked in Swedish unless they
/// choose otherwise, so a definition without Swedish text could not be used at all.
pub const REQUIRED_LANGUAGE: &str = "sv";

/// Longest key (instrument, item, scale, cutoff, language) accepted; keys end up in URLs,
/// exports and message ids.
pub const KEY_MAX: usize = 40;

/// Longest participant-facing text accepted in one language.
pub const TEXT_MAX: usize = 2_000;

/// Tolerance when comparing computed and declared score bounds, which may be fractions.
const EPSILON: f64 = 1e-9;

/// One problem in a definition, located precisely enough for an operator to find and fix it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InstrumentError {
    /// Where the problem is, as a path of JSON property names and item keys, e.g.
    /// `items.cheerful.text.sv-easy`; empty for the file as a whole.
    pub path: String,
    /// The Fluent message id that explains the problem.
    pub key: &'static str,
    /// Arguments for the message, e.g. the item and language.
    pub args: Vec<(&'static str, String)>,
}

impl InstrumentError {
    pub fn new(path: impl Into<String>, key: &'static str) -> Self {
        Self {
            path: path.into(),
            key,
            args: Vec::new(),
        }
    }

    pub fn with_arg(mut self, name: &'static str, value: impl ToString) -> Self {
        self.args.push((name, value.to_string()));
        self
    }
}

impl std::fmt::Display for InstrumentError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.key)?;
        for (name, value) in &self.args {
            write!(f, " {name}={value}")?;
        }
        Ok(())
    }
}

/// The writing direction of a language, so a form can be laid out right to left for Arabic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Ltr,
    Rtl,
}

/// A language a definition is written in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Language {
    pub code: String,
    pub direction: Direction,
}

/// One text in every declared language, keyed by language code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Texts(BTreeMap<String, String>);

impl Texts {
    /// The text in a language, if the definition has that language.
    pub fn get(&self, language: &str) -> Option<&str> {
        self.0.get(language).map(String::as_str)
    }
}

/// One answer option: the stored value and its label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScaleValue {
    pub value: i64,
    pub label: Texts,
}

/// The answer options of an item, lowest value first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Scale {
    /// The shared scale's key, or `None` for options written on the item itself (quiz questions).
    pub key: Option<String>,
    pub min: i64,
    pub max: i64,
    pub values: Vec<ScaleValue>,
}

impl Scale {
    fn contains(&self, value: i64) -> bool {
        self.values.iter().any(|v| v.value == value)
    }
}

/// One question or statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    pub key: String,
    pub text: Texts,
    /// The handbook topic the item measures (one of [`TOPIC_KEYS`]).
    pub topic: Option<String>,
    /// Whether a high answer means a low score; the scored value is `min + max - answer`.
    pub reverse: bool,
    pub scale: Scale,
    /// The right option, for `percent-correct` scoring.
    pub correct: Option<i64>,
}

impl Item {
    fn scored_value(&self, answer: i64) -> i64 {
        if self.reverse {
            self.scale.min + self.scale.max - answer
        } else {
            answer
        }
    }
}

/// How answers become a score.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Scoring {
    /// The sum of the item values.
    Sum,
    /// The sum, and that sum times a factor as the reported score (WHO-5: ×4 gives 0–100).
    SumScaled { factor: f64 },
    /// The mean of the answered items.
    Mean,
    /// The number of right answers, and the percentage of all items as the reported score; an
    /// unanswered question counts as not right.
    PercentCorrect,
    /// The value of the only item.
    Single,
}

/// Where a cutoff's band ends.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Threshold {
    /// The band holds scores strictly below the value.
    Below(f64),
    /// The band holds scores at or below the value.
    AtMost(f64),
}

impl Threshold {
    fn value(self) -> f64 {
        match self {
            Threshold::Below(v) | Threshold::AtMost(v) => v,
        }
    }

    fn holds(self, score: f64) -> bool {
        match self {
            Threshold::Below(v) => score < v,
            Threshold::AtMost(v) => score <= v + EPSILON,
        }
    }
}

/// A labelled band of low scores, e.g. WHO-5 "likely depression" at 28 or below.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cutoff {
    pub key: String,
    pub threshold: Threshold,
    pub label: Texts,
}

/// A validated instrument definition.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Instrument {
    key: String,
    version: u32,
    title: Texts,
    instructions: Option<Texts>,
    source: String,
    licence: String,
    languages: Vec<Language>,
    items: Vec<Item>,
    scoring: Scoring,
    max_missing: usize,
    range_min: f64,
    range_max: f64,
    higher_is_better: bool,
    min_meaningful_change: Option<f64>,
    cutoffs: Vec<Cutoff>,
}

/// The result of scoring one set of answers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Score {
    /// The score before scaling: a sum, a mean, a number of right answers or a single value.
    pub raw: f64,
    /// The reported score when the instrument scales its raw score (WHO-5 0–100, quiz percent).
    pub scaled: Option<f64>,
    /// The key of the first cutoff band the reported score falls in, if any.
    pub cutoff: Option<String>,
}

impl Score {
    /// The score statistics and cutoffs use: the scaled score where there is one, else the raw.
    pub fn value(&self) -> f64 {
        self.scaled.unwrap_or(self.raw)
    }
}

/// Why a set of answers cannot be scored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScoreError {
    #[error("the instrument has no item '{0}'")]
    UnknownItem(String),
    #[error("item '{0}' is answered more than once")]
    DuplicateAnswer(String),
    #[error("{value} is not an option of item '{item}'")]
    NotAnOption { item: String, value: i64 },
    #[error("{missing} items are unanswered, at most {allowed} may be")]
    TooManyMissing { missing: usize, allowed: usize },
}

impl ScoreError {
    pub fn message_key(&self) -> &'static str {
        match self {
            ScoreError::UnknownItem(_) => "error-score-unknown-item",
            ScoreError::DuplicateAnswer(_) => "error-score-duplicate-answer",
            ScoreError::NotAnOption { .. } => "error-score-not-an-option",
            ScoreError::TooManyMissing { .. } => "error-score-too-many-missing",
        }
    }
}

impl Instrument {
    /// Parses and validates a JSON definition, reporting every problem found.
    pub fn parse(text: &str) -> Result<Instrument, Vec<InstrumentError>> {
        let raw: RawInstrument = serde_json::from_str(text).map_err(|error| {
            vec![
                InstrumentError::new("", "error-instrument-json")
                    .with_arg("line", error.line())
                    .with_arg("column", error.column())
                    .with_arg("detail", error),
            ]
        })?;
        let mut errors = Vec::new();
        let instrument = validate(raw, &mut errors);
        if errors.is_empty() {
            Ok(instrument)
        } else {
            Err(errors)
        }
    }

    pub fn key(&self) -> &str {
        &self.key
    }

    pub fn version(&self) -> u32 {
        self.version
    }

    pub fn title(&self) -> &Texts {
        &self.title
    }

    /// The text shown before the first item, e.g. WHO-5's "Over the last two weeks".
    pub fn instructions(&self) -> Option<&Texts> {
        self.instructions.as_ref()
    }

    pub fn source(&self) -> &str {
        &self.source
    }

    pub fn licence(&self) -> &str {
        &self.licence
    }

    pub fn languages(&self) -> &[Language] {
        &self.languages
    }

    pub fn items(&self) -> &[Item] {
        &self.items
    }

    pub fn scoring(&self) -> Scoring {
        self.scoring
    }

    /// How many items may be left unanswered and the answers still scored.
    pub fn max_missing(&self) -> usize {
        self.max_missing
    }

    /// The lowest and highest possible reported score.
    pub fn range(&self) -> (f64, f64) {
        (self.range_min, self.range_max)
    }

    pub fn higher_is_better(&self) -> bool {
        self.higher_is_better
    }

    /// The smallest change in the reported score that counts as a real change for one person.
    pub fn min_meaningful_change(&self) -> Option<f64> {
        self.min_meaningful_change
    }

    pub fn cutoffs(&self) -> &[Cutoff] {
        &self.cutoffs
    }

    /// Scores one person's answers. An item not in `answers` counts as unanswered, like `None`.
    ///
    /// With missing answers allowed, a sum is prorated (the mean of the answered items times the
    /// number of items) so that a skipped question does not read as a low score.
    pub fn score(&self, answers: &[(&str, Option<i64>)]) -> Result<Score, ScoreError> {
        let mut given: BTreeMap<&str, Option<i64>> = BTreeMap::new();
        for (key, answer) in answers {
            let item = self
                .items
                .iter()
                .find(|item| item.key == *key)
                .ok_or_else(|| ScoreError::UnknownItem((*key).to_string()))?;
            if let Some(value) = answer {
                if !item.scale.contains(*value) {
                    return Err(ScoreError::NotAnOption {
                        item: item.key.clone(),
                        value: *value,
                    });
                }
            }
            if given.insert(item.key.as_str(), *answer).is_some() {
                return Err(ScoreError::DuplicateAnswer(item.key.clone()));
            }
        }
        let answered: Vec<(&Item, i64)> = self
            .items
            .iter()
            .filter_map(|item| {
                let answer = given.get(item.key.as_str()).copied().flatten()?;
                Some((item, answer))
            })
            .collect();
        let missing = self.items.len() - answered.len();
        if missing > self.max_missing || answered.is_empty() {
            return Err(ScoreError::TooManyMissing {
                missing,
                allowed: self.max_missing,
            });
        }
        let item_count = self.items.len() as f64;
        let total: i64 = answered
            .iter()
            .map(|(item, answer)| item.scored_value(*answer))
            .sum();
        let mean = total as f64 / answered.len() as f64;
        let (raw, scaled) = match self.scoring {
            Scoring::Sum => (mean * item_count, None),
            Scoring::SumScaled { factor } => (mean * item_count, Some(mean * item_count * factor)),
            Scoring::Mean | Scoring::Single => (mean, None),
            Scoring::PercentCorrect => {
                let right = answered
                    .iter()
                    .filter(|(item, answer)| item.correct == Some(*answer))
                    .count() as f64;
                (right, Some(100.0 * right / item_count))
            }
        };
        let value = scaled.unwrap_or(raw);
        let cutoff = self
            .cutoffs
            .iter()
            .find(|cutoff| cutoff.threshold.holds(value))
            .map(|cutoff| cutoff.key.clone());
        Ok(Score {
            raw,
            scaled,
            cutoff,
        })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInstrument {
    key: String,
    version: i64,
    title: BTreeMap<String, String>,
    #[serde(default)]
    instructions: Option<BTreeMap<String, String>>,
    source: String,
    licence: String,
    languages: Vec<RawLanguage>,
    #[serde(default)]
    scales: Vec<RawScale>,
    items: Vec<RawItem>,
    scoring: RawScoring,
    max_missing: usize,
    range: RawRange,
    higher_is_better: bool,
    #[serde(default)]
    min_meaningful_change: Option<f64>,
    #[serde(default)]
    cutoffs: Vec<RawCutoff>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    code: String,
    direction: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScale {
    key: String,
    min: i64,
    max: i64,
    values: Vec<RawValue>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawValue {
    value: i64,
    label: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    key: String,
    text: BTreeMap<String, String>,
    #[serde(default)]
    topic: Option<String>,
    #[serde(default)]
    reverse: bool,
    #[serde(default)]
    scale: Option<String>,
    #[serde(default)]
    options: Option<Vec<RawValue>>,
    #[serde(default)]
    correct: Option<i64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScoring {
    kind: String,
    #[serde(default)]
    factor: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRange {
    min: f64,
    max: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCutoff {
    key: String,
    #[serde(default)]
    below: Option<f64>,
    #[serde(default)]
    at_most: Option<f64>,
    label: BTreeMap<String, String>,
}

/// Builds the instrument from the raw file, pushing every problem found. The result is only
/// used when no problem was pushed.
fn validate(raw: RawInstrument, errors: &mut Vec<InstrumentError>) -> Instrument {
    check_key("key", &raw.key, errors);
    let version = match u32::try_from(raw.version) {
        Ok(version) if version >= 1 => version,
        _ => {
            errors.push(InstrumentError::new("version", "error-instrument-version"));
            1
        }
    };
    let languages = validate_languages(&raw.languages, errors);
    let title = check_texts("title", &raw.title, &languages, errors);
    let instructions = raw
        .instructions
        .as_ref()
        .map(|texts| check_texts("instructions", texts, &languages, errors));
    check_required("source", &raw.source, errors);
    check_required("licence", &raw.licence, errors);

    let scales = validate_scales(&raw.scales, &languages, errors);
    let items = validate_items(&raw.items, &scales, &languages, errors);
    let scoring = validate_scoring(&raw.scoring, errors);
    check_scoring_fits_items(scoring, &items, errors);

    if raw.max_missing >= items.len().max(1) || (scoring == Scoring::Single && raw.max_missing > 0)
    {
        errors.push(
            InstrumentError::new("max_missing", "error-instrument-max-missing")
                .with_arg("items", items.len()),
        );
    }

    if let Some((min, max)) = possible_range(scoring, &items) {
        if (raw.range.min - min).abs() > EPSILON || (raw.range.max - max).abs() > EPSILON {
            errors.push(
                InstrumentError::new("range", "error-instrument-range-mismatch")
                    .with_arg("min", min)
                    .with_arg("max", max),
            );
        }
    }

    if let Some(change) = raw.min_meaningful_change {
        if !(change > 0.0 && change <= raw.range.max - raw.range.min) {
            errors.push(InstrumentError::new(
                "min_meaningful_change",
                "error-instrument-meaningful-change",
            ));
        }
    }

    let cutoffs = validate_cutoffs(&raw.cutoffs, &raw.range, &languages, errors);

    Instrument {
        key: raw.key,
        version,
        title,
        instructions,
        source: raw.source.trim().to_string(),
        licence: raw.licence.trim().to_string(),
        languages,
        items,
        scoring,
        max_missing: raw.max_missing,
        range_min: raw.range.min,
        range_max: raw.range.max,
        higher_is_better: raw.higher_is_better,
        min_meaningful_change: raw.min_meaningful_change,
        cutoffs,
    }
}

fn check_key(path: &str, key: &str, errors: &mut Vec<InstrumentError>) {
    let well_formed = !key.is_empty()
        && key.len() <= KEY_MAX
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !key.starts_with('-')
        && !key.ends_with('-');
    if !well_formed {
        errors.push(
            InstrumentError::new(path, "error-instrument-key-format")
                .with_arg("key", key)
                .with_arg("max", KEY_MAX),
        );
    }
}

fn check_required(path: &str, text: &str, errors: &mut Vec<InstrumentError>) {
    if text.trim().is_empty() {
        errors.push(InstrumentError::new(path, "error-required"));
    }
}

fn validate_languages(raw: &[RawLanguage], errors: &mut Vec<InstrumentError>) -> Vec<Language> {
    let mut languages: Vec<Language> = Vec::new();
    for language in raw {
        let path = format!("languages.{}", language.code);
        check_key(&path, &language.code, errors);
        if languages.iter().any(|l| l.code == language.code) {
            errors.push(
                InstrumentError::new(&path, "error-instrument-duplicate-language")
                    .with_arg("language", &language.code),
            );
            continue;
        }
        let direction = match language.direction.as_str() {
            "ltr" => Direction::Ltr,
            "rtl" => Direction::Rtl,
            other => {
                errors.push(
                    InstrumentError::new(
                        format!("{path}.direction"),
                        "error-instrument-unknown-direction",
                    )
                    .with_arg("direction", other),
                );
                Direction::Ltr
            }
        };
        languages.push(Language {
            code: language.code.clone(),
            direction,
        });
    }
    if !languages.iter().any(|l| l.code == REQUIRED_LANGUAGE) {
        errors.push(
            InstrumentError::new("languages", "error-instrument-language-required")
                .with_arg("language", REQUIRED_LANGUAGE),
        );
    }
    languages
}

/// Checks that a text exists in every declared language and in no other.
fn check_texts(
    path: &str,
    raw: &BTreeMap<String, String>,
    languages: &[Language],
    errors: &mut Vec<InstrumentError>,
) -> Texts {
    for language in languages {
        match raw.get(&language.code).map(|t| t.trim()) {
            None | Some("") => errors.push(
                InstrumentError::new(
                    format!("{path}.{}", language.code),
                    "error-instrument-text-missing",
                )
                .with_arg("language", &language.code),
            ),
            Some(text) if text.chars().count() > TEXT_MAX => errors.push(
                InstrumentError::new(
                    format!("{path}.{}", language.code),
                    "error-instrument-text-too-long",
                )
                .with_arg("max", TEXT_MAX),
            ),
            Some(_) => {}
        }
    }
    for code in raw.keys() {
        if !languages.iter().any(|l| &l.code == code) {
            errors.push(
                InstrumentError::new(
                    format!("{path}.{code}"),
                    "error-instrument-undeclared-language",
                )
                .with_arg("language", code),
            );
        }
    }
    Texts(
        raw.iter()
            .map(|(code, text)| (code.clone(), text.trim().to_string()))
            .collect(),
    )
}

/// Checks answer options: at least two for a question, distinct values, labels in every
/// language, and every value within `min..=max`.
fn validate_values(
    path: &str,
    raw: &[RawValue],
    min: i64,
    max: i64,
    languages: &[Language],
    errors: &mut Vec<InstrumentError>,
) -> Vec<ScaleValue> {
    if raw.len() < 2 {
        errors.push(InstrumentError::new(
            path,
            "error-instrument-too-few-options",
        ));
    }
    let mut seen = BTreeSet::new();
    let mut values = Vec::new();
    for value in raw {
        let value_path = format!("{path}.{}", value.value);
        if !seen.insert(value.value) {
            errors.push(
                InstrumentError::new(&value_path, "error-instrument-duplicate-value")
                    .with_arg("value", value.value),
            );
        }
        if value.value < min || value.value > max {
            errors.push(
                InstrumentError::new(&value_path, "error-instrument-value-out-of-range")
                    .with_arg("value", value.value)
                    .with_arg("min", min)
                    .with_arg("max", max),
            );
        }
        values.push(ScaleValue {
            value: value.value,
            label: check_texts(
                &format!("{value_path}.label"),
                &value.label,
                languages,
                errors,
            ),
        });
    }
    values.sort_by_key(|v| v.value);
    values
}

fn validate_scales(
    raw: &[RawScale],
    languages: &[Language],
    errors: &mut Vec<InstrumentError>,
) -> Vec<Scale> {
    let mut scales: Vec<Scale> = Vec::new();
    for scale in raw {
        let path = format!("scales.{}", scale.key);
        check_key(&path, &scale.key, errors);
        if scales
            .iter()
            .any(|s| s.key.as_deref() == Some(scale.key.as_str()))
        {
            errors.push(
                InstrumentError::new(&path, "error-instrument-duplicate-key")
                    .with_arg("key", &scale.key),
            );
        }
        if scale.min >= scale.max {
            errors.push(InstrumentError::new(&path, "error-instrument-scale-bounds"));
        }
        let values = validate_values(
            &format!("{path}.values"),
            &scale.values,
            scale.min,
            scale.max,
            languages,
            errors,
        );
        scales.push(Scale {
            key: Some(scale.key.clone()),
            min: scale.min,
            max: scale.max,
            values,
        });
    }
    scales
}

fn validate_items(
    raw: &[RawItem],
    scales: &[Scale],
    languages: &[Language],
    errors: &mut Vec<InstrumentError>,
) -> Vec<Item> {
    if raw.is_empty() {
        errors.push(InstrumentError::new("items", "error-instrument-no-items"));
    }
    let mut items: Vec<Item> = Vec::new();
    for item in raw {
        let path = format!("items.{}", item.key);
        check_key(&path, &item.key, errors);
        if items.iter().any(|i| i.key == item.key) {
            errors.push(
                InstrumentError::new(&path, "error-instrument-duplicate-key")
                    .with_arg("key", &item.key),
            );
        }
        let text = check_texts(&format!("{path}.text"), &item.text, languages, errors);
        if let Some(topic) = &item.topic {
            if !TOPIC_KEYS.contains(&topic.as_str()) {
                errors.push(
                    InstrumentError::new(format!("{path}.topic"), "error-instrument-unknown-topic")
                        .with_arg("topic", topic),
                );
            }
        }
        let scale = match (&item.scale, &item.options) {
            (Some(key), None) => match scales.iter().find(|s| s.key.as_ref() == Some(key)) {
                Some(scale) => scale.clone(),
                None => {
                    errors.push(
                        InstrumentError::new(
                            format!("{path}.scale"),
                            "error-instrument-unknown-scale",
                        )
                        .with_arg("scale", key),
                    );
                    empty_scale()
                }
            },
            (None, Some(options)) => {
                let min = options.iter().map(|o| o.value).min().unwrap_or(0);
                let max = options.iter().map(|o| o.value).max().unwrap_or(0);
                let values = validate_values(
                    &format!("{path}.options"),
                    options,
                    min,
                    max,
                    languages,
                    errors,
                );
                Scale {
                    key: None,
                    min,
                    max,
                    values,
                }
            }
            _ => {
                errors.push(InstrumentError::new(
                    &path,
                    "error-instrument-scale-or-options",
                ));
                empty_scale()
            }
        };
        if let Some(correct) = item.correct {
            if !scale.contains(correct) {
                errors.push(
                    InstrumentError::new(
                        format!("{path}.correct"),
                        "error-instrument-correct-not-an-option",
                    )
                    .with_arg("value", correct),
                );
            }
        }
        items.push(Item {
            key: item.key.clone(),
            text,
            topic: item.topic.clone(),
            reverse: item.reverse,
            scale,
            correct: item.correct,
        });
    }
    items
}

/// A placeholder for an item whose scale could not be resolved; its error is already pushed.
fn empty_scale() -> Scale {
    Scale {
        key: None,
        min: 0,
        max: 0,
        values: Vec::new(),
    }
}

fn validate_scoring(raw: &RawScoring, errors: &mut Vec<InstrumentError>) -> Scoring {
    let scoring = match raw.kind.as_str() {
        "sum" => Scoring::Sum,
        "sum-scaled" => match raw.factor {
            Some(factor) if factor > 0.0 && factor.is_finite() => {
                return Scoring::SumScaled { factor };
            }
            _ => {
                errors.push(InstrumentError::new(
                    "scoring.factor",
                    "error-instrument-scoring-factor",
                ));
                return Scoring::SumScaled { factor: 1.0 };
            }
        },
        "mean" => Scoring::Mean,
        "percent-correct" => Scoring::PercentCorrect,
        "single" => Scoring::Single,
        other => {
            errors.push(
                InstrumentError::new("scoring.kind", "error-instrument-unknown-scoring")
                    .with_arg("kind", other),
            );
            Scoring::Sum
        }
    };
    if raw.factor.is_some() {
        errors.push(
            InstrumentError::new("scoring.factor", "error-instrument-factor-not-used")
                .with_arg("kind", &raw.kind),
        );
    }
    scoring
}

/// Checks the rules that tie items to the scoring: a quiz needs a right answer for every
/// question and cannot reverse one; a right answer means nothing to any other scoring; a single
/// item score has one item.
fn check_scoring_fits_items(scoring: Scoring, items: &[Item], errors: &mut Vec<InstrumentError>) {
    for item in items {
        let path = format!("items.{}", item.key);
        if scoring == Scoring::PercentCorrect {
            if item.correct.is_none() {
                errors.push(
                    InstrumentError::new(format!("{path}.correct"), "error-instrument-no-correct")
                        .with_arg("item", &item.key),
                );
            }
            if item.reverse {
                errors.push(
                    InstrumentError::new(
                        format!("{path}.reverse"),
                        "error-instrument-reverse-quiz",
                    )
                    .with_arg("item", &item.key),
                );
            }
        } else if item.correct.is_some() {
            errors.push(
                InstrumentError::new(
                    format!("{path}.correct"),
                    "error-instrument-correct-not-used",
                )
                .with_arg("item", &item.key),
            );
        }
    }
    if scoring == Scoring::Single && items.len() != 1 {
        errors.push(
            InstrumentError::new("items", "error-instrument-single-one-item")
                .with_arg("items", items.len()),
        );
    }
}

/// The lowest and highest reported score the items and scoring allow, so a declared range that
/// disagrees (a typo in a bound, a forgotten factor) is caught before any answer is scored.
fn possible_range(scoring: Scoring, items: &[Item]) -> Option<(f64, f64)> {
    let mins = items.iter().map(|i| i.scale.min as f64);
    let maxes = items.iter().map(|i| i.scale.max as f64);
    match scoring {
        Scoring::Sum => Some((mins.sum(), maxes.sum())),
        Scoring::SumScaled { factor } => {
            Some((mins.sum::<f64>() * factor, maxes.sum::<f64>() * factor))
        }
        Scoring::Mean | Scoring::Single => Some((mins.reduce(f64::min)?, maxes.reduce(f64::max)?)),
        Scoring::PercentCorrect => Some((0.0, 100.0)),
    }
}

/// Cutoffs list bands of low scores from the lowest up; the first band holding a score names it.
fn validate_cutoffs(
    raw: &[RawCutoff],
    range: &RawRange,
    languages: &[Language],
    errors: &mut Vec<InstrumentError>,
) -> Vec<Cutoff> {
    let mut cutoffs: Vec<Cutoff> = Vec::new();
    for cutoff in raw {
        let path = format!("cutoffs.{}", cutoff.key);
        check_key(&path, &cutoff.key, errors);
        if cutoffs.iter().any(|c| c.key == cutoff.key) {
            errors.push(
                InstrumentError::new(&path, "error-instrument-duplicate-key")
                    .with_arg("key", &cutoff.key),
            );
        }
        let threshold = match (cutoff.below, cutoff.at_most) {
            (Some(value), None) => Threshold::Below(value),
            (None, Some(value)) => Threshold::AtMost(value),
            _ => {
                errors.push(InstrumentError::new(
                    &path,
                    "error-instrument-cutoff-threshold",
                ));
                Threshold::AtMost(range.min)
            }
        };
        let value = threshold.value();
        if value < range.min || value > range.max {
            errors.push(
                InstrumentError::new(&path, "error-instrument-cutoff-out-of-range")
                    .with_arg("value", value)
                    .with_arg("min", range.min)
                    .with_arg("max", range.max),
            );
        }
        if cutoffs.last().is_some_and(|c| c.threshold.value() > value) {
            errors.push(InstrumentError::new(&path, "error-instrument-cutoff-order"));
        }
        let label = check_texts(&format!("{path}.label"), &cutoff.label, languages, errors);
        cutoffs.push(Cutoff {
            key: cutoff.key.clone(),
            threshold,
            label,
        });
    }
    cutoffs
}

/// A questionnaire version as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredVersion {
    pub id: i64,
    pub key: String,
    pub version: i64,
    /// The definition exactly as imported (JSON).
    pub definition: String,
    pub origin: String,
    pub created_at: Timestamp,
}

/// A questionnaire title as a short heading and the remark in its closing parentheses, e.g.
/// "WHO-5 välbefinnandeindex (inofficiell svensk översättning)" as the heading "WHO-5
/// välbefinnandeindex" and the remark "inofficiell svensk översättning". The answering page
/// shows the remark in small type, so that on a phone the first answer is visible without
/// scrolling while a translation stays marked as unofficial, as its licence requires.
#[must_use]
pub fn split_title(title: &str) -> (&str, Option<&str>) {
    let trimmed = title.trim_end();
    if let Some(inner) = trimmed.strip_suffix(')')
        && let Some(open) = inner.rfind(" (")
        && open > 0
    {
        return (&trimmed[..open], Some(&inner[open + 2..]));
    }
    (trimmed, None)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_title_s_closing_remark_is_split_from_its_heading() {
        assert_eq!(
            super::split_title("WHO-5 välbefinnandeindex (inofficiell svensk översättning)"),
            (
                "WHO-5 välbefinnandeindex",
                Some("inofficiell svensk översättning")
            )
        );
        assert_eq!(
            super::split_title("Självskattad hälsa"),
            ("Självskattad hälsa", None)
        );
        assert_eq!(
            super::split_title("(bara en anmärkning)"),
            ("(bara en anmärkning)", None)
        );
    }

    use super::*;

    fn shipped(key: &str) -> Instrument {
        let (_, text) = SHIPPED.iter().find(|(k, _)| *k == key).unwrap();
        Instrument::parse(text).unwrap()
    }

    fn answers(instrument: &Instrument, value: i64) -> Vec<(&str, Option<i64>)> {
        instrument
            .items()
            .iter()
            .map(|item| (item.key.as_str(), Some(value)))
            .collect()
    }

    /// A small valid definition to break one field at a time.
    fn minimal() -> serde_json::Value {
        serde_json::json!({
            "key": "mood",
            "version": 1,
            "title": {"sv": "Humör", "en": "Mood"},
            "source": "Test",
            "licence": "EUPL-1.2",
            "languages": [{"code": "sv", "direction": "ltr"}, {"code": "en", "direction": "ltr"}],
            "scales": [{"key": "agree", "min": 1, "max": 3, "values": [
                {"value": 1, "label": {"sv": "Nej", "en": "No"}},
                {"value": 2, "label": {"sv": "Delvis", "en": "Partly"}},
                {"value": 3, "label": {"sv": "Ja", "en": "Yes"}}
            ]}],
            "items": [
                {"key": "happy", "text": {"sv": "Glad", "en": "Happy"}, "scale": "agree"},
                {"key": "sad", "text": {"sv": "Ledsen", "en": "Sad"}, "scale": "agree", "reverse": true}
            ],
            "scoring": {"kind": "sum"},
            "max_missing": 0,
            "range": {"min": 2, "max": 6},
            "higher_is_better": true
        })
    }

    fn errors_of(definition: serde_json::Value) -> Vec<InstrumentError> {
        Instrument::parse(&definition.to_string()).unwrap_err()
    }

    #[test]
    fn every_shipped_definition_parses_and_validates_under_its_own_key() {
        for (key, text) in SHIPPED {
            let instrument =
                Instrument::parse(text).unwrap_or_else(|errors| panic!("{key}: {errors:?}"));
            assert_eq!(instrument.key(), key);
        }
    }

    #[test]
    fn every_shipped_definition_speaks_swedish_easy_swedish_and_english() {
        for (key, text) in SHIPPED {
            let instrument = Instrument::parse(text).unwrap();
            let codes: Vec<&str> = instrument
                .languages()
                .iter()
                .map(|l| l.code.as_str())
                .collect();
            assert_eq!(codes, ["sv", "sv-easy", "en"], "{key}");
        }
    }

    #[test]
    fn every_knowledge_item_is_tied_to_a_handbook_topic() {
        for key in ["knowledge-self", "knowledge-quiz"] {
            let instrument = shipped(key);
            assert_eq!(instrument.items().len(), 10, "{key}");
            assert!(
                instrument.items().iter().all(|i| i.topic.is_some()),
                "{key}"
            );
        }
    }

    #[test]
    fn who5_all_threes_is_raw_15_and_60_on_the_percentage_scale() {
        let who5 = shipped("who5");
        let score = who5.score(&answers(&who5, 3)).unwrap();
        assert_eq!(score.raw, 15.0);
        assert_eq!(score.scaled, Some(60.0));
        assert_eq!(score.cutoff, None);
        assert_eq!(who5.min_meaningful_change(), Some(10.0));
    }

    #[test]
    fn who5_at_28_or_below_screens_for_depression_and_below_50_is_poor_well_being() {
        let who5 = shipped("who5");
        let items: Vec<&str> = who5.items().iter().map(|i| i.key.as_str()).collect();
        let score_of = |values: [i64; 5]| {
            let given: Vec<(&str, Option<i64>)> =
                items.iter().copied().zip(values.map(Some)).collect();
            who5.score(&given).unwrap()
        };
        // 7 × 4 = 28: at the depression threshold.
        assert_eq!(
            score_of([2, 2, 1, 1, 1]).cutoff.as_deref(),
            Some("likely-depression")
        );
        // 8 × 4 = 32.
        assert_eq!(
            score_of([2, 2, 2, 1, 1]).cutoff.as_deref(),
            Some("poor-well-being")
        );
        // 12 × 4 = 48, still below 50; 13 × 4 = 52 is above every band.
        assert_eq!(
            score_of([3, 3, 2, 2, 2]).cutoff.as_deref(),
            Some("poor-well-being")
        );
        assert_eq!(score_of([3, 3, 3, 2, 2]).cutoff, None);
    }

    #[test]
    fn who5_needs_every_item_answered() {
        let who5 = shipped("who5");
        let mut given = answers(&who5, 3);
        given.truncate(4);
        assert_eq!(
            who5.score(&given),
            Err(ScoreError::TooManyMissing {
                missing: 1,
                allowed: 0
            })
        );
    }

    #[test]
    fn a_reverse_item_scores_the_other_end_of_its_scale() {
        let instrument = Instrument::parse(&minimal().to_string()).unwrap();
        // happy 3 → 3, sad 1 reversed → 1 + 3 − 1 = 3.
        let score = instrument
            .score(&[("happy", Some(3)), ("sad", Some(1))])
            .unwrap();
        assert_eq!(score.raw, 6.0);
        assert_eq!(score.scaled, None);
        let score = instrument
            .score(&[("happy", Some(1)), ("sad", Some(3))])
            .unwrap();
        assert_eq!(score.raw, 2.0);
    }

    #[test]
    fn an_allowed_missing_answer_prorates_a_sum_and_is_left_out_of_a_mean() {
        let mut definition = minimal();
        definition["max_missing"] = 1.into();
        let sum = Instrument::parse(&definition.to_string()).unwrap();
        // Only happy = 2: mean 2 over the answered item, times 2 items.
        assert_eq!(
            sum.score(&[("happy", Some(2)), ("sad", None)]).unwrap().raw,
            4.0
        );
        assert_eq!(sum.score(&[("happy", Some(2))]).unwrap().raw, 4.0);

        definition["scoring"] = serde_json::json!({"kind": "mean"});
        definition["range"] = serde_json::json!({"min": 1, "max": 3});
        let mean = Instrument::parse(&definition.to_string()).unwrap();
        assert_eq!(mean.score(&[("happy", Some(2))]).unwrap().raw, 2.0);
        assert!(matches!(
            mean.score(&[]),
            Err(ScoreError::TooManyMissing { missing: 2, .. })
        ));
    }

    #[test]
    fn knowledge_self_is_the_mean_of_the_topics() {
        let instrument = shipped("knowledge-self");
        let mut given = answers(&instrument, 4);
        if let Some(first) = given.first_mut() {
            first.1 = Some(1);
        }
        let n = instrument.items().len() as f64;
        let score = instrument.score(&given).unwrap();
        assert!((score.raw - (4.0 * (n - 1.0) + 1.0) / n).abs() < 1e-12);
    }

    #[test]
    fn seven_right_of_ten_quiz_answers_is_70_percent_and_an_unanswered_question_is_not_right() {
        let quiz = shipped("knowledge-quiz");
        assert_eq!(quiz.items().len(), 10);
        let given: Vec<(&str, Option<i64>)> = quiz
            .items()
            .iter()
            .enumerate()
            .map(|(index, item)| {
                let answer = match index {
                    0..7 => item.correct,
                    7 => None,
                    _ => item
                        .scale
                        .values
                        .iter()
                        .map(|v| v.value)
                        .find(|v| Some(*v) != item.correct),
                };
                (item.key.as_str(), answer)
            })
            .collect();
        let score = quiz.score(&given).unwrap();
        assert_eq!(score.raw, 7.0);
        assert_eq!(score.scaled, Some(70.0));
    }

    #[test]
    fn srh_and_work_ability_score_their_single_answer() {
        let srh = shipped("srh");
        assert_eq!(srh.score(&[("general-health", Some(4))]).unwrap().raw, 4.0);
        assert_eq!(
            srh.score(&[("general-health", None)]),
            Err(ScoreError::TooManyMissing {
                missing: 1,
                allowed: 0
            })
        );
        let work = shipped("work-ability");
        assert_eq!(work.range(), (0.0, 10.0));
        assert_eq!(
            work.score(&[("work-ability-now", Some(0))])
                .unwrap()
                .value(),
            0.0
        );
    }

    #[test]
    fn srh_codes_very_good_as_5_and_very_bad_as_1() {
        let srh = shipped("srh");
        let scale = &srh.items().first().unwrap().scale;
        let label = |value: i64| {
            scale
                .values
                .iter()
                .find(|v| v.value == value)
                .and_then(|v| v.label.get("sv"))
        };
        assert_eq!(label(5), Some("Mycket bra"));
        assert_eq!(label(4), Some("Bra"));
        assert_eq!(label(3), Some("Någorlunda"));
        assert_eq!(label(2), Some("Dåligt"));
        assert_eq!(label(1), Some("Mycket dåligt"));
    }

    #[test]
    fn answers_to_unknown_items_off_scale_values_and_duplicates_are_refused() {
        let instrument = Instrument::parse(&minimal().to_string()).unwrap();
        assert_eq!(
            instrument.score(&[("angry", Some(1))]),
            Err(ScoreError::UnknownItem("angry".into()))
        );
        let error = instrument
            .score(&[("happy", Some(4)), ("sad", Some(1))])
            .unwrap_err();
        assert_eq!(error.message_key(), "error-score-not-an-option");
        assert_eq!(
            instrument.score(&[("happy", Some(1)), ("happy", Some(2))]),
            Err(ScoreError::DuplicateAnswer("happy".into()))
        );
    }

    #[test]
    fn an_item_without_text_in_a_declared_language_is_named_with_the_language() {
        let mut definition = minimal();
        definition["items"][1]["text"] = serde_json::json!({"sv": "Ledsen"});
        let errors = errors_of(definition);
        assert_eq!(errors.len(), 1);
        let error = errors.first().unwrap();
        assert_eq!(error.path, "items.sad.text.en");
        assert_eq!(error.key, "error-instrument-text-missing");
        assert_eq!(error.args, vec![("language", "en".to_string())]);
    }

    #[test]
    fn a_duplicate_item_key_is_reported() {
        let mut definition = minimal();
        definition["items"][1]["key"] = "happy".into();
        let errors = errors_of(definition);
        assert!(
            errors
                .iter()
                .any(|e| e.path == "items.happy" && e.key == "error-instrument-duplicate-key")
        );
    }

    #[test]
    fn a_scale_value_outside_the_scale_bounds_is_reported_with_the_bounds() {
        let mut definition = minimal();
        definition["scales"][0]["values"][2]["value"] = 7.into();
        let errors = errors_of(definition);
        let error = errors
            .iter()
            .find(|e| e.key == "error-instrument-value-out-of-range")
            .unwrap();
        assert_eq!(error.path, "scales.agree.values.7");
        assert!(error.args.contains(&("max", "3".to_string())));
    }

    #[test]
    fn a_quiz_question_without_a_right_answer_is_reported() {
        let mut definition = minimal();
        definition["scoring"] = serde_json::json!({"kind": "percent-correct"});
        definition["range"] = serde_json::json!({"min": 0, "max": 100});
        definition["items"][1]["reverse"] = false.into();
        definition["items"][0]["correct"] = 3.into();
        let errors = errors_of(definition);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors.first().unwrap().path, "items.sad.correct");
        assert_eq!(errors.first().unwrap().key, "error-instrument-no-correct");
    }

    #[test]
    fn an_unknown_scoring_kind_is_reported_by_name() {
        let mut definition = minimal();
        definition["scoring"] = serde_json::json!({"kind": "median"});
        let errors = errors_of(definition);
        assert!(
            errors.contains(
                &InstrumentError::new("scoring.kind", "error-instrument-unknown-scoring")
                    .with_arg("kind", "median")
            )
        );
    }

    #[test]
    fn a_declared_range_that_the_items_cannot_reach_is_reported_with_the_right_one() {
        let mut definition = minimal();
        definition["range"] = serde_json::json!({"min": 0, "max": 6});
        let errors = errors_of(definition);
        assert_eq!(
            errors,
            vec![
                InstrumentError::new("range", "error-instrument-range-mismatch")
                    .with_arg("min", 2)
                    .with_arg("max", 6)
            ]
        );
    }

    #[test]
    fn unknown_topics_directions_and_undeclared_languages_are_reported() {
        let mut definition = minimal();
        definition["items"][0]["topic"] = "astrology".into();
        definition["languages"][1]["direction"] = "up".into();
        definition["title"]["ar"] = "مزاج".into();
        let keys: Vec<&str> = errors_of(definition).iter().map(|e| e.key).collect();
        assert!(keys.contains(&"error-instrument-unknown-topic"));
        assert!(keys.contains(&"error-instrument-unknown-direction"));
        assert!(keys.contains(&"error-instrument-undeclared-language"));
    }

    #[test]
    fn a_right_to_left_language_is_accepted() {
        let mut definition = minimal();
        definition["languages"][1] = serde_json::json!({"code": "ar", "direction": "rtl"});
        let text = definition.to_string().replace("\"en\":", "\"ar\":");
        let instrument = Instrument::parse(&text).unwrap();
        assert_eq!(
            instrument.languages().get(1).unwrap().direction,
            Direction::Rtl
        );
    }

    #[test]
    fn malformed_json_and_unknown_fields_give_the_line_and_column() {
        let errors = Instrument::parse("{\n  \"key\": \"x\",\n  \"colour\": 1\n}").unwrap_err();
        let error = errors.first().unwrap();
        assert_eq!(error.key, "error-instrument-json");
        assert!(error.args.contains(&("line", "3".to_string())));
        assert!(Instrument::parse("not json").is_err());
    }

    #[test]
    fn cutoffs_out_of_order_or_out_of_range_are_reported() {
        let mut definition = minimal();
        definition["cutoffs"] = serde_json::json!([
            {"key": "low", "below": 5, "label": {"sv": "Låg", "en": "Low"}},
            {"key": "very-low", "at_most": 3, "label": {"sv": "Mycket låg", "en": "Very low"}},
            {"key": "impossible", "at_most": 9, "label": {"sv": "Omöjlig", "en": "Impossible"}}
        ]);
        let keys: Vec<&str> = errors_of(definition).iter().map(|e| e.key).collect();
        assert_eq!(
            keys,
            [
                "error-instrument-cutoff-order",
                "error-instrument-cutoff-out-of-range"
            ]
        );
    }
}
