//! Form state for re-rendering: the user's input exactly as typed, and the errors per field.

use crate::i18n::Tr;
use std::collections::HashMap;
use stegvis_domain::edit::SeenVersion;
use stegvis_domain::validation::ValidationErrors;

/// The hidden field in which an edit form carries the version of the record it was filled in
/// from (`m::version` in the templates).
pub const VERSION_FIELD: &str = "version";

/// The version of the record a submitted edit form was filled in from.
pub fn seen_version(pairs: &[(String, String)]) -> SeenVersion<'_> {
    SeenVersion::from_form(
        pairs
            .iter()
            .find(|(name, _)| name == VERSION_FIELD)
            .map_or("", |(_, value)| value.as_str()),
    )
}

/// Carries the translator so templates can ask it for labels and error texts by key.
#[derive(Clone)]
pub struct Form {
    tr: Tr,
    /// Put before every field's element id, so a page with several forms that share field
    /// names (one per goal, one per follow-up) still has unique ids and working labels.
    pub prefix: String,
    values: HashMap<String, String>,
    multi: HashMap<String, Vec<String>>,
    pub errors: ValidationErrors,
}

impl Form {
    pub fn new(tr: &Tr) -> Self {
        Self {
            tr: tr.clone(),
            prefix: String::new(),
            values: HashMap::new(),
            multi: HashMap::new(),
            errors: ValidationErrors::new(),
        }
    }

    /// Keeps every submitted field (the CSRF token aside) so the form can show it again.
    pub fn from_pairs(tr: &Tr, pairs: &[(String, String)]) -> Self {
        let mut form = Self::new(tr);
        for (name, value) in pairs {
            if name == crate::context::CSRF_FIELD {
                continue;
            }
            form.multi
                .entry(name.clone())
                .or_default()
                .push(value.clone());
            form.values.insert(name.clone(), value.clone());
        }
        form
    }

    pub fn with(mut self, name: &str, value: impl Into<String>) -> Self {
        self.values.insert(name.to_string(), value.into());
        self
    }

    pub fn prefixed(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = prefix.into();
        self
    }

    /// Shows the problems. When the record was saved by someone else meanwhile, the form from
    /// then on carries the version now stored, so saving again replaces it knowingly
    /// (decision 0030).
    pub fn with_errors(mut self, errors: ValidationErrors) -> Self {
        if let Some(stored) = errors
            .for_field(VERSION_FIELD)
            .and_then(|e| e.args.iter().find(|(name, _)| *name == "current"))
        {
            self.values
                .insert(VERSION_FIELD.to_string(), stored.1.clone());
        }
        self.errors = errors;
        self
    }

    pub fn value(&self, name: &str) -> &str {
        self.values.get(name).map_or("", String::as_str)
    }

    pub fn values(&self, name: &str) -> &[String] {
        self.multi.get(name).map_or(&[], Vec::as_slice)
    }

    pub fn is_selected(&self, name: &str, option: &str) -> bool {
        self.value(name) == option || self.values(name).iter().any(|v| v == option)
    }

    pub fn has_error(&self, name: &str) -> bool {
        self.errors.for_field(name).is_some()
    }

    pub fn error_text(&self, name: &str) -> String {
        self.errors
            .for_field(name)
            .map(|e| self.tr.error(e))
            .unwrap_or_default()
    }

    /// The error summary: (field, text) for every problem, in form order.
    pub fn summary(&self) -> Vec<(String, String)> {
        self.errors
            .iter()
            .map(|e| (e.field.to_string(), self.tr.error(e)))
            .collect()
    }

    /// A label or other text by message key.
    pub fn t(&self, key: &str) -> String {
        self.tr.t(key)
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }
}

pub use crate::decode::{get, multipart, pairs};
