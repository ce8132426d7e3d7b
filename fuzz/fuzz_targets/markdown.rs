//! Handbook Markdown: any text renders without panicking, and no tag in the HTML is a script or
//! a style, carries an event handler, or has an address with a script scheme. (Text may mention
//! these freely: it is escaped, so it never contains a `<`.)
#![no_main]

#[allow(dead_code)]
#[path = "../../crates/web/src/markdown.rs"]
mod markdown;

use libfuzzer_sys::fuzz_target;

/// The attributes of one tag's inside (`a href="…" title="…"`), as (name, value) pairs.
fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    let mut rest = tag.trim_start_matches(|c: char| !c.is_whitespace());
    loop {
        rest = rest.trim_start();
        if rest.is_empty() || rest.starts_with('/') {
            return pairs;
        }
        let name_end = rest
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(rest.len());
        let name = rest[..name_end].to_string();
        rest = &rest[name_end..];
        let mut value = String::new();
        if let Some(after) = rest.strip_prefix('=') {
            let quote = after.chars().next().filter(|c| *c == '"' || *c == '\'');
            match quote {
                Some(q) => {
                    let inner = &after[1..];
                    let end = inner.find(q).unwrap_or(inner.len());
                    value = inner[..end].to_string();
                    rest = inner.get(end + 1..).unwrap_or("");
                }
                None => {
                    let end = after.find(char::is_whitespace).unwrap_or(after.len());
                    value = after[..end].to_string();
                    rest = &after[end..];
                }
            }
        }
        pairs.push((name, value.replace("&amp;", "&")));
    }
}

/// The scheme of an address as a browser reads it, if it has one.
fn scheme(address: &str) -> Option<String> {
    let address: String = address
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let (scheme, _) = address.split_once(':')?;
    let mut chars = scheme.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| scheme.to_ascii_lowercase())
}

fuzz_target!(|text: &str| {
    let html = markdown::to_html(text, "Tabell");
    for tag in html.split('<').skip(1) {
        let tag = tag.split('>').next().unwrap_or("");
        let lower = tag.to_ascii_lowercase();
        assert!(
            !lower.starts_with("script") && !lower.starts_with("style"),
            "{html}"
        );
        for (name, value) in attributes(tag) {
            let name = name.to_ascii_lowercase();
            assert!(!name.starts_with("on"), "{html}");
            if name == "href" || name == "src" {
                let scheme = scheme(&value);
                assert!(
                    !matches!(scheme.as_deref(), Some("javascript" | "vbscript" | "data")),
                    "{html}"
                );
            }
        }
    }
    let _ = markdown::sections(text);
    let _ = markdown::anchor(text);
});
