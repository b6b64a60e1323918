//! Coverage: total staff per (date, shift) within `[min, max]`, and skill bounds.
//!
//! Rows `coverage:<date>:<shift>` and `skill-coverage:<date>:<shift>:<skill>`. In the elastic
//! model every minimum gets a slack column (people short), which the explanation minimises.

use super::{ColKind, Formulation, RowFamily, Slack};
use crate::model::{Day, ShiftId};
use crate::rule::Rule;

/// Adds the coverage rows.
pub fn add(f: &mut Formulation) {
    let m = f.m;
    for d in 0..m.days() {
        for s in 0..m.shifts.len() {
            let c = m.cover[d][s];
            if c.max == 0 {
                continue; // no columns exist for this slot
            }
            let mut terms: Vec<_> = (0..m.people.len())
                .filter_map(|p| f.x[p][d][s].map(|c| (c, 1.0)))
                .collect();
            if c.min == 0 && c.max as usize >= terms.len() {
                continue; // nothing to bound (soft demand on both sides)
            }
            terms.extend(slack(f, Day(d), ShiftId(s), None, c.min));
            let name = format!("coverage:{}:{}", m.cal.date_str(d), m.shifts[s].id);
            let fam = RowFamily::Rule(Rule::Coverage);
            f.lp.row(fam, name, terms, c.min as f64, c.max as f64);
        }
    }
    for sc in &m.skill_cover {
        let (d, s, k) = (sc.day.0, sc.shift.0, sc.skill.0);
        let mut terms: Vec<_> = (0..m.people.len())
            .filter(|p| m.people[*p].skills[k])
            .filter_map(|p| f.x[p][d][s].map(|c| (c, 1.0)))
            .collect();
        terms.extend(slack(f, sc.day, sc.shift, Some(k), sc.min));
        let name = format!(
            "skill-coverage:{}:{}:{}",
            m.cal.date_str(d),
            m.shifts[s].id,
            m.skills[k]
        );
        let ub = sc.max.map_or(f64::INFINITY, |x| x as f64);
        f.lp.row(
            RowFamily::Rule(Rule::SkillCoverage),
            name,
            terms,
            sc.min as f64,
            ub,
        );
    }
}

/// In the elastic model, a slack column (people short, at most `min`) for a demand minimum.
fn slack(
    f: &mut Formulation,
    day: Day,
    shift: ShiftId,
    skill: Option<usize>,
    min: i64,
) -> Option<(super::Col, f64)> {
    if !f.options.elastic || min <= 0 {
        return None;
    }
    let col = f.lp.col(ColKind::Continuous, 0.0, min as f64);
    f.slack.push(Slack {
        col,
        day,
        shift,
        skill,
    });
    Some((col, 1.0))
}
