# Import från kalkylark (beslut 0029)
import-row-error = rad { $row }, { $column }: { $message }
import-refused = Ingenting importerades: { $count } rader kan inte importeras. Rätta raderna i rapporten och försök igen.
import-error-not-utf8 = Filen är inte sparad som UTF-8. Spara den som ”CSV UTF-8” i kalkylprogrammet och försök igen.
import-error-csv = Rad { $row } i filen går inte att läsa som CSV. Kontrollera citattecknen på raden.
import-error-too-many-rows = Filen har fler än { $max } rader. Dela upp den i flera filer.
import-error-no-header = Filen saknar rubrikrad. Första raden ska ha kolumnernas namn, som i mallen.
import-error-no-rows = Filen har inga rader under rubrikraden.
import-error-column-missing = Kolumnen saknas i filen. Välj vilken av filens kolumner som innehåller den.
import-error-yes-no = Skriv ja eller nej.
import-error-number-required = Personnummer krävs vid import, så att en ny import hittar samma person. Registrera personer utan personnummer i formuläret.
import-error-duplicate-row = Samma personnummer finns redan på rad { $row } i filen.
import-error-anonymised = Personen med det här personnumret är avidentifierad och kan inte importeras igen.
import-error-file-kind = Filen ska vara CSV eller XLSX.
import-error-xlsx = Filen går inte att läsa som ett XLSX-kalkylark.
