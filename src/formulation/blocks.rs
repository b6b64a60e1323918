//! Working blocks and successions, date by date, with `w(d) = Σ_s x[p][d][s]` (at most 1: one
//! start per date):
//!
//! - `succession`: for each shift `s` with `not_followed_by = B` and each date `d`, the clique
//!   `Σ_{s' ∈ A} x[p][d][s'] + Σ_{t ∈ B} x[p][d+1][t] ≤ 1`, where `A` holds every shift whose
//!   own list contains all of `B` (each pair of `A × B` is forbidden and each date takes one
//!   start, so the row is valid and stronger than one row per pair).
//! - `min-consecutive-days` (`k`): a block that starts on `d` runs through `d + k − 1`:
//!   `w(d) − w(d−1) − w(d+j) ≤ 0` for `j = 1..k−1`.
//! - `min-consecutive-days-off` (`k`): a free run that starts on `d` lasts `k` dates:
//!   `w(d−1) − w(d) + w(d+j) ≤ 1` for `j = 1..k−1`.
//!
//! Indices wrap when the horizon is cyclic. On a horizon that does not repeat the rows need
//! `d − 1` and `d + j` inside it, so blocks and free runs touching either edge are exempt
//! (they continue outside the horizon).

use std::collections::BTreeMap;

use super::{Col, Formulation, RowFamily};
use crate::rule::Rule;

/// Adds the succession and block rows.
pub fn add(f: &mut Formulation) {
    let m = f.m;
    let n = m.days();
    let step = |d: usize, k: isize| m.cal.step(d, k);
    let cliques = succession_cliques(f);
    for p in 0..m.people.len() {
        if f.exhausted(p) {
            return;
        }
        if !f.has_cols(p) {
            continue;
        }
        let person = &m.people[p];
        if f.on(Rule::Succession) {
            for d in 0..n {
                let Some(next) = step(d, 1) else {
                    continue;
                };
                for (s, a, b) in &cliques {
                    let first = a.iter().filter_map(|&s| f.x[p][d][s]);
                    let second = b.iter().filter_map(|&t| f.x[p][next][t]);
                    let t: Vec<(Col, f64)> = first.chain(second).map(|c| (c, 1.0)).collect();
                    let on_d = a.iter().filter(|&&s| f.x[p][d][s].is_some()).count();
                    if on_d == 0 || on_d == t.len() {
                        continue;
                    }
                    let name = format!(
                        "succession:{}:{}:{}",
                        f.pid(p),
                        m.cal.date_str(d),
                        m.shifts[*s].id
                    );
                    f.lp.le(RowFamily::Rule(Rule::Succession), name, t, 1.0);
                }
            }
        }
        let work = |f: &Formulation, d: usize, k: f64, acc: &mut BTreeMap<Col, f64>| {
            for (_, c) in f.day_cols(p, d) {
                *acc.entry(c).or_default() += k;
            }
        };
        let blocks = [
            (Rule::MinConsecutiveDays, person.min_consecutive_days, true),
            (
                Rule::MinConsecutiveDaysOff,
                person.min_consecutive_days_off,
                false,
            ),
        ];
        for (rule, k, working) in blocks {
            let (Some(k), true) = (k, f.on(rule)) else {
                continue;
            };
            // Beyond `n − 1` dates the rows repeat (cyclic) or leave the horizon.
            for d in 0..n {
                if f.exhausted(p) {
                    return;
                }
                let Some(prev) = step(d, -1) else {
                    continue;
                };
                for j in 1..k.min(n) {
                    let Some(later) = step(d, j as isize) else {
                        break;
                    };
                    // Working: w(d) − w(d−1) − w(d+j) ≤ 0; free: w(d−1) − w(d) + w(d+j) ≤ 1.
                    let sign = if working { 1.0 } else { -1.0 };
                    let mut acc = BTreeMap::new();
                    work(f, d, sign, &mut acc);
                    work(f, prev, -sign, &mut acc);
                    work(f, later, -sign, &mut acc);
                    let t: Vec<(Col, f64)> = acc.into_iter().filter(|x| x.1 != 0.0).collect();
                    // Only rows that can bind: a block needs its first date, a free run the
                    // work on both sides of it.
                    let has = |d: usize| f.day_cols(p, d).next().is_some();
                    let (binds, rhs) = if working {
                        (has(d), 0.0)
                    } else {
                        (has(prev) && has(later), 1.0)
                    };
                    if !binds {
                        continue;
                    }
                    let name = format!("{}:{}:{}:{j}", rule.as_str(), f.pid(p), m.cal.date_str(d));
                    f.lp.le(RowFamily::Rule(rule), name, t, rhs);
                }
            }
        }
    }
}

/// The succession cliques `(s, A, B)` over shift indices: for each shift `s` with a non-empty
/// `not_followed_by` list `B`, `A` = every shift whose list contains all of `B`; a list two
/// shifts share once, named by the first.
fn succession_cliques(f: &Formulation) -> Vec<(usize, Vec<usize>, Vec<usize>)> {
    let shifts = &f.m.shifts;
    let lists: Vec<Vec<usize>> = shifts
        .iter()
        .map(|s| {
            let mut b: Vec<usize> = s.not_followed_by.iter().map(|t| t.0).collect();
            b.sort_unstable();
            b.dedup();
            b
        })
        .collect();
    let mut out: Vec<(usize, Vec<usize>, Vec<usize>)> = Vec::new();
    for (s, b) in lists.iter().enumerate().filter(|(_, b)| !b.is_empty()) {
        if out.iter().any(|(_, _, y)| y == b) {
            continue;
        }
        let a: Vec<usize> = (0..shifts.len())
            .filter(|&s| b.iter().all(|t| lists[s].contains(t)))
            .collect();
        out.push((s, a, b.clone()));
    }
    out
}
