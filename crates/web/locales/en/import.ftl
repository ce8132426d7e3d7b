# Import from spreadsheets (decision 0029)
import-row-error = row { $row }, { $column }: { $message }
import-refused = Nothing was imported: { $count } rows cannot be imported. Correct the rows in the report and try again.
import-error-not-utf8 = The file is not saved as UTF-8. Save it as "CSV UTF-8" in your spreadsheet program and try again.
import-error-csv = Row { $row } of the file cannot be read as CSV. Check the quotation marks on that row.
import-error-too-many-rows = The file has more than { $max } rows. Split it into several files.
import-error-no-header = The file has no header row. The first row should hold the column names, as in the template.
import-error-no-rows = The file has no rows below the header.
import-error-column-missing = The column is missing from the file. Choose which of the file's columns holds it.
import-error-yes-no = Write yes or no (ja or nej).
import-error-number-required = A personnummer is required when importing, so that a later import finds the same person. Register people without a number through the form.
import-error-duplicate-row = The same personnummer is already on row { $row } of the file.
import-error-anonymised = The person with this personnummer has been anonymised and cannot be imported again.
import-error-file-kind = The file must be CSV or XLSX.
import-error-xlsx = The file cannot be read as an XLSX spreadsheet.
