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
//! The plan is the probe's own program cut down to its weekend columns `w[p][k]` and the open
//! positions' `used[p]`:
//!
//! ```text
//! every row of the probe's program whose columns are all w or used
//!     (one weekend in n, the headcount, the tight rows, symmetry between candidates)
//! Σ_{p holding skill q} w[p][k] ≥ max over weekend k's dates d of Σ_s skill_min(d, s, q)
//! w[p][k] = 0 where p has no shift overlapping weekend k
//! ```
//!
//! Every roster of the probe gives such a plan (a person starts at most one shift a date, so a
//! date's skill demand on the weekend needs that many of its workers), so the plan leaves out
//! nothing a roster needs; it only commits to one choice among many, which makes the probe
//! that follows a restriction: no roster there proves nothing. It has a few hundred rows and
//! is solved in milliseconds.

use crate::error::Result;
use crate::formulation::{Col, Formulation, Lp, RowFamily};
use crate::model::{Day, ShiftId};
use crate::solve::{mip_opts, SolveOptions};
use crate::solver::highs::{self as backend, MipStatus};

/// `lp`, the probe's program over `f`'s columns, with every weekend column fixed to a plan
/// (see the module docs; rows `plan:<person>:<Saturday>`), found within `time` seconds with
/// the solver's `seed`; `None` where `f` has no weekend columns or no plan was found. Unless
/// `first`, the plan follows a pseudo-random preference over the weekend columns drawn from
/// `seed`, so that each try plans other crews.
pub(crate) fn planned(
    f: &Formulation,
    lp: &Lp,
    opts: &SolveOptions,
    seed: i32,
    first: bool,
    time: f64,
) -> Result<Option<Lp>> {
    let m = f.m;
    let weekend_cols: Vec<Col> = f.w.iter().flatten().flatten().copied().collect();
    if weekend_cols.is_empty() || time <= 0.0 {
        return Ok(None);
    }
    // The plan's program has the weekend and used columns alone, renumbered: `at[j]` is
    // column j's place there.
    let mut at: Vec<Option<Col>> = vec![None; lp.cols.len()];
    let mut small = Lp::default();
    for &c in weekend_cols.iter().chain(f.used.iter().flatten()) {
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
    let w = |c: Col| at[c.0].expect("a weekend column is in the plan");
    let we = &m.rules.weekend;
    let weekends = f.w.first().map_or(0, Vec::len);
    for k in 0..weekends {
        let win = m.cal.weekend_window(k, we.from, we.to);
        let on = |d: usize, s: usize| m.cal.overlaps(m.interval(Day(d), ShiftId(s)), win);
        for (p, w) in f.w.iter().enumerate() {
            let Some(c) = w[k].map(|c| at[c.0].expect("a weekend column is in the plan")) else {
                continue;
            };
            let any = (0..m.days()).any(|d| f.day_cols(p, d).any(|(s, _)| on(d, s.0)));
            if !any {
                small.row(
                    RowFamily::Cut,
                    format!("plan:off:{}:{}", f.pid(p), m.cal.date_str(k * 7 + 5)),
                    vec![(c, 1.0)],
                    0.0,
                    0.0,
                );
            }
        }
        for q in 0..m.skills.len() {
            let need = (0..m.days())
                .map(|d| {
                    m.skill_cover
                        .iter()
                        .filter(|sc| sc.day.0 == d && sc.skill.0 == q && on(d, sc.shift.0))
                        .map(|sc| sc.min)
                        .sum::<i64>()
                })
                .max()
                .unwrap_or(0);
            if need <= 0 {
                continue;
            }
            let holders: Vec<(Col, f64)> = (0..m.people.len())
                .filter(|&p| m.people[p].skills.get(q).copied().unwrap_or(false))
                .filter_map(|p| f.w[p][k])
                .map(|c| (w(c), 1.0))
                .collect();
            small.ge(
                RowFamily::Cut,
                format!("plan:skill:{}:{}", m.skills[q], m.cal.date_str(k * 7 + 5)),
                holders,
                need as f64,
            );
        }
    }
    // Other tries prefer other weekends: a pseudo-random cost on each weekend column.
    let objective: Vec<(Col, f64)> = if first {
        Vec::new()
    } else {
        let mut state = (seed as u32 as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        weekend_cols
            .iter()
            .map(|&c| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (w(c), (state % 1000) as f64 / 1000.0)
            })
            .collect()
    };
    let mut mo = mip_opts(opts, time, 0.0);
    mo.seed = Some(seed);
    let r = backend::solve(&small, &objective, 0.0, &mo, None, None)?;
    if !matches!(r.status, MipStatus::Optimal | MipStatus::Feasible) {
        return Ok(None);
    }
    let mut fixed = lp.clone();
    for (p, cols) in f.w.iter().enumerate() {
        for (k, c) in cols.iter().enumerate() {
            let Some(c) = *c else { continue };
            let v = r.values[w(c).0].round();
            let name = format!("plan:{}:{}", f.pid(p), m.cal.date_str(k * 7 + 5));
            fixed.row(RowFamily::Cut, name, vec![(c, 1.0)], v, v);
        }
    }
    Ok(Some(fixed))
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::bounds;
    use crate::formulation::Options;
    use crate::validate::shipped;

    /// A plan for `long-weekend-every2` at its tight bound, 16: every weekend column fixed,
    /// each weekend's crew the 8 the tight rows ask for, and at least 4 registered nurses in
    /// each (one on each of D, A, N and L on both dates), at the first try and at others.
    #[test]
    fn can_plan_weekend_crews_that_keep_the_tight_rows_and_skills() {
        let sc = shipped("benches/data/hard/long-weekend-every2.json");
        let v = crate::valid::ValidScenario::new(sc).unwrap();
        let m = v.model();
        let f = Formulation::new(m, Options::default());
        let b = bounds::bounds(m);
        assert!(b.weekend_tight_at(16));
        let mut lp = f.lp.clone();
        let open = f.open_headcount_terms();
        let target = 16.0 - m.n_staff as f64;
        lp.row(
            RowFamily::Cut,
            "probe:headcount".into(),
            open,
            target,
            target,
        );
        crate::solve::add_tight_weekends(&f, &b, &mut lp);
        let opts = SolveOptions {
            threads: Some(1),
            ..SolveOptions::default()
        };
        let rn = m.skills.iter().position(|s| s == "RN").unwrap();
        for (seed, first) in [(0, true), (1, false), (2, false)] {
            let fixed = planned(&f, &lp, &opts, seed, first, 10.0)
                .unwrap()
                .expect("a plan");
            let plan: HashMap<usize, f64> = fixed.rows[lp.rows.len()..]
                .iter()
                .map(|r| {
                    assert!(r.name.starts_with("plan:"), "{}", r.name);
                    assert_eq!(r.lb, r.ub);
                    (r.terms[0].0 .0, r.lb)
                })
                .collect();
            let cols = f.w.iter().flatten().flatten().count();
            assert_eq!(plan.len(), cols);
            for k in 0..m.cal.weeks() {
                let on = |p: usize| f.w[p][k].map_or(0.0, |c| plan[&c.0]);
                let crew: f64 = (0..m.people.len()).map(on).sum();
                assert_eq!(crew, 8.0, "weekend {k}");
                let nurses: f64 = (0..m.people.len())
                    .filter(|&p| m.people[p].skills[rn])
                    .map(on)
                    .sum();
                assert!(nurses >= 4.0, "weekend {k}: {nurses} nurses");
            }
        }
    }
}
