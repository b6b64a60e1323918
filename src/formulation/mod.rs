//! The mixed-integer formulation, one file per rule family.
//!
//! Columns: `x[p][d][s]` (person `p` starts shift `s` on day `d`; created only where the slot has
//! demand and the person is available), `used[p]` for open-position candidates (existing staff
//! are always used), `w[p][k]` (works weekend `k`), `v[p][i]` (works Sunday or holiday `i`, when a
//! Sunday rule is on) and weekly-rest choice columns.
//!
//! Strength (DEVELOPERS.md habit 5): every per-person row is linked to `used[p]`
//! (`Σ_s x ≤ used`, `Σ w ≤ used`, hours `≤ max·used`), rest and overlap are clique rows of the
//! interval graph of `[start, end + rest)`, weekend flags dominate the aggregate of a date's
//! shifts, identical candidates are ordered, and the analytic weekend/hours bounds are cuts.

pub mod blocks;
pub mod coverage;
pub mod hours;
pub mod objective;
pub mod quality;
pub mod rest;
pub mod sunday;
pub mod symmetry;
pub mod weekend;
pub mod weekly_rest;
pub mod working_time;

use std::collections::BTreeSet;
use std::time::Instant;

use crate::model::{Day, Model, ShiftId, StaffId};
use crate::rule::Rule;
pub use crate::solver::{Col, ColKind, Lp, RowFamily};

/// Switches for building a formulation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Options {
    /// Rule families left out (used to find which rule blocks an infeasible demand).
    pub relax: BTreeSet<Rule>,
    /// Add a slack column to every coverage minimum (elastic model for explanations).
    pub elastic: bool,
    /// Leave out symmetry breaking and analytic cuts (to measure their effect).
    pub no_cuts: bool,
}

/// A slack column of the elastic model: how many people short a demand row is.
#[derive(Debug, Clone, PartialEq)]
pub struct Slack {
    /// Column.
    pub col: Col,
    /// Day.
    pub day: Day,
    /// Shift.
    pub shift: ShiftId,
    /// Skill index for skill rows.
    pub skill: Option<usize>,
}

/// A helper column that is the positive part of a linear expression plus a constant, clamped
/// to the column's bounds (the quality phase's patterns and soft demand, see [`quality`] and
/// [`objective`]); a column listed more than once takes the largest.
pub type PositivePart = (Col, Vec<(Col, f64)>, f64);

/// Where a person's hour bound lives in the program.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HourRow {
    /// Person.
    pub person: usize,
    /// Row index in [`Lp::rows`].
    pub row: usize,
    /// `true` for the lower bound, `false` for the upper.
    pub lower: bool,
    /// The bound in hour units over the whole horizon (for a row against the person's week,
    /// that bound at the longest week).
    pub units: i64,
    /// Whether the row holds the person's week column ([`Formulation::week`]): a band as
    /// shares of a week that depends on the line.
    pub week: bool,
}

/// A built formulation: the program and the map from model objects to its columns.
#[derive(Debug, Clone)]
pub struct Formulation<'m> {
    /// The instance.
    pub m: &'m Model,
    /// The program.
    pub lp: Lp,
    /// `x[p][d][s]`.
    pub x: Vec<Vec<Vec<Option<Col>>>>,
    /// `used[p]`; `None` for existing staff (always 1).
    pub used: Vec<Option<Col>>,
    /// `w[p][k]` when the weekend rule needs it.
    pub w: Vec<Vec<Option<Col>>>,
    /// Elastic slack columns.
    pub slack: Vec<Slack>,
    /// The person each column belongs to (`None` for shared helper columns).
    pub owner: Vec<Option<usize>>,
    /// Row indices of each person's hour bounds (for prorating them in rolling-horizon solves).
    pub hour_rows: Vec<HourRow>,
    /// Tie-break (a) columns `z = min(hours, wish)`: (person, column, wish units).
    pub wish: Vec<(usize, Col, i64)>,
    /// What each person's band needs of their week when it depends on the line (the
    /// three-shift rule, [`working_time`]); empty otherwise.
    pub week: Vec<Option<working_time::Week>>,
    /// The binaries that pick a side of a week band's disjunction, for completing warm starts.
    pub week_sides: Vec<(Col, usize, working_time::Side)>,
    /// The average-position phase's share columns under the three-shift rule
    /// ([`working_time::shares`]); empty until it is built.
    pub shares: Vec<working_time::ShareCols>,
    /// Quality-phase columns, for warm starts.
    pub quality: Vec<PositivePart>,
    /// The roster the quality phase starts from ([`Formulation::plan_from`]): the totals its
    /// fair shares are measured against.
    pub planned: Option<Vec<f64>>,
    /// Options it was built with.
    pub options: Options,
    /// The budget being built against (see [`Formulation::within`]).
    guard: Option<Guard>,
}

/// Assignment columns the model needs: person × date × shift where the slot has demand and the
/// person is not unavailable. Counted without building anything.
pub fn assignment_columns(m: &Model) -> usize {
    let open: Vec<usize> = (0..m.days())
        .map(|d| {
            (0..m.shifts.len())
                .filter(|&s| m.open_slot(Day(d), ShiftId(s)))
                .count()
        })
        .collect();
    let all: usize = open.iter().sum();
    m.people
        .iter()
        .map(|p| {
            all - p
                .unavailable
                .iter()
                .zip(&open)
                .filter(|(u, _)| **u)
                .map(|(_, n)| n)
                .sum::<usize>()
        })
        .sum()
}

/// Limits on building a formulation (issue 11: a scenario with 200 overlapping shift types
/// built 112 million nonzeros in 26 s and 13 GB before the solver ever started).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Budget {
    /// Most nonzeros (row terms) the program may have.
    pub max_nonzeros: usize,
    /// Stop building at this instant.
    pub deadline: Option<Instant>,
}

/// Why [`Formulation::within`] stopped building.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// The program would exceed [`Budget::max_nonzeros`].
    TooLarge {
        /// Nonzeros of the program as far as it was built, the rule family building stopped
        /// in extrapolated over the people it had not reached: short of the whole, as the
        /// families not yet built are not counted.
        nonzeros: usize,
        /// Assignment columns (person × date × shift where the person may work).
        columns: usize,
    },
    /// The deadline passed while building.
    OutOfTime,
}

/// Every term of a row is one nonzero, and rows of a person come in per-person loops, so
/// checking after each person bounds the overshoot by one person's rows.
#[derive(Debug, Clone)]
struct Guard {
    budget: Budget,
    /// Nonzeros in rows `..rows_seen`.
    nonzeros: usize,
    rows_seen: usize,
    /// Nonzeros when the rule family being built started (at its person 0).
    family_start: usize,
    stop: Option<Stop>,
}

impl<'m> Formulation<'m> {
    /// Builds every rule family of `m`.
    pub fn new(m: &'m Model, options: Options) -> Formulation<'m> {
        Formulation::build(m, options, None)
    }

    /// Like [`Formulation::new`], but stops as soon as the program would exceed `budget`: a
    /// scenario too large to solve is rejected before it takes the machine's memory. The
    /// assignment columns alone are checked before anything is built (each has at least its
    /// coverage, two hour rows and a rest or one-per-date row: four nonzeros).
    pub fn within(m: &'m Model, options: Options, budget: Budget) -> Result<Formulation<'m>, Stop> {
        let columns = assignment_columns(m);
        if columns.saturating_mul(4) > budget.max_nonzeros {
            return Err(Stop::TooLarge {
                nonzeros: columns.saturating_mul(4),
                columns,
            });
        }
        let f = Formulation::build(m, options, Some(budget));
        match f.guard.as_ref().and_then(|g| g.stop) {
            Some(stop) => Err(stop),
            None => Ok(f),
        }
    }

    fn build(m: &'m Model, options: Options, budget: Option<Budget>) -> Formulation<'m> {
        let mut f = Formulation {
            m,
            lp: Lp::default(),
            x: Vec::new(),
            used: Vec::new(),
            w: Vec::new(),
            slack: Vec::new(),
            owner: Vec::new(),
            hour_rows: Vec::new(),
            wish: Vec::new(),
            week: Vec::new(),
            week_sides: Vec::new(),
            shares: Vec::new(),
            quality: Vec::new(),
            planned: None,
            options,
            guard: budget.map(|budget| Guard {
                budget,
                nonzeros: 0,
                rows_seen: 0,
                family_start: 0,
                stop: None,
            }),
        };
        f.add_columns();
        let families: [fn(&mut Formulation); 8] = [
            coverage::add,
            rest::add,
            weekly_rest::add,
            working_time::add,
            hours::add,
            blocks::add,
            weekend::add,
            sunday::add,
        ];
        for add in families {
            if f.exhausted(0) {
                return f;
            }
            add(&mut f);
        }
        if !f.options.no_cuts && !f.exhausted(0) {
            symmetry::add(&mut f);
        }
        f.exhausted(0);
        f
    }

    /// Whether building must stop: the program is over its nonzero budget or past its
    /// deadline. `people_done` (people whose rows of the current family are built) extrapolates
    /// the size over the rest. Always `false` without a budget.
    pub(crate) fn exhausted(&mut self, people_done: usize) -> bool {
        let total = self.m.people.len();
        let Some(g) = self.guard.as_mut() else {
            return false;
        };
        if g.stop.is_some() {
            return true;
        }
        g.nonzeros += self.lp.rows[g.rows_seen..]
            .iter()
            .map(|r| r.terms.len())
            .sum::<usize>();
        g.rows_seen = self.lp.rows.len();
        if g.nonzeros > g.budget.max_nonzeros {
            // The families built, and the one building stopped in over all its people.
            let nonzeros = if people_done > 0 && people_done < total {
                let family = (g.nonzeros - g.family_start) as f64;
                g.family_start + (family * total as f64 / people_done as f64) as usize
            } else {
                g.nonzeros
            };
            // The columns are counted once, when building stops, not on every check.
            let columns = self.x.iter().flatten().flatten().flatten().count();
            g.stop = Some(Stop::TooLarge { nonzeros, columns });
        } else if g.budget.deadline.is_some_and(|d| Instant::now() >= d) {
            g.stop = Some(Stop::OutOfTime);
        } else if people_done == 0 {
            // A family starts (or one without people goes on): what it adds is counted from here.
            g.family_start = g.nonzeros;
        }
        g.stop.is_some()
    }

    /// Whether a rule family is on.
    pub fn on(&self, r: Rule) -> bool {
        !self.options.relax.contains(&r)
    }

    fn add_columns(&mut self) {
        let m = self.m;
        let (nd, ns) = (m.days(), m.shifts.len());
        for p in &m.people {
            let pi = self.used.len();
            let used = if p.is_existing() {
                None
            } else {
                Some(self.person_binary(pi))
            };
            self.used.push(used);
            let mut xp = vec![vec![None; ns]; nd];
            for (d, xd) in xp.iter_mut().enumerate() {
                let fixed_here: Vec<ShiftId> = p
                    .fixed
                    .iter()
                    .filter(|(fd, _)| fd.0 == d)
                    .map(|(_, s)| *s)
                    .collect();
                let blocked = p.unavailable[d] && self.on(Rule::Unavailable);
                for (s, cell) in xd.iter_mut().enumerate() {
                    if blocked || !m.open_slot(Day(d), ShiftId(s)) {
                        continue;
                    }
                    // A fixed date allows only the fixed shift (one start per date).
                    if !fixed_here.is_empty()
                        && self.on(Rule::Fixed)
                        && !fixed_here.contains(&ShiftId(s))
                    {
                        continue;
                    }
                    *cell = Some(self.person_binary(pi));
                }
            }
            self.x.push(xp);
        }
        // Fixed assignments: lower bound 1 (a missing column makes the model infeasible,
        // which the explanation pre-checks report in user words).
        if self.on(Rule::Fixed) {
            for (pi, p) in m.people.iter().enumerate() {
                for (d, s) in &p.fixed {
                    match self.x[pi][d.0][s.0] {
                        Some(c) => self.lp.cols[c.0].lb = 1.0,
                        None => self.lp.ge(
                            RowFamily::Rule(Rule::Fixed),
                            format!(
                                "fixed:{}:{}:{}",
                                p.id,
                                m.cal.date_str(d.0),
                                m.shifts[s.0].id
                            ),
                            Vec::new(),
                            1.0,
                        ),
                    }
                }
            }
        }
    }

    /// Adds a 0/1 column belonging to person `p`.
    pub fn person_binary(&mut self, p: usize) -> Col {
        let c = self.lp.binary();
        self.owner.resize(self.lp.cols.len(), None);
        self.owner[c.0] = Some(p);
        c
    }

    /// The dates and shifts person `p` works in `values` (one start a date).
    pub fn line_of(&self, p: usize, values: &[f64]) -> Vec<(usize, ShiftId)> {
        (0..self.m.days())
            .flat_map(|d| self.day_cols(p, d).map(move |(s, c)| (d, s, c)))
            .filter(|&(_, _, c)| values[c.0] > 0.5)
            .map(|(d, s, _)| (d, s))
            .collect()
    }

    /// Makes a solution's headcount honest: an open candidate flagged used but working no shift
    /// is dropped (all its columns set to 0), which keeps every row satisfied.
    pub fn drop_idle(&self, values: &mut [f64]) {
        for p in 0..self.m.people.len() {
            let Some(u) = self.used[p] else { continue };
            let works = self.x[p]
                .iter()
                .flatten()
                .flatten()
                .any(|c| values[c.0] > 0.5);
            if values[u.0] > 0.5 && !works {
                for (c, o) in self.owner.iter().enumerate() {
                    if *o == Some(p) {
                        values[c] = 0.0;
                    }
                }
            }
        }
    }

    /// Fills helper columns added after `values` was solved (warm start for a later phase):
    /// `z = min(hours, wish)` for tie-break (a); other new columns start at 0.
    pub fn extend_warm_start(&self, values: &mut Vec<f64>) {
        values.resize(self.lp.cols.len(), 0.0);
        for &(z, p, side) in &self.week_sides {
            if let Some(Some(w)) = self.week.get(p) {
                values[z.0] = working_time::side_value(w, side, Lp::eval(&w.credit, values));
            }
        }
        // A share is the line's hours over the week it earns (never past its bounds).
        for sc in &self.shares {
            let p = sc.person;
            let h = Lp::eval(&self.hour_terms(p), values);
            let week = self.m.line_week(p, &self.line_of(p, values)).to_f64();
            let col = &self.lp.cols[sc.r.0];
            let r = if week > 0.0 { h / week } else { 0.0 };
            let r = r.clamp(col.lb, col.ub);
            values[sc.r.0] = r;
            for &(x, wc) in &sc.products {
                values[wc.0] = if values[x.0] > 0.5 { r } else { 0.0 };
            }
        }
        for &(p, z, wish) in &self.wish {
            let h = Lp::eval(&self.hour_terms(p), values);
            let mut wish = wish as f64;
            // Under the three-shift rule the wish is a share of the week the line earns.
            let share = self.m.people[p].band.as_ref().and_then(|b| b.wish);
            if let (Some(w), true) = (share, self.week.get(p).is_some_and(|w| w.is_some())) {
                let week = self.m.line_week(p, &self.line_of(p, values)).to_f64();
                wish = wish.min(w.to_f64() * week);
            }
            values[z.0] = h.min(wish);
        }
        // A pattern column with several rows takes the largest of them.
        for (c, _, _) in &self.quality {
            values[c.0] = self.lp.cols[c.0].lb;
        }
        for (c, expr, k) in &self.quality {
            let col = &self.lp.cols[c.0];
            let v = (Lp::eval(expr, values) + k).clamp(col.lb, col.ub);
            values[c.0] = values[c.0].max(v);
        }
    }

    /// Adds a continuous column in `[lb, ub]` belonging to person `p`.
    pub fn person_continuous(&mut self, p: usize, lb: f64, ub: f64) -> Col {
        self.person_col(p, ColKind::Continuous, lb, ub)
    }

    /// Adds a column of `kind` in `[lb, ub]` belonging to person `p`.
    pub fn person_col(&mut self, p: usize, kind: ColKind, lb: f64, ub: f64) -> Col {
        let c = self.lp.col(kind, lb, ub);
        self.owner.resize(self.lp.cols.len(), None);
        self.owner[c.0] = Some(p);
        c
    }

    /// Number of people in a solution: existing staff plus candidates flagged used.
    pub fn headcount(&self, values: &[f64]) -> u32 {
        self.m.n_staff as u32
            + self
                .used
                .iter()
                .flatten()
                .filter(|c| values[c.0] > 0.5)
                .count() as u32
    }

    /// The columns that grant (or, with `want: false`, break) person `p`'s request `r`: their
    /// shift on its date, or any shift that date.
    pub fn request_cols<'a>(
        &'a self,
        p: usize,
        r: &'a crate::model::Req,
    ) -> impl Iterator<Item = Col> + 'a {
        self.day_cols(p, r.day.0)
            .filter(|(s, _)| r.shift.is_none_or(|rs| rs == *s))
            .map(|(_, c)| c)
    }

    /// The shifts person `p` may work on day `d`, with their columns.
    pub fn day_cols(&self, p: usize, d: usize) -> impl Iterator<Item = (ShiftId, Col)> + '_ {
        self.x[p][d]
            .iter()
            .enumerate()
            .filter_map(|(s, c)| c.map(|c| (ShiftId(s), c)))
    }

    /// Whether person `p` has any column.
    pub fn has_cols(&self, p: usize) -> bool {
        self.x[p].iter().flatten().any(|c| c.is_some())
    }

    /// Records the roster a later phase starts from (the quality phase's fair shares keep its
    /// totals).
    pub fn plan_from(&mut self, values: &[f64]) {
        self.planned = Some(values.to_vec());
    }

    /// Whether person `p` has an assignment column on date `d`.
    pub fn has_day(&self, p: usize, d: usize) -> bool {
        self.day_cols(p, d).next().is_some()
    }

    /// Adds `Σ terms ≥ k · used[p]` (`lower`) or `Σ terms ≤ k · used[p]`, with a constant `k`
    /// for existing staff. Returns the new row's index (`None` when the row was trivial).
    pub fn bound_used(
        &mut self,
        lower: bool,
        family: RowFamily,
        name: String,
        mut terms: Vec<(Col, f64)>,
        p: usize,
        k: f64,
    ) -> Option<usize> {
        let before = self.lp.rows.len();
        let rhs = match self.used[p] {
            Some(u) => {
                terms.push((u, -k));
                0.0
            }
            None => k,
        };
        if lower {
            self.lp.ge(family, name, terms, rhs);
        } else {
            self.lp.le(family, name, terms, rhs);
        }
        (self.lp.rows.len() > before).then_some(before)
    }

    /// Adds `Σ terms ≤ k · used[p]` (a constant `k` for existing staff).
    pub fn le_used(
        &mut self,
        family: RowFamily,
        name: String,
        terms: Vec<(Col, f64)>,
        p: usize,
        k: f64,
    ) {
        self.bound_used(false, family, name, terms, p, k);
    }

    /// Terms of person `p`'s planned hour units.
    pub fn hour_terms(&self, p: usize) -> Vec<(Col, f64)> {
        let mut t = Vec::new();
        for d in 0..self.m.days() {
            for (s, c) in self.day_cols(p, d) {
                t.push((c, self.m.shifts[s.0].units as f64));
            }
        }
        t
    }

    /// Person id for row names.
    pub fn pid(&self, p: usize) -> &str {
        &self.m.people[p].id
    }

    /// Terms of the headcount of created positions (`Σ used`).
    pub fn open_headcount_terms(&self) -> Vec<(Col, f64)> {
        self.used.iter().flatten().map(|c| (*c, 1.0)).collect()
    }

    /// Reads `x` into (person, day, shift) triples from column values.
    pub fn assignments(&self, values: &[f64]) -> Vec<(StaffId, Day, ShiftId)> {
        let mut out = Vec::new();
        for (p, xp) in self.x.iter().enumerate() {
            for (d, xd) in xp.iter().enumerate() {
                for (s, c) in xd.iter().enumerate() {
                    if let Some(c) = c {
                        if values[c.0] > 0.5 {
                            out.push((StaffId(p), Day(d), ShiftId(s)));
                        }
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Model;

    /// A build stopped at the limit reports the nonzeros of the rule families built so far
    /// (the one it stopped in extrapolated over its people): never above what the whole program
    /// has, and above the limit. On the 6-week ward, the night-heavy ward and the 12-week home
    /// care unit, at a quarter, half and three quarters of their size.
    #[test]
    fn can_report_a_lower_estimate_of_a_model_too_large() {
        for name in ["ward-6w.json", "night-ward-ks.json", "home-care-12w.json"] {
            let sc = crate::validate::shipped(name);
            let m = Model::new(&sc).unwrap();
            let whole = Formulation::new(&m, Options::default()).lp.nonzeros();
            for quarters in 1..4 {
                let limit = whole * quarters / 4;
                let budget = Budget {
                    max_nonzeros: limit,
                    deadline: None,
                };
                match Formulation::within(&m, Options::default(), budget) {
                    Err(Stop::TooLarge { nonzeros, .. }) => {
                        assert!(nonzeros > limit, "{name}: {nonzeros} ≤ {limit}");
                        assert!(nonzeros <= whole, "{name}: {nonzeros} > {whole}");
                    }
                    Err(other) => panic!("{name}: {other:?}"),
                    Ok(_) => panic!("{name}: built under {limit} of {whole}"),
                }
            }
        }
    }
}
