//! Benchmark the rota a unit runs today against the best rota for the same demand and rules.
//!
//! [`compare`] takes a scenario (shifts, rules, demand, perhaps staff) and an imported rota
//! ([`crate::import`]) and returns three sides, each judged by the same independent checker and
//! key figures:
//!
//! 1. **today**: the rota as it is, evaluated against the scenario in "CSV rota mode"
//!    ([`crate::import::scenario_for_rota`]): every rule violation, headcount, average position,
//!    coverage delivered per (date, shift);
//! 2. **new design**: the same demand under the same rules with every position open (nobody
//!    employed yet), which shows what the demand allows at best;
//! 3. **today's staff kept**: everybody employed today stays and **nobody loses hours**, those
//!    who wish for more get hours first (the wish tie-break), and what is left is filled with
//!    created positions.
//!
//! Created positions come from the scenario's `open_positions` when it has any; otherwise from
//! one template per skill combination held today (`new`, `new-vp`, `new-med-vp`, ...), each
//! allowed today's count of that combination plus some headroom (and never more than the
//! demand's shift starts over the horizon: a position without a shift is never worth its head).
//!
//! The rota's people may carry ids that heltid itself gave created positions (`hfa-9`: a rota
//! heltid designed last year), or ids that happen to look like them. A template whose id would
//! make a person's id look like one of its positions (`<template>-<n>`, or the template id
//! itself) is renamed for the comparison, to `<template>-new` (or `-new2`, `-new3`, ... until
//! nothing collides), and [`Comparison::notes`] says so. The scenario itself keeps docs/format.md
//! rule 10.
//!
//! "Nobody loses hours" is exact: a person's contract in the kept-staff scenario is raised so
//! that its lower limit (`contract − hours_tolerance`) is at least the hours they work today.
//! Their hours may then rise by up to twice the tolerance, or up to their wish.
//!
//! With [`CompareOptions::demand_from_rota`] the demand is what today's rota covers, per date
//! and shift ([`crate::import::demand_from_rota`]): "the same service, better positions".

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::check::Violation;
use crate::import::{self, Rota};
use crate::kpi::PersonStats;
use crate::roster::Roster;
use crate::scenario::{OpenPosition, Scenario, Staff};
use crate::solve::{self, SolveOptions};
use crate::valid::{Input, ValidScenario};
use crate::Result;

mod judge;
mod table;

use judge::judge;
pub use judge::side;
pub use table::{key_figures, table, Better, KeyFigure};

/// How to compare.
#[derive(Debug, Clone, PartialEq)]
pub struct CompareOptions {
    /// Options of the two solves (today's staff kept, then new design). `time_limit` is the
    /// limit of the whole comparison, not of each solve: the time left after judging today's
    /// rota is split, today's staff kept getting half of it and the new design what is left
    /// after that solve (so the new design gets more when the first side is done early). Each
    /// solve gets at least 0.01 s; building a solver model is not bounded by the limit.
    pub solve: SolveOptions,
    /// Take the demand from what today's rota covers per (date, shift).
    pub demand_from_rota: bool,
    /// Positions a derived template may create beyond today's number of people with that skill
    /// combination (only when the scenario has no `open_positions`).
    pub headroom: u32,
}

impl Default for CompareOptions {
    fn default() -> Self {
        CompareOptions {
            solve: SolveOptions::default(),
            demand_from_rota: false,
            headroom: 3,
        }
    }
}

/// People planned on one (date, shift) against its total demand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CoverageCell {
    /// ISO date.
    pub date: String,
    /// Shift id.
    pub shift: String,
    /// People planned.
    pub planned: u32,
    /// Demand minimum.
    pub min: u32,
    /// Demand maximum.
    pub max: u32,
}

impl CoverageCell {
    /// Fewer people than the minimum.
    pub fn is_short(&self) -> bool {
        self.planned < self.min
    }

    /// More people than the maximum.
    pub fn is_over(&self) -> bool {
        self.planned > self.max
    }
}

/// One side of the comparison: a roster with everything the checker and the key figures say.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Side {
    /// Short name: `today`, `new design`, `today's staff kept`.
    pub label: String,
    /// The scenario this side was solved or judged against.
    pub scenario: Scenario,
    /// The roster; `None` when the solver found none in time (see `failure`).
    pub roster: Option<Roster>,
    /// Why there is no roster.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure: Option<String>,
    /// Per-person totals, in roster order.
    pub people: Vec<PersonStats>,
    /// Every rule the roster breaks (empty for a legal roster).
    pub violations: Vec<Violation>,
    /// Coverage delivered per (date, shift) with demand or planned people, by date then shift.
    pub coverage: Vec<CoverageCell>,
}

impl Side {
    /// Number of (date, shift) cells below their demand minimum.
    pub fn short_cells(&self) -> usize {
        self.coverage.iter().filter(|c| c.is_short()).count()
    }

    /// Number of (date, shift) cells above their demand maximum.
    pub fn over_cells(&self) -> usize {
        self.coverage.iter().filter(|c| c.is_over()).count()
    }
}

/// Today's rota against the two optimised designs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// Scenario name.
    pub name: String,
    /// Whether the demand was taken from today's rota.
    pub demand_from_rota: bool,
    /// Instant analytic headcount bound of the demand with all positions open (`None` when the
    /// bound proves the demand cannot be met at all).
    pub instant_bound: Option<u32>,
    /// The rota as it is run today.
    pub today: Side,
    /// Every position open.
    pub new_design: Side,
    /// Today's people stay without losing hours; created positions fill the rest.
    pub keep_staff: Side,
    /// What the comparison changed to make the sides comparable, in user words (e.g. a
    /// template renamed because the rota's people carry ids like its positions).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

impl Comparison {
    /// The three sides in display order: today, today's staff kept, new design.
    pub fn sides(&self) -> [&Side; 3] {
        [&self.today, &self.keep_staff, &self.new_design]
    }
}

/// Compares the rota `rota` (read with [`crate::import::parse_rota_csv`] against `scenario`)
/// with the best rotas for the same demand and rules. Errors only for invalid input (the rota
/// does not fit the scenario); infeasible designs and every failure of a design's solve
/// (time-out, a model too large, a solver error) are reported inside the [`Side`]s, and today's
/// rota is always judged in full.
///
/// Progress: `opts.solve.progress` is called for both solves, with [`crate::Progress::side`]
/// naming the design being solved.
pub fn compare(scenario: &impl Input, rota: &Rota, opts: &CompareOptions) -> Result<Comparison> {
    let started = std::time::Instant::now();
    let scenario = scenario.valid()?;
    let mut base = import::scenario_for_rota(&scenario, rota)?;
    if opts.demand_from_rota {
        base = ValidScenario::new(import::demand_from_rota(&base, rota))?;
    }
    let today_roster = import::rota_roster(&base, rota);
    let today = judge("today", &base, &base, Ok(today_roster))?;

    // CSV rota mode drops the scenario's templates (everybody in the rota is staff); the
    // designs use them again, or derive them from today's skill combinations.
    let derived = scenario.open_positions.is_empty();
    let mut templates = if derived {
        derived_templates(&base, opts.headroom)
    } else {
        scenario.open_positions.clone()
    };
    let mut notes = Vec::new();
    let people: BTreeSet<&str> = base.staff.iter().map(|s| s.id.as_str()).collect();
    for (old, new, example) in clear_of_people(&mut templates, &people) {
        notes.push(format!(
            "Today's rota has people with ids like positions of template \"{old}\" (e.g. \"{example}\"), so the designs create those positions as \"{new}-<n>\" (template \"{new}\")."
        ));
    }

    let mut new_sc = base.scenario().clone();
    new_sc.staff.clear();
    new_sc.open_positions = templates;
    // The instant bounds of the new design: weekend, hours and skill bounds.
    let new_v = ValidScenario::new(new_sc.clone());
    let instant_bound = new_v
        .as_ref()
        .ok()
        .and_then(|v| crate::bounds::instant(v).ok())
        .and_then(|b| b.headcount);
    // Derived templates must allow at least the instant bound in total, and no more created
    // positions than the demand has shift starts: a position without a shift only adds a head,
    // and today's count per skill combination would build, for a large rota, a model far
    // larger than the demand needs.
    let new_v = if derived {
        let starts: i64 = base
            .model()
            .cover
            .iter()
            .flatten()
            .map(|c| c.max.max(0))
            .sum();
        if let Some(b) = instant_bound {
            let cap: i64 = new_sc.open_positions.iter().map(|t| t.max_count).sum();
            let short = i64::from(b) - cap;
            if short > 0 {
                for t in &mut new_sc.open_positions {
                    t.max_count += short;
                }
            }
        }
        for t in &mut new_sc.open_positions {
            t.max_count = t.max_count.min(starts);
        }
        ValidScenario::new(new_sc.clone())
    } else {
        new_v
    };

    let mut keep_sc = base.scenario().clone();
    keep_sc.open_positions = new_sc.open_positions.clone();
    keep_sc.staff = kept_staff(&base, &today);

    // Today's rota is a legal start for both designs when it follows the rules: the designs
    // can then never come out worse than today, and the solver starts from a good roster.
    // (A rota that breaks a rule would be ignored as a start; it is not even handed over, which
    // spares the solver checking a large illegal rota twice.)
    let today_roster = today.roster.clone().filter(|_| today.violations.is_empty());
    // `time_limit` is the whole comparison's: half of what is left for the first design, the
    // rest for the second. Whole hundredths of a second (at least one), so that a time-out
    // message reads well even when judging today's rota used up the limit.
    let left = |share: f64| {
        let s = (opts.solve.time_limit - started.elapsed().as_secs_f64()) * share;
        (s * 100.0).floor().max(1.0) / 100.0
    };
    let keep_label = "today's staff kept";
    let keep_staff = design(
        keep_label,
        ValidScenario::new(keep_sc.clone()).map_err(|e| (keep_sc, e)),
        &base,
        SolveOptions {
            time_limit: left(0.5),
            warm_start: today_roster.clone(),
            ..opts.solve.clone()
        },
    )?;
    let new_label = "new design";
    let new_start = today_roster
        .as_ref()
        .map(|r| as_open_positions(r, &base, &new_sc.open_positions));
    let new_design = design(
        new_label,
        new_v.map_err(|e| (new_sc.clone(), e)),
        &new_sc,
        SolveOptions {
            time_limit: left(1.0),
            warm_start: new_start,
            ..opts.solve.clone()
        },
    )?;
    Ok(Comparison {
        name: scenario.name.clone().unwrap_or_default(),
        demand_from_rota: opts.demand_from_rota,
        instant_bound,
        today,
        new_design,
        keep_staff,
        notes,
    })
}

/// Solves and judges one design. Any solver error (a time-out without a roster, a model too
/// large to build, a backend failure, even a derived scenario that does not validate) becomes
/// the side's message instead of an error, so that today's rota is still judged and reported.
/// The key figures of existing staff are taken against `wishes` (see [`judge`]).
fn design(
    label: &'static str,
    sc: std::result::Result<ValidScenario, (Scenario, crate::Error)>,
    wishes: &Scenario,
    mut opts: SolveOptions,
) -> Result<Side> {
    let sc = match sc {
        Ok(sc) => sc,
        Err((sc, e)) => return Ok(judge::failed(label, sc, e.to_string())),
    };
    opts.progress = opts.progress.map(|p| p.for_side(label));
    let solved = solve::run(&sc, &opts).map_err(|e| e.to_string());
    judge(label, &sc, wishes, solved)
}

/// Whether a position of template `template` could be mistaken for the person `id`: the id is
/// the template id, or the template id, `-` and digits (a superset of the ids rule 10 reserves).
fn looks_like_position_of(id: &str, template: &str) -> bool {
    id == template
        || id
            .strip_prefix(template)
            .and_then(|rest| rest.strip_prefix('-'))
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Renames every template whose positions could be mistaken for one of `people` to the first
/// of `<id>-new`, `<id>-new2`, `<id>-new3`, ... that collides with no person and no other
/// template. Returns (old id, new id, a person it collided with) per rename, in template order.
fn clear_of_people(
    templates: &mut [OpenPosition],
    people: &BTreeSet<&str>,
) -> Vec<(String, String, String)> {
    let collision = |t: &str| {
        people
            .iter()
            .find(|p| looks_like_position_of(p, t))
            .map(|p| p.to_string())
    };
    let mut taken: BTreeSet<String> = templates.iter().map(|t| t.id.clone()).collect();
    let mut renamed = Vec::new();
    for t in templates.iter_mut() {
        let Some(example) = collision(&t.id) else {
            continue;
        };
        let fresh = (1..)
            .map(|k| match k {
                1 => format!("{}-new", t.id),
                k => format!("{}-new{k}", t.id),
            })
            .find(|c| !taken.contains(c) && collision(c).is_none())
            .unwrap_or_default(); // the search only ends with a free id
        taken.insert(fresh.clone());
        renamed.push((std::mem::replace(&mut t.id, fresh.clone()), fresh, example));
    }
    renamed
}

/// Today's roster with every person relabelled as a created position of the template that
/// matches their skills and own full-time week (the same skills, else the first template
/// holding all of them, on their week when one is), in
/// order, so that it can start the new design. People no template fits are left out (the start
/// is then incomplete and the solver ignores it).
fn as_open_positions(today: &Roster, base: &Scenario, templates: &[OpenPosition]) -> Roster {
    let mut start = today.clone();
    let mut count: BTreeMap<&str, i64> = BTreeMap::new();
    let mut rename: BTreeMap<String, String> = BTreeMap::new();
    let skills_of: BTreeMap<&str, &Vec<String>> = base
        .staff
        .iter()
        .map(|s| (s.id.as_str(), &s.skills))
        .collect();
    let week_of: BTreeMap<&str, Option<String>> = base
        .staff
        .iter()
        .map(|s| (s.id.as_str(), own_week(base, s)))
        .collect();
    start.staff.clear();
    for p in &today.staff {
        let mut skills = skills_of
            .get(p.id.as_str())
            .map(|s| s.to_vec())
            .unwrap_or_default();
        skills.sort();
        skills.dedup();
        // A template on the person's own week (or the scenario's), so their hours keep their
        // size.
        let week = week_of.get(p.id.as_str()).cloned().flatten();
        let same_week = |t: &OpenPosition| {
            t.full_time_hours_per_week
                .filter(|w| *w != base.full_time_hours_per_week)
                .map(|w| w.to_string())
                == week
        };
        let same_skills = |t: &OpenPosition| {
            let mut ts = t.skills.clone();
            ts.sort();
            ts.dedup();
            ts == skills
        };
        let holds = |t: &OpenPosition| skills.iter().all(|k| t.skills.contains(k));
        let tries: [&dyn Fn(&OpenPosition) -> bool; 4] = [
            &|t| same_skills(t) && same_week(t),
            &|t| holds(t) && same_week(t),
            &same_skills,
            &holds,
        ];
        let Some(t) = tries.iter().find_map(|ok| templates.iter().find(|t| ok(t))) else {
            continue;
        };
        let n = count.entry(t.id.as_str()).or_insert(0);
        *n += 1;
        let id = format!("{}-{}", t.id, n);
        rename.insert(p.id.clone(), id.clone());
        let mut s = p.clone();
        s.id = id;
        s.origin = crate::roster::Origin::Open;
        s.template = Some(t.id.clone());
        s.contract_pct = None;
        start.staff.push(s);
    }
    start.assignments = today
        .assignments
        .iter()
        .filter_map(|a| {
            let mut a = a.clone();
            a.staff = rename.get(&a.staff)?.clone();
            Some(a)
        })
        .collect();
    start
}

/// A staff member's own full-time week when it differs from the scenario's, as a key that
/// orders (the week's decimal text).
fn own_week(sc: &Scenario, s: &Staff) -> Option<String> {
    s.full_time_hours_per_week
        .filter(|w| *w != sc.full_time_hours_per_week)
        .map(|w| w.to_string())
}

/// One template per skill combination and own full-time week held by today's staff (a night
/// nurse on 33.6 h stays a 33.6 h position), allowing today's count of that combination plus
/// `headroom`. Ids that collide with today's people are renamed afterwards
/// ([`clear_of_people`]).
fn derived_templates(sc: &Scenario, headroom: u32) -> Vec<OpenPosition> {
    let mut combos: BTreeMap<(Vec<String>, Option<String>), i64> = BTreeMap::new();
    for s in &sc.staff {
        let mut skills = s.skills.clone();
        skills.sort();
        skills.dedup();
        *combos.entry((skills, own_week(sc, s))).or_insert(0) += 1;
    }
    if combos.is_empty() {
        combos.insert((Vec::new(), None), 0);
    }
    let mut used_ids = BTreeSet::new();
    combos
        .into_iter()
        .map(|((skills, week), n)| {
            let mut id = std::iter::once("new".to_string())
                .chain(skills.iter().map(|s| template_part(s)))
                .chain(week.iter().map(|w| format!("{}h", template_part(w))))
                .collect::<Vec<_>>()
                .join("-");
            while !used_ids.insert(id.clone()) {
                id.push('x');
            }
            OpenPosition {
                id,
                skills,
                max_count: n + i64::from(headroom),
                full_time_hours_per_week: week.and_then(|w| w.parse().ok()),
                ..OpenPosition::default()
            }
        })
        .collect()
}

/// A skill id as part of a template id: lower case, anything but letters and digits as `_`.
fn template_part(skill: &str) -> String {
    skill
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_lowercase().next().unwrap_or(c)
            } else {
                '_'
            }
        })
        .collect()
}

/// Today's staff with contracts raised so nobody can lose hours: the lower limit
/// `contract − tolerance` becomes today's planned hours (at most 100 %), and the wish at least
/// the new contract.
fn kept_staff(base: &Scenario, today: &Side) -> Vec<Staff> {
    let today_pct: BTreeMap<&str, f64> = today
        .people
        .iter()
        .map(|p| (p.id.as_str(), p.position_pct))
        .collect();
    base.staff
        .iter()
        .map(|s| {
            // Percentages of the person's own full-time week.
            let full_h = s.week_hours(base.full_time_hours_per_week) * base.horizon.weeks as f64;
            let tol_pct = if full_h > 0.0 {
                base.rules.hours_tolerance() / full_h * 100.0
            } else {
                0.0
            };
            let today_pct = today_pct.get(s.id.as_str()).copied().unwrap_or(0.0);
            // Rounded *down* to a millionth of a percent: the lower limit then lies at most a
            // few hundredths of a second below today's hours, far less than any hour unit, so
            // the model's whole-unit limit is exactly today's hours (rounding up could push it a
            // unit above them).
            let needed = ((today_pct + tol_pct) * 1e6).floor() / 1e6;
            // Never above what the average weekly limit allows (contract − tolerance at most
            // the limit × weeks), or the kept scenario would not validate.
            let most = base
                .rules
                .max_average_hours_per_week()
                .filter(|_| full_h > 0.0)
                .map_or(100.0, |a| {
                    ((a * base.horizon.weeks as f64 + base.rules.hours_tolerance()) / full_h
                        * 100.0
                        * 1e6)
                        .floor()
                        / 1e6
                });
            // Nor above what the person's own max_hours allows.
            let own_most = s.max_hours.filter(|_| full_h > 0.0).map_or(100.0, |h| {
                ((h + base.rules.hours_tolerance()) / full_h * 100.0 * 1e6).floor() / 1e6
            });
            let contract = s
                .contract_pct
                .max(needed)
                .min(100.0)
                .min(most)
                .min(own_most);
            let mut kept = s.clone();
            kept.contract_pct = contract;
            if let Some(w) = s.wish_pct {
                kept.wish_pct = Some(w.max(contract));
            }
            // Own hour limits keep today's hours too (within the person's own maximum).
            let today_h = today_pct / 100.0 * full_h;
            if let Some(lo) = s.min_hours {
                let hi = s.max_hours.unwrap_or(f64::INFINITY);
                kept.min_hours = Some((lo.max((today_h * 1e6).floor() / 1e6)).min(hi));
            }
            kept
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template(id: &str) -> OpenPosition {
        OpenPosition {
            id: id.into(),
            skills: Vec::new(),
            max_count: 1,
            ..OpenPosition::default()
        }
    }

    #[test]
    fn can_keep_own_weeks_in_the_derived_templates() {
        let sc: Scenario = serde_json::from_str(
            r#"{"horizon": {"start": "2027-01-04", "weeks": 1, "cyclic": true},
                "full_time_hours_per_week": 35.5,
                "shifts": [{"id": "D", "start": "08:00", "end": "15:30"}],
                "skills": ["RN"],
                "demand": [{"shift": "D", "days": ["mon"], "min": 1}],
                "staff": [
                  {"id": "kari", "skills": ["RN"], "contract_pct": 50, "full_time_hours_per_week": 33.6},
                  {"id": "ola", "skills": ["RN"], "contract_pct": 50},
                  {"id": "per", "skills": ["RN"], "contract_pct": 50, "full_time_hours_per_week": 35.5}
                ]}"#,
        )
        .unwrap();
        let t = derived_templates(&sc, 1);
        let ids: Vec<(&str, Option<f64>, i64)> = t
            .iter()
            .map(|t| (t.id.as_str(), t.full_time_hours_per_week, t.max_count))
            .collect();
        // per's own week is the scenario's: the same template as ola's.
        assert_eq!(ids, [("new-rn", None, 3), ("new-rn-33_6h", Some(33.6), 2)]);
        let staff = |id: &str| crate::roster::RosterStaff {
            id: id.into(),
            origin: crate::roster::Origin::Existing,
            template: None,
            hours: 0.0,
            position_pct: 0.0,
            contract_pct: Some(50.0),
            weekends_worked: 0,
        };
        let today = Roster {
            scenario: String::new(),
            status: crate::roster::Status::Feasible,
            headcount: 3,
            headcount_lower_bound: 0,
            average_position_pct: 0.0,
            average_position_upper_bound_pct: 100.0,
            solve_seconds: 0.0,
            gap: None,
            staff: vec![staff("kari"), staff("ola"), staff("per")],
            assignments: Vec::new(),
            kpis: Default::default(),
            explanation: Vec::new(),
            phases: Vec::new(),
        };
        let start = as_open_positions(&today, &sc, &t);
        let names: Vec<(&str, Option<&str>)> = start
            .staff
            .iter()
            .map(|s| (s.id.as_str(), s.template.as_deref()))
            .collect();
        assert_eq!(
            names,
            [
                ("new-rn-33_6h-1", Some("new-rn-33_6h")),
                ("new-rn-1", Some("new-rn")),
                ("new-rn-2", Some("new-rn"))
            ]
        );
    }

    #[test]
    fn can_tell_ids_that_look_like_positions() {
        assert!(looks_like_position_of("hfa", "hfa"));
        assert!(looks_like_position_of("hfa-9", "hfa"));
        assert!(looks_like_position_of("hfa-09", "hfa"));
        assert!(looks_like_position_of("night-rn-2", "night-rn"));
        for other in ["hfa-", "hfa-x", "hfa9", "hfa-new", "hf", "rn-1"] {
            assert!(!looks_like_position_of(other, "hfa"), "{other}");
        }
    }

    #[test]
    fn can_rename_templates_clear_of_people() {
        let mut ts = vec![template("rn"), template("hfa"), template("hfa-new")];
        let people: BTreeSet<&str> = ["kari", "hfa-3", "hfa-new2-1"].into_iter().collect();
        let renamed = clear_of_people(&mut ts, &people);
        // `hfa-new` is another template, `hfa-new2` collides with a person.
        assert_eq!(
            renamed,
            vec![("hfa".into(), "hfa-new3".into(), "hfa-3".into())]
        );
        let ids: Vec<&str> = ts.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["rn", "hfa-new3", "hfa-new"]);
        // Nothing to do: nothing changes.
        assert!(clear_of_people(&mut ts, &people).is_empty());
    }
}
