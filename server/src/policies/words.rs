//! A policy in words, for the Policies page and `GET /api/v1/policies`: one sentence per
//! condition and limit, as a reviewer reads the file. Pure.

use super::file::{ConsumerCondition, Policy};

impl Policy {
    /// Its conditions and limits, one sentence each, in the file's order.
    pub fn in_words(&self) -> Vec<String> {
        let mut words = Vec::new();
        if let Some(service) = &self.when.service {
            if let Some(id) = &service.id {
                words.push(format!("the private link service is {}", id.0));
            }
            if let Some(name) = &service.name {
                words.push(format!(
                    "the private link service's name matches '{}'",
                    name.as_str()
                ));
            }
            if let Some(group) = &service.resource_group {
                words.push(format!("its resource group matches '{}'", group.as_str()));
            }
            if let Some(list) = either("its subscription is", service.subscription.values()) {
                words.push(list);
            }
            for tag in service.tag.values() {
                words.push(format!(
                    "it has tag {} matching '{}'",
                    tag.key,
                    tag.value.as_str()
                ));
            }
        }
        match &self.when.consumer {
            Some(ConsumerCondition::FrontDoor(front_door)) => {
                words.push(format!(
                    "the request comes from Front Door profile {}, through {}, paired unambiguously",
                    front_door.profile.0,
                    front_door.origin.as_ref().map_or_else(
                        || "any of its origins".to_owned(),
                        |origin| format!("an origin matching '{}'", origin.as_str())
                    )
                ));
            }
            Some(ConsumerCondition::PrivateEndpoint(endpoint)) => {
                words.extend(either(
                    "the requesting private endpoint is in subscription",
                    endpoint.subscription.values(),
                ));
                words.extend(either(
                    "the requesting private endpoint is in tenant",
                    endpoint.tenant.values(),
                ));
            }
            Some(ConsumerCondition::UnknownTenant(_)) => words.push(
                "the requesting endpoint's subscription cannot be read by Link Center".into(),
            ),
            None => {}
        }
        if let Some(message) = &self.when.request_message {
            words.push(format!(
                "and the request message matches /{}/",
                message.as_str()
            ));
        }
        if let Some(per_sync) = self.limits.per_sync {
            words.push(format!("at most {per_sync} per sync, oldest request first"));
        }
        if self.require_second_approver {
            words.push("an approver must confirm before Azure is asked".into());
        }
        words
    }
}

/// `lead x`, or `lead x or y`; none for no values.
fn either(lead: &str, values: &[String]) -> Option<String> {
    match values {
        [] => None,
        [one] => Some(format!("{lead} {one}")),
        [init @ .., last] => Some(format!("{lead} {} or {last}", init.join(", "))),
    }
}

#[cfg(test)]
mod tests {
    use crate::policies::PolicySet;

    fn words(policy: &str) -> Vec<String> {
        let text = format!("mode: dry-run\npolicies:\n{policy}");
        PolicySet::parse("p.yaml", &text).unwrap().policies[0].in_words()
    }

    #[test]
    fn a_front_door_policy_reads_as_its_conditions_and_limit() {
        let words = words(
            "  - name: afd\n    action: approve\n    when:\n      service: { name: 'my*', tag: env=prod }\n      consumer:\n        frontDoor: { profile: /subscriptions/s/resourceGroups/rg/providers/Microsoft.Cdn/profiles/afd }\n      requestMessage: Front Door\n    limits: { perSync: 20 }\n",
        );
        assert_eq!(
            words,
            [
                "the private link service's name matches 'my*'",
                "it has tag env matching 'prod'",
                "the request comes from Front Door profile /subscriptions/s/resourceGroups/rg/providers/Microsoft.Cdn/profiles/afd, through any of its origins, paired unambiguously",
                "and the request message matches /Front Door/",
                "at most 20 per sync, oldest request first",
            ]
        );
    }

    #[test]
    fn endpoint_lists_read_as_alternatives() {
        let words = words(
            "  - name: partners\n    action: reject\n    when:\n      consumer:\n        privateEndpoint: { subscription: [a, b, c], tenant: t }\n",
        );
        assert_eq!(
            words,
            [
                "the requesting private endpoint is in subscription a, b or c",
                "the requesting private endpoint is in tenant t",
            ]
        );
    }
}
