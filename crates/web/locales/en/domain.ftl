# Messages from the domain core (crates/domain): errors for personnummer, organisation numbers
# and amounts, and names of groups of legal forms.
# Each id matches message_key() in the code; the arguments come from message_args().

## Personnummer

personnummer-error-empty = Enter a personnummer (Swedish personal identity number).
personnummer-error-contains-space = Write the personnummer without spaces, for example YYYYMMDD-NNNN.
personnummer-error-invalid-character = The character “{ $character }” cannot be part of a personnummer. Use only digits and a hyphen before the last four digits.
personnummer-error-wrong-length = The personnummer has { $digits } digits but should have 10 or 12.
personnummer-error-misplaced-separator = The hyphen (or plus sign) must appear only once, right before the last four digits.
personnummer-error-plus-with-twelve-digits = The plus sign is only used when the personnummer is written with 10 digits. Use a hyphen when you write the full year.
personnummer-error-not-canonical = A stored personnummer must be exactly 12 digits without separator.
personnummer-error-not-a-date = The first digits, { $date }, are not a real date. Check the year, month and day. In a samordningsnummer (coordination number) the day is increased by 60.
personnummer-error-wrong-check-digit = The check digit does not match: the last digit should be { $expected }. Check that the number is written correctly.
personnummer-error-in-the-future = The birth date { $birth_date } has not happened yet. Check the year.

## Organisation numbers

orgnumber-error-empty = Enter an organisation number.
orgnumber-error-contains-space = Write the organisation number without spaces, for example NNNNNN-NNNN.
orgnumber-error-invalid-character = The character “{ $character }” cannot be part of an organisation number. Use only digits and a hyphen before the last four digits.
orgnumber-error-wrong-length = The organisation number has { $digits } digits but should have 10, or 12 if it starts with 16.
orgnumber-error-missing-sixteen-prefix = An organisation number with 12 digits starts with 16. Is this a personnummer? A sole trader uses the owner's personnummer and has no organisation number of their own.
orgnumber-error-misplaced-separator = The hyphen must appear only once, right before the last four digits.
orgnumber-error-not-canonical = A stored organisation number must be exactly 10 digits without hyphen.
orgnumber-error-third-digit-too-small = The third digit is { $found }, but in an organisation number it is 2 or higher. Is this a personnummer? A sole trader uses the owner's personnummer and has no organisation number of their own.
orgnumber-error-wrong-check-digit = The check digit does not match: the last digit should be { $expected }. Check that the number is written correctly.

## Groups of legal forms (first digit of the organisation number)

legal-form-group-death-estates = Estates of deceased persons
legal-form-group-public-sector = State, regions, municipalities and parishes
legal-form-group-foreign-companies = Foreign companies trading or owning property in Sweden
legal-form-group-limited-companies = Limited companies (aktiebolag)
legal-form-group-simple-partnerships = Simple partnerships (enkla bolag)
legal-form-group-economic-associations = Economic associations and housing cooperatives
legal-form-group-non-profit-associations-and-foundations = Non-profit associations and foundations
legal-form-group-trading-partnerships = Trading and limited partnerships
legal-form-group-unknown = Unknown group

## Amounts

money-error-empty = Enter an amount.
money-error-invalid-character = The character “{ $character }” cannot be part of an amount. Write it like 1 234,50.
money-error-no-digits = The amount has no digits. Write it like 1 234,50.
money-error-misplaced-minus = The minus sign must come first, before the digits.
money-error-misplaced-thousands-separator = Spaces may only split the kronor into groups of three digits, as in 1 234 567.
money-error-more-than-one-decimal-separator = The amount has more than one decimal mark. Write öre after a comma and separate thousands with spaces, as in 1 234,50.
money-error-too-many-decimals = The amount has { $decimals } decimals but may have at most two (öre). Separate thousands with spaces, not with a point.
money-error-too-large = The amount is too large.

## People and episodes (codes)
sex-female = Woman
sex-male = Man
sex-unknown = Unknown
episode-status-referred = Referred
episode-status-intake = Enrolment in progress
episode-status-active = Active
episode-status-exited = Ended
exit-reason-completed = Completed as planned
exit-reason-own-choice = Left at own request
exit-reason-consent-withdrawn = Consent withdrawn
exit-reason-moved = Moved away
exit-reason-illness = Illness
exit-reason-other = Other reason
exit-reason-registered-in-error = Registered in error (not counted in the statistics)
education-forgymnasial-kort = Compulsory school, shorter than 9 years
education-forgymnasial = Compulsory school, 9 years
education-gymnasial-kort = Upper secondary school, at most 2 years
education-gymnasial = Upper secondary school, 3 years
education-eftergymnasial-kort = Post-secondary education, shorter than 3 years
education-eftergymnasial = Post-secondary education, 3 years or longer
education-okand = Unknown
occupation-arbete = Work without support
occupation-arbete-med-stod = Work with support (wage subsidy: lönebidrag, lönestöd, nystartsjobb)
occupation-eget-foretag = Own business
occupation-studier = Studies or labour market training
occupation-arbetssokande = Actively looking for work
occupation-arbetstraning = Work training (arbetsträning)
occupation-rehabilitering = Rehabilitation
occupation-sjukskriven = On sick leave
occupation-ingen = No occupation
duration-under-6-man = Less than 6 months
duration-6-12-man = 6–12 months
duration-1-2-ar = 1–2 years
duration-2-5-ar = 2–5 years
duration-over-5-ar = More than 5 years
duration-okand = Unknown
consent-scope-participation = Taking part
consent-scope-information-exchange = Exchange of information with a partner organisation
consent-scope-follow-up = Follow-up after leaving
consent-scope-questionnaires = Use of questionnaire answers
consent-form-paper = On paper
consent-form-digital = Digitally
step-owner-participant = The participant
step-owner-coordinator = The coordinator
step-owner-case-officer = The case officer
step-owner-together = Together
activity-kind-inspiration = Inspiration meeting
activity-kind-course = Course in starting a business
activity-kind-work-training = Work training (arbetsträning)
activity-kind-study-visit = Study visit
activity-kind-coaching = Coaching
activity-kind-business-idea = Work on a business idea
activity-kind-other = Other activity
income-source-sjukpenning = Sickness or rehabilitation benefit (sjukpenning, rehabiliteringspenning)
income-source-aktivitetsersattning = Activity compensation (aktivitetsersättning)
income-source-sjukersattning = Sickness compensation (sjukersättning)
income-source-a-kassa = Unemployment benefit (a-kassa, unemployment insurance)
income-source-aktivitetsstod = Activity support or development allowance (aktivitetsstöd, utvecklingsersättning)
income-source-etableringsersattning = Establishment allowance (etableringsersättning)
income-source-forsorjningsstod = Försörjningsstöd (income support, also called ekonomiskt bistånd)
income-source-lon = Wages without support
income-source-lon-med-stod = Wages with support (wage subsidy: lönebidrag, lönestöd, nystartsjobb)
income-source-eget-foretag = Own business
income-source-studiemedel = Student finance (studiemedel)
income-source-annan = Other means of support (for example parental benefit, pension, a partner)
income-source-ingen = No income
support-group-ohalsa = Ill health
support-group-arbetsmarknadsstod = Labour market support
support-group-ekonomiskt-bistand = Ekonomiskt bistånd (financial assistance from the municipality)
support-group-ej-offentligt = Not supported by public benefits

## Validation of people, episodes, consent, plans and income
person-error-birth-year-required = Enter the year of birth when the person has no personnummer.
person-error-birth-year-range = The year of birth must be a year from { $min } to { $max }.
person-error-protected-no-contact = Address and contact details are not stored for a person with protected identity (skyddad identitet). Clear the field.
person-error-phone = Write the phone number in digits, for example 070-123 45 67.
person-error-email = Write the email address in the form name@example.se.
person-error-already-in-programme = The person is already enrolled in or referred to this programme.
person-error-number-taken = There is already another person with that personnummer.
episode-error-already-exited = The period has already ended.
episode-error-complete-needs-active = Only an active participant can leave as planned. Choose a different reason, or record the enrolment first.
episode-error-start-needs-intake = Consent to take part must be recorded before the work can begin.
episode-error-intake-needs-referral = Only a referred person can be enrolled.
episode-error-exit-before-referral = The exit date cannot be before the referral ({ $date }).
episode-error-exit-before-intake = The exit date cannot be before the enrolment ({ $date }).
error-page-out-of-range = The page number must be a whole number from 1 to 100 000.
episode-error-follow-up-before-exit = The follow-up cannot be before the exit ({ $date }).
episode-error-follow-up-too-early = The follow-up can be recorded on { $date } at the earliest, two weeks before the day it is for.
person-error-programme-ended = The programme ended on { $date }. Choose a programme that is running, or a referral date within the programme.
episode-error-baseline-needs-consent = Details at enrolment can only be recorded once there is consent to take part.
episode-error-plan-needs-intake = The plan can only be written once the person has consented to take part.
episode-error-decline-needs-referral = Only a referral without recorded consent can be declined.
consent-error-before-referral = Consent cannot have been given before the referral ({ $date }).
consent-error-not-informed = Tick the box to confirm the person has been given the information. Consent without information is not valid.
consent-error-already-given = That consent already exists and is valid.
consent-error-participation-first = First record the consent to take part.
consent-error-withdrawal-date = The date of withdrawal must be between the date of consent and today.
consent-error-already-withdrawn = The consent has already been withdrawn.
consent-error-no-follow-up = The person has not consented to follow-up after leaving.
income-error-needs-consent = Income can only be recorded once the person has consented to take part.
programme-error-follow-up-months = Enter the number of months after exit as whole numbers from 1 to 60, separated by commas, for example 3, 6, 12.
activity-error-hours-format = Enter the number of hours as a number, for example 1,5.
activity-error-hours-max = An activity can last at most { $max } hours.
activity-error-not-participating = One of the people you chose is not taking part in the programme at the moment.
error-percent = Enter a percentage between 0 and 100.
error-time-format = Write the time as HH:MM, for example 09:30.
error-date-in-future = The date cannot be in the future.
month-error-format = Write the month as YYYY-MM, for example 2026-03.
month-error-year-out-of-range = The year must be from { $first } to { $last }.
income-error-range-ends-before-start = The end month is before the start month. Check the months.
income-error-range-too-long = You can enter at most { $max } months at a time.
income-error-amount-with-zero-share = Leave the amount empty when the share is 0 %. A share of 0 % removes the source of income for those months.
income-error-month-over-full-time = In { $month } the shares add up to { $total } %, but they may be at most 100 %. Reduce another source first.
audit-error-person-not-yours = You can only review the log for people in your own programmes.
audit-error-user-not-yours = You can only review the log for users in your own organisation.
audit-error-coordinator-scope = Search for and choose a person or a user in your organisation to review.

## Questionnaire definitions and scoring
error-instrument-json = The file is not valid JSON or has wrong fields (line { $line }, column { $column }): { $detail }
error-instrument-version = The version must be a whole number, 1 or higher.
error-instrument-max-missing = The number of items that may be left unanswered must be fewer than the number of items ({ $items }).
error-instrument-range-mismatch = The stated range does not match the items and scoring, which give { $min }–{ $max }.
error-instrument-meaningful-change = The smallest meaningful change must be a number above 0.
error-instrument-key-format = The key "{ $key }" may only contain lower-case letters a–z, digits and hyphens, at most { $max } characters.
error-instrument-duplicate-language = The language { $language } is listed twice.
error-instrument-unknown-direction = The text direction "{ $direction }" does not exist. Use ltr or rtl.
error-instrument-language-required = The language { $language } must be included.
error-instrument-text-missing = The text in language { $language } is missing.
error-instrument-text-too-long = The text is too long. It may be at most { $max } characters.
error-instrument-undeclared-language = There is text in language { $language }, but the language is not declared under languages.
error-instrument-too-few-options = An answer scale needs at least two options.
error-instrument-duplicate-value = The value { $value } appears twice in the answer scale.
error-instrument-value-out-of-range = The value { $value } is outside the scale { $min }–{ $max }.
error-instrument-duplicate-key = The key "{ $key }" is used twice.
error-instrument-scale-bounds = The scale's lowest value must be below its highest.
error-instrument-no-items = The questionnaire has no items.
error-instrument-unknown-topic = The topic "{ $topic }" is not one of the handbook's topics.
error-instrument-unknown-scale = The answer scale "{ $scale }" does not exist.
error-instrument-scale-or-options = Give the item either an answer scale or its own options, not both and not neither.
error-instrument-correct-not-an-option = The correct answer { $value } is not one of the item's options.
error-instrument-scoring-factor = The scoring factor must be a number above 0.
error-instrument-unknown-scoring = The scoring "{ $kind }" does not exist. Use sum, sum-scaled, mean, percent-correct or single.
error-instrument-factor-not-used = The scoring { $kind } uses no factor. Remove it.
error-instrument-no-correct = The item { $item } has no correct answer, which percent-correct needs.
error-instrument-reverse-quiz = The item { $item } cannot be reversed in a quiz.
error-instrument-correct-not-used = The item { $item } has a correct answer, but the scoring uses none.
error-instrument-single-one-item = The scoring single needs exactly one item, but the questionnaire has { $items }.
error-instrument-cutoff-threshold = A cut-off must give either below or at_most.
error-instrument-cutoff-out-of-range = The cut-off { $value } is outside the score range { $min }–{ $max }.
error-instrument-cutoff-order = The cut-offs must be listed from the lowest.
error-score-unknown-item = The answer is for an item that is not in the questionnaire.
error-score-duplicate-answer = The same item has been answered twice.
error-score-not-an-option = The answer is not one of the item's options.
error-score-too-many-missing = Too many items are unanswered to compute a score.

## Questionnaire answers and schedules
answer-error-no-consent = The participant has not consented to questionnaires, or has withdrawn consent. Answers cannot be saved.
answer-error-already-complete = The questionnaire is already sent and cannot be changed. Contact your coordinator if something went wrong.
answer-error-occasion = The occasion does not fit the episode: start and regular occasions need intake, exit and follow-up need an exit.
answer-error-mode = Choose how the answers were collected: paper form or interview.
answer-error-before-intake = The date cannot be before intake.
answer-error-unanswered = { $count ->
    [one] Question { $items } is not answered.
   *[other] Questions { $items } are not answered.
}
answer-error-not-an-option = The answer to question { $number } is not one of the options.
answer-error-unknown-item = The questionnaire has no question { $item }.
schedule-error-every-months = Write how many months apart the regular questionnaires for { $instrument } are: a whole number from 1 to { $max }.
schedule-error-unknown-instrument = There is no questionnaire with the key { $instrument }.
schedule-error-occasion = The occasion must be baseline, ongoing, exit or follow-up.
instrument-error-version-not-newer = The version must be higher than the stored one ({ $stored }). A stored version is never changed, since answers were given to it.
instrument-upload-error = { $count ->
    [one] The definition has one problem. See the list below.
   *[other] The definition has { $count } problems. See the list below.
}
export-error-too-few = Fewer than 5 participants have answers in the programme, so scores cannot be released row by row.
## Business plan forecasts (crates/domain/src/forecast)

forecast-error-amount = Enter an amount in kronor, for example 250 or 1 250,50.
forecast-error-amount-too-large = The amount may be at most { $max }.
forecast-error-quantity = Enter a number, for example 10 or 2,5. It cannot be negative.
forecast-error-quantity-too-large = The number may be at most { $max }.
forecast-error-percent = Enter a percentage, for example 25 or 31,42.
forecast-error-percent-range = The percentage must be from { $min } to { $max } per cent.
forecast-error-before-first-month = The month cannot be before the forecast's first month, { $first }.
forecast-error-grace-not-shorter-than-term = The months without amortisation must be fewer than the loan's term.
forecast-error-too-large = The forecast's amounts or quantities are too large to compute. Check the figures.
forecast-vat-period-monthly = Every month
forecast-vat-period-quarterly = Every quarter
forecast-vat-0 = 0 % (exempt)
forecast-vat-6 = 6 %
forecast-vat-12 = 12 %
forecast-vat-25 = 25 %
forecast-terms-0 = Immediately (cash or card)
forecast-terms-10 = 10 days
forecast-terms-30 = 30 days
forecast-terms-60 = 60 days
forecast-cost-kind-fixed = Fixed amount per month
forecast-cost-kind-variable = Share of sales
forecast-startup-kind-investment = Investment (depreciated)
forecast-startup-kind-expense = Start-up expense
forecast-startup-kind-stock = Stock
forecast-financing-kind-own = Own contribution
forecast-financing-kind-member-shares = Member shares
forecast-financing-kind-grant = Grant
forecast-financing-kind-loan = Loan
