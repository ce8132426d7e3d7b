# The log review in words (issue 18 item 6): picking whose log by name, actions and areas.
audit-pick-heading = Vems logg vill du granska?
audit-pick-intro = Sök på namnet på en deltagare eller en användare och välj bland träffarna. Du ser bara personer och användare som du har rätt att granska.
audit-pick-name = Namn
audit-pick-name-hint = Minst två bokstäver av för- eller efternamnet.
audit-pick-button = Sök namn
audit-pick-people = Personer
audit-pick-users = Användare
audit-pick-none = Ingen person eller användare som du får granska matchar namnet.
audit-pick-born = född { $year }
audit-reviewing-person = Loggen för { $name }
audit-reviewing-user = Det { $name } har gjort
audit-reviewing-record = Loggen för { $record }
audit-change-subject = Välj någon annan
audit-filter-heading = Avgränsa händelserna
audit-area = Område
audit-area-all = Alla områden
audit-advanced = Sök på användar-id eller post (för den som vet id-numret)
audit-who = Vem
audit-what = Vad
audit-error-name-short = Skriv minst två bokstäver av namnet.

# What an audited action did, in words; the key is log-action- and the code with dots as dashes.
log-action-access-refused = Nekades åtkomst
log-action-access-scan = Nekades åtkomst många gånger (möjlig avsökning)
log-action-activity-attendance = Registrerade närvaro
log-action-activity-create = Lade upp en aktivitet
log-action-activity-register = Öppnade en närvarolista
log-action-api-token-create = Skapade en API-nyckel
log-action-api-token-revoke = Återkallade en API-nyckel
log-action-appointment-add = Bokade en tid
log-action-audit-cull = Gallrade loggen
log-action-audit-search = Granskade loggen
log-action-audit-find-subject = Sökte efter person eller användare i loggkontrollen
log-action-consent-record = Registrerade ett samtycke
log-action-consent-withdraw = Registrerade att ett samtycke återkallats
log-action-consent-withdraw-undo = Ångrade en felaktig återkallelse av samtycke
log-action-database-backup = Säkerhetskopierade databasen
log-action-effects-read = Öppnade programmets effekter
log-action-enterprise-create = Registrerade ett socialt företag
log-action-enterprise-figures-save = Sparade ett företags årssiffror
log-action-enterprise-membership-add = Kopplade en deltagare till ett företag
log-action-enterprise-membership-end = Avslutade en deltagares koppling till ett företag
log-action-enterprise-membership-read = Läste en deltagares koppling till ett företag
log-action-enterprise-membership-update = Ändrade en deltagares koppling till ett företag
log-action-enterprise-support-add = Lade till stöd till ett företag
log-action-enterprise-support-remove = Tog bort stöd till ett företag
log-action-enterprise-update = Ändrade ett företags uppgifter
log-action-episode-assign = Tilldelade en deltagarperiod
log-action-episode-baseline = Registrerade inskrivning
log-action-episode-decline = Avböjde en remiss
log-action-episode-exit = Registrerade ett avslut
log-action-episode-exit-undo = Ångrade ett felaktigt avslut
log-action-follow-up-due-list = Såg listan över uppföljningar
log-action-follow-up-record = Registrerade en uppföljning
log-action-funder-statistics-read = Öppnade statistiken för finansiärer
log-action-handbook-add-chapter = Lade till ett kapitel i handboken
log-action-handbook-adopt-shipped = Tog in den levererade handbokstexten
log-action-handbook-approve = Godkände en ändring i handboken
log-action-handbook-delete-file = Tog bort en fil ur handboken
log-action-handbook-move-chapter = Flyttade ett kapitel i handboken
log-action-handbook-publish = Publicerade handboken
log-action-handbook-reject = Avslog en ändring i handboken
log-action-handbook-save-draft = Sparade ett utkast i handboken
log-action-handbook-start = Startade handboken
log-action-handbook-submit = Skickade en ändring i handboken för granskning
log-action-handbook-upload = Laddade upp en fil till handboken
log-action-idea-create = Registrerade en affärsidé
log-action-idea-enterprise-link = Kopplade en affärsidé till ett företag
log-action-idea-list = Såg listan över affärsidéer
log-action-idea-member-add = Lade till en person i en affärsidés team
log-action-idea-member-remove = Tog bort en person ur en affärsidés team
log-action-idea-partner-add = Lade till en partner till en affärsidé
log-action-idea-partner-remove = Tog bort en partner från en affärsidé
log-action-idea-plan-comment = Kommenterade en affärsplan
log-action-idea-plan-export = Laddade ned en affärsplan
log-action-idea-plan-read = Läste en affärsplan
log-action-idea-plan-save = Sparade en affärsplan
log-action-idea-read = Läste en affärsidé
log-action-idea-stage = Flyttade en affärsidé till ett nytt steg
log-action-idea-update = Ändrade en affärsidé
log-action-income-set = Registrerade inkomster för en månad
log-action-instrument-upload = Laddade upp en enkät
log-action-login-failed = Misslyckad inloggning
log-action-login-locked = Kontot låstes efter misslyckade inloggningar
log-action-login-succeeded = Loggade in
log-action-login-throttled = Inloggning stoppad efter många försök från samma adress
log-action-measures-read = Läste mått för ett program
log-action-note-add = Skrev en anteckning
log-action-organisation-create = Registrerade en organisation
log-action-organisation-update = Ändrade en organisation
log-action-person-anonymise = Avidentifierade en person
log-action-person-dismiss-duplicate = Markerade att två personer inte är samma
log-action-person-export = Tog fram ett registerutdrag
log-action-person-import = Importerade personer från ett kalkylark
log-action-person-import-check = Jämförde ett kalkylark med registret (provkörning)
log-action-import-upload = Laddade upp ett kalkylark för import
log-action-person-list = Såg personen i en lista
log-action-person-read = Läste personens uppgifter
log-action-person-refer = Registrerade en remiss
log-action-person-reveal-number = Visade personnumret
log-action-person-update = Ändrade personuppgifter
log-action-plan-goal = Skrev ett mål i planen
log-action-plan-goal-achieved = Markerade ett mål som uppnått
log-action-plan-step = Skrev ett steg i planen
log-action-plan-step-done = Markerade ett steg som klart
log-action-portal-read = Öppnade Min sida
log-action-programme-add-target = Lade till ett mål för programmet
log-action-programme-create = Skapade ett program
log-action-programme-delete-budget = Tog bort en budgetrad
log-action-programme-delete-target = Tog bort ett mål för programmet
log-action-programme-follow-up-months = Ändrade programmets uppföljningsmånader
log-action-programme-schedule = Ändrade programmets enkätschema
log-action-programme-set-budget = Ändrade programmets budget
log-action-programme-set-partners = Ändrade programmets samverkansparter
log-action-programme-update = Ändrade ett program
log-action-questionnaire-complete = Lämnade in en enkät
log-action-questionnaire-draft = Sparade svar på en enkät
log-action-questionnaire-due-list = Såg listan över enkäter att besvara
log-action-questionnaire-list = Såg enkäterna för en deltagarperiod
log-action-questionnaire-list-own = Såg sina egna enkäter
log-action-questionnaire-read = Läste enkätsvar
log-action-report-download = Laddade ned en rapport
log-action-report-request = Beställde en rapport
log-action-retention-rule = Ändrade en gallringsregel
log-action-retention-run = Körde gallringen
log-action-retention-preview = Såg vilka som står på tur att gallras
log-action-retention-scheduled = Den dagliga gallringen kördes
log-action-scores-export = Exporterade enkätpoäng
log-action-socioeconomics-parameters-saved = Sparade parametrar för den socioekonomiska kalkylen
log-action-socioeconomics-read = Öppnade den socioekonomiska kalkylen
log-action-socioeconomics-scenario-created = Skapade ett scenario
log-action-socioeconomics-scenario-updated = Ändrade ett scenario
log-action-start-appointments = Såg veckans bokade tider på startsidan
log-action-user-change-password = Bytte lösenord
log-action-user-create = Skapade en användare
log-action-user-invite = Bjöd in en användare
log-action-user-list = Såg listan över användare
log-action-user-read = Läste en användares uppgifter
log-action-user-read-names = Såg användarnamn
log-action-user-redeem-link = Använde en inbjudnings- eller återställningslänk
log-action-user-reset-link = Skapade en länk för nytt lösenord
log-action-user-set-locale = Bytte språk
log-action-user-update = Ändrade en användare

# The areas of the log review's filter: the first part of an action's code.
log-area-person = Personuppgifter
log-area-consent = Samtycken
log-area-episode = Deltagarperioder
log-area-plan = Planer
log-area-note = Anteckningar
log-area-appointment = Bokade tider
log-area-income = Inkomster
log-area-follow-up = Uppföljningar
log-area-activity = Aktiviteter och närvaro
log-area-questionnaire = Enkäter
log-area-enterprise = Sociala företag
log-area-idea = Affärsidéer
log-area-programme = Program
log-area-organisation = Organisationer
log-area-user = Användare
log-area-login = Inloggningar
log-area-access = Nekade åtkomster
log-area-audit = Loggkontroll

# The participant's "who has read your details", summarised per reader (issue 18 item 7).
portal-readers-latest = Senast { $when }
portal-readers-times = { $count ->
    [one] en gång
   *[other] { $count } gånger
}
portal-readers-details = Visa alla { $count } tillfällen

# Short month names under the income chart on the person page.
chart-month-1 = jan
chart-month-2 = feb
chart-month-3 = mar
chart-month-4 = apr
chart-month-5 = maj
chart-month-6 = jun
chart-month-7 = jul
chart-month-8 = aug
chart-month-9 = sep
chart-month-10 = okt
chart-month-11 = nov
chart-month-12 = dec

# The enterprise page: people linked today, beside the count on the latest head-count date.
enterprise-linked-today = I dag är { $count ->
    [one] en deltagare kopplad
   *[other] { $count } deltagare kopplade
}, varav { $employees } anställda.

## Gallring (retention)
retention-title = Gallring
retention-intro = Enligt er gallringsregel avidentifieras personer ett visst antal år efter att deras senaste period avslutades. Gallringen körs automatiskt en gång per dygn. Här ser du vilka som står på tur i dag och när gallringen senast kördes.
retention-preview-heading = Står på tur i dag
retention-rule-summary = Uppgifter sparas i { $years } år efter den senaste utskrivningen. Den som skrevs ut före { $cutoff } och inte har någon öppen period avidentifieras.
retention-preview-none = Ingen står på tur att avidentifieras i dag.
retention-preview-count = { $count ->
    [one] En person avidentifieras vid nästa körning.
   *[other] { $count } personer avidentifieras vid nästa körning.
}
retention-preview-person = Person
retention-preview-fields = Uppgifter som tas bort
retention-preview-person-link = Person { $id }
retention-no-rule = Ni har ingen gallringsregel ännu, så ingen avidentifieras automatiskt. Ange regeln nedan.
retention-runs-heading = Senaste körningar
retention-runs-intro = Servern kör gallringen automatiskt en gång per dygn. Varje körning står också i loggen.
retention-runs-none = Gallringen har inte körts ännu.
retention-run-line = { $day }: klar { $finished }
retention-rule-heading = Gallringsregel
retention-rule-intro = Regeln ska bygga på ett beslut hos er, till exempel ett beslut om dokumenthanteringsplan.
retention-years = Antal år efter senaste utskrivning
retention-years-hint = Ett helt antal år, till exempel 5.
retention-decision = Beslut (diarienummer eller rubrik)
retention-decision-hint = Till exempel KS 2026/123.
retention-decided-on = Beslutsdatum
# Evenemang och nätverket (issue 13).
log-area-outreach = Evenemang
log-area-network = Nätverket
log-action-outreach-event-create = Registrerade ett evenemang
log-action-outreach-event-update = Ändrade ett evenemang
log-action-outreach-attendance = Registrerade deltagare på ett evenemang
log-action-outreach-attendance-read = Öppnade deltagarlistan för ett evenemang
log-action-network-organisation-add = Lade till en organisation i nätverket
log-action-network-organisation-update = Ändrade en organisation i nätverket
log-action-network-link-add = Lade till en roll för en organisation i nätverket
log-action-network-link-remove = Tog bort en roll för en organisation i nätverket
log-action-network-contact-read = Läste kontaktpersoner i nätverket
log-action-network-contact-add = Lade till en kontaktperson i nätverket
log-action-network-contact-remove = Tog bort en kontaktperson i nätverket
log-action-network-log-read = Läste kontakter med en organisation i nätverket
log-action-network-log-add = Registrerade en kontakt med en organisation i nätverket
