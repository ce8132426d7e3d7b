## Layout
layout-skip-to-content = Skip to main content
layout-demo-banner = Demoläge (demo mode).
layout-demo-banner-text = Everything here is made up. Do not enter real personal data.
layout-logout = Log out
layout-main-navigation = Main menu
layout-accessibility-statement = Accessibility statement
layout-licence = Stegvis is open source software under the EUPL-1.2 licence.

nav-start = Home
nav-programmes = Programmes
nav-programmes-description = Initiatives with their period, funders, budget and targets.
nav-organisations = Organisations
nav-organisations-description = Lead organisations, partners and funders.
nav-users = Users
nav-users-description = Accounts, roles, invitations and reset links.
nav-audit = Audit log review
nav-audit-description = Who viewed or changed what, and when.

session-warning-title = You will soon be logged out
session-warning-text = You have not done anything for a while. In a few minutes you will be logged out automatically, and anything you have not saved will be lost.
session-warning-extend = Stay logged in
session-warning-extended = You are still logged in.
session-warning-expired = You have been logged out because you had not done anything for a while. Log in again to continue.

## Roles
role-admin = Administrator
role-coordinator = Coordinator
role-case-officer = Case officer
role-participant = Participant
role-enterprise = Enterprise representative
role-steering = Steering group
role-evaluator = Evaluator

## Forms and actions
form-error-summary = There is a problem with the form
form-error-prefix = Error:
form-choose = Choose …
form-date-hint = Write the date as YYYY-MM-DD, for example 2011-09-09.
action-save = Save
action-edit = Change
action-remove = Remove
action-filter = Filter
action-search = Search
pagination-label = Pages
pagination-previous = Previous page
pagination-next = Next page
pagination-position = Page { $page } of { $pages }

flash-logged-out = You have been logged out.
flash-password-set = Your password has been saved. You can now log in with it.
flash-password-changed = Your password has been changed. You have been logged out on other devices.
flash-organisation-created = The organisation has been created.
flash-programme-created = The programme has been created.
flash-saved = Your changes have been saved.
flash-token-revoked = The API token has been revoked and no longer works.
flash-session-ended = You were logged out after a period without activity. Log in again. What you sent was not saved.
flash-removed = The row has been removed.

## Validation
error-required = Fill in this field.
error-too-long = The text is too long. Use no more than { $max } characters.
error-control-characters = The text contains invisible control characters. Type it in again instead of pasting it.
error-choose-option = Choose one of the options.
error-short-name-characters = The short name may only contain letters, digits, hyphens, full stops and underscores, with no spaces.
error-short-name-taken = There is already an organisation with that short name. Choose a different one.
error-username-length = The username must be between { $min } and { $max } characters long.
error-username-characters = The username may only contain the letters a–z (not å, ä or ö), digits and the characters . _ - @.
error-username-taken = That username is already in use. Choose a different one.
error-password-too-short = The password is too short. It must have at least { $min } characters. A sentence of a few words is easy to remember and hard to guess.
error-password-is-username = The password must not be the same as the username.
error-passwords-differ = The passwords do not match. Enter the same password in both fields.
error-current-password-wrong = The current password is not correct.
error-organisation-required-for-role = Coordinators and case officers must belong to an organisation. Choose an organisation.
error-organisation-unknown = The organisation does not exist. Choose an organisation from the list.
error-cannot-demote-yourself = You cannot change your own role or disable your own account. Ask another administrator.
error-date-format = Enter a real date as YYYY-MM-DD, for example 2011-09-09.
error-period-ends-before-start = The end date is before the start date. Check the dates.
error-operator-not-yours = You can only create and change programmes where your own organisation is the lead organisation.
error-year-outside-period = The year is outside the programme's period. Choose a year from { $first } to { $last }.
error-amount-negative = The amount cannot be negative.
error-whole-number-range = Enter a whole number from { $min } to { $max }.
error-whole-number = Enter a whole number, for example 12.
error-record-reference = Enter the record as type:id, for example user:12.

## Error pages
error-back-to-start = Go to the home page
error-page-not-found-heading = Page not found
error-page-not-found-text = The page you are looking for does not exist, or you do not have permission to see it. Check the address.
error-page-forbidden-heading = You do not have permission
error-page-forbidden-text = Your role does not give you access to this page. Contact an administrator if you need it.
error-page-unavailable-heading = The service is not available at the moment
error-page-unavailable-text = The database is not responding. Try again in a little while. Nothing you sent has been saved.
error-page-internal-heading = Something went wrong
error-page-internal-text = An error occurred on our side and has been logged. Nothing you sent has been saved. Try again.
error-page-csrf-heading = The page was out of date
error-page-csrf-text = The form could not be accepted because the page was too old or came from another website. Go back, reload the page and try again.
error-page-too-large-heading = Too much data
error-page-too-large-text = What you sent was too large. Send less at a time.
error-page-link-heading = The link does not work
error-page-link-text = The link has already been used, has expired or is mistyped. Ask an administrator for a new link.

## Login
login-title = Log in
login-username = Username
login-password = Password
login-submit = Log in
login-forgot = Forgotten your password? Ask your administrator for a reset link.
login-problem-heading = Login failed
login-failed = Wrong username or password. Check that you typed them correctly.
login-locked = Too many failed attempts. The account is locked until { $until }. Try again then, or ask an administrator for a reset link.
login-too-many-attempts = Too many failed logins from your connection. Wait 15 minutes and try again.

## Activation
activate-title = Choose a password
activate-intro = Choose a password for the account { $username }.
activate-submit = Save password

## Start
start-title = Home
start-welcome = Welcome, { $name }.
start-nothing-yet = There are no pages for your role here yet. More parts of Stegvis are on the way.

## Account
account-title = My account
account-username = Username
account-role = Role
account-language = Language
account-language-legend = Which language do you want to use?
account-language-save = Save language
account-password = Change password
account-current-password = Current password
account-new-password = New password
account-confirm-password = New password again
account-password-hint = At least 12 characters. A sentence of a few words is easy to remember and hard to guess.
account-password-save = Change password
account-tokens = API keys
account-tokens-intro = An API key lets another system use the Stegvis API with your permissions.
account-tokens-none = You have no API tokens.
account-tokens-caption = Your API tokens
account-token-created-at = Created
account-token-last-used = Last used
account-token-revoke = Revoke
account-token-name = What will the key be used for?
account-token-name-hint = For example, the name of the system that will use it.
account-token-create = Create API key
account-token-created = The key has been created. Copy it now: it is only shown this once.

## Organisations
organisations-title = Organisations
organisations-new = New organisation
organisations-edit = Change organisation
organisations-empty = There are no organisations yet.
organisations-caption = Organisations ({ $count })
organisation-name = Name
organisation-short-name = Short name
organisation-short-name-hint = A short word without spaces, for example FK or VVK.
organisation-kind = Type
organisation-org-number = Organisation number
organisation-org-number-hint = Optional. Ten digits, for example 212000-0000.
organisation-id = ID
org-kind-kommun = Municipality
org-kind-forsakringskassan = Försäkringskassan (Swedish Social Insurance Agency)
org-kind-arbetsformedlingen = Arbetsförmedlingen (Swedish Public Employment Service)
org-kind-region = Region
org-kind-samordningsforbund = Samordningsförbund (coordination association)
org-kind-other = Other

## Users
users-title = Users
users-new = Invite user
users-edit = Change user
users-new-intro = The user will get a single-use link where they choose their own password.
users-invite-submit = Create invitation link
users-filter = Filter users
users-search = Username starts with
users-all-roles = All roles
users-all-organisations = All organisations
users-count = Number of users: { $count }
user-username = Username
user-username-hint = Lower-case letters a–z, digits and . _ - @. Cannot be changed later.
user-display-name = Name
user-role = Role
user-organisation = Organisation
user-organisation-hint = Required for coordinators and case officers: the organisation the person works for.
user-no-organisation = No organisation
user-status = Status
user-status-active = Active
user-status-invited = Invited, has not chosen a password
user-status-disabled = Disabled
user-active = The account is active
user-reset-heading = Reset password
user-reset-intro = Create a single-use link where the user chooses a new password. Any earlier links stop working.
user-reset-submit = Create reset link
user-audit-link = Show what the user has done in the log
user-invited-heading = The invitation has been created
user-link-intro = Send the link to the user in a secure way. It can be used once and is only shown now.
user-link-label = Single-use link
user-link-expires = The link is valid until { $expires }.
user-link-back = Back to the user

## Programmes
programmes-title = Programmes
programmes-new = New programme
programmes-edit = Change programme
programmes-empty = There are no programmes that you can see.
programme-name = Name
programme-operator = Lead organisation
programme-operator-hint = The organisation that runs the programme and is the data controller for personal data.
programme-period = Period
programme-starts-on = Start date
programme-ends-on = End date
programme-focus = Focus
programme-focus-hint = Individual-focused initiatives work with participants. Structural initiatives build networks, provide training and develop knowledge.
programme-focus-individual = Individual-focused
programme-focus-structural = Structural
programme-focus-both = Both individual-focused and structural
programme-description = Description
programme-partners = Partners
programme-partners-legend = Which organisations are partners in the programme?
programme-partners-save = Save partners
programme-targets = Targets
programme-targets-empty = No targets have been recorded.
programme-add-target = Add target
programme-budget = Budget by funder and year
programme-budget-empty = No budget has been recorded.
programme-set-budget = Save budget row
target-kind = Type of target
target-description = Target
target-value = Target value
target-kind-enterprises-started = Social enterprises started
target-kind-handbook = Handbook
target-kind-participants = Participants
target-kind-other = Other
budget-financier = Funder
budget-year = Year
budget-amount = Amount (SEK)
budget-amount-hint = For example 450 000 or 450 000,50 (spaces between thousands, a comma before öre). A new amount for the same funder and year replaces the old one.
budget-total = Total

## Audit log review
audit-title = Audit log review
audit-intro = This page shows who has viewed or changed what in Stegvis. The log only contains ID numbers, never the content of personal data. Your searches are logged too.
audit-search = Search the log
audit-actor = User ID
audit-actor-hint = Show only what a particular user has done.
audit-record = Record
audit-record-hint = Show only events that concern a particular record, for example user:12 or programme:3.
audit-action = Event
audit-action-hint = The beginning of the event's name, for example user. or login.
audit-from = From (inclusive)
audit-until = Up to and including
audit-export = Download as CSV (at most 10 000 events)
audit-empty = No events match the search.
audit-caption = Events, newest first
audit-seq = No.
audit-when = When
audit-route = Route
audit-records = Records
audit-system = System
audit-older = Older events

## Accessibility statement
a11y-title = Accessibility statement
a11y-intro = Everyone should be able to use Stegvis, including with a screen reader, magnification, a keyboard or voice control. This statement describes how Stegvis meets the Swedish Act on accessibility to digital public services (DOS-lagen) and what we know does not work.
a11y-status-heading = How accessible is the service?
a11y-status = Stegvis is built to meet WCAG 2.1 at level AA, as the law requires, and we test against WCAG 2.2 level AA. Every change is tested automatically with axe-core in a real web browser, with and without JavaScript, and the pages can be used with a keyboard alone.
a11y-known-heading = Known problems
a11y-known-1 = The English translation has not been fully reviewed by native speakers.
a11y-known-2 = Automated tests do not find every problem. A manual review with screen readers is planned but has not yet been carried out.
a11y-how-heading = How we have tested
a11y-how = We test with axe-core against the WCAG 2.0, 2.1 and 2.2 rules for levels A and AA, including colour contrast, in Chromium. The pages are also tested without JavaScript and at a width of 320 pixels.
a11y-feedback-heading = If something does not work
a11y-feedback = Contact the organisation that runs Stegvis for you. Describe what you were trying to do and what did not work, and we will fix it or give you the information in another way.
a11y-enforcement-heading = Enforcement
a11y-enforcement = The Agency for Digital Government (Digg) supervises compliance with the law. If you are not satisfied with how we handle your feedback, you can report it to Digg.
a11y-updated = This statement applies to this version of Stegvis and is updated when the service changes.
