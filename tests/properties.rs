//! Properties over small random scenarios (generators written once, below):
//! every returned roster passes the independent checker; rosters survive a serde round trip;
//! solving is deterministic; relaxing a rule never raises the optimal headcount; the analytic
//! bounds never exceed a roster's headcount; and on tiny instances the MIP optimum equals brute
//! force over all rosters, judged by the checker, also with existing staff (hour windows,
//! unavailable dates) and a minimum position size, where the instant bound (weekend caps and
//! runs of weekends) must stay at or below the brute-force optimum; the total-hours phase of
//! optional demand and the tie-breaks (the wished hours, the smallest created position) claim
//! and bound what enumeration finds. Weekend volunteers: the template may carry its
//! own `weekend_max_one_in`, and (except for brute force) a one-position volunteer template `v`
//! with one in 1 or 2 may be added.

mod common;

use common::assert_legal;
use heltid::roster::{Assignment, Origin, PhaseReport, RosterStaff};
use heltid::rule::Rule;
use heltid::scenario::{
    Demand, Holidays, Horizon, OpenPosition, Rules, Scenario, Shift, SundayWork, WeekendRule,
    WorkingTime,
};
use heltid::{bounds, check, kpi, Roster, SolveOptions, Status};
use proptest::prelude::*;

const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// The shift menu the generator picks from: a day, an evening and a night crossing midnight.
fn menu() -> Vec<Shift> {
    vec![
        Shift {
            id: "D".into(),
            start: "07:00".into(),
            end: "15:00".into(),
            ..Shift::default()
        },
        Shift {
            id: "A".into(),
            start: "14:30".into(),
            end: "22:00".into(),
            hours: Some(7.0),
            ..Shift::default()
        },
        Shift {
            id: "N".into(),
            start: "21:45".into(),
            end: "07:15".into(),
            ..Shift::default()
        },
    ]
}

/// Rule knobs.
#[derive(Debug, Clone)]
struct Knobs {
    rest: f64,
    weekly: Option<f64>,
    consecutive: Option<i64>,
    one_in: i64,
    complete: bool,
    average: Option<f64>,
    /// `rules.sunday_work.max_one_in` (AML §10-10), if on.
    sunday: Option<i64>,
    /// Two consecutive public holidays from this day index of the first week, at most one in
    /// two of them worked (`holidays_max_one_in: 2`), if on.
    holiday: Option<u64>,
    /// Template `p` on a 33.6 h week of its own (the scenario's is 35.5 h).
    own_week: bool,
    /// `rules.working_time: "ks-three-shift"`: each week from the person's own line.
    three_shift: bool,
    /// Blocks: `rules.min_consecutive_days`, `rules.min_consecutive_days_off`, no `D` the date
    /// after an `N`, and template `p`'s most `N` shifts.
    blocks: Blocks,
}

/// The block and succession knobs.
#[derive(Debug, Clone)]
struct Blocks {
    min_days: Option<i64>,
    min_off: Option<i64>,
    no_day_after_night: bool,
    max_nights: Option<i64>,
}

fn blocks() -> impl Strategy<Value = Blocks> {
    (
        prop::option::of(2i64..=3),
        prop::option::of(2i64..=2),
        any::<bool>(),
        prop::option::of(0i64..=2),
    )
        .prop_map(
            |(min_days, min_off, no_day_after_night, max_nights)| Blocks {
                min_days,
                min_off,
                no_day_after_night,
                max_nights,
            },
        )
}

fn knobs() -> impl Strategy<Value = Knobs> {
    (
        prop::sample::select(vec![0.0, 8.0, 11.0]),
        prop::option::of(prop::sample::select(vec![24.0, 35.0])),
        prop::option::of(2i64..=6),
        1i64..=3,
        any::<bool>(),
        // 40 h is above a 100 % position: the row is then left out unless explain drops the
        // position's own maximum.
        prop::option::of(prop::sample::select(vec![15.0, 25.0, 40.0])),
        prop::option::of(2i64..=3),
        prop::option::of(0u64..6),
        // The three-shift rule in one unit of four: its units took four fifths of the time
        // when in every other (the explanation of an infeasible one runs to the limit).
        (any::<bool>(), prop::bool::weighted(0.25), blocks()),
    )
        .prop_map(
            |(
                rest,
                weekly,
                consecutive,
                one_in,
                complete,
                average,
                sunday,
                holiday,
                (own_week, three_shift, blocks),
            )| {
                Knobs {
                    rest,
                    weekly,
                    consecutive,
                    one_in,
                    complete,
                    average,
                    sunday,
                    holiday,
                    own_week,
                    three_shift,
                    blocks,
                }
            },
        )
}

/// A small scenario: 1–2 weeks, 1–3 shifts, demand 0–`max_demand` per shift and weekday,
/// up to `max_people` open positions of 0–100 % (perhaps with their own weekend frequency),
/// and with `volunteers` perhaps one more position of template `v` working more weekends.
fn small_scenario(
    max_demand: i64,
    max_people: i64,
    weeks: i64,
    volunteers: bool,
) -> impl Strategy<Value = Scenario> {
    (
        1..=weeks,
        any::<bool>(),
        prop::sample::subsequence(vec![0usize, 1, 2], 1..=3),
        prop::collection::vec(0..=max_demand, 21),
        2..=max_people,
        prop::sample::select(vec![0.0, 20.0]),
        knobs(),
        prop::option::of(prop::sample::select(vec![1i64, 2, 4])),
        prop::option::of(prop::sample::select(vec![1i64, 2])),
    )
        .prop_map(
            move |(weeks, cyclic, shifts, demand, people, min_pct, k, own, vol)| {
                let mut all = menu();
                if k.blocks.no_day_after_night {
                    all[2].not_followed_by = vec!["D".into()];
                }
                let mut shifts: Vec<Shift> = shifts.iter().map(|&i| all[i].clone()).collect();
                // A succession to a shift the scenario does not have is refused by validation.
                let ids: Vec<String> = shifts.iter().map(|s| s.id.clone()).collect();
                for s in &mut shifts {
                    s.not_followed_by.retain(|t| ids.contains(t));
                }
                let max_shifts: Vec<heltid::scenario::ShiftLimit> = k
                    .blocks
                    .max_nights
                    .filter(|_| ids.iter().any(|i| i == "N"))
                    .map(|max| heltid::scenario::ShiftLimit {
                        shift: "N".into(),
                        max,
                    })
                    .into_iter()
                    .collect();
                let mut d = Vec::new();
                for (si, s) in shifts.iter().enumerate() {
                    for (wd, name) in WEEKDAYS.iter().enumerate() {
                        let min = demand[si * 7 + wd];
                        if min > 0 {
                            d.push(Demand {
                                shift: s.id.clone(),
                                days: Some(vec![(*name).into()]),
                                min,
                                ..Demand::default()
                            });
                        }
                    }
                }
                Scenario {
                    name: Some("property".into()),
                    horizon: Horizon {
                        start: "2027-01-04".into(),
                        weeks,
                        cyclic,
                        holidays: k.holiday.map(|o| {
                            let day = |d: u64| format!("2027-01-{:02}", 4 + d);
                            Holidays::Dates(vec![day(o), day(o + 1)])
                        }),
                    },
                    full_time_hours_per_week: 35.5,
                    shifts,
                    skills: vec![],
                    demand: d,
                    budget_fte: None,
                    staff: vec![],
                    open_positions: std::iter::once(OpenPosition {
                        id: "p".into(),
                        skills: vec![],
                        max_count: people,
                        min_pct: Some(min_pct),
                        max_pct: None,
                        weekend_max_one_in: own,
                        full_time_hours_per_week: k.own_week.then_some(33.6),
                        max_shifts,
                    })
                    .chain(vol.filter(|_| volunteers).map(|n| OpenPosition {
                        id: "v".into(),
                        skills: vec![],
                        max_count: 1,
                        min_pct: None,
                        max_pct: None,
                        weekend_max_one_in: Some(n),
                        ..OpenPosition::default()
                    }))
                    .collect(),
                    rules: Rules {
                        min_rest_hours: Some(k.rest),
                        weekly_rest_hours: Some(k.weekly),
                        max_consecutive_days: Some(k.consecutive),
                        min_consecutive_days: k.blocks.min_days.map(Some),
                        min_consecutive_days_off: k.blocks.min_off.map(Some),
                        max_hours_per_week: None,
                        max_average_hours_per_week: k.average.map(Some),
                        long_shifts_agreed: None,
                        hours_tolerance: None,
                        weekend: Some(WeekendRule {
                            from: None,
                            to: None,
                            max_one_in: Some(k.one_in),
                            complete: Some(k.complete),
                        }),
                        weekend_bonus: vec![],
                        sunday_work: (k.sunday.is_some() || k.holiday.is_some()).then(|| {
                            SundayWork {
                                max_one_in: k.sunday,
                                max_share: None,
                                holidays_max_one_in: k.holiday.map(|_| 2),
                            }
                        }),
                        quality: None,
                        working_time: k.three_shift.then_some(WorkingTime::KsThreeShift),
                    },
                }
            },
        )
        // A 20 % minimum with almost no demand cannot fit (`contract-cannot-fit`, about one
        // case in a thousand): such a scenario is not the subject of these properties.
        .prop_filter("a valid scenario", |s| {
            heltid::validate::validate(s).is_empty()
        })
}

/// 15 s: the generated units are decided in well under a second, except a few under the
/// three-shift rule (most of them infeasible, where the explanation's shortage programs use
/// what is left of the limit: 7-23 s of 30 s, measured).
fn opts() -> SolveOptions {
    SolveOptions {
        time_limit: 15.0,
        ..SolveOptions::default()
    }
}

/// The demanded (date, shift) slots of exact demand: [`places`] without the optional ones, so
/// an entry of `min` people on a date gives `min` slots.
fn exact_slots(sc: &Scenario) -> Option<Vec<(String, String)>> {
    let (slots, optional) = places(sc)?;
    Some(
        slots
            .into_iter()
            .zip(optional)
            .filter_map(|(slot, optional)| (!optional).then_some(slot))
            .collect(),
    )
}

/// Smallest headcount of any legal roster, by enumerating every assignment of the demanded
/// (date, shift) slots to people: to one of the scenario's staff (who always count), or to a
/// created position (restricted growth strings: positions are interchangeable), judged by the
/// checker alone. Only for exact demand of at most one person per slot.
fn brute_force(sc: &Scenario) -> Option<u32> {
    let slots = exact_slots(sc)?;
    let staff = sc.staff.len();
    let max_open = sc.open_positions[0].max_count as usize;
    let mut best: Option<u32> = None;
    labellings(
        (&vec![false; slots.len()], staff, max_open),
        &mut best,
        &|best, people| best.is_some_and(|b| people >= b),
        &mut |best, label, open| {
            if legal(sc, &slots, label, open) {
                *best = Some((staff + open) as u32);
            }
        },
    );
    best
}

/// What [`labellings`] calls with each complete labelling.
type Visit<'a, B> = dyn FnMut(&mut B, &[Option<usize>], usize) + 'a;

/// A labelling's slots: (date, shift) each.
type Slots = Vec<(String, String)>;

/// Every way of giving the slots to people, as [`brute_force`] enumerates them: slot `i` to
/// `label[i]`, below `staff` a staff member (who always counts), from it on created positions
/// in order of first use (restricted growth strings: positions are interchangeable), at most
/// `max_open`; an `optional` slot may also go to nobody (`None`). `visit(best, label, open)`
/// sees every complete labelling with its `open` positions; a growing one whose people so far
/// (staff and positions) `prune(best, people)` rejects is cut. `best` is the search's own
/// state.
fn labellings<B>(
    (optional, staff, max_open): (&[bool], usize, usize),
    best: &mut B,
    prune: &dyn Fn(&B, u32) -> bool,
    visit: &mut Visit<B>,
) {
    fn rec<B>(
        (optional, staff, max_open): (&[bool], usize, usize),
        i: usize,
        open: usize,
        label: &mut Vec<Option<usize>>,
        best: &mut B,
        prune: &dyn Fn(&B, u32) -> bool,
        visit: &mut Visit<B>,
    ) {
        if prune(best, (staff + open) as u32) {
            return;
        }
        if i == optional.len() {
            visit(best, label, open);
            return;
        }
        let nobody = optional[i].then_some(None);
        for p in nobody
            .into_iter()
            .chain((0..staff + (open + 1).min(max_open)).map(Some))
        {
            label[i] = p;
            let open = p.map_or(open, |p| open.max((p + 1).saturating_sub(staff)));
            rec(
                (optional, staff, max_open),
                i + 1,
                open,
                label,
                best,
                prune,
                visit,
            );
        }
    }
    let mut label = vec![None; optional.len()];
    rec(
        (optional, staff, max_open),
        0,
        0,
        &mut label,
        best,
        prune,
        visit,
    );
}

/// Whether `r` is proven: `optimal`, or under the three-shift rule (whose mean of ratios to
/// weeks that depend on the line no phase maximises, docs/format.md) `feasible` with the
/// headcount at its bound and every phase proven.
fn proven(sc: &Scenario, r: &Roster) -> bool {
    if sc.rules.working_time == Some(WorkingTime::KsThreeShift) {
        r.headcount_lower_bound == r.headcount && r.phases.iter().all(|p| p.optimal)
    } else {
        r.status == Status::Optimal
    }
}

/// Whether the roster giving slot `i` to person `label[i]` (nobody for `None`; the staff
/// first, then `open` positions `p-1`, `p-2`, ...) passes the checker, its claims aside.
fn legal(sc: &Scenario, slots: &[(String, String)], label: &[Option<usize>], open: usize) -> bool {
    planned_hours(sc, slots, label, open).is_some()
}

/// The planned hours of the roster giving slot `i` to person `label[i]` (nobody for `None`;
/// people as in [`legal`]) when it passes the checker, its claims aside.
fn planned_hours(
    sc: &Scenario,
    slots: &[(String, String)],
    label: &[Option<usize>],
    open: usize,
) -> Option<f64> {
    planned(sc, slots, label, open).map(|(h, _)| h)
}

/// The planned hours and the average position (each against the person's own week, from the
/// key figures) of the roster of [`planned_hours`] when it passes the checker.
fn planned(
    sc: &Scenario,
    slots: &[(String, String)],
    label: &[Option<usize>],
    open: usize,
) -> Option<(f64, f64)> {
    checked(sc, slots, label, open).map(|r| {
        let hours = r.staff.iter().map(|s| s.hours).sum();
        (hours, r.kpis.average_position_pct)
    })
}

/// The roster of [`planned_hours`], its totals from the key figures, when it passes the
/// checker, its claims aside.
fn checked(
    sc: &Scenario,
    slots: &[(String, String)],
    label: &[Option<usize>],
    open: usize,
) -> Option<Roster> {
    let id = |p: usize| {
        if p < sc.staff.len() {
            sc.staff[p].id.clone()
        } else {
            format!("p-{}", p - sc.staff.len() + 1)
        }
    };
    let assignments: Vec<Assignment> = slots
        .iter()
        .zip(label)
        .filter_map(|((date, shift), p)| {
            p.map(|p| Assignment {
                staff: id(p),
                date: date.clone(),
                shift: shift.clone(),
            })
        })
        .collect();
    let people = sc.staff.len() + open;
    let mut roster = Roster {
        scenario: "property".into(),
        status: Status::Feasible,
        headcount: people as u32,
        headcount_lower_bound: 0,
        average_position_pct: 0.0,
        average_position_upper_bound_pct: 100.0,
        solve_seconds: 0.0,
        gap: None,
        staff: (0..people)
            .map(|p| {
                let existing = sc.staff.get(p);
                RosterStaff {
                    id: id(p),
                    origin: if existing.is_some() {
                        Origin::Existing
                    } else {
                        Origin::Open
                    },
                    template: existing.is_none().then(|| "p".into()),
                    hours: 0.0,
                    position_pct: 0.0,
                    contract_pct: existing.map(|s| s.contract_pct),
                    weekends_worked: 0,
                }
            })
            .collect(),
        assignments,
        kpis: Default::default(),
        explanation: vec![],
        phases: vec![],
    };
    // The totals the roster claims, from the key figures.
    let ev = kpi::evaluate_roster(sc, &roster);
    for (s, p) in roster.staff.iter_mut().zip(&ev.people) {
        s.hours = p.hours;
        s.position_pct = p.position_pct;
        s.weekends_worked = p.weekends_worked;
    }
    roster.average_position_pct = ev.kpis.average_position_pct;
    roster.kpis = ev.kpis;
    let legal = check::check(sc, &roster)
        .iter()
        .all(|v| v.rule == Rule::Claim);
    legal.then_some(roster)
}

/// Each person's planned hours (the staff first) in the roster of [`planned_hours`] when it
/// passes the checker.
fn checked_hours(
    sc: &Scenario,
    slots: &[(String, String)],
    label: &[Option<usize>],
    open: usize,
) -> Option<Vec<f64>> {
    checked(sc, slots, label, open).map(|r| r.staff.iter().map(|s| s.hours).collect())
}

/// Under the three-shift rule: the fewest people of any legal roster (exact demand, one person
/// a slot, open positions only) and, at that headcount, the largest average position, each
/// position against the week its own line earns, by enumerating as [`brute_force`] does.
fn brute_force_average(sc: &Scenario) -> Option<(u32, f64)> {
    let slots = exact_slots(sc)?;
    fn rec(
        s: &(&[(String, String)], usize, &Scenario),
        i: usize,
        open: usize,
        label: &mut Vec<Option<usize>>,
        best: &mut Option<(u32, f64)>,
    ) {
        let (slots, max_open, sc) = *s;
        if best.is_some_and(|(b, _)| open as u32 > b) {
            return;
        }
        if i == slots.len() {
            if let Some((_, avg)) = planned(sc, slots, label, open) {
                let better = match *best {
                    None => true,
                    Some((b, ba)) => (open as u32) < b || avg > ba + 1e-9,
                };
                if better {
                    *best = Some((open as u32, avg));
                }
            }
            return;
        }
        for p in 0..(open + 1).min(max_open) {
            label[i] = Some(p);
            rec(s, i + 1, open.max(p + 1), label, best);
        }
    }
    let max_open = sc.open_positions[0].max_count as usize;
    let mut best = None;
    let mut label = vec![None; slots.len()];
    rec(&(&slots, max_open, sc), 0, 0, &mut label, &mut best);
    best
}

/// The fewest people of any legal roster and, at that headcount, the most planned hours, by
/// [`brute_force_rosters`], where a (date, shift) may also have an optional place (`max =
/// min + 1`): that one goes to nobody or to anyone. One template, everyone on the scenario's
/// week (so the hours phase maximises plain hours).
fn brute_force_hours(sc: &Scenario) -> Option<(u32, f64)> {
    let (people, rosters) = brute_force_rosters(sc)?;
    let most = rosters
        .iter()
        .map(|r| r.hours)
        .fold(f64::NEG_INFINITY, f64::max);
    Some((people, most))
}

/// Every place of the demand, one per (date, entry) and person up to its most, and whether
/// each is optional (beyond the entry's least).
fn places(sc: &Scenario) -> Option<(Slots, Vec<bool>)> {
    let start = chrono::NaiveDate::from_ymd_opt(2027, 1, 4)?;
    let mut slots = Vec::new();
    let mut optional = Vec::new();
    for d in 0..(sc.horizon.weeks * 7) as u64 {
        let date = start + chrono::Days::new(d);
        let wd = WEEKDAYS[(d % 7) as usize];
        for e in &sc.demand {
            if !e.days.as_ref().is_some_and(|x| x.iter().any(|w| w == wd)) {
                continue;
            }
            for k in 0..e.max.unwrap_or(e.min) {
                slots.push((date.format("%Y-%m-%d").to_string(), e.shift.clone()));
                optional.push(k >= e.min);
            }
        }
    }
    Some((slots, optional))
}

/// [`small_scenario`] for [`brute_force_hours`]: some demanded (shift, weekday) slots get an
/// optional place (`max = min + 1`), at most 7 places in all, everyone on the scenario's week.
fn optional_demand_scenario() -> impl Strategy<Value = Scenario> {
    (
        small_scenario(1, 3, 1, false),
        prop::collection::vec(any::<bool>(), 21),
    )
        .prop_map(|(mut sc, extra)| {
            for (e, more) in sc.demand.iter_mut().zip(extra) {
                if more {
                    e.max = Some(e.min + 1);
                }
            }
            for t in &mut sc.open_positions {
                t.full_time_hours_per_week = None;
            }
            sc
        })
        .prop_filter("some optional place, at most 7 places", |sc| {
            let places: i64 = sc
                .demand
                .iter()
                .map(|e| e.max.unwrap_or(e.min) * e.days.as_ref().map_or(7, |d| d.len() as i64))
                .sum::<i64>()
                * sc.horizon.weeks;
            sc.demand.iter().any(|e| e.max.is_some_and(|m| m > e.min))
                && places <= 7
                && heltid::validate::validate(sc).is_empty()
        })
}

/// A tiny unit with existing staff (issue 8): [`small_scenario`]'s rules and template (with
/// its minimum position size), one shift on one or two weekdays (mostly the weekend) for 2–3
/// weeks, and one or two staff members who may work 0 or at least 7–8 h (one shift) and are
/// unavailable on some dates (a vacation week, or scattered days), so that their weekend caps,
/// the weekend bound over runs of weekends and the hour windows all come into play.
fn tiny_staff_scenario() -> impl Strategy<Value = Scenario> {
    (
        small_scenario(1, 3, 1, false),
        2i64..=3,
        prop_oneof![
            3 => Just(vec!["sat", "sun"]),
            1 => Just(vec!["sat"]),
            1 => Just(vec!["fri", "sun"]),
            1 => Just(vec!["mon", "sat"]),
        ],
        1usize..=2,
        prop::collection::vec(
            (
                prop::sample::select(vec![0.0, 7.0]),
                prop::option::of(0usize..3),
                prop::collection::vec(0usize..21, 0..3),
            ),
            2,
        ),
    )
        .prop_map(|(mut sc, weeks, days, staff, people)| {
            sc.horizon.weeks = weeks;
            // Blocks of 2-3 days cannot be worked on weekend demand alone (covered elsewhere).
            sc.rules.min_consecutive_days = None;
            sc.rules.min_consecutive_days_off = None;
            // Complete weekends need work on both days: only where both are demanded.
            if !(days.contains(&"sat") && days.contains(&"sun")) {
                if let Some(w) = sc.rules.weekend.as_mut() {
                    w.complete = Some(false);
                }
            }
            sc.shifts.truncate(1);
            let shift = sc.shifts[0].id.clone();
            sc.shifts[0].not_followed_by.clear();
            for t in &mut sc.open_positions {
                t.max_shifts.retain(|l| l.shift == shift);
            }
            sc.demand = days
                .iter()
                .map(|d| Demand {
                    shift: shift.clone(),
                    days: Some(vec![(*d).into()]),
                    min: 1,
                    ..Demand::default()
                })
                .collect();
            let start = chrono::NaiveDate::from_ymd_opt(2027, 1, 4).unwrap();
            let date = |d: usize| {
                (start + chrono::Days::new(d as u64))
                    .format("%Y-%m-%d")
                    .to_string()
            };
            sc.staff = people
                .iter()
                .take(staff)
                .enumerate()
                .map(|(i, (min, away_week, away_days))| {
                    let mut away: Vec<usize> = away_week
                        .map(|w| (w * 7..w * 7 + 7).collect())
                        .unwrap_or_default();
                    away.extend(away_days);
                    away.retain(|d| *d < weeks as usize * 7);
                    away.sort_unstable();
                    away.dedup();
                    serde_json::from_value(serde_json::json!({
                        "id": format!("s-{}", i + 1),
                        "contract_pct": 10,
                        "min_hours": min,
                        "max_hours": 60,
                        "unavailable": away.into_iter().map(date).collect::<Vec<_>>(),
                    }))
                    .expect("a staff member")
                })
                .collect();
            sc
        })
        .prop_filter("a valid scenario", |s| {
            heltid::validate::validate(s).is_empty()
        })
}

/// Staff who wish more on two shift lengths: [`tiny_staff_scenario`] with a day (8 h) and a
/// night (9.5 h) shift, each demanded weekday drawing one of the two, a 40 h full-time week, and
/// a wish of 25, 50 or 75 % (whole hours; above the staff's 10 % contract, and up to their
/// 60 h most) for each staff member, so that whole shifts decide which wished hours a roster
/// can reach; without the three-shift rule and own weeks, whose phases come before the
/// wishes.
fn wish_scenario() -> impl Strategy<Value = Scenario> {
    (
        tiny_staff_scenario(),
        prop::collection::vec(any::<bool>(), 7),
        prop::collection::vec(prop::sample::select(vec![25.0, 50.0, 75.0]), 2),
    )
        .prop_map(|(mut sc, night, wish)| {
            let menu = menu();
            sc.shifts = vec![menu[0].clone(), menu[2].clone()];
            for (e, night) in sc.demand.iter_mut().zip(night) {
                e.shift = if night { "N" } else { "D" }.into();
            }
            // Only the headcount before the wishes: no phase on the sum of positions (the
            // three-shift rule) or on weighted hours (own weeks).
            sc.rules.working_time = None;
            for t in &mut sc.open_positions {
                t.max_shifts.clear();
                t.full_time_hours_per_week = None;
            }
            sc.full_time_hours_per_week = 40.0;
            for (st, w) in sc.staff.iter_mut().zip(wish) {
                st.wish_pct = Some(w);
            }
            sc
        })
        .prop_filter("a valid scenario", |s| {
            heltid::validate::validate(s).is_empty()
        })
}

/// [`wish_scenario`] with an optional place (`max = min + 1`) on some demand entries, at most
/// 7 places in all: the total-hours phase runs before the wished hours.
fn wish_optional_scenario() -> impl Strategy<Value = Scenario> {
    (wish_scenario(), prop::collection::vec(any::<bool>(), 2))
        .prop_map(|(mut sc, extra)| {
            for (e, more) in sc.demand.iter_mut().zip(extra) {
                if more {
                    e.max = Some(e.min + 1);
                }
            }
            sc
        })
        .prop_filter("some optional place, at most 7 places", |sc| {
            places(sc)
                .is_some_and(|(slots, optional)| optional.iter().any(|&o| o) && slots.len() <= 7)
                && heltid::validate::validate(sc).is_empty()
        })
}

/// [`wish_scenario`] with one staff member, so that the created positions take most of the
/// demand: about one case in five then creates two or three.
fn smallest_scenario() -> impl Strategy<Value = Scenario> {
    wish_scenario().prop_map(|mut sc| {
        sc.staff.truncate(1);
        sc
    })
}

/// The fewest people of any legal roster (by [`brute_force_rosters`]) and, at that headcount,
/// the most wished hours `Σ min(hours, wish)` over the staff who wish more than their contract
/// (a wish of `wish_pct` of the full-time week over the horizon, at most `max_hours`).
fn brute_force_wish(sc: &Scenario) -> Option<(u32, f64)> {
    let (people, rosters) = brute_force_rosters(sc)?;
    let most = rosters
        .iter()
        .map(|r| r.wished)
        .fold(f64::NEG_INFINITY, f64::max);
    Some((people, most))
}

/// Each staff member's wished hours when they wish more than their contract: `wish_pct` of the
/// full-time week over the horizon, at most `max_hours`.
fn wishes(sc: &Scenario) -> Vec<Option<f64>> {
    let weeks = sc.horizon.weeks as f64;
    sc.staff
        .iter()
        .map(|st| {
            let w = st.wish_pct? / 100.0 * sc.full_time_hours_per_week * weeks;
            (st.wish_pct? > st.contract_pct).then(|| st.max_hours.map_or(w, |m| w.min(m)))
        })
        .collect()
}

/// The wished hours `r` plans: `Σ min(hours, wish)` over the staff who wish more (see
/// [`wishes`]).
fn planned_wished(sc: &Scenario, r: &Roster) -> f64 {
    wishes(sc)
        .iter()
        .zip(&r.staff)
        .filter_map(|(w, p)| w.map(|w| p.hours.min(w)))
        .sum()
}

/// A legal roster as the phases after the headcount see it.
struct Outcome {
    /// Its planned hours.
    hours: f64,
    /// Its wished hours `Σ min(hours, wish)` over the staff who wish more (see [`wishes`]).
    wished: f64,
    /// The hours of its smallest created position (`None` when it creates none).
    smallest: Option<f64>,
}

/// The fewest people of any legal roster (as [`brute_force`] enumerates them, an optional
/// place of the demand also left empty) and every legal roster of that many.
fn brute_force_rosters(sc: &Scenario) -> Option<(u32, Vec<Outcome>)> {
    let (slots, optional) = places(sc)?;
    let staff = sc.staff.len();
    let max_open = sc.open_positions[0].max_count as usize;
    let wish = wishes(sc);
    let mut best: Option<(u32, Vec<Outcome>)> = None;
    labellings(
        (&optional, staff, max_open),
        &mut best,
        &|best, people| best.as_ref().is_some_and(|(b, _)| people > *b),
        &mut |best, label, open| {
            let Some(hours) = checked_hours(sc, &slots, label, open) else {
                return;
            };
            let outcome = Outcome {
                hours: hours.iter().sum(),
                wished: wish
                    .iter()
                    .zip(&hours)
                    .filter_map(|(w, h)| w.map(|w| h.min(w)))
                    .sum(),
                smallest: hours[staff..].iter().copied().reduce(f64::min),
            };
            let people = (staff + open) as u32;
            match best {
                Some((b, all)) if *b == people => all.push(outcome),
                Some((b, _)) if *b < people => {}
                _ => *best = Some((people, vec![outcome])),
            }
        },
    );
    best
}

/// The rosters of the fewest people (see [`brute_force_rosters`]) and the solver's roster,
/// checked to have that many people and to pass the checker; `None` when no roster is legal.
fn solved_beside_brute_force(
    sc: &Scenario,
) -> Result<Option<(Roster, Vec<Outcome>)>, TestCaseError> {
    let Some((people, rosters)) = brute_force_rosters(sc) else {
        return Ok(None);
    };
    let r = heltid::solve(sc, &opts()).unwrap();
    prop_assert_eq!(r.headcount, people);
    assert_legal(sc, &r);
    Ok(Some((r, rosters)))
}

/// `r`'s phase called `name`, if it ran.
fn named<'a>(r: &'a Roster, name: &str) -> Option<&'a PhaseReport> {
    r.phases.iter().find(|p| p.phase == name)
}

/// The hours the phase called `name` keeps for the later ones: its objective is their
/// negative in half hours, whole for any roster, so rounded up past the solver's tolerance as
/// the solver keeps it; every level (−∞) when it did not run.
fn kept_by(r: &Roster, name: &str) -> f64 {
    named(r, name).map_or(f64::NEG_INFINITY, |p| {
        (-p.objective.expect("a roster") - 1e-4).ceil() / 2.0
    })
}

/// A tie-break `phase` that maximises hours (its objective and bound their negative, in half
/// hours) against what the roster plans and `most`, the brute-force best: the later phases
/// keep at least the phase's level (a later phase may raise it), its bound is never below the
/// best, and a phase claimed optimal meets it.
fn tie_break_holds(
    phase: &PhaseReport,
    planned: f64,
    most: f64,
    phases: &[PhaseReport],
) -> Result<(), TestCaseError> {
    let objective = phase.objective.expect("a roster") / -2.0;
    prop_assert!(planned >= objective - 1e-4, "{:?} vs {} h", phase, planned);
    let bound = phase.bound.map_or(f64::INFINITY, |b| b / -2.0);
    prop_assert!(
        bound >= most - 1e-6,
        "bound {} h below the most, {} h: {:?}",
        bound,
        most,
        phases
    );
    if phase.optimal {
        prop_assert!(
            (planned - most).abs() < 1e-6,
            "optimal at {} h, brute force {} h",
            planned,
            most
        );
    }
    Ok(())
}

fn relaxed(sc: &Scenario, which: usize) -> Scenario {
    let mut r = sc.clone();
    match which {
        0 => {
            r.rules.weekend.as_mut().unwrap().max_one_in = Some(1);
            for o in &mut r.open_positions {
                o.weekend_max_one_in = None;
            }
        }
        1 => r.rules.min_rest_hours = Some(0.0),
        2 => r.rules.weekly_rest_hours = Some(None),
        3 => r.rules.max_consecutive_days = Some(None),
        4 => r.rules.max_average_hours_per_week = Some(None),
        5 => r.rules.sunday_work = None,
        6 => {
            r.rules.min_consecutive_days = Some(None);
            r.rules.min_consecutive_days_off = Some(None);
            for s in &mut r.shifts {
                s.not_followed_by.clear();
            }
            for o in &mut r.open_positions {
                o.max_shifts.clear();
            }
        }
        _ => r.rules.weekend.as_mut().unwrap().complete = Some(false),
    }
    r
}

proptest! {
    #![proptest_config(common::proptest_config(24))]

    #[test]
    fn can_only_return_rosters_the_checker_accepts(sc in small_scenario(2, 8, 2, true)) {
        let r = solved(&sc, &opts());
        prop_assume!(r.is_some(), "undecided in the time");
        let r = r.unwrap();
        if r.status != Status::Infeasible {
            assert_legal(&sc, &r);
            prop_assert!(r.headcount_lower_bound <= r.headcount);
            // The analytic bounds (the weekend one with per-person caps) hold for any roster.
            let b = bounds::instant(&sc).unwrap().base;
            prop_assert!(b.weekend.is_some_and(|w| w <= r.headcount), "{:?} vs {}", b, r.headcount);
            prop_assert!(b.headcount().is_some_and(|h| h <= r.headcount));
        } else {
            prop_assert!(!r.explanation.is_empty());
        }
        let back: Roster = serde_json::from_str(&serde_json::to_string(&r).unwrap()).unwrap();
        prop_assert_eq!(back, r);
    }

    #[test]
    fn can_solve_deterministically(sc in small_scenario(2, 6, 2, true)) {
        // One thread: with more, searches side by side may finish in either order.
        let opts = SolveOptions { threads: Some(1), ..opts() };
        let (a, b) = (solved(&sc, &opts), solved(&sc, &opts));
        prop_assume!(a.is_some() && b.is_some(), "undecided in the time");
        let (mut a, mut b) = (a.unwrap(), b.unwrap());
        for r in [&mut a, &mut b] {
            r.solve_seconds = 0.0;
            r.phases.iter_mut().for_each(|p| p.seconds = 0.0);
        }
        // A phase stopped by its share of the time may end anywhere; what was proven may not.
        // So the rosters are equal when every phase (of an infeasible one, the explanation)
        // was proven, and otherwise the phases up to the first one not proven agree.
        let proven = |r: &Roster| r.phases.iter().all(|p| p.optimal);
        if proven(&a) && proven(&b) {
            prop_assert_eq!(a, b);
        } else {
            prop_assert_eq!(a.status == Status::Infeasible, b.status == Status::Infeasible);
            for (p, q) in a.phases.iter().zip(&b.phases).take_while(|(p, q)| p.optimal && q.optimal) {
                prop_assert_eq!(&p.phase, &q.phase);
                let (x, y) = (p.objective.unwrap_or(0.0), q.objective.unwrap_or(0.0));
                prop_assert!((x - y).abs() <= 1e-6 * x.abs().max(1.0), "{}: {} vs {}", p.phase, x, y);
            }
        }
    }

    #[test]
    fn can_never_need_more_people_when_a_rule_is_relaxed(sc in small_scenario(2, 6, 2, true), which in 0usize..8) {
        let (strict, loose) = (solved(&sc, &opts()), solved(&relaxed(&sc, which), &opts()));
        prop_assume!(strict.is_some() && loose.is_some(), "undecided in the time");
        let (strict, loose) = (strict.unwrap(), loose.unwrap());
        if strict.status != Status::Infeasible {
            prop_assert!(loose.status != Status::Infeasible, "relaxing made it infeasible");
        }
        if strict.status == Status::Optimal && loose.status == Status::Optimal {
            prop_assert!(loose.headcount <= strict.headcount,
                "relaxed {} > strict {}", loose.headcount, strict.headcount);
        }
    }

    #[test]
    fn can_match_brute_force_on_tiny_instances(sc in small_scenario(1, 4, 1, false)
        .prop_filter("at most 9 demanded slots", |s| s.demand.len() <= 9)) {
        let r = heltid::solve(&sc, &opts()).unwrap();
        let brute = brute_force(&sc);
        // The instant bounds (weekend crews under rest and the Sunday rules included) against
        // the enumeration alone: the solver states them as cuts, so its roster cannot tell.
        let b = heltid::bounds::instant(&sc).unwrap();
        match brute {
            None => prop_assert_eq!(r.status, Status::Infeasible, "{:?}", r.explanation),
            Some(h) => {
                prop_assert!(b.headcount.is_some_and(|x| x <= h), "instant {:?} > brute force {}", b.headcount, h);
                prop_assert!(proven(&sc, &r), "{:?} {:?}", r.status, r.phases);
                prop_assert_eq!(r.headcount, h);
            }
        }
    }
}

proptest! {
    #![proptest_config(common::proptest_config(64))]

    /// Issue 8.4: with optional demand the solver's fewest people and, at that headcount, its
    /// planned hours (the total-hours phase, whose bound by shift supplies is a cut) equal
    /// what enumerating every roster finds, and the roster is legal.
    #[test]
    fn can_match_brute_force_hours_with_optional_demand(sc in optional_demand_scenario()) {
        let o = SolveOptions { tie_breaks: false, ..opts() };
        let r = heltid::solve(&sc, &o).unwrap();
        match brute_force_hours(&sc) {
            None => prop_assert_eq!(r.status, Status::Infeasible, "{:?}", r.explanation),
            Some((h, hours)) => {
                prop_assert!(proven(&sc, &r), "{:?} {:?}", r.status, r.phases);
                prop_assert_eq!(r.headcount, h);
                let planned: f64 = r.staff.iter().map(|s| s.hours).sum();
                prop_assert!((planned - hours).abs() < 1e-6, "planned {} h, brute force {} h", planned, hours);
                assert_legal(&sc, &r);
            }
        }
    }

    /// Issue 8: with existing staff (hour windows, vacations) and a minimum position size, the
    /// instant bound never exceeds the brute-force optimum, and the solver proves it.
    #[test]
    fn can_match_brute_force_with_existing_staff(sc in tiny_staff_scenario()) {
        let brute = brute_force(&sc);
        let b = heltid::bounds::instant(&sc).unwrap();
        let r = heltid::solve(&sc, &opts()).unwrap();
        match brute {
            None => prop_assert_eq!(r.status, Status::Infeasible, "{:?}", r.explanation),
            Some(h) => {
                prop_assert!(b.headcount.is_some_and(|x| x <= h),
                    "instant bound {:?} above the optimum {}: {:?}", b.headcount, h, b.base);
                prop_assert!(proven(&sc, &r), "{:?} {:?}", r.status, r.phases);
                prop_assert_eq!(r.headcount, h);
                assert_legal(&sc, &r);
            }
        }
    }

    /// The wish-hours tie-break: at the fewest people, the staff's wished hours the solver
    /// plans are never above the most any roster has, its bound (the supplies' or the
    /// search's) never below it, and a phase claimed optimal meets it. The phase reports half
    /// hours here (8 h and 9.5 h shifts).
    #[test]
    fn can_match_brute_force_wish_hours(sc in wish_scenario()) {
        let Some((people, most)) = brute_force_wish(&sc) else {
            return Ok(());
        };
        let r = heltid::solve(&sc, &opts()).unwrap();
        prop_assert_eq!(r.headcount, people);
        assert_legal(&sc, &r);
        let planned = planned_wished(&sc, &r);
        prop_assert!(planned <= most + 1e-6, "planned {} h, brute force {} h", planned, most);
        let phase = r.phases.iter().find(|p| p.phase == "wish hours");
        prop_assert!(phase.is_some(), "staff who wish more, no wish-hours phase: {:?}", r.phases);
        if let Some(phase) = phase {
            tie_break_holds(phase, planned, most, &r.phases)?;
        }
    }

    /// The wish-hours tie-break after the total-hours phase of optional demand: among the
    /// rosters of the fewest people that keep the hours that phase settled on, the wished
    /// hours the solver plans are never above the most any of them has, the phase's bound
    /// (the supplies', with the hours kept as a floor, or the search's) never below it, and a
    /// phase claimed optimal meets it. Both phases report half hours here (8 h and 9.5 h
    /// shifts).
    #[test]
    fn can_match_brute_force_wish_hours_after_the_hours_phase(sc in wish_optional_scenario()) {
        let Some((r, rosters)) = solved_beside_brute_force(&sc)? else {
            return Ok(());
        };
        let hours = named(&r, "total hours");
        prop_assert!(hours.is_some(), "optional demand, no total-hours phase: {:?}", r.phases);
        let kept = kept_by(&r, "total hours");
        let total: f64 = r.staff.iter().map(|p| p.hours).sum();
        prop_assert!(total >= kept - 1e-6, "{} h planned, {} h kept", total, kept);
        let most = rosters
            .iter()
            .filter(|o| o.hours >= kept - 1e-6)
            .map(|o| o.wished)
            .fold(f64::NEG_INFINITY, f64::max);
        let planned = planned_wished(&sc, &r);
        prop_assert!(planned <= most + 1e-6, "planned {} h, brute force {} h", planned, most);
        let phase = named(&r, "wish hours");
        prop_assert!(phase.is_some(), "staff who wish more, no wish-hours phase: {:?}", r.phases);
        if let Some(phase) = phase {
            tie_break_holds(phase, planned, most, &r.phases)?;
        }
    }

    /// The smallest-position tie-break: among the rosters of the fewest people that keep the
    /// wished hours the wish-hours phase settled on, the smallest created position the solver
    /// plans is never above the largest any of them has, the phase's bound (the relaxation's,
    /// the supplies' refutation of levels or the bisection's) never below it, and a phase
    /// claimed optimal meets it. Both phases report half hours here (8 h and 9.5 h shifts).
    #[test]
    fn can_match_brute_force_smallest_position(sc in smallest_scenario()) {
        let Some((r, rosters)) = solved_beside_brute_force(&sc)? else {
            return Ok(());
        };
        // The wished hours the later phases keep (every roster here when there is no phase).
        let kept = kept_by(&r, "wish hours");
        let most = rosters
            .iter()
            .filter(|r| r.wished >= kept - 1e-6)
            .filter_map(|r| r.smallest)
            .fold(f64::NEG_INFINITY, f64::max);
        let created: Vec<f64> = r
            .staff
            .iter()
            .filter(|s| s.origin == Origin::Open)
            .map(|s| s.hours)
            .collect();
        let Some(planned) = created.iter().copied().reduce(f64::min) else {
            // Nothing created: the fewest people are the staff alone (the headcount is
            // checked above), so no roster enumerated creates anything either.
            prop_assert!(most == f64::NEG_INFINITY, "no position created, brute force {} h", most);
            return Ok(());
        };
        prop_assert!(planned <= most + 1e-6, "planned {} h, brute force {} h", planned, most);
        let phase = named(&r, "smallest position");
        prop_assert!(phase.is_some(), "positions created, no smallest-position phase: {:?}", r.phases);
        if let Some(phase) = phase {
            tie_break_holds(phase, planned, most, &r.phases)?;
        }
    }
}

proptest! {
    #![proptest_config(common::proptest_config(64))]

    /// Issue 9: under the three-shift rule the solver's average position (the phase after the
    /// headcount, each position against the week its own line earns) equals the most that
    /// enumerating every roster finds when it claims `optimal`, is never above it, and its
    /// claimed bound (the analytic one on the credit the demand holds, or the search's) is never
    /// below it.
    #[test]
    fn can_match_brute_force_average_under_the_three_shift_rule(sc in small_scenario(1, 3, 1, false)
        .prop_map(|mut sc| {
            sc.rules.working_time = Some(WorkingTime::KsThreeShift);
            sc.open_positions.truncate(1);
            sc
        })
        .prop_filter("at most 7 demanded slots", |s| s.demand.len() <= 7)) {
        let o = SolveOptions { tie_breaks: false, ..opts() };
        let r = heltid::solve(&sc, &o).unwrap();
        match brute_force_average(&sc) {
            None => prop_assert_eq!(r.status, Status::Infeasible, "{:?}", r.explanation),
            Some((h, avg)) => {
                prop_assert_eq!(r.headcount, h);
                prop_assert!(r.average_position_pct <= avg + 0.01,
                    "{} % above the brute force {avg} %", r.average_position_pct);
                prop_assert!(r.average_position_upper_bound_pct >= avg - 0.01,
                    "bound {} % below the brute force {avg} %", r.average_position_upper_bound_pct);
                // The analytic bound alone (at its own headcount bound, at most h) too.
                let instant = heltid::bounds::instant(&sc).unwrap().average_position_upper_bound_pct;
                // (No bound without people: nothing demanded.)
                prop_assert!(h == 0 || instant.is_some_and(|b| b >= avg - 0.01),
                    "instant bound {:?} below the brute force {avg} %", instant);
                prop_assert_eq!(r.status, Status::Optimal, "{:?}", r.phases);
                prop_assert!((r.average_position_pct - avg).abs() <= 0.01,
                    "{} % against the brute force {avg} %", r.average_position_pct);
                assert_legal(&sc, &r);
            }
        }
    }
}

/// [`small_scenario`] with a skill: a second template `rn` of 1–4 holders and a skill minimum
/// of one holder on some demanded (shift, weekday) slots.
fn small_skill_scenario() -> impl Strategy<Value = Scenario> {
    (
        small_scenario(2, 6, 2, true),
        prop::collection::vec(any::<bool>(), 21),
        1i64..=4,
    )
        .prop_map(|(mut sc, picks, holders)| {
            sc.skills = vec!["RN".into()];
            sc.open_positions.push(OpenPosition {
                id: "rn".into(),
                skills: vec!["RN".into()],
                max_count: holders,
                ..OpenPosition::default()
            });
            let shifts: Vec<String> = sc.shifts.iter().map(|s| s.id.clone()).collect();
            for (si, s) in shifts.iter().enumerate() {
                for (wd, name) in WEEKDAYS.iter().enumerate() {
                    let demanded = sc.demand.iter().any(|d| {
                        &d.shift == s
                            && d.days.as_ref().is_some_and(|x| x.iter().any(|w| w == name))
                    });
                    if demanded && picks[si * 7 + wd] {
                        sc.demand.push(Demand {
                            shift: s.clone(),
                            days: Some(vec![(*name).into()]),
                            skill: Some("RN".into()),
                            min: 1,
                            ..Demand::default()
                        });
                    }
                }
            }
            sc
        })
}

proptest! {
    #![proptest_config(common::proptest_config(24))]

    /// The instant bounds (weekend, hours, skills) never exceed what a legal roster achieves.
    /// The skill bound is checked independently of the solver (which uses it as its starting
    /// lower bound): every legal roster must hold at least the holders it demands.
    #[test]
    fn can_never_bound_the_headcount_above_the_optimum(sc in small_skill_scenario()) {
        let b = heltid::bounds::instant(&sc).unwrap();
        let o = SolveOptions { tie_breaks: false, ..opts() };
        let r = solved(&sc, &o);
        prop_assume!(r.is_some(), "undecided in the time");
        let r = r.unwrap();
        if r.status != Status::Infeasible {
            assert_legal(&sc, &r);
            let h = b.headcount.expect("the bounds prove infeasibility, yet a roster exists");
            prop_assert!(h <= r.headcount, "instant bound {} > roster {}", h, r.headcount);
            if let Some(a) = b.average_position_upper_bound_pct {
                prop_assert!(a + 0.01 >= r.average_position_pct,
                    "average bound {} < achieved {}", a, r.average_position_pct);
            }
            let holders = r.staff.iter().filter(|p| p.template.as_deref() == Some("rn")).count() as u32;
            let need = b.skills[0].open_needed.expect("skill bound proves infeasibility");
            prop_assert!(holders >= need, "roster has {} RN positions, bound says {}", holders, need);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Round trips (issue 11): what heltid writes, it reads back.
// ---------------------------------------------------------------------------------------------

/// Reads a roster back from its JSON: every roster heltid writes must (issue 11: an unknown
/// bound written as `null` could not be read).
fn read_back(json: &str) -> Option<Roster> {
    match serde_json::from_str::<Roster>(json) {
        Ok(r) => Some(r),
        Err(e) => panic!("a roster heltid wrote does not read back: {e}\n{json}"),
    }
}

/// Solves with [`quick`]; `None` when the time limit passed before any roster was found (a
/// loaded machine).
fn solve_quickly(sc: &heltid::Scenario) -> Option<Roster> {
    solved(sc, &quick())
}

/// Solves; `None` when the time limit passed before a roster or a proof of infeasibility was
/// found. A property about rosters says nothing of such a case, and the generators reach a few
/// (one in 600 scenarios like the one CI failed on, at 30 s): five positions at the
/// edge of their hours, where each one's week depends on its nights and Sundays, stayed
/// undecided for 300 s. That is a defect of the solver, not of these properties.
fn solved(sc: &heltid::Scenario, opts: &SolveOptions) -> Option<Roster> {
    match heltid::solve(sc, opts) {
        Ok(r) => Some(r),
        Err(heltid::Error::NoSolutionInTime { .. }) => None,
        Err(e) => panic!("{e}"),
    }
}

fn quick() -> SolveOptions {
    SolveOptions {
        time_limit: 5.0,
        ..SolveOptions::default()
    }
}

proptest! {
    #![proptest_config(common::proptest_config(16))]

    /// solve → roster JSON → parse → `check` passes (infeasible rosters too: their form).
    #[test]
    fn can_check_a_solved_roster_read_back_from_json(sc in small_scenario(2, 6, 2, true)) {
        // Shrinking may leave the valid scenarios (a 20 % minimum with too little demand).
        prop_assume!(heltid::validate::validate(&sc).is_empty());
        let Some(r) = solve_quickly(&sc) else { return Ok(()) };
        let json = serde_json::to_string(&r).unwrap();
        if let Some(back) = read_back(&json) {
            let v = check::check(&sc, &back);
            prop_assert!(v.is_empty(), "{}\n{}", check::format_violations(&v), json);
            prop_assert_eq!(back, r);
        }
    }

    /// roster → CSV grid (`roster::to_csv`) → `import::parse_rota_csv` reads every person (in
    /// order, with their template's skills and their size) and every shift back.
    #[test]
    fn can_read_every_person_and_shift_back_from_the_csv_grid(sc in small_skill_scenario()) {
        prop_assume!(heltid::validate::validate(&sc).is_empty());
        let Some(r) = solve_quickly(&sc) else { return Ok(()) };
        let csv = heltid::roster::to_csv(&sc, &r).unwrap();
        let rota = heltid::import::parse_rota_csv(&sc, &csv)
            .unwrap_or_else(|e| panic!("the grid heltid wrote does not read back: {e}\n{csv}"));
        let people: Vec<&str> = rota.people.iter().map(|p| p.id.as_str()).collect();
        let staff: Vec<&str> = r.staff.iter().map(|p| p.id.as_str()).collect();
        prop_assert_eq!(people, staff);
        let mut read = rota.assignments.clone();
        let mut written = r.assignments.clone();
        read.sort();
        written.sort();
        prop_assert_eq!(read, written);
        for (p, s) in rota.people.iter().zip(&r.staff) {
            let skills = sc.open_positions.iter()
                .find(|t| Some(&t.id) == s.template.as_ref())
                .map(|t| t.skills.clone())
                .unwrap_or_default();
            prop_assert_eq!(p.skills.clone(), Some(skills));
            let pct = p.contract_pct.expect("to_csv writes a size for everybody");
            prop_assert!((pct - s.position_pct).abs() < 1e-9, "{} vs {}", pct, s.position_pct);
        }
    }
}

proptest! {
    #![proptest_config(common::proptest_config(256))]

    /// scenario → JSON → `parse_scenario` is the identity, or, for the rare generated scenario
    /// that does not validate (a 20 % minimum with next to no demand: `contract-cannot-fit`),
    /// gives exactly the issues `validate` reports.
    #[test]
    fn can_parse_a_serialised_scenario_back_to_itself(sc in small_skill_scenario(), pretty in any::<bool>()) {
        let json = if pretty {
            serde_json::to_string_pretty(&sc).unwrap()
        } else {
            serde_json::to_string(&sc).unwrap()
        };
        let issues = heltid::validate::validate(&sc);
        match heltid::validate::parse_scenario(&json) {
            Ok(back) => {
                prop_assert!(issues.is_empty(), "{:?}", issues);
                prop_assert_eq!(back, sc);
            }
            Err(heltid::Error::Invalid(found)) if !issues.is_empty() => prop_assert_eq!(found, issues),
            Err(e) => panic!("{e}\n{json}"),
        }
    }
}
