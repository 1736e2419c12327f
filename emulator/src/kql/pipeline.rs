//! Tabular operators: each stage turns a table of rows (cells in schema order, columns resolved
//! by the parser) into the next. Pure and total.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::expr::{Expr, eval, sort_order, truth};

/// A row: one cell per column of the current schema.
pub(crate) type Row = Vec<Value>;

/// One operator of the pipeline.
#[derive(Clone, Debug)]
pub(crate) enum Stage {
    /// Keeps rows whose predicate is `true` (null and false are dropped).
    Where(Expr),
    /// Sets each column (by position; the schema's length appends), left to right.
    Extend(Vec<(usize, Expr)>),
    /// Replaces each row with these expressions' values.
    Project(Vec<Expr>),
    /// One row per element of an array (or `{key: value}` per entry of an object), written to
    /// `target`; empty arrays and objects drop the row, other values keep it as is.
    MvExpand { target: usize, expr: Expr },
    /// A stable sort by several keys.
    Order(Vec<SortKey>),
    /// The first rows.
    Take(usize),
    /// A single row holding the number of rows.
    Count,
    /// One row per distinct key (first-seen order): the keys, then each aggregate.
    Summarize { keys: Vec<Expr>, aggs: Vec<Agg> },
}

/// A sort key of `order by`.
#[derive(Clone, Debug)]
pub(crate) struct SortKey {
    pub expr: Expr,
    pub descending: bool,
    pub nulls_first: bool,
}

/// An aggregate of `summarize`.
#[derive(Clone, Debug)]
pub(crate) enum Agg {
    /// `count()`.
    Count,
    /// `countif(predicate)`.
    CountIf(Expr),
}

impl Stage {
    /// Applies the stage to `rows`.
    pub(crate) fn run(&self, rows: Vec<Row>) -> Vec<Row> {
        match self {
            Stage::Where(predicate) => rows
                .into_iter()
                .filter(|row| truth(&eval(predicate, row)) == Some(true))
                .collect(),
            Stage::Extend(columns) => rows
                .into_iter()
                .map(|mut row| {
                    for (target, expr) in columns {
                        let value = eval(expr, &row).into_owned();
                        set(&mut row, *target, value);
                    }
                    row
                })
                .collect(),
            Stage::Project(exprs) => rows
                .iter()
                .map(|row| exprs.iter().map(|e| eval(e, row).into_owned()).collect())
                .collect(),
            Stage::MvExpand { target, expr } => mv_expand(rows, *target, expr),
            Stage::Order(keys) => order(rows, keys),
            Stage::Take(n) => rows.into_iter().take(*n).collect(),
            Stage::Count => vec![vec![Value::from(rows.len())]],
            Stage::Summarize { keys, aggs } => summarize(&rows, keys, aggs),
        }
    }
}

fn set(row: &mut Row, target: usize, value: Value) {
    match row.get_mut(target) {
        Some(cell) => *cell = value,
        None => row.push(value),
    }
}

fn mv_expand(rows: Vec<Row>, target: usize, expr: &Expr) -> Vec<Row> {
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let items: Vec<Value> = match eval(expr, &row).into_owned() {
            Value::Array(items) => items,
            Value::Object(map) => map
                .into_iter()
                .map(|(k, v)| Value::Object(Map::from_iter([(k, v)])))
                .collect(),
            scalar => vec![scalar],
        };
        for item in items {
            let mut expanded = row.clone();
            set(&mut expanded, target, item);
            out.push(expanded);
        }
    }
    out
}

fn order(rows: Vec<Row>, keys: &[SortKey]) -> Vec<Row> {
    let mut keyed: Vec<(Vec<Value>, Row)> = rows
        .into_iter()
        .map(|row| {
            (
                keys.iter()
                    .map(|k| eval(&k.expr, &row).into_owned())
                    .collect(),
                row,
            )
        })
        .collect();
    keyed.sort_by(|(a, _), (b, _)| {
        keys.iter()
            .zip(a.iter().zip(b))
            .map(|(key, (x, y))| match (x.is_null(), y.is_null()) {
                (true, true) => std::cmp::Ordering::Equal,
                (true, false) if key.nulls_first => std::cmp::Ordering::Less,
                (true, false) => std::cmp::Ordering::Greater,
                (false, true) if key.nulls_first => std::cmp::Ordering::Greater,
                (false, true) => std::cmp::Ordering::Less,
                _ if key.descending => sort_order(y, x),
                _ => sort_order(x, y),
            })
            .find(|o| o.is_ne())
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    keyed.into_iter().map(|(_, row)| row).collect()
}

fn summarize(rows: &[Row], keys: &[Expr], aggs: &[Agg]) -> Vec<Row> {
    let mut groups: Vec<(Vec<Value>, Vec<u64>)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for row in rows {
        let key: Vec<Value> = keys.iter().map(|k| eval(k, row).into_owned()).collect();
        let slot = *index
            .entry(Value::Array(key.clone()).to_string())
            .or_insert_with(|| {
                groups.push((key, vec![0; aggs.len()]));
                groups.len() - 1
            });
        let Some((_, counts)) = groups.get_mut(slot) else {
            continue;
        };
        for (count, agg) in counts.iter_mut().zip(aggs) {
            let hit = match agg {
                Agg::Count => true,
                Agg::CountIf(predicate) => truth(&eval(predicate, row)) == Some(true),
            };
            *count += u64::from(hit);
        }
    }
    // Without grouping keys, KQL answers one row even over an empty table.
    if keys.is_empty() && groups.is_empty() && !aggs.is_empty() {
        groups.push((Vec::new(), vec![0; aggs.len()]));
    }
    groups
        .into_iter()
        .map(|(mut key, counts)| {
            key.extend(counts.into_iter().map(Value::from));
            key
        })
        .collect()
}
