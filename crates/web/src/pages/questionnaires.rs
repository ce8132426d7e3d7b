//! Questionnaire pages: a programme's schedule, the due list, answering (participant and
//! staff), the uploaded definitions, and the change report with its charts and exports.

use std::collections::BTreeMap;

use super::{failure, form_outcome, page_or_failure, redirect_with_flash};
use crate::AppState;
use crate::context::CurrentUser;
use crate::extract::{Ids, Params};
use crate::forms::{self, Form};
use crate::layout::Layout;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use stegvis_app::AppError;
use stegvis_app::questionnaires::{
    self as uc, AnswerForm, AnswerInput, ChangeQuery, ChangeReport, DueItem, ScheduleView,
};
use stegvis_domain::change::plain::{self, NumberStyle, Reading, Sentence, Subject};
use stegvis_domain::change::{GroupChange, Grouping, Selector};
use stegvis_domain::instrument::{Instrument, Item};
use stegvis_domain::questionnaire::Response as Stored;
use stegvis_domain::questionnaire::{AnswerMode, Occasion, ScheduleRowInput};
use stegvis_domain::swedish;
use stegvis_reports::charts::{self, Series};
use stegvis_reports::csv::{CsvWriter, Dialect};
use stegvis_reports::xlsx::{self, Cell, Sheet};

/// The text of a definition in the page's language, falling back to Swedish.
fn text_in(texts: &stegvis_domain::instrument::Texts, language: &str) -> String {
    texts
        .get(language)
        .or_else(|| texts.get("sv"))
        .unwrap_or_default()
        .to_string()
}

fn occasion_label(l: &Layout, occasion: &Occasion) -> String {
    l.tr.t1(
        &format!("occasion-{}", occasion.kind.code()),
        "months",
        occasion.months,
    )
}

// ---------------------------------------------------------------------------------------------
// Schedule

#[derive(Template)]
#[template(path = "questionnaires/schedule.html")]
struct SchedulePage {
    l: Layout,
    view: ScheduleView,
    rows: Vec<(String, ScheduleRowInput)>,
    form: Form,
}

fn schedule_page(
    state: &AppState,
    user: &CurrentUser,
    uri: &Uri,
    view: ScheduleView,
    rows: Option<Vec<ScheduleRowInput>>,
    form: Form,
) -> SchedulePage {
    let rows = view
        .instruments
        .iter()
        .map(|i| {
            let row = rows
                .as_ref()
                .and_then(|r| r.iter().find(|r| r.instrument == i.key()).cloned())
                .unwrap_or_else(|| ScheduleRowInput::from_entries(i.key(), &view.entries));
            (text_in(i.title(), user.ctx.tr.lang()), row)
        })
        .collect();
    SchedulePage {
        l: Layout::new(state, &user.ctx, uri.path()),
        view,
        rows,
        form,
    }
}

pub async fn schedule(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
) -> Response {
    let page = uc::schedule(&state.app, &user.actor, ids.id())
        .await
        .map(|view| schedule_page(&state, &user, &uri, view, None, Form::new(&user.ctx.tr)));
    page_or_failure(&state, &user.ctx, &uri, page, StatusCode::OK)
}

pub async fn set_schedule(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let mut keys: Vec<String> = pairs
        .iter()
        .filter(|(k, _)| k == "instrument")
        .map(|(_, v)| v.clone())
        .collect();
    keys.dedup();
    let has = |key: &str, what: &str| !forms::get(&pairs, &format!("{key}-{what}")).is_empty();
    let rows: Vec<ScheduleRowInput> = keys
        .iter()
        .map(|key| ScheduleRowInput {
            instrument: key.clone(),
            baseline: has(key, "baseline"),
            ongoing: has(key, "ongoing"),
            every_months: forms::get(&pairs, &format!("{key}-every")).to_string(),
            exit: has(key, "exit"),
            follow_up: has(key, "follow-up"),
        })
        .collect();
    form_outcome(
        &state,
        &user.ctx,
        &uri,
        uc::set_schedule(&state.app, &user.actor, ids.id(), &rows).await,
        |_| format!("/program/{}/enkater", ids.id()),
        "flash-schedule-saved",
        async |errors| {
            let form = Form::new(&user.ctx.tr).with_errors(errors);
            let page = uc::schedule(&state.app, &user.actor, ids.id())
                .await
                .map(|view| schedule_page(&state, &user, &uri, view, Some(rows), form));
            page_or_failure(
                &state,
                &user.ctx,
                &uri,
                page,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        },
    )
    .await
}

// ---------------------------------------------------------------------------------------------
// Due list (staff)

#[derive(Template)]
#[template(path = "questionnaires/due.html")]
struct DuePage {
    l: Layout,
    items: Vec<DueItem>,
    total: usize,
}

impl DuePage {
    fn occasion(&self, occasion: &Occasion) -> String {
        occasion_label(&self.l, occasion)
    }
}

pub async fn due(State(state): State<AppState>, user: CurrentUser, uri: Uri) -> Response {
    let page = uc::due_for_staff(&state.app, &user.actor)
        .await
        .map(|list| DuePage {
            l: Layout::new(&state, &user.ctx, uri.path()),
            items: list.items,
            total: list.total,
        });
    page_or_failure(&state, &user.ctx, &uri, page, StatusCode::OK)
}

// ---------------------------------------------------------------------------------------------
// The participant's list

#[derive(Template)]
#[template(path = "questionnaires/mine.html")]
struct MinePage {
    l: Layout,
    due: Vec<DueItem>,
    answered: Vec<(Stored, String)>,
}

impl MinePage {
    fn occasion(&self, occasion: &Occasion) -> String {
        occasion_label(&self.l, occasion)
    }
}

pub async fn mine(State(state): State<AppState>, user: CurrentUser, uri: Uri) -> Response {
    let page = uc::mine(&state.app, &user.actor).await.map(|m| MinePage {
        l: Layout::new(&state, &user.ctx, uri.path()),
        due: m.due,
        answered: m.answered,
    });
    page_or_failure(&state, &user.ctx, &uri, page, StatusCode::OK)
}

// ---------------------------------------------------------------------------------------------
// Answering

/// Where the answer form posts and links, which differs for the participant and for staff.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Place {
    Portal,
    Staff { person_id: i64 },
}

/// One question as the form shows it.
struct Question {
    number: usize,
    key: String,
    text: String,
    options: Vec<(i64, String)>,
    chosen: Option<i64>,
}

#[derive(Template)]
#[template(path = "questionnaires/answer.html")]
struct AnswerPage {
    l: Layout,
    place: Place,
    title: String,
    /// The title's closing remark ("inofficiell svensk översättning"), shown in small type
    /// under the short heading.
    title_remark: String,
    instructions: String,
    person_name: String,
    occasion_label: String,
    language: String,
    direction: String,
    languages: Vec<(String, String)>,
    questions: Vec<Question>,
    total: usize,
    /// The question shown alone, 1-based; `None` shows all questions.
    single: Option<usize>,
    /// The same as a number, 0 when all questions are shown.
    current: usize,
    action: String,
    base: String,
    form: Form,
    complete: bool,
    consented: bool,
    source: String,
    licence: String,
    modes: Vec<(String, String)>,
    back: String,
}

impl AnswerPage {
    fn staff(&self) -> bool {
        matches!(self.place, Place::Staff { .. })
    }

    fn shows(&self, number: &usize) -> bool {
        self.single.is_none_or(|n| n == *number)
    }

    /// Whether this question carries the anchor the error summary links to.
    fn anchor(&self, number: &usize) -> bool {
        self.single.unwrap_or(1) == *number
    }

    fn chosen(&self, question: &Question, value: &i64) -> bool {
        question.chosen == Some(*value)
    }
}

fn questions(
    instrument: &Instrument,
    language: &str,
    given: &BTreeMap<String, Option<i64>>,
) -> Vec<Question> {
    instrument
        .items()
        .iter()
        .enumerate()
        .map(|(index, item): (usize, &Item)| Question {
            number: index + 1,
            key: item.key.clone(),
            text: text_in(&item.text, language),
            options: item
                .scale
                .values
                .iter()
                .map(|v| (v.value, text_in(&v.label, language)))
                .collect(),
            chosen: given.get(&item.key).copied().flatten(),
        })
        .collect()
}

#[derive(Debug, Default, Deserialize)]
pub struct AnswerQuery {
    #[serde(default)]
    fraga: Option<String>,
    #[serde(default)]
    sprak: Option<String>,
}

struct PageInput {
    place: Place,
    language: String,
    single: Option<usize>,
    given: Option<BTreeMap<String, Option<i64>>>,
    form: Form,
}

fn answer_page(
    state: &AppState,
    user: &CurrentUser,
    uri: &Uri,
    opened: AnswerForm,
    key: &str,
    input: PageInput,
) -> AnswerPage {
    let l = Layout::new(state, &user.ctx, uri.path());
    let instrument = &opened.instrument;
    let language = instrument
        .languages()
        .iter()
        .find(|lang| lang.code == input.language)
        .map_or_else(|| "sv".to_string(), |lang| lang.code.clone());
    let direction = instrument
        .languages()
        .iter()
        .find(|lang| lang.code == language)
        .map_or("ltr", |lang| match lang.direction {
            stegvis_domain::instrument::Direction::Ltr => "ltr",
            stegvis_domain::instrument::Direction::Rtl => "rtl",
        })
        .to_string();
    let given: BTreeMap<String, Option<i64>> = input
        .given
        .unwrap_or_else(|| opened.answers.values.iter().cloned().collect());
    let base = match input.place {
        Place::Portal => format!(
            "/min-sida/enkater/{}/{key}/{}",
            opened.episode.id,
            opened.occasion.code()
        ),
        Place::Staff { person_id } => format!(
            "/personer/{person_id}/perioder/{}/enkater/{key}/{}",
            opened.episode.id,
            opened.occasion.code()
        ),
    };
    let total = instrument.items().len();
    let single = input.single.map(|n| n.clamp(1, total.max(1)));
    let action = match single {
        Some(n) => format!("{base}?fraga={n}&sprak={language}"),
        None => format!("{base}?sprak={language}"),
    };
    let full_title = text_in(instrument.title(), &language);
    let (heading, remark) = stegvis_domain::instrument::split_title(&full_title);
    AnswerPage {
        title: heading.to_string(),
        title_remark: remark.unwrap_or_default().to_string(),
        instructions: instrument
            .instructions()
            .map(|t| text_in(t, &language))
            .unwrap_or_default(),
        person_name: opened.person_name.clone(),
        occasion_label: occasion_label(&l, &opened.occasion),
        languages: instrument
            .languages()
            .iter()
            .map(|lang| {
                (
                    lang.code.clone(),
                    user.ctx
                        .tr
                        .t(&format!("questionnaire-language-{}", lang.code)),
                )
            })
            .collect(),
        questions: questions(instrument, &language, &given),
        total,
        single,
        current: single.unwrap_or(0),
        action,
        base,
        complete: opened
            .response
            .as_ref()
            .is_some_and(|r| r.status == stegvis_domain::questionnaire::ResponseStatus::Complete),
        consented: opened.consented,
        source: instrument.source().to_string(),
        licence: instrument.licence().to_string(),
        modes: [AnswerMode::Paper, AnswerMode::Interview]
            .iter()
            .map(|m| {
                (
                    m.code().to_string(),
                    user.ctx.tr.t(&format!("answer-mode-{}", m.code())),
                )
            })
            .collect(),
        back: match input.place {
            Place::Portal => "/min-sida/enkater".to_string(),
            Place::Staff { person_id } => {
                format!(
                    "/personer/{person_id}/perioder/{}/enkater",
                    opened.episode.id
                )
            }
        },
        place: input.place,
        language,
        direction,
        form: input.form,
        l,
    }
}

fn parse_occasion(params: &Params) -> Result<Occasion, AppError> {
    params
        .text("occasion")
        .parse::<Occasion>()
        .map_err(|_| AppError::NotFound)
}

fn single_of(query: &AnswerQuery) -> Option<usize> {
    query
        .fraga
        .as_deref()
        .and_then(|n| n.trim().parse::<usize>().ok())
        .filter(|n| *n > 0)
}

async fn show_answer(
    state: AppState,
    user: CurrentUser,
    uri: Uri,
    params: Params,
    query: AnswerQuery,
    place: Place,
) -> Response {
    let key = params.text("instrument").to_string();
    let episode = params.number("episode").unwrap_or(0);
    let result = match parse_occasion(&params) {
        Ok(occasion) => uc::open(&state.app, &user.actor, episode, &key, occasion).await,
        Err(error) => Err(error),
    };
    let page = result.and_then(|opened| {
        if let Place::Staff { person_id } = place
            && opened.episode.person_id != person_id
        {
            return Err(AppError::NotFound);
        }
        let mut form = Form::new(&user.ctx.tr);
        if let Place::Staff { .. } = place
            && let Some(r) = &opened.response
        {
            form = form.with("mode", r.mode.code()).with(
                "answered_on",
                r.answered_on.map(|d| d.to_string()).unwrap_or_default(),
            );
        }
        let input = PageInput {
            single: single_of(&query),
            language: query.sprak.clone().unwrap_or_default(),
            given: None,
            form,
            place,
        };
        Ok(answer_page(&state, &user, &uri, opened, &key, input))
    });
    page_or_failure(&state, &user.ctx, &uri, page, StatusCode::OK)
}

pub async fn answer_form(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    params: Params,
    Query(query): Query<AnswerQuery>,
) -> Response {
    show_answer(state, user, uri, params, query, Place::Portal).await
}

pub async fn staff_answer_form(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    params: Params,
    Query(query): Query<AnswerQuery>,
) -> Response {
    let person_id = params.number("id").unwrap_or(0);
    show_answer(state, user, uri, params, query, Place::Staff { person_id }).await
}

async fn submit_answer(
    state: AppState,
    user: CurrentUser,
    uri: Uri,
    params: Params,
    query: AnswerQuery,
    body: Bytes,
    place: Place,
) -> Response {
    let key = params.text("instrument").to_string();
    let episode = params.number("episode").unwrap_or(0);
    let occasion = match parse_occasion(&params) {
        Ok(o) => o,
        Err(error) => return failure(&state, &user.ctx, &uri, error),
    };
    let pairs = forms::pairs(&body);
    let answers: BTreeMap<String, String> = pairs
        .iter()
        .filter_map(|(k, v)| {
            k.strip_prefix("q-")
                .map(|item| (item.to_string(), v.clone()))
        })
        .collect();
    let step = forms::get(&pairs, "step");
    let single = single_of(&query);
    let language = query.sprak.clone().unwrap_or_default();
    let input = AnswerInput {
        answers: answers.clone(),
        complete: step == "complete",
        merge: single.is_some(),
        mode: forms::get(&pairs, "mode").to_string(),
        answered_on: forms::get(&pairs, "answered_on").to_string(),
        language: language.clone(),
    };
    let base = match place {
        Place::Portal => format!("/min-sida/enkater/{episode}/{key}/{}", occasion.code()),
        Place::Staff { person_id } => format!(
            "/personer/{person_id}/perioder/{episode}/enkater/{key}/{}",
            occasion.code()
        ),
    };
    let done_to = match place {
        Place::Portal => "/min-sida/enkater".to_string(),
        Place::Staff { person_id } => format!("/personer/{person_id}/perioder/{episode}/enkater"),
    };
    match uc::save(&state.app, &user.actor, episode, &key, occasion, &input).await {
        Ok(_) if input.complete => {
            redirect_with_flash(&state, &done_to, "flash-questionnaire-complete")
        }
        Ok(_) => match (single, step) {
            (Some(n), "next") => redirect_to(&format!("{base}?fraga={}&sprak={language}", n + 1)),
            (Some(n), "previous") => redirect_to(&format!(
                "{base}?fraga={}&sprak={language}",
                n.saturating_sub(1).max(1)
            )),
            _ => redirect_with_flash(&state, &done_to, "flash-questionnaire-saved"),
        },
        Err(AppError::Invalid(errors)) => {
            let opened = uc::open(&state.app, &user.actor, episode, &key, occasion).await;
            let page = opened.map(|opened| {
                let mut given: BTreeMap<String, Option<i64>> =
                    opened.answers.values.iter().cloned().collect();
                for (item, value) in &answers {
                    given.insert(item.clone(), value.trim().parse().ok());
                }
                let input = PageInput {
                    single,
                    language,
                    given: Some(given),
                    form: Form::from_pairs(&user.ctx.tr, &pairs).with_errors(errors),
                    place,
                };
                answer_page(&state, &user, &uri, opened, &key, input)
            });
            page_or_failure(
                &state,
                &user.ctx,
                &uri,
                page,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
        Err(error) => failure(&state, &user.ctx, &uri, error),
    }
}

fn redirect_to(to: &str) -> Response {
    axum::response::Redirect::to(to).into_response()
}

pub async fn answer(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    params: Params,
    Query(query): Query<AnswerQuery>,
    body: Bytes,
) -> Response {
    submit_answer(state, user, uri, params, query, body, Place::Portal).await
}

pub async fn staff_answer(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    params: Params,
    Query(query): Query<AnswerQuery>,
    body: Bytes,
) -> Response {
    let person_id = params.number("id").unwrap_or(0);
    submit_answer(
        state,
        user,
        uri,
        params,
        query,
        body,
        Place::Staff { person_id },
    )
    .await
}

// ---------------------------------------------------------------------------------------------
// An episode's questionnaires (staff)

#[derive(Template)]
#[template(path = "questionnaires/episode.html")]
struct EpisodePage {
    l: Layout,
    person_id: i64,
    episode_id: i64,
    responses: Vec<(Stored, String)>,
    instruments: Vec<(String, String)>,
    occasions: Vec<(String, String)>,
}

impl EpisodePage {
    fn occasion(&self, occasion: &Occasion) -> String {
        occasion_label(&self.l, occasion)
    }

    fn mode(&self, mode: &AnswerMode) -> String {
        self.l.t(&format!("answer-mode-{}", mode.code()))
    }

    fn score(&self, score: &Option<f64>) -> String {
        score.map(format_decimal).unwrap_or_default()
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct PickQuery {
    #[serde(default)]
    instrument: String,
    #[serde(default)]
    occasion: String,
}

pub async fn episode(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    Query(pick): Query<PickQuery>,
) -> Response {
    let person_id = ids.id();
    let episode_id = ids.get("episode");
    if !pick.instrument.is_empty() && pick.occasion.parse::<Occasion>().is_ok() {
        return redirect_to(&format!(
            "/personer/{person_id}/perioder/{episode_id}/enkater/{}/{}",
            pick.instrument, pick.occasion
        ));
    }
    let result = async {
        let responses = uc::for_episode(&state.app, &user.actor, episode_id).await?;
        let instruments = uc::answerable(&state.app, &user.actor).await?;
        Ok::<_, AppError>((responses, instruments))
    }
    .await;
    let l = Layout::new(&state, &user.ctx, uri.path());
    let page = result.map(|(responses, instruments)| EpisodePage {
        person_id,
        episode_id,
        responses,
        instruments: instruments
            .iter()
            .map(|i| (i.key().to_string(), text_in(i.title(), user.ctx.tr.lang())))
            .collect(),
        occasions: [
            Occasion::BASELINE,
            Occasion::ongoing(3),
            Occasion::ongoing(6),
            Occasion::ongoing(9),
            Occasion::ongoing(12),
            Occasion::EXIT,
            Occasion::follow_up(6),
            Occasion::follow_up(12),
        ]
        .iter()
        .map(|o| (o.code(), occasion_label(&l, o)))
        .collect(),
        l,
    });
    page_or_failure(&state, &user.ctx, &uri, page, StatusCode::OK)
}

// ---------------------------------------------------------------------------------------------
// Definitions: list and upload

#[derive(Template)]
#[template(path = "questionnaires/instruments.html")]
struct InstrumentsPage {
    l: Layout,
    available: Vec<stegvis_app::instruments::Available>,
    form: Form,
    problems: Vec<String>,
}

impl InstrumentsPage {
    fn origin(&self, origin: &str) -> String {
        self.l.t(&format!("instruments-origin-{origin}"))
    }

    fn title(&self, instrument: &Instrument) -> String {
        text_in(instrument.title(), self.l.tr.lang())
    }
}

async fn instruments_page(
    state: &AppState,
    user: &CurrentUser,
    uri: &Uri,
    form: Form,
    problems: Vec<String>,
) -> Result<InstrumentsPage, AppError> {
    let available = stegvis_app::instruments::list(&state.app, &user.actor).await?;
    Ok(InstrumentsPage {
        l: Layout::new(state, &user.ctx, uri.path()),
        available,
        form,
        problems,
    })
}

pub async fn instruments(State(state): State<AppState>, user: CurrentUser, uri: Uri) -> Response {
    let page = instruments_page(&state, &user, &uri, Form::new(&user.ctx.tr), Vec::new()).await;
    page_or_failure(&state, &user.ctx, &uri, page, StatusCode::OK)
}

pub async fn upload(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let text = forms::get(&pairs, "definition");
    match uc::upload(&state.app, &user.actor, text).await {
        Ok(_) => redirect_with_flash(&state, "/enkater/instrument", "flash-instrument-uploaded"),
        Err(uc::UploadError::Definition(errors)) => {
            let tr = &user.ctx.tr;
            let problems = errors
                .iter()
                .map(|e| {
                    let args: Vec<(&str, String)> =
                        e.args.iter().map(|(k, v)| (*k, v.clone())).collect();
                    let message = tr.ta(e.key, &args);
                    if e.path.is_empty() {
                        message
                    } else {
                        format!("{}: {message}", e.path)
                    }
                })
                .collect();
            let form = Form::from_pairs(tr, &pairs).with_errors(
                stegvis_domain::validation::ValidationErrors::single(
                    stegvis_domain::validation::FieldError::new(
                        "definition",
                        "instrument-upload-error",
                    )
                    .with_arg("count", errors.len()),
                ),
            );
            let page = instruments_page(&state, &user, &uri, form, problems).await;
            page_or_failure(
                &state,
                &user.ctx,
                &uri,
                page,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
        Err(uc::UploadError::App(error)) => failure(&state, &user.ctx, &uri, error),
    }
}

// ---------------------------------------------------------------------------------------------
// The change report

#[derive(Debug, Default, Deserialize)]
pub struct ReportQuery {
    #[serde(default)]
    instrument: Option<String>,
    #[serde(default)]
    from: Option<String>,
    #[serde(default)]
    to: Option<String>,
    #[serde(default)]
    grupp: Option<String>,
}

impl ReportQuery {
    fn parse(&self) -> ChangeQuery {
        let default = ChangeQuery::default();
        ChangeQuery {
            from: self
                .from
                .as_deref()
                .and_then(|s| s.parse().ok())
                .unwrap_or(default.from),
            to: self
                .to
                .as_deref()
                .and_then(|s| s.parse().ok())
                .unwrap_or(default.to),
            grouping: self.grupp.as_deref().and_then(|s| s.parse().ok()),
        }
    }

    fn instrument(&self) -> String {
        self.instrument
            .clone()
            .filter(|s| !s.trim().is_empty())
            .unwrap_or_else(|| "who5".to_string())
    }
}

/// A decimal with a comma, as Swedish readers expect: one decimal, or two for small values.
pub fn format_decimal(value: f64) -> String {
    let digits = if value.abs() < 10.0 { 2 } else { 1 };
    fixed(value, digits)
}

/// A band's bound: whole numbers without decimals (`0`, `20`), others with a decimal comma.
fn band_bound(value: f64) -> String {
    if (value - value.round()).abs() < 1e-9 {
        fixed(value, 0)
    } else {
        format_decimal(value)
    }
}

/// `value` with `digits` decimals and a decimal comma, rounded half away from zero.
fn fixed(value: f64, digits: u32) -> String {
    let scaled = (value * 10f64.powi(i32::try_from(digits).unwrap_or(0))).round();
    swedish::format_fixed(scaled as i128, digits)
}

#[derive(Template)]
#[template(path = "questionnaires/report.html")]
struct ReportPage {
    l: Layout,
    report: ChangeReport,
    instruments: Vec<(String, String)>,
    selectors: Vec<(String, String)>,
    groupings: Vec<(String, String)>,
    form: Form,
    title: String,
    distribution_svg: String,
    distribution_rows: Vec<(String, String, String)>,
    trend_svg: String,
    trend_rows: Vec<(String, String, String)>,
    slope_svg: String,
    may_export: bool,
    /// What the whole group's figures mean, in plain words.
    plain_total: Vec<String>,
    /// The same per group, each led by the group's name.
    plain_groups: Vec<String>,
    /// The programme, its period and today's date: the printed page's header.
    printed: String,
}

impl ReportPage {
    fn num(&self, value: &f64) -> String {
        format_decimal(*value)
    }

    fn number(&self, value: &Option<f64>) -> String {
        value.map(format_decimal).unwrap_or_else(|| "–".into())
    }

    fn p_value(&self, value: &Option<f64>) -> String {
        match value {
            Some(p) if *p < 0.001 => "< 0,001".into(),
            Some(p) => fixed(*p, 3),
            None => "–".into(),
        }
    }

    fn count(&self, value: &Option<u64>) -> String {
        value.map_or_else(|| self.l.t("measures-suppressed-cell"), |v| v.to_string())
    }

    fn share(&self, share: &Option<stegvis_domain::change::Share>) -> String {
        match share {
            Some(s) => match (s.count, s.percent) {
                (Some(count), Some(percent)) => {
                    format!("{count} av {} ({} %)", s.total, fixed(percent, 0))
                }
                _ => self.l.t("measures-suppressed-cell"),
            },
            None => "–".into(),
        }
    }

    fn group_label(&self, group: &GroupChange) -> String {
        let Some(value) = &group.group else {
            return self.l.t("measures-everyone");
        };
        match self.report.query.grouping {
            Some(Grouping::Sex) => self.l.t(&format!("sex-{value}")),
            Some(Grouping::Partner) => value
                .parse::<i64>()
                .ok()
                .and_then(|id| self.report.partner_names.get(&id).cloned())
                .unwrap_or_else(|| self.l.t("measures-no-partner")),
            _ => value.clone(),
        }
    }

    fn aggregate(&self) -> bool {
        self.report.audience.is_aggregate()
    }

    fn summary_caption(&self) -> String {
        self.l.tr.t2(
            "measures-summary-caption",
            "from",
            selector_label(&self.l.tr, self.report.query.from),
            "to",
            selector_label(&self.l.tr, self.report.query.to),
        )
    }
}

/// A plain sentence of the domain in the reader's language.
pub fn say(tr: &crate::i18n::Tr, sentence: &Sentence) -> String {
    tr.ta(sentence.key, &sentence.args)
}

/// Every plain sentence of one reading, in the reader's language and number style.
pub fn explain(
    tr: &crate::i18n::Tr,
    subject: &Subject,
    higher_is_better: bool,
    reading: Reading,
) -> Vec<String> {
    plain::explain(
        subject,
        higher_is_better,
        reading,
        NumberStyle::for_language(tr.lang()),
    )
    .iter()
    .map(|s| say(tr, s))
    .collect()
}

/// The line a printed report carries: the programme, its period and the date it was printed.
pub fn printed_line(
    tr: &crate::i18n::Tr,
    programme: &stegvis_domain::programme::Programme,
    today: time::Date,
) -> String {
    tr.ta(
        "plain-printed",
        &[
            ("programme", programme.name.clone()),
            ("from", swedish::format_date(programme.starts_on)),
            ("to", swedish::format_date(programme.ends_on)),
            ("date", swedish::format_date(today)),
        ],
    )
}

fn selector_label(tr: &crate::i18n::Tr, selector: Selector) -> String {
    tr.t(&format!("measures-selector-{}", selector.code()))
}

pub async fn report(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    Query(query): Query<ReportQuery>,
) -> Response {
    let tr = user.ctx.tr.clone();
    let change_query = query.parse();
    let key = query.instrument();
    let result = async {
        let instruments = uc::reportable(&state.app, &user.actor).await?;
        let report =
            uc::change_report(&state.app, &user.actor, ids.id(), &key, change_query).await?;
        Ok::<_, AppError>((instruments, report))
    }
    .await;
    let may_export = user
        .actor
        .principal()
        .is_some_and(|p| p.can(stegvis_domain::access::Capability::ExportScores));
    let page = result.map(|(instruments, report)| {
        let title = text_in(report.instrument.title(), tr.lang());
        let from = selector_label(&tr, report.query.from);
        let to = selector_label(&tr, report.query.to);
        let range = report.instrument.range();
        let bands: Vec<String> = report
            .distribution
            .bands
            .iter()
            .map(|(low, high)| {
                if high - low <= 1.0 + 1e-9 && range.1 - range.0 < 5.0 + 1e-9 {
                    band_bound(*low)
                } else {
                    format!("{}–{}", band_bound(*low), band_bound(*high))
                }
            })
            .collect();
        let to_f = |v: &Option<u64>| v.map(|c| c as f64);
        let max_count = report
            .distribution
            .before
            .iter()
            .chain(report.distribution.after.iter())
            .flatten()
            .copied()
            .max()
            .unwrap_or(1) as f64;
        let distribution_svg = charts::bar_chart(
            "chart-distribution",
            &tr.t1("measures-chart-distribution", "instrument", &title),
            &tr.t("measures-chart-distribution-desc"),
            &bands,
            &[
                Series {
                    name: from.clone(),
                    values: report.distribution.before.iter().map(to_f).collect(),
                },
                Series {
                    name: to.clone(),
                    values: report.distribution.after.iter().map(to_f).collect(),
                },
            ],
            charts::count_range(max_count),
        );
        let cell =
            |v: &Option<u64>| v.map_or_else(|| tr.t("measures-suppressed-cell"), |c| c.to_string());
        let distribution_rows = bands
            .iter()
            .enumerate()
            .map(|(i, band)| {
                (
                    band.clone(),
                    report
                        .distribution
                        .before
                        .get(i)
                        .map(cell)
                        .unwrap_or_default(),
                    report
                        .distribution
                        .after
                        .get(i)
                        .map(cell)
                        .unwrap_or_default(),
                )
            })
            .collect();
        let l = Layout::new(&state, &user.ctx, uri.path());
        let trend_labels: Vec<String> = report
            .trend
            .iter()
            .map(|p| {
                p.occasion
                    .parse::<Occasion>()
                    .map(|o| occasion_label(&l, &o))
                    .unwrap_or_else(|_| p.occasion.clone())
            })
            .collect();
        let trend_n = |p: &stegvis_domain::change::TrendPoint| {
            p.n.map_or_else(|| tr.t("measures-suppressed-cell"), |n| n.to_string())
        };
        let trend_points: Vec<String> = report
            .trend
            .iter()
            .zip(trend_labels.iter())
            .map(|(p, label)| {
                tr.ta(
                    "plain-trend-label",
                    &[("occasion", label.clone()), ("n", trend_n(p))],
                )
            })
            .collect();
        let trend_svg = charts::line_chart(
            "chart-trend",
            &tr.t1("measures-chart-trend", "instrument", &title),
            &tr.t("measures-chart-trend-desc"),
            &trend_points,
            &[Series {
                name: title.clone(),
                values: report.trend.iter().map(|p| p.mean).collect(),
            }],
            range,
        );
        let trend_rows = report
            .trend
            .iter()
            .zip(trend_labels.iter())
            .map(|(p, label)| {
                (
                    label.clone(),
                    trend_n(p),
                    p.mean
                        .map(format_decimal)
                        .unwrap_or_else(|| tr.t("measures-suppressed-cell")),
                )
            })
            .collect();
        let slope_svg = if report.pairs.is_empty() {
            String::new()
        } else {
            charts::slope_chart(
                "chart-slope",
                &tr.t1("measures-chart-slope", "instrument", &title),
                &tr.t("measures-chart-slope-desc"),
                (&from, &to),
                &report
                    .pairs
                    .iter()
                    .map(|p| (p.before, p.after))
                    .collect::<Vec<_>>(),
                range,
                report.instrument.higher_is_better(),
            )
        };
        let form = Form::new(&tr)
            .with("instrument", report.instrument.key())
            .with("from", report.query.from.code())
            .with("to", report.query.to.code())
            .with(
                "grupp",
                report.query.grouping.map(|g| g.code()).unwrap_or_default(),
            );
        let higher_is_better = report.instrument.higher_is_better();
        let subject = Subject::Score {
            measure: title.clone(),
        };
        let plain_total = report
            .total
            .change
            .as_ref()
            .map(|c| explain(&tr, &subject, higher_is_better, Reading::from(c)))
            .unwrap_or_default();
        let printed = printed_line(&tr, &report.programme, state.app.today());
        let mut page = ReportPage {
            instruments: instruments
                .iter()
                .map(|i| (i.key().to_string(), text_in(i.title(), tr.lang())))
                .collect(),
            selectors: Selector::ALL
                .iter()
                .map(|s| (s.code().to_string(), selector_label(&tr, *s)))
                .collect(),
            groupings: Grouping::ALL
                .iter()
                .map(|g| {
                    (
                        g.code().to_string(),
                        tr.t(&format!("measures-grouping-{}", g.code())),
                    )
                })
                .collect(),
            form,
            title,
            distribution_svg,
            distribution_rows,
            trend_svg,
            trend_rows,
            slope_svg,
            may_export,
            plain_total,
            plain_groups: Vec::new(),
            printed,
            report,
            l,
        };
        let style = NumberStyle::for_language(tr.lang());
        page.plain_groups = page
            .report
            .groups
            .iter()
            .filter_map(|g| {
                let c = g.change.as_ref().filter(|_| !g.suppressed)?;
                let sentence = plain::change(
                    &subject,
                    higher_is_better,
                    c.mean_change,
                    Reading::from(c).ci95,
                    style,
                );
                Some(tr.ta(
                    "plain-group",
                    &[
                        ("group", page.group_label(g)),
                        ("sentence", say(&tr, &sentence)),
                    ],
                ))
            })
            .collect();
        page
    });
    page_or_failure(&state, &user.ctx, &uri, page, StatusCode::OK)
}

#[derive(Debug, Default, Deserialize)]
pub struct ExportQuery {
    #[serde(default)]
    instrument: Option<String>,
}

/// The export's header and rows in the reader's language: Swedish headers and values
/// (`kön`, `kvinna`, `vid start`) for Swedish readers, English for English ones; codes never.
fn export_rows(tr: &crate::i18n::Tr, rows: &[uc::ScoreRow]) -> (Vec<String>, Vec<Vec<Cell>>) {
    let header = [
        "export-pseudonym",
        "export-sex",
        "export-age-band",
        "export-occasion",
        "export-answered-on",
        "export-score",
    ]
    .map(|key| tr.t(key))
    .to_vec();
    let lower = |text: String| text.to_lowercase();
    let data = rows
        .iter()
        .map(|r| {
            let occasion = r.occasion.parse::<Occasion>().map_or_else(
                |_| r.occasion.clone(),
                |o| lower(tr.t1(&format!("occasion-{}", o.kind.code()), "months", o.months)),
            );
            vec![
                Cell::Text(r.pseudonym.clone()),
                r.sex.as_ref().map_or(Cell::Empty, |code| {
                    Cell::Text(lower(tr.t(&format!("sex-{code}"))))
                }),
                r.age_band.clone().map_or(Cell::Empty, Cell::Text),
                Cell::Text(occasion),
                Cell::Text(r.answered_on.to_string()),
                Cell::Number(r.score),
            ]
        })
        .collect();
    (header, data)
}

fn attachment(body: Vec<u8>, content_type: &'static str, filename: &str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

fn export_key(query: &ExportQuery) -> String {
    query
        .instrument
        .clone()
        .filter(|k| k.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') && !k.is_empty())
        .unwrap_or_else(|| "who5".into())
}

pub async fn export_csv(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    Query(query): Query<ExportQuery>,
) -> Response {
    let key = export_key(&query);
    match uc::export_scores(&state.app, &user.actor, ids.id(), &key).await {
        Ok(rows) => {
            let tr = &user.ctx.tr;
            let (header, data) = export_rows(tr, &rows);
            let mut csv = CsvWriter::with_dialect(Dialect::for_language(tr.lang()));
            let dialect = csv.dialect();
            csv.row(header);
            for row in data {
                csv.row(row.into_iter().map(|c| match c {
                    Cell::Text(t) => t,
                    Cell::Number(n) => dialect.number(n),
                    Cell::Integer(n) => n.to_string(),
                    Cell::Formula { value, .. } => dialect.number(value),
                    Cell::Empty => String::new(),
                }));
            }
            attachment(
                csv.finish().into_bytes(),
                "text/csv; charset=utf-8",
                &format!("stegvis-poang-{}-{key}.csv", ids.id()),
            )
        }
        Err(error) => export_failure(&state, &user, &uri, error),
    }
}

/// Too few people to export is the user's request meeting the suppression rule, not a fault.
fn export_failure(state: &AppState, user: &CurrentUser, uri: &Uri, error: AppError) -> Response {
    match error {
        AppError::Invalid(_) => crate::errors::error_page(
            &Layout::new(state, &user.ctx, uri.path()),
            StatusCode::UNPROCESSABLE_ENTITY,
            "error-page-too-few",
        ),
        other => failure(state, &user.ctx, uri, other),
    }
}

pub async fn export_xlsx(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    Query(query): Query<ExportQuery>,
) -> Response {
    let key = export_key(&query);
    let result = uc::export_scores(&state.app, &user.actor, ids.id(), &key)
        .await
        .and_then(|rows| {
            let (header, data) = export_rows(&user.ctx.tr, &rows);
            xlsx::workbook(&[Sheet {
                name: key.clone(),
                header,
                rows: data,
            }])
            .map_err(|e| AppError::Internal(e.to_string()))
        });
    match result {
        Ok(bytes) => attachment(
            bytes,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            &format!("stegvis-poang-{}-{key}.xlsx", ids.id()),
        ),
        Err(error) => export_failure(&state, &user, &uri, error),
    }
}
