//! Scalar expressions: the tree the parser builds (columns already resolved to positions) and
//! its evaluation over one row with KQL's null rules. A missing path is null; `==` of null and a
//! value is false, `!=` true, and ordering against null is null, which `where` drops; string
//! operators read null as `""`, as KQL's string type has no null.

use std::borrow::Cow;
use std::cmp::Ordering;

use serde_json::Value;

use super::func::Func;

static NULL: Value = Value::Null;

/// A scalar expression over one row.
#[derive(Clone, Debug)]
pub(crate) enum Expr {
    /// A literal.
    Lit(Value),
    /// The value of the column at this position.
    Col(usize),
    /// `base.name` or `base['name']`: a property of a dynamic object.
    Member(Box<Expr>, String),
    /// `base[i]` (negative counts from the end) or `base[expr]`.
    Index(Box<Expr>, Box<Expr>),
    /// A function call.
    Call(Func, Vec<Expr>),
    /// A comparison or string operator.
    Binary(BinOp, Box<Expr>, Box<Expr>),
    /// `lhs in (...)` and its `!in`, `in~`, `!in~` forms.
    In {
        lhs: Box<Expr>,
        list: Vec<Expr>,
        negated: bool,
        case_sensitive: bool,
    },
    /// Three-valued `and`.
    And(Box<Expr>, Box<Expr>),
    /// Three-valued `or`.
    Or(Box<Expr>, Box<Expr>),
}

/// A binary operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BinOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    /// A string operator, possibly negated (`!contains`) or case-sensitive (`contains_cs`).
    Str {
        op: StrOp,
        negated: bool,
        case_sensitive: bool,
    },
}

/// The string operators; each compares the operands' string forms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum StrOp {
    /// `=~` / `!~` (and `==` on strings when case-sensitive).
    Equals,
    Contains,
    /// Whole-term match: the needle starts and ends on a boundary of alphanumeric runs.
    Has,
    StartsWith,
    EndsWith,
}

impl Expr {
    /// Whether the expression could evaluate to a boolean, for checking `where` predicates.
    pub(crate) fn may_be_bool(&self) -> bool {
        match self {
            Expr::Lit(v) => v.is_boolean(),
            Expr::Call(f, _) => f.may_return_bool(),
            _ => true,
        }
    }
}

/// Evaluates `expr` over `row`, borrowing from the row where it can.
pub(crate) fn eval<'a>(expr: &'a Expr, row: &'a [Value]) -> Cow<'a, Value> {
    match expr {
        Expr::Lit(v) => Cow::Borrowed(v),
        Expr::Col(i) => Cow::Borrowed(row.get(*i).unwrap_or(&NULL)),
        Expr::Member(base, name) => step(eval(base, row), &Step::Name(name)),
        Expr::Index(base, index) => {
            let index = eval(index, row);
            let key = match index.as_ref() {
                Value::String(s) => Step::Name(s),
                Value::Number(n) => n.as_i64().map_or(Step::Missing, Step::Pos),
                _ => Step::Missing,
            };
            step(eval(base, row), &key)
        }
        Expr::Call(f, args) => Cow::Owned(f.call(args, row)),
        Expr::Binary(op, l, r) => Cow::Owned(binary(*op, &eval(l, row), &eval(r, row))),
        Expr::In {
            lhs,
            list,
            negated,
            case_sensitive,
        } => {
            let found = contains(&eval(lhs, row), list, row, *case_sensitive);
            Cow::Owned(Value::Bool(found != *negated))
        }
        Expr::And(l, r) => Cow::Owned(match truth(&eval(l, row)) {
            Some(false) => Value::Bool(false),
            left => match (left, truth(&eval(r, row))) {
                (_, Some(false)) => Value::Bool(false),
                (Some(true), Some(true)) => Value::Bool(true),
                _ => Value::Null,
            },
        }),
        Expr::Or(l, r) => Cow::Owned(match truth(&eval(l, row)) {
            Some(true) => Value::Bool(true),
            left => match (left, truth(&eval(r, row))) {
                (_, Some(true)) => Value::Bool(true),
                (Some(false), Some(false)) => Value::Bool(false),
                _ => Value::Null,
            },
        }),
    }
}

/// A boolean's truth; anything else (null included) is unknown.
pub(crate) fn truth(v: &Value) -> Option<bool> {
    v.as_bool()
}

/// KQL's `tostring()`: null is `""`, dynamic arrays and objects are their JSON text.
pub(crate) fn to_text(v: &Value) -> Cow<'_, str> {
    match v {
        Value::Null => Cow::Borrowed(""),
        Value::String(s) => Cow::Borrowed(s),
        Value::Bool(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
        Value::Number(n) => Cow::Owned(n.to_string()),
        other => Cow::Owned(other.to_string()),
    }
}

enum Step<'k> {
    Name(&'k str),
    Pos(i64),
    Missing,
}

fn pick<'v>(v: &'v Value, key: &Step<'_>) -> Option<&'v Value> {
    match (v, key) {
        (Value::Object(map), Step::Name(name)) => map.get(*name),
        (Value::Array(items), Step::Pos(i)) => {
            let len = i64::try_from(items.len()).ok()?;
            let i = if *i < 0 { i.checked_add(len)? } else { *i };
            items.get(usize::try_from(i).ok()?)
        }
        _ => None,
    }
}

fn step<'a>(base: Cow<'a, Value>, key: &Step<'_>) -> Cow<'a, Value> {
    match base {
        Cow::Borrowed(v) => Cow::Borrowed(pick(v, key).unwrap_or(&NULL)),
        Cow::Owned(v) => Cow::Owned(pick(&v, key).cloned().unwrap_or(Value::Null)),
    }
}

fn binary(op: BinOp, l: &Value, r: &Value) -> Value {
    match op {
        BinOp::Eq | BinOp::Ne => match (l.is_null(), r.is_null()) {
            (true, true) => Value::Null,
            (true, false) | (false, true) => Value::Bool(op == BinOp::Ne),
            _ => Value::Bool(equal(l, r) == (op == BinOp::Eq)),
        },
        BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => match order(l, r) {
            None => Value::Null,
            Some(o) => Value::Bool(match op {
                BinOp::Lt => o.is_lt(),
                BinOp::Le => o.is_le(),
                BinOp::Gt => o.is_gt(),
                _ => o.is_ge(),
            }),
        },
        BinOp::Str {
            op,
            negated,
            case_sensitive,
        } => Value::Bool(string_match(op, &to_text(l), &to_text(r), case_sensitive) != negated),
    }
}

/// Equality of two non-null values: numbers by value, everything else structurally.
pub(crate) fn equal(l: &Value, r: &Value) -> bool {
    match (l, r) {
        (Value::Number(a), Value::Number(b)) => match (a.as_i64(), b.as_i64()) {
            (Some(x), Some(y)) => x == y,
            _ => a.as_f64() == b.as_f64(),
        },
        _ => l == r,
    }
}

/// Ordering of two values of one scalar kind; `None` for null or mixed kinds.
fn order(l: &Value, r: &Value) -> Option<Ordering> {
    match (l, r) {
        (Value::Number(a), Value::Number(b)) => match (a.as_i64(), b.as_i64()) {
            (Some(x), Some(y)) => Some(x.cmp(&y)),
            _ => a.as_f64()?.partial_cmp(&b.as_f64()?),
        },
        (Value::String(a), Value::String(b)) => Some(a.cmp(b)),
        _ => None,
    }
}

/// A total order for sorting: null < bool < number < string < array < object.
pub(crate) fn sort_order(l: &Value, r: &Value) -> Ordering {
    fn rank(v: &Value) -> u8 {
        match v {
            Value::Null => 0,
            Value::Bool(_) => 1,
            Value::Number(_) => 2,
            Value::String(_) => 3,
            Value::Array(_) => 4,
            Value::Object(_) => 5,
        }
    }
    match (l, r) {
        (Value::Bool(a), Value::Bool(b)) => a.cmp(b),
        (Value::Number(_), Value::Number(_)) | (Value::String(_), Value::String(_)) => {
            order(l, r).unwrap_or(Ordering::Equal)
        }
        (Value::Array(_), Value::Array(_)) | (Value::Object(_), Value::Object(_)) => {
            l.to_string().cmp(&r.to_string())
        }
        _ => rank(l).cmp(&rank(r)),
    }
}

fn string_match(op: StrOp, hay: &str, needle: &str, case_sensitive: bool) -> bool {
    let (hay, needle) = if case_sensitive {
        (Cow::Borrowed(hay), Cow::Borrowed(needle))
    } else {
        (
            Cow::Owned(hay.to_lowercase()),
            Cow::Owned(needle.to_lowercase()),
        )
    };
    match op {
        StrOp::Equals => hay == needle,
        StrOp::Contains => hay.contains(needle.as_ref()),
        StrOp::StartsWith => hay.starts_with(needle.as_ref()),
        StrOp::EndsWith => hay.ends_with(needle.as_ref()),
        StrOp::Has => has_term(&hay, &needle),
    }
}

/// KQL `has`: `needle` occurs where it does not cut through an alphanumeric run of `hay`.
fn has_term(hay: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return true;
    }
    let starts_alnum = needle.chars().next().is_some_and(char::is_alphanumeric);
    let ends_alnum = needle
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric);
    hay.match_indices(needle).any(|(at, _)| {
        let before = hay.get(..at).and_then(|s| s.chars().next_back());
        let after = hay.get(at + needle.len()..).and_then(|s| s.chars().next());
        let clean_start = !starts_alnum || !before.is_some_and(char::is_alphanumeric);
        let clean_end = !ends_alnum || !after.is_some_and(char::is_alphanumeric);
        clean_start && clean_end
    })
}

/// Whether `value` equals an element of `list`; arrays in the list count element by element.
fn contains(value: &Value, list: &[Expr], row: &[Value], case_sensitive: bool) -> bool {
    let text = (!case_sensitive).then(|| to_text(value).to_lowercase());
    let matches = |candidate: &Value| match &text {
        Some(t) => to_text(candidate).to_lowercase() == *t,
        None => !value.is_null() && !candidate.is_null() && equal(value, candidate),
    };
    list.iter().any(|item| match eval(item, row).as_ref() {
        Value::Array(items) => items.iter().any(&matches),
        other => matches(other),
    })
}
