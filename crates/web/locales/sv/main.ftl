## Layout
layout-skip-to-content = Hoppa till innehållet
layout-demo-banner = Demoläge.
layout-demo-banner-text = Allt här är påhittat. Skriv inte in riktiga personuppgifter.
layout-logout = Logga ut
layout-main-navigation = Huvudmeny
layout-accessibility-statement = Tillgänglighetsredogörelse
layout-licence = Stegvis är öppen källkod under EUPL-1.2.

nav-start = Start
nav-programmes = Program
nav-programmes-description = Insatser med period, finansiärer, budget och mål.
nav-organisations = Organisationer
nav-organisations-description = Huvudman, samverkansparter och finansiärer.
nav-users = Användare
nav-users-description = Konton, roller, inbjudningar och återställningslänkar.
nav-audit = Loggkontroll
nav-audit-description = Vem läste eller ändrade vad, och när.

session-warning-title = Du loggas snart ut
session-warning-text = Du har inte gjort något på en stund. Om några minuter loggas du ut automatiskt och det du inte har sparat försvinner.
session-warning-extend = Fortsätt vara inloggad
session-warning-extended = Du är fortfarande inloggad.
session-warning-expired = Du har loggats ut eftersom du inte gjort något på en stund. Logga in igen för att fortsätta.

## Roles
role-admin = Administratör
role-coordinator = Samordnare
role-case-officer = Handläggare
role-participant = Deltagare
role-enterprise = Företagsrepresentant
role-steering = Styrgrupp
role-evaluator = Utvärderare

## Forms and actions
form-error-summary = Det finns fel i formuläret
form-error-prefix = Fel:
form-choose = Välj …
form-date-hint = Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2011-09-09.
action-save = Spara
action-edit = Ändra
action-remove = Ta bort
action-filter = Filtrera
action-search = Sök
pagination-label = Sidor
pagination-previous = Föregående sida
pagination-next = Nästa sida
pagination-position = Sida { $page } av { $pages }

flash-logged-out = Du är utloggad.
flash-password-set = Ditt lösenord är sparat. Logga in med det nu.
flash-password-changed = Ditt lösenord är ändrat. Du har loggats ut på andra enheter.
flash-organisation-created = Organisationen är skapad.
flash-programme-created = Programmet är skapat.
flash-saved = Ändringarna är sparade.
flash-token-revoked = API-nyckeln är återkallad och fungerar inte längre.
flash-session-ended = Du loggades ut eftersom du inte gjort något på en stund. Logga in igen. Det du skickade sparades inte.
flash-removed = Raden är borttagen.

## Validation
error-required = Fyll i det här fältet.
error-too-long = Texten är för lång. Skriv högst { $max } tecken.
error-control-characters = Texten innehåller osynliga styrtecken. Skriv in den igen utan att klistra in.
error-choose-option = Välj ett av alternativen.
error-short-name-characters = Kortnamnet får bara innehålla bokstäver, siffror, bindestreck, punkt och understreck, utan mellanslag.
error-short-name-taken = Det finns redan en organisation med det kortnamnet. Välj ett annat.
error-username-length = Användarnamnet ska ha mellan { $min } och { $max } tecken.
error-username-characters = Användarnamnet får bara innehålla a–z utan å, ä och ö, siffror och tecknen . _ - @.
error-username-taken = Det användarnamnet används redan. Välj ett annat.
error-password-too-short = Lösenordet är för kort. Det ska ha minst { $min } tecken. En mening på några ord är lätt att minnas och svår att gissa.
error-password-is-username = Lösenordet får inte vara samma som användarnamnet.
error-passwords-differ = Lösenorden är inte likadana. Skriv samma lösenord i båda fälten.
error-current-password-wrong = Det nuvarande lösenordet stämmer inte.
error-organisation-required-for-role = Samordnare och handläggare måste höra till en organisation. Välj organisation.
error-organisation-unknown = Organisationen finns inte. Välj en organisation i listan.
error-cannot-demote-yourself = Du kan inte ändra din egen roll eller stänga av ditt eget konto. Be en annan administratör.
error-date-format = Skriv ett riktigt datum som ÅÅÅÅ-MM-DD, till exempel 2011-09-09.
error-period-ends-before-start = Slutdatumet är före startdatumet. Kontrollera datumen.
error-operator-not-yours = Du kan bara skapa och ändra program där din egen organisation är huvudman.
error-year-outside-period = Året ligger utanför programmets period. Välj ett år från { $first } till { $last }.
error-amount-negative = Beloppet kan inte vara negativt.
error-whole-number-range = Skriv ett heltal från { $min } till { $max }.
error-whole-number = Skriv ett heltal, till exempel 12.
error-record-reference = Skriv posten som typ:id, till exempel user:12.

## Error pages
error-back-to-start = Till startsidan
error-page-not-found-heading = Sidan finns inte
error-page-not-found-text = Sidan du söker finns inte, eller så har du inte behörighet att se den. Kontrollera adressen.
error-page-forbidden-heading = Du har inte behörighet
error-page-forbidden-text = Din roll ger inte tillgång till den här sidan. Kontakta en administratör om du behöver den.
error-page-unavailable-heading = Tjänsten är inte tillgänglig just nu
error-page-unavailable-text = Databasen svarar inte. Försök igen om en liten stund. Inget av det du skickat har sparats.
error-page-internal-heading = Något gick fel
error-page-internal-text = Ett fel uppstod hos oss och har loggats. Inget av det du skickat har sparats. Försök igen.
error-page-csrf-heading = Sidan var inaktuell
error-page-csrf-text = Formuläret kunde inte tas emot eftersom sidan var för gammal eller kom från en annan webbplats. Gå tillbaka, ladda om sidan och försök igen.
error-page-too-large-heading = För mycket data
error-page-too-large-text = Det du skickade var för stort. Skicka mindre åt gången.
error-page-link-heading = Länken fungerar inte
error-page-link-text = Länken har redan använts, har gått ut eller är felskriven. Be en administratör om en ny länk.

## Login
login-title = Logga in
login-username = Användarnamn
login-password = Lösenord
login-submit = Logga in
login-forgot = Har du glömt lösenordet? Be din administratör om en återställningslänk.
login-problem-heading = Inloggningen misslyckades
login-failed = Fel användarnamn eller lösenord. Kontrollera att du skrivit rätt.
login-locked = För många misslyckade försök. Kontot är låst till { $until }. Försök igen då, eller be en administratör om en återställningslänk.
login-too-many-attempts = För många misslyckade inloggningar från din anslutning. Vänta en kvart och försök igen.

## Activation
activate-title = Välj lösenord
activate-intro = Välj ett lösenord för kontot { $username }.
activate-submit = Spara lösenordet

## Start
start-title = Start
start-welcome = Välkommen, { $name }.
start-nothing-yet = Din roll har inga sidor här ännu. Fler delar av Stegvis kommer.

## Account
account-title = Mitt konto
account-username = Användarnamn
account-role = Roll
account-language = Språk
account-language-legend = Vilket språk vill du använda?
account-language-save = Spara språk
account-password = Byt lösenord
account-current-password = Nuvarande lösenord
account-new-password = Nytt lösenord
account-confirm-password = Nytt lösenord igen
account-password-hint = Minst 12 tecken. En mening på några ord är lätt att minnas och svår att gissa.
account-password-save = Byt lösenord
account-tokens = API-nycklar
account-tokens-intro = En API-nyckel låter ett annat system använda Stegvis API med dina behörigheter.
account-tokens-none = Du har inga API-nycklar.
account-tokens-caption = Dina API-nycklar
account-token-created-at = Skapad
account-token-last-used = Senast använd
account-token-revoke = Återkalla
account-token-name = Vad ska nyckeln användas till?
account-token-name-hint = Till exempel namnet på systemet som ska använda den.
account-token-create = Skapa API-nyckel
account-token-created = Nyckeln är skapad. Kopiera den nu: den visas bara den här gången.

## Organisations
organisations-title = Organisationer
organisations-new = Ny organisation
organisations-edit = Ändra organisation
organisations-empty = Det finns inga organisationer ännu.
organisations-caption = Organisationer ({ $count } st.)
organisation-name = Namn
organisation-short-name = Kortnamn
organisation-short-name-hint = Ett kort ord utan mellanslag, till exempel FK eller VVK.
organisation-kind = Typ
organisation-org-number = Organisationsnummer
organisation-org-number-hint = Frivilligt. Tio siffror, till exempel 212000-0000.
organisation-id = Id
org-kind-kommun = Kommun
org-kind-forsakringskassan = Försäkringskassan
org-kind-arbetsformedlingen = Arbetsförmedlingen
org-kind-region = Region
org-kind-samordningsforbund = Samordningsförbund
org-kind-other = Annan

## Users
users-title = Användare
users-new = Bjud in användare
users-edit = Ändra användare
users-new-intro = Användaren får en engångslänk där hon eller han väljer ett eget lösenord.
users-invite-submit = Skapa inbjudningslänk
users-filter = Filtrera användare
users-search = Användarnamn börjar med
users-all-roles = Alla roller
users-all-organisations = Alla organisationer
users-count = { $count } användare
user-username = Användarnamn
user-username-hint = Små bokstäver a–z, siffror och . _ - @. Kan inte ändras senare.
user-display-name = Namn
user-role = Roll
user-organisation = Organisation
user-organisation-hint = Krävs för samordnare och handläggare: den organisation personen arbetar för.
user-no-organisation = Ingen organisation
user-status = Status
user-status-active = Aktiv
user-status-invited = Inbjuden, har inte valt lösenord
user-status-disabled = Avstängd
user-active = Kontot är aktivt
user-reset-heading = Återställ lösenord
user-reset-intro = Skapa en engångslänk där användaren väljer ett nytt lösenord. Tidigare länkar slutar gälla.
user-reset-submit = Skapa återställningslänk
user-audit-link = Visa vad användaren har gjort i loggen
user-invited-heading = Inbjudan är skapad
user-link-intro = Skicka länken till användaren på ett säkert sätt. Den kan användas en gång och visas bara nu.
user-link-label = Engångslänk
user-link-expires = Länken gäller till { $expires }.
user-link-back = Tillbaka till användaren

## Programmes
programmes-title = Program
programmes-new = Nytt program
programmes-edit = Ändra program
programmes-empty = Det finns inga program som du kan se.
programme-name = Namn
programme-operator = Huvudman
programme-operator-hint = Organisationen som driver programmet och är personuppgiftsansvarig.
programme-period = Period
programme-starts-on = Startdatum
programme-ends-on = Slutdatum
programme-focus = Inriktning
programme-focus-hint = Individinriktade insatser arbetar med deltagare. Strukturövergripande insatser bygger nätverk, utbildar och tar fram kunskap.
programme-focus-individual = Individinriktad
programme-focus-structural = Strukturövergripande
programme-focus-both = Både individinriktad och strukturövergripande
programme-description = Beskrivning
programme-partners = Samverkansparter
programme-partners-legend = Vilka organisationer samverkar i programmet?
programme-partners-save = Spara samverkansparter
programme-targets = Mål
programme-targets-empty = Inga mål är registrerade.
programme-add-target = Lägg till mål
programme-budget = Budget per finansiär och år
programme-budget-empty = Ingen budget är registrerad.
programme-set-budget = Spara budgetrad
target-kind = Typ av mål
target-description = Mål
target-value = Målvärde
target-kind-enterprises-started = Startade sociala företag
target-kind-handbook = Handbok
target-kind-participants = Deltagare
target-kind-other = Annat
budget-financier = Finansiär
budget-year = År
budget-amount = Belopp (kr)
budget-amount-hint = Till exempel 450 000 eller 450 000,50. Ett nytt belopp för samma finansiär och år ersätter det gamla.
budget-total = Summa

## Audit log review
audit-title = Loggkontroll
audit-intro = Här syns vem som har läst eller ändrat vad i Stegvis. Loggen innehåller bara id-nummer, aldrig personuppgifternas innehåll. Dina sökningar loggas också.
audit-search = Sök i loggen
audit-actor = Användar-id
audit-actor-hint = Visa bara det en viss användare gjort.
audit-record = Post
audit-record-hint = Visa bara händelser som rör en viss post, till exempel user:12 eller programme:3.
audit-action = Händelse
audit-action-hint = Början av händelsens namn, till exempel user. eller login.
audit-from = Från och med
audit-until = Till och med
audit-export = Ladda ned som CSV (högst 10 000 händelser)
audit-empty = Inga händelser matchar sökningen.
audit-caption = Händelser, nyaste först
audit-seq = Nr
audit-when = När
audit-route = Väg
audit-records = Poster
audit-system = System
audit-older = Äldre händelser

## Accessibility statement
a11y-title = Tillgänglighetsredogörelse
a11y-intro = Stegvis ska kunna användas av alla, också med skärmläsare, förstoring, tangentbord eller röststyrning. Den här redogörelsen beskriver hur Stegvis uppfyller lagen om tillgänglighet till digital offentlig service (DOS-lagen) och vad vi vet inte fungerar.
a11y-status-heading = Hur tillgänglig är tjänsten?
a11y-status = Stegvis är byggt för att uppfylla WCAG 2.1 på nivå AA, som lagen kräver, och vi testar mot WCAG 2.2 nivå AA. Varje ändring prövas automatiskt med axe-core i en riktig webbläsare, med och utan JavaScript, och sidorna går att använda med enbart tangentbord.
a11y-known-heading = Kända brister
a11y-known-1 = Den engelska översättningen är inte fullständigt granskad av modersmålstalare.
a11y-known-2 = Automatiska tester hittar inte alla brister. Manuell granskning med skärmläsare är planerad men inte genomförd.
a11y-how-heading = Hur vi har testat
a11y-how = Vi testar med axe-core mot reglerna för WCAG 2.0, 2.1 och 2.2 nivå A och AA, med färgkontrast, i Chromium. Sidorna testas också utan JavaScript och vid 320 pixlars bredd.
a11y-feedback-heading = Om något inte fungerar
a11y-feedback = Kontakta den organisation som driver Stegvis hos er. Beskriv vad du försökte göra och vad som inte fungerade, så åtgärdar vi det eller ger dig informationen på annat sätt.
a11y-enforcement-heading = Tillsyn
a11y-enforcement = Myndigheten för digital förvaltning (Digg) har tillsyn över lagen. Om du inte är nöjd med hur vi hanterar dina synpunkter kan du anmäla det till Digg.
a11y-updated = Redogörelsen gäller den här versionen av Stegvis och uppdateras när tjänsten ändras.
