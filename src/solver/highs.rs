//! The MIP backend: hands an [`Lp`] to good_lp with HiGHS and reads back status, objective,
//! dual bound and column values.
//!
//! good_lp does not expose HiGHS's dual bound or gap, so the problem is built with good_lp and
//! then taken over with `into_inner()` (see `SOLVER-NOTES.md`): options and the warm start are
//! set on the `highs::Model` itself. This file is the only place that names a solver; another
//! good_lp backend would add a sibling behind a feature flag.

use std::ffi::{c_char, c_int, c_void};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;

use good_lp::{variable, Expression, ProblemVariables, SolverModel, Variable};

use super::reduce::{Reduced, Reduction};
use super::{Col, ColKind, Lp};
use crate::error::{Error, Result};

/// Options passed to the solver for one MIP.
#[derive(Debug, Clone)]
pub struct MipOptions {
    /// Seconds.
    pub time_limit: f64,
    /// Relative gap at which to stop.
    pub rel_gap: f64,
    /// Absolute gap at which to stop, when larger than the relative one allows (HiGHS's 1e-6
    /// at the least).
    pub abs_gap: f64,
    /// Threads (HiGHS's pool is process-wide: use one value per process).
    pub threads: Option<u32>,
    /// Random seed.
    pub seed: Option<i32>,
    /// Print the solver log.
    pub verbose: bool,
    /// Run the solver's presolve (off helps its feasibility heuristics on some rotas).
    pub presolve: bool,
    /// The whole command's end: the solve gets at most the time left until then, counted after
    /// the model is handed over (which takes a while on large models), and does not start when
    /// it has passed.
    pub deadline: Option<Instant>,
    /// Stop when neither the best solution nor the bound has moved for this many seconds
    /// (a tie-break that has stalled: its time is better left to the caller).
    pub stall: Option<f64>,
    /// Stop once this is set (by another thread whose search made this one moot), as at the
    /// deadline: at the solver's next interrupt check, which its feasibility-jump heuristic
    /// and a MIP's root LP do not make (measured: 2-10 s on the big wards).
    pub cancel: Option<Arc<AtomicBool>>,
    /// Keep every improving solution the search finds on its way to the last (in
    /// [`MipResult::improving`]): column generation adds each one that prices out as a line of
    /// its own, several from one pricing problem instead of one.
    pub keep_improving: bool,
}

impl MipOptions {
    /// Seconds until the deadline (infinite without one).
    fn left(&self) -> f64 {
        self.deadline.map_or(f64::INFINITY, |d| {
            d.saturating_duration_since(Instant::now()).as_secs_f64()
        })
    }

    /// Whether the cancel flag is set.
    fn cancelled(&self) -> bool {
        self.cancel
            .as_ref()
            .is_some_and(|c| c.load(Ordering::Relaxed))
    }
}

/// Outcome of one MIP.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MipStatus {
    /// Proven optimal (within the gap asked for).
    Optimal,
    /// A solution, not proven optimal (time limit).
    Feasible,
    /// No solution exists.
    Infeasible,
    /// The time limit ended the search before any solution.
    NoSolution,
}

/// Result of one MIP.
#[derive(Debug, Clone)]
pub struct MipResult {
    /// Status.
    pub status: MipStatus,
    /// Objective of the best solution (with the offset), if any.
    pub objective: f64,
    /// Proven lower bound on the objective (with the offset).
    pub bound: f64,
    /// Column values of the best solution (empty without one).
    pub values: Vec<f64>,
    /// With [`MipOptions::keep_improving`]: the solutions the search reported before the best,
    /// in the order found, each better than the one before (the warm start among them when
    /// it was reported; empty otherwise).
    pub improving: Vec<Vec<f64>>,
    /// Wall-clock seconds.
    pub seconds: f64,
}

/// Solves `min Σ objective + offset` over `lp`, optionally warm-started. The fixed columns
/// (`lb == ub`: most of a neighbourhood search's sub-problem) are taken out before the program
/// is built (see [`super::reduce`]); the values returned are the whole program's.
pub fn solve(
    lp: &Lp,
    objective: &[(Col, f64)],
    offset: f64,
    opts: &MipOptions,
    initial: Option<&[f64]>,
    progress: Option<&dyn Fn(f64, f64, f64)>,
) -> Result<MipResult> {
    let t0 = Instant::now();
    // Before the reduction: a search cancelled by the other one must not copy the program.
    if opts.left() <= 0.0 || opts.cancelled() {
        return Ok(unsolved(MipStatus::NoSolution, t0));
    }
    let reduced = match Reduced::of(lp, objective) {
        Reduction::Reduced(reduced) => reduced,
        Reduction::Unchanged => {
            return solve_program(lp, objective, (offset, 0.0), opts, initial, progress)
        }
        Reduction::Infeasible => return Ok(unsolved(MipStatus::Infeasible, t0)),
    };
    let initial = initial
        .filter(|v| v.len() == lp.cols.len())
        .map(|v| reduced.restrict(v));
    let mut r = solve_program(
        &reduced.lp,
        &reduced.objective,
        (offset, reduced.constant),
        opts,
        initial.as_deref(),
        progress,
    )?;
    if !r.values.is_empty() || matches!(r.status, MipStatus::Optimal | MipStatus::Feasible) {
        r.values = reduced.expand(&r.values);
    }
    for v in r.improving.iter_mut() {
        *v = reduced.expand(v);
    }
    r.seconds = t0.elapsed().as_secs_f64();
    Ok(r)
}

/// Seconds HiGHS's feasibility-jump heuristic may take per nonzero of the program, at most:
/// it runs before the solver's first interrupt check and stops only at its own effort limit
/// (an effort of 1024 times the nonzeros, or a quarter of that without progress), and its
/// effort is not time. Measured with presolve off: 1.5 s on `big-three-wards` (0.31 M
/// nonzeros, 4.8 µs each); 50.8 s on Curtois–Qu instance 24 (35.2 M, 1.4 µs each), which ran a
/// 60 s command to 104 s; 3.3–4.5 s on the 52-week fuzz plan (0.53 M, up to 8.5 µs each) in a
/// solve given 0.5 s, which ran a 10 s command to 11.05 s.
const JUMP_SECONDS_PER_NONZERO: f64 = 10e-6;

/// The time a solve's steps that do not look at the clock must fit in: until the whole
/// command's deadline where there is one (one solve may run past its own limit as long as the
/// command's holds), else this solve's `time_limit`.
fn room(opts: &MipOptions, time_limit: f64) -> f64 {
    if opts.deadline.is_some() {
        opts.left()
    } else {
        time_limit
    }
}

/// A step of HiGHS's that does not look at the clock: its worst case in seconds per unit of
/// the program (a nonzero or a row), and the share of the time there is ([`room`]) it may
/// take. Where it does not fit, the solve goes without it.
struct Blind {
    seconds_per_unit: f64,
    share: f64,
}

impl Blind {
    /// Whether the step's worst case on `units` of the program fits in its share of the time
    /// there is.
    fn fits(&self, units: usize, opts: &MipOptions, time_limit: f64) -> bool {
        units as f64 * self.seconds_per_unit <= self.share * room(opts, time_limit)
    }
}

/// The feasibility-jump heuristic, by nonzeros: its worst case within the time there is.
const JUMP: Blind = Blind {
    seconds_per_unit: JUMP_SECONDS_PER_NONZERO,
    share: 1.0,
};

/// Seconds a program takes per nonzero before HiGHS first looks at the time: building it
/// through good_lp, and HiGHS's own setup. Measured on Curtois–Qu 24 (35.2 M nonzeros, presolve
/// off): 2.2 s and 4.2 s.
const SETUP_SECONDS_PER_NONZERO: f64 = 0.2e-6;

/// Seconds a program takes per row on top of [`SETUP_SECONDS_PER_NONZERO`] to be built and
/// handed over (good_lp builds each row as an expression of its own). Measured on the 520-week
/// fuzz plan (`fuzz/corpus/scenario/hang-520-weeks-weekend-runs.json`, 0.45 M rows of 3.5 M
/// nonzeros): up to 1.2 s, of which 0.7 s is the nonzeros' share. What HiGHS then sets up
/// before it first looks at the time is in [`OVERRUN_SECONDS_PER_ROW`]. (The linear
/// relaxations of column generation are built otherwise and keep the nonzeros' estimates
/// alone, see [`solve_lp`].)
const SETUP_SECONDS_PER_ROW: f64 = 2e-6;

/// Seconds per nonzero that HiGHS may run past its limit, at most: its steps between looks at
/// the time (a pass of presolve, setting up the search after it) grow with the program.
/// Measured on Curtois–Qu 24 (35.2 M nonzeros, a 60 s command): 5.0 s past a limit of 0.6 s,
/// 0.7 s past 4.7 s, and 4.4 s past 11.5 s, which ran the command to 63.9 s.
const OVERRUN_SECONDS_PER_NONZERO: f64 = 0.15e-6;

/// Seconds per row that HiGHS may run past its limit on top of
/// [`OVERRUN_SECONDS_PER_NONZERO`]: what it sets up before the search's first look at the time
/// (its MIP structures and clique table, the root relaxation's scaling and first
/// factorisation), whether presolve runs or not. Measured on the 520-week fuzz plan (0.45 M
/// rows of 3.5 M nonzeros, presolve off): 1.7–2.2 s past limits of 1.2 s and 3.1 s, which ran
/// a 30 s command to 31.3 s.
const OVERRUN_SECONDS_PER_ROW: f64 = 4e-6;

/// Seconds per nonzero that HiGHS's symmetry detection takes before the search starts (and
/// again after a restart of the root): it does not look at the time. Measured once, on the
/// 52-week fuzz plan (`fuzz/corpus/scenario/hang-52-weeks-weekend-runs.json`, 0.53 M
/// nonzeros, a 1 s command): 0.7 s, from 0.6 s to 1.3 s.
const SYMMETRY_SECONDS_PER_NONZERO: f64 = 1.3e-6;

/// The symmetry detection, by nonzeros: a small part (a quarter) of the time there is. Where
/// it is not, it would run past the deadline, or take a solve's time for a search it cannot
/// speed up in what is left.
const SYMMETRY: Blind = Blind {
    seconds_per_unit: SYMMETRY_SECONDS_PER_NONZERO,
    share: 0.25,
};

/// Seconds HiGHS may run past its limit on a mixed-integer program of `nonzeros` in `rows`
/// (see [`OVERRUN_SECONDS_PER_NONZERO`] and [`OVERRUN_SECONDS_PER_ROW`]). Presolve's longest
/// stretch without a look at the time ([`PRESOLVE_SECONDS_PER_ROW`]) is not in it: counted
/// whole, it took the 10 000-candidate fuzz plan's solve that finds its roster (0.33 M rows,
/// presolved in about a second) down to nothing in a 10 s command, 3 runs of 3; presolve is
/// only left out where that stretch would not fit before the deadline ([`PRESOLVE`]).
fn overrun(nonzeros: usize, rows: usize) -> f64 {
    nonzeros as f64 * OVERRUN_SECONDS_PER_NONZERO + rows as f64 * OVERRUN_SECONDS_PER_ROW
}

/// The instant a solve started at `t0` aims to end by, for a `deadline` it must keep: 5 % short
/// of the time to it, and short by at least the `overrun` HiGHS may run past its limit (see
/// [`overrun`]), whichever is earlier; never before `t0`.
fn aim(t0: Instant, deadline: Instant, overrun: f64) -> Instant {
    let time = deadline.saturating_duration_since(t0);
    let overrun = std::time::Duration::from_secs_f64(overrun);
    t0 + time.mul_f64(0.95).min(time.saturating_sub(overrun))
}

/// Seconds a mixed-integer program of `nonzeros` in `rows` needs before HiGHS first looks at
/// the time, and past it: a solve with less time than this is not started.
fn setup_and_overrun(nonzeros: usize, rows: usize) -> f64 {
    nonzeros as f64 * SETUP_SECONDS_PER_NONZERO
        + rows as f64 * SETUP_SECONDS_PER_ROW
        + overrun(nonzeros, rows)
}

/// Seconds per row that HiGHS's presolve may take between two looks at the time (its first
/// sweep over the rows and columns, the rounds over the rows it changed, the search for
/// parallel rows), and so past its limit. Measured once, on the first block of the 520-week
/// fuzz plan's rolling horizon (0.39 M rows, with most columns fixed): a solve given 1.7 s ran
/// 3.2 s, all of it in presolve. (The same plan's whole program, 0.45 M rows, was presolved in
/// 0.8 s: how long presolve takes depends on what it finds, so this is the bad case.)
const PRESOLVE_SECONDS_PER_ROW: f64 = 10e-6;

/// The solver's presolve, by rows: within the time there is even where it looks at the time
/// too seldom; where it is not, the solve goes without it (and ends on time, with whatever
/// the search finds in that time).
const PRESOLVE: Blind = Blind {
    seconds_per_unit: PRESOLVE_SECONDS_PER_ROW,
    share: 1.0,
};

/// Seconds per row that HiGHS's presolve may spend enumerating the solutions of short rows of
/// 0/1 columns (its rule `kPresolveRuleEnumeration`): it ranks every such row first and does
/// not look at the time. Measured once, on the first block of the 520-week fuzz plan's rolling
/// horizon (0.39 M rows, a block given 5 s): 5.5 s in that step, which ran the solve to 10.6 s.
const ENUMERATION_SECONDS_PER_ROW: f64 = 15e-6;

/// HiGHS's bit for its presolve rule that enumerates short rows (`1 << kPresolveRuleEnumeration`
/// in `lp_data/HConst.h`), for its option `presolve_rule_off`.
const PRESOLVE_RULE_ENUMERATION: i32 = 1 << 16;

/// Whether presolve's enumeration of short rows is a small part (a quarter) of the time there
/// is ([`room`]), as for the symmetry detection, and, under a deadline, fits between the
/// solve's `time_limit` and the deadline: it runs once, late in presolve, and may start just
/// before the limit. (On `ward-6w-overcover` at `--time-limit 2`, 17 000 rows, the total-hours
/// phase's solve started it at 1.95 s and ended at 2.2 s; in 10 runs the command took 2.03–2.24
/// s.)
fn enumeration_fits(rows: usize, opts: &MipOptions, time_limit: f64) -> bool {
    const ENUMERATION: Blind = Blind {
        seconds_per_unit: ENUMERATION_SECONDS_PER_ROW,
        share: 0.25,
    };
    ENUMERATION.fits(rows, opts, time_limit)
        && (opts.deadline.is_none()
            || rows as f64 * ENUMERATION_SECONDS_PER_ROW <= opts.left() - time_limit)
}

/// Whether a solve of `lp` can start with `seconds` left: a program that cannot be set up,
/// and stopped, in that time is not started (see [`solve`]), so building one for it only
/// costs time. The callers that copy the formulation's program to change it ask first: on
/// the 520-week fuzz plan (3.5 M nonzeros, `--time-limit 2`) the headcount probes built
/// their programs for 1.2 s after the deadline, and solved none of them.
pub fn can_start(lp: &Lp, seconds: f64) -> bool {
    seconds >= setup_and_overrun(lp.nonzeros(), lp.rows.len())
}

/// A result without a solution (`NoSolution` or `Infeasible`), after the time since `t0`.
fn unsolved(status: MipStatus, t0: Instant) -> MipResult {
    MipResult {
        status,
        objective: f64::INFINITY,
        bound: f64::NEG_INFINITY,
        values: Vec::new(),
        improving: Vec::new(),
        seconds: t0.elapsed().as_secs_f64(),
    }
}

/// [`solve`] on the program as it is; `constant` is handed to HiGHS as its objective offset
/// (the fixed columns' share of the objective, so that HiGHS measures the relative gap and
/// reports bounds on the whole objective), `offset` is added to what it reports.
fn solve_program(
    lp: &Lp,
    objective: &[(Col, f64)],
    (offset, constant): (f64, f64),
    opts: &MipOptions,
    initial: Option<&[f64]>,
    progress: Option<&dyn Fn(f64, f64, f64)>,
) -> Result<MipResult> {
    let t0 = Instant::now();
    if lp.cols.is_empty() {
        // HiGHS answers a model without columns with "model empty" and no solution info.
        return Ok(MipResult {
            status: if empty_feasible(lp) {
                MipStatus::Optimal
            } else {
                MipStatus::Infeasible
            },
            objective: offset + constant,
            bound: offset + constant,
            values: Vec::new(),
            improving: Vec::new(),
            seconds: t0.elapsed().as_secs_f64(),
        });
    }
    // A program that cannot even be set up, and stopped, before the command's deadline is not
    // started (on Curtois–Qu 23 the quality phase's last search, 12.4 M nonzeros with 1.6 s
    // left, ran a 60 s command to 63 s; skipped, it ended at 58.5 s).
    let (nonzeros, rows) = (lp.nonzeros(), lp.rows.len());
    if opts.left() < setup_and_overrun(nonzeros, rows) {
        return Ok(unsolved(MipStatus::NoSolution, t0));
    }
    // HiGHS notices a limit only between steps that can take a second on a ward (presolve, a
    // round of root cuts: measured 1 s past a 10 s limit), so the solve aims short of the time
    // it has left (see `aim`).
    let stop = opts.deadline.map(|d| aim(t0, d, overrun(nonzeros, rows)));
    let mut vars = ProblemVariables::new();
    let cols: Vec<Variable> = lp
        .cols
        .iter()
        .map(|c| {
            let v = variable().min(c.lb).max(c.ub);
            vars.add(match c.kind {
                ColKind::Binary | ColKind::Integer => v.integer(),
                ColKind::Continuous => v,
            })
        })
        .collect();
    let expr = |terms: &[(Col, f64)]| {
        let mut e = Expression::with_capacity(terms.len());
        for (c, a) in terms {
            e.add_mul(*a, cols[c.0]);
        }
        e
    };
    let mut problem = vars.minimise(expr(objective)).using(good_lp::highs);
    for r in &lp.rows {
        let e = expr(&r.terms);
        if r.lb == r.ub {
            problem.add_constraint(e.eq(r.lb));
            continue;
        }
        if r.lb.is_finite() {
            problem.add_constraint(e.clone().geq(r.lb));
        }
        if r.ub.is_finite() {
            problem.add_constraint(e.leq(r.ub));
        }
    }
    let mut model = problem.try_into_inner().map_err(|e| Error::Solver {
        stage: "building the HiGHS model",
        status: e.to_string(),
    })?;
    if constant != 0.0 {
        // SAFETY: `model` is a live HiGHS instance; the call only sets its objective offset.
        let status =
            unsafe { highs_sys::Highs_changeObjectiveOffset(model.as_mut_ptr(), constant) };
        if status == highs_sys::STATUS_ERROR {
            return Err(Error::Solver {
                stage: "building the HiGHS model",
                status: "the objective offset was refused".into(),
            });
        }
    }
    if opts.verbose {
        model.set_option("output_flag", true);
        model.set_option("log_to_console", true);
    } else {
        model.make_quiet();
    }
    let time_limit = opts.time_limit.min(stop.map_or(f64::INFINITY, |d| {
        d.saturating_duration_since(Instant::now()).as_secs_f64()
    }));
    if time_limit <= 0.0 {
        return Ok(unsolved(MipStatus::NoSolution, t0));
    }
    model.set_option("time_limit", time_limit.max(0.01));
    if !JUMP.fits(nonzeros, opts, time_limit) {
        model.set_option("mip_heuristic_run_feasibility_jump", false);
    }
    if !SYMMETRY.fits(nonzeros, opts, time_limit) {
        model.set_option("mip_detect_symmetry", false);
    }
    let presolve = opts.presolve && PRESOLVE.fits(rows, opts, time_limit);
    if presolve && !enumeration_fits(rows, opts, time_limit) {
        model.set_option("presolve_rule_off", PRESOLVE_RULE_ENUMERATION);
    }
    model.set_option("mip_rel_gap", opts.rel_gap);
    model.set_option("mip_abs_gap", opts.abs_gap.max(1e-6));
    model.set_option("presolve", if presolve { "on" } else { "off" });
    if let Some(t) = opts.threads {
        model.set_option("threads", t as i32);
    }
    if let Some(s) = opts.seed {
        // HiGHS takes seeds in 0..=i32::MAX, and `set_option` panics on others (a negative
        // seed from the caller, or a fresh seed `seed + 7919·k` that wrapped): taken modulo
        // i32::MAX, which leaves every seed below it as it is.
        model.set_option("random_seed", s.rem_euclid(i32::MAX));
    }
    if let Some(v) = initial {
        if v.len() == lp.cols.len() {
            // A rejected warm start is not an error: the solver just starts cold.
            let _ = model.try_set_solution(Some(v), None, None, None);
        }
    }
    let mut watch = Watch {
        report: progress,
        offset,
        last: -1e9,
        deadline: stop,
        cancel: opts.cancel.as_deref(),
        stall: opts.stall.map(|s| Stall {
            seconds: s,
            since: 0.0,
            primal: f64::INFINITY,
            dual: f64::NEG_INFINITY,
        }),
        kept: opts.keep_improving.then(Vec::new),
        columns: lp.cols.len(),
    };
    let interrupts = opts.deadline.is_some() || opts.stall.is_some() || opts.cancel.is_some();
    if progress.is_some() || interrupts || opts.keep_improving {
        // SAFETY: `watch` outlives the solve (it is dropped after `try_solve` returns) and the
        // callback only reads HiGHS's data_out (copying an improving solution out of it),
        // calls `report` and sets data_in's interrupt.
        unsafe {
            let ptr = model.as_mut_ptr();
            let user = &mut watch as *mut Watch as *mut c_void;
            highs_sys::Highs_setCallback(ptr, Some(on_event), user);
            if progress.is_some() || opts.keep_improving {
                highs_sys::Highs_startCallback(ptr, highs_sys::kHighsCallbackMipImprovingSolution);
            }
            if progress.is_some() {
                highs_sys::Highs_startCallback(ptr, highs_sys::kHighsCallbackMipLogging);
            }
            if interrupts {
                // HiGHS checks its own time limit only now and then (measured: a 0.5 s limit
                // ran 0.9 s); these are asked far more often and stop it at the deadline.
                highs_sys::Highs_startCallback(ptr, highs_sys::kHighsCallbackMipInterrupt);
                highs_sys::Highs_startCallback(ptr, highs_sys::kHighsCallbackSimplexInterrupt);
                highs_sys::Highs_startCallback(ptr, highs_sys::kHighsCallbackIpmInterrupt);
            }
        }
    }
    let solved = model.try_solve().map_err(|e| Error::Solver {
        stage: "solving",
        status: format!("{e:?}"),
    })?;
    use highs::HighsModelStatus as H;
    let has_solution = has_solution(&solved);
    let status = match model_status(&solved)? {
        H::Optimal => MipStatus::Optimal,
        H::Infeasible | H::UnboundedOrInfeasible => MipStatus::Infeasible,
        H::ReachedTimeLimit
        | H::ReachedIterationLimit
        | H::ReachedSolutionLimit
        | H::ReachedInterrupt
        | H::ReachedMemoryLimit
        | H::ObjectiveBound
        | H::ObjectiveTarget => {
            if has_solution {
                MipStatus::Feasible
            } else {
                MipStatus::NoSolution
            }
        }
        other => {
            return Err(Error::Solver {
                stage: "solving",
                status: format!("{other:?}"),
            })
        }
    };
    let values = if has_solution {
        solved.get_solution().columns().to_vec()
    } else {
        Vec::new()
    };
    let objective = if has_solution {
        solved.objective_value() + offset
    } else {
        f64::INFINITY
    };
    let dual = solved
        .double_info_value(c"mip_dual_bound")
        .map(|b| b + offset)
        .ok()
        .filter(|b| !b.is_nan());
    let bound = match status {
        // Optimal within the gap asked for: the proven dual bound, which a positive gap leaves
        // below the objective (column generation adds these up, so the difference matters).
        // Without a dual bound from HiGHS, the objective less the gap asked for.
        MipStatus::Optimal => dual.filter(|b| b.is_finite()).map_or_else(
            || {
                let gap = opts.rel_gap * objective.abs();
                if opts.abs_gap > 1e-6 || gap > 0.0 {
                    objective - opts.abs_gap.max(gap)
                } else {
                    objective
                }
            },
            |b| b.min(objective),
        ),
        _ => dual.unwrap_or(f64::NEG_INFINITY),
    };
    // `watch` lives until here, past the end of the solve that points at it. Its last kept
    // solution is the best, returned as `values`.
    let mut improving = watch.kept.take().unwrap_or_default();
    if has_solution && improving.last().is_some_and(|l| same(l, &values)) {
        improving.pop();
    }
    Ok(MipResult {
        status,
        objective,
        bound,
        values,
        improving,
        seconds: t0.elapsed().as_secs_f64(),
    })
}

/// Whether a program without columns is feasible: every row holds 0 within its bounds.
fn empty_feasible(lp: &Lp) -> bool {
    lp.rows.iter().all(|r| zero_holds(r.lb, r.ub))
}

/// Whether 0 lies within `lb..=ub` (a row without columns).
fn zero_holds(lb: f64, ub: f64) -> bool {
    lb <= 1e-9 && ub >= -1e-9
}

/// Whether the solve left a feasible primal solution. Read from HiGHS's info directly: the
/// `highs` crate's accessor panics when HiGHS left its info unset.
fn has_solution(solved: &highs::SolvedModel) -> bool {
    solved.int_info_value(c"primal_solution_status").ok()
        == Some(i64::from(highs_sys::kHighsSolutionStatusFeasible))
}

/// HiGHS's model status, an error (not the `highs` crate's panic) for a code it does not know.
fn model_status(solved: &highs::SolvedModel) -> Result<highs::HighsModelStatus> {
    // SAFETY: `solved` owns a live HiGHS instance; the call only reads its status.
    let raw = unsafe { highs_sys::Highs_getModelStatus(solved.as_ptr()) };
    highs::HighsModelStatus::try_from(raw).map_err(|_| Error::Solver {
        stage: "solving",
        status: format!("unknown HiGHS model status {raw}"),
    })
}

/// What the callback needs while HiGHS runs: progress reports, the deadline, the cancel flag,
/// the stall stop and the improving solutions kept.
struct Watch<'a> {
    report: Option<&'a dyn Fn(f64, f64, f64)>,
    offset: f64,
    last: f64,
    deadline: Option<Instant>,
    cancel: Option<&'a AtomicBool>,
    stall: Option<Stall>,
    /// The improving solutions, when kept ([`MipOptions::keep_improving`]).
    kept: Option<Vec<Vec<f64>>>,
    /// Columns of the program solved (the length of a solution).
    columns: usize,
}

/// Whether two solutions are the same within the solver's tolerance.
fn same(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() <= 1e-6)
}

/// When the search last moved ([`MipOptions::stall`]).
struct Stall {
    seconds: f64,
    /// Running time of the last move.
    since: f64,
    /// Best solution and bound seen (minimised, without the offset).
    primal: f64,
    dual: f64,
}

impl Stall {
    /// Notes the solver's state at `time`; true once nothing has moved for `seconds`. A bound
    /// creeping by rounding noise is no move: it must rise by a ten-thousandth of itself.
    fn stalled(&mut self, time: f64, primal: f64, dual: f64) -> bool {
        let step = 1e-4 * dual.abs().max(1.0);
        if primal.is_finite() && primal < self.primal - 1e-6 {
            self.primal = primal;
            self.since = time;
        }
        if dual.is_finite() && dual > self.dual + step {
            self.dual = dual;
            self.since = time;
        }
        time - self.since >= self.seconds
    }
}

/// Seconds between two progress reports when nothing improves.
const PROGRESS_EVERY: f64 = 5.0;

unsafe extern "C" fn on_event(
    kind: c_int,
    _message: *const c_char,
    out: *const highs_sys::HighsCallbackDataOut,
    data_in: *mut highs_sys::HighsCallbackDataIn,
    user: *mut c_void,
) {
    if out.is_null() || user.is_null() {
        return;
    }
    // SAFETY: HiGHS passes a valid data_out (and, for interrupt callbacks, data_in) and `user`
    // is the `Watch` set in `solve`, alive for the whole solve.
    let (out, w) = unsafe { (&*out, &mut *(user as *mut Watch)) };
    let interrupt = kind == highs_sys::kHighsCallbackMipInterrupt
        || kind == highs_sys::kHighsCallbackSimplexInterrupt
        || kind == highs_sys::kHighsCallbackIpmInterrupt;
    if interrupt {
        let late = w.deadline.is_some_and(|d| Instant::now() >= d)
            || w.cancel.is_some_and(|c| c.load(Ordering::Relaxed));
        let stalled = kind == highs_sys::kHighsCallbackMipInterrupt
            && w.stall.as_mut().is_some_and(|s| {
                s.stalled(out.running_time, out.mip_primal_bound, out.mip_dual_bound)
            });
        if (late || stalled) && !data_in.is_null() {
            // SAFETY: HiGHS passes a valid data_in to interrupt callbacks.
            unsafe { (*data_in).user_interrupt = 1 };
        }
        return;
    }
    let improving = kind == highs_sys::kHighsCallbackMipImprovingSolution;
    if improving && !out.mip_solution.is_null() && out.mip_solution_size as usize == w.columns {
        if let Some(kept) = w.kept.as_mut() {
            // SAFETY: HiGHS passes its solution as `mip_solution_size` doubles, valid during
            // the callback; they are copied out before it returns.
            let sol = unsafe { std::slice::from_raw_parts(out.mip_solution, w.columns) };
            kept.push(sol.to_vec());
        }
    }
    let Some(report) = w.report else { return };
    if improving || out.running_time - w.last >= PROGRESS_EVERY {
        w.last = out.running_time;
        report(
            out.running_time,
            out.mip_primal_bound + w.offset,
            out.mip_dual_bound + w.offset,
        );
    }
}

/// Outcome of a linear program ([`solve_lp`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LpStatus {
    /// Optimal: values and duals are meaningful.
    Optimal,
    /// No point satisfies the rows.
    Infeasible,
    /// Anything else (time limit, unbounded, numerical trouble): nothing to use.
    Unsolved,
}

/// Result of a linear program: the primal values and one dual value per row of the [`Lp`].
#[derive(Debug, Clone)]
pub struct LpResult {
    /// Status.
    pub status: LpStatus,
    /// Objective (with the offset).
    pub objective: f64,
    /// Column values.
    pub values: Vec<f64>,
    /// Row duals `y`, one per row, signed so that a column's reduced cost is
    /// `c − Σ_r y_r a_r` (for a minimisation: `y_r ≥ 0` on a row held at its lower bound,
    /// `≤ 0` at its upper bound).
    pub duals: Vec<f64>,
}

impl LpResult {
    /// No solution, with `status`.
    fn unsolved(status: LpStatus) -> LpResult {
        LpResult {
            status,
            objective: f64::INFINITY,
            values: Vec::new(),
            duals: Vec::new(),
        }
    }
}

/// Solves the linear relaxation of `lp` (every column continuous within its bounds) and returns
/// the row duals as well, for column generation: by the simplex method, or with `interior` by
/// the interior-point method without crossover (much faster on large degenerate programs such
/// as a ward's, whose identical candidates stall the simplex; its duals are then approximate,
/// which column generation's bound tolerates: any duals give a valid bound). Each row of the
/// [`Lp`] is one ranged row here (good_lp would split a ranged row in two), so the duals map
/// back one to one.
pub fn solve_lp(
    lp: &Lp,
    objective: &[(Col, f64)],
    offset: f64,
    opts: &MipOptions,
    interior: bool,
) -> Result<LpResult> {
    // (The time first: building a large program takes a while.) One that cannot be set up,
    // and stopped, in its time is not started: as in `solve`, but against this solve's own
    // limit too, as the callers of a relaxation hold it to a share of theirs, where a MIP
    // search may run on to the command's deadline.
    let time = opts.time_limit.min(opts.left());
    // (The rows are not counted: a relaxation is handed over row by row without good_lp, and
    // has no search to set up; these estimates are the ones measured before rows counted.)
    if time <= 0.0 || time < setup_and_overrun(lp.nonzeros(), 0) || opts.cancelled() {
        return Ok(LpResult::unsolved(LpStatus::Unsolved));
    }
    LpSession::new(lp, objective)?.run(offset, opts, interior)
}

/// A linear program kept in the solver between solves, for column generation's master: columns
/// are added and costs changed between [`LpSession::solve`]s, and each solve starts from the
/// basis the one before ended with (HiGHS keeps it, the new columns at their bounds), so a
/// round that adds a few lines costs a few pivots instead of a solve from scratch.
pub struct LpSession {
    /// `None` after a solve the solver failed (it takes the model with it).
    model: Option<highs::Model>,
    /// Columns so far, including those added.
    cols: usize,
    /// The rows' bounds (fixed at the start; a program without columns is decided by them).
    rows: Vec<(f64, f64)>,
    /// Nonzeros so far, including the added columns' (see [`aim`]).
    nonzeros: usize,
}

impl LpSession {
    /// Hands `lp` (relaxed: every column continuous) and `objective` to the solver.
    pub fn new(lp: &Lp, objective: &[(Col, f64)]) -> Result<LpSession> {
        let mut cost = vec![0.0; lp.cols.len()];
        for (c, a) in objective {
            cost[c.0] += a;
        }
        let mut pb = highs::RowProblem::default();
        let cols: Vec<highs::Col> = lp
            .cols
            .iter()
            .zip(&cost)
            .map(|(c, k)| pb.add_column(*k, c.lb..=c.ub))
            .collect();
        for r in &lp.rows {
            let terms: Vec<(highs::Col, f64)> =
                r.terms.iter().map(|(c, a)| (cols[c.0], *a)).collect();
            pb.add_row(r.lb..=r.ub, terms);
        }
        let model = highs::Model::try_new(pb).map_err(|e| Error::Solver {
            stage: "building the HiGHS linear program",
            status: format!("{e:?}"),
        })?;
        Ok(LpSession {
            model: Some(model),
            cols: lp.cols.len(),
            rows: lp.rows.iter().map(|r| (r.lb, r.ub)).collect(),
            nonzeros: lp.nonzeros(),
        })
    }

    fn model(&mut self) -> Result<&mut highs::Model> {
        self.model.as_mut().ok_or(Error::Solver {
            stage: "changing a linear program",
            status: "an earlier solve failed".into(),
        })
    }

    /// Adds a continuous column with cost `cost` within `lb..=ub` and coefficients `terms`
    /// (row index, coefficient); returns it.
    pub fn add_col(&mut self, cost: f64, lb: f64, ub: f64, terms: &[(usize, f64)]) -> Result<Col> {
        let rows: Vec<c_int> = terms
            .iter()
            .map(|(r, _)| c_int::try_from(*r).unwrap_or(c_int::MAX))
            .collect();
        let values: Vec<f64> = terms.iter().map(|(_, a)| *a).collect();
        let n = c_int::try_from(terms.len()).unwrap_or(c_int::MAX);
        let model = self.model()?;
        // SAFETY: the pointer is the live model's; the index and value arrays hold `n` entries
        // and outlive the call.
        let status = unsafe {
            highs_sys::Highs_addCol(
                model.as_mut_ptr(),
                cost,
                lb,
                ub,
                n,
                rows.as_ptr(),
                values.as_ptr(),
            )
        };
        if status == highs_sys::STATUS_ERROR {
            return Err(Error::Solver {
                stage: "adding a column to a linear program",
                status: format!("status {status}"),
            });
        }
        self.cols += 1;
        self.nonzeros += terms.len();
        Ok(Col(self.cols - 1))
    }

    /// Sets column `col`'s cost.
    pub fn set_cost(&mut self, col: Col, cost: f64) -> Result<()> {
        let index = c_int::try_from(col.0).unwrap_or(c_int::MAX);
        let model = self.model()?;
        // SAFETY: the pointer is the live model's.
        let status = unsafe { highs_sys::Highs_changeColCost(model.as_mut_ptr(), index, cost) };
        if status == highs_sys::STATUS_ERROR {
            return Err(Error::Solver {
                stage: "changing a column's cost",
                status: format!("status {status}"),
            });
        }
        Ok(())
    }

    /// Sets column `col`'s bounds to `lb..=ub`.
    pub fn set_bounds(&mut self, col: Col, lb: f64, ub: f64) -> Result<()> {
        let index = c_int::try_from(col.0).unwrap_or(c_int::MAX);
        let model = self.model()?;
        // SAFETY: the pointer is the live model's.
        let status = unsafe { highs_sys::Highs_changeColBounds(model.as_mut_ptr(), index, lb, ub) };
        if status == highs_sys::STATUS_ERROR {
            return Err(Error::Solver {
                stage: "changing a column's bounds",
                status: format!("status {status}"),
            });
        }
        Ok(())
    }

    /// Solves the program as it now is by the simplex method, from the last basis; as
    /// [`solve_lp`] otherwise.
    pub fn solve(&mut self, offset: f64, opts: &MipOptions) -> Result<LpResult> {
        self.run(offset, opts, false)
    }

    fn run(&mut self, offset: f64, opts: &MipOptions, interior: bool) -> Result<LpResult> {
        let unsolved = LpResult::unsolved;
        let time_limit = opts.time_limit.min(opts.left());
        if time_limit <= 0.0 || opts.cancelled() {
            return Ok(unsolved(LpStatus::Unsolved));
        }
        if self.cols == 0 {
            // As in `solve`: HiGHS has no answer for a model without columns.
            if !self.rows.iter().all(|&(lb, ub)| zero_holds(lb, ub)) {
                return Ok(unsolved(LpStatus::Infeasible));
            }
            return Ok(LpResult {
                status: LpStatus::Optimal,
                objective: offset,
                values: Vec::new(),
                duals: vec![0.0; self.rows.len()],
            });
        }
        let columns = self.cols;
        let mut model = self.model.take().ok_or(Error::Solver {
            stage: "solving a linear program",
            status: "an earlier solve failed".into(),
        })?;
        model.set_sense(highs::Sense::Minimise);
        if opts.verbose {
            model.set_option("output_flag", true);
            model.set_option("log_to_console", true);
        } else {
            model.make_quiet();
        }
        model.set_option("time_limit", time_limit.max(0.01));
        // As in `solve`: HiGHS notices its own limit only now and then, so the interrupt
        // callbacks stop it short of the time it has left (see `aim`).
        let t0 = Instant::now();
        // (Finite however the caller set the limit: no deadline and an unbounded limit.)
        let end = t0 + std::time::Duration::from_secs_f64(time_limit.min(1e9));
        let mut watch = Watch {
            report: None,
            offset,
            last: 0.0,
            // (The rows not counted, as in `solve_lp`.)
            deadline: Some(aim(t0, end, overrun(self.nonzeros, 0))),
            cancel: opts.cancel.as_deref(),
            stall: None,
            kept: None,
            columns,
        };
        // SAFETY: `watch` outlives the solve (it is dropped after `try_solve` returns) and the
        // callback only reads HiGHS's data_out and sets data_in's interrupt. HiGHS's clocks
        // run on over the solves of one model, and its time limit is against them: zeroed,
        // the limit is this solve's.
        unsafe {
            let ptr = model.as_mut_ptr();
            let user = &mut watch as *mut Watch as *mut c_void;
            highs_sys::Highs_zeroAllClocks(ptr);
            highs_sys::Highs_setCallback(ptr, Some(on_event), user);
            highs_sys::Highs_startCallback(ptr, highs_sys::kHighsCallbackSimplexInterrupt);
            highs_sys::Highs_startCallback(ptr, highs_sys::kHighsCallbackIpmInterrupt);
        }
        if interior {
            model.set_option("solver", "ipm");
            model.set_option("run_crossover", "off");
        } else {
            model.set_option("solver", "simplex");
        }
        if let Some(t) = opts.threads {
            model.set_option("threads", t as i32);
        }
        let solved = model.try_solve().map_err(|e| Error::Solver {
            stage: "solving a linear program",
            status: format!("{e:?}"),
        })?;
        use highs::HighsModelStatus as H;
        // (An unknown status leaves the model usable: it is put back first.)
        let result = match model_status(&solved) {
            Err(e) => Err(e),
            Ok(H::Optimal) => {
                let sol = solved.get_solution();
                Ok(LpResult {
                    status: LpStatus::Optimal,
                    objective: solved.objective_value() + offset,
                    values: sol.columns().to_vec(),
                    duals: sol.dual_rows().to_vec(),
                })
            }
            Ok(H::Infeasible) => Ok(unsolved(LpStatus::Infeasible)),
            Ok(_) => Ok(unsolved(LpStatus::Unsolved)),
        };
        let mut model = highs::Model::from(solved);
        // SAFETY: the callback's user data (`watch`) dies with this call: the callback goes
        // first.
        unsafe {
            highs_sys::Highs_setCallback(model.as_mut_ptr(), None, std::ptr::null_mut());
        }
        self.model = Some(model);
        // `watch` lives to the end of this function, past the solve that points at it.
        drop(watch);
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::solver::RowFamily;

    /// A solve aims 5 % short of its deadline on a small program, and short by what HiGHS may
    /// overrun on a large one (35 M nonzeros: about 5 s; 0.45 M rows: about 2 s more), never
    /// before its start.
    #[test]
    fn can_aim_short_of_the_deadline_by_the_programs_size() {
        let t0 = Instant::now();
        let secs = |s: f64| std::time::Duration::from_secs_f64(s);
        let short = |nonzeros, rows, time: f64| {
            let d = t0 + secs(time);
            d.saturating_duration_since(aim(t0, d, overrun(nonzeros, rows)))
                .as_secs_f64()
        };
        // The 6-week ward (about 137 000 nonzeros in 15 000 rows): 5 % of 20 s.
        let ward = short(137_000, 15_000, 20.0);
        assert!((ward - 1.0).abs() < 1e-3, "{ward}");
        // Curtois–Qu 24's nonzeros: about 5.3 s of 12 s, and all of 3 s.
        let nonzeros = short(35_230_608, 0, 12.0);
        assert!((nonzeros - 5.28).abs() < 0.01, "{nonzeros}");
        assert!((short(35_230_608, 0, 3.0) - 3.0).abs() < 1e-6);
        // The 520-week fuzz plan: 0.53 s for its nonzeros and 1.82 s for its rows.
        let rows = short(3_517_500, 454_842, 10.0);
        assert!((rows - 2.35).abs() < 0.01, "{rows}");
        assert_eq!(short(0, 0, 0.0), 0.0);
    }

    /// The symmetry detection runs where it takes at most a quarter of the time left: on the
    /// 6-week ward (about 137 000 nonzeros) from 0.72 s on, on the 52-week fuzz plan (0.53 M)
    /// from 2.8 s on, so not in the 1 s command that it ran to 1.7 s (median of 6, against 1.2
    /// s without it). Under a command's deadline the time left is the command's, not the
    /// solve's own limit.
    #[test]
    fn can_skip_the_symmetry_detection_where_it_cannot_pay_back() {
        let own = MipOptions {
            deadline: None,
            ..opts()
        };
        assert!(SYMMETRY.fits(137_000, &own, 0.72));
        assert!(!SYMMETRY.fits(137_000, &own, 0.7));
        assert!(SYMMETRY.fits(531_620, &own, 2.8));
        assert!(!SYMMETRY.fits(531_620, &own, 1.0));
        assert!(SYMMETRY.fits(0, &own, 0.0));
        let in_time = |secs: f64| MipOptions {
            deadline: Some(Instant::now() + std::time::Duration::from_secs_f64(secs)),
            ..opts()
        };
        assert!(SYMMETRY.fits(531_620, &in_time(60.0), 0.5));
        assert!(!SYMMETRY.fits(531_620, &in_time(1.0), 60.0));
    }

    /// Presolve, and its enumeration of short rows, run where their worst case fits in the time
    /// there is: always on the 6-week ward (about 15 000 rows) in a second or more, on the
    /// 520-week fuzz plan's first block (0.39 M rows) from 3.9 s and 23.3 s on.
    #[test]
    fn can_skip_presolve_steps_where_they_would_run_past_the_time() {
        let own = MipOptions {
            deadline: None,
            ..opts()
        };
        assert!(PRESOLVE.fits(15_000, &own, 1.0));
        assert!(enumeration_fits(15_000, &own, 1.0));
        assert!(PRESOLVE.fits(387_544, &own, 3.9));
        assert!(!PRESOLVE.fits(387_544, &own, 3.8));
        assert!(enumeration_fits(387_544, &own, 23.3));
        assert!(!enumeration_fits(387_544, &own, 23.2));
        let in_time = |secs: f64| MipOptions {
            deadline: Some(Instant::now() + std::time::Duration::from_secs_f64(secs)),
            ..opts()
        };
        assert!(PRESOLVE.fits(387_544, &in_time(60.0), 1.0));
        assert!(!PRESOLVE.fits(387_544, &in_time(1.0), 60.0));
        // Under a deadline the enumeration must also fit after the solve's own limit: the
        // ward's 0.26 s with 10 s left and a limit of 9.5 s, not with 4 s left and 3.9 s.
        assert!(enumeration_fits(17_194, &in_time(10.0), 9.5));
        assert!(!enumeration_fits(17_194, &in_time(4.0), 3.9));
    }

    /// A program is not built for a solve that could not start: the 6-week ward needs 0.14 s,
    /// the 520-week fuzz plan's whole program (0.45 M rows, 3.5 M nonzeros) about 4 s.
    #[test]
    fn can_tell_whether_a_solve_could_start() {
        let mut lp = Lp::default();
        let cols: Vec<Col> = (0..10).map(|_| lp.binary()).collect();
        for i in 0..1_000 {
            let terms = cols.iter().map(|&c| (c, 1.0)).collect();
            lp.le(RowFamily::Cut, format!("r{i}"), terms, 5.0);
        }
        // 1 000 rows of 10 nonzeros: 9.5 ms.
        assert!(can_start(&lp, 0.0096));
        assert!(!can_start(&lp, 0.0094));
        let whole = setup_and_overrun(3_517_500, 454_842);
        assert!((whole - 3.96).abs() < 0.01, "{whole}");
        assert!(setup_and_overrun(137_000, 15_000) < 0.15);
    }

    fn opts() -> MipOptions {
        MipOptions {
            time_limit: 10.0,
            rel_gap: 0.0,
            abs_gap: 0.0,
            threads: Some(1),
            seed: None,
            verbose: false,
            presolve: true,
            deadline: None,
            stall: None,
            cancel: None,
            keep_improving: false,
        }
    }

    /// Any seed is accepted: HiGHS's own range is 0..=i32::MAX, and a seed outside it used to
    /// panic inside the solver.
    #[test]
    fn can_solve_with_any_seed() {
        let mut lp = Lp::default();
        let x = lp.col(ColKind::Binary, 0.0, 1.0);
        lp.ge(RowFamily::Cut, "x".into(), vec![(x, 1.0)], 1.0);
        for seed in [-1, i32::MIN, i32::MAX, 0] {
            let o = MipOptions {
                seed: Some(seed),
                ..opts()
            };
            let r = solve(&lp, &[(x, 1.0)], 0.0, &o, None, None).unwrap();
            assert_eq!(r.status, MipStatus::Optimal, "seed {seed}");
        }
    }

    /// A solve cancelled (from another thread) before it starts ends without a solution, even
    /// on a program solved at once. (Cancelling one under way is timing: the headcount phase
    /// measures it.)
    #[test]
    fn can_cancel_a_solve_before_it_starts() {
        let mut lp = Lp::default();
        let x = lp.col(ColKind::Binary, 0.0, 1.0);
        lp.ge(RowFamily::Cut, "x".into(), vec![(x, 1.0)], 1.0);
        let r = solve(&lp, &[(x, 1.0)], 0.0, &opts(), None, None).unwrap();
        assert_eq!(r.status, MipStatus::Optimal);
        let cancel = Arc::new(AtomicBool::new(false));
        let cancelled = MipOptions {
            cancel: Some(cancel.clone()),
            ..opts()
        };
        std::thread::scope(|s| {
            s.spawn(|| cancel.store(true, Ordering::Relaxed))
                .join()
                .unwrap();
        });
        let r = solve(&lp, &[(x, 1.0)], 0.0, &cancelled, None, None).unwrap();
        assert_eq!(r.status, MipStatus::NoSolution);
        assert!(r.values.is_empty());
    }

    /// Fixed columns are taken out before the solve (see `reduce`): the objective, the bound
    /// and the progress reports are the whole program's, the values cover every column, and
    /// a program whose columns are all fixed, or whose fixed columns break a row, is decided
    /// without the solver.
    #[test]
    fn can_solve_a_program_with_fixed_columns() {
        let mut lp = Lp::default();
        let x: Vec<Col> = (0..4).map(|_| lp.binary()).collect();
        let all = x.iter().map(|&c| (c, 1.0)).collect();
        lp.ge(RowFamily::Cut, "two".into(), all, 2.0);
        lp.cols[0].lb = 1.0;
        lp.cols[3].ub = 0.0;
        let objective = [(x[0], 5.0), (x[1], 2.0), (x[2], 3.0), (x[3], -7.0)];
        let seen = std::sync::Mutex::new(Vec::new());
        let report = |_: f64, best: f64, _: f64| seen.lock().unwrap().push(best);
        let start = [1.0, 0.0, 1.0, 0.0];
        let r = solve(&lp, &objective, 1.0, &opts(), Some(&start), Some(&report)).unwrap();
        assert_eq!(r.status, MipStatus::Optimal);
        let values: Vec<f64> = r.values.iter().map(|v| v.round()).collect();
        assert_eq!(values, [1.0, 1.0, 0.0, 0.0]);
        assert_eq!((r.objective, r.bound), (8.0, 8.0));
        // The warm start (9) and the optimum, with the fixed column's 5 and the offset.
        let seen = seen.into_inner().unwrap();
        assert!(!seen.is_empty());
        assert!(seen.iter().all(|&b| b == 8.0 || b == 9.0), "{seen:?}");
        // Every column fixed: x1 to 1, x2 to 0.
        lp.cols[1].lb = 1.0;
        lp.cols[2].ub = 0.0;
        let r = solve(&lp, &objective, 1.0, &opts(), None, None).unwrap();
        assert_eq!(r.status, MipStatus::Optimal);
        assert_eq!((r.objective, r.values), (8.0, vec![1.0, 1.0, 0.0, 0.0]));
        lp.cols[1].ub = 0.0;
        lp.cols[1].lb = 0.0;
        let r = solve(&lp, &objective, 1.0, &opts(), None, None).unwrap();
        assert_eq!(r.status, MipStatus::Infeasible);
        assert!(r.values.is_empty());
    }

    /// With `keep_improving` the solutions the search found before its best come back too, each
    /// a solution of the whole program (its fixed column included) and worse than the best;
    /// without it, none.
    #[test]
    fn can_keep_the_solutions_found_on_the_way_to_the_best() {
        // A knapsack (as a minimisation) with its first item fixed in: choosing nothing more
        // is legal and far from the best, so the search does not start at the best.
        let mut lp = Lp::default();
        let w = [
            7.0, 9.0, 11.0, 13.0, 5.0, 8.0, 12.0, 6.0, 10.0, 4.0, 14.0, 3.0,
        ];
        let v = [
            9.0, 13.0, 14.0, 17.0, 6.0, 11.0, 15.0, 8.0, 12.0, 5.0, 18.0, 4.0,
        ];
        let x: Vec<Col> = w.iter().map(|_| lp.binary()).collect();
        let terms = x.iter().zip(w).map(|(&c, a)| (c, a)).collect();
        lp.le(RowFamily::Cut, "weight".into(), terms, 40.0);
        lp.cols[0].lb = 1.0;
        let objective: Vec<(Col, f64)> = x.iter().zip(v).map(|(&c, a)| (c, -a)).collect();
        let plain = MipOptions {
            presolve: false,
            ..opts()
        };
        let keep = MipOptions {
            keep_improving: true,
            ..plain.clone()
        };
        // With and without the solver's presolve (the solutions must come back in the
        // program's columns either way).
        for presolve in [false, true] {
            let keep = MipOptions {
                presolve,
                ..keep.clone()
            };
            let r = solve(&lp, &objective, 0.0, &keep, None, None).unwrap();
            assert_eq!(r.status, MipStatus::Optimal);
            assert!(!r.improving.is_empty(), "presolve {presolve}");
            let mut last = f64::INFINITY;
            for s in &r.improving {
                assert_eq!(s.len(), lp.cols.len());
                assert!(lp
                    .cols
                    .iter()
                    .zip(s)
                    .all(|(c, v)| c.lb - 1e-6 <= *v && *v <= c.ub + 1e-6));
                assert!(Lp::eval(&lp.rows[0].terms, s) <= 40.0 + 1e-6, "{s:?}");
                let value = Lp::eval(&objective, s);
                assert!(value > r.objective + 1e-6, "{s:?}");
                assert!(value < last - 1e-6, "{s:?}");
                last = value;
            }
        }
        let r = solve(&lp, &objective, 0.0, &plain, None, None).unwrap();
        assert_eq!(r.status, MipStatus::Optimal);
        assert!(r.improving.is_empty());
    }

    /// A program without columns (a unit with no demand) is decided here: HiGHS would answer
    /// "model empty" without solution info, which panicked in the bindings (CI at `c4fa20b`).
    #[test]
    fn can_solve_a_program_without_columns() {
        let mut lp = Lp::default();
        let r = solve(&lp, &[], 2.5, &opts(), None, None).unwrap();
        assert_eq!(r.status, MipStatus::Optimal);
        assert_eq!((r.objective, r.bound), (2.5, 2.5));
        assert!(r.values.is_empty());
        let r = solve_lp(&lp, &[], 2.5, &opts(), false).unwrap();
        assert_eq!(r.status, LpStatus::Optimal);
        assert!(r.duals.is_empty());
        lp.ge(RowFamily::Cut, "impossible".into(), vec![], 1.0);
        let r = solve(&lp, &[], 0.0, &opts(), None, None).unwrap();
        assert_eq!(r.status, MipStatus::Infeasible);
        let r = solve_lp(&lp, &[], 0.0, &opts(), true).unwrap();
        assert_eq!(r.status, LpStatus::Infeasible);
    }

    /// `x + y ≥ 3`, `x ≤ 2`, `−100 ≤ x − y ≤ 100` over `x, y ∈ [0, 10]` (`x` integer).
    fn three_rows() -> (Lp, Col, Col) {
        let mut lp = Lp::default();
        let x = lp.col(ColKind::Binary, 0.0, 10.0);
        let y = lp.col(ColKind::Continuous, 0.0, 10.0);
        lp.ge(RowFamily::Link, "a".into(), vec![(x, 1.0), (y, 1.0)], 3.0);
        lp.le(RowFamily::Link, "b".into(), vec![(x, 1.0)], 2.0);
        lp.row(
            RowFamily::Link,
            "c".into(),
            vec![(x, 1.0), (y, -1.0)],
            -100.0,
            100.0,
        );
        (lp, x, y)
    }

    #[test]
    fn can_read_row_duals_signed_for_reduced_costs() {
        // min x + 2y  s.t.  x + y ≥ 3 (binding, dual 2),  x ≤ 2 (binding, dual −1),
        // −100 ≤ x − y ≤ 100 (slack, dual 0); the optimum is x = 2, y = 1.
        let (lp, x, y) = three_rows();
        let r = solve_lp(&lp, &[(x, 1.0), (y, 2.0)], 0.5, &opts(), false).unwrap();
        assert_eq!(r.status, LpStatus::Optimal);
        assert!((r.objective - 4.5).abs() < 1e-9, "{}", r.objective);
        assert!((r.values[0] - 2.0).abs() < 1e-9 && (r.values[1] - 1.0).abs() < 1e-9);
        let want = [2.0, -1.0, 0.0];
        for (got, want) in r.duals.iter().zip(want) {
            assert!((got - want).abs() < 1e-9, "{:?}", r.duals);
        }
        // Weak duality the way column generation uses it: y·b is the objective here.
        assert!((3.0 * r.duals[0] + 2.0 * r.duals[1] + 0.5 - r.objective).abs() < 1e-9);
    }

    /// [`Lp::dual_bound`]: the optimum at the LP's optimal duals, below it at any other
    /// multipliers (a multiplier on a row's infinite side counts as 0), `−∞` where a reduced
    /// cost prices an infinite column bound; the interior point's approximate duals prove
    /// nearly its value.
    #[test]
    fn can_bound_a_program_by_any_row_multipliers() {
        let (mut lp, x, y) = three_rows();
        let objective = [(x, 1.0), (y, 2.0)];
        let r = solve_lp(&lp, &objective, 0.5, &opts(), false).unwrap();
        let optimum = r.objective;
        assert!((lp.dual_bound(&objective, 0.5, &r.duals) - optimum).abs() < 1e-9);
        let at = |m: [f64; 3]| lp.dual_bound(&objective, 0.5, &m);
        assert_eq!(at([0.0; 3]), 0.5);
        assert_eq!(at([1.0, 0.0, 0.0]), 3.5);
        // Row a has no upper side: its negative multiplier counts as 0.
        assert_eq!(at([-1.0, 0.0, 0.0]), 0.5);
        let mut seed = 7_u64;
        for _ in 0..200 {
            let mut m = [0.0; 3];
            for v in &mut m {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                *v = ((seed >> 33) as f64 / (1u64 << 31) as f64 - 0.5) * 8.0;
            }
            assert!(at(m) <= optimum + 1e-9, "{m:?}: {} > {optimum}", at(m));
        }
        let ipm = solve_lp(&lp, &objective, 0.5, &opts(), true).unwrap();
        let proven = lp.dual_bound(&objective, 0.5, &ipm.duals);
        assert!(
            proven <= optimum + 1e-9 && proven >= optimum - 1e-5,
            "{proven}"
        );
        // A column without an upper bound that the multipliers make profitable.
        let z = lp.col(ColKind::Continuous, 0.0, f64::INFINITY);
        lp.rows[0].terms.push((z, 1.0));
        assert_eq!(
            lp.dual_bound(&objective, 0.5, &[1.0, 0.0, 0.0]),
            f64::NEG_INFINITY
        );
    }

    /// Column generation's master: columns added and costs changed between the solves of one
    /// session give what a solve from scratch of the program as it then is gives (value and
    /// duals, on programs with one optimal dual), from a session that starts without a
    /// column too.
    #[test]
    fn can_add_columns_to_a_solved_linear_program() {
        // Cover rows r0 ≥ 2, r1 ≥ 1, r2 ≥ 1 by columns bought at a cost; `slack` keeps it
        // feasible at cost 10 a unit of r0.
        let rows = [2.0, 1.0, 1.0];
        let mut lp = Lp::default();
        for (i, b) in rows.iter().enumerate() {
            lp.ge(RowFamily::Link, format!("r{i}"), vec![], *b);
        }
        let mut session = LpSession::new(&lp, &[]).unwrap();
        assert_eq!(
            session.solve(0.0, &opts()).unwrap().status,
            LpStatus::Infeasible
        );
        let mut objective = Vec::new();
        let add = |lp: &mut Lp,
                   session: &mut LpSession,
                   objective: &mut Vec<(Col, f64)>,
                   cost: f64,
                   terms: &[(usize, f64)]| {
            let c = lp.col(ColKind::Continuous, 0.0, 5.0);
            for (r, a) in terms {
                lp.rows[*r].terms.push((c, *a));
            }
            objective.push((c, cost));
            assert_eq!(session.add_col(cost, 0.0, 5.0, terms).unwrap(), c);
            c
        };
        let check = |lp: &Lp, session: &mut LpSession, objective: &[(Col, f64)]| {
            let got = session.solve(1.5, &opts()).unwrap();
            let want = solve_lp(lp, objective, 1.5, &opts(), false).unwrap();
            assert_eq!(
                (got.status, want.status),
                (LpStatus::Optimal, LpStatus::Optimal)
            );
            assert!(
                (got.objective - want.objective).abs() < 1e-9,
                "{got:?} {want:?}"
            );
            assert_eq!(got.values.len(), lp.cols.len());
            // The duals are optimal (they need not be the same ones): no column prices out
            // (no upper bound binds here) and y·b is the value.
            for (j, (_, cost)) in objective.iter().enumerate() {
                let priced: f64 = lp
                    .rows
                    .iter()
                    .zip(&got.duals)
                    .flat_map(|(r, y)| {
                        r.terms
                            .iter()
                            .filter(|(c, _)| c.0 == j)
                            .map(move |(_, a)| a * y)
                    })
                    .sum();
                assert!(cost - priced > -1e-9, "{got:?}");
            }
            let dual: f64 = rows.iter().zip(&got.duals).map(|(b, y)| b * y).sum();
            assert!((dual + 1.5 - got.objective).abs() < 1e-9, "{got:?}");
            (got.objective, got.values)
        };
        let near = |a: &[f64], b: &[f64]| a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-9);
        let slack = add(&mut lp, &mut session, &mut objective, 10.0, &[(0, 1.0)]);
        add(&mut lp, &mut session, &mut objective, 4.0, &[(1, 1.0)]);
        let r2 = add(&mut lp, &mut session, &mut objective, 4.0, &[(2, 1.0)]);
        // 2 × 10 + 4 + 4 + the offset.
        assert!((check(&lp, &mut session, &objective).0 - 29.5).abs() < 1e-9);
        // A column covering r1 and r2 at 5: 2 × 10 + 5.
        add(
            &mut lp,
            &mut session,
            &mut objective,
            5.0,
            &[(1, 1.0), (2, 1.0)],
        );
        assert!((check(&lp, &mut session, &objective).0 - 26.5).abs() < 1e-9);
        // One covering all three at 8, twice: 16.
        add(
            &mut lp,
            &mut session,
            &mut objective,
            8.0,
            &[(0, 1.0), (1, 1.0), (2, 1.0)],
        );
        let (value, x) = check(&lp, &mut session, &objective);
        assert!(
            (value - 17.5).abs() < 1e-9 && near(&x, &[0.0, 0.0, 0.0, 0.0, 2.0]),
            "{x:?}"
        );
        // Cheaper slack: 2 × 1 + 5.
        session.set_cost(slack, 1.0).unwrap();
        objective[0].1 = 1.0;
        let (value, x) = check(&lp, &mut session, &objective);
        assert!(
            (value - 8.5).abs() < 1e-9 && near(&x, &[2.0, 0.0, 0.0, 1.0, 0.0]),
            "{x:?}"
        );
        // The column covering r2 alone held to at least 1: r1 then by its own at 4, 2 + 4 + 4.
        // (Not `check`: a bound that binds takes part in the duals' value.)
        session.set_bounds(r2, 1.0, 5.0).unwrap();
        lp.cols[r2.0].lb = 1.0;
        let got = session.solve(1.5, &opts()).unwrap();
        let want = solve_lp(&lp, &objective, 1.5, &opts(), false).unwrap();
        assert_eq!(got.status, LpStatus::Optimal);
        assert!((got.objective - want.objective).abs() < 1e-9);
        assert!(
            (got.objective - 11.5).abs() < 1e-9 && near(&got.values, &[2.0, 1.0, 1.0, 0.0, 0.0]),
            "{got:?}"
        );
        // And back: as before.
        session.set_bounds(r2, 0.0, 5.0).unwrap();
        lp.cols[r2.0].lb = 0.0;
        assert!((check(&lp, &mut session, &objective).0 - 8.5).abs() < 1e-9);
    }

    #[test]
    fn rejects_an_infeasible_linear_program() {
        let mut lp = Lp::default();
        let x = lp.col(ColKind::Continuous, 0.0, 1.0);
        lp.ge(RowFamily::Link, "a".into(), vec![(x, 1.0)], 2.0);
        let r = solve_lp(&lp, &[(x, 1.0)], 0.0, &opts(), false).unwrap();
        assert_eq!(r.status, LpStatus::Infeasible);
    }
}
