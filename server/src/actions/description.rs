//! The justification of an action, sent to Azure as `privateLinkServiceConnectionState.description`
//! and kept in the audit: required for approve and reject, at most `MAX_DESCRIPTION` characters,
//! no control characters.

/// The longest description accepted: Azure's request messages (what a description starts as)
/// take 1–140 characters, so a provider's answer is held to the same.
pub const MAX_DESCRIPTION: usize = 140;

/// The description, trimmed, or why it cannot be sent.
pub fn validate_description(text: &str, required: bool) -> Result<String, String> {
    let text = text.trim();
    if text.is_empty() && required {
        return Err(
            "a description is required: say why (it is sent to Azure and kept in the audit)".into(),
        );
    }
    let length = text.chars().count();
    if length > MAX_DESCRIPTION {
        return Err(format!(
            "the description is {length} characters long; Azure takes at most {MAX_DESCRIPTION}"
        ));
    }
    if let Some(c) = text.chars().find(|c| c.is_control()) {
        return Err(format!(
            "the description contains a control character (U+{:04X}); use plain text on one line",
            u32::from(c)
        ));
    }
    Ok(text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_are_trimmed_bounded_and_plain() {
        assert_eq!(
            validate_description("  ok for prod  ", true).unwrap(),
            "ok for prod"
        );
        assert!(
            validate_description("   ", true)
                .unwrap_err()
                .contains("required")
        );
        assert_eq!(validate_description("", false).unwrap(), "");
        let long = "é".repeat(MAX_DESCRIPTION + 1);
        assert!(
            validate_description(&long, true)
                .unwrap_err()
                .contains("141 characters")
        );
        assert!(
            validate_description(&"é".repeat(MAX_DESCRIPTION), true).is_ok(),
            "characters, not bytes"
        );
        assert!(
            validate_description("two\nlines", true)
                .unwrap_err()
                .contains("U+000A")
        );
    }
}
