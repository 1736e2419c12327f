//! The justification of an action, sent to Azure as `privateLinkServiceConnectionState.description`
//! and kept in the audit: required for approve and reject, at most `MAX_DESCRIPTION` characters,
//! no control characters and none that make it read differently than it is (bidi controls,
//! zero-width and other invisible characters).

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
    if let Some((c, why)) = text.chars().find_map(|c| misleading(c).map(|why| (c, why))) {
        return Err(format!(
            "the description contains U+{:04X}, {why}: an approval must read as it is; use plain text",
            u32::from(c)
        ));
    }
    Ok(text.to_owned())
}

/// Why `c` would make a description read differently than it is, if it would: bidi controls
/// reorder the text around them (a reviewer reads one thing, the audit holds another) and
/// zero-width or invisible characters hide text or make equal-looking words differ.
fn misleading(c: char) -> Option<&'static str> {
    match c {
        '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{200E}'
        | '\u{200F}'
        | '\u{061C}' => Some(
            "a bidirectional control character, which shows the text around it in another order",
        ),
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{180E}' => {
            Some("an invisible (zero-width) character")
        }
        _ => None,
    }
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

    #[test]
    fn bidi_controls_are_refused_by_code_point() {
        for c in [
            '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}',
            '\u{2068}', '\u{2069}', '\u{200E}', '\u{200F}', '\u{061C}',
        ] {
            let error = validate_description(&format!("approved{c} CHG-1"), true).unwrap_err();
            assert!(
                error.contains(&format!("U+{:04X}", u32::from(c)))
                    && error.contains("bidirectional"),
                "{error}"
            );
        }
        let spoof = "Approved for \u{202E}1-GHC";
        assert!(
            validate_description(spoof, true)
                .unwrap_err()
                .contains("U+202E")
        );
    }

    #[test]
    fn zero_width_and_invisible_characters_are_refused_by_code_point() {
        for c in [
            '\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}', '\u{180E}',
        ] {
            let error = validate_description(&format!("ok{c}for prod"), true).unwrap_err();
            assert!(
                error.contains(&format!("U+{:04X}", u32::from(c))) && error.contains("invisible"),
                "{error}"
            );
        }
        assert!(
            validate_description("équipe réseau: ok ✓", true).is_ok(),
            "other text is welcome"
        );
    }
}
