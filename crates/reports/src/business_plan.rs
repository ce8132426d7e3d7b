//! A business plan as a Swedish document: its text sections and the computed forecast, as a
//! tagged PDF and as an XLSX workbook.
//!
//! Both formats are built from the same tables ([`tables`]), so the PDF and the workbook can
//! never show different figures. Every text the team wrote enters the PDF as a Typst string
//! literal, so nothing in it is ever evaluated as markup or code.

use std::collections::HashMap;

use stegvis_domain::forecast::{
    FinancingKind, FinancingSource, Forecast, IncomeStatement, LiquidityMonth, Percent,
    StartupKind, StartupUse, cash_sentence_sv,
};
use stegvis_domain::income::YearMonth;
use stegvis_domain::money::Money;
use stegvis_domain::swedish::{MONTH_NAMES, format_integer, format_month_name};
use time::Date;

use crate::handbook_pdf::{literal, text, typeset};
use crate::plan_summary::{PlanSummary, summary};
use crate::programme_report::styled;
use crate::xlsx::{Cell, Sheet, WorkbookError, workbook};

/// What to print.
#[derive(Debug, Clone)]
pub struct BusinessPlan {
    pub title: String,
    /// The enterprise's or the business idea's name.
    pub enterprise: String,
    pub version: u32,
    /// The day this version was saved.
    pub date: Date,
    /// The plan's text: the canvas fields, market, organisation, legal form, risks.
    pub sections: Vec<PlanSection>,
    pub forecast: Forecast,
}

/// One text section. A blank line in `text` starts a new paragraph.
#[derive(Debug, Clone)]
pub struct PlanSection {
    pub heading: String,
    pub text: String,
}

/// One value in a table, kept typed until a format renders it.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Text(String),
    Amount(Money),
    Percent(Percent),
    Whole(u32),
    Empty,
}

/// One table of the forecast: a sheet in the workbook, a table in the PDF.
#[derive(Debug, Clone, PartialEq)]
struct Table {
    /// The sheet name, also the table's heading in the PDF.
    name: &'static str,
    header: Vec<String>,
    rows: Vec<Vec<Value>>,
}

/// `mars 2026`.
fn month_name(month: YearMonth) -> String {
    format_month_name(month.year(), month.month())
}

/// `mar 2026`: short enough for the columns of the liquidity table.
fn short_month_name(month: YearMonth) -> String {
    format!("{} {}", month_abbreviation(month), month.year())
}

/// `mar`: short enough for the labels of a chart with twelve months.
fn month_abbreviation(month: YearMonth) -> String {
    MONTH_NAMES
        .get(usize::from(month.month()).saturating_sub(1))
        .copied()
        .unwrap_or_default()
        .chars()
        .take(3)
        .collect()
}

fn startup_kind_label(kind: StartupKind) -> &'static str {
    match kind {
        StartupKind::Investment => "Investering",
        StartupKind::Expense => "Startkostnad",
        StartupKind::Stock => "Varulager",
    }
}

fn financing_kind_label(kind: FinancingKind) -> &'static str {
    match kind {
        FinancingKind::OwnContribution => "Egen insats",
        FinancingKind::MemberShares => "Medlemsinsatser",
        FinancingKind::Grant => "Bidrag",
        FinancingKind::Loan => "Lån",
    }
}

fn label(text: &str) -> Value {
    Value::Text(text.to_owned())
}

fn startup_table(forecast: &Forecast) -> Table {
    let budget = &forecast.startup_budget;
    let mut rows: Vec<Vec<Value>> = budget
        .items
        .iter()
        .map(|item| {
            vec![
                Value::Text(item.name.clone()),
                label(startup_kind_label(item.usage.kind())),
                Value::Amount(item.amount),
                match item.usage {
                    StartupUse::Investment { depreciation_years } => {
                        Value::Whole(depreciation_years)
                    }
                    StartupUse::Expense | StartupUse::Stock => Value::Empty,
                },
            ]
        })
        .collect();
    for (name, amount) in [
        ("Summa investeringar", budget.investments),
        ("Summa startkostnader", budget.expenses),
        ("Summa varulager", budget.stock),
        ("Summa startbudget", budget.total),
    ] {
        rows.push(vec![
            label(name),
            Value::Empty,
            Value::Amount(amount),
            Value::Empty,
        ]);
    }
    Table {
        name: "Startbudget",
        header: ["Post", "Slag", "Belopp (kr)", "Avskrivning (år)"]
            .map(str::to_owned)
            .to_vec(),
        rows,
    }
}

fn financing_table(forecast: &Forecast) -> Table {
    let financing = &forecast.financing;
    let mut rows: Vec<Vec<Value>> = financing
        .items
        .iter()
        .map(|item| {
            let mut row = vec![
                Value::Text(item.name.clone()),
                label(financing_kind_label(item.source.kind())),
                Value::Amount(item.amount),
            ];
            row.extend(match item.source {
                FinancingSource::Loan(loan) => [
                    Value::Percent(loan.annual_interest),
                    Value::Whole(loan.term_months),
                    Value::Whole(loan.grace_months),
                ],
                FinancingSource::OwnContribution
                | FinancingSource::MemberShares
                | FinancingSource::Grant => [Value::Empty, Value::Empty, Value::Empty],
            });
            row
        })
        .collect();
    let surplus_label = if financing.surplus < Money::ZERO {
        "Underskott: finansieringen räcker inte"
    } else {
        "Överskott efter startbudgeten"
    };
    for (name, amount) in [
        ("Summa finansiering", financing.total),
        ("Summa startbudget", forecast.startup_budget.total),
        (surplus_label, financing.surplus),
    ] {
        let mut row = vec![label(name), Value::Empty, Value::Amount(amount)];
        row.extend([Value::Empty, Value::Empty, Value::Empty]);
        rows.push(row);
    }
    Table {
        name: "Finansiering",
        header: [
            "Post",
            "Slag",
            "Belopp (kr)",
            "Ränta (% per år)",
            "Löptid (månader)",
            "Amorteringsfritt (månader)",
        ]
        .map(str::to_owned)
        .to_vec(),
        rows,
    }
}

/// A named line of a table: its Swedish name and how to read its amount.
type Line<T> = (&'static str, fn(&T) -> Money);

/// The income statement's lines in order, with their Swedish names.
const INCOME_LINES: [Line<IncomeStatement>; 13] = [
    ("Försäljning", |s| s.revenue),
    ("Rörliga kostnader", |s| s.variable_costs),
    ("Täckningsbidrag", |s| s.gross_margin),
    ("Löner", |s| s.wages),
    ("Arbetsgivaravgifter", |s| s.employer_contributions),
    ("Personalkostnader totalt", IncomeStatement::staff_costs),
    ("Lönestöd (intäkt)", |s| s.wage_subsidies),
    ("Övriga fasta kostnader", |s| s.other_fixed_costs),
    ("Startkostnader", |s| s.startup_expenses),
    ("Avskrivningar", |s| s.depreciation),
    ("Rörelseresultat", |s| s.operating_result),
    ("Räntekostnader", |s| s.interest),
    ("Resultat", |s| s.result),
];

fn income_table(forecast: &Forecast) -> Table {
    let mut header = vec!["Post (kr)".to_owned()];
    header.extend((1..=forecast.years.len()).map(|year| format!("År {year}")));
    Table {
        name: "Resultatbudget",
        header,
        rows: INCOME_LINES
            .iter()
            .map(|(name, line)| {
                let mut row = vec![label(name)];
                row.extend(forecast.years.iter().map(|year| Value::Amount(line(year))));
                row
            })
            .collect(),
    }
}

/// The liquidity forecast's lines in order, with their Swedish names.
const LIQUIDITY_LINES: [Line<LiquidityMonth>; 14] = [
    ("Ingående kassa", |m| m.opening_cash),
    ("Finansiering", |m| m.financing),
    ("Inbetalningar från kunder", |m| m.customer_receipts),
    ("Lönestöd", |m| m.wage_subsidies),
    ("Summa in", LiquidityMonth::inflows),
    ("Leverantörer", |m| m.supplier_payments),
    ("Startbudget", |m| m.startup_payments),
    ("Löner", |m| m.wages),
    ("Arbetsgivaravgifter", |m| m.employer_contributions),
    ("Moms (negativ: återbetalning)", |m| m.vat),
    ("Räntor", |m| m.interest),
    ("Amorteringar", |m| m.amortisation),
    ("Summa ut", LiquidityMonth::outflows),
    ("Utgående kassa", |m| m.closing_cash),
];

fn liquidity_table(forecast: &Forecast) -> Table {
    let mut header = vec!["Post (kr)".to_owned()];
    header.extend(forecast.liquidity.iter().map(|m| short_month_name(m.month)));
    let mut rows: Vec<Vec<Value>> = LIQUIDITY_LINES
        .iter()
        .map(|(name, line)| {
            let mut row = vec![label(name)];
            row.extend(forecast.liquidity.iter().map(|m| Value::Amount(line(m))));
            row
        })
        .collect();
    let mut warning = vec![label("Kassan räcker")];
    warning.extend(forecast.liquidity.iter().map(|m| {
        label(if m.is_negative() {
            "NEJ, underskott"
        } else {
            "ja"
        })
    }));
    rows.push(warning);
    Table {
        name: "Likviditetsbudget",
        header,
        rows,
    }
}

fn break_even_table(forecast: &Forecast) -> Table {
    let break_even = &forecast.break_even;
    let not_reached = || label("Nås inte");
    Table {
        name: "Nollpunkt",
        header: vec!["Mått".to_owned(), "Värde".to_owned()],
        rows: vec![
            vec![
                label("Täckningsgrad år 1 (%)"),
                break_even
                    .contribution_margin
                    .map_or_else(not_reached, Value::Percent),
            ],
            vec![
                label("Fasta kostnader per månad, år 1 (kr)"),
                Value::Amount(break_even.monthly_fixed_costs),
            ],
            vec![
                label("Försäljning som behövs per månad (kr)"),
                break_even
                    .monthly_revenue_needed
                    .map_or_else(not_reached, Value::Amount),
            ],
            vec![
                label("Första månaden då det samlade resultatet är noll eller mer"),
                break_even.first_month_covered.map_or_else(
                    || label("Inte inom 36 månader"),
                    |month| {
                        Value::Text(format!(
                            "{} (månad {})",
                            month_name(month.month),
                            month.number
                        ))
                    },
                ),
            ],
        ],
    }
}

/// The forecast's tables, in the order of the document.
fn tables(forecast: &Forecast) -> [Table; 5] {
    [
        startup_table(forecast),
        financing_table(forecast),
        income_table(forecast),
        liquidity_table(forecast),
        break_even_table(forecast),
    ]
}

/// An amount for a table in whole kronor: `12 500`, `-1 235`, with no-break spaces and no unit
/// (the column header says kronor). The sums are computed on exact öre before rounding, so a
/// column may differ from its sum by a krona; the documents say so.
fn amount_text(amount: Money) -> String {
    format_integer(amount.whole_kronor())
}

fn cell_markup(value: &Value) -> String {
    match value {
        Value::Text(content) => format!("[{}]", text(content)),
        Value::Amount(amount) => format!("align(end)[{}]", text(&amount_text(*amount))),
        Value::Percent(percent) => format!("align(end)[{}]", text(&percent.format_sv())),
        Value::Whole(number) => format!("align(end)[{number}]"),
        Value::Empty => "[]".to_owned(),
    }
}

fn table_markup(table: &Table, size: &str) -> String {
    let header: Vec<String> = table
        .header
        .iter()
        .map(|title| format!("[#strong[{}]]", text(title)))
        .collect();
    let cells: Vec<String> = table.rows.iter().flatten().map(cell_markup).collect();
    format!(
        "#text(size: {size})[#table(columns: {}, stroke: 0.5pt + luma(120), inset: 4pt, table.header({}), {})]\n\n",
        table.header.len(),
        header.join(", "),
        cells.join(", ")
    )
}

fn paragraphs(content: &str) -> String {
    content
        .replace("\r\n", "\n")
        .split("\n\n")
        .map(str::trim)
        .filter(|paragraph| !paragraph.is_empty())
        .map(|paragraph| format!("{}\n\n", text(paragraph)))
        .collect()
}

/// Says in words what the liquidity table shows, so no reader depends on colour or on reading
/// figures: the first month the cash runs out, or that it lasts.
fn liquidity_summary(forecast: &Forecast) -> String {
    cash_sentence_sv(forecast)
}

/// A summary table as Typst markup, numbers aligned to the end.
fn summary_table_markup(table: &TextTable) -> String {
    let header: Vec<String> = table
        .header
        .iter()
        .map(|title| format!("[#strong[{}]]", text(title)))
        .collect();
    let cells: Vec<String> = table
        .rows
        .iter()
        .flatten()
        .map(|cell| {
            if cell.numeric {
                format!("align(end)[{}]", text(&cell.text))
            } else {
                format!("[{}]", text(&cell.text))
            }
        })
        .collect();
    format!(
        "#text(size: 10pt)[#table(columns: {}, stroke: 0.5pt + luma(120), inset: 4pt, table.header({}), {})]\n\n",
        table.header.len(),
        header.join(", "),
        cells.join(", ")
    )
}

/// The summary first in the document: the warnings and the break-even point in words, then the
/// three charts as vector images, each with its sentence as the text alternative and the
/// result per year as a table.
fn summary_markup(summary: &PlanSummary, images: &mut HashMap<String, Vec<u8>>) -> String {
    let mut doc = "== Sammanfattning\n\n".to_owned();
    if let Some(shortfall) = &summary.shortfall {
        doc.push_str(&format!("#strong[{}]\n\n", text(shortfall)));
    }
    let cash = if summary.cash_runs_out {
        format!("#strong[{}]", text(&summary.cash))
    } else {
        text(&summary.cash)
    };
    doc.push_str(&format!("{cash}\n\n{}\n\n", text(&summary.break_even)));
    doc.push_str(&summary_table_markup(&summary.years));
    for (name, chart) in [
        ("result.svg", &summary.result_chart),
        ("cash.svg", &summary.cash_chart),
        ("break-even.svg", &summary.break_even_chart),
    ] {
        images.insert(name.to_owned(), styled(&chart.svg).into_bytes());
        doc.push_str(&format!(
            "#figure(image({}, alt: {}, width: 100%), caption: [#strong[{}] {}])\n\n",
            literal(name),
            literal(&chart.alt),
            text(&format!("{}.", chart.title)),
            text(&chart.alt)
        ));
    }
    doc.push_str(&format!(
        "{}\n\n",
        text("Belopp i hela kronor. Summorna är räknade på exakta belopp innan de avrundas.")
    ));
    doc
}

/// The complete Typst document, and the chart images it reads by name.
fn document(plan: &BusinessPlan) -> (String, HashMap<String, Vec<u8>>) {
    let mut images = HashMap::new();
    let [startup, financing, income, liquidity, break_even] = tables(&plan.forecast);
    let subtitle = format!(
        "Version {}, {}",
        plan.version,
        plan.date
            .format(&time::macros::format_description!("[year]-[month]-[day]"))
            .unwrap_or_default()
    );
    let mut doc = format!(
        "#set document(title: {}, author: \"Stegvis\")\n\
         #set text(lang: \"sv\", region: \"SE\", size: 11pt, font: \"Libertinus Serif\")\n\
         #set par(justify: false, leading: 0.7em)\n\
         #set page(paper: \"a4\", margin: (x: 2cm, y: 2.2cm), numbering: \"1\")\n\
         #show heading.where(level: 1): set text(size: 20pt)\n\
         #show heading.where(level: 2): set text(size: 14pt)\n\
         = {}\n\n\
         #text(size: 14pt)[{}]\n\n\
         {}\n\n",
        literal(&plan.title),
        text(&plan.title),
        text(&plan.enterprise),
        text(&subtitle),
    );
    doc.push_str(&summary_markup(&summary(&plan.forecast), &mut images));
    for section in &plan.sections {
        doc.push_str(&format!("== {}\n\n", text(&section.heading)));
        doc.push_str(&paragraphs(&section.text));
    }
    doc.push_str("== Startbudget\n\n");
    doc.push_str(&table_markup(&startup, "10pt"));
    doc.push_str("== Finansieringsplan\n\n");
    doc.push_str(&table_markup(&financing, "10pt"));
    if let Some(shortfall) = shortfall(&plan.forecast) {
        doc.push_str(&format!("{}\n\n", text(&shortfall)));
    }
    doc.push_str("== Resultatbudget för tre år\n\n");
    doc.push_str(&format!(
        "{}\n\n",
        text(&format!(
            "År 1 är de tolv månaderna från och med {}. Belopp utan moms.",
            month_name(plan.forecast.first_month)
        ))
    ));
    doc.push_str(&table_markup(&income, "10pt"));
    doc.push_str(&format!(
        "#page(flipped: true)[\n== Likviditetsbudget för tolv månader\n\n{}\n\n{}{}\n\n]\n",
        text("Belopp med moms, i den månad pengarna kommer in eller går ut."),
        table_markup(&liquidity, "7pt"),
        text(&liquidity_summary(&plan.forecast)),
    ));
    doc.push_str("== Nollpunkt\n\n");
    doc.push_str(&table_markup(&break_even, "10pt"));
    doc.push_str(&format!(
        "{}\n",
        text(
            "Täckningsgraden är försäljning minus rörliga kostnader, delat med försäljningen. \
             Nollpunkten är de fasta kostnaderna delade med täckningsgraden."
        )
    ));
    (doc, images)
}

/// One cell of a table as text for a web page; `numeric` cells are aligned to the end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextCell {
    pub text: String,
    pub numeric: bool,
}

/// One table of the forecast as text, for the plan's web page: built from the same tables as
/// the PDF and the workbook, so the page and the files never show different figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextTable {
    /// The table's Swedish name: Startbudget, Finansiering, Resultatbudget, Likviditetsbudget,
    /// Nollpunkt.
    pub name: &'static str,
    pub header: Vec<String>,
    pub rows: Vec<Vec<TextCell>>,
}

fn text_cell(value: &Value) -> TextCell {
    let (text, numeric) = match value {
        Value::Text(content) => (content.clone(), false),
        Value::Amount(amount) => (amount_text(*amount), true),
        Value::Percent(percent) => (percent.format_sv(), true),
        Value::Whole(number) => (number.to_string(), true),
        Value::Empty => (String::new(), false),
    };
    TextCell { text, numeric }
}

/// The forecast's tables as text, in the order of the document.
#[must_use]
pub fn text_tables(forecast: &Forecast) -> Vec<TextTable> {
    tables(forecast)
        .iter()
        .map(|table| TextTable {
            name: table.name,
            header: table.header.clone(),
            rows: table
                .rows
                .iter()
                .map(|row| row.iter().map(text_cell).collect())
                .collect(),
        })
        .collect()
}

/// The warnings the document states in words: a financing shortfall, and which months of the
/// liquidity forecast end with negative cash (or that none does).
#[must_use]
pub fn warnings(forecast: &Forecast) -> Vec<String> {
    shortfall(forecast)
        .into_iter()
        .chain([liquidity_summary(forecast)])
        .collect()
}

/// Says how much financing is missing, when the financing plan does not cover the budget.
pub(crate) fn shortfall(forecast: &Forecast) -> Option<String> {
    (forecast.financing.surplus < Money::ZERO).then(|| {
        format!(
            "Varning: finansieringen räcker inte till startbudgeten. Det saknas {}.",
            Money::from_ore(forecast.financing.surplus.ore().saturating_neg()).format_kronor_sv()
        )
    })
}

/// Typesets the plan as a tagged PDF (PDF/UA-1).
///
/// # Errors
///
/// Typst's messages if the document cannot be typeset; a bug, never caused by the plan's text.
pub fn render_pdf(plan: &BusinessPlan) -> Result<Vec<u8>, String> {
    let (source, images) = document(plan);
    typeset(source, &images)
}

fn xlsx_cell(value: &Value) -> Cell {
    match value {
        Value::Text(content) => Cell::Text(content.clone()),
        // Öre are exact in an f64 far beyond any amount in a plan.
        Value::Amount(amount) => Cell::Number(amount.ore() as f64 / 100.0),
        Value::Percent(percent) => Cell::Number(percent.basis_points() as f64 / 100.0),
        Value::Whole(number) => Cell::Integer(i64::from(*number)),
        Value::Empty => Cell::Empty,
    }
}

/// The forecast as a workbook with the sheets Startbudget, Finansiering, Resultatbudget,
/// Likviditetsbudget and Nollpunkt; amounts are numbers in kronor.
///
/// # Errors
///
/// A [`WorkbookError`] from the writer, never caused by the plan's content.
pub fn render_xlsx(plan: &BusinessPlan) -> Result<Vec<u8>, WorkbookError> {
    let sheets: Vec<Sheet> = tables(&plan.forecast)
        .iter()
        .map(|table| Sheet {
            name: table.name.to_owned(),
            header: table.header.clone(),
            rows: table
                .rows
                .iter()
                .map(|row| row.iter().map(xlsx_cell).collect())
                .collect(),
        })
        .collect();
    workbook(&sheets)
}

#[cfg(test)]
mod tests {
    use super::*;
    use stegvis_domain::forecast::{
        CostAmount, CostLine, FinancingItem, ForecastForm, ForecastInput, Loan, PaymentTerms,
        Quantity, RevenueLine, StaffLine, StartupItem, VatRate, compute,
    };

    fn kr(kronor: i64) -> Money {
        Money::from_ore(kronor * 100)
    }

    fn forecast() -> Forecast {
        let first_month = YearMonth::new(2026, 3).unwrap();
        let mut input = ForecastInput::empty(first_month);
        input.revenue.push(RevenueLine {
            name: "Cykelservice".into(),
            price: kr(450),
            start_volume: Quantity::from_whole(60).unwrap(),
            monthly_growth: Percent::from_basis_points(300),
            yearly_growth: Percent::from_basis_points(1_000),
            vat: VatRate::TwentyFive,
            terms: PaymentTerms::ThirtyDays,
        });
        input.costs.push(CostLine {
            name: "Lokalhyra".into(),
            amount: CostAmount::Fixed { monthly: kr(8_000) },
            vat: VatRate::TwentyFive,
            terms: PaymentTerms::ThirtyDays,
        });
        input.costs.push(CostLine {
            name: "Reservdelar".into(),
            amount: CostAmount::Variable {
                share_of_revenue: Percent::from_basis_points(3_000),
            },
            vat: VatRate::TwentyFive,
            terms: PaymentTerms::ThirtyDays,
        });
        input.staff.push(StaffLine {
            role: "Cykelmekaniker".into(),
            monthly_wage: kr(25_000),
            count: Quantity::from_whole(1).unwrap(),
            first_month,
            employer_contributions: Percent::from_basis_points(3_142),
            subsidy: kr(10_000),
            subsidy_months: Some(12),
        });
        input.startup.push(StartupItem {
            name: "Verktyg och ställ".into(),
            amount: kr(60_000),
            usage: StartupUse::Investment {
                depreciation_years: 5,
            },
        });
        input.financing.push(FinancingItem {
            name: "Medlemsinsatser".into(),
            amount: kr(15_000),
            source: FinancingSource::MemberShares,
        });
        input.financing.push(FinancingItem {
            name: "Lån från Almi".into(),
            amount: kr(40_000),
            source: FinancingSource::Loan(Loan {
                annual_interest: Percent::from_basis_points(600),
                term_months: 36,
                grace_months: 6,
            }),
        });
        compute(&input).unwrap()
    }

    fn plan(text: &str) -> BusinessPlan {
        BusinessPlan {
            title: "Affärsplan".into(),
            enterprise: "Cykelkooperativet Ekan".into(),
            version: 3,
            date: time::macros::date!(2026 - 02 - 14),
            sections: vec![
                PlanSection {
                    heading: "Affärsidé".into(),
                    text: text.into(),
                },
                PlanSection {
                    heading: "Risker".into(),
                    text: "Säsong.\n\nKonkurrens från kedjor.".into(),
                },
            ],
            forecast: forecast(),
        }
    }

    #[test]
    fn a_plan_renders_to_a_tagged_pdf() {
        let pdf = render_pdf(&plan("Vi lagar cyklar i Västervik.")).unwrap();
        if let Ok(path) = std::env::var("STEGVIS_WRITE_TEST_PDF") {
            std::fs::write(path, &pdf).unwrap();
        }
        assert!(pdf.starts_with(b"%PDF-"));
        assert!(String::from_utf8_lossy(&pdf).contains("/StructTreeRoot"));
    }

    #[test]
    fn markup_characters_in_the_teams_text_are_printed_not_interpreted() {
        let hostile = "#set page(width: 1cm) *fet* $x^2$ [länk] \\ \"citat\" _under_ @ref <etikett> // kommentar";
        let (typst, _) = document(&plan(hostile));
        assert!(typst.contains(
            "#\"#set page(width: 1cm) *fet* $x^2$ [länk] \\\\ \\\"citat\\\" _under_ @ref <etikett> // kommentar\""
        ));
        assert!(!typst.contains("\n#set page(width: 1cm)"));
        let pdf = render_pdf(&plan(hostile)).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
    }

    #[test]
    fn blank_lines_separate_paragraphs() {
        assert_eq!(
            paragraphs("Ett.\r\n\r\nTvå.\n\n\n"),
            "#\"Ett.\"\n\n#\"Två.\"\n\n"
        );
    }

    #[test]
    fn negative_cash_is_named_in_words_by_month() {
        let plan = plan("Text.");
        assert!(plan.forecast.liquidity[0].is_negative());
        let summary = liquidity_summary(&plan.forecast);
        assert!(summary.starts_with("Kassan räcker inte i mars 2026: saldot blir \u{2212}"));
        let [_, _, _, liquidity, _] = tables(&plan.forecast);
        let warning = liquidity.rows.last().unwrap();
        assert_eq!(warning[1], label("NEJ, underskott"));
        assert!(document(&plan).0.contains("Det saknas"));
    }

    #[test]
    fn the_pdf_opens_with_the_summary_and_its_three_charts_as_vector_images() {
        let plan = plan("Text.");
        let (typst, images) = document(&plan);
        let summary_at = typst.find("== Sammanfattning").unwrap();
        assert!(summary_at < typst.find("Affärsidé").unwrap());
        assert!(typst.contains("Kassan räcker inte i mars 2026"));
        assert!(typst.contains("Resultat per år") || typst.contains("Kostnader, netto"));
        assert_eq!(images.len(), 3);
        for name in ["result.svg", "cash.svg", "break-even.svg"] {
            let svg = String::from_utf8(images[name].clone()).unwrap();
            assert!(svg.contains("<style>"), "{name} carries its colours");
            assert!(typst.contains(&format!("image(\"{name}\", alt: ")));
        }
        let pdf = render_pdf(&plan).unwrap();
        assert!(
            !String::from_utf8_lossy(&pdf).contains("/Subtype /Image"),
            "the charts are vector graphics, not bitmaps"
        );
    }

    #[test]
    fn table_amounts_are_whole_kronor() {
        assert_eq!(amount_text(Money::from_ore(123_450)), "1\u{a0}235");
        assert_eq!(text_cell(&Value::Amount(Money::from_ore(-50))).text, "-1");
    }

    #[test]
    fn the_tables_show_the_forecasts_own_figures() {
        let forecast = forecast();
        let [startup, financing, income, liquidity, break_even] = tables(&forecast);
        assert_eq!(startup.rows.last().unwrap()[2], Value::Amount(kr(60_000)));
        // 15 000 + 40 000 − 60 000 = −5 000.
        assert_eq!(financing.rows.last().unwrap()[2], Value::Amount(kr(-5_000)));
        assert_eq!(income.header, ["Post (kr)", "År 1", "År 2", "År 3"]);
        assert_eq!(income.rows[0][1], Value::Amount(forecast.years[0].revenue));
        assert_eq!(liquidity.header.len(), 13);
        assert_eq!(liquidity.header[1], "mar 2026");
        assert_eq!(break_even.rows.len(), 4);
    }

    #[test]
    fn the_web_tables_are_the_documents_tables_as_text() {
        let forecast = forecast();
        let text = text_tables(&forecast);
        let names: Vec<&str> = text.iter().map(|t| t.name).collect();
        assert_eq!(
            names,
            [
                "Startbudget",
                "Finansiering",
                "Resultatbudget",
                "Likviditetsbudget",
                "Nollpunkt"
            ]
        );
        for (text, table) in text.iter().zip(tables(&forecast).iter()) {
            assert_eq!(text.header, table.header);
            assert_eq!(text.rows.len(), table.rows.len());
        }
        let cash_row = text[3].rows.last().map(|row| row[0].text.as_str());
        assert_eq!(cash_row, Some("Kassan räcker"));
        assert_eq!(
            warnings(&forecast).last(),
            Some(&liquidity_summary(&forecast))
        );
    }

    #[test]
    fn the_workbook_is_a_zip_file_with_amounts_as_kronor() {
        let bytes = render_xlsx(&plan("Text.")).unwrap();
        assert_eq!(&bytes[..2], b"PK");
        assert_eq!(
            xlsx_cell(&Value::Amount(Money::from_ore(123_450))),
            Cell::Number(1234.5)
        );
        assert_eq!(
            xlsx_cell(&Value::Percent(Percent::from_basis_points(3_142))),
            Cell::Number(31.42)
        );
    }

    #[test]
    fn a_plan_made_from_an_empty_form_still_renders() {
        let form = ForecastForm {
            first_month: "2026-01".into(),
            ..ForecastForm::default()
        };
        let forecast = compute(&form.parse().unwrap()).unwrap();
        let plan = BusinessPlan {
            sections: Vec::new(),
            forecast,
            ..plan("")
        };
        assert!(render_pdf(&plan).unwrap().starts_with(b"%PDF-"));
        assert_eq!(&render_xlsx(&plan).unwrap()[..2], b"PK");
    }
}
