//! Solving: the lexicographic MIP, status, bounds, gap and time limit.
//!
//! [`solve`] minimises the headcount, then (with optional demand) maximises total hours at that
//! headcount, then the tie-breaks of docs/format.md §23 each on top of the previous optimum, and
//! returns a [`Roster`] whose bounds are what the solver proved. Only [`crate::solver::highs`] talks to the
//! solver.

mod crews;
mod labels;
mod lines;
mod lns;
pub(crate) mod output;
pub(crate) mod rolling;
mod supply;

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use serde::{Deserialize, Serialize};

use crate::bounds::{self, Bounds};
use crate::error::{Error, Result};
use crate::explain;
use crate::formulation::objective::{self, Phase};
use crate::formulation::{weekend, Col, Formulation, Lp, Options, RowFamily, Stop};
use crate::model::{Day, Model, PersonKind, ShiftId, StaffId};
use crate::roster::{Origin, PhaseReport, Roster, Status};
use crate::solver::highs::{self as backend, LpStatus, MipOptions, MipStatus};
use crate::valid::{Input, ValidScenario};

/// How to solve.
///
/// Everything has a default; a caller sets what it needs:
///
/// ```
/// use heltid::{OnProgress, SolveOptions};
///
/// let opts = SolveOptions {
///     time_limit: 30.0,
///     progress: Some(OnProgress::new(|p| eprintln!("{} {:.0} (bound {:.0})", p.phase, p.best, p.bound))),
///     ..SolveOptions::default()
/// };
/// # let _ = opts;
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SolveOptions {
    /// Wall-clock limit in seconds for the whole solve (all phases); one that is not a number,
    /// or below 0, is no time at all, and more than 10⁹ s is 10⁹ s.
    pub time_limit: f64,
    /// Relative gap at which the headcount search may stop (0 = prove optimality).
    pub gap: f64,
    /// Solver threads (HiGHS's thread pool is process-wide: use one value per process). With
    /// two or more (or, when `None`, two or more cores), some searches run side by side: a
    /// first roster beside the headcount probes, two neighbourhood searches in the phases after
    /// the headcount, and the pricing problems of the quality phase's bound. Which of two
    /// searches side by side ends first depends on timing, so the roster may then differ from
    /// run to run (its optimality claims do not).
    pub threads: Option<u32>,
    /// Solver random seed, any value (same seed and one thread ⇒ same roster, time limits
    /// permitting).
    pub seed: i32,
    /// Print the solver's log on stdout.
    pub verbose: bool,
    /// Run the tie-break phases (wish hours, smallest position, quality: requests, rota
    /// patterns and soft demand). With soft demand the quality phase is the main objective
    /// and runs either way.
    pub tie_breaks: bool,
    /// Share of the remaining time each tie-break phase but the last, quality, may use at most
    /// (0–1; the quality phase may use all that is left, and its exact search stops once it
    /// stalls). After a short exact search the quality phase spends up to a fifth of its time
    /// on a bound over whole rota lines (column generation, which also combines its lines into
    /// a roster; with soft demand up to half while it converges), and up to a tenth re-planning
    /// the columns where the roster and that bound's relaxation disagree; as a tie-break, only
    /// where the labelling states every person's rules (existing staff on a dated horizon, as
    /// in the nurse-rostering benchmark: not created positions, a cyclic horizon or the
    /// three-shift week, where rounds priced by MIP alone bound nothing in that time);
    /// otherwise its first exact search takes at most a second and the relaxation's bound (up
    /// to a tenth) comes after the neighbourhood search. The wish-hours phase instead bounds
    /// the wished hours by whole shifts under the shift types' supplies (up to a tenth of its
    /// share), and where that bound exists skips the one over lines and searches neighbourhoods
    /// for up to three quarters of its share. A phase then goes on with neighbourhood search
    /// from the roster it has (the quality phase for up to nine tenths of its time, stopping
    /// earlier when the search stalls unless only the relaxation bounds it); the wish-hours and
    /// quality phases then run the exact search, stopped once neither its roster nor its bound
    /// has moved for 15 % of their share (at least 2 s); the smallest-position phase bounds the
    /// created positions' hours by the relaxation (up to 40 % of its share) and by the levels
    /// the shift supplies refute (up to 15 %), raises the smallest by neighbourhood search from
    /// the roster in hand (up to 40 %), then bisects with each level capped at a tenth of its
    /// share. A phase that is proven or stalls ends early and reports its bound in
    /// [`Roster::phases`].
    pub tie_break_share: f64,
    /// Most nonzeros the model may have ([`DEFAULT_MAX_MODEL_NONZEROS`] by default). A larger
    /// scenario is rejected with [`Error::TooLarge`] before it is built in full, so that it
    /// cannot take the machine's memory (about 250 bytes a nonzero while HiGHS solves).
    pub max_model_nonzeros: usize,
    /// When the whole command must end (set by [`solve`] from `time_limit`, or by a caller that
    /// runs several solves under one limit); every solver call stops there.
    #[serde(skip)]
    pub deadline: Option<Instant>,
    /// A roster to start from (a warm start), e.g. the rota a unit runs today or an earlier
    /// solve. When it is legal the solver begins from it, so the result is never worse, and
    /// when it already reaches the headcount bound it is proven optimal at once. Existing staff
    /// are matched by id, created positions by template in the order listed; a start that
    /// breaks a rule is ignored.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warm_start: Option<Roster>,
    /// Called when a phase finds a better roster and every few seconds while it searches.
    #[serde(skip)]
    pub progress: Option<OnProgress>,
}

/// Default of [`SolveOptions::max_model_nonzeros`]: 4 million, about eight times the 52-week
/// reference plan (0.53 million), roughly 1 GB while solving.
pub const DEFAULT_MAX_MODEL_NONZEROS: usize = 4_000_000;

impl Default for SolveOptions {
    fn default() -> Self {
        SolveOptions {
            time_limit: 60.0,
            gap: 0.0,
            threads: None,
            seed: 0,
            verbose: false,
            tie_breaks: true,
            tie_break_share: 0.5,
            max_model_nonzeros: DEFAULT_MAX_MODEL_NONZEROS,
            deadline: None,
            warm_start: None,
            progress: None,
        }
    }
}

/// A progress report during a long solve.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Progress {
    /// Phase being solved.
    pub phase: &'static str,
    /// Which solve of a command reports (`compare` names its designs); empty for [`solve`].
    pub side: &'static str,
    /// Seconds since the solve started.
    pub seconds: f64,
    /// Best value found so far in the phase's own unit (people, hours), `inf` if none.
    pub best: f64,
    /// Proven bound in the same unit.
    pub bound: f64,
}

/// A progress callback ([`SolveOptions::progress`]), shareable between threads. Two are equal
/// when they are the same callback.
#[derive(Clone)]
pub struct OnProgress(Arc<dyn Fn(&Progress) + Send + Sync>);

impl OnProgress {
    /// Wraps a callback.
    pub fn new(f: impl Fn(&Progress) + Send + Sync + 'static) -> OnProgress {
        OnProgress(Arc::new(f))
    }

    /// Calls it.
    pub fn call(&self, p: &Progress) {
        (self.0)(p)
    }

    /// The same callback, reporting as `side`.
    pub(crate) fn for_side(&self, side: &'static str) -> OnProgress {
        let inner = self.clone();
        OnProgress::new(move |p| inner.call(&Progress { side, ..p.clone() }))
    }
}

impl std::fmt::Debug for OnProgress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OnProgress(..)")
    }
}

impl PartialEq for OnProgress {
    fn eq(&self, other: &OnProgress) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// Solves a scenario: the smallest headcount for the demanded hours (the largest average
/// position), then the tie-breaks, within `opts.time_limit`.
///
/// Accepts a [`crate::Scenario`] (validated first) or a [`ValidScenario`]. Errors: an invalid scenario
/// ([`Error::Invalid`], every problem at once), no roster within the time limit
/// ([`Error::NoSolutionInTime`], with the bound proven), a model too large
/// ([`Error::TooLarge`]) or a solver failure. A scenario without any legal roster is not an
/// error: the roster says [`Status::Infeasible`] and explains why in user words.
pub fn solve(scenario: &impl Input, opts: &SolveOptions) -> Result<Roster> {
    run(&*scenario.valid()?, opts)
}

/// The assignments of `start` as model indices: existing staff by id, created positions by
/// template (the k-th listed position of a template becomes its k-th candidate). Anything the
/// model does not know is skipped.
fn start_assignments(m: &Model, start: &Roster) -> Vec<(StaffId, Day, ShiftId)> {
    let mut person: HashMap<&str, usize> = HashMap::new();
    let mut next: HashMap<&str, usize> = HashMap::new();
    for s in &start.staff {
        let found = match (&s.origin, &s.template) {
            (Origin::Open, Some(t)) => {
                let k = next.entry(t.as_str()).or_insert(0);
                let hit = m
                    .people
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| {
                        matches!(&p.kind, PersonKind::Open { template, .. }
                            if m.templates[template.0].id == *t)
                    })
                    .nth(*k)
                    .map(|(i, _)| i);
                *k += 1;
                hit
            }
            _ => m.people[..m.n_staff].iter().position(|p| p.id == s.id),
        };
        if let Some(i) = found {
            person.insert(s.id.as_str(), i);
        }
    }
    let shift: HashMap<&str, usize> = m
        .shifts
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    start
        .assignments
        .iter()
        .filter_map(|a| {
            let p = *person.get(a.staff.as_str())?;
            let s = *shift.get(a.shift.as_str())?;
            let d = m.cal.day_of(crate::calendar::parse_date(&a.date)?)?;
            Some((StaffId(p), Day(d), ShiftId(s)))
        })
        .collect()
}

/// Completes a start roster into full column values: every `x` and `used` column is fixed to
/// the roster and the solver fills the helper columns (weekends, weekly rest). `None` when the
/// roster breaks a rule of the model (then it is no start).
fn complete_start(
    f: &Formulation,
    assign: &[(StaffId, Day, ShiftId)],
    opts: &SolveOptions,
    time: f64,
) -> Result<Option<Vec<f64>>> {
    let m = f.m;
    let mut lp = f.lp.clone();
    let on: HashSet<Col> = assign
        .iter()
        .filter_map(|(p, d, s)| f.x[p.0][d.0][s.0])
        .collect();
    if on.len() != assign.len() {
        return Ok(None); // an assignment the model forbids outright
    }
    for p in 0..m.people.len() {
        let mut works = false;
        for c in f.x[p].iter().flatten().flatten() {
            let v = if on.contains(c) { 1.0 } else { 0.0 };
            works |= v > 0.5;
            lp.cols[c.0].lb = v;
            lp.cols[c.0].ub = v;
        }
        if let Some(u) = f.used[p] {
            let v = if works { 1.0 } else { 0.0 };
            lp.cols[u.0].lb = v;
            lp.cols[u.0].ub = v;
        }
    }
    let r = backend::solve(&lp, &[], 0.0, &mip_opts(opts, time, 0.0), None, None)?;
    Ok(match r.status {
        MipStatus::Optimal | MipStatus::Feasible => Some(r.values),
        MipStatus::Infeasible | MipStatus::NoSolution => None,
    })
}

/// The threads the solve may use side by side: `opts.threads`, or the machine's cores.
pub(crate) fn threads(opts: &SolveOptions) -> usize {
    opts.threads.map_or_else(
        || std::thread::available_parallelism().map_or(1, |n| n.get()),
        |t| t as usize,
    )
}

pub(crate) fn mip_opts(opts: &SolveOptions, time_limit: f64, gap: f64) -> MipOptions {
    MipOptions {
        time_limit,
        rel_gap: gap,
        abs_gap: 0.0,
        threads: opts.threads,
        seed: Some(opts.seed),
        verbose: opts.verbose,
        presolve: true,
        deadline: opts.deadline,
        stall: None,
        cancel: None,
        keep_improving: false,
    }
}

/// Share of the quality phase's time the bound over rota lines may take (after the short exact
/// search, before the neighbourhood search; it stops earlier once it converges or proves the
/// roster in hand). In the primary phase its pricing may take longer (see
/// [`LINES_LONGER_SHARE`]) and its dive and combining up to three quarters of it after that
/// (see `lines::DIVE_SHARE`). As a tie-break it runs only where the labelling prices (see
/// the phase).
const LINES_SHARE: f64 = 0.2;

/// Share of the quality tie-break's time its relaxation may take where the bound over rota
/// lines does not run (after its neighbourhood search; see the phase).
const RELAXATION_SHARE: f64 = 0.1;

/// Share of the wish-hours phase's time its neighbourhood search may take where the supplies
/// bound it (see the phase).
const WISH_POLISH_SHARE: f64 = 0.75;

/// What the earlier phases keep, for the supplies' refutation of the smallest position's
/// levels (see `supply::refutes`).
struct Kept<'a> {
    /// The hours phase's weights and the weighted hours it keeps, where it ran.
    hours: Option<(&'a [f64], f64)>,
    /// The wished hours the wish-hours phase keeps, where it ran.
    wished: Option<f64>,
    /// The proven fewest people and the headcount.
    people: (u32, u32),
}

/// Share of the smallest-position phase's time the supplies' refutation of its levels may
/// take (a level starts only within it; 0.02-0.45 s each on the hard set).
const SUPPLY_LEVELS_SHARE: f64 = 0.15;
/// Seconds each level of the supplies' refutation may take at most.
const SUPPLY_LEVEL_SECONDS: f64 = 2.0;

/// Seconds the wish-hours phase's first exact search may take where the supplies bound it.
const SHORT_BESIDE_SUPPLY: f64 = 1.0;

/// Seconds the quality tie-break's first exact search may take where the labelling does not
/// state every person's rules (the wards): there it found nothing in its tenth of the phase
/// (4.3 s on `ward-6w`, 2.9 s on `ward-existing-staff`, 3.2 s on `big-three-wards` under the
/// norwegian preset), which the neighbourhood search now has; a small program is still proven
/// in it (`tiny` in 0.07 s).
const SHORT_UNLABELLED: f64 = 1.0;

/// Share of the wish-hours phase's time its bound by shift supplies may take (see `supply`;
/// 0.07-1.1 s to the optimum on the hard set, all of it on `big-three-wards`), and of the
/// smallest-position phase's each level of their refutation may take (at most
/// [`SUPPLY_LEVEL_SECONDS`]).
const SUPPLY_SHARE: f64 = 0.1;

/// Share of the primary quality phase's time the bound over rota lines may take while it
/// converges (see `lines::Target::longer`). Measured on Curtois–Qu with 2 threads, column
/// generation alone converges at the published bounds of instances 4, 5 and 6 in 14, 17 and
/// 28 s (in a 60 s solve its pricing stops at about 22 s: 4 and 5 converge, 6 ends at
/// 1947–1949); on 7–9 it is far from converging after the first share, and the time stays
/// with the neighbourhood search.
const LINES_LONGER_SHARE: f64 = 0.5;

/// Share of the quality phase's time the search around the lines' relaxation may take (see
/// [`lns::rins`]; it stops earlier once it is proven). Measured on Curtois–Qu, 60 s, seeds 0–2
/// (5, 8 and 9: 0–1), against the same build without it, while it still stopped on a 2 s
/// stall: instance 6 ended at 1952 / 1951 / 1951 against 1950 / 2043 / 2047 (the roster the
/// lines combined sat in the worse basin, about 2045, in two runs; this search re-planned the
/// 200–270 columns where it disagreed with the relaxation, proven in 0.0–3.4 s, and moved it
/// to the better one), 7 at 1072 / 1063 / 1057 against 1063 each, 5 at 1145 / 1145 against
/// 1146 / 1145; on 8 and 9 (700–900 columns free, the whole share used) within the spread of
/// single runs (1337 / 1438 against 1426 / 1346, 447 / 442 against 443 / 444).
///
/// It is not stopped on a stall: with a stop after 2 s without a better roster or a rising
/// bound, instance 6 at seed 0 without progress reports (as the bench runs it) ended in the
/// worse basin in 4 of 6 runs (2041 at the end; where traced, the sub-problem stopped at
/// 3.4–4.2 s with 2044 or 2142), as the re-planning needs 2–4 s to find 1952; without it,
/// 1952 in 4 of 4 (seeds 3–5 reached 1952 either way). Only the soft-demand phase was
/// measured; elsewhere (rules and requests on a ward) it runs only near the lines'
/// convergence (their relaxation within 5 % of their bound), and takes at most this share.
const RINS_SHARE: f64 = 0.1;

/// Share of the quality phase's time the best response over whole lines may take (see
/// [`lines::respond`]; it stops earlier at a roster no one's line improves).
const RESPOND_SHARE: f64 = 0.1;

/// Each person's best line against everyone else's from `values` (valued `now`), within `time`
/// seconds (see [`lines::respond`]); `values` and `now` take its roster where better. Where
/// the labelling does not state everyone's rules it does nothing; a solver error in it leaves
/// the roster as it was. Whether it found a better one.
fn respond(
    f: &Formulation,
    (obj, off): (&[(Col, f64)], f64),
    opts: &SolveOptions,
    time: f64,
    (now, values): (&mut f64, &mut Vec<f64>),
) -> bool {
    let found = lines::respond(f, &f.lp, (obj, off), values, opts, time).unwrap_or(None);
    let Some((v, better)) = found.filter(|(v, _)| *v < *now - 1e-9) else {
        return false;
    };
    *now = v;
    *values = better;
    true
}

/// Share of a tie-break's budget after which its exact search stops when neither its roster nor
/// its bound has moved.
const TIE_BREAK_STALL: f64 = 0.15;

/// Outcome of the headcount phase.
struct Headcount {
    /// Column values of the best roster (idle candidates dropped).
    values: Vec<f64>,
    /// Its headcount.
    headcount: u32,
    /// Proven lower bound.
    lb: u32,
    /// Solver time.
    seconds: f64,
}

/// One attempt of the bound probe: presolve on/off, with or without the tight weekend rows, with
/// or without complete-weekend rows (a restriction, for scenarios that allow partial weekends),
/// and its share of the time.
#[derive(Clone, Copy)]
struct Probe {
    presolve: bool,
    tight: bool,
    complete: bool,
    /// With the tight rows only: each open position's weekends in one fixed group (see
    /// [`add_weekend_groups`]), a restriction.
    grouped: bool,
    share: f64,
    /// Search by [`lns::repair`] (hour bounds relaxed, then repaired) instead of the solver
    /// (which sets its own presolve: `presolve` is not read then).
    repair: bool,
    /// Most searches with fresh seeds the solver's time is split into (see [`fresh_seeds`]),
    /// each of at least [`PROBE_TRY_SECONDS`] ([`PLANNED_TRY_SECONDS`] when `planned`). Not
    /// read with `repair`.
    tries: i32,
    /// Only where the tight rows are valid: every weekend column fixed to a plan of the weekend
    /// crews (see [`crews`]), another plan for each search; a restriction. Not read with
    /// `repair`.
    planned: bool,
}

/// Least seconds of one search of a probe split into several (see [`Probe::tries`]).
const PROBE_TRY_SECONDS: f64 = 3.0;

/// Share of the time the first roster of any headcount may take beside the short probes, and
/// its cap in seconds: the solver's feasibility heuristic, which finds it where anything does,
/// cannot be interrupted (it stops on its own effort limit, 2–4 s on the big ward); a probe that
/// finds the optimum meanwhile no longer waits for it (it ends in the background).
const FIRST_ROSTER_SHARE: f64 = 0.05;
const FIRST_ROSTER_SECONDS: f64 = 3.0;
/// Seconds the probes run alone before the first roster beside them starts.
const FIRST_ROSTER_GRACE: f64 = 0.5;

/// Seconds the short probe with the tight weekend rows may take beside the others, before the
/// first roster there (or its share, when less: about 2.4 s in a 60 s solve; the solver's own
/// time limit, which it may overrun by a fraction of a second). On the units measured, where it
/// finds the bound it does so within this; where it does not, the first roster and the search
/// beside were waiting for it. Measured, one `solve --time-limit 60` each, against the share
/// alone: the headcount of `long-weekend-every2` proven at 3.2 s instead of 4.6 s (the probe
/// had run its 2.4 s without solving its root relaxation), the first roster of `home-care-12w`
/// at 1.9 s instead of 3.3 s and of `home-care-peaks` at 3.0 s instead of 3.5 s;
/// `big-three-wards`, `group-home-6w`, `ward-6w-every2`, `ward-6w-long-weekend`,
/// `ward-existing-staff`, `every2-slack` and `home-care-12w`'s optimum within 0.1 s of before.
const TIGHT_BESIDE_SECONDS: f64 = 1.0;

/// Share of the time each long probe gets early on (before the neighbourhood search, or beside
/// it with two threads).
const EARLY_PROBE_SHARE: f64 = 0.12;

const PROBES: [Probe; 4] = [
    // Short attempts without presolve first: when they work, they take well under a second.
    Probe {
        presolve: false,
        tight: false,
        complete: true,
        grouped: false,
        share: 0.04,
        repair: false,
        tries: 1,
        planned: false,
    },
    Probe {
        presolve: false,
        tight: true,
        complete: true,
        grouped: false,
        share: 0.04,
        repair: false,
        tries: 1,
        planned: false,
    },
    Probe {
        presolve: true,
        tight: true,
        complete: false,
        grouped: false,
        share: 0.25,
        repair: false,
        tries: 1,
        planned: false,
    },
    Probe {
        presolve: true,
        tight: false,
        complete: false,
        grouped: false,
        share: 0.35,
        repair: false,
        tries: 1,
        planned: false,
    },
];

/// The probe by repair, after the short probes on units with existing staff: where their narrow
/// hour windows are what the solver cannot hit (the ward keeping its 20 staff: no roster in
/// 240 s before, its optimum at the bound in about 4 s this way).
const REPAIR_PROBE: Probe = Probe {
    presolve: false,
    tight: true,
    complete: true,
    grouped: false,
    share: 0.15,
    repair: true,
    tries: 1,
    planned: false,
};

/// The probe with the open positions' weekends in fixed groups (see [`add_weekend_groups`]),
/// after the first short probe (with one thread, after both), where the tight rows are valid
/// and the groups line up (see [`weekend_groups_apply`]). Measured with one thread at the
/// bound, 20 s each, against the same probe without the groups: `home-care-peaks` 24 in 2.6 s
/// (none in 60 s without), `ward-6w-every2` 20 in 16.1 s (none in 20 s), `ward-6w` 0.8 s
/// (3.9), `home-care-12w` 1.2 s (2.2), `ward-6w-long-weekend` 2.0 s (4.5); slower only on
/// `long-weekend-every2` (10.2 s against 2.8 s, where the probes beside find it first).
///
/// Where it works, the solver's feasibility-jump heuristic finds the roster right after
/// presolve, or it finds none for as long as it runs: on `home-care-peaks` with one thread,
/// 8 s each, at 6 of seeds 0–15 in 2.2–2.9 s, at the other 10 not at all (seeds 1 and 4 not
/// in 15 s either). So its time goes to up to 3 searches with fresh seeds (3.6 s each in a
/// 60 s solve). `heltid solve --time-limit 60`, time to the proven headcount at seeds 0–8,
/// one search of 6 s before → 3 of 3.6 s: 5.9 / none (33 people) / 5.1 / 5.1 / 19.2 / 19.4
/// / 5.5 / 41.5 / none → 5.4 / 11.7 / 4.6 / 4.5 / 8.4 / 8.5 / 5.3 / 7.9 / 8.4 s.
const GROUPED_PROBE: Probe = Probe {
    presolve: true,
    tight: true,
    complete: true,
    grouped: true,
    share: 0.18,
    repair: false,
    tries: 3,
    planned: false,
};

/// The probe with the weekend crews planned first (see [`crews`]), before every other probe,
/// where the tight rows are valid: with the weekends fixed, the solver's heuristics fill in the
/// weekdays at once or not at all, so its time goes to up to three plans, each search of at
/// least [`PLANNED_TRY_SECONDS`] (one search where the share is shorter).
const PLANNED_PROBE: Probe = Probe {
    tries: 3,
    planned: true,
    // The short probe with the tight rows, presolve off.
    ..PROBES[1]
};

/// Share of a search of [`PLANNED_PROBE`] its plan may take (it takes milliseconds).
const PLAN_SHARE: f64 = 0.5;

/// Least seconds of one search of [`PLANNED_PROBE`].
const PLANNED_TRY_SECONDS: f64 = 0.5;

/// Share of the demand's minimum hours the existing staff's fewest hours must reach for the
/// repair probe to run before the plain one.
const PINNED_SHARE: f64 = 0.6;

/// Whether the existing staff's fewest hours carry at least [`PINNED_SHARE`] of the demand's
/// minimum hours: then the repair probe runs before the plain one (measured on
/// `ward-existing-staff`, 20 staff carrying about two thirds of the hours: the optimum in
/// 2.4-2.6 s instead of 6.0 s, when the plain probe had run to its limit first; on
/// `group-home-6w` and the annual plans, the other units above the share, no change).
fn staff_pinned(m: &Model) -> bool {
    let staff: i64 = m.people[..m.n_staff].iter().map(|p| p.min_units).sum();
    m.n_staff > 0 && staff as f64 >= PINNED_SHARE * m.min_demand_units() as f64
}

/// Phase 1: the smallest headcount.
///
/// 1. The analytic bound is often the optimum (the textbook wards), so first **probe** it
///    briefly: fix `Σ used` to the bound and search for any legal roster (objective 0) without
///    presolve (measured: a fraction of a second where presolve on stalls). When the weekend
///    bound is exactly tight, every person works exactly their share of weekends, which the
///    second probe states as rows (not when `weekend_max_one_in` overrides give people
///    different weekend caps, see [`Bounds::weekend_tight_at`]). Scenarios that allow partial
///    weekends are probed with complete weekends required (a restriction: measured on the
///    6-week ward, the rota at the bound in under a second instead of 10–60 s). Units with
///    existing staff are then probed by repair ([`lns::repair`]: hour bounds relaxed, then
///    repaired by neighbourhood search), first where the staff carry most of the hours (see
///    [`staff_pinned`]). A short feasibility solve gives a first roster, and
///    the long probes with presolve follow, briefly. With two threads or more (no warm start,
///    not a long calendar plan), the probe with the tight weekend rows runs on a second thread
///    instead, and then a first roster of any headcount is searched for there (the feasibility
///    heuristic, with the open positions held to at least the bound) and improved by
///    neighbourhood search while the first thread goes on with the repair and the long
///    probes (the one that reaches the bound first stops the other and returns at once: the
///    other may be in a solver step that does not look at the stop flag, presolve or the
///    feasibility-jump heuristic, and ends in the background on a thread of `bg`, the whole
///    solve's scope). The short feasibility solve comes after them (the better of the two
///    rosters is kept for step 3).
/// 2. Otherwise any legal roster (a feasibility solve, or the warm start), and 3. a
///    large-neighbourhood search that drops created positions from it ([`lns`]): where the
///    bound is slack, the solver's own search improved its first roster far too slowly.
/// 4. The long probes at the proven bound, with presolve: a roster there is optimal, a proof
///    that none exists raises the bound by one.
/// 5. Minimise `Σ used` from the best roster with what time is left, which proves the bound.
fn headcount_phase<'s, 'e>(
    bg: &'s std::thread::Scope<'s, 'e>,
    f: &mut Formulation<'e>,
    bounds: &Bounds,
    opts: &SolveOptions,
    deadline: &dyn Fn() -> f64,
    report: Option<Report>,
    start: Option<Vec<f64>>,
) -> Result<Option<Headcount>> {
    let m = f.m;
    let t0 = Instant::now();
    let cb = report.as_deref().map(|c| c as &dyn Fn(f64, f64, f64));
    let (obj, off) = objective::terms(f, Phase::Headcount).unwrap_or_default();
    // The skill bounds are valid headcount bounds too (a skill that cannot be covered at all
    // is left to the solver and the explanation).
    let skill = bounds::skill_headcount(&bounds::skill_bounds(m, bounds)).unwrap_or(0);
    let mut lb = bounds
        .headcount()
        .unwrap_or(0)
        .max(m.n_staff as u32)
        .max(skill);
    let mut start = start.map(|mut v| {
        f.drop_idle(&mut v);
        v
    });
    // A long calendar plan of existing staff whose rules the labelling states: a first roster
    // line by line instead of the rolling horizon's block by block below (it is at the bound).
    if start.is_none() && rolling::applies(f) {
        start = built_roster(f, opts, deadline() * BUILT_SHARE)?;
    }
    if let Some(values) = &start {
        let headcount = f.headcount(values);
        if let Some(c) = cb {
            c(t0.elapsed().as_secs_f64(), headcount as f64, lb as f64);
        }
        if headcount <= lb {
            // The start already reaches the bound: proven optimal.
            return Ok(Some(Headcount {
                headcount,
                values: values.clone(),
                lb,
                seconds: t0.elapsed().as_secs_f64(),
            }));
        }
    }
    let open = f.open_headcount_terms();
    if rolling::applies(f) {
        // Too large for a first solution in minutes: build one block by block from the bound
        // (with more people where a block needs them).
        if let Some(mut values) = rolling::roster(f, lb, opts, deadline() * 0.5)? {
            f.drop_idle(&mut values);
            let headcount = f.headcount(&values);
            if let Some(c) = cb {
                c(t0.elapsed().as_secs_f64(), headcount as f64, lb as f64);
            }
            if headcount <= lb {
                return Ok(Some(Headcount {
                    headcount,
                    values,
                    lb,
                    seconds: t0.elapsed().as_secs_f64(),
                }));
            }
            // The start of the neighbourhood search below, unless the warm start is better.
            if start.as_ref().is_none_or(|s| f.headcount(s) > headcount) {
                start = Some(values);
            }
        }
    }
    // Without a roster, and without the time to start even one solve of the whole program, the
    // phase ends here: the probes' copies of the program would only be built past the deadline
    // (on the cyclic 520-week plan of 10 000 candidates, `known-model-too-large` of the fuzz
    // corpus, a 1 s command copied it for the second thread from 1.0 to 1.15 s).
    if start.is_none() && !backend::can_start(&f.lp, deadline()) {
        return Err(Error::NoSolutionInTime {
            seconds: opts.time_limit,
            bound_headcount: lb,
        });
    }
    let found = |f: &Formulation, values: Vec<f64>, lb: u32| {
        if let Some(c) = cb {
            c(t0.elapsed().as_secs_f64(), lb as f64, lb as f64);
        }
        Headcount {
            headcount: f.headcount(&values),
            values,
            lb,
            seconds: t0.elapsed().as_secs_f64(),
        }
    };
    // 1. The probe with the weekend crews planned first (see `crews`: where the bound is
    //    tight, the roster at it in 0.1-1.3 s on every such unit of the hard set and of the
    //    reference wards, seeds 0-4), the short probes at the bound (presolve off: a fraction
    //    of a second when the bound is tight, as on the textbook wards), then, for units with
    //    existing staff, the probe by repair (see `lns::repair`): their narrow hour windows are
    //    what it relaxes (without staff it only cost time: home-care-12w's headcount took
    //    9.5-10 s instead of 7.8-8.4 s), and the long probes; the probe with fixed weekend
    //    groups after the short ones on this thread (see `GROUPED_PROBE`). With two threads,
    //    the short probe with the tight weekend rows runs on the second one, then a first
    //    roster (see `first_roster`; home-care-peaks had its first at 23 s, after the probes),
    //    improved until they end.
    let budget = deadline();
    let repair: &[Probe] = if m.n_staff > 0 { &[REPAIR_PROBE] } else { &[] };
    // Where the staff's pinned hours carry most of the demand, their narrow windows are what
    // the plain probe cannot hit: the repair probe first.
    let (before, after): (&[Probe], &[Probe]) = if staff_pinned(m) {
        (repair, &[])
    } else {
        (&[], repair)
    };
    // The long probes, on a shorter leash than before (they took 60 % of the time when the
    // bound is slack): `home-care-12w` finds its rota at the bound here in about 3 s, and
    // neither the neighbourhood search nor the exact search finds it in a minute.
    let early: Vec<Probe> = PROBES[2..]
        .iter()
        .map(|p| Probe {
            share: EARLY_PROBE_SHARE,
            ..*p
        })
        .collect();
    let proven_lb = Arc::new(AtomicU32::new(lb));
    let start_given = start.is_some();
    let mut best: Option<Vec<f64>> = start;
    let first = |h: u32, lb: u32| {
        if let Some(c) = cb {
            c(t0.elapsed().as_secs_f64(), h as f64, lb as f64);
        }
    };
    // (Not on the long calendar plans the rolling horizon builds: there the feasibility
    // heuristic alone takes 3-6 s and finds nothing.)
    let (probed, beside, early_done) =
        if best.is_none() && threads(opts) >= 2 && !rolling::applies(f) {
            // Both sides run on threads of the whole solve's scope (`bg`), and the first to hold
            // a roster at the bound returns it at once. The other side is told to stop, but it
            // may be inside a solver step that does not look at the flag (presolve, the
            // feasibility-jump heuristic: 1-4 s on the big wards, where the phase used to wait
            // for it); it ends in the background, and its reports are dropped. What they share
            // is in `Sides`.
            let sides = Sides {
                f: Arc::new(f.clone()),
                bounds: Arc::new(bounds.clone()),
                opts: opts.clone(),
                found: Arc::new(AtomicBool::new(false)),
                done: Arc::new(AtomicBool::new(false)),
                stop: Arc::new(AtomicBool::new(false)),
                proven: Arc::clone(&proven_lb),
                over: Arc::new(Mutex::new(false)),
            };
            let close = || *sides.over.lock().unwrap_or_else(|e| e.into_inner()) = true;
            let time = (budget * FIRST_ROSTER_SHARE).min(FIRST_ROSTER_SECONDS);
            let (tx, rx) = std::sync::mpsc::channel::<Side>();
            {
                let s = sides.clone();
                let lists: Vec<Vec<Probe>> = vec![
                    vec![PLANNED_PROBE],
                    before.to_vec(),
                    PROBES[..1].to_vec(),
                    vec![GROUPED_PROBE],
                    after.to_vec(),
                    early.clone(),
                ];
                let tx = tx.clone();
                bg.spawn(move || {
                    let r = caught("probing the bound", || {
                        // Set however the probes end (after `found`, which the search beside
                        // reads once they are done).
                        let _done = SetOnDrop(&s.done);
                        let lists: Vec<&[Probe]> = lists.iter().map(Vec::as_slice).collect();
                        let left = || time_left(&s.opts);
                        let r = probe_lists(
                            &s.f,
                            &s.bounds,
                            &s.opts,
                            lb,
                            &lists,
                            budget,
                            &left,
                            Some(&s.stop),
                            &s.proven,
                        );
                        if matches!(r, Ok((Probed::Found(..), ..))) {
                            s.found.store(true, Ordering::Relaxed);
                        }
                        r
                    });
                    // The receiver is gone only once the phase has its answer.
                    let _ = tx.send(Side::Probes(r));
                });
            }
            {
                let s = sides.clone();
                let report = report.clone();
                bg.spawn(move || {
                    let r = caught("searching beside the probes", || {
                        let first = |h: u32, lb: u32| {
                            if let Some(c) = &report {
                                let over = s.over.lock().unwrap_or_else(|e| e.into_inner());
                                if !*over {
                                    c(t0.elapsed().as_secs_f64(), h as f64, lb as f64);
                                }
                            }
                        };
                        beside_probes(
                            &s.f, &s.bounds, &s.opts, lb, budget, time, &s.found, &s.done,
                            &s.proven, &first,
                        )
                    });
                    let _ = tx.send(Side::Beside(r));
                });
            }
            // The answer: a roster at the bound from either side at once, else both sides' ends.
            let mut probed = None;
            let mut beside = None;
            while probed.is_none() || beside.is_none() {
                let Ok(side) = rx.recv() else { break };
                match side {
                    Side::Probes(Ok((Probed::Found(values), at, _))) => {
                        close();
                        return Ok(Some(found(f, values, at)));
                    }
                    Side::Beside(Ok((Probed::Found(values), at))) => {
                        let at = at.max(proven_lb.load(Ordering::Relaxed));
                        if f.headcount(&values) <= at {
                            close();
                            sides.stop.store(true, Ordering::Relaxed);
                            return Ok(Some(found(f, values, at)));
                        }
                        beside = Some(Ok((Probed::Found(values), at)));
                    }
                    Side::Probes(r) => probed = Some(r),
                    Side::Beside(r) => {
                        // A proof that no roster exists (`Raised`) or an error beside leaves
                        // the probes nothing to add.
                        if matches!(r, Ok((Probed::Raised, _)) | Err(_)) {
                            sides.stop.store(true, Ordering::Relaxed);
                        }
                        beside = Some(r);
                    }
                }
            }
            close();
            let lost = |stage| Error::Solver {
                stage,
                status: "a thread ended without an answer".into(),
            };
            // A probe's outcome first: an error beside must not lose it.
            let (probed, at, last) = probed.ok_or_else(|| lost("probing the bound"))??;
            let (beside, raised) = beside.ok_or_else(|| lost("searching beside the probes"))??;
            let at = at.max(raised).max(proven_lb.load(Ordering::Relaxed));
            // The long probes ran on the probe thread, unless at a bound raised meanwhile.
            (Ok((probed, at, last)), Some(beside), last >= at)
        } else {
            let r = probe_lists(
                f,
                bounds,
                opts,
                lb,
                &[
                    &[PLANNED_PROBE],
                    before,
                    &PROBES[..2],
                    &[GROUPED_PROBE],
                    after,
                ],
                budget,
                deadline,
                None,
                &proven_lb,
            );
            (r, None, false)
        };
    match probed? {
        (Probed::Found(values), at, _) => return Ok(Some(found(f, values, at))),
        (_, at, _) => lb = lb.max(at),
    }
    match beside {
        Some(Probed::Raised) => return Ok(None),
        Some(Probed::Found(values)) if f.headcount(&values) <= lb => {
            return Ok(Some(found(f, values, lb)))
        }
        Some(Probed::Found(values)) => best = Some(values),
        Some(Probed::Unknown) | None => {}
    }
    // A first roster without the row on the open positions (at most 2 % of the time; where it
    // works it takes under a second). The better of the two is kept for the neighbourhood
    // search: measured on the Easter ward, the roster found beside the probes had 41 people,
    // this one 32.
    if !start_given {
        let have = best.as_ref().map(|b| f.headcount(b));
        let better = |h: u32| {
            if have.is_none_or(|x| h < x) {
                first(h, lb)
            }
        };
        match any_roster(f, &f.lp, opts, deadline() * 0.02, None, &better)? {
            Probed::Raised => return Ok(None),
            Probed::Found(values) => {
                if best
                    .as_ref()
                    .is_none_or(|b| f.headcount(&values) < f.headcount(b))
                {
                    best = Some(values);
                }
            }
            Probed::Unknown => {}
        }
    }
    // The long probes too (with two threads, they ran beside the search).
    if !early_done {
        match probe(f, bounds, opts, lb, &early, budget, deadline, None)? {
            Probed::Found(values) => return Ok(Some(found(f, values, lb))),
            Probed::Raised => lb += 1,
            Probed::Unknown => {}
        }
    }
    // 2. Any roster (presolve off: the solver's feasibility heuristics), then 3. drop created
    //    positions from it by large-neighbourhood search (see `lns`).
    if !open.is_empty() {
        let need = lb as f64 - m.n_staff as f64;
        f.lp.ge(RowFamily::Cut, "bound:probed".into(), open, need);
    }
    let mut bound = lb as f64;
    if best.is_none() {
        match any_roster(f, &f.lp, opts, deadline() * 0.2, None, &|h| first(h, lb))? {
            Probed::Raised => return Ok(None),
            Probed::Found(values) => best = Some(values),
            Probed::Unknown => {}
        }
    }
    let proven = |bound: f64, lb: u32| ((bound - 1e-6).ceil().max(0.0) as u32).max(lb);
    if let Some(values) = best.take() {
        let at = proven(bound, lb);
        let report = |h: u32| {
            if let Some(c) = cb {
                c(t0.elapsed().as_secs_f64(), h as f64, at as f64);
            }
        };
        let (values, _) = lns::improve(f, values, at, opts, deadline() * 0.5, Some(&report), None)?;
        best = Some(values);
    }
    let at_bound = |best: &Option<Vec<f64>>, bound: f64, lb: u32| {
        best.as_ref()
            .is_some_and(|v| f.headcount(v) <= proven(bound, lb))
    };
    // 4. The long probes at the bound (presolve on): a roster there is optimal, a proof that
    //    none exists raises the bound. Only one above the bound (or without a roster): then
    //    either outcome closes the gap, and further away the exact search is the better use
    //    of the time (measured on the home-care unit: probing 24 with 30 in hand cost the time
    //    the search needed to find and prove 27).
    let close = best
        .as_ref()
        .is_none_or(|v| f.headcount(v) <= proven(bound, lb) + 1);
    if close && !at_bound(&best, bound, lb) {
        let at = proven(bound, lb);
        let budget = deadline();
        match probe(f, bounds, opts, at, &PROBES[2..], budget, deadline, None)? {
            Probed::Found(values) => return Ok(Some(found(f, values, at))),
            Probed::Raised => {
                lb = lb.max(at + 1);
                bound = bound.max(f64::from(at + 1));
            }
            Probed::Unknown => {}
        }
    }
    // 5. The search that proves the bound, from the best roster.
    if !at_bound(&best, bound, lb) && deadline() >= 0.5 {
        let mo = mip_opts(opts, deadline(), opts.gap);
        let r = backend::solve(&f.lp, &obj, off, &mo, best.as_deref(), cb)?;
        match r.status {
            MipStatus::Infeasible => {
                return Ok(best.map(|values| Headcount {
                    headcount: f.headcount(&values),
                    values,
                    lb,
                    seconds: t0.elapsed().as_secs_f64(),
                }))
            }
            MipStatus::NoSolution => {}
            MipStatus::Optimal | MipStatus::Feasible => {
                let mut values = r.values;
                f.drop_idle(&mut values);
                best = Some(values);
            }
        }
        if r.bound.is_finite() {
            bound = bound.max(r.bound);
        }
    }
    let Some(values) = best else {
        return Err(Error::NoSolutionInTime {
            seconds: opts.time_limit,
            bound_headcount: ((bound - 1e-6).ceil().max(0.0) as u32).max(lb),
        });
    };
    let headcount = f.headcount(&values);
    Ok(Some(Headcount {
        headcount,
        lb: ((bound - 1e-6).ceil().max(0.0) as u32)
            .max(lb)
            .min(headcount),
        values,
        seconds: t0.elapsed().as_secs_f64(),
    }))
}

/// Share of the time a first roster built line by line may take (see [`built_roster`]); a
/// build that will not finish in it at its pace hurries, and one that still will not gives up
/// early, leaving its time to the rolling horizon. Curtois–Qu 22 (364 days, 50 people) needs
/// about 17–21 s of a 60 s solve: two people's lines come from their blocks as programs, 2 s
/// each, where the labelling's beam lost every line; 23 (100 people) gave up at person 67–71
/// of 100 after 20 s without hurrying, and hurried from person 65–67 builds everyone in
/// 20.5–21.7 s.
const BUILT_SHARE: f64 = 0.5;

/// A first roster built line by line (see [`lines::construct`]) for a calendar plan of
/// existing staff whose rules the labelling states, each line priced by the quality phase's
/// objective; `None` elsewhere or where it builds none in `time` seconds.
fn built_roster(f: &Formulation, opts: &SolveOptions, time: f64) -> Result<Option<Vec<f64>>> {
    let m = f.m;
    // (Before the copy of the program: the labelling's first conditions.)
    if m.cal.cyclic() || m.people.iter().any(|p| p.kind != PersonKind::Existing) {
        return Ok(None);
    }
    // The quality phase's objective adds its columns and rows to a copy: `f`'s columns come
    // first there, and its rows are a subset, so the copy's roster cut to them is `f`'s.
    let mut g = f.clone();
    let (obj, off) = objective::terms(&mut g, Phase::Quality).unwrap_or_default();
    let built = lines::construct(&g, &g.lp, (&obj, off), opts, time)?;
    Ok(built.map(|(_, mut values)| {
        values.truncate(f.lp.cols.len());
        values
    }))
}

/// Most searches with fresh seeds [`any_roster`] splits its time into. Measured
/// (`heltid solve --time-limit 60`, seeds 0–2, one run each): on `every2-slack` at seed 1 every
/// search for a first roster ran out of its time (3 s beside the probes, then 1 s and 9.7 s),
/// and the first roster came at 36 s (31 people, the optimum 23 unproven); split, the second
/// search of the 9.7 s found one in 0.1 s, and 23 was proven at 19.4 s. Seeds 0 and 2: 5.7 /
/// 17.5 s before, 7.4 / 17.4 s split; `big-three-wards`, `home-care-12w` and
/// `home-care-peaks` unchanged at each seed.
const RESTARTS: i32 = 3;

/// Any legal roster, as a feasibility problem (presolve off: the solver's feasibility
/// heuristics; no objective: the first roster found is optimal, so the solver stops there, where
/// with the headcount as objective it went on for seconds). The neighbourhood search improves it
/// much faster than the solver's own search does. `lp` is `f`'s program, or it with rows added
/// (a roster of it is one of `f`'s); `Raised` means it has no roster. `report` gets the
/// headcount of a roster found.
///
/// The time is split into up to [`RESTARTS`] searches of at least a second, each with its own
/// seed (see [`fresh_seeds`]): how long the solver's heuristics take to find a roster depends
/// on the seed far more than on the time.
fn any_roster(
    f: &Formulation,
    lp: &Lp,
    opts: &SolveOptions,
    time: f64,
    cancel: Option<Arc<AtomicBool>>,
    report: &dyn Fn(u32),
) -> Result<Probed> {
    let found = fresh_seeds(
        time,
        RESTARTS,
        1.0,
        opts.seed,
        cancel.as_deref(),
        |seed, slice| {
            let mut mo = mip_opts(opts, slice, 0.0);
            mo.presolve = false;
            mo.cancel = cancel.clone();
            mo.seed = Some(seed);
            let r = backend::solve(lp, &[], 0.0, &mo, None, None)?;
            Ok(match r.status {
                MipStatus::Infeasible => Some(Probed::Raised),
                MipStatus::NoSolution => None,
                MipStatus::Optimal | MipStatus::Feasible => {
                    let mut values = r.values;
                    f.drop_idle(&mut values);
                    report(f.headcount(&values));
                    Some(Probed::Found(values))
                }
            })
        },
    )?;
    Ok(found.unwrap_or(Probed::Unknown))
}

/// Splits `time` into up to `most` searches with fresh seeds (`seed + 7919·k`), equal slices
/// of at least `least` seconds, the last taking what is left: `search(seed, slice)` runs one
/// and ends them all with `Some`. None starts with under half a second left or once `cancel`
/// is set. (The solver's heuristics find a roster soon or not at all at a given seed; see
/// [`RESTARTS`] and [`GROUPED_PROBE`].)
fn fresh_seeds<T>(
    time: f64,
    most: i32,
    least: f64,
    seed: i32,
    cancel: Option<&AtomicBool>,
    mut search: impl FnMut(i32, f64) -> Result<Option<T>>,
) -> Result<Option<T>> {
    let t0 = Instant::now();
    let n = ((time / least).floor() as i32).clamp(1, most.max(1));
    for k in 0..n {
        let left = time - t0.elapsed().as_secs_f64();
        if k > 0 && (left < 0.5 || cancel.is_some_and(|c| c.load(Ordering::Relaxed))) {
            break;
        }
        let slice = if k + 1 < n { time / n as f64 } else { left };
        if let Some(found) = search(seed.wrapping_add(7919 * k), slice)? {
            return Ok(Some(found));
        }
    }
    Ok(None)
}

/// A first roster of any headcount, at least `lb`: [`any_roster`] with the open positions held
/// to the bound (measured, this row is what lets the solver's feasibility heuristic find a
/// roster on the home-care and long-weekend units; on the ward keeping its staff it finds none,
/// and relaxing the hour windows by [`lns::repair`] here found nothing before the probe at the
/// bound did). `cancel` stops it early.
fn first_roster(
    f: &Formulation,
    lb: u32,
    opts: &SolveOptions,
    time: f64,
    cancel: Option<&Arc<AtomicBool>>,
    report: &dyn Fn(u32),
) -> Result<Probed> {
    let open = f.open_headcount_terms();
    let need = lb as f64 - f.m.n_staff as f64;
    if open.is_empty() || need <= 0.0 {
        return any_roster(f, &f.lp, opts, time, cancel.cloned(), report);
    }
    let mut lp = f.lp.clone();
    lp.ge(RowFamily::Cut, "bound:first".into(), open, need);
    any_roster(f, &lp, opts, time, cancel.cloned(), report)
}

/// Where the headcount phase reports progress: `(seconds, best, bound)`, from the phase's own
/// thread and from the search beside the probes.
type Report = Arc<dyn Fn(f64, f64, f64) + Send + Sync>;

/// What the headcount phase's two threads share, each through its own clone (see
/// [`headcount_phase`]).
#[derive(Clone)]
struct Sides<'e> {
    f: Arc<Formulation<'e>>,
    bounds: Arc<Bounds>,
    opts: SolveOptions,
    /// A probe found a roster at the bound: the tight probe and the first roster beside stop.
    found: Arc<AtomicBool>,
    /// The probes are over: the neighbourhood search beside stops, the main one takes over.
    done: Arc<AtomicBool>,
    /// The search beside reached the bound, failed, or proved that no roster exists: the
    /// probes stop.
    stop: Arc<AtomicBool>,
    /// The bound as raised by a probe on either thread.
    proven: Arc<AtomicU32>,
    /// The phase has its answer; held while reporting from beside, so that no report slips
    /// in once it is set.
    over: Arc<Mutex<bool>>,
}

/// What a side of the headcount phase's two threads ended with.
enum Side {
    /// The probes: their outcome, their bound and the bound the last list ran at.
    Probes(Result<(Probed, u32, u32)>),
    /// The search beside them: its outcome and the bound it ran at.
    Beside(Result<(Probed, u32)>),
}

/// Runs `work`, turning a panic into an error of `stage` (a thread of the solve's scope that
/// panicked would otherwise take the whole solve down when the scope ends).
fn caught<T>(stage: &'static str, work: impl FnOnce() -> Result<T>) -> Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).unwrap_or_else(|_| {
        Err(Error::Solver {
            stage,
            status: "a thread panicked".into(),
        })
    })
}

/// Seconds until `opts`'s deadline (infinite without one).
fn time_left(opts: &SolveOptions) -> f64 {
    opts.deadline.map_or(f64::INFINITY, |d| {
        d.saturating_duration_since(Instant::now()).as_secs_f64()
    })
}

/// Probes headcount `lb` with each list of `lists` in turn (see [`probe`]), each from the bound
/// as raised so far by either thread (`proven`, which a probe that proves no roster raises):
/// the outcome, the bound and the bound the last list ran at.
#[allow(clippy::too_many_arguments)]
fn probe_lists(
    f: &Formulation,
    bounds: &Bounds,
    opts: &SolveOptions,
    lb: u32,
    lists: &[&[Probe]],
    budget: f64,
    deadline: &dyn Fn() -> f64,
    cancel: Option<&Arc<AtomicBool>>,
    proven: &AtomicU32,
) -> Result<(Probed, u32, u32)> {
    let mut lb = lb;
    for &probes in lists {
        lb = lb.max(proven.load(Ordering::Relaxed));
        match probe(f, bounds, opts, lb, probes, budget, deadline, cancel)? {
            Probed::Found(values) => return Ok((Probed::Found(values), lb, lb)),
            Probed::Raised => {
                proven.fetch_max(lb + 1, Ordering::Relaxed);
            }
            Probed::Unknown => {}
        }
    }
    Ok((Probed::Unknown, lb.max(proven.load(Ordering::Relaxed)), lb))
}

/// The second thread of the headcount phase (see [`headcount_phase`]): after a moment alone for
/// the probes, the short probe with the tight weekend rows (at most [`TIGHT_BESIDE_SECONDS`]),
/// then a first roster of any headcount (see [`first_roster`], at most `time`), improved by
/// neighbourhood search until the probes are `done`. `found` stops it: a probe found a roster
/// at the bound. `first` reports a roster's headcount and the bound it ran at.
#[allow(clippy::too_many_arguments)]
fn beside_probes(
    f: &Formulation,
    bounds: &Bounds,
    opts: &SolveOptions,
    lb: u32,
    budget: f64,
    time: f64,
    found: &Arc<AtomicBool>,
    done: &Arc<AtomicBool>,
    proven: &AtomicU32,
    first: &dyn Fn(u32, u32),
) -> Result<(Probed, u32)> {
    // The probe first alone for a moment: on the textbook wards it finds the optimum in under
    // half a second, and the solver's heuristics beside could not be stopped.
    let t = Instant::now();
    while t.elapsed().as_secs_f64() < FIRST_ROSTER_GRACE && !done.load(Ordering::Relaxed) {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    // The short probe with the tight weekend rows, where they are valid, runs here beside the
    // one without: neither order is right for every unit (measured: the tight one alone finds
    // the roster at the bound on `big-three-wards` and `group-home-6w`, the other alone on
    // `ward-6w-long-weekend` and `ward-optional-day`, each in 0.2-2.6 s while the other ran to
    // its limit; on the units measured with both threads, the bound is found as soon with this
    // one held to `TIGHT_BESIDE_SECONDS`). (Not once the probe beside has proven the bound
    // wrong.)
    let current = proven.load(Ordering::Relaxed) == lb;
    if bounds.weekend_tight_at(lb) && current && !found.load(Ordering::Relaxed) {
        // Its share of the time, and no more than the cap (however long the budget): the
        // deadline moved up to the cap's.
        let until = Instant::now() + std::time::Duration::from_secs_f64(TIGHT_BESIDE_SECONDS);
        let until = SolveOptions {
            deadline: Some(opts.deadline.map_or(until, |d| d.min(until))),
            ..opts.clone()
        };
        let capped = || time_left(&until);
        match probe(
            f,
            bounds,
            opts,
            lb,
            &PROBES[1..2],
            budget,
            &capped,
            Some(found),
        )? {
            Probed::Found(values) => return Ok((Probed::Found(values), lb)),
            // The probes' next lists start from the raised bound.
            Probed::Raised => {
                proven.fetch_max(lb + 1, Ordering::Relaxed);
            }
            Probed::Unknown => {}
        }
    }
    let at = lb.max(proven.load(Ordering::Relaxed));
    if found.load(Ordering::Relaxed) {
        return Ok((Probed::Unknown, at));
    }
    let report = |h| first(h, at);
    let values = match first_roster(f, at, opts, time, Some(found), &report)? {
        Probed::Found(values) => values,
        other => return Ok((other, at)),
    };
    // While the probes go on, drop positions from it. Another seed: the main search goes on
    // from its roster with its own neighbourhoods instead of replaying these.
    let other = SolveOptions {
        seed: opts.seed.wrapping_add(1),
        warm_start: None,
        ..opts.clone()
    };
    let (values, _) = lns::improve(
        f,
        values,
        at,
        &other,
        budget * 0.5,
        Some(&report),
        Some(done),
    )?;
    Ok((Probed::Found(values), at))
}

/// Sets its flag when dropped.
struct SetOnDrop<'a>(&'a AtomicBool);

impl Drop for SetOnDrop<'_> {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// What probing a headcount found.
enum Probed {
    /// A legal roster with exactly that headcount.
    Found(Vec<f64>),
    /// A proof that no roster has that headcount.
    Raised,
    /// Neither, within the time.
    Unknown,
}

/// Probes headcount `lb`: fixes `Σ used` to it and searches for any legal roster with each of
/// `probes` in turn (each its share of `budget`), see [`headcount_phase`].
#[allow(clippy::too_many_arguments)]
fn probe(
    f: &Formulation,
    bounds: &Bounds,
    opts: &SolveOptions,
    lb: u32,
    probes: &[Probe],
    budget: f64,
    deadline: &dyn Fn() -> f64,
    cancel: Option<&Arc<AtomicBool>>,
) -> Result<Probed> {
    let m = f.m;
    let open = f.open_headcount_terms();
    let target = lb as f64 - m.n_staff as f64;
    if open.is_empty() || target < 0.0 || target > open.len() as f64 {
        return Ok(Probed::Unknown);
    }
    for &Probe {
        presolve,
        tight,
        complete,
        grouped,
        share,
        repair,
        tries,
        planned,
    } in probes
    {
        if cancel.is_some_and(|c| c.load(Ordering::Relaxed)) {
            return Ok(Probed::Unknown);
        }
        // Nor where not even the plain program could be started in the time left: building the
        // probe's copy of it would only run the command past its deadline.
        if !backend::can_start(&f.lp, deadline()) {
            return Ok(Probed::Unknown);
        }
        // The groups only where they line up and restrict anything.
        if grouped && !weekend_groups_apply(m) {
            continue;
        }
        // The tight rows only where they are valid (and so a plan of the crews, which has the
        // tight rows: elsewhere nothing tells how many weekends each person works); the repair
        // probe goes on without them.
        let tight = match (tight, bounds.weekend_tight_at(lb)) {
            (true, false) if !repair => continue,
            (wanted, valid) => wanted && valid,
        };
        // Complete weekends restrict a scenario that allows partial ones, and fixed weekend
        // groups or a plan of the crews any scenario: a roster found is legal, but no roster
        // proves nothing.
        let restricted = (complete && !m.rules.weekend.complete) || grouped || planned;
        let lp = probe_program(f, bounds, lb, tight, grouped, complete);
        let time = (budget * share).min(deadline());
        if repair {
            match lns::repair(f, &lp, opts, time, cancel, None)? {
                lns::Repaired::Found(values) => return Ok(Probed::Found(values)),
                lns::Repaired::Infeasible if !restricted => return Ok(Probed::Raised),
                lns::Repaired::Infeasible | lns::Repaired::Stalled => {}
            }
            continue;
        }
        let stop = cancel.map(|c| &**c);
        let found = fresh_seeds(
            time,
            tries,
            if planned {
                PLANNED_TRY_SECONDS
            } else {
                PROBE_TRY_SECONDS
            },
            opts.seed,
            stop,
            |seed, slice| {
                let t = Instant::now();
                let fixed;
                let lp = if planned {
                    // The first plan as the solver finds it, the others by a preference.
                    let prefer = (seed != opts.seed).then_some(seed);
                    let time = slice * PLAN_SHARE;
                    match crews::planned(f, &lp, opts, prefer, time, cancel) {
                        Some(with) => {
                            fixed = with;
                            &fixed
                        }
                        None => return Ok(None),
                    }
                } else {
                    &lp
                };
                let slice = slice - t.elapsed().as_secs_f64();
                if slice <= 0.0 {
                    return Ok(None);
                }
                let mut mo = mip_opts(opts, slice.min(deadline()), 0.0);
                mo.presolve = presolve;
                mo.cancel = cancel.cloned();
                mo.seed = Some(seed);
                let r = backend::solve(lp, &[], 0.0, &mo, None, None)?;
                Ok(match r.status {
                    MipStatus::Optimal | MipStatus::Feasible => {
                        let mut values = r.values;
                        f.drop_idle(&mut values);
                        Some(Probed::Found(values))
                    }
                    MipStatus::Infeasible if !restricted => Some(Probed::Raised),
                    // Only this plan of the crews has no roster: the next try plans others.
                    MipStatus::Infeasible if planned => None,
                    // Proven for this program: no other seed finds one.
                    MipStatus::Infeasible => Some(Probed::Unknown),
                    MipStatus::NoSolution => None,
                })
            },
        )?;
        match found {
            Some(p @ (Probed::Found(_) | Probed::Raised)) => return Ok(p),
            Some(Probed::Unknown) | None => {}
        }
    }
    Ok(Probed::Unknown)
}

/// The program a probe at headcount `lb` searches: `f`'s with the open positions used held to
/// the headcount, and, as asked, the tight weekend rows (with the weekend groups, when
/// `grouped`) and complete weekends.
fn probe_program(
    f: &Formulation,
    bounds: &Bounds,
    lb: u32,
    tight: bool,
    grouped: bool,
    complete: bool,
) -> Lp {
    let target = lb as f64 - f.m.n_staff as f64;
    let mut lp = f.lp.clone();
    let open = f.open_headcount_terms();
    lp.row(
        RowFamily::Cut,
        "probe:headcount".into(),
        open,
        target,
        target,
    );
    if tight {
        add_tight_weekends(f, bounds, &mut lp);
        if grouped {
            add_weekend_groups(f, &mut lp);
        }
    }
    if complete && !f.m.rules.weekend.complete {
        add_complete_weekends(f, &mut lp);
    }
    lp
}

/// Rows valid when the headcount equals a tight weekend bound: every person works exactly
/// `weekends_per_person` weekends and weekend `k` has exactly `crews[k]` people.
pub(crate) fn add_tight_weekends(f: &Formulation, b: &Bounds, lp: &mut crate::formulation::Lp) {
    let m = f.m;
    let share = b.weekends_per_person as f64;
    for p in 0..m.people.len() {
        let mut t: Vec<_> = f.w[p].iter().flatten().map(|c| (*c, 1.0)).collect();
        let name = format!("probe:weekends:{}", f.pid(p));
        match f.used[p] {
            Some(u) => {
                t.push((u, -share));
                lp.row(RowFamily::Cut, name, t, 0.0, 0.0);
            }
            None => lp.row(RowFamily::Cut, name, t, share, share),
        }
    }
    for (k, crew) in b.crews.iter().enumerate() {
        let t: Vec<_> = (0..m.people.len())
            .filter_map(|p| f.w[p][k])
            .map(|c| (c, 1.0))
            .collect();
        let c = *crew as f64;
        lp.row(
            RowFamily::Cut,
            format!("probe:crew:{}", m.cal.date_str(k * 7 + 5)),
            t,
            c,
            c,
        );
    }
    // A date whose shifts overlapping weekend k demand the whole crew: its starters are exactly
    // the weekend's workers (so these people work that date). Complete weekends imply much of
    // this; stated outright it helps the probe when weekends may be partial (the ward with
    // `complete: false`: a rota at the bound in 0.4–2 s with these rows and complete-weekend
    // rows, none in 6 s without).
    let we = &m.rules.weekend;
    for (k, crew) in b.crews.iter().enumerate() {
        if *crew == 0 {
            continue;
        }
        let win = m.cal.weekend_window(k, we.from, we.to);
        for d in 0..m.days() {
            let slots: Vec<usize> = (0..m.shifts.len())
                .filter(|&s| m.cal.overlaps(m.interval(Day(d), ShiftId(s)), win))
                .collect();
            let need: i64 = slots.iter().map(|&s| m.cover[d][s].min).sum();
            if need != *crew as i64 {
                continue;
            }
            for p in 0..m.people.len() {
                let Some(wc) = f.w[p][k] else { continue };
                let mut t: Vec<_> = slots
                    .iter()
                    .filter_map(|&s| f.x[p][d][s])
                    .map(|c| (c, 1.0))
                    .collect();
                t.push((wc, -1.0));
                let name = format!("probe:crew-date:{}:{}", f.pid(p), m.cal.date_str(d));
                lp.row(RowFamily::Cut, name, t, 0.0, 0.0);
            }
        }
    }
}

/// Fixes the weekend group of each open position (a restriction for a probe with the tight
/// rows): the `i`-th candidate of a template with "one in n" works only weekends `k ≡ i (mod
/// n)`. At a tight bound everyone works their weekends every `n`-th week, so each person's
/// weekends are one of `n` groups; candidates of a template are interchangeable, so which
/// one holds a group is symmetric, and with the symmetry rows using them in order the used
/// ones spread evenly over the groups, template by template, as the rosters at the bound do
/// (the existing staff stay free to fill the groups up). The solver then need not search
/// over the groups at all: `home-care-peaks` at its bound in 2.6 s, none in 60 s without.
fn add_weekend_groups(f: &Formulation, lp: &mut crate::formulation::Lp) {
    let m = f.m;
    for t in 0..m.templates.len() {
        for (i, p) in m.candidates(t).enumerate() {
            let n = m.people[p].weekend_max_one_in;
            if n <= 1 {
                continue;
            }
            for k in (0..m.cal.weeks()).filter(|k| k % n != i % n) {
                if let Some(c) = f.w[p][k] {
                    let name = format!(
                        "probe:weekend-group:{}:{}",
                        f.pid(p),
                        m.cal.date_str(k * 7 + 5)
                    );
                    lp.row(RowFamily::Cut, name, vec![(c, 1.0)], 0.0, 0.0);
                }
            }
        }
    }
}

/// Whether [`add_weekend_groups`] restricts anything and its groups line up: some candidate
/// has "one in n" with n > 1, and on a cyclic horizon every such n divides the weeks (else
/// `k mod n` would not be the same group across the wrap).
fn weekend_groups_apply(m: &Model) -> bool {
    let ns = m
        .people
        .iter()
        .filter(|p| matches!(p.kind, PersonKind::Open { .. }))
        .map(|p| p.weekend_max_one_in);
    let mut any = false;
    for n in ns.filter(|&n| n > 1) {
        if m.cal.cyclic() && !m.cal.weeks().is_multiple_of(n) {
            return false;
        }
        any = true;
    }
    any
}

/// Complete-weekend rows for a scenario that does not require them (a restriction, used by a
/// probe): whoever works weekend `k` has shifts overlapping its Saturday and its Sunday.
fn add_complete_weekends(f: &Formulation, lp: &mut crate::formulation::Lp) {
    let m = f.m;
    for k in 0..m.cal.weeks() {
        let sat = weekend::slots_overlapping(f, m.cal.saturday(k));
        let sun = weekend::slots_overlapping(f, m.cal.sunday(k));
        for p in 0..m.people.len() {
            let Some(wc) = f.w[p][k] else { continue };
            for (day, tag) in [(&sat, "sat"), (&sun, "sun")] {
                let mut t: Vec<_> = day
                    .iter()
                    .filter_map(|&(d, s)| f.x[p][d][s])
                    .map(|c| (c, 1.0))
                    .collect();
                t.push((wc, -1.0));
                let name = format!(
                    "probe:complete:{}:{}:{tag}",
                    f.pid(p),
                    m.cal.date_str(k * 7 + 5)
                );
                lp.ge(RowFamily::Cut, name, t, 0.0);
            }
        }
    }
}

/// Solves a validated scenario (see [`solve`]).
pub(crate) fn run(v: &ValidScenario, opts: &SolveOptions) -> Result<Roster> {
    // The deadline counts from here: the bounds below are part of the solve.
    let opts = &held_to_limit(opts, Instant::now());
    let m = v.model();
    // The budget mode's ratio search tries headcounts above the smallest one: no cap there.
    let budget_mode = m.budget_units.is_some() && m.has_optional_demand();
    let cap = bounds::bounds(m)
        .headcount()
        .filter(|_| !budget_mode)
        .map(|lb| {
            let start = opts.warm_start.as_ref().map_or(0, created);
            candidate_cap((lb as usize).saturating_sub(m.n_staff)).max(start)
        });
    run_capped(v, opts, cap)
}

/// Candidates per template the solve builds first, given the created positions the headcount
/// bound asks for (`created_lb`): twice as many, and ten more. `max_count: 10000` on the
/// 6-week ward built 1 678 candidates (2.5 M nonzeros), and no search found a roster among
/// them in 10 s; at this cap it builds 140.
fn candidate_cap(created_lb: usize) -> usize {
    2 * created_lb + 10
}

/// Created positions of a roster.
fn created(r: &Roster) -> usize {
    r.staff.iter().filter(|s| s.origin == Origin::Open).count()
}

/// [`run`] on the model with at most `cap` candidates per template first.
///
/// A roster with `h` people has at most `h` less the staff created positions, so when the
/// headcount phase's roster has at most `cap` of them, every roster at least as good (each
/// with at most that many) is in the capped model, and the phases after it keep at most that
/// many: its bounds and proofs hold for the whole scenario. When the roster has more, or the
/// capped model has none, the whole model decides at once, starting from the roster found;
/// where that run ends without a roster as good (no time left, a model too large), the roster
/// found is returned with only the analytic bound as its proof. A capped run that finds no
/// roster in time reports a bound that holds for the whole model.
fn run_capped(v: &ValidScenario, opts: &SolveOptions, cap: Option<usize>) -> Result<Roster> {
    let (full, sc) = (v.model(), v.scenario());
    let t0 = Instant::now();
    let opts = &held_to_limit(opts, t0);
    // Without a cap `run_in` always ends `Done`; were it not, a roster it found keeps only the
    // whole model's claims, and none found is an error, never an unexplained "infeasible".
    let done = |o: Outcome| match o {
        Outcome::Done(r) => Ok(r),
        Outcome::Wider(Some(r)) => Ok(unproven(full, sc, &r)),
        Outcome::Wider(None) => Err(Error::Solver {
            stage: "solving",
            status: "the whole model asked for a wider one".into(),
        }),
    };
    // The headcount phase may leave a probe to end in the background (see
    // `headcount_phase`); the scope waits for it before the solve returns.
    let Some((small, cap)) = cap.and_then(|c| Some((full.with_candidates_capped(c)?, c))) else {
        return std::thread::scope(|bg| run_in(bg, full, sc, opts, None)).and_then(done);
    };
    let found = match std::thread::scope(|bg| run_in(bg, &small, sc, opts, Some(cap))) {
        Ok(Outcome::Done(r)) => return Ok(r),
        Ok(Outcome::Wider(found)) => found,
        // A roster that the capped model lacks has more than `cap` created positions of some
        // template: the capped model's bound holds up to that many people.
        Err(Error::NoSolutionInTime {
            seconds,
            bound_headcount,
        }) => {
            let whole = bounds::bounds(full).headcount().unwrap_or(0);
            let beyond = (full.n_staff + cap + 1) as u32;
            return Err(Error::NoSolutionInTime {
                seconds,
                bound_headcount: bound_headcount.min(beyond).max(whole),
            });
        }
        Err(e) => return Err(e),
    };
    let again = SolveOptions {
        warm_start: found.clone().or_else(|| opts.warm_start.clone()),
        ..opts.clone()
    };
    let seconds = |mut r: Roster| {
        r.solve_seconds = (t0.elapsed().as_secs_f64() * 100.0).round() / 100.0;
        r
    };
    match (
        std::thread::scope(|bg| run_in(bg, full, sc, &again, None)),
        found,
    ) {
        // Never worse than the roster in hand (the start may not have been completed in time).
        (Ok(o), Some(f)) => {
            let r = done(o)?;
            if r.status == Status::Infeasible || r.headcount > f.headcount {
                Ok(seconds(unproven(full, sc, &f)))
            } else {
                Ok(seconds(r))
            }
        }
        (Err(Error::NoSolutionInTime { .. } | Error::TooLarge { .. }), Some(f)) => {
            Ok(seconds(unproven(full, sc, &f)))
        }
        (r, _) => r.and_then(done).map(seconds),
    }
}

/// `r` (a roster of a capped model) with only the claims that hold for the whole model `m`:
/// the analytic headcount bound, and no phase proven.
fn unproven(m: &Model, sc: &crate::scenario::Scenario, r: &Roster) -> Roster {
    let lb = bounds::bounds(m)
        .headcount()
        .unwrap_or(0)
        .max(m.n_staff as u32);
    let claims = output::Claims {
        status: Status::Feasible,
        headcount_lower_bound: lb,
        hours_upper_bound_units: None,
        seconds: r.solve_seconds,
        average_upper_bound_pct: None,
    };
    let mut out = output::from_solution(m, sc, &start_assignments(m, r), claims);
    out.phases = r
        .phases
        .iter()
        .map(|p| PhaseReport {
            optimal: false,
            bound: (p.phase == Phase::Headcount.as_str()).then_some(f64::from(lb)),
            ..p.clone()
        })
        .collect();
    out
}

/// [`run`] on the model `m` of `scenario`, with the scope its background threads run in.
fn run_in<'s, 'e>(
    bg: &'s std::thread::Scope<'s, 'e>,
    m: &'e Model,
    scenario: &'e crate::scenario::Scenario,
    opts: &SolveOptions,
    cap: Option<usize>,
) -> Result<Outcome> {
    let progress = opts.progress.clone();
    let progress = progress.as_ref().map(|p| move |x: &Progress| p.call(x));
    let progress = progress.as_ref().map(|p| p as &dyn Fn(&Progress));
    let start_roster = opts.warm_start.as_ref();
    let t0 = Instant::now();
    let opts = &held_to_limit(opts, t0);
    // Progress in natural units: people for the headcount, hours for the hour phases.
    let start = t0;
    let unit = m.hour_unit.to_f64();
    // The total-hours phase's weights; its value is scaled with own weeks.
    let weights = m.hour_weights();
    let hours_scale = weights.scale;
    let watch = |phase: Phase| {
        progress.map(|p| {
            move |_t: f64, best: f64, bound: f64| {
                let (best, bound) = match phase {
                    Phase::Headcount | Phase::Quality => (best, bound),
                    Phase::TotalHours => (-best * unit / hours_scale, -bound * unit / hours_scale),
                    Phase::WishHours | Phase::SmallestPosition => (-best * unit, -bound * unit),
                    _ => (-best, -bound),
                };
                p(&Progress {
                    phase: phase.as_str(),
                    side: "",
                    seconds: start.elapsed().as_secs_f64(),
                    best,
                    bound,
                })
            }
        })
    };
    // Time left: the limit counted from the solve's start, or less where the deadline (a
    // caller's, e.g. the command's, which started before the scenario was read) comes first.
    let left = |t0: &Instant| {
        (opts.time_limit - t0.elapsed().as_secs_f64())
            .min(time_left(opts))
            .max(0.0)
    };
    let bounds = bounds::bounds(m);

    let pre = explain::prechecks(m);
    if !pre.is_empty() && cap.is_some() {
        return Ok(Outcome::Wider(None));
    }
    if !pre.is_empty() {
        return Ok(Outcome::Done(output::infeasible(
            m,
            scenario,
            pre,
            t0.elapsed().as_secs_f64(),
        )));
    }

    let budget = crate::formulation::Budget {
        max_nonzeros: opts.max_model_nonzeros,
        deadline: opts.deadline,
    };
    let mut f = match Formulation::within(m, Options::default(), budget) {
        Ok(f) => f,
        Err(Stop::TooLarge { nonzeros, columns }) => {
            return Err(Error::TooLarge {
                nonzeros,
                columns,
                people: m.people.len(),
                slots: (0..m.days())
                    .flat_map(|d| (0..m.shifts.len()).map(move |s| (d, s)))
                    .filter(|&(d, s)| m.open_slot(Day(d), ShiftId(s)))
                    .count(),
                limit: opts.max_model_nonzeros,
            })
        }
        Err(Stop::OutOfTime) => {
            return Err(Error::NoSolutionInTime {
                seconds: opts.time_limit,
                bound_headcount: bounds.headcount().unwrap_or(0).max(m.n_staff as u32),
            })
        }
    };
    let mut phases: Vec<PhaseReport> = Vec::new();

    // Phase 1: headcount.
    let deadline = || left(&t0);
    // Reported from the headcount phase's threads too (`watch` is not `Send`).
    let cb = opts.progress.clone().map(|p| {
        Arc::new(move |_t: f64, best: f64, bound: f64| {
            p.call(&Progress {
                phase: Phase::Headcount.as_str(),
                side: "",
                seconds: start.elapsed().as_secs_f64(),
                best,
                bound,
            })
        }) as Report
    });
    let start_values = match start_roster {
        Some(r) => complete_start(
            &f,
            &start_assignments(m, r),
            opts,
            (opts.time_limit * 0.1).max(1.0),
        )?,
        None => None,
    };
    let hc = headcount_phase(bg, &mut f, &bounds, opts, &deadline, cb, start_values)?;
    let Some(hc) = hc else {
        // Only the whole model's answer explains: the capped one's may be the cap's.
        if cap.is_some() {
            return Ok(Outcome::Wider(None));
        }
        let t = Instant::now();
        let why = explain::explain(m, &mip_opts(opts, 0.0, 0.0), left(&t0))?;
        phases.push(PhaseReport {
            phase: "explanation".into(),
            optimal: why.proven,
            objective: why.shortage.filter(|x| x.is_finite()),
            bound: why.bound.filter(|x| x.is_finite()),
            seconds: t.elapsed().as_secs_f64(),
            columns: why.columns,
            rows: why.rows,
        });
        let mut roster = output::infeasible(m, scenario, why.lines, t0.elapsed().as_secs_f64());
        roster.phases = phases;
        return Ok(Outcome::Done(roster));
    };
    // The phases after this one keep at most this roster's created positions: where that is
    // more than the cap, the whole model decides, from this roster.
    if cap.is_some_and(|c| (hc.headcount as usize).saturating_sub(m.n_staff) > c) {
        let claims = output::Claims {
            status: Status::Feasible,
            headcount_lower_bound: m.n_staff as u32,
            hours_upper_bound_units: None,
            seconds: t0.elapsed().as_secs_f64(),
            average_upper_bound_pct: None,
        };
        let assign = f.assignments(&hc.values);
        let roster = output::from_solution(m, scenario, &assign, claims);
        return Ok(Outcome::Wider(Some(roster)));
    }
    let (mut headcount, mut lb) = (hc.headcount, hc.lb);
    // The fewest people any roster has (the budget's ratio may raise `lb` to the headcount it
    // chose, which bounds that phase, not the rosters).
    let fewest_people = hc.lb;
    let mut optimal = lb >= headcount;
    phases.push(PhaseReport {
        phase: Phase::Headcount.as_str().into(),
        optimal,
        objective: Some(f64::from(headcount)),
        bound: Some(f64::from(lb)),
        seconds: hc.seconds,
        columns: f.lp.cols.len(),
        rows: f.lp.rows.len(),
    });
    let mut values = hc.values;
    let mut hours_bound = None;
    // The weighted hours the hours phase keeps (its row), for the supplies' bounds of the
    // wish-hours and smallest-position phases.
    let mut hours_kept = None;
    // The wished hours the wish-hours phase keeps (its row), for the smallest position's.
    let mut wish_kept = None;
    let mut ratio_bound = None;
    let budget_mode = m.budget_units.is_some() && m.has_optional_demand();
    if budget_mode {
        // Phase 2 with a budget: the exact ratio, over headcounts from the smallest one.
        let cb = watch(Phase::TotalHours);
        let r = ratio_phase(
            &mut f,
            opts,
            &|| left(&t0),
            (headcount, lb),
            values,
            cb.as_ref().map(|c| c as &dyn Fn(f64, f64, f64)),
        )?;
        // Under the three-shift rule the ratio is of hours to the fixed week, not the mean of
        // positions on the weeks the lines earn: it proves the headcount, not the average.
        optimal &= r.proven && m.three_shift.is_none();
        headcount = r.headcount;
        if r.proven {
            lb = headcount;
        }
        ratio_bound = m
            .three_shift
            .is_none()
            .then(|| r.ratio_bound_units / m.full_time_units().to_f64() * 100.0);
        values = r.values;
        phases.push(r.report);
    }
    f.lp.le(
        RowFamily::Objective,
        "objective:headcount".into(),
        f.open_headcount_terms(),
        headcount as f64 - m.n_staff as f64,
    );

    // Phase 2 under the three-shift rule: the sum of positions, each against the week the
    // person's line earns (the same hours are a larger position on a shorter week, so the
    // hours alone do not decide it).
    let rule_average = m.three_shift.is_some() && !budget_mode;
    if rule_average {
        let hc = (headcount, lb);
        match average_phase(&mut f, opts, &|| left(&t0), hc, values, t0, progress)? {
            Ok(a) => {
                optimal &= a.report.optimal;
                ratio_bound = a.bound_pct;
                phases.push(a.report);
                values = a.values;
            }
            Err(v) => {
                // A person's week is not in the program: nothing is proven about the average
                // beyond the analytic bound.
                optimal = false;
                values = v;
            }
        }
    }
    // Phase 2: total hours at that headcount, each person's against their own week (only with
    // optional demand or own weeks).
    let hours_phase = if rule_average {
        None
    } else {
        objective::terms(&mut f, Phase::TotalHours)
    };
    if let Some((obj, off)) = hours_phase {
        let cb = watch(Phase::TotalHours);
        // First improve the headcount's roster by neighbourhood search, then let the exact
        // search prove the bound from it.
        f.extend_warm_start(&mut values);
        // The hours whole shifts can reach under the shift types' supplies (see `supply`),
        // stated as a cut: it stops the search below at a roster that meets it, and the exact
        // search starts from it (`flexible-every2`: 3768 h proven at about 6 s, where the
        // search's bound had stayed at 3782 h for 40 s).
        let supply = supply::bound(
            &f,
            supply::Aim::Hours(&weights.weights),
            (fewest_people, headcount),
            opts,
            left(&t0) * 0.05,
        )?
        .map(|b| held_bound(b, weights.integral));
        // The roster in hand keeps every row, so it keeps a valid bound too: a bound it
        // breaks would cut off rosters, and is not used (a library does not panic on it).
        let in_hand = Lp::eval(&obj, &values) + off;
        let supply = supply.filter(|&b| in_hand >= b - 1e-6 * b.abs().max(1.0));
        if let Some(b) = supply {
            f.lp.ge(
                RowFamily::Cut,
                "bound:hours-supply".into(),
                obj.clone(),
                b - off,
            );
        }
        let target = supply
            .map_or(f64::NEG_INFINITY, |b| b)
            .max(-m.weighted_hours_bound(&weights));
        let (polished, _) = lns::polish(
            &f,
            values,
            &obj,
            Some(target),
            opts,
            left(&t0) * 0.4,
            (false, lns::Focus::Spare),
        )?;
        values = polished;
        if let Some(c) = &cb {
            let h = Lp::eval(&obj, &values);
            c(t0.elapsed().as_secs_f64(), h + off, f64::NEG_INFINITY);
        }
        let r = backend::solve(
            &f.lp,
            &obj,
            off,
            &mip_opts(opts, left(&t0), 0.0),
            Some(&values),
            cb.as_ref().map(|c| c as &dyn Fn(f64, f64, f64)),
        )?;
        if matches!(r.status, MipStatus::Optimal | MipStatus::Feasible) {
            optimal &= r.status == MipStatus::Optimal;
            hours_bound = Some(-r.bound / weights.scale);
            phases.push(report(
                Phase::TotalHours,
                r.status == MipStatus::Optimal,
                &r,
                &f.lp,
            ));
            // Keep at least these hours: −H ≤ −H* (integral weighted units, so +0.5 is
            // exact; otherwise a relative 1e-7).
            let slack = if weights.integral {
                0.5
            } else {
                1e-7 * r.objective.abs().max(1.0)
            };
            f.lp.le(
                RowFamily::Objective,
                "objective:total-hours".into(),
                obj,
                r.objective - off + slack,
            );
            // (Whole weighted units round up: a floor the solver's tolerance cannot break.)
            let kept = -(r.objective - off + slack);
            hours_kept = Some(if weights.integral {
                (kept - 1e-4).ceil()
            } else {
                kept - 1e-6 * kept.abs().max(1.0)
            });
            values = r.values;
        } else {
            optimal = false;
        }
    }

    // Tie-breaks, each on top of the previous optimum.
    if opts.tie_breaks || m.has_soft_demand() {
        let order = [Phase::WishHours, Phase::SmallestPosition, Phase::Quality];
        for phase in order {
            // With soft demand the quality phase carries the unit's staffing (its costs are
            // the shortfall), so it is the main objective, not a tie-break: it runs even
            // without tie-breaks, gets all the time left and searches to the end (measured on
            // Curtois–Qu instances 4, 5 and 8: 1716–1725, 1334 and 1887–2636 against 1721,
            // 1437 and 2644 when it stopped on a stall).
            let primary = phase == Phase::Quality && m.has_soft_demand();
            if !opts.tie_breaks && !primary {
                continue;
            }
            // The quality phase is the last: nothing after it needs the time it leaves, and
            // its exact search stops once it stalls (group home with the norwegian preset:
            // 956.5 → 839.5 in its half of what was left, lower with all of it; see the issue
            // note), its neighbourhood search too where the lines bound the phase (see below).
            let share = if primary || phase == Phase::Quality {
                1.0
            } else {
                opts.tie_break_share.clamp(0.0, 1.0)
            };
            let budget = left(&t0) * share;
            if budget < 1.0 {
                break;
            }
            if phase == Phase::SmallestPosition {
                let cb = watch(phase);
                let cb = cb.as_ref().map(|c| c as &dyn Fn(f64, f64, f64));
                let fewest = (fewest_people as usize).saturating_sub(m.n_staff);
                let kept = Kept {
                    hours: hours_kept.map(|k| (&weights.weights[..], k)),
                    wished: wish_kept,
                    people: (fewest_people, headcount),
                };
                if let Some(rep) =
                    raise_smallest(&mut f, opts, budget, (fewest, &kept), &mut values, cb)?
                {
                    phases.push(rep);
                }
                continue;
            }
            if phase == Phase::Quality {
                f.plan_from(&values);
            }
            let Some((obj, off)) = objective::terms(&mut f, phase) else {
                continue;
            };
            f.extend_warm_start(&mut values);
            let cb = watch(phase);
            // A short exact search first (small programs are proven at once: `tiny` in 0.07 s,
            // where the neighbourhood search spent seconds on fruitless tries); otherwise
            // neighbourhood search (as for the hours phase), then the exact search from its
            // roster, stopped once it stalls: measured on the group home, the exact search
            // alone spent 20 s in root cuts before its heuristics found what the search does.
            let phase_start = Instant::now();
            let mut supply_bound = None;
            if phase == Phase::WishHours {
                // The wished hours whole shifts can reach under the shift types' supplies
                // (see `supply`), as a cut: the searches below stop at a roster that meets
                // it, and the exact search's bound starts from it.
                let least = hours_kept.map(|k| (&weights.weights[..], k));
                let aim = supply::Aim::Wish { least };
                let time = budget * SUPPLY_SHARE;
                // (Optional: a solver error in it leaves the phase's own bounds.)
                let got = supply::bound(&f, aim, (fewest_people, headcount), opts, time);
                if let Some(b) = got.ok().flatten() {
                    let b = held_bound(b, true);
                    let in_hand = Lp::eval(&obj, &values) + off;
                    if in_hand >= b - 1e-6 {
                        f.lp.ge(
                            RowFamily::Cut,
                            "bound:wish-supply".into(),
                            obj.clone(),
                            b - off,
                        );
                        supply_bound = Some(b);
                    }
                }
            }
            let stall = (!primary).then(|| (budget * TIE_BREAK_STALL).max(2.0));
            // The least the quality phase's costs can be over their columns' bounds alone (0
            // for patterns; below 0 where requests ask for shifts): its searches stop at a
            // roster that meets it (without it, a roster of cost 0 found by a neighbourhood
            // search that does not stop on a stall would be searched on to the phase's end).
            let floor = (phase == Phase::Quality)
                .then(|| finite(f.lp.dual_bound(&obj, off, &[])))
                .flatten();
            // Where the labelling does not state every person's rules, the quality tie-break
            // takes the relaxation's bound instead of the bound over rota lines (see below).
            let relaxed_only =
                phase == Phase::Quality && !primary && !lines::labelled(&f, &f.lp, &obj);
            // (Shorter beside the supplies' bound, which the neighbourhood search below
            // stops at: on `long-weekend-every2` and `ward-optional-day` this search took
            // 2.9-3.1 s without reaching it, the neighbourhood search 0.3-0.6 s more; and
            // shorter where only the relaxation bounds the quality tie-break, see
            // `SHORT_UNLABELLED`.)
            let short = if supply_bound.is_some() {
                (budget * 0.1).min(SHORT_BESIDE_SUPPLY)
            } else if relaxed_only {
                (budget * 0.1).min(SHORT_UNLABELLED)
            } else {
                budget * 0.1
            };
            let mut mo = mip_opts(opts, short.max(0.5), 0.0);
            mo.stall = stall;
            let in_hand = Lp::eval(&obj, &values) + off;
            let mut r = match supply_bound {
                // The roster in hand meets the supplies' bound: proven as it is.
                Some(b) if in_hand <= b + 1e-6 => backend::MipResult {
                    status: MipStatus::Optimal,
                    objective: in_hand,
                    bound: b,
                    values: values.clone(),
                    improving: Vec::new(),
                    seconds: 0.0,
                },
                _ => backend::solve(&f.lp, &obj, off, &mo, Some(&values), None)?,
            };
            let mut lines_bound = None;
            if r.status != MipStatus::Optimal {
                if r.status == MipStatus::Feasible {
                    values = r.values;
                }
                // 1. The bound over whole rota lines (see `lines`): the compact program's
                //    bound prices each person's patterns fractionally and stays near 0 (the
                //    norwegian preset) or far below the published bounds (Curtois–Qu
                //    instance 4: 1432 against 1716). It stops early once it converges or
                //    proves the roster in hand, and combines its lines into a roster.
                let mut now = Lp::eval(&obj, &values) + off;
                // (The exact search may stop before its relaxation meets the supplies' cut.)
                let known = finite(r.bound)
                    .unwrap_or(f64::NEG_INFINITY)
                    .max(supply_bound.unwrap_or(f64::NEG_INFINITY));
                let target = lines::Target {
                    enough: now,
                    known,
                    integral: lines::integral_objective(&f.lp, &obj, off),
                    penalty: obj.iter().fold(1.0, |m: f64, (_, a)| m.max(a.abs())),
                    longer: if primary {
                        budget * LINES_LONGER_SHARE
                    } else {
                        0.0
                    },
                    primary,
                };
                // Not in the wish-hours phase where the supplies bound it: its first rounds
                // restate the compact relaxation, which the supplies' bound already beats or
                // meets (measured: 4.1-4.3 s for it on `long-weekend-every2`,
                // `ward-optional-day` and `ward-existing-staff`; nothing on `big-three-wards`).
                // Nor in the quality tie-break where the labelling does not state every
                // person's rules (it states existing staff on a dated horizon: not created
                // positions, a cyclic horizon or the three-shift week): there each round
                // prices by MIP alone, 9 s a round on `ward-6w` under the norwegian preset,
                // whose bound stayed at the relaxation's 0 after 10 rounds (84 s), and its
                // fifth of the phase is the neighbourhood search's (see below). The
                // relaxation's bound stands in for it (10.1 on `ward-existing-staff` with fair
                // shares of weekends priced).
                let time = if (phase == Phase::WishHours && supply_bound.is_some()) || relaxed_only
                {
                    0.0
                } else {
                    budget * LINES_SHARE
                };
                // The bound is optional: a solver error in it leaves the exact search's.
                let got = if time > 0.0 {
                    lines::bound(&f, &f.lp, (&obj, off), &values, opts, time, target)
                        .ok()
                        .flatten()
                } else {
                    None
                };
                // The best bound proved so far: the exact search's, the supplies' or the
                // costs' floor, then the lines' (or the relaxation's alone, after the search).
                let mut best = known.max(floor.unwrap_or(f64::NEG_INFINITY));
                if let Some(b) = got {
                    // The roster the lines started from, for the search around their
                    // relaxation below.
                    let before = values.clone();
                    if let Some((v, better)) = b.roster.filter(|(v, _)| *v < now - 1e-9) {
                        now = v;
                        values = better;
                    }
                    // (Where no round of exact pricing was complete, the compact relaxation's.)
                    lines_bound = finite(target.rounded(b.bound));
                    best = best.max(target.rounded(b.bound));
                    if let Some(c) = &cb {
                        c(t0.elapsed().as_secs_f64(), now, best);
                    }
                    // 2. The columns where the roster the lines started from and their
                    //    relaxation disagree, re-planned (see `lns::rins`), unless a bound
                    //    proves the roster; with soft demand within the phase's first nine
                    //    tenths, as the search below. Kept where better than the lines' own
                    //    roster. (Not from that roster: where it comes from a dive on the
                    //    master, it rounds this relaxation and agrees with it nearly
                    //    everywhere. On Curtois–Qu instance 7, from the dive's 1376 / 1364
                    //    the search reached 1157 / 1252 and the solve ended at 1059 / 1061,
                    //    from the start 1153 / 1159 and 1056 / 1057, at seeds 0 / 1.)
                    let end = if primary { budget * 0.9 } else { budget };
                    let time = (budget * RINS_SHARE).min(end - phase_start.elapsed().as_secs_f64());
                    if let Some(relaxed) = b.relaxed.as_deref().filter(|_| best < now - 1e-6) {
                        let found = lns::rins(&f, &before, relaxed, &obj, opts, time)?;
                        let better = found.filter(|v| Lp::eval(&obj, v) + off < now - 1e-9);
                        if let Some(better) = better {
                            now = Lp::eval(&obj, &better) + off;
                            values = better;
                            if let Some(c) = &cb {
                                c(t0.elapsed().as_secs_f64(), now, best);
                            }
                        }
                    }
                }
                let mut best_bound = finite(best);
                // 3. Each person's best line against everyone else's, where the labelling
                //    states every person's rules (see `lines::respond`), before the
                //    neighbourhood search and again after it.
                if best_bound.is_none_or(|b| b < now - 1e-6)
                    && respond(
                        &f,
                        (&obj, off),
                        opts,
                        budget * RESPOND_SHARE,
                        (&mut now, &mut values),
                    )
                {
                    if let Some(c) = &cb {
                        c(t0.elapsed().as_secs_f64(), now, best);
                    }
                }
                // 4. Neighbourhood search, stopped at the best bound proved so far (the search
                //    to the end would otherwise run out its time at a proven optimum).
                if best_bound.is_none_or(|b| b < now - 1e-6) {
                    // With soft demand all but the last tenth (the exact search's, for the
                    // bound), however long the lines took.
                    // (Most of the wish-hours phase's time where the supplies bound it: the
                    // exact search after it found nothing better on `ward-existing-staff` and
                    // `big-three-wards`, and the search ended higher with its time, at seeds
                    // 0 and 1: 2206 / 2207 half-hour units against 2201 / 2206, and 3411 /
                    // 3413 against 3386 / 3403.)
                    let spent = phase_start.elapsed().as_secs_f64();
                    let lns_time = if phase == Phase::WishHours && supply_bound.is_some() {
                        (budget * WISH_POLISH_SHARE)
                            .min(budget * 0.9 - spent)
                            .max(0.0)
                    } else if phase == Phase::Quality {
                        // (As a tie-break too: on the wards under the norwegian preset it
                        // still gained try after try when 40 % of the phase ended it; see
                        // `lns::COST_START_PEOPLE`. There, where only the relaxation bounds
                        // the phase, it does not stop when it stalls: the exact search that
                        // had the rest of the phase found nothing after it on `ward-6w`,
                        // `ward-existing-staff`, `big-three-wards`, `group-home-6w` or the
                        // three-shift week, 1-13 s each at seed 0.)
                        (budget * 0.9 - spent).max(0.0)
                    } else {
                        budget * 0.4
                    };
                    let proven = best_bound.map(|b| b - off + 1e-6);
                    // The costliest lines first; with soft demand the costs are mostly the
                    // cover (no one's own), where people with hours to spare fill the gaps, as
                    // measured on Curtois–Qu before. The wish-hours phase moves hours from
                    // people above their least to those short of their wish: both sides first
                    // (with people with hours to spare, `Focus::Spare`, the created positions'
                    // spare hours drew the search: `ward-existing-staff` 2192 / 2203 half-hour
                    // units at seeds 0 / 1 against 2206 / 2206), and windows of everybody (on
                    // `psych-three-shift`, windows of the people freed only left one run in
                    // five at 396.25 h of the proven 403 h; a window of everybody finds 403 h
                    // in one try).
                    let focus = if primary {
                        lns::Focus::Spare
                    } else if phase == Phase::WishHours {
                        lns::Focus::Wish
                    } else {
                        lns::Focus::Cost
                    };
                    let (polished, _) = lns::polish(
                        &f,
                        values,
                        &obj,
                        proven,
                        opts,
                        lns_time,
                        (primary || relaxed_only, focus),
                    )?;
                    values = polished;
                    now = Lp::eval(&obj, &values) + off;
                }
                if best_bound.is_none_or(|b| b < now - 1e-6) {
                    // At most half of what is left, which is the exact search's (its roster is
                    // the phase's below, reported there).
                    let rest = budget - phase_start.elapsed().as_secs_f64();
                    let time = (budget * RESPOND_SHARE).min(rest * 0.5);
                    respond(&f, (&obj, off), opts, time, (&mut now, &mut values));
                }
                // 5. Where it stands in for the lines' bound, the relaxation's, after the
                //    search: before it, with the short exact search, it took a fifth of the
                //    phase on the wards under the norwegian preset (3.1 s of 40 s on `ward-6w`,
                //    2.5 s of 29 s on `ward-existing-staff`) and gave the search nothing to stop
                //    at (0, or no bound in its time on `big-three-wards`).
                let rest = budget - phase_start.elapsed().as_secs_f64();
                if relaxed_only && rest > 0.1 && best_bound.is_none_or(|b| b < now - 1e-6) {
                    let mut mo = mip_opts(opts, (budget * RELAXATION_SHARE).min(rest), 0.0);
                    mo.verbose = false;
                    let got = relaxation_bound(&f.lp, (&obj, off), &mo).ok();
                    if let Some(b) = got.and_then(|(b, _)| finite(target.rounded(b))) {
                        lines_bound = Some(b);
                        best_bound = Some(best_bound.map_or(b, |k| k.max(b)));
                        if let Some(c) = &cb {
                            c(t0.elapsed().as_secs_f64(), now, best_bound.unwrap_or(b));
                        }
                    }
                }
                // The roster in hand as the phase's result.
                let in_hand = |status, bound, values: &Vec<f64>| backend::MipResult {
                    status,
                    objective: now,
                    bound,
                    values: values.clone(),
                    improving: Vec::new(),
                    seconds: phase_start.elapsed().as_secs_f64(),
                };
                if best_bound.is_some_and(|b| b >= now - 1e-6) {
                    // A bound proves the roster in hand (the lines', the supplies', the
                    // relaxation's or the costs' floor): nothing is left to search.
                    r = in_hand(MipStatus::Optimal, now, &values);
                } else if relaxed_only && budget - phase_start.elapsed().as_secs_f64() < 1.0 {
                    // No time left for an exact search to reach its root (the searches above
                    // took it): the roster in hand.
                    r = in_hand(MipStatus::Feasible, known, &values);
                } else {
                    let rest = budget - phase_start.elapsed().as_secs_f64();
                    let mut mo = mip_opts(opts, rest.max(0.5), 0.0);
                    mo.stall = stall;
                    r = backend::solve(
                        &f.lp,
                        &obj,
                        off,
                        &mo,
                        Some(&values),
                        cb.as_ref().map(|c| c as &dyn Fn(f64, f64, f64)),
                    )?;
                    if !matches!(r.status, MipStatus::Optimal | MipStatus::Feasible) {
                        // No time left for it: the roster in hand and the bounds proved.
                        r = in_hand(MipStatus::Feasible, known, &values);
                    }
                }
            }
            // The best of the exact search's bound, the supplies' (the search may stop before
            // its relaxation meets their cut) and the lines' or the relaxation's (no higher than
            // the roster: anything above is rounding); a roster that meets it is optimal.
            // And, for the quality phase, its costs' floor (above), where no search proved
            // more: its neighbourhood search, run to nine tenths of the phase, may leave the
            // exact search no time for its root.
            for b in [supply_bound, lines_bound, floor].into_iter().flatten() {
                r.bound = r.bound.max(b).min(r.objective);
            }
            if matches!(r.status, MipStatus::Feasible) && r.objective <= r.bound + 1e-6 {
                r.status = MipStatus::Optimal;
            }
            if matches!(r.status, MipStatus::Optimal | MipStatus::Feasible) {
                let mut rep = report(phase, r.status == MipStatus::Optimal, &r, &f.lp);
                rep.seconds = phase_start.elapsed().as_secs_f64();
                phases.push(rep);
                // Keep this level (allow rounding noise only).
                f.lp.le(
                    RowFamily::Objective,
                    format!("objective:{}", phase.as_str()),
                    obj,
                    r.objective - off + 1e-6,
                );
                if phase == Phase::WishHours {
                    // −Σ z ≤ the optimum: Σ z at least its negation (whole units for any
                    // roster: rounded up past the solver's tolerance).
                    wish_kept = Some((-(r.objective - off + 1e-6) - 1e-4).ceil());
                }
                values = r.values;
            }
        }
    }

    let assign = f.assignments(&values);
    let mut roster = output::from_solution(
        m,
        scenario,
        &assign,
        output::Claims {
            // Hours on soft demand are priced in the quality phase, not maximised: the average
            // position is then not proven maximal (docs/format.md rule 15a).
            status: if optimal && !m.has_soft_demand() {
                Status::Optimal
            } else {
                Status::Feasible
            },
            headcount_lower_bound: lb,
            // The total-hours bound leaves soft demand's hours out: not a bound on the average.
            hours_upper_bound_units: hours_bound.filter(|_| !m.has_soft_demand()),
            seconds: t0.elapsed().as_secs_f64(),
            average_upper_bound_pct: ratio_bound,
        },
    );
    roster.phases = phases;
    Ok(Outcome::Done(roster))
}

/// `opts` with its time limit made a number of seconds in range, and a deadline that far from
/// `t0` (or the caller's, when earlier). The limit is for the whole solve, every phase and the
/// explanation included: one deadline that every solver call stops at. (A limit that is not a
/// number is no time at all.)
fn held_to_limit(opts: &SolveOptions, t0: Instant) -> SolveOptions {
    let time_limit = if opts.time_limit.is_nan() {
        0.0
    } else {
        opts.time_limit.clamp(0.0, 1e9)
    };
    let end = t0 + std::time::Duration::from_secs_f64(time_limit);
    SolveOptions {
        time_limit,
        deadline: Some(opts.deadline.map_or(end, |d| d.min(end))),
        ..opts.clone()
    }
}

/// What [`run_in`] ends with.
enum Outcome {
    /// The solve's roster.
    Done(Roster),
    /// The capped model cannot decide: its headcount phase's roster has more created positions
    /// than the cap (that roster), or it has none (`None`).
    Wider(Option<Roster>),
}

/// Outcome of the budget mode's ratio search.
struct Ratio {
    /// Best roster's columns.
    values: Vec<f64>,
    /// Its headcount.
    headcount: u32,
    /// Whether the ratio is proven maximal.
    proven: bool,
    /// Proven upper bound on total hour units per person.
    ratio_bound_units: f64,
    /// What the phase did.
    report: PhaseReport,
}

/// The budget mode (`budget_fte`): the largest average position `T(h) / h` exactly, where
/// `T(h)` is the most hour units (within the budget) a roster with at most `h` people plans.
/// Enumerates `h` upwards from the smallest headcount `h₀`; every roster with more than `h`
/// people plans at most `T_max` units (the budget, or all optional demand), so once
/// `T_max / (h + 1)` is no better than the best ratio found, no larger headcount can win.
fn ratio_phase(
    f: &mut Formulation,
    opts: &SolveOptions,
    left: &dyn Fn() -> f64,
    (h0, lb0): (u32, u32),
    mut values: Vec<f64>,
    progress: Option<&dyn Fn(f64, f64, f64)>,
) -> Result<Ratio> {
    let m = f.m;
    let t0 = Instant::now();
    let Some((obj, off)) = objective::terms(f, Phase::TotalHours) else {
        return Err(Error::Solver {
            stage: "the budget ratio search",
            status: "no optional demand".into(),
        });
    };
    let t_max = m.max_demand_units().min(m.budget_units.unwrap_or(i64::MAX)) as f64;
    let most_people = m.people.len() as u32;
    let total = |v: &[f64]| -> f64 { -crate::formulation::Lp::eval(&obj, v) };
    let mut best = (total(&values) / f64::from(h0.max(1)), h0, values.clone());
    // Headcounts below h₀ that are not proven impossible: bounded by T_max / lb₀.
    let mut bound = if lb0 < h0 {
        t_max / f64::from(lb0.max(1))
    } else {
        0.0
    };
    let mut proven = lb0 >= h0;
    let mut h = h0;
    loop {
        let budget = left();
        if budget < 0.5 {
            proven = false;
            bound = bound.max(t_max / f64::from(h.max(1)));
            break;
        }
        let mut lp = f.lp.clone();
        lp.le(
            RowFamily::Objective,
            format!("ratio:headcount:{h}"),
            f.open_headcount_terms(),
            f64::from(h) - m.n_staff as f64,
        );
        let r = backend::solve(
            &lp,
            &obj,
            off,
            &mip_opts(opts, budget, 0.0),
            Some(&values),
            None,
        )?;
        match r.status {
            MipStatus::Optimal | MipStatus::Feasible => {
                let mut v = r.values;
                f.drop_idle(&mut v);
                let people = f.headcount(&v).max(1);
                let ratio = total(&v) / f64::from(people);
                // Any roster with exactly h people plans at most the proven bound.
                let hb = if r.status == MipStatus::Optimal {
                    -r.objective + off
                } else {
                    proven = false;
                    -(r.bound - off)
                };
                bound = bound.max(hb.min(t_max) / f64::from(h.max(1)));
                if ratio > best.0 + 1e-9 {
                    best = (ratio, people, v.clone());
                }
                values = v;
            }
            MipStatus::Infeasible => {}
            MipStatus::NoSolution => {
                proven = false;
                bound = bound.max(t_max / f64::from(h.max(1)));
            }
        }
        if let Some(p) = progress {
            p(t0.elapsed().as_secs_f64(), -best.0, -bound.max(best.0));
        }
        if h >= most_people || t_max / f64::from(h + 1) <= best.0 + 1e-9 {
            break;
        }
        h += 1;
    }
    let (ratio, headcount, values) = best;
    let bound = bound.max(ratio);
    Ok(Ratio {
        values,
        headcount,
        proven: proven && bound <= ratio + 1e-9,
        ratio_bound_units: bound,
        report: PhaseReport {
            phase: "budget ratio".into(),
            optimal: proven,
            objective: finite(-ratio),
            bound: finite(-bound),
            seconds: t0.elapsed().as_secs_f64(),
            columns: f.lp.cols.len(),
            rows: f.lp.rows.len(),
        },
    })
}

/// `x` when it is a number (JSON has no infinity).
fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

fn report(
    phase: Phase,
    optimal: bool,
    r: &backend::MipResult,
    lp: &crate::solver::Lp,
) -> PhaseReport {
    PhaseReport {
        phase: phase.as_str().into(),
        optimal,
        objective: finite(r.objective),
        bound: finite(r.bound),
        seconds: r.seconds,
        columns: lp.cols.len(),
        rows: lp.rows.len(),
    }
}

/// Share of the time left that the average-position phase's neighbourhood search gets, freeing
/// the people who hold the most credit first (measured on the 6-week ward and the night ward
/// under the rule, 60 s, one run each: 56.04 % and 56.15 % with 0.3 of the time freeing those
/// with hours to spare, 56.09 % and 56.22 % freeing credit, 56.51 % and 56.32 % freeing credit
/// with 0.8, when an exact search after it stalled without gaining; 0.6 leaves the tie-breaks
/// their time).
const AVERAGE_POLISH_SHARE: f64 = 0.6;

/// Share of the time left that the average-position phase's relaxation (for its bound) may
/// take, by interior point: 3.3 s on the 6-week ward and 6.4 s on the night ward under the
/// rule, where the simplex took over 28 s. So the night ward has this bound from a time
/// limit of about 45 s; with less, only the analytic one (the time is then spent in vain).
const AVERAGE_RELAX_SHARE: f64 = 0.15;

/// What the average-position phase found (see [`average_phase`]).
struct Average {
    report: PhaseReport,
    values: Vec<f64>,
    /// The proven bound on the average position (percent) when the headcount is proven.
    bound_pct: Option<f64>,
}

/// Phase 2 under the three-shift rule at `headcount` people: maximise the sum of positions,
/// each the person's hours over the week their own line earns
/// ([`crate::formulation::working_time::shares`]), from the headcount's roster, and keep the
/// optimum as a row for the tie-breaks. Reports the average position (percent) and its bound,
/// which bounds every roster when the headcount is proven (`lb ≥ headcount`). `Err` gives
/// `values` back when the phase cannot run (a person's week is not in the program).
fn average_phase(
    f: &mut Formulation,
    opts: &SolveOptions,
    left: &dyn Fn() -> f64,
    (headcount, lb): (u32, u32),
    mut values: Vec<f64>,
    start: Instant,
    progress: Option<&dyn Fn(&Progress)>,
) -> Result<std::result::Result<Average, Vec<f64>>> {
    let phase = Phase::AveragePosition;
    let Some((obj, off)) = objective::terms(f, phase) else {
        return Ok(Err(values));
    };
    f.extend_warm_start(&mut values);
    let n = f64::from(headcount.max(1));
    let pct = move |v: f64| -v / n * 100.0;
    let cb = progress.map(|p| {
        move |_t: f64, best: f64, bound: f64| {
            p(&Progress {
                phase: phase.as_str(),
                side: "",
                seconds: start.elapsed().as_secs_f64(),
                best: pct(best),
                bound: pct(bound),
            })
        }
    });
    let phase_start = Instant::now();
    let budget = left();
    // The analytic bound on the sum of shares (minimised: its negative).
    let bound = -f.m.three_shift_share_bound();
    // A short exact search first: small programs are proven at once. On a ward its root
    // relaxation alone takes longer (the products make the simplex slow: over 28 s on the
    // night ward, 3.5–6.4 s by interior point), so then neighbourhood search does the work,
    // with the analytic bound and the relaxation's (below). Not the bound over rota lines:
    // measured on the night ward, it stayed at 61.9 % after 90 s, above the analytic bound
    // (58.0 %), as fractions of night-heavy lines each earn the shortest week.
    let mut mo = mip_opts(opts, (budget * 0.1).max(0.5), 0.0);
    mo.stall = Some((budget * TIE_BREAK_STALL).max(2.0));
    let first = backend::solve(
        &f.lp,
        &obj,
        off,
        &mo,
        Some(&values),
        cb.as_ref().map(|c| c as &dyn Fn(f64, f64, f64)),
    )?;
    let searched = finite(first.bound).unwrap_or(f64::NEG_INFINITY);
    if matches!(first.status, MipStatus::Optimal | MipStatus::Feasible)
        && first.objective < Lp::eval(&obj, &values) + off
    {
        values = first.values.clone();
    }
    // The relaxation by interior point, its bound proven from its duals (weak duality, as
    // interior point without crossover stops a little short of the optimum): tighter than
    // the analytic bound where night-heavy lines crowd the credit (the night ward, 6.4 s:
    // 57.58 % against 58.04 %), equal to it on the 6-week ward (3.3 s). Not where the short
    // search or the analytic bound has proven the roster in hand. Optional: a solver error
    // in it leaves the other bounds.
    let proven = Lp::eval(&obj, &values) + off <= bound.max(searched) + 1e-6;
    let relaxed = if first.status == MipStatus::Optimal || proven {
        f64::NEG_INFINITY
    } else {
        let mo = mip_opts(opts, budget * AVERAGE_RELAX_SHARE, 0.0);
        relaxation_bound(&f.lp, (&obj, off), &mo).map_or(f64::NEG_INFINITY, |(b, _)| b)
    };
    let mut r = if first.status == MipStatus::Optimal {
        first
    } else {
        let (mut polished, _) = lns::polish(
            f,
            values,
            &obj,
            Some(bound.max(relaxed).max(searched) - off + 1e-6),
            opts,
            budget * AVERAGE_POLISH_SHARE,
            (false, lns::Focus::Credit),
        )?;
        // Each share at the most its line allows (a sub-search may stop short of it).
        f.extend_warm_start(&mut polished);
        let now = Lp::eval(&obj, &polished) + off;
        backend::MipResult {
            status: MipStatus::Feasible,
            objective: now,
            bound: searched,
            values: polished,
            improving: Vec::new(),
            seconds: 0.0,
        }
    };
    // The best of the search's bound, the analytic one and the relaxation's; a roster that
    // meets it is optimal. An analytic bound the roster in hand beats would be a bug in it
    // (the relaxation's, beyond the solver's tolerance, too): it is then not used (a library
    // does not panic on it, nor claim an optimum from it).
    debug_assert!(bound <= r.objective + 1e-6, "{bound} > {}", r.objective);
    let bound = best_held(r.objective, &[bound, relaxed]);
    r.bound = r.bound.max(bound).min(r.objective);
    if r.status == MipStatus::Feasible && r.objective <= r.bound + 1e-6 {
        r.status = MipStatus::Optimal;
    }
    r.seconds = phase_start.elapsed().as_secs_f64();
    let optimal = r.status == MipStatus::Optimal;
    // Keep this sum of shares (a relative hair for the solver's tolerance).
    f.lp.le(
        RowFamily::Objective,
        "objective:average-position".into(),
        obj,
        r.objective - off + 1e-7 * r.objective.abs().max(1.0),
    );
    let report = PhaseReport {
        phase: phase.as_str().into(),
        optimal,
        objective: finite(pct(r.objective)),
        bound: finite(pct(r.bound)),
        seconds: r.seconds,
        columns: f.lp.cols.len(),
        rows: f.lp.rows.len(),
    };
    let bound_pct = (lb >= headcount)
        .then(|| pct(r.bound))
        .filter(|b| b.is_finite());
    Ok(Ok(Average {
        report,
        values: r.values,
        bound_pct,
    }))
}

/// A proven lower bound `b` from another program (the shift supplies'), held a margin below
/// for the solver's tolerance and, where the objective takes whole values, rounded up.
fn held_bound(b: f64, integral: bool) -> f64 {
    let b = b - (1e-6 * b.abs().max(1.0)).min(0.01);
    if integral {
        b.ceil()
    } else {
        b
    }
}

/// The best (highest) of `bounds` on a minimised objective that the roster in hand, of value
/// `objective`, does not beat beyond the solver's tolerance; `−∞` where there is none. A
/// bound the roster beats is wrong, so it is dropped, not trusted (nor is a NaN).
fn best_held(objective: f64, bounds: &[f64]) -> f64 {
    bounds
        .iter()
        .copied()
        .filter(|b| *b <= objective + 1e-6)
        .fold(f64::NEG_INFINITY, f64::max)
}

/// `lp`'s relaxation solved by interior point under `mo`, and the lower bound on `objective`
/// over it proven from its duals (see [`Lp::dual_bound`]), `−∞` where it is not solved to
/// optimality: proven, where the interior point's objective is not (without crossover it
/// stops a little short of the optimum).
fn relaxation_bound(
    lp: &Lp,
    (objective, offset): (&[(Col, f64)], f64),
    mo: &MipOptions,
) -> Result<(f64, backend::LpResult)> {
    let r = backend::solve_lp(lp, objective, offset, mo, true)?;
    let bound = if r.status == LpStatus::Optimal {
        lp.dual_bound(objective, offset, &r.duals)
    } else {
        f64::NEG_INFINITY
    };
    Ok((bound, r))
}

/// The most hour units the created positions can have together in the relaxation of `f`'s
/// program so far (with the earlier phases' rows), if it is solved within `time`: a bound from
/// the relaxation's duals, so valid whatever the solve's accuracy. By interior point, which
/// took 1.0–5.3 s on the hard set where the simplex took longer.
fn created_units_bound(f: &Formulation, opts: &SolveOptions, time: f64) -> Result<Option<i64>> {
    let terms: Vec<(Col, f64)> = (f.m.n_staff..f.m.people.len())
        .flat_map(|p| f.hour_terms(p))
        .map(|(c, a)| (c, -a))
        .collect();
    let (bound, _) = relaxation_bound(&f.lp, (&terms, 0.0), &mip_opts(opts, time, 0.0))?;
    Ok(bound.is_finite().then(|| (1e-6 - bound).floor() as i64))
}

/// Tie-break (b): the largest `z` such that every created position has at least `z` hour units:
/// raised by neighbourhood search ([`lns::raise_smallest`]), then by bisection over
/// feasibility solves with the strong rows `H_p ≥ z·used_p` (a big-M maximin objective was
/// measured to stall at its warm start), which also refutes levels. Its bound is the
/// relaxation's, then the levels the shift supplies refute (`supply::refutes`, with what the
/// earlier phases `kept`: on `psych-three-shift` 760 → 756 units, on `every2-slack` 423 →
/// 422, in under a second). Keeps `values` feasible.
fn raise_smallest(
    f: &mut Formulation,
    opts: &SolveOptions,
    budget: f64,
    (fewest, kept): (usize, &Kept),
    values: &mut Vec<f64>,
    progress: Option<&dyn Fn(f64, f64, f64)>,
) -> Result<Option<PhaseReport>> {
    let m = f.m;
    let t0 = Instant::now();
    let open: Vec<usize> = (m.n_staff..m.people.len()).collect();
    // The smallest used created position's hour units (0 where none is used).
    let used_min = |v: &[f64]| lns::smallest_created(f, v).unwrap_or(0);
    if lns::smallest_created(f, values).is_none() {
        return Ok(None);
    }
    let staff_min: i64 = m.people[..m.n_staff].iter().map(|p| p.min_units).sum();
    let cap = m.people[m.n_staff..]
        .iter()
        .map(|p| p.max_units)
        .max()
        .unwrap_or(0);
    // Any roster has at least `fewest` created positions (the proven headcount bound), so its
    // smallest has at most what the demand leaves after the staff's minimum, shared by them.
    let mut hi = cap.min((m.max_demand_units() - staff_min) / fewest.max(1) as i64);
    // Tighter where the earlier phases' rows (the staff's wished hours) or the rules hold the
    // staff's hours up: at most what the created positions can have together, shared by
    // `fewest` (measured on the hard set in the issue note: `ward-existing-staff` 244 → 216
    // units against a roster of 214, `big-three-wards` 245 → 215 against 214).
    if fewest > 0 {
        // (Not below the roster in hand, which the relaxation holds: only a numerical slip
        // would put it there.)
        let held = used_min(values);
        if let Some(most) = created_units_bound(f, opts, budget * 0.4)? {
            if most / fewest as i64 >= held {
                hi = hi.min(most / fewest as i64);
            }
        }
    }
    // A roster whose created positions all have at least `z` units, in `time`.
    let level = |z: i64, time: f64| {
        let mut lp = f.lp.clone();
        for &p in &open {
            let (Some(u), mut t) = (f.used[p], f.hour_terms(p)) else {
                continue;
            };
            t.push((u, -(z as f64)));
            let name = format!("smallest:{}", f.pid(p));
            lp.ge(RowFamily::Objective, name, t, 0.0);
        }
        backend::solve(&lp, &[], 0.0, &mip_opts(opts, time, 0.0), None, None)
    };
    let mut lo = used_min(values);
    // A created position's hours are a sum of shift lengths, so only such sums are levels
    // worth asking about, and the bound is the largest sum not refuted. Asking for a sum
    // rather than the level between two of them is the same question with a stronger row:
    // on `tiny` (7 D of 15 units and 7 A of 14, 203 units, 4 positions) the levels 46..55
    // between three shifts and four had LP answers and took 0.4 s of branching each to
    // refute; 56 (four shifts) has none, as 4 × 56 > 203.
    let sums = shift_sums(m, hi.max(lo));
    // The largest level below `z`, and the next level to ask between `lo` and `search`.
    let below = |z: i64| match &sums {
        Some(sums) => sums
            .iter()
            .rev()
            .find(|&&v| v < z)
            .copied()
            .unwrap_or(z - 1),
        None => z - 1,
    };
    let next = |lo: i64, search: i64| match &sums {
        Some(sums) => {
            let levels: Vec<i64> = sums
                .iter()
                .copied()
                .filter(|&v| v > lo && v <= search)
                .collect();
            // The lower middle: where every integer is a sum, the level the integer
            // bisection `lo + (search − lo + 1) / 2` asks.
            levels.get(levels.len().saturating_sub(1) / 2).copied()
        }
        None => (lo < search).then(|| lo + (search - lo + 1) / 2),
    };
    hi = below(hi + 1);
    // The levels whole shifts under the shift types' supplies cannot give every created
    // position (see `supply::refutes`), by bisection over the sums between the roster's and
    // `hi`: a refuted level refutes every level above it. Not where the program refutes the
    // roster in hand's own level (only a numerical slip would: then it proves nothing), and
    // a solver error in it leaves the other bounds. Its own share of the budget, from here.
    let refuting = Instant::now();
    let refutes = |level: i64| {
        let aim = supply::Aim::Smallest {
            level,
            least: kept.hours,
            wished: kept.wished,
        };
        let time = (budget * SUPPLY_SHARE).min(SUPPLY_LEVEL_SECONDS);
        supply::refutes(f, aim, kept.people, opts, time).unwrap_or(false)
    };
    if let Some(sums) = sums.as_ref().filter(|_| lo < hi && !refutes(lo)) {
        let levels: Vec<i64> = sums
            .iter()
            .copied()
            .filter(|&v| v > lo && v <= hi)
            .collect();
        // `hi` first: where the supplies do not refute it (most units measured), one program.
        let (mut a, mut b) = (0, levels.len());
        let mut first = true;
        while a < b && refuting.elapsed().as_secs_f64() < budget * SUPPLY_LEVELS_SHARE {
            let mid = if std::mem::take(&mut first) {
                b - 1
            } else {
                (a + b) / 2
            };
            if refutes(levels[mid]) {
                b = mid;
            } else {
                a = mid + 1;
            }
        }
        if b < levels.len() {
            hi = below(levels[b]).max(lo);
        }
    }
    // Neighbourhood search from the roster in hand towards the cap `hi` first (at most 40 %
    // of the budget), then bisection over the sums between `lo` and `hi` by feasibility
    // solves (levels far up are refuted at once). Each level gets at most a tenth of the
    // budget, and two levels in a row without an answer end the bisection: measured on the
    // hard set, levels the solver can neither find nor refute took the whole budget before.
    // `hi` stays proven (no roster above it). The search came between two bisections before,
    // and the first, from a low roster, spent its levels on what the search then passes in
    // one step (measured, `heltid solve --time-limit 60 --seed 0`, the phase's seconds before
    // → after at the same result: `ward-6w` 30.1 → 15.7, `group-home-6w` 8.9 → 3.7, on the
    // hard set 9.7–19.2 → 7.8–15.1). On the group home of `examples/` it then ended at 130 h
    // against the bound 132.5 h, which it reached from the bisection's roster; with the
    // search's neighbourhoods as now (`Focus::Level`, mended) it reaches 132.5 h this way too.
    let bisect = |lo: &mut i64, hi: &mut i64, values: &mut Vec<f64>| -> Result<()> {
        let (mut search, mut unanswered) = (*hi, 0);
        while unanswered < 2 {
            let left = budget - t0.elapsed().as_secs_f64();
            let Some(mid) = next(*lo, search) else {
                break;
            };
            if left < 0.5 {
                break;
            }
            let r = level(mid, left.min((budget * 0.1).max(1.0)))?;
            unanswered += 1;
            match r.status {
                MipStatus::Optimal | MipStatus::Feasible => {
                    *lo = used_min(&r.values).max(mid);
                    *values = r.values;
                    unanswered = 0;
                }
                MipStatus::Infeasible => {
                    *hi = below(mid).max(*lo);
                    search = *hi;
                    unanswered = 0;
                }
                MipStatus::NoSolution => search = below(mid),
            }
            if let Some(p) = progress {
                // In the minimised form of the phase: −units (shown as hours).
                p(t0.elapsed().as_secs_f64(), -(*lo as f64), -(*hi as f64));
            }
        }
        Ok(())
    };
    if lo < hi {
        let time = (budget * 0.4)
            .min(budget - t0.elapsed().as_secs_f64())
            .max(0.0);
        *values = lns::raise_smallest(f, std::mem::take(values), hi, opts, time)?;
        lo = used_min(values);
        if let Some(p) = progress {
            p(t0.elapsed().as_secs_f64(), -(lo as f64), -(hi as f64));
        }
    }
    bisect(&mut lo, &mut hi, values)?;
    for &p in &open {
        let (Some(u), mut t) = (f.used[p], f.hour_terms(p)) else {
            continue;
        };
        t.push((u, -(lo as f64)));
        f.lp.ge(
            RowFamily::Objective,
            format!("objective:smallest:{}", f.pid(p)),
            t,
            0.0,
        );
    }
    // (A bound below the roster in hand could only be a numerical slip.)
    let hi = hi.max(lo);
    Ok(Some(PhaseReport {
        phase: Phase::SmallestPosition.as_str().into(),
        optimal: lo >= hi,
        objective: Some(-(lo as f64)),
        bound: Some(-(hi as f64)),
        seconds: t0.elapsed().as_secs_f64(),
        columns: f.lp.cols.len(),
        rows: f.lp.rows.len(),
    }))
}

/// Every sum of shift lengths (in units) up to `cap`, ascending: the hours a person can have.
/// A superset (it ignores one shift a date and the rules), so a level rounded up to the next
/// sum stays a valid question. `None` beyond a million units (shift hours with many decimals
/// make the unit tiny: 9 decimals over a year is some 10^11 units): every integer is a level.
fn shift_sums(m: &Model, cap: i64) -> Option<Vec<i64>> {
    let cap = cap.max(0);
    if cap > 1_000_000 {
        return None;
    }
    let mut reach = vec![false; cap as usize + 1];
    reach[0] = true;
    for sh in &m.shifts {
        let u = sh.units.max(1) as usize;
        for v in u..reach.len() {
            if reach[v - u] {
                reach[v] = true;
            }
        }
    }
    Some((0..=cap).filter(|&v| reach[v as usize]).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::solve::output::checked_roster;
    use crate::validate::shipped;

    /// The quality phase's value when person `i` works `lines[i]` (a shift index per date,
    /// `None` off) and nobody else works (only the quality rows kept: demand and hours do not
    /// hold for a few people), and the key figures of those lines.
    fn quality_of_lines(
        sc: &crate::Scenario,
        f: &Formulation,
        objective: &(Vec<(crate::formulation::Col, f64)>, f64),
        lines: &[Vec<Option<usize>>],
    ) -> (f64, crate::roster::Kpis) {
        let m = f.m;
        let mut lp = f.lp.clone();
        let mut worked = Vec::new();
        for p in 0..m.people.len() {
            for d in 0..m.days() {
                for (s, c) in f.day_cols(p, d) {
                    let on = lines.get(p).is_some_and(|l| l[d] == Some(s.0));
                    if on {
                        worked.push(crate::roster::Assignment {
                            staff: m.people[p].id.clone(),
                            date: m.cal.date_str(d),
                            shift: m.shifts[s.0].id.clone(),
                        });
                    }
                    let v = if on { 1.0 } else { 0.0 };
                    (lp.cols[c.0].lb, lp.cols[c.0].ub) = (v, v);
                }
            }
        }
        lp.rows.retain(|r| r.name.starts_with("quality:"));
        let opts = mip_opts(&SolveOptions::default(), 10.0, 0.0);
        let r = backend::solve(&lp, &objective.0, objective.1, &opts, None, None).unwrap();
        assert_eq!(r.status, MipStatus::Optimal);
        let people: Vec<_> = (0..lines.len())
            .map(|p| {
                let template = match m.people[p].kind {
                    crate::model::PersonKind::Open { template, .. } => {
                        Some(m.templates[template.0].id.clone())
                    }
                    crate::model::PersonKind::Existing => None,
                };
                (
                    m.people[p].id.clone(),
                    crate::roster::Origin::Open,
                    template,
                )
            })
            .collect();
        let e = crate::kpi::evaluate(sc, &people, &worked);
        (r.objective, e.kpis)
    }

    /// Every pattern's value in the formulation equals the key figures' `quality_cost`, over
    /// lines drawn at random from D, A (an evening), N and off on the ward, cyclic and not.
    /// The weights differ, so that a pattern miscounted on one side shows in most lines.
    #[test]
    fn can_price_every_pattern_in_the_formulation_as_the_key_figures_do() {
        use crate::scenario::{FairShare, QualityWeights, RunLimit};
        let mut seed: u64 = 0x5eed;
        let mut next = move |k: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % k
        };
        let limit = |days, weight| Some(RunLimit { days, weight });
        // Short blocks, unfair weekends and unfair nights met in some line.
        let mut seen = [false; 3];
        // (weeks, cyclic, short blocks' days): round a one-week cycle a block of six dates has
        // one day off before and after it.
        for (weeks, cyclic, short) in [(2, true, 3), (2, false, 3), (1, true, 7)] {
            let mut sc = shipped("ward-6w.json");
            sc.horizon.weeks = weeks;
            sc.horizon.cyclic = cyclic;
            // 9 h rest allows the quick return A → D, a backward rotation.
            sc.rules.min_rest_hours = Some(9.0);
            sc.rules.quality = Some(QualityWeights {
                isolated_work_days: Some(1.0),
                isolated_days_off: Some(2.0),
                night_blocks_without_two_days_off: Some(4.0),
                shift_changes: Some(8.0),
                backward_rotations: Some(16.0),
                long_blocks: limit(3, 32.0),
                long_night_runs: limit(2, 64.0),
                long_evening_runs: limit(1, 128.0),
                weekends_without_free_weekday: Some(256.0),
                fair_nights: Some(FairShare {
                    band: 1.0,
                    weight: 512.0,
                }),
                fair_evenings: Some(FairShare {
                    band: 0.5,
                    weight: 1024.0,
                }),
                short_blocks: limit(short, 2048.0),
                fair_weekends: Some(FairShare {
                    band: 0.0,
                    weight: 4096.0,
                }),
                ..Default::default()
            });
            let m = Model::new(&sc).unwrap();
            assert!(m.shifts.iter().any(|s| s.evening) && m.shifts.iter().any(|s| s.night));
            let night = m.shifts.iter().position(|s| s.night).unwrap();
            let evening = m.shifts.iter().position(|s| s.evening).unwrap();
            let mut random_line = || -> Vec<Option<usize>> {
                // Runs of nights and evenings, other shifts and days off.
                let mut line: Vec<Option<usize>> = (0..m.days())
                    .map(|_| match next(7) {
                        0 | 1 => Some(night),
                        2 | 3 => Some(evening),
                        4 => Some(next(m.shifts.len() as u64) as usize),
                        _ => None,
                    })
                    .collect();
                // Rest holds (the formulation leaves out patterns only illegal lines have):
                // a shift too close to the one before is dropped.
                for d in 0..m.days() {
                    let Some(e) = m.cal.step(d, 1) else { continue };
                    if let (Some(a), Some(b)) = (line[d], line[e]) {
                        let (a, b) = (&m.shifts[a], &m.shifts[b]);
                        if a.start + a.len + m.rules.min_rest > crate::calendar::DAY + b.start {
                            line[e] = None;
                        }
                    }
                }
                line
            };
            // A block of six dates round the one-week cycle met (the day off before it is the
            // day off after it).
            let mut six = weeks > 1;
            for i in 0..16 {
                // Two people's lines, so that the fair shares differ from each one's own
                // count: the second works no weekend and fewer dates. Round a one-week cycle
                // the first line starts as six evenings and a day off, then seven evenings
                // (one block, never short).
                let first = if weeks == 1 && i < 2 {
                    (0..m.days())
                        .map(|d| (d != 3 || i == 1).then_some(evening))
                        .collect()
                } else {
                    random_line()
                };
                let mut second = random_line();
                for (d, s) in second.iter_mut().enumerate() {
                    if m.cal.weekday(d) >= 5 || d % 3 == 0 {
                        *s = None;
                    }
                }
                let lines = [first, second];
                // The fair shares are measured against the roster the phase starts from.
                let mut f = Formulation::new(&m, Options::default());
                let mut planned = vec![0.0; f.lp.cols.len()];
                for (p, line) in lines.iter().enumerate() {
                    for (d, s) in line.iter().enumerate() {
                        if let Some(x) = s.and_then(|s| f.x[p][d][s]) {
                            planned[x.0] = 1.0;
                        }
                    }
                }
                f.plan_from(&planned);
                let objective = objective::terms(&mut f, Phase::Quality).unwrap();
                let (value, kpis) = quality_of_lines(&sc, &f, &objective, &lines);
                assert!(
                    (value - kpis.quality_cost).abs() < 1e-6,
                    "{cyclic}: formulation {value} against the key figures {}: {lines:?}\n{kpis:?}",
                    kpis.quality_cost
                );
                seen[0] |= kpis.short_block_days > 0;
                seen[1] |= kpis.unfair_weekends > 0.0;
                seen[2] |= kpis.unfair_nights > 0.0;
                six |= lines[0].iter().filter(|s| s.is_none()).count() == 1;
            }
            assert!(six, "no block of six dates round a one-week cycle");
        }
        // The rules were priced, not only absent on both sides.
        assert_eq!(seen, [true; 3]);
    }

    /// A phase's bounds are combined by the best one the roster does not beat.
    #[test]
    fn can_keep_only_the_bounds_a_roster_does_not_beat() {
        assert_eq!(best_held(10.0, &[9.0, 9.5]), 9.5);
        assert_eq!(best_held(10.0, &[11.0, 9.0]), 9.0);
        assert_eq!(best_held(10.0, &[10.0 + 1e-7, 9.0]), 10.0 + 1e-7);
        assert_eq!(best_held(10.0, &[f64::NAN, 8.0]), 8.0);
        assert_eq!(best_held(10.0, &[11.0]), f64::NEG_INFINITY);
        assert_eq!(best_held(10.0, &[]), f64::NEG_INFINITY);
        assert_eq!(best_held(-5.0, &[f64::NEG_INFINITY, -5.5]), -5.5);
    }

    /// The average-position phase's relaxation bound (interior point, proven from its duals)
    /// is the relaxation's optimum as the simplex finds it, and at most the phase's optimum.
    #[test]
    fn can_bound_the_average_position_by_its_relaxation() {
        let mut sc = shipped("tiny.json");
        sc.rules.working_time = Some(crate::scenario::WorkingTime::KsThreeShift);
        let m = Model::new(&sc).unwrap();
        let mut f = Formulation::new(&m, Options::default());
        let (obj, off) = objective::terms(&mut f, Phase::AveragePosition).unwrap();
        let opts = SolveOptions::default();
        let mo = mip_opts(&opts, 30.0, 0.0);
        let (bound, _) = relaxation_bound(&f.lp, (&obj, off), &mo).unwrap();
        let simplex = backend::solve_lp(&f.lp, &obj, off, &mo, false).unwrap();
        assert_eq!(simplex.status, LpStatus::Optimal);
        assert!(
            (bound - simplex.objective).abs() <= 1e-5 * simplex.objective.abs().max(1.0),
            "{bound} against the simplex's {}",
            simplex.objective
        );
        let best = backend::solve(&f.lp, &obj, off, &mo, None, None).unwrap();
        assert_eq!(best.status, MipStatus::Optimal);
        assert!(
            bound <= best.objective + 1e-6,
            "{bound} > {}",
            best.objective
        );
        assert!(bound < 0.0, "{bound}: some share is planned");
    }

    /// The quality phase's value of a fixed line equals what the key figures count, on a
    /// cyclic and on a calendar horizon.
    #[test]
    fn can_count_isolated_days_in_the_formulation_as_the_key_figures_do() {
        for cyclic in [true, false] {
            let mut sc = shipped("tiny.json");
            sc.horizon.weeks = 2;
            sc.horizon.cyclic = cyclic;
            sc.rules.quality = Some(crate::scenario::QualityWeights {
                isolated_work_days: Some(1.0),
                isolated_days_off: Some(1.0),
                ..Default::default()
            });
            let m = Model::new(&sc).unwrap();
            let mut f = Formulation::new(&m, Options::default());
            let objective = objective::terms(&mut f, Phase::Quality).unwrap();
            // hfa-1 works D on dates 1 and 13 only; everybody else nothing. Cyclic: 1 and 13
            // are isolated working days and 0 an isolated day off (3); calendar: only 1 (1).
            let line: Vec<Option<usize>> = (0..m.days())
                .map(|d| (d == 1 || d == 13).then_some(0))
                .collect();
            let (value, kpis) = quality_of_lines(&sc, &f, &objective, &[line]);
            let counted = kpis.isolated_work_days + kpis.isolated_days_off;
            assert_eq!(counted, if cyclic { 3 } else { 1 });
            assert!(
                (value - f64::from(counted)).abs() < 1e-6,
                "{cyclic}: {value}"
            );
        }
    }

    #[test]
    fn can_list_the_hours_a_person_can_have() {
        // ward-6w: D and A 7.5 h, N 9.5 h, in half hours: 15 and 19 units.
        let m = Model::new(&shipped("ward-6w.json")).unwrap();
        let sums = shift_sums(&m, 240).unwrap();
        for v in [0, 15, 19, 30, 34, 38, 233, 234, 235] {
            assert!(sums.contains(&v), "{v} is a sum of 15s and 19s");
        }
        for v in [1, 14, 16, 20, 236] {
            assert!(!sums.contains(&v), "{v} is not a sum of 15s and 19s");
        }
        assert!(sums.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(sums.last(), Some(&240));
        // Too many units to list: every integer is a level.
        assert_eq!(shift_sums(&m, 2_000_000), None);
    }

    /// The first roster beside the probes, on the home-care unit whose weekend bound is slack:
    /// the feasibility heuristic finds one once the open positions are held to the bound
    /// (without that row it found none in 10 s, and the unit's first roster came after 20 s).
    /// The roster keeps every rule and has at least the bound.
    /// The repair probe goes first on the ward keeping its 20 staff (about two thirds of the
    /// hours), not on the big unit whose 32 staff carry under half, nor without staff.
    #[test]
    fn can_tell_a_unit_whose_staff_carry_most_of_the_hours() {
        let pinned = |path: &str| {
            let sc = crate::validate::shipped(path);
            staff_pinned(&Model::new(&sc).unwrap())
        };
        assert!(pinned("benches/data/hard/ward-existing-staff.json"));
        assert!(!pinned("benches/data/hard/big-three-wards.json"));
        assert!(!pinned("benches/data/hard/home-care-peaks.json"));
        assert!(!pinned("ward-6w.json"));
    }

    #[test]
    fn can_find_a_first_roster_where_the_bound_is_slack() {
        let sc = shipped("benches/data/hard/home-care-peaks.json");
        let v = crate::valid::ValidScenario::new(sc.clone()).unwrap();
        let m = v.model();
        let f = Formulation::new(m, Options::default());
        let lb = bounds::bounds(m).headcount().unwrap();
        let opts = SolveOptions {
            threads: Some(1),
            ..SolveOptions::default()
        };
        let Probed::Found(values) = first_roster(&f, lb, &opts, 20.0, None, &|_| {}).unwrap()
        else {
            panic!("no first roster in 20 s");
        };
        let headcount = f.headcount(&values);
        assert!(headcount >= lb, "{headcount} people, bound {lb}");
        let r = checked_roster(&sc, &f, &values, lb);
        assert_eq!(r.headcount, headcount);
    }

    /// `probe` alone on the shipped unit at `path` at its bound `lb` (one thread, `seconds`)
    /// at `seed`: a roster of `lb` people that passes the checker, which `more` checks further.
    fn probe_alone_at_the_bound(
        path: &str,
        lb: u32,
        probe: Probe,
        seed: i32,
        seconds: f64,
        more: impl FnOnce(&Formulation, &Bounds, &SolveOptions, &[f64]),
    ) {
        let sc = shipped(path);
        let v = crate::valid::ValidScenario::new(sc.clone()).unwrap();
        let m = v.model();
        let f = Formulation::new(m, Options::default());
        let b = bounds::bounds(m);
        assert_eq!(b.headcount(), Some(lb));
        let opts = SolveOptions {
            threads: Some(1),
            seed,
            ..SolveOptions::default()
        };
        let alone = Probe {
            share: 1.0,
            ..probe
        };
        let budget = || seconds;
        let Probed::Found(values) =
            super::probe(&f, &b, &opts, lb, &[alone], seconds, &budget, None).unwrap()
        else {
            panic!("no roster at the bound in {seconds} s at seed {seed}");
        };
        assert_eq!(f.headcount(&values), lb);
        more(&f, &b, &opts, &values);
        checked_roster(&sc, &f, &values, lb);
    }

    /// The probe with the weekend groups alone on `home-care-peaks` at its bound, 24 (30 s).
    fn grouped_probe_on_home_care_peaks(seed: i32, more: impl FnOnce(&Formulation, &[f64])) {
        let path = "benches/data/hard/home-care-peaks.json";
        let more = |f: &Formulation, _: &Bounds, _: &SolveOptions, values: &[f64]| more(f, values);
        probe_alone_at_the_bound(path, 24, GROUPED_PROBE, seed, 30.0, more);
    }

    /// The probe at the bound with the tight rows and the open positions' weekend groups
    /// fixed (`GROUPED_PROBE`) finds home-care-peaks' optimum, 24, which the same probe
    /// without the groups did not find in 60 s; every used candidate works only the weekends
    /// of its group, and the roster keeps every rule.
    #[test]
    fn can_find_home_care_peaks_at_its_bound_with_weekend_groups() {
        grouped_probe_on_home_care_peaks(0, |f, values| {
            let m = f.m;
            for t in 0..m.templates.len() {
                for (i, p) in m.candidates(t).enumerate() {
                    for k in 0..m.cal.weeks() {
                        let worked = f.w[p][k].is_some_and(|c| values[c.0] > 0.5);
                        assert!(!worked || k % 3 == i % 3, "{} on weekend {k}", f.pid(p));
                    }
                }
            }
        });
    }

    /// The solver's feasibility heuristic finds `home-care-peaks`' roster at the bound soon
    /// after presolve at some seeds and not in 15 s at others, seed 1 among them (a single
    /// search of 30 s at seed 1 finds none either): the grouped probe's fresh seeds (three
    /// searches of 10 s here) find it where its first search does not.
    #[test]
    fn can_find_home_care_peaks_at_its_bound_where_the_first_seed_fails() {
        grouped_probe_on_home_care_peaks(1, |_, _| {});
    }

    /// The probe with the weekend crews planned first (`PLANNED_PROBE`) alone at
    /// `long-weekend-every2`'s bound, 16, at seeds 0–2 (one thread, at most 10 s): a roster
    /// that keeps every rule and works the weekends of the first plan (`crews::planned` at the
    /// same seed). (The probes without a plan found none in their 2.4 s at every seed; the
    /// phase had it from the neighbourhood search at 3.0–8.0 s.)
    #[test]
    fn can_find_long_weekend_every2_at_its_bound_with_planned_crews() {
        let path = "benches/data/hard/long-weekend-every2.json";
        for seed in 0..3 {
            probe_alone_at_the_bound(path, 16, PLANNED_PROBE, seed, 10.0, |f, b, opts, values| {
                let program = probe_program(f, b, 16, true, false, true);
                let plan = crews::planned(f, &program, opts, None, 10.0, None).expect("a plan");
                for c in f.w.iter().flatten().flatten() {
                    assert_eq!(values[c.0].round(), plan.cols[c.0].lb, "seed {seed}");
                }
            });
        }
    }

    /// The groups apply where some candidate has "one in n" (n > 1) and, on a cyclic
    /// horizon, n divides the weeks: week 10 of a 10-week cycle is followed by week 1, so
    /// with n = 3 the groups `k mod 3` would not keep every 3rd weekend across the wrap.
    #[test]
    fn can_tell_where_weekend_groups_line_up() {
        let mut sc = shipped("benches/data/hard/home-care-peaks.json");
        let apply = |sc: &crate::Scenario| weekend_groups_apply(&Model::new(sc).unwrap());
        assert!(apply(&sc));
        sc.horizon.weeks = 10;
        assert!(!apply(&sc));
        sc.horizon.cyclic = false;
        assert!(apply(&sc));
        if let Some(we) = sc.rules.weekend.as_mut() {
            we.max_one_in = Some(1);
        }
        assert!(!apply(&sc));
    }

    /// The weekend groups and a plan of the weekend crews are restrictions: where the probe
    /// without them proves that no roster has the bound's headcount, the restricted probe
    /// finds none either but must not raise the bound (it proved only that none has these
    /// groups, or this plan). The Easter ward needs 32 people, but a crew of 10 on every
    /// weekend (the bound before it saw the Sunday rule) makes 30 look tight; the program
    /// without its headcount cut, so the probes cannot read 32 off it.
    #[test]
    fn rejects_raising_the_bound_from_a_restricted_probe() {
        let v = crate::valid::ValidScenario::new(shipped("ward-6w-easter.json")).unwrap();
        let m = v.model();
        let mut f = Formulation::new(m, Options::default());
        f.lp.rows.retain(|r| r.name != "bound:headcount");
        let mut b = bounds::bounds(m);
        assert_eq!(b.crews, [10, 12, 10, 10, 10, 10]);
        b.crews[1] = 10;
        b.weekend_run = None;
        b.weekend = Some(30);
        let lb = 30;
        assert!(b.weekend_tight_at(lb));
        let opts = SolveOptions {
            threads: Some(1),
            ..SolveOptions::default()
        };
        let plain = Probe {
            share: 1.0,
            grouped: false,
            ..GROUPED_PROBE
        };
        let grouped = Probe {
            share: 1.0,
            ..GROUPED_PROBE
        };
        let run = |p: Probe| probe(&f, &b, &opts, lb, &[p], 30.0, &|| 30.0, None).unwrap();
        assert!(matches!(run(plain), Probed::Raised));
        assert!(matches!(run(grouped), Probed::Unknown));
        // Nor from plans of the weekend crews, which exist and which the solver proves to have
        // no roster, as the probe's searches do (presolve off).
        let program = probe_program(&f, &b, lb, true, false, true);
        let fixed = crews::planned(&f, &program, &opts, None, 10.0, None).expect("a plan");
        let mut mo = mip_opts(&opts, 10.0, 0.0);
        mo.presolve = false;
        let r = backend::solve(&fixed, &[], 0.0, &mo, None, None).unwrap();
        assert_eq!(r.status, MipStatus::Infeasible);
        let planned = Probe {
            share: 1.0,
            ..PLANNED_PROBE
        };
        assert!(matches!(run(planned), Probed::Unknown));
    }

    #[test]
    fn can_prove_the_smallest_position_of_tiny_at_a_sum_of_shifts() {
        let v = crate::valid::ValidScenario::new(shipped("tiny.json")).unwrap();
        let opts = SolveOptions {
            time_limit: 30.0,
            threads: Some(1),
            ..SolveOptions::default()
        };
        let r = run(&v, &opts).unwrap();
        let smallest = r
            .phases
            .iter()
            .find(|p| p.phase == "smallest position")
            .expect("tiny has created positions");
        assert!(smallest.optimal, "{smallest:?}");
        // 7 D of 7.5 h (15 half-hour units) and 7 A of 7 h (14 units), 203 units, over 4
        // positions: the smallest has 3 shifts, 45 units (22.5 h); the next sum of shifts is 56
        // units (4 shifts), which 4 positions cannot all have (224 > 203). The phase reports
        // units.
        assert_eq!(smallest.objective, Some(-45.0));
        assert_eq!(smallest.bound, Some(-45.0));
    }

    /// The candidates capped below what the optimum needs, both ways: on tiny (one template;
    /// with 2 candidates the capped model has no roster) and on the 6-week ward (two templates
    /// capped at 20 each, and its optimum has 30 created positions). Either way the whole
    /// model decides right after the headcount phase (its program is the one the headcount
    /// phase reports, and the tie-breaks run on it), with the result of the uncapped solve.
    #[test]
    fn can_solve_past_a_candidate_cap_too_small() {
        for (file, cap) in [("tests/data/tiny.json", 2), ("tests/data/ward-6w.json", 20)] {
            let sc = shipped(file);
            let v = crate::valid::ValidScenario::new(sc.clone()).unwrap();
            assert!(v.model().with_candidates_capped(cap).is_some(), "{file}");
            let opts = SolveOptions {
                threads: Some(1),
                time_limit: 8.0,
                ..SolveOptions::default()
            };
            let whole = run_capped(&v, &opts, None).unwrap();
            let capped = run_capped(&v, &opts, Some(cap)).unwrap();
            assert_eq!(whole.status, Status::Optimal, "{file}");
            assert_eq!(capped.status, Status::Optimal, "{file}");
            assert_eq!(capped.headcount, whole.headcount, "{file}");
            assert_eq!(capped.phases[0].columns, whole.phases[0].columns, "{file}");
            let v = crate::check::check(&sc, &capped);
            assert!(v.is_empty(), "{}", crate::check::format_violations(&v));
        }
    }

    /// A roster of the capped 6-week ward (20 candidates per template, 30 people) keeps, for
    /// the whole model, only what holds there: the analytic headcount bound, no phase proven.
    #[test]
    fn can_strip_the_proofs_of_a_capped_model() {
        let sc = shipped("tests/data/ward-6w.json");
        let v = crate::valid::ValidScenario::new(sc.clone()).unwrap();
        let full = v.model();
        let small = full.with_candidates_capped(20).unwrap();
        let opts = SolveOptions {
            threads: Some(1),
            tie_breaks: false,
            ..SolveOptions::default()
        };
        let Outcome::Done(r) =
            std::thread::scope(|bg| run_in(bg, &small, &sc, &opts, None)).unwrap()
        else {
            panic!("no cap, so no wider run");
        };
        assert_eq!(r.status, Status::Optimal);
        let u = unproven(full, &sc, &r);
        assert_eq!(u.status, Status::Feasible);
        assert_eq!(u.headcount, r.headcount);
        assert_eq!(u.assignments, r.assignments);
        let lb = bounds::bounds(full).headcount().unwrap();
        assert_eq!(u.headcount_lower_bound, lb);
        assert!(u.phases.iter().all(|p| !p.optimal));
        assert_eq!(u.phases[0].bound, Some(f64::from(lb)));
        assert!(u.phases[1..].iter().all(|p| p.bound.is_none()));
        let v = crate::check::check(&sc, &u);
        assert!(v.is_empty(), "{}", crate::check::format_violations(&v));
    }

    /// The created positions' most hours in the relaxation: on tiny with an existing person
    /// (80 % of 71 half-hour units a week, 49 to 64 with the 4 h tolerance), the 203 units of
    /// demand less her minimum, 154; held to at least 60 units (as a wish-hours phase would),
    /// 143. The smallest of two created positions then has at most 71 units, where the
    /// staff's minimum alone allows 77. Above her most, the relaxation has no solution.
    #[test]
    fn can_bound_the_created_positions_hours_by_the_relaxation() {
        let mut sc = shipped("tiny.json");
        sc.staff.push(crate::scenario::Staff {
            id: "kari".into(),
            contract_pct: 80.0,
            ..Default::default()
        });
        let v = crate::valid::ValidScenario::new(sc).unwrap();
        let mut f = Formulation::new(v.model(), Options::default());
        let opts = SolveOptions {
            threads: Some(1),
            ..SolveOptions::default()
        };
        assert_eq!(f.m.people[0].min_units, 49);
        assert_eq!(created_units_bound(&f, &opts, 10.0).unwrap(), Some(154));
        assert_eq!(f.m.people[0].max_units, 64);
        let mut held = f.clone();
        held.lp.ge(
            RowFamily::Objective,
            "test:kari".into(),
            f.hour_terms(0),
            60.0,
        );
        assert_eq!(created_units_bound(&held, &opts, 10.0).unwrap(), Some(143));
        f.lp.ge(
            RowFamily::Objective,
            "test:kari".into(),
            f.hour_terms(0),
            65.0,
        );
        assert_eq!(created_units_bound(&f, &opts, 10.0).unwrap(), None);
    }
}
