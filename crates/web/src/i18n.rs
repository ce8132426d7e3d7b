//! Message catalogues (Fluent) and the translator handed to every template.
//!
//! All user-facing text lives in `locales/<lang>/*.ftl`; a test checks that every message
//! exists in every language and that every key the templates and code use is defined.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::collections::HashMap;
use std::sync::Arc;
use stegvis_domain::user::Locale;
use stegvis_domain::validation::FieldError;

/// The catalogue files of each language, embedded in the binary.
pub const CATALOGUES: &[(Locale, &str, &str)] = &[
    (
        Locale::Sv,
        "main.ftl",
        include_str!("../locales/sv/main.ftl"),
    ),
    (
        Locale::Sv,
        "domain.ftl",
        include_str!("../locales/sv/domain.ftl"),
    ),
    (
        Locale::Sv,
        "ideas.ftl",
        include_str!("../locales/sv/ideas.ftl"),
    ),
    (
        Locale::Sv,
        "effects.ftl",
        include_str!("../locales/sv/effects.ftl"),
    ),
    (
        Locale::Sv,
        "socioeconomics.ftl",
        include_str!("../locales/sv/socioeconomics.ftl"),
    ),
    (
        Locale::Sv,
        "daily.ftl",
        include_str!("../locales/sv/daily.ftl"),
    ),
    (
        Locale::Sv,
        "explain.ftl",
        include_str!("../locales/sv/explain.ftl"),
    ),
    (
        Locale::Sv,
        "daily-use.ftl",
        include_str!("../locales/sv/daily-use.ftl"),
    ),
    (
        Locale::Sv,
        "import.ftl",
        include_str!("../locales/sv/import.ftl"),
    ),
    (
        Locale::Sv,
        "outreach.ftl",
        include_str!("../locales/sv/outreach.ftl"),
    ),
    (
        Locale::Sv,
        "budget.ftl",
        include_str!("../locales/sv/budget.ftl"),
    ),
    (
        Locale::Sv,
        "steering.ftl",
        include_str!("../locales/sv/steering.ftl"),
    ),
    (
        Locale::Sv,
        "oidc.ftl",
        include_str!("../locales/sv/oidc.ftl"),
    ),
    (
        Locale::Sv,
        "accounts.ftl",
        include_str!("../locales/sv/accounts.ftl"),
    ),
    (
        Locale::En,
        "main.ftl",
        include_str!("../locales/en/main.ftl"),
    ),
    (
        Locale::En,
        "domain.ftl",
        include_str!("../locales/en/domain.ftl"),
    ),
    (
        Locale::En,
        "ideas.ftl",
        include_str!("../locales/en/ideas.ftl"),
    ),
    (
        Locale::En,
        "effects.ftl",
        include_str!("../locales/en/effects.ftl"),
    ),
    (
        Locale::En,
        "socioeconomics.ftl",
        include_str!("../locales/en/socioeconomics.ftl"),
    ),
    (
        Locale::En,
        "daily.ftl",
        include_str!("../locales/en/daily.ftl"),
    ),
    (
        Locale::En,
        "explain.ftl",
        include_str!("../locales/en/explain.ftl"),
    ),
    (
        Locale::En,
        "daily-use.ftl",
        include_str!("../locales/en/daily-use.ftl"),
    ),
    (
        Locale::En,
        "import.ftl",
        include_str!("../locales/en/import.ftl"),
    ),
    (
        Locale::En,
        "outreach.ftl",
        include_str!("../locales/en/outreach.ftl"),
    ),
    (
        Locale::En,
        "budget.ftl",
        include_str!("../locales/en/budget.ftl"),
    ),
    (
        Locale::En,
        "steering.ftl",
        include_str!("../locales/en/steering.ftl"),
    ),
    (
        Locale::En,
        "oidc.ftl",
        include_str!("../locales/en/oidc.ftl"),
    ),
    (
        Locale::En,
        "accounts.ftl",
        include_str!("../locales/en/accounts.ftl"),
    ),
];

/// All languages' bundles, built once at start.
pub struct Catalogues {
    bundles: HashMap<Locale, FluentBundle<FluentResource>>,
}

impl Catalogues {
    /// Parses every catalogue; a syntax error or duplicate message is reported, not ignored.
    pub fn load() -> Result<Arc<Self>, String> {
        let mut bundles = HashMap::new();
        for locale in Locale::ALL {
            let langid = locale
                .code()
                .parse()
                .map_err(|e| format!("language tag {}: {e}", locale.code()))?;
            let mut bundle = FluentBundle::new_concurrent(vec![langid]);
            // Unicode isolation marks around arguments would end up inside HTML attributes.
            bundle.set_use_isolating(false);
            for (_, file, source) in CATALOGUES.iter().filter(|(l, _, _)| *l == locale) {
                let resource = FluentResource::try_new((*source).to_string())
                    .map_err(|(_, errors)| format!("{}/{file}: {errors:?}", locale.code()))?;
                bundle
                    .add_resource(resource)
                    .map_err(|errors| format!("{}/{file}: {errors:?}", locale.code()))?;
            }
            bundles.insert(locale, bundle);
        }
        Ok(Arc::new(Self { bundles }))
    }

    pub fn has(&self, locale: Locale, key: &str) -> bool {
        self.bundles
            .get(&locale)
            .is_some_and(|b| b.has_message(key))
    }

    /// Message ids defined for a language.
    pub fn keys(locale: Locale) -> Vec<String> {
        CATALOGUES
            .iter()
            .filter(|(l, _, _)| *l == locale)
            .flat_map(|(_, _, source)| source.lines())
            .filter_map(|line| {
                let (id, _) = line.split_once(" =")?;
                let id = id.trim_end();
                (!id.is_empty()
                    && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                    && id.chars().next().is_some_and(|c| c.is_ascii_alphabetic()))
                .then(|| id.to_string())
            })
            .collect()
    }

    fn format(&self, locale: Locale, key: &str, args: &[(&str, String)]) -> String {
        let Some(bundle) = self.bundles.get(&locale) else {
            return key.to_string();
        };
        let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
            tracing::warn!(key, locale = locale.code(), "missing message");
            return key.to_string();
        };
        let mut fluent_args = FluentArgs::new();
        // Whole numbers go in as numbers, so plural variants (`[one]`) are chosen by value.
        for (name, value) in args {
            match value.parse::<i64>() {
                Ok(number) => fluent_args.set(*name, FluentValue::from(number)),
                Err(_) => fluent_args.set(*name, FluentValue::from(value.clone())),
            }
        }
        let mut errors = Vec::new();
        bundle
            .format_pattern(pattern, Some(&fluent_args), &mut errors)
            .into_owned()
    }
}

/// A translator for one request's language.
#[derive(Clone)]
pub struct Tr {
    catalogues: Arc<Catalogues>,
    pub locale: Locale,
}

impl Tr {
    pub fn new(catalogues: Arc<Catalogues>, locale: Locale) -> Self {
        Self { catalogues, locale }
    }

    /// Whether the language has a message for `key`, for labels that may fall back to a code.
    pub fn has(&self, key: &str) -> bool {
        self.catalogues.has(self.locale, key)
    }

    /// The message for `key`.
    pub fn t(&self, key: &str) -> String {
        self.catalogues.format(self.locale, key, &[])
    }

    /// The message for `key` with one argument.
    pub fn t1(&self, key: &str, name: &str, value: impl ToString) -> String {
        self.catalogues
            .format(self.locale, key, &[(name, value.to_string())])
    }

    /// The message for `key` with two arguments.
    pub fn t2(
        &self,
        key: &str,
        name1: &str,
        value1: impl ToString,
        name2: &str,
        value2: impl ToString,
    ) -> String {
        self.catalogues.format(
            self.locale,
            key,
            &[(name1, value1.to_string()), (name2, value2.to_string())],
        )
    }

    /// The message for `key` with arguments.
    pub fn ta(&self, key: &str, args: &[(&str, String)]) -> String {
        self.catalogues.format(self.locale, key, args)
    }

    /// The text of a validation error.
    pub fn error(&self, error: &FieldError) -> String {
        self.catalogues.format(self.locale, error.key, &error.args)
    }

    pub fn lang(&self) -> &'static str {
        self.locale.code()
    }

    /// Text direction of the interface language. Both current languages run left to right; the
    /// stylesheet already mirrors for `dir="rtl"`, so adding Arabic needs a catalogue and this.
    pub fn dir(&self) -> &'static str {
        match self.locale {
            Locale::Sv | Locale::En => "ltr",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    use stegvis_domain::access::Role;
    use stegvis_domain::organisation::OrganisationKind;
    use stegvis_domain::programme::{ProgrammeFocus, TargetKind};

    fn keys(locale: Locale) -> BTreeSet<String> {
        Catalogues::keys(locale).into_iter().collect()
    }

    /// Quoted strings shaped like message ids (`word-word`), found in a source tree.
    fn quoted_ids(dir: &std::path::Path, found: &mut BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                quoted_ids(&path, found);
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for piece in text.split('"').skip(1).step_by(2) {
                let looks_like_id = piece.contains('-')
                    && piece.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                    && piece
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
                if looks_like_id {
                    found.insert(piece.to_string());
                }
            }
        }
    }

    #[test]
    fn every_message_exists_in_every_language() {
        let swedish = keys(Locale::Sv);
        let english = keys(Locale::En);
        assert!(swedish.len() > 200);
        let only_sv: Vec<_> = swedish.difference(&english).collect();
        let only_en: Vec<_> = english.difference(&swedish).collect();
        assert!(only_sv.is_empty(), "missing in English: {only_sv:?}");
        assert!(only_en.is_empty(), "missing in Swedish: {only_en:?}");
    }

    #[test]
    fn the_catalogues_parse_without_errors() {
        assert!(Catalogues::load().is_ok());
    }

    #[test]
    fn every_message_id_used_in_templates_and_code_is_defined() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut used = BTreeSet::new();
        for dir in ["templates", "src", "../domain/src", "../app/src"] {
            quoted_ids(&root.join(dir), &mut used);
        }
        // Values of HTML attributes and enum codes that share the shape of a message id.
        let not_messages = [
            // Prefixes of the forecast's choices, completed with a code.
            "forecast-cost-kind-",
            "forecast-financing-kind-",
            "forecast-startup-kind-",
            "forecast-terms-",
            "forecast-vat-",
            "forecast-vat-period-",
            "answer-form",
            "f-instrument",
            "f-from",
            "f-to",
            "due-caption",
            "instruments-caption",
            "questionnaire-response",
            "schedule-row",
            "exit-3",
            "follow-up-",
            "follow-up--1",
            "follow-up-6",
            "follow-up-12",
            "current-password",
            "new-password",
            "case-officer",
            "enterprises-started",
            "x-csrf-token",
            "sec-fetch-site",
            "hx-request",
            "hx-boosted",
            "cross-origin-opener-policy",
            "permissions-policy",
            "session-warning",
            "session-extend",
            "session-warning-text",
            "live-region",
            "error-summary-title",
            "login-problem-title",
            "link-url",
            "lang-sv",
            "lang-en",
            "user-results",
            "users-caption",
            "organisations-caption",
            "programmes-caption",
            "audit-caption",
            "budget-heading",
            "targets-heading",
            "partners-heading",
            "language-heading",
            "password-heading",
            "token-heading",
            "session-warning-title",
            "stegvis-session-seconds",
            "stegvis-csrf",
            "htmx-config",
            "x-content-type-options",
            "referrer-policy",
            "content-security-policy",
            "stegvis-audit-entry-v1",
            "stegvis-audit-checkpoint-v1",
            "stegvis-pre-session-csrf",
            "cli-user-add",
            "text-decoration",
            "error-message",
            "error-summary",
            "user-menu",
            "activities-caption",
            "consent-choices",
            "consent-document",
            "consent-withdrawn",
            "episode-status",
            "erase-heading",
            "follow-up",
            "follow-up-heading",
            "follow-ups",
            "income-chart",
            "income-heading",
            "income-table-caption",
            "persons-caption",
            "enterprises-caption",
            "ideas-caption",
            // A prefix stripped from a message id in the core, not a message.
            "legal-form-group-",
            "timeline-date",
            "timeline-heading",
            // The code of a step of the business plan's numbers, in its address.
            "start-och-finansiering",
        ];
        let catalogue = keys(Locale::Sv);
        let prefixes = [
            "error-",
            "flash-",
            "nav-",
            "layout-",
            "form-",
            "action-",
            "login-",
            "account-",
            "organisation",
            "user",
            "programme",
            "target-",
            "budget-",
            "audit-",
            "a11y-",
            "start-",
            "activate-",
            "session-",
            "pagination-",
            "role-",
            "org-kind-",
            "personnummer-",
            "orgnumber-",
            "money-",
            "person",
            "referral-",
            "episode-",
            "consent",
            "intake-",
            "decline-",
            "baseline-",
            "snapshot-",
            "plan-",
            "appointment",
            "notes-",
            "attendance-",
            "activit",
            "exit-",
            "follow-up",
            "income-",
            "month-",
            "timeline-",
            "support-group-",
            "sex-",
            "education-",
            "occupation-",
            "duration-",
            "step-owner-",
            "portal-",
            "privacy-",
            "retention-",
            "extract-",
            "erase-",
            "enterprise",
            "legal-form-",
            "directory-",
            "occasion-",
            "answer-",
            "schedule-",
            "due-",
            "my-questionnaires-",
            "questionnaire-",
            "instruments-",
            "measures-",
            "export-error-",
            "idea",
            "bplan-",
            "legal-guide-",
            "forecast-",
            "numbers-",
            "socio-",
            "confirm-",
            "correction-",
            "today-",
        ];
        let missing: Vec<&String> = used
            .iter()
            .filter(|id| !not_messages.contains(&id.as_str()))
            // Error pages name a base key and add `-heading` and `-text`; checked below.
            .filter(|id| {
                !(id.starts_with("error-page-")
                    && !id.ends_with("-heading")
                    && !id.ends_with("-text"))
            })
            .filter(|id| prefixes.iter().any(|p| id.starts_with(p)))
            .filter(|id| !catalogue.contains(*id))
            .collect();
        assert!(missing.is_empty(), "used but not defined: {missing:?}");
    }

    #[test]
    fn every_label_built_from_a_code_is_defined() {
        let catalogue = keys(Locale::Sv);
        let mut needed: Vec<String> = Vec::new();
        needed.extend(Role::ALL.iter().map(|r| format!("role-{}", r.code())));
        needed.extend(
            OrganisationKind::ALL
                .iter()
                .map(|k| format!("org-kind-{}", k.code())),
        );
        needed.extend(
            ProgrammeFocus::ALL
                .iter()
                .map(|f| format!("programme-focus-{}", f.code())),
        );
        needed.extend(
            TargetKind::ALL
                .iter()
                .map(|k| format!("target-kind-{}", k.code())),
        );
        fn codes<T: Copy>(prefix: &str, all: &[T], code: fn(T) -> &'static str) -> Vec<String> {
            all.iter()
                .map(|v| format!("{prefix}-{}", code(*v)))
                .collect()
        }
        use stegvis_domain::{consent, enterprise, episode, income, person, plan};
        {
            use stegvis_domain::socioeconomics::{AccountActor, ParameterKey};
            needed.extend(codes("socio-actor", AccountActor::ALL, AccountActor::code));
            needed.extend(codes("socio-param", ParameterKey::ALL, ParameterKey::code));
        }
        {
            use stegvis_domain::forecast::{
                CostKind, FinancingKind, PaymentTerms, StartupKind, VatPeriod, VatRate,
            };
            needed.extend(codes(
                "forecast-vat-period",
                VatPeriod::ALL,
                VatPeriod::code,
            ));
            needed.extend(codes("forecast-vat", VatRate::ALL, VatRate::code));
            needed.extend(codes(
                "forecast-terms",
                PaymentTerms::ALL,
                PaymentTerms::code,
            ));
            needed.extend(codes("forecast-cost-kind", CostKind::ALL, CostKind::code));
            needed.extend(codes(
                "forecast-startup-kind",
                StartupKind::ALL,
                StartupKind::code,
            ));
            needed.extend(codes(
                "forecast-financing-kind",
                FinancingKind::ALL,
                FinancingKind::code,
            ));
        }
        needed.extend(codes(
            "enterprise-support-kind",
            enterprise::SupportKind::ALL,
            enterprise::SupportKind::code,
        ));
        needed.extend(codes(
            "enterprise-employment",
            stegvis_domain::enterprise_figures::EmploymentForm::ALL,
            stegvis_domain::enterprise_figures::EmploymentForm::code,
        ));
        needed.extend(codes(
            "legal-form",
            enterprise::LegalForm::ALL,
            enterprise::LegalForm::code,
        ));
        needed.extend(codes(
            "idea-stage",
            stegvis_domain::idea::IdeaStage::ALL,
            stegvis_domain::idea::IdeaStage::code,
        ));
        for section in stegvis_domain::idea::PlanSection::ALL {
            needed.push(format!("bplan-section-{}", section.code()));
            needed.push(format!("bplan-section-{}-hint", section.code()));
        }
        for fit in stegvis_domain::idea::legal_form_guide(&Default::default()) {
            needed.extend(fit.criteria.iter().map(|c| c.key.to_string()));
        }
        for group in [
            "death-estates",
            "public-sector",
            "foreign-companies",
            "limited-companies",
            "simple-partnerships",
            "economic-associations",
            "non-profit-associations-and-foundations",
            "trading-partnerships",
            "unknown",
        ] {
            needed.push(format!("legal-form-group-{group}"));
        }
        needed.extend(codes(
            "sex",
            person::PersonSex::ALL,
            person::PersonSex::code,
        ));
        needed.extend(codes(
            "episode-status",
            episode::EpisodeStatus::ALL,
            episode::EpisodeStatus::code,
        ));
        needed.extend(codes(
            "exit-reason",
            episode::ExitReason::ALL,
            episode::ExitReason::code,
        ));
        needed.extend(codes(
            "education",
            episode::EducationLevel::ALL,
            episode::EducationLevel::code,
        ));
        needed.extend(codes(
            "occupation",
            episode::Occupation::ALL,
            episode::Occupation::code,
        ));
        needed.extend(codes(
            "duration",
            episode::DurationBand::ALL,
            episode::DurationBand::code,
        ));
        needed.extend(codes(
            "consent-scope",
            consent::ConsentScope::ALL,
            consent::ConsentScope::code,
        ));
        needed.extend(codes(
            "consent-form",
            consent::ConsentForm::ALL,
            consent::ConsentForm::code,
        ));
        needed.extend(codes(
            "step-owner",
            plan::StepOwner::ALL,
            plan::StepOwner::code,
        ));
        needed.extend(codes(
            "activity-kind",
            plan::ActivityKind::ALL,
            plan::ActivityKind::code,
        ));
        needed.extend(codes(
            "income-source",
            &income::IncomeSource::ALL,
            income::IncomeSource::code,
        ));
        needed.extend(codes(
            "support-group",
            &income::SupportGroup::ALL,
            income::SupportGroup::code,
        ));
        for page in [
            "not-found",
            "forbidden",
            "unavailable",
            "internal",
            "csrf",
            "too-large",
            "link",
        ] {
            needed.push(format!("error-page-{page}-heading"));
            needed.push(format!("error-page-{page}-text"));
        }
        for nav in [
            "nav-programmes",
            "nav-organisations",
            "nav-users",
            "nav-audit",
        ] {
            needed.push(format!("{nav}-description"));
        }
        let missing: Vec<&String> = needed.iter().filter(|k| !catalogue.contains(*k)).collect();
        assert!(missing.is_empty(), "{missing:?}");
    }

    #[test]
    fn a_legal_form_mismatch_names_the_number_series_and_the_chosen_form() {
        let tr = Tr::new(Catalogues::load().unwrap(), Locale::Sv);
        let error = stegvis_domain::validation::FieldError::new(
            "organisationsnummer",
            "enterprise-error-legal-form-mismatch",
        )
        .with_arg("digit", "7")
        .with_arg("group", "economic-associations")
        .with_arg("form", "aktiebolag");
        assert_eq!(
            tr.error(&error),
            "Organisationsnumret börjar med 7, som är nummerserien för ekonomiska föreningar och \
             bostadsrättsföreningar, men du har valt aktiebolag (nummer som börjar med 5). \
             Kontrollera numret eller den juridiska formen."
        );
    }

    #[test]
    fn arguments_are_filled_in() {
        let tr = Tr::new(Catalogues::load().unwrap(), Locale::Sv);
        assert_eq!(tr.t1("start-welcome", "name", "Anna"), "Välkommen, Anna.");
        let en = Tr::new(Catalogues::load().unwrap(), Locale::En);
        assert_ne!(en.t("login-title"), tr.t("login-title"));
    }
}
