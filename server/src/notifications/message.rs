//! What a notification says (`Notice`) and how each target type wants it: a webhook's JSON
//! body (signed: `X-LinkCenter-Signature: sha256=<HMAC-SHA256 of the body, hex>`), a Teams
//! Workflows message holding an Adaptive Card, a Slack incoming-webhook message of blocks.
//! Each names the private link service, the consumer (Front Door profile and origin when
//! known), the age, and links to Link Center's page for it. Pure.

use hmac::{Hmac, Mac};
use serde::Serialize;
use serde_json::{Value, json};
use sha2::Sha256;

use super::file::{EventKind, TargetType};

/// One thing to tell the targets that want it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Notice {
    /// What happened.
    #[serde(serialize_with = "kind_key")]
    pub event: EventKind,
    /// The same key is delivered once per target (`pending:<connection id>`, …).
    pub key: String,
    /// A short title.
    pub title: String,
    /// What happened and what to do, in a sentence.
    pub text: String,
    /// The private link service's (or PaaS resource's) subscription, lower case.
    pub subscription: String,
    /// Its name.
    pub service: String,
    /// Its id, when one service is concerned.
    pub service_id: Option<String>,
    /// The connection, when one is concerned.
    pub connection_id: Option<String>,
    /// Who asks: `Front Door afd-contoso, origin super-api-weu`, an endpoint, …
    pub consumer: Option<String>,
    /// How long the request has waited, e.g. `3 h`.
    pub age: Option<String>,
    /// Link Center's page for it (the confirmation page of a Pending request), when
    /// `--public-url` is known.
    pub link: Option<String>,
    /// When it was seen (RFC 3339).
    pub at: String,
}

fn kind_key<S: serde::Serializer>(kind: &EventKind, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(kind.key())
}

/// The body a target of `kind` is sent.
pub fn body(kind: TargetType, notice: &Notice) -> Value {
    match kind {
        TargetType::Webhook => serde_json::to_value(notice).unwrap_or(Value::Null),
        TargetType::Teams => teams(notice),
        TargetType::Slack => slack(notice),
    }
}

/// `(label, value)` lines both chat formats show.
fn facts(notice: &Notice) -> Vec<(&'static str, String)> {
    let mut facts = vec![("Service", notice.service.clone())];
    if let Some(consumer) = &notice.consumer {
        facts.push(("Consumer", consumer.clone()));
    }
    if let Some(age) = &notice.age {
        facts.push(("Waiting", age.clone()));
    }
    facts.push(("Subscription", notice.subscription.clone()));
    facts
}

fn teams(notice: &Notice) -> Value {
    let facts: Vec<Value> = facts(notice)
        .into_iter()
        .map(|(title, value)| json!({ "title": title, "value": value }))
        .collect();
    let mut card = json!({
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": [
            { "type": "TextBlock", "text": notice.title, "weight": "Bolder", "size": "Medium", "wrap": true },
            { "type": "TextBlock", "text": notice.text, "wrap": true },
            { "type": "FactSet", "facts": facts }
        ]
    });
    if let Some(link) = &notice.link {
        card["actions"] =
            json!([{ "type": "Action.OpenUrl", "title": "Open in Link Center", "url": link }]);
    }
    json!({
        "type": "message",
        "attachments": [{
            "contentType": "application/vnd.microsoft.card.adaptive",
            "contentUrl": null,
            "content": card
        }]
    })
}

/// Slack's mrkdwn wants `&`, `<` and `>` escaped.
fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn slack(notice: &Notice) -> Value {
    let fields: Vec<Value> = facts(notice)
        .into_iter()
        .map(|(label, value)| json!({ "type": "mrkdwn", "text": format!("*{label}*\n{}", escaped(&value)) }))
        .collect();
    let mut blocks = vec![
        json!({ "type": "header", "text": { "type": "plain_text", "text": notice.title } }),
        json!({ "type": "section", "text": { "type": "mrkdwn", "text": escaped(&notice.text) } }),
        json!({ "type": "section", "fields": fields }),
    ];
    if let Some(link) = &notice.link {
        blocks.push(json!({ "type": "actions", "elements": [{
            "type": "button", "text": { "type": "plain_text", "text": "Open in Link Center" }, "url": link
        }]}));
    }
    json!({ "text": format!("{}: {}", notice.title, notice.text), "blocks": blocks })
}

/// `sha256=` and the hex HMAC-SHA256 of `body` under `secret`: the webhook's signature.
pub fn signature(secret: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn pending() -> Notice {
        Notice {
            event: EventKind::Pending,
            key: "pending:/subscriptions/s/x".into(),
            title: "New Pending request on myPLS".into(),
            text: "Front Door afd-contoso asks to connect to myPLS <approve it>".into(),
            subscription: "6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e51".into(),
            service: "myPLS".into(),
            service_id: Some("/subscriptions/s/pls".into()),
            connection_id: Some("/subscriptions/s/x".into()),
            consumer: Some("Front Door afd-contoso, origin super-api-weu".into()),
            age: Some("just now".into()),
            link: Some("https://linkcenter.example.com/confirm/approve?id=x".into()),
            at: "2026-12-02T10:00:00Z".into(),
        }
    }

    #[test]
    fn a_webhook_gets_the_notice_as_camel_case_json() {
        let body = body(TargetType::Webhook, &pending());
        assert_eq!(body["event"], "pending");
        assert_eq!(body["serviceId"], "/subscriptions/s/pls");
        assert_eq!(
            body["consumer"],
            "Front Door afd-contoso, origin super-api-weu"
        );
    }

    #[test]
    fn teams_gets_an_adaptive_card_with_the_facts_and_the_link() {
        let body = body(TargetType::Teams, &pending());
        assert_eq!(body["type"], "message");
        let attachment = &body["attachments"][0];
        assert_eq!(
            attachment["contentType"],
            "application/vnd.microsoft.card.adaptive"
        );
        let card = &attachment["content"];
        assert_eq!(card["type"], "AdaptiveCard");
        assert_eq!(
            card["body"][2]["facts"][1]["value"],
            "Front Door afd-contoso, origin super-api-weu"
        );
        assert_eq!(card["actions"][0]["type"], "Action.OpenUrl");
        assert!(
            card["actions"][0]["url"]
                .as_str()
                .unwrap()
                .starts_with("https://")
        );
    }

    #[test]
    fn slack_gets_blocks_with_its_text_escaped() {
        let body = body(TargetType::Slack, &pending());
        let blocks = body["blocks"].as_array().unwrap();
        assert_eq!(blocks[0]["type"], "header");
        assert_eq!(
            blocks[1]["text"]["text"],
            "Front Door afd-contoso asks to connect to myPLS &lt;approve it&gt;"
        );
        assert_eq!(
            blocks[3]["elements"][0]["url"],
            "https://linkcenter.example.com/confirm/approve?id=x"
        );
        assert!(
            body["text"]
                .as_str()
                .unwrap()
                .starts_with("New Pending request")
        );
    }

    #[test]
    fn the_signature_is_rfc_4231_s_hmac_sha256() {
        // RFC 4231, test case 2.
        assert_eq!(
            signature("Jefe", b"what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}
