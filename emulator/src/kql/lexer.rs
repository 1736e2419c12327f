//! Lexer: query text → tokens, each carrying the byte offset where it starts. Pure; uses only
//! [`QueryError`] from the parent.

use super::QueryError;

/// One lexical token.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Tok {
    /// A word: a name, a keyword, a hyphenated operator (`mv-expand`), or a negated string
    /// operator written without spaces (`!contains`, `!in~`).
    Word(String),
    /// A string literal with escapes resolved.
    Str(String),
    /// An integer literal.
    Int(i64),
    /// A literal with a fraction or an exponent.
    Real(f64),
    /// Punctuation, including some the grammar refuses (`+`, `*`) so it can name them.
    Sym(&'static str),
    /// End of input.
    Eof,
}

/// A token and the byte offset of its first character.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Token {
    pub tok: Tok,
    pub offset: usize,
}

/// Longest first, so `==` wins over `=`.
const SYMBOLS: &[&str] = &[
    "==", "!=", "=~", "!~", "<=", ">=", "<>", "|", ",", "(", ")", "[", "]", "{", "}", ".", "=",
    "<", ">", "+", "-", "*", "/", "%", ";", ":", "!", "~", "?",
];

/// Splits `text` into tokens, ending with [`Tok::Eof`].
pub(crate) fn lex(text: &str) -> Result<Vec<Token>, QueryError> {
    let mut lexer = Lexer {
        text,
        pos: 0,
        out: Vec::new(),
    };
    lexer.run()?;
    Ok(lexer.out)
}

struct Lexer<'a> {
    text: &'a str,
    pos: usize,
    out: Vec<Token>,
}

fn is_word_start(c: char) -> bool {
    c.is_alphabetic() || c == '_' || c == '$'
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

impl Lexer<'_> {
    fn rest(&self) -> &str {
        self.text.get(self.pos..).unwrap_or("")
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn peek2(&self) -> Option<char> {
        self.rest().chars().nth(1)
    }

    fn push(&mut self, tok: Tok, offset: usize) {
        self.out.push(Token { tok, offset });
    }

    fn run(&mut self) -> Result<(), QueryError> {
        while let Some(c) = self.peek() {
            let start = self.pos;
            if c.is_whitespace() {
                self.pos += c.len_utf8();
            } else if self.rest().starts_with("//") {
                let line = self.rest().find('\n').unwrap_or(self.rest().len());
                self.pos += line;
            } else if c == '\'' || c == '"' {
                let s = self.string(start, false)?;
                self.push(Tok::Str(s), start);
            } else if matches!(c, '@' | 'h' | 'H') && matches!(self.peek2(), Some('\'' | '"')) {
                self.pos += 1;
                let s = self.string(start, c == '@')?;
                self.push(Tok::Str(s), start);
            } else if c.is_ascii_digit() {
                let tok = self.number(start)?;
                self.push(tok, start);
            } else if is_word_start(c) || (c == '!' && self.peek2().is_some_and(is_word_start)) {
                let word = self.word();
                self.push(Tok::Word(word), start);
            } else if let Some(sym) = SYMBOLS.iter().find(|s| self.rest().starts_with(**s)) {
                self.pos += sym.len();
                self.push(Tok::Sym(sym), start);
            } else {
                return Err(QueryError::UnexpectedChar {
                    ch: c,
                    offset: start,
                });
            }
        }
        let end = self.text.len();
        self.push(Tok::Eof, end);
        Ok(())
    }

    /// A word, with hyphenated tails (`project-away`) and the `~` of `in~` attached.
    fn word(&mut self) -> String {
        let mut word = String::new();
        if self.peek() == Some('!') {
            word.push('!');
            self.pos += 1;
        }
        loop {
            while let Some(c) = self.peek().filter(|c| is_word_char(*c)) {
                word.push(c);
                self.pos += c.len_utf8();
            }
            if self.peek() == Some('-') && self.peek2().is_some_and(|c| c.is_alphabetic()) {
                word.push('-');
                self.pos += 1;
            } else {
                break;
            }
        }
        if (word == "in" || word == "!in") && self.peek() == Some('~') {
            word.push('~');
            self.pos += 1;
        }
        word
    }

    /// A quoted string; the cursor is on the opening quote. `verbatim` (`@'…'`) has no escapes
    /// and writes a quote by doubling it.
    fn string(&mut self, start: usize, verbatim: bool) -> Result<String, QueryError> {
        let Some(quote) = self.peek() else {
            return Err(QueryError::UnterminatedString { offset: start });
        };
        self.pos += 1;
        let mut out = String::new();
        loop {
            let Some(c) = self.peek() else {
                return Err(QueryError::UnterminatedString { offset: start });
            };
            self.pos += c.len_utf8();
            match c {
                '\n' | '\r' => return Err(QueryError::UnterminatedString { offset: start }),
                c if c == quote && verbatim && self.peek() == Some(quote) => {
                    out.push(quote);
                    self.pos += 1;
                }
                c if c == quote => return Ok(out),
                '\\' if !verbatim => {
                    let Some(e) = self.peek() else {
                        return Err(QueryError::UnterminatedString { offset: start });
                    };
                    self.pos += e.len_utf8();
                    out.push(match e {
                        'n' => '\n',
                        't' => '\t',
                        'r' => '\r',
                        '0' => '\0',
                        other => other,
                    });
                }
                c => out.push(c),
            }
        }
    }

    fn digits(&mut self) {
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
    }

    fn number(&mut self, start: usize) -> Result<Tok, QueryError> {
        self.digits();
        let mut real = false;
        if self.peek() == Some('.') && self.peek2().is_some_and(|c| c.is_ascii_digit()) {
            real = true;
            self.pos += 1;
            self.digits();
        }
        if matches!(self.peek(), Some('e' | 'E')) {
            let after = self.rest().get(1..).unwrap_or("");
            let after = after.strip_prefix(['+', '-']).unwrap_or(after);
            if after.starts_with(|c: char| c.is_ascii_digit()) {
                real = true;
                self.pos = self.text.len() - after.len();
                self.digits();
            }
        }
        // Timespans (`10s`), hex and typed suffixes are not understood: refuse them whole.
        while self.peek().is_some_and(is_word_char) {
            self.pos += self.peek().map_or(1, char::len_utf8);
        }
        let text = self.text.get(start..self.pos).unwrap_or("");
        let bad = || QueryError::BadNumber {
            text: text.to_string(),
            offset: start,
        };
        if real {
            text.parse::<f64>().map(Tok::Real).map_err(|_| bad())
        } else {
            text.parse::<i64>().map(Tok::Int).map_err(|_| bad())
        }
    }
}
