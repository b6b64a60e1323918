//! Hours: staff within contract/wish ± tolerance, created positions within `[min_pct, max_pct]`,
//! at most `max_hours_per_week` per calendar week and `max_average_hours_per_week` on average
//! over the horizon, at most `max_consecutive_days` worked dates in a row (each person's own or
//! the rule's), and at most `max_shifts` of a shift type per person. All hour rows are in whole units (see [`crate::model`]), so they are exact.

use super::{Col, Formulation, HourRow, RowFamily};
use crate::rule::Rule;

/// Adds the hour and workload rows.
pub fn add(f: &mut Formulation) {
    let m = f.m;
    if let (Some(budget), true) = (m.budget_units, f.on(Rule::Budget)) {
        let terms: Vec<(Col, f64)> = (0..m.people.len()).flat_map(|p| f.hour_terms(p)).collect();
        f.lp.le(
            RowFamily::Rule(Rule::Budget),
            "budget:total-hours".into(),
            terms,
            budget as f64,
        );
    }
    for p in 0..m.people.len() {
        let person = &m.people[p];
        let terms = f.hour_terms(p);
        let (fam, tag) = if person.is_existing() {
            (Rule::Hours, "hours")
        } else {
            (Rule::PositionSize, "position-size")
        };
        if f.on(fam) {
            let name = format!("{tag}:{}", f.pid(p));
            let bounds = [
                (true, person.min_units, "min"),
                (false, person.max_units, "max"),
            ];
            for (lower, units, tag) in bounds {
                if lower && units <= 0 {
                    continue;
                }
                let (fam, name) = (RowFamily::Rule(fam), format!("{name}:{tag}"));
                if let Some(row) = f.bound_used(lower, fam, name, terms.clone(), p, units as f64) {
                    f.hour_rows.push(HourRow {
                        person: p,
                        row,
                        lower,
                        units,
                        week: false,
                    });
                }
            }
            if let Some(band) = &person.band {
                week_band(f, p, band, terms.clone(), fam, &name);
            }
        }
        let average = m.rules.max_average_units;
        if let (Some(cap), true) = (average, f.on(Rule::MaxAverageHoursPerWeek)) {
            // Redundant where the person's own maximum is lower and on (the row is left out);
            // `explain` switches that maximum off alone.
            if cap < person.max_units || !f.on(fam) {
                let name = format!("max-average-hours-per-week:{}", f.pid(p));
                let fam = RowFamily::Rule(Rule::MaxAverageHoursPerWeek);
                f.le_used(fam, name, terms.clone(), p, cap as f64);
            }
        }
        if let (Some(cap), true) = (m.rules.max_week_units, f.on(Rule::MaxHoursPerWeek)) {
            for w in 0..m.cal.weeks() {
                let t: Vec<(Col, f64)> = (w * 7..w * 7 + 7)
                    .flat_map(|d| f.day_cols(p, d).collect::<Vec<_>>())
                    .map(|(s, c)| (c, m.shifts[s.0].units as f64))
                    .collect();
                if max_value(&t) > cap as f64 {
                    let name = format!("max-hours-per-week:{}:{}", f.pid(p), m.cal.date_str(w * 7));
                    f.le_used(
                        RowFamily::Rule(Rule::MaxHoursPerWeek),
                        name,
                        t,
                        p,
                        cap as f64,
                    );
                }
            }
        }
        if f.on(Rule::MaxShifts) {
            for &(s, cap) in &person.max_shifts {
                let t: Vec<(Col, f64)> = (0..m.days())
                    .filter_map(|d| f.x[p][d][s.0])
                    .map(|c| (c, 1.0))
                    .collect();
                if t.len() as i64 > cap {
                    let name = format!("max-shifts:{}:{}", f.pid(p), m.shifts[s.0].id);
                    f.le_used(RowFamily::Rule(Rule::MaxShifts), name, t, p, cap as f64);
                }
            }
        }
        let own_max = person.max_consecutive_days;
        if let (Some(k), true) = (own_max, f.on(Rule::MaxConsecutiveDays)) {
            for run in m.cal.day_runs(k + 1) {
                let t: Vec<(Col, f64)> = run
                    .iter()
                    .flat_map(|&d| f.day_cols(p, d).collect::<Vec<_>>())
                    .map(|(_, c)| (c, 1.0))
                    .collect();
                if t.len() > k {
                    let name = format!(
                        "max-consecutive-days:{}:{}",
                        f.pid(p),
                        m.cal.date_str(run[0])
                    );
                    f.le_used(
                        RowFamily::Rule(Rule::MaxConsecutiveDays),
                        name,
                        t,
                        p,
                        k as f64,
                    );
                }
            }
        }
    }
}

/// The band against person `p`'s week under the three-shift rule, exactly
/// ([`super::working_time::band`]): `H ≥ lo·T − tol` (for a created position only when used)
/// and `H ≤ hi·T + tol`, each where the share is given. The constant rows above hold the band
/// at the shortest and longest weeks.
fn week_band(
    f: &mut Formulation,
    p: usize,
    band: &crate::model::Band,
    terms: Vec<(Col, f64)>,
    fam: Rule,
    name: &str,
) {
    let tol = band.tol.to_f64();
    for (lower, share) in [(true, band.lo), (false, band.hi)] {
        let Some(share) = share.map(|s| s.to_f64()) else {
            continue;
        };
        if lower && share <= 0.0 {
            continue;
        }
        super::working_time::band(
            f,
            p,
            terms.clone(),
            lower,
            super::working_time::Share::Of(share),
            tol,
            RowFamily::Rule(fam),
            true,
            name,
        );
    }
}

/// Largest possible value of a row with non-negative coefficients over binaries.
fn max_value(t: &[(Col, f64)]) -> f64 {
    t.iter().map(|x| x.1).sum()
}
