//! Social enterprises (arbetsintegrerande sociala företag, ASF) in the enterprise register.
//!
//! An enterprise is registered (it has an organisationsnummer) and is linked to the operator
//! whose programme supports it. Its business contact details are the enterprise's own, not a
//! person's: the register holds no personal data, so the opted-in part of it can be published.

use crate::coded_enum;
use crate::money::Money;
use crate::orgnumber::{LegalFormGroup, OrgNumber};
use crate::programme::parse_id;
use crate::timestamp::Timestamp;
use crate::timestamp::parse_date;
use crate::validation::{FieldError, ValidationErrors, optional_text, required_text};
use serde::{Deserialize, Serialize};
use time::Date;

pub const NAME_MAX: usize = 200;
pub const TEXT_MAX: usize = 2000;
pub const NOTE_MAX: usize = 500;
pub const LINE_MAX: usize = 200;

coded_enum! {
    /// The legal forms a registered social enterprise commonly has (domain brief §6).
    ///
    /// A sole trader (enskild firma) is not offered: it has no organisationsnummer of its own
    /// but the owner's personnummer, which is personal data and cannot go in a public register.
    pub enum LegalForm {
        EkonomiskForening => "ekonomisk-forening",
        IdeellForening => "ideell-forening",
        Aktiebolag => "aktiebolag",
        AktiebolagSvb => "aktiebolag-svb",
        Handelsbolag => "handelsbolag",
        Other => "other",
    }
}

impl LegalForm {
    /// The group of organisation numbers this legal form is registered under, when it has one
    /// group only. `Other` (for example a stiftelse) is not checked.
    pub fn expected_group(self) -> Option<LegalFormGroup> {
        match self {
            LegalForm::EkonomiskForening => Some(LegalFormGroup::EconomicAssociations),
            LegalForm::IdeellForening => Some(LegalFormGroup::NonProfitAssociationsAndFoundations),
            LegalForm::Aktiebolag | LegalForm::AktiebolagSvb => {
                Some(LegalFormGroup::LimitedCompanies)
            }
            LegalForm::Handelsbolag => Some(LegalFormGroup::TradingPartnerships),
            LegalForm::Other => None,
        }
    }
}

/// The short code of a legal-form group, used to choose the wording of a message.
fn group_code(group: LegalFormGroup) -> &'static str {
    group
        .message_key()
        .strip_prefix("legal-form-group-")
        .unwrap_or("unknown")
}

/// Tillväxtverket's definition of a work-integration social enterprise as a documented
/// checklist: it runs a business, and (1) its overall aim is work integration, (2) employees
/// take part through ownership, agreement or another documented way, (3) it mainly reinvests
/// its profits, (4) it is independent of the public sector. Each item may carry a note saying
/// how it is met (for example "stadgar § 3").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AsfChecklist {
    pub runs_business: bool,
    pub runs_business_note: Option<String>,
    pub work_integration: bool,
    pub work_integration_note: Option<String>,
    pub participation: bool,
    pub participation_note: Option<String>,
    pub reinvests_profits: bool,
    pub reinvests_profits_note: Option<String>,
    pub independent: bool,
    pub independent_note: Option<String>,
}

impl AsfChecklist {
    /// The number of items on the checklist.
    pub const ITEMS: usize = 5;

    fn flags(&self) -> [bool; Self::ITEMS] {
        [
            self.runs_business,
            self.work_integration,
            self.participation,
            self.reinvests_profits,
            self.independent,
        ]
    }

    pub fn fulfilled_count(&self) -> usize {
        self.flags().into_iter().filter(|f| *f).count()
    }

    pub fn all_fulfilled(&self) -> bool {
        self.fulfilled_count() == Self::ITEMS
    }
}

/// The raw text of an enterprise form or API body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnterpriseInput {
    pub name: String,
    pub operator_id: String,
    pub organisationsnummer: String,
    pub legal_form: String,
    pub registered_on: String,
    pub sni_code: String,
    pub address: String,
    pub postal_code: String,
    pub city: String,
    pub what_it_sells: String,
    pub how_to_buy: String,
    pub contact_email: String,
    pub contact_phone: String,
    pub website: String,
    pub asf: AsfInput,
    pub f_skatt: bool,
    pub vat_registered: bool,
    pub employer_registered: bool,
    pub public_listing: bool,
}

/// The checklist as typed: ticks and notes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AsfInput {
    pub runs_business: bool,
    pub runs_business_note: String,
    pub work_integration: bool,
    pub work_integration_note: String,
    pub participation: bool,
    pub participation_note: String,
    pub reinvests_profits: bool,
    pub reinvests_profits_note: String,
    pub independent: bool,
    pub independent_note: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnterpriseDraft {
    pub name: String,
    pub operator_id: i64,
    pub org_number: OrgNumber,
    pub legal_form: LegalForm,
    pub registered_on: Date,
    /// Five digits without the dot, e.g. "56101".
    pub sni_code: Option<String>,
    pub address: Option<String>,
    /// "NNN NN".
    pub postal_code: Option<String>,
    pub city: Option<String>,
    pub what_it_sells: Option<String>,
    pub how_to_buy: Option<String>,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    pub website: Option<String>,
    pub asf: AsfChecklist,
    pub f_skatt: bool,
    pub vat_registered: bool,
    pub employer_registered: bool,
    pub public_listing: bool,
}

impl EnterpriseInput {
    /// Checks every field and reports every problem at once. `today` bounds the registration
    /// date: an enterprise in the register is already registered.
    pub fn parse(&self, today: Date) -> Result<EnterpriseDraft, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let name = errors.check(required_text("name", &self.name, NAME_MAX));
        let operator_id = errors.check(parse_id("operator_id", &self.operator_id));
        let org_number = errors.check(parse_org_number(&self.organisationsnummer));
        let legal_form = errors.check(crate::code::required_choice::<LegalForm>(
            "legal_form",
            &self.legal_form,
        ));
        if let (Some(number), Some(form)) = (org_number, legal_form) {
            errors.check(check_group(number, form));
        }
        let registered_on = errors.check(parse_registered_on(&self.registered_on, today));
        let sni_code = errors.check(parse_sni(&self.sni_code));
        let address = errors.check(optional_text("address", &self.address, LINE_MAX));
        let postal_code = errors.check(parse_postal_code(&self.postal_code));
        let city = errors.check(optional_text("city", &self.city, LINE_MAX));
        let what_it_sells = errors.check(optional_text(
            "what_it_sells",
            &self.what_it_sells,
            TEXT_MAX,
        ));
        let how_to_buy = errors.check(optional_text("how_to_buy", &self.how_to_buy, TEXT_MAX));
        let contact_email = errors.check(parse_email(&self.contact_email));
        let contact_phone = errors.check(parse_phone(&self.contact_phone));
        let website = errors.check(parse_website(&self.website));
        let asf = self.asf.parse(&mut errors);
        if !errors.is_empty() {
            return Err(errors);
        }
        match (
            name,
            operator_id,
            org_number,
            legal_form,
            registered_on,
            sni_code,
            address,
            postal_code,
            city,
            what_it_sells,
            how_to_buy,
            contact_email,
            contact_phone,
            website,
            asf,
        ) {
            (
                Some(name),
                Some(operator_id),
                Some(org_number),
                Some(legal_form),
                Some(registered_on),
                Some(sni_code),
                Some(address),
                Some(postal_code),
                Some(city),
                Some(what_it_sells),
                Some(how_to_buy),
                Some(contact_email),
                Some(contact_phone),
                Some(website),
                Some(asf),
            ) => Ok(EnterpriseDraft {
                name,
                operator_id,
                org_number,
                legal_form,
                registered_on,
                sni_code,
                address,
                postal_code,
                city,
                what_it_sells,
                how_to_buy,
                contact_email,
                contact_phone,
                website,
                asf,
                f_skatt: self.f_skatt,
                vat_registered: self.vat_registered,
                employer_registered: self.employer_registered,
                public_listing: self.public_listing,
            }),
            _ => Err(errors),
        }
    }
}

impl AsfInput {
    fn parse(&self, errors: &mut ValidationErrors) -> Option<AsfChecklist> {
        let note = |errors: &mut ValidationErrors, field: &'static str, text: &str| {
            errors.check(optional_text(field, text, NOTE_MAX))
        };
        let runs_business_note = note(errors, "runs_business_note", &self.runs_business_note);
        let work_integration_note =
            note(errors, "work_integration_note", &self.work_integration_note);
        let participation_note = note(errors, "participation_note", &self.participation_note);
        let reinvests_profits_note = note(
            errors,
            "reinvests_profits_note",
            &self.reinvests_profits_note,
        );
        let independent_note = note(errors, "independent_note", &self.independent_note);
        Some(AsfChecklist {
            runs_business: self.runs_business,
            runs_business_note: runs_business_note?,
            work_integration: self.work_integration,
            work_integration_note: work_integration_note?,
            participation: self.participation,
            participation_note: participation_note?,
            reinvests_profits: self.reinvests_profits,
            reinvests_profits_note: reinvests_profits_note?,
            independent: self.independent,
            independent_note: independent_note?,
        })
    }
}

/// The organisationsnummer with the parser's own precise message and arguments.
fn parse_org_number(input: &str) -> Result<OrgNumber, FieldError> {
    OrgNumber::parse(input).map_err(|error| {
        let mut field = FieldError::new("organisationsnummer", error.message_key());
        for (name, value) in error.message_args() {
            field = field.with_arg(name, value);
        }
        field
    })
}

/// The first digit of the number tells the group of legal forms; a number from another group
/// than the chosen form is almost always a typing error or the wrong form chosen.
fn check_group(number: OrgNumber, form: LegalForm) -> Result<(), FieldError> {
    let group = number.legal_form_group();
    match form.expected_group() {
        Some(expected) if expected != group => Err(FieldError::new(
            "organisationsnummer",
            "enterprise-error-legal-form-mismatch",
        )
        .with_arg("digit", &number.canonical()[..1])
        .with_arg("group", group_code(group))
        .with_arg("form", form.code())),
        _ => Ok(()),
    }
}

fn parse_registered_on(input: &str, today: Date) -> Result<Date, FieldError> {
    if input.trim().is_empty() {
        return Err(FieldError::new("registered_on", "error-required"));
    }
    let date =
        parse_date(input).ok_or_else(|| FieldError::new("registered_on", "error-date-format"))?;
    if date > today {
        return Err(
            FieldError::new("registered_on", "enterprise-error-registered-in-future")
                .with_arg("today", crate::timestamp::format_date(today)),
        );
    }
    Ok(date)
}

/// An SNI 2007 code at the detailed level: five digits, written `NNNNN` or `NN.NNN`.
pub fn parse_sni(input: &str) -> Result<Option<String>, FieldError> {
    let text = input.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let digits: String = match text.split_once('.') {
        Some((head, tail)) if head.len() == 2 && tail.len() == 3 => format!("{head}{tail}"),
        Some(_) => String::new(),
        None => text.to_string(),
    };
    if digits.len() == 5 && digits.bytes().all(|b| b.is_ascii_digit()) {
        Ok(Some(digits))
    } else {
        Err(FieldError::new("sni_code", "enterprise-error-sni"))
    }
}

/// A Swedish postal code, stored as "NNN NN".
fn parse_postal_code(input: &str) -> Result<Option<String>, FieldError> {
    let text = input.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let digits: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.len() == 5 && digits.bytes().all(|b| b.is_ascii_digit()) {
        Ok(Some(format!("{} {}", &digits[..3], &digits[3..])))
    } else {
        Err(FieldError::new(
            "postal_code",
            "enterprise-error-postal-code",
        ))
    }
}

/// Deliberately lenient, like a person's address: one `@`, text on both sides, a dot in the
/// domain and no spaces.
pub(crate) fn parse_email(input: &str) -> Result<Option<String>, FieldError> {
    let Some(email) = optional_text("contact_email", input, LINE_MAX)? else {
        return Ok(None);
    };
    let valid = match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.contains(char::is_whitespace)
        }
        None => false,
    };
    if valid {
        Ok(Some(email))
    } else {
        Err(FieldError::new("contact_email", "enterprise-error-email"))
    }
}

fn parse_phone(input: &str) -> Result<Option<String>, FieldError> {
    let Some(phone) = optional_text("contact_phone", input, 40)? else {
        return Ok(None);
    };
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    let allowed = phone
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '+' | '(' | ')'));
    if allowed && digits >= 6 {
        Ok(Some(phone))
    } else {
        Err(FieldError::new("contact_phone", "enterprise-error-phone"))
    }
}

/// A web address: `https://` is added when no scheme is typed; only http and https are kept,
/// so the public directory never links to `javascript:` or the like.
fn parse_website(input: &str) -> Result<Option<String>, FieldError> {
    let Some(text) = optional_text("website", input, LINE_MAX)? else {
        return Ok(None);
    };
    let lower = text.to_lowercase();
    let url = if lower.starts_with("https://") || lower.starts_with("http://") {
        text
    } else if lower.contains("://") || lower.contains(':') && !lower.contains('.') {
        return Err(FieldError::new("website", "enterprise-error-website"));
    } else {
        format!("https://{text}")
    };
    let host = url
        .split_once("://")
        .map(|(_, rest)| rest.split(['/', '?', '#']).next().unwrap_or(""))
        .unwrap_or("");
    let valid = host.contains('.')
        && !host.starts_with('.')
        && !host.ends_with('.')
        && !url.contains(char::is_whitespace)
        && !url.contains(['<', '>', '"']);
    if valid {
        Ok(Some(url))
    } else {
        Err(FieldError::new("website", "enterprise-error-website"))
    }
}

coded_enum! {
    /// Kinds of support an enterprise received (domain brief §6).
    pub enum SupportKind {
        Coompanion => "coompanion",
        Almi => "almi",
        StartUpGrant => "start-up-grant",
        WageSubsidy => "wage-subsidy",
        Nyforetagarcentrum => "nyforetagarcentrum",
        Other => "other",
    }
}

/// The earliest year of support the register takes.
pub const SUPPORT_YEAR_MIN: i32 = 1990;

/// One row of support received, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupportInput {
    pub kind: String,
    pub year: String,
    /// Kronor, optional; "45 000" or "45000,50".
    pub amount: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupportDraft {
    pub kind: SupportKind,
    pub year: i32,
    pub amount: Option<Money>,
    pub note: Option<String>,
}

impl SupportInput {
    /// The year lies between [`SUPPORT_YEAR_MIN`] and this year; the amount, if any, is not
    /// negative; `other` needs a note saying what the support was.
    pub fn parse(&self, today: Date) -> Result<SupportDraft, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let kind = errors.check(crate::code::required_choice::<SupportKind>(
            "kind", &self.kind,
        ));
        let year = errors.check(match self.year.trim().parse::<i32>() {
            Ok(year) if (SUPPORT_YEAR_MIN..=today.year()).contains(&year) => Ok(year),
            _ => Err(FieldError::new("year", "enterprise-support-error-year")
                .with_arg("min", SUPPORT_YEAR_MIN)
                .with_arg("max", today.year())),
        });
        let amount = errors.check(if self.amount.trim().is_empty() {
            Ok(None)
        } else {
            match Money::parse_sv(&self.amount) {
                Ok(amount) if amount.ore() >= 0 => Ok(Some(amount)),
                Ok(_) => Err(FieldError::new("amount", "error-amount-negative")),
                Err(e) => Err(e.message_args().into_iter().fold(
                    FieldError::new("amount", e.message_key()),
                    |error, (name, value)| error.with_arg(name, value),
                )),
            }
        });
        let note = errors.check(optional_text("note", &self.note, NOTE_MAX));
        if kind == Some(SupportKind::Other) && note == Some(None) {
            errors.push(FieldError::new(
                "note",
                "enterprise-support-error-other-note",
            ));
        }
        match (kind, year, amount, note) {
            (Some(kind), Some(year), Some(amount), Some(note)) if errors.is_empty() => {
                Ok(SupportDraft {
                    kind,
                    year,
                    amount,
                    note,
                })
            }
            _ => Err(errors),
        }
    }
}

/// A social enterprise as stored in the register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enterprise {
    pub id: i64,
    pub operator_id: i64,
    pub name: String,
    pub org_number: OrgNumber,
    pub legal_form: LegalForm,
    pub registered_on: Date,
    pub sni_code: Option<String>,
    pub address: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    pub what_it_sells: Option<String>,
    pub how_to_buy: Option<String>,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    pub website: Option<String>,
    pub asf: AsfChecklist,
    pub f_skatt: bool,
    pub vat_registered: bool,
    pub employer_registered: bool,
    pub public_listing: bool,
    pub updated_at: Timestamp,
}

/// What the register list is narrowed by.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EnterpriseFilter {
    /// Part of the name or the city, or an organisationsnummer's digits.
    pub text: Option<String>,
    pub legal_form: Option<LegalForm>,
}

/// Support an enterprise received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Support {
    pub id: i64,
    pub kind: SupportKind,
    pub year: i32,
    pub amount: Option<Money>,
    pub note: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 27);

    fn cafe() -> EnterpriseInput {
        EnterpriseInput {
            name: "Kustens Café & Catering ekonomisk förening".into(),
            operator_id: "1".into(),
            organisationsnummer: "769999-0003".into(),
            legal_form: "ekonomisk-forening".into(),
            registered_on: "2012-05-14".into(),
            sni_code: "56.101".into(),
            postal_code: "59330".into(),
            ..EnterpriseInput::default()
        }
    }

    #[test]
    fn a_valid_enterprise_is_parsed_with_canonical_forms() {
        let draft = cafe().parse(TODAY).unwrap();
        assert_eq!(draft.org_number.canonical(), "7699990003");
        assert_eq!(draft.legal_form, LegalForm::EkonomiskForening);
        assert_eq!(draft.sni_code.as_deref(), Some("56101"));
        assert_eq!(draft.postal_code.as_deref(), Some("593 30"));
        assert_eq!(draft.registered_on, date!(2012 - 05 - 14));
    }

    #[test]
    fn a_wrong_check_digit_names_the_expected_digit() {
        let mut input = cafe();
        input.organisationsnummer = "769999-0004".into();
        let errors = input.parse(TODAY).unwrap_err();
        let error = errors.for_field("organisationsnummer").unwrap();
        assert_eq!(error.key, "orgnumber-error-wrong-check-digit");
        assert!(error.args.contains(&("expected", "3".into())));
        assert!(error.args.contains(&("found", "4".into())));
    }

    #[test]
    fn a_number_from_another_group_than_the_legal_form_is_refused_naming_both() {
        let mut input = cafe();
        input.legal_form = "aktiebolag".into();
        let errors = input.parse(TODAY).unwrap_err();
        let error = errors.for_field("organisationsnummer").unwrap();
        assert_eq!(error.key, "enterprise-error-legal-form-mismatch");
        assert!(error.args.contains(&("digit", "7".into())));
        assert!(
            error
                .args
                .contains(&("group", "economic-associations".into()))
        );
        assert!(error.args.contains(&("form", "aktiebolag".into())));
        input.legal_form = "other".into();
        assert!(input.parse(TODAY).is_ok(), "other is not checked");
    }

    #[test]
    fn svb_companies_are_aktiebolag_by_number() {
        let mut input = cafe();
        input.organisationsnummer = "559999-0001".into();
        input.legal_form = "aktiebolag-svb".into();
        let errors = input.parse(TODAY).unwrap_err();
        // 559999-000x: only the check digit can be wrong here.
        let error = errors.for_field("organisationsnummer").unwrap();
        assert_eq!(error.key, "orgnumber-error-wrong-check-digit");
        let expected = &error.args.iter().find(|(n, _)| *n == "expected").unwrap().1;
        input.organisationsnummer = format!("559999-000{expected}");
        assert_eq!(
            input.parse(TODAY).unwrap().legal_form,
            LegalForm::AktiebolagSvb
        );
    }

    #[test]
    fn a_registration_date_in_the_future_is_refused() {
        let mut input = cafe();
        input.registered_on = "2026-11-28".into();
        let errors = input.parse(TODAY).unwrap_err();
        assert_eq!(
            errors.for_field("registered_on").unwrap().key,
            "enterprise-error-registered-in-future"
        );
        input.registered_on.clear();
        let errors = input.parse(TODAY).unwrap_err();
        assert_eq!(
            errors.for_field("registered_on").unwrap().key,
            "error-required"
        );
    }

    #[test]
    fn sni_codes_have_five_digits_with_or_without_the_dot() {
        assert_eq!(parse_sni("88.999").unwrap().as_deref(), Some("88999"));
        assert_eq!(parse_sni("88999").unwrap().as_deref(), Some("88999"));
        assert_eq!(parse_sni("").unwrap(), None);
        for bad in ["8899", "889.99", "88.9999", "88a99", "88.99"] {
            assert_eq!(
                parse_sni(bad).unwrap_err().key,
                "enterprise-error-sni",
                "{bad}"
            );
        }
    }

    #[test]
    fn contact_details_are_checked_leniently() {
        let mut input = cafe();
        input.contact_email = "info@kustens.example".into();
        input.contact_phone = "0490-123 45".into();
        input.website = "kustens.example".into();
        let draft = input.parse(TODAY).unwrap();
        assert_eq!(draft.website.as_deref(), Some("https://kustens.example"));
        input.contact_email = "info@".into();
        input.contact_phone = "ring".into();
        input.website = "javascript:alert(1)".into();
        let errors = input.parse(TODAY).unwrap_err();
        assert_eq!(errors.iter().count(), 3);
        assert!(errors.for_field("contact_email").is_some());
        assert!(errors.for_field("contact_phone").is_some());
        assert!(errors.for_field("website").is_some());
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let input = EnterpriseInput {
            organisationsnummer: "12345".into(),
            ..EnterpriseInput::default()
        };
        let errors = input.parse(TODAY).unwrap_err();
        for field in [
            "name",
            "operator_id",
            "organisationsnummer",
            "legal_form",
            "registered_on",
        ] {
            assert!(errors.for_field(field).is_some(), "{field}");
        }
        assert_eq!(
            errors.for_field("organisationsnummer").unwrap().key,
            "orgnumber-error-wrong-length"
        );
    }

    #[test]
    fn the_checklist_counts_what_is_fulfilled() {
        let mut asf = AsfChecklist::default();
        assert_eq!(asf.fulfilled_count(), 0);
        asf.runs_business = true;
        asf.work_integration = true;
        assert_eq!(asf.fulfilled_count(), 2);
        assert!(!asf.all_fulfilled());
        asf.participation = true;
        asf.reinvests_profits = true;
        asf.independent = true;
        assert!(asf.all_fulfilled());
    }

    fn valid_org_number() -> impl Strategy<Value = OrgNumber> {
        (
            prop_oneof![Just(5u8), Just(7), Just(8), Just(9)],
            0u8..10,
            2u8..10,
            proptest::collection::vec(0u8..10, 6),
        )
            .prop_map(|(group, second, third, rest)| {
                let mut payload = vec![group, second, third];
                payload.extend(rest);
                let check = crate::luhn::luhn_check_digit(&payload);
                let text: String = payload
                    .iter()
                    .chain(std::iter::once(&check))
                    .map(|d| char::from(b'0' + d))
                    .collect();
                OrgNumber::parse(&text).unwrap()
            })
    }

    proptest! {
        #[test]
        fn any_valid_org_number_round_trips_through_the_form(number in valid_org_number()) {
            let canonical = number.canonical();
            let form = LegalForm::ALL
                .iter()
                .copied()
                .find(|f| f.expected_group() == Some(number.legal_form_group()))
                .unwrap_or(LegalForm::Other);
            for typed in [canonical.clone(), format!("{}-{}", &canonical[..6], &canonical[6..]), format!("16{canonical}")] {
                let mut input = cafe();
                input.organisationsnummer = typed;
                input.legal_form = form.code().into();
                let draft = input.parse(TODAY).unwrap();
                prop_assert_eq!(draft.org_number, number);
                prop_assert_eq!(OrgNumber::parse_canonical(&draft.org_number.canonical()).unwrap(), number);
            }
        }
    }

    #[test]
    fn support_needs_a_kind_and_a_year_up_to_this_year_and_other_needs_a_note() {
        let input = SupportInput {
            kind: "almi".into(),
            year: "2012".into(),
            amount: "45 000".into(),
            note: String::new(),
        };
        let draft = input.parse(TODAY).unwrap();
        assert_eq!(draft.kind, SupportKind::Almi);
        assert_eq!(draft.amount, Some(Money::from_ore(4_500_000)));
        let errors = SupportInput {
            kind: "other".into(),
            year: "2027".into(),
            amount: "-1".into(),
            note: String::new(),
        }
        .parse(TODAY)
        .unwrap_err();
        let year = errors.for_field("year").unwrap();
        assert_eq!(year.key, "enterprise-support-error-year");
        assert!(year.args.contains(&("max", "2026".into())));
        assert!(errors.for_field("amount").is_some());
        assert_eq!(
            errors.for_field("note").unwrap().key,
            "enterprise-support-error-other-note"
        );
        let blank = SupportInput::default().parse(TODAY).unwrap_err();
        assert_eq!(blank.for_field("kind").unwrap().key, "error-choose-option");
    }
}
