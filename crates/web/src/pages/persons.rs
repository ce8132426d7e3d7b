//! Pages for people: the list, referral, the person page with its episodes, and every form on
//! it (consent, intake, baseline, plan, notes, appointments, income, exit, follow-up).

use super::confirm;
use super::{failure, form_outcome, page_or_failure, redirect_with_flash, render};
use crate::AppState;
use crate::context::{CurrentUser, RequestContext};
use crate::extract::Ids;
use crate::forms::{self, Form};
use crate::i18n::Tr;
use crate::layout::Layout;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use serde::Deserialize;
use stegvis_app::AppError;
use stegvis_app::persons::{self as uc, PersonDetail, PersonPage, ReferralInput, StepInput};
use stegvis_domain::access::{Capability, Role};
use stegvis_domain::consent::{ConsentForm, ConsentInput, ConsentScope};
use stegvis_domain::edit::version_token;
use stegvis_domain::episode::{
    CORRECTION_DAYS, DurationBand, EducationLevel, EpisodeStatus, ExitInput, ExitReason,
    FollowUpInput, Occupation, SnapshotInput,
};
use stegvis_domain::income::{IncomeRangeInput, IncomeSource, TimelineMonth, YearMonth, timeline};
use stegvis_domain::person::{PersonFilter, PersonInput, PersonSex};
use stegvis_domain::plan::{AppointmentInput, StepOwner, format_hours};
use stegvis_domain::timestamp::format_date;
use time::Date;

/// Options of a select box: code and label.
type Options = Vec<(String, String)>;

fn options<T: Copy>(tr: &Tr, all: &[T], code: fn(T) -> &'static str, prefix: &str) -> Options {
    all.iter()
        .map(|v| {
            (
                code(*v).to_string(),
                tr.t(&format!("{prefix}-{}", code(*v))),
            )
        })
        .collect()
}

async fn organisation_options(state: &AppState, user: &CurrentUser) -> Result<Options, AppError> {
    Ok(stegvis_app::organisations::list(&state.app, &user.actor)
        .await?
        .into_iter()
        .map(|o| (o.id.to_string(), o.name))
        .collect())
}

async fn programme_options(state: &AppState, user: &CurrentUser) -> Result<Options, AppError> {
    Ok(stegvis_app::programmes::list(&state.app, &user.actor)
        .await?
        .into_iter()
        .map(|p| (p.id.to_string(), p.name))
        .collect())
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    q: Option<String>,
    status: Option<String>,
    program: Option<String>,
    partner: Option<String>,
    uppfoljning: Option<String>,
    sida: Option<String>,
}

impl ListQuery {
    fn filter(&self, today: Date) -> PersonFilter {
        let id = |v: &Option<String>| v.as_deref().and_then(|s| s.trim().parse::<i64>().ok());
        PersonFilter {
            text: self.q.clone().filter(|q| !q.trim().is_empty()),
            status: self.status.as_deref().and_then(|s| s.parse().ok()),
            programme_id: id(&self.program),
            partner_id: id(&self.partner),
            follow_up_due_by: self
                .uppfoljning
                .as_deref()
                .filter(|v| !v.is_empty())
                .map(|_| today),
            ..PersonFilter::default()
        }
    }

    /// The query string of this search without the page, for pagination links.
    fn without_page(&self) -> String {
        let pairs: Vec<(&str, &str)> = [
            ("q", &self.q),
            ("status", &self.status),
            ("program", &self.program),
            ("partner", &self.partner),
            ("uppfoljning", &self.uppfoljning),
        ]
        .into_iter()
        .filter_map(|(name, value)| Some((name, value.as_deref().filter(|v| !v.is_empty())?)))
        .collect();
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }
}

#[derive(Template)]
#[template(path = "persons/list.html")]
struct ListPage {
    l: Layout,
    page: PersonPage,
    form: Form,
    statuses: Options,
    programmes: Options,
    partners: Options,
    query: String,
    can_register: bool,
}

impl ListPage {
    fn status_label(&self, status: &EpisodeStatus) -> String {
        self.l.t(&format!("episode-status-{}", status.code()))
    }

    fn programme_name(&self, id: &i64) -> &str {
        self.page.programme_names.get(id).map_or("", String::as_str)
    }

    fn page_link(&self, page: i64) -> String {
        if self.query.is_empty() {
            format!("/personer?sida={page}")
        } else {
            format!("/personer?{}&sida={page}", self.query)
        }
    }
}

pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    Query(query): Query<ListQuery>,
) -> Response {
    let page_number = query
        .sida
        .as_deref()
        .and_then(|s| s.parse::<i64>().ok())
        .unwrap_or(1);
    let result = async {
        let page = uc::list(
            &state.app,
            &user.actor,
            &query.filter(state.app.today()),
            page_number,
        )
        .await?;
        let tr = &user.ctx.tr;
        let form = Form::new(tr)
            .with("q", query.q.clone().unwrap_or_default())
            .with("status", query.status.clone().unwrap_or_default())
            .with("program", query.program.clone().unwrap_or_default())
            .with("partner", query.partner.clone().unwrap_or_default())
            .with("uppfoljning", query.uppfoljning.clone().unwrap_or_default());
        Ok(ListPage {
            l: Layout::new(&state, &user.ctx, uri.path()),
            page,
            form,
            statuses: options(
                tr,
                EpisodeStatus::ALL,
                EpisodeStatus::code,
                "episode-status",
            ),
            programmes: programme_options(&state, &user).await?,
            partners: organisation_options(&state, &user).await?,
            query: query.without_page(),
            can_register: user.principal.can(Capability::RegisterReferrals),
        })
    }
    .await;
    page_or_failure(&state, &user.ctx, &uri, result, StatusCode::OK)
}

#[derive(Template)]
#[template(path = "persons/new.html")]
struct NewPage {
    l: Layout,
    form: Form,
    programmes: Options,
    organisations: Options,
    sexes: Options,
    /// Case officers refer from their own organisation; only coordinators choose.
    choose_referrer: bool,
    /// Outreach events the person may have come from ("Programme: date title").
    events: Options,
}

async fn new_page(
    state: &AppState,
    user: &CurrentUser,
    uri: &Uri,
    form: Form,
) -> Result<NewPage, AppError> {
    let tr = &user.ctx.tr;
    Ok(NewPage {
        l: Layout::new(state, &user.ctx, uri.path()),
        form,
        programmes: programme_options(state, user).await?,
        organisations: organisation_options(state, user).await?,
        sexes: options(tr, PersonSex::ALL, PersonSex::code, "sex"),
        choose_referrer: user.principal.role != Role::CaseOfficer,
        events: stegvis_app::outreach::referral_choices(&state.app, &user.actor)
            .await?
            .into_iter()
            .map(|e| {
                (
                    e.id.to_string(),
                    format!(
                        "{}: {} {}",
                        e.programme_name,
                        format_date(e.held_on),
                        e.title
                    ),
                )
            })
            .collect(),
    })
}

pub async fn new_form(State(state): State<AppState>, user: CurrentUser, uri: Uri) -> Response {
    let form = Form::new(&user.ctx.tr).with("referred_on", format_date(state.app.today()));
    let page = new_page(&state, &user, &uri, form).await;
    page_or_failure(&state, &user.ctx, &uri, page, StatusCode::OK)
}

fn person_input(pairs: &[(String, String)]) -> PersonInput {
    PersonInput {
        personnummer: forms::get(pairs, "personnummer").into(),
        birth_year: forms::get(pairs, "birth_year").into(),
        sex: forms::get(pairs, "sex").into(),
        given_name: forms::get(pairs, "given_name").into(),
        family_name: forms::get(pairs, "family_name").into(),
        preferred_language: forms::get(pairs, "preferred_language").into(),
        interpreter_needed: !forms::get(pairs, "interpreter_needed").is_empty(),
        protected_identity: !forms::get(pairs, "protected_identity").is_empty(),
        address: forms::get(pairs, "address").into(),
        phone: forms::get(pairs, "phone").into(),
        email: forms::get(pairs, "email").into(),
    }
}

pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let input = ReferralInput {
        person: person_input(&pairs),
        programme_id: forms::get(&pairs, "programme_id").into(),
        referred_on: forms::get(&pairs, "referred_on").into(),
        referring_organisation_id: forms::get(&pairs, "referring_organisation_id").into(),
    };
    let event_id = forms::get(&pairs, "event_id");
    match uc::register_from(&state.app, &user.actor, &input, event_id).await {
        Ok(done) => {
            let flash = if done.existing_person {
                "flash-referral-existing-person"
            } else if done.possible_duplicates > 0 {
                "flash-referral-possible-duplicate"
            } else {
                "flash-referral-created"
            };
            redirect_with_flash(&state, &format!("/personer/{}", done.person_id), flash)
        }
        Err(AppError::Invalid(errors)) => {
            let form = Form::from_pairs(&user.ctx.tr, &pairs).with_errors(errors);
            let page = new_page(&state, &user, &uri, form).await;
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

/// The forms of the person page. At most one failed: it is shown again with the input and
/// errors, next to the episode (or goal, follow-up) it belongs to.
pub struct PersonForms {
    blank: Form,
    failed: Option<(&'static str, i64, Form)>,
}

impl PersonForms {
    fn none(tr: &Tr) -> Self {
        Self {
            blank: Form::new(tr),
            failed: None,
        }
    }

    fn with_failed(tr: &Tr, kind: &'static str, id: i64, form: Form) -> Self {
        Self {
            blank: Form::new(tr),
            failed: Some((kind, id, form)),
        }
    }

    /// The form of `kind` for the record `id`: the failed one if it is this, else blank;
    /// its element ids carry the kind and id, so they are unique on the page.
    pub fn get(&self, kind: &str, id: &i64) -> Form {
        let form = match &self.failed {
            Some((k, i, form)) if *k == kind && i == id => form.clone(),
            _ => self.blank.clone(),
        };
        form.prefixed(format!("{kind}-{id}-"))
    }

    /// The failed form, for the error summary at the top of the page.
    pub fn failed(&self) -> Option<Form> {
        self.failed
            .as_ref()
            .map(|(kind, id, form)| form.clone().prefixed(format!("{kind}-{id}-")))
    }

    pub fn is_open(&self, kind: &str, id: &i64) -> bool {
        matches!(&self.failed, Some((k, i, _)) if *k == kind && i == id)
    }
}

/// One line in the timeline of everything that happened to the person.
pub struct TimelineEntry {
    pub date: Date,
    pub text: String,
}

#[derive(Template)]
#[template(path = "persons/show.html")]
struct ShowPage {
    l: Layout,
    d: PersonDetail,
    forms: PersonForms,
    /// The full personnummer, only right after the user asked for it.
    revealed: Option<String>,
    entries: Vec<TimelineEntry>,
    months: Vec<TimelineMonth>,
    organisations: Options,
    consent_scopes: Options,
    consent_forms: Options,
    educations: Options,
    occupations: Options,
    durations: Options,
    exit_reasons: Options,
    step_owners: Options,
    income_sources: Options,
    correction_days: i64,
    can_export: bool,
    /// The coordinator may invite the person to a participant account.
    can_invite: bool,
}

impl ShowPage {
    fn label(&self, prefix: &str, code: &str) -> String {
        self.l.t(&format!("{prefix}-{code}"))
    }

    fn when(&self, at: &stegvis_domain::timestamp::Timestamp) -> String {
        stegvis_domain::swedish::format_swedish_datetime(at.datetime())
    }

    fn at(&self, at: &time::PrimitiveDateTime) -> String {
        format!(
            "{} {:02}:{:02}",
            stegvis_domain::swedish::format_date(at.date()),
            at.hour(),
            at.minute()
        )
    }

    /// The income sources of the month of `date`, read from the timeline (never typed twice).
    fn sources_at(&self, date: &Date) -> String {
        let Some(month) = YearMonth::of(*date) else {
            return String::new();
        };
        let sources = stegvis_domain::income::sources_in(&self.d.income, month);
        if sources.is_empty() {
            return self.l.t("income-unrecorded");
        }
        sources
            .iter()
            .map(|(source, share)| {
                format!(
                    "{} {share} %",
                    self.l.t(&format!("income-source-{}", source.code()))
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Months on public support in the year before intake and the year after exit.
    fn support_comparison(&self, intake: &Date, exit: &Date) -> String {
        let (Some(intake), Some(exit)) = (YearMonth::of(*intake), YearMonth::of(*exit)) else {
            return String::new();
        };
        let c = stegvis_domain::income::compare_support(&self.d.income, intake, exit, 12);
        self.l.tr.ta(
            "income-support-comparison",
            &[
                ("before", c.before_months.to_string()),
                ("before_recorded", c.before_recorded.to_string()),
                ("after", c.after_months.to_string()),
                ("after_recorded", c.after_recorded.to_string()),
            ],
        )
    }

    fn hours(&self, minutes: &i64) -> String {
        format_hours(*minutes)
    }

    fn source_group(&self, source: &IncomeSource) -> &'static str {
        source.group().code()
    }

    /// Height in pixels of a segment of the income chart, whose bars are 60 px for 100 %.
    fn bar(&self, share: &u8) -> u32 {
        u32::from(*share) * 60 / 100
    }

    /// Where each segment of a month's bar starts, from the bottom.
    fn segments(&self, month: &TimelineMonth) -> Vec<(IncomeSource, u8, u32)> {
        let mut top = 60u32;
        month
            .segments
            .iter()
            .map(|(source, share)| {
                let height = u32::from(*share) * 60 / 100;
                top = top.saturating_sub(height);
                (*source, *share, top)
            })
            .collect()
    }

    fn x(&self, index: &usize) -> usize {
        index * 14
    }

    /// Room after the last bar, so a month label that starts there is not cut off.
    fn chart_width(&self) -> usize {
        self.months.len() * 14 + 16
    }

    /// The month labels under the income chart: every quarter's first month by its short name
    /// (a label each month would overlap), with the year under January and under the first
    /// label, as `(x, month, year)`.
    fn month_labels(&self) -> Vec<(usize, String, Option<i32>)> {
        let mut labels = Vec::new();
        for (i, m) in self.months.iter().enumerate() {
            let month = m.month.month();
            if month % 3 != 1 {
                continue;
            }
            let year = (month == 1 || labels.is_empty()).then_some(m.month.year());
            labels.push((self.x(&i), self.l.t(&format!("chart-month-{month}")), year));
        }
        labels
    }
}

fn timeline_entries(tr: &Tr, d: &PersonDetail) -> Vec<TimelineEntry> {
    let mut entries = Vec::new();
    for e in &d.episodes {
        let programme = d.programme_name(e.episode.programme_id);
        entries.push(TimelineEntry {
            date: e.episode.referred_on,
            text: tr.t1("timeline-referred", "programme", programme),
        });
        if let Some(date) = e.episode.intake_on {
            entries.push(TimelineEntry {
                date,
                text: tr.t1("timeline-intake", "programme", programme),
            });
        }
        if let (Some(date), Some(reason)) = (e.episode.exit_on, e.episode.exit_reason) {
            entries.push(TimelineEntry {
                date,
                text: tr.t1(
                    "timeline-exit",
                    "reason",
                    tr.t(&format!("exit-reason-{}", reason.code())),
                ),
            });
        }
        for c in &e.consents {
            let scope = tr.t(&format!("consent-scope-{}", c.scope.code()));
            entries.push(TimelineEntry {
                date: c.given_on,
                text: tr.t1("timeline-consent-given", "scope", &scope),
            });
            if let Some(date) = c.withdrawn_on {
                entries.push(TimelineEntry {
                    date,
                    text: tr.t1("timeline-consent-withdrawn", "scope", &scope),
                });
            }
        }
        for n in &e.notes {
            let author = n.author_user_id.map_or("", |id| d.user_name(id));
            entries.push(TimelineEntry {
                date: stegvis_domain::swedish::to_swedish_time(n.created_at.datetime()).date(),
                text: if author.is_empty() {
                    tr.t("timeline-note-unsigned")
                } else {
                    tr.t1("timeline-note", "author", author)
                },
            });
        }
        for a in &e.appointments {
            entries.push(TimelineEntry {
                date: a.starts_at.date(),
                text: tr.t1("timeline-appointment", "title", &a.title),
            });
        }
        for a in e.attendance.iter().filter(|a| a.attended) {
            entries.push(TimelineEntry {
                date: a.activity.held_on,
                text: tr.t1("timeline-activity", "title", &a.activity.title),
            });
        }
        for g in &e.goals {
            if let Some(date) = g.achieved_on {
                entries.push(TimelineEntry {
                    date,
                    text: tr.t1("timeline-goal-achieved", "title", &g.title),
                });
            }
        }
        for f in &e.follow_ups {
            if let Some(date) = f.done_on {
                entries.push(TimelineEntry {
                    date,
                    text: tr.t1("timeline-follow-up", "months", f.months_after),
                });
            }
        }
    }
    entries.sort_by_key(|e| std::cmp::Reverse(e.date));
    entries
}

/// The months the income chart shows: the last two years up to this month, or up to the last
/// recorded month if that is later.
fn chart_months(d: &PersonDetail, today: Date) -> Vec<TimelineMonth> {
    let Some(now) = YearMonth::of(today) else {
        return Vec::new();
    };
    let last = d
        .income
        .iter()
        .map(|m| m.month)
        .max()
        .map_or(now, |m| m.max(now));
    let first = last.plus_months(-23).unwrap_or(last);
    timeline(&d.income, first, last)
}

async fn show_page(
    state: &AppState,
    user: &CurrentUser,
    uri: &Uri,
    id: i64,
    forms: PersonForms,
    revealed: Option<String>,
) -> Result<ShowPage, AppError> {
    let d = uc::get(&state.app, &user.actor, id).await?;
    let tr = &user.ctx.tr;
    let organisations = if d.can_manage {
        organisation_options(state, user).await?
    } else {
        Vec::new()
    };
    Ok(ShowPage {
        l: Layout::new(state, &user.ctx, uri.path()),
        entries: timeline_entries(tr, &d),
        months: chart_months(&d, state.app.today()),
        organisations,
        consent_scopes: options(tr, ConsentScope::ALL, ConsentScope::code, "consent-scope"),
        consent_forms: options(tr, ConsentForm::ALL, ConsentForm::code, "consent-form"),
        educations: options(tr, EducationLevel::ALL, EducationLevel::code, "education"),
        occupations: options(tr, Occupation::ALL, Occupation::code, "occupation"),
        durations: options(tr, DurationBand::ALL, DurationBand::code, "duration"),
        exit_reasons: options(tr, ExitReason::ALL, ExitReason::code, "exit-reason"),
        step_owners: options(tr, StepOwner::ALL, StepOwner::code, "step-owner"),
        income_sources: IncomeSource::ALL
            .iter()
            .map(|s| {
                (
                    s.code().to_string(),
                    tr.t(&format!("income-source-{}", s.code())),
                )
            })
            .collect(),
        correction_days: CORRECTION_DAYS,
        can_export: user.principal.can(Capability::ExerciseDataRights) && d.can_manage,
        can_invite: user.principal.can(Capability::InviteLinkedAccounts)
            && d.can_manage
            && d.person.anonymised_at.is_none(),
        d,
        forms,
        revealed,
    })
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
) -> Response {
    let page = show_page(
        &state,
        &user,
        &uri,
        ids.id(),
        PersonForms::none(&user.ctx.tr),
        None,
    )
    .await;
    page_or_failure(&state, &user.ctx, &uri, page, StatusCode::OK)
}

/// Shows the full personnummer once, in the page itself: never in a URL, never cached.
pub async fn reveal_number(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
) -> Response {
    let result = async {
        let number = uc::reveal_number(&state.app, &user.actor, ids.id()).await?;
        show_page(
            &state,
            &user,
            &uri,
            ids.id(),
            PersonForms::none(&user.ctx.tr),
            Some(number),
        )
        .await
    }
    .await;
    page_or_failure(&state, &user.ctx, &uri, result, StatusCode::OK)
}

/// Back to the person page on success; on bad input the page again with this form's input and
/// errors, next to the record `item` it belongs to.
async fn after(
    state: &AppState,
    user: &CurrentUser,
    uri: &Uri,
    person_id: i64,
    result: Result<(), AppError>,
    flash: &str,
    (kind, item, pairs): (&'static str, i64, &[(String, String)]),
) -> Response {
    form_outcome(
        state,
        &user.ctx,
        uri,
        result,
        |_| format!("/personer/{person_id}#{kind}-{item}"),
        flash,
        async |errors| {
            let form = Form::from_pairs(&user.ctx.tr, pairs).with_errors(errors);
            let forms = PersonForms::with_failed(&user.ctx.tr, kind, item, form);
            page_or_failure(
                state,
                &user.ctx,
                uri,
                show_page(state, user, uri, person_id, forms, None).await,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        },
    )
    .await
}

fn checked(pairs: &[(String, String)], name: &str) -> bool {
    !forms::get(pairs, name).is_empty()
}

pub async fn record_consent(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let episode = ids.get("episode");
    let input = ConsentInput {
        scope: forms::get(&pairs, "scope").into(),
        partner_organisation_id: forms::get(&pairs, "partner_organisation_id").into(),
        given_on: forms::get(&pairs, "given_on").into(),
        form: forms::get(&pairs, "form").into(),
        informed: checked(&pairs, "informed"),
    };
    let result = uc::record_consent(&state.app, &user.actor, episode, &input)
        .await
        .map(|_| ());
    after(
        &state,
        &user,
        &uri,
        ids.id(),
        result,
        "flash-consent-recorded",
        ("consent", episode, &pairs),
    )
    .await
}

pub async fn withdraw_consent(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let consent = ids.get("consent");
    if !confirm::confirmed(&pairs) {
        let withdrawn_on = match forms::get(&pairs, "withdrawn_on") {
            "" => format_date(state.app.today()),
            given => given.to_string(),
        };
        let preview = uc::preview_withdrawal(&state.app, &user.actor, consent, &withdrawn_on).await;
        return match preview {
            Ok(consequence) => {
                let mut pairs = pairs;
                pairs.retain(|(k, _)| k != "withdrawn_on");
                pairs.push(("withdrawn_on".into(), withdrawn_on));
                let confirmation = withdrawal_confirmation(&user.ctx, ids.id(), &consequence);
                confirm::page(&state, &user.ctx, &uri, &pairs, confirmation)
            }
            Err(error) => {
                after(
                    &state,
                    &user,
                    &uri,
                    ids.id(),
                    Err(error),
                    "",
                    ("withdraw", consent, &pairs),
                )
                .await
            }
        };
    }
    let result = uc::withdraw_consent(
        &state.app,
        &user.actor,
        consent,
        forms::get(&pairs, "withdrawn_on"),
    )
    .await;
    after(
        &state,
        &user,
        &uri,
        ids.id(),
        result,
        "flash-consent-withdrawn",
        ("withdraw", consent, &pairs),
    )
    .await
}

/// Undoes a consent withdrawal recorded by mistake.
pub async fn undo_withdrawal(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
) -> Response {
    let consent = ids.get("consent");
    let result = uc::undo_withdrawal(&state.app, &user.actor, consent).await;
    after(
        &state,
        &user,
        &uri,
        ids.id(),
        result,
        "flash-withdrawal-undone",
        ("withdraw", consent, &[]),
    )
    .await
}

/// Undoes an exit recorded by mistake.
pub async fn undo_exit(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
) -> Response {
    let episode = ids.get("episode");
    let result = uc::undo_exit(&state.app, &user.actor, episode).await;
    after(
        &state,
        &user,
        &uri,
        ids.id(),
        result,
        "flash-exit-undone",
        ("undo-exit", episode, &[]),
    )
    .await
}

pub async fn decline(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    if !confirm::confirmed(&pairs) {
        let confirmation = confirm::simple(
            &user.ctx,
            "confirm-decline-title",
            user.ctx.tr.t("confirm-decline-text"),
            format!("/personer/{}", ids.id()),
        );
        return confirm::page(&state, &user.ctx, &uri, &pairs, confirmation);
    }
    form_outcome(
        &state,
        &user.ctx,
        &uri,
        uc::decline(&state.app, &user.actor, ids.get("episode")).await,
        |_| "/personer".into(),
        "flash-referral-declined",
        async |errors| {
            let form = Form::new(&user.ctx.tr).with_errors(errors);
            let forms = PersonForms::with_failed(&user.ctx.tr, "consent", ids.get("episode"), form);
            page_or_failure(
                &state,
                &user.ctx,
                &uri,
                show_page(&state, &user, &uri, ids.id(), forms, None).await,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        },
    )
    .await
}

/// What withdrawing a consent does, in words, and the date it takes effect.
fn withdrawal_confirmation(
    ctx: &RequestContext,
    person_id: i64,
    consequence: &uc::Consequence,
) -> confirm::Confirmation {
    let tr = &ctx.tr;
    let name = &consequence.person_name;
    let scope = consequence.scope.map_or("", |s| s.code());
    let mut sentences = vec![tr.t2(
        "confirm-withdraw-text",
        "name",
        name,
        "scope",
        tr.t(&format!("consent-scope-{scope}")),
    )];
    if consequence.ends_episode {
        sentences.push(tr.t1(
            "confirm-withdraw-ends-episode",
            "programme",
            &consequence.programme_name,
        ));
    } else {
        let key = match consequence.scope {
            Some(ConsentScope::FollowUp) => "confirm-withdraw-follow-up",
            Some(ConsentScope::Questionnaires) => "confirm-withdraw-questionnaires",
            Some(ConsentScope::InformationExchange) => "confirm-withdraw-exchange",
            _ => "confirm-withdraw-participation",
        };
        sentences.push(tr.t1(
            key,
            "partner",
            consequence.partner_name.as_deref().unwrap_or(""),
        ));
    }
    sentences.push(tr.t1("confirm-undo-within", "days", CORRECTION_DAYS));
    confirm::Confirmation {
        title: tr.t1("confirm-withdraw-title", "name", name),
        consequences: sentences,
        fields: vec![confirm::Field {
            name: "withdrawn_on",
            label_key: "confirm-withdrawn-on",
            hint_key: "confirm-withdrawn-on-hint",
            kind: "date",
        }],
        button: tr.t("confirm-withdraw-button"),
        back: format!("/personer/{person_id}"),
    }
}

/// What an exit does, in words.
fn exit_confirmation(
    ctx: &RequestContext,
    person_id: i64,
    consequence: &uc::Consequence,
) -> confirm::Confirmation {
    let tr = &ctx.tr;
    let reason = consequence.exit_reason.map_or("", |r| r.code());
    confirm::Confirmation {
        title: tr.t1("confirm-exit-title", "name", &consequence.person_name),
        consequences: vec![
            tr.ta(
                "confirm-exit-text",
                &[
                    ("programme", consequence.programme_name.clone()),
                    ("date", stegvis_domain::swedish::format_date(consequence.on)),
                    ("reason", tr.t(&format!("exit-reason-{reason}"))),
                ],
            ),
            tr.t("confirm-exit-consequence"),
            tr.t1("confirm-undo-within", "days", CORRECTION_DAYS),
        ],
        fields: Vec::new(),
        button: tr.t("confirm-exit-button"),
        back: format!("/personer/{person_id}"),
    }
}

fn snapshot(pairs: &[(String, String)]) -> SnapshotInput {
    SnapshotInput {
        education: forms::get(pairs, "education").into(),
        occupation: forms::get(pairs, "occupation").into(),
        occupation_percent: forms::get(pairs, "occupation_percent").into(),
        time_outside: forms::get(pairs, "time_outside").into(),
        time_on_support: forms::get(pairs, "time_on_support").into(),
    }
}

pub async fn record_baseline(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let episode = ids.get("episode");
    let result = uc::record_baseline(&state.app, &user.actor, episode, &snapshot(&pairs)).await;
    after(
        &state,
        &user,
        &uri,
        ids.id(),
        result,
        "flash-baseline-recorded",
        ("baseline", episode, &pairs),
    )
    .await
}

pub async fn assign(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let episode = ids.get("episode");
    let result = uc::assign(
        &state.app,
        &user.actor,
        episode,
        forms::get(&pairs, "assigned_organisation_id"),
    )
    .await;
    after(
        &state,
        &user,
        &uri,
        ids.id(),
        result,
        "flash-saved",
        ("assign", episode, &pairs),
    )
    .await
}

pub async fn exit(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let episode = ids.get("episode");
    let input = ExitInput {
        exit_on: forms::get(&pairs, "exit_on").into(),
        reason: forms::get(&pairs, "reason").into(),
        snapshot: snapshot(&pairs),
    };
    if !confirm::confirmed(&pairs) {
        return match uc::preview_exit(&state.app, &user.actor, episode, &input).await {
            Ok(consequence) => {
                let confirmation = exit_confirmation(&user.ctx, ids.id(), &consequence);
                confirm::page(&state, &user.ctx, &uri, &pairs, confirmation)
            }
            Err(error) => {
                after(
                    &state,
                    &user,
                    &uri,
                    ids.id(),
                    Err(error),
                    "",
                    ("exit", episode, &pairs),
                )
                .await
            }
        };
    }
    let result = uc::exit(&state.app, &user.actor, episode, &input).await;
    after(
        &state,
        &user,
        &uri,
        ids.id(),
        result,
        "flash-exit-recorded",
        ("exit", episode, &pairs),
    )
    .await
}

pub async fn record_follow_up(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let follow_up = ids.get("follow_up");
    let input = FollowUpInput {
        done_on: forms::get(&pairs, "done_on").into(),
        reached: forms::get(&pairs, "reached") == "yes",
        occupation: forms::get(&pairs, "occupation").into(),
        occupation_percent: forms::get(&pairs, "occupation_percent").into(),
    };
    let result = uc::record_follow_up(&state.app, &user.actor, follow_up, &input).await;
    after(
        &state,
        &user,
        &uri,
        ids.id(),
        result,
        "flash-follow-up-recorded",
        ("follow-up", follow_up, &pairs),
    )
    .await
}

pub async fn add_goal(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let episode = ids.get("episode");
    let result = uc::add_goal(
        &state.app,
        &user.actor,
        episode,
        forms::get(&pairs, "title"),
    )
    .await
    .map(|_| ());
    after(
        &state,
        &user,
        &uri,
        ids.id(),
        result,
        "flash-goal-added",
        ("goal", episode, &pairs),
    )
    .await
}

pub async fn add_step(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let goal = ids.get("goal");
    let input = StepInput {
        description: forms::get(&pairs, "description").into(),
        owner: forms::get(&pairs, "owner").into(),
        due_on: forms::get(&pairs, "due_on").into(),
    };
    let result = uc::add_step(&state.app, &user.actor, goal, &input)
        .await
        .map(|_| ());
    after(
        &state,
        &user,
        &uri,
        ids.id(),
        result,
        "flash-step-added",
        ("step", goal, &pairs),
    )
    .await
}

pub async fn toggle_goal(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let goal = ids.get("goal");
    let result = uc::set_goal_achieved(&state.app, &user.actor, goal, checked(&pairs, "achieved"))
        .await
        .map(|_| ());
    after(
        &state,
        &user,
        &uri,
        ids.id(),
        result,
        "flash-saved",
        ("goal-done", goal, &pairs),
    )
    .await
}

pub async fn toggle_step(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let step = ids.get("step");
    let result = uc::set_step_done(&state.app, &user.actor, step, checked(&pairs, "done"))
        .await
        .map(|_| ());
    after(
        &state,
        &user,
        &uri,
        ids.id(),
        result,
        "flash-saved",
        ("step-done", step, &pairs),
    )
    .await
}

pub async fn add_note(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let episode = ids.get("episode");
    let result = uc::add_note(&state.app, &user.actor, episode, forms::get(&pairs, "body"))
        .await
        .map(|_| ());
    after(
        &state,
        &user,
        &uri,
        ids.id(),
        result,
        "flash-note-added",
        ("note", episode, &pairs),
    )
    .await
}

pub async fn add_appointment(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let episode = ids.get("episode");
    let input = AppointmentInput {
        date: forms::get(&pairs, "date").into(),
        time: forms::get(&pairs, "time").into(),
        title: forms::get(&pairs, "title").into(),
        place: forms::get(&pairs, "place").into(),
    };
    let result = uc::add_appointment(&state.app, &user.actor, episode, &input)
        .await
        .map(|_| ());
    after(
        &state,
        &user,
        &uri,
        ids.id(),
        result,
        "flash-appointment-added",
        ("appointment", episode, &pairs),
    )
    .await
}

pub async fn set_income(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let input = IncomeRangeInput {
        from: forms::get(&pairs, "from").into(),
        to: forms::get(&pairs, "to").into(),
        source: forms::get(&pairs, "source").into(),
        share_percent: forms::get(&pairs, "share_percent").into(),
        amount: forms::get(&pairs, "amount").into(),
    };
    let result = uc::set_income(&state.app, &user.actor, ids.id(), &input).await;
    after(
        &state,
        &user,
        &uri,
        ids.id(),
        result,
        "flash-income-saved",
        ("income", ids.id(), &pairs),
    )
    .await
}

pub async fn dismiss_duplicate(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
) -> Response {
    match uc::dismiss_duplicate(&state.app, &user.actor, ids.id(), ids.get("other")).await {
        Ok(()) => redirect_with_flash(&state, &format!("/personer/{}", ids.id()), "flash-saved"),
        Err(error) => failure(&state, &user.ctx, &uri, error),
    }
}

#[derive(Template)]
#[template(path = "persons/edit.html")]
struct EditPage {
    l: Layout,
    form: Form,
    id: i64,
    sexes: Options,
}

pub async fn edit_form(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
) -> Response {
    let result = async {
        let d = uc::get(&state.app, &user.actor, ids.id()).await?;
        if !d.can_manage {
            return Err(AppError::Forbidden);
        }
        let p = d.person;
        let tr = &user.ctx.tr;
        let form = Form::new(tr)
            .with(
                "personnummer",
                p.personnummer.map(|n| n.to_string()).unwrap_or_default(),
            )
            .with("birth_year", p.birth_year.to_string())
            .with("sex", p.sex.code())
            .with("given_name", p.given_name.unwrap_or_default())
            .with("family_name", p.family_name.unwrap_or_default())
            .with(
                "preferred_language",
                p.preferred_language.unwrap_or_default(),
            )
            .with(
                "interpreter_needed",
                if p.interpreter_needed { "on" } else { "" },
            )
            .with(
                "protected_identity",
                if p.protected_identity { "on" } else { "" },
            )
            .with("address", p.address.unwrap_or_default())
            .with("phone", p.phone.unwrap_or_default())
            .with("email", p.email.unwrap_or_default())
            .with(forms::VERSION_FIELD, version_token(p.updated_at));
        Ok(EditPage {
            l: Layout::new(&state, &user.ctx, uri.path()),
            form,
            id: ids.id(),
            sexes: options(tr, PersonSex::ALL, PersonSex::code, "sex"),
        })
    }
    .await;
    page_or_failure(&state, &user.ctx, &uri, result, StatusCode::OK)
}

pub async fn update(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    form_outcome(
        &state,
        &user.ctx,
        &uri,
        uc::update(
            &state.app,
            &user.actor,
            ids.id(),
            &person_input(&pairs),
            forms::seen_version(&pairs),
        )
        .await,
        |_| format!("/personer/{}", ids.id()),
        "flash-saved",
        async |errors| {
            render(
                &EditPage {
                    l: Layout::new(&state, &user.ctx, uri.path()),
                    form: Form::from_pairs(&user.ctx.tr, &pairs).with_errors(errors),
                    id: ids.id(),
                    sexes: options(&user.ctx.tr, PersonSex::ALL, PersonSex::code, "sex"),
                },
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        },
    )
    .await
}

#[derive(Template)]
#[template(path = "persons/consent_form.html")]
struct ConsentFormPage {
    l: Layout,
    d: PersonDetail,
    episode_id: i64,
    version: &'static str,
}

/// The printable consent form with the information given to the person (GDPR art. 13).
pub async fn consent_form(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
) -> Response {
    let result = async {
        let d = uc::get(&state.app, &user.actor, ids.id()).await?;
        let episode_id = ids.get("episode");
        if !d.can_manage || !d.episodes.iter().any(|e| e.episode.id == episode_id) {
            return Err(AppError::NotFound);
        }
        Ok(ConsentFormPage {
            l: Layout::new(&state, &user.ctx, uri.path()),
            d,
            episode_id,
            version: stegvis_domain::consent::INFORMATION_VERSION,
        })
    }
    .await;
    page_or_failure(&state, &user.ctx, &uri, result, StatusCode::OK)
}

impl ConsentFormPage {
    fn programme(&self) -> &str {
        self.d
            .episodes
            .iter()
            .find(|e| e.episode.id == self.episode_id)
            .map_or("", |e| self.d.programme_name(e.episode.programme_id))
    }
}

#[derive(Template)]
#[template(path = "persons/follow_ups.html")]
struct FollowUpsPage {
    l: Layout,
    due: Vec<(stegvis_domain::episode::DueFollowUp, String)>,
    by: Date,
}

/// The follow-ups due today or earlier, oldest first.
pub async fn due_follow_ups(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
) -> Response {
    let by = state.app.today();
    let result = uc::due_follow_ups(&state.app, &user.actor, by)
        .await
        .map(|due| FollowUpsPage {
            l: Layout::new(&state, &user.ctx, uri.path()),
            due,
            by,
        });
    page_or_failure(&state, &user.ctx, &uri, result, StatusCode::OK)
}
