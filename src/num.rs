//! Exact rational arithmetic for hours and percentages.
//!
//! docs/format.md requires hour bounds to be compared exactly ("numbers are exact").
//! A JSON decimal arrives as the nearest `f64`; Rust's shortest round-trip formatting gives back
//! the decimal the user wrote (for up to 15 significant digits), which we turn into a fraction.

use std::cmp::Ordering;
use std::ops::{Add, Div, Mul, Neg, Sub};

/// A reduced fraction `num / den` with `den > 0`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Ratio {
    num: i128,
    den: i128,
}

fn gcd(mut a: i128, mut b: i128) -> i128 {
    a = a.abs();
    b = b.abs();
    while b != 0 {
        let t = a % b;
        a = b;
        b = t;
    }
    a
}

/// Least common multiple of two positive integers.
pub fn lcm(a: i128, b: i128) -> i128 {
    a / gcd(a, b) * b
}

impl Ratio {
    /// Zero.
    pub const ZERO: Ratio = Ratio { num: 0, den: 1 };

    /// `num / den`; `den` must not be zero.
    pub fn new(num: i128, den: i128) -> Ratio {
        assert!(den != 0, "Ratio with zero denominator");
        let g = gcd(num, den).max(1);
        let s = if den < 0 { -1 } else { 1 };
        Ratio {
            num: s * num / g,
            den: s * den / g,
        }
    }

    /// A whole number.
    pub fn int(n: i64) -> Ratio {
        Ratio {
            num: n as i128,
            den: 1,
        }
    }

    /// The decimal a JSON number was written as. `None` for NaN, infinities, or more than
    /// [`Ratio::MAX_DECIMALS`] decimals / magnitudes beyond 10^12 (refused as implausible input).
    pub fn from_f64(x: f64) -> Option<Ratio> {
        if !x.is_finite() || x.abs() > 1e12 {
            return None;
        }
        let s = format!("{x}");
        let (neg, digits) = match s.strip_prefix('-') {
            Some(r) => (true, r),
            None => (false, s.as_str()),
        };
        let (int_part, frac_part) = digits.split_once('.').unwrap_or((digits, ""));
        if frac_part.len() > Self::MAX_DECIMALS as usize {
            return None;
        }
        let mut num: i128 = 0;
        for c in int_part.chars().chain(frac_part.chars()) {
            num = num * 10 + c.to_digit(10)? as i128;
        }
        let den = 10i128.pow(frac_part.len() as u32);
        Some(Ratio::new(if neg { -num } else { num }, den))
    }

    /// Most decimals accepted by [`Ratio::from_f64`].
    pub const MAX_DECIMALS: u32 = 9;

    /// Denominator (positive).
    pub fn denom(&self) -> i128 {
        self.den
    }
    /// Largest integer ≤ self.
    pub fn floor(&self) -> i128 {
        self.num.div_euclid(self.den)
    }
    /// Smallest integer ≥ self.
    pub fn ceil(&self) -> i128 {
        -(-self.num).div_euclid(self.den)
    }
    /// Nearest `f64`.
    pub fn to_f64(self) -> f64 {
        self.num as f64 / self.den as f64
    }
}

impl Add for Ratio {
    type Output = Ratio;
    fn add(self, o: Ratio) -> Ratio {
        let d = lcm(self.den, o.den);
        Ratio::new(self.num * (d / self.den) + o.num * (d / o.den), d)
    }
}
impl Sub for Ratio {
    type Output = Ratio;
    fn sub(self, o: Ratio) -> Ratio {
        self + (-o)
    }
}
impl Neg for Ratio {
    type Output = Ratio;
    fn neg(self) -> Ratio {
        Ratio {
            num: -self.num,
            den: self.den,
        }
    }
}
impl Mul for Ratio {
    type Output = Ratio;
    fn mul(self, o: Ratio) -> Ratio {
        let g1 = gcd(self.num, o.den).max(1);
        let g2 = gcd(o.num, self.den).max(1);
        Ratio::new(
            (self.num / g1) * (o.num / g2),
            (self.den / g2) * (o.den / g1),
        )
    }
}
#[allow(clippy::suspicious_arithmetic_impl)] // division is multiplication by the reciprocal
impl Div for Ratio {
    type Output = Ratio;
    fn div(self, o: Ratio) -> Ratio {
        self * Ratio::new(o.den, o.num)
    }
}
impl PartialOrd for Ratio {
    fn partial_cmp(&self, o: &Ratio) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Ratio {
    fn cmp(&self, o: &Ratio) -> Ordering {
        (self.num * o.den).cmp(&(o.num * self.den))
    }
}
impl std::iter::Sum for Ratio {
    fn sum<I: Iterator<Item = Ratio>>(iter: I) -> Ratio {
        iter.fold(Ratio::ZERO, |a, b| a + b)
    }
}
impl std::fmt::Display for Ratio {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.den == 1 {
            write!(f, "{}", self.num)
        } else {
            write!(f, "{}", self.to_f64())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_read_json_decimals_exactly() {
        assert_eq!(Ratio::from_f64(35.5), Some(Ratio::new(71, 2)));
        assert_eq!(Ratio::from_f64(0.1), Some(Ratio::new(1, 10)));
        assert_eq!(Ratio::from_f64(-2.25), Some(Ratio::new(-9, 4)));
        assert_eq!(Ratio::from_f64(100.0), Some(Ratio::int(100)));
        // 75 % of 35.5 h × 6 weeks = 159.75 h exactly
        let h = Ratio::from_f64(75.0).unwrap() / Ratio::int(100)
            * Ratio::from_f64(35.5).unwrap()
            * Ratio::int(6);
        assert_eq!(h, Ratio::new(15975, 100));
        assert_eq!(h.floor(), 159);
        assert_eq!(h.ceil(), 160);
    }

    #[test]
    fn rejects_non_finite_and_overprecise_numbers() {
        assert_eq!(Ratio::from_f64(f64::NAN), None);
        assert_eq!(Ratio::from_f64(f64::INFINITY), None);
        assert_eq!(Ratio::from_f64(0.1234567891), None);
    }

    #[test]
    fn can_floor_and_ceil_negatives() {
        let r = Ratio::new(-3, 2);
        assert_eq!(r.floor(), -2);
        assert_eq!(r.ceil(), -1);
        assert!(Ratio::new(1, 3) < Ratio::new(1, 2));
    }
}
