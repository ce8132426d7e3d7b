//! Pages for business ideas (`/ideer`): the stage board with its list alternative, an idea's
//! page with stage history, team and partners, and the business plan builder.

use super::{failure, form_outcome, page_or_failure, redirect_with_flash, render};
use crate::AppState;
use crate::context::CurrentUser;
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
use std::collections::BTreeMap;
use stegvis_app::AppError;
use stegvis_app::ideas::{IdeaDetail, PlanView};
use stegvis_domain::access::Capability;
use stegvis_domain::edit::version_token;
use stegvis_domain::enterprise::LegalForm;
use stegvis_domain::idea::{
    Idea, IdeaInput, IdeaStage, LegalFormFit, MemberInput, PlanContent, PlanInput, PlanSection,
    StageInput, legal_form_guide,
};
use stegvis_domain::organisation::Organisation;
use stegvis_domain::programme::Programme;
use stegvis_domain::validation::ValidationErrors;

/// The label of a stage.
pub fn stage_label(tr: &Tr, stage: IdeaStage) -> String {
    tr.t(&format!("idea-stage-{}", stage.code()))
}

/// Ideas sorted by stage, then by title in Swedish order.
fn sorted(mut ideas: Vec<Idea>) -> Vec<Idea> {
    ideas.sort_by(|a, b| {
        a.stage
            .cmp(&b.stage)
            .then_with(|| stegvis_domain::swedish::collate(&a.title, &b.title))
    });
    ideas
}

/// One column of the board: a stage and its ideas.
pub struct Column {
    pub stage: IdeaStage,
    pub label: String,
    pub ideas: Vec<Card>,
}

/// One idea on the board, with the stages its buttons move it to.
pub struct Card {
    pub idea: Idea,
    pub next: Option<(&'static str, String)>,
    pub previous: Option<(&'static str, String)>,
}

#[derive(Deserialize, Default)]
pub struct BoardQuery {
    vy: Option<String>,
}

#[derive(Template)]
#[template(path = "ideas/board.html")]
struct BoardPage {
    l: Layout,
    columns: Vec<Column>,
    list_view: bool,
    can_manage: bool,
    total: usize,
}

impl BoardPage {
    fn updated(&self, idea: &Idea) -> String {
        stegvis_domain::swedish::format_date(idea.updated_at.date())
    }
}

pub async fn board(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    Query(query): Query<BoardQuery>,
) -> Response {
    let ideas = match stegvis_app::ideas::list(&state.app, &user.actor).await {
        Ok(ideas) => sorted(ideas),
        Err(error) => return failure(&state, &user.ctx, &uri, error),
    };
    let tr = &user.ctx.tr;
    let total = ideas.len();
    let columns = IdeaStage::ALL
        .iter()
        .map(|stage| Column {
            stage: *stage,
            label: stage_label(tr, *stage),
            ideas: ideas
                .iter()
                .filter(|i| i.stage == *stage)
                .map(|i| Card {
                    next: stage
                        .next()
                        .map(|s| (s.code(), stage_label(tr, s)))
                        .or_else(|| {
                            (*stage != IdeaStage::WoundUp).then(|| {
                                (
                                    IdeaStage::WoundUp.code(),
                                    stage_label(tr, IdeaStage::WoundUp),
                                )
                            })
                        }),
                    previous: stage.previous().map(|s| (s.code(), stage_label(tr, s))),
                    idea: i.clone(),
                })
                .collect(),
        })
        .collect();
    render(
        &BoardPage {
            l: Layout::new(&state, &user.ctx, uri.path()),
            columns,
            list_view: query.vy.as_deref() == Some("lista"),
            can_manage: user.principal.can(Capability::ManageIdeas),
            total,
        },
        StatusCode::OK,
    )
}

#[derive(Template)]
#[template(path = "ideas/form.html")]
struct FormPage {
    l: Layout,
    form: Form,
    id: Option<i64>,
    programmes: Vec<(String, String)>,
}

impl FormPage {
    fn action(&self) -> String {
        match self.id {
            Some(id) => format!("/ideer/{id}/redigera"),
            None => "/ideer/ny".into(),
        }
    }
}

async fn programme_options(
    state: &AppState,
    user: &CurrentUser,
) -> Result<Vec<(String, String)>, AppError> {
    let list: Vec<Programme> = stegvis_app::programmes::list(&state.app, &user.actor).await?;
    Ok(list
        .into_iter()
        .filter(|p| user.principal.may_manage_programme_of(p.operator_id))
        .map(|p| (p.id.to_string(), p.name))
        .collect())
}

pub async fn new_form(State(state): State<AppState>, user: CurrentUser, uri: Uri) -> Response {
    let page = programme_options(&state, &user)
        .await
        .map(|programmes| FormPage {
            l: Layout::new(&state, &user.ctx, uri.path()),
            form: Form::new(&user.ctx.tr).with(
                "programme_id",
                if programmes.len() == 1 {
                    programmes[0].0.clone()
                } else {
                    String::new()
                },
            ),
            id: None,
            programmes,
        });
    page_or_failure(&state, &user.ctx, &uri, page, StatusCode::OK)
}

fn idea_input(pairs: &[(String, String)]) -> IdeaInput {
    let text = |name: &str| forms::get(pairs, name).to_string();
    IdeaInput {
        programme_id: text("programme_id"),
        title: text("title"),
        description: text("description"),
        what_it_sells: text("what_it_sells"),
        work_integration: text("work_integration"),
    }
}

async fn invalid_form(
    state: &AppState,
    user: &CurrentUser,
    uri: &Uri,
    pairs: &[(String, String)],
    errors: ValidationErrors,
    id: Option<i64>,
) -> Response {
    let programmes = if id.is_none() {
        programme_options(state, user).await
    } else {
        Ok(Vec::new())
    };
    let page = programmes.map(|programmes| FormPage {
        l: Layout::new(state, &user.ctx, uri.path()),
        form: Form::from_pairs(&user.ctx.tr, pairs).with_errors(errors),
        id,
        programmes,
    });
    page_or_failure(
        state,
        &user.ctx,
        uri,
        page,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
}

pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    form_outcome(
        &state,
        &user.ctx,
        &uri,
        stegvis_app::ideas::create(&state.app, &user.actor, &idea_input(&pairs)).await,
        |id| format!("/ideer/{id}"),
        "flash-idea-created",
        async |errors| invalid_form(&state, &user, &uri, &pairs, errors, None).await,
    )
    .await
}

pub async fn edit_form(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
) -> Response {
    let d = match stegvis_app::ideas::get(&state.app, &user.actor, ids.id()).await {
        Ok(d) => d,
        Err(error) => return failure(&state, &user.ctx, &uri, error),
    };
    let text = |v: Option<String>| v.unwrap_or_default();
    let form = Form::new(&user.ctx.tr)
        .with("title", d.idea.title)
        .with("description", text(d.idea.description))
        .with("what_it_sells", text(d.idea.what_it_sells))
        .with("work_integration", text(d.idea.work_integration))
        .with(forms::VERSION_FIELD, version_token(d.idea.updated_at));
    render(
        &FormPage {
            l: Layout::new(&state, &user.ctx, uri.path()),
            form,
            id: Some(ids.id()),
            programmes: Vec::new(),
        },
        StatusCode::OK,
    )
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
        stegvis_app::ideas::update(
            &state.app,
            &user.actor,
            ids.id(),
            &idea_input(&pairs),
            forms::seen_version(&pairs),
        )
        .await,
        |_| format!("/ideer/{}", ids.id()),
        "flash-saved",
        async |errors| invalid_form(&state, &user, &uri, &pairs, errors, Some(ids.id())).await,
    )
    .await
}

/// The forms of an idea's page; the one that failed carries the user's input and errors.
struct ShowForms {
    stage: Form,
    member: Form,
    partner: Form,
    enterprise: Form,
}

impl ShowForms {
    fn new(tr: &Tr) -> Self {
        Self {
            stage: Form::new(tr).prefixed("stage-"),
            member: Form::new(tr).prefixed("member-"),
            partner: Form::new(tr).prefixed("partner-"),
            enterprise: Form::new(tr).prefixed("link-"),
        }
    }
}

#[derive(Template)]
#[template(path = "ideas/show.html")]
struct ShowPage {
    l: Layout,
    d: IdeaDetail,
    stage_options: Vec<(&'static str, String)>,
    partner_options: Vec<(String, String)>,
    candidate_options: Vec<(String, String)>,
    f: ShowForms,
}

impl ShowPage {
    fn stage(&self, stage: &IdeaStage) -> String {
        stage_label(&self.l.tr, *stage)
    }

    /// Whether the idea may be linked to its enterprise: from founding on, since it must be
    /// linked before it is marked registered.
    fn registered(&self) -> bool {
        matches!(
            self.d.idea.stage,
            IdeaStage::Founding | IdeaStage::Registered | IdeaStage::Operating
        )
    }
}

/// The stages an idea may be moved to from its current one, in order.
fn reachable(tr: &Tr, d: &IdeaDetail) -> Vec<(&'static str, String)> {
    let current = d.idea.stage;
    let back = if current == IdeaStage::WoundUp {
        d.wound_up_from()
    } else {
        current.previous()
    };
    IdeaStage::ALL
        .iter()
        .copied()
        .filter(|s| {
            *s != current
                && (Some(*s) == current.next() || Some(*s) == back || *s == IdeaStage::WoundUp)
        })
        .map(|s| (s.code(), stage_label(tr, s)))
        .collect()
}

async fn show_page(
    state: &AppState,
    user: &CurrentUser,
    uri: &Uri,
    id: i64,
    f: ShowForms,
) -> Result<ShowPage, AppError> {
    let d = stegvis_app::ideas::get(&state.app, &user.actor, id).await?;
    let partner_options = if d.can_manage {
        let organisations: Vec<Organisation> =
            stegvis_app::organisations::list(&state.app, &user.actor).await?;
        organisations
            .into_iter()
            .filter(|o| !d.partners.iter().any(|(id, _)| *id == o.id))
            .map(|o| (o.id.to_string(), o.name))
            .collect()
    } else {
        Vec::new()
    };
    Ok(ShowPage {
        l: Layout::new(state, &user.ctx, uri.path()),
        stage_options: reachable(&user.ctx.tr, &d),
        candidate_options: d
            .candidates
            .iter()
            .map(|(id, name)| (id.to_string(), name.clone()))
            .collect(),
        partner_options,
        d,
        f,
    })
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
) -> Response {
    let page = show_page(&state, &user, &uri, ids.id(), ShowForms::new(&user.ctx.tr)).await;
    page_or_failure(&state, &user.ctx, &uri, page, StatusCode::OK)
}

/// Re-renders the idea's page with one form's input and errors, at 422.
async fn show_invalid(
    state: &AppState,
    user: &CurrentUser,
    uri: &Uri,
    id: i64,
    f: ShowForms,
) -> Response {
    let page = show_page(state, user, uri, id, f).await;
    page_or_failure(
        state,
        &user.ctx,
        uri,
        page,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
}

/// Records a stage decision, from the idea's page or from the board (`fran=tavla`), and
/// returns to where it came from; errors are shown on the idea's page, where the note can be
/// written.
pub async fn move_stage(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let input = StageInput {
        stage: forms::get(&pairs, "stage").into(),
        decided_on: forms::get(&pairs, "decided_on").into(),
        note: forms::get(&pairs, "note").into(),
    };
    if input.stage == IdeaStage::WoundUp.code() && !super::confirm::confirmed(&pairs) {
        let tr = &user.ctx.tr;
        let confirmation = super::confirm::Confirmation {
            title: tr.t("confirm-wind-up-title"),
            consequences: vec![tr.t("confirm-wind-up-text")],
            fields: vec![super::confirm::Field {
                name: "note",
                label_key: "idea-note",
                hint_key: "confirm-wind-up-note-hint",
                kind: "textarea",
            }],
            button: tr.t("confirm-wind-up-title"),
            back: format!("/ideer/{}", ids.id()),
        };
        return super::confirm::page(&state, &user.ctx, &uri, &pairs, confirmation);
    }
    let outcome = stegvis_app::ideas::move_stage(&state.app, &user.actor, ids.id(), &input).await;
    let back = |()| match forms::get(&pairs, "fran") {
        "tavla" => format!("/ideer#idea-{}", ids.id()),
        _ => format!("/ideer/{}", ids.id()),
    };
    form_outcome(
        &state,
        &user.ctx,
        &uri,
        outcome,
        back,
        "flash-idea-stage-recorded",
        async |errors| {
            let mut f = ShowForms::new(&user.ctx.tr);
            f.stage = Form::from_pairs(&user.ctx.tr, &pairs)
                .prefixed("stage-")
                .with_errors(errors);
            show_invalid(&state, &user, &uri, ids.id(), f).await
        },
    )
    .await
}

pub async fn add_member(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let input = MemberInput {
        person_id: forms::get(&pairs, "person_id").into(),
        name: forms::get(&pairs, "name").into(),
        role: forms::get(&pairs, "role").into(),
    };
    form_outcome(
        &state,
        &user.ctx,
        &uri,
        stegvis_app::ideas::add_member(&state.app, &user.actor, ids.id(), &input).await,
        |_| format!("/ideer/{}", ids.id()),
        "flash-idea-member-added",
        async |errors| {
            let mut f = ShowForms::new(&user.ctx.tr);
            f.member = Form::from_pairs(&user.ctx.tr, &pairs)
                .prefixed("member-")
                .with_errors(errors);
            show_invalid(&state, &user, &uri, ids.id(), f).await
        },
    )
    .await
}

pub async fn remove_member(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = crate::forms::pairs(&body);
    if !super::confirm::confirmed(&pairs) {
        let confirmation = super::confirm::simple(
            &user.ctx,
            "confirm-member-title",
            user.ctx.tr.t("confirm-member-text"),
            format!("/ideer/{}", ids.id()),
        );
        return super::confirm::page(&state, &user.ctx, &uri, &pairs, confirmation);
    }
    match stegvis_app::ideas::remove_member(&state.app, &user.actor, ids.id(), ids.get("member"))
        .await
    {
        Ok(()) => redirect_with_flash(&state, &format!("/ideer/{}", ids.id()), "flash-removed"),
        Err(error) => failure(&state, &user.ctx, &uri, error),
    }
}

pub async fn add_partner(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let organisation = forms::get(&pairs, "organisation_id");
    form_outcome(
        &state,
        &user.ctx,
        &uri,
        stegvis_app::ideas::add_partner(&state.app, &user.actor, ids.id(), organisation).await,
        |_| format!("/ideer/{}", ids.id()),
        "flash-saved",
        async |errors| {
            let mut f = ShowForms::new(&user.ctx.tr);
            f.partner = Form::from_pairs(&user.ctx.tr, &pairs)
                .prefixed("partner-")
                .with_errors(errors);
            show_invalid(&state, &user, &uri, ids.id(), f).await
        },
    )
    .await
}

pub async fn remove_partner(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = crate::forms::pairs(&body);
    if !super::confirm::confirmed(&pairs) {
        let confirmation = super::confirm::simple(
            &user.ctx,
            "confirm-partner-title",
            user.ctx.tr.t("confirm-partner-text"),
            format!("/ideer/{}", ids.id()),
        );
        return super::confirm::page(&state, &user.ctx, &uri, &pairs, confirmation);
    }
    match stegvis_app::ideas::remove_partner(
        &state.app,
        &user.actor,
        ids.id(),
        ids.get("organisation"),
    )
    .await
    {
        Ok(()) => redirect_with_flash(&state, &format!("/ideer/{}", ids.id()), "flash-removed"),
        Err(error) => failure(&state, &user.ctx, &uri, error),
    }
}

pub async fn link_enterprise(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let enterprise = forms::get(&pairs, "enterprise_id");
    form_outcome(
        &state,
        &user.ctx,
        &uri,
        stegvis_app::ideas::link_enterprise(&state.app, &user.actor, ids.id(), enterprise).await,
        |_| format!("/ideer/{}", ids.id()),
        "flash-saved",
        async |errors| {
            let mut f = ShowForms::new(&user.ctx.tr);
            f.enterprise = Form::from_pairs(&user.ctx.tr, &pairs)
                .prefixed("link-")
                .with_errors(errors);
            show_invalid(&state, &user, &uri, ids.id(), f).await
        },
    )
    .await
}

/// One section of the plan form.
pub struct SectionField {
    pub name: &'static str,
    pub label_key: String,
    pub hint_key: String,
}

fn section_fields(canvas: bool) -> Vec<SectionField> {
    PlanSection::ALL
        .iter()
        .filter(|s| s.is_canvas() == canvas)
        .map(|s| SectionField {
            name: s.code(),
            label_key: format!("bplan-section-{}", s.code()),
            hint_key: format!("bplan-section-{}-hint", s.code()),
        })
        .collect()
}

/// The guide's questions as checkboxes: (field, label key).
const GUIDE_QUESTIONS: [(&str, &str); 4] = [
    ("member_democracy", "legal-guide-member-democracy"),
    ("non_profit_purpose", "legal-guide-non-profit-purpose"),
    ("share_capital", "legal-guide-share-capital"),
    ("profit_lock", "legal-guide-profit-lock"),
];

#[derive(Template)]
#[template(path = "ideas/plan.html")]
struct PlanPage {
    l: Layout,
    v: PlanView,
    form: Form,
    canvas: Vec<SectionField>,
    other_sections: Vec<SectionField>,
    guide: Vec<LegalFormFit>,
    legal_forms: Vec<(&'static str, String)>,
    comment_form: Form,
    /// The version the comment form failed on, if any.
    comment_version: i64,
    /// The computed forecast of each version that has numbers, by version number.
    forecasts: Vec<(i64, super::plan_numbers::ForecastView)>,
}

impl PlanPage {
    fn legal_form(&self, form: &LegalForm) -> String {
        super::enterprises::legal_form_label(&self.l.tr, *form)
    }

    fn checked(&self, name: &str) -> bool {
        self.form.value(name) == "on"
    }

    fn questions(&self) -> Vec<(&'static str, String)> {
        GUIDE_QUESTIONS
            .iter()
            .map(|(name, key)| (*name, self.l.t(key)))
            .collect()
    }

    fn when(&self, at: &stegvis_domain::timestamp::Timestamp) -> String {
        stegvis_domain::swedish::format_swedish_datetime(at.datetime())
    }

    /// The latest version's number and computed numbers, when it has numbers: the summary at
    /// the top of the page.
    fn latest_forecast(&self) -> Option<(i64, &super::plan_numbers::ForecastView)> {
        let latest = self.v.versions.first()?.version;
        self.forecast_of(&latest).map(|view| (latest, view))
    }

    fn forecast_of(&self, version: &i64) -> Option<&super::plan_numbers::ForecastView> {
        self.forecasts
            .iter()
            .find(|(n, _)| n == version)
            .map(|(_, view)| view)
    }

    /// The comment form of a version: the failed one with its input, otherwise empty.
    fn comment_form_for(&self, version: &i64) -> Form {
        if *version == self.comment_version {
            self.comment_form.clone()
        } else {
            Form::new(&self.l.tr).prefixed(format!("comment-{version}-"))
        }
    }
}

fn on(value: bool) -> &'static str {
    if value { "on" } else { "" }
}

/// The form filled from a saved plan, so "save as new version" starts from the latest.
fn plan_form(tr: &Tr, content: &PlanContent) -> Form {
    let answers = content.legal_form_answers;
    let mut form = Form::new(tr)
        .with(
            "founders",
            answers.founders.map(|n| n.to_string()).unwrap_or_default(),
        )
        .with("member_democracy", on(answers.member_democracy))
        .with("non_profit_purpose", on(answers.non_profit_purpose))
        .with("share_capital", on(answers.share_capital))
        .with("profit_lock", on(answers.profit_lock))
        .with(
            "chosen_legal_form",
            content.chosen_legal_form.map_or("", |f| f.code()),
        );
    for (section, text) in &content.sections {
        form = form.with(section.code(), text.clone());
    }
    form
}

fn plan_input(pairs: &[(String, String)]) -> PlanInput {
    let text = |name: &str| forms::get(pairs, name).to_string();
    let ticked = |name: &str| forms::get(pairs, name) == "on";
    PlanInput {
        sections: PlanSection::ALL
            .iter()
            .map(|s| (s.code().to_string(), text(s.code())))
            .collect::<BTreeMap<_, _>>(),
        founders: text("founders"),
        member_democracy: ticked("member_democracy"),
        non_profit_purpose: ticked("non_profit_purpose"),
        share_capital: ticked("share_capital"),
        profit_lock: ticked("profit_lock"),
        chosen_legal_form: text("chosen_legal_form"),
    }
}

async fn plan_page(
    state: &AppState,
    user: &CurrentUser,
    uri: &Uri,
    id: i64,
    form: Option<Form>,
    comment: Option<(i64, Form)>,
) -> Result<PlanPage, AppError> {
    let v = stegvis_app::ideas::plan(&state.app, &user.actor, id).await?;
    let tr = &user.ctx.tr;
    let form = form.unwrap_or_else(|| plan_form(tr, &v.latest()));
    // The guide reads the answers on the form, so a re-rendered form shows its own advice.
    let answers = plan_input(
        &[
            "founders",
            "member_democracy",
            "non_profit_purpose",
            "share_capital",
            "profit_lock",
        ]
        .map(|name| (name.to_string(), form.value(name).to_string())),
    );
    let guide = legal_form_guide(
        &answers
            .parse()
            .map(|c| c.legal_form_answers)
            .unwrap_or_default(),
    );
    let (comment_version, comment_form) = comment.unwrap_or_else(|| (0, Form::new(tr)));
    let forecasts = v
        .versions
        .iter()
        .filter_map(|version| {
            let input = version.content.forecast.as_ref()?;
            Some((
                version.version,
                super::plan_numbers::ForecastView::of(tr, input),
            ))
        })
        .collect();
    Ok(PlanPage {
        forecasts,
        l: Layout::new(state, &user.ctx, uri.path()),
        v,
        form,
        canvas: section_fields(true),
        other_sections: section_fields(false),
        guide,
        legal_forms: [
            LegalForm::EkonomiskForening,
            LegalForm::IdeellForening,
            LegalForm::Aktiebolag,
            LegalForm::AktiebolagSvb,
        ]
        .iter()
        .map(|f| (f.code(), super::enterprises::legal_form_label(tr, *f)))
        .collect(),
        comment_form,
        comment_version,
    })
}

pub async fn plan(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
) -> Response {
    let page = plan_page(&state, &user, &uri, ids.id(), None, None).await;
    page_or_failure(&state, &user.ctx, &uri, page, StatusCode::OK)
}

pub async fn save_plan(
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
        stegvis_app::ideas::save_plan(&state.app, &user.actor, ids.id(), &plan_input(&pairs), None)
            .await,
        |_| format!("/ideer/{}/plan", ids.id()),
        "flash-plan-version-saved",
        async |errors| {
            let form = Form::from_pairs(&user.ctx.tr, &pairs).with_errors(errors);
            let page = plan_page(&state, &user, &uri, ids.id(), Some(form), None).await;
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

pub async fn comment(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let version = ids.get("n");
    form_outcome(
        &state,
        &user.ctx,
        &uri,
        stegvis_app::ideas::comment(
            &state.app,
            &user.actor,
            ids.id(),
            version,
            forms::get(&pairs, "body"),
        )
        .await,
        |_| format!("/ideer/{}/plan#version-{version}", ids.id()),
        "flash-plan-comment-added",
        async |errors| {
            let form = Form::from_pairs(&user.ctx.tr, &pairs)
                .prefixed(format!("comment-{version}-"))
                .with_errors(errors);
            let page = plan_page(&state, &user, &uri, ids.id(), None, Some((version, form))).await;
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
