//! CSV (RFC 4180) that is safe to open in a spreadsheet.
//!
//! Written by hand because the rules are short and one of them is not what CSV crates do:
//! a cell starting with `=`, `+`, `-`, `@`, tab, carriage return or NUL would be run as a formula by
//! Excel or LibreOffice (CSV injection), so such cells get a leading apostrophe.

/// A CSV document being built row by row. Comma-separated, with CRLF line ends.
#[derive(Debug, Default)]
pub struct CsvWriter {
    out: String,
}

impl CsvWriter {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn row<I, S>(&mut self, cells: I)
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut first = true;
        for cell in cells {
            if !first {
                self.out.push(',');
            }
            first = false;
            self.out.push_str(&escape_cell(cell.as_ref()));
        }
        self.out.push_str("\r\n");
    }

    /// The document with a UTF-8 byte-order mark, which makes Excel read å, ä and ö correctly.
    pub fn finish(self) -> String {
        format!("\u{feff}{}", self.out)
    }
}

/// Neutralises formula triggers, then quotes the cell when it needs quoting.
pub fn escape_cell(cell: &str) -> String {
    let neutral = match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '\0') => format!("'{cell}"),
        _ => cell.to_string(),
    };
    if neutral.contains([',', '"', '\n', '\r']) {
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
            let escaped = escape_cell(&cell);
            let unquoted = escaped.strip_prefix('"').unwrap_or(&escaped);
            prop_assert!(!unquoted.starts_with(['=', '+', '-', '@', '\t', '\r', '\0']));
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
