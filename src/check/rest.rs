//! Rules 1–3: one start per date, no overlap, rest between shifts (formulation: `rest.rs`).

use std::collections::BTreeMap;

use super::{exact, fmt_minutes, fmt_num, Model, Person, Violation, Work};
use crate::num::Ratio;
use crate::rule::Rule;

impl Model<'_> {
    /// Rule 1: at most one shift start per person per date.
    pub(super) fn one_per_date(&self, p: &Person<'_>, out: &mut Vec<Violation>) {
        let mut by_day: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
        for w in &p.works {
            by_day
                .entry(w.day)
                .or_default()
                .push(self.shift_id(w.shift));
        }
        for (d, ids) in by_day {
            if ids.len() > 1 {
                out.push(
                    Violation::new(
                        Rule::OnePerDate,
                        format!(
                            "{} starts {} shifts on {} ({}), at most 1",
                            p.id,
                            ids.len(),
                            self.date(d),
                            ids.join(", ")
                        ),
                    )
                    .staff(p.id)
                    .date(self.date(d)),
                );
            }
        }
    }

    /// A shift and its date for messages, with the cycle it lies in.
    fn describe(&self, w: &Work, off: i64) -> String {
        let cycle = if off < 0 {
            " (previous cycle)"
        } else if off > 0 {
            " (next cycle)"
        } else {
            ""
        };
        format!("{} on {}{cycle}", self.shift_id(w.shift), self.date(w.day))
    }

    /// Rule 2: a person's shifts (with cyclic copies) never overlap.
    ///
    /// The shifts are sorted by start, so a later shift can overlap `a` only if it starts
    /// before `a` ends, or (a copy one cycle earlier) if it lies within the longest shift of
    /// the cycle's end: only those pairs are compared (pairwise over all shifts, a ten-year
    /// roster took seconds per person).
    pub(super) fn overlap(&self, p: &Person<'_>, out: &mut Vec<Violation>) {
        let works = &p.works;
        let longest = works.iter().map(|w| w.end - w.start).max().unwrap_or(0);
        let offsets: Vec<i64> = self.offsets().collect();
        for (i, a) in works.iter().enumerate() {
            // Later shifts starting before `a` ends (same cycle, or the next cycle's copy).
            let near = i + 1 + works[i + 1..].partition_point(|b| b.start < a.end);
            // Later shifts whose copy one cycle earlier may reach `a`.
            let far = if self.cyclic {
                let from = a.start + self.period - longest;
                (i + 1 + works[i + 1..].partition_point(|b| b.start <= from)).max(near)
            } else {
                works.len()
            };
            for b in works[i + 1..near].iter().chain(&works[far..]) {
                for &off in &offsets {
                    let common = a.end.min(b.end + off) - a.start.max(b.start + off);
                    if common > 0 {
                        out.push(
                            Violation::new(
                                Rule::Overlap,
                                format!(
                                    "{} and {} overlap by {} h",
                                    self.describe(a, 0),
                                    self.describe(b, off),
                                    fmt_minutes(common)
                                ),
                            )
                            .staff(p.id)
                            .date(self.date(a.day))
                            .shift(self.shift_id(a.shift)),
                        );
                    }
                }
            }
        }
    }

    /// Rule 3: rest between consecutive shifts (ordered by start, across the wrap when cyclic).
    /// A pair that overlaps is reported by [`Model::overlap`] only.
    pub(super) fn rest(&self, p: &Person<'_>, out: &mut Vec<Violation>) {
        let min = exact(self.sc.rules.min_rest_hours()) * Ratio::int(60);
        let m = p.works.len();
        for i in 0..m {
            let (next, off) = if i + 1 < m {
                (p.works.get(i + 1), 0)
            } else if self.cyclic {
                (p.works.first(), self.period)
            } else {
                (None, 0)
            };
            let (Some(prev), Some(next)) = (p.works.get(i), next) else {
                continue;
            };
            let gap = next.start + off - prev.end;
            if gap < 0 {
                continue;
            }
            if Ratio::int(gap) < min {
                out.push(
                    Violation::new(
                        Rule::Rest,
                        format!(
                            "rest {} h between {} and {}, minimum {} h",
                            fmt_minutes(gap),
                            self.describe(prev, 0),
                            self.describe(next, off),
                            fmt_num(self.sc.rules.min_rest_hours())
                        ),
                    )
                    .staff(p.id)
                    .date(self.date(prev.day))
                    .shift(self.shift_id(prev.shift)),
                );
            }
        }
    }
}
