//! Parsing resource ids: splitting into clean segments and walking the structure
//! `subscriptions/{s}[/resourceGroups/{rg}][/providers/{ns}/{type}/{name}…]`.

use std::ops::Range;

use super::ResourceIdError;

/// Where the parts of an id are, found by [`layout`].
pub(super) struct Layout {
    pub(super) subscription_end: usize,
    pub(super) group: Option<Range<usize>>,
    pub(super) provider: Option<Range<usize>>,
    pub(super) depth: usize,
}

/// The byte ranges of the segments after the leading `/`, each non-empty and clean.
pub(super) fn segments(text: &str) -> Result<Vec<Range<usize>>, ResourceIdError> {
    let Some(rest) = text.strip_prefix('/') else {
        return Err(ResourceIdError::NotUnderSubscription { id: text.into() });
    };
    let mut ranges = Vec::new();
    let mut start = 1;
    for (index, segment) in rest.split('/').enumerate() {
        let position = index + 1;
        if segment.is_empty() {
            return Err(ResourceIdError::EmptySegment {
                id: text.into(),
                position,
            });
        }
        if let Some(character) = segment.chars().find(|c| is_forbidden(*c)) {
            return Err(ResourceIdError::InvalidCharacter {
                id: text.into(),
                position,
                character,
            });
        }
        ranges.push(start..start + segment.len());
        start += segment.len() + 1;
    }
    Ok(ranges)
}

/// Walks the segments: `subscriptions/{s}[/resourceGroups/{rg}][/providers/{ns}/{type}/{name}…]`.
pub(super) fn layout(text: &str, segments: &[Range<usize>]) -> Result<Layout, ResourceIdError> {
    let at = |index: usize| segments.get(index).map(|range| &text[range.clone()]);
    let id = || text.to_owned();
    let missing_name = |segment: &str| ResourceIdError::MissingName {
        id: id(),
        segment: segment.into(),
    };
    match at(0) {
        Some(first) if is_keyword(first, "subscriptions") => {}
        Some(first) if is_keyword(first, "providers") => {
            return Err(ResourceIdError::TenantLevel { id: id() });
        }
        _ => return Err(ResourceIdError::NotUnderSubscription { id: id() }),
    }
    let subscription = segments
        .get(1)
        .ok_or_else(|| missing_name("subscriptions"))?;
    let mut layout = Layout {
        subscription_end: subscription.end,
        group: None,
        provider: None,
        depth: 0,
    };
    let mut index = 2;
    if let Some(keyword) = at(index).filter(|s| is_keyword(s, "resourceGroups")) {
        layout.group = Some(
            segments
                .get(index + 1)
                .ok_or_else(|| missing_name(keyword))?
                .clone(),
        );
        index += 2;
    }
    let Some(keyword) = at(index) else {
        return Ok(layout);
    };
    if !is_keyword(keyword, "providers") {
        let expected = if layout.group.is_some() {
            "'providers'"
        } else {
            "'resourceGroups' or 'providers'"
        };
        return Err(ResourceIdError::UnexpectedSegment {
            id: id(),
            position: index + 1,
            expected,
            found: keyword.into(),
        });
    }
    let namespace = segments
        .get(index + 1)
        .ok_or_else(|| missing_name(keyword))?;
    layout.provider = Some(namespace.clone());
    index += 2;
    if index >= segments.len() {
        return Err(ResourceIdError::MissingType {
            id: id(),
            namespace: text[namespace.clone()].into(),
        });
    }
    while let Some(kind) = at(index) {
        if is_keyword(kind, "providers") {
            return Err(ResourceIdError::ExtensionResource { id: id() });
        }
        if index + 1 >= segments.len() {
            return Err(missing_name(kind));
        }
        layout.depth += 1;
        index += 2;
    }
    Ok(layout)
}

pub(super) fn is_keyword(segment: &str, keyword: &str) -> bool {
    segment.eq_ignore_ascii_case(keyword)
}

fn is_forbidden(c: char) -> bool {
    c.is_control() || c == '?' || c == '#'
}

/// One clean, non-empty segment that is not the `providers` keyword.
pub(super) fn clean_segment(part: &str) -> String {
    let cleaned: String = part
        .trim()
        .chars()
        .map(|c| if c == '/' || is_forbidden(c) { '_' } else { c })
        .collect();
    match cleaned.as_str() {
        "" => "_".into(),
        keyword if is_keyword(keyword, "providers") => format!("{cleaned}_"),
        _ => cleaned,
    }
}
