//! Keeping the records an expression holds for (etl-filter).

use crate::error::{Error, Result};
use crate::expr::Program;
use crate::format::Output;
use crate::record::Record;
use crate::run::Operator;

pub struct Filter {
    program: Program,
    /// Keep the records it does not hold for.
    invert: bool,
}

impl Filter {
    pub fn new(program: Program, invert: bool) -> Filter {
        Filter { program, invert }
    }
}

impl Operator for Filter {
    fn push(&mut self, record: &Record, out: &mut Output) -> Result<bool> {
        if self.program.test(record).map_err(Error::Data)? != self.invert {
            out.write(record)?;
        }
        Ok(true)
    }
}
