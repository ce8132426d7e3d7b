# Daily use (issue 18): confirmation pages, corrections, start pages.

## Confirmation pages: what an action that ends, withdraws, deletes or anonymises will do.
confirm-cancel = Avbryt
confirm-cannot-undo = Det går inte att ångra.
confirm-decline-title = Ta bort remissen
confirm-decline-text = Personen tackade nej. Remissen tas bort och räknas bara som en avböjd remiss (kön och år). Har personen ingen annan period tas hen bort helt.
confirm-anonymise-title = Radera personuppgifterna
confirm-anonymise-text = Namn, personnummer, kontaktuppgifter, anteckningar och annan fritext raderas. Det som finns kvar räknas bara i statistiken och kan inte kopplas till personen.
confirm-token-title = Återkalla API-nyckeln
confirm-token-text = Program som använder nyckeln slutar fungera direkt.
confirm-file-title = Ta bort filen
confirm-file-text = Filen tas bort ur handboken. Länkar till den i utkast slutar fungera.
confirm-budget-title = Ta bort budgetraden
confirm-budget-text = Raden tas bort ur programmets budget.
confirm-target-title = Ta bort målet
confirm-target-text = Målet tas bort, och programmets effekter jämförs inte längre med det.
confirm-support-title = Ta bort stödet
confirm-support-text = Stödet tas bort ur företagets uppgifter.
confirm-member-title = Ta bort ur teamet
confirm-member-text = Personen tas bort ur idéns team. En deltagare ser då inte längre idén och affärsplanen.
confirm-partner-title = Ta bort partnern
confirm-partner-text = Organisationen tas bort som partner till idén.
confirm-membership-title = Avsluta anställningen
confirm-membership-text = Anställningen avslutas det datum du angav, och personen räknas inte längre som anställd i företaget efter det.
confirm-wind-up-title = Avveckla idén
confirm-wind-up-text = Idén flyttas till ”Avvecklat” och lämnar tavlans pågående idéer. Den kan öppnas igen, med en anteckning, i det steg där den avvecklades.
confirm-wind-up-note-hint = Skriv kort varför idén avvecklas. Anteckningen sparas i idéns historik.
confirm-withdraw-title = Återkalla samtycke för { $name }
confirm-withdraw-text = { $name } återkallar sitt samtycke: { $scope }.
confirm-withdraw-ends-episode = Perioden i { $programme } avslutas med orsaken ”Samtycket återkallat”. Plan, anteckningar, möten och försörjning döljs, och inga uppföljningar görs.
confirm-withdraw-follow-up = Inga fler uppföljningar görs.
confirm-withdraw-questionnaires = Personens enkätsvar räknas inte längre i programmets statistik.
confirm-withdraw-exchange = { $partner } ser inte längre vad programmet har antecknat om personen.
confirm-withdraw-participation = Samtycket upphör från det datum du anger.
confirm-withdrawn-on = Återkallat den
confirm-withdrawn-on-hint = Dagen personen återkallade samtycket. Ändra datumet om det inte var i dag.
confirm-withdraw-button = Återkalla samtycket
confirm-undo-within = Blev det fel kan du ångra det på personens sida inom { $days } dagar.
confirm-exit-title = Avsluta perioden för { $name }
confirm-exit-text = Perioden i { $programme } avslutas den { $date }. Orsak: { $reason }.
confirm-exit-consequence = Plan, anteckningar och möten kan inte längre ändras. Har personen samtyckt till uppföljning planeras uppföljningarna nu.
confirm-exit-button = Avsluta perioden

## Correcting a mistaken withdrawal or exit.
consent-withdraw-start = Återkalla …
correction-undo-withdrawal = Ångra återkallelse
correction-undo-exit = Ångra avslut
correction-exit-hint = Avslutades perioden av misstag kan du ångra det inom { $days } dagar från att det registrerades.
correction-error-not-exited = Perioden är inte avslutad.
correction-error-too-late = Det har gått mer än { $days } dagar sedan det registrerades och kan inte längre ångras. Registrera en ny remiss i stället.
correction-error-consent-withdrawn = Perioden avslutades när samtycket återkallades. Ångra återkallelsen i samtyckestabellen i stället.
correction-error-follow-up-recorded = En uppföljning är redan registrerad, så avslutet kan inte ångras.
correction-error-not-withdrawn = Samtycket är inte återkallat.
flash-withdrawal-undone = Återkallelsen är ångrad. Samtycket gäller igen.
flash-exit-undone = Avslutet är ångrat. Perioden pågår igen.

## Start pages: what to do today.
today-title = Att göra i dag
today-referrals = Remisser: { $new } nya de senaste två veckorna, { $waiting } väntar på samtycke
today-follow-ups = { $count ->
    [one] En uppföljning ska göras
   *[other] { $count } uppföljningar ska göras
}
today-questionnaires = { $count ->
    [one] En enkät ska besvaras
   *[other] { $count } enkäter ska besvaras
}
today-plans = { $count ->
    [one] En affärsplan väntar på din kommentar
   *[other] { $count } affärsplaner väntar på din kommentar
}
today-new-referral = Registrera en remiss
today-week = Möten den här veckan
today-week-none = Inga möten resten av veckan.
today-effects = Programmets effekter
today-effects-of = Effekterna av { $programme }
today-my-people = { $count ->
    [one] En person med pågående period
   *[other] { $count } personer med pågående period
}
today-next-questionnaire = Nästa enkät: { $title }.
today-no-questionnaire = Du har inga enkäter att besvara just nu.
today-next-appointment = Nästa möte: { $when }, { $title }.
today-to-my-page = Till Min sida: din plan, dina möten och vem som har läst dina uppgifter
today-figures-due = Nyckeltalen för { $year } för { $name } är inte rapporterade än.
today-figures-reported = Nyckeltalen för { $year } för { $name } är rapporterade. Tack!
today-figures-report = Rapportera nyckeltalen för { $year }
today-glance-participants = { $count ->
    [one] En deltagare
   *[other] { $count } deltagare
}
today-glance-support = Månader med offentlig försörjning per deltagare: { $before } året före, { $after } året efter (n = { $n })
today-glance-jobs = { $count } har haft jobb i ett socialt företag
today-pages = Dina sidor
