//! The solver adapter, a leaf below its users: a small solver-neutral mixed-integer program
//! (named rows over typed columns) and [`highs`], the one file that hands it to a solver.
//!
//! The formulation writes into an [`Lp`]; [`crate::solve`] and [`crate::explain`] solve it
//! through [`highs`]. Every row carries the rule family and a user-readable name
//! (`rest:kari:2027-01-05`) so an infeasible model can be explained in user words. This module
//! depends on nothing of heltid but [`crate::rule`] (row families) and [`crate::error`].

#[cfg(feature = "highs")]
pub mod highs;
mod reduce;

#[cfg(not(feature = "highs"))]
compile_error!("heltid needs a MIP backend: build with the `highs` feature (on by default)");

use crate::rule::Rule;

/// A column index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Col(pub usize);

/// Column type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColKind {
    /// 0/1.
    Binary,
    /// Integer within bounds (the count of a rota line in column generation's master).
    Integer,
    /// Real number within bounds.
    Continuous,
}

/// A column: kind and bounds.
#[derive(Debug, Clone, PartialEq)]
pub struct ColDef {
    /// Kind.
    pub kind: ColKind,
    /// Lower bound.
    pub lb: f64,
    /// Upper bound.
    pub ub: f64,
}

/// Why a row exists: a rule of the scenario, or something the formulation adds on top.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RowFamily {
    /// A rule of the scenario (named like the checker's violations).
    Rule(Rule),
    /// Linking of helper columns (weekend flags, hours, used).
    Link,
    /// Valid inequalities: analytic bounds, symmetry breaking.
    Cut,
    /// Fixing an earlier objective in a lexicographic solve.
    Objective,
}

/// A row `lb ≤ Σ coef·col ≤ ub`.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Family.
    pub family: RowFamily,
    /// User-readable name, e.g. `coverage:2027-01-09:D`.
    pub name: String,
    /// Terms.
    pub terms: Vec<(Col, f64)>,
    /// Lower bound (may be −∞).
    pub lb: f64,
    /// Upper bound (may be +∞).
    pub ub: f64,
}

/// A mixed-integer program, minimised.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Lp {
    /// Columns.
    pub cols: Vec<ColDef>,
    /// Rows.
    pub rows: Vec<Row>,
    /// Objective coefficients (minimised).
    pub objective: Vec<(Col, f64)>,
    /// Objective constant.
    pub objective_offset: f64,
}

/// Rows from which a program is freed beside the caller (see `Drop for Lp`).
const FREE_BESIDE_ROWS: usize = 100_000;

/// The thread that frees large programs (see `Drop for Lp`), started with the first one:
/// one program waits for it at most; `None` where no thread could be started.
static FREEING: std::sync::OnceLock<Option<std::sync::mpsc::SyncSender<Vec<Row>>>> =
    std::sync::OnceLock::new();

impl Drop for Lp {
    /// A large program's rows are freed beside the caller, by one thread kept for it: two
    /// allocations a row take long to give back, and the caller may be at its deadline. On the
    /// 520-week fuzz plan (0.45 M rows) each copy took 0.1–0.3 s to free, and a solve at its
    /// limit freed three (the formulation's, the rolling horizon's, a block's) after the
    /// deadline. One program at most waits for that thread, so copies made in a loop do not
    /// pile up in memory: where one is already waiting, or no thread could be started, the
    /// rows are freed here.
    fn drop(&mut self) {
        if self.rows.len() < FREE_BESIDE_ROWS {
            return;
        }
        let freeing = FREEING.get_or_init(|| {
            let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Row>>(1);
            std::thread::Builder::new()
                .name("heltid-free".into())
                .spawn(move || rx.into_iter().for_each(drop))
                .ok()
                .map(|_| tx)
        });
        if let Some(tx) = freeing {
            // (Refused, the rows come back with the error and are dropped with it here.)
            let _ = tx.try_send(std::mem::take(&mut self.rows));
        }
    }
}

impl Lp {
    /// Adds a 0/1 column.
    pub fn binary(&mut self) -> Col {
        self.col(ColKind::Binary, 0.0, 1.0)
    }
    /// Adds a column.
    pub fn col(&mut self, kind: ColKind, lb: f64, ub: f64) -> Col {
        self.cols.push(ColDef { kind, lb, ub });
        Col(self.cols.len() - 1)
    }
    /// Adds a row (skipped when it has no terms and is trivially satisfied).
    pub fn row(
        &mut self,
        family: RowFamily,
        name: String,
        terms: Vec<(Col, f64)>,
        lb: f64,
        ub: f64,
    ) {
        if terms.is_empty() && lb <= 0.0 && 0.0 <= ub {
            return;
        }
        self.rows.push(Row {
            family,
            name,
            terms,
            lb,
            ub,
        });
    }
    /// Adds `Σ terms ≤ ub`.
    pub fn le(&mut self, family: RowFamily, name: String, terms: Vec<(Col, f64)>, ub: f64) {
        self.row(family, name, terms, f64::NEG_INFINITY, ub);
    }
    /// Adds `Σ terms ≥ lb`.
    pub fn ge(&mut self, family: RowFamily, name: String, terms: Vec<(Col, f64)>, lb: f64) {
        self.row(family, name, terms, lb, f64::INFINITY);
    }
    /// Nonzeros (row terms) of the program.
    pub fn nonzeros(&self) -> usize {
        self.rows.iter().map(|r| r.terms.len()).sum()
    }

    /// Value of `terms` in a column assignment.
    pub fn eval(terms: &[(Col, f64)], values: &[f64]) -> f64 {
        terms.iter().map(|(c, a)| a * values[c.0]).sum()
    }

    /// A lower bound on `Σ objective + offset` over this program's linear relaxation (so over
    /// every integer point too) from row multipliers `y`, one per row, whatever they are: weak
    /// duality over the column bounds,
    ///
    /// ```text
    /// Σ_r y_r·(lb_r if y_r > 0, ub_r if y_r < 0) + Σ_j min_{l_j ≤ x_j ≤ u_j} (c_j − Σ_r y_r a_rj)·x_j
    /// ```
    ///
    /// A multiplier that prices an infinite side of its row counts as 0 (another `y`, as
    /// valid). `−∞` where a reduced cost prices an infinite column bound. With an LP
    /// solver's optimal duals this is its optimum; with approximate ones (interior point
    /// without crossover) a little below it, but proven, which the solver's objective is not.
    pub fn dual_bound(&self, objective: &[(Col, f64)], offset: f64, y: &[f64]) -> f64 {
        let mut reduced = vec![0.0; self.cols.len()];
        for (c, a) in objective {
            reduced[c.0] += a;
        }
        let mut total = offset;
        for (r, &v) in self.rows.iter().zip(y) {
            let side = if v > 0.0 {
                r.lb
            } else if v < 0.0 {
                r.ub
            } else {
                continue;
            };
            if !side.is_finite() {
                continue;
            }
            total += v * side;
            for (c, a) in &r.terms {
                reduced[c.0] -= v * a;
            }
        }
        for (d, col) in reduced.iter().zip(&self.cols) {
            if d.is_nan() {
                // (Infinite multipliers cancelling in a column: nothing is proven.)
                return f64::NEG_INFINITY;
            }
            let at = if *d > 0.0 {
                col.lb
            } else if *d < 0.0 {
                col.ub
            } else {
                continue;
            };
            if !at.is_finite() {
                return f64::NEG_INFINITY;
            }
            total += d * at;
        }
        if total.is_nan() {
            f64::NEG_INFINITY
        } else {
            total
        }
    }
}
