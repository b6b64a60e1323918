//! Best response over whole rota lines: each person's line in turn re-planned against everyone
//! else's as they stand, by the labelling ([`crate::solve::labels`]) at the exact price each
//! shift has for the rows it shares with the others (a soft cover's shortfall it fills or
//! surplus it adds), until no one's line improves. A local search with the cheapest move there
//! is: one labelling a person (about 12 ms on Curtois–Qu instance 13, 120 people, 18 shift
//! types; a pass over everyone 1.4 s), where the neighbourhood search solves a sub-program.
//!
//! The price of a shift is exact where a person's line holds at most one of a shared row's
//! columns (a cover row of a date and shift) and each shared column (the row's slack) sits in
//! one shared row; a row over several of a line's columns (a total) is priced column by column.
//! A move is taken only where the whole objective falls, the person's own rows hold (the solver
//! sets their helper columns) and so does every shared row they sit in; the rows no one shares
//! and no one owns (valid inequalities over many people) are checked once, on the roster
//! returned.

use std::time::Instant;

use super::{decompose, holds, Decomposition};
use crate::error::Result;
use crate::formulation::{Col, ColKind, Formulation, Lp};
use crate::model::PersonKind;
use crate::solve::labels::BEAM;
use crate::solve::{mip_opts, SolveOptions};
use crate::solver::highs::{self as backend, MipStatus};

/// Lines each person's labelling offers a turn, cheapest first; the first that improves is taken.
const OFFERED: usize = 3;

/// Seconds a build may spend on one person's block as a program, where the labelling found no
/// line.
const BLOCK_SECONDS: f64 = 2.0;

/// The cost a unit of a shared row's violation carries in the prices, times the largest cost
/// there is: a line that leaves a hard row unmet prices far above one that meets it (and is
/// never taken: every move is checked).
const VIOLATION: f64 = 1e4;

/// One shared row as the prices read it: its bounds and its slack columns (program column,
/// coefficient, cost, bounds).
struct Shared {
    lb: f64,
    ub: f64,
    slack: Vec<(usize, f64, f64, f64, f64)>,
}

impl Shared {
    /// The least cost of the slack columns with the people's activity at `act`, and their
    /// values: a one-row program, solved greedily (cheapest change of the row's sum first). A
    /// violation the slacks cannot absorb costs `big` a unit.
    fn least(&self, act: f64, big: f64) -> (f64, Vec<f64>) {
        // Each slack at the bound its cost pulls towards.
        let mut at: Vec<f64> = self
            .slack
            .iter()
            .map(|&(_, _, k, lo, hi)| {
                if k > 0.0 {
                    lo
                } else if k < 0.0 {
                    hi
                } else {
                    0.0f64.max(lo).min(hi)
                }
            })
            .collect();
        let sum = act
            + self
                .slack
                .iter()
                .zip(&at)
                .map(|(s, v)| s.1 * v)
                .sum::<f64>();
        let mut cost: f64 = self.slack.iter().zip(&at).map(|(s, v)| s.2 * v).sum();
        for (need, up) in [(self.lb - sum, true), (sum - self.ub, false)] {
            if need <= 1e-9 {
                continue;
            }
            // Moves that push the row's sum the way it must go: (cost a unit of the sum, slack,
            // direction of the slack, room in units of the sum).
            let mut moves: Vec<(f64, usize, f64, f64)> = Vec::new();
            for (i, &(_, a, k, lo, hi)) in self.slack.iter().enumerate() {
                if a == 0.0 {
                    continue;
                }
                // The slack rises when its coefficient has the sign the sum must move by.
                let dir = if (a > 0.0) == up { 1.0 } else { -1.0 };
                let room = if dir > 0.0 { hi - at[i] } else { at[i] - lo };
                if room > 1e-12 {
                    moves.push((dir * k / a.abs(), i, dir, room * a.abs()));
                }
            }
            moves.sort_by(|x, y| x.0.total_cmp(&y.0));
            let mut left = need;
            for (unit, i, dir, room) in moves {
                if left <= 1e-9 {
                    break;
                }
                let take = left.min(room);
                at[i] += dir * take / self.slack[i].1.abs();
                cost += unit * take;
                left -= take;
            }
            cost += big * left.max(0.0);
        }
        (cost, at)
    }
}

/// Best response from the roster `start` within `time` seconds: the better roster and its
/// value (`objective + offset`), or `None` where it found none better, where `start` breaks a
/// row, where some person's rows are not all the labelling's, or where a slack column sits in
/// more than one shared row or its cost pulls it to an infinite bound. A solver error ends the
/// search with what it has.
pub(crate) fn respond(
    f: &Formulation,
    lp: &Lp,
    (objective, offset): (&[(Col, f64)], f64),
    start: &[f64],
    opts: &SolveOptions,
    time: f64,
) -> Result<Option<(f64, Vec<f64>)>> {
    if time.is_nan() || time <= 0.0 || start.len() != lp.cols.len() || !holds(lp, start) {
        return Ok(None);
    }
    search(
        f,
        lp,
        (objective, offset),
        start.to_vec(),
        false,
        opts,
        time,
    )
}

/// A roster built line by line within `time` seconds, and its value: from empty lines, each
/// person in turn takes the cheapest line the labelling offers against the lines taken so far
/// (their own rules held by the labelling, the shared rows priced as in [`respond`], which can
/// improve it next). Where the labels kept all miss the person's hours, a wider beam, then
/// each shift cheaper by a growing amount, then the person's block as a program at the same
/// prices (at most [`BLOCK_SECONDS`]). `None` where the labelling does not state everyone's
/// rules (as there), where a person's line cannot be completed or the time runs out before
/// everyone has one, where the solver fails, or where the roster breaks a row (a hard shared
/// row left unmet). For calendar plans of existing staff too large for the solver's first
/// roster in seconds (Curtois–Qu 18–24: 84–364 days). A labelling is not interrupted, so the
/// time may be overrun by one person's (a fraction of a second on a year's horizon); from a
/// quarter of the people on, a build whose pace over the last quarter will not reach everyone
/// in `time` hurries ([`Labeller::fullest_lines`] for everyone left), and one that still will
/// not gives up at once.
///
/// [`Labeller::fullest_lines`]: crate::solve::labels::Labeller::fullest_lines
pub(crate) fn construct(
    f: &Formulation,
    lp: &Lp,
    objective: (&[(Col, f64)], f64),
    opts: &SolveOptions,
    time: f64,
) -> Result<Option<(f64, Vec<f64>)>> {
    let empty: Vec<f64> = lp.cols.iter().map(|c| 0.0f64.max(c.lb).min(c.ub)).collect();
    search(f, lp, objective, empty, true, opts, time)
}

/// [`respond`] from `start` (which the caller has checked); with `build`, `start` holds empty
/// lines and one pass gives everyone the cheapest line whatever it costs (see [`construct`]).
fn search(
    f: &Formulation,
    lp: &Lp,
    (objective, offset): (&[(Col, f64)], f64),
    start: Vec<f64>,
    build: bool,
    opts: &SolveOptions,
    time: f64,
) -> Result<Option<(f64, Vec<f64>)>> {
    if time.is_nan() || time <= 0.0 {
        return Ok(None);
    }
    let until = Instant::now() + std::time::Duration::from_secs_f64(time.min(1e9));
    // The labelling's first conditions, before the decomposition (which takes time on a big
    // program): a horizon that does not repeat, existing staff only.
    if f.m.cal.cyclic() || f.m.people.iter().any(|p| p.kind != PersonKind::Existing) {
        return Ok(None);
    }
    let dec = decompose(f, lp, objective);
    let Some(labellers) = dec.labellers(f) else {
        return Ok(None);
    };
    let Some(rows) = shared_rows(&dec, lp) else {
        return Ok(None);
    };
    let big = VIOLATION * objective.iter().fold(1.0, |m: f64, (_, a)| m.max(a.abs()));
    let mut values = start.clone();
    // Each shared row's activity from the people's columns.
    let mut act: Vec<f64> = dec
        .rows
        .iter()
        .map(|r| {
            lp.rows[r.orig]
                .terms
                .iter()
                .filter(|(c, _)| f.owner.get(c.0).copied().flatten().is_some())
                .map(|(c, a)| a * values[c.0])
                .sum()
        })
        .collect();
    // The slacks at their least for the start's activity (never worse than the start's own).
    for (r, row) in rows.iter().enumerate() {
        let (_, at) = row.least(act[r], big);
        for (s, v) in row.slack.iter().zip(at) {
            values[s.0] = v;
        }
    }
    let value = |v: &[f64]| Lp::eval(objective, v) + offset;
    // (A roster built is returned however it compares with its empty start.)
    let first = if build { f64::INFINITY } else { value(&start) };
    let mut now = value(&values);
    if !build && (now > first || !holds(lp, &values)) {
        values = start;
        now = first;
    }
    // The people, in an order that depends on the seed.
    let mut order: Vec<(usize, usize)> = dec
        .groups
        .iter()
        .enumerate()
        .flat_map(|(g, grp)| grp.members.iter().map(move |&p| (g, p)))
        .collect();
    if !order.is_empty() {
        let k = (opts.seed.unsigned_abs() as usize) % order.len();
        order.rotate_left(k);
    }
    // Each group's block positions the labelling prices.
    let slots: Vec<Vec<bool>> = (labellers.iter().zip(&dec.groups))
        .map(|(lab, grp)| {
            let mut s = lab.slots();
            s.resize(grp.lp.cols.len(), false);
            s
        })
        .collect();
    // The shared rows each group's lines touch.
    let touched: Vec<Vec<usize>> = dec
        .groups
        .iter()
        .map(|grp| {
            let mut t: Vec<usize> = grp.touch.iter().flatten().map(|&(r, _)| r).collect();
            t.sort_unstable();
            t.dedup();
            t
        })
        .collect();
    // (The solve's own threads: HiGHS keeps its scheduler per OS thread, and this is the
    // phase's thread.)
    let mut mo = mip_opts(opts, 1.0, 0.0);
    mo.verbose = false;
    // A build is one pass that takes each person's cheapest line, whatever it costs. When
    // each person's turn began, for its pace.
    let mut began: Vec<Instant> = Vec::with_capacity(order.len());
    // From which person on it hurries, if it does.
    let mut hurried_from: Option<usize> = None;
    loop {
        let mut moved = false;
        for (k, &(g, p)) in order.iter().enumerate() {
            // A build that will not reach everyone at its pace (see [`behind`]) hurries: each
            // person takes the labelling that keeps each state's fullest label, not first the
            // cheapest labels and, where those miss the person's hours, a beam four times
            // wider (the wider beam only where the fullest labels miss too). One that still
            // will not, judged from the people since it began to hurry, gives up at once (its
            // time is the next method's). The pace slows as the cover fills (the cheapest
            // labels miss more people's hours): on Curtois–Qu 23 (100 people, 364 days, 16
            // shift types) the build judged by its pace from the start gave up at person
            // 67–71 of 100 after 20 s of its 26 s.
            let at = Instant::now();
            if build {
                began.push(at);
                if hurried_from.is_none() && behind(&began, 0, order.len(), at, until) {
                    hurried_from = Some(k);
                }
            }
            let late = hurried_from.is_some_and(|h| behind(&began, h, order.len(), at, until));
            if at >= until || late {
                // (A build not finished is no roster: those not reached have empty lines.)
                return Ok(if build {
                    None
                } else {
                    finish(lp, now, first, values)
                });
            }
            let grp = &dec.groups[g];
            let cols = &dec.block_cols[p];
            let old: Vec<f64> = cols.iter().map(|&c| values[c]).collect();
            // The rows the person shares, without them.
            let mut without = act.clone();
            for (pos, touch) in grp.touch.iter().enumerate() {
                for &(r, a) in touch {
                    without[r] -= a * old[pos];
                }
            }
            let mut base = vec![0.0; rows.len()];
            for &r in &touched[g] {
                base[r] = rows[r].least(without[r], big).0;
            }
            let price: Vec<f64> = grp
                .obj
                .iter()
                .zip(&grp.touch)
                .map(|(k, touch)| {
                    k + touch
                        .iter()
                        .map(|&(r, a)| rows[r].least(without[r] + a, big).0 - base[r])
                        .sum::<f64>()
                })
                .collect();
            let lab = &labellers[g];
            // The line held, at the same prices (its shifts: helper columns cost nothing in the
            // labelling, so not here either).
            let held: f64 = (old.iter().zip(&price).zip(&slots[g]))
                .filter(|(_, s)| **s)
                .map(|((v, k), _)| v * k)
                .sum();
            let offered = if build { 1 } else { OFFERED };
            let mut taken = false;
            let mut lines = if hurried_from.is_some() {
                lab.fullest_lines(&price, offered, BEAM)
            } else {
                lab.lines(&price, offered, BEAM)
            };
            if build && lines.is_empty() {
                lines = lab.lines(&price, offered, BEAM * 4);
            }
            // Where the labels kept all missed the person's least hours (the cheapest labels
            // are those with the fewest shifts where shifts cost), each shift cheaper by a
            // growing amount, at last more than any price: a line with more hours.
            let most = (price.iter().zip(&slots[g]))
                .filter(|(_, s)| **s)
                .fold(1.0f64, |m, (k, _)| m.max(k.abs()));
            let mut nudge = most / 4.0;
            while build && lines.is_empty() && nudge <= 4.0 * most && Instant::now() < until {
                let cheaper: Vec<f64> = (price.iter().zip(&slots[g]))
                    .map(|(k, s)| if *s { k - nudge } else { *k })
                    .collect();
                lines = lab.lines(&cheaper, offered, BEAM);
                nudge *= 4.0;
            }
            // A build's last resort: the person's block as a program at these prices (the
            // labelling's beam lost every line that keeps the rules, as on Curtois–Qu 22, or
            // the solver did not complete the line it offered).
            let mut last_resort = build;
            let mut lines = lines.into_iter();
            while let Some(line) = lines.next().or_else(|| {
                if !std::mem::take(&mut last_resort) {
                    return None;
                }
                let obj: Vec<(Col, f64)> = (price.iter().enumerate())
                    .filter(|(_, k)| **k != 0.0)
                    .map(|(i, k)| (Col(i), *k))
                    .collect();
                let mut block_mo = mo.clone();
                block_mo.time_limit = until
                    .saturating_duration_since(Instant::now())
                    .as_secs_f64()
                    .min(BLOCK_SECONDS);
                let r = backend::solve(&grp.lp, &obj, 0.0, &block_mo, None, None).ok()?;
                matches!(r.status, MipStatus::Optimal | MipStatus::Feasible).then(|| {
                    (0..slots[g].len())
                        .filter(|&c| slots[g][c] && r.values[c] > 0.5)
                        .collect()
                })
            }) {
                let cost: f64 = line.iter().map(|&c| price[c]).sum();
                if !build && cost >= held - 1e-9 {
                    break;
                }
                // The line's helper columns (weekend flags), by the solver with its shifts fixed.
                let mut block = grp.lp.clone();
                lab.fix(&mut block, &line);
                mo.time_limit = until
                    .saturating_duration_since(Instant::now())
                    .as_secs_f64()
                    .min(1.0);
                let obj: Vec<(Col, f64)> = (grp.obj.iter().enumerate())
                    .filter(|(_, k)| **k != 0.0)
                    .map(|(i, k)| (Col(i), *k))
                    .collect();
                let Ok(r) = backend::solve(&block, &obj, 0.0, &mo, None, None) else {
                    return Ok(if build {
                        None
                    } else {
                        finish(lp, now, first, values)
                    });
                };
                if r.status != MipStatus::Optimal {
                    continue;
                }
                let mut next = values.clone();
                let mut next_act = without.clone();
                for (pos, &c) in cols.iter().enumerate() {
                    let v = if grp.lp.cols[pos].kind == ColKind::Continuous {
                        r.values[pos]
                    } else {
                        r.values[pos].round()
                    };
                    next[c] = v;
                    for &(row, a) in &grp.touch[pos] {
                        next_act[row] += a * v;
                    }
                }
                let mut met = true;
                for &t in &touched[g] {
                    let row = &rows[t];
                    let (_, at) = row.least(next_act[t], big);
                    for (s, v) in row.slack.iter().zip(at) {
                        next[s.0] = v;
                    }
                    let sum = next_act[t] + row.slack.iter().map(|s| s.1 * next[s.0]).sum::<f64>();
                    met &= row.lb - 1e-6 <= sum && sum <= row.ub + 1e-6;
                }
                let v = value(&next);
                if build || (met && v < now - 1e-9) {
                    values = next;
                    act = next_act;
                    now = v;
                    moved = true;
                    taken = true;
                    break;
                }
            }
            // A line of a build that could not be completed: no roster.
            if build && !taken {
                return Ok(None);
            }
        }
        if build {
            // Built (the best response improves it where it is called).
            return Ok(holds(lp, &values).then_some((now, values)));
        }
        if !moved {
            return Ok(finish(lp, now, first, values));
        }
    }
}

/// Whether a build of `n` people will not reach everyone by `until` at its pace over the last
/// quarter of them (at least 3), `began` holding when each person's turn began up to the
/// current one's (`now`), judged only once a quarter have had their turn since person `since`:
/// a person whose line comes from the block as a program takes seconds, which the pace of a
/// few would make far too slow.
fn behind(began: &[Instant], since: usize, n: usize, now: Instant, until: Instant) -> bool {
    let window = (n / 4).max(3);
    let Some(k) = began.len().checked_sub(1) else {
        return false;
    };
    if k < since + window {
        return false;
    }
    let spent = now.duration_since(began[k - window]).as_secs_f64();
    let left = until.saturating_duration_since(now).as_secs_f64();
    spent / window as f64 * n.saturating_sub(k) as f64 > left
}

/// The roster found, when better than the start's `first` value and within every row of `lp`
/// (the rows no one shares and no one owns, the valid inequalities, were not looked at).
fn finish(lp: &Lp, now: f64, first: f64, values: Vec<f64>) -> Option<(f64, Vec<f64>)> {
    (now < first - 1e-9 && holds(lp, &values)).then_some((now, values))
}

/// Each shared row's slack columns (the program's columns nobody owns), or `None` when one
/// sits in two shared rows (the rows' prices would not be apart).
fn shared_rows(dec: &Decomposition, lp: &Lp) -> Option<Vec<Shared>> {
    let mut seen = vec![false; dec.shared_cols.len()];
    let mut out = Vec::with_capacity(dec.rows.len());
    for r in &dec.rows {
        let mut slack = Vec::new();
        for &(j, a) in &r.shared {
            if std::mem::replace(&mut seen[j], true) {
                return None;
            }
            let c = dec.shared_cols[j];
            let d = &lp.cols[c];
            let k = dec.shared_obj[j];
            // A slack its cost pulls to an infinite bound: the row has no least cost.
            if (k > 0.0 && !d.lb.is_finite()) || (k < 0.0 && !d.ub.is_finite()) {
                return None;
            }
            slack.push((c, a, k, d.lb, d.ub));
        }
        out.push(Shared {
            lb: r.lb,
            ub: r.ub,
            slack,
        });
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A build's pace is judged over the last quarter of the people, only once a quarter have
    /// had their turn since `since`: 20 people at 1 s each, then 3 s each from person 10 on.
    #[test]
    fn can_judge_a_build_behind_by_its_recent_pace() {
        use std::time::Duration;
        let t0 = Instant::now();
        let mut began = Vec::new();
        let mut t = t0;
        for k in 0..20u32 {
            began.push(t);
            t += Duration::from_secs(if k < 10 { 1 } else { 3 });
        }
        let n = 40;
        // Person 10 (a window of 10 people, 1 s each): the 30 people left need 30 s.
        let at = |k: usize| (&began[..=k], began[k]);
        let (b, now) = at(10);
        assert!(!behind(b, 0, n, now, now + Duration::from_secs(31)));
        assert!(behind(b, 0, n, now, now + Duration::from_secs(29)));
        // Too few people to judge: before the window, or since hurrying began.
        let (b, now) = at(9);
        assert!(!behind(b, 0, n, now, now));
        assert!(!behind(&[], 0, n, now, now));
        let (b, now) = at(15);
        assert!(!behind(b, 10, n, now, now));
        // Person 19: the last ten took 28 s (person 9 1 s, the others 3 s each), so the 21
        // people left need 58.8 s at the recent pace (40.9 s at the pace from the start).
        let (b, now) = at(19);
        assert!(behind(b, 0, n, now, now + Duration::from_secs(58)));
        assert!(!behind(b, 0, n, now, now + Duration::from_secs(59)));
        assert!(!behind(b, 10, n, now, now + Duration::from_secs(59)));
    }

    /// A cover row `x + under − over = 3` with a shortfall at 100 a unit and a surplus at 1.
    fn cover() -> Shared {
        Shared {
            lb: 3.0,
            ub: 3.0,
            slack: vec![
                (0, 1.0, 100.0, 0.0, f64::INFINITY),
                (1, -1.0, 1.0, 0.0, f64::INFINITY),
            ],
        }
    }

    #[test]
    fn can_price_a_soft_cover_row_by_its_cheapest_slack() {
        let big = 1e6;
        assert_eq!(cover().least(3.0, big), (0.0, vec![0.0, 0.0]));
        assert_eq!(cover().least(1.0, big), (200.0, vec![2.0, 0.0]));
        assert_eq!(cover().least(5.0, big), (2.0, vec![0.0, 2.0]));
        // A shortfall cheaper than the surplus is never taken to absorb a surplus.
        let mut capped = cover();
        capped.slack[1].4 = 1.0;
        assert_eq!(capped.least(5.0, big), (1.0 + big, vec![0.0, 1.0]));
    }

    #[test]
    fn rejects_a_hard_row_s_violation_at_less_than_its_price() {
        let big = 1e6;
        let hard = Shared {
            lb: 2.0,
            ub: f64::INFINITY,
            slack: Vec::new(),
        };
        assert_eq!(hard.least(2.0, big).0, 0.0);
        assert_eq!(hard.least(0.0, big).0, 2.0 * big);
        assert_eq!(hard.least(9.0, big).0, 0.0);
    }
}
