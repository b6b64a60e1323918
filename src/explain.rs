//! Explaining infeasibility in user words.
//!
//! First instant analytic pre-checks (fixed shifts on dates nobody may work, skills nobody
//! holds, weekend and hour arithmetic). When those find nothing, an **elastic** re-solve adds
//! slack to every demand minimum and minimises the people short: the short (date, shift, skill)
//! demands are listed, and each rule family is switched off in turn to name the ones whose
//! removal would close the shortage.

use std::collections::BTreeSet;
use std::time::Instant;

use crate::bounds;
use crate::error::Result;
use crate::formulation::objective::{self, Phase};
use crate::formulation::{Formulation, Options};
use crate::model::{Day, Model, ShiftId};
use crate::rule::Rule;
use crate::solver::highs::{self as backend, MipOptions, MipStatus};
use crate::solver::Col;

/// Instant checks that prove infeasibility; each finding is one sentence.
pub fn prechecks(m: &Model) -> Vec<String> {
    let mut out = Vec::new();
    for p in &m.people {
        for (d, s) in &p.fixed {
            let date = m.cal.date_str(d.0);
            let sid = &m.shifts[s.0].id;
            if !m.open_slot(*d, *s) {
                out.push(format!(
                    "{} is fixed on {sid} {date}, but {sid} has no demand that date, so nobody may work it (rule fixed vs coverage).",
                    p.id
                ));
            } else if p.unavailable[d.0] {
                out.push(format!(
                    "{} is fixed on {sid} {date} but is unavailable that date (rule fixed vs unavailable).",
                    p.id
                ));
            }
        }
    }
    for sc in &m.skill_cover {
        if sc.min == 0 {
            continue;
        }
        let date = m.cal.date_str(sc.day.0);
        let (sid, skill) = (&m.shifts[sc.shift.0].id, &m.skills[sc.skill.0]);
        let total = m.cover[sc.day.0][sc.shift.0];
        let holders = m
            .people
            .iter()
            .filter(|p| p.skills[sc.skill.0] && !p.unavailable[sc.day.0])
            .count();
        if total.max < sc.min {
            out.push(format!(
                "{sid} {date}: {} {skill} needed, but at most {} people may work {sid} that date (rule skill-coverage vs coverage).",
                sc.min, total.max
            ));
        } else if (holders as i64) < sc.min {
            out.push(format!(
                "{sid} {date}: {} {skill} needed, but only {holders} staff or positions hold {skill} (rule skill-coverage).",
                sc.min
            ));
        }
    }
    for d in 0..m.days() {
        let need: i64 = (0..m.shifts.len()).map(|s| m.cover[d][s].min).sum();
        let avail = m.people.iter().filter(|p| !p.unavailable[d]).count() as i64;
        if need > avail {
            out.push(format!(
                "{}: {need} shift starts needed, but only {avail} people are available that date and each may start one shift (rule one-per-date).",
                m.cal.date_str(d)
            ));
        }
    }
    if let Some(budget) = m.budget_units {
        let need = m.min_demand_units();
        if need > budget {
            let fte = m.full_time_units().to_f64();
            out.push(format!(
                "The demand minimum needs {:.2} h ({:.2} full-time equivalents), more than the budget of {:.2} h ({:.2} full-time equivalents) (rule budget): raise budget_fte or lower the demand.",
                m.hours(need),
                need as f64 / fte,
                m.hours(budget),
                budget as f64 / fte
            ));
        }
    }
    let b = bounds::bounds(m);
    let we = &m.rules.weekend;
    let people = m.people.len() as u32;
    if let (Some(run), Some(w)) = (&b.weekend_run, b.weekend) {
        if w > people {
            out.push(weekend_run_shortage(m, &b, run, w));
        }
        return hours_check(m, &b, out);
    }
    // The plain arithmetic only when every cap is the one "one in n" gives alone.
    let plain = bounds::weekend_cap(m.cal.weeks(), we.max_one_in.max(1), m.cal.cyclic());
    let alike = b.weekend_caps_uniform && b.weekends_per_person as usize == plain;
    if !alike || m.own_weekend_frequencies() > 0 {
        out.extend(weekend_with_overrides(m, &b));
        return hours_check(m, &b, out);
    }
    match b.weekend {
        None => out.push(format!(
            "The weekends need staff, but with max_one_in = {} and a {}-week cyclic rota nobody may work any weekend (rule weekend-frequency): use a longer rota or a smaller max_one_in.",
            we.max_one_in,
            m.cal.weeks()
        )),
        Some(w) if w > people => {
            // The first weekend with the largest crew.
            let k = (0..b.crews.len())
                .find(|&k| b.crews[k] == b.weekend_crew)
                .unwrap_or(0);
            out.push(format!(
                "weekend {}: {} people needed; each person may work at most {} of {} weekends under max_one_in = {}, so the weekends need at least {w} people, but only {people} are available ({} staff + {} open positions) (rule weekend-frequency).{}",
                m.cal.date_str(k * 7 + 5),
                b.weekend_crew,
                b.weekends_per_person,
                m.cal.weeks(),
                we.max_one_in,
                m.n_staff,
                people as usize - m.n_staff,
                crew_reasons(m, &[k])
            ))
        }
        _ => {}
    }
    hours_check(m, &b, out)
}

/// The hours arithmetic prechecks, appended to `out`.
fn hours_check(m: &Model, b: &bounds::Bounds, mut out: Vec<String>) -> Vec<String> {
    let staff_min: i64 = m.people[..m.n_staff].iter().map(|p| p.min_units).sum();
    if staff_min > m.max_demand_units() {
        out.push(format!(
            "The existing staff must be planned at least {:.1} h together (contracts minus the hours tolerance, or their own min_hours), but the demand allows at most {:.1} h (rule hours vs coverage): lower contracts or allow more people on some shifts (demand max).",
            m.hours(staff_min),
            m.hours(m.max_demand_units())
        ));
    }
    if b.hours.is_none() {
        let supply: i64 = m.people.iter().map(|p| p.max_units).sum();
        out.push(format!(
            "The demand needs {:.1} h, but all staff and open positions together may work at most {:.1} h (rule hours / position-size).",
            m.hours(m.min_demand_units()),
            m.hours(supply)
        ));
    }
    out
}

/// The weekend arithmetic when people have their own weekend caps (`weekend_max_one_in`,
/// `max_weekends`, or weekends they are unavailable for): the person-weekends
/// the demand needs against what all staff and open positions may work together, or the
/// busiest weekend's crew against the people who may work a weekend at all.
fn weekend_with_overrides(m: &Model, b: &bounds::Bounds) -> Option<String> {
    let people = m.people.len() as u32;
    if b.weekend.is_some_and(|w| w <= people) {
        return None;
    }
    let k_n = m.cal.weeks();
    let caps = bounds::weekend_caps(m);
    let supply: usize = caps.iter().sum();
    let workers = caps.iter().filter(|c| **c > 0).count();
    let demand: u32 = b.crews.iter().sum();
    let k = (0..b.crews.len())
        .find(|&k| b.crews[k] == b.weekend_crew)
        .unwrap_or(0);
    let needed = match b.weekend {
        Some(w) => format!(", so the weekends need at least {w} people"),
        None => String::new(),
    };
    let (limits, rules) = weekend_cap_reasons(m);
    Some(format!(
        "The {k_n} weekends need {demand} person-weekends (weekend {} alone {} people), but under max_one_in = {} ({limits}) all of them together may work at most {supply} weekends, and only {workers} may work a weekend at all{needed} ({} staff + {} open positions available) ({rules}).{}",
        m.cal.date_str(k * 7 + 5),
        b.weekend_crew,
        m.rules.weekend.max_one_in,
        m.n_staff,
        people as usize - m.n_staff,
        crew_reasons(m, &[k])
    ))
}

/// Why people's weekend caps differ, in words (how many of the people have their own
/// `weekend_max_one_in`, a `max_weekends` below it, weekends they are unavailable for), and the
/// rules that say so.
fn weekend_cap_reasons(m: &Model) -> (String, String) {
    let people = m.people.len();
    let own = m.own_weekend_frequencies();
    let (mut away, mut most) = (0, 0);
    for p in 0..people {
        let (a, b) = bounds::weekend_cap_limits(m, p);
        away += usize::from(a);
        most += usize::from(b);
    }
    let mut limits = vec![format!(
        "{own} of the {people} staff and open positions with their own weekend_max_one_in"
    )];
    let mut rules = vec!["rule weekend-frequency"];
    if most > 0 {
        limits.push(format!("{most} held to fewer by their max_weekends"));
        rules.push("rule max-weekends");
    }
    if away > 0 {
        limits.push(format!("{away} unavailable on some of the weekends"));
        rules.push("rule unavailable");
    }
    (limits.join(", "), rules.join(", "))
}

/// Why weekends among `weekends` need more people than their busiest date (see
/// [`bounds::crew_rules`]), as a sentence to follow a weekend message, or `""`: the first such
/// weekend, its crew, and the rules that keep one person from working two of its shifts.
fn crew_reasons(m: &Model, weekends: &[usize]) -> String {
    for &k in weekends {
        if let Some((crew, busiest, rules)) = bounds::crew_rules(m, k) {
            return format!(
                " The weekend of {} needs {crew} different people where its busiest date needs {busiest}: one person may not work two of its shifts (rules {}).",
                m.cal.date_str(k * 7 + 5),
                rules.join(", ")
            );
        }
    }
    String::new()
}

/// The weekend arithmetic over the run of weekends that needs the most people (see
/// [`bounds::Bounds::weekend_run`]): its person-weekends against the people who can work one
/// of its weekends at all.
fn weekend_run_shortage(m: &Model, b: &bounds::Bounds, run: &[u32], w: u32) -> String {
    let demand: u32 = run.iter().map(|&k| b.crews[k as usize]).sum();
    let (first, last) = (run[0] as usize, run[run.len() - 1] as usize);
    let round = if last < first {
        " (round the end of the cycle)"
    } else {
        ""
    };
    let people = m.people.len();
    let (limits, rules) = weekend_cap_reasons(m);
    let weekends: Vec<usize> = run.iter().map(|&k| k as usize).collect();
    format!(
        "The {} weekends from {} to {}{round} need {demand} person-weekends, and under max_one_in = {} ({limits}) the weekends need at least {w} people, but only {people} are available ({} staff + {} open positions) ({rules}).{}",
        run.len(),
        m.cal.date_str(first * 7 + 5),
        m.cal.date_str(last * 7 + 6),
        m.rules.weekend.max_one_in,
        m.n_staff,
        people - m.n_staff,
        crew_reasons(m, &weekends)
    )
}

/// What the elastic model says.
enum Shortage {
    /// Demands short, and the short demands in words.
    Short {
        /// Shifts short in the best roster found.
        short: f64,
        /// Proven lower bound on the shifts short (equal to `short` when proven).
        bound: f64,
        /// Whether `short` was proven the fewest.
        proven: bool,
        /// The short demands in words.
        lines: Vec<String>,
        /// The roster found (column values).
        values: Vec<f64>,
    },
    /// No roster even with every demand minimum waived: what people must work (hour minimums,
    /// fixed shifts) conflicts with the rules by itself.
    Infeasible,
    /// Not solved in time.
    Unknown,
}

/// The elastic program: slack on every demand minimum, minimising the shifts short, with the
/// rules of `relax` switched off.
struct Elastic<'m> {
    f: Formulation<'m>,
    obj: Vec<(Col, f64)>,
    offset: f64,
}

impl<'m> Elastic<'m> {
    fn new(m: &'m Model, relax: BTreeSet<Rule>) -> Option<Self> {
        let mut f = Formulation::new(
            m,
            Options {
                relax,
                elastic: true,
                no_cuts: true,
            },
        );
        let (obj, offset) = objective::terms(&mut f, Phase::Shortage)?;
        Some(Elastic { f, obj, offset })
    }

    /// Whether switching the rules off changed nothing: then the answer is the same.
    fn same_as(&self, other: &Elastic) -> bool {
        self.f.lp == other.f.lp && self.obj == other.obj && self.offset == other.offset
    }

    /// Solves it within `time` seconds, from `start` when it has the same columns.
    fn solve(&self, opts: &MipOptions, time: f64, start: Option<&[f64]>) -> Result<Shortage> {
        let (f, m) = (&self.f, self.f.m);
        let start = start.filter(|v| v.len() == f.lp.cols.len());
        let r = backend::solve(
            &f.lp,
            &self.obj,
            self.offset,
            &MipOptions {
                time_limit: time,
                rel_gap: 0.0,
                verbose: false,
                presolve: true,
                ..opts.clone()
            },
            start,
            None,
        )?;
        let proven = match r.status {
            MipStatus::Optimal => true,
            MipStatus::Feasible => false,
            MipStatus::Infeasible => return Ok(Shortage::Infeasible),
            _ => return Ok(Shortage::Unknown),
        };
        let mut lines = Vec::new();
        for s in &f.slack {
            let short = r.values[s.col.0].round() as i64;
            if short <= 0 {
                continue;
            }
            let (d, sh) = (s.day.0, s.shift.0);
            let date = m.cal.date_str(d);
            let sid = &m.shifts[sh].id;
            lines.push(match s.skill {
                None => {
                    let c = m.cover[d][sh];
                    format!(
                        "{sid} {date}: {} people needed, at most {} can be staffed (short {short}).",
                        c.min,
                        c.min - short
                    )
                }
                Some(k) => {
                    let need = m
                        .skill_cover
                        .iter()
                        .find(|c| c.day == Day(d) && c.shift == ShiftId(sh) && c.skill.0 == k)
                        .map_or(0, |c| c.min);
                    format!(
                        "{sid} {date}: {need} {} needed, at most {} can be staffed (short {short}).",
                        m.skills[k],
                        need - short
                    )
                }
            });
        }
        Ok(Shortage::Short {
            short: r.objective,
            bound: if proven { r.objective } else { r.bound },
            proven,
            lines,
            values: r.values,
        })
    }
}

/// Why a model has no roster, in words.
pub struct Explanation {
    /// The sentences, most important first.
    pub lines: Vec<String>,
    /// Whether every solve behind the sentences was proven (or switching a rule off changed
    /// nothing): then they do not depend on the time given. `false` when a solve stopped at
    /// its share of the time, so that a rule may be missing or a number only an upper bound.
    pub proven: bool,
    /// Shifts short at best with every rule on (the first elastic solve), when solved.
    pub shortage: Option<f64>,
    /// The proven lower bound on those shifts short, when solved.
    pub bound: Option<f64>,
    /// Columns and rows of the elastic program (0 when the instant checks said it all).
    pub columns: usize,
    /// Rows of the elastic program.
    pub rows: usize,
}

/// What the explanation says when the elastic program was not solved.
const UNSOLVED: &str =
    "No roster exists, and the elastic model could not be solved in time to say why.";

/// A number of shifts, as a whole number (the solver's values are within its tolerance of one).
fn whole(x: f64) -> i64 {
    if x.is_finite() {
        x.round() as i64
    } else {
        0
    }
}

/// Explains why `m` has no roster, using at most about `time` seconds and the threads, seed
/// and deadline of `opts` (its time limit, gap, log and presolve settings are the explanation's
/// own).
pub fn explain(m: &Model, opts: &MipOptions, time: f64) -> Result<Explanation> {
    let mut out = Explanation {
        lines: prechecks(m),
        proven: true,
        shortage: None,
        bound: None,
        columns: 0,
        rows: 0,
    };
    if !out.lines.is_empty() {
        return Ok(out);
    }
    // Rules tried one at a time to find what blocks the demand. In a first round each solve
    // gets an even share of what is left for the solves still to come and a second round (the
    // first solve, with every rule on, two shares), so the time a quick solve leaves, or a rule
    // whose switching off changes nothing (not solved at all), goes to the slower ones; the
    // second round gives what is left to the answers not yet settled, each from where it
    // stopped. A fixed share made a rule appear or not by how busy the machine was.
    let families = Rule::relaxable();
    let t0 = Instant::now();
    let share = |to_come: usize| (time - t0.elapsed().as_secs_f64()).max(0.0) / to_come as f64;
    let Some(base) = Elastic::new(m, BTreeSet::new()) else {
        out.lines.push(UNSOLVED.into());
        out.proven = false;
        return Ok(out);
    };
    out.columns = base.f.lp.cols.len();
    out.rows = base.f.lp.rows.len();
    let first = base.solve(opts, 2.0 * share(families.len() + 3), None)?;
    // Each rule switched off: `None` when that changed nothing. The first round starts from
    // `start` (a roster of the program with every rule on, which switching a rule off still
    // allows) where the columns are the same; the second round from the first round's roster.
    // `settled` says which answers need no second round.
    let relaxed = |start: Option<&[f64]>,
                   settled: &dyn Fn(&Shortage) -> bool|
     -> Result<Vec<Option<Shortage>>> {
        let mut out = Vec::with_capacity(families.len());
        for (i, (fam, _)) in families.iter().enumerate() {
            out.push(match Elastic::new(m, BTreeSet::from([*fam])) {
                None => Some(Shortage::Unknown),
                Some(e) if e.same_as(&base) => None,
                Some(e) => {
                    let start = start.filter(|_| e.f.lp.cols == base.f.lp.cols);
                    Some(e.solve(opts, share(families.len() - i + 1), start)?)
                }
            });
        }
        let open: Vec<usize> = (0..out.len())
            .filter(|&i| out[i].as_ref().is_some_and(|r| !settled(r)))
            .collect();
        for (k, &i) in open.iter().enumerate() {
            let Some(e) = Elastic::new(m, BTreeSet::from([families[i].0])) else {
                continue;
            };
            let time = share(open.len() - k);
            let again = match &out[i] {
                Some(Shortage::Short { values, .. }) => e.solve(opts, time, Some(values))?,
                _ => e.solve(opts, time, start.filter(|_| e.f.lp.cols == base.f.lp.cols))?,
            };
            // The second round keeps the better of the two answers.
            let better = match (&again, &out[i]) {
                (Shortage::Unknown, _) => false,
                (Shortage::Short { short: x, .. }, Some(Shortage::Short { short: y, .. })) => {
                    x <= y
                }
                _ => true,
            };
            if better {
                out[i] = Some(again);
            }
        }
        Ok(out)
    };
    let (short, bound, proven, lines, values) = match first {
        Shortage::Short {
            short,
            bound,
            proven,
            lines,
            values,
        } => (short, bound, proven, lines, values),
        Shortage::Infeasible => {
            out.lines.push(
                "No roster exists even with every demand left unstaffed: what staff and positions must work (their hour minimums, fixed shifts) cannot be planned under the rules."
                    .into(),
            );
            // Any roster with the rule off answers the question.
            let settled = |r: &Shortage| !matches!(r, Shortage::Unknown);
            for ((fam, relax), r) in families.iter().zip(relaxed(None, &settled)?) {
                match r {
                    Some(Shortage::Short { .. }) => out.lines.push(format!(
                        "Blocking rule: {fam}{} without it the people's own minimums can be planned.",
                        (relax.detail)(m)
                    )),
                    Some(Shortage::Unknown) => out.proven = false,
                    Some(Shortage::Infeasible) | None => {}
                }
            }
            return Ok(out);
        }
        Shortage::Unknown => {
            out.lines.push(UNSOLVED.into());
            out.proven = false;
            return Ok(out);
        }
    };
    out.proven = proven;
    out.shortage = Some(short);
    out.bound = Some(bound);
    // Shifts short as whole numbers: found, and the fewest proven (a rule blocks the demand
    // when switching it off leaves fewer than that).
    let short = whole(short);
    let least = whole((bound - 1e-6).ceil()).max(0);
    if short == 0 {
        out.lines.push(
            "Every demand can be staffed, but not with all hour targets of existing staff and positions met at once."
                .into(),
        );
    } else {
        out.lines.push(if proven {
            format!("The demand cannot be met: {short} shift(s) short in total at best, for example:")
        } else if least > 0 {
            format!("The demand cannot be met: {short} shift(s) short in total in the best roster found in the time (at least {least} short), for example:")
        } else {
            format!("The demand cannot be met: {short} shift(s) short in total in the best roster found in the time, for example:")
        });
        let n = lines.len();
        out.lines.extend(lines.into_iter().take(12));
        if n > 12 {
            out.lines
                .push(format!("... and {} more short demands.", n - 12));
        }
    }
    let from = if proven {
        format!("{short}")
    } else {
        format!("at least {least}")
    };
    // Settled: proven, or (the first solve proven) no fewer short than with every rule on
    // whatever the rest of the search finds.
    let settled = |r: &Shortage| match r {
        Shortage::Short { proven: true, .. } | Shortage::Infeasible => true,
        Shortage::Short { bound: b, .. } => proven && whole((b - 1e-6).ceil()) >= short,
        Shortage::Unknown => false,
    };
    for ((fam, relax), r) in families.iter().zip(relaxed(Some(&values), &settled)?) {
        let Some(r) = r else { continue };
        out.proven &= settled(&r);
        if let Shortage::Short {
            short: s, proven, ..
        } = r
        {
            let s = whole(s).max(0);
            if s < least {
                out.lines.push(format!(
                    "Blocking rule: {fam}{} without it the shortage drops from {from} to {}{s}.",
                    (relax.detail)(m),
                    if proven { "" } else { "at most " },
                ));
            }
        }
    }
    Ok(out)
}
