//! Importing a programme's existing spreadsheets: the table read from a file, each import's
//! template, how a file's columns map onto the template, and each row parsed with the same
//! domain types and rules as a form (decision 0029).
//!
//! Rows are numbered as the spreadsheet shows them, the header being row 1, so "rad 14" in a
//! report is the row the user sees as 14 in their program.

use crate::episode::required_date;
use crate::person::{Person, PersonDraft, PersonInput};
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
    /// The kinds of spreadsheet Stegvis imports. Income months and enterprises with their year
    /// figures are to follow (decision 0029).
    pub enum ImportKind {
        Persons => "deltagare",
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

impl ImportKind {
    pub fn columns(self) -> &'static [Column] {
        match self {
            ImportKind::Persons => PERSON_COLUMNS,
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
}
