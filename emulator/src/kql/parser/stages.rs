//! Parsing of the tabular operators that define or reshape columns: extend, project,
//! project-away, project-rename, mv-expand, order by, summarize and distinct.

use super::{Column, Parser};
use crate::kql::QueryError;
use crate::kql::expr::Expr;
use crate::kql::lexer::Tok;
use crate::kql::pipeline::{Agg, SortKey, Stage};

impl Parser<'_> {
    pub(super) fn extend(&mut self) -> Result<Stage, QueryError> {
        let mut columns = Vec::new();
        loop {
            let (name, expr, _) = self.named_expr()?;
            let text = self.is_text(&expr);
            columns.push((self.define(name, text), expr));
            if !self.eat_sym(",") {
                return Ok(Stage::Extend(columns));
            }
        }
    }

    pub(super) fn project(&mut self) -> Result<Stage, QueryError> {
        let mut schema: Vec<Column> = Vec::new();
        let mut exprs = Vec::new();
        loop {
            let (name, expr, offset) = self.named_expr()?;
            if schema.iter().any(|c| c.name == name) {
                return Err(QueryError::DuplicateColumn { name, offset });
            }
            schema.push(Column {
                name,
                text: self.is_text(&expr),
            });
            exprs.push(expr);
            if !self.eat_sym(",") {
                break;
            }
        }
        self.schema = schema;
        Ok(Stage::Project(exprs))
    }

    pub(super) fn project_away(&mut self) -> Result<Stage, QueryError> {
        let mut removed = Vec::new();
        loop {
            let (name, offset) = self.name()?;
            removed.push(self.resolve(&name, offset)?);
            if !self.eat_sym(",") {
                break;
            }
        }
        let kept: Vec<usize> = (0..self.schema.len())
            .filter(|i| !removed.contains(i))
            .collect();
        self.schema = kept
            .iter()
            .filter_map(|i| self.schema.get(*i).cloned())
            .collect();
        Ok(Stage::Project(kept.into_iter().map(Expr::Col).collect()))
    }

    /// `project-rename new = old, ...` changes only the schema.
    pub(super) fn project_rename(&mut self) -> Result<(), QueryError> {
        loop {
            let (new, offset) = self.name()?;
            self.expect_sym("=", "'='")?;
            let (old, old_offset) = self.name()?;
            let i = self.resolve(&old, old_offset)?;
            if self
                .schema
                .iter()
                .enumerate()
                .any(|(j, c)| j != i && c.name == new)
            {
                return Err(QueryError::DuplicateColumn { name: new, offset });
            }
            if let Some(column) = self.schema.get_mut(i) {
                column.name = new;
            }
            if !self.eat_sym(",") {
                return Ok(());
            }
        }
    }

    pub(super) fn mv_expand(&mut self) -> Result<Stage, QueryError> {
        for option in ["kind", "bagexpansion", "with_itemindex"] {
            if self.at_word(option) && matches!(self.peek_at(1), Tok::Sym("=")) {
                let message = format!("mv-expand option '{option}' is not supported");
                return Err(QueryError::Unsupported {
                    message,
                    offset: self.peek().offset,
                });
            }
        }
        let (name, expr, _) = self.named_expr()?;
        let target = self.define(name, false);
        let refused = match &self.peek().tok {
            Tok::Sym(",") => Some("mv-expand of several columns at once is not supported"),
            Tok::Word(w) if w == "to" => Some("mv-expand ... to typeof() is not supported"),
            Tok::Word(w) if w == "limit" => Some("mv-expand ... limit is not supported"),
            _ => None,
        };
        if let Some(message) = refused {
            return Err(QueryError::Unsupported {
                message: message.into(),
                offset: self.peek().offset,
            });
        }
        Ok(Stage::MvExpand { target, expr })
    }

    pub(super) fn sort_keys(&mut self) -> Result<Vec<SortKey>, QueryError> {
        let mut keys = Vec::new();
        loop {
            let expr = self.expr()?;
            // KQL sorts descending unless told otherwise; by default nulls go last descending
            // and first ascending.
            let descending = if self.eat_word("asc") {
                false
            } else {
                self.eat_word("desc");
                true
            };
            let nulls_first = if self.eat_word("nulls") {
                if self.eat_word("first") {
                    true
                } else if self.eat_word("last") {
                    false
                } else {
                    return Err(self.syntax("'first' or 'last'"));
                }
            } else {
                !descending
            };
            keys.push(SortKey {
                expr,
                descending,
                nulls_first,
            });
            if !self.eat_sym(",") {
                return Ok(keys);
            }
        }
    }

    /// `summarize [name =] count() | countif(p), ... [by key, ...]`.
    pub(super) fn summarize(&mut self) -> Result<Stage, QueryError> {
        let mut aggs = Vec::new();
        while !self.at_word("by") && !self.at_sym("|") && !matches!(self.peek().tok, Tok::Eof) {
            aggs.push(self.aggregate()?);
            if !self.eat_sym(",") {
                break;
            }
        }
        if aggs.is_empty() && !self.at_word("by") {
            return Err(self.syntax("an aggregation (count() or countif()) or 'by'"));
        }
        if self.eat_word("by") {
            if matches!(self.peek().tok, Tok::Eof | Tok::Sym("|")) {
                return Err(self.syntax("a grouping column"));
            }
        } else if !matches!(self.peek().tok, Tok::Eof | Tok::Sym("|")) {
            return Err(self.syntax("',', 'by', '|' or end of query"));
        }
        self.summarize_by(aggs)
    }

    /// Parses the grouping keys (if any follow) and sets the schema to keys, then aggregates.
    pub(super) fn summarize_by(
        &mut self,
        aggs: Vec<(String, Agg, usize)>,
    ) -> Result<Stage, QueryError> {
        let mut keys = Vec::new();
        while !matches!(self.peek().tok, Tok::Eof | Tok::Sym("|")) {
            keys.push(self.named_expr()?);
            if !self.eat_sym(",") {
                break;
            }
        }
        let mut schema: Vec<Column> = Vec::new();
        for (name, expr, offset) in &keys {
            if schema.iter().any(|c| c.name == *name) {
                return Err(QueryError::DuplicateColumn {
                    name: name.clone(),
                    offset: *offset,
                });
            }
            schema.push(Column {
                name: name.clone(),
                text: self.is_text(expr),
            });
        }
        for (name, _, offset) in &aggs {
            if schema.iter().any(|c| c.name == *name) {
                return Err(QueryError::DuplicateColumn {
                    name: name.clone(),
                    offset: *offset,
                });
            }
            schema.push(Column {
                name: name.clone(),
                text: false,
            });
        }
        self.schema = schema;
        Ok(Stage::Summarize {
            keys: keys.into_iter().map(|(_, e, _)| e).collect(),
            aggs: aggs.into_iter().map(|(_, a, _)| a).collect(),
        })
    }

    fn aggregate(&mut self) -> Result<(String, Agg, usize), QueryError> {
        let offset = self.peek().offset;
        let mut name = None;
        if matches!(self.peek_at(1), Tok::Sym("=")) {
            name = Some(self.name()?.0);
            self.bump();
        }
        let token = self.peek();
        let Tok::Word(function) = &token.tok else {
            return Err(self.syntax("an aggregation (count() or countif())"));
        };
        self.bump();
        self.expect_sym("(", "'('")?;
        let agg = match function.as_str() {
            "count" => Agg::Count,
            "countif" => Agg::CountIf(self.expr()?),
            other => {
                let message = format!(
                    "unsupported aggregation '{other}': the emulator understands count(), countif()"
                );
                return Err(QueryError::Unsupported {
                    message,
                    offset: token.offset,
                });
            }
        };
        self.expect_sym(")", "')'")?;
        let name = name.unwrap_or_else(|| format!("{function}_"));
        Ok((name, agg, offset))
    }
}
