//! Urlencoded form bodies: any bytes decode to pairs (or none) without panicking.
#![no_main]

#[allow(dead_code)]
#[path = "../../crates/web/src/decode.rs"]
mod decode;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &[u8]| {
    let pairs = decode::pairs(body);
    let _ = decode::get(&pairs, "csrf_token");
});
