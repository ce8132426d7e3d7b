# Meddelanden från domänkärnan (crates/domain): felmeddelanden för personnummer,
# organisationsnummer och belopp, och namn på grupper av juridiska former.
# Varje id motsvarar message_key() i koden; argumenten kommer från message_args().

## Personnummer

personnummer-error-empty = Skriv ett personnummer.
personnummer-error-contains-space = Skriv personnumret utan mellanslag, till exempel ÅÅÅÅMMDD-NNNN.
personnummer-error-invalid-character = Tecknet ”{ $character }” kan inte finnas i ett personnummer. Använd bara siffror och ett bindestreck före de fyra sista siffrorna.
personnummer-error-wrong-length = Personnumret har { $digits } siffror men ska ha 10 eller 12.
personnummer-error-misplaced-separator = Bindestrecket (eller plustecknet) ska stå en enda gång, direkt före de fyra sista siffrorna.
personnummer-error-plus-with-twelve-digits = Plustecken används bara när personnumret skrivs med 10 siffror. Skriv ett bindestreck när du skriver hela årtalet.
personnummer-error-not-canonical = Det sparade personnumret ska bestå av exakt 12 siffror utan skiljetecken.
personnummer-error-not-a-date = De första siffrorna, { $date }, är inget riktigt datum. Kontrollera år, månad och dag. I ett samordningsnummer är dagen ökad med 60.
personnummer-error-wrong-check-digit = Kontrollsiffran stämmer inte: den sista siffran borde vara { $expected }. Kontrollera att numret är rätt skrivet.
personnummer-error-in-the-future = Födelsedatumet { $birth_date } har inte varit än. Kontrollera årtalet.

## Organisationsnummer

orgnumber-error-empty = Skriv ett organisationsnummer.
orgnumber-error-contains-space = Skriv organisationsnumret utan mellanslag, till exempel NNNNNN-NNNN.
orgnumber-error-invalid-character = Tecknet ”{ $character }” kan inte finnas i ett organisationsnummer. Använd bara siffror och ett bindestreck före de fyra sista siffrorna.
orgnumber-error-wrong-length = Organisationsnumret har { $digits } siffror men ska ha 10, eller 12 om det börjar med 16.
orgnumber-error-missing-sixteen-prefix = Ett organisationsnummer med 12 siffror börjar med 16. Är det ett personnummer? En enskild firma har ägarens personnummer och inget eget organisationsnummer.
orgnumber-error-misplaced-separator = Bindestrecket ska stå en enda gång, direkt före de fyra sista siffrorna.
orgnumber-error-not-canonical = Det sparade organisationsnumret ska bestå av exakt 10 siffror utan bindestreck.
orgnumber-error-third-digit-too-small = Den tredje siffran är { $found }, men i ett organisationsnummer är den 2 eller högre. Är det ett personnummer? En enskild firma har ägarens personnummer och inget eget organisationsnummer.
orgnumber-error-wrong-check-digit = Kontrollsiffran stämmer inte: den sista siffran borde vara { $expected }. Kontrollera att numret är rätt skrivet.

## Grupper av juridiska former (första siffran i organisationsnumret)

legal-form-group-death-estates = Dödsbon
legal-form-group-public-sector = Stat, regioner, kommuner och församlingar
legal-form-group-foreign-companies = Utländska företag med verksamhet eller fastigheter i Sverige
legal-form-group-limited-companies = Aktiebolag
legal-form-group-simple-partnerships = Enkla bolag
legal-form-group-economic-associations = Ekonomiska föreningar och bostadsrättsföreningar
legal-form-group-non-profit-associations-and-foundations = Ideella föreningar och stiftelser
legal-form-group-trading-partnerships = Handelsbolag och kommanditbolag
legal-form-group-unknown = Okänd grupp

## Belopp

money-error-empty = Skriv ett belopp.
money-error-invalid-character = Tecknet ”{ $character }” kan inte finnas i ett belopp. Skriv till exempel 1 234,50.
money-error-no-digits = Beloppet saknar siffror. Skriv till exempel 1 234,50.
money-error-misplaced-minus = Minustecknet ska stå först, före siffrorna.
money-error-misplaced-thousands-separator = Mellanslag får bara dela upp kronorna i grupper om tre siffror, som i 1 234 567.
money-error-more-than-one-decimal-separator = Beloppet har mer än ett decimaltecken. Skriv ören efter ett kommatecken och dela upp tusental med mellanslag, som i 1 234,50.
money-error-too-many-decimals = Beloppet har { $decimals } decimaler men får ha högst två (ören). Dela upp tusental med mellanslag, inte med punkt.
money-error-too-large = Beloppet är för stort.
