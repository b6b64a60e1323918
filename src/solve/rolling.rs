//! Rolling horizon: a first legal roster for long calendar plans (an annual rota of 52 weeks is
//! too large for the solver to find a first solution in minutes).
//!
//! The horizon is cut into blocks of [`BLOCK_DAYS`]; each block is solved with
//! [`LOOKAHEAD_DAYS`] more days visible, then its days are fixed and the next block follows.
//! Every solve is the full formulation with later days closed (their columns fixed to 0) and the
//! hour bounds prorated to the visible share of the horizon with a slack of a few shifts, which
//! shrinks to the exact bounds in the last block. So the last solve's columns are a complete
//! legal roster of the original program: a warm start for the exact search, and a proof of
//! optimality when its headcount equals the bound. A block that finds no roster with the
//! headcount so far is solved again with one more person (the bound it starts from is often
//! slack on plans with vacations); a position that joins late has its hours prorated from the
//! block it joins in. Each block but the first also maximises the hours of staff
//! wishing more than their contract (tie-break (a)), because the full-horizon MIP is too large
//! to improve that afterwards. Under the three-shift rule a band against the week the whole
//! line earns holds only in the last block; where that block has no roster with the hours
//! committed before it, it is solved like the others and the bands are repaired over the whole
//! plan ([`lns::repair`]; the 52-week plan under the rule: no roster in 300 s before, 15
//! people at its bound in 68 s with it).

use std::time::Instant;

use crate::error::Result;
use crate::formulation::{ColKind, Formulation, Lp, RowFamily};
use crate::rule::Rule;
use crate::solve::{lns, mip_opts, SolveOptions};
use crate::solver::highs::{self as backend, MipStatus};
use crate::solver::Row;

/// Days committed per block.
pub const BLOCK_DAYS: usize = 28;
/// Extra days each block sees beyond the ones it commits.
pub const LOOKAHEAD_DAYS: usize = 14;
/// Relative gap at which a block stops improving the wish hours (feasibility comes first).
const WISH_GAP: f64 = 0.01;
/// Most slack on prorated hour bounds, in shifts of the longest kind.
const SLACK_SHIFTS: i64 = 3;

/// Whether the rolling horizon applies: calendar plans longer than two blocks.
pub fn applies(f: &Formulation) -> bool {
    !f.m.cal.cyclic() && f.m.days() > 2 * BLOCK_DAYS + LOOKAHEAD_DAYS
}

/// Tries to build a legal roster with `headcount` people within `seconds`, or with more where a
/// block finds none with them (it is then solved again with one more, and a position not used
/// yet may join). Returns the column values of the original program, or `None` when a block
/// found nothing in time.
pub fn roster(
    f: &Formulation,
    headcount: u32,
    opts: &SolveOptions,
    seconds: f64,
) -> Result<Option<Vec<f64>>> {
    let t0 = Instant::now();
    let m = f.m;
    let days = m.days();
    let mut lp = f.lp.clone();
    let open = f.open_headcount_terms();
    let mut target = headcount as f64 - m.n_staff as f64;
    if target < 0.0 || target > open.len() as f64 {
        return Ok(None);
    }
    let headcount_row = lp.rows.len();
    lp.row(
        RowFamily::Cut,
        "rolling:headcount".into(),
        open.clone(),
        target,
        target,
    );
    let shift_units = m.shifts.iter().map(|s| s.units).max().unwrap_or(0);
    let blocks = days.div_ceil(BLOCK_DAYS);
    // The date each person's hours count from: staff and the positions used in the first
    // block from the start, a position first used later from the start of that block.
    let mut joined: Vec<Option<usize>> = m
        .people
        .iter()
        .map(|p| p.is_existing().then_some(0))
        .collect();
    let mut values = Vec::new();
    let mut b = 0;
    while b < blocks {
        let (start, end) = (b * BLOCK_DAYS, ((b + 1) * BLOCK_DAYS).min(days));
        let visible = (end + LOOKAHEAD_DAYS).min(days);
        let left = seconds - t0.elapsed().as_secs_f64();
        if left < 0.5 {
            return Ok(None);
        }
        let mut block = lp.clone();
        // Close the days not yet visible.
        for xp in &f.x {
            for xd in &xp[visible..] {
                for c in xd.iter().flatten() {
                    block.cols[c.0].lb = 0.0;
                    block.cols[c.0].ub = 0.0;
                }
            }
        }
        // Demand on closed days is met later: drop the minimum of rows left without columns.
        for row in block.rows.iter_mut() {
            let demand = matches!(
                row.family,
                RowFamily::Rule(Rule::Coverage | Rule::SkillCoverage | Rule::Fixed)
            );
            if demand && row.terms.iter().all(|(c, _)| block.cols[c.0].ub == 0.0) {
                row.lb = f64::NEG_INFINITY;
            }
        }
        // Prorate hour bounds to the visible share of the days since the person joined (the
        // whole horizon in the last block), with slack until the last block.
        // The slack tapers with the days still hidden (one shift per two weeks, at most
        // SLACK_SHIFTS), so nobody drifts further from their target than the rest can repair.
        let hidden_shifts = ((days - visible) / 14) as i64;
        let slack = (hidden_shifts.min(SLACK_SHIFTS) * shift_units) as f64;
        if visible < days {
            drop_week_bands(f, &mut block);
        }
        for h in &f.hour_rows {
            if h.week {
                // A band against the person's week (the three-shift rule) holds only over the
                // whole line: the prorated constant band stands in for it until the last block.
                continue;
            }
            let from = joined[h.person].unwrap_or(start);
            let free = &m.people[h.person].unavailable;
            let available = |a: usize, b: usize| (a..b).filter(|&d| !free[d]).count();
            let share = available(from, visible) as f64 / available(from, days).max(1) as f64;
            let bound = if h.lower {
                (h.units as f64 * share - slack).max(0.0)
            } else {
                h.units as f64 * share + slack
            };
            let row = &mut block.rows[h.row];
            match f.used[h.person] {
                Some(u) => {
                    if let Some(t) = row.terms.iter_mut().find(|t| t.0 == u) {
                        t.1 = -bound;
                    }
                }
                None if h.lower => row.lb = bound,
                None => row.ub = bound,
            }
        }
        // Tie-break (a) from the second block on: hours for staff wishing more, up to their
        // prorated wish. Not in the first: there the solver spends its whole budget at the
        // root (in its mod-k cut separation, which does not stop for the time limit; fixing
        // who is used first did not help) and ends with its first, wishless roster. On the
        // 52-week plan, with and without the three-shift rule: 23-29 s for nothing in each of
        // 5 runs, against 2.2-2.7 s for the block without the objective; from the second block
        // on the objective is proven in 2-4 s a block.
        let share = visible as f64 / days as f64;
        let mut objective = Vec::new();
        for (p, person) in m.people.iter().enumerate().filter(|_| b > 0) {
            let Some(wish) = person.wish_units else {
                continue;
            };
            let z = block.col(ColKind::Continuous, 0.0, wish as f64 * share);
            let mut row = f.hour_terms(p);
            row.push((z, -1.0));
            block.ge(
                RowFamily::Link,
                format!("rolling:wish:{}", f.pid(p)),
                row,
                0.0,
            );
            objective.push((z, -1.0));
        }
        // Each block gets its share of the remaining time, and at least a few seconds.
        let budget = (left / (blocks - b) as f64 * 2.0)
            .min(left)
            .max(left.min(5.0));
        let gap = if objective.is_empty() { 0.0 } else { WISH_GAP };
        let r = backend::solve(
            &block,
            &objective,
            0.0,
            &mip_opts(opts, budget, gap),
            None,
            None,
        )?;
        let weeks_apply = visible == days && f.hour_rows.iter().any(|h| h.week);
        if r.status == MipStatus::Infeasible && weeks_apply {
            // The last block cannot bring the whole line into its band against the week the
            // line earns (the three-shift rule: the committed blocks held only the constant
            // band): the block as the others, then the bands repaired over the whole plan.
            // Half of what is left: where the repair stalls, one more person is tried.
            let left = (seconds - t0.elapsed().as_secs_f64()) * 0.5;
            if let Some(v) = repair_weeks(f, &block, &lp.rows[headcount_row], opts, left)? {
                return Ok(Some(v));
            }
        }
        if !matches!(r.status, MipStatus::Optimal | MipStatus::Feasible) {
            // No roster with this many people: the same block again with one more, where a
            // position not used yet may join. The headcount given is usually the analytic
            // bound, which vacations may make slack. (None found in time: more people would
            // not make the block faster, so the rolling horizon ends as before.)
            if r.status != MipStatus::Infeasible || target >= open.len() as f64 {
                return Ok(None);
            }
            target += 1.0;
            lp.rows[headcount_row].lb = target;
            lp.rows[headcount_row].ub = target;
            for (p, u) in f.used.iter().enumerate() {
                if let (Some(u), None) = (u, joined[p]) {
                    lp.cols[u.0].lb = 0.0;
                    lp.cols[u.0].ub = 1.0;
                }
            }
            continue;
        }
        // Commit this block's days (and who is used).
        for xp in &f.x {
            for xd in &xp[start..end] {
                for c in xd.iter().flatten() {
                    let v = r.values[c.0].round();
                    lp.cols[c.0].lb = v;
                    lp.cols[c.0].ub = v;
                }
            }
        }
        for (p, u) in f.used.iter().enumerate() {
            let Some(u) = u else { continue };
            let v = r.values[u.0].round();
            lp.cols[u.0].lb = v;
            lp.cols[u.0].ub = v;
            if v > 0.5 && joined[p].is_none() {
                joined[p] = Some(start);
            }
        }
        values = r.values;
        values.truncate(f.lp.cols.len()); // drop this block's wish columns
        b += 1;
    }
    Ok(Some(values))
}

/// Frees the rows of `lp` that hold a band against the person's week (the three-shift rule),
/// which only the whole line can keep.
fn drop_week_bands(f: &Formulation, lp: &mut Lp) {
    for h in f.hour_rows.iter().filter(|h| h.week) {
        let row = &mut lp.rows[h.row];
        (row.lb, row.ub) = (f64::NEG_INFINITY, f64::INFINITY);
    }
}

/// The last block of `block` (every day visible) with the bands against the person's week
/// left out as in the blocks before, then those bands repaired over the whole plan
/// ([`lns::repair`] from that roster, the headcount row `headcount` kept). `None` when either
/// step finds nothing in `seconds`.
fn repair_weeks(
    f: &Formulation,
    block: &Lp,
    headcount: &Row,
    opts: &SolveOptions,
    seconds: f64,
) -> Result<Option<Vec<f64>>> {
    let t0 = Instant::now();
    let mut relaxed = block.clone();
    drop_week_bands(f, &mut relaxed);
    let r = backend::solve(
        &relaxed,
        &[],
        0.0,
        &mip_opts(opts, seconds * 0.3, 0.0),
        None,
        None,
    )?;
    if !matches!(r.status, MipStatus::Optimal | MipStatus::Feasible) {
        return Ok(None);
    }
    let mut start = r.values;
    start.truncate(f.lp.cols.len());
    let mut base = f.lp.clone();
    base.rows.push(headcount.clone());
    let left = seconds - t0.elapsed().as_secs_f64();
    Ok(
        match lns::repair(f, &base, opts, left, None, Some(start))? {
            lns::Repaired::Found(values) => Some(values),
            lns::Repaired::Infeasible | lns::Repaired::Stalled => None,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bounds;
    use crate::formulation::Options;
    use crate::model::Model;
    use crate::roster::Status;
    use crate::scenario::Scenario;
    use crate::solve::output::checked_roster;
    use crate::solve::SolveOptions;

    /// The annual plan cut to its first 12 weeks (dates beyond dropped).
    fn quarter() -> Scenario {
        let mut sc = crate::validate::shipped("annual-52w.json");
        sc.horizon.weeks = 12;
        let inside = |d: &String| d.as_str() < "2027-03-29";
        for e in &mut sc.demand {
            if let Some(dates) = e.dates.as_mut() {
                dates.retain(inside);
            }
        }
        sc.demand
            .retain(|e| e.dates.as_ref().is_none_or(|d| !d.is_empty()));
        for st in &mut sc.staff {
            st.unavailable.retain(inside);
        }
        sc
    }

    #[test]
    fn can_build_a_legal_calendar_plan_block_by_block() {
        let sc = quarter();
        let m = Model::new(&sc).unwrap();
        let f = Formulation::new(&m, Options::default());
        assert!(
            applies(&f),
            "12 weeks, not cyclic: the rolling horizon applies"
        );
        let lb = bounds::bounds(&m).headcount().unwrap();
        let opts = SolveOptions::default();
        let values = roster(&f, lb, &opts, 120.0)
            .unwrap()
            .expect("a roster from the bound");
        let r = checked_roster(&sc, &f, &values, lb);
        assert!(r.headcount >= lb);
    }

    /// Started with the staff alone (no positions, far below what the plan needs), the blocks
    /// add people where they need them and still end in a legal roster.
    #[test]
    fn can_add_people_where_a_block_needs_them() {
        let sc = quarter();
        let m = Model::new(&sc).unwrap();
        let f = Formulation::new(&m, Options::default());
        let lb = bounds::bounds(&m).headcount().unwrap();
        let staff = m.n_staff as u32;
        assert!(staff < lb, "the staff alone are below the bound");
        let values = roster(&f, staff, &SolveOptions::default(), 120.0)
            .unwrap()
            .expect("a roster with the people the blocks added");
        let h = f.headcount(&values);
        assert!(h >= lb, "{h} people, bound {lb}");
        checked_roster(&sc, &f, &values, lb);
    }

    /// Under the three-shift rule each band holds against the week the whole line earns, which
    /// the blocks before the last cannot see: the last block alone found no roster with any
    /// headcount (the 52-week plan: none in 300 s). Its bands are repaired over the whole plan,
    /// so the blocks end in a legal roster at the headcount they reached.
    #[test]
    fn can_build_a_calendar_plan_under_the_three_shift_rule() {
        let mut sc = quarter();
        sc.rules.working_time = Some(crate::scenario::WorkingTime::KsThreeShift);
        let m = Model::new(&sc).unwrap();
        let f = Formulation::new(&m, Options::default());
        assert!(applies(&f));
        assert!(f.hour_rows.iter().any(|h| h.week), "bands against the week");
        let lb = bounds::bounds(&m).headcount().unwrap();
        let values = roster(&f, lb, &SolveOptions::default(), 120.0)
            .unwrap()
            .expect("a roster under the rule");
        // Legal, at the bound: without the repair the last block had no roster at any
        // headcount and this found none (checked when the repair was added).
        let r = checked_roster(&sc, &f, &values, lb);
        assert_eq!(r.headcount, lb);
    }

    /// The same plan through the public entry: a legal roster within the limit.
    #[test]
    fn can_solve_a_calendar_plan_through_the_public_api() {
        let sc = quarter();
        let opts = SolveOptions {
            time_limit: 40.0,
            ..SolveOptions::default()
        };
        let r = crate::solve(&sc, &opts).unwrap();
        assert_ne!(r.status, Status::Infeasible);
        let v = crate::check::check(&sc, &r);
        assert!(v.is_empty(), "{}", crate::check::format_violations(&v));
        assert!(r.headcount_lower_bound <= r.headcount);
    }
}
