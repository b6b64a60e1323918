//! Rota-quality patterns (`rules.quality`, docs/format.md rule 23 (c) and "Rota quality"):
//! helper columns that, minimised in the quality phase, take the value of each pattern the key
//! figures count ([`crate::kpi`]), with the rows that tie them to the assignments.

use super::{Col, Formulation, RowFamily};

/// The quality phase (`rules.quality`): for each person and date with both neighbours in the
/// horizon (wrapping when cyclic), with `w(d) = Σ_s x[p][d][s]` (at most 1):
/// an isolated working day `y ≥ w(d) − w(d−1) − w(d+1)` and an isolated day off
/// `z ≥ w(d−1) + w(d+1) − w(d) − 1`, both continuous in [0, 1], counted by their weights. Minimised,
/// each takes the value of the pattern (docs/format.md, "Rota quality").
pub(super) fn pattern_terms(f: &mut Formulation) -> Option<(Vec<(Col, f64)>, f64)> {
    let m = f.m;
    let (wy, wz) = (
        m.rules.isolated_work_day_weight,
        m.rules.isolated_day_off_weight,
    );
    if wy <= 0.0 && wz <= 0.0 {
        return None;
    }
    let n = m.days();
    let mut t = Vec::new();
    for p in 0..m.people.len() {
        if !f.has_cols(p) {
            continue;
        }
        let work = |f: &Formulation, d: usize| -> Vec<(Col, f64)> {
            f.day_cols(p, d).map(|(_, c)| (c, 1.0)).collect()
        };
        for d in 0..n {
            let (Some(prev), Some(next)) = (m.cal.step(d, -1), m.cal.step(d, 1)) else {
                continue;
            };
            let (here, before, after) = (work(f, d), work(f, prev), work(f, next));
            let neg = |v: &[(Col, f64)]| v.iter().map(|&(c, k)| (c, -k)).collect::<Vec<_>>();
            if wy > 0.0 && !here.is_empty() {
                // y − w(d) + w(d−1) + w(d+1) ≥ 0
                let y = f.person_continuous(p, 0.0, 1.0);
                let mut row = vec![(y, 1.0)];
                row.extend(neg(&here));
                row.extend(before.iter().copied());
                row.extend(after.iter().copied());
                let expr: Vec<(Col, f64)> = row[1..].iter().map(|&(c, k)| (c, -k)).collect();
                f.quality.push((y, expr, 0.0));
                let name = format!("quality:isolated-day:{}:{}", f.pid(p), m.cal.date_str(d));
                f.lp.ge(RowFamily::Link, name, row, 0.0);
                t.push((y, wy));
            }
            if wz > 0.0 && !before.is_empty() && !after.is_empty() {
                // z − w(d−1) − w(d+1) + w(d) ≥ −1
                let z = f.person_continuous(p, 0.0, 1.0);
                let mut row = vec![(z, 1.0)];
                row.extend(neg(&before));
                row.extend(neg(&after));
                row.extend(here.iter().copied());
                let expr: Vec<(Col, f64)> = row[1..].iter().map(|&(c, k)| (c, -k)).collect();
                f.quality.push((z, expr, -1.0));
                let name = format!("quality:isolated-off:{}:{}", f.pid(p), m.cal.date_str(d));
                f.lp.ge(RowFamily::Link, name, row, -1.0);
                t.push((z, wz));
            }
        }
    }
    (!t.is_empty()).then_some((t, 0.0))
}

/// Night blocks without two free dates after them (`rules.quality`): with `n(d)` the night
/// shifts started on `d` ([`crate::model::ShiftType::night`]) and `w(d)` all shifts, a block
/// ends on `d` when `n(d) = 1` and `n(d+1) = 0`; it is short of rest when `w(d+1) = 1` (a
/// shift that is not a night) or `w(d+2) = 1`. Two columns in [0, 1] per person and date with
/// `d+1` and `d+2` in the horizon (wrapping when cyclic), one per case, which exclude each
/// other: `a ≥ n(d) + w(d+1) − 2·n(d+1) − 1` and `b ≥ n(d) − n(d+1) − w(d+1) + w(d+2) − 1`.
/// Minimised, `a + b` is 1 exactly on a short rest, as the key figure counts it.
pub(super) fn night_rest_terms(f: &mut Formulation) -> Option<(Vec<(Col, f64)>, f64)> {
    let m = f.m;
    let weight = m.rules.night_rest_weight;
    if weight <= 0.0 || !m.shifts.iter().any(|s| s.night) {
        return None;
    }
    let n = m.days();
    let mut t = Vec::new();
    for p in 0..m.people.len() {
        if !f.has_cols(p) {
            continue;
        }
        for d in 0..n {
            let (Some(d1), Some(d2)) = (m.cal.step(d, 1), m.cal.step(d, 2)) else {
                continue;
            };
            let nights: Vec<Col> = f
                .day_cols(p, d)
                .filter(|(s, _)| m.shifts[s.0].night)
                .map(|(_, c)| c)
                .collect();
            if nights.is_empty() {
                continue;
            }
            // Coefficients on d+1: (night, not night) per row; on d+2: all shifts.
            let cases: [(&str, f64, f64, f64); 2] = [("a", 1.0, -1.0, 0.0), ("b", 2.0, 1.0, -1.0)];
            for (case, night_next, day_next, after) in cases {
                // c − n(d) + … ≥ −1, the row's expression moved to the left.
                let c = f.person_continuous(p, 0.0, 1.0);
                let mut row = vec![(c, 1.0)];
                row.extend(nights.iter().map(|&x| (x, -1.0)));
                for (s, x) in f.day_cols(p, d1) {
                    let k = if m.shifts[s.0].night {
                        night_next
                    } else {
                        day_next
                    };
                    row.push((x, k));
                }
                if after != 0.0 {
                    row.extend(f.day_cols(p, d2).map(|(_, x)| (x, after)));
                }
                let expr: Vec<(Col, f64)> = row[1..].iter().map(|&(x, k)| (x, -k)).collect();
                f.quality.push((c, expr, -1.0));
                let name = format!(
                    "quality:night-rest-{case}:{}:{}",
                    f.pid(p),
                    m.cal.date_str(d)
                );
                f.lp.ge(RowFamily::Link, name, row, -1.0);
                t.push((c, weight));
            }
        }
    }
    (!t.is_empty()).then_some((t, 0.0))
}
