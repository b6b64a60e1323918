//! Successions and the shortest working blocks and free runs (formulation: `blocks.rs`).
//!
//! A date is *worked* when a shift starts on it. Runs are maximal: a working block is a run of
//! worked dates with free dates (or the horizon's edges) on both sides, a free run the reverse.
//! On a cyclic horizon the dates wrap, so a run may cross from the last date to the first; on
//! one that does not repeat, a run touching the first or last date continues outside the
//! horizon and is never too short.

use super::{Kind, Model, Person, Violation};
use crate::rule::Rule;

impl Model<'_> {
    /// `succession`: no shift of a shift's `not_followed_by` on the next date (the first date
    /// after the last when cyclic).
    pub(super) fn successions(&self, p: &Person<'_>, out: &mut Vec<Violation>) {
        let mut on: Vec<Vec<usize>> = vec![Vec::new(); self.days];
        for w in &p.works {
            if let Some(x) = on.get_mut(w.day) {
                x.push(w.shift);
            }
        }
        for d in 0..self.days {
            let next = if d + 1 < self.days {
                d + 1
            } else if self.cyclic {
                0
            } else {
                continue;
            };
            for &s in &on[d] {
                let Some(shift) = self.sc.shifts.get(s) else {
                    continue;
                };
                for &t in &on[next] {
                    let id = self.shift_id(t);
                    if shift.not_followed_by.iter().any(|x| x == id) {
                        let wrap = if next < d { " (next cycle)" } else { "" };
                        out.push(
                            Violation::new(
                                Rule::Succession,
                                format!(
                                    "{} works {} on {} and {id} on {}{wrap}; shift {} may not be followed by {id}",
                                    p.id,
                                    shift.id,
                                    self.date(d),
                                    self.date(next),
                                    shift.id
                                ),
                            )
                            .staff(p.id)
                            .date(self.date(d))
                            .shift(&shift.id),
                        );
                    }
                }
            }
        }
    }

    /// `min-consecutive-days` and `min-consecutive-days-off`: the person's own minimum (a
    /// staff member's), else the rule's.
    pub(super) fn short_runs(&self, p: &Person<'_>, out: &mut Vec<Violation>) {
        let rules = &self.sc.rules;
        let (work_min, off_min) = match p.kind {
            Kind::Existing(s) => (
                s.min_consecutive_days(rules),
                s.min_consecutive_days_off(rules),
            ),
            _ => (
                rules.min_consecutive_days(),
                rules.min_consecutive_days_off(),
            ),
        };
        let worked = self.worked_dates(p);
        for (rule, min, kind, want) in [
            (Rule::MinConsecutiveDays, work_min, "working block", true),
            (
                Rule::MinConsecutiveDaysOff,
                off_min,
                "run of free dates",
                false,
            ),
        ] {
            let Some(min) = min.filter(|&m| m > 1) else {
                continue;
            };
            for (start, len) in self.runs(&worked, want, false) {
                if (len as i64) < min {
                    let last = (start + len - 1) % self.days;
                    out.push(
                        Violation::new(
                            rule,
                            format!(
                                "{} has a {kind} of {len} date(s), {} to {}, minimum {min}",
                                p.id,
                                self.date(start),
                                self.date(last)
                            ),
                        )
                        .staff(p.id)
                        .date(self.date(start)),
                    );
                }
            }
        }
    }

    /// Which dates a person starts a shift on.
    pub(super) fn worked_dates(&self, p: &Person<'_>) -> Vec<bool> {
        let mut worked = vec![false; self.days];
        for w in &p.works {
            if let Some(x) = worked.get_mut(w.day) {
                *x = true;
            }
        }
        worked
    }

    /// Maximal runs `(first date, length)` of dates whose `flags` equal `want`, wrapping when
    /// cyclic (a run of every date of a cycle has no ends and is left out); with `edges`
    /// false, without the runs touching an edge of a horizon that does not repeat.
    pub(super) fn runs(&self, flags: &[bool], want: bool, edges: bool) -> Vec<(usize, usize)> {
        let n = flags.len();
        let mut out = Vec::new();
        if n == 0 {
            return out;
        }
        // Start after a date of the other kind, so a run across the wrap is seen whole.
        let first = match (self.cyclic, flags.iter().position(|&x| x != want)) {
            (false, _) => 0,
            (true, Some(other)) => other + 1,
            (true, None) => return out,
        };
        let mut run: Option<(usize, usize)> = None;
        for i in 0..=n {
            let d = (first + i) % n;
            if i < n && flags[d] == want {
                let r = run.get_or_insert((d, 0));
                r.1 += 1;
                continue;
            }
            if let Some((start, len)) = run.take() {
                let touches = !self.cyclic && (start == 0 || start + len == n);
                if edges || !touches {
                    out.push((start, len));
                }
            }
        }
        out
    }
}
