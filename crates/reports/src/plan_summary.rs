//! The summary at the top of a business plan: the result per year, the cash at the end of each
//! month and the break-even point, each as a chart with its figures in words and in a table,
//! and the liquidity warning as one sentence.
//!
//! The plan's page and its PDF are built from this one value, so they cannot differ. Amounts
//! are whole kronor; the charts count in thousands of kronor, so their axes stay short.

use stegvis_domain::forecast::{Forecast, balance_text_sv, cash_sentence_sv};
use stegvis_domain::income::YearMonth;
use stegvis_domain::money::Money;
use stegvis_domain::swedish::{MONTH_NAMES, format_integer, format_month_name};

use crate::business_plan::{TextCell, TextTable};
use crate::charts::{Series, bar_chart, line_chart};

/// An accessible SVG chart and the sentence that says what it shows.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryChart {
    /// The chart's heading, also the SVG's title.
    pub title: String,
    pub svg: String,
    /// The chart's figures in one or two sentences: its text alternative in the PDF, and the
    /// caption on the page.
    pub alt: String,
}

/// What the top of a business plan shows.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanSummary {
    /// The liquidity warning naming the first month in deficit, or that the cash lasts.
    pub cash: String,
    /// Whether the cash runs out within the liquidity forecast.
    pub cash_runs_out: bool,
    /// The break-even point in words.
    pub break_even: String,
    /// The financing shortfall in words, when the financing does not cover the start.
    pub shortfall: Option<String>,
    pub result_chart: SummaryChart,
    pub cash_chart: SummaryChart,
    pub break_even_chart: SummaryChart,
    /// The result chart's figures: sales, costs and result per year.
    pub years: TextTable,
    /// The cash chart's figures: the cash at the end of each month.
    pub months: TextTable,
    /// The break-even chart's figures: the accumulated result at the end of each month.
    pub accumulated: TextTable,
}

fn kronor(amount: Money) -> String {
    format_integer(amount.whole_kronor())
}

fn thousands(amount: Money) -> f64 {
    // Öre are exact in an f64 far beyond any amount in a plan.
    amount.ore() as f64 / 100_000.0
}

fn abbreviation(month: YearMonth) -> String {
    MONTH_NAMES
        .get(usize::from(month.month()).saturating_sub(1))
        .copied()
        .unwrap_or_default()
        .chars()
        .take(3)
        .collect()
}

/// A range for a chart's axis that holds every value and zero, with zero on one of its five
/// grid lines and whole steps of 1, 2 or 5 times a power of ten.
fn axis_range(values: &[f64]) -> (f64, f64) {
    let low = values.iter().copied().fold(0.0_f64, f64::min);
    let high = values.iter().copied().fold(0.0_f64, f64::max);
    let mut magnitude = 1.0;
    while magnitude * 10.0 <= (high - low) / 4.0 {
        magnitude *= 10.0;
    }
    for _ in 0..8 {
        for factor in [1.0, 2.0, 5.0] {
            let step = factor * magnitude;
            let bottom = (low / step).floor() * step;
            if bottom + 4.0 * step >= high {
                return (bottom, bottom + 4.0 * step);
            }
        }
        magnitude *= 10.0;
    }
    (low, high.max(low + 1.0))
}

fn numeric(text: String) -> TextCell {
    TextCell {
        text,
        numeric: true,
    }
}

fn label(text: String) -> TextCell {
    TextCell {
        text,
        numeric: false,
    }
}

fn result_chart(forecast: &Forecast) -> (SummaryChart, TextTable) {
    let years: Vec<String> = (1..=forecast.years.len())
        .map(|n| format!("År {n}"))
        .collect();
    let revenue: Vec<Money> = forecast.years.iter().map(|y| y.revenue).collect();
    let result: Vec<Money> = forecast.years.iter().map(|y| y.result).collect();
    let costs: Vec<Money> = forecast
        .years
        .iter()
        .map(|y| Money::from_ore(y.revenue.ore().saturating_sub(y.result.ore())))
        .collect();
    let series = [("Försäljning", &revenue), ("Resultat", &result)];
    let values: Vec<f64> = series
        .iter()
        .flat_map(|(_, amounts)| amounts.iter().map(|a| thousands(*a)))
        .collect();
    let alt = format!(
        "Resultatet blir {}.",
        result
            .iter()
            .zip(&years)
            .map(|(amount, year)| format!("{} {}", balance_text_sv(*amount), year.to_lowercase()))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let title = "Försäljning och resultat per år, tusen kronor".to_owned();
    let svg = bar_chart(
        "plan-result",
        &title,
        &alt,
        &years,
        &series
            .iter()
            .map(|(name, amounts)| Series {
                name: (*name).to_owned(),
                values: amounts.iter().map(|a| Some(thousands(*a))).collect(),
            })
            .collect::<Vec<_>>(),
        axis_range(&values),
    );
    let mut header = vec!["Post (kr)".to_owned()];
    header.extend(years.iter().cloned());
    let row = |name: &str, amounts: &[Money]| {
        let mut row = vec![label(name.to_owned())];
        row.extend(amounts.iter().map(|a| numeric(kronor(*a))));
        row
    };
    let table = TextTable {
        name: "Resultat per år",
        header,
        rows: vec![
            row("Försäljning", &revenue),
            row("Kostnader, netto", &costs),
            row("Resultat", &result),
        ],
    };
    (SummaryChart { title, svg, alt }, table)
}

fn cash_chart(forecast: &Forecast, sentence: &str) -> (SummaryChart, TextTable) {
    let months: Vec<String> = forecast
        .liquidity
        .iter()
        .map(|m| abbreviation(m.month))
        .collect();
    let values: Vec<f64> = forecast
        .liquidity
        .iter()
        .map(|m| thousands(m.closing_cash))
        .collect();
    let (first, last) = (
        forecast.liquidity.first().map(|m| m.month),
        forecast.liquidity.last().map(|m| m.month),
    );
    let span = match (first, last) {
        (Some(first), Some(last)) => format!(
            "{} till {}",
            format_month_name(first.year(), first.month()),
            format_month_name(last.year(), last.month())
        ),
        _ => String::new(),
    };
    let lowest = forecast
        .liquidity
        .iter()
        .min_by_key(|m| m.closing_cash)
        .map(|m| {
            format!(
                " Lägst är kassan i {}: {}.",
                format_month_name(m.month.year(), m.month.month()),
                balance_text_sv(m.closing_cash)
            )
        })
        .unwrap_or_default();
    let alt = format!("{sentence}{lowest}");
    let title = format!("Kassan vid slutet av varje månad, {span}, tusen kronor");
    let svg = line_chart(
        "plan-cash",
        &title,
        &alt,
        &months,
        &[Series {
            name: "Kassa vid månadens slut".to_owned(),
            values: values.iter().copied().map(Some).collect(),
        }],
        axis_range(&values),
    );
    let table = TextTable {
        name: "Kassan per månad",
        header: vec![
            "Månad".to_owned(),
            "Kassa vid månadens slut (kr)".to_owned(),
        ],
        rows: forecast
            .liquidity
            .iter()
            .map(|m| {
                vec![
                    label(format_month_name(m.month.year(), m.month.month())),
                    numeric(kronor(m.closing_cash)),
                ]
            })
            .collect(),
    };
    (SummaryChart { title, svg, alt }, table)
}

fn break_even_sentence(forecast: &Forecast) -> String {
    let break_even = &forecast.break_even;
    let needed = match break_even.monthly_revenue_needed {
        Some(needed) => {
            let average = forecast
                .years
                .first()
                .map_or(Money::ZERO, |year| Money::from_ore(year.revenue.ore() / 12));
            format!(
                "För att gå jämnt ut behövs en försäljning på {} kr per månad; år 1 är den i genomsnitt {} kr per månad.",
                kronor(needed),
                kronor(average)
            )
        }
        None => "Med dessa priser och kostnader täcker försäljningen aldrig de fasta kostnaderna."
            .to_owned(),
    };
    let covered = match break_even.first_month_covered {
        Some(month) => format!(
            " Det samlade resultatet når noll i {} (månad {}).",
            format_month_name(month.month.year(), month.month.month()),
            month.number
        ),
        None => format!(
            " Det samlade resultatet når inte noll inom {} månader.",
            forecast.months.len()
        ),
    };
    format!("{needed}{covered}")
}

fn break_even_chart(forecast: &Forecast, sentence: &str) -> (SummaryChart, TextTable) {
    let mut total = Money::ZERO;
    let accumulated: Vec<(YearMonth, Money)> = forecast
        .months
        .iter()
        .enumerate()
        .map(|(index, month)| {
            total = Money::from_ore(total.ore().saturating_add(month.result.ore()));
            let at = forecast
                .first_month
                .plus_months(i32::try_from(index).unwrap_or_default())
                .unwrap_or(forecast.first_month);
            (at, total)
        })
        .collect();
    // Every sixth month is labelled, so 36 labels never overlap.
    let labels: Vec<String> = (1..=accumulated.len())
        .map(|n| {
            if n % 6 == 0 {
                format!("mån {n}")
            } else {
                String::new()
            }
        })
        .collect();
    let values: Vec<f64> = accumulated.iter().map(|(_, a)| thousands(*a)).collect();
    let title = "Samlat resultat sedan starten, månad för månad, tusen kronor".to_owned();
    let svg = line_chart(
        "plan-break-even",
        &title,
        sentence,
        &labels,
        &[Series {
            name: "Samlat resultat".to_owned(),
            values: values.iter().copied().map(Some).collect(),
        }],
        axis_range(&values),
    );
    let table = TextTable {
        name: "Samlat resultat per månad",
        header: vec![
            "Månad".to_owned(),
            "Samlat resultat sedan starten (kr)".to_owned(),
        ],
        rows: accumulated
            .iter()
            .enumerate()
            .map(|(index, (month, amount))| {
                vec![
                    label(format!(
                        "{} (månad {})",
                        format_month_name(month.year(), month.month()),
                        index + 1
                    )),
                    numeric(kronor(*amount)),
                ]
            })
            .collect(),
    };
    (
        SummaryChart {
            title,
            svg,
            alt: sentence.to_owned(),
        },
        table,
    )
}

/// The summary of a computed forecast.
#[must_use]
pub fn summary(forecast: &Forecast) -> PlanSummary {
    let cash = cash_sentence_sv(forecast);
    let break_even = break_even_sentence(forecast);
    let (result_chart, years) = result_chart(forecast);
    let (cash_chart, months) = cash_chart(forecast, &cash);
    let (break_even_chart, accumulated) = break_even_chart(forecast, &break_even);
    PlanSummary {
        cash_runs_out: forecast.first_deficit().is_some(),
        cash,
        break_even,
        shortfall: crate::business_plan::shortfall(forecast),
        result_chart,
        cash_chart,
        break_even_chart,
        years,
        months,
        accumulated,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_axis_holds_every_value_with_zero_on_a_grid_line() {
        assert_eq!(axis_range(&[12.0, 37.0]), (0.0, 40.0));
        assert_eq!(axis_range(&[-12.4, 30.0]), (-20.0, 60.0));
        assert_eq!(axis_range(&[0.0]), (0.0, 4.0));
        let (low, high) = axis_range(&[-3_456.0, 120.0]);
        assert!(low <= -3_456.0 && high >= 120.0);
        let step = (high - low) / 4.0;
        assert!((low / step - (low / step).round()).abs() < 1e-9);
    }

    #[test]
    fn a_loss_is_a_bar_down_from_zero_and_the_warning_names_the_month() {
        let mut input =
            stegvis_domain::forecast::ForecastInput::empty(YearMonth::new(2027, 1).unwrap());
        input.costs.push(stegvis_domain::forecast::CostLine {
            name: "Hyra".into(),
            amount: stegvis_domain::forecast::CostAmount::Fixed {
                monthly: Money::from_kronor(10_000).unwrap(),
            },
            vat: stegvis_domain::forecast::VatRate::Zero,
            terms: stegvis_domain::forecast::PaymentTerms::Immediate,
        });
        let forecast = stegvis_domain::forecast::compute(&input).unwrap();
        let summary = summary(&forecast);
        assert!(summary.cash_runs_out);
        assert_eq!(
            summary.cash,
            "Kassan räcker inte i januari 2027: saldot blir \u{2212}10\u{a0}000\u{a0}kr."
        );
        // A loss of 120 thousand a year on an axis from −150 to 50 (plot from y 16 to 224): the
        // bar starts at zero, y 68, and reaches down to −120, y 192,8.
        let svg = &summary.result_chart.svg;
        let bar = svg
            .split("<rect class=\"series-1\"")
            .nth(1)
            .unwrap()
            .split("/>")
            .next()
            .unwrap();
        assert!(bar.contains("y=\"68.0\""), "{bar}");
        assert!(bar.contains("height=\"124.8\""), "{bar}");
        assert!(summary.years.rows[2][1].text.starts_with("-120"));
        assert!(
            summary
                .result_chart
                .alt
                .starts_with("Resultatet blir \u{2212}120")
        );
    }
}
