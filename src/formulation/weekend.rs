//! Weekends: who works weekend `k`, at most one in every `n` (per person), complete weekends.
//!
//! `w[p][k] ≥ Σ_{s overlapping window k} x[p][d][s]` for each date `d` (aggregate linking: one
//! start per date makes the sum ≤ 1); `Σ_{run} w ≤ used` for every run of `n_p` weekends
//! (with multiplicity when a cyclic horizon is shorter than the run), where `n_p` is the
//! person's own "one in n" ([`crate::model::Person::weekend_max_one_in`]: a `staff[]` or
//! template `weekend_max_one_in`, else `rules.weekend.max_one_in`); complete weekends need
//! `Σ_{shifts overlapping Saturday} x ≥ w` and the same for Sunday; `Σ_k w ≤ max_weekends`
//! for a person with a limit of their own.

use super::{Col, Formulation, RowFamily};
use crate::calendar::Interval;
use crate::model::{Day, ShiftId};
use crate::rule::Rule;

/// Slots `(day, shift)` overlapping `window` (with cyclic copies).
pub fn slots_overlapping(f: &Formulation, window: Interval) -> Vec<(usize, usize)> {
    let m = f.m;
    (0..m.days())
        .flat_map(|d| (0..m.shifts.len()).map(move |s| (d, s)))
        .filter(|&(d, s)| m.open_slot(Day(d), ShiftId(s)))
        .filter(|&(d, s)| m.cal.overlaps(m.interval(Day(d), ShiftId(s)), window))
        .collect()
}

/// Links a person's flag column to the slots it stands for: `Σ_{own slots on d} x ≤ flag` for
/// each date `d` of `own` (aggregate linking: one start per date makes each sum ≤ 1), rows
/// named by `name(d)`.
pub(crate) fn link_flag(
    f: &mut Formulation,
    own: &[(usize, Col)],
    flag: Col,
    name: impl Fn(usize) -> String,
) {
    let mut days: Vec<usize> = own.iter().map(|(d, _)| *d).collect();
    days.dedup();
    for d in days {
        let mut t: Vec<(Col, f64)> = own
            .iter()
            .filter(|(e, _)| *e == d)
            .map(|(_, c)| (*c, 1.0))
            .collect();
        t.push((flag, -1.0));
        f.lp.le(RowFamily::Link, name(d), t, 0.0);
    }
}

/// `Σ_{i in run} flags[i]`, counting an index once per time it appears in the run (a cyclic
/// run longer than the horizon repeats indices).
pub(crate) fn run_terms(flags: &[Option<Col>], run: &[usize]) -> Vec<(Col, f64)> {
    let mut t: Vec<(Col, f64)> = Vec::new();
    for c in run.iter().filter_map(|&i| flags[i]) {
        match t.iter_mut().find(|(x, _)| *x == c) {
            Some(e) => e.1 += 1.0,
            None => t.push((c, 1.0)),
        }
    }
    t
}

/// Adds weekend columns and rows.
pub fn add(f: &mut Formulation) {
    let m = f.m;
    let we = &m.rules.weekend;
    let freq = f.on(Rule::WeekendFrequency) && m.people.iter().any(|p| p.weekend_max_one_in > 1);
    let complete = we.complete && f.on(Rule::WeekendComplete);
    let most = f.on(Rule::MaxWeekends) && m.people.iter().any(|p| p.max_weekends.is_some());
    let k_n = m.cal.weeks();
    f.w = vec![vec![None; k_n]; m.people.len()];
    if !freq && !complete && !most {
        return;
    }
    let windows: Vec<Vec<(usize, usize)>> = (0..k_n)
        .map(|k| slots_overlapping(f, m.cal.weekend_window(k, we.from, we.to)))
        .collect();
    let sats: Vec<Vec<(usize, usize)>> = (0..k_n)
        .map(|k| slots_overlapping(f, m.cal.saturday(k)))
        .collect();
    let suns: Vec<Vec<(usize, usize)>> = (0..k_n)
        .map(|k| slots_overlapping(f, m.cal.sunday(k)))
        .collect();
    for p in 0..m.people.len() {
        if f.exhausted(p) {
            return;
        }
        for k in 0..k_n {
            let own: Vec<(usize, Col)> = windows[k]
                .iter()
                .filter_map(|&(d, s)| f.x[p][d][s].map(|c| (d, c)))
                .collect();
            if own.is_empty() {
                continue;
            }
            let wc = f.person_binary(p);
            f.w[p][k] = Some(wc);
            let sat_date = m.cal.date_str(k * 7 + 5);
            let pid = &m.people[p].id;
            link_flag(f, &own, wc, |d| {
                format!("weekend-link:{pid}:{sat_date}:{}", m.cal.date_str(d))
            });
            if complete {
                for (day, tag) in [(&sats[k], "sat"), (&suns[k], "sun")] {
                    let mut t: Vec<(Col, f64)> = day
                        .iter()
                        .filter_map(|&(d, s)| f.x[p][d][s])
                        .map(|c| (c, 1.0))
                        .collect();
                    t.push((wc, -1.0));
                    let name = format!("weekend-complete:{}:{}:{}", f.pid(p), sat_date, tag);
                    f.lp.ge(RowFamily::Rule(Rule::WeekendComplete), name, t, 0.0);
                }
            }
        }
        if let (Some(cap), true) = (m.people[p].max_weekends, most) {
            let t: Vec<(Col, f64)> = f.w[p].iter().flatten().map(|&c| (c, 1.0)).collect();
            if t.len() > cap {
                let name = format!("max-weekends:{}", f.pid(p));
                f.le_used(RowFamily::Rule(Rule::MaxWeekends), name, t, p, cap as f64);
            }
        }
        let n_p = m.people[p].weekend_max_one_in;
        if freq && n_p > 1 {
            for run in m.cal.weekend_runs(n_p) {
                let t = run_terms(&f.w[p], &run);
                if t.iter().map(|x| x.1).sum::<f64>() <= 1.0 {
                    continue;
                }
                let name = format!(
                    "weekend-frequency:{}:{}",
                    f.pid(p),
                    m.cal.date_str(run[0] * 7 + 5)
                );
                f.le_used(RowFamily::Rule(Rule::WeekendFrequency), name, t, p, 1.0);
            }
        }
    }
}
