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

/// Maximal cliques of the rest/overlap conflict graph over all open slots, one per distinct
/// maximal set, named by the first slot (in day, shift order) whose start defines it.
///
/// The clique at time `t` is the set of extended intervals (with cyclic copies) containing `t`;
/// it is computed for every distinct shift start by one sweep. Along the sorted start times,
/// a clique that is contained in another is contained in a *neighbouring* one (every interval
/// containing `t_i` and `t_j` contains everything between them), so maximality is one
/// comparison with each neighbour: linear in the size of the cliques instead of quadratic in
/// their number (issue 11: 200 overlapping shift types ran past 120 s). On a cyclic horizon the
/// neighbour argument needs every extended interval to be at most half the cycle long;
/// otherwise (a rest longer than ~3 days in a one-week cycle) the pairwise comparison is used.
pub fn cliques(f: &Formulation, rest: i64) -> Vec<(usize, Clique)> {
    let m = f.m;
    let slots: Vec<(usize, usize)> = (0..m.days())
        .flat_map(|d| (0..m.shifts.len()).map(move |s| (d, s)))
        .filter(|&(d, s)| m.open_slot(Day(d), ShiftId(s)))
        .collect();
    let starts: Vec<i64> = slots
        .iter()
        .map(|&(d, s)| m.interval(Day(d), ShiftId(s)).start)
        .collect();
    let longest = slots
        .iter()
        .map(|&(_, s)| m.shifts[s].len + rest)
        .max()
        .unwrap_or(0);
    if m.cal.cyclic() && 2 * longest > m.cal.period() {
        return pairwise(f, rest);
    }
    // Extended copies `[start, end + rest)` sorted by start, and the distinct start times.
    let mut copies: Vec<(i64, i64, usize)> = Vec::new();
    for (i, &(d, s)) in slots.iter().enumerate() {
        for c in m.cal.copies(m.interval(Day(d), ShiftId(s))) {
            copies.push((c.start, c.end + rest, i));
        }
    }
    copies.sort_unstable();
    let mut times: Vec<i64> = starts.clone();
    times.sort_unstable();
    times.dedup();
    // Sweep: the copies containing each time, as (slot, multiplicity) sorted by slot.
    let mut sets: Vec<Vec<(usize, u32)>> = Vec::with_capacity(times.len());
    let mut active: Vec<(i64, usize)> = Vec::new(); // (end, slot)
    let mut next = 0;
    for &t in &times {
        while next < copies.len() && copies[next].0 <= t {
            active.push((copies[next].1, copies[next].2));
            next += 1;
        }
        active.retain(|&(end, _)| end > t);
        let mut members: Vec<usize> = active.iter().map(|&(_, i)| i).collect();
        members.sort_unstable();
        let mut set: Vec<(usize, u32)> = Vec::with_capacity(members.len());
        for i in members {
            match set.last_mut() {
                Some((j, k)) if *j == i => *k += 1,
                _ => set.push((i, 1)),
            }
        }
        sets.push(set);
    }
    // Runs of equal neighbouring sets (joined across the wrap when cyclic), then maximality
    // against the neighbouring runs.
    let n = sets.len();
    let mut run = vec![0usize; n];
    for i in 1..n {
        run[i] = if sets[i] == sets[i - 1] {
            run[i - 1]
        } else {
            run[i - 1] + 1
        };
    }
    let mut runs = if n > 0 { run[n - 1] + 1 } else { 0 };
    let cyclic = m.cal.cyclic();
    if cyclic && runs > 1 && sets[0] == sets[n - 1] {
        let last = run[n - 1];
        for r in run.iter_mut().filter(|r| **r == last) {
            *r = 0;
        }
        runs -= 1;
    }
    let first_of: Vec<usize> = {
        let mut f = vec![usize::MAX; runs];
        for i in 0..n {
            f[run[i]] = f[run[i]].min(i);
        }
        f
    };
    let maximal: Vec<bool> = (0..runs)
        .map(|r| {
            let me = &sets[first_of[r]];
            let neighbours: Vec<usize> = if runs < 2 {
                Vec::new()
            } else if cyclic {
                vec![(r + runs - 1) % runs, (r + 1) % runs]
            } else {
                [r.checked_sub(1), (r + 1 < runs).then_some(r + 1)]
                    .into_iter()
                    .flatten()
                    .collect()
            };
            !neighbours
                .into_iter()
                .any(|q| strictly_within(me, &sets[first_of[q]]))
        })
        .collect();
    // One clique per maximal run, named by its first slot in (day, shift) order.
    let mut taken = vec![false; runs];
    let mut out = Vec::new();
    for (i, &(d0, _)) in slots.iter().enumerate() {
        let ti = times.partition_point(|&t| t < starts[i]);
        let r = run[ti];
        if !maximal[r] || taken[r] {
            continue;
        }
        taken[r] = true;
        let clique = sets[ti]
            .iter()
            .map(|&(j, k)| (slots[j], f64::from(k)))
            .collect();
        out.push((d0, clique));
    }
    out
}

/// Whether `a ⊊ b` as multisets of slots (both sorted by slot).
fn strictly_within(a: &[(usize, u32)], b: &[(usize, u32)]) -> bool {
    if a.len() > b.len() || a == b {
        return false;
    }
    let mut j = 0;
    for &(s, k) in a {
        while j < b.len() && b[j].0 < s {
            j += 1;
        }
        if j == b.len() || b[j].0 != s || b[j].1 < k {
            return false;
        }
    }
    true
}

/// The cliques by pairwise comparison (quadratic): for cyclic horizons where an extended
/// interval is longer than half the cycle, and as the reference the sweep is tested against.
fn pairwise(f: &Formulation, rest: i64) -> Vec<(usize, Clique)> {
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
    // Whether some clique holds every open slot of a date (then no person needs a one-per-date
    // row there), computed once rather than per person.
    let sorted: Vec<Vec<(usize, usize)>> = cliques
        .iter()
        .map(|(_, c)| c.iter().map(|(sl, _)| *sl).collect())
        .collect();
    let within_one = |cols: &[(usize, usize)]| {
        sorted
            .iter()
            .any(|c| cols.iter().all(|sl| c.binary_search(sl).is_ok()))
    };
    let open_of_day: Vec<Vec<(usize, usize)>> = (0..m.days())
        .map(|d| {
            (0..m.shifts.len())
                .filter(|&s| m.open_slot(Day(d), ShiftId(s)))
                .map(|s| (d, s))
                .collect()
        })
        .collect();
    let whole_day: Vec<bool> = open_of_day
        .iter()
        .map(|o| o.len() > 1 && within_one(o))
        .collect();
    for p in 0..m.people.len() {
        if f.exhausted(p) {
            return;
        }
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
                && (whole_day[d] || (cols.len() < open_of_day[d].len() && within_one(&cols)));
            if covered {
                continue;
            }
            let terms: Vec<(Col, f64)> = f.day_cols(p, d).map(|(_, c)| (c, 1.0)).collect();
            let name = format!("one-per-date:{}:{}", f.pid(p), m.cal.date_str(d));
            f.le_used(RowFamily::Rule(Rule::OnePerDate), name, terms, p, 1.0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formulation::{Formulation, Options};
    use crate::model::Model;

    fn model(json: &str) -> Model {
        let sc: crate::Scenario = serde_json::from_str(json).unwrap();
        Model::new(&sc).unwrap()
    }

    /// The sweep gives exactly the cliques, in the order and with the names, of the pairwise
    /// comparison it replaced, on every reference scenario and several rests.
    #[test]
    fn can_find_the_same_cliques_as_the_pairwise_comparison() {
        let files = [
            include_str!("../../tests/data/tiny.json"),
            include_str!("../../tests/data/ward-6w.json"),
            include_str!("../../tests/data/ward-6w-long-weekend.json"),
            include_str!("../../tests/data/group-home-6w.json"),
            include_str!("../../tests/data/home-care-12w.json"),
            include_str!("../../tests/data/annual-52w.json"),
        ];
        for json in files {
            let m = model(json);
            let f = Formulation::new(&m, Options::default());
            for rest in [0, 60, 9 * 60, 11 * 60, 16 * 60, 40 * 60] {
                assert_eq!(cliques(&f, rest), pairwise(&f, rest), "rest {rest}");
            }
        }
    }

    /// Many overlapping shift types (a start every 7 minutes) in a cyclic and a calendar week.
    #[test]
    fn can_find_the_same_cliques_for_many_overlapping_shifts() {
        for cyclic in [true, false] {
            let shifts: Vec<String> = (0..40)
                .map(|i| {
                    let start = i * 37 % 1440;
                    let end = (start + 240 + i * 53 % 600) % 1440;
                    format!(
                        r#"{{"id":"S{i}","start":"{:02}:{:02}","end":"{:02}:{:02}"}}"#,
                        start / 60,
                        start % 60,
                        end / 60,
                        end % 60
                    )
                })
                .collect();
            let demand: Vec<String> = (0..40)
                .map(|i| {
                    let days = if i % 3 == 0 {
                        r#"["mon","wed","sat"]"#
                    } else {
                        r#"["tue","wed","thu","sun"]"#
                    };
                    format!(r#"{{"shift":"S{i}","days":{days},"min":0,"max":1}}"#)
                })
                .collect();
            let json = format!(
                r#"{{"horizon":{{"start":"2027-01-04","weeks":1,"cyclic":{cyclic}}},
                "full_time_hours_per_week":35.5,"shifts":[{}],"demand":[{}],
                "open_positions":[{{"id":"p","max_count":1}}],"rules":{{"long_shifts_agreed":true,"weekend":{{"max_one_in":1}}}}}}"#,
                shifts.join(","),
                demand.join(",")
            );
            let m = model(&json);
            let f = Formulation::new(&m, Options::default());
            for rest in [0, 11 * 60, 30 * 60] {
                assert_eq!(
                    cliques(&f, rest),
                    pairwise(&f, rest),
                    "cyclic {cyclic}, rest {rest}"
                );
            }
        }
    }
}
