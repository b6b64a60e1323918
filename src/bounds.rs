//! Instant analytic bounds on the headcount, usable without a solver.
//!
//! * **Weekend bound** (Burns & Carter style): weekend `k` needs at least `W_k` distinct people
//!   (on any date, one shift start per person, so the shifts overlapping the window that start
//!   on one date need that many different people), and person `p` works at most `cap_p`
//!   weekends (cyclic: `⌊K/n_p⌋` for "one in n_p"; calendar: `⌈K/n_p⌉`; see [`weekend_cap`]).
//!   With one `n` for everybody, headcount ≥ `max(max_k W_k, ⌈ΣW_k / cap⌉)`. With per-person
//!   `weekend_max_one_in` overrides the caps differ, and the bound is the fewest people, all
//!   existing staff plus the open positions with the largest caps, whose caps reach `ΣW_k` (see
//!   `weekend_bound` in the source for why this stays a lower bound).
//! * **Hours bound**: the demanded hours must fit into the most hours staff may work plus the
//!   largest created positions.
//!
//! Both are valid for every roster, so the formulation adds them as cuts and reports them
//! beside every solve.

use serde::Serialize;

use crate::model::{Day, Model, ShiftId};

/// Analytic headcount lower bounds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bounds {
    /// People needed by the weekend rule, existing staff included (they always count); `None`
    /// when the weekend demand cannot be met at all (nobody who may still be hired can work
    /// the missing weekends). A value above the number of staff and candidates also proves
    /// infeasibility.
    pub weekend: Option<u32>,
    /// People needed by the hours; `None` when all staff and positions cannot supply the hours.
    pub hours: Option<u32>,
    /// Existing staff (always counted).
    pub staff: u32,
    /// Largest weekend crew `max_k W_k`.
    pub weekend_crew: u32,
    /// Weekends one person may work at most over the horizon under the scenario-wide
    /// `rules.weekend.max_one_in` (people with an override may differ, see
    /// `weekend_caps_uniform`).
    pub weekends_per_person: u32,
    /// Whether every person (staff and candidates) may work exactly `weekends_per_person`
    /// weekends at most; `false` when `weekend_max_one_in` overrides give someone another cap.
    pub weekend_caps_uniform: bool,
    /// People needed on each weekend `W_k`.
    pub crews: Vec<u32>,
}

impl Bounds {
    /// Whether the weekend bound is exactly tight at `headcount`: then every person works
    /// exactly `weekends_per_person` weekends and weekend `k` exactly `crews[k]` people.
    ///
    /// Only when every person has the same cap (`weekend_caps_uniform`): with per-person caps
    /// a roster at the bound may give the volunteers more weekends and others fewer, so the
    /// "exactly `weekends_per_person` each" rows would cut off legal rosters. Then this is
    /// `false` and the solver's tight probe rows are not added.
    pub fn weekend_tight_at(&self, headcount: u32) -> bool {
        let total: u32 = self.crews.iter().sum();
        self.weekend_caps_uniform
            && self.weekend == Some(headcount)
            && self.weekends_per_person > 0
            && total > 0
            && total == headcount * self.weekends_per_person
    }

    /// The best valid headcount lower bound (`None` when a bound proves infeasibility).
    pub fn headcount(&self) -> Option<u32> {
        Some(self.weekend?.max(self.hours?).max(self.staff))
    }
}

/// Most weekends one person may work among `weeks` weekends under "one in `n`": all of them
/// when `n ≤ 1`; cyclic `⌊weeks/n⌋` (runs wrap with multiplicity, so a cycle shorter than `n`
/// allows none); calendar `⌈weeks/n⌉` (weekends 0, n, 2n, ...).
pub fn weekend_cap(weeks: usize, n: usize, cyclic: bool) -> usize {
    if n <= 1 {
        weeks
    } else if cyclic {
        weeks / n
    } else {
        weeks.div_ceil(n)
    }
}

/// The weekend headcount bound from per-person caps: `None` when the demand cannot be met.
///
/// Why it is a lower bound. Take any legal roster with people `P` (all `staff_caps`, plus a set
/// `O` of created positions, `|O| = m`). Weekend `k` is worked by at least `W_k` distinct
/// people, each of whom has a cap ≥ 1, and person `p` works at most `cap_p` weekends, so
/// (1) `Σ_{p∈P} cap_p ≥ Σ_k W_k = demand` and (2) `|{p ∈ P : cap_p ≥ 1}| ≥ max_k W_k = crew`.
/// The `m` candidates with the largest caps have a cap sum at least `Σ_{p∈O} cap_p` and at
/// least as many positive caps as `O`, so they satisfy (1) and (2) too. Hence the smallest `m`
/// for which the `m` largest candidate caps (added to all staff caps) satisfy (1) and (2),
/// which the greedy below finds, is at most `|O|`, and headcount ≥ staff + that `m`.
/// When all candidates together do not reach (1) or (2), no roster exists; the bound then
/// counts hypothetical extra people of the largest candidate cap (`spare_cap`) so that the
/// number says how far off the demand is (any number is a valid bound of an infeasible
/// scenario), and `None` when even those could not help (`spare_cap` 0).
fn weekend_bound(
    staff_caps: &[usize],
    mut candidate_caps: Vec<usize>,
    spare_cap: usize,
    demand: usize,
    crew: usize,
) -> Option<u32> {
    candidate_caps.sort_unstable_by(|a, b| b.cmp(a));
    let mut people = staff_caps.len();
    let mut supply: usize = staff_caps.iter().sum();
    let mut workers = staff_caps.iter().filter(|c| **c > 0).count();
    let met = |supply: usize, workers: usize| supply >= demand && workers >= crew;
    for c in candidate_caps {
        if met(supply, workers) {
            break;
        }
        people += 1;
        supply += c;
        workers += usize::from(c > 0);
    }
    if !met(supply, workers) {
        if spare_cap == 0 {
            return None;
        }
        let by_supply = (demand.saturating_sub(supply)).div_ceil(spare_cap);
        people += by_supply.max(crew.saturating_sub(workers));
    }
    Some(people as u32)
}

/// Computes the analytic bounds of `m`.
pub fn bounds(m: &Model) -> Bounds {
    let we = &m.rules.weekend;
    let k_n = m.cal.weeks();
    let cyclic = m.cal.cyclic();
    let cap = weekend_cap(k_n, we.max_one_in.max(1), cyclic);
    let caps: Vec<usize> = m
        .people
        .iter()
        .map(|p| weekend_cap(k_n, p.weekend_max_one_in.max(1), cyclic))
        .collect();
    let crews: Vec<i64> = (0..k_n)
        .map(|k| {
            let win = m.cal.weekend_window(k, we.from, we.to);
            (0..m.days())
                .map(|d| {
                    (0..m.shifts.len())
                        .filter(|&s| m.cal.overlaps(m.interval(Day(d), ShiftId(s)), win))
                        .map(|s| m.cover[d][s].min)
                        .sum::<i64>()
                })
                .max()
                .unwrap_or(0)
        })
        .collect();
    let total: i64 = crews.iter().sum();
    let crew_max = crews.iter().copied().max().unwrap_or(0);
    let uniform = caps.iter().all(|c| *c == cap);
    // Hypothetical extra people beyond the candidates (only to size an infeasible demand):
    // the largest template cap, or the scenario-wide one when there are no templates.
    let spare_cap = if m.templates.is_empty() {
        cap
    } else {
        m.templates
            .iter()
            .map(|t| weekend_cap(k_n, t.weekend_max_one_in.max(1), cyclic))
            .max()
            .unwrap_or(0)
    };
    let weekend = if total == 0 {
        Some(m.n_staff as u32)
    } else {
        weekend_bound(
            &caps[..m.n_staff],
            caps[m.n_staff..].to_vec(),
            spare_cap,
            total.max(0) as usize,
            crew_max.max(0) as usize,
        )
    };

    // Hours: staff at their most, then the largest candidates until the demand is covered.
    let staff = m.n_staff as u32;
    let supply: i64 = m.people[..m.n_staff].iter().map(|p| p.max_units).sum();
    let mut missing = m.min_demand_units() - supply;
    let mut open: Vec<i64> = m.people[m.n_staff..].iter().map(|p| p.max_units).collect();
    open.sort_unstable_by(|a, b| b.cmp(a));
    let mut extra = 0u32;
    for u in open.into_iter().filter(|u| *u > 0) {
        if missing <= 0 {
            break;
        }
        missing -= u;
        extra += 1;
    }
    let hours = (missing <= 0).then_some(staff + extra);
    Bounds {
        weekend,
        hours,
        staff,
        weekend_crew: crew_max as u32,
        weekends_per_person: cap as u32,
        weekend_caps_uniform: uniform,
        crews: crews.iter().map(|c| *c as u32).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_cap_weekends_cyclic_and_calendar() {
        assert_eq!(weekend_cap(6, 1, true), 6);
        assert_eq!(weekend_cap(6, 3, true), 2);
        assert_eq!(weekend_cap(6, 4, true), 1);
        assert_eq!(weekend_cap(2, 3, true), 0);
        assert_eq!(weekend_cap(6, 4, false), 2);
        assert_eq!(weekend_cap(2, 3, false), 1);
    }

    #[test]
    fn can_bound_the_weekend_headcount_with_uniform_caps_as_before() {
        // 6 weekends of 10, one in 3 (cyclic cap 2): ⌈60/2⌉ = 30, no staff.
        assert_eq!(weekend_bound(&[], vec![2; 40], 2, 60, 10), Some(30));
        // Crew larger than the cap arithmetic: 1 weekend of 5 people, cap 1 → 5.
        assert_eq!(weekend_bound(&[], vec![1; 9], 1, 5, 5), Some(5));
        // Out of candidates: sized with the spare cap, above the 20 available.
        assert_eq!(weekend_bound(&[], vec![2; 20], 2, 60, 10), Some(30));
        // Nobody may work a weekend.
        assert_eq!(weekend_bound(&[], vec![0; 20], 0, 60, 10), None);
    }

    #[test]
    fn can_bound_the_weekend_headcount_with_volunteers() {
        // Two staff volunteers with cap 3 cover 6 of 60; the rest at cap 2 → 2 + 27 = 29.
        assert_eq!(weekend_bound(&[3, 3], vec![2; 40], 2, 60, 10), Some(29));
        // Candidates of a cap-3 template are taken before cap-2 ones: 20 × 3 = 60 → 20.
        let mut c = vec![2; 30];
        c.extend(vec![3; 20]);
        assert_eq!(weekend_bound(&[], c, 3, 60, 10), Some(20));
        // Staff count even when their caps are 0 (they work no weekend).
        assert_eq!(weekend_bound(&[0, 0], vec![2; 10], 2, 4, 2), Some(4));
    }
}
