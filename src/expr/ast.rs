//! The syntax tree of an expression.

use regex::Regex;

use crate::value::Number;

#[derive(Debug)]
pub enum Expr {
    Null,
    Bool(bool),
    Num(Number),
    Str(String),
    /// A field, by its index in the program's field list.
    Field(usize),
    List(Vec<Expr>),
    Not(Box<Expr>),
    Neg(Box<Expr>),
    Binary(BinOp, Box<Expr>, Box<Expr>),
    /// `=~` (or `!~` when `negated`), with the regex compiled once.
    Match {
        subject: Box<Expr>,
        regex: Regex,
        negated: bool,
    },
    Call(Func, Vec<Expr>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    And,
    Or,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    In,
    Contains,
    StartsWith,
    EndsWith,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Func {
    Lower,
    Upper,
    Len,
    Ts,
    Exists,
    IsNull,
    Contains,
    StartsWith,
    EndsWith,
}

impl Func {
    pub fn from_name(name: &str) -> Option<Func> {
        Some(match name {
            "lower" => Func::Lower,
            "upper" => Func::Upper,
            "len" => Func::Len,
            "ts" => Func::Ts,
            "exists" => Func::Exists,
            "is_null" => Func::IsNull,
            "contains" => Func::Contains,
            "starts_with" => Func::StartsWith,
            "ends_with" => Func::EndsWith,
            _ => return None,
        })
    }

    pub fn arity(self) -> usize {
        match self {
            Func::Contains | Func::StartsWith | Func::EndsWith => 2,
            _ => 1,
        }
    }
}
