//! Organisationsnummer as typed: parses or is refused, and what parses round-trips.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stegvis_domain::orgnumber::OrgNumber;

fuzz_target!(|text: &str| {
    if let Ok(number) = OrgNumber::parse(text) {
        let stored = number.canonical();
        assert_eq!(OrgNumber::parse_canonical(&stored), Ok(number));
        let _ = number.legal_form_group();
    }
    let _ = OrgNumber::parse_canonical(text);
});
