# Login with e-ID through OpenID Connect (decision 0032).

login-eid-heading = Log in with e-ID
login-eid-link = Log in with e-ID ({ $organisation })
login-password-off = Your organisation uses e-ID login instead of passwords. Choose "Log in with e-ID" below.

error-page-oidc-attempt-heading = The login could not be completed
error-page-oidc-attempt-text = The e-ID login has expired, has already been used or was cancelled. Start again from the login page.
error-page-oidc-unknown-heading = No user with that e-ID
error-page-oidc-unknown-text = Your e-ID worked, but it is not linked to any active Stegvis account of your organisation. Ask an administrator to link your account to your e-ID.
error-page-oidc-provider-heading = The e-ID service does not answer
error-page-oidc-provider-text = Stegvis could not complete the login at the e-ID service. Try again in a while; if it keeps failing, contact an administrator.

oidc-settings-link = Login with e-ID
oidc-settings-title = Login with e-ID
oidc-settings-intro = The organisation's users can log in with e-ID through an identity service that follows OpenID Connect. Register Stegvis as a client of the service with the address below as its redirect URI.
oidc-callback-url = Redirect URI
oidc-issuer-url = Issuer address
oidc-issuer-url-hint = The address the service publishes its configuration under, for example https://id.example.se.
oidc-client-id = Client id
oidc-client-secret = Client secret
oidc-client-secret-kept-hint = A secret is saved and never shown. Leave the field empty to keep it.
oidc-claim-kind = What identifies the user
oidc-claim-kind-hint = A personnummer is stored only as a keyed hash; an employee id is stored as it is.
oidc-claim-kind-personnummer = Personnummer
oidc-claim-kind-employee_id = Employee id
oidc-claim-name = Name of the claim in the ID token
oidc-claim-name-hint = For example personal_number or https://id.oidc.se/claim/personalIdentityNumber.
oidc-local-passwords-off = Switch passwords off for the organisation's users (e-ID only)

oidc-identity-link = Link to e-ID
oidc-identity-title = Link to e-ID
oidc-identity-unavailable = The user's organisation has no e-ID login yet. Set it up on the organisation's page first.
oidc-identity-linked = The account is linked to an e-ID.
oidc-identity-not-linked = The account is not linked to any e-ID.
oidc-external-id = Personnummer or employee id
oidc-external-id-hint = What the organisation's e-ID shows about the user. A personnummer is stored only as a code and not shown again. Leave empty to remove the link.

error-oidc-issuer-url = Write a complete address starting with https://.
error-oidc-employee-id = An employee id may not start with "pnr:".
error-oidc-no-provider = The user's organisation has no e-ID login.
error-oidc-identity-taken = Another user of the organisation is already linked to that e-ID.
