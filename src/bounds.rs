//! Instant analytic bounds on the headcount, usable without a solver.
//!
//! * **Weekend bound** (Burns & Carter style): weekend `k` needs at least `W_k` distinct people
//!   (on any date, one shift start per person, so the shifts overlapping the window that start
//!   on one date need that many different people), and one person works at most `cap` weekends
//!   (cyclic: `⌊K/n⌋` for "one in n"; calendar: `⌈K/n⌉`). Headcount ≥ `max(max_k W_k, ⌈ΣW_k / cap⌉)`.
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
    /// People needed by the weekend rule; `None` when the weekend demand cannot be met at all.
    pub weekend: Option<u32>,
    /// People needed by the hours; `None` when all staff and positions cannot supply the hours.
    pub hours: Option<u32>,
    /// Existing staff (always counted).
    pub staff: u32,
    /// Largest weekend crew `max_k W_k`.
    pub weekend_crew: u32,
    /// Weekends one person may work at most over the horizon.
    pub weekends_per_person: u32,
    /// People needed on each weekend `W_k`.
    pub crews: Vec<u32>,
}

impl Bounds {
    /// Whether the weekend bound is exactly tight at `headcount`: then every person works
    /// exactly `weekends_per_person` weekends and weekend `k` exactly `crews[k]` people.
    pub fn weekend_tight_at(&self, headcount: u32) -> bool {
        let total: u32 = self.crews.iter().sum();
        self.weekend == Some(headcount)
            && self.weekends_per_person > 0
            && total > 0
            && total == headcount * self.weekends_per_person
    }

    /// The best valid headcount lower bound (`None` when a bound proves infeasibility).
    pub fn headcount(&self) -> Option<u32> {
        Some(self.weekend?.max(self.hours?).max(self.staff))
    }
}

/// Computes the analytic bounds of `m`.
pub fn bounds(m: &Model) -> Bounds {
    let we = &m.rules.weekend;
    let k_n = m.cal.weeks();
    let n = we.max_one_in.max(1);
    let cap = if n == 1 {
        k_n
    } else if m.cal.cyclic() {
        k_n / n
    } else {
        k_n.div_ceil(n)
    };
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
    let weekend = if total == 0 {
        Some(0)
    } else if cap == 0 {
        None
    } else {
        Some(crew_max.max((total + cap as i64 - 1) / cap as i64) as u32)
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
        crews: crews.iter().map(|c| *c as u32).collect(),
    }
}
