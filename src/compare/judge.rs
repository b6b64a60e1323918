//! Judging one roster: every violation the checker finds, the key figures and the coverage
//! delivered per (date, shift), as a [`Side`].

use std::collections::{BTreeMap, BTreeSet};

use super::{CoverageCell, Side};
use crate::check;
use crate::kpi;
use crate::model::{Day, ShiftId};
use crate::roster::{Roster, Status};
use crate::scenario::Scenario;
use crate::valid::{Input, ValidScenario};
use crate::Result;

/// One roster judged on its own (for [`crate::report::roster_html`]): every violation the
/// checker finds, the key figures and the coverage against `scenario`'s demand. Errors only
/// when `scenario` is invalid.
pub fn side(label: &str, scenario: &impl Input, roster: Roster) -> Result<Side> {
    let scenario = scenario.valid()?;
    judge(label, &scenario, &scenario, Ok(roster))
}

/// A side whose scenario could not be solved at all: `failure` says why.
pub(super) fn failed(label: &str, sc: Scenario, failure: String) -> Side {
    Side {
        label: label.into(),
        scenario: sc,
        roster: None,
        failure: Some(failure),
        people: Vec::new(),
        violations: Vec::new(),
        coverage: Vec::new(),
    }
}

/// Evaluates one side with the checker and the key figures.
///
/// The key figures of existing staff (hours wished but not given) are taken against `wishes`,
/// the scenario with today's contracts and wishes; the rules against `sc`.
pub(super) fn judge(
    label: &str,
    sc: &ValidScenario,
    wishes: &Scenario,
    roster: std::result::Result<Roster, String>,
) -> Result<Side> {
    let mut roster = match roster {
        Ok(r) => r,
        Err(failure) => return Ok(failed(label, sc.scenario().clone(), failure)),
    };
    let violations = check::check(sc, &roster);
    let eval = kpi::evaluate_roster(wishes, &roster);
    if roster.status != Status::Infeasible {
        roster.kpis = eval.kpis.clone();
    }
    let coverage = if roster.status == Status::Infeasible {
        Vec::new()
    } else {
        coverage(sc, &roster)
    };
    Ok(Side {
        label: label.into(),
        scenario: sc.scenario().clone(),
        roster: Some(roster),
        failure: None,
        people: eval.people,
        violations,
        coverage,
    })
}

/// Coverage per (date, shift) against the total demand of `sc`.
fn coverage(sc: &ValidScenario, roster: &Roster) -> Vec<CoverageCell> {
    let m = sc.model();
    let shift_index: BTreeMap<&str, usize> = m
        .shifts
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let mut planned = vec![vec![0u32; m.shifts.len()]; m.days()];
    let mut seen = BTreeSet::new();
    for a in &roster.assignments {
        let (Some(&s), Some(date)) = (
            shift_index.get(a.shift.as_str()),
            crate::calendar::parse_date(&a.date),
        ) else {
            continue;
        };
        if let Some(d) = m.cal.day_of(date) {
            if seen.insert((&a.staff, d, s)) {
                planned[d][s] += 1;
            }
        }
    }
    let mut out = Vec::new();
    for (d, row) in planned.iter().enumerate() {
        for (s, &n) in row.iter().enumerate() {
            let c = &m.cover[Day(d).0][ShiftId(s).0];
            // Soft demand shows its targets (the hard bounds are 0 and everyone).
            let (min, max) = c.soft.map_or((c.min, c.max), |t| (t.min, t.max));
            if n == 0 && max == 0 {
                continue;
            }
            out.push(CoverageCell {
                date: m.cal.date_str(d),
                shift: m.shifts[s].id.clone(),
                planned: n,
                min: min.max(0) as u32,
                max: max.max(0) as u32,
            });
        }
    }
    out
}
