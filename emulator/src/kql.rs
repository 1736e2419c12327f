//! The KQL engine behind the emulator's Resource Graph endpoint (`resource_graph`): the
//! `resources` / `resourcecontainers` rows ARG serves, and a small, honest subset of KQL
//! evaluated over them as `serde_json::Value`. Parsing resolves every name up front, so a query
//! either runs as ARG would run it or fails with a [`QueryError`] saying what was not understood
//! and where. Uses only serde_json and thiserror.

mod expr;
mod func;
mod lexer;
mod parser;
mod pipeline;
mod rows;
#[cfg(test)]
mod tests;

use serde_json::{Map, Value};

pub use rows::{container_row, resource_row};

/// The tables the emulator serves, for error messages.
const TABLES: &str = "resources and resourcecontainers";

/// The operators [`Query::parse`] understands, for error messages.
const OPERATORS: &str = "where, extend, project, project-away, project-rename, mv-expand, \
     order by, sort by, take, limit, top, count, distinct, summarize count()/countif() by";

/// An ARG table the emulator serves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Table {
    /// `resources`: every ARM resource, one row each ([`resource_row`]).
    Resources,
    /// `resourcecontainers`: subscriptions and resource groups ([`container_row`]).
    ResourceContainers,
}

impl Table {
    /// The table's name as ARG spells it in queries.
    pub fn name(self) -> &'static str {
        match self {
            Table::Resources => "resources",
            Table::ResourceContainers => "resourcecontainers",
        }
    }

    /// The table whose name is `word`, compared without regard to case.
    fn from_name(word: &str) -> Option<Table> {
        [Table::Resources, Table::ResourceContainers]
            .into_iter()
            .find(|t| t.name().eq_ignore_ascii_case(word))
    }
}

/// Why a query was refused; every parse error names the token and its byte offset.
#[derive(Debug, thiserror::Error, Clone, PartialEq)]
pub enum QueryError {
    /// The query has no tokens at all.
    #[error("empty query: expected a table name (resources or resourcecontainers)")]
    Empty,
    /// A string literal has no closing quote on its line.
    #[error("unterminated string starting at {offset}")]
    UnterminatedString {
        /// Byte offset of the opening quote.
        offset: usize,
    },
    /// A character that starts no token.
    #[error("unexpected character '{ch}' at {offset}")]
    UnexpectedChar {
        /// The character.
        ch: char,
        /// Its byte offset.
        offset: usize,
    },
    /// A number that is too large, or written with a suffix (`10s`, `0x1f`) not understood.
    #[error("invalid number '{text}' at {offset}")]
    BadNumber {
        /// The literal as written.
        text: String,
        /// Its byte offset.
        offset: usize,
    },
    /// A table other than `resources` / `resourcecontainers`.
    #[error("unsupported table '{name}' at {offset}: the emulator serves {TABLES}")]
    UnsupportedTable {
        /// The table named.
        name: String,
        /// Its byte offset.
        offset: usize,
    },
    /// A tabular operator outside the subset (`join`, `union`, `make-series`, ...).
    #[error("unsupported operator '{name}' at {offset}: the emulator understands {OPERATORS}")]
    UnsupportedOperator {
        /// The operator as written.
        name: String,
        /// Its byte offset.
        offset: usize,
    },
    /// A function outside the subset.
    #[error(
        "unknown function '{name}' at {offset}: the emulator knows {}",
        func::names()
    )]
    UnknownFunction {
        /// The function as written.
        name: String,
        /// Its byte offset.
        offset: usize,
    },
    /// A function called with the wrong number of arguments.
    #[error("{name}() at {offset} takes {expected} argument(s), got {found}")]
    Arity {
        /// The function.
        name: String,
        /// What it takes, e.g. "2 or 3".
        expected: String,
        /// How many it was given.
        found: usize,
        /// Byte offset of the function name.
        offset: usize,
    },
    /// A name that is not a column at that point of the pipeline.
    #[error("unknown column '{name}' at {offset}: the columns here are {available}")]
    UnknownColumn {
        /// The name as written.
        name: String,
        /// Its byte offset.
        offset: usize,
        /// The columns in scope, comma-separated.
        available: String,
    },
    /// Two output columns with one name.
    #[error("duplicate column '{name}' at {offset}")]
    DuplicateColumn {
        /// The name.
        name: String,
        /// Byte offset of its second definition.
        offset: usize,
    },
    /// Syntax or a construct outside the subset (`has_any`, `+`, `mv-expand ... limit`).
    #[error("{message} at {offset}")]
    Unsupported {
        /// What was found and, where useful, what is understood instead.
        message: String,
        /// Its byte offset.
        offset: usize,
    },
    /// Something other than what the grammar allows at that point.
    #[error("expected {expected} at {offset}, found {found}")]
    Syntax {
        /// What the grammar allows there.
        expected: String,
        /// The token found.
        found: String,
        /// Its byte offset.
        offset: usize,
    },
    /// A `where` predicate that can never be a boolean (`where name`, `where tostring(x)`).
    #[error("the predicate at {offset} is not a boolean expression")]
    NotBoolean {
        /// Byte offset of the predicate.
        offset: usize,
    },
    /// Parentheses or calls nested beyond what the parser accepts.
    #[error("expression nests deeper than {limit} levels at {offset}")]
    TooDeep {
        /// The nesting limit.
        limit: usize,
        /// Byte offset where it was exceeded.
        offset: usize,
    },
    /// An input row handed to [`Query::run`] that is not a JSON object.
    #[error("input row {index} is not a JSON object")]
    RowNotObject {
        /// Its position in the input.
        index: usize,
    },
}

/// A parsed query: a table and a pipeline of operators with every column resolved.
#[derive(Clone, Debug)]
pub struct Query {
    table: Table,
    stages: Vec<pipeline::Stage>,
    columns: Vec<String>,
}

impl Query {
    /// Parses `text`, refusing anything outside the subset with a [`QueryError`].
    pub fn parse(text: &str) -> Result<Query, QueryError> {
        let tokens = lexer::lex(text)?;
        let parsed = parser::parse(&tokens)?;
        Ok(Query {
            table: parsed.table,
            stages: parsed.stages,
            columns: parsed.columns,
        })
    }

    /// Which table the query reads ("resources" or "resourcecontainers").
    pub fn table(&self) -> Table {
        self.table
    }

    /// The result's column names, in the order the query defines them.
    pub fn columns(&self) -> &[String] {
        &self.columns
    }

    /// Runs over the rows of its table, in order; returns result rows (objectArray format).
    pub fn run(&self, rows: &[Value]) -> Result<Vec<Value>, QueryError> {
        let schema = rows::columns(self.table);
        let mut table = Vec::with_capacity(rows.len());
        for (index, row) in rows.iter().enumerate() {
            let object = row.as_object().ok_or(QueryError::RowNotObject { index })?;
            let cells = schema
                .iter()
                .map(|c| object.get(*c).cloned().unwrap_or(Value::Null));
            table.push(cells.collect::<Vec<_>>());
        }
        for stage in &self.stages {
            table = stage.run(table);
        }
        let objects = table.into_iter().map(|cells| {
            let map: Map<String, Value> = self.columns.iter().cloned().zip(cells).collect();
            Value::Object(map)
        });
        Ok(objects.collect())
    }
}
