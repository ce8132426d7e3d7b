//! Importing a programme's existing spreadsheets: the table read from a file, each import's
//! template, how a file's columns map onto the template, and each row parsed with the same
//! domain types and rules as a form (decision 0029).
//!
//! Rows are numbered as the spreadsheet shows them, the header being row 1, so "rad 14" in a
//! report is the row the user sees as 14 in their program.

use crate::enterprise::{Enterprise, EnterpriseDraft, EnterpriseInput};
use crate::enterprise_figures::{YearFigures, YearFiguresInput};
use crate::episode::required_date;
use crate::income::{IncomeRange, IncomeRangeInput, IncomeSource};
use crate::person::{Person, PersonDraft, PersonInput};
use crate::personnummer::Personnummer;
use crate::validation::FieldError;
use time::Date;

/// The most data rows one file may hold. A file this size imports in well under a minute
/// (docs/benchmarks.md); a larger register is split into several files.
pub const MAX_ROWS: usize = 200_000;

/// The field name of errors that concern the whole file rather than one column.
pub const FILE_FIELD: &str = "fil";

crate::coded_enum! {
    /// What an import does, or would do in a dry run, with one row.
    pub enum ImportAction {
        Create => "create",
        Update => "update",
        Unchanged => "unchanged",
        Refuse => "refuse",
    }
}

crate::coded_enum! {
    /// The kinds of spreadsheet Stegvis imports (decision 0029).
    pub enum ImportKind {
        Persons => "deltagare",
        IncomeMonths => "inkomstmanader",
        Enterprises => "foretag",
    }
}

/// One column of an import template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// The Swedish header in the template, also the field a row's errors name.
    pub header: &'static str,
    /// The form field whose errors belong to this column.
    pub field: &'static str,
    pub required: bool,
}

const fn column(header: &'static str, field: &'static str, required: bool) -> Column {
    Column {
        header,
        field,
        required,
    }
}

/// The people template: who the person is, how to reach them, and the referral to the
/// programme the file is imported into.
pub const PERSON_COLUMNS: &[Column] = &[
    column("personnummer", "personnummer", true),
    column("förnamn", "given_name", true),
    column("efternamn", "family_name", true),
    column("remissdatum", "referred_on", true),
    column("språk", "preferred_language", false),
    column("tolk", "interpreter_needed", false),
    column("skyddad_identitet", "protected_identity", false),
    column("adress", "address", false),
    column("telefon", "phone", false),
    column("e-post", "email", false),
];

/// The income months template: one income source of one participant in one month, the
/// income form's fields.
pub const INCOME_COLUMNS: &[Column] = &[
    column("personnummer", "personnummer", true),
    column("månad", "from", true),
    column("inkomstslag", "source", true),
    column("andel", "share_percent", true),
    column("belopp", "amount", false),
];

/// The enterprises template: the enterprise form's register fields and, when `år` is filled
/// in, the year figures form's fields for that year. An enterprise with several years has one
/// row a year.
pub const ENTERPRISE_COLUMNS: &[Column] = &[
    column("organisationsnummer", "organisationsnummer", true),
    column("namn", "name", true),
    column("juridisk_form", "legal_form", true),
    column("registreringsdatum", "registered_on", true),
    column("sni", "sni_code", false),
    column("adress", "address", false),
    column("postnummer", "postal_code", false),
    column("ort", "city", false),
    column("e-post", "contact_email", false),
    column("telefon", "contact_phone", false),
    column("webbplats", "website", false),
    column("år", "year", false),
    column("omsättning", "turnover", false),
    column("resultat", "result", false),
    column("lönekostnader", "wage_costs", false),
    column("offentliga_intäkter", "public_revenue", false),
    column("återinvesterat_överskott", "reinvested_surplus", false),
    column("räknat_den", "counted_on", false),
    column("anställda", "employees", false),
    column("i_målgruppen", "target_group", false),
    column("årsarbetskrafter", "work_units", false),
];

/// The year figure columns of the enterprises template, after `år`.
const FIGURE_HEADERS: [&str; 9] = [
    "omsättning",
    "resultat",
    "lönekostnader",
    "offentliga_intäkter",
    "återinvesterat_överskott",
    "räknat_den",
    "anställda",
    "i_målgruppen",
    "årsarbetskrafter",
];

impl ImportKind {
    pub fn columns(self) -> &'static [Column] {
        match self {
            ImportKind::Persons => PERSON_COLUMNS,
            ImportKind::IncomeMonths => INCOME_COLUMNS,
            ImportKind::Enterprises => ENTERPRISE_COLUMNS,
        }
    }

    /// The template's file name without extension, as downloaded.
    pub fn template_name(self) -> &'static str {
        match self {
            ImportKind::Persons => "mall-deltagare",
            ImportKind::IncomeMonths => "mall-inkomstmanader",
            ImportKind::Enterprises => "mall-foretag",
        }
    }
}

/// A spreadsheet as read from a file: its header row and its data rows, every cell as text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// Reads CSV as spreadsheet programs write it: UTF-8 with or without a byte-order mark,
    /// separated by commas or (as Swedish Excel does) semicolons, whichever the header row
    /// uses. Blank rows are skipped; a row may be shorter than the header.
    pub fn from_csv(bytes: &[u8]) -> Result<Table, FieldError> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        if std::str::from_utf8(bytes).is_err() {
            return Err(FieldError::new(FILE_FIELD, "import-error-not-utf8"));
        }
        let first_line = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
        let semicolons = first_line.iter().filter(|b| **b == b';').count();
        let commas = first_line.iter().filter(|b| **b == b',').count();
        let delimiter = if semicolons > commas { b';' } else { b',' };
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(bytes);
        let mut table = Table::default();
        for (index, record) in reader.records().enumerate() {
            let record = record.map_err(|_| {
                FieldError::new(FILE_FIELD, "import-error-csv").with_arg("row", index + 1)
            })?;
            let cells: Vec<String> = record.iter().map(|c| c.trim().to_string()).collect();
            if index == 0 {
                table.headers = cells;
            } else if cells.iter().any(|c| !c.is_empty()) {
                table.push_row(cells)?;
            }
        }
        table.check()
    }

    /// Reads the first sheet of an XLSX workbook, its first row being the headers. Every cell
    /// becomes the text the CSV path would have read, so one parser checks both: whole numbers
    /// without decimals (a personnummer typed as a number keeps its digits), other numbers
    /// with a decimal comma, dates as `YYYY-MM-DD`, true and false as ja and nej. The sheet is
    /// read cell by cell and reading stops at [`MAX_ROWS`], so a small file that unpacks to a
    /// huge sheet is refused before it fills memory.
    pub fn from_xlsx(bytes: &[u8]) -> Result<Table, FieldError> {
        use calamine::Reader;
        let not_xlsx = || FieldError::new(FILE_FIELD, "import-error-xlsx");
        let mut book: calamine::Xlsx<_> =
            calamine::Xlsx::new(std::io::Cursor::new(bytes)).map_err(|_| not_xlsx())?;
        let first = book.sheet_names().into_iter().next().ok_or_else(not_xlsx)?;
        let mut cells = book
            .worksheet_cells_reader(&first)
            .map_err(|_| not_xlsx())?;
        let mut table = Table::default();
        let mut current: Option<(u32, Vec<String>)> = None;
        let finish = |table: &mut Table, row: Vec<String>| -> Result<(), FieldError> {
            if table.headers.is_empty() {
                table.headers = row;
                Ok(())
            } else if row.iter().any(|c| !c.is_empty()) {
                table.push_row(row)
            } else {
                Ok(())
            }
        };
        while let Some(cell) = cells.next_cell().map_err(|_| not_xlsx())? {
            let (row, column) = cell.get_position();
            let text = xlsx_text(cell.get_value());
            if current.as_ref().is_some_and(|(r, _)| *r != row)
                && let Some((_, done)) = current.take()
            {
                finish(&mut table, done)?;
            }
            let (_, values) = current.get_or_insert_with(|| (row, Vec::new()));
            let column = usize::try_from(column).map_err(|_| not_xlsx())?;
            if column >= 1000 {
                return Err(not_xlsx());
            }
            if values.len() <= column {
                values.resize(column + 1, String::new());
            }
            values[column] = text;
        }
        if let Some((_, done)) = current {
            finish(&mut table, done)?;
        }
        table.check()
    }

    /// Adds a data row, refusing a file beyond [`MAX_ROWS`].
    pub fn push_row(&mut self, cells: Vec<String>) -> Result<(), FieldError> {
        if self.rows.len() >= MAX_ROWS {
            return Err(
                FieldError::new(FILE_FIELD, "import-error-too-many-rows").with_arg("max", MAX_ROWS)
            );
        }
        self.rows.push(cells);
        Ok(())
    }

    /// A table needs a header row and at least one data row to import anything.
    pub fn check(self) -> Result<Table, FieldError> {
        if self.headers.iter().all(String::is_empty) {
            return Err(FieldError::new(FILE_FIELD, "import-error-no-header"));
        }
        if self.rows.is_empty() {
            return Err(FieldError::new(FILE_FIELD, "import-error-no-rows"));
        }
        Ok(self)
    }

    /// The spreadsheet's row number of the data row at `index`.
    pub fn row_number(index: usize) -> usize {
        index + 2
    }
}

/// A cell of a workbook as the text a CSV export of it would hold.
fn xlsx_text(value: &calamine::DataRef<'_>) -> String {
    use calamine::DataRef;
    match value {
        DataRef::Empty => String::new(),
        DataRef::String(text) => text.trim().to_string(),
        DataRef::SharedString(text) => text.trim().to_string(),
        DataRef::Int(number) => number.to_string(),
        DataRef::Float(number) => number_text(*number),
        DataRef::Bool(true) => "ja".into(),
        DataRef::Bool(false) => "nej".into(),
        DataRef::DateTime(moment) if moment.is_datetime() => {
            let (year, month, day, hour, minute, second, _) = moment.to_ymd_hms_milli();
            if (hour, minute, second) == (0, 0, 0) {
                format!("{year:04}-{month:02}-{day:02}")
            } else {
                format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}")
            }
        }
        DataRef::DateTime(duration) => number_text(duration.as_f64()),
        DataRef::DateTimeIso(text) => text.strip_suffix("T00:00:00").unwrap_or(text).to_string(),
        DataRef::DurationIso(text) => text.clone(),
        DataRef::Error(error) => error.to_string(),
    }
}

/// A number as a Swede types it: whole numbers without decimals, others with a decimal comma.
fn number_text(number: f64) -> String {
    if number.fract() == 0.0 && number.abs() < 1e15 {
        format!("{number:.0}")
    } else {
        number.to_string().replace('.', ",")
    }
}

/// Headers compared as people write them: case, spaces, hyphens and underscores do not matter.
fn header_key(header: &str) -> String {
    header
        .trim()
        .trim_start_matches('\u{feff}')
        .to_lowercase()
        .chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-'))
        .collect()
}

/// For each column of a template, the file's column it is read from, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping {
    kind: ImportKind,
    sources: Vec<Option<usize>>,
}

impl Mapping {
    /// Matches the template's headers to the file's by name: the API's rule, and the
    /// pre-filled choice on the mapping page.
    pub fn by_headers(kind: ImportKind, headers: &[String]) -> Mapping {
        let keys: Vec<String> = headers.iter().map(|h| header_key(h)).collect();
        let sources = kind
            .columns()
            .iter()
            .map(|c| {
                let wanted = header_key(c.header);
                keys.iter().position(|k| *k == wanted)
            })
            .collect();
        Mapping { kind, sources }
    }

    /// The columns chosen on the mapping page, by the file's header names, in the template's
    /// order; a name the file does not have maps to nothing.
    pub fn from_names(kind: ImportKind, headers: &[String], chosen: &[String]) -> Mapping {
        let sources = kind
            .columns()
            .iter()
            .enumerate()
            .map(|(i, _)| {
                let name = chosen.get(i).map(String::as_str).unwrap_or_default();
                if name.is_empty() {
                    None
                } else {
                    headers.iter().position(|h| h == name)
                }
            })
            .collect();
        Mapping { kind, sources }
    }

    pub fn kind(&self) -> ImportKind {
        self.kind
    }

    /// The file's column for the template column at `index`.
    pub fn source(&self, index: usize) -> Option<usize> {
        self.sources.get(index).copied().flatten()
    }

    /// Every required template column that no file column is mapped to, as errors.
    pub fn check(&self) -> Result<(), Vec<FieldError>> {
        let missing: Vec<FieldError> = self
            .kind
            .columns()
            .iter()
            .enumerate()
            .filter(|(i, c)| c.required && self.source(*i).is_none())
            .map(|(_, c)| FieldError::new(c.header, "import-error-column-missing"))
            .collect();
        if missing.is_empty() {
            Ok(())
        } else {
            Err(missing)
        }
    }

    /// One data row's cells in the template's order.
    pub fn record<'a>(&self, row: &'a [String]) -> Record<'a> {
        let values = (0..self.kind.columns().len())
            .map(|i| {
                self.source(i)
                    .and_then(|s| row.get(s))
                    .map_or("", String::as_str)
            })
            .collect();
        Record {
            columns: self.kind.columns(),
            values,
        }
    }
}

/// One data row read through a mapping: a cell by its template header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record<'a> {
    columns: &'static [Column],
    values: Vec<&'a str>,
}

impl Record<'_> {
    pub fn get(&self, header: &str) -> &str {
        self.columns
            .iter()
            .position(|c| c.header == header)
            .and_then(|i| self.values.get(i).copied())
            .unwrap_or("")
            .trim()
    }

    /// The error moved to the column its form field belongs to, so a report names the header
    /// the user sees.
    fn relabel(&self, error: FieldError) -> FieldError {
        match self.columns.iter().find(|c| c.field == error.field) {
            Some(column) => FieldError {
                field: column.header,
                ..error
            },
            None => error,
        }
    }
}

/// "ja" or "nej" as people type it in a spreadsheet; blank is no.
pub fn parse_yes_no(header: &'static str, input: &str) -> Result<bool, FieldError> {
    match input.trim().to_lowercase().as_str() {
        "" | "nej" | "n" | "no" | "0" | "false" | "falskt" => Ok(false),
        "ja" | "j" | "yes" | "y" | "1" | "x" | "true" | "sant" => Ok(true),
        _ => Err(FieldError::new(header, "import-error-yes-no")),
    }
}

/// A person row, checked as the registration form checks a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonRow {
    pub draft: PersonDraft,
    pub referred_on: Date,
}

/// Parses a row of the people template. Unlike the form, a personnummer is required: it is
/// what makes a second import of the same file find the people the first one created.
pub fn parse_person(record: &Record<'_>, today: Date) -> Result<PersonRow, Vec<FieldError>> {
    let mut errors = Vec::new();
    let interpreter_needed = parse_yes_no("tolk", record.get("tolk"))
        .map_err(|e| errors.push(e))
        .unwrap_or(false);
    let protected_identity = parse_yes_no("skyddad_identitet", record.get("skyddad_identitet"))
        .map_err(|e| errors.push(e))
        .unwrap_or(false);
    let input = PersonInput {
        personnummer: record.get("personnummer").to_string(),
        given_name: record.get("förnamn").to_string(),
        family_name: record.get("efternamn").to_string(),
        preferred_language: record.get("språk").to_string(),
        interpreter_needed,
        protected_identity,
        address: record.get("adress").to_string(),
        phone: record.get("telefon").to_string(),
        email: record.get("e-post").to_string(),
        ..PersonInput::default()
    };
    let draft = if input.personnummer.is_empty() {
        errors.push(FieldError::new(
            "personnummer",
            "import-error-number-required",
        ));
        // The other fields are still checked, so every problem of the row shows at once.
        let unnumbered = PersonInput {
            birth_year: today.year().to_string(),
            sex: "unknown".into(),
            ..input
        };
        unnumbered.parse(today).map_err(|e| {
            errors.extend(e.iter().cloned().map(|e| record.relabel(e)));
        })
    } else {
        input.parse(today).map_err(|e| {
            errors.extend(e.iter().cloned().map(|e| record.relabel(e)));
        })
    };
    let referred_on = required_date("referred_on", record.get("remissdatum"))
        .and_then(|d| {
            if d > today {
                Err(FieldError::new("referred_on", "error-date-in-future"))
            } else {
                Ok(d)
            }
        })
        .map_err(|e| errors.push(record.relabel(e)));
    match (draft, referred_on) {
        (Ok(draft), Ok(referred_on)) if errors.is_empty() => Ok(PersonRow { draft, referred_on }),
        _ => Err(errors),
    }
}

/// Whether importing `draft` over the stored person would change nothing the row holds.
pub fn person_unchanged(stored: &Person, draft: &PersonDraft) -> bool {
    stored.given_name.as_deref() == Some(draft.given_name.as_str())
        && stored.family_name.as_deref() == Some(draft.family_name.as_str())
        && stored.preferred_language == draft.preferred_language
        && stored.interpreter_needed == draft.interpreter_needed
        && stored.protected_identity == draft.protected_identity
        && stored.address == draft.contact.address
        && stored.phone == draft.contact.phone
        && stored.email == draft.contact.email
}

/// A code as people type its label in a spreadsheet: "Eget företag" and "A-kassa" are the
/// codes `eget-foretag` and `a-kassa`. Case and the Swedish letters do not matter; spaces
/// become hyphens.
pub fn code_key(input: &str) -> String {
    input
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'å' | 'ä' => 'a',
            'ö' => 'o',
            ' ' | '_' => '-',
            other => other,
        })
        .collect()
}

/// A personnummer with the parser's own precise message, on the `personnummer` column.
fn parse_number(input: &str, today: Date) -> Result<Personnummer, FieldError> {
    if input.trim().is_empty() {
        return Err(FieldError::new("personnummer", "error-required"));
    }
    Personnummer::parse(input, today).map_err(|error| {
        error.message_args().into_iter().fold(
            FieldError::new("personnummer", error.message_key()),
            |field, (name, value)| field.with_arg(name, value),
        )
    })
}

/// An income row: whose, and the income form's single month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncomeRow {
    pub personnummer: Personnummer,
    /// One month (`from` equals `to`); a share of 0 removes the source, as in the form.
    pub range: IncomeRange,
}

/// Parses a row of the income months template with the income form's own checks. The month
/// may also be written as a date in it, as spreadsheet programs store months.
pub fn parse_income(record: &Record<'_>, today: Date) -> Result<IncomeRow, Vec<FieldError>> {
    let mut errors = Vec::new();
    let number = parse_number(record.get("personnummer"), today).map_err(|e| errors.push(e));
    let month = record.get("månad");
    let month = match month.get(..7) {
        Some(prefix) if month.len() == 10 && crate::timestamp::parse_date(month).is_some() => {
            prefix
        }
        _ => month,
    };
    let written = record.get("inkomstslag");
    let source = code_key(written);
    let known = source.parse::<IncomeSource>().is_ok();
    if !known && !written.is_empty() {
        errors.push(
            FieldError::new("inkomstslag", "import-error-income-kind").with_arg(
                "codes",
                IncomeSource::ALL
                    .iter()
                    .map(|s| s.code())
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        );
    }
    let input = IncomeRangeInput {
        from: month.to_string(),
        to: String::new(),
        source: if known || written.is_empty() {
            source
        } else {
            // Already reported above; a valid stand-in lets the other cells be checked.
            IncomeSource::Other.code().to_string()
        },
        share_percent: record.get("andel").to_string(),
        amount: record.get("belopp").to_string(),
    };
    let range = input
        .parse()
        .map_err(|e| errors.extend(e.iter().cloned().map(|e| record.relabel(e))));
    match (number, range) {
        (Ok(personnummer), Ok(range)) if errors.is_empty() => Ok(IncomeRow {
            personnummer,
            range,
        }),
        _ => Err(errors),
    }
}

/// An enterprise row: the enterprise as the register form checks it and, when `år` is filled
/// in, that year's figures as the figures form checks them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnterpriseRow {
    pub draft: EnterpriseDraft,
    pub figures: Option<YearFigures>,
}

/// Parses a row of the enterprises template for an enterprise of `operator_id`. The legal
/// form may be written as its code or its name ("Ekonomisk förening").
pub fn parse_enterprise(
    record: &Record<'_>,
    operator_id: i64,
    today: Date,
) -> Result<EnterpriseRow, Vec<FieldError>> {
    let mut errors = Vec::new();
    let input = EnterpriseInput {
        name: record.get("namn").to_string(),
        operator_id: operator_id.to_string(),
        organisationsnummer: record.get("organisationsnummer").to_string(),
        legal_form: code_key(record.get("juridisk_form")),
        registered_on: record.get("registreringsdatum").to_string(),
        sni_code: record.get("sni").to_string(),
        address: record.get("adress").to_string(),
        postal_code: record.get("postnummer").to_string(),
        city: record.get("ort").to_string(),
        contact_email: record.get("e-post").to_string(),
        contact_phone: record.get("telefon").to_string(),
        website: record.get("webbplats").to_string(),
        ..EnterpriseInput::default()
    };
    let draft = input
        .parse(today)
        .map_err(|e| errors.extend(e.iter().cloned().map(|e| record.relabel(e))));
    let figures = if record.get("år").is_empty() {
        if FIGURE_HEADERS.iter().any(|h| !record.get(h).is_empty()) {
            errors.push(FieldError::new("år", "import-error-year-missing"));
        }
        Ok(None)
    } else {
        YearFiguresInput {
            year: record.get("år").to_string(),
            turnover: record.get("omsättning").to_string(),
            result: record.get("resultat").to_string(),
            wage_costs: record.get("lönekostnader").to_string(),
            public_revenue: record.get("offentliga_intäkter").to_string(),
            reinvested_surplus: record.get("återinvesterat_överskott").to_string(),
            counted_on: record.get("räknat_den").to_string(),
            employees: record.get("anställda").to_string(),
            target_group: record.get("i_målgruppen").to_string(),
            work_units: record.get("årsarbetskrafter").to_string(),
        }
        .parse(today)
        .map(Some)
        .map_err(|e| errors.extend(e.iter().cloned().map(|e| record.relabel(e))))
    };
    match (draft, figures) {
        (Ok(draft), Ok(figures)) if errors.is_empty() => Ok(EnterpriseRow { draft, figures }),
        _ => Err(errors),
    }
}

/// The draft to write over a stored enterprise: the row's register fields, and what the
/// template does not carry (what it sells, the ASF checklist, registrations, the public
/// listing) kept as stored, so an import never clears what was entered in the form.
pub fn merge_enterprise(stored: &Enterprise, row: &EnterpriseDraft) -> EnterpriseDraft {
    EnterpriseDraft {
        what_it_sells: stored.what_it_sells.clone(),
        how_to_buy: stored.how_to_buy.clone(),
        asf: stored.asf.clone(),
        f_skatt: stored.f_skatt,
        vat_registered: stored.vat_registered,
        employer_registered: stored.employer_registered,
        public_listing: stored.public_listing,
        ..row.clone()
    }
}

/// Whether writing `draft` (already merged) over the stored enterprise would change nothing.
pub fn enterprise_unchanged(stored: &Enterprise, draft: &EnterpriseDraft) -> bool {
    stored.operator_id == draft.operator_id
        && stored.name == draft.name
        && stored.org_number == draft.org_number
        && stored.legal_form == draft.legal_form
        && stored.registered_on == draft.registered_on
        && stored.sni_code == draft.sni_code
        && stored.address == draft.address
        && stored.postal_code == draft.postal_code
        && stored.city == draft.city
        && stored.contact_email == draft.contact_email
        && stored.contact_phone == draft.contact_phone
        && stored.website == draft.website
}

/// The template as CSV, comma-separated like every CSV the API writes (decision 0005).
pub fn template_csv(kind: ImportKind) -> String {
    let mut line = kind
        .columns()
        .iter()
        .map(|c| c.header)
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 27);

    fn table(csv: &str) -> Table {
        Table::from_csv(csv.as_bytes()).unwrap()
    }

    fn first_row(table: &Table) -> Result<PersonRow, Vec<FieldError>> {
        let mapping = Mapping::by_headers(ImportKind::Persons, &table.headers);
        parse_person(&mapping.record(&table.rows[0]), TODAY)
    }

    #[test]
    fn a_semicolon_file_with_a_byte_order_mark_reads_like_a_comma_file() {
        let comma = table("personnummer,förnamn\n19800101-9804,Anna\n");
        let semicolon = table("\u{feff}personnummer;förnamn\r\n19800101-9804;Anna\r\n");
        assert_eq!(comma, semicolon);
        assert_eq!(comma.rows, vec![vec!["19800101-9804", "Anna"]]);
    }

    #[test]
    fn headers_match_whatever_their_case_spacing_and_underscores() {
        let t = table("Förnamn,PERSONNUMMER,Skyddad identitet,remiss-datum\nA,B,C,D\n");
        let mapping = Mapping::by_headers(ImportKind::Persons, &t.headers);
        assert_eq!(mapping.source(0), Some(1));
        assert_eq!(mapping.source(1), Some(0));
        assert_eq!(mapping.source(3), Some(3));
        assert_eq!(mapping.source(6), Some(2));
        let errors = mapping.check().unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, "efternamn");
    }

    #[test]
    fn a_good_row_gives_the_person_and_the_referral_date() {
        let t = table(
            "personnummer,förnamn,efternamn,remissdatum,tolk\n19800101-9804,Anna,Testsson,2026-01-15,ja\n",
        );
        let row = first_row(&t).unwrap();
        assert_eq!(row.draft.given_name, "Anna");
        assert!(row.draft.interpreter_needed);
        assert_eq!(row.referred_on, date!(2026 - 01 - 15));
    }

    #[test]
    fn every_problem_of_a_row_is_named_by_its_column_header() {
        let t = table(
            "personnummer,förnamn,efternamn,remissdatum,tolk\n19800101-9805,,Testsson,15/1 2026,kanske\n",
        );
        let errors = first_row(&t).unwrap_err();
        let keys: Vec<(&str, &str)> = errors.iter().map(|e| (e.field, e.key)).collect();
        assert!(keys.contains(&("personnummer", "personnummer-error-wrong-check-digit")));
        assert!(keys.contains(&("förnamn", "error-required")));
        assert!(keys.contains(&("remissdatum", "error-date-format")));
        assert!(keys.contains(&("tolk", "import-error-yes-no")));
    }

    #[test]
    fn a_row_without_a_personnummer_is_refused_since_a_second_import_could_not_find_it() {
        let t = table("personnummer,förnamn,efternamn,remissdatum\n,Anna,Testsson,2026-01-15\n");
        let errors = first_row(&t).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].key, "import-error-number-required");
    }

    #[test]
    fn a_file_without_data_rows_or_in_another_encoding_is_refused_as_a_whole() {
        assert_eq!(
            Table::from_csv(b"personnummer\n").unwrap_err().key,
            "import-error-no-rows"
        );
        assert_eq!(
            Table::from_csv(b"f\xf6rnamn\nA\n").unwrap_err().key,
            "import-error-not-utf8"
        );
    }

    #[test]
    fn the_template_lists_every_column_once_in_order() {
        let csv = template_csv(ImportKind::Persons);
        assert!(csv.starts_with("personnummer,förnamn,efternamn,remissdatum,"));
        let t = table(&format!("{csv}x\n"));
        let mapping = Mapping::by_headers(ImportKind::Persons, &t.headers);
        assert!(mapping.check().is_ok());
    }

    fn record_of(kind: ImportKind, csv: &str) -> (Mapping, Table) {
        let t = table(csv);
        (Mapping::by_headers(kind, &t.headers), t)
    }

    #[test]
    fn an_income_row_takes_the_source_by_its_name_and_the_month_as_a_date() {
        let (mapping, t) = record_of(
            ImportKind::IncomeMonths,
            "personnummer;månad;inkomstslag;andel;belopp\n19800101-9804;2025-03-01;Eget företag;50 %;1 500\n",
        );
        let row = parse_income(&mapping.record(&t.rows[0]), TODAY).unwrap();
        assert_eq!(row.range.source, IncomeSource::OwnBusiness);
        assert_eq!(row.range.from.to_string(), "2025-03");
        assert_eq!(row.range.to, row.range.from);
        assert_eq!(row.range.share_percent, 50);
    }

    #[test]
    fn an_income_row_names_every_problem_by_its_column() {
        let (mapping, t) = record_of(
            ImportKind::IncomeMonths,
            "personnummer,månad,inkomstslag,andel\n19800101-9805,2025-13,bidrag,150\n",
        );
        let errors = parse_income(&mapping.record(&t.rows[0]), TODAY).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            vec!["personnummer", "inkomstslag", "månad", "andel"]
        );
        assert_eq!(errors[0].key, "personnummer-error-wrong-check-digit");
        assert_eq!(errors[1].key, "import-error-income-kind");
    }

    #[test]
    fn an_enterprise_row_without_a_year_has_no_figures_and_figures_need_their_year() {
        let header = "organisationsnummer,namn,juridisk_form,registreringsdatum,år,omsättning";
        let (mapping, t) = record_of(
            ImportKind::Enterprises,
            &format!(
                "{header}\n769999-0045,Kustens Café,Ekonomisk förening,2019-03-01,,\n556000-0019,AB,aktiebolag,2015-06-10,,100\n"
            ),
        );
        let row = parse_enterprise(&mapping.record(&t.rows[0]), 7, TODAY).unwrap();
        assert_eq!(row.draft.operator_id, 7);
        assert_eq!(row.draft.name, "Kustens Café");
        assert!(row.figures.is_none());
        let errors = parse_enterprise(&mapping.record(&t.rows[1]), 7, TODAY).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(
            (errors[0].field, errors[0].key),
            ("år", "import-error-year-missing")
        );
    }

    #[test]
    fn an_enterprise_row_with_a_wrong_check_digit_is_refused_on_its_number() {
        let (mapping, t) = record_of(
            ImportKind::Enterprises,
            "organisationsnummer,namn,juridisk_form,registreringsdatum\n769999-0046,X,ekonomisk-forening,2019-03-01\n",
        );
        let errors = parse_enterprise(&mapping.record(&t.rows[0]), 7, TODAY).unwrap_err();
        assert_eq!(errors[0].field, "organisationsnummer");
        assert_eq!(errors[0].key, "orgnumber-error-wrong-check-digit");
    }

    #[test]
    fn numbers_from_a_workbook_read_as_a_swede_types_them() {
        assert_eq!(number_text(198_001_019_804.0), "198001019804");
        assert_eq!(number_text(9.5), "9,5");
        assert_eq!(number_text(-12_000.0), "-12000");
    }

    #[test]
    fn a_file_that_is_not_a_workbook_is_refused_as_a_whole() {
        assert_eq!(
            Table::from_xlsx(b"personnummer\n").unwrap_err().key,
            "import-error-xlsx"
        );
    }
}
