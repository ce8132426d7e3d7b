//! Plain-language sentences beside the figures of a change: what a mean change with its 95 %
//! confidence interval, a p-value and an effect size mean for the programme, in words a
//! steering-group member reads without statistics ("Poängen på WHO-5 ökade i genomsnitt med 18
//! poäng; med 95 % säkerhet ligger ökningen mellan 8 och 29 poäng.").
//!
//! A sentence is a message id of the locale catalogue with its arguments, so the page shows it
//! in the reader's language; the numbers are formatted here. Every function takes only figures
//! the page shows beside the sentence (after [`crate::disclosure`] has protected them), never
//! the pairs behind them, so the words cannot tell what the table hides: a figure that is
//! `None` gives no sentence, or one without that figure.

use crate::swedish;

/// How the numbers of a sentence are written: Swedish with a decimal comma and no-break spaces
/// between thousands (`1 234,5`), English with a decimal point and commas (`1,234.5`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberStyle {
    Swedish,
    English,
}

impl NumberStyle {
    /// The style of a reader's language code; Swedish unless the language is English.
    #[must_use]
    pub fn for_language(language: &str) -> Self {
        if language == "en" {
            NumberStyle::English
        } else {
            NumberStyle::Swedish
        }
    }

    /// `value` rounded half away from zero to `digits` decimals, written in this style.
    #[must_use]
    pub fn fixed(self, value: f64, digits: u32) -> String {
        let scaled = (value * 10f64.powi(i32::try_from(digits).unwrap_or(0))).round();
        let swedish = swedish::format_fixed(scaled as i128, digits);
        match self {
            NumberStyle::Swedish => swedish,
            NumberStyle::English => swedish
                .chars()
                .map(|c| match c {
                    ',' => '.',
                    '\u{a0}' => ',',
                    other => other,
                })
                .collect(),
        }
    }
}

/// What changed: names the subject of the sentence and its unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// A questionnaire's score, named by the instrument's title; the unit is points.
    Score { measure: String },
    /// Months with public support in the window (effect 1); the unit is months.
    SupportMonths,
}

impl Subject {
    fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            Subject::Score { measure } => {
                vec![("subject", "score".into()), ("measure", measure.clone())]
            }
            Subject::SupportMonths => {
                vec![("subject", "support".into()), ("measure", String::new())]
            }
        }
    }
}

/// A sentence to show: the catalogue's message id and its arguments, numbers already written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub key: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl Sentence {
    /// The value of the argument `name`, for tests and for pages that need one figure.
    #[must_use]
    pub fn arg(&self, name: &str) -> Option<&str> {
        self.args
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Which way the group moved, as far as the confidence interval allows to say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// The whole interval is above zero.
    Up,
    /// The whole interval is below zero.
    Down,
    /// The interval holds zero: the change may as well be none.
    Unclear,
}

impl Direction {
    #[must_use]
    pub fn of(low: f64, high: f64) -> Self {
        if low > 0.0 {
            Direction::Up
        } else if high < 0.0 {
            Direction::Down
        } else {
            Direction::Unclear
        }
    }
}

/// Decimals for the numbers of one sentence: whole points on a scale where the change reaches
/// ten or more (WHO-5's 0–100), one decimal from one, two below, so that a small change on a
/// short scale (self-rated health, 1–5) does not round to nothing. Months always keep a decimal:
/// a window holds at most 24 of them, and "7,5 månader" rounded to 8 would not match the table.
/// One choice for the whole sentence, so its numbers read alike.
fn digits_for(subject: &Subject, values: &[f64]) -> u32 {
    let largest = values.iter().map(|v| v.abs()).fold(0.0, f64::max);
    if largest >= 10.0 && matches!(subject, Subject::Score { .. }) {
        0
    } else if largest >= 1.0 {
        1
    } else {
        2
    }
}

/// The sentence for a mean change and its 95 % confidence interval.
///
/// The interval decides the verb: above zero it rose, below zero it fell, and around zero there
/// is no clear change, said as such rather than as a small rise or fall. A rise or fall is then
/// called an improvement or a worsening by `higher_is_better`. Without an interval (one pair) the
/// sentence says the change cannot be judged.
#[must_use]
pub fn change(
    subject: &Subject,
    higher_is_better: bool,
    mean: f64,
    ci95: Option<(f64, f64)>,
    style: NumberStyle,
) -> Sentence {
    let mut args = subject.args();
    let Some((low, high)) = ci95 else {
        let digits = digits_for(subject, &[mean]);
        args.push(("mean", style.fixed(mean, digits)));
        return Sentence {
            key: "plain-change-no-interval",
            args,
        };
    };
    let digits = digits_for(subject, &[mean, low, high]);
    let rounds_to_zero = |v: f64| style.fixed(v, digits) == style.fixed(0.0, digits);
    if rounds_to_zero(mean) && rounds_to_zero(low) && rounds_to_zero(high) {
        return Sentence {
            key: "plain-change-none",
            args,
        };
    }
    let direction = Direction::of(low, high);
    let key = match direction {
        Direction::Up => "plain-change-up",
        Direction::Down => "plain-change-down",
        Direction::Unclear => "plain-change-unclear",
    };
    let (mean, low, high) = match direction {
        Direction::Down => (-mean, -high, -low),
        Direction::Up | Direction::Unclear => (mean, low, high),
    };
    args.push(("mean", style.fixed(mean, digits)));
    args.push(("low", style.fixed(low, digits)));
    args.push(("high", style.fixed(high, digits)));
    let better = match direction {
        Direction::Up => higher_is_better,
        Direction::Down => !higher_is_better,
        Direction::Unclear => false,
    };
    args.push(("verdict", if better { "better" } else { "worse" }.into()));
    Sentence { key, args }
}

/// The sentence for a Wilcoxon p-value: below 0,05 the change is unlikely to be chance, at or
/// above it the change may well be chance. `None` (every change zero, or hidden) gives none.
#[must_use]
pub fn p_value(p: Option<f64>, style: NumberStyle) -> Option<Sentence> {
    let p = p.filter(|p| p.is_finite())?;
    let key = if p < 0.001 {
        "plain-p-tiny"
    } else if p < 0.05 {
        "plain-p-clear"
    } else {
        "plain-p-unclear"
    };
    Some(Sentence {
        key,
        args: vec![("p", style.fixed(p.max(0.001), 3))],
    })
}

/// Cohen's conventional sizes of a standardised mean change (0,2 small, 0,5 medium, 0,8 large).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    Negligible,
    Small,
    Medium,
    Large,
}

impl Size {
    #[must_use]
    pub fn of(effect_size: f64) -> Self {
        match effect_size.abs() {
            d if d < 0.2 => Size::Negligible,
            d if d < 0.5 => Size::Small,
            d if d < 0.8 => Size::Medium,
            _ => Size::Large,
        }
    }

    fn code(self) -> &'static str {
        match self {
            Size::Negligible => "negligible",
            Size::Small => "small",
            Size::Medium => "medium",
            Size::Large => "large",
        }
    }
}

/// The sentence for an effect size (Cohen's dz), named by Cohen's rule of thumb; `None` (no
/// spread, or hidden) gives none.
#[must_use]
pub fn effect_size(d: Option<f64>, style: NumberStyle) -> Option<Sentence> {
    let d = d.filter(|d| d.is_finite())?;
    Some(Sentence {
        key: "plain-effect-size",
        args: vec![
            ("d", style.fixed(d, 2)),
            ("size", Size::of(d).code().into()),
        ],
    })
}

/// The figures one reading explains, as the page shows them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reading {
    pub mean: f64,
    /// Both ends of the 95 % interval, or `None` when either is missing.
    pub ci95: Option<(f64, f64)>,
    pub p: Option<f64>,
    pub effect_size: Option<f64>,
}

impl Reading {
    fn interval(low: Option<f64>, high: Option<f64>) -> Option<(f64, f64)> {
        low.zip(high)
    }
}

impl From<&super::Figures> for Reading {
    fn from(f: &super::Figures) -> Self {
        Reading {
            mean: f.mean_change,
            ci95: Reading::interval(f.ci95_low, f.ci95_high),
            p: f.wilcoxon_p,
            effect_size: f.effect_size,
        }
    }
}

impl From<&crate::statistics::PairedChange> for Reading {
    fn from(c: &crate::statistics::PairedChange) -> Self {
        Reading {
            mean: c.mean_change,
            ci95: Reading::interval(c.ci95_low, c.ci95_high),
            p: c.wilcoxon_p,
            effect_size: c.effect_size,
        }
    }
}

/// Every sentence of a reading, in the order a reader needs them: the change and its interval,
/// then whether it may be chance, then how large it is.
#[must_use]
pub fn explain(
    subject: &Subject,
    higher_is_better: bool,
    reading: Reading,
    style: NumberStyle,
) -> Vec<Sentence> {
    std::iter::once(change(
        subject,
        higher_is_better,
        reading.mean,
        reading.ci95,
        style,
    ))
    .chain(p_value(reading.p, style))
    .chain(effect_size(reading.effect_size, style))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn who5() -> Subject {
        Subject::Score {
            measure: "WHO-5".into(),
        }
    }

    #[test]
    fn an_interval_above_zero_is_an_increase_in_whole_points_on_a_hundred_point_scale() {
        let s = change(&who5(), true, 18.2, Some((7.6, 28.8)), NumberStyle::Swedish);
        assert_eq!(s.key, "plain-change-up");
        assert_eq!(s.arg("mean"), Some("18"));
        assert_eq!(s.arg("low"), Some("8"));
        assert_eq!(s.arg("high"), Some("29"));
        assert_eq!(s.arg("verdict"), Some("better"));
        assert_eq!(s.arg("measure"), Some("WHO-5"));
    }

    #[test]
    fn an_interval_below_zero_is_a_decrease_told_in_positive_numbers_smallest_first() {
        let s = change(
            &Subject::SupportMonths,
            false,
            -2.35,
            Some((-3.52, -1.14)),
            NumberStyle::Swedish,
        );
        assert_eq!(s.key, "plain-change-down");
        assert_eq!(
            s.arg("mean"),
            Some("2,4"),
            "a decimal comma, rounded half up"
        );
        let long = change(
            &Subject::SupportMonths,
            false,
            -7.5,
            Some((-12.7, -2.3)),
            NumberStyle::Swedish,
        );
        assert_eq!(
            (long.arg("mean"), long.arg("low"), long.arg("high")),
            (Some("7,5"), Some("2,3"), Some("12,7")),
            "months keep their decimal, as in the table"
        );
        assert_eq!(s.arg("low"), Some("1,1"));
        assert_eq!(s.arg("high"), Some("3,5"));
        assert_eq!(
            s.arg("verdict"),
            Some("better"),
            "fewer months on support is better"
        );
        assert_eq!(s.arg("subject"), Some("support"));
    }

    #[test]
    fn a_fall_where_higher_is_better_is_a_worsening() {
        let s = change(
            &who5(),
            true,
            -12.0,
            Some((-20.0, -4.0)),
            NumberStyle::Swedish,
        );
        assert_eq!(s.arg("verdict"), Some("worse"));
    }

    #[test]
    fn an_interval_that_holds_zero_is_no_clear_change_with_its_signed_bounds() {
        let s = change(&who5(), true, 2.4, Some((-3.1, 7.9)), NumberStyle::Swedish);
        assert_eq!(s.key, "plain-change-unclear");
        assert_eq!(s.arg("mean"), Some("2,4"));
        assert_eq!(s.arg("low"), Some("-3,1"));
        assert_eq!(s.arg("high"), Some("7,9"));
    }

    #[test]
    fn an_interval_touching_zero_is_not_called_a_change() {
        let s = change(&who5(), true, 4.0, Some((0.0, 8.0)), NumberStyle::Swedish);
        assert_eq!(s.key, "plain-change-unclear");
    }

    #[test]
    fn a_small_change_on_a_short_scale_keeps_two_decimals() {
        let s = change(
            &Subject::Score {
                measure: "Självskattad hälsa".into(),
            },
            true,
            0.4,
            Some((0.12, 0.68)),
            NumberStyle::Swedish,
        );
        assert_eq!(s.key, "plain-change-up");
        assert_eq!(
            (s.arg("mean"), s.arg("low"), s.arg("high")),
            (Some("0,40"), Some("0,12"), Some("0,68"))
        );
    }

    #[test]
    fn everyone_unchanged_is_said_as_no_change_at_all() {
        let s = change(&who5(), true, 0.0, Some((0.0, 0.0)), NumberStyle::Swedish);
        assert_eq!(s.key, "plain-change-none");
        assert_eq!(s.arg("mean"), None);
    }

    #[test]
    fn without_an_interval_the_sentence_says_the_change_cannot_be_judged() {
        let s = change(&who5(), true, 20.0, None, NumberStyle::Swedish);
        assert_eq!(s.key, "plain-change-no-interval");
        assert_eq!(s.arg("mean"), Some("20"));
        assert_eq!(s.arg("low"), None);
    }

    #[test]
    fn english_numbers_have_a_decimal_point_and_thousands_commas() {
        assert_eq!(NumberStyle::English.fixed(-1234.56, 1), "-1,234.6");
        assert_eq!(NumberStyle::Swedish.fixed(-1234.56, 1), "-1\u{a0}234,6");
        let s = change(&who5(), true, 2.4, Some((-3.1, 7.9)), NumberStyle::English);
        assert_eq!(s.arg("low"), Some("-3.1"));
        assert_eq!(NumberStyle::for_language("en"), NumberStyle::English);
        assert_eq!(NumberStyle::for_language("sv"), NumberStyle::Swedish);
    }

    #[test]
    fn p_values_below_five_percent_are_unlikely_chance_and_tiny_ones_are_capped() {
        let clear = p_value(Some(0.0031), NumberStyle::Swedish).unwrap();
        assert_eq!(
            (clear.key, clear.arg("p")),
            ("plain-p-clear", Some("0,003"))
        );
        let unclear = p_value(Some(0.21), NumberStyle::Swedish).unwrap();
        assert_eq!(unclear.key, "plain-p-unclear");
        assert_eq!(
            p_value(Some(0.05), NumberStyle::Swedish).unwrap().key,
            "plain-p-unclear"
        );
        let tiny = p_value(Some(0.000_02), NumberStyle::Swedish).unwrap();
        assert_eq!((tiny.key, tiny.arg("p")), ("plain-p-tiny", Some("0,001")));
    }

    #[test]
    fn a_hidden_or_missing_figure_gives_no_sentence() {
        assert_eq!(p_value(None, NumberStyle::Swedish), None);
        assert_eq!(p_value(Some(f64::NAN), NumberStyle::Swedish), None);
        assert_eq!(effect_size(None, NumberStyle::Swedish), None);
    }

    #[test]
    fn effect_sizes_are_named_by_cohens_rule_of_thumb_either_way() {
        let size = |d| effect_size(Some(d), NumberStyle::Swedish).unwrap();
        assert_eq!(size(0.1).arg("size"), Some("negligible"));
        assert_eq!(size(0.2).arg("size"), Some("small"));
        assert_eq!(size(-0.65).arg("size"), Some("medium"));
        assert_eq!(size(0.85).arg("size"), Some("large"));
        assert_eq!(size(0.85).arg("d"), Some("0,85"));
    }

    #[test]
    fn a_reading_explains_the_change_then_chance_then_size_and_skips_what_is_hidden() {
        let shown = Reading {
            mean: 18.2,
            ci95: Some((7.6, 28.8)),
            p: Some(0.002),
            effect_size: Some(0.9),
        };
        let keys: Vec<&str> = explain(&who5(), true, shown, NumberStyle::Swedish)
            .iter()
            .map(|s| s.key)
            .collect();
        assert_eq!(
            keys,
            ["plain-change-up", "plain-p-clear", "plain-effect-size"]
        );
        let hidden = Reading {
            p: None,
            effect_size: None,
            ..shown
        };
        assert_eq!(
            explain(&who5(), true, hidden, NumberStyle::Swedish).len(),
            1
        );
    }

    #[test]
    fn an_interval_with_one_end_missing_is_no_interval() {
        let figures = super::super::Figures {
            n: 1,
            mean_change: 5.0,
            median_change: 5.0,
            ci95_low: Some(1.0),
            ci95_high: None,
            effect_size: None,
            wilcoxon_p: None,
        };
        assert_eq!(Reading::from(&figures).ci95, None);
    }
}
