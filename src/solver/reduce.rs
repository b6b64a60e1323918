//! A program without its fixed columns, before it is handed to the solver.
//!
//! The neighbourhood searches (`solve::lns`) fix most of a roster by column bounds and leave
//! a few people or dates free, so most of what the solver gets is fixed. HiGHS's presolve
//! removes it again, but only after the whole program has been built and handed over: on
//! Curtois–Qu instance 13 (57 644 columns, 1.2 M nonzeros) a sub-problem whose presolved
//! program had about 1 000 columns took 0.35–0.8 s of presolve and 0.05–0.3 s of search, plus
//! 0.1 s to build. Here the fixed columns are substituted into the rows and the objective, and
//! the rows they alone decide are checked and dropped, in one pass over the nonzeros.

use super::{Col, ColDef, ColKind, Lp, Row};

/// What taking the fixed columns out of a program gave (see the module doc).
pub(crate) enum Reduction {
    /// No column is fixed: the program is its own reduction.
    Unchanged,
    /// The program over its free columns.
    Reduced(Reduced),
    /// A row the fixed columns alone decide does not hold: the program has no solution.
    Infeasible,
}

/// `lp` and an objective without the fixed columns (`lb == ub`); see the module doc.
pub(crate) struct Reduced {
    /// The program over the free columns only, in their order.
    pub lp: Lp,
    /// The objective over them.
    pub objective: Vec<(Col, f64)>,
    /// The objective's value on the fixed columns.
    pub constant: f64,
    /// For each column of `lp`, its column in the original.
    keep: Vec<usize>,
    /// The original's columns: the fixed value of each fixed one (the free ones are filled in
    /// by [`Reduced::expand`]).
    values: Vec<f64>,
}

/// Slack allowed to a row the fixed columns alone decide, times (1 + its value). Looser than
/// the solver's primal feasibility tolerance (1e-7) and `highs::empty_feasible`'s (1e-9), so
/// it only ever accepts more: the fixed values come from rosters (0/1 and whole counts), the
/// coefficients are hour units, and a row the solver would have judged within its tolerance
/// must not turn into a false proof of infeasibility here.
const TOLERANCE: f64 = 1e-6;

/// Whether a column is fixed and can be substituted: both bounds the same finite value, a whole
/// one for an integer column (otherwise the solver is left to judge it).
fn fixed(c: &ColDef) -> bool {
    c.lb == c.ub && c.lb.is_finite() && (c.kind == ColKind::Continuous || c.lb.fract() == 0.0)
}

impl Reduced {
    /// `lp` and `objective` without the fixed columns.
    pub fn of(lp: &Lp, objective: &[(Col, f64)]) -> Reduction {
        if !lp.cols.iter().any(fixed) {
            return Reduction::Unchanged;
        }
        let mut index = vec![usize::MAX; lp.cols.len()];
        let mut keep = Vec::new();
        let mut values = vec![0.0; lp.cols.len()];
        let mut cols = Vec::new();
        for (i, c) in lp.cols.iter().enumerate() {
            if fixed(c) {
                values[i] = c.lb;
            } else {
                index[i] = keep.len();
                keep.push(i);
                cols.push(c.clone());
            }
        }
        let mut rows = Vec::with_capacity(lp.rows.len());
        for r in &lp.rows {
            let mut at = 0.0;
            let mut terms = Vec::new();
            for &(c, a) in &r.terms {
                match index[c.0] {
                    usize::MAX => at += a * values[c.0],
                    i => terms.push((Col(i), a)),
                }
            }
            if terms.is_empty() {
                let slack = TOLERANCE * (1.0 + at.abs());
                // (Written so that a NaN fails.)
                if !(r.lb - slack <= at && at <= r.ub + slack) {
                    return Reduction::Infeasible;
                }
                continue;
            }
            rows.push(Row {
                family: r.family,
                // Names are for explanations, which read the original.
                name: String::new(),
                terms,
                lb: r.lb - at,
                ub: r.ub - at,
            });
        }
        let mut constant = 0.0;
        let mut reduced_objective = Vec::new();
        for &(c, a) in objective {
            match index[c.0] {
                usize::MAX => constant += a * values[c.0],
                i => reduced_objective.push((Col(i), a)),
            }
        }
        Reduction::Reduced(Reduced {
            lp: Lp {
                cols,
                rows,
                objective: Vec::new(),
                objective_offset: 0.0,
            },
            objective: reduced_objective,
            constant,
            keep,
            values,
        })
    }

    /// A solution of the original from one of the reduced program.
    pub fn expand(&self, reduced: &[f64]) -> Vec<f64> {
        let mut values = self.values.clone();
        for (&i, &v) in self.keep.iter().zip(reduced) {
            values[i] = v;
        }
        values
    }

    /// The free columns' values in a solution of the original (a warm start).
    pub fn restrict(&self, values: &[f64]) -> Vec<f64> {
        self.keep.iter().map(|&i| values[i]).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::solver::RowFamily;

    /// x0 + x1 + x2 ≥ 2, x0 − x2 ≤ 0, 4·x1 ≤ 5 (only a fixed column: dropped), with x1 an
    /// integer fixed to `x1` and x2 in [0, 3].
    fn program(x1: f64) -> Lp {
        let mut lp = Lp::default();
        let x0 = lp.binary();
        let x1c = lp.col(ColKind::Integer, x1, x1);
        let x2 = lp.col(ColKind::Continuous, 0.0, 3.0);
        let fam = RowFamily::Link;
        lp.ge(fam, "a".into(), vec![(x0, 1.0), (x1c, 1.0), (x2, 1.0)], 2.0);
        lp.le(fam, "b".into(), vec![(x0, 1.0), (x2, -1.0)], 0.0);
        lp.le(fam, "c".into(), vec![(x1c, 4.0)], 5.0);
        lp
    }

    #[test]
    fn can_substitute_fixed_columns_into_rows_and_objective() {
        let lp = program(1.0);
        let objective = [(Col(0), 2.0), (Col(1), 3.0), (Col(2), 1.0)];
        let Reduction::Reduced(r) = Reduced::of(&lp, &objective) else {
            panic!("x1 is fixed")
        };
        assert_eq!(r.lp.cols.len(), 2);
        // Row c held only the fixed column (4 ≤ 5): dropped; row a moves its bound by 1.
        assert_eq!(r.lp.rows.len(), 2);
        assert_eq!(r.lp.rows[0].terms, vec![(Col(0), 1.0), (Col(1), 1.0)]);
        assert_eq!((r.lp.rows[0].lb, r.lp.rows[0].ub), (1.0, f64::INFINITY));
        assert_eq!(r.lp.rows[1].terms, vec![(Col(0), 1.0), (Col(1), -1.0)]);
        assert_eq!(r.objective, vec![(Col(0), 2.0), (Col(1), 1.0)]);
        assert_eq!(r.constant, 3.0);
        assert_eq!(r.expand(&[1.0, 2.5]), vec![1.0, 1.0, 2.5]);
        assert_eq!(r.restrict(&[0.0, 1.0, 3.0]), vec![0.0, 3.0]);
    }

    #[test]
    fn rejects_a_row_the_fixed_columns_alone_break() {
        // 4 · 2 = 8 > 5.
        assert!(matches!(
            Reduced::of(&program(2.0), &[]),
            Reduction::Infeasible
        ));
        // A NaN fails too.
        let mut lp = program(1.0);
        lp.rows[2].terms[0].1 = f64::NAN;
        assert!(matches!(Reduced::of(&lp, &[]), Reduction::Infeasible));
    }

    #[test]
    fn can_leave_a_program_without_fixed_columns_alone() {
        let mut lp = program(1.0);
        lp.cols[1].ub = 2.0;
        assert!(matches!(Reduced::of(&lp, &[]), Reduction::Unchanged));
        // An integer fixed between whole numbers, or at infinity, is left to the solver.
        for x1 in [0.5, f64::INFINITY] {
            assert!(matches!(
                Reduced::of(&program(x1), &[]),
                Reduction::Unchanged
            ));
        }
    }
}
