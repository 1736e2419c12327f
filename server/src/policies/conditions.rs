//! The parts of a policy that are checked when the file is read, each refusing a bad value
//! with a message (the file reader adds its line and column): the mode, the action, a name
//! glob, a request-message pattern, a tag condition and a resource id. Pure.

use std::fmt;

use globset::{GlobBuilder, GlobMatcher};
use regex::Regex;
use serde::{Deserialize, Deserializer, de};

use crate::arm::ResourceId;

/// Whether verdicts are only shown or also carried out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// Verdicts are shown; nothing is sent to Azure (the default).
    #[default]
    DryRun,
    /// Verdicts are carried out through the action path, audited.
    Enforce,
}

/// What a matching policy does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Action {
    /// Approve the connection.
    Approve,
    /// Reject it (never remove).
    Reject,
    /// Only say so: never acts.
    Hold,
}

impl Action {
    /// The word, as the file and the audit write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Approve => "approve",
            Self::Reject => "reject",
            Self::Hold => "hold",
        }
    }
}

/// A name pattern (`my*`, `pls-?-weu`, `{a,b}*`), matched ignoring case as Azure names are.
#[derive(Clone, Debug)]
pub struct NameGlob {
    pattern: String,
    shape: Shape,
    matcher: GlobMatcher,
}

/// The common patterns, matched without the glob's regex: `*`, `prefix*` and a plain name
/// (ASCII text, no separator: otherwise the compiled glob decides, with the same answer).
#[derive(Clone, Debug, PartialEq)]
enum Shape {
    Any,
    Prefix(String),
    Exact(String),
    Other,
}

impl Shape {
    fn of(pattern: &str) -> Self {
        const SPECIAL: &[char] = &['*', '?', '[', ']', '{', '}', '\\', '/'];
        if !pattern.is_ascii() {
            return Self::Other;
        }
        match pattern.strip_suffix('*') {
            Some("") => Self::Any,
            Some(prefix) if !prefix.contains(SPECIAL) => Self::Prefix(prefix.to_owned()),
            None if !pattern.contains(SPECIAL) => Self::Exact(pattern.to_owned()),
            _ => Self::Other,
        }
    }

    /// The answer without the regex, when the shape and `name` allow one.
    fn matches(&self, name: &str) -> Option<bool> {
        if !name.is_ascii() || name.contains('/') {
            return None;
        }
        match self {
            Self::Any => Some(true),
            Self::Prefix(prefix) => Some(
                name.get(..prefix.len())
                    .is_some_and(|head| head.eq_ignore_ascii_case(prefix)),
            ),
            Self::Exact(exact) => Some(name.eq_ignore_ascii_case(exact)),
            Self::Other => None,
        }
    }
}

impl NameGlob {
    /// Compiles `pattern`; the error says what is wrong with it.
    pub fn new(pattern: &str) -> Result<Self, String> {
        let glob = GlobBuilder::new(pattern)
            .case_insensitive(true)
            .literal_separator(true)
            .build()
            .map_err(|e| format!("'{pattern}' is not a glob: {}", e.kind()))?;
        Ok(Self {
            pattern: pattern.to_owned(),
            shape: Shape::of(pattern),
            matcher: glob.compile_matcher(),
        })
    }

    /// Whether `name` matches.
    pub fn matches(&self, name: &str) -> bool {
        self.shape
            .matches(name)
            .unwrap_or_else(|| self.matcher.is_match(name))
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.pattern
    }
}

impl PartialEq for NameGlob {
    fn eq(&self, other: &Self) -> bool {
        self.pattern == other.pattern
    }
}

/// A regular expression on the request message.
#[derive(Clone, Debug)]
pub struct MessagePattern(Regex);

impl MessagePattern {
    /// Compiles `pattern`; the error says what is wrong with it.
    pub fn new(pattern: &str) -> Result<Self, String> {
        Regex::new(pattern).map(Self).map_err(|e| {
            format!(
                "'{pattern}' is not a regular expression: {}",
                what_is_wrong(&e)
            )
        })
    }

    /// Whether `message` holds a match.
    pub fn matches(&self, message: &str) -> bool {
        self.0.is_match(message)
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

impl PartialEq for MessagePattern {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

/// The last line of the regex crate's message, which says what is wrong (the ones before draw
/// the pattern with a caret, which a one-line message cannot show).
fn what_is_wrong(error: &regex::Error) -> String {
    let text = error.to_string();
    text.lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or(&text)
        .trim()
        .trim_start_matches("error: ")
        .to_owned()
}

/// A tag condition, `key=value` (the value a glob; the key ignores case, as Azure's do).
#[derive(Clone, Debug, PartialEq)]
pub struct TagCondition {
    /// The tag's name.
    pub key: String,
    /// The value it must have.
    pub value: NameGlob,
}

impl TagCondition {
    /// Reads `key=value`.
    pub fn new(text: &str) -> Result<Self, String> {
        let (key, value) = text
            .split_once('=')
            .filter(|(key, _)| !key.trim().is_empty())
            .ok_or_else(|| format!("'{text}' is not a tag condition: write key=value"))?;
        Ok(Self {
            key: key.trim().to_owned(),
            value: NameGlob::new(value.trim())?,
        })
    }

    /// Whether `tags` hold it.
    pub fn matches<'a>(&self, mut tags: impl Iterator<Item = (&'a str, &'a str)>) -> bool {
        tags.any(|(key, value)| key.eq_ignore_ascii_case(&self.key) && self.value.matches(value))
    }
}

/// Reads a value with `parse`, turning its message into a located error.
fn parsed<'de, D, T>(deserializer: D, parse: fn(&str) -> Result<T, String>) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    let text = String::deserialize(deserializer)?;
    parse(&text).map_err(de::Error::custom)
}

impl<'de> Deserialize<'de> for NameGlob {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        parsed(deserializer, Self::new)
    }
}

impl<'de> Deserialize<'de> for MessagePattern {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        parsed(deserializer, Self::new)
    }
}

impl<'de> Deserialize<'de> for TagCondition {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        parsed(deserializer, Self::new)
    }
}

/// A resource id in a policy, refused when it is not one.
#[derive(Clone, Debug, PartialEq)]
pub struct PolicyId(pub ResourceId);

impl<'de> Deserialize<'de> for PolicyId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        parsed(deserializer, |text| {
            ResourceId::parse(text)
                .map(PolicyId)
                .map_err(|e| e.to_string())
        })
    }
}

/// One value or a list of them (`subscription: a` or `subscription: [a, b]`).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany<T> {
    /// Nothing given.
    #[default]
    #[serde(skip)]
    None,
    /// One value.
    One(T),
    /// Several.
    Many(Vec<T>),
}

impl<T> OneOrMany<T> {
    /// The values.
    pub fn values(&self) -> &[T] {
        match self {
            Self::None => &[],
            Self::One(one) => std::slice::from_ref(one),
            Self::Many(many) => many,
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_glob_matches_ignoring_case_and_a_bad_one_says_why() {
        let glob = NameGlob::new("my*").unwrap();
        assert!(glob.matches("myPLS") && glob.matches("MYpls") && !glob.matches("yourPLS"));
        assert!(NameGlob::new("pls-{weu,neu}").unwrap().matches("PLS-NEU"));
        let bad = NameGlob::new("pls-[weu").unwrap_err();
        assert!(bad.starts_with("'pls-[weu' is not a glob: "), "{bad}");
    }

    #[test]
    fn the_shortcuts_for_common_patterns_answer_as_the_compiled_glob() {
        let names = [
            "myPLS", "MYPLS", "my", "", "yourPLS", "my/PLS", "a/b", "myPLSx", "mÿPLS", "K",
            "\u{212a}",
        ];
        for pattern in [
            "*",
            "my*",
            "MY*",
            "myPLS",
            "k",
            "",
            "my?",
            "pls-{a,b}",
            "ÿ*",
        ] {
            let glob = NameGlob::new(pattern).unwrap();
            for name in names {
                assert_eq!(
                    glob.matches(name),
                    glob.matcher.is_match(name),
                    "'{pattern}' on '{name}'"
                );
            }
        }
    }

    #[test]
    fn a_message_pattern_is_a_regex_and_a_bad_one_says_why_in_one_line() {
        assert!(
            MessagePattern::new("^Front Door")
                .unwrap()
                .matches("Front Door request")
        );
        let bad = MessagePattern::new("Front (Door").unwrap_err();
        assert!(
            bad.starts_with("'Front (Door' is not a regular expression: "),
            "{bad}"
        );
        assert!(!bad.contains('\n'), "{bad}");
    }

    #[test]
    fn a_tag_condition_is_key_equals_a_glob() {
        let tag = TagCondition::new("env = prod*").unwrap();
        let tags = [("Env", "production"), ("team", "edge")];
        assert!(tag.matches(tags.iter().copied()));
        assert!(
            !TagCondition::new("env=test")
                .unwrap()
                .matches(tags.iter().copied())
        );
        assert!(TagCondition::new("=x").is_err() && TagCondition::new("env").is_err());
    }
}
