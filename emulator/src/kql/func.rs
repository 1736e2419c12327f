//! Scalar functions of the subset: their names, arities and evaluation. Every function is total:
//! arguments of an unexpected kind give null (or `""` where KQL's result is a string).

use serde_json::Value;

use super::expr::{Expr, eval, to_text, truth};

/// A scalar function the subset knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Func {
    ToText,
    ToLower,
    ToUpper,
    ToLong,
    Strlen,
    ArrayLength,
    ArrayConcat,
    IsEmpty,
    IsNotEmpty,
    IsNull,
    IsNotNull,
    Split,
    Strcat,
    Iff,
    Coalesce,
    ToDynamic,
    Not,
}

/// Name, function, fewest and most arguments.
const TABLE: &[(&str, Func, usize, usize)] = &[
    ("tostring", Func::ToText, 1, 1),
    ("tolower", Func::ToLower, 1, 1),
    ("toupper", Func::ToUpper, 1, 1),
    ("tolong", Func::ToLong, 1, 1),
    ("toint", Func::ToLong, 1, 1),
    ("strlen", Func::Strlen, 1, 1),
    ("array_length", Func::ArrayLength, 1, 1),
    ("array_concat", Func::ArrayConcat, 1, 64),
    ("isempty", Func::IsEmpty, 1, 1),
    ("isnotempty", Func::IsNotEmpty, 1, 1),
    ("isnull", Func::IsNull, 1, 1),
    ("isnotnull", Func::IsNotNull, 1, 1),
    ("split", Func::Split, 2, 3),
    ("strcat", Func::Strcat, 1, 64),
    ("iff", Func::Iff, 3, 3),
    ("iif", Func::Iff, 3, 3),
    ("coalesce", Func::Coalesce, 2, 64),
    ("todynamic", Func::ToDynamic, 1, 1),
    ("parse_json", Func::ToDynamic, 1, 1),
    ("not", Func::Not, 1, 1),
];

/// The known function names, comma-separated, for error messages.
pub(crate) fn names() -> String {
    let names: Vec<&str> = TABLE.iter().map(|(name, ..)| *name).collect();
    names.join(", ")
}

/// The function called `name` (names are case-sensitive, as in KQL) and its arity bounds.
pub(crate) fn lookup(name: &str) -> Option<(Func, usize, usize)> {
    TABLE
        .iter()
        .find(|(n, ..)| *n == name)
        .map(|&(_, f, min, max)| (f, min, max))
}

impl Func {
    /// Whether the result is always of KQL's `string` type.
    pub(crate) fn returns_text(self) -> bool {
        matches!(
            self,
            Func::ToText | Func::ToLower | Func::ToUpper | Func::Strcat
        )
    }

    /// Whether the result can be a boolean.
    pub(crate) fn may_return_bool(self) -> bool {
        use Func::*;
        matches!(
            self,
            IsEmpty | IsNotEmpty | IsNull | IsNotNull | Iff | Coalesce | ToDynamic | Not
        )
    }

    /// Evaluates the call over `row`; `args` has a count within the arity checked at parse.
    pub(crate) fn call(self, args: &[Expr], row: &[Value]) -> Value {
        let arg = |i: usize| args.get(i).map(|a| eval(a, row));
        let first = || arg(0).map(|v| v.into_owned()).unwrap_or(Value::Null);
        let text = |i: usize| arg(i).map(|v| to_text(&v).into_owned()).unwrap_or_default();
        match self {
            Func::ToText => Value::String(text(0)),
            Func::ToLower => Value::String(text(0).to_lowercase()),
            Func::ToUpper => Value::String(text(0).to_uppercase()),
            Func::ToLong => to_long(&first()),
            Func::Strlen => Value::from(text(0).chars().count()),
            Func::ArrayLength => match first() {
                Value::Array(items) => Value::from(items.len()),
                _ => Value::Null,
            },
            Func::ArrayConcat => array_concat(args, row),
            Func::IsEmpty => Value::Bool(is_empty(&first())),
            Func::IsNotEmpty => Value::Bool(!is_empty(&first())),
            Func::IsNull => Value::Bool(first().is_null()),
            Func::IsNotNull => Value::Bool(!first().is_null()),
            Func::Split => split(&text(0), &text(1), arg(2).map(|v| v.as_i64())),
            Func::Strcat => Value::String((0..args.len()).map(text).collect()),
            Func::Iff => {
                let chosen = if arg(0).is_some_and(|c| truth(&c) == Some(true)) {
                    1
                } else {
                    2
                };
                arg(chosen).map(|v| v.into_owned()).unwrap_or(Value::Null)
            }
            Func::Coalesce => args
                .iter()
                .map(|a| eval(a, row))
                .find(|v| !is_empty(v))
                .map(|v| v.into_owned())
                .unwrap_or(Value::Null),
            // The parser only keeps this call for string-typed arguments; dynamic ones pass
            // through untouched, as in KQL. Text that is not JSON stays a string.
            Func::ToDynamic => match first() {
                Value::String(s) => serde_json::from_str(&s).unwrap_or(Value::String(s)),
                other => other,
            },
            Func::Not => match truth(&first()) {
                Some(b) => Value::Bool(!b),
                None => Value::Null,
            },
        }
    }
}

/// KQL's `isempty()`: null or the empty string.
fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        _ => false,
    }
}

fn to_long(v: &Value) -> Value {
    match v {
        Value::Number(n) => n
            .as_i64()
            .or_else(|| {
                n.as_f64()
                    .filter(|f| f.is_finite() && f.abs() < 9.2e18)
                    .map(|f| f as i64)
            })
            .map_or(Value::Null, Value::from),
        Value::String(s) => s.trim().parse::<i64>().map_or(Value::Null, Value::from),
        Value::Bool(b) => Value::from(i64::from(*b)),
        _ => Value::Null,
    }
}

/// All arguments must be arrays; otherwise the result is null.
fn array_concat(args: &[Expr], row: &[Value]) -> Value {
    let mut out = Vec::new();
    for a in args {
        match eval(a, row).into_owned() {
            Value::Array(items) => out.extend(items),
            _ => return Value::Null,
        }
    }
    Value::Array(out)
}

/// KQL's `split(s, sep [, index])`: an array of parts, or just the part at `index` (an empty
/// array when there is none). An empty separator is not meaningful and gives null.
fn split(s: &str, sep: &str, index: Option<Option<i64>>) -> Value {
    if sep.is_empty() {
        return Value::Null;
    }
    let parts = s.split(sep).map(|p| Value::String(p.to_string()));
    match index {
        None => Value::Array(parts.collect()),
        Some(Some(i)) if i >= 0 => {
            let part = usize::try_from(i)
                .ok()
                .and_then(|i| parts.into_iter().nth(i));
            Value::Array(part.into_iter().collect())
        }
        Some(_) => Value::Null,
    }
}
