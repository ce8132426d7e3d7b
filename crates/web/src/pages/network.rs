//! Pages for a programme's network: the network view (an inline SVG drawing and the same
//! network as a table) with the form for a new organisation, and one organisation with its
//! links, contact people and contact log.

use super::{form_outcome, page_or_failure};
use crate::AppState;
use crate::context::CurrentUser;
use crate::extract::Ids;
use crate::forms::{self, Form};
use crate::i18n::Tr;
use crate::layout::Layout;
use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use stegvis_app::AppError;
use stegvis_app::network::{self as uc, Network, OrganisationDetail};
use stegvis_domain::network::{
    ContactInput, Link, LinkTarget, LogInput, NetworkKind, NetworkOrganisation, OrganisationInput,
    layout,
};
use stegvis_domain::validation::ValidationErrors;

/// The longest label drawn in the picture; the full name is in the node's title and the table.
const LABEL_CHARS: usize = 22;

fn short(text: &str) -> String {
    if text.chars().count() <= LABEL_CHARS {
        text.to_string()
    } else {
        let cut: String = text.chars().take(LABEL_CHARS - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

/// A node of the drawing.
pub struct Node {
    pub x: String,
    pub y: String,
    pub label: String,
    /// The full text for the node's `<title>`.
    pub title: String,
    pub class: &'static str,
}

/// A line of the drawing.
pub struct Line {
    pub x1: String,
    pub y1: String,
    pub x2: String,
    pub y2: String,
}

/// The network drawn: the programme in the centre, the organisations around it and the ideas
/// and enterprises they are linked to further out.
pub struct Drawing {
    pub width: String,
    pub height: String,
    pub centre: Node,
    pub nodes: Vec<Node>,
    pub lines: Vec<Line>,
}

fn number(v: f64) -> String {
    format!("{v:.1}")
}

fn kind_label(tr: &Tr, kind: NetworkKind) -> String {
    tr.t(&format!("network-kind-{}", kind.code()))
}

fn target_label(tr: &Tr, target: LinkTarget, name: &str) -> String {
    match target {
        LinkTarget::Idea(_) => tr.t1("network-target-idea", "name", name),
        LinkTarget::Enterprise(_) => tr.t1("network-target-enterprise", "name", name),
    }
}

impl Drawing {
    fn new(tr: &Tr, network: &Network) -> Self {
        let mut targets: Vec<(LinkTarget, String)> = Vec::new();
        for link in &network.links {
            if !targets.iter().any(|(t, _)| *t == link.target) {
                targets.push((link.target, link.target_name.clone()));
            }
        }
        let index_of_org = |id: i64| network.organisations.iter().position(|o| o.id == id);
        let pairs: Vec<(usize, usize)> = network
            .links
            .iter()
            .filter_map(|l| {
                Some((
                    index_of_org(l.organisation_id)?,
                    targets.iter().position(|(t, _)| *t == l.target)?,
                ))
            })
            .collect();
        let placed = layout(network.organisations.len(), targets.len(), &pairs);
        let mut lines: Vec<Line> = placed
            .organisations
            .iter()
            .map(|p| Line {
                x1: number(placed.centre.x),
                y1: number(placed.centre.y),
                x2: number(p.x),
                y2: number(p.y),
            })
            .collect();
        lines.extend(pairs.iter().map(|(o, t)| Line {
            x1: number(placed.organisations[*o].x),
            y1: number(placed.organisations[*o].y),
            x2: number(placed.targets[*t].x),
            y2: number(placed.targets[*t].y),
        }));
        let mut nodes: Vec<Node> = network
            .organisations
            .iter()
            .zip(&placed.organisations)
            .map(|(o, p)| Node {
                x: number(p.x),
                y: number(p.y),
                label: short(&o.name),
                title: format!("{} ({}): {}", o.name, kind_label(tr, o.kind), o.role),
                class: "network-organisation",
            })
            .collect();
        nodes.extend(
            targets
                .iter()
                .zip(&placed.targets)
                .map(|((t, name), p)| Node {
                    x: number(p.x),
                    y: number(p.y),
                    label: short(name),
                    title: target_label(tr, *t, name),
                    class: match t {
                        LinkTarget::Idea(_) => "network-idea",
                        LinkTarget::Enterprise(_) => "network-enterprise",
                    },
                }),
        );
        Drawing {
            width: number(placed.width),
            height: number(placed.height),
            centre: Node {
                x: number(placed.centre.x),
                y: number(placed.centre.y),
                label: short(&network.programme.name),
                title: network.programme.name.clone(),
                class: "network-programme",
            },
            nodes,
            lines,
        }
    }
}

fn kinds(tr: &Tr) -> Vec<(String, String)> {
    NetworkKind::ALL
        .iter()
        .map(|k| (k.code().to_string(), kind_label(tr, *k)))
        .collect()
}

fn target_options(tr: &Tr, targets: &[(LinkTarget, String)]) -> Vec<(String, String)> {
    targets
        .iter()
        .map(|(t, name)| (t.code(), target_label(tr, *t, name)))
        .collect()
}

fn organisation_input(pairs: &[(String, String)]) -> OrganisationInput {
    OrganisationInput {
        name: forms::get(pairs, "name").into(),
        kind: forms::get(pairs, "kind").into(),
        role: forms::get(pairs, "role").into(),
    }
}

#[derive(Template)]
#[template(path = "network/view.html")]
struct ViewPage {
    l: Layout,
    n: Network,
    drawing: Drawing,
    form: Form,
    kinds: Vec<(String, String)>,
}

impl ViewPage {
    fn kind(&self, kind: &NetworkKind) -> String {
        kind_label(&self.l.tr, *kind)
    }

    fn links_of(&self, organisation: &NetworkOrganisation) -> Vec<&Link> {
        self.n
            .links
            .iter()
            .filter(|l| l.organisation_id == organisation.id)
            .collect()
    }

    fn target(&self, link: &Link) -> String {
        target_label(&self.l.tr, link.target, &link.target_name)
    }
}

async fn view_page(
    state: &AppState,
    user: &CurrentUser,
    uri: &Uri,
    id: i64,
    form: Form,
) -> Result<ViewPage, AppError> {
    let n = uc::network(&state.app, &user.actor, id).await?;
    let tr = &user.ctx.tr;
    Ok(ViewPage {
        l: Layout::new(state, &user.ctx, uri.path()),
        drawing: Drawing::new(tr, &n),
        n,
        form,
        kinds: kinds(tr),
    })
}

pub async fn view(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
) -> Response {
    let page = view_page(&state, &user, &uri, ids.id(), Form::new(&user.ctx.tr)).await;
    page_or_failure(&state, &user.ctx, &uri, page, StatusCode::OK)
}

pub async fn add_organisation(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let input = organisation_input(&pairs);
    form_outcome(
        &state,
        &user.ctx,
        &uri,
        uc::add_organisation(&state.app, &user.actor, ids.id(), &input).await,
        |id| format!("/natverk/{id}"),
        "flash-network-organisation-added",
        async |errors| {
            let form = Form::from_pairs(&user.ctx.tr, &pairs).with_errors(errors);
            let page = view_page(&state, &user, &uri, ids.id(), form).await;
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

/// The forms of an organisation's page, so the one that failed shows its input and errors.
struct OrganisationForms {
    edit: Option<Form>,
    link: Form,
    contact: Form,
    log: Form,
}

impl OrganisationForms {
    fn new(tr: &Tr) -> Self {
        Self {
            edit: None,
            link: Form::new(tr).prefixed("link-"),
            contact: Form::new(tr).prefixed("contact-"),
            log: Form::new(tr).prefixed("log-"),
        }
    }
}

#[derive(Template)]
#[template(path = "network/organisation.html")]
struct OrganisationPage {
    l: Layout,
    d: OrganisationDetail,
    kind: String,
    edit: Form,
    link: Form,
    contact: Form,
    log: Form,
    kinds: Vec<(String, String)>,
    targets: Vec<(String, String)>,
    contacts: Vec<(String, String)>,
}

impl OrganisationPage {
    fn target(&self, link: &Link) -> String {
        target_label(&self.l.tr, link.target, &link.target_name)
    }
}

async fn organisation_page(
    state: &AppState,
    user: &CurrentUser,
    uri: &Uri,
    id: i64,
    forms: OrganisationForms,
) -> Result<OrganisationPage, AppError> {
    let d = uc::organisation(&state.app, &user.actor, id).await?;
    let tr = &user.ctx.tr;
    let edit = forms.edit.unwrap_or_else(|| {
        Form::new(tr)
            .prefixed("edit-")
            .with("name", d.organisation.name.clone())
            .with("kind", d.organisation.kind.code())
            .with("role", d.organisation.role.clone())
    });
    Ok(OrganisationPage {
        l: Layout::new(state, &user.ctx, uri.path()),
        kind: kind_label(tr, d.organisation.kind),
        edit,
        link: forms.link,
        contact: forms.contact,
        log: forms.log,
        kinds: kinds(tr),
        targets: target_options(tr, &d.targets),
        contacts: d
            .contacts
            .iter()
            .map(|c| (c.id.to_string(), c.name.clone()))
            .collect(),
        d,
    })
}

pub async fn organisation(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
) -> Response {
    let forms = OrganisationForms::new(&user.ctx.tr);
    let page = organisation_page(&state, &user, &uri, ids.id(), forms).await;
    page_or_failure(&state, &user.ctx, &uri, page, StatusCode::OK)
}

/// Back to the organisation's page on success, or the page again with the failed form.
async fn after_form<T>(
    state: &AppState,
    user: &CurrentUser,
    uri: &Uri,
    id: i64,
    result: Result<T, AppError>,
    flash: &str,
    failed: impl FnOnce(ValidationErrors, OrganisationForms) -> OrganisationForms,
) -> Response {
    form_outcome(
        state,
        &user.ctx,
        uri,
        result,
        |_| format!("/natverk/{id}"),
        flash,
        async |errors| {
            let forms = failed(errors, OrganisationForms::new(&user.ctx.tr));
            page_or_failure(
                state,
                &user.ctx,
                uri,
                organisation_page(state, user, uri, id, forms).await,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        },
    )
    .await
}

/// Which of the page's forms a failed post re-renders with the user's input.
#[derive(Clone, Copy)]
enum Slot {
    Edit,
    Link,
    Contact,
    Log,
}

impl Slot {
    fn prefix(self) -> &'static str {
        match self {
            Slot::Edit => "edit-",
            Slot::Link => "link-",
            Slot::Contact => "contact-",
            Slot::Log => "log-",
        }
    }
}

/// After a post of one of the organisation page's forms: back to the page with a message, or
/// the page again with the input of the form that failed and what was wrong with it.
async fn after_post<T>(
    state: &AppState,
    user: &CurrentUser,
    uri: &Uri,
    id: i64,
    result: Result<T, AppError>,
    (flash, slot): (&str, Slot),
    pairs: &[(String, String)],
) -> Response {
    after_form(state, user, uri, id, result, flash, |errors, mut forms| {
        let kept = Form::from_pairs(&user.ctx.tr, pairs)
            .prefixed(slot.prefix())
            .with_errors(errors);
        match slot {
            Slot::Edit => forms.edit = Some(kept),
            Slot::Link => forms.link = kept,
            Slot::Contact => forms.contact = kept,
            Slot::Log => forms.log = kept,
        }
        forms
    })
    .await
}

/// The messages of a removal from the organisation page.
struct Removal {
    title: &'static str,
    consequence: &'static str,
    flash: &'static str,
    /// The section of the page that "Avbryt" returns to.
    anchor: &'static str,
}

/// Asks before a removal, naming what goes with it; once confirmed, removes and returns to the
/// organisation's page. The removal is a future, so nothing happens until it is awaited.
async fn remove_after_asking<T>(
    state: &AppState,
    user: &CurrentUser,
    uri: &Uri,
    id: i64,
    pairs: &[(String, String)],
    what: Removal,
    removal: impl Future<Output = Result<T, AppError>>,
) -> Response {
    if !super::confirm::confirmed(pairs) {
        let confirmation = super::confirm::simple(
            &user.ctx,
            what.title,
            user.ctx.tr.t(what.consequence),
            format!("/natverk/{id}#{}", what.anchor),
        );
        return super::confirm::page(state, &user.ctx, uri, pairs, confirmation);
    }
    after_form(
        state,
        user,
        uri,
        id,
        removal.await,
        what.flash,
        |_, forms| forms,
    )
    .await
}

pub async fn update_organisation(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let input = organisation_input(&pairs);
    let result = uc::update_organisation(&state.app, &user.actor, ids.id(), &input).await;
    let flash = "flash-network-organisation-saved";
    after_post(
        &state,
        &user,
        &uri,
        ids.id(),
        result,
        (flash, Slot::Edit),
        &pairs,
    )
    .await
}

pub async fn add_link(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let target = forms::get(&pairs, "target");
    let role = forms::get(&pairs, "role");
    let result = uc::add_link(&state.app, &user.actor, ids.id(), target, role).await;
    let flash = "flash-network-link-added";
    after_post(
        &state,
        &user,
        &uri,
        ids.id(),
        result,
        (flash, Slot::Link),
        &pairs,
    )
    .await
}

pub async fn remove_link(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let what = Removal {
        title: "confirm-network-link-title",
        consequence: "confirm-network-link-text",
        flash: "flash-network-link-removed",
        anchor: "links-heading",
    };
    let removal = uc::remove_link(&state.app, &user.actor, ids.id(), ids.get("link"));
    remove_after_asking(&state, &user, &uri, ids.id(), &pairs, what, removal).await
}

pub async fn add_contact(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let input = ContactInput {
        name: forms::get(&pairs, "name").into(),
        role: forms::get(&pairs, "role").into(),
        email: forms::get(&pairs, "email").into(),
        phone: forms::get(&pairs, "phone").into(),
    };
    let result = uc::add_contact(&state.app, &user.actor, ids.id(), &input).await;
    let flash = "flash-network-contact-added";
    after_post(
        &state,
        &user,
        &uri,
        ids.id(),
        result,
        (flash, Slot::Contact),
        &pairs,
    )
    .await
}

pub async fn remove_contact(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let what = Removal {
        title: "confirm-network-contact-title",
        consequence: "confirm-network-contact-text",
        flash: "flash-network-contact-removed",
        anchor: "contacts-heading",
    };
    let removal = uc::remove_contact(&state.app, &user.actor, ids.id(), ids.get("contact"));
    remove_after_asking(&state, &user, &uri, ids.id(), &pairs, what, removal).await
}

pub async fn add_log(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let input = LogInput {
        contacted_on: forms::get(&pairs, "contacted_on").into(),
        contact_id: forms::get(&pairs, "contact_id").into(),
        what: forms::get(&pairs, "what").into(),
        follow_up: forms::get(&pairs, "follow_up").into(),
        follow_up_on: forms::get(&pairs, "follow_up_on").into(),
    };
    let result = uc::add_log(&state.app, &user.actor, ids.id(), &input).await;
    let flash = "flash-network-log-added";
    after_post(
        &state,
        &user,
        &uri,
        ids.id(),
        result,
        (flash, Slot::Log),
        &pairs,
    )
    .await
}
