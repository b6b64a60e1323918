//! **Weekend crews first**: who works which weekend, planned as a small integer program, before
//! a probe at the headcount bound fills in every shift around it (issue 8's construction:
//! "weekend crews first as a set-partitioning of weekend patterns, then weekdays").
//!
//! Where the weekend bound is tight at a headcount, every used person works exactly their share
//! of weekends and every weekend exactly its crew ([`crate::solve::add_tight_weekends`]). Which
//! person holds which weekends is most of what makes the full program hard to search: the
//! solver's heuristics, given the whole program at once, found `long-weekend-every2`'s roster
//! of 16 at 3.0–8.0 s (seeds 0–4), the fastest side of the probes being the neighbourhood
//! search from a roster of 17–21. Given the weekends, the same probe without presolve finds it
//! in about 0.2 s.
//!
//! The plan is the probe's own program cut down to its weekend columns `w[p][k]` (which exist
//! only where `p` has a shift overlapping weekend `k`) and the open positions' `used[p]`:
//!
//! ```text
//! every row of the probe's program whose columns are all w or used
//!     (one weekend in n, the headcount, the tight rows, symmetry between candidates)
//! Σ_{p holding skill q} w[p][k] ≥ max over dates d of Σ_{s overlapping weekend k} skill_min(d, s, q)
//! ```
//!
//! Every roster of the probe gives such a plan: a person starts at most one shift a date (the
//! one-per-date rule, on wherever a plan is made: the probes run on the full program), so the
//! skill holders a date's weekend shifts need are that many of the weekend's workers. The plan
//! leaves out nothing a roster needs; it only commits to one choice among many, which makes
//! the probe that follows a restriction: no roster there proves nothing. It has a few hundred
//! rows (205–829 on the hard set) and each plan is solved in milliseconds.

use crate::formulation::{weekend, Col, Formulation, Lp, RowFamily};
use crate::solve::lns::Rng;
use crate::solve::{mip_opts, SolveOptions};
use crate::solver::highs::{self as backend, MipStatus};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

/// `lp`, the probe's program over `f`'s columns, with every weekend column fixed (by its
/// bounds) to a plan of the crews (see the module docs), found within `time` seconds. With a
/// `prefer` seed, the plan follows a pseudo-random preference over the weekend columns drawn
/// from it, so that each try plans other crews; without, the first plan the solver finds.
/// `None` where `f` has no weekend columns, `time` is none, or no plan was found (within the
/// time, before the solver saw `cancel` set, or at all: a solver error included, the plan is
/// optional).
pub(crate) fn planned(
    f: &Formulation,
    lp: &Lp,
    opts: &SolveOptions,
    prefer: Option<i32>,
    time: f64,
    cancel: Option<&Arc<AtomicBool>>,
) -> Option<Lp> {
    let weekend_cols: Vec<Col> = f.w.iter().flatten().flatten().copied().collect();
    if weekend_cols.is_empty() || time <= 0.0 {
        return None;
    }
    let (small, at) = program(f, lp);
    let objective: Vec<(Col, f64)> = match prefer {
        None => Vec::new(),
        Some(seed) => {
            let mut rng = Rng::from_seed(0x9e37, seed);
            weekend_cols
                .iter()
                .filter_map(|&c| at[c.0].map(|c| (c, rng.unit())))
                .collect()
        }
    };
    // Any plan will do: the preference only spreads the tries (gap 1: the first plan found,
    // whose cost and bound are both at least 0).
    let mut mo = mip_opts(opts, time, 1.0);
    mo.cancel = cancel.cloned();
    let r = backend::solve(&small, &objective, 0.0, &mo, None, None).ok()?;
    if !matches!(r.status, MipStatus::Optimal | MipStatus::Feasible) {
        return None;
    }
    let mut fixed = lp.clone();
    for &c in &weekend_cols {
        let v = r.values.get(at[c.0]?.0)?.round();
        fixed.cols[c.0].lb = v;
        fixed.cols[c.0].ub = v;
    }
    Some(fixed)
}

/// The plan's program for `lp` (see the module docs): the weekend and used columns alone,
/// renumbered (`at[j]` is column j's place there, `None` outside it).
fn program(f: &Formulation, lp: &Lp) -> (Lp, Vec<Option<Col>>) {
    let m = f.m;
    let mut at: Vec<Option<Col>> = vec![None; lp.cols.len()];
    let mut small = Lp::default();
    for &c in
        f.w.iter()
            .flatten()
            .flatten()
            .chain(f.used.iter().flatten())
    {
        if at[c.0].is_none() {
            let def = &lp.cols[c.0];
            at[c.0] = Some(small.col(def.kind, def.lb, def.ub));
        }
    }
    for r in &lp.rows {
        let terms: Option<Vec<(Col, f64)>> = r
            .terms
            .iter()
            .map(|&(c, a)| at[c.0].map(|c| (c, a)))
            .collect();
        if let Some(terms) = terms {
            small.row(r.family, r.name.clone(), terms, r.lb, r.ub);
        }
    }
    let we = &m.rules.weekend;
    let weekends = f.w.first().map_or(0, Vec::len);
    for k in 0..weekends {
        let win = m.cal.weekend_window(k, we.from, we.to);
        // Per skill, per date: the holders the shifts overlapping the weekend need.
        let mut need = vec![vec![0i64; m.days()]; m.skills.len()];
        let slots = weekend::slots_overlapping(f, win);
        for sc in &m.skill_cover {
            if slots.contains(&(sc.day.0, sc.shift.0)) {
                need[sc.skill.0][sc.day.0] += sc.min;
            }
        }
        for (q, by_date) in need.iter().enumerate() {
            let most = by_date.iter().copied().max().unwrap_or(0);
            if most <= 0 {
                continue;
            }
            let holders: Vec<(Col, f64)> = (0..m.people.len())
                .filter(|&p| m.people[p].skills.get(q).copied().unwrap_or(false))
                .filter_map(|p| f.w[p][k].and_then(|c| at[c.0]))
                .map(|c| (c, 1.0))
                .collect();
            small.ge(
                RowFamily::Cut,
                format!("plan:skill:{}:{}", m.skills[q], m.cal.date_str(k * 7 + 5)),
                holders,
                most as f64,
            );
        }
    }
    (small, at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bounds;
    use crate::formulation::Options;
    use crate::validate::shipped;

    /// `long-weekend-every2`'s formulation, its bounds and the planned probe's program at its
    /// tight bound, 16, for `work`.
    fn at_the_bound<T>(work: impl FnOnce(&Formulation, &Lp) -> T) -> T {
        let sc = shipped("benches/data/hard/long-weekend-every2.json");
        let v = crate::valid::ValidScenario::new(sc).unwrap();
        let m = v.model();
        let f = Formulation::new(m, Options::default());
        let b = bounds::bounds(m);
        assert!(b.weekend_tight_at(16));
        let lp = crate::solve::probe_program(&f, &b, 16, true, false, true);
        work(&f, &lp)
    }

    /// A plan at the tight bound fixes every weekend column; each weekend's crew is the 8 the
    /// tight rows ask for, with at least 4 registered nurses (one on each of D, A, N and L on
    /// both dates), at the first try and at others, and other tries plan other crews.
    #[test]
    fn can_plan_weekend_crews_that_keep_the_tight_rows_and_skills() {
        at_the_bound(|f, lp| {
            let m = f.m;
            let opts = SolveOptions {
                threads: Some(1),
                ..SolveOptions::default()
            };
            let rn = m.skills.iter().position(|s| s == "RN").unwrap();
            let mut plans = Vec::new();
            for prefer in [None, Some(1), Some(2)] {
                let fixed = planned(f, lp, &opts, prefer, 10.0, None).expect("a plan");
                let plan = |c: Col| {
                    let col = &fixed.cols[c.0];
                    assert_eq!(col.lb, col.ub, "a weekend column left free");
                    col.lb
                };
                for k in 0..m.cal.weeks() {
                    let on = |p: usize| f.w[p][k].map_or(0.0, plan);
                    let crew: f64 = (0..m.people.len()).map(on).sum();
                    assert_eq!(crew, 8.0, "weekend {k}");
                    let nurses: f64 = (0..m.people.len())
                        .filter(|&p| m.people[p].skills[rn])
                        .map(on)
                        .sum();
                    assert!(nurses >= 4.0, "weekend {k}: {nurses} nurses");
                }
                let cols: Vec<f64> = f.w.iter().flatten().flatten().map(|&c| plan(c)).collect();
                plans.push(cols);
            }
            assert!(
                plans[0] != plans[1] || plans[1] != plans[2],
                "one plan at every try"
            );
        });
    }

    /// The plan's program leaves out no roster: CP-SAT's roster of 16
    /// (`long-weekend-every2.optimum.json`, checked by the Python checker) keeps every row of
    /// it, the skill rows included.
    #[test]
    fn can_plan_what_a_roster_of_another_solver_has() {
        at_the_bound(|f, lp| {
            let path = concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/benches/data/hard/long-weekend-every2.optimum.json"
            );
            let text = std::fs::read_to_string(path).unwrap();
            let r: crate::Roster = serde_json::from_str(&text).unwrap();
            let opts = SolveOptions {
                threads: Some(1),
                ..SolveOptions::default()
            };
            let assign = crate::solve::start_assignments(f.m, &r);
            let values = crate::solve::complete_start(f, &assign, &opts, 10.0)
                .unwrap()
                .expect("the roster completes");
            let (small, at) = program(f, lp);
            let mut mine = vec![0.0; small.cols.len()];
            for (j, c) in at.iter().enumerate() {
                if let Some(c) = c {
                    mine[c.0] = values[j];
                }
            }
            let skills = small
                .rows
                .iter()
                .filter(|r| r.name.starts_with("plan:skill"))
                .count();
            assert_eq!(skills, 6, "one skill row a weekend");
            for row in &small.rows {
                let v = Lp::eval(&row.terms, &mine);
                assert!(
                    row.lb - 1e-6 <= v && v <= row.ub + 1e-6,
                    "{}: {v}",
                    row.name
                );
            }
        });
    }
}
