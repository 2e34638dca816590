//! Record transforms, pure and unit-tested; the binaries wire them between input and output.

pub mod aggregate;
pub mod cast;
pub mod dedup;
pub mod describe;
pub mod filter;
pub mod head;
pub mod join;
pub mod key;
pub mod map;
pub mod select;
pub mod sort;
