//! The handbook: chapter sources, topic keys, the review workflow and revision diffs.
//!
//! Chapters are Markdown with a small front matter. The national part ships with Stegvis as
//! files; an operator adapts them and writes a local part. Every change is a new revision that
//! goes draft → in review → approved (or rejected back to the author), and a published edition is
//! a frozen set of approved revisions, so old editions stay readable forever.

use crate::timestamp::Timestamp;
use crate::validation::{FieldError, ValidationErrors, optional_text, required_text};
use serde::Serialize;
use std::fmt;
use std::str::FromStr;

/// Topics the knowledge instruments measure; a chapter carries the keys it teaches, so a
/// participant who scores low on a topic can be sent to the right chapter.
pub const TOPIC_KEYS: [&str; 12] = [
    "asf-criteria",
    "business-plan",
    "liquidity",
    "legal-form",
    "registration",
    "employer-duties",
    "public-procurement",
    "support-and-funding",
    "governance",
    "bookkeeping",
    "work-environment",
    "social-value",
];

pub const TITLE_MAX: usize = 200;
pub const BODY_MAX: usize = 200_000;
pub const SLUG_MAX: usize = 80;

/// Whether a chapter belongs to the shipped national part or the operator's own local part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Part {
    National,
    Local,
}

impl Part {
    pub fn code(self) -> &'static str {
        match self {
            Part::National => "national",
            Part::Local => "local",
        }
    }
}

impl FromStr for Part {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "national" => Ok(Part::National),
            "local" => Ok(Part::Local),
            _ => Err(()),
        }
    }
}

/// Where a revision stands in the review workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RevisionState {
    Draft,
    InReview,
    Approved,
    Rejected,
}

impl RevisionState {
    pub fn code(self) -> &'static str {
        match self {
            RevisionState::Draft => "draft",
            RevisionState::InReview => "in-review",
            RevisionState::Approved => "approved",
            RevisionState::Rejected => "rejected",
        }
    }
}

impl FromStr for RevisionState {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [
            RevisionState::Draft,
            RevisionState::InReview,
            RevisionState::Approved,
            RevisionState::Rejected,
        ]
        .into_iter()
        .find(|state| state.code() == s.trim())
        .ok_or(())
    }
}

/// A step in the review workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewStep {
    Submit,
    Approve,
    Reject,
}

/// Why a workflow step was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum WorkflowError {
    #[error("only a draft can be sent for review")]
    NotADraft,
    #[error("only a revision in review can be approved or rejected")]
    NotInReview,
    #[error("the author of a revision cannot review it")]
    OwnRevision,
}

impl WorkflowError {
    pub fn message_key(self) -> &'static str {
        match self {
            WorkflowError::NotADraft => "error-handbook-not-a-draft",
            WorkflowError::NotInReview => "error-handbook-not-in-review",
            WorkflowError::OwnRevision => "error-handbook-own-revision",
        }
    }
}

/// The state after a step, if the step is allowed. Four eyes: the author never approves or
/// rejects their own text; the system (no author) may be reviewed by anyone.
pub fn review(
    state: RevisionState,
    step: ReviewStep,
    author: Option<i64>,
    actor: Option<i64>,
) -> Result<RevisionState, WorkflowError> {
    match (state, step) {
        (RevisionState::Draft, ReviewStep::Submit) => Ok(RevisionState::InReview),
        (_, ReviewStep::Submit) => Err(WorkflowError::NotADraft),
        (RevisionState::InReview, _) if author.is_some() && author == actor => {
            Err(WorkflowError::OwnRevision)
        }
        (RevisionState::InReview, ReviewStep::Approve) => Ok(RevisionState::Approved),
        (RevisionState::InReview, ReviewStep::Reject) => Ok(RevisionState::Rejected),
        (_, ReviewStep::Approve | ReviewStep::Reject) => Err(WorkflowError::NotInReview),
    }
}

/// A chapter's address: lower-case letters a–z, digits and hyphens.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Slug(String);

impl Slug {
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let text = input.trim();
        if text.is_empty() {
            return Err(FieldError::new("slug", "error-required"));
        }
        let valid = text.len() <= SLUG_MAX
            && text
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !text.starts_with('-')
            && !text.ends_with('-');
        if valid {
            Ok(Self(text.to_string()))
        } else {
            Err(FieldError::new("slug", "error-slug-characters"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Parses a space-separated list of topic keys; unknown keys are named.
pub fn parse_topics(input: &str) -> Result<Vec<String>, FieldError> {
    let mut topics = Vec::new();
    for key in input
        .split([' ', ','])
        .map(str::trim)
        .filter(|k| !k.is_empty())
    {
        if !TOPIC_KEYS.contains(&key) {
            return Err(FieldError::new("topics", "error-topic-unknown").with_arg("topic", key));
        }
        if !topics.iter().any(|t| t == key) {
            topics.push(key.to_string());
        }
    }
    Ok(topics)
}

/// The text of a chapter as an editor submits it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChapterInput {
    pub title: String,
    pub topics: String,
    pub body: String,
}

/// A validated chapter text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChapterText {
    pub title: String,
    pub topics: Vec<String>,
    pub body: String,
}

impl ChapterInput {
    pub fn parse(&self) -> Result<ChapterText, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let title = errors.check(required_text("title", &self.title, TITLE_MAX));
        let topics = errors.check(parse_topics(&self.topics));
        // Leading blank lines mean nothing in Markdown, and a browser drops the first newline
        // inside a textarea, so keeping them would make every save look like a change.
        let body = self
            .body
            .replace("\r\n", "\n")
            .trim_start_matches('\n')
            .to_string();
        if body.trim().is_empty() {
            errors.push(FieldError::new("body", "error-required"));
        } else if body.chars().count() > BODY_MAX {
            errors.push(FieldError::new("body", "error-too-long").with_arg("max", BODY_MAX));
        }
        match (title, topics) {
            (Some(title), Some(topics)) if errors.is_empty() => Ok(ChapterText {
                title,
                topics,
                body: body.trim_end().to_string() + "\n",
            }),
            _ => Err(errors),
        }
    }
}

/// A chapter as shipped in `handbook/sv/*.md`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChapterSource {
    pub slug: Slug,
    pub part: Part,
    pub text: ChapterText,
    /// When the facts were last checked against their sources.
    pub checked: Option<String>,
    /// Claims not yet re-checked; gathered into the handbook's closing list.
    pub unchecked: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SourceError {
    #[error("the file does not start with a '---' front matter block")]
    NoFrontMatter,
    #[error("front matter line {line} is not 'key: value' or '- item'")]
    BadLine { line: usize },
    #[error("front matter has no '{0}'")]
    Missing(&'static str),
    #[error("front matter field '{field}' is not valid: {reason}")]
    Invalid { field: &'static str, reason: String },
}

/// Parses a shipped chapter file. The front matter is a small subset of YAML: `key: value`
/// lines and `- item` lists under `unchecked:`; nothing else is needed, so no YAML parser is.
pub fn parse_source(text: &str) -> Result<ChapterSource, SourceError> {
    let rest = text
        .strip_prefix("---\n")
        .ok_or(SourceError::NoFrontMatter)?;
    let end = rest.find("\n---\n").ok_or(SourceError::NoFrontMatter)?;
    let (front, body) = (&rest[..end], &rest[end + 5..]);
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut unchecked = Vec::new();
    let mut in_list = false;
    for (index, raw) in front.lines().enumerate() {
        let line = raw.split(" #").next().unwrap_or(raw).trim_end();
        if line.trim().is_empty() {
            continue;
        }
        if let Some(item) = line.trim_start().strip_prefix("- ") {
            if !in_list {
                return Err(SourceError::BadLine { line: index + 2 });
            }
            unchecked.push(item.trim().to_string());
            continue;
        }
        let (key, value) = line
            .split_once(':')
            .ok_or(SourceError::BadLine { line: index + 2 })?;
        in_list = key.trim() == "unchecked";
        fields.push((key.trim().to_string(), value.trim().to_string()));
    }
    let field = |name: &'static str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let slug = Slug::parse(field("slug").ok_or(SourceError::Missing("slug"))?).map_err(|_| {
        SourceError::Invalid {
            field: "slug",
            reason: "use a-z, 0-9 and hyphens".into(),
        }
    })?;
    let part = match field("part") {
        None => Part::National,
        Some(value) => value.parse().map_err(|()| SourceError::Invalid {
            field: "part",
            reason: format!("'{value}' is neither national nor local"),
        })?,
    };
    let input = ChapterInput {
        title: field("title")
            .ok_or(SourceError::Missing("title"))?
            .to_string(),
        topics: field("topics").unwrap_or("").to_string(),
        body: body.to_string(),
    };
    let text = input.parse().map_err(|errors| SourceError::Invalid {
        field: errors.iter().next().map_or("body", |e| e.field),
        reason: errors.to_string(),
    })?;
    let checked = optional_text("checked", field("checked").unwrap_or(""), 10)
        .ok()
        .flatten();
    Ok(ChapterSource {
        slug,
        part,
        text,
        checked,
        unchecked,
    })
}

/// Largest file an editor may attach: images and templates for a handbook are small, and the
/// limit keeps a whole upload inside one request body.
pub const FILE_MAX_BYTES: usize = 900 * 1024;

/// The kinds of file a handbook may carry: images to show, and templates to download.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileKind {
    Png,
    Jpeg,
    Webp,
    Pdf,
    Docx,
    Xlsx,
    Odt,
    Ods,
    Text,
    Markdown,
    Csv,
}

impl FileKind {
    const ALL: [(&'static str, FileKind); 12] = [
        ("png", FileKind::Png),
        ("jpg", FileKind::Jpeg),
        ("jpeg", FileKind::Jpeg),
        ("webp", FileKind::Webp),
        ("pdf", FileKind::Pdf),
        ("docx", FileKind::Docx),
        ("xlsx", FileKind::Xlsx),
        ("odt", FileKind::Odt),
        ("ods", FileKind::Ods),
        ("txt", FileKind::Text),
        ("md", FileKind::Markdown),
        ("csv", FileKind::Csv),
    ];

    pub fn content_type(self) -> &'static str {
        match self {
            FileKind::Png => "image/png",
            FileKind::Jpeg => "image/jpeg",
            FileKind::Webp => "image/webp",
            FileKind::Pdf => "application/pdf",
            FileKind::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            FileKind::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            FileKind::Odt => "application/vnd.oasis.opendocument.text",
            FileKind::Ods => "application/vnd.oasis.opendocument.spreadsheet",
            FileKind::Text => "text/plain; charset=utf-8",
            FileKind::Markdown => "text/markdown; charset=utf-8",
            FileKind::Csv => "text/csv; charset=utf-8",
        }
    }

    /// Images are shown in the page; everything else is downloaded.
    pub fn is_image(self) -> bool {
        matches!(self, FileKind::Png | FileKind::Jpeg | FileKind::Webp)
    }

    /// Whether the bytes start the way this kind of file must, so an image is really an image
    /// and a text really text: a mislabelled file is refused rather than served.
    fn matches(self, bytes: &[u8]) -> bool {
        match self {
            FileKind::Png => bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
            FileKind::Jpeg => bytes.starts_with(&[0xFF, 0xD8, 0xFF]),
            FileKind::Webp => {
                bytes.len() > 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP"
            }
            FileKind::Pdf => bytes.starts_with(b"%PDF-"),
            FileKind::Docx | FileKind::Xlsx | FileKind::Odt | FileKind::Ods => {
                bytes.starts_with(b"PK\x03\x04")
            }
            FileKind::Text | FileKind::Markdown | FileKind::Csv => {
                std::str::from_utf8(bytes).is_ok()
            }
        }
    }
}

/// A file name made safe for a URL: lower case, spaces as hyphens, a–z, digits, `.`, `-`, `_`,
/// and one of the allowed extensions.
pub fn parse_file_name(input: &str) -> Result<(String, FileKind), FieldError> {
    let base = input
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(input)
        .trim()
        .to_lowercase();
    let name: String = base
        .chars()
        .map(|c| match c {
            ' ' => '-',
            'å' | 'ä' => 'a',
            'ö' => 'o',
            'é' => 'e',
            c => c,
        })
        .collect();
    if name.is_empty() {
        return Err(FieldError::new("file", "error-file-missing"));
    }
    if name.len() > 120
        || name.starts_with('.')
        || !name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c))
    {
        return Err(FieldError::new("file", "error-file-name"));
    }
    let extension = name.rsplit('.').next().unwrap_or("");
    FileKind::ALL
        .iter()
        .find(|(ext, _)| *ext == extension)
        .map(|(_, kind)| (name.clone(), *kind))
        .ok_or_else(|| FieldError::new("file", "error-file-kind"))
}

/// Checks an upload: its name, its size and that its content is what the name says.
pub fn check_upload(name: &str, bytes: &[u8]) -> Result<(String, FileKind), FieldError> {
    let (name, kind) = parse_file_name(name)?;
    if bytes.is_empty() {
        return Err(FieldError::new("file", "error-file-missing"));
    }
    if bytes.len() > FILE_MAX_BYTES {
        return Err(
            FieldError::new("file", "error-file-too-large").with_arg("max", FILE_MAX_BYTES / 1024)
        );
    }
    if !kind.matches(bytes) {
        return Err(FieldError::new("file", "error-file-content"));
    }
    Ok((name, kind))
}

/// The body as a reader sees it under its title: the page and the PDF print the title as the
/// chapter heading, so a body that opens with a first-level heading equal to the title would
/// show the title twice. Such a heading is left out; any other opening heading stays.
pub fn body_after_title<'a>(body: &'a str, title: &str) -> &'a str {
    let trimmed = body.trim_start();
    let (first, rest) = trimmed.split_once('\n').unwrap_or((trimmed, ""));
    match first.strip_prefix("# ") {
        Some(heading) if heading.trim().trim_end_matches('#').trim() == title.trim() => rest,
        _ => body,
    }
}

/// One line of a diff between two revisions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum DiffLine {
    Same(String),
    Added(String),
    Removed(String),
}

/// A line-by-line diff, for showing what a revision changed.
pub fn diff_lines(old: &str, new: &str) -> Vec<DiffLine> {
    similar::TextDiff::from_lines(old, new)
        .iter_all_changes()
        .map(|change| {
            let text = change.value().trim_end_matches('\n').to_string();
            match change.tag() {
                similar::ChangeTag::Equal => DiffLine::Same(text),
                similar::ChangeTag::Insert => DiffLine::Added(text),
                similar::ChangeTag::Delete => DiffLine::Removed(text),
            }
        })
        .collect()
}

/// The plain text of a chapter body, for search: Markdown punctuation is left in, since
/// matching is by substring and punctuation rarely sits inside words.
pub fn matches_search(title: &str, body: &str, query: &str) -> bool {
    let needle = query.trim().to_lowercase();
    !needle.is_empty()
        && (title.to_lowercase().contains(&needle) || body.to_lowercase().contains(&needle))
}

/// A handbook chapter as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chapter {
    pub id: i64,
    pub operator_id: i64,
    pub slug: String,
    pub part: Part,
    pub position: i64,
    pub shipped_slug: Option<String>,
}

/// One stored revision of a chapter, with its review state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    pub id: i64,
    pub chapter_id: i64,
    pub number: i64,
    pub title: String,
    pub topics: Vec<String>,
    pub body: String,
    pub author_user_id: Option<i64>,
    pub created_at: Timestamp,
    pub state: RevisionState,
    pub submitted_at: Option<Timestamp>,
    pub reviewer_user_id: Option<i64>,
    pub reviewed_at: Option<Timestamp>,
    pub review_comment: Option<String>,
}

/// A published edition of an operator's handbook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edition {
    pub id: i64,
    pub operator_id: i64,
    pub number: i64,
    pub published_at: Timestamp,
    pub published_by: Option<i64>,
}

/// A chapter as it stands in a published edition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedChapter {
    pub chapter_id: i64,
    pub slug: String,
    pub part: Part,
    pub revision: Revision,
}

/// A file attached to a handbook, without its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileInfo {
    pub id: i64,
    pub name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub created_at: Timestamp,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_first_heading_equal_to_the_title_is_not_shown_twice() {
        let body = "\n# Ordlista\n\nText.\n";
        assert_eq!(body_after_title(body, "Ordlista"), "\nText.\n");
        let other = "# Ett annat namn\n\nText.\n";
        assert_eq!(body_after_title(other, "Ordlista"), other);
        let second_level = "## Ordlista\n\nText.\n";
        assert_eq!(body_after_title(second_level, "Ordlista"), second_level);
    }

    const SOURCE: &str = "---\nslug: valja-foretagsform\ntitle: Välja företagsform\npart: national   # or local\ntopics: legal-form registration\nchecked: 2026-11-27\nunchecked:\n- Insatsen i en ekonomisk förening (Bolagsverket)\n---\n## Ekonomisk förening\n\nText.\n";

    #[test]
    fn a_shipped_chapter_file_parses_with_its_front_matter() {
        let source = parse_source(SOURCE).unwrap();
        assert_eq!(source.slug.as_str(), "valja-foretagsform");
        assert_eq!(source.part, Part::National);
        assert_eq!(source.text.title, "Välja företagsform");
        assert_eq!(source.text.topics, vec!["legal-form", "registration"]);
        assert_eq!(source.checked.as_deref(), Some("2026-11-27"));
        assert_eq!(
            source.unchecked,
            vec!["Insatsen i en ekonomisk förening (Bolagsverket)"]
        );
        assert!(source.text.body.starts_with("## Ekonomisk förening"));
    }

    #[test]
    fn a_file_without_front_matter_is_refused() {
        assert_eq!(parse_source("# Rubrik\n"), Err(SourceError::NoFrontMatter));
    }

    #[test]
    fn an_unknown_topic_is_named() {
        let error = parse_topics("legal-form cooking").unwrap_err();
        assert_eq!(error.key, "error-topic-unknown");
        assert_eq!(error.args, vec![("topic", "cooking".to_string())]);
    }

    #[test]
    fn slugs_are_lower_case_ascii_with_hyphens() {
        assert!(Slug::parse("valja-foretagsform").is_ok());
        assert!(Slug::parse("Välja").is_err());
        assert!(Slug::parse("-a").is_err());
        assert!(Slug::parse("a b").is_err());
    }

    #[test]
    fn a_draft_goes_to_review_and_then_to_approval_by_someone_else() {
        let in_review = review(RevisionState::Draft, ReviewStep::Submit, Some(1), Some(1)).unwrap();
        assert_eq!(in_review, RevisionState::InReview);
        assert_eq!(
            review(in_review, ReviewStep::Approve, Some(1), Some(1)),
            Err(WorkflowError::OwnRevision)
        );
        assert_eq!(
            review(in_review, ReviewStep::Approve, Some(1), Some(2)),
            Ok(RevisionState::Approved)
        );
        assert_eq!(
            review(in_review, ReviewStep::Reject, Some(1), Some(2)),
            Ok(RevisionState::Rejected)
        );
    }

    #[test]
    fn only_drafts_are_submitted_and_only_reviews_decided() {
        assert_eq!(
            review(RevisionState::Approved, ReviewStep::Submit, None, Some(2)),
            Err(WorkflowError::NotADraft)
        );
        assert_eq!(
            review(RevisionState::Draft, ReviewStep::Approve, None, Some(2)),
            Err(WorkflowError::NotInReview)
        );
        assert_eq!(
            review(RevisionState::Approved, ReviewStep::Reject, None, Some(2)),
            Err(WorkflowError::NotInReview)
        );
    }

    #[test]
    fn a_diff_shows_removed_and_added_lines() {
        let diff = diff_lines("a\nb\nc\n", "a\nB\nc\n");
        assert_eq!(
            diff,
            vec![
                DiffLine::Same("a".into()),
                DiffLine::Removed("b".into()),
                DiffLine::Added("B".into()),
                DiffLine::Same("c".into()),
            ]
        );
    }

    #[test]
    fn file_names_are_made_safe_and_typed_by_extension() {
        let (name, kind) = parse_file_name("C:\\Mallar\\Stadgar Förening.docx").unwrap();
        assert_eq!(name, "stadgar-forening.docx");
        assert_eq!(kind, FileKind::Docx);
        assert_eq!(
            parse_file_name("bild.svg").unwrap_err().key,
            "error-file-kind"
        );
        assert_eq!(
            parse_file_name("../x.png").map(|(n, _)| n).unwrap(),
            "x.png"
        );
        assert_eq!(parse_file_name(".png").unwrap_err().key, "error-file-name");
    }

    #[test]
    fn an_upload_must_be_what_its_name_says() {
        assert!(check_upload("bild.png", b"\x89PNG\r\n\x1a\nrest").is_ok());
        assert_eq!(
            check_upload("bild.png", b"<svg onload=alert(1)>")
                .unwrap_err()
                .key,
            "error-file-content"
        );
        assert_eq!(
            check_upload("mall.csv", &[0xff, 0xfe, 0x00])
                .unwrap_err()
                .key,
            "error-file-content"
        );
        assert_eq!(
            check_upload("tom.txt", b"").unwrap_err().key,
            "error-file-missing"
        );
        let big = vec![b'a'; FILE_MAX_BYTES + 1];
        assert_eq!(
            check_upload("stor.txt", &big).unwrap_err().key,
            "error-file-too-large"
        );
    }

    #[test]
    fn search_ignores_case_and_needs_a_query() {
        assert!(matches_search("Välja företagsform", "", "FÖRETAG"));
        assert!(!matches_search("Välja företagsform", "", "  "));
    }

    #[test]
    fn chapter_text_normalises_line_endings_and_ends_with_one_newline() {
        let text = ChapterInput {
            title: "T".into(),
            topics: String::new(),
            body: "\n\na\r\nb\n\n\n".into(),
        }
        .parse()
        .unwrap();
        assert_eq!(text.body, "a\nb\n");
    }
}
