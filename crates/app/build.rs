//! Embeds the shipped handbook chapters (`handbook/sv/*.md`), the text of edition 1
//! (`handbook/sv-1/*.md`, decision 0023) and templates (`handbook/mallar/`) so the binary
//! carries the national part of the handbook without a file tree beside it.

use std::fmt::Write;
use std::path::{Path, PathBuf};

/// The files of a folder with one of the extensions, sorted, each watched for changes.
fn files_in(dir: &Path, extensions: &[&str]) -> Vec<PathBuf> {
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|path| {
                    path.extension()
                        .is_some_and(|e| extensions.iter().any(|x| e == *x))
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
    }
    files
}

fn name_of(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let handbook = manifest.join("../../handbook");
    let mut code = String::from(
        "/// Shipped chapters: (file name, text), in file-name order.\npub static SHIPPED: &[(&str, &str)] = &[\n",
    );
    for path in files_in(&handbook.join("sv"), &["md"]) {
        let _ = writeln!(
            code,
            "    ({:?}, include_str!({:?})),",
            name_of(&path),
            path.display().to_string()
        );
    }
    code.push_str(
        "];\n\n/// Edition 1 of the shipped chapters, kept word for word: (file name, text).\npub static EDITION_1: &[(&str, &str)] = &[\n",
    );
    for path in files_in(&handbook.join("sv-1"), &["md"]) {
        let _ = writeln!(
            code,
            "    ({:?}, include_str!({:?})),",
            name_of(&path),
            path.display().to_string()
        );
    }
    code.push_str(
        "];\n\n/// Shipped templates: (file name, bytes).\npub static TEMPLATES: &[(&str, &[u8])] = &[\n",
    );
    let template_kinds = ["md", "csv", "txt", "docx", "xlsx", "odt", "ods", "pdf"];
    for path in files_in(&handbook.join("mallar"), &template_kinds) {
        let _ = writeln!(
            code,
            "    ({:?}, include_bytes!({:?})),",
            name_of(&path),
            path.display().to_string()
        );
    }
    code.push_str("];\n");
    let out =
        PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("shipped_handbook.rs");
    if let Err(error) = std::fs::write(&out, code) {
        println!("cargo:warning=cannot write {}: {error}", out.display());
    }
}
