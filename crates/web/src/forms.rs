//! Form state for re-rendering: the user's input exactly as typed, and the errors per field.

use crate::i18n::Tr;
use std::collections::HashMap;
use stegvis_domain::validation::ValidationErrors;

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

    pub fn with_errors(mut self, errors: ValidationErrors) -> Self {
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
