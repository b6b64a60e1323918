//! Weekly rest: in every calendar week one continuous free period of at least `L` minutes lying
//! inside the week.
//!
//! The longest free gap starts at the week start or at the end of some shift, so the candidate
//! periods are `[a, a + L)` for `a` in {week start} ∪ {ends of shift slots, with cyclic copies}
//! with `a + L ≤ week end`. Candidates whose conflicting slots are a superset of another's are
//! dropped; a week with a conflict-free candidate needs no row. Per person and week one choice
//! column per candidate, `Σ r = used` (`weekly-rest:<person>:<week start>`), and for every slot
//! `x + Σ_{candidates it blocks} r ≤ used` (`weekly-rest:<person>:<date>:<shift>`).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::{Col, Formulation, RowFamily};
use crate::calendar::Interval;
use crate::model::{Day, ShiftId};
use crate::rule::Rule;

/// A slot `(day, shift)` with a person's column for it.
type SlotCol = ((usize, usize), Col);

/// The candidate rest periods of week `w`, each as the set of slots it conflicts with, minimal
/// under inclusion. `None` when some candidate conflicts with no slot at all.
pub fn candidates(f: &Formulation, w: usize, len: i64) -> Option<Vec<BTreeSet<(usize, usize)>>> {
    let m = f.m;
    let week = m.cal.week(w);
    let slots: Vec<((usize, usize), Vec<Interval>)> = (0..m.days())
        .flat_map(|d| (0..m.shifts.len()).map(move |s| (d, s)))
        .filter(|&(d, s)| m.open_slot(Day(d), ShiftId(s)))
        .map(|(d, s)| ((d, s), m.cal.copies(m.interval(Day(d), ShiftId(s)))))
        .filter(|(_, cs)| {
            cs.iter()
                .any(|c| c.end + len > week.start && c.start < week.end)
        })
        .collect();
    let mut starts: BTreeSet<i64> = BTreeSet::new();
    starts.insert(week.start);
    for (_, cs) in &slots {
        for c in cs {
            if c.end > week.start && c.end + len <= week.end {
                starts.insert(c.end);
            }
        }
    }
    let mut sets: Vec<BTreeSet<(usize, usize)>> = Vec::new();
    for a in starts {
        if a + len > week.end {
            continue;
        }
        let win = Interval::new(a, a + len);
        let set: BTreeSet<(usize, usize)> = slots
            .iter()
            .filter(|(_, cs)| cs.iter().any(|c| c.overlaps(&win)))
            .map(|(sl, _)| *sl)
            .collect();
        if set.is_empty() {
            return None;
        }
        sets.push(set);
    }
    Some(minimal(sets))
}

/// Keeps the sets not strictly containing another (and one of equal sets), smallest first.
/// A kept set inside `s` has its first element in `s`, so `s` is compared only with the kept
/// sets that start at one of its elements (not with all of them: a week with hundreds of shift
/// types has hundreds of candidates).
fn minimal(mut sets: Vec<BTreeSet<(usize, usize)>>) -> Vec<BTreeSet<(usize, usize)>> {
    sets.sort_by_key(|s| s.len());
    let mut out: Vec<BTreeSet<(usize, usize)>> = Vec::new();
    let mut by_first: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
    for s in sets {
        let inside = s.iter().any(|e| {
            by_first
                .get(e)
                .is_some_and(|kept| kept.iter().any(|&o| out[o].is_subset(&s)))
        });
        if !inside {
            if let Some(first) = s.first() {
                by_first.entry(*first).or_default().push(out.len());
            }
            out.push(s);
        }
    }
    out
}

/// Adds the weekly-rest rows.
pub fn add(f: &mut Formulation) {
    let m = f.m;
    let Some(len) = m.rules.weekly_rest else {
        return;
    };
    if !f.on(Rule::WeeklyRest) || len <= 0 {
        return;
    }
    for w in 0..m.cal.weeks() {
        let Some(cands) = candidates(f, w, len) else {
            continue;
        };
        if cands.is_empty() {
            // No period of that length fits in a week: nobody may work this week.
            for p in 0..m.people.len() {
                block_week(f, p, w);
            }
            continue;
        }
        let week_date = m.cal.date_str(w * 7);
        for p in 0..m.people.len() {
            if f.exhausted(0) {
                return;
            }
            // Restrict to the person's columns; a free candidate means the week always passes.
            let own: Vec<Vec<((usize, usize), Col)>> = cands
                .iter()
                .map(|set| {
                    set.iter()
                        .filter_map(|&(d, s)| f.x[p][d][s].map(|c| ((d, s), c)))
                        .collect()
                })
                .collect();
            if own.iter().any(|o| o.is_empty()) {
                continue;
            }
            let r: Vec<Col> = own.iter().map(|_| f.person_binary(p)).collect();
            let name = format!("weekly-rest:{}:{}", f.pid(p), week_date);
            let terms = r.iter().map(|c| (*c, 1.0)).collect();
            match f.used[p] {
                Some(u) => {
                    let mut t: Vec<(Col, f64)> = terms;
                    t.push((u, -1.0));
                    f.lp.row(RowFamily::Rule(Rule::WeeklyRest), name, t, 0.0, 0.0);
                }
                None => {
                    f.lp.row(RowFamily::Rule(Rule::WeeklyRest), name, terms, 1.0, 1.0)
                }
            }
            // Each slot with the candidates it blocks, in candidate order.
            let mut blocks: BTreeMap<SlotCol, Vec<(Col, f64)>> = BTreeMap::new();
            for (i, o) in own.iter().enumerate() {
                for &(sl, xc) in o {
                    let e = blocks.entry((sl, xc)).or_default();
                    if e.last().map(|l| l.0) != Some(r[i]) {
                        e.push((r[i], 1.0));
                    }
                }
            }
            for (((d, s), xc), rs) in blocks {
                let mut terms = vec![(xc, 1.0)];
                terms.extend(rs);
                let name = format!(
                    "weekly-rest:{}:{}:{}",
                    f.pid(p),
                    m.cal.date_str(d),
                    m.shifts[s].id
                );
                f.le_used(RowFamily::Rule(Rule::WeeklyRest), name, terms, p, 1.0);
            }
        }
    }
}

fn block_week(f: &mut Formulation, p: usize, w: usize) {
    let m = f.m;
    let week = m.cal.week(w);
    for d in 0..m.days() {
        for (s, c) in f.day_cols(p, d).collect::<Vec<_>>() {
            if m.cal.overlaps(m.interval(Day(d), s), week) {
                let name = format!(
                    "weekly-rest:{}:{}:{}",
                    f.pid(p),
                    m.cal.date_str(d),
                    m.shifts[s.0].id
                );
                f.lp.le(RowFamily::Rule(Rule::WeeklyRest), name, vec![(c, 1.0)], 0.0);
            }
        }
    }
}
