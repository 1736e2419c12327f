//! Parser: tokens → table and pipeline stages. It tracks the schema stage by stage, so every
//! column name is resolved (or refused) before anything runs. Expressions live in `parser/expr`.

mod expr;
mod stages;

use super::expr::Expr;
use super::lexer::{Tok, Token};
use super::pipeline::Stage;
use super::{QueryError, Table, rows};

/// Deepest nesting of parentheses, calls and brackets accepted.
const MAX_DEPTH: usize = 32;
/// Tallest expression tree accepted; evaluation recurses this deep at most.
const MAX_HEIGHT: usize = 128;

/// Tabular operators of KQL the subset knows of but refuses, so errors name them as operators.
const REFUSED: &str = "join union lookup make-series mv-apply parse parse-where evaluate \
     render as invoke let top-nested top-hitters sample sample-distinct \
     serialize search find getschema print range datatable externaldata \
     project-keep project-reorder fork facet partition scan make-graph \
     graph-match mvexpand consume reduce materialize";

/// The parse result: what [`super::Query`] holds.
pub(crate) struct Parsed {
    pub table: Table,
    pub stages: Vec<Stage>,
    pub columns: Vec<String>,
}

/// A column in scope: its name and whether it is of KQL's `string` type (else dynamic/other).
#[derive(Clone, Debug)]
pub(super) struct Column {
    name: String,
    text: bool,
}

/// Parses a token stream ending in [`Tok::Eof`].
pub(crate) fn parse(tokens: &[Token]) -> Result<Parsed, QueryError> {
    let mut p = Parser {
        tokens,
        pos: 0,
        depth: 0,
        unnamed: 0,
        schema: Vec::new(),
    };
    let (table, implicit) = p.table()?;
    p.schema = rows::columns(table)
        .iter()
        .map(|name| Column {
            name: (*name).to_string(),
            text: rows::is_text(name),
        })
        .collect();
    let mut stages = Vec::new();
    let mut first = implicit;
    loop {
        if !first {
            if matches!(p.peek().tok, Tok::Eof) {
                break;
            }
            p.expect_sym("|", "'|' or end of query")?;
        }
        first = false;
        p.stage(&mut stages)?;
    }
    let columns = p.schema.into_iter().map(|c| c.name).collect();
    Ok(Parsed {
        table,
        stages,
        columns,
    })
}

pub(super) struct Parser<'t> {
    tokens: &'t [Token],
    pos: usize,
    depth: usize,
    /// Unnamed computed columns so far, for KQL's `Column1`, `Column2`, ...
    unnamed: usize,
    schema: Vec<Column>,
}

fn is_stage_word(word: &str) -> bool {
    let w = word.to_ascii_lowercase();
    matches!(
        w.as_str(),
        "where"
            | "filter"
            | "extend"
            | "project"
            | "project-away"
            | "project-rename"
            | "mv-expand"
            | "order"
            | "sort"
            | "take"
            | "limit"
            | "top"
            | "count"
            | "distinct"
            | "summarize"
    )
}

impl<'t> Parser<'t> {
    fn peek(&self) -> &'t Token {
        let tokens: &'t [Token] = self.tokens;
        tokens.get(self.pos).or(tokens.last()).unwrap_or(&EOF)
    }

    fn peek_at(&self, ahead: usize) -> &'t Tok {
        let tokens: &'t [Token] = self.tokens;
        tokens.get(self.pos + ahead).map_or(&Tok::Eof, |t| &t.tok)
    }

    fn bump(&mut self) -> &'t Token {
        let token = self.peek();
        if self.pos + 1 < self.tokens.len() {
            self.pos += 1;
        }
        token
    }

    fn at_sym(&self, sym: &str) -> bool {
        matches!(self.peek().tok, Tok::Sym(s) if s == sym)
    }

    fn eat_sym(&mut self, sym: &str) -> bool {
        let hit = self.at_sym(sym);
        if hit {
            self.bump();
        }
        hit
    }

    fn expect_sym(&mut self, sym: &str, expected: &str) -> Result<usize, QueryError> {
        if self.at_sym(sym) {
            Ok(self.bump().offset)
        } else {
            Err(self.syntax(expected))
        }
    }

    /// Whether the next token is the keyword `word` (keywords ignore case, as ARG does).
    fn at_word(&self, word: &str) -> bool {
        matches!(&self.peek().tok, Tok::Word(w) if w.eq_ignore_ascii_case(word))
    }

    fn eat_word(&mut self, word: &str) -> bool {
        let hit = self.at_word(word);
        if hit {
            self.bump();
        }
        hit
    }

    fn syntax(&self, expected: &str) -> QueryError {
        let token = self.peek();
        QueryError::Syntax {
            expected: expected.to_string(),
            found: describe(&token.tok),
            offset: token.offset,
        }
    }

    /// The leading table name, or `resources` when the query starts with an operator (as ARG
    /// allows). The flag says whether the table was implied.
    fn table(&mut self) -> Result<(Table, bool), QueryError> {
        let token = self.peek();
        match &token.tok {
            Tok::Eof => Err(QueryError::Empty),
            Tok::Word(w) => {
                if let Some(table) = Table::from_name(w) {
                    self.bump();
                    Ok((table, false))
                } else if is_stage_word(w) {
                    Ok((Table::Resources, true))
                } else if REFUSED
                    .split_whitespace()
                    .any(|r| r.eq_ignore_ascii_case(w))
                {
                    Err(QueryError::UnsupportedOperator {
                        name: w.clone(),
                        offset: token.offset,
                    })
                } else {
                    Err(QueryError::UnsupportedTable {
                        name: w.clone(),
                        offset: token.offset,
                    })
                }
            }
            _ => Err(self.syntax("a table name (resources or resourcecontainers)")),
        }
    }

    fn stage(&mut self, stages: &mut Vec<Stage>) -> Result<(), QueryError> {
        let token = self.peek();
        let Tok::Word(word) = &token.tok else {
            return Err(self.syntax("an operator"));
        };
        let lower = word.to_ascii_lowercase();
        if !is_stage_word(&lower) {
            return Err(QueryError::UnsupportedOperator {
                name: word.clone(),
                offset: token.offset,
            });
        }
        self.bump();
        let stage = match lower.as_str() {
            "where" | "filter" => {
                let offset = self.peek().offset;
                let predicate = self.expr()?;
                if !predicate.may_be_bool() || self.is_text(&predicate) {
                    return Err(QueryError::NotBoolean { offset });
                }
                Stage::Where(predicate)
            }
            "extend" => self.extend()?,
            "project" => self.project()?,
            "project-away" => self.project_away()?,
            "project-rename" => return self.project_rename(),
            "mv-expand" => self.mv_expand()?,
            "order" | "sort" => {
                if !self.eat_word("by") {
                    return Err(self.syntax("'by'"));
                }
                Stage::Order(self.sort_keys()?)
            }
            "take" | "limit" => Stage::Take(self.row_count()?),
            "top" => {
                let n = self.row_count()?;
                if !self.eat_word("by") {
                    return Err(self.syntax("'by'"));
                }
                stages.push(Stage::Order(self.sort_keys()?));
                Stage::Take(n)
            }
            "count" => {
                self.schema = vec![Column {
                    name: "Count".into(),
                    text: false,
                }];
                Stage::Count
            }
            "distinct" => {
                if matches!(self.peek().tok, Tok::Eof | Tok::Sym("|")) {
                    return Err(self.syntax("a column"));
                }
                self.summarize_by(Vec::new())?
            }
            _ => self.summarize()?,
        };
        stages.push(stage);
        Ok(())
    }

    fn row_count(&mut self) -> Result<usize, QueryError> {
        match self.peek().tok {
            Tok::Int(n) => {
                self.bump();
                Ok(usize::try_from(n).unwrap_or(usize::MAX))
            }
            _ => Err(self.syntax("a row count (a non-negative integer)")),
        }
    }

    /// The position of column `name` in the current schema.
    fn resolve(&self, name: &str, offset: usize) -> Result<usize, QueryError> {
        self.schema
            .iter()
            .position(|c| c.name == name)
            .ok_or_else(|| {
                let available: Vec<&str> = self.schema.iter().map(|c| c.name.as_str()).collect();
                QueryError::UnknownColumn {
                    name: name.to_string(),
                    offset,
                    available: available.join(", "),
                }
            })
    }

    /// A column name: a plain word or `['name']`.
    fn name(&mut self) -> Result<(String, usize), QueryError> {
        let token = self.peek();
        match (&token.tok, self.peek_at(1), self.peek_at(2)) {
            (Tok::Word(w), ..) if is_plain(w) => {
                self.bump();
                Ok((w.clone(), token.offset))
            }
            (Tok::Sym("["), Tok::Str(s), Tok::Sym("]")) => {
                self.pos += 3;
                Ok((s.clone(), token.offset))
            }
            _ => Err(self.syntax("a column name")),
        }
    }

    /// `name = expr`, or an expression named as KQL names it (`properties_x`, `Column1`).
    fn named_expr(&mut self) -> Result<(String, Expr, usize), QueryError> {
        let offset = self.peek().offset;
        let explicit = match (&self.peek().tok, self.peek_at(1), self.peek_at(3)) {
            (Tok::Word(w), Tok::Sym("="), _) if is_plain(w) => true,
            (Tok::Sym("["), Tok::Str(_), Tok::Sym("=")) => matches!(self.peek_at(2), Tok::Sym("]")),
            _ => false,
        };
        if explicit {
            let (name, _) = self.name()?;
            self.bump();
            return Ok((name, self.expr()?, offset));
        }
        let expr = self.expr()?;
        let name = match self.path_name(&expr) {
            Some(name) => name,
            None => {
                self.unnamed += 1;
                format!("Column{}", self.unnamed)
            }
        };
        Ok((name, expr, offset))
    }

    /// KQL's name for an unnamed path: the column, then each step joined by `_`.
    fn path_name(&self, expr: &Expr) -> Option<String> {
        match expr {
            Expr::Col(i) => self.schema.get(*i).map(|c| c.name.clone()),
            Expr::Member(base, key) => Some(format!("{}_{key}", self.path_name(base)?)),
            Expr::Index(base, index) => match index.as_ref() {
                Expr::Lit(v) if v.is_string() || v.is_number() => {
                    let step = v.as_str().map_or_else(|| v.to_string(), str::to_string);
                    Some(format!("{}_{step}", self.path_name(base)?))
                }
                _ => None,
            },
            _ => None,
        }
    }

    /// Whether `expr` is statically of KQL's `string` type.
    fn is_text(&self, expr: &Expr) -> bool {
        match expr {
            Expr::Lit(v) => v.is_string(),
            Expr::Col(i) => self.schema.get(*i).is_some_and(|c| c.text),
            Expr::Call(f, _) => f.returns_text(),
            _ => false,
        }
    }

    /// Sets column `name`, replacing it in place or appending it; returns its position.
    fn define(&mut self, name: String, text: bool) -> usize {
        match self.schema.iter().position(|c| c.name == name) {
            Some(i) => {
                if let Some(column) = self.schema.get_mut(i) {
                    column.text = text;
                }
                i
            }
            None => {
                self.schema.push(Column { name, text });
                self.schema.len() - 1
            }
        }
    }
}

static EOF: Token = Token {
    tok: Tok::Eof,
    offset: 0,
};

/// Whether a word can name a column (not `mv-expand`, `!contains`, `in~`).
fn is_plain(word: &str) -> bool {
    !word.contains(['-', '!', '~'])
}

/// A token as error messages show it.
fn describe(tok: &Tok) -> String {
    match tok {
        Tok::Word(w) => format!("'{w}'"),
        Tok::Str(s) => format!("string '{s}'"),
        Tok::Int(n) => format!("number {n}"),
        Tok::Real(f) => format!("number {f}"),
        Tok::Sym(s) => format!("'{s}'"),
        Tok::Eof => "end of query".to_string(),
    }
}
