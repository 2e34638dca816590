//! Bounded-memory sketches for `--approx`: quantiles with a relative-error guarantee
//! (DDSketch) and distinct counts (HyperLogLog). Both are deterministic: the same input
//! gives the same answer on every run and every build.

use std::collections::{BTreeMap, HashMap};

/// The relative accuracy of approximate quantiles.
pub const QUANTILE_ERROR: f64 = 0.01;

/// Bins kept per sign; past this the bins of the smallest magnitudes are merged.
/// 2048 bins of ratio (1+α)/(1−α) = 1.0202 span magnitudes from x to x·5.8e17.
const MAX_BINS: usize = 2048;

/// Magnitudes below this count as zero (they have no useful logarithmic bin).
const TINY: f64 = 1e-300;

/// DDSketch (Masson, Rim, Lee, VLDB 2019): values fall in logarithmic bins
/// (γ^(i−1), γ^i] with γ = (1+α)/(1−α), and a bin is read back as 2γ^i/(γ+1), which
/// is within relative error α of every value in it. So the value returned for rank r
/// is within 1% of the exact r-th smallest value, whatever the distribution, as long
/// as the group's magnitudes span fewer than 17 orders of magnitude (else the smallest
/// ones merge). Memory: one (bin, count) pair per bin in use, at most 2 × 2048.
#[derive(Clone, Debug, Default)]
pub struct Quantiles {
    positive: Bins,
    negative: Bins,
    zeros: u64,
}

#[derive(Clone, Debug, Default)]
struct Bins {
    counts: BTreeMap<i32, u64>,
    total: u64,
}

impl Bins {
    fn add(&mut self, index: i32) {
        *self.counts.entry(index).or_insert(0) += 1;
        self.total += 1;
        if self.counts.len() > MAX_BINS {
            // Merge the two smallest-magnitude bins: the guarantee is kept for the rest.
            let (_, count) = self.counts.pop_first().expect("more than MAX_BINS");
            *self.counts.first_entry().expect("bins left").get_mut() += count;
        }
    }
}

fn gamma() -> f64 {
    (1.0 + QUANTILE_ERROR) / (1.0 - QUANTILE_ERROR)
}

fn bin_of(magnitude: f64) -> i32 {
    (magnitude.ln() / gamma().ln()).ceil() as i32
}

fn value_of(bin: i32) -> f64 {
    2.0 * gamma().powi(bin) / (gamma() + 1.0)
}

impl Quantiles {
    pub fn add(&mut self, x: f64) {
        if x.abs() < TINY {
            self.zeros += 1;
        } else if x > 0.0 {
            self.positive.add(bin_of(x));
        } else {
            self.negative.add(bin_of(-x));
        }
    }

    pub fn count(&self) -> u64 {
        self.positive.total + self.negative.total + self.zeros
    }

    /// The value at 0-based rank `rank` (0 ≤ rank < count) in ascending order.
    pub fn at_rank(&self, rank: u64) -> Option<f64> {
        if rank >= self.count() {
            return None;
        }
        let mut seen = 0;
        // Negative values, most negative (largest magnitude) first.
        for (&bin, &count) in self.negative.counts.iter().rev() {
            seen += count;
            if rank < seen {
                return Some(-value_of(bin));
            }
        }
        seen += self.zeros;
        if rank < seen {
            return Some(0.0);
        }
        for (&bin, &count) in &self.positive.counts {
            seen += count;
            if rank < seen {
                return Some(value_of(bin));
            }
        }
        None
    }
}

/// HyperLogLog (Flajolet et al. 2007) with 2^12 registers: standard error
/// 1.04/√4096 = 1.6% (so within 5% in 99.7% of cases), with linear counting for small
/// counts. A group starts sparse (only the registers in use) and turns dense, 4 KiB,
/// once that is smaller, so many small groups stay small.
#[derive(Clone, Debug)]
pub enum Distinct {
    Sparse(HashMap<u16, u8>),
    Dense(Box<[u8]>),
}

const BITS: u32 = 12;
const REGISTERS: usize = 1 << BITS;
/// A sparse entry costs about 8 bytes in the map, a dense register one byte.
const SPARSE_MAX: usize = REGISTERS / 8;

impl Default for Distinct {
    fn default() -> Distinct {
        Distinct::Sparse(HashMap::new())
    }
}

impl Distinct {
    pub fn add(&mut self, text: &str) {
        let hash = hash64(text.as_bytes());
        let index = (hash >> (64 - BITS)) as usize;
        // The rank of the first 1 bit in the remaining 52 bits (a sentinel bit caps it).
        let rank = ((hash << BITS) | (1 << (BITS - 1))).leading_zeros() as u8 + 1;
        match self {
            Distinct::Sparse(registers) => {
                let register = registers.entry(index as u16).or_insert(0);
                *register = (*register).max(rank);
                if registers.len() > SPARSE_MAX {
                    let mut dense = vec![0u8; REGISTERS].into_boxed_slice();
                    for (&i, &r) in registers.iter() {
                        dense[i as usize] = r;
                    }
                    *self = Distinct::Dense(dense);
                }
            }
            Distinct::Dense(registers) => registers[index] = registers[index].max(rank),
        }
    }

    pub fn estimate(&self) -> u64 {
        let (sum, zeros) = match self {
            Distinct::Sparse(registers) => {
                let used: f64 = registers.values().map(|&r| 2f64.powi(-(r as i32))).sum();
                (
                    used + (REGISTERS - registers.len()) as f64,
                    REGISTERS - registers.len(),
                )
            }
            Distinct::Dense(registers) => (
                registers.iter().map(|&r| 2f64.powi(-(r as i32))).sum(),
                registers.iter().filter(|&&r| r == 0).count(),
            ),
        };
        let m = REGISTERS as f64;
        let alpha = 0.7213 / (1.0 + 1.079 / m);
        let raw = alpha * m * m / sum;
        if raw <= 2.5 * m && zeros > 0 {
            // Small ranges: linear counting is more accurate.
            (m * (m / zeros as f64).ln()).round() as u64
        } else {
            raw.round() as u64
        }
    }
}

/// FNV-1a with the MurmurHash3 finalizer: fixed (unlike std's hasher, whose algorithm
/// may change between Rust releases), so estimates are reproducible, and well mixed in
/// the high bits HyperLogLog reads.
fn hash64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distinct_count_is_within_its_error() {
        for n in [1u64, 10, 1000, 5000, 100_000, 1_000_000] {
            let mut d = Distinct::default();
            for i in 0..n {
                d.add(&format!("user{i}"));
                d.add(&format!("user{i}"));
            }
            let error = (d.estimate() as f64 - n as f64).abs() / n as f64;
            assert!(error < 0.05, "{n}: {}", d.estimate());
        }
    }

    #[test]
    fn distinct_turns_dense_when_that_is_smaller() {
        let mut d = Distinct::default();
        for i in 0..100 {
            d.add(&i.to_string());
        }
        assert!(matches!(d, Distinct::Sparse(_)));
        for i in 0..10_000 {
            d.add(&i.to_string());
        }
        assert!(matches!(d, Distinct::Dense(_)));
    }

    /// Every rank of a wide, skewed input with negatives and zeros is within 1%.
    #[test]
    fn every_rank_is_within_the_relative_error() {
        let mut values: Vec<f64> = (0..20_000)
            .map(|i| {
                let x = ((i * 7919) % 20_000) as f64;
                match i % 5 {
                    0 => 0.0,
                    1 => -x / 3.0,
                    _ => (x / 1000.0).exp() / 1e6,
                }
            })
            .collect();
        let mut sketch = Quantiles::default();
        for &x in &values {
            sketch.add(x);
        }
        values.sort_by(f64::total_cmp);
        for (rank, exact) in values.iter().enumerate() {
            let approx = sketch.at_rank(rank as u64).unwrap();
            assert!(
                (approx - exact).abs() <= QUANTILE_ERROR * exact.abs() + 1e-12,
                "rank {rank}: {approx} vs {exact}"
            );
        }
        assert_eq!(sketch.at_rank(values.len() as u64), None);
    }

    #[test]
    fn bins_stay_bounded() {
        let mut sketch = Quantiles::default();
        for i in 0..100_000 {
            sketch.add(1.001f64.powi(i));
        }
        assert!(sketch.positive.counts.len() <= MAX_BINS);
        assert_eq!(sketch.count(), 100_000);
    }
}
