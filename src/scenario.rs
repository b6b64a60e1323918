//! The scenario wire format of `docs/format.md`: plain serde types with string ids, exactly as a
//! user writes them.
//!
//! These types accept every *well-typed* file; semantic checks (dates, times, ids, ranges) are
//! the job of [`crate::validate`], which collects every problem at once. Numbers that must be
//! whole are `i64` here so that a negative value reaches validation (and gets a readable issue)
//! instead of failing inside serde. Unknown fields are rejected (`deny_unknown_fields`).

use serde::{Deserialize, Serialize};

/// A whole scenario: horizon, shifts, demand, people, open positions and rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Free-text name, copied into every roster.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Planning horizon.
    pub horizon: Horizon,
    /// Hours of a 100 % position per week (35.5 for rotating shift work with Sunday work).
    pub full_time_hours_per_week: f64,
    /// Shift types.
    pub shifts: Vec<Shift>,
    /// Declared skill ids.
    #[serde(default)]
    pub skills: Vec<String>,
    /// Staffing demand per shift (and skill).
    pub demand: Vec<Demand>,
    /// People who already work in the unit; all of them stay.
    #[serde(default)]
    pub staff: Vec<Staff>,
    /// Templates of positions the optimiser may create.
    #[serde(default)]
    pub open_positions: Vec<OpenPosition>,
    /// Working-time rules; every field has a default.
    #[serde(default)]
    pub rules: Rules,
    /// Full-time equivalents the unit may spend (an extension, see docs/format.md). When set, the
    /// planned hours may total at most `budget_fte × full_time_hours_per_week × weeks`, and the
    /// objective becomes the true ratio: the largest average position size (total planned hours
    /// ÷ headcount), filling optional demand (`max > min`) within the budget. Without it the
    /// default objective stands: fewest people, then most hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget_fte: Option<f64>,
}

/// The planning horizon: whole weeks from a Monday, cyclic (a repeating base rota) or not.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Horizon {
    /// First date, ISO `YYYY-MM-DD`; must be a Monday.
    pub start: String,
    /// Number of weeks, at least 1.
    pub weeks: i64,
    /// `true`: the rota repeats and every rule wraps from the last day to the first.
    pub cyclic: bool,
    /// Public holidays within the horizon: a calendar (`"NO"`) or a list of dates. Demand
    /// entries whose `days` list `"holiday"` staff them (docs/format.md); KPIs count them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holidays: Option<Holidays>,
}

impl Scenario {
    /// Whether some staff member or template has a full-time week of their own that differs
    /// from the scenario's (then position sizes are per-person percentages, see docs/format.md).
    pub fn has_own_weeks(&self) -> bool {
        let f = self.full_time_hours_per_week;
        self.staff.iter().any(|s| s.week_hours(f) != f)
            || self.open_positions.iter().any(|o| o.week_hours(f) != f)
    }

    /// Whether some demand entry lists the holidays: then a holiday's `days` entries are those
    /// entries only, for every shift and skill (docs/format.md rule 12a).
    pub fn holiday_demand(&self) -> bool {
        self.demand.iter().any(Demand::lists_holiday)
    }
}

impl Horizon {
    /// The public holidays within the horizon, ascending: the named calendar's, or the listed
    /// dates that parse and lie inside it (validation reports the others).
    pub fn holiday_dates(&self) -> Vec<chrono::NaiveDate> {
        let Some(first) = crate::calendar::parse_date(&self.start) else {
            return Vec::new();
        };
        let Some(last) = first.checked_add_days(chrono::Days::new(
            (self.weeks.clamp(1, 10_000) * 7 - 1) as u64,
        )) else {
            return Vec::new();
        };
        let mut out = match &self.holidays {
            None => Vec::new(),
            Some(Holidays::Calendar(name)) => {
                crate::calendar::public_holidays(name, first, last).unwrap_or_default()
            }
            Some(Holidays::Dates(dates)) => dates
                .iter()
                .filter_map(|d| crate::calendar::parse_date(d))
                .filter(|d| (first..=last).contains(d))
                .collect(),
        };
        out.sort();
        out.dedup();
        out
    }
}

/// `horizon.holidays`: the public holidays of a named calendar, or explicit dates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Holidays {
    /// A calendar heltid computes, e.g. `"NO"` (Norway).
    Calendar(String),
    /// ISO dates.
    Dates(Vec<String>),
}

/// A shift type. `end <= start` means it ends the next day; `end == start` is a 24 h shift.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shift {
    /// Shift id, e.g. `"D"`.
    pub id: String,
    /// Clock start `"HH:MM"`.
    pub start: String,
    /// Clock end `"HH:MM"`.
    pub end: String,
    /// Paid/counted hours; default is the clock length.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<f64>,
    /// **Extension** (issue 10): shift ids nobody may work on the date after working this one
    /// (rule `succession`, e.g. no day shift after a night: `"not_followed_by": ["D"]` on
    /// `N`), whatever the rest between them. Wraps when cyclic.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_followed_by: Vec<String>,
}

/// One demand entry: how many people a shift needs on some days or dates.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Demand {
    /// Shift id.
    pub shift: String,
    /// Weekdays `"mon".."sun"`, repeating every week (exclusive with `dates`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<Vec<String>>,
    /// Specific dates (exclusive with `days`); replaces a `days` entry of the same kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dates: Option<Vec<String>>,
    /// With a skill, this is an extra bound on how many of the staff on the shift hold it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skill: Option<String>,
    /// Minimum number of people.
    pub min: i64,
    /// Maximum; default `min` for total entries and unbounded for skill entries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<i64>,
    /// **Extension** (issue 10, soft demand): `min` becomes a target; each person short of it
    /// costs this weight in the quality phase instead of making the roster illegal. Total
    /// entries only. The optimiser never creates a position to meet soft demand.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub under_weight: Option<f64>,
    /// **Extension** (issue 10, soft demand): people beyond `max` (default `min`) are allowed,
    /// each costing this weight in the quality phase. Total entries only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub over_weight: Option<f64>,
}

/// A person who already works in the unit.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Staff {
    /// Person id.
    pub id: String,
    /// Skill ids the person holds.
    #[serde(default)]
    pub skills: Vec<String>,
    /// Contracted position size in percent, in (0, 100].
    pub contract_pct: f64,
    /// Wished position size (default `contract_pct`, must be at least it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wish_pct: Option<f64>,
    /// Dates on which no shift may start.
    #[serde(default)]
    pub unavailable: Vec<String>,
    /// Assignments that must appear in the roster.
    #[serde(default)]
    pub fixed: Vec<Fixed>,
    /// Soft wishes.
    #[serde(default)]
    pub requests: Vec<Request>,
    /// This person's own weekend frequency "one in n" (a *hinkehelg* volunteer who works more
    /// weekends, or someone who works fewer). Overrides `rules.weekend.max_one_in` for them;
    /// 1 = no limit. Window and `complete` still come from `rules.weekend`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weekend_max_one_in: Option<i64>,
    /// **Extension** (issue 9.1): hours of this person's 100 % week, when it is not the
    /// scenario's `full_time_hours_per_week` (e.g. a night nurse on 33.6 h in a unit of
    /// 35.5 h). Their contract, wish and position size are percentages of it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_time_hours_per_week: Option<f64>,
    /// **Extension** (issue 10): fewest hours over the horizon, replacing `contract_pct − tolerance`
    /// as this person's lower hour bound (e.g. hours agreed for this period of an annual plan).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_hours: Option<f64>,
    /// **Extension** (issue 10): most hours over the horizon, replacing `wish/contract +
    /// tolerance` as this person's upper hour bound.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_hours: Option<f64>,
    /// **Extension** (issue 10): most shifts of a type over the horizon (rule `max-shifts`,
    /// e.g. no nights: `[{"shift": "N", "max": 0}]`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub max_shifts: Vec<ShiftLimit>,
    /// **Extension** (issue 10): this person's own `rules.max_consecutive_days`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_consecutive_days: Option<i64>,
    /// **Extension** (issue 10): this person's own `rules.min_consecutive_days`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_consecutive_days: Option<i64>,
    /// **Extension** (issue 10): this person's own `rules.min_consecutive_days_off`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_consecutive_days_off: Option<i64>,
    /// **Extension** (issue 10): most worked weekends over the horizon (rule `max-weekends`;
    /// a weekend is worked as in the weekend rules: a shift overlapping its window).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_weekends: Option<i64>,
}

/// A cap on how many shifts of one type a person works over the horizon.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShiftLimit {
    /// Shift id.
    pub shift: String,
    /// Most shifts of it (0 = never).
    pub max: i64,
}

/// A fixed assignment: this person works this shift on this date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fixed {
    /// ISO date.
    pub date: String,
    /// Shift id.
    pub shift: String,
}

/// A soft wish to work (`want: true`) or not work (`want: false`) a shift or a date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Request {
    /// ISO date.
    pub date: String,
    /// Shift id; omitted means any shift that date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shift: Option<String>,
    /// Whether the person wants to work it.
    pub want: bool,
    /// Weight, at least 0; default 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<f64>,
}

/// A template for positions the optimiser may create (ids `<template>-<n>`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpenPosition {
    /// Template id.
    pub id: String,
    /// Skills every position from this template holds.
    #[serde(default)]
    pub skills: Vec<String>,
    /// Most positions that may be created from this template.
    pub max_count: i64,
    /// Smallest allowed position size in percent (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_pct: Option<f64>,
    /// Largest allowed position size in percent (default 100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_pct: Option<f64>,
    /// Weekend frequency "one in n" of every position created from this template (e.g. new
    /// positions advertised with every 2nd weekend). Overrides `rules.weekend.max_one_in`;
    /// 1 = no limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weekend_max_one_in: Option<i64>,
    /// **Extension** (issue 9.1): hours of a 100 % week for positions of this template, when it
    /// is not the scenario's (e.g. dedicated night positions on 33.6 h). `min_pct`, `max_pct`
    /// and the positions' sizes are percentages of it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_time_hours_per_week: Option<f64>,
    /// **Extension** (issue 10): most shifts of a type for each position of this template
    /// (rule `max-shifts`, e.g. day positions without nights).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub max_shifts: Vec<ShiftLimit>,
}

/// Working-time rules. Missing fields take the defaults of `docs/format.md`; the three nullable
/// rules distinguish "missing" (default) from `null` (off).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// Minimum rest between shifts in hours (default 11).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_rest_hours: Option<f64>,
    /// Weekly continuous rest in hours (default 35; `null` = off).
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "Option::is_none"
    )]
    pub weekly_rest_hours: Option<Option<f64>>,
    /// Most consecutive dates with a shift start (default none; `null` = off).
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "Option::is_none"
    )]
    pub max_consecutive_days: Option<Option<i64>>,
    /// **Extension** (issue 10): fewest consecutive working dates in a block, i.e. no working
    /// block shorter (default none; `null` = off). On a horizon that does not repeat, blocks
    /// touching its first or last date are exempt: they continue outside it.
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "Option::is_none"
    )]
    pub min_consecutive_days: Option<Option<i64>>,
    /// **Extension** (issue 10): fewest consecutive free dates between working blocks (default
    /// none; `null` = off); edges as for `min_consecutive_days`.
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "Option::is_none"
    )]
    pub min_consecutive_days_off: Option<Option<i64>>,
    /// Most paid hours in shifts starting in one calendar week (default none; `null` = off).
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "Option::is_none"
    )]
    pub max_hours_per_week: Option<Option<f64>>,
    /// **Extension** (AML §10-5): most paid hours per week on average over the horizon, i.e.
    /// at most this × weeks in total per person (default none; `null` = off).
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "Option::is_none"
    )]
    pub max_average_hours_per_week: Option<Option<f64>>,
    /// Tolerance in hours over the whole horizon around staff hour targets (default 4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours_tolerance: Option<f64>,
    /// **Extension** (AML §10-12(4)): shifts longer than 12.5 h are agreed in writing with the
    /// union representatives (default `false`: such shifts are a validation error).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub long_shifts_agreed: Option<bool>,
    /// Weekend window, frequency and completeness.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weekend: Option<WeekendRule>,
    /// **Extension** (AML §10-10): limits on work on Sundays and public holidays (default:
    /// none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sunday_work: Option<SundayWork>,
    /// **Extension** (issue 10): weights of rota-quality patterns the solver avoids once the
    /// headcount, the hours and the tie-breaks are settled (default: none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quality: Option<QualityWeights>,
    /// **Extension** (issue 9): how a person's full-time week is set. `"fixed"` (the default):
    /// their own `full_time_hours_per_week`, else the scenario's. `"ks-three-shift"`: the week
    /// their rota line earns under the KS main agreement's three-shift rule (HTA chapter 1
    /// §4.2.4) when the line qualifies (night work and at least every third Sunday or
    /// holiday), else the fixed week; see docs/format.md, "Working time under the KS agreement".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub working_time: Option<WorkingTime>,
    /// Weekend bonus ladder (default none): a key figure only, it does not constrain the
    /// roster. See [`BonusTier`] for the semantics; example, Songdalen's ladder:
    /// `[{"from_weekends": 18, "to_weekends": 21, "nok_per_hour": 20},
    ///   {"from_weekends": 22, "to_weekends": 26, "nok_per_hour": 30}]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub weekend_bonus: Vec<BonusTier>,
}

/// One step of a weekend bonus ladder (`rules.weekend_bonus`).
///
/// A person's **weekends per year** is `weekends_worked × 52 / weeks` (rule 17 weekends, the
/// scenario's window). The tier whose `[from_weekends, to_weekends]` (inclusive, whole weekends)
/// contains the whole part of that number applies (17.33 a year has not reached 18), and pays
/// `nok_per_hour` for **every** weekend hour of the person: the clock hours of their shifts that
/// overlap Saturday 00:00 – Monday 00:00 (the tariff's weekend, whatever the scenario's weekend
/// window), scaled to a year by `52 / weeks`. No tier: no bonus. Tiers are sorted and do not
/// overlap (validated).
///
/// Songdalen's ladder, +20 NOK per weekend hour for 18–21 weekends a year and +30 NOK for
/// 22–26: `{"from_weekends": 18, "to_weekends": 21, "nok_per_hour": 20}`,
/// `{"from_weekends": 22, "to_weekends": 26, "nok_per_hour": 30}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BonusTier {
    /// Fewest weekends a year for this tier (inclusive, ≥ 0).
    pub from_weekends: i64,
    /// Most weekends a year for this tier (inclusive, ≥ `from_weekends`).
    pub to_weekends: i64,
    /// Bonus in NOK per weekend hour (≥ 0).
    pub nok_per_hour: f64,
}

/// Weekend rule: a weekly window, at most one worked weekend in every `max_one_in`, complete
/// weekends.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeekendRule {
    /// Window start, e.g. `"sat 00:00"` (default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Window end, e.g. `"mon 00:00"` (default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// At most one worked weekend in every run of this many (default 3; 1 = off).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_one_in: Option<i64>,
    /// A worked weekend has shifts on both Saturday and Sunday (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub complete: Option<bool>,
}

/// Limits on Sunday and holiday work (`rules.sunday_work`, AML §10-10). Each is off when
/// missing; those given all hold.
///
/// A person **works** a Sunday or public holiday when one of their shifts overlaps its window:
/// from 18:00 the day before until 22:00 on the day (AML §10-10 (1); from 15:00 on Christmas,
/// Easter and Whitsun eves, and from 22:00 before 1 and 17 May when the day before is an
/// ordinary working day); after a Sunday or holiday the next one counts from its own 00:00, so
/// an evening shift on Maundy Thursday is work on that day, not also on Good Friday. The
/// horizon's Sundays and holidays, in date order (a holiday on a
/// Sunday once), are the sequence the rules count in; on a cyclic horizon it wraps.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SundayWork {
    /// At most one worked in every `max_one_in` consecutive Sundays and holidays; 2 is the
    /// act's rule, off the next one after working one (§10-10 (4)); 1 = off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_one_in: Option<i64>,
    /// At most this share (0–1] of the horizon's Sundays and holidays worked, rounded down to
    /// whole days: 0.5 is the agreed variant, every 2nd on average (§10-10 (4), averaged over
    /// the horizon rather than 26 weeks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_share: Option<f64>,
    /// At most one worked in every `holidays_max_one_in` consecutive public holidays
    /// (`horizon.holidays`, in date order; never wrapping, since holidays do not repeat with
    /// the cycle); 2 = "every 2nd holiday", 1 = off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holidays_max_one_in: Option<i64>,
}

/// Weights of the rota-quality phase (`rules.quality`): each pattern counted as in the key
/// figures of the same name (docs/format.md, "Rota quality") costs its weight. Missing or 0 =
/// not avoided, unless `preset` gives a value; an explicit value (0 included) overrides the
/// preset's.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QualityWeights {
    /// Starting values for every field left out (see [`QualityPreset`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preset: Option<QualityPreset>,
    /// A working date between two days off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub isolated_work_days: Option<f64>,
    /// A day off between two working dates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub isolated_days_off: Option<f64>,
    /// A block of night shifts not followed by two free dates: a non-night shift on the date
    /// after the last night, or a shift on the date after that.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub night_blocks_without_two_days_off: Option<f64>,
    /// A working date followed by a working date with another shift type (a block of one
    /// shift type is preferred).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shift_changes: Option<f64>,
    /// A working date followed by a shift that starts earlier in the day (against the forward
    /// rotation day → evening → night).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backward_rotations: Option<f64>,
    /// Working dates in a row beyond `days`: each costs `weight`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub long_blocks: Option<RunLimit>,
    /// Night shifts on consecutive dates beyond `days`: each costs `weight`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub long_night_runs: Option<RunLimit>,
    /// Evening shifts on consecutive dates beyond `days`: each costs `weight`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub long_evening_runs: Option<RunLimit>,
    /// A weekend (a shift started on its Saturday or Sunday) worked with no free weekday next
    /// to it: shifts also started on the Friday before and the Monday after.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weekends_without_free_weekday: Option<f64>,
    /// Night shifts beyond `band` from the person's fair share: their paid hours times the
    /// roster's nights per planned hour. Each night beyond costs `weight`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fair_nights: Option<FairShare>,
    /// Evening shifts beyond `band` from the person's fair share, as for nights.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fair_evenings: Option<FairShare>,
    /// Blocks of fewer working dates in a row than `days` (2–7), between two days off: each
    /// date a block is short costs `weight` (a block of one date, with `days` 3, costs it
    /// twice). The soft form of `rules.min_consecutive_days`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short_blocks: Option<RunLimit>,
    /// Worked weekends (rule 16's window, as `weekends_worked` counts them) beyond `band` from
    /// the person's fair share: their paid hours times the roster's worked weekends per
    /// planned hour, as for nights.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fair_weekends: Option<FairShare>,
}

/// A soft band round a person's fair share of a kind of shift (`rules.quality.fair_nights`,
/// `fair_evenings`): the share is the person's paid hours times the roster's shifts of the
/// kind per planned hour (docs/format.md, "Rota quality").
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FairShare {
    /// Shifts above or below the share that cost nothing (≥ 0).
    pub band: f64,
    /// Cost of each shift beyond the band (0 = off).
    pub weight: f64,
}

/// A soft limit on a run of consecutive dates (`rules.quality.long_blocks` and friends; for
/// `short_blocks` the fewest dates in a row that cost nothing).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunLimit {
    /// Dates in a row that cost nothing: the most (at least 1), or the fewest for
    /// `short_blocks` (2–7).
    pub days: i64,
    /// Cost of each date beyond them, or short of them (0 = off).
    pub weight: f64,
}

/// How a person's full-time week is set (`rules.working_time`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WorkingTime {
    /// Everyone's week is their own `full_time_hours_per_week`, else the scenario's.
    #[default]
    Fixed,
    /// A line with night work and at least every third Sunday or holiday earns the week of the
    /// KS three-shift rule, `clamp(37.5 h − (night min / 4 + Sunday min / 6) / weeks, 33.6 h,
    /// 35.5 h)`; any other line keeps the fixed week.
    KsThreeShift,
}

/// Named starting values for `rules.quality`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QualityPreset {
    /// What a Norwegian care unit usually asks of a rota (docs/format.md lists the values):
    /// no isolated days, two days off after nights, forward rotation, at most 5 working dates,
    /// 3 nights and 4 evenings in a row, and a free Friday or Monday by a worked weekend.
    Norwegian,
}

/// `rules.quality` with the preset applied and missing values read as off: the one reading the
/// model and the key figures share. Limits are `(days, weight)` and fair shares `(band,
/// weight)`, `None` when off.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct Quality {
    pub isolated_work_days: f64,
    pub isolated_days_off: f64,
    pub night_blocks_without_two_days_off: f64,
    pub shift_changes: f64,
    pub backward_rotations: f64,
    pub long_blocks: Option<(usize, f64)>,
    pub long_night_runs: Option<(usize, f64)>,
    pub long_evening_runs: Option<(usize, f64)>,
    pub weekends_without_free_weekday: f64,
    pub fair_nights: Option<(f64, f64)>,
    pub fair_evenings: Option<(f64, f64)>,
    pub short_blocks: Option<(usize, f64)>,
    pub fair_weekends: Option<(f64, f64)>,
}

impl QualityPreset {
    /// The preset's values.
    pub fn weights(self) -> QualityWeights {
        match self {
            QualityPreset::Norwegian => QualityWeights {
                preset: None,
                isolated_work_days: Some(3.0),
                isolated_days_off: Some(3.0),
                night_blocks_without_two_days_off: Some(5.0),
                shift_changes: Some(0.5),
                backward_rotations: Some(2.0),
                long_blocks: Some(RunLimit {
                    days: 5,
                    weight: 2.0,
                }),
                long_night_runs: Some(RunLimit {
                    days: 3,
                    weight: 3.0,
                }),
                long_evening_runs: Some(RunLimit {
                    days: 4,
                    weight: 1.0,
                }),
                weekends_without_free_weekday: Some(1.0),
                // Dedicated night and evening lines are common and often wished: no fairness
                // band by default.
                fair_nights: None,
                fair_evenings: None,
                // Isolated working days are the short blocks most units price; weekends are
                // shared by the hard "one in n" rule.
                short_blocks: None,
                fair_weekends: None,
            },
        }
    }
}

impl QualityWeights {
    /// The weights with the preset applied and missing values off.
    pub(crate) fn resolve(&self) -> Quality {
        let base = self.preset.map(QualityPreset::weights).unwrap_or_default();
        let w = |own: Option<f64>, preset: Option<f64>| own.or(preset).unwrap_or(0.0).max(0.0);
        let run = |own: Option<RunLimit>, preset: Option<RunLimit>| {
            own.or(preset)
                .filter(|r| r.days >= 1 && r.weight > 0.0)
                .map(|r| (r.days as usize, r.weight))
        };
        let fair = |own: Option<FairShare>, preset: Option<FairShare>| {
            own.or(preset)
                .filter(|f| f.band >= 0.0 && f.weight > 0.0)
                .map(|f| (f.band, f.weight))
        };
        Quality {
            isolated_work_days: w(self.isolated_work_days, base.isolated_work_days),
            isolated_days_off: w(self.isolated_days_off, base.isolated_days_off),
            night_blocks_without_two_days_off: w(
                self.night_blocks_without_two_days_off,
                base.night_blocks_without_two_days_off,
            ),
            shift_changes: w(self.shift_changes, base.shift_changes),
            backward_rotations: w(self.backward_rotations, base.backward_rotations),
            long_blocks: run(self.long_blocks, base.long_blocks),
            long_night_runs: run(self.long_night_runs, base.long_night_runs),
            long_evening_runs: run(self.long_evening_runs, base.long_evening_runs),
            weekends_without_free_weekday: w(
                self.weekends_without_free_weekday,
                base.weekends_without_free_weekday,
            ),
            fair_nights: fair(self.fair_nights, base.fair_nights),
            fair_evenings: fair(self.fair_evenings, base.fair_evenings),
            short_blocks: self
                .short_blocks
                .or(base.short_blocks)
                .filter(|r| (2..=MAX_SHORT_BLOCK).contains(&r.days) && r.weight > 0.0)
                .map(|r| (r.days as usize, r.weight)),
            fair_weekends: fair(self.fair_weekends, base.fair_weekends),
        }
    }
}

/// The most `rules.quality.short_blocks.days` (a week).
pub(crate) const MAX_SHORT_BLOCK: i64 = 7;

/// Deserialises a field that distinguishes "missing" (`None`, via `#[serde(default)]`) from
/// `null` (`Some(None)`).
fn nullable<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

/// Default minimum rest in hours.
pub const DEFAULT_MIN_REST_HOURS: f64 = 11.0;
/// Default weekly rest in hours.
pub const DEFAULT_WEEKLY_REST_HOURS: f64 = 35.0;
/// Default hours tolerance over the horizon.
pub const DEFAULT_HOURS_TOLERANCE: f64 = 4.0;
/// Default weekend window start.
pub const DEFAULT_WEEKEND_FROM: &str = "sat 00:00";
/// Default weekend window end.
pub const DEFAULT_WEEKEND_TO: &str = "mon 00:00";
/// Default weekend frequency ("one in three").
pub const DEFAULT_MAX_ONE_IN: i64 = 3;

impl Rules {
    /// Minimum rest in hours, with the default applied.
    pub fn min_rest_hours(&self) -> f64 {
        self.min_rest_hours.unwrap_or(DEFAULT_MIN_REST_HOURS)
    }
    /// Weekly rest in hours, with the default applied; `None` = off.
    pub fn weekly_rest_hours(&self) -> Option<f64> {
        self.weekly_rest_hours
            .unwrap_or(Some(DEFAULT_WEEKLY_REST_HOURS))
    }
    /// Maximum consecutive worked dates; `None` = off (the default).
    pub fn max_consecutive_days(&self) -> Option<i64> {
        self.max_consecutive_days.flatten()
    }
    /// Fewest consecutive worked dates in a block; `None` = off (the default).
    pub fn min_consecutive_days(&self) -> Option<i64> {
        self.min_consecutive_days.flatten()
    }
    /// Fewest consecutive free dates between blocks; `None` = off (the default).
    pub fn min_consecutive_days_off(&self) -> Option<i64> {
        self.min_consecutive_days_off.flatten()
    }
    /// Maximum paid hours per calendar week; `None` = off (the default).
    pub fn max_hours_per_week(&self) -> Option<f64> {
        self.max_hours_per_week.flatten()
    }
    /// Most average paid hours per week over the horizon; `None` = off (the default).
    pub fn max_average_hours_per_week(&self) -> Option<f64> {
        self.max_average_hours_per_week.flatten()
    }
    /// The working-time rule, with the default applied.
    pub fn working_time(&self) -> WorkingTime {
        self.working_time.unwrap_or_default()
    }
    /// Whether shifts longer than 12.5 h are agreed (default `false`).
    pub fn long_shifts_agreed(&self) -> bool {
        self.long_shifts_agreed.unwrap_or(false)
    }
    /// Hours tolerance, with the default applied.
    pub fn hours_tolerance(&self) -> f64 {
        self.hours_tolerance.unwrap_or(DEFAULT_HOURS_TOLERANCE)
    }
    /// Weekend window start, with the default applied.
    pub fn weekend_from(&self) -> &str {
        self.weekend
            .as_ref()
            .and_then(|w| w.from.as_deref())
            .unwrap_or(DEFAULT_WEEKEND_FROM)
    }
    /// Weekend window end, with the default applied.
    pub fn weekend_to(&self) -> &str {
        self.weekend
            .as_ref()
            .and_then(|w| w.to.as_deref())
            .unwrap_or(DEFAULT_WEEKEND_TO)
    }
    /// Weekend frequency `n` of "one in n", with the default applied.
    pub fn weekend_max_one_in(&self) -> i64 {
        self.weekend
            .as_ref()
            .and_then(|w| w.max_one_in)
            .unwrap_or(DEFAULT_MAX_ONE_IN)
    }
    /// Weekend frequency of a person with the per-person `override_n`
    /// (`staff[].weekend_max_one_in` or `open_positions[].weekend_max_one_in`), falling back to
    /// [`Rules::weekend_max_one_in`].
    pub fn weekend_max_one_in_for(&self, override_n: Option<i64>) -> i64 {
        override_n.unwrap_or_else(|| self.weekend_max_one_in())
    }
    /// Whether weekends must be complete, with the default applied.
    pub fn weekend_complete(&self) -> bool {
        self.weekend
            .as_ref()
            .and_then(|w| w.complete)
            .unwrap_or(true)
    }

    /// `rules.quality` resolved (preset applied, missing = off).
    pub(crate) fn quality(&self) -> Quality {
        self.quality
            .as_ref()
            .map(QualityWeights::resolve)
            .unwrap_or_default()
    }
}

impl Staff {
    /// Wished position size with the default (= contract) applied.
    pub fn wish_pct(&self) -> f64 {
        self.wish_pct.unwrap_or(self.contract_pct)
    }
    /// Hours of this person's 100 % week: their own, else the scenario's `default`.
    pub fn week_hours(&self, default: f64) -> f64 {
        self.full_time_hours_per_week.unwrap_or(default)
    }
    /// This person's most consecutive worked dates: their own, else the rule's.
    pub fn max_consecutive_days(&self, rules: &Rules) -> Option<i64> {
        self.max_consecutive_days
            .or_else(|| rules.max_consecutive_days())
    }
    /// This person's fewest consecutive worked dates in a block: their own, else the rule's.
    pub fn min_consecutive_days(&self, rules: &Rules) -> Option<i64> {
        self.min_consecutive_days
            .or_else(|| rules.min_consecutive_days())
    }
    /// This person's fewest consecutive free dates: their own, else the rule's.
    pub fn min_consecutive_days_off(&self, rules: &Rules) -> Option<i64> {
        self.min_consecutive_days_off
            .or_else(|| rules.min_consecutive_days_off())
    }
}

impl Demand {
    /// Whether its `days` list the public holidays (`"holiday"`, docs/format.md rule 12a).
    pub fn lists_holiday(&self) -> bool {
        self.days
            .iter()
            .flatten()
            .any(|d| d == crate::calendar::HOLIDAY)
    }
    /// Whether this is a skill entry (an extra bound) rather than a total entry.
    pub fn is_skill(&self) -> bool {
        self.skill.is_some()
    }
    /// Effective maximum: explicit `max`, else `min` for total entries, else unbounded.
    pub fn effective_max(&self) -> Option<i64> {
        match (self.max, &self.skill) {
            (Some(m), _) => Some(m),
            (None, None) => Some(self.min),
            (None, Some(_)) => None,
        }
    }
}

impl Request {
    /// Weight with the default (1) applied.
    pub fn weight(&self) -> f64 {
        self.weight.unwrap_or(1.0)
    }
}

impl OpenPosition {
    /// Minimum size with the default (0) applied.
    pub fn min_pct(&self) -> f64 {
        self.min_pct.unwrap_or(0.0)
    }
    /// Maximum size with the default (100) applied.
    pub fn max_pct(&self) -> f64 {
        self.max_pct.unwrap_or(100.0)
    }
    /// Hours of a 100 % week for its positions: the template's own, else the scenario's
    /// `default`.
    pub fn week_hours(&self, default: f64) -> f64 {
        self.full_time_hours_per_week.unwrap_or(default)
    }
}
