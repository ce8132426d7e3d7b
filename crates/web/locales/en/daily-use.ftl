# The log review in words (issue 18 item 6): picking whose log by name, actions and areas.
audit-pick-heading = Whose log do you want to review?
audit-pick-intro = Search for the name of a participant or a user and choose among the matches. You only see the people and users you may review.
audit-pick-name = Name
audit-pick-name-hint = At least two letters of the given or family name.
audit-pick-button = Search names
audit-pick-people = People
audit-pick-users = Users
audit-pick-none = No person or user you may review matches the name.
audit-pick-born = born { $year }
audit-reviewing-person = The log for { $name }
audit-reviewing-user = What { $name } has done
audit-reviewing-record = The log for { $record }
audit-change-subject = Choose someone else
audit-filter-heading = Narrow the events
audit-area = Area
audit-area-all = All areas
audit-advanced = Search by user id or record (if you know the id number)
audit-who = Who
audit-what = What
audit-error-name-short = Write at least two letters of the name.

# What an audited action did, in words; the key is log-action- and the code with dots as dashes.
log-action-access-refused = Was refused access
log-action-access-scan = Was refused access many times (possible scanning)
log-action-activity-attendance = Recorded attendance
log-action-activity-create = Created an activity
log-action-activity-register = Opened an attendance list
log-action-api-token-create = Created an API key
log-action-api-token-revoke = Revoked an API key
log-action-appointment-add = Booked an appointment
log-action-audit-cull = Culled the log
log-action-audit-search = Reviewed the log
log-action-audit-find-subject = Searched for a person or user in the log review
log-action-consent-record = Recorded a consent
log-action-consent-withdraw = Recorded a withdrawn consent
log-action-consent-withdraw-undo = Undid a mistaken consent withdrawal
log-action-database-backup = Backed up the database
log-action-effects-read = Opened the programme's effects
log-action-enterprise-create = Registered a social enterprise
log-action-enterprise-figures-save = Saved an enterprise's year figures
log-action-enterprise-membership-add = Linked a participant to an enterprise
log-action-enterprise-membership-end = Ended a participant's link to an enterprise
log-action-enterprise-membership-read = Read a participant's link to an enterprise
log-action-enterprise-membership-update = Changed a participant's link to an enterprise
log-action-enterprise-support-add = Added support to an enterprise
log-action-enterprise-support-remove = Removed support from an enterprise
log-action-enterprise-update = Changed an enterprise's details
log-action-episode-assign = Assigned a participation period
log-action-episode-baseline = Recorded the intake
log-action-episode-decline = Declined a referral
log-action-episode-exit = Recorded an exit
log-action-episode-exit-undo = Undid a mistaken exit
log-action-follow-up-due-list = Saw the list of follow-ups
log-action-follow-up-record = Recorded a follow-up
log-action-funder-statistics-read = Opened the funder statistics
log-action-handbook-add-chapter = Added a chapter to the handbook
log-action-handbook-adopt-shipped = Adopted the shipped handbook text
log-action-handbook-approve = Approved a handbook change
log-action-handbook-delete-file = Deleted a file from the handbook
log-action-handbook-move-chapter = Moved a handbook chapter
log-action-handbook-publish = Published the handbook
log-action-handbook-reject = Rejected a handbook change
log-action-handbook-save-draft = Saved a handbook draft
log-action-handbook-start = Started the handbook
log-action-handbook-submit = Sent a handbook change for review
log-action-handbook-upload = Uploaded a file to the handbook
log-action-idea-create = Registered a business idea
log-action-idea-enterprise-link = Linked a business idea to an enterprise
log-action-idea-list = Saw the list of business ideas
log-action-idea-member-add = Added a person to a business idea's team
log-action-idea-member-remove = Removed a person from a business idea's team
log-action-idea-partner-add = Added a partner to a business idea
log-action-idea-partner-remove = Removed a partner from a business idea
log-action-idea-plan-comment = Commented on a business plan
log-action-idea-plan-export = Downloaded a business plan
log-action-idea-plan-read = Read a business plan
log-action-idea-plan-save = Saved a business plan
log-action-idea-read = Read a business idea
log-action-idea-stage = Moved a business idea to a new stage
log-action-idea-update = Changed a business idea
log-action-income-set = Recorded a month of income
log-action-instrument-upload = Uploaded a questionnaire
log-action-login-failed = Failed login
log-action-login-locked = The account was locked after failed logins
log-action-login-succeeded = Logged in
log-action-login-throttled = Login stopped after many attempts from one address
log-action-measures-read = Read a programme's measures
log-action-note-add = Wrote a note
log-action-organisation-create = Registered an organisation
log-action-organisation-update = Changed an organisation
log-action-person-anonymise = Anonymised a person
log-action-person-dismiss-duplicate = Marked two people as not the same
log-action-person-export = Produced a register extract
log-action-person-import = Imported people from a spreadsheet
log-action-person-import-check = Compared a spreadsheet with the register (dry run)
log-action-import-upload = Uploaded a spreadsheet for import
log-action-person-list = Saw the person in a list
log-action-person-read = Read the person's details
log-action-person-refer = Registered a referral
log-action-person-reveal-number = Showed the personal identity number
log-action-person-update = Changed personal details
log-action-plan-goal = Wrote a goal in the plan
log-action-plan-goal-achieved = Marked a goal achieved
log-action-plan-step = Wrote a step in the plan
log-action-plan-step-done = Marked a step done
log-action-portal-read = Opened My page
log-action-programme-add-target = Added a programme target
log-action-programme-create = Created a programme
log-action-programme-delete-budget = Deleted a budget row
log-action-programme-delete-target = Deleted a programme target
log-action-programme-follow-up-months = Changed the programme's follow-up months
log-action-programme-schedule = Changed the programme's questionnaire schedule
log-action-programme-set-budget = Changed the programme's budget
log-action-programme-set-partners = Changed the programme's partners
log-action-programme-update = Changed a programme
log-action-questionnaire-complete = Submitted a questionnaire
log-action-questionnaire-draft = Saved answers to a questionnaire
log-action-questionnaire-due-list = Saw the list of questionnaires due
log-action-questionnaire-list = Saw the questionnaires of a period
log-action-questionnaire-list-own = Saw their own questionnaires
log-action-questionnaire-read = Read questionnaire answers
log-action-report-download = Downloaded a report
log-action-report-request = Requested a report
log-action-retention-rule = Changed a retention rule
log-action-retention-run = Ran the retention
log-action-retention-preview = Saw who is due for retention
log-action-retention-scheduled = The daily retention ran
log-action-scores-export = Exported questionnaire scores
log-action-socioeconomics-parameters-saved = Saved the socio-economic parameters
log-action-socioeconomics-read = Opened the socio-economic account
log-action-socioeconomics-scenario-created = Created a scenario
log-action-socioeconomics-scenario-updated = Changed a scenario
log-action-start-appointments = Saw the week's appointments on the start page
log-action-user-change-password = Changed password
log-action-user-create = Created a user
log-action-user-invite = Invited a user
log-action-user-list = Saw the list of users
log-action-user-read = Read a user's details
log-action-user-read-names = Saw user names
log-action-user-redeem-link = Used an invitation or reset link
log-action-user-reset-link = Created a password reset link
log-action-user-set-locale = Changed language
log-action-user-update = Changed a user

# The areas of the log review's filter: the first part of an action's code.
log-area-person = Personal details
log-area-consent = Consents
log-area-episode = Participation periods
log-area-plan = Plans
log-area-note = Notes
log-area-appointment = Appointments
log-area-income = Income
log-area-follow-up = Follow-ups
log-area-activity = Activities and attendance
log-area-questionnaire = Questionnaires
log-area-enterprise = Social enterprises
log-area-idea = Business ideas
log-area-programme = Programmes
log-area-organisation = Organisations
log-area-user = Users
log-area-login = Logins
log-area-access = Refused access
log-area-audit = Log review

# The participant's "who has read your details", summarised per reader (issue 18 item 7).
portal-readers-latest = Latest { $when }
portal-readers-times = { $count ->
    [one] once
   *[other] { $count } times
}
portal-readers-details = Show all { $count } occasions

# Short month names under the income chart on the person page.
chart-month-1 = Jan
chart-month-2 = Feb
chart-month-3 = Mar
chart-month-4 = Apr
chart-month-5 = May
chart-month-6 = Jun
chart-month-7 = Jul
chart-month-8 = Aug
chart-month-9 = Sep
chart-month-10 = Oct
chart-month-11 = Nov
chart-month-12 = Dec

# The enterprise page: people linked today, beside the count on the latest head-count date.
enterprise-linked-today = Today { $count ->
    [one] one participant is linked
   *[other] { $count } participants are linked
}, of whom { $employees } employed.

## Retention
retention-title = Retention
retention-intro = Under your retention rule, people are anonymised a set number of years after their last episode ended. Retention runs automatically once a day. Here you see who is due today and when retention last ran.
retention-preview-heading = Due today
retention-rule-summary = Data is kept for { $years } years after the last exit. Anyone who left before { $cutoff } and has no open episode is anonymised.
retention-preview-none = Nobody is due to be anonymised today.
retention-preview-count = { $count ->
    [one] One person is anonymised at the next run.
   *[other] { $count } people are anonymised at the next run.
}
retention-preview-person = Person
retention-preview-fields = Data removed
retention-preview-person-link = Person { $id }
retention-no-rule = You have no retention rule yet, so nobody is anonymised automatically. Enter the rule below.
retention-runs-heading = Latest runs
retention-runs-intro = The server runs retention automatically once a day. Every run is also in the log.
retention-runs-none = Retention has not run yet.
retention-run-line = { $day }: finished { $finished }
retention-rule-heading = Retention rule
retention-rule-intro = The rule should rest on a decision of yours, such as a records management plan.
retention-years = Years after the last exit
retention-years-hint = A whole number of years, for example 5.
retention-decision = Decision (reference or title)
retention-decision-hint = For example KS 2026/123.
retention-decided-on = Date of the decision
# Events and the network (issue 13).
log-area-outreach = Events
log-area-network = The network
log-action-outreach-event-create = Recorded an event
log-action-outreach-event-update = Changed an event
log-action-outreach-attendance = Recorded participants at an event
log-action-outreach-attendance-read = Opened the participant list of an event
log-action-network-organisation-add = Added an organisation to the network
log-action-network-organisation-update = Changed an organisation of the network
log-action-network-link-add = Added a role of a network organisation
log-action-network-link-remove = Removed a role of a network organisation
log-action-network-contact-read = Read contact people of the network
log-action-network-contact-add = Added a contact person to the network
log-action-network-contact-remove = Removed a contact person from the network
log-action-network-log-read = Read the contacts with a network organisation
log-action-network-log-add = Recorded a contact with a network organisation
