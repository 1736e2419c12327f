//! Seeded dice for injected faults (throttling, server errors) and GUID-shaped ids: repeatable runs.

use std::sync::atomic::{AtomicU64, Ordering};

/// SplitMix64's output function: a well-mixed 64-bit value from any input.
pub fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A version-4-shaped GUID from 128 random bits.
pub fn guid(a: u64, b: u64) -> String {
    format!(
        "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        (b >> 48) & 0xfff,
        b & 0xffff_ffff_ffff
    )
}

/// A thread-safe stream of pseudo-random numbers.
#[derive(Debug)]
pub struct Dice {
    seed: u64,
    counter: AtomicU64,
}

impl Dice {
    /// Dice that give the same sequence for the same seed.
    pub fn new(seed: u64) -> Self {
        Self {
            seed,
            counter: AtomicU64::new(0),
        }
    }

    /// The next 64 random bits.
    pub fn next_u64(&self) -> u64 {
        mix(self.seed ^ mix(self.counter.fetch_add(1, Ordering::Relaxed)))
    }

    /// True with probability `rate` (0 never, 1 always).
    pub fn hit(&self, rate: f64) -> bool {
        if rate <= 0.0 {
            return false;
        }
        let unit = (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        unit < rate
    }

    /// A GUID-shaped request id.
    pub fn guid(&self) -> String {
        guid(self.next_u64(), self.next_u64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hit_rates_are_close_to_what_was_asked() {
        let dice = Dice::new(7);
        let hits = (0..10_000).filter(|_| dice.hit(0.25)).count();
        assert!((2_200..2_800).contains(&hits), "{hits}");
        assert!(!(0..1000).any(|_| dice.hit(0.0)));
        assert!((0..1000).all(|_| dice.hit(1.0)));
    }

    #[test]
    fn the_same_seed_gives_the_same_sequence() {
        let (a, b) = (Dice::new(42), Dice::new(42));
        assert_eq!(
            (0..5).map(|_| a.next_u64()).collect::<Vec<_>>(),
            (0..5).map(|_| b.next_u64()).collect::<Vec<_>>()
        );
        assert_ne!(Dice::new(1).guid(), Dice::new(2).guid());
    }
}
