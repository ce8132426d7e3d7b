//! Pages for the enterprise register (`/foretag`) and the public directory (`/sociala-foretag`).

use super::enterprise_figures::{
    FiguresDisplay, StaffLine, blank_figures_form, display, employment_forms, staff_lines,
};
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
use stegvis_app::enterprises::EnterpriseDetail;
use stegvis_app::{AppError, organisations};
use stegvis_domain::access::Capability;
use stegvis_domain::edit::version_token;
use stegvis_domain::enterprise::{
    AsfChecklist, AsfInput, Enterprise, EnterpriseFilter, EnterpriseInput, LegalForm, SupportInput,
    SupportKind,
};
use stegvis_domain::enterprise_figures::HeadCounts;
use stegvis_domain::organisation::Organisation;
use stegvis_domain::timestamp::format_date;

/// The label of a legal form.
pub fn legal_form_label(tr: &Tr, form: LegalForm) -> String {
    tr.t(&format!("legal-form-{}", form.code()))
}

fn legal_forms(tr: &Tr) -> Vec<(&'static str, String)> {
    LegalForm::ALL
        .iter()
        .map(|f| (f.code(), legal_form_label(tr, *f)))
        .collect()
}

/// One line of the ASF checklist as a page shows it.
pub struct ChecklistLine {
    pub label: String,
    pub fulfilled: bool,
    pub note: Option<String>,
}

/// The checklist's five items with their labels, in the order of Tillväxtverket's definition.
pub fn checklist(tr: &Tr, asf: &AsfChecklist) -> Vec<ChecklistLine> {
    [
        ("runs-business", asf.runs_business, &asf.runs_business_note),
        (
            "work-integration",
            asf.work_integration,
            &asf.work_integration_note,
        ),
        ("participation", asf.participation, &asf.participation_note),
        (
            "reinvests-profits",
            asf.reinvests_profits,
            &asf.reinvests_profits_note,
        ),
        ("independent", asf.independent, &asf.independent_note),
    ]
    .into_iter()
    .map(|(code, fulfilled, note)| ChecklistLine {
        label: tr.t(&format!("enterprise-asf-{code}")),
        fulfilled,
        note: note.clone(),
    })
    .collect()
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    q: Option<String>,
    juridisk_form: Option<String>,
}

#[derive(Template)]
#[template(path = "enterprises/list.html")]
struct ListPage {
    l: Layout,
    form: Form,
    enterprises: Vec<Enterprise>,
    legal_forms: Vec<(&'static str, String)>,
    can_create: bool,
}

impl ListPage {
    fn legal_form(&self, form: &LegalForm) -> String {
        legal_form_label(&self.l.tr, *form)
    }
}

pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    Query(query): Query<ListQuery>,
) -> Response {
    let filter = EnterpriseFilter {
        text: query.q.clone().filter(|q| !q.trim().is_empty()),
        legal_form: query.juridisk_form.as_deref().and_then(|f| f.parse().ok()),
    };
    match stegvis_app::enterprises::list(&state.app, &user.actor, &filter).await {
        Ok(enterprises) => render(
            &ListPage {
                l: Layout::new(&state, &user.ctx, uri.path()),
                form: Form::new(&user.ctx.tr)
                    .with("q", query.q.unwrap_or_default())
                    .with("juridisk_form", query.juridisk_form.unwrap_or_default()),
                enterprises,
                legal_forms: legal_forms(&user.ctx.tr),
                can_create: user.principal.can(Capability::ManageEnterprises),
            },
            StatusCode::OK,
        ),
        Err(error) => failure(&state, &user.ctx, &uri, error),
    }
}

#[derive(Template)]
#[template(path = "enterprises/show.html")]
struct ShowPage {
    l: Layout,
    d: EnterpriseDetail,
    /// The coordinator may invite a representative of the enterprise to an account.
    can_invite: bool,
    legal_form: String,
    checklist: Vec<ChecklistLine>,
    support_form: Form,
    support_kinds: Vec<(&'static str, String)>,
    fig: FiguresDisplay,
    figures_form: Form,
    figures_action: String,
    /// The staff from the programmes, with names: only for those who manage memberships.
    staff: Option<Vec<StaffLine>>,
    membership_form: Form,
    /// The end form of one membership that failed, re-rendered with its error.
    end_form: Option<(i64, Form)>,
    end_blank: Form,
    employment_forms: Vec<(&'static str, String)>,
    today: String,
}

/// The forms of the enterprise page, any of which may come back with errors.
pub struct ShowForms {
    pub support: Form,
    pub figures: Option<Form>,
    pub membership: Form,
    pub end: Option<(i64, Form)>,
}

impl ShowForms {
    pub fn new(tr: &Tr) -> Self {
        Self {
            support: Form::new(tr),
            figures: None,
            membership: Form::new(tr).prefixed("staff-"),
            end: None,
        }
    }
}

/// The enterprise page again with one form's errors, status 422.
pub async fn rerender(
    state: &AppState,
    user: &CurrentUser,
    uri: &Uri,
    id: i64,
    forms: ShowForms,
) -> Response {
    let page = show_page(state, user, uri, id, forms).await;
    page_or_failure(
        state,
        &user.ctx,
        uri,
        page,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
}

impl ShowPage {
    fn support_label(&self, kind: &SupportKind) -> String {
        self.l
            .tr
            .t(&format!("enterprise-support-kind-{}", kind.code()))
    }

    /// The end form of a membership: the failed one with its errors, or a blank one with its
    /// own id prefix so every label on the page stays unique.
    fn end_form(&self, membership: &i64) -> Form {
        match &self.end_form {
            Some((id, form)) if id == membership => form.clone(),
            _ => self
                .end_blank
                .clone()
                .prefixed(format!("end-{membership}-"))
                .with("ends_on", self.today.clone()),
        }
    }
}

async fn show_page(
    state: &AppState,
    user: &CurrentUser,
    uri: &Uri,
    id: i64,
    forms: ShowForms,
) -> Result<ShowPage, AppError> {
    let d = stegvis_app::enterprises::get(&state.app, &user.actor, id).await?;
    let view = stegvis_app::enterprise_figures::figures(&state.app, &user.actor, id).await?;
    let staff =
        if stegvis_app::enterprise_figures::may_manage_memberships(&state.app, &user.actor, id)
            .await?
        {
            let list =
                stegvis_app::enterprise_figures::memberships(&state.app, &user.actor, id).await?;
            Some(staff_lines(&user.ctx.tr, &list))
        } else {
            None
        };
    let tr = &user.ctx.tr;
    let today = format_date(state.app.today());
    Ok(ShowPage {
        figures_form: forms
            .figures
            .unwrap_or_else(|| blank_figures_form(tr, &view, state.app.today())),
        fig: display(tr, &view, state.app.today()),
        figures_action: format!("/foretag/{id}/nyckeltal"),
        staff,
        membership_form: if forms.membership.has_errors() {
            forms.membership
        } else {
            forms.membership.with("starts_on", today.clone())
        },
        end_form: forms.end,
        end_blank: Form::new(tr),
        employment_forms: employment_forms(tr),
        today,
        l: Layout::new(state, &user.ctx, uri.path()),
        legal_form: legal_form_label(tr, d.enterprise.legal_form),
        checklist: checklist(tr, &d.enterprise.asf),
        support_kinds: SupportKind::ALL
            .iter()
            .map(|k| {
                (
                    k.code(),
                    tr.t(&format!("enterprise-support-kind-{}", k.code())),
                )
            })
            .collect(),
        support_form: forms.support,
        can_invite: d.can_manage && user.principal.can(Capability::InviteLinkedAccounts),
        d,
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

pub async fn add_support(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let input = SupportInput {
        kind: forms::get(&pairs, "kind").into(),
        year: forms::get(&pairs, "year").into(),
        amount: forms::get(&pairs, "amount").into(),
        note: forms::get(&pairs, "note").into(),
    };
    form_outcome(
        &state,
        &user.ctx,
        &uri,
        stegvis_app::enterprises::add_support(&state.app, &user.actor, ids.id(), &input).await,
        |_| format!("/foretag/{}", ids.id()),
        "flash-enterprise-support-added",
        async |errors| {
            let forms = ShowForms {
                support: Form::from_pairs(&user.ctx.tr, &pairs).with_errors(errors),
                ..ShowForms::new(&user.ctx.tr)
            };
            rerender(&state, &user, &uri, ids.id(), forms).await
        },
    )
    .await
}

pub async fn delete_support(
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
            "confirm-support-title",
            user.ctx.tr.t("confirm-support-text"),
            format!("/foretag/{}", ids.id()),
        );
        return super::confirm::page(&state, &user.ctx, &uri, &pairs, confirmation);
    }
    match stegvis_app::enterprises::delete_support(
        &state.app,
        &user.actor,
        ids.id(),
        ids.get("support"),
    )
    .await
    {
        Ok(()) => redirect_with_flash(&state, &format!("/foretag/{}", ids.id()), "flash-removed"),
        Err(error) => failure(&state, &user.ctx, &uri, error),
    }
}

/// The checkboxes of the form, with their label keys.
const CHECKBOXES: [(&str, &str); 9] = [
    ("asf_runs_business", "enterprise-asf-runs-business"),
    ("asf_work_integration", "enterprise-asf-work-integration"),
    ("asf_participation", "enterprise-asf-participation"),
    ("asf_reinvests_profits", "enterprise-asf-reinvests-profits"),
    ("asf_independent", "enterprise-asf-independent"),
    ("f_skatt", "enterprise-f-skatt"),
    ("vat_registered", "enterprise-vat-registered"),
    ("employer_registered", "enterprise-employer-registered"),
    ("public_listing", "enterprise-public-listing"),
];

#[derive(Template)]
#[template(path = "enterprises/form.html")]
struct FormPage {
    l: Layout,
    form: Form,
    id: Option<i64>,
    operators: Vec<Organisation>,
    legal_forms: Vec<(&'static str, String)>,
}

impl FormPage {
    fn action(&self) -> String {
        match self.id {
            Some(id) => format!("/foretag/{id}/redigera"),
            None => "/foretag/ny".into(),
        }
    }

    fn checked(&self, name: &str) -> bool {
        self.form.value(name) == "on"
    }

    /// The criterion checkboxes with the name of their note field.
    fn criteria(&self) -> Vec<(&'static str, &'static str, String)> {
        CHECKBOXES[..5]
            .iter()
            .map(|(name, key)| {
                let note = match *name {
                    "asf_runs_business" => "runs_business_note",
                    "asf_work_integration" => "work_integration_note",
                    "asf_participation" => "participation_note",
                    "asf_reinvests_profits" => "reinvests_profits_note",
                    _ => "independent_note",
                };
                (*name, note, self.l.t(key))
            })
            .collect()
    }

    fn registrations(&self) -> Vec<(&'static str, String)> {
        CHECKBOXES[5..8]
            .iter()
            .map(|(name, key)| (*name, self.l.t(key)))
            .collect()
    }
}

async fn form_page(
    state: &AppState,
    user: &CurrentUser,
    uri: &Uri,
    form: Form,
    id: Option<i64>,
) -> Result<FormPage, AppError> {
    let operators = organisations::list(&state.app, &user.actor)
        .await?
        .into_iter()
        .filter(|o| user.principal.may_manage_programme_of(o.id))
        .collect();
    Ok(FormPage {
        l: Layout::new(state, &user.ctx, uri.path()),
        form,
        id,
        operators,
        legal_forms: legal_forms(&user.ctx.tr),
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

fn input(pairs: &[(String, String)]) -> EnterpriseInput {
    let text = |name: &str| forms::get(pairs, name).to_string();
    let ticked = |name: &str| forms::get(pairs, name) == "on";
    EnterpriseInput {
        name: text("name"),
        operator_id: text("operator_id"),
        organisationsnummer: text("organisationsnummer"),
        legal_form: text("legal_form"),
        registered_on: text("registered_on"),
        sni_code: text("sni_code"),
        address: text("address"),
        postal_code: text("postal_code"),
        city: text("city"),
        what_it_sells: text("what_it_sells"),
        how_to_buy: text("how_to_buy"),
        contact_email: text("contact_email"),
        contact_phone: text("contact_phone"),
        website: text("website"),
        asf: AsfInput {
            runs_business: ticked("asf_runs_business"),
            runs_business_note: text("runs_business_note"),
            work_integration: ticked("asf_work_integration"),
            work_integration_note: text("work_integration_note"),
            participation: ticked("asf_participation"),
            participation_note: text("participation_note"),
            reinvests_profits: ticked("asf_reinvests_profits"),
            reinvests_profits_note: text("reinvests_profits_note"),
            independent: ticked("asf_independent"),
            independent_note: text("independent_note"),
        },
        f_skatt: ticked("f_skatt"),
        vat_registered: ticked("vat_registered"),
        employer_registered: ticked("employer_registered"),
        public_listing: ticked("public_listing"),
    }
}

async fn invalid(
    state: &AppState,
    user: &CurrentUser,
    uri: &Uri,
    pairs: &[(String, String)],
    errors: stegvis_domain::validation::ValidationErrors,
    id: Option<i64>,
) -> Response {
    let form = Form::from_pairs(&user.ctx.tr, pairs).with_errors(errors);
    let page = form_page(state, user, uri, form, id).await;
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
        stegvis_app::enterprises::create(&state.app, &user.actor, &input(&pairs)).await,
        |id| format!("/foretag/{id}"),
        "flash-enterprise-created",
        async |errors| invalid(&state, &user, &uri, &pairs, errors, None).await,
    )
    .await
}

fn on(value: bool) -> &'static str {
    if value { "on" } else { "" }
}

pub async fn edit_form(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
) -> Response {
    let d = match stegvis_app::enterprises::get(&state.app, &user.actor, ids.id()).await {
        Ok(d) if d.can_manage => d,
        Ok(_) => return failure(&state, &user.ctx, &uri, AppError::Forbidden),
        Err(error) => return failure(&state, &user.ctx, &uri, error),
    };
    let e = d.enterprise;
    let text = |v: Option<String>| v.unwrap_or_default();
    let form = Form::new(&user.ctx.tr)
        .with("name", e.name)
        .with("operator_id", e.operator_id.to_string())
        .with("organisationsnummer", e.org_number.to_string())
        .with("legal_form", e.legal_form.code())
        .with("registered_on", format_date(e.registered_on))
        .with("sni_code", text(e.sni_code))
        .with("address", text(e.address))
        .with("postal_code", text(e.postal_code))
        .with("city", text(e.city))
        .with("what_it_sells", text(e.what_it_sells))
        .with("how_to_buy", text(e.how_to_buy))
        .with("contact_email", text(e.contact_email))
        .with("contact_phone", text(e.contact_phone))
        .with("website", text(e.website))
        .with("asf_runs_business", on(e.asf.runs_business))
        .with("runs_business_note", text(e.asf.runs_business_note))
        .with("asf_work_integration", on(e.asf.work_integration))
        .with("work_integration_note", text(e.asf.work_integration_note))
        .with("asf_participation", on(e.asf.participation))
        .with("participation_note", text(e.asf.participation_note))
        .with("asf_reinvests_profits", on(e.asf.reinvests_profits))
        .with("reinvests_profits_note", text(e.asf.reinvests_profits_note))
        .with("asf_independent", on(e.asf.independent))
        .with("independent_note", text(e.asf.independent_note))
        .with("f_skatt", on(e.f_skatt))
        .with("vat_registered", on(e.vat_registered))
        .with("employer_registered", on(e.employer_registered))
        .with("public_listing", on(e.public_listing))
        .with(forms::VERSION_FIELD, version_token(e.updated_at));
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
        stegvis_app::enterprises::update(
            &state.app,
            &user.actor,
            ids.id(),
            &input(&pairs),
            forms::seen_version(&pairs),
        )
        .await,
        |_| format!("/foretag/{}", ids.id()),
        "flash-saved",
        async |errors| invalid(&state, &user, &uri, &pairs, errors, Some(ids.id())).await,
    )
    .await
}

#[derive(Deserialize, Default)]
pub struct DirectoryQuery {
    q: Option<String>,
    ort: Option<String>,
}

/// One enterprise as the public directory shows it: only what the enterprise published.
pub struct DirectoryEntry {
    pub e: Enterprise,
    pub legal_form: String,
    pub fulfilled: String,
    /// Whether it qualifies for reserved contracts, with the share and date it rests on.
    pub reserved: String,
}

/// The directory's sentence on reserved contracts, from the latest head counts.
fn reserved_text(tr: &Tr, counts: Option<HeadCounts>) -> String {
    match counts {
        None => tr.t("directory-not-yet-stated"),
        Some(c) => match c.reserved_share() {
            None => tr.t1(
                "directory-reserved-no-employees",
                "date",
                format_date(c.counted_on),
            ),
            Some(s) => tr.ta(
                if s.qualifies {
                    "directory-reserved-yes"
                } else {
                    "directory-reserved-no"
                },
                &[
                    ("numerator", s.numerator.to_string()),
                    ("denominator", s.denominator.to_string()),
                    (
                        "percent",
                        stegvis_domain::swedish::format_percent(i128::from(s.percent_tenths), 1),
                    ),
                    ("date", format_date(s.date)),
                ],
            ),
        },
    }
}

#[derive(Template)]
#[template(path = "enterprises/directory.html")]
struct DirectoryPage {
    l: Layout,
    form: Form,
    entries: Vec<DirectoryEntry>,
}

/// The public directory of social enterprises, without login.
pub async fn directory(
    State(state): State<AppState>,
    ctx: RequestContext,
    uri: Uri,
    Query(query): Query<DirectoryQuery>,
) -> Response {
    let result = stegvis_app::enterprises::public_directory(
        &state.app,
        query.q.as_deref(),
        query.ort.as_deref(),
    )
    .await;
    match result {
        Ok(list) => render(
            &DirectoryPage {
                l: Layout::new(&state, &ctx, uri.path()),
                form: Form::new(&ctx.tr)
                    .with("q", query.q.unwrap_or_default())
                    .with("ort", query.ort.unwrap_or_default()),
                entries: list
                    .into_iter()
                    .map(|entry| (entry.enterprise, entry.head_counts))
                    .map(|(e, counts)| DirectoryEntry {
                        reserved: reserved_text(&ctx.tr, counts),
                        legal_form: legal_form_label(&ctx.tr, e.legal_form),
                        fulfilled: ctx.tr.t2(
                            "directory-asf-fulfilled",
                            "count",
                            e.asf.fulfilled_count(),
                            "total",
                            AsfChecklist::ITEMS,
                        ),
                        e,
                    })
                    .collect(),
            },
            StatusCode::OK,
        ),
        Err(error) => failure(&state, &ctx, &uri, error),
    }
}
