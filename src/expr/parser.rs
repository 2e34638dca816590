//! Recursive-descent parser, loosest binding first:
//! `||`/`or`, `&&`/`and`, `!`/`not`, comparisons (`== != < <= > >= =~ !~ in contains
//! starts_with ends_with`, not chained), `+ -`, `* / %`, unary `-`, then values.

use regex::Regex;

use super::ast::{BinOp, Expr, Func};
use super::lexer::{Tok, Token};
use super::ExprError;

/// Nesting deeper than this is refused rather than risking the stack.
const MAX_DEPTH: usize = 200;

pub fn parse(source: &str, tokens: &[Token]) -> Result<(Expr, Vec<String>), ExprError> {
    let mut parser = Parser {
        source,
        tokens,
        pos: 0,
        fields: Vec::new(),
        depth: 0,
    };
    let expr = parser.or()?;
    if parser.peek() != &Tok::End {
        return Err(parser.error("expected an operator or the end"));
    }
    Ok((expr, parser.fields))
}

struct Parser<'a> {
    source: &'a str,
    tokens: &'a [Token],
    pos: usize,
    fields: Vec<String>,
    depth: usize,
}

impl Parser<'_> {
    fn peek(&self) -> &Tok {
        &self.tokens[self.pos].tok
    }

    fn next(&mut self) -> Tok {
        let tok = self.tokens[self.pos].tok.clone();
        if tok != Tok::End {
            self.pos += 1;
        }
        tok
    }

    fn error(&self, message: &str) -> ExprError {
        ExprError {
            message: message.to_owned(),
            source: self.source.to_owned(),
            offset: self.tokens[self.pos].at,
        }
    }

    fn at_word(&self, words: &[&str]) -> bool {
        matches!(self.peek(), Tok::Word(w) if words.contains(&w.as_str()))
    }

    fn at_sym(&self, syms: &[&str]) -> bool {
        matches!(self.peek(), Tok::Sym(s) if syms.contains(s))
    }

    fn expect_sym(&mut self, sym: &str) -> Result<(), ExprError> {
        if self.at_sym(&[sym]) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.error(&format!("expected {sym:?}")))
        }
    }

    fn field(&mut self, name: String) -> Expr {
        let index = match self.fields.iter().position(|f| *f == name) {
            Some(index) => index,
            None => {
                self.fields.push(name);
                self.fields.len() - 1
            }
        };
        Expr::Field(index)
    }

    fn deeper(&mut self) -> Result<(), ExprError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error("the expression nests too deeply"));
        }
        Ok(())
    }

    fn or(&mut self) -> Result<Expr, ExprError> {
        let mut left = self.and()?;
        while self.at_sym(&["||"]) || self.at_word(&["or"]) {
            self.pos += 1;
            left = Expr::Binary(BinOp::Or, Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Expr, ExprError> {
        let mut left = self.not()?;
        while self.at_sym(&["&&"]) || self.at_word(&["and"]) {
            self.pos += 1;
            left = Expr::Binary(BinOp::And, Box::new(left), Box::new(self.not()?));
        }
        Ok(left)
    }

    fn not(&mut self) -> Result<Expr, ExprError> {
        if self.at_sym(&["!"]) || self.at_word(&["not"]) {
            self.pos += 1;
            self.deeper()?;
            let inner = self.not()?;
            self.depth -= 1;
            return Ok(Expr::Not(Box::new(inner)));
        }
        self.comparison()
    }

    fn comparison(&mut self) -> Result<Expr, ExprError> {
        let left = self.sum()?;
        let op = match self.peek() {
            Tok::Sym("==") => BinOp::Eq,
            Tok::Sym("!=") => BinOp::Ne,
            Tok::Sym("<") => BinOp::Lt,
            Tok::Sym("<=") => BinOp::Le,
            Tok::Sym(">") => BinOp::Gt,
            Tok::Sym(">=") => BinOp::Ge,
            Tok::Sym(sym @ ("=~" | "!~")) => {
                let negated = *sym == "!~";
                self.pos += 1;
                return self.regex_match(left, negated);
            }
            Tok::Word(w) if w == "in" => BinOp::In,
            Tok::Word(w) if w == "contains" => BinOp::Contains,
            Tok::Word(w) if w == "starts_with" => BinOp::StartsWith,
            Tok::Word(w) if w == "ends_with" => BinOp::EndsWith,
            _ => return Ok(left),
        };
        self.pos += 1;
        let right = self.sum()?;
        Ok(Expr::Binary(op, Box::new(left), Box::new(right)))
    }

    fn regex_match(&mut self, subject: Expr, negated: bool) -> Result<Expr, ExprError> {
        let at = self.pos;
        let pattern = match self.next() {
            Tok::Str(p) | Tok::Regex(p) => p,
            _ => {
                self.pos = at;
                return Err(self.error("expected a \"regex\" or /regex/"));
            }
        };
        let regex = self.regex(&pattern, at)?;
        Ok(Expr::Match {
            subject: Box::new(subject),
            regex,
            negated,
        })
    }

    fn sum(&mut self) -> Result<Expr, ExprError> {
        let mut left = self.product()?;
        loop {
            let op = match self.peek() {
                Tok::Sym("+") => BinOp::Add,
                Tok::Sym("-") => BinOp::Sub,
                _ => return Ok(left),
            };
            self.pos += 1;
            left = Expr::Binary(op, Box::new(left), Box::new(self.product()?));
        }
    }

    fn product(&mut self) -> Result<Expr, ExprError> {
        let mut left = self.unary()?;
        loop {
            let op = match self.peek() {
                Tok::Sym("*") => BinOp::Mul,
                Tok::Sym("/") => BinOp::Div,
                Tok::Sym("%") => BinOp::Rem,
                _ => return Ok(left),
            };
            self.pos += 1;
            left = Expr::Binary(op, Box::new(left), Box::new(self.unary()?));
        }
    }

    fn unary(&mut self) -> Result<Expr, ExprError> {
        if self.at_sym(&["-"]) {
            self.pos += 1;
            self.deeper()?;
            let inner = self.unary()?;
            self.depth -= 1;
            return Ok(match inner {
                Expr::Num(n) => Expr::Num(-n),
                other => Expr::Neg(Box::new(other)),
            });
        }
        self.value()
    }

    fn value(&mut self) -> Result<Expr, ExprError> {
        let at = self.pos;
        match self.next() {
            Tok::Num(n) => Ok(Expr::Num(n)),
            Tok::Str(s) => Ok(Expr::Str(s)),
            Tok::Field(name) => Ok(self.field(name)),
            Tok::Sym("(") => {
                self.deeper()?;
                let inner = self.or()?;
                self.depth -= 1;
                self.expect_sym(")")?;
                Ok(inner)
            }
            Tok::Sym("[") => {
                let mut items = Vec::new();
                if !self.at_sym(&["]"]) {
                    loop {
                        self.deeper()?;
                        items.push(self.or()?);
                        self.depth -= 1;
                        if !self.at_sym(&[","]) {
                            break;
                        }
                        self.pos += 1;
                    }
                }
                self.expect_sym("]")?;
                Ok(Expr::List(items))
            }
            Tok::Word(word) => match word.as_str() {
                "true" => Ok(Expr::Bool(true)),
                "false" => Ok(Expr::Bool(false)),
                "null" => Ok(Expr::Null),
                "and" | "or" | "not" | "in" => {
                    self.pos = at;
                    Err(self.error("expected a value"))
                }
                _ if self.at_sym(&["("]) => self.call(&word, at),
                _ => Ok(self.field(word)),
            },
            _ => {
                self.pos = at;
                Err(self.error("expected a value"))
            }
        }
    }

    /// `pattern` compiled once; a bad one is an error at the token `at`, with the
    /// regex crate's reason (its last line).
    fn regex(&mut self, pattern: &str, at: usize) -> Result<Regex, ExprError> {
        Regex::new(pattern).map_err(|e| {
            self.pos = at;
            let reason = e.to_string();
            let last = reason
                .lines()
                .last()
                .unwrap_or("")
                .trim_start_matches("error: ");
            self.error(&format!("bad regex: {last}"))
        })
    }

    fn call(&mut self, name: &str, at: usize) -> Result<Expr, ExprError> {
        let Some(func) = Func::from_name(name) else {
            self.pos = at;
            let names: Vec<&str> = Func::names().collect();
            return Err(self.error(&format!(
                "unknown function {name:?} (functions: {})",
                names.join(", ")
            )));
        };
        self.expect_sym("(")?;
        let mut args = Vec::new();
        if !self.at_sym(&[")"]) {
            loop {
                self.deeper()?;
                args.push(self.or()?);
                self.depth -= 1;
                if !self.at_sym(&[","]) {
                    break;
                }
                self.pos += 1;
            }
        }
        let (least, most) = func.arity();
        if args.len() < least || args.len() > most {
            let count = match (least, most) {
                (n, m) if n == m => format!("{n} argument{}", if n == 1 { "" } else { "s" }),
                (n, usize::MAX) => {
                    format!("at least {n} argument{}", if n == 1 { "" } else { "s" })
                }
                (n, m) => format!("{n} to {m} arguments"),
            };
            return Err(self.error(&format!("{name} takes {count}")));
        }
        if matches!(func, Func::Exists | Func::IsNull) && !matches!(args[0], Expr::Field(_)) {
            self.pos = at;
            return Err(self.error(&format!("{name} takes a field name")));
        }
        self.expect_sym(")")?;
        if func == Func::Capture {
            let group = (args.len() == 3).then(|| Box::new(args.pop().expect("three arguments")));
            let Some(Expr::Str(pattern)) = args.pop() else {
                self.pos = at;
                return Err(
                    self.error("capture takes its regex as a string: capture(s, \"id=([0-9]+)\")")
                );
            };
            let regex = self.regex(&pattern, at)?;
            let subject = args.pop().expect("two arguments");
            return Ok(Expr::Capture {
                subject: Box::new(subject),
                regex,
                group,
            });
        }
        if func == Func::Replace {
            let with = args.pop().expect("three arguments");
            let Some(Expr::Str(pattern)) = args.pop() else {
                self.pos = at;
                return Err(self
                    .error("replace takes its regex as a string: replace(s, \"[0-9]+\", \"#\")"));
            };
            let regex = self.regex(&pattern, at)?;
            let subject = args.pop().expect("three arguments");
            return Ok(Expr::Replace {
                subject: Box::new(subject),
                regex,
                with: Box::new(with),
            });
        }
        Ok(Expr::Call(func, args))
    }
}
