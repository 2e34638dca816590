//! Splits an expression into tokens, each with its byte offset for error carets.

use super::ExprError;
use crate::value::Number;

#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    Num(Number),
    Str(String),
    /// A bare word: a field name (dots allowed), keyword or function name.
    Word(String),
    /// A `quoted field name`.
    Field(String),
    /// `/regex/`, only right after `=~` or `!~`.
    Regex(String),
    Sym(&'static str),
    End,
}

#[derive(Clone, Debug)]
pub struct Token {
    pub tok: Tok,
    pub at: usize,
}

/// Longer expressions are refused: evaluation recurses once per operator.
const MAX_TOKENS: usize = 5000;

const SYMBOLS: [&str; 21] = [
    "==", "!=", "<=", ">=", "&&", "||", "=~", "!~", "<", ">", "!", "+", "-", "*", "/", "%", "(",
    ")", "[", "]", ",",
];

pub fn tokenize(source: &str) -> Result<Vec<Token>, ExprError> {
    let error = |message: &str, at: usize| ExprError {
        message: message.to_owned(),
        source: source.to_owned(),
        offset: at,
    };
    let bytes = source.as_bytes();
    let mut tokens: Vec<Token> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let at = i;
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let after_match = matches!(
            tokens.last(),
            Some(Token {
                tok: Tok::Sym("=~" | "!~"),
                ..
            })
        );
        let tok = if c == b'"' || c == b'\'' {
            let (text, end) = string(source, i, c).ok_or_else(|| error("unclosed string", at))?;
            i = end;
            Tok::Str(text)
        } else if c == b'`' {
            let end = source[i + 1..]
                .find('`')
                .ok_or_else(|| error("unclosed `quoted field name`", at))?;
            let name = source[i + 1..i + 1 + end].to_owned();
            i += end + 2;
            Tok::Field(name)
        } else if c == b'/' && after_match {
            let (text, end) =
                string(source, i, b'/').ok_or_else(|| error("unclosed /regex/", at))?;
            i = end;
            Tok::Regex(text)
        } else if c.is_ascii_digit()
            || (c == b'.' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit))
        {
            let start = i;
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'.') {
                // An exponent sign belongs to the number: 1e-3.
                if matches!(bytes[i], b'e' | b'E') && matches!(bytes.get(i + 1), Some(b'-' | b'+'))
                {
                    i += 1;
                }
                i += 1;
            }
            let text = &source[start..i];
            Tok::Num(Number::parse(text).ok_or_else(|| error(&format!("bad number {text:?}"), at))?)
        } else if c.is_ascii_alphabetic() || c == b'_' || c == b'$' || c == b'@' || !c.is_ascii() {
            let start = i;
            loop {
                while i < bytes.len()
                    && (bytes[i].is_ascii_alphanumeric()
                        || matches!(bytes[i], b'_' | b'.' | b'$' | b'@')
                        || !bytes[i].is_ascii())
                {
                    i += 1;
                }
                // An index into an array belongs to the field name: items[0].sku.
                let digits = bytes[i..]
                    .iter()
                    .skip(1)
                    .take_while(|b| b.is_ascii_digit())
                    .count();
                // `in[1]` is the operator and a list.
                let operator = matches!(&source[start..i], "in" | "contains");
                if !operator
                    && bytes.get(i) == Some(&b'[')
                    && digits > 0
                    && bytes.get(i + 1 + digits) == Some(&b']')
                {
                    i += digits + 2;
                    continue;
                }
                break;
            }
            Tok::Word(source[start..i].to_owned())
        } else if let Some(sym) = SYMBOLS.iter().find(|s| source[i..].starts_with(*s)) {
            i += sym.len();
            Tok::Sym(sym)
        } else {
            let shown = source[i..].chars().next().unwrap_or(' ');
            return Err(error(&format!("unexpected {shown:?}"), at));
        };
        tokens.push(Token { tok, at });
        if tokens.len() > MAX_TOKENS {
            return Err(error("the expression is too long", at));
        }
    }
    tokens.push(Token {
        tok: Tok::End,
        at: source.len(),
    });
    Ok(tokens)
}

/// A quoted string starting at `start` (its quote), with `\` escapes; returns the
/// text and the offset after the closing quote. Regexes keep their backslashes.
fn string(source: &str, start: usize, quote: u8) -> Option<(String, usize)> {
    let mut out = String::new();
    let mut chars = source[start + 1..].char_indices();
    while let Some((offset, c)) = chars.next() {
        if c as u32 == quote as u32 {
            return Some((out, start + 1 + offset + 1));
        }
        if c != '\\' {
            out.push(c);
            continue;
        }
        let (_, next) = chars.next()?;
        if quote == b'/' {
            if next != '/' {
                out.push('\\');
            }
            out.push(next);
            continue;
        }
        match next {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            'u' => {
                let hex: String = (0..4)
                    .filter_map(|_| chars.next().map(|(_, h)| h))
                    .collect();
                out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
            }
            other => out.push(other),
        }
    }
    None
}
