//! The socio-economic account: what a programme costs each actor and what it gives back.
//!
//! Nilsson & Wadeskog's *socioekonomiskt bokslut* asks, per actor, what exclusion costs and what
//! the programme changed; SROI adds the adjustments for what would have happened anyway
//! (deadweight), what others did (attribution) and how the effect fades (drop-off). This module
//! is that method written once, without I/O: a [`ParameterSet`] (every figure with its source),
//! the yearly change a programme brings about ([`Inputs`], built from recorded effect-1 data by
//! [`ex_post_inputs`] or from typical cases by [`ex_ante_inputs`]) and the [`account`] per
//! actor over one to ten years, with its sensitivity range.
//!
//! Amounts are exact öre ([`Money`]); every product of an amount and a rate is rounded to the
//! öre, half away from zero, at the step `docs/methods.md` ("Socio-economic account") names, so
//! a reader with a calculator gets the same figures.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::effects::PayingActor;
use crate::income::IncomeSource;
use crate::money::{BASIS_POINTS_PER_WHOLE, Money, div_round_half_away};
use crate::organisation::OrganisationKind;
use crate::validation::{FieldError, ValidationErrors};

crate::coded_enum! {
    /// The actors of the account, in the order every table lists them.
    pub enum AccountActor {
        /// The municipality: försörjningsstöd, municipal income tax, social services.
        Kommunen => "kommunen",
        /// The region: regional income tax and health care.
        Regionen => "regionen",
        /// The state through Försäkringskassan (the social insurance), which also receives
        /// the employer contributions that fund it.
        Forsakringskassan => "forsakringskassan",
        /// The state through Arbetsförmedlingen (labour-market policy).
        Arbetsformedlingen => "arbetsformedlingen",
        /// The unemployment fund.
        Akassa => "a-kassa",
        /// The participants themselves: lost benefits, wages after tax.
        Individen => "individen",
        /// Society as a whole, where transfers between the others cancel out.
        Samhallet => "samhallet",
    }
}

impl AccountActor {
    /// The position in [`AccountActor::ALL`], for the per-actor arrays.
    #[must_use]
    pub fn index(self) -> usize {
        Self::ALL.iter().position(|a| *a == self).unwrap_or(0)
    }

    /// The account actor that bears what effect 1's paying actor pays out.
    #[must_use]
    pub fn from_paying(actor: PayingActor) -> Self {
        match actor {
            PayingActor::Forsakringskassan => Self::Forsakringskassan,
            PayingActor::Staten => Self::Arbetsformedlingen,
            PayingActor::Akassa => Self::Akassa,
            PayingActor::Kommunen => Self::Kommunen,
        }
    }

    /// The actors that can finance a programme or pay out support (not the individual, not
    /// society).
    #[must_use]
    pub fn payers() -> [Self; 5] {
        [
            Self::Kommunen,
            Self::Regionen,
            Self::Forsakringskassan,
            Self::Arbetsformedlingen,
            Self::Akassa,
        ]
    }
}

/// Number of actors, the length of every per-actor array.
pub const ACTORS: usize = 7;
/// The horizons every account reports, in years.
pub const HORIZONS: [u32; 3] = [1, 5, 10];
/// The longest horizon: the yearly table runs this far.
pub const MAX_HORIZON: u32 = 10;
/// The horizon shown when none is chosen.
pub const DEFAULT_HORIZON: u32 = 5;

/// Reads the horizon parameter: blank gives [`DEFAULT_HORIZON`].
///
/// # Errors
///
/// `socio-error-horizon` on `horizon` for anything but 1, 5 or 10.
pub fn parse_horizon(input: &str) -> Result<u32, FieldError> {
    let text = input.trim();
    if text.is_empty() {
        return Ok(DEFAULT_HORIZON);
    }
    text.parse::<u32>()
        .ok()
        .filter(|h| HORIZONS.contains(h))
        .ok_or_else(|| FieldError::new("horizon", "socio-error-horizon"))
}

/// Where a value comes from: every parameter carries one, and every report prints it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    /// The publication or page, with its address.
    pub source: String,
    /// The date or year the figure applies to, as the source gives it.
    pub dated: String,
    /// `true` only when someone compared the value with the primary source.
    pub checked: bool,
    /// How the value was derived, or why it is unchecked.
    pub note: String,
}

/// What a parameter measures: an amount or a rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Kronor per full-time month.
    PerMonth,
    /// Kronor per unit of a service (a day, an hour).
    PerUnit,
    /// A percentage, stored in basis points.
    Percent,
}

crate::coded_enum! {
    /// Every parameter of a set, in the order the tables print them.
    pub enum ParameterKey {
        CostSjukpenning => "cost-sjukpenning",
        CostAktivitetsersattning => "cost-aktivitetsersattning",
        CostSjukersattning => "cost-sjukersattning",
        CostArbetsloshetsersattning => "cost-arbetsloshetsersattning",
        CostAktivitetsstod => "cost-aktivitetsstod",
        CostEtableringsersattning => "cost-etableringsersattning",
        CostForsorjningsstod => "cost-forsorjningsstod",
        /// A day of psychiatric in-patient care (the region).
        ServiceCareDay => "service-care-day",
        /// An hour of a social-services case officer's time (the municipality).
        ServiceCaseHour => "service-case-hour",
        MonthlyWage => "monthly-wage",
        MunicipalTax => "municipal-tax",
        RegionalTax => "regional-tax",
        EmployerContributions => "employer-contributions",
        /// The value of the work done, as a share of the wage cost (wage and contributions).
        ProductionValue => "production-value",
        /// The share of the wage cost Arbetsförmedlingen pays for a subsidised job.
        WageSubsidy => "wage-subsidy",
        Deadweight => "deadweight",
        Attribution => "attribution",
        DropOff => "drop-off",
        DiscountRate => "discount-rate",
    }
}

impl ParameterKey {
    #[must_use]
    pub fn unit(self) -> Unit {
        match self {
            Self::CostSjukpenning
            | Self::CostAktivitetsersattning
            | Self::CostSjukersattning
            | Self::CostArbetsloshetsersattning
            | Self::CostAktivitetsstod
            | Self::CostEtableringsersattning
            | Self::CostForsorjningsstod
            | Self::MonthlyWage => Unit::PerMonth,
            Self::ServiceCareDay | Self::ServiceCaseHour => Unit::PerUnit,
            _ => Unit::Percent,
        }
    }

    /// Whether the parameter has a low and a high value for the sensitivity range.
    #[must_use]
    pub fn has_range(self) -> bool {
        matches!(
            self,
            Self::Deadweight | Self::Attribution | Self::DropOff | Self::DiscountRate
        )
    }

    /// The largest value a form accepts: 100 % for shares, 20 % for the discount rate,
    /// 10 million kronor for amounts.
    fn max(self) -> i64 {
        match (self, self.unit()) {
            (Self::DiscountRate, _) => 2_000,
            (Self::ProductionValue, _) => 30_000,
            (_, Unit::Percent) => BASIS_POINTS_PER_WHOLE,
            _ => 1_000_000_000,
        }
    }

    /// The parameter holding the monthly cost of a public income source.
    #[must_use]
    pub fn cost_of(source: IncomeSource) -> Option<Self> {
        match source {
            IncomeSource::Sjukpenning => Some(Self::CostSjukpenning),
            IncomeSource::Aktivitetsersattning => Some(Self::CostAktivitetsersattning),
            IncomeSource::Sjukersattning => Some(Self::CostSjukersattning),
            IncomeSource::Arbetsloshetsersattning => Some(Self::CostArbetsloshetsersattning),
            IncomeSource::Aktivitetsstod => Some(Self::CostAktivitetsstod),
            IncomeSource::Etableringsersattning => Some(Self::CostEtableringsersattning),
            IncomeSource::Forsorjningsstod => Some(Self::CostForsorjningsstod),
            _ => None,
        }
    }
}

/// One value of a set: öre for amounts, basis points for percentages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Parameter {
    pub key: ParameterKey,
    pub value: i64,
    /// The pessimistic and optimistic ends of the range; equal to `value` for parameters
    /// without a range.
    pub low: i64,
    pub high: i64,
    pub provenance: Provenance,
}

/// Who bears one public income source: the editable form of [`crate::effects::paying_actor`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceActor {
    pub source: IncomeSource,
    pub actor: AccountActor,
}

/// The parameters of one year: every figure the account uses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParameterSet {
    pub year: i32,
    /// One per [`ParameterKey`], in `ParameterKey::ALL` order.
    pub parameters: Vec<Parameter>,
    /// One per public income source.
    pub actors: Vec<SourceActor>,
}

impl ParameterSet {
    /// The parameter for `key`; a set always holds every key (the parsers see to it).
    #[must_use]
    pub fn get(&self, key: ParameterKey) -> Option<&Parameter> {
        self.parameters.iter().find(|p| p.key == key)
    }

    /// The base value for `key`, 0 if missing.
    #[must_use]
    pub fn value(&self, key: ParameterKey) -> i64 {
        self.get(key).map_or(0, |p| p.value)
    }

    /// Who bears `source`, or `None` for a source that is not public support.
    #[must_use]
    pub fn actor_of(&self, source: IncomeSource) -> Option<AccountActor> {
        self.actors
            .iter()
            .find(|a| a.source == source)
            .map(|a| a.actor)
    }

    /// The base assumptions of the set.
    #[must_use]
    pub fn assumptions(&self) -> Assumptions {
        Assumptions {
            deadweight: self.value(ParameterKey::Deadweight),
            attribution: self.value(ParameterKey::Attribution),
            drop_off: self.value(ParameterKey::DropOff),
            discount: self.value(ParameterKey::DiscountRate),
        }
    }

    /// The same set for another year (a new year starts as a copy of the last).
    #[must_use]
    pub fn for_year(&self, year: i32) -> Self {
        Self {
            year,
            ..self.clone()
        }
    }
}

fn provenance(source: &str, dated: &str, checked: bool, note: &str) -> Provenance {
    Provenance {
        source: source.into(),
        dated: dated.into(),
        checked,
        note: note.into(),
    }
}

fn fixed(key: ParameterKey, value: i64, provenance: Provenance) -> Parameter {
    Parameter {
        key,
        value,
        low: value,
        high: value,
        provenance,
    }
}

fn ranged(key: ParameterKey, low: i64, value: i64, high: i64, provenance: Provenance) -> Parameter {
    Parameter {
        key,
        value,
        low,
        high,
        provenance,
    }
}

/// Full-time days of a daily benefit per month: five days a week, 52,2 weeks a year, over 12.
pub const BENEFIT_DAYS_PER_MONTH_HUNDREDTHS: i64 = 2_175;

/// A daily amount in whole kronor as a full-time month (× 21,75), exact in öre.
fn per_month_from_daily(kronor_per_day: i64) -> i64 {
    kronor_per_day * BENEFIT_DAYS_PER_MONTH_HUNDREDTHS
}

/// The shipped parameter set. Every value names its source and date; `checked` is true only
/// where the value was compared with the agency's own page. Nothing is invented: where no
/// figure was found the value is 0 (the item is not counted) and the note says so.
#[must_use]
pub fn default_parameters(year: i32) -> ParameterSet {
    use ParameterKey as K;
    let wage = 2_502_500;
    let parameters = vec![
        fixed(
            K::CostSjukpenning,
            // 80 % of a sickness-benefit income of 97 % of the monthly wage.
            wage * 80 * 97 / 10_000,
            provenance(
                "Försäkringskassan: sjukpenning är knappt 80 % av den sjukpenninggrundande inkomsten (SGI = 0,97 × lön), återgiven på vardomsorg.se/sa-funkar-det/stod/sjukforsakring-1338",
                "regeln; lön enligt raden Månadslön",
                false,
                "Härledd: 0,80 × 0,97 × månadslönen i denna uppsättning. AFA Försäkring anger 77,6 % av inkomstunderlaget på normalnivå (afaforsakring.se), vilket stämmer med 0,80 × 0,97; Försäkringskassans egen sida med regeln hittades inte, därför okontrollerad.",
            ),
        ),
        fixed(
            K::CostAktivitetsersattning,
            1_058_600,
            provenance(
                "Försäkringskassan, Aktuella belopp: hel sjuk- eller aktivitetsersättning i form av garantiersättning, mellan 25 och 27 år 10 586 kr/månad (2,63 prisbasbelopp) (forsakringskassan.se/privatperson/e-tjanster-blanketter-och-informationsmaterial/aktuella-belopp)",
                "2022",
                true,
                "Garantinivån för 25–27 år, mitt i aktivitetsersättningens åldrar 19–29 år (9 982–10 988 kr). Beloppet lästes på Försäkringskassans egen sida; räkna upp med prisbasbeloppet för senare år.",
            ),
        ),
        fixed(
            K::CostSjukersattning,
            1_119_000,
            provenance(
                "Försäkringskassan, Aktuella belopp: hel sjuk- eller aktivitetsersättning i form av garantiersättning, från och med 30 år 11 190 kr/månad (2,78 prisbasbelopp) (forsakringskassan.se/privatperson/e-tjanster-blanketter-och-informationsmaterial/aktuella-belopp)",
                "2022",
                true,
                "Garantinivån, typisk för målgruppen som ofta saknar inkomstrelaterad ersättning. Beloppet lästes på Försäkringskassans egen sida (2021 var det 10 036 kr enligt sidans historik); räkna upp med prisbasbeloppet för senare år.",
            ),
        ),
        fixed(
            K::CostArbetsloshetsersattning,
            per_month_from_daily(510),
            provenance(
                "Livs a-kassa, Ersättning: grundersättning högst 510 kr/dag (livs.se/a-kassan/arbetslos/ersattning); inkomstbaserad högst 1 200 kr/dag. Samma belopp hos Ledarnas a-kassa och Lärarnas a-kassa",
                "2024",
                true,
                "510 kr × 21,75 dagar. Grundnivån, eftersom målgruppen sällan har inkomstbaserad ersättning. Beloppet lästes på a-kassornas egna sidor (de betalar ut ersättningen), inte hos IAF.",
            ),
        ),
        fixed(
            K::CostAktivitetsstod,
            per_month_from_daily(223),
            provenance(
                "Försäkringskassan, Ersättning för dig som deltar i program hos Arbetsförmedlingen: 223 kr per dag om du inte uppfyller villkoren för a-kassa (forsakringskassan.se/privatperson/arbetssokande/ersattning-for-dig-som-deltar-i-program-hos-arbetsformedlingen)",
                "sidan odaterad",
                true,
                "223 kr × 21,75 dagar (högst fem dagar i veckan). Beloppet lästes på Försäkringskassans egen sida; den som uppfyller villkoren för a-kassa får a-kassans dagpenning.",
            ),
        ),
        fixed(
            K::CostEtableringsersattning,
            per_month_from_daily(308),
            provenance(
                "Arbetsförmedlingen, Etableringsersättning: 308 kr per dag efter kartläggningen (arbetsformedlingen.se/for-arbetssokande/extra-stod/ersattning-och-franvaro/etableringsersattning)",
                "sidan odaterad",
                true,
                "308 kr × 21,75 dagar (fem dagar i veckan). Beloppet lästes på Arbetsförmedlingens egen sida.",
            ),
        ),
        fixed(
            K::CostForsorjningsstod,
            913_500,
            provenance(
                "Stockholms stad, Statistik om Stockholm: medelbidrag 9 135 kr per biståndshushåll och månad (statistik.stockholm.se, tabell b161, källa Stadsledningskontoret/Sweco)",
                "2017",
                false,
                "Stockholms stad, inte riket; byt mot kommunens egen siffra (Socialstyrelsens statistikdatabas). Socialstyrelsens riksstatistik (återgiven av regionfakta.com) ger 60 225 kr per biståndshushåll och år 2020, men inte per månad med bistånd, så den kan inte ersätta värdet.",
            ),
        ),
        fixed(
            K::ServiceCareDay,
            0,
            provenance(
                "SKR, Kostnad per patient (KPP) psykiatri (skr.se)",
                "",
                false,
                "Ingen siffra levereras: ange regionens egen KPP-kostnad per vårddag. Med 0 räknas vården inte.",
            ),
        ),
        fixed(
            K::ServiceCaseHour,
            0,
            provenance(
                "",
                "",
                false,
                "Ingen siffra levereras: ange kommunens egen timkostnad för en handläggare. Med 0 räknas tiden inte.",
            ),
        ),
        fixed(
            K::MonthlyWage,
            wage,
            provenance(
                "Unionens a-kassa: 25 025 kr/månad är den inkomst som ger högsta dagpenningen (unionensakassa.se)",
                "2019",
                false,
                "Ingen lönestatistik: en ersättare tills huvudmannen anger den lön de sociala företagen betalar för en heltid.",
            ),
        ),
        fixed(
            K::MunicipalTax,
            2_074,
            provenance(
                "Stockholms stad, Kommunala skattesatser 2018: riket, kommunen 20,74 (statistik.stockholm.se, tabell b241, källa SCB/Sweco)",
                "2018",
                false,
                "Rikets medel. Tabellen lästes om och siffran stämmer, men den är Stockholms stads återgivning av SCB; SCB:s egen tabell hittades inte. SCB anger den totala kommunala skattesatsen 2024 till 32,37 % i snitt (återgivet av upday.com); byt mot kommunens egen.",
            ),
        ),
        fixed(
            K::RegionalTax,
            1_139,
            provenance(
                "Stockholms stad, Kommunala skattesatser 2018: riket, landstinget 11,39 (statistik.stockholm.se, tabell b241, källa SCB/Sweco)",
                "2018",
                false,
                "Rikets medel. Tabellen lästes om och siffran stämmer, men den är Stockholms stads återgivning av SCB; SCB:s egen tabell hittades inte. Byt mot regionens egen.",
            ),
        ),
        fixed(
            K::EmployerContributions,
            3_142,
            provenance(
                "Skatteverket, Rättslig vägledning 2024.3, Arbetsgivaravgifter: 31,42 procent av avgiftsunderlaget för år 2024 (www4.skatteverket.se/rattsligvagledning/edition/2024.3/1333.html)",
                "2024",
                true,
                "19,80 % arbetsgivaravgifter och 11,62 % allmän löneavgift, läst hos Skatteverket; samma summa 2025 enligt Björn Lundén. Lägre avgifter för unga och äldre räknas inte.",
            ),
        ),
        fixed(
            K::ProductionValue,
            BASIS_POINTS_PER_WHOLE,
            provenance(
                "Nilsson & Wadeskog, socioekonomiska bokslut (SEE AB): produktionen värderas till lönekostnaden",
                "",
                false,
                "Metodval, ingen mätning: arbetet antas vara värt vad det kostar arbetsgivaren.",
            ),
        ),
        fixed(
            K::WageSubsidy,
            0,
            provenance(
                "",
                "",
                false,
                "Ingen siffra levereras: ange den andel av lönekostnaden som lönebidrag eller lönestöd täcker. Med 0 räknas stödet inte.",
            ),
        ),
        ranged(
            K::Deadweight,
            0,
            2_500,
            5_000,
            provenance(
                "NIAA, Helping Hand and Linking Youth SROI report, appendix 5: skala 0/25/50/75/100 % (niaa.gov.au)",
                "",
                false,
                "Bedömning på skalans steg ”hade bara skett i begränsad omfattning” (25 %); intervallet 0–50 %.",
            ),
        ),
        ranged(
            K::Attribution,
            0,
            2_500,
            5_000,
            provenance(
                "NIAA, Helping Hand and Linking Youth SROI report, appendix 5: skala 0/25/50/75/100 % (niaa.gov.au)",
                "",
                false,
                "Bedömning: andra aktörer har en mindre roll (25 %); intervallet 0–50 %.",
            ),
        ),
        ranged(
            K::DropOff,
            0,
            2_500,
            5_000,
            provenance(
                "NIAA, Helping Hand and Linking Youth SROI report, appendix 5 (niaa.gov.au); ESG Lexicon, Drop-off",
                "",
                false,
                "Bedömning på samma 25-procentsskala; ingen svensk norm finns. Sätt den efter programmets uppföljning.",
            ),
        ),
        ranged(
            K::DiscountRate,
            140,
            350,
            400,
            provenance(
                "Trafikverket, ASEK: samhällsekonomisk diskonteringsränta 3,5 % (bransch.trafikverket.se/asek); 1,4 % Stern-rapporten (NOU 2012:16 kap. 5); 4 % de flesta svenska myndigheter (Lilieqvist 2010)",
                "ASEK 6.1–7.0",
                false,
                "Ej kontrollerad mot ASEK-rapporten.",
            ),
        ),
    ];
    let actors = IncomeSource::ALL
        .iter()
        .filter_map(|source| {
            crate::effects::paying_actor(*source).map(|actor| SourceActor {
                source: *source,
                actor: AccountActor::from_paying(actor),
            })
        })
        .collect();
    ParameterSet {
        year,
        parameters,
        actors,
    }
}

/// Reads a percentage as a user types it, `31,42`, `31.42 %` or `3`, into basis points.
#[must_use]
pub fn parse_percent(input: &str) -> Option<i64> {
    let text = input.trim().trim_end_matches('%').trim().replace(',', ".");
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    if whole.is_empty()
        || fraction.len() > 2
        || !whole
            .chars()
            .chain(fraction.chars())
            .all(|c| c.is_ascii_digit())
        || whole.len() > 6
    {
        return None;
    }
    let whole: i64 = whole.parse().ok()?;
    let fraction: i64 = format!("{fraction:0<2}").parse().ok()?;
    Some(whole * 100 + fraction)
}

/// Formats basis points as a Swedish percentage, `31,42 %`.
#[must_use]
pub fn format_percent(basis_points: i64) -> String {
    crate::swedish::format_percent(i128::from(basis_points), 2)
}

/// The text of one parameter row of the editing form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParameterInput {
    pub value: String,
    #[serde(default)]
    pub low: String,
    #[serde(default)]
    pub high: String,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub dated: String,
    #[serde(default)]
    pub checked: bool,
    #[serde(default)]
    pub note: String,
}

impl ParameterInput {
    /// The form's text for a stored parameter.
    #[must_use]
    pub fn of(parameter: &Parameter) -> Self {
        let text = |value: i64| match parameter.key.unit() {
            Unit::Percent => crate::swedish::format_fixed(i128::from(value), 2),
            Unit::PerMonth | Unit::PerUnit => {
                crate::swedish::format_fixed(i128::from(value), 2).replace('\u{a0}', " ")
            }
        };
        Self {
            value: text(parameter.value),
            low: text(parameter.low),
            high: text(parameter.high),
            source: parameter.provenance.source.clone(),
            dated: parameter.provenance.dated.clone(),
            checked: parameter.provenance.checked,
            note: parameter.provenance.note.clone(),
        }
    }
}

/// The longest source, date or note text accepted.
pub const PROVENANCE_MAX: usize = 1_000;

/// The field name `PREFIX-CODE` as a `&'static str`, as [`FieldError`] needs. The set of names
/// is small and fixed (a prefix per column, a code per parameter or source), so each is leaked
/// once and kept in a table.
fn field_name(prefix: &str, code: &str) -> &'static str {
    static NAMES: std::sync::OnceLock<std::sync::Mutex<BTreeMap<String, &'static str>>> =
        std::sync::OnceLock::new();
    let name = format!("{prefix}-{code}");
    let table = NAMES.get_or_init(|| std::sync::Mutex::new(BTreeMap::new()));
    let mut names = match table.lock() {
        Ok(names) => names,
        Err(poisoned) => poisoned.into_inner(),
    };
    if let Some(found) = names.get(&name) {
        return found;
    }
    let leaked: &'static str = Box::leak(name.clone().into_boxed_str());
    names.insert(name, leaked);
    leaked
}

fn parse_value(key: ParameterKey, field: &'static str, input: &str) -> Result<i64, FieldError> {
    let parsed = match key.unit() {
        Unit::Percent => parse_percent(input),
        Unit::PerMonth | Unit::PerUnit => Money::parse_sv(input).ok().map(Money::ore),
    };
    match parsed {
        Some(value) if (0..=key.max()).contains(&value) => Ok(value),
        _ => Err(FieldError::new(
            field,
            match key.unit() {
                Unit::Percent => "socio-error-percent",
                Unit::PerMonth | Unit::PerUnit => "socio-error-amount",
            },
        )),
    }
}

/// Parses the editing form into a set for `year`.
///
/// # Errors
///
/// One error per field that is not a valid value, named `value-KEY`, `low-KEY`, `high-KEY`,
/// `source-KEY` or `actor-SOURCE`.
pub fn parse_parameters(
    year: i32,
    values: &BTreeMap<String, ParameterInput>,
    actors: &BTreeMap<String, String>,
) -> Result<ParameterSet, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let mut parameters = Vec::new();
    for key in ParameterKey::ALL {
        let empty = ParameterInput::default();
        let input = values.get(key.code()).unwrap_or(&empty);
        let value = errors.check(parse_value(
            *key,
            field_name("value", key.code()),
            &input.value,
        ));
        let (low, high) = if key.has_range() {
            (
                errors.check(parse_value(*key, field_name("low", key.code()), &input.low)),
                errors.check(parse_value(
                    *key,
                    field_name("high", key.code()),
                    &input.high,
                )),
            )
        } else {
            (value, value)
        };
        for (name, text) in [
            ("source", &input.source),
            ("dated", &input.dated),
            ("note", &input.note),
        ] {
            if text.chars().count() > PROVENANCE_MAX {
                errors.push(
                    FieldError::new(field_name(name, key.code()), "error-too-long")
                        .with_arg("max", PROVENANCE_MAX),
                );
            }
        }
        if let (Some(low), Some(value), Some(high)) = (low, value, high) {
            if key.has_range() && !(low <= value && value <= high) {
                errors.push(FieldError::new(
                    field_name("low", key.code()),
                    "socio-error-range-order",
                ));
            }
            parameters.push(Parameter {
                key: *key,
                value,
                low,
                high,
                provenance: Provenance {
                    source: input.source.trim().to_string(),
                    dated: input.dated.trim().to_string(),
                    checked: input.checked,
                    note: input.note.trim().to_string(),
                },
            });
        }
    }
    let mut mapping = Vec::new();
    for source in IncomeSource::ALL
        .iter()
        .filter(|s| ParameterKey::cost_of(**s).is_some())
    {
        let chosen = actors
            .get(source.code())
            .and_then(|code| code.parse::<AccountActor>().ok())
            .filter(|actor| AccountActor::payers().contains(actor));
        match chosen {
            Some(actor) => mapping.push(SourceActor {
                source: *source,
                actor,
            }),
            None => errors.push(FieldError::new(
                field_name("actor", source.code()),
                "error-choose-option",
            )),
        }
    }
    if errors.is_empty() {
        Ok(ParameterSet {
            year,
            parameters,
            actors: mapping,
        })
    } else {
        Err(errors)
    }
}

/// The four assumptions the sensitivity range varies, in basis points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Assumptions {
    pub deadweight: i64,
    pub attribution: i64,
    pub drop_off: i64,
    pub discount: i64,
}

/// One year's change for one actor, before the adjustments, by kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Components {
    /// Public support no longer paid (negative for the individual, who no longer gets it).
    pub support: Money,
    /// Income tax and employer contributions on the wages earned.
    pub taxes: Money,
    /// Services no longer used, at unit costs.
    pub services: Money,
    /// The individual's wages after tax.
    pub wages: Money,
    /// The value of the work, for society only.
    pub production: Money,
}

impl Components {
    #[must_use]
    pub fn total(&self) -> Money {
        Money::from_ore(
            self.support.ore()
                + self.taxes.ore()
                + self.services.ore()
                + self.wages.ore()
                + self.production.ore(),
        )
    }

    fn add(&mut self, other: &Self) {
        self.support = Money::from_ore(self.support.ore() + other.support.ore());
        self.taxes = Money::from_ore(self.taxes.ore() + other.taxes.ore());
        self.services = Money::from_ore(self.services.ore() + other.services.ore());
        self.wages = Money::from_ore(self.wages.ore() + other.wages.ore());
        self.production = Money::from_ore(self.production.ore() + other.production.ore());
    }
}

/// A yearly gain that starts some months after the programme starts (0 for the ex-post account,
/// whose gains are measured after exit).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flow {
    pub start_month: u32,
    pub annual: [Components; ACTORS],
}

/// What the account is computed from: each actor's investment and the yearly gains.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inputs {
    pub investment: [Money; ACTORS],
    pub flows: Vec<Flow>,
}

/// `value × numerator / denominator`, rounded half away from zero; 0 for a zero denominator.
/// Public so that the workbook's cached results are rounded exactly as the account.
#[must_use]
pub fn mul_div(value: i128, numerator: i128, denominator: i128) -> i128 {
    value
        .checked_mul(numerator)
        .and_then(|product| div_round_half_away(product, denominator))
        .unwrap_or(0)
}

fn money(ore: i128) -> Money {
    Money::from_ore(i64::try_from(ore).unwrap_or(if ore < 0 { i64::MIN } else { i64::MAX }))
}

/// A change in public support and wages per year, each in percent-months multiplied by
/// `per` (for the ex-post account 12 / window, for a typical case 12 × participants), so an
/// amount per month times `numerator / denominator` is the yearly amount.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Change {
    /// Per public source: percent-months of support avoided (before − after).
    pub support: Vec<(IncomeSource, i64)>,
    /// Percent-months of wage gained (after − before), subsidised or not.
    pub wage: i64,
    /// Of `wage`, the percent-months in subsidised jobs.
    pub subsidised: i64,
    /// Case-officer hours avoided (a typical case's hours per month).
    pub case_hours: i64,
    /// Multiplier and divisor that turn the counts above into yearly figures.
    pub numerator: i64,
    pub denominator: i64,
}

/// The yearly components per actor of a change, before any adjustment.
///
/// Public support avoided goes to the actor that bears the source and is lost by the
/// individual; on the wage `W` the municipality gets its tax, the region its tax and the
/// social insurance (Försäkringskassan's row) the employer contributions `C`; the individual
/// gets `W` less both taxes; Arbetsförmedlingen pays the wage subsidy. For society the
/// transfers cancel and what remains is the production value (`production-value` × (W + C))
/// and the services avoided.
#[must_use]
pub fn components(change: &Change, params: &ParameterSet) -> [Components; ACTORS] {
    let mut out = [Components::default(); ACTORS];
    let per = |monthly: i64, count: i64, extra_den: i128| -> i128 {
        mul_div(
            i128::from(monthly),
            i128::from(count) * i128::from(change.numerator),
            i128::from(change.denominator) * extra_den,
        )
    };
    for (source, avoided) in &change.support {
        let (Some(actor), Some(key)) = (params.actor_of(*source), ParameterKey::cost_of(*source))
        else {
            continue;
        };
        let amount = per(params.value(key), *avoided, 100);
        let slot = &mut out[actor.index()].support;
        *slot = money(i128::from(slot.ore()) + amount);
        let individual = &mut out[AccountActor::Individen.index()].support;
        *individual = money(i128::from(individual.ore()) - amount);
    }
    let wage = per(params.value(ParameterKey::MonthlyWage), change.wage, 100);
    let rate = |key: ParameterKey, base: i128| {
        mul_div(
            base,
            i128::from(params.value(key)),
            i128::from(BASIS_POINTS_PER_WHOLE),
        )
    };
    let municipal = rate(ParameterKey::MunicipalTax, wage);
    let regional = rate(ParameterKey::RegionalTax, wage);
    let contributions = rate(ParameterKey::EmployerContributions, wage);
    out[AccountActor::Kommunen.index()].taxes = money(municipal);
    out[AccountActor::Regionen.index()].taxes = money(regional);
    out[AccountActor::Forsakringskassan.index()].taxes = money(contributions);
    out[AccountActor::Individen.index()].wages = money(wage - municipal - regional);
    let subsidised = per(
        params.value(ParameterKey::MonthlyWage),
        change.subsidised,
        100,
    );
    let subsidised_cost = subsidised + rate(ParameterKey::EmployerContributions, subsidised);
    let subsidy = rate(ParameterKey::WageSubsidy, subsidised_cost);
    let af = &mut out[AccountActor::Arbetsformedlingen.index()].support;
    *af = money(i128::from(af.ore()) - subsidy);
    let hours = per(
        params.value(ParameterKey::ServiceCaseHour),
        change.case_hours,
        1,
    );
    out[AccountActor::Kommunen.index()].services = money(hours);
    let society = &mut out[AccountActor::Samhallet.index()];
    society.services = money(hours);
    society.production = money(rate(ParameterKey::ProductionValue, wage + contributions));
    out
}

/// The percent-months of public support and wages summed over the followed-up episodes of a
/// programme, per income source: what storage aggregates for the ex-post account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SourceMonths {
    pub source: IncomeSource,
    pub before: u64,
    pub after: u64,
}

/// Who financed the programme: a budget line's organisation kind and amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Financing {
    pub kind: OrganisationKind,
    pub amount: Money,
}

/// The investment per actor from the programme's budget lines. A samordningsförbund is split
/// as the Finsam law finances it: half the state (paid through Försäkringskassan), a quarter
/// the region, a quarter the municipalities. Other financiers count for society only.
#[must_use]
pub fn investment(financing: &[Financing]) -> [Money; ACTORS] {
    let mut out = [0i128; ACTORS];
    for line in financing {
        let amount = i128::from(line.amount.ore());
        let mut add = |actor: AccountActor, part: i128| out[actor.index()] += part;
        match line.kind {
            OrganisationKind::Kommun => add(AccountActor::Kommunen, amount),
            OrganisationKind::Region => add(AccountActor::Regionen, amount),
            OrganisationKind::Forsakringskassan => add(AccountActor::Forsakringskassan, amount),
            OrganisationKind::Arbetsformedlingen => add(AccountActor::Arbetsformedlingen, amount),
            OrganisationKind::Samordningsforbund => {
                let state = mul_div(amount, 1, 2);
                let region = mul_div(amount, 1, 4);
                add(AccountActor::Forsakringskassan, state);
                add(AccountActor::Regionen, region);
                add(AccountActor::Kommunen, amount - state - region);
            }
            OrganisationKind::Other => {}
        }
        out[AccountActor::Samhallet.index()] += amount;
    }
    out.map(money)
}

/// The ex-post inputs: the followed-up episodes' change in support and wages over a window of
/// `window` months, made yearly (× 12 / window), and the budget as investment.
#[must_use]
pub fn ex_post_inputs(
    months: &[SourceMonths],
    window: u32,
    financing: &[Financing],
    params: &ParameterSet,
) -> Inputs {
    let signed = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
    let change = Change {
        support: months
            .iter()
            .filter(|m| ParameterKey::cost_of(m.source).is_some())
            .map(|m| (m.source, signed(m.before) - signed(m.after)))
            .collect(),
        wage: months
            .iter()
            .filter(|m| matches!(m.source, IncomeSource::Wage | IncomeSource::SubsidisedWage))
            .map(|m| signed(m.after) - signed(m.before))
            .sum(),
        subsidised: months
            .iter()
            .filter(|m| m.source == IncomeSource::SubsidisedWage)
            .map(|m| signed(m.after) - signed(m.before))
            .sum(),
        case_hours: 0,
        numerator: 12,
        denominator: i64::from(window.max(1)),
    };
    Inputs {
        investment: investment(financing),
        flows: vec![Flow {
            start_month: 0,
            annual: components(&change, params),
        }],
    }
}

/// A typical case of an ex-ante scenario: how many participants, on which support and how
/// much of it before, how much remains and how much of a job they get after, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TypicalCase {
    pub name: String,
    pub participants: u32,
    pub source: IncomeSource,
    /// Percent of full time on `source` before.
    pub share_before: u32,
    /// Percent of full time still on `source` after the outcome.
    pub share_after: u32,
    /// Percent of full time in a job after the outcome.
    pub job_share: u32,
    /// Whether the job is subsidised (lönebidrag, lönestöd, nystartsjobb).
    pub subsidised: bool,
    /// Months from the programme's start until the outcome.
    pub months_to_outcome: u32,
    /// Psychiatric care days avoided per participant and year.
    #[serde(default)]
    pub care_days: u32,
    /// Case-officer hours avoided per participant and month.
    #[serde(default)]
    pub case_hours: u32,
}

/// An ex-ante scenario: the planned investment per financier and the typical cases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScenarioBody {
    /// Per [`AccountActor::payers`] actor.
    pub investment: Vec<(AccountActor, Money)>,
    pub cases: Vec<TypicalCase>,
}

/// A scenario as saved: its name, the year of the parameters it uses, and its body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioDraft {
    pub name: String,
    pub parameter_year: i32,
    pub body: ScenarioBody,
}

/// How many typical-case rows the scenario form offers; blank rows are left out.
pub const CASE_ROWS: usize = 4;
/// The most participants one case may plan for.
pub const PARTICIPANTS_MAX: u32 = 100_000;

/// The text of one typical-case row of the scenario form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseInput {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub participants: String,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub share_before: String,
    #[serde(default)]
    pub share_after: String,
    #[serde(default)]
    pub job_share: String,
    #[serde(default)]
    pub subsidised: bool,
    #[serde(default)]
    pub months_to_outcome: String,
    #[serde(default)]
    pub care_days: String,
    #[serde(default)]
    pub case_hours: String,
}

impl CaseInput {
    fn is_blank(&self) -> bool {
        self.name.trim().is_empty() && self.participants.trim().is_empty()
    }

    /// The form's text for a saved case.
    #[must_use]
    pub fn of(case: &TypicalCase) -> Self {
        Self {
            name: case.name.clone(),
            participants: case.participants.to_string(),
            source: case.source.code().into(),
            share_before: case.share_before.to_string(),
            share_after: case.share_after.to_string(),
            job_share: case.job_share.to_string(),
            subsidised: case.subsidised,
            months_to_outcome: case.months_to_outcome.to_string(),
            care_days: case.care_days.to_string(),
            case_hours: case.case_hours.to_string(),
        }
    }
}

/// The text of the scenario form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScenarioInput {
    pub name: String,
    pub parameter_year: String,
    /// Per payer actor code, the planned investment in kronor.
    #[serde(default)]
    pub investment: BTreeMap<String, String>,
    #[serde(default)]
    pub cases: Vec<CaseInput>,
}

impl ScenarioInput {
    /// The form's text for a saved scenario, with blank rows up to [`CASE_ROWS`].
    #[must_use]
    pub fn of(draft: &ScenarioDraft) -> Self {
        let mut cases: Vec<CaseInput> = draft.body.cases.iter().map(CaseInput::of).collect();
        while cases.len() < CASE_ROWS {
            cases.push(CaseInput::default());
        }
        Self {
            name: draft.name.clone(),
            parameter_year: draft.parameter_year.to_string(),
            investment: draft
                .body
                .investment
                .iter()
                .map(|(actor, amount)| {
                    (
                        actor.code().to_string(),
                        crate::swedish::format_fixed(i128::from(amount.ore()), 2)
                            .replace('\u{a0}', " "),
                    )
                })
                .collect(),
            cases,
        }
    }

    /// Parses the form.
    ///
    /// # Errors
    ///
    /// One error per bad field: `name`, `parameter_year`, `investment-ACTOR`, `cases`
    /// (none given) and `case-N-FIELD` for row N (from 1).
    pub fn parse(&self) -> Result<ScenarioDraft, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let name = errors.check(crate::validation::required_text("name", &self.name, 200));
        let year = errors.check(parse_year("parameter_year", &self.parameter_year));
        let mut investment = Vec::new();
        for actor in AccountActor::payers() {
            let text = self
                .investment
                .get(actor.code())
                .map_or("", String::as_str)
                .trim();
            if text.is_empty() {
                continue;
            }
            match Money::parse_sv(text) {
                Ok(amount) if amount.ore() >= 0 => investment.push((actor, amount)),
                _ => errors.push(FieldError::new(
                    field_name("investment", actor.code()),
                    "socio-error-amount",
                )),
            }
        }
        let mut cases = Vec::new();
        for (index, row) in self.cases.iter().enumerate() {
            if row.is_blank() {
                continue;
            }
            let n = (index + 1).to_string();
            let field = |name: &str| field_name(&format!("case-{n}"), name);
            let whole = |name: &str, text: &str, max: u32, errors: &mut ValidationErrors| {
                let parsed = if text.trim().is_empty() {
                    Some(0)
                } else {
                    text.trim().parse::<u32>().ok().filter(|v| *v <= max)
                };
                if parsed.is_none() {
                    errors.push(
                        FieldError::new(field(name), "error-whole-number-range")
                            .with_arg("min", 0)
                            .with_arg("max", max),
                    );
                }
                parsed
            };
            let case_name = errors.check(crate::validation::required_text(
                field("name"),
                &row.name,
                200,
            ));
            let participants = whole(
                "participants",
                &row.participants,
                PARTICIPANTS_MAX,
                &mut errors,
            );
            let source = row
                .source
                .trim()
                .parse::<IncomeSource>()
                .ok()
                .filter(|s| ParameterKey::cost_of(*s).is_some());
            if source.is_none() {
                errors.push(FieldError::new(field("source"), "error-choose-option"));
            }
            let before = whole("share_before", &row.share_before, 100, &mut errors);
            let after = whole("share_after", &row.share_after, 100, &mut errors);
            let job = whole("job_share", &row.job_share, 100, &mut errors);
            let months = whole(
                "months_to_outcome",
                &row.months_to_outcome,
                120,
                &mut errors,
            );
            let care = whole("care_days", &row.care_days, 366, &mut errors);
            let hours = whole("case_hours", &row.case_hours, 744, &mut errors);
            if let (Some(b), Some(a)) = (before, after)
                && a > b
            {
                errors.push(FieldError::new(
                    field("share_after"),
                    "socio-error-share-after",
                ));
            }
            if let (
                Some(name),
                Some(participants),
                Some(source),
                Some(share_before),
                Some(share_after),
                Some(job_share),
                Some(months_to_outcome),
                Some(care_days),
                Some(case_hours),
            ) = (
                case_name,
                participants,
                source,
                before,
                after,
                job,
                months,
                care,
                hours,
            ) {
                cases.push(TypicalCase {
                    name,
                    participants,
                    source,
                    share_before,
                    share_after,
                    job_share,
                    subsidised: row.subsidised,
                    months_to_outcome,
                    care_days,
                    case_hours,
                });
            }
        }
        if cases.is_empty() && errors.is_empty() {
            errors.push(FieldError::new("cases", "socio-error-no-cases"));
        }
        match (name, year) {
            (Some(name), Some(parameter_year)) if errors.is_empty() => Ok(ScenarioDraft {
                name,
                parameter_year,
                body: ScenarioBody { investment, cases },
            }),
            _ => Err(errors),
        }
    }
}

/// The years a parameter set may be for.
pub const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// Reads a parameter year.
///
/// # Errors
///
/// `socio-error-year` on `field`.
pub fn parse_year(field: &'static str, input: &str) -> Result<i32, FieldError> {
    input
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|y| YEARS.contains(y))
        .ok_or_else(|| FieldError::new(field, "socio-error-year"))
}

/// The ex-ante inputs of a scenario: every case's yearly change, starting when its outcome
/// does.
#[must_use]
pub fn ex_ante_inputs(body: &ScenarioBody, params: &ParameterSet) -> Inputs {
    let mut investment = [0i64; ACTORS];
    for (actor, amount) in &body.investment {
        investment[actor.index()] += amount.ore();
        investment[AccountActor::Samhallet.index()] += amount.ore();
    }
    let flows = body
        .cases
        .iter()
        .map(|case| {
            let people = i64::from(case.participants);
            let job = i64::from(case.job_share);
            let change = Change {
                support: vec![(
                    case.source,
                    i64::from(case.share_before) - i64::from(case.share_after),
                )],
                wage: job,
                subsidised: if case.subsidised { job } else { 0 },
                case_hours: i64::from(case.case_hours),
                numerator: 12 * people,
                denominator: 1,
            };
            let mut annual = components(&change, params);
            // Care days are counted per year, so they do not take the × 12 of the months.
            let care = i128::from(params.value(ParameterKey::ServiceCareDay))
                * i128::from(case.care_days)
                * i128::from(people);
            annual[AccountActor::Regionen.index()].services = money(care);
            let society = &mut annual[AccountActor::Samhallet.index()];
            society.services = money(i128::from(society.services.ore()) + care);
            Flow {
                start_month: case.months_to_outcome,
                annual,
            }
        })
        .collect();
    Inputs {
        investment: investment.map(Money::from_ore),
        flows,
    }
}

/// One year of an actor's account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct YearRow {
    pub year: u32,
    /// The gain of the year after deadweight, attribution and drop-off.
    pub gain: Money,
    /// The same, discounted to the programme's start.
    pub discounted: Money,
    /// Discounted gains of this and every earlier year.
    pub cumulative: Money,
}

/// The results at one horizon.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct HorizonResult {
    pub years: u32,
    pub investment: Money,
    /// Discounted gains up to the horizon.
    pub gains: Money,
    /// Gains less investment.
    pub net: Money,
    /// Gains per krona invested, `None` without investment.
    pub ratio: Option<f64>,
}

/// One actor's account.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActorResult {
    pub actor: AccountActor,
    pub investment: Money,
    /// The yearly change before adjustments.
    pub annual: Components,
    pub years: Vec<YearRow>,
    pub horizons: Vec<HorizonResult>,
    /// Years until the discounted gains cover the investment, in tenths; `None` when there is
    /// no investment or it is not covered within ten years.
    pub payback_tenths: Option<u32>,
}

impl ActorResult {
    /// The result at `years`, which must be one of [`HORIZONS`].
    #[must_use]
    pub fn at(&self, years: u32) -> Option<&HorizonResult> {
        self.horizons.iter().find(|h| h.years == years)
    }
}

/// The net at the chosen horizon under the pessimistic, base and optimistic assumptions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ActorRange {
    pub actor: AccountActor,
    pub low: Money,
    pub base: Money,
    pub high: Money,
}

/// How much one assumption alone moves society's net at the chosen horizon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Driver {
    pub key: ParameterKey,
    /// Society's net with the assumption at its pessimistic end.
    pub low: Money,
    pub high: Money,
}

impl Driver {
    #[must_use]
    pub fn swing(&self) -> i64 {
        (self.high.ore() - self.low.ore()).abs()
    }
}

/// The whole account.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Account {
    pub horizon: u32,
    pub assumptions: Assumptions,
    pub actors: Vec<ActorResult>,
    pub sensitivity: Vec<ActorRange>,
    /// Largest swing first.
    pub drivers: Vec<Driver>,
}

/// Applies the adjustments of `a` to a yearly amount: (1 − deadweight), then (1 − attribution),
/// each rounded to the öre.
fn adjusted(amount: i128, a: &Assumptions) -> i128 {
    let whole = i128::from(BASIS_POINTS_PER_WHOLE);
    let after_deadweight = mul_div(amount, whole - i128::from(a.deadweight), whole);
    mul_div(after_deadweight, whole - i128::from(a.attribution), whole)
}

/// Discounts a year-`year` amount to the start: divided by (1 + r) once per year, rounded to
/// the öre at each step.
fn discounted(amount: i128, year: u32, a: &Assumptions) -> i128 {
    let whole = i128::from(BASIS_POINTS_PER_WHOLE);
    (0..year).fold(amount, |v, _| {
        mul_div(v, whole, whole + i128::from(a.discount))
    })
}

/// One flow's share of an actor's gain in one year: the adjusted yearly amount in force that
/// year (`full`, zero before the flow starts) and the part of it counted (`counted`, the
/// active months / 12 of `full`). The workbook prints both, so a reader follows the sum.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct FlowYear {
    pub full: Money,
    pub counted: Money,
}

/// Per flow of `inputs`, the years 1..=`MAX_HORIZON` of one actor under the assumptions `a`.
#[must_use]
pub fn flow_years(inputs: &Inputs, actor: AccountActor, a: &Assumptions) -> Vec<Vec<FlowYear>> {
    let whole = i128::from(BASIS_POINTS_PER_WHOLE);
    inputs
        .flows
        .iter()
        .map(|flow| {
            let first = flow.start_month / 12;
            let first_active = 12 - flow.start_month % 12;
            let mut full = adjusted(i128::from(flow.annual[actor.index()].total().ore()), a);
            (0..MAX_HORIZON)
                .map(|index| {
                    if index < first {
                        return FlowYear::default();
                    }
                    if index > first {
                        full = mul_div(full, whole - i128::from(a.drop_off), whole);
                    }
                    let active = if index == first { first_active } else { 12 };
                    FlowYear {
                        full: money(full),
                        counted: money(mul_div(full, i128::from(active), 12)),
                    }
                })
                .collect()
        })
        .collect()
}

/// The adjusted gain per year 1..=`MAX_HORIZON` of one actor: the sum of its flows' counted
/// parts.
fn yearly_gains(inputs: &Inputs, actor: AccountActor, a: &Assumptions) -> Vec<i128> {
    let mut years = vec![0i128; MAX_HORIZON as usize];
    for flow in flow_years(inputs, actor, a) {
        for (slot, year) in years.iter_mut().zip(flow) {
            *slot += i128::from(year.counted.ore());
        }
    }
    years
}

fn actor_years(inputs: &Inputs, actor: AccountActor, a: &Assumptions) -> Vec<YearRow> {
    let mut cumulative = 0i128;
    yearly_gains(inputs, actor, a)
        .into_iter()
        .zip(1u32..)
        .map(|(gain, year)| {
            let value = discounted(gain, year, a);
            cumulative += value;
            YearRow {
                year,
                gain: money(gain),
                discounted: money(value),
                cumulative: money(cumulative),
            }
        })
        .collect()
}

fn net_at(inputs: &Inputs, actor: AccountActor, a: &Assumptions, horizon: u32) -> Money {
    let years = actor_years(inputs, actor, a);
    let gains = years
        .get(horizon.saturating_sub(1) as usize)
        .map_or(0, |y| y.cumulative.ore());
    Money::from_ore(gains - inputs.investment[actor.index()].ore())
}

/// Years to payback in tenths, interpolating linearly within the year the gains catch up.
fn payback(investment: i64, years: &[YearRow]) -> Option<u32> {
    if investment <= 0 {
        return None;
    }
    let mut before = 0i64;
    for row in years {
        let now = row.cumulative.ore();
        if now >= investment && row.discounted.ore() > 0 {
            let within = div_round_half_away(
                i128::from(investment - before) * 10,
                i128::from(row.discounted.ore()),
            )?;
            return u32::try_from(i128::from(row.year - 1) * 10 + within).ok();
        }
        before = now;
    }
    None
}

/// Computes the account with the set's assumptions, and its range with each assumption at its
/// pessimistic and optimistic end; `horizon` picks the range's horizon.
#[must_use]
pub fn account(inputs: &Inputs, params: &ParameterSet, horizon: u32) -> Account {
    let base = params.assumptions();
    let end = |pick: fn(&Parameter) -> i64| -> Assumptions {
        let of = |key| params.get(key).map_or(0, pick);
        Assumptions {
            deadweight: of(ParameterKey::Deadweight),
            attribution: of(ParameterKey::Attribution),
            drop_off: of(ParameterKey::DropOff),
            discount: of(ParameterKey::DiscountRate),
        }
    };
    // High deadweight, attribution, drop-off and discount rate are the pessimistic end.
    let pessimistic = end(|p| p.high);
    let optimistic = end(|p| p.low);
    let actors = AccountActor::ALL
        .iter()
        .map(|actor| {
            let years = actor_years(inputs, *actor, &base);
            let investment = inputs.investment[actor.index()];
            let mut annual = Components::default();
            for flow in &inputs.flows {
                annual.add(&flow.annual[actor.index()]);
            }
            let horizons = HORIZONS
                .iter()
                .map(|h| {
                    let gains = years
                        .get(*h as usize - 1)
                        .map_or(Money::ZERO, |y| y.cumulative);
                    HorizonResult {
                        years: *h,
                        investment,
                        gains,
                        net: Money::from_ore(gains.ore() - investment.ore()),
                        ratio: (investment.ore() > 0)
                            .then(|| gains.ore() as f64 / investment.ore() as f64),
                    }
                })
                .collect();
            ActorResult {
                actor: *actor,
                investment,
                annual,
                payback_tenths: payback(investment.ore(), &years),
                years,
                horizons,
            }
        })
        .collect();
    let sensitivity = AccountActor::ALL
        .iter()
        .map(|actor| ActorRange {
            actor: *actor,
            low: net_at(inputs, *actor, &pessimistic, horizon),
            base: net_at(inputs, *actor, &base, horizon),
            high: net_at(inputs, *actor, &optimistic, horizon),
        })
        .collect();
    let society = AccountActor::Samhallet;
    let mut drivers: Vec<Driver> = [
        ParameterKey::Deadweight,
        ParameterKey::Attribution,
        ParameterKey::DropOff,
        ParameterKey::DiscountRate,
    ]
    .iter()
    .map(|key| {
        let with = |value: i64| {
            let mut a = base;
            match key {
                ParameterKey::Deadweight => a.deadweight = value,
                ParameterKey::Attribution => a.attribution = value,
                ParameterKey::DropOff => a.drop_off = value,
                _ => a.discount = value,
            }
            net_at(inputs, society, &a, horizon)
        };
        let p = params.get(*key);
        Driver {
            key: *key,
            low: with(p.map_or(0, |p| p.high)),
            high: with(p.map_or(0, |p| p.low)),
        }
    })
    .collect();
    drivers.sort_by_key(|d| std::cmp::Reverse(d.swing()));
    Account {
        horizon,
        assumptions: base,
        actors,
        sensitivity,
        drivers,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A set with round numbers for hand-checked tests.
    fn simple() -> ParameterSet {
        let mut set = default_parameters(2025);
        let mut put = |key: ParameterKey, low: i64, value: i64, high: i64| {
            if let Some(p) = set.parameters.iter_mut().find(|p| p.key == key) {
                p.value = value;
                p.low = low;
                p.high = high;
            }
        };
        put(
            ParameterKey::CostForsorjningsstod,
            1_000_000,
            1_000_000,
            1_000_000,
        );
        put(ParameterKey::MonthlyWage, 2_000_000, 2_000_000, 2_000_000);
        put(ParameterKey::MunicipalTax, 2_000, 2_000, 2_000);
        put(ParameterKey::RegionalTax, 1_000, 1_000, 1_000);
        put(ParameterKey::EmployerContributions, 3_000, 3_000, 3_000);
        put(ParameterKey::Deadweight, 0, 2_000, 4_000);
        put(ParameterKey::Attribution, 0, 1_000, 2_000);
        put(ParameterKey::DropOff, 0, 1_000, 2_000);
        put(ParameterKey::DiscountRate, 0, 0, 500);
        set
    }

    fn months(before: u64, after: u64, wage_after: u64) -> Vec<SourceMonths> {
        vec![
            SourceMonths {
                source: IncomeSource::Forsorjningsstod,
                before,
                after,
            },
            SourceMonths {
                source: IncomeSource::Wage,
                before: 0,
                after: wage_after,
            },
        ]
    }

    #[test]
    fn the_default_set_has_every_parameter_a_source_or_a_note_and_the_effects_mapping() {
        let set = default_parameters(2025);
        assert_eq!(set.parameters.len(), ParameterKey::ALL.len());
        for (p, key) in set.parameters.iter().zip(ParameterKey::ALL) {
            assert_eq!(p.key, *key);
            assert!(
                !p.provenance.source.is_empty() || !p.provenance.note.is_empty(),
                "{key:?}"
            );
            assert!(p.low <= p.value && p.value <= p.high, "{key:?}");
        }
        assert_eq!(set.value(ParameterKey::EmployerContributions), 3_142);
        assert_eq!(set.value(ParameterKey::CostEtableringsersattning), 669_900);
        assert_eq!(
            set.actor_of(IncomeSource::Forsorjningsstod),
            Some(AccountActor::Kommunen)
        );
        assert_eq!(
            set.actor_of(IncomeSource::Aktivitetsstod),
            Some(AccountActor::Arbetsformedlingen)
        );
        assert_eq!(set.actor_of(IncomeSource::Wage), None);
    }

    #[test]
    fn percentages_are_read_with_a_comma_or_a_point_and_at_most_two_decimals() {
        assert_eq!(parse_percent("31,42"), Some(3_142));
        assert_eq!(parse_percent("31.42 %"), Some(3_142));
        assert_eq!(parse_percent("3"), Some(300));
        assert_eq!(parse_percent("3,5"), Some(350));
        assert_eq!(parse_percent("3,555"), None);
        assert_eq!(parse_percent("-1"), None);
        assert_eq!(parse_percent(""), None);
    }

    #[test]
    fn the_form_round_trips_the_default_set() {
        let set = default_parameters(2025);
        let values = set
            .parameters
            .iter()
            .map(|p| (p.key.code().to_string(), ParameterInput::of(p)))
            .collect();
        let actors = set
            .actors
            .iter()
            .map(|a| (a.source.code().to_string(), a.actor.code().to_string()))
            .collect();
        assert_eq!(parse_parameters(2025, &values, &actors), Ok(set));
    }

    #[test]
    fn a_range_out_of_order_and_a_bad_value_are_refused_on_their_fields() {
        let set = default_parameters(2025);
        let mut values: BTreeMap<String, ParameterInput> = set
            .parameters
            .iter()
            .map(|p| (p.key.code().to_string(), ParameterInput::of(p)))
            .collect();
        if let Some(row) = values.get_mut("deadweight") {
            row.low = "60".into();
        }
        if let Some(row) = values.get_mut("monthly-wage") {
            row.value = "tjugo".into();
        }
        let errors = parse_parameters(2025, &values, &BTreeMap::new()).unwrap_err();
        assert_eq!(
            errors.for_field("low-deadweight").map(|e| e.key),
            Some("socio-error-range-order")
        );
        assert_eq!(
            errors.for_field("value-monthly-wage").map(|e| e.key),
            Some("socio-error-amount")
        );
        assert!(errors.for_field("actor-forsorjningsstod").is_some());
    }

    #[test]
    fn the_hand_worked_example_of_the_method_gives_its_figures() {
        // docs/methods.md, "Socio-economic account": five participants followed for 12 months;
        // 4 800 percent-months of försörjningsstöd before, 1 200 after; 2 400 percent-months
        // of wage after. The municipality invested 200 000 kr, Försäkringskassan 100 000 kr.
        let params = simple();
        let inputs = ex_post_inputs(
            &months(4_800, 1_200, 2_400),
            12,
            &[
                Financing {
                    kind: OrganisationKind::Kommun,
                    amount: Money::from_ore(20_000_000),
                },
                Financing {
                    kind: OrganisationKind::Forsakringskassan,
                    amount: Money::from_ore(10_000_000),
                },
            ],
            &params,
        );
        let annual = &inputs.flows[0].annual;
        // 36 FTE months avoided × 10 000 kr.
        assert_eq!(annual[0].support.ore(), 36_000_000);
        // Wage 24 FTE months × 20 000 kr = 480 000 kr; 20 % municipal tax.
        assert_eq!(annual[0].taxes.ore(), 9_600_000);
        assert_eq!(annual[1].taxes.ore(), 4_800_000);
        assert_eq!(annual[2].taxes.ore(), 14_400_000);
        // 480 000 − 96 000 − 48 000 − 360 000 of lost support.
        assert_eq!(annual[5].wages.ore(), 33_600_000);
        assert_eq!(annual[5].support.ore(), -36_000_000);
        // (480 000 + 144 000) × 100 %.
        assert_eq!(annual[6].production.ore(), 62_400_000);
        let account = account(&inputs, &params, 5);
        let kommun = &account.actors[0];
        // 456 000 × 0,8 × 0,9 = 328 320; then −10 % a year; no discounting.
        assert_eq!(kommun.years[0].gain.ore(), 32_832_000);
        assert_eq!(kommun.years[1].gain.ore(), 29_548_800);
        assert_eq!(kommun.at(1).unwrap().net.ore(), 12_832_000);
        // 200 000 is covered 200 000 / 328 320 = 0,61 into year 1: 0,6 years.
        assert_eq!(kommun.payback_tenths, Some(6));
        let society = &account.actors[6];
        assert_eq!(society.investment.ore(), 30_000_000);
        assert_eq!(society.years[0].gain.ore(), 44_928_000);
        // Ratio at 1 year: 449 280 / 300 000.
        assert!((society.at(1).unwrap().ratio.unwrap() - 1.4976).abs() < 1e-12);
        // The discount rate is 0–5 %, the others 0 to twice their base.
        assert_eq!(account.sensitivity[6].base, society.at(5).unwrap().net);
        assert!(account.sensitivity[6].low < account.sensitivity[6].base);
        assert!(account.sensitivity[6].high > account.sensitivity[6].base);
        assert_eq!(account.drivers[0].key, ParameterKey::Deadweight);
    }

    #[test]
    fn discounting_divides_by_one_plus_the_rate_each_year_rounding_each_step() {
        let a = Assumptions {
            deadweight: 0,
            attribution: 0,
            drop_off: 0,
            discount: 350,
        };
        // 100 000 kr / 1,035 = 96 618,36 kr; / 1,035 again = 93 351,07 kr.
        assert_eq!(discounted(10_000_000, 1, &a), 9_661_836);
        assert_eq!(discounted(10_000_000, 2, &a), 9_335_107);
    }

    #[test]
    fn a_case_whose_outcome_comes_after_a_year_gains_nothing_in_year_one() {
        let params = simple();
        let body = ScenarioBody {
            investment: vec![(AccountActor::Kommunen, Money::from_ore(10_000_000))],
            cases: vec![TypicalCase {
                name: "100 % försörjningsstöd → 50 % jobb".into(),
                participants: 10,
                source: IncomeSource::Forsorjningsstod,
                share_before: 100,
                share_after: 0,
                job_share: 50,
                subsidised: false,
                months_to_outcome: 18,
                care_days: 0,
                case_hours: 0,
            }],
        };
        let inputs = ex_ante_inputs(&body, &params);
        // 10 people × 12 months × 10 000 kr.
        assert_eq!(inputs.flows[0].annual[0].support.ore(), 120_000_000);
        let account = account(&inputs, &params, 5);
        let kommun = &account.actors[0];
        assert_eq!(kommun.years[0].gain.ore(), 0);
        // The outcome comes half-way through year 2: half a year's adjusted gain.
        let full = adjusted(
            i128::from(inputs.flows[0].annual[0].total().ore()),
            &params.assumptions(),
        );
        assert_eq!(i128::from(kommun.years[1].gain.ore()), mul_div(full, 6, 12));
        assert_eq!(i128::from(kommun.years[2].gain.ore()), mul_div(full, 9, 10));
    }

    #[test]
    fn a_samordningsforbund_budget_is_split_half_state_and_a_quarter_each() {
        let split = investment(&[Financing {
            kind: OrganisationKind::Samordningsforbund,
            amount: Money::from_ore(100_001),
        }]);
        assert_eq!(split[AccountActor::Forsakringskassan.index()].ore(), 50_001);
        assert_eq!(split[AccountActor::Regionen.index()].ore(), 25_000);
        assert_eq!(split[AccountActor::Kommunen.index()].ore(), 25_000);
        assert_eq!(split[AccountActor::Samhallet.index()].ore(), 100_001);
    }

    #[test]
    fn society_gains_the_sum_of_the_actors_and_the_employers_net() {
        let params = default_parameters(2025);
        let inputs = ex_post_inputs(&months(6_000, 2_000, 3_000), 12, &[], &params);
        let annual = &inputs.flows[0].annual;
        let actors: i64 = AccountActor::ALL[..6]
            .iter()
            .map(|a| annual[a.index()].total().ore())
            .sum();
        // W + C, recovered from the individual's wage after tax and the taxes.
        let wage_cost = annual[5].wages.ore()
            + annual[0].taxes.ore()
            + annual[1].taxes.ore()
            + annual[2].taxes.ore();
        let employer = annual[6].production.ore() - wage_cost;
        assert_eq!(annual[6].total().ore(), actors + employer);
    }

    #[test]
    fn a_scenario_form_keeps_filled_rows_and_explains_bad_ones() {
        let mut input = ScenarioInput {
            name: "Ansökan 2027".into(),
            parameter_year: "2025".into(),
            investment: [("kommunen".to_string(), "500 000".to_string())]
                .into_iter()
                .collect(),
            cases: vec![
                CaseInput {
                    name: "100 % försörjningsstöd i 2 år → 50 % jobb efter 12 månader".into(),
                    participants: "10".into(),
                    source: "forsorjningsstod".into(),
                    share_before: "100".into(),
                    share_after: "0".into(),
                    job_share: "50".into(),
                    months_to_outcome: "12".into(),
                    ..CaseInput::default()
                },
                CaseInput::default(),
            ],
        };
        let draft = input.parse().unwrap();
        assert_eq!(draft.body.cases.len(), 1);
        assert_eq!(
            draft.body.investment,
            vec![(AccountActor::Kommunen, Money::from_ore(50_000_000))]
        );
        assert_eq!(ScenarioInput::of(&draft).parse(), Ok(draft));
        input.cases[0].share_after = "120".into();
        input.cases[1].name = "Tom".into();
        let errors = input.parse().unwrap_err();
        assert!(errors.for_field("case-1-share_after").is_some());
        assert!(errors.for_field("case-2-source").is_some());
        input.cases.clear();
        assert_eq!(
            input.parse().unwrap_err().for_field("cases").map(|e| e.key),
            Some("socio-error-no-cases")
        );
    }

    #[test]
    fn the_horizon_is_one_five_or_ten_years_and_five_when_left_out() {
        assert_eq!(parse_horizon(""), Ok(5));
        assert_eq!(parse_horizon("10"), Ok(10));
        assert!(parse_horizon("3").is_err());
    }

    proptest! {
        #[test]
        fn no_change_in_support_or_wages_gives_no_gain(before in 0u64..10_000, window in 1u32..30) {
            let params = default_parameters(2025);
            let inputs = ex_post_inputs(&months(before, before, 0), window, &[], &params);
            let account = account(&inputs, &params, 10);
            for actor in &account.actors {
                prop_assert_eq!(actor.years.iter().map(|y| y.gain.ore()).sum::<i64>(), 0);
            }
        }

        #[test]
        fn doubling_the_participants_doubles_the_yearly_change(people in 1u32..500, months_to in 0u32..24) {
            let params = default_parameters(2025);
            let case = |participants| ScenarioBody {
                investment: vec![],
                cases: vec![TypicalCase {
                    name: String::new(),
                    participants,
                    source: IncomeSource::Sjukersattning,
                    share_before: 100,
                    share_after: 25,
                    job_share: 50,
                    subsidised: false,
                    months_to_outcome: months_to,
                    care_days: 3,
                    case_hours: 2,
                }],
            };
            let one = ex_ante_inputs(&case(people), &params);
            let two = ex_ante_inputs(&case(people * 2), &params);
            for actor in AccountActor::ALL {
                let single = one.flows[0].annual[actor.index()].total().ore();
                let double = two.flows[0].annual[actor.index()].total().ore();
                // Each component is rounded once, so doubling may differ by an öre per part.
                prop_assert!((double - 2 * single).abs() <= 5, "{:?}", actor);
            }
        }
    }
}
