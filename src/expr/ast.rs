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
    /// `replace(subject, "regex", with)`, the regex compiled once.
    Replace {
        subject: Box<Expr>,
        regex: Regex,
        with: Box<Expr>,
    },
    /// `capture(subject, "regex"[, group])`, the regex compiled once.
    Capture {
        subject: Box<Expr>,
        regex: Regex,
        group: Option<Box<Expr>>,
    },
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
    Trim,
    Concat,
    Substr,
    Replace,
    Coalesce,
    If,
    Round,
    Floor,
    Ceil,
    Abs,
    Min,
    Max,
    Bin,
    Split,
    Join,
    Epoch,
    FormatTs,
    TruncTs,
    Now,
    IsNum,
    IsInt,
    IsBool,
    IsTs,
    Hash,
    MaskIp,
    Capture,
    Lpad,
    Rpad,
}

/// Every function, by name, with how many arguments it takes (at least, at most).
const FUNCTIONS: [(&str, Func, usize, usize); 37] = [
    ("lower", Func::Lower, 1, 1),
    ("upper", Func::Upper, 1, 1),
    ("trim", Func::Trim, 1, 1),
    ("len", Func::Len, 1, 1),
    ("concat", Func::Concat, 1, usize::MAX),
    ("substr", Func::Substr, 2, 3),
    ("replace", Func::Replace, 3, 3),
    ("contains", Func::Contains, 2, 2),
    ("starts_with", Func::StartsWith, 2, 2),
    ("ends_with", Func::EndsWith, 2, 2),
    ("ts", Func::Ts, 1, 1),
    ("exists", Func::Exists, 1, 1),
    ("is_null", Func::IsNull, 1, 1),
    ("coalesce", Func::Coalesce, 1, usize::MAX),
    ("if", Func::If, 3, 3),
    ("round", Func::Round, 1, 2),
    ("floor", Func::Floor, 1, 1),
    ("ceil", Func::Ceil, 1, 1),
    ("abs", Func::Abs, 1, 1),
    ("min", Func::Min, 1, usize::MAX),
    ("max", Func::Max, 1, usize::MAX),
    ("bin", Func::Bin, 2, 2),
    ("split", Func::Split, 2, 2),
    ("join", Func::Join, 2, 2),
    ("epoch", Func::Epoch, 1, 1),
    ("format_ts", Func::FormatTs, 2, 2),
    ("trunc_ts", Func::TruncTs, 2, 2),
    ("now", Func::Now, 0, 0),
    ("is_num", Func::IsNum, 1, 1),
    ("is_int", Func::IsInt, 1, 1),
    ("is_bool", Func::IsBool, 1, 1),
    ("is_ts", Func::IsTs, 1, 1),
    ("hash", Func::Hash, 1, 1),
    ("mask_ip", Func::MaskIp, 1, 1),
    ("capture", Func::Capture, 2, 3),
    ("lpad", Func::Lpad, 2, 3),
    ("rpad", Func::Rpad, 2, 3),
];

impl Func {
    pub fn from_name(name: &str) -> Option<Func> {
        FUNCTIONS
            .iter()
            .find(|(known, ..)| *known == name)
            .map(|&(_, func, ..)| func)
    }

    /// How many arguments it takes: at least, at most.
    pub fn arity(self) -> (usize, usize) {
        let &(_, _, least, most) = FUNCTIONS
            .iter()
            .find(|(_, func, ..)| *func == self)
            .expect("every function is listed");
        (least, most)
    }

    /// The names of every function, for error messages.
    pub fn names() -> impl Iterator<Item = &'static str> {
        FUNCTIONS.iter().map(|(name, ..)| *name)
    }
}
