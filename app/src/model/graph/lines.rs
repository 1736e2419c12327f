//! The text lines of a node as the drawing writes them: label, sublabel, details and one line
//! per flag, each wrapped onto at most two lines of `LINE_CHARS` characters (the second cut
//! with `…`; the full text is in the node's tooltip). The layout sizes a node by the same lines,
//! so a box always holds its text. Pure.

use super::NodeFlag;

/// Characters of a line of a node before it wraps.
pub const LINE_CHARS: usize = 24;

/// Height of one line of text in a node.
pub const NODE_LINE: f32 = 18.0;
/// Space above and below the text of a node.
pub const NODE_PADDING: f32 = 8.0;
/// Where the first baseline sits below the top of the text.
pub const NODE_ASCENT: f32 = 13.0;

/// The height of a node of `lines` drawn lines.
pub fn node_height(lines: usize) -> f32 {
    2.0 * NODE_PADDING + NODE_LINE * lines as f32
}

/// The baseline of line `index` of a node whose top is `top`.
pub fn baseline(top: f32, index: usize) -> f32 {
    top + NODE_PADDING + NODE_ASCENT + NODE_LINE * index as f32
}

/// What a line of a node says, which decides how it is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineRole {
    /// The node's name (bold).
    Label,
    /// A sublabel or detail (muted).
    Detail,
    /// A flag (in the warning colour, after `⚠`).
    Flag,
}

/// One drawn line of a node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeLine {
    /// The text, at most `LINE_CHARS` characters.
    pub text: String,
    /// What it is.
    pub role: LineRole,
}

/// Every drawn line of a node with these texts, in order.
pub fn node_lines(
    label: &str,
    sublabel: Option<&str>,
    details: &[String],
    flags: &[NodeFlag],
) -> Vec<NodeLine> {
    let flags: Vec<String> = flags.iter().map(|f| format!("⚠ {}", f.text())).collect();
    let texts = std::iter::once((label, LineRole::Label))
        .chain(sublabel.map(|s| (s, LineRole::Detail)))
        .chain(details.iter().map(|d| (d.as_str(), LineRole::Detail)))
        .chain(flags.iter().map(|f| (f.as_str(), LineRole::Flag)));
    texts
        .flat_map(|(text, role)| {
            wrap(text, LINE_CHARS)
                .into_iter()
                .map(move |text| NodeLine { text, role })
        })
        .collect()
}

/// `text` on one line, or two when longer than `max` characters: broken after the last space,
/// `-`, `/`, `.`, `_` or `:` that leaves the first line at least a third full (else at `max`),
/// the second line cut with `…` if still too long. Control characters are dropped (XML allows
/// none in a line).
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    let chars: Vec<char> = text.chars().filter(|c| !c.is_control()).collect();
    if chars.len() <= max {
        return vec![chars.into_iter().collect()];
    }
    let at = (max / 3..max)
        .rev()
        .find(|&i| matches!(chars[i], ' ' | '-' | '/' | '.' | '_' | ':'))
        .map_or(max, |i| i + 1);
    let first: String = chars[..at].iter().collect::<String>().trim_end().to_owned();
    let rest: Vec<char> = chars[at..]
        .iter()
        .copied()
        .skip_while(|c| *c == ' ')
        .collect();
    let second: String = if rest.len() > max {
        rest[..max - 1].iter().chain(['…'].iter()).collect()
    } else {
        rest.into_iter().collect()
    };
    if second.is_empty() {
        vec![first]
    } else {
        vec![first, second]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_label_stays_on_one_line() {
        assert_eq!(wrap("myPLS", 26), ["myPLS"]);
        assert_eq!(wrap("", 26), [""]);
    }

    #[test]
    fn a_long_label_breaks_after_a_separator_and_never_takes_more_than_two_lines() {
        assert_eq!(
            wrap("pe-fabrikam-super-api-westeurope-prod", 26),
            ["pe-fabrikam-super-api-", "westeurope-prod"]
        );
        assert_eq!(
            wrap("contoso platform prod subscription", 26),
            ["contoso platform prod", "subscription"]
        );
        let long = "x".repeat(80);
        assert_eq!(
            wrap(&long, 26),
            ["x".repeat(26), format!("{}…", "x".repeat(25))],
            "no separator: cut at the width, the rest ends with …"
        );
    }

    #[test]
    fn control_characters_are_dropped() {
        assert_eq!(wrap("a\u{0}b\u{1b}[31mc\n", 26), ["ab[31mc"]);
    }

    #[test]
    fn a_node_has_its_label_details_and_flags_in_order() {
        let lines = node_lines(
            "pls-reports-legacy-with-a-long-name",
            Some("on aks-prod-weu"),
            &["10.0.0.4:443".to_owned()],
            &[NodeFlag::MissingFrontend],
        );
        let drawn: Vec<(&str, LineRole)> =
            lines.iter().map(|l| (l.text.as_str(), l.role)).collect();
        assert_eq!(
            drawn,
            [
                ("pls-reports-legacy-with-", LineRole::Label),
                ("a-long-name", LineRole::Label),
                ("on aks-prod-weu", LineRole::Detail),
                ("10.0.0.4:443", LineRole::Detail),
                ("⚠ frontend missing:", LineRole::Flag),
                ("chain broken", LineRole::Flag),
            ]
        );
    }
}
