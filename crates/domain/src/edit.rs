//! Optimistic concurrency for edits. Two people may open the same record's form; whoever saves
//! second must learn that the record changed under them instead of silently overwriting the
//! first one's work. Every edit form carries the version of the record it was filled in from,
//! and the record's `updated_at` is that version: an edit moves it strictly forward, so two
//! saves can never leave the same version behind, even when the clock has not moved between
//! them (a frozen test clock, or two saves within one microsecond).

use crate::timestamp::Timestamp;

/// What an edit knows of the version it started from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeenVersion<'a> {
    /// The client did not say (an API client that does not send `If-Match`): the edit applies
    /// to whatever is stored, as a plain PUT does.
    Unknown,
    /// The opaque token the form or `If-Match` carried.
    Token(&'a str),
}

impl<'a> SeenVersion<'a> {
    /// A blank token counts as unknown, so a form rendered before this field existed still saves.
    pub fn from_form(token: &'a str) -> Self {
        let token = token.trim();
        if token.is_empty() {
            SeenVersion::Unknown
        } else {
            SeenVersion::Token(token)
        }
    }

    /// Whether an edit made from this version may replace a record stored at `stored`.
    pub fn is_current(&self, stored: Timestamp) -> bool {
        match self {
            SeenVersion::Unknown => true,
            SeenVersion::Token(token) => *token == version_token(stored),
        }
    }
}

/// The token a form carries for a record last changed at `updated_at`.
pub fn version_token(updated_at: Timestamp) -> String {
    updated_at.canonical()
}

/// The `updated_at` an edit at `now` writes over a record stored at `stored`: `now`, or one
/// microsecond past `stored` when the clock has not moved beyond it.
pub fn next_version(stored: Timestamp, now: Timestamp) -> Timestamp {
    if now > stored {
        now
    } else {
        stored.plus(time::Duration::microseconds(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        Timestamp::parse(text).unwrap()
    }

    #[test]
    fn an_edit_from_the_stored_version_is_current() {
        let stored = at("2026-12-07T10:00:00.000000Z");
        let token = version_token(stored);
        assert!(SeenVersion::from_form(&token).is_current(stored));
    }

    #[test]
    fn an_edit_from_an_older_version_is_not_current() {
        let seen = version_token(at("2026-12-07T10:00:00.000000Z"));
        let stored = at("2026-12-07T10:00:05.000000Z");
        assert!(!SeenVersion::from_form(&seen).is_current(stored));
    }

    #[test]
    fn a_tampered_token_is_never_current() {
        let stored = at("2026-12-07T10:00:00.000000Z");
        assert!(!SeenVersion::from_form("whatever").is_current(stored));
    }

    #[test]
    fn an_edit_without_a_version_applies_to_what_is_stored() {
        let stored = at("2026-12-07T10:00:00.000000Z");
        assert!(SeenVersion::from_form("  ").is_current(stored));
    }

    #[test]
    fn the_next_version_moves_forward_even_when_the_clock_stands_still() {
        let stored = at("2026-12-07T10:00:00.000000Z");
        assert_eq!(
            next_version(stored, stored),
            at("2026-12-07T10:00:00.000001Z")
        );
        assert_eq!(
            next_version(stored, at("2026-12-07T09:00:00.000000Z")),
            at("2026-12-07T10:00:00.000001Z")
        );
        let later = at("2026-12-07T11:00:00.000000Z");
        assert_eq!(next_version(stored, later), later);
    }
}
