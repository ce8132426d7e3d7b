//! A programme's reports as documents: the request page, the background build and the
//! downloads (decision 0020).
//!
//! A build runs on the server that was asked, in a spawned task that waits for the one build
//! slot of the process ([`AppState::report_builds`]) and typesets on a blocking thread, so a
//! request never waits for it. Its state and files live in the database
//! (`stegvis_app::report_documents`), so any server can show the progress and hand out the
//! files. Documents are always written in Swedish, the language of the steering group's
//! meeting, whatever the language of the page that asked for them.

use std::sync::Arc;

use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

use super::effects::{Panel, TableView, funder_tables, panels};
use super::{failure, redirect_with_flash, render};
use crate::AppState;
use crate::context::{CurrentUser, RequestContext};
use crate::extract::{Ids, Params};
use crate::forms;
use crate::i18n::Tr;
use crate::layout::Layout;
use stegvis_app::report_documents::{self as uc, Content, Format, Overview, Requested};
use stegvis_app::{Actor, AppError};
use stegvis_domain::disclosure::Audience;
use stegvis_domain::programme::Programme;
use stegvis_domain::report_document::{DocumentKey, ReportKind, Status};
use stegvis_domain::swedish;
use stegvis_domain::timestamp::Timestamp;
use stegvis_domain::user::Locale;
use stegvis_reports::programme_report::{Chart, ProgrammeReport, ReportTable, Section};

/// The method text the documents carry as their appendix: the sections of `docs/methods.md`
/// on effects, funder statistics and disclosure control.
const METHODS: &str = include_str!("../../../../docs/methods.md");

/// The second-level sections of the methods document that a report's appendix holds.
const METHOD_SECTIONS: [&str; 3] = [
    "## Effects of a programme",
    "## Statistics for funders",
    "## Disclosure control",
];

/// The appendix: each section of [`METHOD_SECTIONS`] up to the next second-level heading.
pub(crate) fn method_markdown() -> String {
    let mut out = String::new();
    for heading in METHOD_SECTIONS {
        if let Some(start) = METHODS.find(heading) {
            let rest = &METHODS[start..];
            let end = rest[heading.len()..]
                .find("\n## ")
                .map_or(rest.len(), |at| at + heading.len() + 1);
            out.push_str(&rest[..end]);
            out.push_str("\n\n");
        }
    }
    out
}

#[derive(Template)]
#[template(path = "method.html")]
struct MethodPage {
    l: Layout,
    html: String,
}

/// `/metod`: the method text of the effects, the funder statistics and disclosure control,
/// the same as the documents' appendix; every heading has an anchor the panels link to.
pub async fn method(State(state): State<AppState>, ctx: RequestContext, uri: Uri) -> Response {
    let html = crate::markdown::to_html(&method_markdown(), &ctx.tr.t("method-table"));
    let page = MethodPage {
        l: Layout::new(&state, &ctx, uri.path()),
        html,
    };
    render(&page, StatusCode::OK)
}

/// One row of the request page.
struct OfferRow {
    slug: String,
    kind: String,
    period: String,
    status: String,
    /// While waiting or building.
    progress: Option<u8>,
    create_label: String,
    /// Download addresses of a current, finished build.
    downloads: Option<(String, String)>,
}

#[derive(Template)]
#[template(path = "effects/reports.html")]
struct ReportsPage {
    l: Layout,
    programme_id: i64,
    programme_name: String,
    aggregate: bool,
    error: Option<String>,
    building: bool,
    rows: Vec<OfferRow>,
}

fn period_label(tr: &Tr, key: DocumentKey) -> String {
    match key.period {
        Some(period) => match period.half {
            Some(half) => tr.t1(&format!("reports-period-h{half}"), "year", period.year),
            None => tr.t1("reports-period-year", "year", period.year),
        },
        None => tr.t("reports-period-programme"),
    }
}

fn time_label(at: Timestamp) -> String {
    swedish::format_swedish_datetime(at.datetime())
}

fn rows(tr: &Tr, overview: &Overview, now: Timestamp) -> Vec<OfferRow> {
    let base = format!("/program/{}/rapporter", overview.programme.id);
    overview
        .offers
        .iter()
        .map(|offer| {
            let slug = offer.key.slug();
            let mut row = OfferRow {
                slug: slug.clone(),
                kind: tr.t(&format!("reports-kind-{}", offer.key.kind.code())),
                period: period_label(tr, offer.key),
                status: tr.t("reports-status-none"),
                progress: None,
                create_label: tr.t("reports-create"),
                downloads: None,
            };
            let Some(document) = &offer.document else {
                return row;
            };
            row.create_label = tr.t("reports-create-again");
            let when = time_label(document.created_at);
            match document.status {
                _ if !offer.current => {
                    row.status = tr.t1("reports-status-outdated", "date", when);
                }
                Status::Done => {
                    row.status = tr.t1("reports-status-done", "date", when);
                    row.downloads =
                        Some((format!("{base}/{slug}.pdf"), format!("{base}/{slug}.xlsx")));
                }
                Status::Queued | Status::Building if document.in_progress(now) => {
                    row.status = if document.status == Status::Queued {
                        tr.t("reports-status-queued")
                    } else {
                        tr.t1("reports-status-building", "progress", document.progress)
                    };
                    row.progress = Some(document.progress);
                }
                _ => row.status = tr.t("reports-status-failed"),
            }
            row
        })
        .collect()
}

async fn page(
    state: &AppState,
    user: &CurrentUser,
    uri: &Uri,
    programme_id: i64,
    error: Option<String>,
) -> Response {
    match uc::overview(&state.app, &user.actor, programme_id).await {
        Ok(overview) => {
            let rows = rows(&user.ctx.tr, &overview, state.app.now());
            let status = if error.is_some() {
                StatusCode::UNPROCESSABLE_ENTITY
            } else {
                StatusCode::OK
            };
            let page = ReportsPage {
                l: Layout::new(state, &user.ctx, uri.path()),
                programme_id: overview.programme.id,
                programme_name: overview.programme.name.clone(),
                aggregate: overview.audience.is_aggregate(),
                error,
                building: rows.iter().any(|r| r.progress.is_some()),
                rows,
            };
            render(&page, status)
        }
        Err(e) => failure(state, &user.ctx, uri, e),
    }
}

/// `/program/{id}/rapporter`: the documents of the programme and where each build stands.
pub async fn index(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
) -> Response {
    page(&state, &user, &uri, ids.id(), None).await
}

/// `POST /program/{id}/rapporter`: asks for a document; a new build starts in the background.
pub async fn request(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let slug = forms::get(&pairs, "dokument");
    let to = format!("/program/{}/rapporter", ids.id());
    match uc::request(&state.app, &user.actor, ids.id(), slug).await {
        Ok(Requested::Queued(id)) => {
            spawn_build(state.clone(), user.actor.clone(), id);
            redirect_with_flash(&state, &to, "flash-report-queued")
        }
        Ok(Requested::Existing(_)) => redirect_with_flash(&state, &to, "flash-report-existing"),
        Err(AppError::Invalid(errors)) => {
            let message = errors
                .iter()
                .map(|e| user.ctx.tr.error(e))
                .collect::<Vec<_>>()
                .join(" ");
            page(&state, &user, &uri, ids.id(), Some(message)).await
        }
        Err(e) => failure(&state, &user.ctx, &uri, e),
    }
}

/// `/program/{id}/rapporter/{file}`: `halvar-2026-1.pdf`, `ar-2026.xlsx`, `slutrapport.pdf`.
/// Without a current build the reader is sent back to the request page.
pub async fn download(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    params: Params,
) -> Response {
    let Some(programme_id) = params.number("id") else {
        return failure(&state, &user.ctx, &uri, AppError::NotFound);
    };
    let file = params.text("file");
    let (slug, format, content_type) = if let Some(slug) = file.strip_suffix(".pdf") {
        (slug, Format::Pdf, "application/pdf")
    } else if let Some(slug) = file.strip_suffix(".xlsx") {
        (
            slug,
            Format::Xlsx,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    } else {
        return failure(&state, &user.ctx, &uri, AppError::NotFound);
    };
    match uc::download(&state.app, &user.actor, programme_id, slug, format).await {
        Ok(Some(found)) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
                (
                    header::CONTENT_DISPOSITION,
                    HeaderValue::from_str(&format!("attachment; filename=\"{}\"", found.file_name))
                        .unwrap_or_else(|_| HeaderValue::from_static("attachment")),
                ),
            ],
            found.bytes,
        )
            .into_response(),
        Ok(None) => redirect_with_flash(
            &state,
            &format!("/program/{programme_id}/rapporter"),
            "flash-report-missing",
        ),
        Err(e) => failure(&state, &user.ctx, &uri, e),
    }
}

/// Starts a build in the background; it waits for the process's one build slot.
fn spawn_build(state: AppState, actor: Actor, document_id: i64) {
    tokio::spawn(async move {
        let slots = Arc::clone(&state.report_builds);
        let Ok(_slot) = slots.acquire_owned().await else {
            return;
        };
        if let Err(error) = build(&state, &actor, document_id).await {
            tracing::error!(%error, document_id, "building a report document failed");
            if let Err(error) = uc::fail(&state.app, document_id, &error).await {
                tracing::error!(%error, document_id, "recording the failed build failed");
            }
        }
    });
}

async fn build(state: &AppState, actor: &Actor, document_id: i64) -> Result<(), String> {
    let content = uc::start_build(&state.app, actor, document_id)
        .await
        .map_err(|e| e.to_string())?;
    let tr = Tr::new(Arc::clone(&state.catalogues), Locale::Sv);
    let report = document(&tr, &content, state.app.today());
    uc::progress(&state.app, document_id, 40)
        .await
        .map_err(|e| e.to_string())?;
    let (report, pdf) = tokio::task::spawn_blocking(move || {
        let pdf = stegvis_reports::programme_report::render_pdf(&report);
        (report, pdf)
    })
    .await
    .map_err(|e| e.to_string())?;
    let pdf = pdf?;
    uc::progress(&state.app, document_id, 90)
        .await
        .map_err(|e| e.to_string())?;
    let xlsx = tokio::task::spawn_blocking(move || {
        stegvis_reports::programme_report::render_xlsx(&report)
    })
    .await
    .map_err(|e| e.to_string())?
    .map_err(|e| e.to_string())?;
    uc::finish(&state.app, &content.document, &pdf, &xlsx)
        .await
        .map_err(|e| e.to_string())
}

fn report_table(table: &TableView) -> ReportTable {
    ReportTable {
        caption: table.caption.clone(),
        header: table.headers.clone(),
        rows: table
            .rows
            .iter()
            .map(|(label, cells)| {
                std::iter::once(label.clone())
                    .chain(cells.clone())
                    .collect()
            })
            .collect(),
    }
}

pub(crate) fn section(panel: Panel) -> Section {
    let tables: Vec<ReportTable> = panel.tables.iter().map(report_table).collect();
    let chart = (!panel.chart.is_empty()).then(|| Chart {
        alt: tables
            .first()
            .map_or_else(|| panel.heading.clone(), |t| t.caption.clone()),
        svg: panel.chart,
    });
    Section {
        heading: panel.heading,
        lead: panel.lead,
        notice: panel.notice,
        figures: panel
            .figures
            .into_iter()
            .map(|f| (f.label, f.value))
            .collect(),
        plain: panel.plain,
        chart,
        tables,
    }
}

fn title(tr: &Tr, key: DocumentKey) -> String {
    match key.kind {
        ReportKind::Final => tr.t("reports-doc-title-slutrapport"),
        kind => tr.t1(
            &format!("reports-doc-title-{}", kind.code()),
            "period",
            period_label(tr, key).to_lowercase(),
        ),
    }
}

fn period_line(tr: &Tr, programme: &Programme, key: DocumentKey, today: time::Date) -> String {
    let (from, to) = key.days(programme, today);
    tr.t2(
        "reports-doc-period",
        "from",
        swedish::format_date(from),
        "to",
        swedish::format_date(to),
    )
}

/// The document of a build, written out in `tr`'s language from the same panels as the
/// effects page and the same tables as the funder statistics page.
fn document(tr: &Tr, content: &Content, today: time::Date) -> ProgrammeReport {
    let key = content.document.key;
    let report = &content.effects;
    let mut sections: Vec<Section> = panels(tr, report).into_iter().map(section).collect();
    let (from, to) = content.days;
    sections.push(Section {
        heading: tr.t("funder-title"),
        lead: tr.t2(
            "reports-doc-funder-lead",
            "from",
            swedish::format_date(from),
            "to",
            swedish::format_date(to),
        ),
        tables: funder_tables(tr, &content.funder_tables, &content.partner_names)
            .iter()
            .map(report_table)
            .collect(),
        ..Section::default()
    });
    let disclosure = if report.audience == Audience::Coordinator {
        tr.t("reports-doc-coordinator")
    } else {
        tr.t("reports-doc-aggregate")
    };
    ProgrammeReport {
        title: title(tr, key),
        programme: content.programme.name.clone(),
        period: period_line(tr, &content.programme, key, today),
        date: tr.t1(
            "reports-doc-date",
            "date",
            swedish::format_date(report.query.as_of),
        ),
        notes: vec![
            disclosure,
            tr.t1("reports-doc-window", "window", report.query.window),
        ],
        sections,
        appendix: Some((tr.t("reports-doc-method"), method_markdown())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_appendix_holds_the_effects_funder_and_disclosure_methods_and_nothing_else() {
        let method = method_markdown();
        assert!(method.starts_with("## Effects of a programme"));
        assert!(method.contains("#### A worked example"));
        assert!(method.contains("## Statistics for funders"));
        assert!(method.contains("## Disclosure control"));
        assert!(!method.contains("## Business plan forecasts"));
        assert!(!method.contains("## Change in questionnaire scores"));
    }

    #[test]
    fn every_method_link_of_the_effects_panels_names_a_section_of_the_method_page() {
        let html = crate::markdown::to_html(&method_markdown(), "Tabell");
        for heading in [
            "Effect 1: less public support",
            "Effect 2: occupation and jobs in social enterprises",
            "Effects 3 and 4: health and knowledge",
            "Effect 5: the enterprises' growth",
            "Targets and participants",
            "Statistics for funders",
        ] {
            let id = crate::markdown::anchor(heading);
            assert!(html.contains(&format!("id=\"{id}\"")), "{id}");
        }
        assert_eq!(
            crate::markdown::anchor("Statistics for funders"),
            "statistics-for-funders"
        );
    }
}
