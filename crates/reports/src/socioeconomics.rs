//! The socio-economic account as documents: a tagged PDF with the method and every parameter
//! as appendices, and a workbook whose every computed cell is a formula over the parameter and
//! input cells, so a reader sees how each number is made (issue 12).
//!
//! The PDF takes the account already written out in the reader's language (the page's panels,
//! charts and tables), like the programme report. The workbook takes the account itself, the
//! parameters and the inputs it was computed from, and writes each step of
//! `stegvis_domain::socioeconomics` as a spreadsheet formula with `ROUND(…; 2)` where the method
//! rounds to the öre (Excel's `ROUND` is half away from zero, the method's rule); the cached
//! result of each formula is the account's own exact figure.

use std::collections::HashMap;

use stegvis_domain::income::IncomeSource;
use stegvis_domain::money::{BASIS_POINTS_PER_WHOLE, Money};
use stegvis_domain::socioeconomics::{
    ACTORS, Account, AccountActor, Financing, Inputs, MAX_HORIZON, ParameterKey, ParameterSet,
    ScenarioBody, SourceMonths, TypicalCase, Unit, flow_years, investment, mul_div,
};

use crate::handbook_pdf::{markdown_to_typst, text, typeset};
use crate::programme_report::{ProgrammeReport, ReportTable, document, table_markup};
use crate::xlsx::{Cell, Sheet, WorkbookError, workbook};

/// The account as a PDF: the report's sections (inputs, results, sensitivity, one per actor
/// with its chart), then the parameters and the method as appendices.
#[derive(Debug, Clone)]
pub struct AccountDocument {
    /// The sections; its `appendix` is not used (the method comes last, after the parameters).
    pub report: ProgrammeReport,
    /// The appendix of parameters: heading, a sentence on where they come from, and the table
    /// (parameter, value, low–high, checked, source and date, note).
    pub parameters_heading: String,
    pub parameters_lead: String,
    pub parameters: ReportTable,
    /// Who bears each income source.
    pub actors: ReportTable,
    /// The method appendix: heading and Markdown.
    pub method: (String, String),
}

fn parameter_table(table: &ReportTable) -> String {
    let header: Vec<String> = table
        .header
        .iter()
        .map(|title| format!("[#strong[{}]]", text(title)))
        .collect();
    let cells: Vec<String> = table
        .rows
        .iter()
        .flat_map(|row| {
            (0..table.header.len())
                .map(move |index| format!("[{}]", text(row.get(index).map_or("", String::as_str))))
        })
        .collect();
    format!(
        "#figure(kind: table, supplement: [Tabell], caption: figure.caption(position: top)[{}])[#text(size: 7.5pt)[#table(columns: (auto, auto, auto, auto, 1.4fr, 1fr), align: left, stroke: 0.5pt + luma(120), inset: 3pt, table.header({}), {})]]\n\n",
        text(&table.caption),
        header.join(", "),
        cells.join(", ")
    )
}

/// Typesets the account as a tagged PDF conforming to PDF/UA-1.
///
/// # Errors
///
/// Typst's messages if the document cannot be typeset; a bug, never caused by the figures.
pub fn render_pdf(account: &AccountDocument) -> Result<Vec<u8>, String> {
    let mut report = account.report.clone();
    report.appendix = None;
    let (mut source, images) = document(&report);
    source.push_str(&format!(
        "#pagebreak()\n= {}\n\n{}\n\n",
        text(&account.parameters_heading),
        text(&account.parameters_lead)
    ));
    source.push_str(&parameter_table(&account.parameters));
    if !account.actors.rows.is_empty() {
        source.push_str(&table_markup(&account.actors));
    }
    source.push_str(&format!("#pagebreak()\n= {}\n\n", text(&account.method.0)));
    source.push_str(&markdown_to_typst(&account.method.1, &HashMap::new()));
    typeset(source, &images)
}

/// What the account was computed from, as the workbook prints it.
#[derive(Debug, Clone, Copy)]
pub enum Basis<'a> {
    /// Recorded data: effect 1's percent-months per source over `window` months, and the
    /// budget lines.
    ExPost {
        months: &'a [SourceMonths],
        window: u32,
        followed: u64,
        financing: &'a [Financing],
    },
    /// A scenario's typical cases and planned investment.
    ExAnte { body: &'a ScenarioBody },
}

/// Translates a message key of the web catalogue with its named arguments.
pub type Translate<'a> = &'a dyn Fn(&str, &[(&str, String)]) -> String;

/// Everything the workbook lays out, and the translator of its labels.
pub struct AccountWorkbook<'a> {
    pub params: &'a ParameterSet,
    pub inputs: &'a Inputs,
    pub account: &'a Account,
    pub basis: Basis<'a>,
    pub translate: Translate<'a>,
}

/// The column letter of a zero-based index (the workbook never goes past Z).
fn col(index: usize) -> char {
    char::from(b'A' + u8::try_from(index.min(25)).unwrap_or(25))
}

fn sheet_ref(sheet: &str, column: usize, row: usize) -> String {
    format!("'{}'!${}${row}", sheet.replace('\'', "''"), col(column))
}

fn kr(amount: Money) -> f64 {
    amount.ore() as f64 / 100.0
}

fn ore(value: i128) -> f64 {
    value as f64 / 100.0
}

fn formula(formula: String, value: f64) -> Cell {
    Cell::Formula { formula, value }
}

fn label(text: String) -> Cell {
    Cell::Text(text)
}

/// The sheet of parameters: one row per key in `ParameterKey::ALL` order, so `row_of` finds
/// each value's cell.
struct ParameterSheet {
    name: String,
}

impl ParameterSheet {
    fn row_of(key: ParameterKey) -> usize {
        ParameterKey::ALL
            .iter()
            .position(|k| *k == key)
            .unwrap_or(0)
            + 2
    }

    fn value(&self, key: ParameterKey) -> String {
        sheet_ref(&self.name, 1, Self::row_of(key))
    }
}

/// A row counter: `push` returns the Excel row number (the header is row 1).
struct Rows(Vec<Vec<Cell>>);

impl Rows {
    fn push(&mut self, row: Vec<Cell>) -> usize {
        self.0.push(row);
        self.0.len() + 1
    }

    fn next(&self) -> usize {
        self.0.len() + 2
    }
}

/// One flow's inputs as cells of the inputs sheet: how the calculation sheet reads them.
struct FlowCells {
    name: String,
    start_month: u32,
    /// Per public source with an actor: (source, actor, formula of the avoided amount, its
    /// cached öre).
    support: Vec<(IncomeSource, AccountActor, String, i128)>,
    /// Formulas and cached öre of the wage, the subsidised wage, the case hours and care days.
    wage: (String, i128),
    subsidised: (String, i128),
    hours: Option<(String, i128)>,
    care: Option<(String, i128)>,
}

/// Writes the workbook: parameters, inputs, the yearly change per flow and actor, the years
/// per actor with adjustments and discounting, and the results and the range.
///
/// # Errors
///
/// Only a failure inside the writer.
pub fn render_xlsx(book: &AccountWorkbook<'_>) -> Result<Vec<u8>, WorkbookError> {
    let ta = book.translate;
    let t = |key: &str| ta(key, &[]);
    let params = book.params;
    let p = ParameterSheet {
        name: t("socio-sheet-parameters"),
    };
    let inputs_name = t("socio-sheet-inputs");
    let calc_name = t("socio-sheet-calculation");
    let years_name = t("socio-sheet-years");
    let actor_label = |actor: AccountActor| t(&format!("socio-actor-{}", actor.code()));
    let source_label = |source: IncomeSource| t(&format!("income-source-{}", source.code()));
    let value_of = |key: ParameterKey| i128::from(params.value(key));

    // Parameters.
    let mut rows = Rows(Vec::new());
    for parameter in &params.parameters {
        let number = |v: i64| match parameter.key.unit() {
            Unit::Percent => Cell::Number(v as f64 / BASIS_POINTS_PER_WHOLE as f64),
            Unit::PerMonth | Unit::PerUnit => Cell::Number(v as f64 / 100.0),
        };
        rows.push(vec![
            label(t(&format!("socio-param-{}", parameter.key.code()))),
            number(parameter.value),
            number(parameter.low),
            number(parameter.high),
            label(t(match parameter.key.unit() {
                Unit::Percent => "socio-unit-share",
                Unit::PerMonth => "socio-unit-month",
                Unit::PerUnit => "socio-unit-unit",
            })),
            label(parameter.provenance.source.clone()),
            label(parameter.provenance.dated.clone()),
            label(t(if parameter.provenance.checked {
                "socio-checked-yes"
            } else {
                "socio-checked-no"
            })),
            label(parameter.provenance.note.clone()),
        ]);
    }
    rows.push(vec![]);
    rows.push(vec![label(t("socio-source")), label(t("socio-actor"))]);
    for mapping in &params.actors {
        rows.push(vec![
            label(source_label(mapping.source)),
            label(actor_label(mapping.actor)),
        ]);
    }
    let parameter_sheet = Sheet {
        name: p.name.clone(),
        header: vec![
            t("socio-parameter"),
            t("socio-value"),
            t("socio-low"),
            t("socio-high"),
            t("socio-unit"),
            t("socio-source"),
            t("socio-dated"),
            t("socio-checked"),
            t("socio-note"),
        ],
        rows: rows.0,
    };

    // Inputs, and each flow's amounts as formulas over them.
    let mut rows = Rows(Vec::new());
    let mut flows: Vec<FlowCells> = Vec::new();
    let mut investment_refs: [Option<String>; ACTORS] = Default::default();
    let cost_cell = |source: IncomeSource| ParameterKey::cost_of(source).map(|k| p.value(k));
    let wage = p.value(ParameterKey::MonthlyWage);
    match book.basis {
        Basis::ExPost {
            months,
            window,
            followed,
            financing,
        } => {
            let window_row = rows.push(vec![
                label(t("socio-window-months")),
                Cell::Integer(i64::from(window)),
            ]);
            rows.push(vec![
                label(t("socio-followed")),
                Cell::Integer(i64::try_from(followed).unwrap_or(i64::MAX)),
            ]);
            let w = sheet_ref(&inputs_name, 1, window_row);
            rows.push(vec![]);
            rows.push(vec![
                label(t("socio-source")),
                label(t("socio-actor")),
                label(t("socio-fte-before")),
                label(t("socio-fte-after")),
                label(t("socio-fte-change")),
            ]);
            let mut flow = FlowCells {
                name: t("socio-flow-followed"),
                start_month: 0,
                support: Vec::new(),
                wage: ("=0".into(), 0),
                subsidised: ("=0".into(), 0),
                hours: None,
                care: None,
            };
            let mut wage_changes = Vec::new();
            let mut wage_pm = 0i128;
            let per_year = |monthly: i128, pm: i128| {
                mul_div(monthly, pm * 12, 100 * i128::from(window.max(1)))
            };
            for m in months {
                let row = rows.next();
                let (before, after) = (i128::from(m.before), i128::from(m.after));
                let actor = params.actor_of(m.source);
                let public = ParameterKey::cost_of(m.source).is_some();
                let wage_source =
                    matches!(m.source, IncomeSource::Wage | IncomeSource::SubsidisedWage);
                let change = if public {
                    Some((format!("=C{row}-D{row}"), before - after))
                } else if wage_source {
                    Some((format!("=D{row}-C{row}"), after - before))
                } else {
                    None
                };
                let change_ref = sheet_ref(&inputs_name, 4, row);
                if let (Some(actor), Some(cost), Some((_, pm))) =
                    (actor, cost_cell(m.source), change.as_ref())
                {
                    let key = ParameterKey::cost_of(m.source).unwrap_or(ParameterKey::MonthlyWage);
                    flow.support.push((
                        m.source,
                        actor,
                        format!("=ROUND({cost}*{change_ref}*12/{w},2)"),
                        per_year(value_of(key), *pm),
                    ));
                }
                if wage_source {
                    wage_changes.push(change_ref.clone());
                    wage_pm += after - before;
                    if m.source == IncomeSource::SubsidisedWage {
                        flow.subsidised = (
                            format!("=ROUND({wage}*{change_ref}*12/{w},2)"),
                            per_year(value_of(ParameterKey::MonthlyWage), after - before),
                        );
                    }
                }
                rows.push(vec![
                    label(source_label(m.source)),
                    label(actor.map_or_else(|| "–".into(), actor_label)),
                    Cell::Number(ore(before)),
                    Cell::Number(ore(after)),
                    change.map_or(Cell::Empty, |(f, v)| formula(f, ore(v))),
                ]);
            }
            if !wage_changes.is_empty() {
                flow.wage = (
                    format!("=ROUND({wage}*({})*12/{w},2)", wage_changes.join("+")),
                    per_year(value_of(ParameterKey::MonthlyWage), wage_pm),
                );
            }
            flows.push(flow);
            rows.push(vec![]);
            rows.push(vec![
                label(t("socio-financier")),
                label(t("socio-amount")),
                label(actor_label(AccountActor::Kommunen)),
                label(actor_label(AccountActor::Regionen)),
                label(actor_label(AccountActor::Forsakringskassan)),
                label(actor_label(AccountActor::Arbetsformedlingen)),
                label(actor_label(AccountActor::Samhallet)),
            ]);
            let columns = [
                AccountActor::Kommunen,
                AccountActor::Regionen,
                AccountActor::Forsakringskassan,
                AccountActor::Arbetsformedlingen,
                AccountActor::Samhallet,
            ];
            let first = rows.next();
            for line in financing {
                let row = rows.next();
                let split = investment(std::slice::from_ref(line));
                let formulas: [String; 5] = match line.kind {
                    stegvis_domain::organisation::OrganisationKind::Samordningsforbund => [
                        format!("=B{row}-D{row}-E{row}"),
                        format!("=ROUND(B{row}/4,2)"),
                        format!("=ROUND(B{row}/2,2)"),
                        "=0".into(),
                        format!("=B{row}"),
                    ],
                    kind => {
                        let own = match kind {
                            stegvis_domain::organisation::OrganisationKind::Kommun => Some(0),
                            stegvis_domain::organisation::OrganisationKind::Region => Some(1),
                            stegvis_domain::organisation::OrganisationKind::Forsakringskassan => {
                                Some(2)
                            }
                            stegvis_domain::organisation::OrganisationKind::Arbetsformedlingen => {
                                Some(3)
                            }
                            _ => None,
                        };
                        std::array::from_fn(|i| {
                            if i == 4 || own == Some(i) {
                                format!("=B{row}")
                            } else {
                                "=0".into()
                            }
                        })
                    }
                };
                let mut cells = vec![
                    label(t(&format!("org-kind-{}", line.kind.code()))),
                    Cell::Number(kr(line.amount)),
                ];
                for (actor, f) in columns.iter().zip(formulas) {
                    cells.push(formula(f, kr(split[actor.index()])));
                }
                rows.push(cells);
            }
            let last = rows.next() - 1;
            let mut total = vec![label(t("socio-investment")), Cell::Empty];
            for (index, actor) in columns.iter().enumerate() {
                let c = col(index + 2);
                total.push(formula(
                    if last >= first {
                        format!("=SUM({c}{first}:{c}{last})")
                    } else {
                        "=0".into()
                    },
                    kr(book.inputs.investment[actor.index()]),
                ));
            }
            let total_row = rows.push(total);
            for (index, actor) in columns.iter().enumerate() {
                investment_refs[actor.index()] =
                    Some(sheet_ref(&inputs_name, index + 2, total_row));
            }
        }
        Basis::ExAnte { body } => {
            rows.push(vec![
                label(t("socio-case-name")),
                label(t("socio-case-participants")),
                label(t("socio-case-source")),
                label(t("socio-actor")),
                label(t("socio-case-share-before")),
                label(t("socio-case-share-after")),
                label(t("socio-case-job-share")),
                label(t("socio-case-subsidised-flag")),
                label(t("socio-case-months")),
                label(t("socio-case-care-days")),
                label(t("socio-case-case-hours")),
            ]);
            for case in &body.cases {
                let row = rows.next();
                let cell = |c: usize| sheet_ref(&inputs_name, c, row);
                let people = i128::from(case.participants);
                let actor = params.actor_of(case.source);
                flows.push(case_flow(case, &cell, &p, params, actor, people));
                rows.push(vec![
                    label(case.name.clone()),
                    Cell::Integer(i64::from(case.participants)),
                    label(source_label(case.source)),
                    label(actor.map_or_else(|| "–".into(), actor_label)),
                    Cell::Integer(i64::from(case.share_before)),
                    Cell::Integer(i64::from(case.share_after)),
                    Cell::Integer(i64::from(case.job_share)),
                    Cell::Integer(i64::from(case.subsidised)),
                    Cell::Integer(i64::from(case.months_to_outcome)),
                    Cell::Integer(i64::from(case.care_days)),
                    Cell::Integer(i64::from(case.case_hours)),
                ]);
            }
            rows.push(vec![]);
            rows.push(vec![label(t("socio-actor")), label(t("socio-investment"))]);
            let first = rows.next();
            for actor in AccountActor::payers() {
                let amount: i64 = body
                    .investment
                    .iter()
                    .filter(|(a, _)| *a == actor)
                    .map(|(_, m)| m.ore())
                    .sum();
                let row = rows.push(vec![
                    label(actor_label(actor)),
                    Cell::Number(amount as f64 / 100.0),
                ]);
                investment_refs[actor.index()] = Some(sheet_ref(&inputs_name, 1, row));
            }
            let last = rows.next() - 1;
            let row = rows.push(vec![
                label(actor_label(AccountActor::Samhallet)),
                formula(
                    format!("=SUM(B{first}:B{last})"),
                    kr(book.inputs.investment[AccountActor::Samhallet.index()]),
                ),
            ]);
            investment_refs[AccountActor::Samhallet.index()] =
                Some(sheet_ref(&inputs_name, 1, row));
        }
    }
    let inputs_sheet = Sheet {
        name: inputs_name.clone(),
        header: vec![t("socio-sheet-inputs"), String::new()],
        rows: rows.0,
    };

    // The yearly change per flow and actor.
    let mut rows = Rows(Vec::new());
    let mut totals: Vec<[String; ACTORS]> = Vec::new();
    let contributions = p.value(ParameterKey::EmployerContributions);
    for (index, flow) in flows.iter().enumerate() {
        rows.push(vec![label(flow.name.clone())]);
        let row_w = rows.push(vec![
            label(t("socio-calc-wage")),
            formula(flow.wage.0.clone(), ore(flow.wage.1)),
        ]);
        let w = format!("B{row_w}");
        let contrib_value = mul_div(
            flow.wage.1,
            value_of(ParameterKey::EmployerContributions),
            10_000,
        );
        let row_c = rows.push(vec![
            label(t("socio-calc-contributions")),
            formula(format!("=ROUND({w}*{contributions},2)"), ore(contrib_value)),
        ]);
        let c = format!("B{row_c}");
        let row_s = rows.push(vec![
            label(t("socio-calc-subsidised")),
            formula(flow.subsidised.0.clone(), ore(flow.subsidised.1)),
        ]);
        let s = flow.subsidised.1;
        let subsidy_value = mul_div(
            s + mul_div(s, value_of(ParameterKey::EmployerContributions), 10_000),
            value_of(ParameterKey::WageSubsidy),
            10_000,
        );
        let row_sub = rows.push(vec![
            label(t("socio-calc-subsidy")),
            formula(
                format!(
                    "=ROUND((B{row_s}+ROUND(B{row_s}*{contributions},2))*{},2)",
                    p.value(ParameterKey::WageSubsidy)
                ),
                ore(subsidy_value),
            ),
        ]);
        let mut support_refs: Vec<(AccountActor, String)> = Vec::new();
        for (source, actor, f, value) in &flow.support {
            let row = rows.push(vec![
                label(ta(
                    "socio-calc-avoided",
                    &[
                        ("source", source_label(*source)),
                        ("actor", actor_label(*actor)),
                    ],
                )),
                formula(f.clone(), ore(*value)),
            ]);
            support_refs.push((*actor, format!("B{row}")));
        }
        let hours_ref = flow.hours.as_ref().map(|(f, v)| {
            let row = rows.push(vec![
                label(t("socio-calc-hours")),
                formula(f.clone(), ore(*v)),
            ]);
            format!("B{row}")
        });
        let care_ref = flow.care.as_ref().map(|(f, v)| {
            let row = rows.push(vec![
                label(t("socio-calc-care")),
                formula(f.clone(), ore(*v)),
            ]);
            format!("B{row}")
        });
        rows.push(vec![
            label(t("socio-actor")),
            label(t("socio-component-support")),
            label(t("socio-component-taxes")),
            label(t("socio-component-services")),
            label(t("socio-component-wages")),
            label(t("socio-component-production")),
            label(t("socio-component-total")),
        ]);
        let annual = &book
            .inputs
            .flows
            .get(index)
            .map(|f| f.annual)
            .unwrap_or_default();
        let first_actor_row = rows.next();
        let tax_row = |actor: AccountActor| first_actor_row + actor.index();
        let mut refs: [String; ACTORS] = Default::default();
        for actor in AccountActor::ALL.iter().copied() {
            let row = rows.next();
            let sum_of = |refs: Vec<&String>| {
                if refs.is_empty() {
                    "=0".to_string()
                } else {
                    format!(
                        "={}",
                        refs.iter()
                            .map(|r| r.as_str())
                            .collect::<Vec<_>>()
                            .join("+")
                    )
                }
            };
            let support = match actor {
                AccountActor::Individen => {
                    let all: Vec<&String> = support_refs.iter().map(|(_, r)| r).collect();
                    if all.is_empty() {
                        "=0".into()
                    } else {
                        format!(
                            "=-({})",
                            all.iter().map(|r| r.as_str()).collect::<Vec<_>>().join("+")
                        )
                    }
                }
                AccountActor::Samhallet => "=0".into(),
                _ => {
                    let own = sum_of(
                        support_refs
                            .iter()
                            .filter(|(a, _)| *a == actor)
                            .map(|(_, r)| r)
                            .collect(),
                    );
                    if actor == AccountActor::Arbetsformedlingen {
                        format!("{own}-B{row_sub}")
                    } else {
                        own
                    }
                }
            };
            let taxes = match actor {
                AccountActor::Kommunen => {
                    format!("=ROUND({w}*{},2)", p.value(ParameterKey::MunicipalTax))
                }
                AccountActor::Regionen => {
                    format!("=ROUND({w}*{},2)", p.value(ParameterKey::RegionalTax))
                }
                AccountActor::Forsakringskassan => format!("={c}"),
                _ => "=0".into(),
            };
            let services = match actor {
                AccountActor::Kommunen => {
                    hours_ref.as_ref().map_or("=0".into(), |r| format!("={r}"))
                }
                AccountActor::Regionen => {
                    care_ref.as_ref().map_or("=0".into(), |r| format!("={r}"))
                }
                AccountActor::Samhallet => {
                    sum_of(hours_ref.iter().chain(care_ref.iter()).collect())
                }
                _ => "=0".into(),
            };
            let wages = if actor == AccountActor::Individen {
                format!(
                    "={w}-C{}-C{}",
                    tax_row(AccountActor::Kommunen),
                    tax_row(AccountActor::Regionen)
                )
            } else {
                "=0".into()
            };
            let production = if actor == AccountActor::Samhallet {
                format!(
                    "=ROUND(({w}+{c})*{},2)",
                    p.value(ParameterKey::ProductionValue)
                )
            } else {
                "=0".into()
            };
            let parts = annual[actor.index()];
            rows.push(vec![
                label(actor_label(actor)),
                formula(support, kr(parts.support)),
                formula(taxes, kr(parts.taxes)),
                formula(services, kr(parts.services)),
                formula(wages, kr(parts.wages)),
                formula(production, kr(parts.production)),
                formula(format!("=SUM(B{row}:F{row})"), kr(parts.total())),
            ]);
            refs[actor.index()] = sheet_ref(&calc_name, 6, row);
        }
        totals.push(refs);
        rows.push(vec![]);
    }
    let calc_sheet = Sheet {
        name: calc_name.clone(),
        header: vec![t("socio-calc-item"), t("socio-amount")],
        rows: rows.0,
    };

    // The years per actor.
    let a = &book.account.assumptions;
    let deadweight = p.value(ParameterKey::Deadweight);
    let attribution = p.value(ParameterKey::Attribution);
    let drop_off = p.value(ParameterKey::DropOff);
    let discount = p.value(ParameterKey::DiscountRate);
    let mut header = vec![t("socio-actor"), t("socio-year")];
    for flow in &flows {
        header.push(ta("socio-flow-full", &[("flow", flow.name.clone())]));
        header.push(ta("socio-flow-counted", &[("flow", flow.name.clone())]));
    }
    let gain_col = 2 + 2 * flows.len();
    for key in [
        "socio-gain",
        "socio-discounted",
        "socio-cumulative",
        "socio-investment",
        "socio-net",
    ] {
        header.push(t(key));
    }
    let (g, d, cum, inv) = (
        col(gain_col),
        col(gain_col + 1),
        col(gain_col + 2),
        col(gain_col + 3),
    );
    let mut rows = Rows(Vec::new());
    let mut cumulative_rows: [usize; ACTORS] = [0; ACTORS];
    for result in &book.account.actors {
        let actor = result.actor;
        let per_flow = flow_years(book.inputs, actor, a);
        let first_row = rows.next();
        cumulative_rows[actor.index()] = first_row;
        for year in 1..=MAX_HORIZON {
            let row = rows.next();
            let y = (year - 1) as usize;
            let mut cells = vec![label(actor_label(actor)), Cell::Integer(i64::from(year))];
            let mut counted = Vec::new();
            for (index, flow) in flows.iter().enumerate() {
                let full_col = col(2 + 2 * index);
                let counted_col = col(3 + 2 * index);
                let values = per_flow
                    .get(index)
                    .and_then(|v| v.get(y))
                    .copied()
                    .unwrap_or_default();
                let first = flow.start_month / 12 + 1;
                let active = 12 - flow.start_month % 12;
                if year < first {
                    cells.push(Cell::Number(0.0));
                    cells.push(Cell::Number(0.0));
                } else {
                    let full = if year == first {
                        format!(
                            "=ROUND(ROUND({}*(1-{deadweight}),2)*(1-{attribution}),2)",
                            totals[index][actor.index()]
                        )
                    } else {
                        format!("=ROUND({full_col}{}*(1-{drop_off}),2)", row - 1)
                    };
                    let months = if year == first { active } else { 12 };
                    cells.push(formula(full, kr(values.full)));
                    cells.push(formula(
                        format!("=ROUND({full_col}{row}*{months}/12,2)"),
                        kr(values.counted),
                    ));
                }
                counted.push(format!("{counted_col}{row}"));
            }
            let shown = result.years.get(y).copied();
            let gain = shown.map_or(Money::ZERO, |r| r.gain);
            let discounted = shown.map_or(Money::ZERO, |r| r.discounted);
            let cumulative = shown.map_or(Money::ZERO, |r| r.cumulative);
            cells.push(formula(
                if counted.is_empty() {
                    "=0".into()
                } else {
                    format!("={}", counted.join("+"))
                },
                kr(gain),
            ));
            let mut expr = format!("{g}{row}");
            for _ in 0..year {
                expr = format!("ROUND({expr}/(1+{discount}),2)");
            }
            cells.push(formula(format!("={expr}"), kr(discounted)));
            cells.push(formula(
                if year == 1 {
                    format!("={d}{row}")
                } else {
                    format!("={cum}{}+{d}{row}", row - 1)
                },
                kr(cumulative),
            ));
            cells.push(formula(
                investment_refs[actor.index()]
                    .as_ref()
                    .map_or_else(|| "=0".into(), |r| format!("={r}")),
                kr(result.investment),
            ));
            cells.push(formula(
                format!("={cum}{row}-{inv}{row}"),
                kr(cumulative) - kr(result.investment),
            ));
            rows.push(cells);
        }
    }
    let years_sheet = Sheet {
        name: years_name.clone(),
        header,
        rows: rows.0,
    };

    // Results at 1, 5 and 10 years, and the range.
    let mut rows = Rows(Vec::new());
    for (result, range) in book.account.actors.iter().zip(&book.account.sensitivity) {
        for h in &result.horizons {
            let year_row = cumulative_rows[result.actor.index()] + h.years as usize - 1;
            let row = rows.next();
            rows.push(vec![
                label(actor_label(result.actor)),
                Cell::Integer(i64::from(h.years)),
                formula(
                    format!("={}", sheet_ref(&years_name, gain_col + 3, year_row)),
                    kr(h.investment),
                ),
                formula(
                    format!("={}", sheet_ref(&years_name, gain_col + 2, year_row)),
                    kr(h.gains),
                ),
                formula(format!("=D{row}-C{row}"), kr(h.net)),
                match h.ratio {
                    Some(ratio) => formula(format!("=D{row}/C{row}"), ratio),
                    None => Cell::Text("–".into()),
                },
            ]);
        }
        rows.push(vec![
            label(actor_label(result.actor)),
            label(ta(
                "socio-range-at",
                &[("years", book.account.horizon.to_string())],
            )),
            Cell::Number(kr(range.low)),
            Cell::Number(kr(range.base)),
            Cell::Number(kr(range.high)),
        ]);
    }
    rows.push(vec![]);
    rows.push(vec![
        label(t("socio-drivers-heading")),
        Cell::Empty,
        label(t("socio-range-low")),
        label(t("socio-range-high")),
    ]);
    for driver in &book.account.drivers {
        rows.push(vec![
            label(t(&format!("socio-param-{}", driver.key.code()))),
            Cell::Empty,
            Cell::Number(kr(driver.low)),
            Cell::Number(kr(driver.high)),
        ]);
    }
    let results_sheet = Sheet {
        name: t("socio-sheet-results"),
        header: vec![
            t("socio-actor"),
            t("socio-horizon"),
            t("socio-investment"),
            t("socio-gains"),
            t("socio-net"),
            t("socio-ratio"),
        ],
        rows: rows.0,
    };
    workbook(&[
        parameter_sheet,
        inputs_sheet,
        calc_sheet,
        years_sheet,
        results_sheet,
    ])
}

/// A typical case's amounts as formulas over its row of the inputs sheet (columns: B
/// participants, E share before, F share after, G job share, H subsidised, J care days, K case
/// hours), with the account's exact figures as cached results.
fn case_flow(
    case: &TypicalCase,
    cell: &dyn Fn(usize) -> String,
    p: &ParameterSheet,
    params: &ParameterSet,
    actor: Option<AccountActor>,
    people: i128,
) -> FlowCells {
    let value_of = |key: ParameterKey| i128::from(params.value(key));
    let (n, before, after, job, subsidised, care, hours) = (
        cell(1),
        cell(4),
        cell(5),
        cell(6),
        cell(7),
        cell(9),
        cell(10),
    );
    let wage = p.value(ParameterKey::MonthlyWage);
    let job_share = i128::from(case.job_share);
    let mut support = Vec::new();
    if let (Some(actor), Some(key)) = (actor, ParameterKey::cost_of(case.source)) {
        let avoided = i128::from(case.share_before) - i128::from(case.share_after);
        support.push((
            case.source,
            actor,
            format!("=ROUND({}*({before}-{after})*12*{n}/100,2)", p.value(key)),
            mul_div(value_of(key), avoided * 12 * people, 100),
        ));
    }
    FlowCells {
        name: case.name.clone(),
        start_month: case.months_to_outcome,
        support,
        wage: (
            format!("=ROUND({wage}*{job}*12*{n}/100,2)"),
            mul_div(
                value_of(ParameterKey::MonthlyWage),
                job_share * 12 * people,
                100,
            ),
        ),
        subsidised: (
            format!("=ROUND({wage}*{job}*{subsidised}*12*{n}/100,2)"),
            if case.subsidised {
                mul_div(
                    value_of(ParameterKey::MonthlyWage),
                    job_share * 12 * people,
                    100,
                )
            } else {
                0
            },
        ),
        hours: Some((
            format!("={}*{hours}*12*{n}", p.value(ParameterKey::ServiceCaseHour)),
            value_of(ParameterKey::ServiceCaseHour) * i128::from(case.case_hours) * 12 * people,
        )),
        care: Some((
            format!("={}*{care}*{n}", p.value(ParameterKey::ServiceCareDay)),
            value_of(ParameterKey::ServiceCareDay) * i128::from(case.care_days) * people,
        )),
    }
}
