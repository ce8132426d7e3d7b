//! CSV (RFC 4180) that is safe to open in a spreadsheet, in the dialect the reader's Excel
//! expects (decision 0005).
//!
//! Written by hand because the rules are short and one of them is not what CSV crates do:
//! a cell starting with `=`, `+`, `-`, `@`, tab, carriage return or NUL would be run as a formula by
//! Excel or LibreOffice (CSV injection), so such cells get a leading apostrophe.

/// Which spreadsheet a file is written for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Dialect {
    /// Comma-separated with a decimal point: English-language spreadsheets and programs that
    /// read CSV (the API's open data).
    #[default]
    International,
    /// Semicolon-separated with a decimal comma, as Excel set to Swedish opens a file with a
    /// double click: there the comma is the decimal sign, so a comma-separated file lands in one
    /// column.
    Swedish,
}

impl Dialect {
    /// The dialect of a reader's language code: Swedish unless the language is English.
    pub fn for_language(language: &str) -> Self {
        if language == "en" {
            Dialect::International
        } else {
            Dialect::Swedish
        }
    }

    pub fn separator(self) -> char {
        match self {
            Dialect::International => ',',
            Dialect::Swedish => ';',
        }
    }

    /// A number as a spreadsheet of this dialect reads it: `42.5` or `42,5`, without thousands
    /// separators (which would make it text).
    pub fn number(self, value: f64) -> String {
        let plain = value.to_string();
        match self {
            Dialect::International => plain,
            Dialect::Swedish => plain.replace('.', ","),
        }
    }
}

/// A CSV document being built row by row, with CRLF line ends.
#[derive(Debug, Default)]
pub struct CsvWriter {
    out: String,
    dialect: Dialect,
}

impl CsvWriter {
    /// A comma-separated document ([`Dialect::International`]).
    pub fn new() -> Self {
        Self::default()
    }

    pub fn with_dialect(dialect: Dialect) -> Self {
        Self {
            out: String::new(),
            dialect,
        }
    }

    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    pub fn row<I, S>(&mut self, cells: I)
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut first = true;
        for cell in cells {
            if !first {
                self.out.push(self.dialect.separator());
            }
            first = false;
            self.out
                .push_str(&escape_with(cell.as_ref(), self.dialect.separator()));
        }
        self.out.push_str("\r\n");
    }

    /// The document with a UTF-8 byte-order mark, which makes Excel read å, ä and ö correctly.
    pub fn finish(self) -> String {
        format!("\u{feff}{}", self.out)
    }
}

/// Neutralises formula triggers, then quotes the cell when it needs quoting in a
/// comma-separated file.
pub fn escape_cell(cell: &str) -> String {
    escape_with(cell, ',')
}

/// Neutralises formula triggers, then quotes the cell when it holds `separator`, a quote or a
/// line break.
pub fn escape_with(cell: &str, separator: char) -> String {
    let neutral = match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '\0') => format!("'{cell}"),
        _ => cell.to_string(),
    };
    if neutral.contains([separator, '"', '\n', '\r']) {
        format!("\"{}\"", neutral.replace('"', "\"\""))
    } else {
        neutral
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn plain_cells_are_written_as_they_are() {
        let mut csv = CsvWriter::new();
        csv.row(["seq", "åtgärd"]);
        csv.row(["1", "user.read"]);
        assert_eq!(csv.finish(), "\u{feff}seq,åtgärd\r\n1,user.read\r\n");
    }

    #[test]
    fn a_swedish_file_is_separated_by_semicolons_with_decimal_commas_and_starts_with_a_bom() {
        let mut csv = CsvWriter::with_dialect(Dialect::Swedish);
        csv.row(["kön", "poäng", "anteckning"]);
        csv.row([
            "kvinna".to_string(),
            csv.dialect().number(42.5),
            "a;b, c".to_string(),
        ]);
        assert_eq!(
            csv.finish(),
            "\u{feff}kön;poäng;anteckning\r\nkvinna;42,5;\"a;b, c\"\r\n"
        );
        assert_eq!(Dialect::for_language("sv"), Dialect::Swedish);
        assert_eq!(Dialect::for_language("en"), Dialect::International);
        assert_eq!(Dialect::International.number(42.5), "42.5");
    }

    #[test]
    fn cells_with_commas_quotes_or_newlines_are_quoted() {
        assert_eq!(escape_cell("a,b"), "\"a,b\"");
        assert_eq!(escape_cell("say \"hej\""), "\"say \"\"hej\"\"\"");
        assert_eq!(escape_cell("two\nlines"), "\"two\nlines\"");
    }

    #[test]
    fn formula_triggers_are_neutralised() {
        assert_eq!(
            escape_cell("=HYPERLINK(\"x\")"),
            "\"'=HYPERLINK(\"\"x\"\")\""
        );
        assert_eq!(escape_cell("+46"), "'+46");
        assert_eq!(escape_cell("-1"), "'-1");
        assert_eq!(escape_cell("@SUM(A1)"), "'@SUM(A1)");
    }

    proptest! {
        #[test]
        fn no_written_cell_starts_with_a_formula_trigger(cell in ".*") {
            for escaped in [escape_cell(&cell), escape_with(&cell, ';')] {
                let unquoted = escaped.strip_prefix('"').unwrap_or(&escaped);
                prop_assert!(!unquoted.starts_with(['=', '+', '-', '@', '\t', '\r', '\0']));
            }
        }

        #[test]
        fn a_semicolon_file_splits_back_into_its_cells(cells in proptest::collection::vec("[^\"\r\n]*", 1..5)) {
            let mut csv = CsvWriter::with_dialect(Dialect::Swedish);
            csv.row(cells.iter());
            let text = csv.finish();
            let line = text.strip_prefix('\u{feff}').and_then(|t| t.strip_suffix("\r\n")).unwrap_or_default();
            let mut read = Vec::new();
            let mut rest = line;
            loop {
                let (cell, next) = if let Some(quoted) = rest.strip_prefix('"') {
                    let end = quoted.find('"').unwrap_or(quoted.len());
                    (&quoted[..end], quoted.get(end + 1..).unwrap_or(""))
                } else {
                    let end = rest.find(';').unwrap_or(rest.len());
                    (&rest[..end], &rest[end..])
                };
                read.push(cell.to_string());
                match next.strip_prefix(';') {
                    Some(after) => rest = after,
                    None => break,
                }
            }
            let expected: Vec<String> = cells
                .iter()
                .map(|c| if c.starts_with(['=', '+', '-', '@', '\t', '\r', '\0']) { format!("'{c}") } else { c.clone() })
                .collect();
            prop_assert_eq!(read, expected);
        }

        #[test]
        fn a_quoted_cell_reads_back_to_the_neutralised_text(cell in ".*") {
            let escaped = escape_cell(&cell);
            let read_back = if let Some(inner) = escaped.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
                inner.replace("\"\"", "\"")
            } else {
                escaped.clone()
            };
            let expected = if cell.starts_with(['=', '+', '-', '@', '\t', '\r', '\0']) { format!("'{cell}") } else { cell.clone() };
            prop_assert_eq!(read_back, expected);
        }
    }
}
