//! Server-side sessions of `--auth oidc`: a session id (256 random bits, the cookie's value;
//! `Debug` never shows it) maps to who signed in and their role, with an idle expiry (reset by
//! each request) and an absolute one (from sign-in); a new id at every sign-in, none reused.
//! Beside them, the sign-ins under way: the `state` sent to the provider maps to the PKCE
//! verifier, the nonce and the page to return to, for ten minutes and once. Both are bounded;
//! time is passed in, so expiry is tested without waiting.

use std::collections::HashMap;
use std::fmt;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::Role;

/// The most sessions kept; the oldest-used go first when full.
const MAX_SESSIONS: usize = 20_000;
/// The most sign-ins under way; the oldest go first when full.
const MAX_PENDING: usize = 2_000;
/// How long a sign-in may take at the provider.
pub const LOGIN_TIMEOUT: Duration = Duration::from_secs(600);

/// A session's id: the cookie's value.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct SessionId(String);

impl SessionId {
    /// A fresh id.
    pub fn generate() -> Self {
        Self(hex::encode(rand::random::<[u8; 32]>()))
    }

    /// The id a cookie carries.
    pub fn from_cookie(value: &str) -> Self {
        Self(value.to_owned())
    }

    /// The cookie's value.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SessionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SessionId(…redacted)")
    }
}

/// Who a session is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// The provider's subject.
    pub subject: String,
    /// Their name.
    pub name: String,
    /// Their e-mail.
    pub email: Option<String>,
    /// The app roles and groups the role came from.
    pub memberships: Vec<String>,
    /// Their role at sign-in.
    pub role: Role,
    /// The ID token, for the provider's logout (`id_token_hint`).
    pub id_token: String,
    started: Instant,
    seen: Instant,
}

/// A sign-in under way at the provider.
#[derive(Clone, PartialEq, Eq)]
pub struct PendingLogin {
    /// The PKCE verifier.
    pub verifier: String,
    /// The nonce the ID token must carry.
    pub nonce: String,
    /// Where to go once signed in (a path on this server).
    pub next: String,
    at: Instant,
}

impl fmt::Debug for PendingLogin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PendingLogin")
            .field("next", &self.next)
            .finish_non_exhaustive()
    }
}

/// The sessions and sign-ins of one server.
#[derive(Debug)]
pub struct Sessions {
    idle: Duration,
    max: Duration,
    sessions: Mutex<HashMap<SessionId, Session>>,
    pending: Mutex<HashMap<String, PendingLogin>>,
}

impl Sessions {
    /// Sessions that end after `idle` without a request, or `max` after sign-in.
    pub fn new(idle: Duration, max: Duration) -> Self {
        Self {
            idle,
            max,
            sessions: Mutex::default(),
            pending: Mutex::default(),
        }
    }

    /// Remembers a sign-in under way, keyed by its `state`.
    pub fn begin(
        &self,
        state: String,
        verifier: String,
        nonce: String,
        next: String,
        now: Instant,
    ) {
        let mut pending = self.pending.lock().unwrap_or_else(|p| p.into_inner());
        pending.retain(|_, p| now.duration_since(p.at) < LOGIN_TIMEOUT);
        if pending.len() >= MAX_PENDING
            && let Some(oldest) = pending
                .iter()
                .min_by_key(|(_, p)| p.at)
                .map(|(k, _)| k.clone())
        {
            pending.remove(&oldest);
        }
        pending.insert(
            state,
            PendingLogin {
                verifier,
                nonce,
                next,
                at: now,
            },
        );
    }

    /// Takes the sign-in of `state`, once; `None` when unknown, used or too old.
    pub fn finish(&self, state: &str, now: Instant) -> Option<PendingLogin> {
        let mut pending = self.pending.lock().unwrap_or_else(|p| p.into_inner());
        pending
            .remove(state)
            .filter(|p| now.duration_since(p.at) < LOGIN_TIMEOUT)
    }

    /// Starts a session; answers its new id.
    #[expect(
        clippy::too_many_arguments,
        reason = "one sign-in's facts, named at the call"
    )]
    pub fn start(
        &self,
        subject: String,
        name: String,
        email: Option<String>,
        memberships: Vec<String>,
        role: Role,
        id_token: String,
        now: Instant,
    ) -> SessionId {
        let id = SessionId::generate();
        let mut sessions = self.sessions.lock().unwrap_or_else(|p| p.into_inner());
        sessions.retain(|_, s| self.live(s, now));
        if sessions.len() >= MAX_SESSIONS
            && let Some(oldest) = sessions
                .iter()
                .min_by_key(|(_, s)| s.seen)
                .map(|(k, _)| k.clone())
        {
            sessions.remove(&oldest);
        }
        sessions.insert(
            id.clone(),
            Session {
                subject,
                name,
                email,
                memberships,
                role,
                id_token,
                started: now,
                seen: now,
            },
        );
        id
    }

    /// The session `id`, if it lives at `now`; the request counts as activity.
    pub fn touch(&self, id: &SessionId, now: Instant) -> Option<Session> {
        let mut sessions = self.sessions.lock().unwrap_or_else(|p| p.into_inner());
        let live = sessions.get(id).is_some_and(|s| self.live(s, now));
        if !live {
            sessions.remove(id);
            return None;
        }
        let session = sessions.get_mut(id)?;
        session.seen = now;
        Some(session.clone())
    }

    /// Ends the session `id` (logout); answers it when it was there.
    pub fn end(&self, id: &SessionId) -> Option<Session> {
        self.sessions
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(id)
    }

    fn live(&self, session: &Session, now: Instant) -> bool {
        now.duration_since(session.seen) < self.idle
            && now.duration_since(session.started) < self.max
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: Duration = Duration::from_secs(3600);

    fn start(sessions: &Sessions, now: Instant) -> SessionId {
        sessions.start(
            "sub".into(),
            "Ada".into(),
            None,
            vec!["approvers".into()],
            Role::Approver,
            "jwt".into(),
            now,
        )
    }

    #[test]
    fn a_session_ends_when_idle_and_at_its_absolute_limit() {
        let sessions = Sessions::new(8 * HOUR, 24 * HOUR);
        let t0 = Instant::now();
        let id = start(&sessions, t0);
        assert_eq!(sessions.touch(&id, t0 + 7 * HOUR).unwrap().name, "Ada");
        assert!(
            sessions.touch(&id, t0 + 14 * HOUR).is_some(),
            "each request resets the idle clock"
        );
        assert!(sessions.touch(&id, t0 + 21 * HOUR).is_some());
        assert!(
            sessions.touch(&id, t0 + 24 * HOUR).is_none(),
            "24 h after sign-in, whatever the activity"
        );
        let idle = start(&sessions, t0);
        assert!(
            sessions.touch(&idle, t0 + 8 * HOUR).is_none(),
            "8 h without a request"
        );
        assert!(sessions.touch(&idle, t0).is_none(), "gone for good");
    }

    #[test]
    fn every_sign_in_gets_a_new_id_and_logout_ends_it() {
        let sessions = Sessions::new(HOUR, HOUR);
        let now = Instant::now();
        let (a, b) = (start(&sessions, now), start(&sessions, now));
        assert_ne!(a, b);
        assert_eq!(a.expose().len(), 64);
        assert!(!format!("{a:?}").contains(a.expose()));
        assert!(sessions.end(&a).is_some());
        assert!(sessions.touch(&a, now).is_none());
        assert!(sessions.touch(&b, now).is_some());
        assert!(
            sessions
                .touch(&SessionId::from_cookie("forged"), now)
                .is_none()
        );
    }

    #[test]
    fn a_sign_in_under_way_is_taken_once_and_not_after_ten_minutes() {
        let sessions = Sessions::new(HOUR, HOUR);
        let now = Instant::now();
        sessions.begin("s1".into(), "v".into(), "n".into(), "/pending".into(), now);
        let login = sessions.finish("s1", now + Duration::from_secs(5)).unwrap();
        assert_eq!(
            (login.verifier.as_str(), login.next.as_str()),
            ("v", "/pending")
        );
        assert!(
            sessions.finish("s1", now).is_none(),
            "a replayed callback finds nothing"
        );
        sessions.begin("s2".into(), "v".into(), "n".into(), "/".into(), now);
        assert!(sessions.finish("s2", now + LOGIN_TIMEOUT).is_none());
        assert!(!format!("{login:?}").contains("\"v\""));
    }
}
