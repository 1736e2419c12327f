//! Expression grammar, loosest first: `or`, `and`, one comparison, postfix steps (`.name`,
//! `[index]`), primaries (literals, columns, calls, parentheses). Anything else is refused by name.

use serde_json::{Number, Value};

use super::{MAX_DEPTH, MAX_HEIGHT, Parser, is_plain};
use crate::kql::QueryError;
use crate::kql::expr::{BinOp, Expr, StrOp};
use crate::kql::func::{self, Func};
use crate::kql::lexer::Tok;

/// The expression operators understood, for error messages.
const UNDERSTOOD: &str = "==, !=, <, <=, >, >=, =~, !~, in, !in, in~, !in~, contains, has, \
     startswith, endswith (each string operator also with ! and _cs), and, or, not()";

/// KQL operators that would otherwise read as a column name ending the expression.
const REFUSED: &str = "has_any has_all hasprefix hassuffix hasprefix_cs hassuffix_cs matches \
     between like contains_any has_any_cs in_cs";

/// An expression and the height of its tree; bounding the height bounds the recursion of
/// evaluating (and dropping) it.
struct Node {
    expr: Expr,
    height: usize,
}

impl Node {
    fn leaf(expr: Expr) -> Node {
        Node { expr, height: 1 }
    }
}

enum Comparison {
    Binary(BinOp),
    In { negated: bool, case_sensitive: bool },
}

impl Parser<'_> {
    /// A full expression.
    pub(super) fn expr(&mut self) -> Result<Expr, QueryError> {
        self.node().map(|n| n.expr)
    }

    /// Every nested expression comes through here, which bounds the parser's recursion.
    fn node(&mut self) -> Result<Node, QueryError> {
        if self.depth >= MAX_DEPTH {
            return Err(QueryError::TooDeep {
                limit: MAX_DEPTH,
                offset: self.peek().offset,
            });
        }
        self.depth += 1;
        let result = self.or_expr();
        self.depth -= 1;
        result
    }

    /// A node over children of the given heights, refused when it would be too tall.
    fn grow(
        &self,
        expr: Expr,
        children: impl IntoIterator<Item = usize>,
    ) -> Result<Node, QueryError> {
        let height = children.into_iter().max().unwrap_or(0) + 1;
        if height > MAX_HEIGHT {
            let offset = self.peek().offset;
            return Err(QueryError::TooDeep {
                limit: MAX_HEIGHT,
                offset,
            });
        }
        Ok(Node { expr, height })
    }

    fn at_keyword(&self, word: &str) -> bool {
        matches!(&self.peek().tok, Tok::Word(w) if w == word)
    }

    fn or_expr(&mut self) -> Result<Node, QueryError> {
        let mut left = self.and_expr()?;
        while self.at_keyword("or") {
            self.bump();
            let right = self.and_expr()?;
            let heights = [left.height, right.height];
            left = self.grow(Expr::Or(Box::new(left.expr), Box::new(right.expr)), heights)?;
        }
        Ok(left)
    }

    fn and_expr(&mut self) -> Result<Node, QueryError> {
        let mut left = self.comparison()?;
        while self.at_keyword("and") {
            self.bump();
            let right = self.comparison()?;
            let heights = [left.height, right.height];
            left = self.grow(
                Expr::And(Box::new(left.expr), Box::new(right.expr)),
                heights,
            )?;
        }
        Ok(left)
    }

    fn comparison(&mut self) -> Result<Node, QueryError> {
        let left = self.postfix()?;
        let Some(comparison) = self.comparison_operator()? else {
            return Ok(left);
        };
        self.bump();
        match comparison {
            Comparison::Binary(op) => {
                let right = self.postfix()?;
                let heights = [left.height, right.height];
                let expr = Expr::Binary(op, Box::new(left.expr), Box::new(right.expr));
                self.grow(expr, heights)
            }
            Comparison::In {
                negated,
                case_sensitive,
            } => {
                self.expect_sym("(", "'(' after in")?;
                let mut heights = vec![left.height];
                let mut list = Vec::new();
                loop {
                    let item = self.node()?;
                    heights.push(item.height);
                    list.push(item.expr);
                    if !self.eat_sym(",") {
                        break;
                    }
                }
                self.expect_sym(")", "',' or ')'")?;
                let expr = Expr::In {
                    lhs: Box::new(left.expr),
                    list,
                    negated,
                    case_sensitive,
                };
                self.grow(expr, heights)
            }
        }
    }

    /// The comparison operator at the cursor, if any; refuses operators outside the subset.
    fn comparison_operator(&self) -> Result<Option<Comparison>, QueryError> {
        let token = self.peek();
        let refuse = |message: String| {
            Err(QueryError::Unsupported {
                message,
                offset: token.offset,
            })
        };
        let string = |op, negated, case_sensitive| {
            Ok(Some(Comparison::Binary(BinOp::Str {
                op,
                negated,
                case_sensitive,
            })))
        };
        let binary = |op| Ok(Some(Comparison::Binary(op)));
        match &token.tok {
            Tok::Sym("==") => binary(BinOp::Eq),
            Tok::Sym("!=" | "<>") => binary(BinOp::Ne),
            Tok::Sym("<") => binary(BinOp::Lt),
            Tok::Sym("<=") => binary(BinOp::Le),
            Tok::Sym(">") => binary(BinOp::Gt),
            Tok::Sym(">=") => binary(BinOp::Ge),
            Tok::Sym("=~") => string(StrOp::Equals, false, false),
            Tok::Sym("!~") => string(StrOp::Equals, true, false),
            Tok::Sym("=") => refuse("'=' does not compare (write '==')".into()),
            Tok::Sym(s @ ("+" | "-" | "*" | "/" | "%")) => {
                refuse(format!("unsupported arithmetic operator '{s}'"))
            }
            Tok::Word(word) => {
                let (negated, base) = match word.strip_prefix('!') {
                    Some(rest) => (true, rest),
                    None => (false, word.as_str()),
                };
                match base {
                    "in" => {
                        return Ok(Some(Comparison::In {
                            negated,
                            case_sensitive: true,
                        }));
                    }
                    "in~" => {
                        return Ok(Some(Comparison::In {
                            negated,
                            case_sensitive: false,
                        }));
                    }
                    _ => {}
                }
                let (base, case_sensitive) = match base.strip_suffix("_cs") {
                    Some(rest) => (rest, true),
                    None => (base, false),
                };
                let op = match base {
                    "contains" => StrOp::Contains,
                    "has" => StrOp::Has,
                    "startswith" => StrOp::StartsWith,
                    "endswith" => StrOp::EndsWith,
                    _ if negated
                        || REFUSED
                            .split_whitespace()
                            .any(|r| r.eq_ignore_ascii_case(word)) =>
                    {
                        return refuse(format!(
                            "unsupported operator '{word}': expressions understand {UNDERSTOOD}"
                        ));
                    }
                    _ => return Ok(None),
                };
                string(op, negated, case_sensitive)
            }
            _ => Ok(None),
        }
    }

    fn postfix(&mut self) -> Result<Node, QueryError> {
        let mut node = self.primary()?;
        loop {
            if self.eat_sym(".") {
                let token = self.peek();
                let name = match &token.tok {
                    Tok::Word(w) if is_plain(w) => w.clone(),
                    Tok::Word(w) => {
                        let message = format!(
                            "'{w}' is not a property name ('-' would be subtraction, which is not \
                             supported; write ['{w}'])"
                        );
                        return Err(QueryError::Unsupported {
                            message,
                            offset: token.offset,
                        });
                    }
                    _ => return Err(self.syntax("a property name after '.'")),
                };
                self.bump();
                node = self.grow(Expr::Member(Box::new(node.expr), name), [node.height])?;
            } else if self.eat_sym("[") {
                let index = self.node()?;
                self.expect_sym("]", "']'")?;
                let heights = [node.height, index.height];
                let expr = match index.expr {
                    Expr::Lit(Value::String(name)) => Expr::Member(Box::new(node.expr), name),
                    index => Expr::Index(Box::new(node.expr), Box::new(index)),
                };
                node = self.grow(expr, heights)?;
            } else {
                return Ok(node);
            }
        }
    }

    fn primary(&mut self) -> Result<Node, QueryError> {
        let token = self.peek();
        let literal = |v: Value| Ok(Node::leaf(Expr::Lit(v)));
        match (&token.tok, self.peek_at(1)) {
            (Tok::Sym("("), _) => {
                self.bump();
                let inner = self.node()?;
                self.expect_sym(")", "')'")?;
                Ok(inner)
            }
            (Tok::Sym("-"), Tok::Int(n)) => {
                self.pos += 2;
                literal(Value::from(-n))
            }
            (Tok::Sym("-"), Tok::Real(f)) => {
                self.pos += 2;
                real(-f, token.offset)
            }
            (Tok::Sym("["), Tok::Str(name)) if matches!(self.peek_at(2), Tok::Sym("]")) => {
                self.pos += 3;
                Ok(Node::leaf(Expr::Col(self.resolve(name, token.offset)?)))
            }
            (Tok::Str(s), _) => {
                self.bump();
                literal(Value::String(s.clone()))
            }
            (Tok::Int(n), _) => {
                self.bump();
                literal(Value::from(*n))
            }
            (Tok::Real(f), _) => {
                self.bump();
                real(*f, token.offset)
            }
            (Tok::Word(w), Tok::Sym("(")) => self.call(w, token.offset),
            (Tok::Word(w), _)
                if w.eq_ignore_ascii_case("true") || w.eq_ignore_ascii_case("false") =>
            {
                self.bump();
                literal(Value::Bool(w.eq_ignore_ascii_case("true")))
            }
            (Tok::Word(w), _) if is_plain(w) => {
                self.bump();
                Ok(Node::leaf(Expr::Col(self.resolve(w, token.offset)?)))
            }
            _ => Err(self.syntax("an expression")),
        }
    }

    /// A call; the cursor is on the function name.
    fn call(&mut self, name: &str, offset: usize) -> Result<Node, QueryError> {
        let Some((function, min, max)) = func::lookup(name) else {
            return Err(QueryError::UnknownFunction {
                name: name.to_string(),
                offset,
            });
        };
        self.pos += 2;
        let mut args = Vec::new();
        if !self.eat_sym(")") {
            args.push(self.node()?);
            while self.eat_sym(",") {
                args.push(self.node()?);
            }
            self.expect_sym(")", "',' or ')'")?;
        }
        if args.len() < min || args.len() > max {
            let expected = match (min, max) {
                (min, max) if min == max => min.to_string(),
                (min, 64) => format!("at least {min}"),
                (min, max) => format!("{min} to {max}"),
            };
            let name = name.to_string();
            return Err(QueryError::Arity {
                name,
                expected,
                found: args.len(),
                offset,
            });
        }
        // parse_json/todynamic parse only strings; a dynamic argument passes through untouched.
        if function == Func::ToDynamic
            && let Some(arg) = args.first()
            && !self.is_text(&arg.expr)
        {
            return Ok(args.swap_remove(0));
        }
        let heights: Vec<usize> = args.iter().map(|a| a.height).collect();
        let args = args.into_iter().map(|a| a.expr).collect();
        self.grow(Expr::Call(function, args), heights)
    }
}

fn real(f: f64, offset: usize) -> Result<Node, QueryError> {
    match Number::from_f64(f) {
        Some(n) => Ok(Node::leaf(Expr::Lit(Value::Number(n)))),
        None => Err(QueryError::BadNumber {
            text: f.to_string(),
            offset,
        }),
    }
}
