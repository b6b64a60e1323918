//! Rota-quality patterns (`rules.quality`, docs/format.md rule 23 (c) and "Rota quality"):
//! helper columns that, minimised in the quality phase, take the value of each pattern the key
//! figures count ([`crate::kpi`]), with the rows that tie them to the assignments.
//!
//! Every pattern but the fair shares is a column `c` in [0, 1] per person and date with rows
//! `c ≥ Σ a·x + k`, so that, minimised, `c` is the positive part of the largest right-hand
//! side: 1 exactly when the pattern occurs. With `w(d) = Σ_s x[p][d][s]` (at most 1, rule 1), `n(d)` the night
//! shifts, `e(d)` the evening shifts and `d±k` the dates [`crate::calendar::Calendar::step`]
//! gives (wrapping when cyclic; a pattern whose dates leave a calendar horizon is not
//! counted):
//!
//! | pattern | rows |
//! |---|---|
//! | isolated working day | `c ≥ w(d) − w(d−1) − w(d+1)` |
//! | isolated day off | `c ≥ w(d−1) + w(d+1) − w(d) − 1` |
//! | night block without two days off | two columns, see [`night_rest`] |
//! | shift change | per shift `s`: `c ≥ x(d, s) + Σ_{t≠s} x(d+1, t) − 1` |
//! | backward rotation | per shift `s`: `c ≥ x(d, s) + Σ_{t starts before s} x(d+1, t) − 1` |
//! | long block (`days` = L) | `c ≥ Σ_{k=0..L} w(d−k) − L` (one per date beyond L) |
//! | long night / evening run | the same over `n` / `e` |
//! | weekend without a free weekday | on Saturdays: `c ≥ w(sat or sun) + w(fri) + w(mon) − 2` |
//! | short block (`days` = L), per length `j < L` | `c ≥ Σ_{i<j} w(d+i) − w(d−1) − w(d+j) − (j − 1)`, costing `L − j` |
//! | fair nights / evenings / weekends | per person, see [`fair`] |

use std::collections::BTreeMap;

use super::weekend::{link_flag, slots_overlapping};
use super::{Col, Formulation, RowFamily};
use crate::calendar::DAY;
use crate::model::ShiftType;
use crate::rule::Rule;

/// Whether a shift is followed by another in the way a pattern prices.
type Differs = fn(&ShiftType, &ShiftType) -> bool;
/// Whether a shift counts towards a run.
type Counts = fn(&ShiftType) -> bool;

/// Terms of the rota-quality patterns the scenario prices, `None` when it prices none.
pub(super) fn terms(f: &mut Formulation) -> Option<(Vec<(Col, f64)>, f64)> {
    let m = f.m;
    let q = m.rules.quality;
    let mut t = Vec::new();
    let shares: [(&str, _, Counts); 2] = [
        ("fair-nights", q.fair_nights, |s| s.night),
        ("fair-evenings", q.fair_evenings, |s| s.evening),
    ];
    let weekends = q
        .fair_weekends
        .and_then(|share| Some((share, weekend_totals(f)?)));
    let mut ys: Vec<Col> = Vec::new();
    let shares: Vec<(&str, (f64, f64), Counts, f64)> = shares
        .into_iter()
        .filter_map(|(what, share, counts)| {
            let share = share?;
            Some((what, share, counts, fair_rate(f, what, counts)?))
        })
        .collect();
    for p in 0..m.people.len() {
        if !f.has_cols(p) {
            continue;
        }
        for d in 0..m.days() {
            isolated(f, &mut t, p, d);
            if q.night_blocks_without_two_days_off > 0.0 {
                night_rest(f, &mut t, p, d);
            }
            let changes: [(&str, f64, Differs); 2] = [
                ("shift-change", q.shift_changes, |a, b| a.id != b.id),
                ("backward-rotation", q.backward_rotations, |a, b| {
                    b.start < a.start
                }),
            ];
            for (what, weight, differs) in changes {
                if weight > 0.0 {
                    change(f, &mut t, p, d, what, weight, differs);
                }
            }
            let runs: [(&str, _, Counts); 3] = [
                ("long-block", q.long_blocks, |_| true),
                ("long-night-run", q.long_night_runs, |s| s.night),
                ("long-evening-run", q.long_evening_runs, |s| s.evening),
            ];
            for (what, limit, counts) in runs {
                if let Some((days, weight)) = limit {
                    run(f, &mut t, p, d, what, (days, weight), counts);
                }
            }
            if q.weekends_without_free_weekday > 0.0 && m.cal.weekday(d) == 5 {
                weekend(f, &mut t, p, d);
            }
            if let Some(limit) = q.short_blocks {
                short(f, &mut t, p, d, limit);
            }
        }
        for &(what, share, counts, rate) in &shares {
            let dev = kind_deviation(f, p, counts, rate);
            fair(f, &mut t, (p, what), share, dev);
        }
        if let Some((share, totals)) = &weekends {
            let rate = totals.worked / totals.units;
            let dev = weekend_deviation(f, p, &totals.windows, rate, &mut ys);
            fair(f, &mut t, (p, "fair-weekends"), *share, dev);
        }
    }
    if let (Some((_, totals)), false) = (&weekends, ys.is_empty()) {
        let worked: Vec<(Col, f64)> = ys.iter().map(|&y| (y, 1.0)).collect();
        let units = unit_terms(f);
        keep_rate(
            f,
            "fair-weekends",
            &worked,
            &units,
            (totals.worked, totals.units),
        );
    }
    (!t.is_empty()).then_some((t, 0.0))
}

/// A pattern of person `p` on date `d`: a [`positive_part`] in [0, 1] named
/// `quality:{what}:{person}:{date}`.
fn pattern(
    f: &mut Formulation,
    t: &mut Vec<(Col, f64)>,
    (p, d): (usize, usize),
    what: &str,
    weight: f64,
    lower: Vec<(Vec<(Col, f64)>, f64)>,
) {
    let name = format!("quality:{what}:{}:{}", f.pid(p), f.m.cal.date_str(d));
    positive_part(f, t, (p, name), (1.0, weight), lower);
}

/// A column in [0, `ub`] of person `p`, at least each `Σ expr + k` of `lower` (rows `name`,
/// `:{i}` added when several), costing `weight`; recorded for warm starts. Nothing when
/// `lower` is empty.
fn positive_part(
    f: &mut Formulation,
    t: &mut Vec<(Col, f64)>,
    (p, name): (usize, String),
    (ub, weight): (f64, f64),
    lower: Vec<(Vec<(Col, f64)>, f64)>,
) {
    if lower.is_empty() {
        return;
    }
    let c = f.person_continuous(p, 0.0, ub);
    let several = lower.len() > 1;
    for (i, (expr, k)) in lower.into_iter().enumerate() {
        let mut row = vec![(c, 1.0)];
        row.extend(expr.iter().map(|&(x, a)| (x, -a)));
        let row_name = if several {
            format!("{name}:{i}")
        } else {
            name.clone()
        };
        f.lp.ge(RowFamily::Link, row_name, row, k);
        f.quality.push((c, expr, k));
    }
    t.push((c, weight));
}

/// `Σ x` over the shifts of person `p` on date `d` that `keep` selects, with coefficient `a`.
fn sum(
    f: &Formulation,
    p: usize,
    d: usize,
    a: f64,
    keep: impl Fn(&ShiftType) -> bool,
) -> Vec<(Col, f64)> {
    f.day_cols(p, d)
        .filter(|(s, _)| keep(&f.m.shifts[s.0]))
        .map(|(_, c)| (c, a))
        .collect()
}

/// Isolated working days and days off (both neighbours needed).
fn isolated(f: &mut Formulation, t: &mut Vec<(Col, f64)>, p: usize, d: usize) {
    let q = f.m.rules.quality;
    let (Some(prev), Some(next)) = (f.m.cal.step(d, -1), f.m.cal.step(d, 1)) else {
        return;
    };
    let all = |_: &ShiftType| true;
    if q.isolated_work_days > 0.0 && f.has_day(p, d) {
        let mut e = sum(f, p, d, 1.0, all);
        e.extend(sum(f, p, prev, -1.0, all));
        e.extend(sum(f, p, next, -1.0, all));
        pattern(
            f,
            t,
            (p, d),
            "isolated-day",
            q.isolated_work_days,
            vec![(e, 0.0)],
        );
    }
    if q.isolated_days_off > 0.0 && f.has_day(p, prev) && f.has_day(p, next) {
        let mut e = sum(f, p, prev, 1.0, all);
        e.extend(sum(f, p, next, 1.0, all));
        e.extend(sum(f, p, d, -1.0, all));
        pattern(
            f,
            t,
            (p, d),
            "isolated-off",
            q.isolated_days_off,
            vec![(e, -1.0)],
        );
    }
}

/// A night block ends on `d` when `n(d) = 1` and `n(d+1) = 0`; it is short of rest when
/// `w(d+1) = 1` (a shift that is not a night) or `w(d+2) = 1`. Two columns, one per case,
/// which exclude each other: `a ≥ n(d) − n(d+1) + (w − n)(d+1) − 1` and
/// `b ≥ n(d) − 2·n(d+1) − (w − n)(d+1) + w(d+2) − 1`. Minimised, `a + b` is 1 exactly on a
/// short rest, as the key figure counts it.
fn night_rest(f: &mut Formulation, t: &mut Vec<(Col, f64)>, p: usize, d: usize) {
    let weight = f.m.rules.quality.night_blocks_without_two_days_off;
    let (Some(d1), Some(d2)) = (f.m.cal.step(d, 1), f.m.cal.step(d, 2)) else {
        return;
    };
    let nights = sum(f, p, d, 1.0, |s| s.night);
    if nights.is_empty() {
        return;
    }
    // (case, coefficient of a night on d+1, of another shift on d+1, of any shift on d+2)
    let cases: [(&str, f64, f64, f64); 2] = [("a", -1.0, 1.0, 0.0), ("b", -2.0, -1.0, 1.0)];
    for (case, night_next, day_next, after) in cases {
        let mut e = nights.clone();
        e.extend(sum(f, p, d1, night_next, |s| s.night));
        e.extend(sum(f, p, d1, day_next, |s| !s.night));
        if after != 0.0 {
            e.extend(sum(f, p, d2, after, |_| true));
        }
        pattern(
            f,
            t,
            (p, d),
            &format!("night-rest-{case}"),
            weight,
            vec![(e, -1.0)],
        );
    }
}

/// A working date followed by a shift `t` with `differs(s, t)`: one row per shift `s` of the
/// date that some shift of the next date differs from.
fn change(
    f: &mut Formulation,
    t: &mut Vec<(Col, f64)>,
    p: usize,
    d: usize,
    what: &str,
    weight: f64,
    differs: Differs,
) {
    let Some(d1) = f.m.cal.step(d, 1) else {
        return;
    };
    // Pairs that minimum rest (or overlap) already forbids need no row.
    let rest = if f.on(Rule::Rest) {
        f.m.rules.min_rest
    } else {
        0
    };
    // As the rest and overlap rows are built (formulation/rest.rs).
    let prune = f.on(Rule::Overlap) || rest > 0;
    let apart = |a: &ShiftType, b: &ShiftType| !prune || a.start + a.len + rest <= DAY + b.start;
    let mut lower = Vec::new();
    for (s, x) in f.day_cols(p, d) {
        let here = &f.m.shifts[s.0];
        let next = sum(f, p, d1, 1.0, |other| {
            differs(here, other) && apart(here, other)
        });
        if !next.is_empty() {
            let mut e = vec![(x, 1.0)];
            e.extend(next);
            lower.push((e, -1.0));
        }
    }
    pattern(f, t, (p, d), what, weight, lower);
}

/// The window of `days + 1` dates ending on `d`, each with a shift that `counts`: one date
/// beyond the limit.
fn run(
    f: &mut Formulation,
    t: &mut Vec<(Col, f64)>,
    p: usize,
    d: usize,
    what: &str,
    (days, weight): (usize, f64),
    counts: Counts,
) {
    // A limit of the horizon's length or more is that length (see the key figure); a window
    // longer than a calendar horizon, or than the person's hard limit on working dates in a
    // row, never occurs.
    let n = f.m.days();
    let hard = f.m.people[p]
        .max_consecutive_days
        .filter(|_| f.on(Rule::MaxConsecutiveDays) && what == "long-block");
    if (days >= n && !f.m.cal.cyclic()) || hard.is_some_and(|k| days >= k) {
        return;
    }
    let days = days.min(n);
    let mut e = Vec::new();
    for k in 0..=days as isize {
        let Some(date) = f.m.cal.step(d, -k) else {
            return;
        };
        let here = sum(f, p, date, 1.0, counts);
        if here.is_empty() {
            return;
        }
        e.extend(here);
    }
    pattern(f, t, (p, d), what, weight, vec![(e, -(days as f64))]);
}

/// The weekend starting on Saturday `d`, worked (Saturday or Sunday) with shifts on the Friday
/// before and the Monday after.
fn weekend(f: &mut Formulation, t: &mut Vec<(Col, f64)>, p: usize, d: usize) {
    let weight = f.m.rules.quality.weekends_without_free_weekday;
    let cal = &f.m.cal;
    let (Some(fri), Some(sun), Some(mon)) = (cal.step(d, -1), cal.step(d, 1), cal.step(d, 2))
    else {
        return;
    };
    if !f.has_day(p, fri) || !f.has_day(p, mon) {
        return;
    }
    let mut around = sum(f, p, fri, 1.0, |_| true);
    around.extend(sum(f, p, mon, 1.0, |_| true));
    let lower: Vec<(Vec<(Col, f64)>, f64)> = [d, sun]
        .into_iter()
        .filter(|&day| f.has_day(p, day))
        .map(|day| {
            let mut e = around.clone();
            e.extend(sum(f, p, day, 1.0, |_| true));
            (e, -2.0)
        })
        .collect();
    pattern(f, t, (p, d), "weekend-without-free-weekday", weight, lower);
}

/// A working block of `j` dates starting on `d`, between two days off, for each `j` below
/// the limit `days`: `j − 1` more dates than the block's, costing `days − j` times `weight`.
/// Blocks the person cannot work (a date without a shift of theirs), or whose days off leave
/// a calendar horizon, have no column, as the key figure counts them.
fn short(
    f: &mut Formulation,
    t: &mut Vec<(Col, f64)>,
    p: usize,
    d: usize,
    (days, weight): (usize, f64),
) {
    let cal = &f.m.cal;
    let Some(before) = cal.step(d, -1) else {
        return;
    };
    let all = |_: &ShiftType| true;
    // A block shorter than the person's hard least between two days off inside the horizon
    // is illegal (formulation/blocks.rs): no column for it.
    let least = f.m.people[p]
        .min_consecutive_days
        .filter(|_| f.on(Rule::MinConsecutiveDays))
        .unwrap_or(1);
    let mut block: Vec<(Col, f64)> = Vec::new();
    for j in 1..days.min(f.m.days()) {
        let (Some(last), Some(after)) = (cal.step(d, j as isize - 1), cal.step(d, j as isize))
        else {
            return;
        };
        if !f.has_day(p, last) {
            return;
        }
        block.extend(sum(f, p, last, 1.0, all));
        if j < least {
            continue;
        }
        // Around a cycle of j + 1 dates the day off before and after is one date.
        let mut e: BTreeMap<Col, f64> = BTreeMap::new();
        for (x, a) in block
            .iter()
            .copied()
            .chain(sum(f, p, before, -1.0, all))
            .chain(sum(f, p, after, -1.0, all))
        {
            *e.entry(x).or_default() += a;
        }
        let e: Vec<(Col, f64)> = e.into_iter().collect();
        let cost = (days - j) as f64 * weight;
        let what = format!("short-block-{j}");
        pattern(f, t, (p, d), &what, cost, vec![(e, -(j as f64 - 1.0))]);
    }
}

/// `k − r·u` of person `p` per column: `k` their shifts that `counts`, `u` their hour units.
fn kind_deviation(f: &Formulation, p: usize, counts: Counts, rate: f64) -> Vec<(Col, f64)> {
    let m = f.m;
    let mut dev: Vec<(Col, f64)> = Vec::new();
    for d in 0..m.days() {
        for (s, x) in f.day_cols(p, d) {
            let shift = &m.shifts[s.0];
            let k = if counts(shift) { 1.0 } else { 0.0 };
            dev.push((x, k - rate * shift.units as f64));
        }
    }
    dev
}

/// `k − r·u` of person `p` for worked weekends: `k = Σ_k y_k` over a column `y_k` per weekend
/// window the person has shifts in, 1 exactly when they work one of them
/// (`y_k ≥ Σ_{own on date e} x` for each date `e` of the window, as the weekend rule links its
/// own flags, and `y_k ≤ Σ_{own in window} x`),
/// and `u` their hour units; the `y` columns are added to `ys`.
fn weekend_deviation(
    f: &mut Formulation,
    p: usize,
    windows: &[Vec<(usize, usize)>],
    rate: f64,
    ys: &mut Vec<Col>,
) -> Vec<(Col, f64)> {
    let mut dev = kind_deviation(f, p, |_| false, rate);
    for (k, window) in windows.iter().enumerate() {
        let own: Vec<(usize, Col)> = window
            .iter()
            .filter_map(|&(d, s)| slot(f, p, d, s).map(|x| (d, x)))
            .collect();
        if own.is_empty() {
            continue;
        }
        let y = f.person_continuous(p, 0.0, 1.0);
        let m = f.m;
        let name = format!(
            "quality:weekend-worked:{}:{}",
            f.pid(p),
            m.cal.date_str(k * 7 + 5)
        );
        link_flag(f, &own, y, |d| format!("{name}:{}", m.cal.date_str(d)));
        // Recorded for warm starts: `y` takes the largest date's, before the sides that read it.
        let mut dates: Vec<usize> = own.iter().map(|&(d, _)| d).collect();
        dates.dedup();
        for d in dates {
            let expr = own
                .iter()
                .filter(|&&(e, _)| e == d)
                .map(|&(_, x)| (x, 1.0))
                .collect();
            f.quality.push((y, expr, 0.0));
        }
        let mut row: Vec<(Col, f64)> = own.iter().map(|&(_, x)| (x, 1.0)).collect();
        row.push((y, -1.0));
        f.lp.ge(RowFamily::Link, format!("{name}:any"), row, 0.0);
        dev.push((y, 1.0));
        ys.push(y);
    }
    dev
}

/// Person `p`'s column for shift `s` on date `d`, if any.
fn slot(f: &Formulation, p: usize, d: usize, s: usize) -> Option<Col> {
    f.x[p][d].get(s).copied().flatten()
}

/// The worked weekends of the roster the phase starts from, `K` (a weekend counts once for
/// each person with a shift in its window, as [`crate::kpi`] counts them), its hour units `U`,
/// and the weekend windows' slots (rule 16's window, with cyclic copies); `None` without a
/// roster or without hours.
fn weekend_totals(f: &Formulation) -> Option<WeekendTotals> {
    let m = f.m;
    let planned = f.planned.as_ref()?;
    let on = |x: Col| planned.get(x.0).copied().unwrap_or(0.0) > 0.5;
    let we = &m.rules.weekend;
    let windows: Vec<Vec<(usize, usize)>> = (0..m.cal.weeks())
        .map(|k| slots_overlapping(f, m.cal.weekend_window(k, we.from, we.to)))
        .collect();
    let mut worked = 0.0;
    for p in 0..m.people.len() {
        for window in &windows {
            if window
                .iter()
                .any(|&(d, s)| slot(f, p, d, s).is_some_and(on))
            {
                worked += 1.0;
            }
        }
    }
    let units: f64 = unit_terms(f)
        .iter()
        .filter(|&&(x, _)| on(x))
        .map(|&(_, a)| a)
        .sum();
    (units > 0.0).then_some(WeekendTotals {
        worked,
        units,
        windows,
    })
}

/// What [`weekend_totals`] reads off the roster the phase starts from.
struct WeekendTotals {
    worked: f64,
    units: f64,
    windows: Vec<Vec<(usize, usize)>>,
}

/// A person's shifts of a kind (or worked weekends) beyond `band` from their fair share. The
/// share is the person's hour units times the roster's shifts of the kind per planned unit,
/// `r = K / U`, with `K` and `U` the totals of the roster the phase starts from
/// ([`Formulation::plan_from`]; nothing without one), which a row `U·Σ_p k − K·Σ_p u = 0`
/// keeps, so that `r` is a constant while the totals may still move together. With `dev` the
/// person's `k − r·u` (`k` their shifts of the kind, `u` their units), two columns
/// `a ≥ k − r·u − band` and `b ≥ r·u − k − band`, both ≥ 0; minimised,
/// `a + b = max(0, |k − r·u| − band)`.
fn fair(
    f: &mut Formulation,
    t: &mut Vec<(Col, f64)>,
    (p, what): (usize, &str),
    (band, weight): (f64, f64),
    dev: Vec<(Col, f64)>,
) {
    // Both sides stay below the sum of the coefficients' sizes.
    let most: f64 = dev.iter().map(|(_, a)| a.abs()).sum::<f64>().max(1.0);
    for (side, sign) in [("above", 1.0), ("below", -1.0)] {
        let expr: Vec<(Col, f64)> = dev.iter().map(|&(x, a)| (x, sign * a)).collect();
        let name = format!("quality:{what}-{side}:{}", f.pid(p));
        positive_part(f, t, (p, name), (most, weight), vec![(expr, -band)]);
    }
}

/// The roster's shifts of a kind per planned hour unit, `K / U` from the roster the phase starts
/// from, with the row that keeps the rate; `None` without a roster or without hours.
fn fair_rate(f: &mut Formulation, what: &str, counts: Counts) -> Option<f64> {
    let m = f.m;
    let planned = f.planned.as_ref()?;
    let units = unit_terms(f);
    let mut kinds = Vec::new();
    for p in 0..m.people.len() {
        for d in 0..m.days() {
            for (s, x) in f.day_cols(p, d) {
                if counts(&m.shifts[s.0]) {
                    kinds.push((x, 1.0));
                }
            }
        }
    }
    let total = |terms: &[(Col, f64)]| -> f64 {
        terms
            .iter()
            .map(|&(x, a)| a * planned.get(x.0).copied().unwrap_or(0.0))
            .sum::<f64>()
            .round()
    };
    let (k, u) = (total(&kinds), total(&units));
    if u <= 0.0 {
        return None;
    }
    keep_rate(f, what, &kinds, &units, (k, u));
    Some(k / u)
}

/// `U·Σ counted − K·Σ units = 0`, named `quality:{what}-rate`: keeps the rate `K / U` of the
/// roster the phase starts from without fixing either total (soft demand's staffing is still
/// decided in this phase).
fn keep_rate(
    f: &mut Formulation,
    what: &str,
    counted: &[(Col, f64)],
    units: &[(Col, f64)],
    (k, u): (f64, f64),
) {
    let mut ratio: BTreeMap<Col, f64> = BTreeMap::new();
    for &(x, a) in counted {
        *ratio.entry(x).or_default() += u * a;
    }
    for &(x, a) in units {
        *ratio.entry(x).or_default() -= k * a;
    }
    let ratio: Vec<(Col, f64)> = ratio.into_iter().filter(|&(_, a)| a != 0.0).collect();
    let name = format!("quality:{what}-rate");
    f.lp.row(RowFamily::Link, name, ratio, 0.0, 0.0);
}

/// Everyone's hour units, one term per shift column.
fn unit_terms(f: &Formulation) -> Vec<(Col, f64)> {
    let m = f.m;
    let mut units = Vec::new();
    for p in 0..m.people.len() {
        for d in 0..m.days() {
            for (s, x) in f.day_cols(p, d) {
                units.push((x, m.shifts[s.0].units as f64));
            }
        }
    }
    units
}
