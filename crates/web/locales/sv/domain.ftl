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

## People and episodes (codes)
sex-female = Kvinna
sex-male = Man
sex-unknown = Okänt
episode-status-referred = Remitterad
episode-status-intake = Inskrivning pågår
episode-status-active = Aktiv
episode-status-exited = Avslutad
exit-reason-completed = Genomförd enligt plan
exit-reason-own-choice = Avbruten på egen begäran
exit-reason-consent-withdrawn = Samtycket återkallat
exit-reason-moved = Flyttat
exit-reason-illness = Sjukdom
exit-reason-other = Annat skäl
exit-reason-registered-in-error = Felregistrerad (räknas inte i statistiken)
education-forgymnasial-kort = Förgymnasial utbildning kortare än 9 år
education-forgymnasial = Förgymnasial utbildning 9 år
education-gymnasial-kort = Gymnasial utbildning högst 2 år
education-gymnasial = Gymnasial utbildning 3 år
education-eftergymnasial-kort = Eftergymnasial utbildning kortare än 3 år
education-eftergymnasial = Eftergymnasial utbildning 3 år eller längre
education-okand = Okänd
occupation-arbete = Arbete utan stöd
occupation-arbete-med-stod = Arbete med stöd (lönebidrag, lönestöd, nystartsjobb)
occupation-eget-foretag = Eget företag
occupation-studier = Studier eller arbetsmarknadsutbildning
occupation-arbetssokande = Aktivt arbetssökande
occupation-arbetstraning = Arbetsträning
occupation-rehabilitering = Rehabilitering
occupation-sjukskriven = Sjukskriven
occupation-ingen = Ingen sysselsättning
duration-under-6-man = Kortare än 6 månader
duration-6-12-man = 6–12 månader
duration-1-2-ar = 1–2 år
duration-2-5-ar = 2–5 år
duration-over-5-ar = Längre än 5 år
duration-okand = Okänt
consent-scope-participation = Att delta
consent-scope-information-exchange = Informationsutbyte med en samverkanspart
consent-scope-follow-up = Uppföljning efter avslut
consent-scope-questionnaires = Att svaren på enkäter används
consent-form-paper = På papper
consent-form-digital = Digitalt
step-owner-participant = Deltagaren
step-owner-coordinator = Samordnaren
step-owner-case-officer = Handläggaren
step-owner-together = Tillsammans
activity-kind-inspiration = Inspirationsträff
activity-kind-course = Kurs i att starta företag
activity-kind-work-training = Arbetsträning
activity-kind-study-visit = Studiebesök
activity-kind-coaching = Coachning
activity-kind-business-idea = Arbete med affärsidé
activity-kind-other = Annan aktivitet
income-source-sjukpenning = Sjukpenning eller rehabiliteringspenning
income-source-aktivitetsersattning = Aktivitetsersättning
income-source-sjukersattning = Sjukersättning
income-source-a-kassa = Arbetslöshetsersättning (a-kassa)
income-source-aktivitetsstod = Aktivitetsstöd eller utvecklingsersättning
income-source-etableringsersattning = Etableringsersättning
income-source-forsorjningsstod = Försörjningsstöd (ekonomiskt bistånd)
income-source-lon = Lön utan stöd
income-source-lon-med-stod = Lön med stöd (lönebidrag, lönestöd, nystartsjobb)
income-source-eget-foretag = Eget företag
income-source-studiemedel = Studiemedel
income-source-annan = Annan försörjning (t.ex. föräldrapenning, pension, partner)
income-source-ingen = Ingen inkomst
support-group-ohalsa = Ohälsa
support-group-arbetsmarknadsstod = Arbetsmarknadsstöd
support-group-ekonomiskt-bistand = Ekonomiskt bistånd
support-group-ej-offentligt = Inte offentlig försörjning

## Validation of people, episodes, consent, plans and income
person-error-birth-year-required = Skriv födelseåret när personen saknar personnummer.
person-error-birth-year-range = Födelseåret ska vara ett årtal från { $min } till { $max }.
person-error-protected-no-contact = Adress och kontaktuppgifter sparas inte för en person med skyddad identitet. Töm fältet.
person-error-phone = Skriv telefonnumret med siffror, till exempel 070-123 45 67.
person-error-email = Skriv e-postadressen i formen namn@exempel.se.
person-error-already-in-programme = Personen är redan inskriven eller remitterad till det här programmet.
person-error-number-taken = Det finns redan en annan person med det personnumret.
episode-error-already-exited = Perioden är redan avslutad.
episode-error-complete-needs-active = Bara en aktiv deltagare kan avsluta enligt plan. Välj ett annat skäl, eller registrera inskrivningen först.
episode-error-start-needs-intake = Samtycket att delta måste registreras innan arbetet kan börja.
episode-error-intake-needs-referral = Inskrivning kan bara göras för en remitterad person.
episode-error-exit-before-referral = Avslutsdatumet kan inte vara före remissen ({ $date }).
episode-error-exit-before-intake = Avslutsdatumet kan inte vara före inskrivningen ({ $date }).
error-page-out-of-range = Sidnumret ska vara ett heltal från 1 till 100 000.
episode-error-follow-up-before-exit = Uppföljningen kan inte vara före avslutet ({ $date }).
episode-error-follow-up-too-early = Uppföljningen kan tidigast göras { $date }, två veckor före den dag den gäller.
person-error-programme-ended = Programmet avslutades { $date }. Välj ett program som pågår, eller ett remissdatum inom programmets tid.
episode-error-baseline-needs-consent = Uppgifter vid inskrivning får registreras först när samtycket att delta finns.
episode-error-plan-needs-intake = Planen kan skrivas först när personen har samtyckt till att delta.
episode-error-decline-needs-referral = Bara en remiss utan registrerat samtycke kan avböjas.
consent-error-before-referral = Samtycket kan inte vara givet före remissen ({ $date }).
consent-error-not-informed = Kryssa i att personen har fått informationen. Samtycke utan information gäller inte.
consent-error-already-given = Det samtycket finns redan och gäller.
consent-error-participation-first = Registrera först samtycket att delta.
consent-error-withdrawal-date = Datumet för återkallelsen ska vara mellan samtyckesdatumet och i dag.
consent-error-already-withdrawn = Samtycket är redan återkallat.
consent-error-no-follow-up = Personen har inte samtyckt till uppföljning efter avslut.
income-error-needs-consent = Inkomster får registreras först när personen har samtyckt till att delta.
programme-error-follow-up-months = Skriv antal månader efter avslut som heltal mellan 1 och 60, åtskilda med komma, till exempel 3, 6, 12.
activity-error-hours-format = Skriv antal timmar som ett tal, till exempel 1,5.
activity-error-hours-max = En aktivitet kan vara högst { $max } timmar.
activity-error-not-participating = En av de valda deltar inte i programmet just nu.
error-percent = Skriv en procentsats mellan 0 och 100.
error-time-format = Skriv tiden som TT:MM, till exempel 09:30.
error-date-in-future = Datumet kan inte vara i framtiden.
month-error-format = Skriv månaden som ÅÅÅÅ-MM, till exempel 2026-03.
month-error-year-out-of-range = Året ska vara från { $first } till { $last }.
income-error-range-ends-before-start = Slutmånaden är före startmånaden. Kontrollera månaderna.
income-error-range-too-long = Du kan ange högst { $max } månader åt gången.
income-error-amount-with-zero-share = Lämna beloppet tomt när andelen är 0 %. Andelen 0 % tar bort inkomstkällan för månaderna.
income-error-month-over-full-time = I { $month } blir andelarna sammanlagt { $total } %, men de får vara högst 100 %. Minska någon annan källa först.
audit-error-person-not-yours = Du kan bara granska loggen för personer i din egen verksamhet.
audit-error-user-not-yours = Du kan bara granska loggen för användare i din egen organisation.
audit-error-coordinator-scope = Sök fram och välj en person eller en användare i din organisation att granska.

## Questionnaire definitions and scoring
error-instrument-json = Filen är inte giltig JSON eller har fel fält (rad { $line }, kolumn { $column }): { $detail }
error-instrument-version = Versionen ska vara ett heltal, 1 eller högre.
error-instrument-max-missing = Antalet frågor som får lämnas obesvarade måste vara färre än antalet frågor ({ $items }).
error-instrument-range-mismatch = Det angivna intervallet stämmer inte med frågorna och poängräkningen, som ger { $min }–{ $max }.
error-instrument-meaningful-change = Den minsta betydelsefulla förändringen ska vara ett tal större än 0.
error-instrument-key-format = Nyckeln ”{ $key }” får bara innehålla små bokstäver a–z, siffror och bindestreck, högst { $max } tecken.
error-instrument-duplicate-language = Språket { $language } finns med två gånger.
error-instrument-unknown-direction = Textriktningen ”{ $direction }” finns inte. Använd ltr eller rtl.
error-instrument-language-required = Språket { $language } måste finnas med.
error-instrument-text-missing = Texten på språket { $language } saknas.
error-instrument-text-too-long = Texten är för lång. Den får vara högst { $max } tecken.
error-instrument-undeclared-language = Det finns text på språket { $language }, men språket är inte angivet under languages.
error-instrument-too-few-options = En svarsskala behöver minst två svarsalternativ.
error-instrument-duplicate-value = Värdet { $value } finns två gånger i svarsskalan.
error-instrument-value-out-of-range = Värdet { $value } ligger utanför skalan { $min }–{ $max }.
error-instrument-duplicate-key = Nyckeln ”{ $key }” används två gånger.
error-instrument-scale-bounds = Skalans lägsta värde måste vara lägre än dess högsta.
error-instrument-no-items = Formuläret har inga frågor.
error-instrument-unknown-topic = Ämnet ”{ $topic }” finns inte bland handbokens ämnen.
error-instrument-unknown-scale = Svarsskalan ”{ $scale }” finns inte.
error-instrument-scale-or-options = Ange antingen en svarsskala eller egna svarsalternativ för frågan, inte båda och inte ingen.
error-instrument-correct-not-an-option = Det rätta svaret { $value } är inte ett av frågans svarsalternativ.
error-instrument-scoring-factor = Faktorn för poängräkningen ska vara ett tal större än 0.
error-instrument-unknown-scoring = Poängräkningen ”{ $kind }” finns inte. Använd sum, sum-scaled, mean, percent-correct eller single.
error-instrument-factor-not-used = Poängräkningen { $kind } använder ingen faktor. Ta bort den.
error-instrument-no-correct = Frågan { $item } saknar rätt svar, som behövs för andel rätt.
error-instrument-reverse-quiz = Frågan { $item } kan inte vändas i ett kunskapsprov.
error-instrument-correct-not-used = Frågan { $item } har ett rätt svar, men poängräkningen använder inga rätta svar.
error-instrument-single-one-item = Poängräkningen single kräver exakt en fråga, men formuläret har { $items }.
error-instrument-cutoff-threshold = Ett gränsvärde ska ange antingen below eller at_most.
error-instrument-cutoff-out-of-range = Gränsvärdet { $value } ligger utanför poängintervallet { $min }–{ $max }.
error-instrument-cutoff-order = Gränsvärdena ska stå i ordning från det lägsta.
error-score-unknown-item = Svaret gäller en fråga som inte finns i formuläret.
error-score-duplicate-answer = Samma fråga har besvarats två gånger.
error-score-not-an-option = Svaret är inte ett av frågans svarsalternativ.
error-score-too-many-missing = För många frågor är obesvarade för att räkna fram en poäng.

## Enkätsvar och schema
answer-error-no-consent = Deltagaren har inte samtyckt till enkäter, eller har återkallat samtycket. Svar kan inte sparas.
answer-error-already-complete = Enkäten är redan inskickad och kan inte ändras. Kontakta din samordnare om något blev fel.
answer-error-occasion = Tillfället passar inte perioden: start och löpande kräver inskrivning, avslut och uppföljning kräver avslut.
answer-error-mode = Välj hur svaren samlades in: pappersenkät eller intervju.
answer-error-before-intake = Datumet kan inte vara före inskrivningen.
answer-error-unanswered = { $count ->
    [one] Fråga { $items } är inte besvarad.
   *[other] Frågorna { $items } är inte besvarade.
}
answer-error-not-an-option = Svaret på fråga { $number } är inte ett av svarsalternativen.
answer-error-unknown-item = Enkäten har ingen fråga { $item }.
schedule-error-every-months = Skriv hur många månader det ska gå mellan de löpande enkäterna för { $instrument }: ett heltal från 1 till { $max }.
schedule-error-unknown-instrument = Det finns ingen enkät med nyckeln { $instrument }.
schedule-error-occasion = Tillfället måste vara baseline, ongoing, exit eller follow-up.
instrument-error-version-not-newer = Versionen måste vara högre än den som redan finns ({ $stored }). En sparad version ändras aldrig, eftersom svar har getts till den.
instrument-upload-error = { $count ->
    [one] Definitionen har ett fel. Se listan nedan.
   *[other] Definitionen har { $count } fel. Se listan nedan.
}
export-error-too-few = Färre än 5 deltagare har svar i programmet, så poängen kan inte lämnas ut på radnivå.
## Affärsplanens prognoser (crates/domain/src/forecast)

forecast-error-amount = Skriv ett belopp i kronor, till exempel 250 eller 1 250,50.
forecast-error-amount-too-large = Beloppet får vara högst { $max }.
forecast-error-quantity = Skriv ett antal, till exempel 10 eller 2,5. Antalet kan inte vara negativt.
forecast-error-quantity-too-large = Antalet får vara högst { $max }.
forecast-error-percent = Skriv en procentsats, till exempel 25 eller 31,42.
forecast-error-percent-range = Procentsatsen ska vara från { $min } till { $max } procent.
forecast-error-before-first-month = Månaden kan inte vara före prognosens första månad, { $first }.
forecast-error-grace-not-shorter-than-term = Den amorteringsfria tiden måste vara kortare än lånets löptid.
forecast-error-too-large = Prognosen har för stora belopp eller antal för att kunna räknas ut. Kontrollera siffrorna.
forecast-vat-period-monthly = Varje månad
forecast-vat-period-quarterly = Varje kvartal
forecast-vat-0 = 0 % (momsfritt)
forecast-vat-6 = 6 %
forecast-vat-12 = 12 %
forecast-vat-25 = 25 %
forecast-terms-0 = Direkt (kontant eller kort)
forecast-terms-10 = 10 dagar
forecast-terms-30 = 30 dagar
forecast-terms-60 = 60 dagar
forecast-cost-kind-fixed = Fast belopp per månad
forecast-cost-kind-variable = Andel av försäljningen
forecast-startup-kind-investment = Investering (skrivs av)
forecast-startup-kind-expense = Startkostnad
forecast-startup-kind-stock = Varulager
forecast-financing-kind-own = Egen insats
forecast-financing-kind-member-shares = Medlemsinsatser
forecast-financing-kind-grant = Bidrag
forecast-financing-kind-loan = Lån
