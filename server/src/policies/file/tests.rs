//! Reading the policies file: the issue's example, and each refusal with its line and column.

use super::*;
use crate::policies::conditions::Action;

const EXAMPLE: &str = r#"mode: dry-run            # dry-run (default) | enforce
policies:
  - name: afd-contoso-to-super-api
    action: approve       # approve | reject | hold (notify only, never acts)
    description: "Front Door {profile} origin {origin} (policy {policy})"
    when:
      service: { name: myPLS }                  # id, name (glob), resourceGroup, subscription, tag k=v
      consumer:
        frontDoor: { profile: "/subscriptions/8e2d4f6a-1b3c-4d5e-9f70-81a2b3c4d5e6/resourceGroups/rg-edge/providers/Microsoft.Cdn/profiles/afd-contoso" }
      # other consumer forms: privateEndpoint: { subscription: [..], tenant: [..] }, unknownTenant: true
      requestMessage: "Front Door"   # regex on the request message: an optional extra condition, never enough alone
    limits: { perSync: 20 }
"#;

fn refusal(text: &str) -> String {
    PolicySet::parse("policies.yaml", text)
        .expect_err("the file is refused")
        .to_string()
}

#[test]
fn the_issues_example_reads_as_one_dry_run_approve_policy() {
    let set = PolicySet::parse("policies.yaml", EXAMPLE).unwrap();
    assert_eq!(set.mode, Mode::DryRun);
    assert_eq!(set.hash.len(), 64, "a SHA-256 in hex");
    let [policy] = set.policies.as_slice() else {
        panic!("one policy: {set:?}")
    };
    assert_eq!(policy.name, "afd-contoso-to-super-api");
    assert_eq!(policy.action, Action::Approve);
    assert_eq!(policy.limits.per_sync, Some(20));
    assert!(!policy.require_second_approver);
    let service = policy.when.service.as_ref().unwrap();
    assert!(service.name.as_ref().unwrap().matches("MYPLS"));
    let Some(ConsumerCondition::FrontDoor(front_door)) = &policy.when.consumer else {
        panic!("a Front Door consumer: {:?}", policy.when.consumer)
    };
    assert_eq!(front_door.profile.0.name(), "afd-contoso");
    assert!(
        policy
            .when
            .request_message
            .as_ref()
            .unwrap()
            .matches("Front Door for super-api")
    );
}

#[test]
fn an_empty_file_has_no_policies_and_is_dry_run() {
    let set = PolicySet::parse("p.yaml", "policies: []\n").unwrap();
    assert_eq!((set.mode, set.policies.len()), (Mode::DryRun, 0));
}

#[test]
fn an_unknown_field_is_named_with_its_line_and_column() {
    let text = EXAMPLE.replace("limits: { perSync: 20 }", "limit: { perSync: 20 }");
    let message = refusal(&text);
    assert!(message.starts_with("policies.yaml:12:5: "), "{message}");
    assert!(message.contains("unknown field `limit`"), "{message}");
}

#[test]
fn a_bad_glob_a_bad_regex_and_an_unknown_action_are_each_located() {
    let glob = refusal(&EXAMPLE.replace("{ name: myPLS }", "{ name: \"my[PLS\" }"));
    assert!(glob.starts_with("policies.yaml:7:25: "), "{glob}");
    assert!(glob.contains("'my[PLS' is not a glob"), "{glob}");

    let regex = refusal(&EXAMPLE.replace(
        "requestMessage: \"Front Door\"",
        "requestMessage: \"Front (Door\"",
    ));
    assert!(regex.starts_with("policies.yaml:11:24: "), "{regex}");
    assert!(
        regex.contains("'Front (Door' is not a regular expression"),
        "{regex}"
    );

    let action = refusal(&EXAMPLE.replace("action: approve ", "action: promote "));
    assert!(action.starts_with("policies.yaml:4:13: "), "{action}");
    assert!(action.contains("unknown variant `promote`"), "{action}");

    let mode = refusal(&EXAMPLE.replace("mode: dry-run ", "mode: sometimes "));
    assert!(mode.starts_with("policies.yaml:1:7: "), "{mode}");
}

#[test]
fn a_second_policy_of_the_same_name_is_refused_at_its_name() {
    let text = format!(
        "{EXAMPLE}  - name: AFD-contoso-to-super-api\n    action: hold\n    when:\n      service: {{ name: x }}\n"
    );
    let message = refusal(&text);
    assert!(message.starts_with("policies.yaml:13:11: "), "{message}");
    assert!(
        message.contains("a second policy named 'AFD-contoso-to-super-api'"),
        "{message}"
    );
}

#[test]
fn a_policy_looking_only_at_the_request_message_is_refused() {
    let text = "policies:\n  - name: copyable\n    action: approve\n    when:\n      requestMessage: \"Front Door\"\n";
    let message = refusal(text);
    assert!(
        message
            .starts_with("policies.yaml:2:11: policy 'copyable': the request message is free text"),
        "{message}"
    );
    let nothing = refusal("policies:\n  - name: all\n    action: hold\n    when: {}\n");
    assert!(nothing.contains("no condition"), "{nothing}");
}

#[test]
fn a_second_approver_is_read_for_approvals_and_refused_for_the_rest() {
    let text = EXAMPLE.replace(
        "    limits: { perSync: 20 }",
        "    requireSecondApprover: true",
    );
    let set = PolicySet::parse("policies.yaml", &text).unwrap();
    assert!(set.policies[0].require_second_approver);

    let message = refusal(&text.replace("action: approve", "action: reject"));
    assert!(message.starts_with("policies.yaml:3:11: "), "{message}");
    assert!(
        message.contains("requireSecondApprover goes with action: approve only"),
        "{message}"
    );
}

#[test]
fn yaml_that_does_not_parse_is_located_too() {
    let message = refusal("policies:\n  - name: [a\n    action: approve\n");
    assert!(message.starts_with("policies.yaml:"), "{message}");
    let two = refusal(&EXAMPLE.replace(
        "      # other consumer forms",
        "        unknownTenant: true\n      # other consumer forms",
    ));
    assert!(two.starts_with("policies.yaml:"), "{two}");
    assert!(
        two.contains("a consumer is one of frontDoor, privateEndpoint or unknownTenant"),
        "{two}"
    );
}

#[test]
fn an_unreadable_file_names_the_file() {
    let error = PolicySet::read(Path::new("/nonexistent/policies.yaml")).unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("/nonexistent/policies.yaml: cannot be read: "),
        "{error}"
    );
}
