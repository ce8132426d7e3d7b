# Styrgrupper och arbetsgrupper, möten, beslut, åtgärder, mötesunderlaget och programmets mål
# (beslut 0028).

nav-meetings = Möten
nav-meetings-description = Styrgruppens och arbetsgruppernas möten, beslut och åtgärder.
nav-targets = Mål
nav-targets-description = Programmens mål och hur långt de har kommit.

target-kind-business-plans = Skrivna affärsplaner
target-kind-left-for-work-or-studies = Deltagare som gått till arbete eller studier
target-kind-events = Evenemang utåt (registrerade)
target-due = Ska vara nått
target-due-by = Ska vara nått { $date }
target-progress-percent = { $count } av { $target } ({ $percent } %)
target-progress-recorded = { $count } av { $target } ({ $percent } %), registrerat { $date }
target-progress-suppressed = Färre än fem – visas inte, för att ingen ska kunna pekas ut
target-progress-none = Inget värde registrerat ännu
target-history = Tidigare värden
reading-add = Registrera värde
reading-value = Värde
reading-date = Datum
reading-comment = Kommentar

targets-title = Mål
targets-lead = Varje mål med hur långt det har kommit. Stegvis räknar själv fram de flesta målen; mål av typen ”Annat” registrerar samordnaren för hand med datum och kommentar.

meetings-title = Möten
meetings-lead = Grupperna du är med i, med nästa och senaste möte.
meetings-none = Du är inte med i någon styrgrupp eller arbetsgrupp.
meetings-next = Nästa möte { $date }
meetings-next-none = Inget möte är planerat
meetings-last = Senaste mötet { $date }

groups-title = Styrgrupp och arbetsgrupper
groups-none = Programmet har inga grupper ännu.
groups-new = Lägg till grupp
group-kind = Typ av grupp
group-kind-steering = Styrgrupp
group-kind-working = Arbetsgrupp
group-name = Namn på gruppen
group-name-hint = Till exempel ”Styrgruppen för Sociala företag i Västervik”.
group-members = Ledamöter
group-members-none = Gruppen har inga ledamöter ännu.
group-add-member = Lägg till ledamot
member-user = Person
member-role = Roll i gruppen
member-role-hint = Till exempel ordförande, ledamot eller sekreterare.
group-meetings = Möten
group-meetings-none = Inga möten är registrerade.
group-add-meeting = Lägg till möte

meeting-title = Möte { $date }
meeting-programme = Program
meeting-date = Datum
meeting-place = Plats
meeting-agenda = Dagordning
meeting-agenda-hint = En punkt per rad.
meeting-agenda-none = Ingen dagordning är skriven.
meeting-minutes = Protokoll
meeting-minutes-none = Inget protokoll är skrivet ännu.
meeting-edit = Ändra datum, plats, dagordning och protokoll
meeting-decisions = Beslut
meeting-decisions-none = Inga beslut är registrerade.
meeting-add-decision = Lägg till beslut
decision-number = Paragraf
decision-body = Beslut
decision-body-hint = Beslutet får nästa paragrafnummer.
meeting-actions = Åtgärder
meeting-actions-none = Inga åtgärder är registrerade.
meeting-add-action = Lägg till åtgärd

item-body = Åtgärd
item-owner = Ansvarig
item-owner-hint = En av gruppens ledamöter.
item-due = Klart senast
item-due-by = klart senast { $date }
item-status = Status
item-status-open = Öppen
item-status-done = Klar
item-status-cancelled = Struken
item-change = Ändra status
item-overdue = försenad
item-mark-done = Markera som klar
item-cancel = Stryk
item-reopen = Öppna igen

pack-open = Underlag till nästa möte
pack-title = Underlag till mötet { $date }
pack-title-unplanned = Underlag till nästa möte
pack-made = Framtaget { $date }
pack-pdf = Ladda ned underlaget som PDF
pack-aggregate = Underlaget visar bara sammanräknade siffror. Små grupper döljs, och ingen deltagare nämns.
pack-coordinator = Du ser alla siffror som samordnare. Styrgruppens ledamöter ser samma underlag med små grupper dolda.
pack-targets-heading = Mål och hur långt de har kommit
pack-targets-lead = Varje mål med dagens värde. Metoden står under ”Target progress” på metodsidan.
pack-budget-lead = Budget och utfall per år och för hela perioden, med kostnad per deltagare. Hur det räknas står under ”Budget against outcome” på metodsidan.
pack-budget-span = Period
pack-events-heading = Aktiviteter utåt sedan förra mötet
pack-events-lead = Evenemang som hållits sedan { $date }. Små grupper av deltagare döljs för styrgruppen.
pack-events-none = Inga evenemang har hållits sedan { $date }.
pack-actions-heading = Öppna åtgärder
pack-actions-lead = Åtgärder som ännu inte är klara, den som ska vara klar först överst.
pack-actions-none = Inga åtgärder är öppna.
pack-overdue = { $date } (försenad)
pack-decisions-heading = Beslut från förra mötet
pack-decisions-lead = Beslut från mötet { $date }.
pack-decisions-none = Gruppen har inte haft något möte ännu.

error-action-status = Åtgärden har redan fått den statusen eller kan inte gå direkt dit. Ladda om sidan och försök igen.
error-action-not-yours = Bara den ansvariga kan markera åtgärden som klar.
error-target-derived = Stegvis räknar fram det här målet själv. Värden registreras bara för mål av typen ”Annat”.
error-member-exists = Personen är redan med i gruppen.
error-owner-not-member = Välj någon som är med i gruppen.
