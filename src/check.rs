//! The independent checker: every rule of docs/format.md "Precise semantics" implemented a second
//! time, as plain loops over clock minutes, so that a roster written by the optimiser is proven
//! legal by code that shares nothing with the formulation.
//!
//! Conventions:
//! - Time is counted in minutes from `horizon.start` 00:00. A shift on date index `d` occupies
//!   `[d·1440 + start, d·1440 + start + len)`. On a cyclic horizon of `P` minutes every shift
//!   also exists at `−P` and `+P`, and every per-person rule sees these copies.
//! - Hour bounds and rest lengths are compared exactly with [`Ratio`]; claims the roster makes
//!   (hours, percentages) are compared with an absolute tolerance of 0.05 (rule 25).
//! - An assignment that names an unknown person, shift or date is a [`Rule::RosterFormat`]
//!   violation and is then ignored by every other rule. A duplicate assignment counts once.
//! - An `infeasible` roster is only checked for its form (no assignments, an explanation) and
//!   its scenario name: there is nothing else to verify.
//! - The result is sorted by rule, staff, date, shift and message, so it is deterministic.
//! - `check` never panics, whatever the roster contains.
//!
//! Readings where docs/format.md leaves room:
//! - Two overlapping shifts are an `overlap`; the same pair is not also reported as `rest`.
//! - The headcount is the number of distinct ids in `staff[]`. A person listed as existing who is
//!   not in the scenario is a format error but still counts (headcount, coverage, with no
//!   skills); a scenario staff member listed with origin `open` is a format error and is
//!   checked as the staff member.
//! - A created position's number `n` is written in plain decimal without sign or leading zeros
//!   (`hfa-01` is refused). A position naming no template or an unknown one is a
//!   `position-count` violation; it holds no skills and has no size to check.
//! - `weekend-frequency` is reported once per pair of worked weekends that are closer than
//!   `max_one_in` (with multiplicity when cyclic: a weekend paired with itself means the cycle is
//!   too short). That is the same condition as "at most one in every run of n". Each person's
//!   `n` is their own `weekend_max_one_in` (staff member or template) when given, else
//!   `rules.weekend.max_one_in`.
//! - Status bounds are compared with the headcount and average computed from the assignments.
//!   For `feasible` the upper bound may lie up to 0.05 below the average (claim tolerance).
//! - Existing staff must carry `contract_pct`; a missing one is a `claim` violation.
//! - The roster's `kpis` block is not verified (rule 25 does not list it).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Days, NaiveDate};
use serde::Serialize;

use crate::calendar::{parse_date, parse_hhmm, parse_week_point, parse_weekday, shift_minutes};
use crate::num::Ratio;
use crate::roster::{Origin, Roster, Status};
use crate::rule::Rule;
use crate::scenario::{OpenPosition, Scenario, Staff};

/// One rule a roster breaks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Violation {
    /// Rule family (same names as the formulation's constraints).
    pub rule: Rule,
    /// Person, when the rule is per person.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub staff: Option<String>,
    /// Date, when the rule is per date (ISO).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Shift, when the rule is per shift.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shift: Option<String>,
    /// What is wrong and by how much, in user words.
    pub message: String,
}

/// Minutes in a day.
const DAY: i64 = 1440;
/// Minutes in a week.
const WEEK: i64 = 7 * DAY;
/// Absolute tolerance of the numbers a roster claims (rule 25).
const CLAIM_TOLERANCE: f64 = 0.05;
/// Longest horizon the checker accepts (a guard against absurd input, not a rule).
const MAX_WEEKS: i64 = 10_000;

/// Every violation of `roster` against a valid `scenario` (empty when legal), sorted by rule,
/// staff, date, shift and message.
///
/// A scenario that cannot even be read (a horizon start that is not a date, a shift time that is
/// not `HH:MM`) gives a single [`Rule::RosterFormat`] violation saying so; validate scenarios
/// first.
pub fn check(scenario: &Scenario, roster: &Roster) -> Vec<Violation> {
    let mut out = Vec::new();
    match Model::new(scenario) {
        Ok(model) => model.check(roster, &mut out),
        Err(msg) => out.push(violation(
            Rule::RosterFormat,
            None,
            None,
            None,
            format!("the scenario cannot be checked: {msg}; validate it first"),
        )),
    }
    sort_violations(&mut out);
    out
}

/// Sorts violations into the checker's deterministic order: by rule (in [`Rule::ALL`] order),
/// then staff, date, shift and message.
pub fn sort_violations(v: &mut [Violation]) {
    v.sort_by(|a, b| {
        (a.rule, &a.staff, &a.date, &a.shift, &a.message)
            .cmp(&(b.rule, &b.staff, &b.date, &b.shift, &b.message))
    });
}

/// One readable line per violation: `[rule] staff, date, shift: message` (the parts that do not
/// apply are left out). Empty string for no violations.
pub fn format_violations(v: &[Violation]) -> String {
    let mut lines = Vec::with_capacity(v.len());
    for x in v {
        let mut place = Vec::new();
        if let Some(s) = &x.staff {
            place.push(s.as_str());
        }
        if let Some(d) = &x.date {
            place.push(d.as_str());
        }
        if let Some(s) = &x.shift {
            place.push(s.as_str());
        }
        if place.is_empty() {
            lines.push(format!("[{}] {}", x.rule, x.message));
        } else {
            lines.push(format!("[{}] {}: {}", x.rule, place.join(", "), x.message));
        }
    }
    lines.join("\n")
}

/// Builds a violation.
fn violation(
    rule: Rule,
    staff: Option<&str>,
    date: Option<&str>,
    shift: Option<&str>,
    message: String,
) -> Violation {
    Violation {
        rule,
        staff: staff.map(str::to_string),
        date: date.map(str::to_string),
        shift: shift.map(str::to_string),
        message,
    }
}

/// The exact value of a JSON decimal; numbers `Ratio` refuses (which a valid scenario never
/// holds) are approximated to a millionth instead of failing.
fn exact(x: f64) -> Ratio {
    if let Some(r) = Ratio::from_f64(x) {
        return r;
    }
    if !x.is_finite() {
        return Ratio::ZERO;
    }
    let scaled = (x.clamp(-1e12, 1e12) * 1e6).round();
    Ratio::new(scaled as i128, 1_000_000)
}

/// A number of hours for messages: up to 4 decimals, trailing zeros dropped.
fn fmt_num(x: f64) -> String {
    let s = format!("{x:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

/// A [`Ratio`] for messages.
fn fmt_ratio(r: Ratio) -> String {
    fmt_num(r.to_f64())
}

/// Minutes as hours for messages.
fn fmt_minutes(m: i64) -> String {
    fmt_num(m as f64 / 60.0)
}

/// `min..max` or `min..` (no upper bound).
fn fmt_bounds(b: Bounds) -> String {
    match b.max {
        Some(m) => format!("{}..{}", b.min, m),
        None => format!("{}..", b.min),
    }
}

/// A shift type with its clock interval and paid hours.
struct ShiftInfo<'a> {
    /// Shift id.
    id: &'a str,
    /// Clock start in minutes after midnight.
    start: i64,
    /// Clock length in minutes (1..=1440).
    len: i64,
    /// Paid hours, exact.
    hours: Ratio,
    /// Paid hours as a float (for claims).
    hours_f: f64,
}

/// The demand entries that match one (date, shift) or (date, shift, skill): the one from `days`
/// and the one from `dates` (which replaces it, docs/format.md rule 12).
type Entries = (Option<Bounds>, Option<Bounds>);

/// Demand bounds of one entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Bounds {
    /// Least number of people.
    min: i64,
    /// Most number of people; `None` = no upper bound.
    max: Option<i64>,
}

/// One shift a person works: a valid, de-duplicated assignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Work {
    /// Date index.
    day: usize,
    /// Shift index.
    shift: usize,
    /// First minute from the horizon start.
    start: i64,
    /// One past the last minute.
    end: i64,
}

/// What a roster person is in the scenario.
#[derive(Clone, Copy)]
enum Kind<'a> {
    /// A scenario staff member.
    Existing(&'a Staff),
    /// A created position, with its template when the template exists.
    Open(Option<&'a OpenPosition>),
    /// Listed as existing staff, but the scenario has no such person.
    Unknown,
}

/// A person of the roster (first listing of each id) with their shifts.
struct Person<'a> {
    /// Person id.
    id: &'a str,
    /// Index into `roster.staff` of the first listing.
    listing: usize,
    /// What the person is.
    kind: Kind<'a>,
    /// Shifts, sorted by start.
    works: Vec<Work>,
}

impl Person<'_> {
    /// Skills the person holds.
    fn skills(&self) -> &[String] {
        match self.kind {
            Kind::Existing(s) => &s.skills,
            Kind::Open(Some(t)) => &t.skills,
            Kind::Open(None) | Kind::Unknown => &[],
        }
    }
}

/// The scenario, read once into indices and minutes.
struct Model<'a> {
    /// The scenario.
    sc: &'a Scenario,
    /// First date.
    start: NaiveDate,
    /// Number of weeks.
    weeks: usize,
    /// Number of dates.
    days: usize,
    /// Whether the horizon repeats.
    cyclic: bool,
    /// Horizon length in minutes.
    period: i64,
    /// ISO string of every date index.
    dates: Vec<String>,
    /// Shift types, in scenario order.
    shifts: Vec<ShiftInfo<'a>>,
    /// Shift id → index (first definition wins).
    shift_index: HashMap<&'a str, usize>,
    /// `full_time_hours_per_week × weeks`, exact.
    fte_weeks: Ratio,
}

impl<'a> Model<'a> {
    /// Reads the scenario; `Err` only for a scenario that validation would refuse.
    fn new(sc: &'a Scenario) -> Result<Model<'a>, String> {
        let start = parse_date(&sc.horizon.start)
            .ok_or_else(|| format!("horizon start {:?} is not an ISO date", sc.horizon.start))?;
        if !(1..=MAX_WEEKS).contains(&sc.horizon.weeks) {
            return Err(format!(
                "horizon weeks {} is not between 1 and {MAX_WEEKS}",
                sc.horizon.weeks
            ));
        }
        let weeks = sc.horizon.weeks as usize;
        let days = weeks * 7;
        let mut dates = Vec::with_capacity(days);
        for d in 0..days {
            let date = start
                .checked_add_days(Days::new(d as u64))
                .ok_or_else(|| "the horizon runs past the last representable date".to_string())?;
            dates.push(date.format("%Y-%m-%d").to_string());
        }
        let mut shifts = Vec::with_capacity(sc.shifts.len());
        let mut shift_index = HashMap::new();
        for s in &sc.shifts {
            let (Some(st), Some(en)) = (parse_hhmm(&s.start), parse_hhmm(&s.end)) else {
                return Err(format!("shift {:?} has a time that is not HH:MM", s.id));
            };
            let len = shift_minutes(st, en);
            let hours = match s.hours {
                Some(h) => exact(h),
                None => Ratio::new(len as i128, 60),
            };
            let hours_f = s.hours.unwrap_or(len as f64 / 60.0);
            shift_index.entry(s.id.as_str()).or_insert(shifts.len());
            shifts.push(ShiftInfo {
                id: &s.id,
                start: st,
                len,
                hours,
                hours_f,
            });
        }
        Ok(Model {
            sc,
            start,
            weeks,
            days,
            cyclic: sc.horizon.cyclic,
            period: days as i64 * DAY,
            dates,
            shifts,
            shift_index,
            fte_weeks: exact(sc.full_time_hours_per_week) * Ratio::int(weeks as i64),
        })
    }

    /// ISO string of date index `d` (empty when out of range, which callers never ask for).
    fn date(&self, d: usize) -> &str {
        self.dates.get(d).map(String::as_str).unwrap_or("")
    }

    /// Date index of an ISO date string inside the horizon; `None` for anything else, including
    /// non-canonical spellings.
    fn day_of(&self, s: &str) -> Option<usize> {
        let date = parse_date(s)?;
        let diff = (date - self.start).num_days();
        if diff < 0 || diff >= self.days as i64 {
            return None;
        }
        let d = diff as usize;
        (self.dates.get(d).map(String::as_str) == Some(s)).then_some(d)
    }

    /// Shift id of shift index `s`.
    fn shift_id(&self, s: usize) -> &str {
        self.shifts.get(s).map(|x| x.id).unwrap_or("")
    }

    /// Paid hours of shift index `s`, exact.
    fn shift_hours(&self, s: usize) -> Ratio {
        self.shifts.get(s).map(|x| x.hours).unwrap_or(Ratio::ZERO)
    }

    /// The offsets at which every shift exists: `0`, and `±period` when cyclic.
    fn offsets(&self) -> Vec<i64> {
        if self.cyclic {
            vec![-self.period, 0, self.period]
        } else {
            vec![0]
        }
    }

    /// Whether any of `works` (with cyclic copies) overlaps `[from, to)` with positive length.
    fn any_overlap(&self, works: &[Work], from: i64, to: i64) -> bool {
        for w in works {
            for off in self.offsets() {
                if w.start + off < to && from < w.end + off {
                    return true;
                }
            }
        }
        false
    }

    /// Runs every check.
    fn check(&self, roster: &Roster, out: &mut Vec<Violation>) {
        if let Some(name) = &self.sc.name {
            if &roster.scenario != name {
                out.push(violation(
                    Rule::Claim,
                    None,
                    None,
                    None,
                    format!(
                        "roster is for scenario {:?}, but the scenario is named {:?}",
                        roster.scenario, name
                    ),
                ));
            }
        }
        if roster.status == Status::Infeasible {
            if !roster.assignments.is_empty() {
                out.push(violation(
                    Rule::RosterFormat,
                    None,
                    None,
                    None,
                    format!(
                        "an infeasible roster must have no assignments, this one has {}",
                        roster.assignments.len()
                    ),
                ));
            }
            if roster.explanation.is_empty() {
                out.push(violation(
                    Rule::RosterFormat,
                    None,
                    None,
                    None,
                    "an infeasible roster must explain why no roster exists, this one has no explanation"
                        .to_string(),
                ));
            }
            return;
        }
        let mut people = self.people(roster, out);
        self.assign(roster, &mut people, out);
        self.coverage(&people, out);
        let weekend = self.weekend_windows();
        for p in &people {
            self.one_per_date(p, out);
            self.overlap(p, out);
            self.rest(p, out);
            self.weekly_rest(p, out);
            self.consecutive_days(p, out);
            self.hours_per_week(p, out);
            self.unavailable(p, out);
            if let Some((from, len)) = weekend {
                self.weekends(p, from, len, out);
            }
        }
        self.fixed(&people, out);
        self.hours(&people, out);
        self.budget(&people, out);
        self.positions(roster, &people, out);
        self.claims(roster, &people, weekend, out);
    }

    /// The roster's people (first listing of each id) and the format problems of `staff[]`.
    fn people<'r>(&self, roster: &'r Roster, out: &mut Vec<Violation>) -> Vec<Person<'r>>
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
                out.push(violation(
                    Rule::RosterFormat,
                    Some(id),
                    None,
                    None,
                    format!("{id:?} is listed more than once in the roster's staff"),
                ));
                continue;
            }
            let kind = match (staff_by_id.get(id), rs.origin) {
                (Some(s), Origin::Existing) => Kind::Existing(s),
                (Some(s), Origin::Open) => {
                    out.push(violation(
                        Rule::RosterFormat,
                        Some(id),
                        None,
                        None,
                        format!("{id} is existing staff but is listed with origin \"open\""),
                    ));
                    Kind::Existing(s)
                }
                (None, Origin::Existing) => {
                    out.push(violation(
                        Rule::RosterFormat,
                        Some(id),
                        None,
                        None,
                        format!(
                            "{id:?} is listed with origin \"existing\", but the scenario has no such staff member"
                        ),
                    ));
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
                out.push(violation(
                    Rule::RosterFormat,
                    Some(&s.id),
                    None,
                    None,
                    format!(
                        "scenario staff member {} is missing from the roster's staff (everyone stays and counts in the headcount)",
                        s.id
                    ),
                ));
            }
        }
        people
    }

    /// Turns valid assignments into the people's shifts and reports the invalid and duplicate
    /// ones.
    fn assign(&self, roster: &Roster, people: &mut [Person<'_>], out: &mut Vec<Violation>) {
        let mut index: HashMap<&str, usize> = HashMap::new();
        for (i, p) in people.iter().enumerate() {
            index.insert(p.id, i);
        }
        let mut seen: BTreeSet<(usize, usize, usize)> = BTreeSet::new();
        for a in &roster.assignments {
            let person = index.get(a.staff.as_str()).copied();
            let shift = self.shift_index.get(a.shift.as_str()).copied();
            let day = self.day_of(&a.date);
            let staff = Some(a.staff.as_str());
            if person.is_none() {
                out.push(violation(
                    Rule::RosterFormat,
                    staff,
                    day.map(|d| self.date(d)),
                    shift.map(|_| a.shift.as_str()),
                    format!(
                        "assignment of {:?} to {:?} on {:?}: no such person in the roster's staff",
                        a.staff, a.shift, a.date
                    ),
                ));
            }
            if shift.is_none() {
                out.push(violation(
                    Rule::RosterFormat,
                    staff,
                    day.map(|d| self.date(d)),
                    None,
                    format!(
                        "assignment of {:?} on {:?} names shift {:?}, which the scenario does not have",
                        a.staff, a.date, a.shift
                    ),
                ));
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
                out.push(violation(
                    Rule::RosterFormat,
                    staff,
                    None,
                    shift.map(|_| a.shift.as_str()),
                    format!(
                        "assignment of {:?} to {:?}: date {:?} {why}",
                        a.staff, a.shift, a.date
                    ),
                ));
            }
            let (Some(p), Some(s), Some(d)) = (person, shift, day) else {
                continue;
            };
            if !seen.insert((p, d, s)) {
                out.push(violation(
                    Rule::RosterFormat,
                    staff,
                    Some(self.date(d)),
                    Some(self.shift_id(s)),
                    format!(
                        "assignment of {} to {} on {} is listed more than once",
                        a.staff,
                        self.shift_id(s),
                        self.date(d)
                    ),
                ));
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

    /// Rules 12–15: total and skill coverage of every (date, shift).
    fn coverage(&self, people: &[Person<'_>], out: &mut Vec<Violation>) {
        let ns = self.shifts.len();
        let cells = self.days * ns;
        // Total entries: (from `days`, from `dates`) per cell.
        let mut total: Vec<Entries> = vec![(None, None); cells];
        // Skill entries per (cell, skill).
        let mut skill: BTreeMap<(usize, &str), Entries> = BTreeMap::new();
        for e in &self.sc.demand {
            let Some(&s) = self.shift_index.get(e.shift.as_str()) else {
                continue;
            };
            let bounds = Bounds {
                min: e.min,
                max: e.effective_max(),
            };
            let mut matched: Vec<(usize, bool)> = Vec::new();
            if let Some(days) = &e.days {
                let weekdays: Vec<i64> = days.iter().filter_map(|d| parse_weekday(d)).collect();
                for d in 0..self.days {
                    if weekdays.contains(&((d % 7) as i64)) {
                        matched.push((d, false));
                    }
                }
            }
            if let Some(dates) = &e.dates {
                for date in dates {
                    if let Some(d) = self.day_of(date) {
                        matched.push((d, true));
                    }
                }
            }
            for (d, by_date) in matched {
                let cell = d * ns + s;
                let slot = match &e.skill {
                    None => total.get_mut(cell),
                    Some(k) => Some(skill.entry((cell, k.as_str())).or_insert((None, None))),
                };
                if let Some(slot) = slot {
                    let target = if by_date { &mut slot.1 } else { &mut slot.0 };
                    if target.is_none() {
                        *target = Some(bounds);
                    }
                }
            }
        }
        let mut count = vec![0i64; cells];
        let mut skill_count: HashMap<(usize, &str), i64> = HashMap::new();
        for p in people {
            for w in &p.works {
                let cell = w.day * ns + w.shift;
                if let Some(c) = count.get_mut(cell) {
                    *c += 1;
                }
                let held: BTreeSet<&str> = p.skills().iter().map(String::as_str).collect();
                for sk in held {
                    *skill_count.entry((cell, sk)).or_insert(0) += 1;
                }
            }
        }
        for d in 0..self.days {
            for s in 0..ns {
                let cell = d * ns + s;
                let (by_days, by_dates) = total.get(cell).copied().unwrap_or((None, None));
                let entry = by_dates.or(by_days);
                let bounds = entry.unwrap_or(Bounds {
                    min: 0,
                    max: Some(0),
                });
                let n = count.get(cell).copied().unwrap_or(0);
                let note = if entry.is_none() {
                    "; there is no demand entry, so nobody may work it"
                } else {
                    ""
                };
                if let Some(msg) = bound_problem(n, bounds) {
                    out.push(violation(
                        Rule::Coverage,
                        None,
                        Some(self.date(d)),
                        Some(self.shift_id(s)),
                        format!(
                            "{} on {}: {n} staff, demand {} ({msg}){note}",
                            self.shift_id(s),
                            self.date(d),
                            fmt_bounds(bounds)
                        ),
                    ));
                }
            }
        }
        for (&(cell, sk), &(by_days, by_dates)) in &skill {
            let Some(bounds) = by_dates.or(by_days) else {
                continue;
            };
            let (d, s) = (cell / ns.max(1), cell % ns.max(1));
            let n = skill_count.get(&(cell, sk)).copied().unwrap_or(0);
            if let Some(msg) = bound_problem(n, bounds) {
                out.push(violation(
                    Rule::SkillCoverage,
                    None,
                    Some(self.date(d)),
                    Some(self.shift_id(s)),
                    format!(
                        "{} on {}: {n} staff with {sk}, demand {} ({msg})",
                        self.shift_id(s),
                        self.date(d),
                        fmt_bounds(bounds)
                    ),
                ));
            }
        }
    }

    /// Rule 1: at most one shift start per person per date.
    fn one_per_date(&self, p: &Person<'_>, out: &mut Vec<Violation>) {
        let mut by_day: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
        for w in &p.works {
            by_day
                .entry(w.day)
                .or_default()
                .push(self.shift_id(w.shift));
        }
        for (d, ids) in by_day {
            if ids.len() > 1 {
                out.push(violation(
                    Rule::OnePerDate,
                    Some(p.id),
                    Some(self.date(d)),
                    None,
                    format!(
                        "{} starts {} shifts on {} ({}), at most 1",
                        p.id,
                        ids.len(),
                        self.date(d),
                        ids.join(", ")
                    ),
                ));
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
    fn overlap(&self, p: &Person<'_>, out: &mut Vec<Violation>) {
        for (i, a) in p.works.iter().enumerate() {
            for b in p.works.iter().skip(i + 1) {
                for off in self.offsets() {
                    let common = a.end.min(b.end + off) - a.start.max(b.start + off);
                    if common > 0 {
                        out.push(violation(
                            Rule::Overlap,
                            Some(p.id),
                            Some(self.date(a.day)),
                            Some(self.shift_id(a.shift)),
                            format!(
                                "{} and {} overlap by {} h",
                                self.describe(a, 0),
                                self.describe(b, off),
                                fmt_minutes(common)
                            ),
                        ));
                    }
                }
            }
        }
    }

    /// Rule 3: rest between consecutive shifts (ordered by start, across the wrap when cyclic).
    /// A pair that overlaps is reported by [`Model::overlap`] only.
    fn rest(&self, p: &Person<'_>, out: &mut Vec<Violation>) {
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
                out.push(violation(
                    Rule::Rest,
                    Some(p.id),
                    Some(self.date(prev.day)),
                    Some(self.shift_id(prev.shift)),
                    format!(
                        "rest {} h between {} and {}, minimum {} h",
                        fmt_minutes(gap),
                        self.describe(prev, 0),
                        self.describe(next, off),
                        fmt_num(self.sc.rules.min_rest_hours())
                    ),
                ));
            }
        }
    }

    /// Rule 4: one free period of `weekly_rest_hours` inside every calendar week.
    fn weekly_rest(&self, p: &Person<'_>, out: &mut Vec<Violation>) {
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
                out.push(violation(
                    Rule::WeeklyRest,
                    Some(p.id),
                    Some(monday),
                    None,
                    format!(
                        "longest free period in the week from {monday} is {} h, minimum {} h",
                        fmt_minutes(longest),
                        fmt_num(hours)
                    ),
                ));
            }
        }
    }

    /// Rule 5: most consecutive dates with a shift start (runs wrap when cyclic).
    fn consecutive_days(&self, p: &Person<'_>, out: &mut Vec<Violation>) {
        let Some(max) = self.sc.rules.max_consecutive_days() else {
            return;
        };
        let mut worked = vec![false; self.days];
        for w in &p.works {
            if let Some(x) = worked.get_mut(w.day) {
                *x = true;
            }
        }
        if worked.is_empty() {
            return;
        }
        if self.cyclic && worked.iter().all(|&x| x) {
            out.push(violation(
                Rule::MaxConsecutiveDays,
                Some(p.id),
                Some(self.date(0)),
                None,
                format!(
                    "{} works every date of the cyclic rota, so the run of worked dates never ends; maximum {max}",
                    p.id
                ),
            ));
            return;
        }
        // Walk the dates once, starting after a free date when cyclic so that a run across the
        // wrap is seen whole.
        let first = if self.cyclic {
            worked.iter().position(|&x| !x).map(|f| f + 1).unwrap_or(0)
        } else {
            0
        };
        let mut run_start = 0usize;
        let mut run_len = 0i64;
        for i in 0..=self.days {
            let d = (first + i) % self.days;
            let is_worked = i < self.days && worked.get(d).copied().unwrap_or(false);
            if is_worked {
                if run_len == 0 {
                    run_start = d;
                }
                run_len += 1;
            } else if run_len > 0 {
                if run_len > max {
                    let last = (run_start + run_len as usize - 1) % self.days;
                    let wraps = if last < run_start {
                        " (across the cycle wrap)"
                    } else {
                        ""
                    };
                    out.push(violation(
                        Rule::MaxConsecutiveDays,
                        Some(p.id),
                        Some(self.date(run_start)),
                        None,
                        format!(
                            "{} works {run_len} consecutive dates, {} to {}{wraps}, maximum {max}",
                            p.id,
                            self.date(run_start),
                            self.date(last)
                        ),
                    ));
                }
                run_len = 0;
            }
        }
    }

    /// Rule 6: paid hours of the shifts starting in each calendar week.
    fn hours_per_week(&self, p: &Person<'_>, out: &mut Vec<Violation>) {
        let Some(max) = self.sc.rules.max_hours_per_week() else {
            return;
        };
        let limit = exact(max);
        let mut per_week = vec![Ratio::ZERO; self.weeks];
        for w in &p.works {
            if let Some(x) = per_week.get_mut(w.day / 7) {
                *x = *x + self.shift_hours(w.shift);
            }
        }
        for (w, h) in per_week.into_iter().enumerate() {
            if h > limit {
                let monday = self.date(w * 7);
                out.push(violation(
                    Rule::MaxHoursPerWeek,
                    Some(p.id),
                    Some(monday),
                    None,
                    format!(
                        "{} h in shifts starting in the week from {monday}, maximum {} h ({} h over)",
                        fmt_ratio(h),
                        fmt_num(max),
                        fmt_ratio(h - limit)
                    ),
                ));
            }
        }
    }

    /// Rule 7: no shift starts on an unavailable date.
    fn unavailable(&self, p: &Person<'_>, out: &mut Vec<Violation>) {
        let Kind::Existing(staff) = p.kind else {
            return;
        };
        for date in &staff.unavailable {
            let Some(d) = self.day_of(date) else {
                continue;
            };
            for w in p.works.iter().filter(|w| w.day == d) {
                out.push(violation(
                    Rule::Unavailable,
                    Some(p.id),
                    Some(self.date(d)),
                    Some(self.shift_id(w.shift)),
                    format!(
                        "{} works {} on {}, a date they are unavailable",
                        p.id,
                        self.shift_id(w.shift),
                        self.date(d)
                    ),
                ));
            }
        }
    }

    /// Rule 8: every fixed assignment of every scenario staff member is in the roster.
    fn fixed(&self, people: &[Person<'_>], out: &mut Vec<Violation>) {
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
                    out.push(violation(
                        Rule::Fixed,
                        Some(&staff.id),
                        Some(self.date(d)),
                        Some(self.shift_id(s)),
                        format!(
                            "fixed assignment {} on {} for {} is missing",
                            self.shift_id(s),
                            self.date(d),
                            staff.id
                        ),
                    ));
                }
            }
        }
    }

    /// The weekend window as (start point in the week, length) in minutes; `None` when the
    /// scenario's window cannot be read (validation refuses such scenarios).
    fn weekend_windows(&self) -> Option<(i64, i64)> {
        let from = parse_week_point(self.sc.rules.weekend_from())?;
        let to = parse_week_point(self.sc.rules.weekend_to())?;
        let len = (to - from).rem_euclid(WEEK);
        (len > 0).then_some((from, len))
    }

    /// Which weekend windows (rule 17) a person works.
    fn worked_weekends(&self, p: &Person<'_>, from: i64, len: i64) -> Vec<bool> {
        (0..self.weeks)
            .map(|k| {
                let s = k as i64 * WEEK + from;
                self.any_overlap(&p.works, s, s + len)
            })
            .collect()
    }

    /// Date index on which weekend window `k` starts.
    fn window_day(&self, k: usize, from: i64) -> usize {
        k * 7 + (from / DAY) as usize
    }

    /// Rules 16–19: weekend frequency and complete weekends.
    fn weekends(&self, p: &Person<'_>, from: i64, len: i64, out: &mut Vec<Violation>) {
        let works = self.worked_weekends(p, from, len);
        let k_count = works.len();
        // The person's own "one in n": a staff member's or template's `weekend_max_one_in`,
        // else the scenario's (also for people the scenario does not know).
        let own = match p.kind {
            Kind::Existing(s) => s.weekend_max_one_in,
            Kind::Open(Some(t)) => t.weekend_max_one_in,
            Kind::Open(None) | Kind::Unknown => None,
        };
        let n = self.sc.rules.weekend_max_one_in_for(own);
        let whose = if own.is_some() {
            " (their own weekend_max_one_in)"
        } else {
            ""
        };
        if n >= 2 && k_count > 0 {
            let n = n as usize;
            // Distances beyond one cycle only repeat pairs already seen (distance K is the
            // weekend itself in the next cycle).
            let reach = n.min(k_count + 1);
            let mut reported: BTreeSet<(usize, usize)> = BTreeSet::new();
            for a in 0..k_count {
                if !works.get(a).copied().unwrap_or(false) {
                    continue;
                }
                for d in 1..reach {
                    let raw = a + d;
                    if !self.cyclic && raw >= k_count {
                        break;
                    }
                    let b = raw % k_count;
                    if !works.get(b).copied().unwrap_or(false)
                        || !reported.insert((a.min(b), a.max(b)))
                    {
                        continue;
                    }
                    let da = self.date(self.window_day(a, from));
                    let message = if a == b {
                        format!(
                            "{} works the weekend from {da}, which comes back every {k_count} week(s) in the cycle; at most one weekend in every {n}{whose}",
                            p.id
                        )
                    } else {
                        let wrap = if raw >= k_count {
                            " in the next cycle"
                        } else {
                            ""
                        };
                        format!(
                            "{} works the weekends from {da} and from {}{wrap}, {d} week(s) apart; at most one weekend in every {n}{whose}",
                            p.id,
                            self.date(self.window_day(b, from))
                        )
                    };
                    out.push(violation(
                        Rule::WeekendFrequency,
                        Some(p.id),
                        Some(da),
                        None,
                        message,
                    ));
                }
            }
        }
        if !self.sc.rules.weekend_complete() {
            return;
        }
        for (k, worked) in works.iter().enumerate() {
            if !worked {
                continue;
            }
            let sat = k as i64 * WEEK + 5 * DAY;
            let sun = sat + DAY;
            let has_sat = self.any_overlap(&p.works, sat, sat + DAY);
            let has_sun = self.any_overlap(&p.works, sun, sun + DAY);
            if has_sat && has_sun {
                continue;
            }
            let sat_date = self.date(k * 7 + 5);
            let sun_date = self.date(k * 7 + 6);
            let missing = match (has_sat, has_sun) {
                (true, false) => format!("Sunday {sun_date}"),
                (false, true) => format!("Saturday {sat_date}"),
                _ => format!("Saturday {sat_date} or Sunday {sun_date}"),
            };
            out.push(violation(
                Rule::WeekendComplete,
                Some(p.id),
                Some(sat_date),
                None,
                format!(
                    "{} works the weekend of {sat_date} but has no shift on {missing}; a worked weekend needs both days",
                    p.id
                ),
            ));
        }
    }

    /// Exact planned hours of a person.
    fn planned(&self, p: &Person<'_>) -> Ratio {
        p.works.iter().map(|w| self.shift_hours(w.shift)).sum()
    }

    /// Rule 9: staff hours within `[contract_h − tol, max(contract, wish)_h + tol]`.
    fn hours(&self, people: &[Person<'_>], out: &mut Vec<Violation>) {
        let tol = exact(self.sc.rules.hours_tolerance());
        let hundred = Ratio::int(100);
        for p in people {
            let Kind::Existing(staff) = p.kind else {
                continue;
            };
            let contract = exact(staff.contract_pct);
            let wish = exact(staff.wish_pct());
            let top = if wish > contract { wish } else { contract };
            let lo = contract / hundred * self.fte_weeks - tol;
            let hi = top / hundred * self.fte_weeks + tol;
            let h = self.planned(p);
            let by = if h < lo {
                Some(format!("{} h short", fmt_ratio(lo - h)))
            } else if h > hi {
                Some(format!("{} h over", fmt_ratio(h - hi)))
            } else {
                None
            };
            if let Some(by) = by {
                out.push(violation(
                    Rule::Hours,
                    Some(p.id),
                    None,
                    None,
                    format!(
                        "{} planned {} h, allowed {}–{} h ({by})",
                        p.id,
                        fmt_ratio(h),
                        fmt_ratio(lo),
                        fmt_ratio(hi)
                    ),
                ));
            }
        }
    }

    /// `budget_fte`: everybody's planned hours together at most `budget_fte` full-time
    /// equivalents over the horizon.
    fn budget(&self, people: &[Person<'_>], out: &mut Vec<Violation>) {
        let Some(b) = self.sc.budget_fte else {
            return;
        };
        let cap = exact(b) * self.fte_weeks;
        let total: Ratio = people.iter().map(|p| self.planned(p)).sum();
        if total > cap {
            out.push(violation(
                Rule::Budget,
                None,
                None,
                None,
                format!(
                    "the roster plans {} h in total, {} h more than the budget of {} full-time equivalents ({} h)",
                    fmt_ratio(total),
                    fmt_ratio(total - cap),
                    fmt_num(b),
                    fmt_ratio(cap)
                ),
            ));
        }
    }

    /// Rule 10: created positions' ids, templates, counts and sizes.
    fn positions(&self, roster: &Roster, people: &[Person<'_>], out: &mut Vec<Violation>) {
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
                out.push(violation(
                    Rule::PositionCount,
                    Some(p.id),
                    None,
                    None,
                    message,
                ));
                continue;
            };
            *per_template.entry(t.id.as_str()).or_insert(0) += 1;
            if !is_position_id(p.id, &t.id) {
                out.push(violation(
                    Rule::PositionCount,
                    Some(p.id),
                    None,
                    None,
                    format!(
                        "created position id {:?} is not of the form {}-<n> with a whole number n ≥ 1",
                        p.id, t.id
                    ),
                ));
            }
            if self.fte_weeks == Ratio::ZERO {
                continue;
            }
            let h = self.planned(p);
            let pct = h / self.fte_weeks * Ratio::int(100);
            let (lo, hi) = (exact(t.min_pct()), exact(t.max_pct()));
            if pct < lo || pct > hi {
                out.push(violation(
                    Rule::PositionSize,
                    Some(p.id),
                    None,
                    None,
                    format!(
                        "{} is a {} % position ({} h), template {} allows {}–{} %",
                        p.id,
                        fmt_ratio(pct),
                        fmt_ratio(h),
                        t.id,
                        fmt_num(t.min_pct()),
                        fmt_num(t.max_pct())
                    ),
                ));
            }
        }
        for t in &self.sc.open_positions {
            let n = per_template.get(t.id.as_str()).copied().unwrap_or(0);
            if n > t.max_count {
                out.push(violation(
                    Rule::PositionCount,
                    None,
                    None,
                    None,
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

    /// Rules 22 and 25: the numbers the roster claims agree with its assignments.
    fn claims(
        &self,
        roster: &Roster,
        people: &[Person<'_>],
        weekend: Option<(i64, i64)>,
        out: &mut Vec<Violation>,
    ) {
        let fte_weeks = self.fte_weeks.to_f64();
        let pct_of = |h: f64| {
            if fte_weeks > 0.0 {
                h / fte_weeks * 100.0
            } else {
                0.0
            }
        };
        let mut total = 0.0;
        for p in people {
            let hours: f64 = p
                .works
                .iter()
                .map(|w| self.shifts.get(w.shift).map(|s| s.hours_f).unwrap_or(0.0))
                .sum();
            total += hours;
            let Some(claim) = roster.staff.get(p.listing) else {
                continue;
            };
            let id = Some(p.id);
            if !close(claim.hours, hours) {
                out.push(violation(
                    Rule::Claim,
                    id,
                    None,
                    None,
                    format!(
                        "{} claims {} h, the assignments give {} h",
                        p.id,
                        fmt_num(claim.hours),
                        fmt_num(hours)
                    ),
                ));
            }
            let pct = pct_of(hours);
            if !close(claim.position_pct, pct) {
                out.push(violation(
                    Rule::Claim,
                    id,
                    None,
                    None,
                    format!(
                        "{} claims a {} % position, the assignments give {} %",
                        p.id,
                        fmt_num(claim.position_pct),
                        fmt_num(pct)
                    ),
                ));
            }
            if let Some((from, len)) = weekend {
                let worked = self
                    .worked_weekends(p, from, len)
                    .iter()
                    .filter(|&&x| x)
                    .count() as u64;
                if u64::from(claim.weekends_worked) != worked {
                    out.push(violation(
                        Rule::Claim,
                        id,
                        None,
                        None,
                        format!(
                            "{} claims {} weekends worked, the assignments give {worked}",
                            p.id, claim.weekends_worked
                        ),
                    ));
                }
            }
            if let Kind::Existing(staff) = p.kind {
                match claim.contract_pct {
                    Some(c) if c == staff.contract_pct => {}
                    Some(c) => out.push(violation(
                        Rule::Claim,
                        id,
                        None,
                        None,
                        format!(
                            "{} claims contract {} %, the scenario says {} %",
                            p.id,
                            fmt_num(c),
                            fmt_num(staff.contract_pct)
                        ),
                    )),
                    None => out.push(violation(
                        Rule::Claim,
                        id,
                        None,
                        None,
                        format!(
                            "{} has no contract_pct, the scenario says {} %",
                            p.id,
                            fmt_num(staff.contract_pct)
                        ),
                    )),
                }
            }
        }
        let headcount = people.len() as u64;
        if u64::from(roster.headcount) != headcount {
            out.push(violation(
                Rule::Claim,
                None,
                None,
                None,
                format!(
                    "roster claims headcount {}, its staff list has {headcount} people",
                    roster.headcount
                ),
            ));
        }
        let average = if headcount > 0 && fte_weeks > 0.0 {
            total / (headcount as f64 * fte_weeks) * 100.0
        } else {
            0.0
        };
        if !close(roster.average_position_pct, average) {
            out.push(violation(
                Rule::Claim,
                None,
                None,
                None,
                format!(
                    "roster claims an average position of {} %, the assignments give {} %",
                    fmt_num(roster.average_position_pct),
                    fmt_num(average)
                ),
            ));
        }
        let lb = u64::from(roster.headcount_lower_bound);
        let ub = roster.average_position_upper_bound_pct;
        let status = roster.status;
        if status == Status::Optimal {
            if lb != headcount {
                out.push(violation(
                    Rule::Claim,
                    None,
                    None,
                    None,
                    format!(
                        "an optimal roster must have headcount_lower_bound equal to the headcount {headcount}, it claims {lb}"
                    ),
                ));
            }
            if !close(ub, average) {
                out.push(violation(
                    Rule::Claim,
                    None,
                    None,
                    None,
                    format!(
                        "an optimal roster must have average_position_upper_bound_pct equal to the average {} %, it claims {} %",
                        fmt_num(average),
                        fmt_num(ub)
                    ),
                ));
            }
        } else {
            if lb > headcount {
                out.push(violation(
                    Rule::Claim,
                    None,
                    None,
                    None,
                    format!(
                        "headcount_lower_bound {lb} is above the headcount {headcount} ({} over)",
                        lb - headcount
                    ),
                ));
            }
            // `!(x >= y)` so that NaN fails too.
            #[allow(clippy::neg_cmp_op_on_partial_ord)]
            let below = !(ub >= average - CLAIM_TOLERANCE);
            if below {
                out.push(violation(
                    Rule::Claim,
                    None,
                    None,
                    None,
                    format!(
                        "average_position_upper_bound_pct {} % is below the average {} % ({} below)",
                        fmt_num(ub),
                        fmt_num(average),
                        fmt_num(average - ub)
                    ),
                ));
            }
        }
    }
}

/// Whether a claimed number agrees with the computed one (false for NaN).
fn close(claimed: f64, actual: f64) -> bool {
    (claimed - actual).abs() <= CLAIM_TOLERANCE
}

/// `None` when `n` lies in the bounds, else how far it is off ("1 short", "2 too many").
fn bound_problem(n: i64, b: Bounds) -> Option<String> {
    if n < b.min {
        return Some(format!("{} short", b.min - n));
    }
    match b.max {
        Some(m) if n > m => Some(format!("{} too many", n - m)),
        _ => None,
    }
}

/// Whether `id` is exactly `<template>-<n>` with `n` a whole number ≥ 1 written without sign or
/// leading zeros.
pub fn is_position_id(id: &str, template: &str) -> bool {
    let Some(n) = id
        .strip_prefix(template)
        .and_then(|rest| rest.strip_prefix('-'))
    else {
        return false;
    };
    !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && !n.starts_with('0')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_recognise_position_ids() {
        assert!(is_position_id("hfa-1", "hfa"));
        assert!(is_position_id("hfa-12", "hfa"));
        assert!(is_position_id("hfa-natt-3", "hfa-natt"));
        for bad in [
            "hfa-0", "hfa-01", "hfa1", "hfa-", "hfa-x", "hfa--1", "hfa-+1", "rn-1", "",
        ] {
            assert!(!is_position_id(bad, "hfa"), "{bad}");
        }
    }

    #[test]
    fn can_format_numbers_for_messages() {
        assert_eq!(fmt_num(9.5), "9.5");
        assert_eq!(fmt_num(11.0), "11");
        assert_eq!(fmt_num(155.75), "155.75");
        assert_eq!(fmt_num(81.220657), "81.2207");
        assert_eq!(fmt_num(-0.00001), "0");
        assert_eq!(fmt_minutes(570), "9.5");
        assert_eq!(fmt_minutes(1455), "24.25");
    }

    #[test]
    fn can_format_violations_one_per_line() {
        let v = vec![
            violation(
                Rule::Rest,
                Some("kari"),
                Some("2027-01-05"),
                Some("N"),
                "rest 9.5 h".into(),
            ),
            violation(Rule::PositionCount, None, None, None, "too many".into()),
        ];
        assert_eq!(
            format_violations(&v),
            "[rest] kari, 2027-01-05, N: rest 9.5 h\n[position-count] too many"
        );
        assert_eq!(format_violations(&[]), "");
    }

    #[test]
    fn can_report_bound_problems() {
        let b = Bounds {
            min: 2,
            max: Some(3),
        };
        assert_eq!(bound_problem(1, b).as_deref(), Some("1 short"));
        assert_eq!(bound_problem(2, b), None);
        assert_eq!(bound_problem(3, b), None);
        assert_eq!(bound_problem(5, b).as_deref(), Some("2 too many"));
        assert_eq!(bound_problem(99, Bounds { min: 1, max: None }), None);
    }
}
