//! Key figures of a roster, computed from its assignments alone.
//!
//! The solver fills a roster's claims (`hours`, `position_pct`, `weekends_worked`, the average
//! position and [`Kpis`]) with [`evaluate`]; the checker recomputes the claims independently (it
//! does not use this module). Definitions follow SCENARIO.md rules 16–17, 25 and 26:
//!
//! - hours = Σ paid `hours` of a person's shifts (default the clock length);
//! - position_pct = hours / (full_time_hours_per_week × weeks) × 100;
//! - a person works weekend *k* when any of their shifts, including the copies one cycle earlier
//!   and later on a cyclic horizon, overlaps window *k* with positive length.
//!
//! Assignments naming an unknown shift or a date outside the horizon are skipped (the checker
//! reports them); a duplicate assignment counts once. Nothing here panics on bad input.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use serde::Serialize;

use crate::calendar::{parse_date, parse_hhmm, parse_week_point, parse_weekday};
use crate::roster::{Assignment, Kpis, Origin, Roster};
use crate::scenario::Scenario;

/// Minutes per day.
const MINUTES_PER_DAY: i64 = 24 * 60;
/// Minutes per week.
const MINUTES_PER_WEEK: i64 = 7 * MINUTES_PER_DAY;
/// Position size counted as full time (allows rounding, SCENARIO.md rule 26).
const FULL_TIME_PCT: f64 = 99.95;
/// Position size below which a position counts as small.
const SMALL_PCT: f64 = 50.0;

/// Planned totals of one person.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonStats {
    /// Person id.
    pub id: String,
    /// Existing staff or created position.
    pub origin: Origin,
    /// Template of a created position.
    pub template: Option<String>,
    /// Planned paid hours over the horizon.
    pub hours: f64,
    /// `hours / (full_time_hours_per_week × weeks) × 100`.
    pub position_pct: f64,
    /// Number of weekend windows the person works (rule 17).
    pub weekends_worked: u32,
    /// Number of shifts.
    pub shifts: u32,
    /// At least one shift, and every shift overlaps a weekend window (a "weekend position").
    pub weekend_only: bool,
    /// Contract size of an existing staff member (from the scenario).
    pub contract_pct: Option<f64>,
    /// Wished size of an existing staff member (from the scenario, default the contract).
    pub wish_pct: Option<f64>,
}

/// Per-person totals and key figures of a roster.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    /// One entry per person, in the order given.
    pub people: Vec<PersonStats>,
    /// Key figures over all people.
    pub kpis: Kpis,
}

/// A shift type in minutes.
struct ShiftClock {
    /// Clock start, minutes after midnight.
    start: i64,
    /// Clock length in minutes, 1..=1440.
    minutes: i64,
    /// Paid hours.
    hours: f64,
}

/// The horizon and shift types, read for counting.
struct Frame {
    /// First date.
    first: NaiveDate,
    /// Number of weeks.
    weeks: i64,
    /// Whether the rota repeats.
    cyclic: bool,
    /// Shift id → clock.
    shifts: HashMap<String, ShiftClock>,
    /// Weekend window: start minute in the week and length; `None` when unreadable.
    weekend: Option<(i64, i64)>,
    /// `full_time_hours_per_week × weeks`.
    full_time_hours: f64,
}

impl Frame {
    /// Reads what the key figures need from a scenario.
    fn new(scenario: &Scenario) -> Frame {
        let first = parse_date(&scenario.horizon.start).unwrap_or_default();
        let weeks = scenario.horizon.weeks.clamp(0, 100_000);
        let mut shifts = HashMap::new();
        for s in &scenario.shifts {
            let (Some(start), Some(end)) = (parse_hhmm(&s.start), parse_hhmm(&s.end)) else {
                continue;
            };
            let mut minutes = (end - start).rem_euclid(MINUTES_PER_DAY);
            if minutes == 0 {
                minutes = MINUTES_PER_DAY;
            }
            let hours = s.hours.unwrap_or(minutes as f64 / 60.0);
            shifts.entry(s.id.clone()).or_insert(ShiftClock {
                start,
                minutes,
                hours,
            });
        }
        let from = parse_week_point(scenario.rules.weekend_from());
        let to = parse_week_point(scenario.rules.weekend_to());
        let weekend = match (from, to) {
            (Some(f), Some(t)) if f != t => Some((f, (t - f).rem_euclid(MINUTES_PER_WEEK))),
            _ => None,
        };
        Frame {
            first,
            weeks,
            cyclic: scenario.horizon.cyclic,
            shifts,
            weekend,
            full_time_hours: scenario.full_time_hours_per_week * weeks as f64,
        }
    }

    /// Date index of an ISO date inside the horizon.
    fn day(&self, date: &str) -> Option<i64> {
        let d = (parse_date(date)? - self.first).num_days();
        (0..self.weeks * 7).contains(&d).then_some(d)
    }

    /// Percentage of a full-time position for `hours`.
    fn pct(&self, hours: f64) -> f64 {
        if self.full_time_hours > 0.0 {
            hours / self.full_time_hours * 100.0
        } else {
            0.0
        }
    }

    /// Whether the interval `[start, end)` or one of its cyclic copies overlaps weekend
    /// window `k` with positive length.
    fn in_window(&self, start: i64, end: i64, k: i64) -> bool {
        let Some((from, len)) = self.weekend else {
            return false;
        };
        let w_start = k * MINUTES_PER_WEEK + from;
        let w_end = w_start + len;
        let period = self.weeks * MINUTES_PER_WEEK;
        let shifts: &[i64] = if self.cyclic {
            &[0, -period, period]
        } else {
            &[0]
        };
        shifts
            .iter()
            .any(|p| start + p < w_end && w_start < end + p)
    }
}

/// Key figures of a roster given its people and assignments.
///
/// `people` lists every person in roster order as (id, origin, template). Existing staff take
/// `contract_pct` and `wish_pct` from the scenario's `staff` with the same id. Assignments for
/// ids not in `people`, unknown shifts or dates outside the horizon are skipped.
pub fn evaluate(
    scenario: &Scenario,
    people: &[(String, Origin, Option<String>)],
    assignments: &[Assignment],
) -> Evaluation {
    let frame = Frame::new(scenario);

    // Distinct valid (person, day, shift) triples.
    let mut worked: BTreeSet<(&str, i64, &str)> = BTreeSet::new();
    for a in assignments {
        if !frame.shifts.contains_key(&a.shift) {
            continue;
        }
        if let Some(day) = frame.day(&a.date) {
            worked.insert((a.staff.as_str(), day, a.shift.as_str()));
        }
    }
    let listed: BTreeSet<&str> = people.iter().map(|(id, _, _)| id.as_str()).collect();
    let mut by_person: HashMap<&str, Vec<(i64, &ShiftClock)>> = HashMap::new();
    let mut on_shift: BTreeMap<(i64, &str), u32> = BTreeMap::new();
    for &(staff, day, shift) in &worked {
        if !listed.contains(staff) {
            continue;
        }
        if let Some(clock) = frame.shifts.get(shift) {
            by_person.entry(staff).or_default().push((day, clock));
            *on_shift.entry((day, shift)).or_insert(0) += 1;
        }
    }

    let mut stats = Vec::with_capacity(people.len());
    for (id, origin, template) in people {
        let mine = by_person.get(id.as_str()).map(Vec::as_slice).unwrap_or(&[]);
        let hours: f64 = mine.iter().map(|(_, c)| c.hours).sum();
        let intervals: Vec<(i64, i64)> = mine
            .iter()
            .map(|(day, c)| {
                let s = day * MINUTES_PER_DAY + c.start;
                (s, s + c.minutes)
            })
            .collect();
        let mut weekends_worked = 0u32;
        for k in 0..frame.weeks {
            if intervals.iter().any(|&(s, e)| frame.in_window(s, e, k)) {
                weekends_worked += 1;
            }
        }
        let weekend_only = !intervals.is_empty()
            && intervals
                .iter()
                .all(|&(s, e)| (0..frame.weeks).any(|k| frame.in_window(s, e, k)));
        let staff = match origin {
            Origin::Existing => scenario.staff.iter().find(|s| &s.id == id),
            Origin::Open => None,
        };
        stats.push(PersonStats {
            id: id.clone(),
            origin: *origin,
            template: template.clone(),
            hours,
            position_pct: frame.pct(hours),
            weekends_worked,
            shifts: mine.len() as u32,
            weekend_only,
            contract_pct: staff.map(|s| s.contract_pct),
            wish_pct: staff.map(|s| s.wish_pct()),
        });
    }

    let headcount = stats.len() as u32;
    let total_hours: f64 = stats.iter().map(|p| p.hours).fold(0.0, |a, b| a + b);
    let share = |n: usize| {
        if headcount > 0 {
            n as f64 / headcount as f64
        } else {
            0.0
        }
    };
    let full_time = stats
        .iter()
        .filter(|p| p.position_pct >= FULL_TIME_PCT)
        .count();
    let below_50 = stats.iter().filter(|p| p.position_pct < SMALL_PCT).count();
    let weekend_only = stats.iter().filter(|p| p.weekend_only).count();
    let involuntary: f64 = stats
        .iter()
        .filter_map(|p| {
            let wish = p.wish_pct?;
            let wish_hours = wish / 100.0 * frame.full_time_hours;
            Some((wish_hours - p.hours).max(0.0))
        })
        .fold(0.0, |a, b| a + b); // not `sum()`: an empty f64 sum is -0.0
    let weekends: u32 = stats.iter().map(|p| p.weekends_worked).sum();
    let kpis = Kpis {
        full_time_share: share(full_time),
        positions_below_50: below_50 as u32,
        weekend_only_positions: weekend_only as u32,
        headcount,
        average_position_pct: if headcount > 0 {
            frame.pct(total_hours) / headcount as f64
        } else {
            0.0
        },
        total_hours,
        involuntary_part_time_hours: involuntary,
        over_coverage_hours: over_coverage(scenario, &frame, &on_shift),
        average_weekends_worked: if headcount > 0 {
            weekends as f64 / headcount as f64
        } else {
            0.0
        },
    };
    Evaluation {
        people: stats,
        kpis,
    }
}

/// Key figures of a whole roster: [`evaluate`] with the roster's staff and assignments.
pub fn evaluate_roster(scenario: &Scenario, roster: &Roster) -> Evaluation {
    let people: Vec<(String, Origin, Option<String>)> = roster
        .staff
        .iter()
        .map(|s| (s.id.clone(), s.origin, s.template.clone()))
        .collect();
    evaluate(scenario, &people, &roster.assignments)
}

/// Σ over (date, shift) of max(0, people on it − total demand minimum) × paid hours of the shift.
/// The total minimum of a (date, shift) comes from its `dates` entry if any, else its `days`
/// entry, else 0 (SCENARIO.md rule 12).
fn over_coverage(scenario: &Scenario, frame: &Frame, on_shift: &BTreeMap<(i64, &str), u32>) -> f64 {
    let mut hours = 0.0;
    for (&(day, shift), &n) in on_shift {
        let mut by_days: Option<i64> = None;
        let mut by_dates: Option<i64> = None;
        for e in &scenario.demand {
            if e.skill.is_some() || e.shift != shift {
                continue;
            }
            if let Some(days) = &e.days {
                if by_days.is_none() && days.iter().any(|d| parse_weekday(d) == Some(day % 7)) {
                    by_days = Some(e.min);
                }
            }
            if let Some(dates) = &e.dates {
                if by_dates.is_none() && dates.iter().any(|d| frame.day(d) == Some(day)) {
                    by_dates = Some(e.min);
                }
            }
        }
        let min = by_dates.or(by_days).unwrap_or(0);
        let extra = (i64::from(n) - min).max(0);
        let paid = frame.shifts.get(shift).map(|c| c.hours).unwrap_or(0.0);
        hours += extra as f64 * paid;
    }
    hours
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One week, cyclic, D 07:30–15:00 (7.5 h), N 22:15–07:45 paid 9 h; D demand 1 on weekdays,
    /// 2 on the Wednesday (a `dates` entry), N demand 0..1 every day. 10 h full-time week.
    fn scenario(cyclic: bool) -> Scenario {
        serde_json::from_str(&format!(
            r#"{{
              "horizon": {{ "start": "2027-01-04", "weeks": 1, "cyclic": {cyclic} }},
              "full_time_hours_per_week": 10,
              "shifts": [
                {{ "id": "D", "start": "07:30", "end": "15:00" }},
                {{ "id": "N", "start": "22:15", "end": "07:45", "hours": 9 }}
              ],
              "demand": [
                {{ "shift": "D", "days": ["mon","tue","wed","thu","fri"], "min": 1, "max": 3 }},
                {{ "shift": "D", "dates": ["2027-01-06"], "min": 2, "max": 3 }},
                {{ "shift": "N", "days": ["mon","tue","wed","thu","fri","sat","sun"], "min": 0, "max": 1 }}
              ],
              "staff": [
                {{ "id": "kari", "contract_pct": 50, "wish_pct": 100 }},
                {{ "id": "ola", "contract_pct": 100 }}
              ],
              "open_positions": [ {{ "id": "hfa", "max_count": 2 }} ]
            }}"#
        ))
        .expect("test scenario parses")
    }

    fn a(staff: &str, date: &str, shift: &str) -> Assignment {
        Assignment {
            staff: staff.into(),
            date: date.into(),
            shift: shift.into(),
        }
    }

    fn people() -> Vec<(String, Origin, Option<String>)> {
        vec![
            ("kari".into(), Origin::Existing, None),
            ("ola".into(), Origin::Existing, None),
            ("hfa-1".into(), Origin::Open, Some("hfa".into())),
        ]
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn can_sum_hours_and_positions() {
        // kari: D Mon + N Tue = 7.5 + 9 = 16.5 h of 10 → 165 %; ola: D Wed = 7.5 h → 75 %.
        let e = evaluate(
            &scenario(true),
            &people(),
            &[
                a("kari", "2027-01-04", "D"),
                a("kari", "2027-01-05", "N"),
                a("ola", "2027-01-06", "D"),
            ],
        );
        assert_eq!(e.people.len(), 3);
        assert!(close(e.people[0].hours, 16.5));
        assert!(close(e.people[0].position_pct, 165.0));
        assert_eq!(e.people[0].shifts, 2);
        assert_eq!(e.people[0].contract_pct, Some(50.0));
        assert_eq!(e.people[0].wish_pct, Some(100.0));
        assert_eq!(e.people[1].wish_pct, Some(100.0));
        assert!(close(e.people[1].position_pct, 75.0));
        assert_eq!(e.people[2].hours, 0.0);
        assert_eq!(e.people[2].contract_pct, None);
        assert_eq!(e.people[2].template.as_deref(), Some("hfa"));
        assert!(close(e.kpis.total_hours, 24.0));
        assert_eq!(e.kpis.headcount, 3);
        // 24 h over 3 people of 10 h each = 80 %.
        assert!(close(e.kpis.average_position_pct, 80.0));
    }

    #[test]
    fn can_share_full_time_and_count_small_positions() {
        // ola exactly 10 h = 100 %; kari 7.5 h = 75 %; hfa-1 0 h.
        let e = evaluate(
            &scenario(true),
            &people(),
            &[
                a("kari", "2027-01-04", "D"),
                a("ola", "2027-01-05", "D"),
                a("ola", "2027-01-06", "D"),
                a("ola", "2027-01-07", "D"),
            ],
        );
        assert!(close(e.people[1].position_pct, 225.0));
        assert!(close(e.kpis.full_time_share, 1.0 / 3.0));
        assert_eq!(e.kpis.positions_below_50, 1);
        let e = evaluate(&scenario(true), &people(), &[a("ola", "2027-01-05", "N")]);
        // ola 9 h = 90 %: not full time; two people below 50.
        assert!(close(e.kpis.full_time_share, 0.0));
        assert_eq!(e.kpis.positions_below_50, 2);
    }

    #[test]
    fn can_count_weekends_with_friday_nights_and_cyclic_copies() {
        // kari: Friday night N (ends Saturday 07:45) works the weekend. ola: Thursday night N
        // ends Friday 07:45, outside the window. hfa-1: Sunday night N works it (once, even
        // though its copies exist one cycle earlier and later).
        let e = evaluate(
            &scenario(true),
            &people(),
            &[
                a("kari", "2027-01-08", "N"),
                a("ola", "2027-01-07", "N"),
                a("hfa-1", "2027-01-10", "N"),
            ],
        );
        assert_eq!(e.people[0].weekends_worked, 1);
        assert_eq!(e.people[1].weekends_worked, 0, "Thursday night ends Friday");
        assert_eq!(e.people[2].weekends_worked, 1);
        assert!(close(e.kpis.average_weekends_worked, 2.0 / 3.0));
    }

    #[test]
    fn can_count_weekends_across_the_wrap_only_when_cyclic() {
        // Window fri 18:00 → mon 06:00 of a 1-week horizon: a Monday 05:00 shift of week 0 lies
        // in the window of the previous cycle, which is window 0 again when cyclic.
        let mut s = scenario(true);
        s.shifts.push(crate::scenario::Shift {
            id: "E".into(),
            start: "05:00".into(),
            end: "07:00".into(),
            hours: None,
        });
        s.rules.weekend = Some(crate::scenario::WeekendRule {
            from: Some("fri 18:00".into()),
            to: Some("mon 06:00".into()),
            max_one_in: Some(1),
            complete: Some(false),
        });
        let asg = [a("kari", "2027-01-04", "E")];
        let e = evaluate(&s, &people(), &asg);
        assert_eq!(e.people[0].weekends_worked, 1);
        assert!(e.people[0].weekend_only);
        s.horizon.cyclic = false;
        let e = evaluate(&s, &people(), &asg);
        assert_eq!(e.people[0].weekends_worked, 0);
        assert!(!e.people[0].weekend_only);
    }

    #[test]
    fn can_find_weekend_only_positions() {
        // kari: Friday night + Sunday night, all overlapping the weekend → weekend only.
        // ola: a Friday night and a Monday day → not. hfa-1: no shifts → not.
        let e = evaluate(
            &scenario(false),
            &people(),
            &[
                a("kari", "2027-01-08", "N"),
                a("kari", "2027-01-10", "N"),
                a("ola", "2027-01-08", "N"),
                a("ola", "2027-01-04", "D"),
            ],
        );
        assert!(e.people[0].weekend_only);
        assert!(!e.people[1].weekend_only);
        assert!(!e.people[2].weekend_only);
        assert_eq!(e.kpis.weekend_only_positions, 1);
    }

    #[test]
    fn can_measure_involuntary_part_time() {
        // kari wishes 100 % = 10 h and has 7.5 h → 2.5 h; ola wishes 100 % and has 15 h → 0;
        // hfa-1 is open and does not count.
        let e = evaluate(
            &scenario(true),
            &people(),
            &[
                a("kari", "2027-01-04", "D"),
                a("ola", "2027-01-05", "D"),
                a("ola", "2027-01-06", "D"),
            ],
        );
        assert!(close(e.kpis.involuntary_part_time_hours, 2.5));
    }

    #[test]
    fn can_measure_over_coverage_with_dates_entries() {
        // Monday D: 3 on a demand min of 1 → 2 × 7.5 = 15 h. Wednesday D: 2 on min 2 (the dates
        // entry replaces the weekday min 1) → 0. Tuesday N: 1 on min 0 → 9 h (paid hours).
        // Saturday D: no entry, min 0 → 7.5 h.
        let e = evaluate(
            &scenario(true),
            &people(),
            &[
                a("kari", "2027-01-04", "D"),
                a("ola", "2027-01-04", "D"),
                a("hfa-1", "2027-01-04", "D"),
                a("kari", "2027-01-06", "D"),
                a("ola", "2027-01-06", "D"),
                a("hfa-1", "2027-01-05", "N"),
                a("ola", "2027-01-09", "D"),
            ],
        );
        assert!(close(e.kpis.over_coverage_hours, 15.0 + 9.0 + 7.5));
    }

    #[test]
    fn can_skip_bad_assignments_without_panicking() {
        let e = evaluate(
            &scenario(true),
            &people(),
            &[
                a("kari", "2027-01-04", "D"),
                a("kari", "2027-01-04", "D"),   // duplicate counts once
                a("kari", "2027-01-11", "D"),   // outside the horizon
                a("kari", "2027-13-01", "D"),   // not a date
                a("kari", "", "D"),             // empty
                a("kari", "2027-01-05", "ZZZ"), // unknown shift
                a("nobody", "2027-01-05", "D"), // unknown person
            ],
        );
        assert!(close(e.people[0].hours, 7.5));
        assert_eq!(e.people[0].shifts, 1);
        assert!(close(e.kpis.total_hours, 7.5));
        let empty = evaluate(&scenario(true), &[], &[]);
        assert_eq!(empty.kpis.headcount, 0);
        assert_eq!(empty.kpis.average_position_pct, 0.0);
        assert_eq!(empty.kpis.full_time_share, 0.0);
        assert_eq!(empty.kpis.average_weekends_worked, 0.0);
    }

    #[test]
    fn can_evaluate_a_whole_roster() {
        let roster: Roster = serde_json::from_str(
            r#"{ "status": "feasible", "headcount": 1, "headcount_lower_bound": 1,
                 "average_position_pct": 0, "average_position_upper_bound_pct": 100,
                 "solve_seconds": 0,
                 "staff": [ { "id": "hfa-1", "origin": "open", "template": "hfa", "hours": 0,
                              "position_pct": 0, "weekends_worked": 0 } ],
                 "assignments": [ { "staff": "hfa-1", "date": "2027-01-09", "shift": "D" } ] }"#,
        )
        .expect("roster parses");
        let e = evaluate_roster(&scenario(true), &roster);
        assert_eq!(e.people.len(), 1);
        assert_eq!(e.people[0].origin, Origin::Open);
        assert_eq!(e.people[0].weekends_worked, 1);
        assert!(close(e.kpis.average_position_pct, 75.0));
    }
}
