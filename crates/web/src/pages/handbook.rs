//! The public handbook at `/handbok`: no login, one handbook per operator, every edition kept
//! at a permanent address, with search, print styles and HTML and PDF downloads.

use super::render;
use crate::AppState;
use crate::context::RequestContext;
use crate::errors::PageError;
use crate::extract::Params;
use crate::layout::Layout;
use crate::markdown;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use std::ops::Not;
use stegvis_app::AppError;
use stegvis_app::handbook::PublishedEdition;
use stegvis_domain::handbook::{Part, body_after_title, matches_search};
use stegvis_domain::swedish;

/// Addresses of an edition: the newest edition lives at `/handbok/{org}`, every edition (the
/// newest included) at `/handbok/{org}/utgava/{n}`, which never changes.
pub struct Links {
    pub base: String,
    pub permanent: String,
}

impl Links {
    fn of(edition: &PublishedEdition, latest_address: bool) -> Self {
        let root = format!("/handbok/{}", edition.operator_short_name.to_lowercase());
        let permanent = format!("{root}/utgava/{}", edition.edition.number);
        Links {
            base: if latest_address {
                root
            } else {
                permanent.clone()
            },
            permanent,
        }
    }
}

fn failed(state: &AppState, ctx: &RequestContext, uri: &Uri, error: AppError) -> Response {
    PageError::from(error).render(&Layout::new(state, ctx, uri.path()))
}

async fn load(
    state: &AppState,
    params: &Params,
    by_number: bool,
) -> Result<PublishedEdition, AppError> {
    let number = if by_number {
        Some(params.number("n").ok_or(AppError::NotFound)?)
    } else {
        None
    };
    stegvis_app::handbook::published(&state.app, params.text("org"), number).await
}

#[derive(Template)]
#[template(path = "handbook/index.html")]
struct IndexPage {
    l: Layout,
    handbooks: Vec<(String, String, i64)>,
}

pub async fn index(State(state): State<AppState>, ctx: RequestContext, uri: Uri) -> Response {
    match stegvis_app::handbook::published_handbooks(&state.app).await {
        Ok(handbooks) if handbooks.len() == 1 => {
            Redirect::to(&format!("/handbok/{}", handbooks[0].0.to_lowercase())).into_response()
        }
        Ok(handbooks) => render(
            &IndexPage {
                l: Layout::new(&state, &ctx, uri.path()),
                handbooks,
            },
            StatusCode::OK,
        ),
        Err(error) => failed(&state, &ctx, &uri, error),
    }
}

/// One line of the table of contents.
pub struct TocEntry {
    pub slug: String,
    pub title: String,
    pub part: Part,
}

#[derive(Template)]
#[template(path = "handbook/toc.html")]
struct TocPage {
    l: Layout,
    e: PublishedEdition,
    links: Links,
    entries: Vec<TocEntry>,
    published: String,
}

impl TocPage {
    fn national(&self) -> Vec<&TocEntry> {
        self.entries
            .iter()
            .filter(|e| e.part == Part::National)
            .collect()
    }

    fn local(&self) -> Vec<&TocEntry> {
        self.entries
            .iter()
            .filter(|e| e.part == Part::Local)
            .collect()
    }
}

fn toc(
    state: &AppState,
    ctx: &RequestContext,
    uri: &Uri,
    e: PublishedEdition,
    latest_address: bool,
) -> Response {
    let links = Links::of(&e, latest_address);
    let entries = e
        .chapters
        .iter()
        .map(|c| TocEntry {
            slug: c.slug.clone(),
            title: c.revision.title.clone(),
            part: c.part,
        })
        .collect();
    let published =
        swedish::format_date(swedish::to_swedish_time(e.edition.published_at.datetime()).date());
    render(
        &TocPage {
            l: Layout::new(state, ctx, uri.path()),
            e,
            links,
            entries,
            published,
        },
        StatusCode::OK,
    )
}

pub async fn current(
    State(state): State<AppState>,
    ctx: RequestContext,
    uri: Uri,
    params: Params,
) -> Response {
    match load(&state, &params, false).await {
        Ok(e) => toc(&state, &ctx, &uri, e, true),
        Err(error) => failed(&state, &ctx, &uri, error),
    }
}

pub async fn edition(
    State(state): State<AppState>,
    ctx: RequestContext,
    uri: Uri,
    params: Params,
) -> Response {
    match load(&state, &params, true).await {
        Ok(e) => toc(&state, &ctx, &uri, e, false),
        Err(error) => failed(&state, &ctx, &uri, error),
    }
}

#[derive(Template)]
#[template(path = "handbook/chapter.html")]
struct ChapterPage {
    l: Layout,
    e: PublishedEdition,
    links: Links,
    slug: String,
    title: String,
    html: String,
    sections: Vec<(String, String)>,
    previous: Option<(String, String)>,
    next: Option<(String, String)>,
}

fn chapter_page(
    state: &AppState,
    ctx: &RequestContext,
    uri: &Uri,
    e: PublishedEdition,
    slug: &str,
    latest_address: bool,
) -> Response {
    let Some(index) = e.chapters.iter().position(|c| c.slug == slug) else {
        return failed(state, ctx, uri, AppError::NotFound);
    };
    let chapter = &e.chapters[index];
    let neighbour = |i: Option<usize>| {
        i.and_then(|i| e.chapters.get(i))
            .map(|c| (c.slug.clone(), c.revision.title.clone()))
    };
    let page = ChapterPage {
        l: Layout::new(state, ctx, uri.path()),
        links: Links::of(&e, latest_address),
        slug: chapter.slug.clone(),
        title: chapter.revision.title.clone(),
        html: markdown::to_html(
            body_after_title(&chapter.revision.body, &chapter.revision.title),
            &ctx.tr.t("handbook-table"),
        ),
        sections: markdown::sections(body_after_title(
            &chapter.revision.body,
            &chapter.revision.title,
        )),
        previous: neighbour(index.checked_sub(1)),
        next: neighbour(Some(index + 1)),
        e,
    };
    render(&page, StatusCode::OK)
}

pub async fn chapter(
    State(state): State<AppState>,
    ctx: RequestContext,
    uri: Uri,
    params: Params,
) -> Response {
    match load(&state, &params, false).await {
        Ok(e) => chapter_page(&state, &ctx, &uri, e, params.text("slug"), true),
        Err(error) => failed(&state, &ctx, &uri, error),
    }
}

pub async fn edition_chapter(
    State(state): State<AppState>,
    ctx: RequestContext,
    uri: Uri,
    params: Params,
) -> Response {
    match load(&state, &params, true).await {
        Ok(e) => chapter_page(&state, &ctx, &uri, e, params.text("slug"), false),
        Err(error) => failed(&state, &ctx, &uri, error),
    }
}

#[derive(Deserialize)]
pub struct SearchQuery {
    q: Option<String>,
}

pub struct Hit {
    pub slug: String,
    pub title: String,
    pub excerpt: String,
}

#[derive(Template)]
#[template(path = "handbook/search.html")]
struct SearchPage {
    l: Layout,
    e: PublishedEdition,
    links: Links,
    query: String,
    hits: Vec<Hit>,
}

/// A short passage around the first match, on whole characters (never splitting å, ä or ö).
fn excerpt(body: &str, query: &str) -> String {
    let lower = body.to_lowercase();
    let needle = query.trim().to_lowercase();
    let chars: Vec<char> = body.chars().collect();
    let position = lower
        .find(&needle)
        .map_or(0, |byte| lower[..byte].chars().count());
    let start = position.saturating_sub(80);
    let end = (position + needle.chars().count() + 120).min(chars.len());
    let text: String = chars[start..end].iter().collect();
    let cleaned = text.replace(['#', '*', '|', '\n'], " ");
    format!(
        "{}{}{}",
        if start > 0 { "… " } else { "" },
        cleaned.split_whitespace().collect::<Vec<_>>().join(" "),
        if end < chars.len() { " …" } else { "" }
    )
}

pub async fn search(
    State(state): State<AppState>,
    ctx: RequestContext,
    uri: Uri,
    params: Params,
    Query(query): Query<SearchQuery>,
) -> Response {
    let e = match load(&state, &params, false).await {
        Ok(e) => e,
        Err(error) => return failed(&state, &ctx, &uri, error),
    };
    let query = query
        .q
        .unwrap_or_default()
        .chars()
        .take(100)
        .collect::<String>();
    let hits = e
        .chapters
        .iter()
        .filter(|c| matches_search(&c.revision.title, &c.revision.body, &query))
        .map(|c| Hit {
            slug: c.slug.clone(),
            title: c.revision.title.clone(),
            excerpt: excerpt(&c.revision.body, &query),
        })
        .collect();
    let page = SearchPage {
        l: Layout::new(&state, &ctx, uri.path()),
        links: Links::of(&e, true),
        e,
        query,
        hits,
    };
    render(&page, StatusCode::OK)
}

#[derive(Template)]
#[template(path = "handbook/editions.html")]
struct EditionsPage {
    l: Layout,
    e: PublishedEdition,
    links: Links,
    dates: Vec<(i64, String)>,
}

pub async fn editions(
    State(state): State<AppState>,
    ctx: RequestContext,
    uri: Uri,
    params: Params,
) -> Response {
    match load(&state, &params, false).await {
        Ok(e) => {
            let dates = e
                .editions
                .iter()
                .map(|ed| {
                    (
                        ed.number,
                        swedish::format_date(
                            swedish::to_swedish_time(ed.published_at.datetime()).date(),
                        ),
                    )
                })
                .collect();
            let page = EditionsPage {
                l: Layout::new(&state, &ctx, uri.path()),
                links: Links::of(&e, true),
                e,
                dates,
            };
            render(&page, StatusCode::OK)
        }
        Err(error) => failed(&state, &ctx, &uri, error),
    }
}

/// A whole chapter for the single-file download.
pub struct FullChapter {
    pub slug: String,
    pub title: String,
    pub html: String,
}

#[derive(Template)]
#[template(path = "handbook/download.html")]
struct DownloadPage {
    lang: &'static str,
    e: PublishedEdition,
    published: String,
    chapters: Vec<FullChapter>,
    t: crate::i18n::Tr,
}

fn attachment(response: &mut Response, content_type: &'static str, filename: String) {
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
}

fn file_name(e: &PublishedEdition, extension: &str) -> String {
    format!(
        "handbok-{}-utgava-{}.{extension}",
        e.operator_short_name.to_lowercase(),
        e.edition.number
    )
}

pub async fn download_html(
    State(state): State<AppState>,
    ctx: RequestContext,
    uri: Uri,
    params: Params,
) -> Response {
    let e = match load(&state, &params, true).await {
        Ok(e) => e,
        Err(error) => return failed(&state, &ctx, &uri, error),
    };
    let images =
        match stegvis_app::handbook::public_images(&state.app, &e.operator_short_name).await {
            Ok(images) => images,
            Err(error) => return failed(&state, &ctx, &uri, error),
        };
    let files_url = {
        let mut url = state.config.public_url.clone();
        url.set_path(&format!(
            "/handbok/{}/filer/",
            e.operator_short_name.to_lowercase()
        ));
        url.to_string()
    };
    let chapters = e
        .chapters
        .iter()
        .map(|c| FullChapter {
            slug: c.slug.clone(),
            title: c.revision.title.clone(),
            html: self_contained(
                &markdown::to_html(
                    body_after_title(&c.revision.body, &c.revision.title),
                    &ctx.tr.t("handbook-table"),
                ),
                &images,
                &files_url,
            ),
        })
        .collect();
    let filename = file_name(&e, "html");
    let page = DownloadPage {
        lang: ctx.tr.lang(),
        published: swedish::format_date(
            swedish::to_swedish_time(e.edition.published_at.datetime()).date(),
        ),
        e,
        chapters,
        t: ctx.tr.clone(),
    };
    let mut response = render(&page, StatusCode::OK);
    attachment(&mut response, "text/html; charset=utf-8", filename);
    response
}

/// Makes a chapter work as a downloaded file: the handbook's images are embedded as data URIs
/// and links to its templates point at the server, since `../filer/` means nothing on a disk.
fn self_contained(html: &str, images: &[(String, Vec<u8>)], files_url: &str) -> String {
    use base64::Engine;
    let mut out = html.to_string();
    for (name, bytes) in images {
        let content_type = stegvis_domain::handbook::parse_file_name(name)
            .map(|(_, kind)| kind.content_type())
            .unwrap_or("application/octet-stream");
        let data = base64::engine::general_purpose::STANDARD.encode(bytes);
        out = out.replace(
            &format!("src=\"../filer/{name}\""),
            &format!("src=\"data:{content_type};base64,{data}\""),
        );
    }
    out.replace("href=\"../filer/", &format!("href=\"{files_url}"))
}

/// An edition of one operator's handbook in one language: (operator and language, edition).
type PdfKey = (String, i64);

/// Typeset PDFs of published editions, which never change, so each is rendered once per server.
/// Rendering is CPU-heavy: one at a time, so a burst of downloads cannot starve the server.
pub struct PdfCache {
    renders: tokio::sync::Semaphore,
    done: std::sync::Mutex<Vec<(PdfKey, std::sync::Arc<Vec<u8>>)>>,
}

impl Default for PdfCache {
    fn default() -> Self {
        Self {
            renders: tokio::sync::Semaphore::new(1),
            done: std::sync::Mutex::new(Vec::new()),
        }
    }
}

impl PdfCache {
    /// Editions kept; older entries are dropped first.
    const KEEP: usize = 8;

    fn get(&self, key: &PdfKey) -> Option<std::sync::Arc<Vec<u8>>> {
        let done = self.done.lock().ok()?;
        done.iter()
            .find(|(k, _)| k == key)
            .map(|(_, pdf)| pdf.clone())
    }

    fn put(&self, key: PdfKey, pdf: std::sync::Arc<Vec<u8>>) {
        if let Ok(mut done) = self.done.lock() {
            done.retain(|(k, _)| *k != key);
            done.push((key, pdf));
            if done.len() > Self::KEEP {
                done.remove(0);
            }
        }
    }
}

/// Serves an attached file: images inline, everything else as a download, never sniffed.
pub fn file_response(name: &str, content_type: &str, bytes: Vec<u8>) -> Response {
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(content_type) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    let disposition = if content_type.starts_with("image/") {
        "inline"
    } else {
        "attachment"
    };
    if let Ok(value) = HeaderValue::from_str(&format!("{disposition}; filename=\"{name}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

pub async fn file(
    State(state): State<AppState>,
    ctx: RequestContext,
    uri: Uri,
    params: Params,
) -> Response {
    if params.text("n").is_empty().not() && params.number("n").is_none() {
        return failed(&state, &ctx, &uri, AppError::NotFound);
    }
    match stegvis_app::handbook::public_file(&state.app, params.text("org"), params.text("name"))
        .await
    {
        Ok((content_type, bytes)) => file_response(params.text("name"), &content_type, bytes),
        Err(error) => failed(&state, &ctx, &uri, error),
    }
}

pub async fn download_pdf(
    State(state): State<AppState>,
    ctx: RequestContext,
    uri: Uri,
    params: Params,
) -> Response {
    let e = match load(&state, &params, true).await {
        Ok(e) => e,
        Err(error) => return failed(&state, &ctx, &uri, error),
    };
    let filename = file_name(&e, "pdf");
    let key = (
        format!("{}:{}", e.operator_short_name, ctx.tr.lang()),
        e.edition.number,
    );
    let respond = |pdf: std::sync::Arc<Vec<u8>>| {
        let mut response = pdf.as_ref().clone().into_response();
        attachment(&mut response, "application/pdf", filename.clone());
        response
    };
    if let Some(pdf) = state.pdf_cache.get(&key) {
        return respond(pdf);
    }
    let Ok(_permit) = state.pdf_cache.renders.acquire().await else {
        return failed(
            &state,
            &ctx,
            &uri,
            AppError::Internal("PDF renderer closed".into()),
        );
    };
    // Another request may have rendered it while this one waited.
    if let Some(pdf) = state.pdf_cache.get(&key) {
        return respond(pdf);
    }
    // Built only now: a cached edition needs neither its text nor its images read again.
    let book = stegvis_reports::handbook_pdf::Book {
        title: ctx.tr.t("handbook-title"),
        subtitle: ctx.tr.ta(
            "handbook-edition-line",
            &[
                ("name", e.operator_name.clone()),
                ("number", e.edition.number.to_string()),
                (
                    "date",
                    swedish::format_date(
                        swedish::to_swedish_time(e.edition.published_at.datetime()).date(),
                    ),
                ),
            ],
        ),
        licence: ctx.tr.t("handbook-licence"),
        contents_title: ctx.tr.t("handbook-contents"),
        unchecked_title: ctx.tr.t("handbook-unchecked"),
        chapters: e
            .chapters
            .iter()
            .map(|c| stegvis_reports::handbook_pdf::BookChapter {
                title: c.revision.title.clone(),
                markdown: body_after_title(&c.revision.body, &c.revision.title).to_string(),
            })
            .collect(),
        unchecked: e.unchecked.clone(),
        images: match stegvis_app::handbook::public_images(&state.app, &e.operator_short_name).await
        {
            Ok(images) => images.into_iter().collect(),
            Err(error) => return failed(&state, &ctx, &uri, error),
        },
    };
    match tokio::task::spawn_blocking(move || stegvis_reports::handbook_pdf::render(&book)).await {
        Ok(Ok(bytes)) => {
            let pdf = std::sync::Arc::new(bytes);
            state.pdf_cache.put(key, pdf.clone());
            respond(pdf)
        }
        Ok(Err(error)) => {
            tracing::error!(%error, "rendering the handbook PDF failed");
            failed(&state, &ctx, &uri, AppError::Internal(error))
        }
        Err(error) => failed(&state, &ctx, &uri, AppError::Internal(error.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::excerpt;

    #[test]
    fn a_downloaded_chapter_embeds_its_images_and_links_templates_on_the_server() {
        let html =
            "<img src=\"../filer/logo.png\" alt=\"Logga\"><a href=\"../filer/mall.csv\">Mall</a>";
        let out = super::self_contained(
            html,
            &[("logo.png".to_string(), vec![1, 2, 3])],
            "https://stegvis.example.se/handbok/vvk/filer/",
        );
        assert!(out.contains("src=\"data:image/png;base64,AQID\""));
        assert!(out.contains("href=\"https://stegvis.example.se/handbok/vvk/filer/mall.csv\""));
    }

    #[test]
    fn an_excerpt_surrounds_the_match_without_splitting_letters() {
        let body = format!("{}ekonomisk förening{}", "å".repeat(200), "ö".repeat(200));
        let text = excerpt(&body, "FÖRENING");
        assert!(text.contains("ekonomisk förening"));
        assert!(text.starts_with("… "));
        assert!(text.ends_with(" …"));
    }
}
