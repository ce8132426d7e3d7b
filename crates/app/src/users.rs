//! Use cases for user accounts: creating, inviting, changing roles, passwords and language.
//!
//! User accounts are personal data (names of staff), so every read and write is audited.

use crate::secrets::{hash_token, random_api_token, random_token};
use crate::{Actor, App, AppError, Result};
use stegvis_domain::access::{Capability, PersonScope, Principal, Role};
use stegvis_domain::audit::RecordRef;
use stegvis_domain::edit::SeenVersion;
use stegvis_domain::timestamp::Timestamp;
use stegvis_domain::user::{
    LinkPurpose, Locale, User, UserFilter, Username, check_new_password, parse_display_name,
};
use stegvis_domain::validation::{FieldError, ValidationErrors};
use stegvis_storage::StorageError;
use stegvis_storage::edits::Editable;
use stegvis_storage::users::{self, NewUser};
use stegvis_storage::{Tx, organisations, persons};

/// The raw text of a new-user form, API body or CLI flags.
#[derive(Debug, Clone, Default)]
pub struct UserInput {
    pub username: String,
    pub display_name: String,
    pub role: String,
    /// Id or short name; required for coordinators and case officers.
    pub organisation: String,
    /// Participant accounts only, and only when the account is created: the id of the person
    /// the account belongs to, whose own record the participant portal shows. Blank for none.
    pub person: String,
    /// Enterprise-role accounts only, and only when the account is created: the id of the
    /// enterprise the representative reports figures for. Blank for none.
    pub enterprise: String,
}

/// A parsed and checked account, before it is stored.
struct UserDraft {
    username: Username,
    display_name: String,
    role: Role,
    organisation_id: Option<i64>,
}

async fn parse_user(tx: &mut Tx, input: &UserInput, check_username: bool) -> Result<UserDraft> {
    let mut errors = ValidationErrors::new();
    let username = if check_username {
        errors.check(Username::parse(&input.username))
    } else {
        Username::parse(&input.username).ok()
    };
    let display_name = errors.check(parse_display_name(
        if input.display_name.trim().is_empty() {
            &input.username
        } else {
            &input.display_name
        },
    ));
    let role = errors.check(
        input
            .role
            .parse::<Role>()
            .map_err(|_| FieldError::new("role", "error-choose-option")),
    );
    let organisation_id = if input.organisation.trim().is_empty() {
        if role.is_some_and(Role::requires_organisation) {
            errors.push(FieldError::new(
                "organisation",
                "error-organisation-required-for-role",
            ));
        }
        None
    } else {
        match organisations::find_by_reference(tx, &input.organisation).await? {
            Some(org) => Some(org.id),
            None => {
                errors.push(FieldError::new(
                    "organisation",
                    "error-organisation-unknown",
                ));
                None
            }
        }
    };
    match (username, display_name, role) {
        (Some(username), Some(display_name), Some(role)) if errors.is_empty() => Ok(UserDraft {
            username,
            display_name,
            role,
            organisation_id,
        }),
        _ => Err(AppError::Invalid(errors)),
    }
}

/// The person a new participant account is to be linked to, if any. Only a participant
/// account may be linked, only to a person who exists and is not anonymised, and a person
/// has at most one account, so the portal shows one record to one login.
async fn person_to_link(tx: &mut Tx, input: &UserInput, role: Role) -> Result<Option<i64>> {
    if input.person.trim().is_empty() {
        return Ok(None);
    }
    if role != Role::Participant {
        return Err(AppError::field(
            "person",
            "error-person-link-needs-participant",
        ));
    }
    let person_id = stegvis_domain::programme::parse_id("person", &input.person)
        .map_err(|_| AppError::field("person", "error-person-unknown"))?;
    // Linking an account only needs to know that the person exists and is not anonymised;
    // nothing of them is shown, and the administrator who does it sees no people otherwise.
    if persons::get(tx, PersonScope::All, person_id)
        .await?
        .is_none_or(|p| p.anonymised_at.is_some())
    {
        return Err(AppError::field("person", "error-person-unknown"));
    }
    if persons::user_linked_to(tx, person_id).await?.is_some() {
        return Err(AppError::field("person", "error-person-already-linked"));
    }
    Ok(Some(person_id))
}

/// What a new account is linked to: a participant's person, an enterprise representative's
/// enterprise.
#[derive(Debug, Clone, Copy)]
struct Links {
    person: Option<i64>,
    enterprise: Option<i64>,
}

async fn links(tx: &mut Tx, input: &UserInput, role: Role) -> Result<Links> {
    Ok(Links {
        person: person_to_link(tx, input, role).await?,
        enterprise: crate::enterprise_figures::enterprise_to_link(tx, &input.enterprise, role)
            .await?,
    })
}

/// Links a new account to its person or enterprise and names both in the audit event of the
/// creation.
async fn link_new_account(
    app: &App,
    tx: &mut Tx,
    actor: &Actor,
    action: &str,
    user_id: i64,
    links: Links,
) -> Result<()> {
    let mut records = vec![RecordRef::new("user", user_id)];
    if let Some(person_id) = links.person {
        persons::link_user(tx, user_id, person_id).await?;
        records.push(RecordRef::new("person", person_id));
    }
    if let Some(enterprise_id) = links.enterprise {
        crate::enterprise_figures::link_user(tx, user_id, enterprise_id).await?;
        records.push(RecordRef::new("enterprise", enterprise_id));
    }
    app.audit(tx, actor, action, &records).await
}

fn username_taken(error: StorageError) -> AppError {
    match error {
        StorageError::Conflict { .. } => AppError::field("username", "error-username-taken"),
        other => other.into(),
    }
}

/// Creates an account with a password (the CLI's `user add --password-stdin`).
pub async fn create_with_password(
    app: &App,
    actor: &Actor,
    input: &UserInput,
    password: &str,
) -> Result<i64> {
    actor.require(Capability::ManageUsers)?;
    let mut tx = app.begin().await?;
    let draft = parse_user(&mut tx, input, true).await?;
    check_new_password("password", password, draft.username.as_str())
        .map_err(ValidationErrors::single)?;
    let links = links(&mut tx, input, draft.role).await?;
    let hash = app.passwords.hash(password.to_string()).await?;
    let id = users::insert(
        &mut tx,
        &NewUser {
            username: &draft.username,
            display_name: &draft.display_name,
            role: draft.role,
            organisation_id: draft.organisation_id,
            password_hash: Some(&hash),
        },
        app.now(),
    )
    .await
    .map_err(username_taken)?;
    link_new_account(app, &mut tx, actor, "user.create", id, links).await?;
    tx.commit().await?;
    Ok(id)
}

/// A one-time link: the secret to put in the URL, and when it stops working.
#[derive(Debug, Clone)]
pub struct OneTimeLink {
    pub user_id: i64,
    pub token: String,
    pub expires_at: Timestamp,
}

/// Creates an account without a password and returns the activation link's secret.
pub async fn invite(app: &App, actor: &Actor, input: &UserInput) -> Result<OneTimeLink> {
    actor.require(Capability::ManageUsers)?;
    let mut tx = app.begin().await?;
    let link = create_invited(app, &mut tx, actor, input).await?;
    tx.commit().await?;
    Ok(link)
}

/// The invitation itself, once the caller has checked who may make it.
async fn create_invited(
    app: &App,
    tx: &mut Tx,
    actor: &Actor,
    input: &UserInput,
) -> Result<OneTimeLink> {
    let draft = parse_user(tx, input, true).await?;
    let links = links(tx, input, draft.role).await?;
    let now = app.now();
    let id = users::insert(
        tx,
        &NewUser {
            username: &draft.username,
            display_name: &draft.display_name,
            role: draft.role,
            organisation_id: draft.organisation_id,
            password_hash: None,
        },
        now,
    )
    .await
    .map_err(username_taken)?;
    let link = issue_link(
        tx,
        actor,
        id,
        LinkPurpose::Invite,
        now,
        now.plus(app.policy.invite_valid),
    )
    .await?;
    link_new_account(app, tx, actor, "user.invite", id, links).await?;
    Ok(link)
}

/// What a coordinator invites to Stegvis from a record's page: the participant a person is,
/// or a representative of an enterprise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InviteFor {
    Person(i64),
    Enterprise(i64),
}

/// What the invitation form shows: whom the account is for and a username to start from.
#[derive(Debug, Clone)]
pub struct InviteTarget {
    /// The person's name or the enterprise's.
    pub name: String,
    pub suggested_username: String,
    /// The person already has an account, so no second one may be made.
    pub already_linked: bool,
}

/// The person or enterprise an invitation is for, within the coordinator's scope: a person of
/// another operator, an anonymised person or an enterprise out of reach is "not found".
async fn invite_target(tx: &mut Tx, actor: &Actor, target: InviteFor) -> Result<InviteTarget> {
    actor.require(Capability::InviteLinkedAccounts)?;
    let principal = actor.principal().ok_or(AppError::Forbidden)?;
    match target {
        InviteFor::Person(id) => {
            let person = persons::get(tx, actor.person_scope(), id)
                .await?
                .filter(|p| p.anonymised_at.is_none())
                .ok_or(AppError::NotFound)?;
            let base = username_from(&[
                person.given_name.as_deref().unwrap_or_default(),
                person.family_name.as_deref().unwrap_or_default(),
            ]);
            Ok(InviteTarget {
                name: person.full_name(),
                suggested_username: free_username(tx, &base).await?,
                already_linked: persons::user_linked_to(tx, id).await?.is_some(),
            })
        }
        InviteFor::Enterprise(id) => {
            let enterprise =
                stegvis_storage::enterprises::get(tx, principal.enterprise_scope(), id)
                    .await?
                    .ok_or(AppError::NotFound)?;
            let base = username_from(&[&enterprise.name]);
            Ok(InviteTarget {
                name: enterprise.name,
                suggested_username: free_username(tx, &base).await?,
                already_linked: false,
            })
        }
    }
}

/// A username from names: lower case, Swedish letters without their marks, words joined by
/// dots, nothing a username may not hold.
fn username_from(words: &[&str]) -> String {
    let plain: Vec<String> = words
        .iter()
        .flat_map(|w| w.split_whitespace())
        .map(|word| {
            word.to_lowercase()
                .chars()
                .filter_map(|c| match c {
                    'å' | 'ä' | 'à' | 'á' => Some('a'),
                    'ö' | 'ø' | 'ó' => Some('o'),
                    'é' | 'è' | 'ë' => Some('e'),
                    'ü' => Some('u'),
                    c if c.is_ascii_lowercase() || c.is_ascii_digit() => Some(c),
                    _ => None,
                })
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect();
    let joined: String = plain.join(".").chars().take(56).collect();
    if joined.chars().count() < stegvis_domain::user::USERNAME_MIN {
        "deltagare".into()
    } else {
        joined
    }
}

/// `base`, or `base` with the first number that makes it unused.
async fn free_username(tx: &mut Tx, base: &str) -> Result<String> {
    for n in 1..100 {
        let candidate = if n == 1 {
            base.to_string()
        } else {
            format!("{base}{n}")
        };
        if users::credentials_by_username(tx, &candidate)
            .await?
            .is_none()
        {
            return Ok(candidate);
        }
    }
    Ok(base.to_string())
}

/// Whom an invitation from a person's or an enterprise's page is for, and the username the
/// form suggests. Reading the person's name is recorded as reading the person.
pub async fn invite_form(app: &App, actor: &Actor, target: InviteFor) -> Result<InviteTarget> {
    let mut tx = app.begin().await?;
    let found = invite_target(&mut tx, actor, target).await?;
    if let InviteFor::Person(id) = target {
        app.audit(
            &mut tx,
            actor,
            "person.read",
            &[RecordRef::new("person", id)],
        )
        .await?;
    }
    tx.commit().await?;
    Ok(found)
}

/// A coordinator invites the participant a person is, or a representative of an enterprise,
/// to an account linked to that person or enterprise; the one-time link works as any
/// invitation's. Refused for a person who already has an account.
pub async fn invite_linked(
    app: &App,
    actor: &Actor,
    target: InviteFor,
    username: &str,
    display_name: &str,
) -> Result<OneTimeLink> {
    let mut tx = app.begin().await?;
    let found = invite_target(&mut tx, actor, target).await?;
    if found.already_linked {
        return Err(AppError::field("username", "error-person-already-linked"));
    }
    let input = match target {
        InviteFor::Person(id) => UserInput {
            username: username.into(),
            display_name: if display_name.trim().is_empty() {
                found.name
            } else {
                display_name.into()
            },
            role: Role::Participant.code().into(),
            person: id.to_string(),
            ..UserInput::default()
        },
        InviteFor::Enterprise(id) => UserInput {
            username: username.into(),
            display_name: display_name.into(),
            role: Role::Enterprise.code().into(),
            enterprise: id.to_string(),
            ..UserInput::default()
        },
    };
    let link = create_invited(app, &mut tx, actor, &input).await?;
    tx.commit().await?;
    Ok(link)
}

async fn issue_link(
    tx: &mut Tx,
    actor: &Actor,
    user_id: i64,
    purpose: LinkPurpose,
    issued_at: Timestamp,
    expires_at: Timestamp,
) -> Result<OneTimeLink> {
    let token = random_token();
    users::insert_link(
        tx,
        user_id,
        purpose,
        &hash_token(&token),
        actor.principal().map(|p| p.user_id),
        issued_at,
        expires_at,
    )
    .await?;
    Ok(OneTimeLink {
        user_id,
        token,
        expires_at,
    })
}

/// Issues a password-reset link for an existing account; earlier links stop working.
pub async fn reset_link(app: &App, actor: &Actor, user_id: i64) -> Result<OneTimeLink> {
    actor.require(Capability::ManageUsers)?;
    let mut tx = app.begin().await?;
    users::get(&mut tx, user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let now = app.now();
    let expires = now.plus(app.policy.reset_valid);
    let link = issue_link(&mut tx, actor, user_id, LinkPurpose::Reset, now, expires).await?;
    app.audit(
        &mut tx,
        actor,
        "user.reset-link",
        &[RecordRef::new("user", user_id)],
    )
    .await?;
    tx.commit().await?;
    Ok(link)
}

/// Finds the user for a username, as the CLI takes it.
pub async fn find_by_username(app: &App, actor: &Actor, username: &str) -> Result<User> {
    actor.require(Capability::ManageUsers)?;
    let mut tx = app.begin().await?;
    let user = users::credentials_by_username(&mut tx, username)
        .await?
        .ok_or(AppError::NotFound)?
        .user;
    app.audit(
        &mut tx,
        actor,
        "user.read",
        &[RecordRef::new("user", user.id)],
    )
    .await?;
    tx.commit().await?;
    Ok(user)
}

/// One page of users and the total count.
pub struct UserPage {
    pub users: Vec<User>,
    pub total: i64,
}

pub async fn list(
    app: &App,
    actor: &Actor,
    filter: &UserFilter,
    limit: i64,
    offset: i64,
) -> Result<UserPage> {
    actor.require(Capability::ManageUsers)?;
    let mut tx = app.begin().await?;
    let (users, total) = users::list(&mut tx, filter, limit.clamp(1, 500), offset.max(0)).await?;
    let records: Vec<RecordRef> = users.iter().map(|u| RecordRef::new("user", u.id)).collect();
    app.audit(&mut tx, actor, "user.list", &records).await?;
    tx.commit().await?;
    Ok(UserPage { users, total })
}

pub async fn get(app: &App, actor: &Actor, id: i64) -> Result<User> {
    actor.require(Capability::ManageUsers)?;
    let mut tx = app.begin().await?;
    let user = users::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    app.audit(&mut tx, actor, "user.read", &[RecordRef::new("user", id)])
        .await?;
    tx.commit().await?;
    Ok(user)
}

/// Changes name, role, organisation and whether the account is active. Disabling an account
/// or changing its role ends its sessions, so the change takes effect at once.
pub async fn update(
    app: &App,
    actor: &Actor,
    id: i64,
    input: &UserInput,
    active: bool,
    seen: SeenVersion<'_>,
) -> Result<()> {
    actor.require(Capability::ManageUsers)?;
    let mut tx = app.begin().await?;
    let existing = users::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let draft = parse_user(&mut tx, input, false).await?;
    if actor.principal().is_some_and(|p| p.user_id == id)
        && (!active || draft.role != existing.role)
    {
        return Err(AppError::field("role", "error-cannot-demote-yourself"));
    }
    let version = app.claim_edit(&mut tx, Editable::User, id, seen).await?;
    users::update_profile(
        &mut tx,
        id,
        &draft.display_name,
        draft.role,
        draft.organisation_id,
        active,
        version,
    )
    .await?;
    if !active || draft.role != existing.role || draft.organisation_id != existing.organisation_id {
        stegvis_storage::sessions::delete_for_user(&mut tx, id).await?;
    }
    app.audit(&mut tx, actor, "user.update", &[RecordRef::new("user", id)])
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Creates an API token for a user; returns the secret, which is shown once and never stored.
pub async fn create_api_token(
    app: &App,
    actor: &Actor,
    user_id: i64,
    name: &str,
) -> Result<String> {
    match actor {
        Actor::User { principal, .. } if principal.user_id == user_id => {}
        _ => actor.require(Capability::ManageUsers)?,
    }
    let name = stegvis_domain::validation::required_text("name", name, 100)
        .map_err(ValidationErrors::single)?;
    let mut tx = app.begin().await?;
    users::get(&mut tx, user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let token = random_api_token();
    let id =
        users::insert_api_token(&mut tx, user_id, &name, &hash_token(&token), app.now()).await?;
    app.audit(
        &mut tx,
        actor,
        "api-token.create",
        &[
            RecordRef::new("user", user_id),
            RecordRef::new("api-token", id),
        ],
    )
    .await?;
    tx.commit().await?;
    Ok(token)
}

/// Sets the interface language of the actor's own account; `None` follows the browser.
pub async fn set_own_locale(app: &App, actor: &Actor, locale: Option<Locale>) -> Result<()> {
    let principal = actor.principal().ok_or(AppError::Forbidden)?;
    let mut tx = app.begin().await?;
    users::set_locale(&mut tx, principal.user_id, locale, app.now()).await?;
    app.audit(
        &mut tx,
        actor,
        "user.set-locale",
        &[RecordRef::new("user", principal.user_id)],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Changes the actor's own password after checking the current one; other sessions end.
pub async fn change_own_password(
    app: &App,
    actor: &Actor,
    current: &str,
    new: &str,
    confirm: &str,
    keep_session_hash: &str,
) -> Result<()> {
    let principal = actor.principal().ok_or(AppError::Forbidden)?;
    let mut tx = app.begin().await?;
    let credentials = users::credentials_by_id(&mut tx, principal.user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut errors = ValidationErrors::new();
    if !app
        .passwords
        .verify(current.to_string(), credentials.password_hash.clone())
        .await
    {
        errors.push(FieldError::new(
            "current_password",
            "error-current-password-wrong",
        ));
    }
    errors.check(check_new_password(
        "new_password",
        new,
        &credentials.user.username,
    ));
    if new != confirm {
        errors.push(FieldError::new(
            "confirm_password",
            "error-passwords-differ",
        ));
    }
    errors.into_result()?;
    let hash = app.passwords.hash(new.to_string()).await?;
    users::set_password(&mut tx, principal.user_id, &hash, app.now()).await?;
    stegvis_storage::sessions::delete_others_for_user(
        &mut tx,
        principal.user_id,
        keep_session_hash,
    )
    .await?;
    app.audit(
        &mut tx,
        actor,
        "user.change-password",
        &[RecordRef::new("user", principal.user_id)],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The account a one-time link belongs to, if the link is still valid.
pub async fn link_owner(app: &App, token: &str) -> Result<User> {
    let mut tx = app.begin().await?;
    let user_id = users::find_link_user(&mut tx, &hash_token(token), app.now())
        .await?
        .ok_or(AppError::NotFound)?;
    let user = users::get(&mut tx, user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    tx.commit().await?;
    Ok(user)
}

/// Sets a password through a one-time link, which then stops working.
pub async fn redeem_link(app: &App, token: &str, new: &str, confirm: &str) -> Result<i64> {
    let mut tx = app.begin().await?;
    let token_hash = hash_token(token);
    let user_id = users::find_link_user(&mut tx, &token_hash, app.now())
        .await?
        .ok_or(AppError::NotFound)?;
    let user = users::get(&mut tx, user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut errors = ValidationErrors::new();
    errors.check(check_new_password("new_password", new, &user.username));
    if new != confirm {
        errors.push(FieldError::new(
            "confirm_password",
            "error-passwords-differ",
        ));
    }
    errors.into_result()?;
    let hash = app.passwords.hash(new.to_string()).await?;
    let now = app.now();
    users::set_password(&mut tx, user_id, &hash, now).await?;
    users::mark_link_used(&mut tx, &token_hash, now).await?;
    stegvis_storage::sessions::delete_for_user(&mut tx, user_id).await?;
    let actor = Actor::user(principal_of(&user), "POST /aktivera/{token}");
    app.audit(
        &mut tx,
        &actor,
        "user.redeem-link",
        &[RecordRef::new("user", user_id)],
    )
    .await?;
    tx.commit().await?;
    Ok(user_id)
}

/// The principal a stored user acts as.
pub fn principal_of(user: &User) -> Principal {
    Principal {
        user_id: user.id,
        role: user.role,
        organisation_id: user.organisation_id,
    }
}

/// The actor's own active API tokens.
pub async fn own_api_tokens(
    app: &App,
    actor: &Actor,
) -> Result<Vec<stegvis_domain::user::ApiToken>> {
    let principal = actor.principal().ok_or(AppError::Forbidden)?;
    let mut tx = app.begin().await?;
    let tokens = users::list_api_tokens(&mut tx, principal.user_id).await?;
    tx.commit().await?;
    Ok(tokens)
}

/// Revokes one of the actor's own API tokens; another user's token is "not found".
pub async fn revoke_own_api_token(app: &App, actor: &Actor, token_id: i64) -> Result<()> {
    let principal = actor.principal().ok_or(AppError::Forbidden)?;
    let mut tx = app.begin().await?;
    if !users::revoke_api_token(&mut tx, principal.user_id, token_id, app.now()).await? {
        return Err(AppError::NotFound);
    }
    app.audit(
        &mut tx,
        actor,
        "api-token.revoke",
        &[
            RecordRef::new("user", principal.user_id),
            RecordRef::new("api-token", token_id),
        ],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
