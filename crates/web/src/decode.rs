//! Decoding what browsers send: urlencoded forms and `multipart/form-data`.
//!
//! Kept free of the rest of the crate (only `bytes`, `futures-util`, `multer` and
//! `serde_urlencoded`) so the fuzz targets in `fuzz/` can compile this very file without the
//! whole web stack.

use bytes::Bytes;

/// Decodes a urlencoded body into pairs, keeping repeated names (checkbox groups).
pub fn pairs(body: &[u8]) -> Vec<(String, String)> {
    serde_urlencoded::from_bytes(body).unwrap_or_default()
}

pub fn get<'a>(pairs: &'a [(String, String)], name: &str) -> &'a str {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

/// One part of a `multipart/form-data` body.
pub struct Part {
    pub name: String,
    pub file_name: Option<String>,
    pub bytes: Vec<u8>,
}

/// Splits a buffered `multipart/form-data` body into its parts; `None` when it is not one.
pub async fn multipart(content_type: &str, body: Bytes) -> Option<Vec<Part>> {
    let boundary = multer::parse_boundary(content_type).ok()?;
    let stream = futures_util::stream::once(async move { Ok::<_, std::io::Error>(body) });
    let mut reader = multer::Multipart::new(stream, boundary);
    let mut parts = Vec::new();
    while let Some(field) = reader.next_field().await.ok()? {
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field.file_name().map(str::to_string);
        let bytes = field.bytes().await.ok()?.to_vec();
        parts.push(Part {
            name,
            file_name,
            bytes,
        });
    }
    Some(parts)
}
