//! Rule 4: one free period of `weekly_rest_hours` inside every calendar week (formulation:
//! `weekly_rest.rs`).

use super::{exact, fmt_minutes, fmt_num, Model, Person, Violation, WEEK};
use crate::num::Ratio;
use crate::rule::Rule;

impl Model<'_> {
    /// Rule 4: one free period of `weekly_rest_hours` inside every calendar week.
    pub(super) fn weekly_rest(&self, p: &Person<'_>, out: &mut Vec<Violation>) {
        let Some(hours) = self.sc.rules.weekly_rest_hours() else {
            return;
        };
        let need = exact(hours) * Ratio::int(60);
        for w in 0..self.weeks {
            let ws = w as i64 * WEEK;
            let we = ws + WEEK;
            let mut busy: Vec<(i64, i64)> = Vec::new();
            for x in &p.works {
                for off in self.offsets() {
                    let s = (x.start + off).max(ws);
                    let e = (x.end + off).min(we);
                    if e > s {
                        busy.push((s, e));
                    }
                }
            }
            if busy.is_empty() {
                continue;
            }
            busy.sort();
            let mut cursor = ws;
            let mut longest = 0;
            for (s, e) in busy {
                longest = longest.max(s - cursor);
                cursor = cursor.max(e);
            }
            longest = longest.max(we - cursor);
            if Ratio::int(longest) < need {
                let monday = self.date(w * 7);
                out.push(
                    Violation::new(
                        Rule::WeeklyRest,
                        format!(
                            "longest free period in the week from {monday} is {} h, minimum {} h",
                            fmt_minutes(longest),
                            fmt_num(hours)
                        ),
                    )
                    .staff(p.id)
                    .date(monday),
                );
            }
        }
    }
}
