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
    (Locale::Sv, "main.ftl", include_str!("../locales/sv/main.ftl")),
    (Locale::Sv, "domain.ftl", include_str!("../locales/sv/domain.ftl")),
    (Locale::En, "main.ftl", include_str!("../locales/en/main.ftl")),
    (Locale::En, "domain.ftl", include_str!("../locales/en/domain.ftl")),
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
        self.bundles.get(&locale).is_some_and(|b| b.has_message(key))
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
        for (name, value) in args {
            fluent_args.set(*name, FluentValue::from(value.clone()));
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
    pub fn t2(&self, key: &str, name1: &str, value1: impl ToString, name2: &str, value2: impl ToString) -> String {
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
}
