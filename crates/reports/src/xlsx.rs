//! Workbooks for spreadsheet users (funders, evaluators, treasurers): tables already computed by
//! the core, written as XLSX with numbers as numbers so they can be summed without retyping.

use rust_xlsxwriter::{Format, Formula, Workbook, XlsxError};

/// One value in a sheet. Numbers stay numbers in the file; text is written as text even when it
/// looks like a number (an id or an organisation number must not lose leading zeros).
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    Integer(i64),
    /// A formula such as `=C2/(1+D2)^B2`, with the value it gives, written as its cached result
    /// so that readers that do not recalculate still show the number.
    Formula {
        formula: String,
        value: f64,
    },
    Empty,
}

/// One worksheet: a name (at most 31 characters, Excel's limit), a bold header row and data rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub name: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// Why a workbook could not be written: only a programming error (an invalid sheet name) or a
/// failure inside the writer, never user input, so callers report it as a server error.
#[derive(Debug, thiserror::Error)]
#[error("the workbook could not be written: {0}")]
pub struct WorkbookError(#[from] XlsxError);

/// Writes the sheets, in order, into one XLSX file held in memory.
pub fn workbook(sheets: &[Sheet]) -> Result<Vec<u8>, WorkbookError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    for sheet in sheets {
        let worksheet = book.add_worksheet();
        worksheet.set_name(sheet_name(&sheet.name))?;
        for (column, title) in sheet.header.iter().enumerate() {
            worksheet.write_string_with_format(0, column_index(column), title, &bold)?;
        }
        for (index, row) in sheet.rows.iter().enumerate() {
            let row_index = u32::try_from(index + 1).unwrap_or(u32::MAX);
            for (column, cell) in row.iter().enumerate() {
                let column = column_index(column);
                match cell {
                    Cell::Text(text) => {
                        worksheet.write_string(row_index, column, text)?;
                    }
                    Cell::Number(number) => {
                        worksheet.write_number(row_index, column, *number)?;
                    }
                    Cell::Integer(number) => {
                        // Whole numbers in a report are counts and kronor far below 2^53.
                        worksheet.write_number(row_index, column, *number as f64)?;
                    }
                    Cell::Formula { formula, value } => {
                        worksheet.write_formula(
                            row_index,
                            column,
                            Formula::new(formula).set_result(value.to_string()),
                        )?;
                    }
                    Cell::Empty => {}
                }
            }
        }
        worksheet.autofit();
    }
    Ok(book.save_to_buffer()?)
}

fn column_index(column: usize) -> u16 {
    u16::try_from(column).unwrap_or(u16::MAX)
}

/// Excel refuses names over 31 characters and the characters `[]:*?/\`.
fn sheet_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '-' } else { c })
        .take(31)
        .collect();
    if cleaned.trim().is_empty() {
        "Blad".to_owned()
    } else {
        cleaned
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_workbook_is_a_zip_file_holding_the_sheet_names_and_text() {
        let bytes = workbook(&[Sheet {
            name: "Förändring: WHO-5".into(),
            header: vec!["Mått".into(), "n".into()],
            rows: vec![vec![Cell::Text("WHO-5".into()), Cell::Integer(12)]],
        }])
        .unwrap();
        assert_eq!(&bytes[..2], b"PK", "an XLSX file is a zip archive");
        assert!(bytes.len() > 1000);
    }

    #[test]
    fn sheet_names_are_shortened_and_cleaned_as_excel_requires() {
        assert_eq!(sheet_name("a/b:c"), "a-b-c");
        assert_eq!(sheet_name(&"x".repeat(40)).len(), 31);
        assert_eq!(sheet_name("  "), "Blad");
    }
}
