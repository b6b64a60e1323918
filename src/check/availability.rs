//! Rules 7 and 8: no shift on an unavailable date, every fixed assignment present (formulation:
//! `mod.rs`, which leaves out the columns of unavailable dates and fixes the fixed ones).

use super::{Kind, Model, Person, Violation};
use crate::rule::Rule;

impl Model<'_> {
    /// Rule 7: no shift starts on an unavailable date.
    pub(super) fn unavailable(&self, p: &Person<'_>, out: &mut Vec<Violation>) {
        let Kind::Existing(staff) = p.kind else {
            return;
        };
        for date in &staff.unavailable {
            let Some(d) = self.day_of(date) else {
                continue;
            };
            for w in p.works.iter().filter(|w| w.day == d) {
                out.push(
                    Violation::new(
                        Rule::Unavailable,
                        format!(
                            "{} works {} on {}, a date they are unavailable",
                            p.id,
                            self.shift_id(w.shift),
                            self.date(d)
                        ),
                    )
                    .staff(p.id)
                    .date(self.date(d))
                    .shift(self.shift_id(w.shift)),
                );
            }
        }
    }

    /// Rule 8: every fixed assignment of every scenario staff member is in the roster.
    pub(super) fn fixed(&self, people: &[Person<'_>], out: &mut Vec<Violation>) {
        for staff in &self.sc.staff {
            let person = people
                .iter()
                .find(|p| p.id == staff.id && matches!(p.kind, Kind::Existing(_)));
            for f in &staff.fixed {
                let (Some(d), Some(&s)) =
                    (self.day_of(&f.date), self.shift_index.get(f.shift.as_str()))
                else {
                    continue;
                };
                let present =
                    person.is_some_and(|p| p.works.iter().any(|w| w.day == d && w.shift == s));
                if !present {
                    out.push(
                        Violation::new(
                            Rule::Fixed,
                            format!(
                                "fixed assignment {} on {} for {} is missing",
                                self.shift_id(s),
                                self.date(d),
                                staff.id
                            ),
                        )
                        .staff(&staff.id)
                        .date(self.date(d))
                        .shift(self.shift_id(s)),
                    );
                }
            }
        }
    }
}
