//! Objectives of the lexicographic solve (docs/format.md §20–23), each minimised:
//!
//! 1. [`Phase::Headcount`]: created positions `Σ used` (existing staff are a constant);
//! 2. [`Phase::TotalHours`]: −total hour units, only when some demand has `max > min`;
//! 3. [`Phase::WishHours`]: −Σ `min(hours, wish)` over staff wishing more than their contract;
//! 4. [`Phase::SmallestPosition`]: the smallest created position (bisection in [`crate::solve`]);
//! 5. [`Phase::Requests`]: −total weight of honoured requests.
//!
//! Each later phase keeps the earlier optima as rows (family [`RowFamily::Objective`]).
//! [`Phase::Shortage`] is the elastic model's objective (people short on demand).

use super::{Col, ColKind, Formulation, RowFamily};

/// One objective of the lexicographic order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Phase {
    /// Minimise created positions.
    Headcount,
    /// Maximise total planned hours.
    TotalHours,
    /// Maximise hours given to staff who wish more, up to their wish.
    WishHours,
    /// Maximise the smallest created position.
    SmallestPosition,
    /// Maximise honoured request weight.
    Requests,
    /// Minimise elastic slack.
    Shortage,
}

impl Phase {
    /// Short name for logs.
    pub fn as_str(&self) -> &'static str {
        match self {
            Phase::Headcount => "headcount",
            Phase::TotalHours => "total hours",
            Phase::WishHours => "wish hours",
            Phase::SmallestPosition => "smallest position",
            Phase::Requests => "requests",
            Phase::Shortage => "shortage",
        }
    }
}

/// Objective terms (minimised) and constant for `phase`, adding helper columns and rows when the
/// phase needs them. `None` when the phase has nothing to decide.
pub fn terms(f: &mut Formulation, phase: Phase) -> Option<(Vec<(Col, f64)>, f64)> {
    let m = f.m;
    match phase {
        Phase::Headcount => Some((f.open_headcount_terms(), m.n_staff as f64)),
        Phase::TotalHours => {
            if !m.has_optional_demand() {
                return None;
            }
            let t = (0..m.people.len())
                .flat_map(|p| f.hour_terms(p))
                .map(|(c, v)| (c, -v))
                .collect();
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
                t.push((z, -1.0));
            }
            (!t.is_empty()).then_some((t, 0.0))
        }
        // Solved by bisection over strong rows in `solve` (a big-M maximin stalls).
        Phase::SmallestPosition => None,
        Phase::Requests => {
            let mut t: Vec<(Col, f64)> = Vec::new();
            let mut offset = 0.0;
            for p in 0..m.people.len() {
                for r in &m.people[p].requests {
                    let cols: Vec<Col> = f
                        .day_cols(p, r.day.0)
                        .filter(|(s, _)| r.shift.is_none_or(|rs| rs == *s))
                        .map(|(_, c)| c)
                        .collect();
                    if r.want {
                        t.extend(cols.iter().map(|c| (*c, -r.weight)));
                    } else {
                        // honoured = 1 − Σ x  ⇒ minimise −weight + weight·Σ x
                        offset -= r.weight;
                        t.extend(cols.iter().map(|c| (*c, r.weight)));
                    }
                }
            }
            (!t.is_empty()).then_some((t, offset))
        }
        Phase::Shortage => {
            let t: Vec<(Col, f64)> = f.slack.iter().map(|s| (s.col, 1.0)).collect();
            Some((t, 0.0))
        }
    }
}
