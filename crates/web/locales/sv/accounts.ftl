# Inbjudan från en persons eller ett företags sida och tvåstegsverifiering (issue 14, beslut 0031).

invite-button = Bjud in till Stegvis
invite-person-heading = Bjud in deltagaren till Stegvis
invite-person-intro = { $name } får ett deltagarkonto kopplat till sina uppgifter. Där kan hen se sin plan och besvara enkäter. Du får en engångslänk att ge personen; med den väljer hen ett lösenord.
invite-enterprise-heading = Bjud in en företrädare för företaget
invite-enterprise-intro = Företrädaren får ett konto kopplat till { $name } och kan rapportera företagets nyckeltal. Du får en engångslänk att ge hen; med den väljer hen ett lösenord.
invite-username-hint = Förslaget bygger på namnet. Små bokstäver a–z, siffror och . _ - @. Kan inte ändras senare.
invite-display-name-hint = Namnet som visas i Stegvis. Lämna tomt för personens namn.
invite-submit = Skapa inbjudan
invite-cancel = Avbryt
invite-already-linked = Personen har redan ett konto i Stegvis. Be en administratör om en återställningslänk om hen har glömt sitt lösenord.
invite-back-person = Tillbaka till personen
invite-back-enterprise = Tillbaka till företaget

login-code-title = Ange din kod
login-code-intro = Ditt konto har tvåstegsverifiering. Skriv koden som appen i din telefon visar just nu, eller en av dina reservkoder.
login-code-label = Kod
login-code-hint = Sex siffror från appen, eller en reservkod som xxxxx-xxxxx.
login-code-submit = Logga in
login-code-start-again = Börja om med användarnamn och lösenord
flash-login-code-expired = Inloggningen tog för lång tid. Logga in igen med användarnamn och lösenord.

totp-title = Tvåstegsverifiering
totp-intro = Med tvåstegsverifiering behövs både ditt lösenord och en kod från en app i din telefon (till exempel FreeOTP, Google Authenticator eller Microsoft Authenticator) för att logga in.
totp-required-notice = Ditt konto måste ha tvåstegsverifiering eftersom du kan se personuppgifter. Ställ in den här innan du fortsätter.
totp-off = Tvåstegsverifiering är inte påslagen.
totp-on = Tvåstegsverifiering är påslagen.
totp-codes-left = Du har { $count } oanvända reservkoder kvar.
totp-begin-submit = Slå på tvåstegsverifiering
totp-enrol-heading = Ställ in appen
totp-enrol-step-app = Installera en app för engångskoder i din telefon, om du inte redan har en.
totp-enrol-step-secret = Lägg till ett konto i appen. Skriv in nyckeln nedan, eller öppna länken på telefonen.
totp-secret-label = Nyckel att skriva in i appen
totp-uri-label = Länk för appen (otpauth)
totp-uri-open = Öppna länken i appen
totp-enrol-step-code = Skriv koden som appen visar, för att visa att allt fungerar.
totp-code-label = Kod från appen
totp-code-hint = Sex siffror. En ny kod visas var 30:e sekund.
totp-confirm-submit = Bekräfta och slå på
totp-recovery-heading = Dina reservkoder
totp-recovery-intro = Skriv ut eller skriv av koderna och förvara dem säkert. Varje kod fungerar en gång, om du inte har telefonen. De visas bara nu.
totp-recovery-done = Jag har sparat koderna
totp-disable-heading = Stäng av tvåstegsverifiering
totp-code-or-password = Kod från appen eller ditt lösenord
totp-code-or-password-hint = För att visa att det är du.
totp-disable-submit = Stäng av
totp-back = Tillbaka till mitt konto
account-totp-intro = Skydda ditt konto med en kod från telefonen utöver lösenordet.
account-totp-link = Ställ in tvåstegsverifiering

user-totp-on = Användaren har tvåstegsverifiering. Om hen har tappat bort telefonen och reservkoderna kan du ta bort den; hen ställer då in den på nytt.
user-totp-off = Användaren har inte tvåstegsverifiering.
user-totp-reset-submit = Ta bort tvåstegsverifieringen
confirm-totp-reset-title = Ta bort användarens tvåstegsverifiering
confirm-totp-reset-text = Användaren loggas ut och kan logga in med bara lösenordet tills hen ställer in tvåstegsverifiering igen.
flash-totp-disabled = Tvåstegsverifiering är avstängd.
flash-totp-reset = Tvåstegsverifieringen är borttagen och användaren är utloggad.

error-totp-code-wrong = Koden stämmer inte. Kontrollera att du skriver den kod appen visar just nu, och att telefonens klocka går rätt.
error-totp-already-on = Tvåstegsverifiering är redan påslagen. Stäng av den först om du vill byta telefon.
error-totp-not-started = Slå på tvåstegsverifiering först, så att du får en nyckel till appen.
error-totp-code-or-password-wrong = Varken koden eller lösenordet stämmer.
error-totp-required = Ditt konto måste ha tvåstegsverifiering och den kan inte stängas av. Be en administratör om hjälp om du har tappat bort telefonen.
