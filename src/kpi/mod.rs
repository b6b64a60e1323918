//! Key figures of a roster, computed from its assignments alone.
//!
//! The solver fills a roster's claims (`hours`, `position_pct`, `weekends_worked`, the average
//! position and [`Kpis`]) with [`evaluate_roster`]; the checker recomputes the claims independently (it
//! does not use this module). Definitions follow docs/format.md rules 16–17, 25 and 26:
//!
//! - hours = Σ paid `hours` of a person's shifts (default the clock length);
//! - position_pct = hours / (W_p × weeks) × 100, with W_p the person's full-time week (their
//!   own or their template's `full_time_hours_per_week`, else the scenario's); the average
//!   position is the mean of the people's;
//! - full time: hours ≥ W_p × weeks − `hours_tolerance` (a 100 % position planned within its
//!   tolerance, as the staff hours rule allows; rule 26);
//! - a person works weekend *k* when any of their shifts, including the copies one cycle earlier
//!   and later on a cyclic horizon, overlaps window *k* with positive length;
//! - weekend bonus (`rules.weekend_bonus`, see [`crate::scenario::BonusTier`]): weekends per
//!   year = weekends_worked × 52 / weeks; the tier containing its whole part pays its
//!   `nok_per_hour` on all the person's weekend hours (clock hours overlapping Saturday 00:00 –
//!   Monday 00:00, cyclic copies included), scaled to a year by 52 / weeks.
//!
//! Assignments naming an unknown shift or a date outside the horizon are skipped (the checker
//! reports them); a duplicate assignment counts once. Nothing here panics on bad input.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use serde::Serialize;

use crate::calendar::{
    parse_date, parse_hhmm, parse_week_point, parse_weekday, sunday_count_start,
};
use crate::roster::{Assignment, Kpis, Origin, Roster};
use crate::scenario::{BonusTier, Demand, Scenario, WorkingTime};
use crate::tariff::{qualifies, three_shift_week, Credits, SundayHours};

mod quality;
use quality::{beyond_share, quality, Pattern, Start};

/// Minutes per day.
const MINUTES_PER_DAY: i64 = 24 * 60;
/// Minutes per week.
const MINUTES_PER_WEEK: i64 = 7 * MINUTES_PER_DAY;
/// Position size below which a position counts as small.
const SMALL_PCT: f64 = 50.0;
/// Weeks in a year, for the annual weekend figures.
const WEEKS_PER_YEAR: i64 = 52;

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
    /// `hours / (full_time_week_hours × weeks) × 100`.
    pub position_pct: f64,
    /// Hours of the person's 100 % week: under `rules.working_time: "ks-three-shift"` the
    /// week their line earns when it qualifies ([`PersonStats::three_shift_week_hours`]);
    /// otherwise their own `full_time_hours_per_week` (a staff member's, or their
    /// template's), else the scenario's.
    pub full_time_week_hours: f64,
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
    /// `weekends_worked × 52 / weeks`: the weekend frequency as weekends a year.
    pub weekends_per_year: f64,
    /// Clock hours over the horizon of the person's shifts that overlap Saturday 00:00 –
    /// Monday 00:00 (the tariff's weekend, used for the bonus).
    pub weekend_hours: f64,
    /// Weekend bonus a year under `rules.weekend_bonus`: the rate of the tier containing the
    /// whole part of `weekends_per_year`, times `weekend_hours × 52 / weeks`; 0 without a tier.
    pub weekend_bonus_nok_per_year: f64,
    /// Public holidays (`horizon.holidays`) on which the person works: dates with a worked
    /// minute between 00:00 and 24:00 (a night into a holiday counts for it).
    pub holidays_worked: u32,
    /// Clock hours of the person's shifts within public holidays, 00:00–24:00.
    pub holiday_hours: f64,
    /// Rota quality (docs/format.md): working dates between two days off.
    pub isolated_work_days: u32,
    /// Rota quality: days off between two working dates.
    pub isolated_days_off: u32,
    /// Rota quality: working blocks (runs of consecutive working dates) with more than one
    /// shift type.
    pub mixed_blocks: u32,
    /// Rota quality: the most night shifts (at least 3 h between 21:00 and 06:00) on
    /// consecutive dates.
    pub longest_night_run: u32,
    /// Rota quality: blocks of night shifts not followed by two free dates (a shift that is
    /// not a night on the next date, or any shift on the date after).
    pub night_blocks_without_two_days_off: u32,
    /// Rota quality: the most working dates in a row.
    pub longest_block: u32,
    /// Rota quality: the most evening shifts (not a night, starting at 12:00 or later, at
    /// least 2 h between 18:00 and 24:00) on consecutive dates.
    pub longest_evening_run: u32,
    /// Rota quality: working dates followed by a working date with another shift type.
    pub shift_changes: u32,
    /// Rota quality: working dates followed by a shift that starts earlier in the day.
    pub backward_rotations: u32,
    /// Rota quality: working dates beyond `rules.quality.long_blocks.days` in a row (0
    /// without the rule).
    pub long_block_days: u32,
    /// Rota quality: nights beyond `rules.quality.long_night_runs.days` in a row.
    pub long_night_run_days: u32,
    /// Rota quality: evenings beyond `rules.quality.long_evening_runs.days` in a row.
    pub long_evening_run_days: u32,
    /// Rota quality: weekends worked with shifts also on the Friday before and the Monday
    /// after.
    pub weekends_without_free_weekday: u32,
    /// The rota-quality patterns above priced by `rules.quality` (0 without it): the
    /// person's share of the quality phase, besides requests and soft demand.
    pub quality_cost: f64,
    /// Night shifts (as for `longest_night_run`).
    pub night_shifts: u32,
    /// Evening shifts (as for `longest_evening_run`).
    pub evening_shifts: u32,
    /// Rota quality: night shifts beyond `rules.quality.fair_nights.band` from the person's
    /// fair share (paid hours × the roster's nights per planned hour); 0 without the
    /// rule.
    pub unfair_nights: f64,
    /// Rota quality: evening shifts beyond `rules.quality.fair_evenings.band` from the
    /// person's fair share, as for nights.
    pub unfair_evenings: f64,
    /// Rota quality: dates short of `rules.quality.short_blocks.days` in the person's blocks
    /// of working dates between two days off (0 without the rule).
    pub short_block_days: u32,
    /// Rota quality: worked weekends beyond `rules.quality.fair_weekends.band` from the
    /// person's fair share (paid hours × the roster's worked weekends per planned hour); 0
    /// without the rule.
    pub unfair_weekends: f64,
    /// Where the priced patterns occur, by date: `quality_cost` is the sum of their costs.
    pub quality_marks: Vec<QualityMark>,
    /// Sundays and public holidays the person works under AML §10-10: a shift overlaps the
    /// day's window, from 18:00 the day before (00:00 after a Sunday or holiday) to 22:00 on
    /// the day (see docs/format.md).
    pub sundays_worked: u32,
    /// Clock hours of the person's shifts inside the act's windows of the Sundays and holidays
    /// (their union, from 18:00 the day before even after a holiday; 15:00 on the three eves):
    /// the Sunday and holiday hours of the working-time rules.
    pub sunday_hours: f64,
    /// Clock hours of the person's shifts between 21:00 and 06:00 (night work, AML §10-11).
    pub night_hours: f64,
    /// The average full-time week (hours) the person's line earns under the three-shift rule
    /// of the KS agreement (HTA ch. 1 §4.2.4): 37.5 h less 15 min per night hour and 10 min
    /// per Sunday/holiday hour outside the night, averaged over the horizon, within
    /// [33.6, 35.5]. `None` when the line does not meet the rule's conditions heltid checks:
    /// some night work, and at least every third Sunday or holiday worked (`sundays_worked ×
    /// 3 ≥` the horizon's Sundays and holidays). Positions are sized by it under
    /// `rules.working_time: "ks-three-shift"`; otherwise a key figure only (docs/format.md).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub three_shift_week_hours: Option<f64>,
    /// Weight of the person's requests the roster does not honour (rule 23 (c)).
    pub unmet_request_weight: f64,
}

/// One rota-quality pattern that `rules.quality` prices, on a person's line (docs/format.md,
/// "Rota quality"). Marked on the date the pattern is about: the isolated date, the last night
/// of a block, the later date of a change or backward rotation, each date beyond a run limit,
/// the last date of a short block (costing its weight once for each date short), the Saturday
/// of a weekend; no
/// date for the fair shares.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QualityMark {
    /// ISO date; `None` for a pattern of the whole line (the fair shares).
    pub date: Option<String>,
    /// The key figure that counts it, e.g. `isolated_work_days`.
    pub pattern: &'static str,
    /// What it costs under `rules.quality`.
    pub cost: f64,
}

/// Minutes of `[s, e)` between 21:00 and 06:00 ([`crate::calendar::night_minutes`]). A
/// shift's own interval, never its cyclic copies: nights lie on every date, so a copy would
/// count the same shift again.
fn night_in(s: i64, e: i64) -> i64 {
    crate::calendar::night_minutes(s, e)
}

/// Windows of the horizon's Sundays and holidays, in minutes from `first`, starting where
/// `start` says (the act's window, or where a day's work counts) and ending at 22:00.
fn sunday_windows(
    scenario: &Scenario,
    first: NaiveDate,
    weeks: i64,
    start: fn(NaiveDate, &dyn Fn(NaiveDate) -> bool) -> i64,
) -> Vec<(i64, i64)> {
    let holidays = scenario.horizon.holiday_dates();
    crate::calendar::sunday_windows(first, (weeks * 7).max(0) as usize, &holidays, start)
        .into_iter()
        .map(|w| (w.from, w.to))
        .collect()
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
    /// Place among the scenario's shift types (tells types apart).
    index: usize,
    /// A night shift: at least 3 clock hours between 21:00 and 06:00.
    night: bool,
    /// An evening shift ([`crate::calendar::is_evening_shift`]).
    evening: bool,
}

/// The horizon and shift types, read for counting.
struct Frame {
    /// First date.
    first: NaiveDate,
    /// Place of the first Monday among the dates (0–6).
    monday: usize,
    /// Number of weeks.
    weeks: i64,
    /// Offsets at which every shift exists: 0, and one cycle earlier and later when the rota
    /// repeats.
    copies: Vec<i64>,
    /// Shift id → clock.
    shifts: HashMap<String, ShiftClock>,
    /// Weekend window: start minute in the week and length; `None` when unreadable.
    weekend: Option<(i64, i64)>,
    /// Date indices of the public holidays.
    holidays: Vec<i64>,
    /// The Sunday and holiday hours (AML §10-10 (1)).
    sundays: SundayHours,
    /// The windows in which work counts as work on each of those days
    /// ([`crate::calendar::sunday_count_start`]).
    sunday_days: Vec<(i64, i64)>,
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
            let index = shifts.len();
            shifts.entry(s.id.clone()).or_insert(ShiftClock {
                start,
                minutes,
                hours,
                index,
                night: crate::calendar::is_night_shift(start, minutes),
                evening: crate::calendar::is_evening_shift(start, minutes),
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
            monday: (7 - chrono::Datelike::weekday(&first).num_days_from_monday() as usize) % 7,
            copies: if scenario.horizon.cyclic {
                let period = weeks * MINUTES_PER_WEEK;
                vec![0, -period, period]
            } else {
                vec![0]
            },
            shifts,
            weekend,
            holidays: scenario
                .horizon
                .holiday_dates()
                .into_iter()
                .map(|d| (d - first).num_days())
                .filter(|d| (0..weeks * 7).contains(d))
                .collect(),
            sundays: SundayHours::new(
                first,
                (weeks * 7).max(0) as usize,
                &scenario.horizon.holiday_dates(),
                scenario.horizon.cyclic,
            ),
            sunday_days: sunday_windows(scenario, first, weeks, sunday_count_start),
        }
    }

    /// Minutes of `[start, end)` and its cyclic copies inside holiday `h` (a date index),
    /// 00:00–24:00.
    fn holiday_minutes(&self, start: i64, end: i64, h: i64) -> i64 {
        let (h_start, h_end) = (h * MINUTES_PER_DAY, (h + 1) * MINUTES_PER_DAY);
        self.copies
            .iter()
            .map(|p| ((end + p).min(h_end) - (start + p).max(h_start)).max(0))
            .sum()
    }

    /// Date index of an ISO date inside the horizon.
    fn day(&self, date: &str) -> Option<i64> {
        let d = (parse_date(date)? - self.first).num_days();
        (0..self.weeks * 7).contains(&d).then_some(d)
    }

    /// Percentage of a full-time position of `week` hours a week for `hours`.
    fn pct(&self, hours: f64, week: f64) -> f64 {
        let full = week * self.weeks as f64;
        if full > 0.0 {
            hours / full * 100.0
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
        self.overlaps(start, end, w_start, w_start + len)
    }

    /// Whether the interval `[start, end)` or one of its cyclic copies overlaps `[from, to)`
    /// with positive length.
    fn overlaps(&self, start: i64, end: i64, from: i64, to: i64) -> bool {
        self.copies.iter().any(|p| start + p < to && from < end + p)
    }

    /// Minutes of `[start, end)` and its cyclic copies inside the tariff weekends
    /// (Saturday 00:00 – Monday 00:00 of every week of the horizon).
    fn tariff_weekend_minutes(&self, start: i64, end: i64) -> i64 {
        let mut minutes = 0;
        for k in 0..self.weeks {
            let w_start = k * MINUTES_PER_WEEK + 5 * MINUTES_PER_DAY;
            let w_end = w_start + 2 * MINUTES_PER_DAY;
            for p in &self.copies {
                minutes += ((end + p).min(w_end) - (start + p).max(w_start)).max(0);
            }
        }
        minutes
    }
}

/// Annual weekends and weekend bonus of a person who works `weekends` weekends and
/// `weekend_minutes` tariff weekend minutes in a horizon of `weeks` weeks:
/// `(weekends_per_year, bonus_nok_per_year)`. The tier applies whose inclusive range contains
/// `⌊weekends × 52 / weeks⌋` (exact integer arithmetic).
fn weekend_bonus(
    ladder: &[BonusTier],
    weeks: i64,
    weekends: u32,
    weekend_minutes: i64,
) -> (f64, f64) {
    if weeks <= 0 {
        return (0.0, 0.0);
    }
    let year = WEEKS_PER_YEAR as f64 / weeks as f64;
    let per_year = f64::from(weekends) * year;
    let whole = i64::from(weekends) * WEEKS_PER_YEAR / weeks;
    let rate = ladder
        .iter()
        .find(|t| t.from_weekends <= whole && whole <= t.to_weekends)
        .map_or(0.0, |t| t.nok_per_hour);
    let bonus = rate * weekend_minutes as f64 / 60.0 * year;
    (per_year, bonus)
}

/// Key figures of a roster given its people and assignments.
///
/// `people` lists every person in roster order as (id, origin, template). Existing staff take
/// `contract_pct` and `wish_pct` from the scenario's `staff` with the same id. Assignments for
/// ids not in `people`, unknown shifts or dates outside the horizon are skipped.
pub(crate) fn evaluate(
    scenario: &Scenario,
    people: &[(String, Origin, Option<String>)],
    assignments: &[Assignment],
) -> Evaluation {
    let frame = Frame::new(scenario);
    let rules = scenario.rules.quality();

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

    let mut staff_by_id: HashMap<&str, &crate::scenario::Staff> = HashMap::new();
    for s in &scenario.staff {
        staff_by_id.entry(s.id.as_str()).or_insert(s);
    }
    let entries = total_entries(scenario, &frame);
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
            Origin::Existing => staff_by_id.get(id.as_str()).copied(),
            Origin::Open => None,
        };
        let weekend_minutes: i64 = intervals
            .iter()
            .map(|&(s, e)| frame.tariff_weekend_minutes(s, e))
            .sum();
        let mut holidays_worked = 0u32;
        let mut holiday_minutes = 0i64;
        for &h in &frame.holidays {
            let m: i64 = intervals
                .iter()
                .map(|&(s, e)| frame.holiday_minutes(s, e, h))
                .sum();
            if m > 0 {
                holidays_worked += 1;
                holiday_minutes += m;
            }
        }
        let sundays_worked = frame
            .sunday_days
            .iter()
            .filter(|&&(w0, w1)| intervals.iter().any(|&(s, e)| frame.overlaps(s, e, w0, w1)))
            .count() as u32;
        let (sunday_minutes, sunday_day_minutes) = intervals
            .iter()
            .map(|&(s, e)| frame.sundays.minutes(s, e))
            .fold((0, 0), |(a, b), (x, y)| (a + x, b + y));
        let night_minutes: i64 = intervals.iter().map(|&(s, e)| night_in(s, e)).sum();
        let days = (frame.weeks * 7).max(0) as usize;
        let mut line: Vec<Option<Start>> = vec![None; days];
        for (day, c) in mine {
            if let Some(slot) = line.get_mut(*day as usize) {
                let here = Start {
                    kind: c.index,
                    night: c.night,
                    evening: c.evening,
                    start: c.start,
                };
                *slot = Some(slot.map_or(here, |s| s.merge(here)));
            }
        }
        let q = quality(&line, frame.monday, scenario.horizon.cyclic, &rules);
        let (weekends_per_year, bonus) = weekend_bonus(
            &scenario.rules.weekend_bonus,
            frame.weeks,
            weekends_worked,
            weekend_minutes,
        );
        let unmet_request_weight = staff.map_or(0.0, |s| {
            s.requests
                .iter()
                .filter(|r| {
                    let Some(day) = frame.day(&r.date) else {
                        return false;
                    };
                    let works = mine.iter().any(|(d, c)| {
                        *d == day
                            && r.shift.as_ref().is_none_or(|x| {
                                frame.shifts.get(x).map(|k| k.index) == Some(c.index)
                            })
                    });
                    works != r.want
                })
                .map(|r| r.weight())
                .fold(0.0, |a, b| a + b)
        });
        let three_shift_week_hours = qualifies(
            night_minutes,
            sundays_worked as usize,
            frame.sunday_days.len(),
        )
        .then(|| {
            let credits = Credits {
                night: night_minutes,
                sunday: sunday_day_minutes,
            };
            three_shift_week(credits, frame.weeks).to_f64() / 60.0
        });
        let default = scenario.full_time_hours_per_week;
        let week = match (staff, template.as_deref()) {
            (Some(s), _) => s.week_hours(default),
            (None, Some(t)) => scenario
                .open_positions
                .iter()
                .find(|o| o.id == t)
                .map_or(default, |o| o.week_hours(default)),
            (None, None) => default,
        };
        // Under the three-shift rule a qualifying line's week is the one it earns.
        let week = match (scenario.rules.working_time(), three_shift_week_hours) {
            (WorkingTime::KsThreeShift, Some(w)) => w,
            _ => week,
        };
        stats.push(PersonStats {
            id: id.clone(),
            unmet_request_weight,
            origin: *origin,
            template: template.clone(),
            hours,
            position_pct: frame.pct(hours, week),
            full_time_week_hours: week,
            weekends_worked,
            shifts: mine.len() as u32,
            weekend_only,
            contract_pct: staff.map(|s| s.contract_pct),
            wish_pct: staff.map(|s| s.wish_pct()),
            weekends_per_year,
            weekend_hours: weekend_minutes as f64 / 60.0,
            weekend_bonus_nok_per_year: bonus,
            holidays_worked,
            holiday_hours: holiday_minutes as f64 / 60.0,
            isolated_work_days: q.isolated_work_days,
            night_blocks_without_two_days_off: q.night_blocks_without_two_days_off,
            isolated_days_off: q.isolated_days_off,
            mixed_blocks: q.mixed_blocks,
            longest_night_run: q.longest_night_run,
            longest_block: q.longest_block,
            longest_evening_run: q.longest_evening_run,
            shift_changes: q.shift_changes,
            backward_rotations: q.backward_rotations,
            long_block_days: q.long_block_days,
            long_night_run_days: q.long_night_run_days,
            long_evening_run_days: q.long_evening_run_days,
            weekends_without_free_weekday: q.weekends_without_free_weekday,
            quality_cost: q.cost(&rules),
            night_shifts: q.night_shifts,
            evening_shifts: q.evening_shifts,
            unfair_nights: 0.0,
            unfair_evenings: 0.0,
            short_block_days: q.short_block_days,
            unfair_weekends: 0.0,
            quality_marks: marks(&q.marks, &rules, frame.first),
            sundays_worked,
            sunday_hours: sunday_minutes as f64 / 60.0,
            night_hours: night_minutes as f64 / 60.0,
            three_shift_week_hours,
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
    // A 100 % position planned within the hours tolerance is full time (rule 26): 6 × 35.5 h
    // cannot be hit exactly with 7.5 h and 10 h shifts. A hair of float noise is allowed.
    let tol = scenario.rules.hours_tolerance().max(0.0);
    let full_time = stats
        .iter()
        .filter(|p| {
            let full = p.full_time_week_hours * frame.weeks as f64;
            full > 0.0 && p.hours > 0.0 && p.hours >= full - tol - 1e-9
        })
        .count();
    let below_50 = stats.iter().filter(|p| p.position_pct < SMALL_PCT).count();
    let weekend_only = stats.iter().filter(|p| p.weekend_only).count();
    let involuntary: f64 = stats
        .iter()
        .filter_map(|p| {
            let wish = p.wish_pct?;
            let wish_hours = wish / 100.0 * p.full_time_week_hours * frame.weeks as f64;
            Some((wish_hours - p.hours).max(0.0))
        })
        .fold(0.0, |a, b| a + b); // not `sum()`: an empty f64 sum is -0.0
    fair_shares(&mut stats, &rules);
    let weekends: u32 = stats.iter().map(|p| p.weekends_worked).sum();
    let kpis = Kpis {
        full_time_share: share(full_time),
        positions_below_50: below_50 as u32,
        weekend_only_positions: weekend_only as u32,
        headcount,
        // The mean of the position sizes (the total over headcount full-time positions when
        // everyone has the scenario's week).
        average_position_pct: if headcount > 0 {
            stats.iter().map(|p| p.position_pct).sum::<f64>() / headcount as f64
        } else {
            0.0
        },
        total_hours,
        involuntary_part_time_hours: involuntary,
        over_coverage_hours: over_coverage(&entries, &frame, &on_shift),
        unmet_request_weight: stats
            .iter()
            .map(|p| p.unmet_request_weight)
            .fold(0.0, |a, b| a + b),
        soft_demand_cost: soft_demand_cost(&entries, &on_shift),
        average_weekends_worked: if headcount > 0 {
            weekends as f64 / headcount as f64
        } else {
            0.0
        },
        weekend_bonus_nok_per_year: stats
            .iter()
            .map(|p| p.weekend_bonus_nok_per_year)
            .fold(0.0, |a, b| a + b),
        isolated_work_days: stats.iter().map(|p| p.isolated_work_days).sum(),
        night_blocks_without_two_days_off: stats
            .iter()
            .map(|p| p.night_blocks_without_two_days_off)
            .sum(),
        isolated_days_off: stats.iter().map(|p| p.isolated_days_off).sum(),
        mixed_blocks: stats.iter().map(|p| p.mixed_blocks).sum(),
        longest_night_run: stats.iter().map(|p| p.longest_night_run).max().unwrap_or(0),
        longest_block: stats.iter().map(|p| p.longest_block).max().unwrap_or(0),
        longest_evening_run: stats
            .iter()
            .map(|p| p.longest_evening_run)
            .max()
            .unwrap_or(0),
        shift_changes: stats.iter().map(|p| p.shift_changes).sum(),
        backward_rotations: stats.iter().map(|p| p.backward_rotations).sum(),
        long_block_days: stats.iter().map(|p| p.long_block_days).sum(),
        long_night_run_days: stats.iter().map(|p| p.long_night_run_days).sum(),
        long_evening_run_days: stats.iter().map(|p| p.long_evening_run_days).sum(),
        weekends_without_free_weekday: stats.iter().map(|p| p.weekends_without_free_weekday).sum(),
        unfair_nights: stats
            .iter()
            .map(|p| p.unfair_nights)
            .fold(0.0, |a, b| a + b),
        unfair_evenings: stats
            .iter()
            .map(|p| p.unfair_evenings)
            .fold(0.0, |a, b| a + b),
        short_block_days: stats.iter().map(|p| p.short_block_days).sum(),
        unfair_weekends: stats
            .iter()
            .map(|p| p.unfair_weekends)
            .fold(0.0, |a, b| a + b),
        quality_cost: stats.iter().map(|p| p.quality_cost).fold(0.0, |a, b| a + b),
    };
    Evaluation {
        people: stats,
        kpis,
    }
}

/// Key figures of a whole roster: the key figures of the roster's staff and assignments.
pub fn evaluate_roster(scenario: &Scenario, roster: &Roster) -> Evaluation {
    let people: Vec<(String, Origin, Option<String>)> = roster
        .staff
        .iter()
        .map(|s| (s.id.clone(), s.origin, s.template.clone()))
        .collect();
    evaluate(scenario, &people, &roster.assignments)
}

/// Σ over (date, shift) of max(0, people on it − total demand minimum) × paid hours of the shift.
/// The total minimum of a (date, shift) comes from its total entry (see [`total_entries`]), else
/// 0.
fn over_coverage(
    entries: &BTreeMap<(i64, &str), &Demand>,
    frame: &Frame,
    on_shift: &BTreeMap<(i64, &str), u32>,
) -> f64 {
    let mut hours = 0.0;
    for (&(day, shift), &n) in on_shift {
        let min = entries.get(&(day, shift)).map_or(0, |e| e.min);
        let extra = (i64::from(n) - min).max(0);
        let paid = frame.shifts.get(shift).map(|c| c.hours).unwrap_or(0.0);
        hours += extra as f64 * paid;
    }
    hours
}

/// The total demand entry that sets each (date index, shift) (docs/format.md rule 12): a
/// `dates` entry, else on a holiday the entries listing `holiday` when there are any, else the
/// weekday's; the first entry of a kind wins. Ordered, so sums over it are deterministic. Built once per evaluation (one pass over the
/// entries and their dates).
fn total_entries<'a>(
    scenario: &'a Scenario,
    frame: &Frame,
) -> BTreeMap<(i64, &'a str), &'a Demand> {
    let holiday_demand = scenario.holiday_demand();
    let days = (frame.weeks * 7).max(0);
    let (mut by_days, mut by_dates) = (BTreeMap::new(), BTreeMap::new());
    for e in scenario.demand.iter().filter(|e| e.skill.is_none()) {
        if let Some(list) = &e.days {
            let weekdays: Vec<i64> = list.iter().filter_map(|d| parse_weekday(d)).collect();
            for day in 0..days {
                let applies = if holiday_demand && frame.holidays.contains(&day) {
                    e.lists_holiday()
                } else {
                    weekdays.contains(&(day % 7))
                };
                if applies {
                    by_days.entry((day, e.shift.as_str())).or_insert(e);
                }
            }
        }
        for day in e.dates.iter().flatten().filter_map(|d| frame.day(d)) {
            by_dates.entry((day, e.shift.as_str())).or_insert(e);
        }
    }
    by_days.extend(by_dates);
    by_days
}

/// The priced patterns of a line as marks, one per date and pattern: a pattern counted more
/// than once on a date (a short block, once for each date it is short) is one mark with the
/// costs summed. `first` is the horizon's first date.
fn marks(
    found: &[(usize, Pattern)],
    rules: &crate::scenario::Quality,
    first: NaiveDate,
) -> Vec<QualityMark> {
    let mut out: Vec<(usize, Pattern, f64)> = Vec::new();
    for &(d, p) in found.iter().filter(|(_, p)| p.weight(rules) > 0.0) {
        // (Counted one after another: `found` is in date order, each date's repeats together.)
        match out.last_mut().filter(|(e, q, _)| *e == d && *q == p) {
            Some(mark) => mark.2 += p.weight(rules),
            None => out.push((d, p, p.weight(rules))),
        }
    }
    out.into_iter()
        .map(|(d, p, cost)| QualityMark {
            date: Some(
                (first + chrono::Days::new(d as u64))
                    .format("%Y-%m-%d")
                    .to_string(),
            ),
            pattern: p.name(),
            cost,
        })
        .collect()
}

/// The fair shares (`rules.quality.fair_nights`, `fair_evenings`, `fair_weekends`): each
/// person's nights (evenings, worked weekends) beyond the band from their hours times the
/// roster's nights (evenings, worked weekends) per planned hour, added to their marks and cost.
fn fair_shares(stats: &mut [PersonStats], rules: &crate::scenario::Quality) {
    let hours: f64 = stats.iter().map(|p| p.hours).sum();
    if hours <= 0.0 {
        return;
    }
    let count = |pattern: Pattern, p: &PersonStats| match pattern {
        Pattern::UnfairNights => p.night_shifts,
        Pattern::UnfairEvenings => p.evening_shifts,
        _ => p.weekends_worked,
    };
    let rate = |pattern| {
        let total: u32 = stats.iter().map(|p| count(pattern, p)).sum();
        f64::from(total) / hours
    };
    let kinds = [
        (
            Pattern::UnfairNights,
            rules.fair_nights,
            rate(Pattern::UnfairNights),
        ),
        (
            Pattern::UnfairEvenings,
            rules.fair_evenings,
            rate(Pattern::UnfairEvenings),
        ),
        (
            Pattern::UnfairWeekends,
            rules.fair_weekends,
            rate(Pattern::UnfairWeekends),
        ),
    ];
    for p in stats.iter_mut() {
        for (pattern, share, rate) in kinds {
            let Some((band, weight)) = share else {
                continue;
            };
            let beyond = beyond_share(count(pattern, p), p.hours, rate, band);
            match pattern {
                Pattern::UnfairNights => p.unfair_nights = beyond,
                Pattern::UnfairEvenings => p.unfair_evenings = beyond,
                _ => p.unfair_weekends = beyond,
            }
            if beyond > 0.0 {
                p.quality_marks.push(QualityMark {
                    date: None,
                    pattern: pattern.name(),
                    cost: beyond * weight,
                });
                p.quality_cost += beyond * weight;
            }
        }
    }
}

/// The costs of soft demand (rule 15a): per (date, shift) whose total entry has
/// `under_weight`, that weight per person short of `min`; with `over_weight`, that weight per
/// person beyond `max` (default `min`).
fn soft_demand_cost(
    entries: &BTreeMap<(i64, &str), &Demand>,
    on_shift: &BTreeMap<(i64, &str), u32>,
) -> f64 {
    let mut cost = 0.0;
    for (&key, e) in entries {
        let n = i64::from(on_shift.get(&key).copied().unwrap_or(0));
        if let Some(w) = e.under_weight {
            cost += w * (e.min - n).max(0) as f64;
        }
        if let Some(w) = e.over_weight {
            let max = e.effective_max().unwrap_or(e.min);
            cost += w * (n - max).max(0) as f64;
        }
    }
    cost
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
    fn can_count_holidays_with_nights_into_them_across_the_cycle() {
        // A one-week cyclic rota starting on Easter Monday 2027 (a holiday at index 0): the
        // Sunday night N 22:15-07:45 runs into the next cycle's Monday, 7 h 45 min of holiday.
        let mut sc = scenario(true);
        sc.horizon.start = "2027-03-29".into();
        sc.horizon.holidays = Some(crate::scenario::Holidays::Calendar("NO".into()));
        let e = evaluate(&sc, &people(), &[a("kari", "2027-04-04", "N")]);
        assert_eq!(e.people[0].holidays_worked, 1);
        assert!(close(e.people[0].holiday_hours, 7.75));
        // Not cyclic: the night ends after the horizon, on no holiday of it.
        let mut sc = scenario(false);
        sc.horizon.start = "2027-03-29".into();
        sc.horizon.holidays = Some(crate::scenario::Holidays::Calendar("NO".into()));
        let e = evaluate(&sc, &people(), &[a("kari", "2027-04-04", "N")]);
        assert_eq!(e.people[0].holidays_worked, 0);
        // A day shift on the holiday itself.
        let e = evaluate(&sc, &people(), &[a("kari", "2027-03-29", "D")]);
        assert_eq!(e.people[0].holidays_worked, 1);
        assert!(close(e.people[0].holiday_hours, 7.5));
    }

    #[test]
    fn can_count_sunday_and_night_hours_by_the_act() {
        let sc = scenario(false);
        let one = |date: &str, shift: &str| {
            let e = evaluate(&sc, &people(), &[a("kari", date, shift)]);
            let p = &e.people[0];
            (p.sundays_worked, p.sunday_hours, p.night_hours)
        };
        // Saturday's night 22:15–07:45 lies in Sunday's window (from Saturday 18:00); its night
        // hours run to 06:00.
        assert_eq!(one("2027-01-09", "N"), (1, 9.5, 7.75));
        // Sunday's night starts after 22:00: no Sunday work.
        assert_eq!(one("2027-01-10", "N"), (0, 0.0, 7.75));
        assert_eq!(one("2027-01-10", "D"), (1, 7.5, 0.0));
        assert_eq!(one("2027-01-08", "D"), (0, 0.0, 0.0));
        // Easter 2027: Maundy Thursday (25 March) and Good Friday are one protected period from
        // Wednesday 18:00 to Friday 22:00, so Thursday's night is all holiday hours; it counts
        // as work on Good Friday, Thursday's day shift as work on Maundy Thursday.
        let mut sc = scenario(false);
        sc.horizon.start = "2027-03-22".into();
        sc.horizon.holidays = Some(crate::scenario::Holidays::Calendar("NO".into()));
        let e = evaluate(
            &sc,
            &people(),
            &[a("kari", "2027-03-25", "D"), a("ola", "2027-03-25", "N")],
        );
        assert_eq!(
            (e.people[0].sundays_worked, e.people[0].sunday_hours),
            (1, 7.5)
        );
        assert_eq!(
            (e.people[1].sundays_worked, e.people[1].sunday_hours),
            (1, 9.5)
        );
        // An evening 15:00–22:30 on Maundy Thursday lies in two windows (Thursday's to 22:00,
        // Good Friday's from 18:00): its hours count once.
        sc.shifts.push(
            serde_json::from_str(r#"{"id": "A", "start": "15:00", "end": "22:30"}"#).unwrap(),
        );
        let e = evaluate(&sc, &people(), &[a("kari", "2027-03-25", "A")]);
        assert_eq!(
            (e.people[0].sundays_worked, e.people[0].sunday_hours),
            (1, 7.5)
        );
        // A 2-week cycle from Christmas Day 2028 (a Monday): its window from 15:00 on Christmas
        // Eve is the cycle's last Sunday evening, which the Sunday's own window also holds.
        let mut cyc = sc.clone();
        cyc.horizon.start = "2028-12-25".into();
        cyc.horizon.weeks = 2;
        cyc.horizon.cyclic = true;
        let e = evaluate(&cyc, &people(), &[a("kari", "2029-01-07", "A")]);
        assert_eq!(
            // Work on that Sunday only: Christmas Day follows a Sunday, so it counts from 00:00.
            (e.people[0].sundays_worked, e.people[0].sunday_hours),
            (1, 7.5)
        );
        // Easter Saturday from 15:00 is Easter Sunday's: a day shift to 15:00 is not.
        let e = evaluate(&sc, &people(), &[a("kari", "2027-03-27", "D")]);
        assert_eq!(
            (e.people[0].sundays_worked, e.people[0].sunday_hours),
            (0, 0.0)
        );
    }

    #[test]
    fn can_give_a_night_line_its_three_shift_week() {
        // Three weeks, three Sundays: four nights 22:15–07:45 (7 h 45 min in 21–06 each), one
        // of them Saturday's, in Sunday's window from Saturday 18:00 (1 h 45 min of it after
        // 06:00, Sunday hours outside the night). Credit 4·465/4 + 105/6 = 482.5 minutes, 160 min
        // 50 s a week: 37 h 30 − 2 h 40 min 50 s = 34 h 49 min 10 s.
        let mut sc = scenario(true);
        sc.horizon.weeks = 3;
        let nights = ["2027-01-09", "2027-01-13", "2027-01-14", "2027-01-18"];
        let line: Vec<Assignment> = nights.iter().map(|d| a("kari", d, "N")).collect();
        let e = evaluate(&sc, &people(), &line);
        let p = &e.people[0];
        assert_eq!((p.sundays_worked, p.night_hours), (1, 31.0));
        assert!(close(p.sunday_hours, 9.5));
        let week = p.three_shift_week_hours.expect("qualifies");
        assert!(
            close(week * 3600.0, (34.0 * 60.0 + 49.0) * 60.0 + 10.0),
            "{week}"
        );
        // Without the Sunday it is not every third Sunday; without nights no three-shift line.
        let e = evaluate(&sc, &people(), &line[1..]);
        assert_eq!(e.people[0].three_shift_week_hours, None);
        let e = evaluate(&sc, &people(), &[a("kari", "2027-01-10", "D")]);
        assert_eq!(e.people[0].three_shift_week_hours, None);
    }

    #[test]
    fn can_count_isolated_days_mixed_blocks_and_night_runs() {
        let a_ = a;
        // Through `evaluate`: N 22:15–07:45 (7 h 45 min in 21–06) is a night shift, D is not.
        let e = evaluate(
            &scenario(false),
            &people(),
            &[
                a_("kari", "2027-01-04", "N"),
                a_("kari", "2027-01-05", "N"),
                a_("kari", "2027-01-06", "D"),
                a_("ola", "2027-01-08", "D"),
            ],
        );
        let p = &e.people[0];
        assert_eq!((p.longest_night_run, p.mixed_blocks), (2, 1));
        // ola works Friday alone, between two days off.
        assert_eq!(
            (e.people[1].isolated_work_days, e.kpis.longest_night_run),
            (1, 2)
        );
        // D and N on one date (illegal, but counted): a night, and a mixed block on its own.
        let e = evaluate(
            &scenario(false),
            &people(),
            &[a_("kari", "2027-01-05", "D"), a_("kari", "2027-01-05", "N")],
        );
        assert_eq!(
            (e.people[0].longest_night_run, e.people[0].mixed_blocks),
            (1, 1)
        );
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
        // With the default tolerance (4 h) of a 10 h horizon, kari's 7.5 h is full time too.
        assert!(close(e.kpis.full_time_share, 2.0 / 3.0));
        assert_eq!(e.kpis.positions_below_50, 1);
        // Full time is 10 h within the hours tolerance (rule 26): ola's 9 h is with 1 h of
        // tolerance, not with 0.5 h.
        let mut sc = scenario(true);
        for (tolerance, share) in [(1.0, 1.0 / 3.0), (0.5, 0.0), (0.0, 0.0)] {
            sc.rules.hours_tolerance = Some(tolerance);
            let e = evaluate(&sc, &people(), &[a("ola", "2027-01-05", "N")]);
            assert!(close(e.kpis.full_time_share, share), "{tolerance}");
            assert_eq!(e.kpis.positions_below_50, 2);
        }
        // Above full time with no tolerance.
        sc.rules.hours_tolerance = Some(0.0);
        let over = [a("ola", "2027-01-04", "N"), a("ola", "2027-01-06", "D")];
        let e = evaluate(&sc, &people(), &over);
        assert!(close(e.people[1].hours, 16.5));
        assert!(close(e.kpis.full_time_share, 1.0 / 3.0));
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
    fn can_price_worked_weekends_beyond_a_fair_share_by_hours() {
        let mut sc = scenario(true);
        sc.rules.quality = Some(crate::scenario::QualityWeights {
            fair_weekends: Some(crate::scenario::FairShare {
                band: 0.25,
                weight: 2.0,
            }),
            ..Default::default()
        });
        // kari: Saturday and Monday (15 h, one weekend); ola: Monday and Tuesday (15 h, none).
        // The roster works one weekend in 30 h: a share of 0.5 each, 0.25 beyond the band.
        let e = evaluate(
            &sc,
            &people(),
            &[
                a("kari", "2027-01-09", "D"),
                a("kari", "2027-01-04", "D"),
                a("ola", "2027-01-04", "D"),
                a("ola", "2027-01-05", "D"),
            ],
        );
        let unfair: Vec<f64> = e.people.iter().map(|p| p.unfair_weekends).collect();
        assert!(
            close(unfair[0], 0.25) && close(unfair[1], 0.25),
            "{unfair:?}"
        );
        assert!(close(unfair[2], 0.0), "no hours, no weekends: its share");
        assert!(close(e.kpis.unfair_weekends, 0.5));
        assert!(close(e.kpis.quality_cost, 1.0));
        let mark = &e.people[0].quality_marks[0];
        assert_eq!(
            (mark.date.as_deref(), mark.pattern),
            (None, "unfair_weekends")
        );
        assert!(close(mark.cost, 0.5));
        // Without the rule it is not counted.
        let e = evaluate(&scenario(true), &people(), &[a("kari", "2027-01-09", "D")]);
        assert!(close(e.kpis.unfair_weekends, 0.0));
    }

    #[test]
    fn can_mark_a_short_block_once_with_every_date_it_is_short() {
        let mut sc = scenario(true);
        sc.rules.quality = Some(crate::scenario::QualityWeights {
            short_blocks: Some(crate::scenario::RunLimit {
                days: 3,
                weight: 1.5,
            }),
            ..Default::default()
        });
        // kari works Monday alone round the one-week cycle: a block of one, two dates short.
        let e = evaluate(&sc, &people(), &[a("kari", "2027-01-04", "D")]);
        let kari = &e.people[0];
        assert_eq!(kari.short_block_days, 2);
        assert_eq!(kari.quality_marks.len(), 1, "{:?}", kari.quality_marks);
        let mark = &kari.quality_marks[0];
        assert_eq!(
            (mark.date.as_deref(), mark.pattern),
            (Some("2027-01-04"), "short_block_days")
        );
        assert!(close(mark.cost, 3.0) && close(kari.quality_cost, 3.0));
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
            ..Default::default()
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

    /// A calendar plan of `weeks` weeks with D 07:30–15:00 and N 22:15–07:45 (paid 9 h) every
    /// day, and Songdalen's ladder: 18–21 weekends a year +20 NOK/h, 22–26 +30 NOK/h.
    fn ladder_scenario(weeks: i64) -> Scenario {
        serde_json::from_str(&format!(
            r#"{{
              "horizon": {{ "start": "2027-01-04", "weeks": {weeks}, "cyclic": false }},
              "full_time_hours_per_week": 35.5,
              "shifts": [
                {{ "id": "D", "start": "07:30", "end": "15:00" }},
                {{ "id": "N", "start": "22:15", "end": "07:45", "hours": 9 }}
              ],
              "demand": [
                {{ "shift": "D", "days": ["mon","tue","wed","thu","fri","sat","sun"], "min": 0, "max": 3 }},
                {{ "shift": "N", "days": ["mon","tue","wed","thu","fri","sat","sun"], "min": 0, "max": 3 }}
              ],
              "staff": [ {{ "id": "kari", "contract_pct": 50 }}, {{ "id": "ola", "contract_pct": 50 }} ],
              "open_positions": [ {{ "id": "hfa", "max_count": 2 }} ],
              "rules": {{ "weekend_bonus": [
                {{ "from_weekends": 18, "to_weekends": 21, "nok_per_hour": 20 }},
                {{ "from_weekends": 22, "to_weekends": 26, "nok_per_hour": 30 }}
              ] }}
            }}"#
        ))
        .expect("ladder scenario parses")
    }

    /// Date `d` days after 2027-01-04.
    fn date(d: u64) -> String {
        (NaiveDate::from_ymd_opt(2027, 1, 4).expect("date") + chrono::Days::new(d))
            .format("%Y-%m-%d")
            .to_string()
    }

    /// kari: Saturday D in weeks 0–3 and a Friday night in week 4 (ends Saturday 07:45: a
    /// worked weekend), plus a Monday D; ola: Sunday nights in weeks 0–5; hfa-1: Saturday D in
    /// weeks 0–3.
    fn ladder_roster() -> Vec<Assignment> {
        let mut out = Vec::new();
        for w in 0..4 {
            out.push(a("kari", &date(w * 7 + 5), "D"));
            out.push(a("hfa-1", &date(w * 7 + 5), "D"));
        }
        out.push(a("kari", &date(4 * 7 + 4), "N"));
        out.push(a("kari", &date(0), "D"));
        for w in 0..6 {
            out.push(a("ola", &date(w * 7 + 6), "N"));
        }
        out
    }

    #[test]
    fn can_price_the_weekend_bonus_ladder_by_hand() {
        // 13 weeks: a year is 4 horizons.
        // kari: 5 weekends → 20 a year → +20 NOK/h. Weekend hours: 4 × 7.5 (Saturday D) +
        //   7.75 (Friday night from Saturday 00:00 to 07:45) = 37.75 h; the Monday D has none.
        //   20 × 37.75 × 4 = 3020 NOK a year.
        // ola: 6 weekends → 24 a year → +30 NOK/h. Each Sunday night lies 1.75 h in the
        //   weekend (22:15–24:00), 6 × 1.75 = 10.5 h; 30 × 10.5 × 4 = 1260 NOK a year.
        // hfa-1: 4 weekends → 16 a year: below the ladder, 0 NOK.
        let e = evaluate(&ladder_scenario(13), &people(), &ladder_roster());
        let [kari, ola, hfa] = [&e.people[0], &e.people[1], &e.people[2]];
        assert_eq!(kari.weekends_worked, 5);
        assert!(close(kari.weekends_per_year, 20.0));
        assert!(close(kari.weekend_hours, 37.75));
        assert!(close(kari.weekend_bonus_nok_per_year, 3020.0));
        assert!(close(ola.weekends_per_year, 24.0));
        assert!(close(ola.weekend_hours, 10.5));
        assert!(close(ola.weekend_bonus_nok_per_year, 1260.0));
        assert!(close(hfa.weekends_per_year, 16.0));
        assert!(close(hfa.weekend_hours, 30.0));
        assert_eq!(hfa.weekend_bonus_nok_per_year, 0.0);
        assert!(close(e.kpis.weekend_bonus_nok_per_year, 4280.0));

        // 12 weeks: kari's 5 weekends are 21.67 a year, whose whole part 21 is in the first
        // tier: 20 × 37.75 × 52/12 NOK. hfa-1's 4 are 17.33: no tier.
        let e = evaluate(&ladder_scenario(12), &people(), &ladder_roster());
        assert!(close(e.people[0].weekends_per_year, 5.0 * 52.0 / 12.0));
        assert!(close(
            e.people[0].weekend_bonus_nok_per_year,
            20.0 * 37.75 * 52.0 / 12.0
        ));
        assert_eq!(e.people[2].weekend_bonus_nok_per_year, 0.0);

        // Without a ladder there is no bonus, but the annual figures are still there.
        let mut plain = ladder_scenario(13);
        plain.rules.weekend_bonus.clear();
        let e = evaluate(&plain, &people(), &ladder_roster());
        assert_eq!(e.kpis.weekend_bonus_nok_per_year, 0.0);
        assert!(close(e.people[0].weekends_per_year, 20.0));
    }

    #[test]
    fn can_read_rosters_written_before_the_bonus_existed() {
        let k: Kpis = serde_json::from_str(
            r#"{ "full_time_share": 0.5, "positions_below_50": 1, "weekend_only_positions": 0 }"#,
        )
        .expect("old kpis parse");
        assert_eq!(k.weekend_bonus_nok_per_year, 0.0);
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
