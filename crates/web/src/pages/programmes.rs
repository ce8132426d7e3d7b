//! Pages for programmes: period, operator, partners, budgets per financier and year, targets.

use super::{failure, form_outcome, page_or_failure, render};
use crate::AppState;
use crate::context::CurrentUser;
use crate::extract::Ids;
use crate::forms::{self, Form};
use crate::layout::Layout;
use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use stegvis_app::programmes::ProgrammeDetail;
use stegvis_app::{AppError, organisations};
use stegvis_domain::access::Capability;
use stegvis_domain::edit::version_token;
use stegvis_domain::organisation::Organisation;
use stegvis_domain::programme::{
    BudgetInput, Programme, ProgrammeFocus, ProgrammeInput, TargetInput, TargetKind,
};
use stegvis_domain::timestamp::format_date;
use stegvis_domain::validation::ValidationErrors;

#[derive(Template)]
#[template(path = "programmes/list.html")]
struct ListPage {
    l: Layout,
    programmes: Vec<Programme>,
    can_create: bool,
}

pub async fn list(State(state): State<AppState>, user: CurrentUser, uri: Uri) -> Response {
    match stegvis_app::programmes::list(&state.app, &user.actor).await {
        Ok(programmes) => render(
            &ListPage {
                l: Layout::new(&state, &user.ctx, uri.path()),
                programmes,
                can_create: user.principal.can(Capability::ManageProgrammes),
            },
            StatusCode::OK,
        ),
        Err(error) => failure(&state, &user.ctx, &uri, error),
    }
}

/// Which of the programme page's forms failed, to show its errors.
struct SubForms {
    follow_up: Form,
    partners: Form,
    budget: Form,
    target: Form,
}

impl SubForms {
    fn new(tr: &crate::i18n::Tr) -> Self {
        Self {
            follow_up: Form::new(tr),
            partners: Form::new(tr),
            budget: Form::new(tr),
            target: Form::new(tr),
        }
    }
}

#[derive(Template)]
#[template(path = "programmes/show.html")]
struct ShowPage {
    l: Layout,
    d: ProgrammeDetail,
    focus_label: String,
    /// Organisations to choose from in the management forms; empty when the user cannot manage.
    organisations: Vec<Organisation>,
    target_kinds: Vec<(&'static str, String)>,
    years: Vec<i32>,
    forms: SubForms,
    /// Whether the user may see the change in questionnaire scores.
    can_measure: bool,
    /// The outreach figures, for those who may see them.
    outreach: Option<super::outreach::FiguresView>,
    can_manage_outreach: bool,
    /// The partners' roles in the programme (decision 0027).
    partners: Vec<stegvis_app::budget::PartnerView>,
    /// The targets with their progress (text first, a bar second).
    targets: Vec<super::steering::TargetView>,
    /// Whether the user takes part in steering or working groups (the link to the groups).
    can_see_groups: bool,
}

impl ShowPage {
    fn is_partner(&self, id: &i64) -> bool {
        self.d.partner_ids.contains(id)
    }
}

async fn show_page(
    state: &AppState,
    user: &CurrentUser,
    uri: &Uri,
    id: i64,
    forms: SubForms,
) -> Result<ShowPage, AppError> {
    show_page_with(state, user, uri, id, forms, None).await
}

/// The programme page; `failed_reading` is a target whose new reading was refused, with the
/// form as the user filled it in.
async fn show_page_with(
    state: &AppState,
    user: &CurrentUser,
    uri: &Uri,
    id: i64,
    forms: SubForms,
    failed_reading: Option<(i64, Form)>,
) -> Result<ShowPage, AppError> {
    let d = stegvis_app::programmes::get(&state.app, &user.actor, id).await?;
    let statuses = stegvis_app::targets::list(&state.app, &user.actor, id).await?;
    let mut targets = super::steering::target_views(&user.ctx.tr, &statuses);
    if let Some((target, form)) = failed_reading
        && let Some(view) = targets.iter_mut().find(|t| t.id == target)
    {
        view.form = form;
    }
    let organisations = if d.can_manage {
        organisations::list(&state.app, &user.actor).await?
    } else {
        Vec::new()
    };
    let partners = stegvis_app::budget::partners(&state.app, &user.actor, id).await?;
    let tr = &user.ctx.tr;
    let outreach = if user.principal.can(Capability::ViewOutreachFigures) {
        let figures = stegvis_app::outreach::figures(&state.app, &user.actor, id).await?;
        Some(super::outreach::FiguresView::new(tr, &figures))
    } else {
        None
    };
    Ok(ShowPage {
        outreach,
        can_manage_outreach: user.principal.can(Capability::ManageOutreach) && d.can_manage,
        partners,
        l: Layout::new(state, &user.ctx, uri.path()),
        focus_label: tr.t(&format!("programme-focus-{}", d.programme.focus.code())),
        organisations,
        target_kinds: TargetKind::ALL
            .into_iter()
            .map(|k| (k.code(), tr.t(&format!("target-kind-{}", k.code()))))
            .collect(),
        years: (d.programme.starts_on.year()..=d.programme.ends_on.year()).collect(),
        can_measure: user
            .principal
            .can(stegvis_domain::access::Capability::ViewMeasures),
        can_see_groups: user
            .principal
            .can(stegvis_domain::access::Capability::TakePartInGroups),
        targets,
        d,
        forms,
    })
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
) -> Response {
    page_or_failure(
        &state,
        &user.ctx,
        &uri,
        show_page(&state, &user, &uri, ids.id(), SubForms::new(&user.ctx.tr)).await,
        StatusCode::OK,
    )
}

#[derive(Template)]
#[template(path = "programmes/form.html")]
struct FormPage {
    l: Layout,
    form: Form,
    id: Option<i64>,
    operators: Vec<Organisation>,
    focuses: Vec<(&'static str, String)>,
}

impl FormPage {
    fn action(&self) -> String {
        match self.id {
            Some(id) => format!("/program/{id}/redigera"),
            None => "/program/ny".into(),
        }
    }
}

/// The operators a user may choose: all organisations for the administrator, their own for a
/// coordinator.
async fn form_page(
    state: &AppState,
    user: &CurrentUser,
    uri: &Uri,
    form: Form,
    id: Option<i64>,
) -> Result<FormPage, AppError> {
    let all = organisations::list(&state.app, &user.actor).await?;
    let operators = all
        .into_iter()
        .filter(|o| user.principal.may_manage_programme_of(o.id))
        .collect();
    Ok(FormPage {
        l: Layout::new(state, &user.ctx, uri.path()),
        form,
        id,
        operators,
        focuses: ProgrammeFocus::ALL
            .into_iter()
            .map(|f| {
                (
                    f.code(),
                    user.ctx.tr.t(&format!("programme-focus-{}", f.code())),
                )
            })
            .collect(),
    })
}

pub async fn new_form(State(state): State<AppState>, user: CurrentUser, uri: Uri) -> Response {
    let form = Form::new(&user.ctx.tr).with(
        "operator_id",
        user.principal
            .organisation_id
            .map(|o| o.to_string())
            .unwrap_or_default(),
    );
    let page = form_page(&state, &user, &uri, form, None).await;
    page_or_failure(&state, &user.ctx, &uri, page, StatusCode::OK)
}

fn input(pairs: &[(String, String)]) -> ProgrammeInput {
    ProgrammeInput {
        name: forms::get(pairs, "name").into(),
        operator_id: forms::get(pairs, "operator_id").into(),
        starts_on: forms::get(pairs, "starts_on").into(),
        ends_on: forms::get(pairs, "ends_on").into(),
        focus: forms::get(pairs, "focus").into(),
        description: forms::get(pairs, "description").into(),
    }
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
        stegvis_app::programmes::create(&state.app, &user.actor, &input(&pairs)).await,
        |id| format!("/program/{id}"),
        "flash-programme-created",
        async |errors| {
            let page = form_page(
                &state,
                &user,
                &uri,
                Form::from_pairs(&user.ctx.tr, &pairs).with_errors(errors),
                None,
            )
            .await;
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

pub async fn edit_form(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
) -> Response {
    let d = match stegvis_app::programmes::get(&state.app, &user.actor, ids.id()).await {
        Ok(d) if d.can_manage => d,
        Ok(_) => return failure(&state, &user.ctx, &uri, AppError::Forbidden),
        Err(error) => return failure(&state, &user.ctx, &uri, error),
    };
    let p = d.programme;
    let form = Form::new(&user.ctx.tr)
        .with("name", p.name)
        .with("operator_id", p.operator_id.to_string())
        .with("starts_on", format_date(p.starts_on))
        .with("ends_on", format_date(p.ends_on))
        .with("focus", p.focus.code())
        .with("description", p.description.unwrap_or_default())
        .with(forms::VERSION_FIELD, version_token(p.updated_at));
    let page = form_page(&state, &user, &uri, form, Some(ids.id())).await;
    page_or_failure(&state, &user.ctx, &uri, page, StatusCode::OK)
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
        stegvis_app::programmes::update(
            &state.app,
            &user.actor,
            ids.id(),
            &input(&pairs),
            forms::seen_version(&pairs),
        )
        .await,
        |_| format!("/program/{}", ids.id()),
        "flash-saved",
        async |errors| {
            let page = form_page(
                &state,
                &user,
                &uri,
                Form::from_pairs(&user.ctx.tr, &pairs).with_errors(errors),
                Some(ids.id()),
            )
            .await;
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

/// Handles the outcome of one of the forms on the programme page: back to the page on
/// success, or the page again with that form's input and errors.
async fn after_sub_form<T>(
    state: &AppState,
    user: &CurrentUser,
    uri: &Uri,
    id: i64,
    result: Result<T, AppError>,
    flash: &str,
    forms_on_error: impl FnOnce(ValidationErrors) -> SubForms,
) -> Response {
    form_outcome(
        state,
        &user.ctx,
        uri,
        result,
        |_| format!("/program/{id}"),
        flash,
        async |errors| {
            page_or_failure(
                state,
                &user.ctx,
                uri,
                show_page(state, user, uri, id, forms_on_error(errors)).await,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        },
    )
    .await
}

pub async fn set_partners(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let chosen: Vec<i64> = pairs
        .iter()
        .filter(|(k, _)| k == "partner")
        .filter_map(|(_, v)| v.parse().ok())
        .collect();
    let result =
        stegvis_app::programmes::set_partners(&state.app, &user.actor, ids.id(), &chosen).await;
    after_sub_form(
        &state,
        &user,
        &uri,
        ids.id(),
        result,
        "flash-saved",
        |errors| SubForms {
            partners: Form::from_pairs(&user.ctx.tr, &pairs).with_errors(errors),
            ..SubForms::new(&user.ctx.tr)
        },
    )
    .await
}

pub async fn set_budget(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let input = BudgetInput {
        organisation_id: forms::get(&pairs, "organisation_id").into(),
        year: forms::get(&pairs, "year").into(),
        amount: forms::get(&pairs, "amount").into(),
    };
    let result =
        stegvis_app::programmes::set_budget(&state.app, &user.actor, ids.id(), &input).await;
    after_sub_form(
        &state,
        &user,
        &uri,
        ids.id(),
        result,
        "flash-saved",
        |errors| SubForms {
            budget: Form::from_pairs(&user.ctx.tr, &pairs).with_errors(errors),
            ..SubForms::new(&user.ctx.tr)
        },
    )
    .await
}

pub async fn delete_budget(
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
            "confirm-budget-title",
            user.ctx.tr.t("confirm-budget-text"),
            format!("/program/{}", ids.id()),
        );
        return super::confirm::page(&state, &user.ctx, &uri, &pairs, confirmation);
    }
    let result =
        stegvis_app::programmes::delete_budget(&state.app, &user.actor, ids.id(), ids.get("line"))
            .await;
    after_sub_form(
        &state,
        &user,
        &uri,
        ids.id(),
        result,
        "flash-removed",
        |_| SubForms::new(&user.ctx.tr),
    )
    .await
}

pub async fn add_target(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let input = TargetInput {
        kind: forms::get(&pairs, "kind").into(),
        description: forms::get(&pairs, "description").into(),
        target_value: forms::get(&pairs, "target_value").into(),
        due_on: forms::get(&pairs, "due_on").into(),
    };
    let result =
        stegvis_app::programmes::add_target(&state.app, &user.actor, ids.id(), &input).await;
    after_sub_form(
        &state,
        &user,
        &uri,
        ids.id(),
        result,
        "flash-saved",
        |errors| SubForms {
            target: Form::from_pairs(&user.ctx.tr, &pairs).with_errors(errors),
            ..SubForms::new(&user.ctx.tr)
        },
    )
    .await
}

pub async fn delete_target(
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
            "confirm-target-title",
            user.ctx.tr.t("confirm-target-text"),
            format!("/program/{}", ids.id()),
        );
        return super::confirm::page(&state, &user.ctx, &uri, &pairs, confirmation);
    }
    let result = stegvis_app::programmes::delete_target(
        &state.app,
        &user.actor,
        ids.id(),
        ids.get("target"),
    )
    .await;
    after_sub_form(
        &state,
        &user,
        &uri,
        ids.id(),
        result,
        "flash-removed",
        |_| SubForms::new(&user.ctx.tr),
    )
    .await
}

pub async fn set_follow_up_months(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let result = stegvis_app::persons::set_follow_up_months(
        &state.app,
        &user.actor,
        ids.id(),
        forms::get(&pairs, "follow_up_months"),
    )
    .await;
    after_sub_form(
        &state,
        &user,
        &uri,
        ids.id(),
        result,
        "flash-saved",
        |errors| SubForms {
            follow_up: Form::from_pairs(&user.ctx.tr, &pairs).with_errors(errors),
            ..SubForms::new(&user.ctx.tr)
        },
    )
    .await
}

/// `/program/{id}/mal/{target}/varden`: a value of a target followed by hand, with its date
/// and a comment; a refused one opens the target's form again with the input and the reason.
pub async fn record_reading(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let input = stegvis_domain::steering::ReadingInput {
        value: forms::get(&pairs, "value").into(),
        recorded_on: forms::get(&pairs, "recorded_on").into(),
        comment: forms::get(&pairs, "comment").into(),
    };
    let (id, target) = (ids.id(), ids.get("target"));
    let result = stegvis_app::targets::record(&state.app, &user.actor, id, target, &input).await;
    form_outcome(
        &state,
        &user.ctx,
        &uri,
        result,
        |_| format!("/program/{id}#target-{target}"),
        "flash-saved",
        async |errors| {
            let form = Form::from_pairs(&user.ctx.tr, &pairs)
                .prefixed(format!("reading-{target}-"))
                .with_errors(errors);
            page_or_failure(
                &state,
                &user.ctx,
                &uri,
                show_page_with(
                    &state,
                    &user,
                    &uri,
                    id,
                    SubForms::new(&user.ctx.tr),
                    Some((target, form)),
                )
                .await,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        },
    )
    .await
}
