//! The roster wire format of `docs/format.md` (what the solver writes and `check` reads), and the
//! CSV grid writer.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

/// Solve outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Headcount proven minimal (and, with optional demand, total hours proven maximal).
    Optimal,
    /// A valid roster that is not proven optimal (e.g. time limit).
    Feasible,
    /// No roster exists; `explanation` says why.
    Infeasible,
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Status::Optimal => "optimal",
            Status::Feasible => "feasible",
            Status::Infeasible => "infeasible",
        })
    }
}

/// Where a person in the roster comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// A scenario `staff` member.
    Existing,
    /// A position created from an `open_positions` template.
    Open,
}

/// A roster: who works which shift on which date, with the claims the solver makes about it.
///
/// Unknown fields are accepted when reading (a roster "carries at least" these fields).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Roster {
    /// Scenario name (empty when the scenario has none).
    #[serde(default)]
    pub scenario: String,
    /// Solve outcome.
    pub status: Status,
    /// Number of people: all staff plus every created position.
    pub headcount: u32,
    /// Headcount lower bound proved by the solver.
    pub headcount_lower_bound: u32,
    /// Average position size in percent.
    pub average_position_pct: f64,
    /// Upper bound on the average position size proved by the solver. heltid always writes a
    /// finite number; a roster from elsewhere may say `null` for "no bound known", which reads
    /// as `+∞` (and a non-finite value is written back as `null`), so every roster round-trips.
    #[serde(with = "unknown_bound")]
    pub average_position_upper_bound_pct: f64,
    /// Wall-clock seconds the solve took.
    pub solve_seconds: f64,
    /// Relative gap of the headcount (0 when optimal).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gap: Option<f64>,
    /// Every person in the roster.
    pub staff: Vec<RosterStaff>,
    /// Every assignment.
    pub assignments: Vec<Assignment>,
    /// Key figures.
    #[serde(default)]
    pub kpis: Kpis,
    /// Sentences in user words saying why no roster exists (only when infeasible).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub explanation: Vec<String>,
}

/// `null` ⇔ an unknown (infinite) upper bound. JSON has no infinity, and serde_json would write
/// one as `null` and then refuse to read it back.
mod unknown_bound {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
        if x.is_finite() {
            s.serialize_f64(*x)
        } else {
            s.serialize_none()
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::INFINITY))
    }
}

/// One person in a roster and their planned totals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RosterStaff {
    /// Person id (`<template>-<n>` for created positions).
    pub id: String,
    /// Existing staff or created position.
    pub origin: Origin,
    /// Template id of a created position.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
    /// Planned paid hours over the horizon.
    pub hours: f64,
    /// `hours / (full_time_hours_per_week × weeks) × 100`.
    pub position_pct: f64,
    /// Contract size of existing staff.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contract_pct: Option<f64>,
    /// Number of weekend windows the person works.
    pub weekends_worked: u32,
}

/// One assignment: a person works a shift that starts on a date.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Assignment {
    /// Person id.
    pub staff: String,
    /// ISO start date.
    pub date: String,
    /// Shift id.
    pub shift: String,
}

/// Key figures of a roster (docs/format.md §26 plus extras).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Kpis {
    /// Share of the headcount with position ≥ 99.95 %.
    #[serde(default)]
    pub full_time_share: f64,
    /// People with position < 50 %.
    #[serde(default)]
    pub positions_below_50: u32,
    /// People with at least one shift, all of whose shifts overlap a weekend window.
    #[serde(default)]
    pub weekend_only_positions: u32,
    /// Number of people.
    #[serde(default)]
    pub headcount: u32,
    /// Average position size in percent.
    #[serde(default)]
    pub average_position_pct: f64,
    /// Total planned hours.
    #[serde(default)]
    pub total_hours: f64,
    /// Sum over staff of max(0, wish hours − planned hours): involuntary part time left.
    #[serde(default)]
    pub involuntary_part_time_hours: f64,
    /// Hours planned above the demand minimum (optional demand filled).
    #[serde(default)]
    pub over_coverage_hours: f64,
    /// Average weekends worked per person.
    #[serde(default)]
    pub average_weekends_worked: f64,
    /// Weekend bonus a year over all people under the scenario's `rules.weekend_bonus` ladder
    /// (0 without one; rosters written before the ladder existed read as 0). Per person: the
    /// rate of the tier containing their whole weekends a year (`weekends_worked × 52 / weeks`)
    /// times their clock hours in Saturday 00:00 – Monday 00:00, scaled by `52 / weeks`; see
    /// [`crate::scenario::BonusTier`].
    #[serde(default)]
    pub weekend_bonus_nok_per_year: f64,
}

use crate::model::{Day, Model, PersonKind, ShiftId, StaffId};
use crate::scenario::Scenario;

/// What the solver proved, for [`from_solution`].
#[derive(Debug, Clone, PartialEq)]
pub struct Claims {
    /// Optimal or feasible.
    pub status: Status,
    /// Proven headcount lower bound.
    pub headcount_lower_bound: u32,
    /// Proven upper bound on total hour units (optional demand only).
    pub hours_upper_bound_units: Option<f64>,
    /// Seconds spent.
    pub seconds: f64,
    /// Proven upper bound on the average position in percent, when the solver proved one
    /// directly (the budget mode's ratio search); otherwise it is derived from the bounds above.
    pub average_upper_bound_pct: Option<f64>,
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// `contract_pct` of the scenario's staff by id (the first of a repeated id).
fn staff_contracts(scenario: &Scenario) -> HashMap<&str, f64> {
    let mut out = HashMap::with_capacity(scenario.staff.len());
    for s in &scenario.staff {
        out.entry(s.id.as_str()).or_insert(s.contract_pct);
    }
    out
}

/// Builds the roster of a solution: existing staff and the created positions that work, with
/// ids `<template>-<n>` numbered in order, their hours, sizes and weekends, and the KPIs.
pub fn from_solution(
    m: &Model,
    scenario: &Scenario,
    assign: &[(StaffId, Day, ShiftId)],
    claims: Claims,
) -> Roster {
    let fte_units = m.full_time_units().to_f64();
    let mut units = vec![0i64; m.people.len()];
    for (p, _, s) in assign {
        units[p.0] += m.shifts[s.0].units;
    }
    // Each person's shifts, so that nothing below searches all assignments per person.
    let mut shifts_of: Vec<Vec<(Day, ShiftId)>> = vec![Vec::new(); m.people.len()];
    for &(p, d, s) in assign {
        if let Some(v) = shifts_of.get_mut(p.0) {
            v.push((d, s));
        }
    }
    let contract_of = staff_contracts(scenario);
    let mut ids = vec![String::new(); m.people.len()];
    let mut next = vec![0usize; m.templates.len()];
    let mut staff = Vec::new();
    for (p, person) in m.people.iter().enumerate() {
        let (origin, template) = match &person.kind {
            PersonKind::Existing => {
                ids[p] = person.id.clone();
                (Origin::Existing, None)
            }
            PersonKind::Open { template, .. } => {
                if shifts_of[p].is_empty() {
                    continue;
                }
                next[template.0] += 1;
                let tid = &m.templates[template.0].id;
                ids[p] = format!("{tid}-{}", next[template.0]);
                (Origin::Open, Some(tid.clone()))
            }
        };
        let we = &m.rules.weekend;
        let weekends = (0..m.cal.weeks())
            .filter(|&k| {
                let win = m.cal.weekend_window(k, we.from, we.to);
                shifts_of[p]
                    .iter()
                    .any(|(d, s)| m.cal.overlaps(m.interval(*d, *s), win))
            })
            .count() as u32;
        staff.push(RosterStaff {
            id: ids[p].clone(),
            origin,
            template,
            hours: round2(m.hours(units[p])),
            position_pct: round2(units[p] as f64 / fte_units * 100.0),
            contract_pct: person
                .is_existing()
                .then(|| contract_of.get(person.id.as_str()).copied())
                .flatten(),
            weekends_worked: weekends,
        });
    }
    let mut assignments: Vec<Assignment> = assign
        .iter()
        .map(|(p, d, s)| Assignment {
            staff: ids[p.0].clone(),
            date: m.cal.date_str(d.0),
            shift: m.shifts[s.0].id.clone(),
        })
        .collect();
    assignments.sort_by(|a, b| (&a.date, &a.staff, &a.shift).cmp(&(&b.date, &b.staff, &b.shift)));
    let headcount = staff.len() as u32;
    let total_units: i64 = units.iter().sum();
    let avg = if headcount > 0 {
        total_units as f64 / (headcount as f64 * fte_units) * 100.0
    } else {
        0.0
    };
    let lb = claims.headcount_lower_bound.min(headcount);
    let ub = if claims.status == Status::Optimal {
        avg
    } else if let Some(ub) = claims.average_upper_bound_pct.filter(|u| u.is_finite()) {
        ub.max(avg)
    } else if lb == 0 {
        100.0
    } else {
        // Total hours can never exceed the demand maximum: a solver bound that is missing or
        // weaker (a phase stopped before it proved anything, reported as −∞) falls back to it,
        // so the claim is always a finite, honest bound.
        let demand_ub = if m.has_optional_demand() {
            m.max_demand_units() as f64
        } else {
            total_units as f64
        };
        let hours_ub = match claims.hours_upper_bound_units {
            Some(h) if h.is_finite() => h.min(demand_ub),
            _ => demand_ub,
        };
        (hours_ub / (lb as f64 * fte_units) * 100.0).max(avg)
    };
    let mut roster = Roster {
        scenario: m.name.clone(),
        status: claims.status,
        headcount,
        headcount_lower_bound: lb,
        average_position_pct: round2(avg),
        average_position_upper_bound_pct: round2(ub),
        solve_seconds: round2(claims.seconds),
        gap: Some(if headcount > 0 {
            round2((headcount - lb) as f64 / headcount as f64 * 100.0) / 100.0
        } else {
            0.0
        }),
        staff,
        assignments,
        kpis: Kpis::default(),
        explanation: Vec::new(),
    };
    roster.kpis = crate::kpi::evaluate_roster(scenario, &roster).kpis;
    roster
}

/// The roster of an infeasible scenario: staff listed with no shifts, and the explanation.
pub fn infeasible(
    m: &Model,
    scenario: &Scenario,
    explanation: Vec<String>,
    seconds: f64,
) -> Roster {
    let contract_of = staff_contracts(scenario);
    let staff: Vec<RosterStaff> = m.people[..m.n_staff]
        .iter()
        .map(|p| RosterStaff {
            id: p.id.clone(),
            origin: Origin::Existing,
            template: None,
            hours: 0.0,
            position_pct: 0.0,
            contract_pct: contract_of.get(p.id.as_str()).copied(),
            weekends_worked: 0,
        })
        .collect();
    Roster {
        scenario: m.name.clone(),
        status: Status::Infeasible,
        headcount: staff.len() as u32,
        headcount_lower_bound: staff.len() as u32,
        average_position_pct: 0.0,
        average_position_upper_bound_pct: 0.0,
        solve_seconds: round2(seconds),
        gap: None,
        staff,
        assignments: Vec::new(),
        kpis: Kpis::default(),
        explanation,
    }
}

/// Writes a roster as the CSV grid of docs/format.md: `staff,contract_pct,skills,<dates...>`, one
/// row per person, cells holding the shift id or empty when off. Created positions get their
/// planned size in the `contract_pct` column.
pub fn to_csv(scenario: &Scenario, roster: &Roster) -> crate::Result<String> {
    let err = |e: csv::Error| crate::Error::Csv {
        what: "writing the roster grid".into(),
        message: e.to_string(),
    };
    let start =
        crate::calendar::parse_date(&scenario.horizon.start).ok_or_else(|| crate::Error::Csv {
            what: "writing the roster grid".into(),
            message: format!("horizon.start {:?} is not a date", scenario.horizon.start),
        })?;
    let days = (scenario.horizon.weeks.max(0) * 7) as u64;
    let dates: Vec<String> = (0..days)
        .map(|d| {
            (start + chrono::Days::new(d))
                .format("%Y-%m-%d")
                .to_string()
        })
        .collect();
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["staff".to_string(), "contract_pct".into(), "skills".into()];
    header.extend(dates.iter().cloned());
    w.write_record(&header).map_err(err)?;
    let mut skills_of: HashMap<&str, &Vec<String>> = HashMap::new();
    for s in &scenario.staff {
        skills_of.entry(s.id.as_str()).or_insert(&s.skills);
    }
    // Each person's shift per date (the first listed, as before).
    let day_of: HashMap<&str, usize> = dates
        .iter()
        .enumerate()
        .map(|(d, s)| (s.as_str(), d))
        .collect();
    let mut cells: HashMap<&str, Vec<Option<&str>>> = HashMap::new();
    for a in &roster.assignments {
        let Some(&d) = day_of.get(a.date.as_str()) else {
            continue;
        };
        let row = cells
            .entry(a.staff.as_str())
            .or_insert_with(|| vec![None; dates.len()]);
        row[d].get_or_insert(a.shift.as_str());
    }
    for p in &roster.staff {
        let skills = match p.origin {
            Origin::Existing => skills_of.get(p.id.as_str()).map(|s| s.join(";")),
            Origin::Open => scenario
                .open_positions
                .iter()
                .find(|t| Some(&t.id) == p.template.as_ref())
                .map(|t| t.skills.join(";")),
        }
        .unwrap_or_default();
        let pct = p.contract_pct.unwrap_or(p.position_pct);
        let mut row = vec![p.id.clone(), format!("{pct}"), skills];
        match cells.get(p.id.as_str()) {
            Some(shifts) => row.extend(shifts.iter().map(|s| s.unwrap_or_default().to_string())),
            None => row.extend(dates.iter().map(|_| String::new())),
        }
        w.write_record(&row).map_err(err)?;
    }
    let bytes = w.into_inner().map_err(|e| crate::Error::Csv {
        what: "writing the roster grid".into(),
        message: e.to_string(),
    })?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
