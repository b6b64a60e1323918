//! The independent checker: every rule of docs/format.md "Precise semantics" implemented a second
//! time, as plain loops over clock minutes, so that a roster written by the optimiser is proven
//! legal by code that shares nothing with the formulation.
//!
//! Conventions:
//! - Time is counted in minutes from `horizon.start` 00:00. A shift on date index `d` occupies
//!   `[d·1440 + start, d·1440 + start + len)`. On a cyclic horizon of `P` minutes every shift
//!   also exists at `−P` and `+P`, and every per-person rule sees these copies.
//! - Hour bounds and rest lengths are compared exactly with exact ratios; claims the roster makes
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
//! - Shared with the model, on purpose: the calendar's legal facts, never its arithmetic:
//!   which dates are Norwegian public holidays and where a Sunday or holiday window starts
//!   (`calendar::sunday_count_start`: the eves, 1 and 17 May, the day after a holiday). They
//!   are tested on their own against the acts (calendar tests).
//!
//! Layout: one file per rule family, mirroring `src/formulation/` (each rule's file is named in
//! the rule registry); this file reads the scenario, runs them and sorts the result.

mod availability;
mod blocks;
mod claims;
mod coverage;
mod format;
mod hours;
mod positions;
mod rest;
mod sunday;
mod weekend;
mod weekly_rest;

use std::collections::{BTreeSet, HashMap};

use chrono::{Days, NaiveDate};
use serde::Serialize;

use crate::calendar::{parse_date, parse_hhmm, shift_minutes};
use crate::num::Ratio;
use crate::roster::{Roster, Status};
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

impl Violation {
    /// A violation of `rule` saying `message`, at no particular person, date or shift; the
    /// methods below place it.
    pub fn new(rule: Rule, message: impl Into<String>) -> Violation {
        Violation {
            rule,
            staff: None,
            date: None,
            shift: None,
            message: message.into(),
        }
    }

    /// The person it concerns.
    pub fn staff(mut self, id: &str) -> Violation {
        self.staff = Some(id.to_string());
        self
    }

    /// The date it concerns (ISO).
    pub fn date(mut self, date: &str) -> Violation {
        self.date = Some(date.to_string());
        self
    }

    /// The shift it concerns.
    pub fn shift(mut self, id: &str) -> Violation {
        self.shift = Some(id.to_string());
        self
    }
}

/// Minutes in a day.
const DAY: i64 = 1440;
/// Minutes in a week.
const WEEK: i64 = 7 * DAY;
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
        Err(msg) => out.push(Violation::new(
            Rule::RosterFormat,
            format!("the scenario cannot be checked: {msg}; validate it first"),
        )),
    }
    sort_violations(&mut out);
    out
}

/// Sorts violations into the checker's deterministic order: by rule (in [`Rule::ALL`] order),
/// then staff, date, shift and message.
pub(crate) fn sort_violations(v: &mut [Violation]) {
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
    /// The Sunday and holiday minutes, under the three-shift rule.
    sunday_minutes: Option<hours::SundayMinutes>,
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
            sunday_minutes: None,
        }
        .with_sunday_minutes())
    }

    /// Adds the Sunday minutes when the three-shift rule sets the weeks.
    fn with_sunday_minutes(mut self) -> Self {
        if self.sc.rules.working_time() == crate::scenario::WorkingTime::KsThreeShift {
            self.sunday_minutes = Some(hours::SundayMinutes::new(&self));
        }
        self
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

    /// Hours of a 100 % position of `p` over the horizon, exact: their own
    /// `full_time_hours_per_week` (a staff member's or their template's), else the scenario's,
    /// × weeks.
    fn full_time(&self, p: &Person<'_>) -> Ratio {
        if let Some(hours) = self
            .sunday_minutes
            .as_ref()
            .and_then(|s| self.three_shift_hours(p, s))
        {
            return hours;
        }
        let own = match p.kind {
            Kind::Existing(s) => s.full_time_hours_per_week,
            Kind::Open(Some(t)) => t.full_time_hours_per_week,
            Kind::Open(None) | Kind::Unknown => None,
        };
        match own {
            Some(w) => exact(w) * Ratio::int(self.weeks as i64),
            None => self.fte_weeks,
        }
    }

    /// Paid hours of shift index `s`, exact.
    fn shift_hours(&self, s: usize) -> Ratio {
        self.shifts.get(s).map(|x| x.hours).unwrap_or(Ratio::ZERO)
    }

    /// The offsets at which every shift exists: `0`, and `±period` when cyclic.
    fn offsets(&self) -> impl Iterator<Item = i64> {
        let (period, copies) = (self.period, if self.cyclic { -1..=1 } else { 0..=0 });
        copies.map(move |k| k * period)
    }

    /// Whether any of `works` (with cyclic copies) overlaps `[from, to)` with positive length.
    ///
    /// `works` is sorted by start and no shift is longer than a day, so only the shifts starting
    /// in `(from − 1 day, to)` (per offset) can overlap: found by binary search, not a scan (a
    /// scan per weekend made checking a long roster grow with the square of its horizon).
    fn any_overlap(&self, works: &[Work], from: i64, to: i64) -> bool {
        self.offsets().any(|off| {
            let first = works.partition_point(|w| w.start + off <= from - DAY);
            works[first..]
                .iter()
                .take_while(|w| w.start + off < to)
                .any(|w| from < w.end + off)
        })
    }

    /// Runs every check.
    fn check(&self, roster: &Roster, out: &mut Vec<Violation>) {
        self.scenario_name(roster, out);
        if roster.status == Status::Infeasible {
            self.infeasible_form(roster, out);
            return;
        }
        let mut people = self.people(roster, out);
        self.assign(roster, &mut people, out);
        self.coverage(&people, out);
        let weekend = self.weekend_windows();
        let sundays = self.sunday_days();
        for p in &people {
            self.one_per_date(p, out);
            self.overlap(p, out);
            self.rest(p, out);
            self.weekly_rest(p, out);
            self.consecutive_days(p, out);
            self.short_runs(p, out);
            self.successions(p, out);
            self.max_shifts(p, out);
            self.hours_per_week(p, out);
            self.average_hours_per_week(p, out);
            self.unavailable(p, out);
            if let Some((from, len)) = weekend {
                self.weekends(p, from, len, out);
            }
            self.sunday_work(p, &sundays, out);
        }
        self.fixed(&people, out);
        self.hours(&people, out);
        self.budget(&people, out);
        self.positions(roster, &people, out);
        self.position_size(&people, out);
        self.claims(roster, &people, weekend, out);
    }
}

/// Pairs of worked items closer than `n` positions in the sequence `seq` (indices into
/// `works`): `(first, second, distance, wrapped)`, each unordered pair once; when `wrap`,
/// distances run past the end into the next cycle, and an item may pair with itself when the
/// sequence is shorter than `n`.
pub(super) fn close_pairs(
    works: &[bool],
    seq: &[usize],
    n: usize,
    wrap: bool,
) -> Vec<(usize, usize, usize, bool)> {
    let len = seq.len();
    let mut seen: BTreeSet<(usize, usize)> = BTreeSet::new();
    let mut out = Vec::new();
    // Distances beyond one cycle only repeat pairs already seen.
    let reach = n.min(len + 1);
    for a in 0..len {
        if !works[seq[a]] {
            continue;
        }
        for gap in 1..reach {
            let raw = a + gap;
            if !wrap && raw >= len {
                break;
            }
            let b = raw % len;
            if works[seq[b]] && seen.insert((a.min(b), a.max(b))) {
                out.push((seq[a], seq[b], gap, raw >= len));
            }
        }
    }
    out
}

/// Whether `id` is exactly `<template>-<n>` with `n` a whole number ≥ 1 written without sign or
/// leading zeros.
pub(crate) fn is_position_id(id: &str, template: &str) -> bool {
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
            Violation::new(Rule::Rest, "rest 9.5 h")
                .staff("kari")
                .date("2027-01-05")
                .shift("N"),
            Violation::new(Rule::PositionCount, "too many"),
        ];
        assert_eq!(
            format_violations(&v),
            "[rest] kari, 2027-01-05, N: rest 9.5 h\n[position-count] too many"
        );
        assert_eq!(format_violations(&[]), "");
    }
}
