//! A programme's report as a document: the steering-group report of a half-year or a year, or
//! the final report, as a tagged PDF (PDF/UA-1) and as an XLSX workbook.
//!
//! The caller hands over the report already written out in the reader's language (the same
//! panels, figures, charts and tables as the effects page, after disclosure control), so the
//! page and the documents can never show different figures. Charts are SVG and enter the PDF as
//! vector images, each beside its table; every text enters as a Typst string literal, so
//! nothing in it is ever evaluated as markup or code.

use std::collections::HashMap;

use crate::handbook_pdf::{literal, markdown_to_typst, text, typeset};
use crate::xlsx::{Cell, Sheet, WorkbookError, workbook};

/// What to print.
#[derive(Debug, Clone)]
pub struct ProgrammeReport {
    /// `Styrgruppsrapport första halvåret 2026`.
    pub title: String,
    pub programme: String,
    /// The period in words, printed on every page.
    pub period: String,
    /// The report date in words, printed on every page.
    pub date: String,
    /// Said once under the title: who the figures are for and how small groups are hidden.
    pub notes: Vec<String>,
    pub sections: Vec<Section>,
    /// The appendix heading and its Markdown (the method text).
    pub appendix: Option<(String, String)>,
}

/// One part of the report: an effect, the targets, or the funder statistics.
#[derive(Debug, Clone, Default)]
pub struct Section {
    pub heading: String,
    pub lead: String,
    pub notice: Option<String>,
    /// (label, value) pairs.
    pub figures: Vec<(String, String)>,
    /// What the figures mean in plain words, one sentence each, printed under them as on the
    /// page (issue 18: every interval and p-value has its sentence on paper too).
    pub plain: Vec<String>,
    /// An SVG chart with its title as the alternative text; its data is one of `tables`.
    pub chart: Option<Chart>,
    pub tables: Vec<ReportTable>,
}

/// An accessible SVG chart as the web page shows it.
#[derive(Debug, Clone)]
pub struct Chart {
    pub svg: String,
    pub alt: String,
}

/// A table: a caption, the column headings and the rows, the first cell of each a label.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportTable {
    pub caption: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// The page's chart colours (`.chart` in the stylesheet), written into the SVG, which stands
/// alone in the PDF.
const CHART_STYLE: &str = "<style>\
    .grid{stroke:#b0b0b0;stroke-width:1}\
    .tick,.label{font-size:12px;fill:#1a1a1a;font-family:'Libertinus Serif'}\
    .series-0{fill:#1d4f91;stroke:#1d4f91}\
    .series-1{fill:#b35900;stroke:#b35900}\
    rect.series-1{stroke:#1a1a1a;stroke-width:1}\
    .line{fill:none;stroke-width:2.5}\
    </style>";

/// The chart with the page's colours inside it, for a document where it stands alone; the
/// business plan's PDF uses it too.
pub(crate) fn styled(svg: &str) -> String {
    match svg.find("</desc>") {
        Some(end) => {
            let at = end + "</desc>".len();
            format!("{}{CHART_STYLE}{}", &svg[..at], &svg[at..])
        }
        None => svg.to_owned(),
    }
}

pub(crate) fn table_markup(table: &ReportTable) -> String {
    let columns = table.header.len().max(1);
    let header: Vec<String> = table
        .header
        .iter()
        .map(|title| format!("[#strong[{}]]", text(title)))
        .collect();
    let cells: Vec<String> = table
        .rows
        .iter()
        .flat_map(|row| {
            (0..columns).map(move |index| {
                let cell = row.get(index).map(String::as_str).unwrap_or_default();
                if index == 0 {
                    format!("[{}]", text(cell))
                } else {
                    format!("align(end)[{}]", text(cell))
                }
            })
        })
        .collect();
    format!(
        "#figure(kind: table, supplement: [Tabell], caption: figure.caption(position: top)[{}])[#text(size: 9pt)[#table(columns: {columns}, stroke: 0.5pt + luma(120), inset: 4pt, table.header({}), {})]]\n\n",
        text(&table.caption),
        header.join(", "),
        cells.join(", ")
    )
}

/// The complete Typst document, and the chart images it reads by name.
pub(crate) fn document(report: &ProgrammeReport) -> (String, HashMap<String, Vec<u8>>) {
    let mut images = HashMap::new();
    let mut doc = format!(
        "#set document(title: {title}, author: \"Stegvis\")\n\
         #set text(lang: \"sv\", region: \"SE\", size: 10.5pt, font: \"Libertinus Serif\")\n\
         #set par(justify: false, leading: 0.65em)\n\
         #set page(paper: \"a4\", margin: (x: 2cm, top: 2.6cm, bottom: 2.4cm),\n\
           header: [#set text(size: 8.5pt, fill: luma(70))\n{programme} #h(1fr) {period}],\n\
           footer: context [#set text(size: 8.5pt, fill: luma(70))\n{date} #h(1fr) #counter(page).display(\"1\")])\n\
         #show heading.where(level: 1): set text(size: 16pt)\n\
         #show heading.where(level: 2): set text(size: 13pt)\n\
         #show figure: set block(breakable: true)\n\
         #text(size: 22pt, weight: \"bold\")[{title_text}]\n\n\
         #text(size: 13pt)[{programme}]\n\n\
         {period} · {date}\n\n",
        title = literal(&format!("{}: {}", report.title, report.programme)),
        title_text = text(&report.title),
        programme = text(&report.programme),
        period = text(&report.period),
        date = text(&report.date),
    );
    for note in &report.notes {
        doc.push_str(&format!("#emph[{}]\n\n", text(note)));
    }
    doc.push_str("#outline(depth: 1)\n\n");
    for (index, section) in report.sections.iter().enumerate() {
        doc.push_str(&format!("= {}\n\n", text(&section.heading)));
        if !section.lead.is_empty() {
            doc.push_str(&format!("{}\n\n", text(&section.lead)));
        }
        if let Some(notice) = &section.notice {
            doc.push_str(&format!("#emph[{}]\n\n", text(notice)));
        }
        if !section.figures.is_empty() {
            let cells: Vec<String> = section
                .figures
                .iter()
                .map(|(label, value)| format!("[{}], align(end)[{}]", text(label), text(value)))
                .collect();
            doc.push_str(&format!(
                "#table(columns: (1fr, auto), stroke: none, inset: (x: 0pt, y: 3pt), table.header([#strong[Mått]], align(end)[#strong[Värde]]), {})\n\n",
                cells.join(", ")
            ));
        }
        for sentence in &section.plain {
            doc.push_str(&format!("{}\n\n", text(sentence)));
        }
        if let Some(chart) = &section.chart {
            let name = format!("chart-{index}.svg");
            images.insert(name.clone(), styled(&chart.svg).into_bytes());
            doc.push_str(&format!(
                "#figure(image({}, alt: {}, width: 100%), caption: [{}])\n\n",
                literal(&name),
                literal(&chart.alt),
                text(&chart.alt)
            ));
        }
        for table in &section.tables {
            if !table.rows.is_empty() {
                doc.push_str(&table_markup(table));
            }
        }
    }
    if let Some((heading, markdown)) = &report.appendix {
        doc.push_str(&format!("#pagebreak()\n= {}\n\n", text(heading)));
        doc.push_str(&markdown_to_typst(markdown, &HashMap::new()));
    }
    (doc, images)
}

/// Typesets the report as a tagged PDF conforming to PDF/UA-1.
///
/// # Errors
///
/// Typst's messages if the document cannot be typeset; a bug, never caused by the figures.
pub fn render_pdf(report: &ProgrammeReport) -> Result<Vec<u8>, String> {
    let (source, images) = document(report);
    typeset(source, &images)
}

/// A figure as a number when it is one, in the Swedish forms the tables are written in
/// (`1 234`, `12,5`, `40 %`, `−3,2`), so the workbook can be summed; anything else (a label,
/// a suppressed cell, an interval) stays text.
#[must_use]
pub fn number_cell(value: &str) -> Cell {
    let compact: String = value
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}' && *c != '\u{202f}')
        .map(|c| match c {
            ',' => '.',
            '−' => '-',
            c => c,
        })
        .collect();
    let (digits, percent) = match compact.strip_suffix('%') {
        Some(digits) => (digits, true),
        None => (compact.as_str(), false),
    };
    let numeric = !digits.is_empty()
        && digits
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-');
    match (numeric, digits.parse::<i64>(), digits.parse::<f64>()) {
        (true, Ok(whole), _) if !percent => Cell::Integer(whole),
        (true, _, Ok(number)) if number.is_finite() => {
            Cell::Number(if percent { number / 100.0 } else { number })
        }
        _ => Cell::Text(value.to_owned()),
    }
}

/// The report as a workbook: a sheet of the figures, then one sheet per table, numbers as
/// numbers (percentages as fractions).
///
/// # Errors
///
/// Only a failure inside the writer.
pub fn render_xlsx(report: &ProgrammeReport) -> Result<Vec<u8>, WorkbookError> {
    let mut sheets = vec![Sheet {
        name: "Rapport".into(),
        header: vec!["Del".into(), "Mått".into(), "Värde".into()],
        rows: std::iter::once(vec![
            Cell::Text(report.title.clone()),
            Cell::Text(report.programme.clone()),
            Cell::Text(format!("{} · {}", report.period, report.date)),
        ])
        .chain(report.sections.iter().flat_map(|section| {
            section.figures.iter().map(|(label, value)| {
                vec![
                    Cell::Text(section.heading.clone()),
                    Cell::Text(label.clone()),
                    number_cell(value),
                ]
            })
        }))
        .collect(),
    }];
    let mut used: Vec<String> = vec!["Rapport".into()];
    for section in &report.sections {
        for table in &section.tables {
            if table.rows.is_empty() {
                continue;
            }
            sheets.push(Sheet {
                name: unique_name(&table.caption, &mut used),
                header: table.header.clone(),
                rows: table
                    .rows
                    .iter()
                    .map(|row| {
                        row.iter()
                            .enumerate()
                            .map(|(index, value)| {
                                if index == 0 {
                                    Cell::Text(value.clone())
                                } else {
                                    number_cell(value)
                                }
                            })
                            .collect()
                    })
                    .collect(),
            });
        }
    }
    workbook(&sheets)
}

/// Excel wants sheet names of at most 31 characters, unique without regard to case.
fn unique_name(caption: &str, used: &mut Vec<String>) -> String {
    let base: String = caption.chars().take(27).collect();
    let mut name = base.clone();
    let mut counter = 2;
    while used.iter().any(|u| u.to_lowercase() == name.to_lowercase()) {
        name = format!("{base} {counter}");
        counter += 1;
    }
    used.push(name.clone());
    name
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::{Series, bar_chart};

    fn report() -> ProgrammeReport {
        ProgrammeReport {
            title: "Styrgruppsrapport 2026".into(),
            programme: "Sociala företag i \"Västervik\" #set".into(),
            period: "1 januari–31 december 2026".into(),
            date: "Rapportdatum 31 december 2026".into(),
            notes: vec!["Små grupper visas inte.".into()],
            sections: vec![Section {
                heading: "Mindre offentlig försörjning".into(),
                lead: "Månader före och efter.".into(),
                notice: None,
                figures: vec![("n".into(), "12".into())],
                plain: vec!["Tiden med försörjning minskade i genomsnitt med 7,5 månader.".into()],
                chart: Some(Chart {
                    svg: bar_chart(
                        "c",
                        "Heltidsmånader per betalare",
                        "Före och efter",
                        &["Kommunen".into()],
                        &[Series {
                            name: "Före".into(),
                            values: vec![Some(3.0)],
                        }],
                        (0.0, 5.0),
                    ),
                    alt: "Heltidsmånader per betalare".into(),
                }),
                tables: vec![ReportTable {
                    caption: "Heltidsmånader per betalare".into(),
                    header: vec!["Betalare".into(), "Före".into(), "Efter".into()],
                    rows: vec![vec!["Kommunen".into(), "3,0".into(), "1,5".into()]],
                }],
            }],
            appendix: Some(("Bilaga: metod".into(), "## Effekt 1\n\nText.".into())),
        }
    }

    #[test]
    fn a_report_renders_to_a_tagged_pdf_with_its_chart_as_a_vector_image() {
        let pdf = render_pdf(&report()).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        let raw = String::from_utf8_lossy(&pdf);
        assert!(raw.contains("/StructTreeRoot"), "the PDF is tagged");
        assert!(
            !raw.contains("/Subtype /Image"),
            "the chart is not a bitmap"
        );
    }

    #[test]
    fn the_plain_sentences_are_printed_under_their_figures() {
        let (source, _) = document(&report());
        let figures = source.find(&format!("align(end)[{}]", text("12"))).unwrap();
        let sentence = source
            .find(&text(
                "Tiden med försörjning minskade i genomsnitt med 7,5 månader.",
            ))
            .unwrap();
        let chart = source.find("chart-0.svg").unwrap();
        assert!(figures < sentence && sentence < chart);
    }

    #[test]
    fn the_charts_get_the_pages_colours_inside_the_svg() {
        let svg = styled("<svg><title>t</title><desc>d</desc><rect/></svg>");
        assert!(svg.starts_with("<svg><title>t</title><desc>d</desc><style>"));
        assert!(svg.ends_with("<rect/></svg>"));
    }

    #[test]
    fn swedish_figures_become_numbers_and_everything_else_stays_text() {
        assert_eq!(number_cell("1 234"), Cell::Integer(1234));
        assert_eq!(number_cell("12,5"), Cell::Number(12.5));
        assert_eq!(number_cell("40\u{a0}%"), Cell::Number(0.4));
        assert_eq!(number_cell("−3,2"), Cell::Number(-3.2));
        for text in ["–", "< 5", "1,0 – 2,0", "Kommunen", "2026-01-01"] {
            assert_eq!(number_cell(text), Cell::Text(text.into()), "{text}");
        }
    }

    #[test]
    fn the_workbook_holds_the_figures_and_one_sheet_per_table() {
        let bytes = render_xlsx(&report()).unwrap();
        assert_eq!(&bytes[..2], b"PK");
    }

    #[test]
    fn sheet_names_stay_unique() {
        let mut used = Vec::new();
        assert_eq!(unique_name("Kön", &mut used), "Kön");
        assert_eq!(unique_name("kön", &mut used), "kön 2");
    }
}
