# Invitations from a person's or an enterprise's page, and the second factor (issue 14, decision 0031).

invite-button = Invite to Stegvis
invite-person-heading = Invite the participant to Stegvis
invite-person-intro = { $name } gets a participant account linked to their record, where they see their plan and answer questionnaires. You get a one-time link to give them; with it they choose a password.
invite-enterprise-heading = Invite a representative of the enterprise
invite-enterprise-intro = The representative gets an account linked to { $name } and can report the enterprise's figures. You get a one-time link to give them; with it they choose a password.
invite-username-hint = The suggestion is made from the name. Lower-case a–z, digits and . _ - @. Cannot be changed later.
invite-display-name-hint = The name shown in Stegvis. Leave empty for the person's name.
invite-submit = Create the invitation
invite-cancel = Cancel
invite-already-linked = The person already has an account in Stegvis. Ask an administrator for a reset link if they have forgotten their password.
invite-back-person = Back to the person
invite-back-enterprise = Back to the enterprise

login-code-title = Enter your code
login-code-intro = Your account has two-step verification. Type the code your phone's app shows now, or one of your recovery codes.
login-code-label = Code
login-code-hint = Six digits from the app, or a recovery code such as xxxxx-xxxxx.
login-code-submit = Log in
login-code-start-again = Start again with username and password
flash-login-code-expired = The login took too long. Log in again with your username and password.

totp-title = Two-step verification
totp-intro = With two-step verification, logging in takes both your password and a code from an app on your phone (for example FreeOTP, Google Authenticator or Microsoft Authenticator).
totp-required-notice = Your account must have two-step verification because you can see personal data. Set it up here before you continue.
totp-off = Two-step verification is off.
totp-on = Two-step verification is on.
totp-codes-left = You have { $count } unused recovery codes left.
totp-begin-submit = Turn on two-step verification
totp-enrol-heading = Set up the app
totp-enrol-step-app = Install an app for one-time codes on your phone, if you do not have one yet.
totp-enrol-step-secret = Add an account in the app. Type in the key below, or open the link on the phone.
totp-secret-label = Key to type into the app
totp-uri-label = Link for the app (otpauth)
totp-uri-open = Open the link in the app
totp-enrol-step-code = Type the code the app shows, to show that everything works.
totp-code-label = Code from the app
totp-code-hint = Six digits. A new code appears every 30 seconds.
totp-confirm-submit = Confirm and turn on
totp-recovery-heading = Your recovery codes
totp-recovery-intro = Print or copy the codes and keep them safe. Each code works once, for when you do not have your phone. They are shown only now.
totp-recovery-done = I have saved the codes
totp-disable-heading = Turn off two-step verification
totp-code-or-password = Code from the app or your password
totp-code-or-password-hint = To show that it is you.
totp-disable-submit = Turn off
totp-back = Back to my account
account-totp-intro = Protect your account with a code from your phone as well as the password.
account-totp-link = Set up two-step verification

user-totp-on = The user has two-step verification. If they have lost their phone and their recovery codes you can remove it; they then set it up again.
user-totp-off = The user does not have two-step verification.
user-totp-reset-submit = Remove two-step verification
confirm-totp-reset-title = Remove the user's two-step verification
confirm-totp-reset-text = The user is logged out and can log in with the password alone until they set up two-step verification again.
flash-totp-disabled = Two-step verification is off.
flash-totp-reset = Two-step verification has been removed and the user logged out.

error-totp-code-wrong = The code is not right. Check that you type the code the app shows now, and that the phone's clock is right.
error-totp-already-on = Two-step verification is already on. Turn it off first if you want to change phones.
error-totp-not-started = Turn on two-step verification first, so you get a key for the app.
error-totp-code-or-password-wrong = Neither the code nor the password is right.
error-totp-required = Your account must have two-step verification and it cannot be turned off. Ask an administrator for help if you have lost your phone.
