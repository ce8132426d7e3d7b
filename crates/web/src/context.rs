//! The request context: who is asking (session or API token), in which language, and the
//! CSRF token their forms must carry. Built once per request by [`middleware`].
//!
//! CSRF defence has two layers: a state-changing request must come from our own origin (by
//! `Sec-Fetch-Site` or `Origin`), and must carry a token tied to the session, or, before login,
//! to a random pre-session cookie. Both are checked before any handler runs.

use crate::AppState;
use crate::i18n::Tr;
use axum::extract::{ConnectInfo, FromRequestParts, MatchedPath, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use stegvis_app::Actor;
use stegvis_app::auth::ActiveSession;
use stegvis_domain::access::Principal;
use stegvis_domain::timestamp::Timestamp;
use stegvis_domain::user::Locale;
use subtle::ConstantTimeEq;

/// Settings of the web layer.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// The address users reach Stegvis at; decides cookie security and the origin check.
    pub public_url: url::Url,
    /// Shows the "Demoläge" banner.
    pub demo: bool,
    /// Key for pre-session CSRF tokens, derived from the instance key.
    pub csrf_key: [u8; 32],
    /// Behind a reverse proxy every connection comes from the proxy; when set, the client's
    /// address is taken from the last entry of `X-Forwarded-For`, which the proxy appends.
    pub trust_forwarded_for: bool,
    /// The bearer token the operator's monitoring sends to `/metrics`; without one the
    /// endpoint is off (404).
    pub metrics_token: Option<String>,
}

impl WebConfig {
    pub fn secure(&self) -> bool {
        self.public_url.scheme() == "https"
    }

    /// Cookie names take the `__Host-` prefix over HTTPS, which the browser only accepts with
    /// `Secure`, `Path=/` and no domain: the cookie cannot be set or widened by a subdomain.
    pub fn cookie_name(&self, base: &str) -> String {
        if self.secure() {
            format!("__Host-{base}")
        } else {
            base.to_string()
        }
    }

    pub fn origin(&self) -> String {
        self.public_url.origin().ascii_serialization()
    }
}

pub const SESSION_COOKIE: &str = "stegvis_session";
pub const PRE_SESSION_COOKIE: &str = "stegvis_pre";
pub const LANGUAGE_COOKIE: &str = "stegvis_lang";
pub const FLASH_COOKIE: &str = "stegvis_flash";
pub const CSRF_FIELD: &str = "csrf_token";
pub const CSRF_HEADER: &str = "x-csrf-token";

/// How the requester is authenticated.
#[derive(Debug, Clone)]
pub enum Auth {
    Anonymous,
    Session(Box<ActiveSession>),
    Token(Principal),
}

/// What every handler knows about the request.
#[derive(Clone)]
pub struct RequestContext {
    pub auth: Auth,
    pub tr: Tr,
    pub csrf_token: String,
    /// A message key left by the previous request (after POST → redirect).
    pub flash: Option<String>,
    pub client_ip: IpAddr,
}

impl RequestContext {
    pub fn principal(&self) -> Option<&Principal> {
        match &self.auth {
            Auth::Anonymous => None,
            Auth::Session(session) => Some(&session.principal),
            Auth::Token(principal) => Some(principal),
        }
    }

    pub fn session(&self) -> Option<&ActiveSession> {
        match &self.auth {
            Auth::Session(session) => Some(session),
            _ => None,
        }
    }

    pub fn locale(&self) -> Locale {
        self.tr.locale
    }
}

impl<S: Send + Sync> FromRequestParts<S> for RequestContext {
    type Rejection = StatusCode;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<RequestContext>()
            .cloned()
            .ok_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

/// The logged-in caller of a route, as an [`Actor`] carrying the route for the audit log.
/// Routes that need a login are guarded by [`crate::routes`]; this extractor fails closed if
/// one is reached without a principal anyway.
pub struct CurrentUser {
    pub actor: Actor,
    pub principal: Principal,
    pub ctx: RequestContext,
}

impl<S: Send + Sync> FromRequestParts<S> for CurrentUser {
    type Rejection = StatusCode;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let ctx = RequestContext::from_request_parts(parts, state).await?;
        let principal = ctx.principal().cloned().ok_or(StatusCode::UNAUTHORIZED)?;
        let path = parts
            .extensions
            .get::<MatchedPath>()
            .map_or_else(|| parts.uri.path().to_string(), |m| m.as_str().to_string());
        let route = format!("{} {path}", parts.method);
        Ok(CurrentUser {
            actor: Actor::user(principal.clone(), route),
            principal,
            ctx,
        })
    }
}

/// Cookies of a request, by name.
pub fn cookies(headers: &HeaderMap) -> HashMap<String, String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| {
            let (name, value) = pair.trim().split_once('=')?;
            Some((name.trim().to_string(), value.trim().to_string()))
        })
        .collect()
}

/// A `Set-Cookie` value. Session-bearing cookies are HttpOnly; all are SameSite=Lax and, over
/// HTTPS, Secure.
pub fn set_cookie(
    config: &WebConfig,
    name: &str,
    value: &str,
    max_age: Option<i64>,
) -> HeaderValue {
    let mut cookie = format!(
        "{}={value}; Path=/; HttpOnly; SameSite=Lax",
        config.cookie_name(name)
    );
    if config.secure() {
        cookie.push_str("; Secure");
    }
    if let Some(seconds) = max_age {
        cookie.push_str(&format!("; Max-Age={seconds}"));
    }
    HeaderValue::from_str(&cookie).unwrap_or_else(|_| HeaderValue::from_static(""))
}

pub fn clear_cookie(config: &WebConfig, name: &str) -> HeaderValue {
    set_cookie(config, name, "", Some(0))
}

fn pre_session_token(config: &WebConfig, pre_session: &str) -> String {
    match Hmac::<Sha256>::new_from_slice(&config.csrf_key) {
        Ok(mut mac) => {
            mac.update(b"stegvis-pre-session-csrf");
            mac.update(pre_session.as_bytes());
            hex::encode(mac.finalize().into_bytes())
        }
        Err(_) => String::new(),
    }
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Whether the browser says the request came from our own origin. Browsers send
/// `Sec-Fetch-Site` on every request; `Origin` is the fallback for older ones. A request
/// without either (e.g. a command-line client) still needs the token.
fn same_origin(config: &WebConfig, headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return site == "same-origin" || site == "none";
    }
    match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        Some(origin) => origin == config.origin(),
        None => true,
    }
}

fn tokens_match(expected: &str, given: &str) -> bool {
    !expected.is_empty() && bool::from(expected.as_bytes().ct_eq(given.as_bytes()))
}

fn resolve_locale(
    session: Option<&ActiveSession>,
    cookies: &HashMap<String, String>,
    headers: &HeaderMap,
) -> Locale {
    session
        .and_then(|s| s.user.locale)
        .or_else(|| cookies.get(LANGUAGE_COOKIE).and_then(|v| v.parse().ok()))
        .unwrap_or_else(|| {
            Locale::negotiate(
                headers
                    .get(header::ACCEPT_LANGUAGE)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or(""),
            )
        })
}

/// Builds the [`RequestContext`], enforces CSRF on state-changing browser requests, and
/// maintains the session, pre-session, language and flash cookies.
pub async fn middleware(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let config = state.config.clone();
    let (mut parts, body) = request.into_parts();
    let cookies = cookies(&parts.headers);
    let is_api = parts.uri.path().starts_with("/api/");
    // Machine endpoints and static files need no pre-session cookie.
    let wants_pre_session =
        !is_api && !parts.uri.path().starts_with("/static/") && parts.uri.path() != "/healthz";
    let mut set_cookies: Vec<HeaderValue> = Vec::new();
    let client_ip = client_ip(&config, &parts);

    let mut session_ended = false;
    let auth = if is_api {
        match bearer_token(&parts.headers) {
            Some(token) => match stegvis_app::auth::principal_for_token(&state.app, token).await {
                Ok(Some(principal)) => Auth::Token(principal),
                Ok(None) => {
                    return crate::errors::problem(
                        StatusCode::UNAUTHORIZED,
                        "The bearer token is not valid or has been revoked.",
                    );
                }
                Err(error) => return crate::errors::unavailable(&error),
            },
            None => Auth::Anonymous,
        }
    } else {
        match cookies.get(&config.cookie_name(SESSION_COOKIE)) {
            Some(id) => match stegvis_app::auth::session(&state.app, id).await {
                Ok(Some(session)) => Auth::Session(Box::new(session)),
                Ok(None) => {
                    set_cookies.push(clear_cookie(&config, SESSION_COOKIE));
                    session_ended = true;
                    Auth::Anonymous
                }
                Err(error) => return crate::errors::unavailable(&error),
            },
            None => Auth::Anonymous,
        }
    };

    let locale = resolve_locale(
        match &auth {
            Auth::Session(s) => Some(s),
            _ => None,
        },
        &cookies,
        &parts.headers,
    );
    let tr = Tr::new(state.catalogues.clone(), locale);

    let csrf_token = match &auth {
        Auth::Session(session) => session.csrf_token.clone(),
        _ => match cookies.get(&config.cookie_name(PRE_SESSION_COOKIE)) {
            Some(pre) if pre.len() >= 32 => pre_session_token(&config, pre),
            _ if !wants_pre_session => String::new(),
            _ => {
                let pre = stegvis_app::secrets::random_token();
                set_cookies.push(set_cookie(&config, PRE_SESSION_COOKIE, &pre, None));
                pre_session_token(&config, &pre)
            }
        },
    };

    let flash = cookies.get(&config.cookie_name(FLASH_COOKIE)).cloned();
    if flash.is_some() && is_safe(&parts.method) {
        set_cookies.push(clear_cookie(&config, FLASH_COOKIE));
    }

    let body = if !is_api && !is_safe(&parts.method) {
        if !same_origin(&config, &parts.headers) {
            tracing::warn!(method = %parts.method, "refused a state-changing request from another origin");
            return crate::errors::csrf_refused(&tr);
        }
        // A form sent after the session timed out belongs to the old session: send the user
        // to log in again with an explanation rather than a CSRF refusal.
        if session_ended {
            let mut response = axum::response::Redirect::to("/logga-in").into_response();
            for cookie in set_cookies {
                response.headers_mut().append(header::SET_COOKIE, cookie);
            }
            response.headers_mut().append(
                header::SET_COOKIE,
                set_cookie(&config, FLASH_COOKIE, "flash-session-ended", Some(60)),
            );
            return response;
        }
        let bytes = match axum::body::to_bytes(body, 1024 * 1024).await {
            Ok(bytes) => bytes,
            Err(_) => return crate::errors::too_large(&tr),
        };
        let content_type = parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let header_token = parts
            .headers
            .get(CSRF_HEADER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let given = match header_token {
            Some(token) => token,
            None if content_type.starts_with("multipart/form-data") => {
                crate::forms::multipart(&content_type, bytes.clone())
                    .await
                    .and_then(|fields| fields.into_iter().find(|f| f.name == CSRF_FIELD))
                    .and_then(|f| String::from_utf8(f.bytes).ok())
                    .unwrap_or_default()
            }
            None => serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
                .ok()
                .and_then(|pairs| pairs.into_iter().find(|(k, _)| k == CSRF_FIELD))
                .map(|(_, v)| v)
                .unwrap_or_default(),
        };
        if !tokens_match(&csrf_token, &given) {
            tracing::warn!(method = %parts.method, "refused a state-changing request without a valid CSRF token");
            return crate::errors::csrf_refused(&tr);
        }
        axum::body::Body::from(bytes)
    } else {
        body
    };

    parts.extensions.insert(RequestContext {
        auth,
        tr,
        csrf_token,
        flash: flash.filter(|f| f.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')),
        client_ip,
    });
    let mut response = next.run(Request::from_parts(parts, body)).await;
    for cookie in set_cookies {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}

/// The client's address: the TCP peer, or behind a trusted proxy the address it reports.
fn client_ip(config: &WebConfig, parts: &Parts) -> IpAddr {
    let peer = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::from([0, 0, 0, 0]), |c| c.0.ip());
    if !config.trust_forwarded_for {
        return peer;
    }
    parts
        .headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|ip| ip.trim().parse::<IpAddr>().ok())
        .next_back()
        .unwrap_or(peer)
}

fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
}

/// Counts failed logins per client address: after `LIMIT` failures within `WINDOW`, further
/// attempts from that address are refused until the window has passed. A successful login does
/// not reset the count: otherwise anyone with an account could spray guesses over all accounts
/// from one address, logging in between rounds to stay under the limit. Kept in memory: with
/// several app servers each counts its own, and the per-account lock in the database is the
/// shared defence.
#[derive(Default)]
pub struct IpLimiter {
    failures: Mutex<HashMap<IpAddr, (u32, Instant)>>,
}

impl IpLimiter {
    pub const LIMIT: u32 = 20;
    pub const WINDOW: Duration = Duration::from_secs(15 * 60);

    pub fn is_blocked(&self, ip: IpAddr) -> bool {
        let Ok(map) = self.failures.lock() else {
            return false;
        };
        map.get(&ip)
            .is_some_and(|(count, since)| *count >= Self::LIMIT && since.elapsed() < Self::WINDOW)
    }

    /// Counts one failure; true when it is the one that reaches the limit.
    pub fn record_failure(&self, ip: IpAddr) -> bool {
        let Ok(mut map) = self.failures.lock() else {
            return false;
        };
        if map.len() > 100_000 {
            map.retain(|_, (_, since)| since.elapsed() < Self::WINDOW);
        }
        let entry = map.entry(ip).or_insert((0, Instant::now()));
        if entry.1.elapsed() >= Self::WINDOW {
            *entry = (0, Instant::now());
        }
        entry.0 = entry.0.saturating_add(1);
        entry.0 == Self::LIMIT
    }
}

/// Seconds until a session times out for lack of activity; the page warns before then.
pub fn seconds_left(session: &ActiveSession, now: Timestamp) -> i64 {
    (session.idle_expires_at.datetime() - now.datetime()).whole_seconds()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(url: &str) -> WebConfig {
        WebConfig {
            public_url: url::Url::parse(url).unwrap(),
            demo: false,
            csrf_key: [3; 32],
            trust_forwarded_for: false,
            metrics_token: None,
        }
    }

    #[test]
    fn over_https_cookies_are_secure_and_host_prefixed() {
        let cookie = set_cookie(
            &config("https://stegvis.example.se"),
            SESSION_COOKIE,
            "abc",
            None,
        );
        let text = cookie.to_str().unwrap();
        assert!(text.starts_with("__Host-stegvis_session=abc; Path=/"));
        assert!(text.contains("; Secure"));
        assert!(text.contains("HttpOnly"));
        assert!(text.contains("SameSite=Lax"));
        assert!(!text.contains("Domain"));
    }

    #[test]
    fn over_plain_http_cookies_cannot_be_secure_or_prefixed() {
        let text = set_cookie(
            &config("http://127.0.0.1:8080"),
            SESSION_COOKIE,
            "abc",
            None,
        )
        .to_str()
        .unwrap()
        .to_string();
        assert!(text.starts_with("stegvis_session=abc"));
        assert!(!text.contains("Secure"));
    }

    #[test]
    fn clearing_a_cookie_expires_it_at_once() {
        let text = clear_cookie(&config("http://localhost"), FLASH_COOKIE)
            .to_str()
            .unwrap()
            .to_string();
        assert!(text.contains("Max-Age=0"));
    }

    #[test]
    fn the_pre_session_token_is_bound_to_its_cookie_and_key() {
        let a = pre_session_token(&config("http://localhost"), "cookie-one");
        assert_eq!(
            a,
            pre_session_token(&config("http://localhost"), "cookie-one")
        );
        assert_ne!(
            a,
            pre_session_token(&config("http://localhost"), "cookie-two")
        );
        let mut other = config("http://localhost");
        other.csrf_key = [4; 32];
        assert_ne!(a, pre_session_token(&other, "cookie-one"));
    }

    #[test]
    fn only_our_own_origin_passes_the_origin_check() {
        let config = config("https://stegvis.example.se");
        let mut headers = HeaderMap::new();
        assert!(
            same_origin(&config, &headers),
            "no header: the token decides"
        );
        headers.insert(
            header::ORIGIN,
            HeaderValue::from_static("https://stegvis.example.se"),
        );
        assert!(same_origin(&config, &headers));
        headers.insert(
            header::ORIGIN,
            HeaderValue::from_static("https://evil.example"),
        );
        assert!(!same_origin(&config, &headers));
        headers.insert("sec-fetch-site", HeaderValue::from_static("same-site"));
        assert!(
            !same_origin(&config, &headers),
            "a sibling subdomain is not our origin"
        );
    }

    #[test]
    fn the_forwarded_address_is_used_only_behind_a_trusted_proxy() {
        let request = axum::http::Request::builder()
            .header("x-forwarded-for", "203.0.113.9, 198.51.100.7")
            .body(())
            .unwrap();
        let (mut parts, ()) = request.into_parts();
        parts
            .extensions
            .insert(ConnectInfo(SocketAddr::from(([10, 0, 0, 1], 443))));
        let mut config = config("https://stegvis.example.se");
        assert_eq!(client_ip(&config, &parts), IpAddr::from([10, 0, 0, 1]));
        config.trust_forwarded_for = true;
        assert_eq!(client_ip(&config, &parts), IpAddr::from([198, 51, 100, 7]));
    }

    #[test]
    fn empty_or_different_tokens_never_match() {
        assert!(!tokens_match("", ""));
        assert!(!tokens_match("abc", "abd"));
        assert!(tokens_match("abc", "abc"));
    }

    #[test]
    fn the_ip_limiter_blocks_an_address_after_the_limit_and_no_other() {
        let limiter = IpLimiter::default();
        let ip = IpAddr::from([10, 0, 0, 1]);
        for attempt in 1..=IpLimiter::LIMIT {
            assert!(!limiter.is_blocked(ip));
            assert_eq!(limiter.record_failure(ip), attempt == IpLimiter::LIMIT);
        }
        assert!(limiter.is_blocked(ip));
        assert!(!limiter.record_failure(ip), "the limit is reported once");
        assert!(!limiter.is_blocked(IpAddr::from([10, 0, 0, 2])));
    }
}
