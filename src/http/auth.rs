//! Authentication at the edge: the bearer token is verified into an [`Actor`] once per request
//! (or once per WebSocket, at `connection_init`), and the request is counted against its
//! identity's rate.
//!
//! HTTP 401 `UNAUTHENTICATED` for a missing or unverifiable token; HTTP 403 `FORBIDDEN` for a
//! verified token that names no usable identity (unknown role, LA role without a known, active
//! authority); HTTP 429 `RATE_LIMITED` over the rate; HTTP 503 when the check itself could not
//! complete (the database or the identity provider's keys unreachable).

use axum::extract::FromRequestParts;
use axum::http::{HeaderMap, StatusCode, header, request::Parts};
use axum::response::{IntoResponse, Response};

use super::state::AppState;
use crate::auth::{Actor, Role};
use crate::error::AppError;

/// A request whose bearer token verified into an [`Actor`].
pub struct Authenticated(pub Actor);

/// Why a request was refused at the edge: the error's own answer, except that a check that
/// could not complete is 503 (try again), not 500.
pub struct AuthRejection(pub AppError);

impl IntoResponse for AuthRejection {
    fn into_response(self) -> Response {
        let unavailable = matches!(self.0, AppError::Internal(_));
        let mut response = self.0.into_response();
        if unavailable {
            *response.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
        }
        response
    }
}

impl FromRequestParts<AppState> for Authenticated {
    type Rejection = AuthRejection;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        authenticate(&parts.headers, state)
            .await
            .map(Authenticated)
            .map_err(AuthRejection)
    }
}

/// Counts a request against the identity's rate; `RATE_LIMITED` with the wait when over it.
fn check_rate(state: &AppState, identity: String) -> Result<(), AppError> {
    let Some(limiter) = &state.limiter else {
        return Ok(());
    };
    limiter.check_key(&identity).map_err(|not_until| {
        let wait = not_until.wait_time_from(governor::clock::Clock::now(
            &governor::clock::DefaultClock::default(),
        ));
        AppError::RateLimited {
            retry_after_secs: wait.as_secs() + 1,
        }
    })
}

/// Verifies the bearer token into an actor, counting the request against its rate.
pub async fn authenticate(headers: &HeaderMap, state: &AppState) -> Result<Actor, AppError> {
    let value = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .ok_or(AppError::Unauthenticated)?;
    authenticate_bearer(value, state)
        .await
        .map(|(actor, _)| actor)
}

/// Verifies an `Authorization` value (`Bearer <token>`) into an actor and the token's expiry
/// (seconds since the epoch), counting the request against the identity's rate.
pub async fn authenticate_bearer(value: &str, state: &AppState) -> Result<(Actor, u64), AppError> {
    let token = value
        .strip_prefix("Bearer ")
        .or_else(|| value.strip_prefix("bearer "))
        .map(str::trim)
        .filter(|token| !token.is_empty())
        .ok_or(AppError::Unauthenticated)?;
    let claims = state.verifier.verify(token)?;
    if !crate::auth::usable_subject(&claims.sub) {
        return Err(AppError::forbidden(format!(
            "the token's subject must be 1 to {} characters, with no control characters",
            crate::auth::MAX_SUBJECT_CHARS
        )));
    }
    let expires = claims.exp;
    let role = Role::parse(&claims.role)
        .ok_or_else(|| AppError::forbidden("the token's role is not one this service knows"))?;
    let identity = format!(
        "{}|{}|{}",
        role.as_str(),
        claims.authority.as_deref().unwrap_or("-"),
        claims.sub
    );
    check_rate(state, identity)?;
    if role.is_agency() {
        return Actor::agency(claims.sub, role)
            .map(|actor| (actor, expires))
            .ok_or(AppError::Unauthenticated);
    }
    let code = claims
        .authority
        .as_deref()
        .map(str::trim)
        .filter(|code| !code.is_empty())
        .ok_or_else(|| AppError::forbidden("an LA token must name its authority"))?;
    let authority = crate::authorities::store::resolve_for_token(state.db.conn(), code)
        .await?
        .ok_or_else(|| AppError::forbidden("the token's authority is not known or not active"))?;
    Actor::local_authority(claims.sub, role, authority)
        .map(|actor| (actor, expires))
        .ok_or(AppError::Unauthenticated)
}
