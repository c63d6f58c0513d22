//! Random messages for property tests (feature `sample`).
//!
//! Every generated type implements [`Sample`]: it fills exactly the fields that
//! exist in the given version, with null only where that version allows it, so
//! that encode → decode must give back an equal value.

use crate::wire::RawTaggedField;
use bytes::Bytes;
use uuid::Uuid;

pub trait Sample: Sized {
    fn sample(version: i16, g: &mut Gen) -> Self;
}

/// A small deterministic generator (SplitMix64), seeded by the test.
pub struct Gen {
    state: u64,
    /// Current nesting depth; arrays shrink as it grows, to keep samples small.
    depth: u32,
}

impl Gen {
    pub fn new(seed: u64) -> Self {
        Gen {
            state: seed,
            depth: 0,
        }
    }

    pub fn u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.u64() % n
    }

    pub fn bool(&mut self) -> bool {
        self.u64() & 1 == 1
    }
    pub fn i8(&mut self) -> i8 {
        self.u64() as i8
    }
    pub fn i16(&mut self) -> i16 {
        self.u64() as i16
    }
    pub fn u16(&mut self) -> u16 {
        self.u64() as u16
    }
    pub fn i32(&mut self) -> i32 {
        self.u64() as i32
    }
    pub fn u32(&mut self) -> u32 {
        self.u64() as u32
    }
    pub fn i64(&mut self) -> i64 {
        self.u64() as i64
    }
    /// A finite float (NaN would break equality).
    pub fn f64(&mut self) -> f64 {
        (self.i32() as f64) / 7.0
    }
    pub fn uuid(&mut self) -> Uuid {
        Uuid::from_u64_pair(self.u64(), self.u64())
    }
    /// One time in four: the value is null (where the version allows it).
    pub fn null(&mut self) -> bool {
        self.below(4) == 0
    }
    pub fn string(&mut self) -> String {
        const ALPHABET: &[&str] = &["a", "b", "Z", "0", "-", ".", "_", "é", "日", "🦀"];
        let n = self.below(12);
        (0..n)
            .map(|_| ALPHABET[self.below(ALPHABET.len() as u64) as usize])
            .collect()
    }
    pub fn bytes(&mut self) -> Bytes {
        let n = self.below(20);
        (0..n).map(|_| self.u64() as u8).collect::<Vec<u8>>().into()
    }
    pub fn vec<T>(&mut self, mut element: impl FnMut(&mut Gen) -> T) -> Vec<T> {
        let max = match self.depth {
            0 => 4,
            1 => 3,
            2 => 2,
            _ => 1,
        };
        let n = self.below(max + 1);
        self.depth += 1;
        let out = (0..n).map(|_| element(self)).collect();
        self.depth -= 1;
        out
    }
    /// Tagged fields with tags no spec uses, to check they survive a round trip.
    pub fn unknown_tagged_fields(&mut self) -> Vec<RawTaggedField> {
        if self.below(4) != 0 {
            return Vec::new();
        }
        let tag = 1000 + self.below(100) as u32;
        vec![RawTaggedField {
            tag,
            data: self.bytes(),
        }]
    }
}
