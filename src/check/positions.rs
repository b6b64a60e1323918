//! Rule 10, `position-count`: created positions' ids, templates and counts (the formulation
//! holds these by construction: it creates at most `max_count` candidates per template, with
//! well-formed ids).

use std::collections::BTreeMap;

use super::{is_position_id, Kind, Model, Person, Violation};
use crate::roster::Roster;
use crate::rule::Rule;

impl Model<'_> {
    /// Rule 10: created positions' ids, templates and counts (their sizes: `hours.rs`).
    pub(super) fn positions(
        &self,
        roster: &Roster,
        people: &[Person<'_>],
        out: &mut Vec<Violation>,
    ) {
        let mut per_template: BTreeMap<&str, i64> = BTreeMap::new();
        for p in people {
            let Kind::Open(template) = p.kind else {
                continue;
            };
            let listed = roster
                .staff
                .get(p.listing)
                .and_then(|s| s.template.as_deref());
            let Some(t) = template else {
                let message = match listed {
                    None => format!("created position {} names no template", p.id),
                    Some(name) => format!(
                        "created position {} names template {name:?}, which the scenario does not have",
                        p.id
                    ),
                };
                out.push(Violation::new(Rule::PositionCount, message).staff(p.id));
                continue;
            };
            *per_template.entry(t.id.as_str()).or_insert(0) += 1;
            if !is_position_id(p.id, &t.id) {
                out.push(Violation::new(Rule::PositionCount, format!(
                        "created position id {:?} is not of the form {}-<n> with a whole number n ≥ 1",
                        p.id, t.id
                    )).staff(p.id));
            }
        }
        for t in &self.sc.open_positions {
            let n = per_template.get(t.id.as_str()).copied().unwrap_or(0);
            if n > t.max_count {
                out.push(Violation::new(
                    Rule::PositionCount,
                    format!(
                        "{n} positions created from template {}, at most {} ({} too many)",
                        t.id,
                        t.max_count,
                        n - t.max_count
                    ),
                ));
            }
        }
    }
}
