//! `ResourceId`: a parsed Azure resource id, the key every join uses. Azure spells the same id
//! in different cases (`subId` and `subid` in one payload), so equality, ordering and hashing use
//! a lower-cased key while display keeps the text as Azure wrote it. Uses std and serde only.
//!
//! Parsed forms: `/subscriptions/{s}`, `/subscriptions/{s}/resourceGroups/{rg}`, resources
//! `…/resourceGroups/{rg}/providers/{ns}/{type}/{name}[/{type}/{name}…]` and subscription-level
//! resources `/subscriptions/{s}/providers/{ns}/{type}/{name}…`. Tenant-level ids
//! (`/providers/…`, e.g. management groups) and extension resources (a second `/providers/`)
//! are rejected: every id here belongs to a subscription.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::str::FromStr;
use std::sync::Arc;

use parse::{Layout, clean_segment, is_keyword, layout, segments};

/// Byte length of `/subscriptions/`, where the subscription segment starts.
const SUBSCRIPTION_START: usize = "/subscriptions/".len();

/// A parsed Azure resource id; compares, orders and hashes ignoring ASCII case.
#[derive(Clone)]
pub struct ResourceId {
    /// The id as written (trimmed, without a trailing `/`), shared by every clone.
    text: Arc<str>,
    subscription_end: u16,
    group: Option<Span>,
    provider: Option<Span>,
    /// Number of `{type}/{name}` pairs after the provider namespace.
    depth: u16,
}

/// The texts of ids seen so far, for `ResourceId::share_with`; compares exactly (an id
/// written in another case keeps its own text, as display needs it).
#[derive(Debug, Default)]
pub struct IdPool {
    texts: std::collections::HashSet<Arc<str>>,
}

/// The longest id accepted, in bytes: offsets are kept in 16 bits, so that an id takes 32
/// bytes besides its text (the snapshot holds half a million of them at 60,000 connections).
/// ARM ids are far shorter (names are at most a few hundred characters).
pub const MAX_ID_LENGTH: usize = u16::MAX as usize;

/// A byte range of the text, kept in 4 bytes (ids are at most `MAX_ID_LENGTH` long).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Span {
    start: u16,
    end: u16,
}

impl Span {
    fn of(range: Range<usize>) -> Self {
        Self {
            start: as_offset(range.start),
            end: as_offset(range.end),
        }
    }

    fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// An offset into an id; `parse` refuses ids longer than `MAX_ID_LENGTH`.
fn as_offset(n: usize) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}

/// The ASCII lower case of one byte, as equality, ordering and hashing see it.
fn folded(text: &str) -> impl Iterator<Item = u8> + '_ {
    text.bytes().map(|b| b.to_ascii_lowercase())
}

/// Why a string is not a resource id; each message names the input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResourceIdError {
    /// The input is empty or only white space.
    #[error("an empty string is not a resource id")]
    Empty,
    /// The input does not start with `/subscriptions/`.
    #[error("'{id}' is not a resource id: it does not start with /subscriptions/")]
    NotUnderSubscription {
        /// The input.
        id: String,
    },
    /// A tenant-level id (`/providers/…`) has no subscription.
    #[error(
        "'{id}' is a tenant-level id (/providers/…), which is not supported: it has no subscription"
    )]
    TenantLevel {
        /// The input.
        id: String,
    },
    /// Two slashes in a row (or a slash at the end of the segments).
    #[error("'{id}' is not a resource id: segment {position} is empty")]
    EmptySegment {
        /// The input.
        id: String,
        /// 1-based position of the empty segment.
        position: usize,
    },
    /// A segment holds a control character, `?` or `#`.
    #[error("'{id}' is not a resource id: segment {position} contains {character:?}")]
    InvalidCharacter {
        /// The input.
        id: String,
        /// 1-based position of the segment.
        position: usize,
        /// The offending character.
        character: char,
    },
    /// A key segment (`subscriptions`, `resourceGroups`, `providers`, a type) ends the id.
    #[error("'{id}' is not a resource id: '{segment}' has no name after it")]
    MissingName {
        /// The input.
        id: String,
        /// The segment that wants a name.
        segment: String,
    },
    /// A provider namespace without a resource type.
    #[error("'{id}' is not a resource id: provider '{namespace}' has no resource type")]
    MissingType {
        /// The input.
        id: String,
        /// The namespace.
        namespace: String,
    },
    /// A segment where the structure wants another keyword.
    #[error(
        "'{id}' is not a resource id: expected {expected} at segment {position}, found '{found}'"
    )]
    UnexpectedSegment {
        /// The input.
        id: String,
        /// 1-based position.
        position: usize,
        /// What belongs there.
        expected: &'static str,
        /// What is there.
        found: String,
    },
    /// An extension resource (`…/providers/{ns}/{type}/{name}/providers/…`).
    #[error("'{id}' is an extension resource id (a second /providers/), which is not supported")]
    ExtensionResource {
        /// The input.
        id: String,
    },
    /// Longer than `MAX_ID_LENGTH` bytes.
    #[error("'{start}…' is not a resource id: it is {length} bytes long, more than 65,535")]
    TooLong {
        /// The input's first 100 characters.
        start: String,
        /// Its length in bytes.
        length: usize,
    },
    /// `try_child` was given a name or type that is not one clean segment.
    #[error("'{id}' is not a child of '{parent}': the type or name is not a single segment")]
    NotAChild {
        /// The composed id.
        id: String,
        /// The id it was meant to be a child of.
        parent: String,
    },
}

impl ResourceId {
    /// Parses an id; trims white space and drops one trailing `/`.
    pub fn parse(text: &str) -> Result<Self, ResourceIdError> {
        let trimmed = text.trim();
        let text = trimmed.strip_suffix('/').unwrap_or(trimmed).trim_end();
        if text.is_empty() {
            return Err(ResourceIdError::Empty);
        }
        if text.len() > MAX_ID_LENGTH {
            return Err(ResourceIdError::TooLong {
                start: text.chars().take(100).collect(),
                length: text.len(),
            });
        }
        let segments = segments(text)?;
        let layout = layout(text, &segments)?;
        Ok(Self::assemble(text, layout))
    }

    /// The id as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Shares the text of an equal id (written the same way) already in `pool`, or adds this
    /// one's: a list read from Azure names one endpoint or service in many places.
    pub fn share_with(&mut self, pool: &mut IdPool) {
        match pool.texts.get(&*self.text) {
            Some(text) => self.text = Arc::clone(text),
            None => {
                pool.texts.insert(Arc::clone(&self.text));
            }
        }
    }

    /// Whether both are clones of one parsed id, sharing its text (what sharing tests check).
    pub fn shares_text(&self, other: &ResourceId) -> bool {
        Arc::ptr_eq(&self.text, &other.text)
    }

    /// The subscription segment as written (e.g. `subId`).
    pub fn subscription(&self) -> &str {
        &self.text[SUBSCRIPTION_START..self.subscription_end as usize]
    }

    /// The resource group name as written, if the id is in one.
    pub fn resource_group(&self) -> Option<&str> {
        self.group.map(|span| &self.text[span.range()])
    }

    /// The provider namespace, e.g. `Microsoft.Network`; `None` for subscription and group ids.
    pub fn provider(&self) -> Option<&str> {
        self.provider.map(|span| &self.text[span.range()])
    }

    /// The full type chain, e.g.
    /// `Microsoft.Network/privateLinkServices/privateEndpointConnections`; `None` for
    /// subscription and resource group ids.
    pub fn resource_type(&self) -> Option<String> {
        let provider = self.provider?.range();
        let mut full = self.text[provider.clone()].to_owned();
        let pairs = self.text.get(provider.end + 1..).unwrap_or_default();
        for kind in pairs.split('/').step_by(2) {
            full.push('/');
            full.push_str(kind);
        }
        Some(full)
    }

    /// Whether the full type chain equals `full_type`, ignoring ASCII case.
    pub fn is_type(&self, full_type: &str) -> bool {
        self.resource_type()
            .is_some_and(|kind| kind.eq_ignore_ascii_case(full_type))
    }

    /// The last name: the resource's, or the group's or subscription's for those ids.
    pub fn name(&self) -> &str {
        self.text.rsplit('/').next().unwrap_or_default()
    }

    /// The parent: child → parent resource, top-level resource → its resource group (or
    /// subscription), resource group → subscription, subscription → `None`.
    pub fn parent(&self) -> Option<ResourceId> {
        if self.depth >= 2 {
            let name_start = self.text.rfind('/')?;
            let type_start = self.text[..name_start].rfind('/')?;
            return Some(self.truncate(type_start));
        }
        if let Some(provider) = self.provider {
            // `provider.start - 1` is the slash after `providers`; cut at the one before it.
            let providers_start = self.text[..provider.start as usize - 1].rfind('/')?;
            return Some(self.truncate(providers_start));
        }
        self.group.as_ref().map(|_| self.subscription_id())
    }

    /// The id of a child: `{self}/{child_type}/{name}` for a resource, e.g.
    /// `pls.child("privateEndpointConnections", "c1")`; for a subscription or resource group
    /// `child_type` is `{namespace}/{type}` (or `resourceGroups` under a subscription).
    /// Infallible for names read from ARM: a part that is not one clean segment has `/`, `?`,
    /// `#` and control characters replaced by `_` (use [`ResourceId::try_child`] to refuse it).
    pub fn child(&self, child_type: &str, name: &str) -> ResourceId {
        if let Ok(child) = self.try_child(child_type, name) {
            return child;
        }
        let name = clean_segment(name);
        let kind = if self.depth > 0 {
            clean_segment(child_type)
        } else {
            let (namespace, kind) = child_type.split_once('/').unwrap_or((child_type, ""));
            if kind.is_empty() && self.group.is_none() && is_keyword(child_type, "resourceGroups") {
                clean_segment(child_type)
            } else {
                format!("{}/{}", clean_segment(namespace), clean_segment(kind))
            }
        };
        // Clean segments always compose into a child; the clone is never reached.
        self.try_child(&kind, &name)
            .unwrap_or_else(|_| self.clone())
    }

    /// Like [`ResourceId::child`], but refuses a type or name that is not a clean segment.
    pub fn try_child(&self, child_type: &str, name: &str) -> Result<ResourceId, ResourceIdError> {
        let text = if self.depth > 0
            || (self.group.is_none() && is_keyword(child_type, "resourceGroups"))
        {
            format!("{}/{child_type}/{name}", self.text)
        } else {
            format!("{}/providers/{child_type}/{name}", self.text)
        };
        let child = Self::parse(&text)?;
        if child.name() == name && child.parent().as_ref() == Some(self) {
            Ok(child)
        } else {
            Err(ResourceIdError::NotAChild {
                id: text,
                parent: self.text.to_string(),
            })
        }
    }

    /// The subscription's id, `/subscriptions/{s}`.
    pub fn subscription_id(&self) -> ResourceId {
        self.truncate(self.subscription_end as usize)
    }

    /// The resource group's id, if the id is in one.
    pub fn resource_group_id(&self) -> Option<ResourceId> {
        self.group.map(|group| self.truncate(group.end as usize))
    }

    /// The id cut at `end`, a segment boundary (a `/` position or the end of the subscription).
    fn truncate(&self, end: usize) -> ResourceId {
        if end >= self.text.len() {
            return self.clone();
        }
        let group = self.group.map(Span::range).filter(|group| group.end <= end);
        let provider = self
            .provider
            .map(Span::range)
            .filter(|provider| provider.end < end);
        let depth = match &provider {
            Some(provider) => self.text[provider.end..end].matches('/').count() / 2,
            None => 0,
        };
        let layout = Layout {
            subscription_end: self.subscription_end as usize,
            group,
            provider,
            depth,
        };
        Self::assemble(&self.text[..end], layout)
    }

    fn assemble(text: &str, layout: Layout) -> Self {
        Self {
            text: Arc::from(text),
            subscription_end: as_offset(layout.subscription_end),
            group: layout.group.map(Span::of),
            provider: layout.provider.map(Span::of),
            depth: as_offset(layout.depth),
        }
    }
}

impl PartialEq for ResourceId {
    fn eq(&self, other: &Self) -> bool {
        // Byte-equal first: ids Azure sends twice are usually spelled the same, and comparing
        // bytes is many times faster than folding case.
        Arc::ptr_eq(&self.text, &other.text)
            || *self.text == *other.text
            || self.text.eq_ignore_ascii_case(&other.text)
    }
}

impl Eq for ResourceId {}

impl Hash for ResourceId {
    /// Hashes the lower-cased bytes (as `str` does: the bytes, then `0xff`), a stack buffer at
    /// a time, so ids equal but for case hash alike without a lower-cased copy on the heap.
    fn hash<H: Hasher>(&self, state: &mut H) {
        let mut buffer = [0u8; 64];
        for chunk in self.text.as_bytes().chunks(buffer.len()) {
            let lower = &mut buffer[..chunk.len()];
            lower.copy_from_slice(chunk);
            lower.make_ascii_lowercase();
            state.write(lower);
        }
        state.write_u8(0xff);
    }
}

impl PartialOrd for ResourceId {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for ResourceId {
    fn cmp(&self, other: &Self) -> Ordering {
        folded(&self.text).cmp(folded(&other.text))
    }
}

impl fmt::Display for ResourceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl fmt::Debug for ResourceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("ResourceId").field(&self.text).finish()
    }
}

impl FromStr for ResourceId {
    type Err = ResourceIdError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse(text)
    }
}

impl serde::Serialize for ResourceId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> serde::Deserialize<'de> for ResourceId {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <String as serde::Deserialize>::deserialize(deserializer)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

mod parse;
#[cfg(test)]
mod tests;
