//! Field-level validation results shared by every form, API body and CLI flag.
//!
//! A rule in the core reports *what* is wrong as a message key plus arguments; the web layer
//! turns the key into plain Swedish (or English) from the message catalogues. Keeping the text
//! out of the core lets one rule serve the form, the JSON API and the CLI alike.

use serde::Serialize;

/// One problem with one input field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// The form field or JSON property the problem belongs to.
    pub field: &'static str,
    /// The Fluent message id that explains the problem.
    pub key: &'static str,
    /// Arguments for the message, e.g. a maximum length.
    pub args: Vec<(&'static str, String)>,
}

impl FieldError {
    pub fn new(field: &'static str, key: &'static str) -> Self {
        Self {
            field,
            key,
            args: Vec::new(),
        }
    }

    pub fn with_arg(mut self, name: &'static str, value: impl ToString) -> Self {
        self.args.push((name, value.to_string()));
        self
    }
}

/// Every problem found in one submission, so the user can fix them all at once.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ValidationErrors(Vec<FieldError>);

impl ValidationErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn single(error: FieldError) -> Self {
        Self(vec![error])
    }

    pub fn push(&mut self, error: FieldError) {
        self.0.push(error);
    }

    /// Records the error of a parse, if any, and passes the value on.
    pub fn check<T>(&mut self, result: Result<T, FieldError>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                self.push(error);
                None
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &FieldError> {
        self.0.iter()
    }

    /// The first error for a field, which is the one a form shows beside it.
    pub fn for_field(&self, field: &str) -> Option<&FieldError> {
        self.0.iter().find(|e| e.field == field)
    }

    /// `Ok(())` when nothing was found, so callers can use `?` after collecting.
    pub fn into_result(self) -> Result<(), ValidationErrors> {
        if self.is_empty() { Ok(()) } else { Err(self) }
    }
}

impl std::fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self
            .0
            .iter()
            .map(|e| format!("{}: {}", e.field, e.key))
            .collect();
        write!(f, "{}", parts.join(", "))
    }
}

impl std::error::Error for ValidationErrors {}

/// Trims and checks a required single-line text of bounded length.
pub fn required_text(
    field: &'static str,
    input: &str,
    max_chars: usize,
) -> Result<String, FieldError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(FieldError::new(field, "error-required"));
    }
    optional_text(field, trimmed, max_chars).map(|t| t.unwrap_or_default())
}

/// Trims an optional single-line text; blank means absent.
pub fn optional_text(
    field: &'static str,
    input: &str,
    max_chars: usize,
) -> Result<Option<String>, FieldError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    if trimmed.chars().count() > max_chars {
        return Err(FieldError::new(field, "error-too-long").with_arg("max", max_chars));
    }
    if trimmed.chars().any(|c| c.is_control()) {
        return Err(FieldError::new(field, "error-control-characters"));
    }
    Ok(Some(trimmed.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_text_is_trimmed() {
        assert_eq!(
            required_text("name", "  Västervik ", 10).unwrap(),
            "Västervik"
        );
    }

    #[test]
    fn blank_required_text_is_reported_as_missing() {
        let error = required_text("name", "   ", 10).unwrap_err();
        assert_eq!(error.key, "error-required");
        assert_eq!(error.field, "name");
    }

    #[test]
    fn text_longer_than_the_limit_names_the_limit() {
        let error = required_text("name", "åäöåäö", 5).unwrap_err();
        assert_eq!(error.key, "error-too-long");
        assert_eq!(error.args, vec![("max", "5".to_string())]);
    }

    #[test]
    fn length_is_counted_in_characters_not_bytes() {
        assert!(required_text("name", "åäöåä", 5).is_ok());
    }

    #[test]
    fn control_characters_are_refused() {
        let error = optional_text("name", "a\u{0007}b", 5).unwrap_err();
        assert_eq!(error.key, "error-control-characters");
    }

    #[test]
    fn collected_errors_are_found_by_field() {
        let mut errors = ValidationErrors::new();
        errors.push(FieldError::new("a", "error-required"));
        errors.push(FieldError::new("b", "error-too-long"));
        assert_eq!(errors.for_field("b").unwrap().key, "error-too-long");
        assert!(errors.for_field("c").is_none());
        assert!(errors.into_result().is_err());
    }
}
