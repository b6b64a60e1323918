//! Objectives of the lexicographic solve (docs/format.md §20–23), each minimised:
//!
//! 1. [`Phase::Headcount`]: created positions `Σ used` (existing staff are a constant);
//! 2. [`Phase::TotalHours`]: −total hour units, each person's weighed against their own week
//!    ([`crate::model::Model::hour_weights`]), when some demand has `max > min` or some week
//!    differs;
//!    Under the three-shift rule it is [`Phase::AveragePosition`] instead: −Σ of each person's
//!    share of the week their line earns ([`super::working_time::shares`]);
//! 3. [`Phase::WishHours`]: −Σ `min(hours, wish)` over staff wishing more than their contract;
//! 4. [`Phase::SmallestPosition`]: the smallest created position (neighbourhood search, then
//!    bisection, in [`crate::solve`]);
//! 5. [`Phase::Quality`]: one weighted sum of what makes a rota pleasant to work and what it
//!    leaves undone: unhonoured requests, rota-quality patterns (`rules.quality`) and soft
//!    demand (`under_weight`, `over_weight`).
//!
//! Each later phase keeps the earlier optima as rows (family [`RowFamily::Objective`]).
//! [`Phase::Shortage`] is the elastic model's objective (people short on demand).

use super::{quality, Col, ColKind, Formulation, RowFamily};

/// One objective of the lexicographic order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Phase {
    /// Minimise created positions.
    Headcount,
    /// Maximise total planned hours.
    TotalHours,
    /// Maximise the sum of positions, each against the week the person's line earns (the
    /// three-shift rule, where weeks depend on the line).
    AveragePosition,
    /// Maximise hours given to staff who wish more, up to their wish.
    WishHours,
    /// Maximise the smallest created position.
    SmallestPosition,
    /// Minimise unhonoured requests, rota-quality patterns and soft demand, weighted.
    Quality,
    /// Minimise elastic slack.
    Shortage,
}

impl Phase {
    /// Short name for logs.
    pub fn as_str(&self) -> &'static str {
        match self {
            Phase::Headcount => "headcount",
            Phase::TotalHours => "total hours",
            Phase::AveragePosition => "average position",
            Phase::WishHours => "wish hours",
            Phase::SmallestPosition => "smallest position",
            Phase::Quality => "quality",
            Phase::Shortage => "shortage",
        }
    }
}

/// Unhonoured request weight: a `want` request costs its weight less its weight on each column
/// that grants it (`weight·(1 − Σ x)`), a `want: false` one its weight on each column that
/// breaks it. `None` without requests.
fn request_terms(f: &Formulation) -> Option<(Vec<(Col, f64)>, f64)> {
    let m = f.m;
    let mut t: Vec<(Col, f64)> = Vec::new();
    let mut offset = 0.0;
    let mut any = false;
    for p in 0..m.people.len() {
        for r in &m.people[p].requests {
            any = true;
            let cols = f.request_cols(p, r);
            if r.want {
                offset += r.weight;
                t.extend(cols.map(|c| (c, -r.weight)));
            } else {
                t.extend(cols.map(|c| (c, r.weight)));
            }
        }
    }
    any.then_some((t, offset))
}

/// Soft demand: per soft (date, shift), a column `u ≥ min − Σ x` (people short) costing
/// `under_weight` and `o ≥ Σ x − max` (people over) costing `over_weight`, both ≥ 0 and,
/// minimised, equal to the shortfall and the surplus.
fn soft_cover_terms(f: &mut Formulation) -> Option<(Vec<(Col, f64)>, f64)> {
    let m = f.m;
    let mut t = Vec::new();
    for d in 0..m.days() {
        for s in 0..m.shifts.len() {
            let Some(soft) = m.cover[d][s].soft else {
                continue;
            };
            let staff: Vec<(Col, f64)> = (0..m.people.len())
                .filter_map(|p| f.x[p][d][s].map(|c| (c, 1.0)))
                .collect();
            let place = format!("{}:{}", m.cal.date_str(d), m.shifts[s].id);
            if let Some(w) = soft.under.filter(|&w| w > 0.0) {
                if soft.min > 0 {
                    // u + Σ x ≥ min
                    let u = f.lp.col(ColKind::Continuous, 0.0, soft.min as f64);
                    let mut row = vec![(u, 1.0)];
                    row.extend(staff.iter().copied());
                    let neg: Vec<(Col, f64)> = staff.iter().map(|&(c, k)| (c, -k)).collect();
                    f.quality.push((u, neg, soft.min as f64));
                    f.lp.ge(
                        RowFamily::Link,
                        format!("soft-under:{place}"),
                        row,
                        soft.min as f64,
                    );
                    t.push((u, w));
                }
            }
            if let Some(w) = soft.over.filter(|&w| w > 0.0) {
                if (staff.len() as i64) > soft.max {
                    // o − Σ x ≥ −max
                    let o = f.lp.col(ColKind::Continuous, 0.0, staff.len() as f64);
                    let mut row = vec![(o, 1.0)];
                    row.extend(staff.iter().map(|&(c, k)| (c, -k)));
                    f.quality.push((o, staff.clone(), -(soft.max as f64)));
                    f.lp.ge(
                        RowFamily::Link,
                        format!("soft-over:{place}"),
                        row,
                        -(soft.max as f64),
                    );
                    t.push((o, w));
                }
            }
        }
    }
    (!t.is_empty()).then_some((t, 0.0))
}

/// Objective terms (minimised) and constant for `phase`, adding helper columns and rows when the
/// phase needs them. `None` when the phase has nothing to decide.
pub fn terms(f: &mut Formulation, phase: Phase) -> Option<(Vec<(Col, f64)>, f64)> {
    let m = f.m;
    match phase {
        Phase::Headcount => Some((f.open_headcount_terms(), m.n_staff as f64)),
        Phase::TotalHours => {
            if !m.has_optional_demand() && !m.own_weeks() {
                return None;
            }
            // Hours on soft demand do not count: its staffing is priced in the quality phase.
            let w = m.hour_weights();
            let mut t = Vec::new();
            for p in 0..m.people.len() {
                for d in 0..m.days() {
                    for (s, c) in f.day_cols(p, d) {
                        if m.cover[d][s.0].soft.is_none() {
                            t.push((c, -(m.shifts[s.0].units as f64) * w.weights[p]));
                        }
                    }
                }
            }
            Some((t, 0.0))
        }
        Phase::WishHours => {
            let mut t = Vec::new();
            for p in 0..m.people.len() {
                let Some(wish) = m.people[p].wish_units else {
                    continue;
                };
                let z = f.lp.col(ColKind::Continuous, 0.0, wish as f64);
                f.wish.push((p, z, wish));
                let mut row = f.hour_terms(p);
                row.push((z, -1.0));
                f.lp.ge(RowFamily::Link, format!("wish:{}", f.pid(p)), row, 0.0);
                // Under the three-shift rule the wish is a share of the line's week.
                let share = m.people[p].band.as_ref().and_then(|b| b.wish);
                if let Some(w) = share {
                    let name = format!("wish:{}", f.pid(p));
                    let amount = vec![(z, 1.0)];
                    super::working_time::band(
                        f,
                        p,
                        amount,
                        false,
                        super::working_time::Share::Of(w.to_f64()),
                        0.0,
                        RowFamily::Link,
                        false,
                        &name,
                    );
                }
                t.push((z, -1.0));
            }
            (!t.is_empty()).then_some((t, 0.0))
        }
        Phase::AveragePosition => super::working_time::shares(f).map(|t| (t, 0.0)),
        // Solved by neighbourhood search and bisection over strong rows in `solve` (a big-M
        // maximin stalls).
        Phase::SmallestPosition => None,
        Phase::Quality => {
            let parts = [request_terms(f), quality::terms(f), soft_cover_terms(f)];
            let (mut t, mut offset, mut any) = (Vec::new(), 0.0, false);
            for (terms, k) in parts.into_iter().flatten() {
                any = true;
                t.extend(terms);
                offset += k;
            }
            any.then_some((t, offset))
        }
        Phase::Shortage => {
            let t: Vec<(Col, f64)> = f.slack.iter().map(|s| (s.col, 1.0)).collect();
            Some((t, 0.0))
        }
    }
}
