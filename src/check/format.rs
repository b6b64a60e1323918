//! `roster-format`: the roster's staff and assignments refer to what the scenario has, once each
//! (the formulation cannot state these: its columns are the scenario's own people, dates and
//! shifts).

use std::collections::{BTreeSet, HashMap};

use super::{Kind, Model, Person, Violation, Work, DAY};
use crate::calendar::parse_date;
use crate::roster::{Origin, Roster};
use crate::rule::Rule;
use crate::scenario::{OpenPosition, Staff};

impl<'a> Model<'a> {
    /// An infeasible roster: no assignments, and an explanation.
    pub(super) fn infeasible_form(&self, roster: &Roster, out: &mut Vec<Violation>) {
        if !roster.assignments.is_empty() {
            out.push(Violation::new(
                Rule::RosterFormat,
                format!(
                    "an infeasible roster must have no assignments, this one has {}",
                    roster.assignments.len()
                ),
            ));
        }
        if roster.explanation.is_empty() {
            out.push(Violation::new(
                Rule::RosterFormat,
                "an infeasible roster must explain why no roster exists, this one has no explanation",
            ));
        }
    }

    /// The roster's people (first listing of each id) and the format problems of `staff[]`.
    pub(super) fn people<'r>(&self, roster: &'r Roster, out: &mut Vec<Violation>) -> Vec<Person<'r>>
    where
        'a: 'r,
    {
        let mut staff_by_id: HashMap<&str, &'a Staff> = HashMap::new();
        for s in &self.sc.staff {
            staff_by_id.entry(s.id.as_str()).or_insert(s);
        }
        let mut templates: HashMap<&str, &'a OpenPosition> = HashMap::new();
        for t in &self.sc.open_positions {
            templates.entry(t.id.as_str()).or_insert(t);
        }
        let mut people: Vec<Person<'r>> = Vec::new();
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        for (i, rs) in roster.staff.iter().enumerate() {
            let id = rs.id.as_str();
            if !seen.insert(id) {
                out.push(
                    Violation::new(
                        Rule::RosterFormat,
                        format!("{id:?} is listed more than once in the roster's staff"),
                    )
                    .staff(id),
                );
                continue;
            }
            let kind = match (staff_by_id.get(id), rs.origin) {
                (Some(s), Origin::Existing) => Kind::Existing(s),
                (Some(s), Origin::Open) => {
                    out.push(
                        Violation::new(
                            Rule::RosterFormat,
                            format!("{id} is existing staff but is listed with origin \"open\""),
                        )
                        .staff(id),
                    );
                    Kind::Existing(s)
                }
                (None, Origin::Existing) => {
                    out.push(Violation::new(Rule::RosterFormat, format!(
                            "{id:?} is listed with origin \"existing\", but the scenario has no such staff member"
                        )).staff(id));
                    Kind::Unknown
                }
                (None, Origin::Open) => Kind::Open(
                    rs.template
                        .as_deref()
                        .and_then(|t| templates.get(t).copied()),
                ),
            };
            people.push(Person {
                id,
                listing: i,
                kind,
                works: Vec::new(),
            });
        }
        for s in &self.sc.staff {
            if !seen.contains(s.id.as_str()) {
                out.push(Violation::new(Rule::RosterFormat, format!(
                        "scenario staff member {} is missing from the roster's staff (everyone stays and counts in the headcount)",
                        s.id
                    )).staff(&s.id));
            }
        }
        people
    }

    /// Turns valid assignments into the people's shifts and reports the invalid and duplicate
    /// ones.
    pub(super) fn assign(
        &self,
        roster: &Roster,
        people: &mut [Person<'_>],
        out: &mut Vec<Violation>,
    ) {
        let mut index: HashMap<&str, usize> = HashMap::new();
        for (i, p) in people.iter().enumerate() {
            index.insert(p.id, i);
        }
        let mut seen: BTreeSet<(usize, usize, usize)> = BTreeSet::new();
        for a in &roster.assignments {
            let person = index.get(a.staff.as_str()).copied();
            let shift = self.shift_index.get(a.shift.as_str()).copied();
            let day = self.day_of(&a.date);
            let staff = a.staff.as_str();
            if person.is_none() {
                out.push(at(
                    Violation::new(
                        Rule::RosterFormat,
                        format!(
                        "assignment of {:?} to {:?} on {:?}: no such person in the roster's staff",
                        a.staff, a.shift, a.date
                    ),
                    )
                    .staff(staff),
                    day.map(|d| self.date(d)),
                    shift.map(|_| a.shift.as_str()),
                ));
            }
            if shift.is_none() {
                out.push(at(Violation::new(Rule::RosterFormat, format!(
                        "assignment of {:?} on {:?} names shift {:?}, which the scenario does not have",
                        a.staff, a.date, a.shift
                    )).staff(staff), day.map(|d| self.date(d)), None));
            }
            if day.is_none() {
                let canonical =
                    parse_date(&a.date).is_some_and(|d| d.format("%Y-%m-%d").to_string() == a.date);
                let why = if canonical {
                    format!(
                        "is outside the horizon {}..{}",
                        self.date(0),
                        self.date(self.days.saturating_sub(1))
                    )
                } else {
                    "is not an ISO date (YYYY-MM-DD)".to_string()
                };
                out.push(at(
                    Violation::new(
                        Rule::RosterFormat,
                        format!(
                            "assignment of {:?} to {:?}: date {:?} {why}",
                            a.staff, a.shift, a.date
                        ),
                    )
                    .staff(staff),
                    None,
                    shift.map(|_| a.shift.as_str()),
                ));
            }
            let (Some(p), Some(s), Some(d)) = (person, shift, day) else {
                continue;
            };
            if !seen.insert((p, d, s)) {
                out.push(
                    Violation::new(
                        Rule::RosterFormat,
                        format!(
                            "assignment of {} to {} on {} is listed more than once",
                            a.staff,
                            self.shift_id(s),
                            self.date(d)
                        ),
                    )
                    .staff(staff)
                    .date(self.date(d))
                    .shift(self.shift_id(s)),
                );
                continue;
            }
            let Some(info) = self.shifts.get(s) else {
                continue;
            };
            let start = d as i64 * DAY + info.start;
            if let Some(person) = people.get_mut(p) {
                person.works.push(Work {
                    day: d,
                    shift: s,
                    start,
                    end: start + info.len,
                });
            }
        }
        for p in people.iter_mut() {
            p.works.sort_by_key(|w| (w.start, w.end, w.shift));
        }
    }
}

/// Places `v` at `date` and `shift` where they are known.
fn at(v: Violation, date: Option<&str>, shift: Option<&str>) -> Violation {
    let v = match date {
        Some(d) => v.date(d),
        None => v,
    };
    match shift {
        Some(s) => v.shift(s),
        None => v,
    }
}
