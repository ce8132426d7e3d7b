//! Questionnaire instrument definitions (JSON uploaded by a coordinator): parse or refuse with
//! reasons, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stegvis_domain::instrument::Instrument;

fuzz_target!(|text: &str| {
    let _ = Instrument::parse(text);
});
