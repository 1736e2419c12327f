//! `Requester`: who asks for an action, from where — the actor the identity layer found on the
//! request, the client's address it believed, and our request id. Built the same way for the
//! REST API (as an axum extractor, `web::requester`) and for the pages' server functions.

use std::net::IpAddr;

use http::request::Parts;

use crate::auth::Actor;

/// Who asks, from where.
#[derive(Debug, Clone)]
pub struct Requester {
    /// The authenticated actor.
    pub actor: Actor,
    /// The client's address (see `auth::identify`: behind trusted proxies, from
    /// `X-Forwarded-For`).
    pub client_ip: Option<IpAddr>,
    /// Our request id (`x-request-id`).
    pub request_id: Option<String>,
}

impl Requester {
    /// The requester of the request `parts` describes; `None` when the identity layer found no
    /// actor (it refuses such requests before any handler, so only a misrouted call sees it).
    pub fn of(parts: &Parts) -> Option<Self> {
        let actor = parts.extensions.get::<Actor>()?.clone();
        Some(Self {
            client_ip: actor.address,
            actor,
            request_id: parts
                .headers
                .get("x-request-id")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned),
        })
    }
}
