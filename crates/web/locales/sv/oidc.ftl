# Inloggning med e-legitimation genom OpenID Connect (beslut 0032).

login-eid-heading = Logga in med e-legitimation
login-eid-link = Logga in med e-legitimation ({ $organisation })
login-password-off = Din organisation använder inloggning med e-legitimation i stället för lösenord. Välj "Logga in med e-legitimation" nedan.

error-page-oidc-attempt-heading = Inloggningen kunde inte slutföras
error-page-oidc-attempt-text = Inloggningen med e-legitimation har gått ut, har redan använts eller avbröts. Börja om från inloggningssidan.
error-page-oidc-unknown-heading = Ingen användare med den e-legitimationen
error-page-oidc-unknown-text = Din e-legitimation fungerade, men den är inte kopplad till något aktivt konto i Stegvis hos din organisation. Be en administratör koppla ditt konto till din e-legitimation.
error-page-oidc-provider-heading = Tjänsten för e-legitimation svarar inte
error-page-oidc-provider-text = Stegvis kunde inte slutföra inloggningen hos tjänsten för e-legitimation. Försök igen om en stund; om felet kvarstår, kontakta en administratör.

oidc-settings-link = Inloggning med e-legitimation
oidc-settings-title = Inloggning med e-legitimation
oidc-settings-intro = Organisationens användare kan logga in med e-legitimation genom en identitetstjänst som följer OpenID Connect. Registrera Stegvis som klient hos tjänsten med adressen nedan som omdirigeringsadress.
oidc-callback-url = Omdirigeringsadress (redirect URI)
oidc-issuer-url = Utfärdarens adress (issuer)
oidc-issuer-url-hint = Adressen tjänsten publicerar sin konfiguration under, till exempel https://id.example.se.
oidc-client-id = Klient-id
oidc-client-secret = Klienthemlighet
oidc-client-secret-kept-hint = En hemlighet är sparad och visas aldrig. Lämna fältet tomt för att behålla den.
oidc-claim-kind = Vad identifierar användaren
oidc-claim-kind-hint = Ett personnummer sparas bara som en nyckelhashad kod; ett anställnings-id sparas som det är.
oidc-claim-kind-personnummer = Personnummer
oidc-claim-kind-employee_id = Anställnings-id
oidc-claim-name = Namn på uppgiften (claim) i ID-token
oidc-claim-name-hint = Till exempel personal_number eller https://id.oidc.se/claim/personalIdentityNumber.
oidc-local-passwords-off = Stäng av lösenord för organisationens användare (endast e-legitimation)

oidc-identity-link = Koppla till e-legitimation
oidc-identity-title = Koppla till e-legitimation
oidc-identity-unavailable = Användarens organisation har ingen inloggning med e-legitimation ännu. Ställ in den på organisationens sida först.
oidc-identity-linked = Kontot är kopplat till en e-legitimation.
oidc-identity-not-linked = Kontot är inte kopplat till någon e-legitimation.
oidc-external-id = Personnummer eller anställnings-id
oidc-external-id-hint = Det som organisationens e-legitimation visar om användaren. Ett personnummer sparas bara som en kod och visas inte igen. Lämna tomt för att ta bort kopplingen.

error-oidc-issuer-url = Skriv en fullständig adress som börjar med https://.
error-oidc-employee-id = Ett anställnings-id får inte börja med "pnr:".
error-oidc-no-provider = Användarens organisation har ingen inloggning med e-legitimation.
error-oidc-identity-taken = En annan användare i organisationen är redan kopplad till den e-legitimationen.
