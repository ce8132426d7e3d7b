//! Personnummer and samordningsnummer as typed: any text either parses or is refused with a
//! reason, never panics; what parses survives the round trip through its stored form.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stegvis_domain::personnummer::Personnummer;
use time::macros::date;

fuzz_target!(|text: &str| {
    if let Ok(number) = Personnummer::parse(text, date!(2026 - 12 - 01)) {
        let stored = number.canonical();
        assert_eq!(Personnummer::parse_canonical(&stored), Ok(number));
        assert_eq!(stored.len(), 12);
        let _ = (
            number.masked(),
            number.sex(),
            number.age_on(date!(2026 - 12 - 01)),
        );
    }
    let _ = Personnummer::parse_canonical(text);
});
