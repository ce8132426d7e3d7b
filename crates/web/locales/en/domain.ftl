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
