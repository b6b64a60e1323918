//! Sundays and public holidays (AML §10-10, `rules.sunday_work`): who works each, at most one
//! in every `n` of them, at most a share of them, at most one holiday in every `n` holidays.
//!
//! `v[p][i] ≥ Σ_{s overlapping window i} x[p][d][s]` for each date `d` (aggregate linking, as
//! for weekends: one start per date makes the sum ≤ 1), where window `i` runs from 18:00 the
//! day before to 22:00 on the day ([`crate::model::SundayDay`]); then
//! - `sunday-frequency`: `Σ_{run} v ≤ used` for every run of `max_one_in` consecutive Sundays
//!   and holidays (wrapping when cyclic, with multiplicity when the run is longer than the
//!   horizon's list);
//! - `sunday-share`: `Σ_i v ≤ max_worked · used`;
//! - `holiday-frequency`: `Σ_{run} v ≤ used` for every run of `holidays_max_one_in` consecutive
//!   holidays (never wrapping).

use super::weekend::{link_flag, run_terms};
use super::{Col, Formulation, RowFamily};
use crate::calendar::runs;
use crate::rule::Rule;

/// Adds the Sunday-work columns and rows.
pub fn add(f: &mut Formulation) {
    let m = f.m;
    let su = &m.rules.sundays;
    let freq = f.on(Rule::SundayFrequency) && su.max_one_in > 1;
    let share = su.max_worked.filter(|_| f.on(Rule::SundayShare));
    let hol = f.on(Rule::HolidayFrequency) && su.holidays_max_one_in > 1;
    if !freq && share.is_none() && !hol {
        return;
    }
    let windows: Vec<Vec<(usize, usize)>> = su
        .days
        .iter()
        .map(|sd| super::weekend::slots_overlapping(f, sd.window))
        .collect();
    let holidays: Vec<usize> = (0..su.days.len()).filter(|&i| su.days[i].holiday).collect();
    let freq_runs = if freq {
        runs(su.days.len(), su.max_one_in, m.cal.cyclic())
    } else {
        Vec::new()
    };
    let hol_runs: Vec<Vec<usize>> = if hol {
        runs(holidays.len(), su.holidays_max_one_in, false)
            .into_iter()
            .map(|r| r.into_iter().map(|j| holidays[j]).collect())
            .collect()
    } else {
        Vec::new()
    };
    let date = |i: usize| m.cal.date_str(su.days[i].day);
    for p in 0..m.people.len() {
        if f.exhausted(p) {
            return;
        }
        let mut v: Vec<Option<Col>> = vec![None; su.days.len()];
        for (i, window) in windows.iter().enumerate() {
            let own: Vec<(usize, Col)> = window
                .iter()
                .filter_map(|&(d, s)| f.x[p][d][s].map(|c| (d, c)))
                .collect();
            if own.is_empty() {
                continue;
            }
            let vc = f.person_binary(p);
            v[i] = Some(vc);
            let pid = &m.people[p].id;
            link_flag(f, &own, vc, |d| {
                format!("sunday-link:{pid}:{}:{}", date(i), m.cal.date_str(d))
            });
        }
        // `Σ_{run} v` with multiplicity; nothing to state when it cannot pass `k`.
        let sum = |run: &[usize]| run_terms(&v, run);
        let over = |t: &[(Col, f64)], k: f64| t.iter().map(|x| x.1).sum::<f64>() > k;
        for run in &freq_runs {
            let t = sum(run);
            if over(&t, 1.0) {
                let name = format!("sunday-frequency:{}:{}", f.pid(p), date(run[0]));
                f.le_used(RowFamily::Rule(Rule::SundayFrequency), name, t, p, 1.0);
            }
        }
        if let Some(k) = share {
            let all: Vec<usize> = (0..su.days.len()).collect();
            let t = sum(&all);
            if over(&t, k as f64) {
                let name = format!("sunday-share:{}", f.pid(p));
                f.le_used(RowFamily::Rule(Rule::SundayShare), name, t, p, k as f64);
            }
        }
        for run in &hol_runs {
            let t = sum(run);
            if over(&t, 1.0) {
                let name = format!("holiday-frequency:{}:{}", f.pid(p), date(run[0]));
                f.le_used(RowFamily::Rule(Rule::HolidayFrequency), name, t, p, 1.0);
            }
        }
    }
}
