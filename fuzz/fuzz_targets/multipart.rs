//! `multipart/form-data` bodies (handbook files, instrument uploads): the first line is the
//! Content-Type header, the rest the body. Any input is split into parts or refused.
#![no_main]

#[allow(dead_code)]
#[path = "../../crates/web/src/decode.rs"]
mod decode;

use futures_util::FutureExt;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &[u8]| {
    let (content_type, body) = match input.iter().position(|b| *b == b'\n') {
        Some(at) => (&input[..at], &input[at + 1..]),
        None => (input, &[][..]),
    };
    let content_type = String::from_utf8_lossy(content_type);
    let body = bytes::Bytes::copy_from_slice(body);
    // The body is one chunk already in memory, so the future completes on its first poll.
    let _ = decode::multipart(&content_type, body).now_or_never();
});
