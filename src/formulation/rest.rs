//! One shift start per date, no overlap, and minimum rest: clique rows.
//!
//! Two shifts `i` (starting first) and `j` conflict exactly when `start_j < end_i + rest`, i.e.
//! when their *extended* intervals `[start, end + rest)` intersect: the conflict graph is an
//! interval graph (circular-arc when cyclic), whose maximal cliques are the sets of extended
//! intervals containing some shift start. One row per such clique
//! (`rest:<person>:<date>`: `Σ x ≤ used`) is the strongest linear description of the rule.
//! Cyclic horizons see every shift also at `±T`; a shift whose extended interval reaches its
//! own copy gets coefficient 2 and is thereby forbidden.

use super::{Col, Formulation, RowFamily};
use crate::model::{Day, ShiftId};
use crate::rule::Rule;

/// A clique over slots `(day, shift)` with multiplicities.
type Clique = Vec<((usize, usize), f64)>;

/// Maximal cliques of the rest/overlap conflict graph over all open slots.
pub fn cliques(f: &Formulation, rest: i64) -> Vec<(usize, Clique)> {
    let m = f.m;
    let slots: Vec<(usize, usize)> = (0..m.days())
        .flat_map(|d| (0..m.shifts.len()).map(move |s| (d, s)))
        .filter(|&(d, s)| m.open_slot(Day(d), ShiftId(s)))
        .collect();
    let ext: Vec<Vec<(i64, i64)>> = slots
        .iter()
        .map(|&(d, s)| {
            let iv = m.interval(Day(d), ShiftId(s));
            m.cal
                .copies(iv)
                .into_iter()
                .map(|c| (c.start, c.end + rest))
                .collect()
        })
        .collect();
    let mut out: Vec<(usize, Clique)> = Vec::new();
    for &(d0, s0) in &slots {
        let t = m.interval(Day(d0), ShiftId(s0)).start;
        let clique: Clique = slots
            .iter()
            .zip(&ext)
            .filter_map(|(slot, copies)| {
                let k = copies.iter().filter(|(a, b)| *a <= t && t < *b).count();
                (k > 0).then_some((*slot, k as f64))
            })
            .collect();
        out.push((d0, clique));
    }
    // Drop cliques contained in another (keep the first of equal ones).
    let keep: Vec<bool> = (0..out.len())
        .map(|i| {
            !(0..out.len()).any(|j| {
                j != i && subset(&out[i].1, &out[j].1) && (out[i].1.len() < out[j].1.len() || j < i)
            })
        })
        .collect();
    out.into_iter()
        .zip(keep)
        .filter_map(|(c, k)| k.then_some(c))
        .collect()
}

fn subset(a: &Clique, b: &Clique) -> bool {
    a.iter()
        .all(|(s, k)| b.iter().any(|(t, l)| t == s && l >= k))
}

/// Adds the one-per-date, overlap and rest rows.
pub fn add(f: &mut Formulation) {
    let m = f.m;
    let rest = if f.on(Rule::Rest) {
        m.rules.min_rest
    } else {
        0
    };
    let fam = if rest > 0 { Rule::Rest } else { Rule::Overlap };
    let cliques = if f.on(Rule::Overlap) || rest > 0 {
        cliques(f, rest)
    } else {
        Vec::new()
    };
    for p in 0..m.people.len() {
        if !f.has_cols(p) {
            continue;
        }
        for (d0, clique) in &cliques {
            let terms: Vec<(Col, f64)> = clique
                .iter()
                .filter_map(|((d, s), k)| f.x[p][*d][*s].map(|c| (c, *k)))
                .collect();
            let total: f64 = terms.iter().map(|t| t.1).sum();
            if total < 2.0 {
                continue;
            }
            let name = format!("{}:{}:{}", fam.as_str(), f.pid(p), m.cal.date_str(*d0));
            f.le_used(RowFamily::Rule(fam), name, terms, p, 1.0);
        }
        // One start per date, unless a clique row already covers the whole date.
        for d in 0..m.days() {
            let cols: Vec<(usize, usize)> = f.day_cols(p, d).map(|(s, _)| (d, s.0)).collect();
            if cols.is_empty() {
                continue;
            }
            let covered = cols.len() > 1
                && cliques
                    .iter()
                    .any(|(_, c)| cols.iter().all(|sl| c.iter().any(|(t, _)| t == sl)));
            if covered {
                continue;
            }
            let terms: Vec<(Col, f64)> = f.day_cols(p, d).map(|(_, c)| (c, 1.0)).collect();
            let name = format!("one-per-date:{}:{}", f.pid(p), m.cal.date_str(d));
            f.le_used(RowFamily::Rule(Rule::OnePerDate), name, terms, p, 1.0);
        }
    }
}
