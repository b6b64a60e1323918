//! The validated, index-based instance the formulation works on.
//!
//! Built from a [`Scenario`] that passed [`crate::validate`]. Ids become newtyped indices, clock
//! strings become minutes, and hours become whole **units**: every shift's paid hours are an
//! integer multiple of `hour_unit` (the reciprocal of the least common denominator of all shift
//! hours), so hour bounds compare exactly, as docs/format.md requires, and the solver sees only
//! integer coefficients in hour rows.

use crate::calendar::{self, Calendar, Interval};
use crate::error::Issue;
#[cfg(test)]
use crate::error::{Error, Result};
use crate::num::{lcm, Ratio};
use crate::scenario::Scenario;
use crate::validate;

/// Index of a person (existing staff first, then open-position candidates).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StaffId(pub usize);
/// Index of a shift type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ShiftId(pub usize);
/// Index of a date in the horizon (0 = `horizon.start`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Day(pub usize);
/// Index of a declared skill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SkillId(pub usize);
/// Index of an open-position template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TemplateId(pub usize);

/// A shift type in minutes and hour units.
#[derive(Debug, Clone, PartialEq)]
pub struct ShiftType {
    /// User id.
    pub id: String,
    /// Clock start, minutes after midnight.
    pub start: i64,
    /// Clock length in minutes, in (0, 1440].
    pub len: i64,
    /// Paid hours, exact.
    pub hours: Ratio,
    /// Paid hours in units of [`Model::hour_unit`].
    pub units: i64,
    /// Shifts nobody may work on the date after this one (`not_followed_by`).
    pub not_followed_by: Vec<ShiftId>,
    /// A night shift: at least 3 clock hours between 21:00 and 06:00
    /// ([`calendar::is_night_shift`]).
    pub night: bool,
    /// An evening shift: not a night, starting at 12:00 or later with at least 2 clock hours
    /// between 18:00 and 24:00 ([`calendar::is_evening_shift`]).
    pub evening: bool,
}

/// Total demand of one (date, shift): the hard bounds, and the targets when it is soft.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Cover {
    /// Fewest people (0 when the minimum is soft).
    pub min: i64,
    /// Most people (everyone when over-coverage is soft).
    pub max: i64,
    /// Soft demand (`under_weight`, `over_weight`), priced in the quality phase.
    pub soft: Option<SoftCover>,
}

/// The targets and weights of a soft (date, shift) demand.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct SoftCover {
    /// The demand's `min`.
    pub min: i64,
    /// The demand's `max` (default `min`).
    pub max: i64,
    /// Cost per person short of `min`, if the minimum is soft.
    pub under: Option<f64>,
    /// Cost per person beyond `max`, if over-coverage is soft.
    pub over: Option<f64>,
}

/// A skill bound on one (date, shift).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SkillCover {
    /// Date.
    pub day: Day,
    /// Shift.
    pub shift: ShiftId,
    /// Skill.
    pub skill: SkillId,
    /// At least this many holders.
    pub min: i64,
    /// At most this many holders (`None` = unbounded).
    pub max: Option<i64>,
}

/// Where a person comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PersonKind {
    /// Scenario staff member (always counted in the headcount).
    Existing,
    /// Candidate `n` (1-based) of an open-position template; counted only when used.
    Open {
        /// Template.
        template: TemplateId,
        /// 1-based candidate number within the template.
        n: usize,
    },
}

/// A soft request in index form.
#[derive(Debug, Clone, PartialEq)]
pub struct Req {
    /// Date.
    pub day: Day,
    /// Shift, or any shift that date.
    pub shift: Option<ShiftId>,
    /// Wants to work it.
    pub want: bool,
    /// Weight ≥ 0.
    pub weight: f64,
}

/// A person (existing staff member or open-position candidate).
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    /// User id (`<template>-<n>` for candidates; renumbered in the roster).
    pub id: String,
    /// Existing or candidate.
    pub kind: PersonKind,
    /// Skill flags indexed by [`SkillId`].
    pub skills: Vec<bool>,
    /// Fewest hour units over the horizon (when used).
    pub min_units: i64,
    /// Most hour units over the horizon.
    pub max_units: i64,
    /// Wished hour units for staff whose wish exceeds their contract (tie-break a).
    pub wish_units: Option<i64>,
    /// Dates on which no shift may start.
    pub unavailable: Vec<bool>,
    /// Fixed assignments.
    pub fixed: Vec<(Day, ShiftId)>,
    /// Soft requests.
    pub requests: Vec<Req>,
    /// This person's weekend frequency "one in n" (1 = off): `staff[].weekend_max_one_in` or
    /// the template's `weekend_max_one_in`, else `rules.weekend.max_one_in`.
    pub weekend_max_one_in: usize,
    /// Hour units of this person's 100 % position over the horizon: their own
    /// `full_time_hours_per_week` (or their template's), else the scenario's, × weeks.
    pub full_time_units: Ratio,
    /// Most shifts of a type over the horizon (`max_shifts`, the person's or the template's).
    pub max_shifts: Vec<(ShiftId, i64)>,
    /// Most consecutive worked dates (their own, else the rule's), if limited.
    pub max_consecutive_days: Option<usize>,
    /// Fewest consecutive worked dates in a block (their own, else the rule's), if above 1.
    pub min_consecutive_days: Option<usize>,
    /// Fewest consecutive free dates between blocks (their own, else the rule's), if above 1.
    pub min_consecutive_days_off: Option<usize>,
    /// Most worked weekends over the horizon, if limited (`staff[].max_weekends`).
    pub max_weekends: Option<usize>,
    /// The hour band as shares of the person's week, when the week depends on the line
    /// (`rules.working_time: "ks-three-shift"`); then `min_units` and `max_units` hold the
    /// band over every week the person can earn ([`Model::week_range`]), and the formulation
    /// holds the exact band.
    pub band: Option<Band>,
}

/// A person's hours as shares of their full-time week `T` (in units): at least `lo·T − tol`,
/// at most `hi·T + tol`, and `wish·T` the hours they wish (tie-break a).
#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    /// Share of the week at least planned (contract or `min_pct`), unless hours are given.
    pub lo: Option<Ratio>,
    /// Share of the week at most planned (contract or wish, or `max_pct`), unless hours are
    /// given.
    pub hi: Option<Ratio>,
    /// Share of the week wished, when above the contract.
    pub wish: Option<Ratio>,
    /// The hours tolerance in units (0 for created positions).
    pub tol: Ratio,
}

/// The KS three-shift rule (`rules.working_time: "ks-three-shift"`, [`crate::tariff`]) per
/// column: a person's week over the horizon in units is `B` (their fixed week) unless their
/// line has night work and works at least every third of the Sundays and holidays; then
/// `clamp(ordinary − Σ credit · per_credit, floor, cap)` over the shifts they work.
#[derive(Debug, Clone, PartialEq)]
pub struct ThreeShift {
    /// Credit of each `[date][shift]` in twelfths of a minute: 3 per night minute (21:00–06:00)
    /// and 2 per Sunday or holiday minute outside the night (AML §10-10 (1) windows).
    pub credit: Vec<Vec<i64>>,
    /// Units per twelfth of a minute of credit.
    pub per_credit: Ratio,
    /// Whether each shift type has night minutes.
    pub night: Vec<bool>,
    /// For each `[date][shift]` the Sundays and holidays (indices into
    /// [`Sundays::days`]) it counts as worked on (their count windows, cyclic copies included).
    pub sundays: Vec<Vec<Vec<usize>>>,
    /// 37.5 h × weeks in units.
    pub ordinary: Ratio,
    /// 35.5 h × weeks in units.
    pub cap: Ratio,
    /// 33.6 h × weeks in units.
    pub floor: Ratio,
}

impl Person {
    /// Whether the person is a scenario staff member.
    pub fn is_existing(&self) -> bool {
        self.kind == PersonKind::Existing
    }
}

/// An open-position template.
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    /// User id.
    pub id: String,
    /// Skill flags.
    pub skills: Vec<bool>,
    /// Most positions (the scenario's `max_count`; the model creates at most as many candidates
    /// as the demand can give work to, see [`Model::people`]).
    pub max_count: usize,
    /// Fewest hour units of a created position.
    pub min_units: i64,
    /// Most hour units of a created position.
    pub max_units: i64,
    /// Weekend frequency "one in n" of its positions (the template's override or the rule).
    pub weekend_max_one_in: usize,
    /// Hour units of a 100 % position of this template over the horizon.
    pub full_time_units: Ratio,
    /// Most shifts of a type for each of its positions (`max_shifts`).
    pub max_shifts: Vec<(ShiftId, i64)>,
}

/// The weekend rule in minutes.
#[derive(Debug, Clone, PartialEq)]
pub struct Weekend {
    /// Window start, minutes after Monday 00:00.
    pub from: i64,
    /// Window end, minutes after Monday 00:00.
    pub to: i64,
    /// Scenario-wide "one in n" (1 = off); each person's own value is
    /// [`Person::weekend_max_one_in`], which the weekend rows and bounds use.
    pub max_one_in: usize,
    /// Complete weekends.
    pub complete: bool,
}

/// The weights of the total-hours phase: person `p`'s hour units count `weights[p]`, which is
/// `scale × F / F_p` (their week against the scenario's), so the phase maximises the average
/// position. Integral when the weeks allow (`integral`: then the objective is a whole number
/// and keeping it is exact); `scale` is 1 without own weeks.
#[derive(Debug, Clone, PartialEq)]
pub struct HourWeights {
    /// Weight per person.
    pub weights: Vec<f64>,
    /// Objective value ÷ `scale` = weighted hour units in the scenario's week.
    pub scale: f64,
    /// Whether every weight (so every objective value) is a whole number.
    pub integral: bool,
}

/// A Sunday or public holiday of the horizon with its AML §10-10 window.
#[derive(Debug, Clone, PartialEq)]
pub struct SundayDay {
    /// Date index.
    pub day: usize,
    /// Whether it is a public holiday (`horizon.holidays`).
    pub holiday: bool,
    /// Work in this window is work on the day ([`calendar::sunday_count_start`]).
    pub window: Interval,
}

/// The Sunday and holiday rules (`rules.sunday_work`) and the days they count.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Sundays {
    /// The horizon's Sundays and public holidays in date order.
    pub days: Vec<SundayDay>,
    /// At most one worked in every run of this many `days` (1 = off).
    pub max_one_in: usize,
    /// Most `days` a person works, from `max_share`, if limited.
    pub max_worked: Option<usize>,
    /// At most one worked in every run of this many holidays among `days` (1 = off).
    pub holidays_max_one_in: usize,
}

/// Working-time rules in minutes and units.
#[derive(Debug, Clone, PartialEq)]
pub struct Rules {
    /// Minimum rest in minutes (may be fractional in the scenario; rounded up to whole minutes,
    /// which is exact for every whole-minute clock time).
    pub min_rest: i64,
    /// Weekly rest in minutes, if on.
    pub weekly_rest: Option<i64>,
    /// Most consecutive dates with a shift start, if on.
    pub max_consecutive_days: Option<usize>,
    /// Most hour units per calendar week, if on.
    pub max_week_units: Option<i64>,
    /// Most hour units per person over the horizon from `max_average_hours_per_week`, if on.
    pub max_average_units: Option<i64>,
    /// `max_average_hours_per_week` as written, for explanations.
    pub max_average_hours: Option<f64>,
    /// Weekend rule.
    pub weekend: Weekend,
    /// Sunday and holiday rules.
    pub sundays: Sundays,
    /// Rota-quality weights and soft limits (`rules.quality`, preset applied).
    pub quality: crate::scenario::Quality,
}

/// The order in which demand entries are laid over the dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pass {
    Weekdays,
    Holidays,
    Dates,
}

/// The index-based instance.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// Scenario name.
    pub name: String,
    /// Dates and clock.
    pub cal: Calendar,
    /// Hours of a 100 % position per week.
    pub fte_hours_per_week: Ratio,
    /// Hours represented by one unit.
    pub hour_unit: Ratio,
    /// Shift types.
    pub shifts: Vec<ShiftType>,
    /// Skill ids.
    pub skills: Vec<String>,
    /// Total demand per `[day][shift]`.
    pub cover: Vec<Vec<Cover>>,
    /// Skill bounds.
    pub skill_cover: Vec<SkillCover>,
    /// Existing staff, then the open-position candidates: `max_count` per template, capped at
    /// the number that the demand could give work to (each working position takes at least
    /// one shift and its template's minimum hours).
    pub people: Vec<Person>,
    /// Number of existing staff (they are `people[..n_staff]`).
    pub n_staff: usize,
    /// Open-position templates.
    pub templates: Vec<Template>,
    /// Rules.
    pub rules: Rules,
    /// Most hour units all people may plan together (`budget_fte`), if a budget is set.
    pub budget_units: Option<i64>,
    /// Public holidays per date (`horizon.holidays`).
    pub holidays: Vec<bool>,
    /// The three-shift week per column, when `rules.working_time` is `"ks-three-shift"`.
    pub three_shift: Option<ThreeShift>,
}

impl Model {
    /// Validates `scenario` and builds the instance; every validation problem is returned at once
    /// as [`Error::Invalid`].
    #[cfg(test)]
    pub fn new(scenario: &Scenario) -> Result<Model> {
        Model::checked(scenario).map_err(Error::Invalid)
    }

    /// [`Model::new`] with the validation issues as they are.
    pub fn checked(scenario: &Scenario) -> std::result::Result<Model, Vec<Issue>> {
        let issues = validate::validate(scenario);
        if !issues.is_empty() {
            return Err(issues);
        }
        Ok(build(scenario))
    }

    /// Hour units of a full-time position over the horizon (exact, possibly fractional).
    pub fn full_time_units(&self) -> Ratio {
        self.fte_hours_per_week * Ratio::int(self.cal.weeks() as i64) / self.hour_unit
    }

    /// This model with only the first `cap` candidates of each open-position template, or
    /// `None` when no template has more (then it would be the same model).
    pub fn with_candidates_capped(&self, cap: usize) -> Option<Model> {
        let beyond = |p: &Person| matches!(p.kind, PersonKind::Open { n, .. } if n > cap);
        if !self.people.iter().any(beyond) {
            return None;
        }
        let mut m = self.clone();
        m.people.retain(|p| !beyond(p));
        Some(m)
    }

    /// Whether some person's 100 % week differs from the scenario's (then a position's size
    /// is a share of that person's own week, and the average position weighs each person's
    /// hours by [`Model::weight`]).
    pub fn own_weeks(&self) -> bool {
        let f = self.full_time_units();
        self.people.iter().any(|p| p.full_time_units != f)
    }

    /// How much one hour unit of person `p` adds to the average position, relative to one of a
    /// person on the scenario's week: `F / F_p` (1 without own weeks).
    pub fn weight(&self, p: usize) -> Ratio {
        let own = self.people[p].full_time_units;
        if own > Ratio::ZERO {
            self.full_time_units() / own
        } else {
            Ratio::int(1)
        }
    }

    /// Weights of the total-hours phase (see [`HourWeights`]): the smallest common multiple of
    /// the weights' denominators as the scale when it stays small (weeks of 35.5 h and 33.6 h:
    /// 336), else the plain ratios.
    pub fn hour_weights(&self) -> HourWeights {
        let ratios: Vec<Ratio> = (0..self.people.len()).map(|p| self.weight(p)).collect();
        let mut scale: i128 = 1;
        for r in &ratios {
            scale = lcm(scale, r.denom());
            if scale > 1_000_000 {
                return HourWeights {
                    weights: ratios.iter().map(|r| r.to_f64()).collect(),
                    scale: 1.0,
                    integral: false,
                };
            }
        }
        let s = Ratio::int(scale as i64);
        HourWeights {
            weights: ratios.iter().map(|r| (*r * s).to_f64().round()).collect(),
            scale: scale as f64,
            integral: true,
        }
    }

    /// The most hour units any `n` people can plan together: the sum of the `n` largest
    /// personal maxima. Over `n` it is also the largest average any headcount of at least
    /// `n` can reach (the average of the largest maxima falls as more are taken).
    pub fn most_units_of(&self, n: usize) -> i64 {
        let mut most: Vec<i64> = self.people.iter().map(|p| p.max_units.max(0)).collect();
        most.sort_unstable_by(|a, b| b.cmp(a));
        most.iter().take(n).sum()
    }

    /// An upper bound on the weighted hours `Σ weight_p · units_p` (scaled as `w`): the
    /// demand's most hour units handed to the people with the largest weights first, each up
    /// to their own most.
    pub fn weighted_hours_bound(&self, w: &HourWeights) -> f64 {
        let mut order: Vec<usize> = (0..self.people.len()).collect();
        order.sort_by(|&a, &b| w.weights[b].total_cmp(&w.weights[a]));
        let mut left = self.max_demand_units().max(0);
        let mut total = 0.0;
        for p in order {
            let take = self.people[p].max_units.clamp(0, left);
            total += take as f64 * w.weights[p];
            left -= take;
            if left == 0 {
                break;
            }
        }
        total
    }

    /// Most hour units any roster plans, each weighed by [`Model::weight`] (in units of the
    /// scenario's week): the demand maximum, or with own weeks [`Model::weighted_hours_bound`].
    pub fn demand_bound_units(&self) -> f64 {
        if self.own_weeks() {
            let w = self.hour_weights();
            self.weighted_hours_bound(&w) / w.scale
        } else {
            self.max_demand_units() as f64
        }
    }

    /// The fewest and most units person `p`'s week can have: their fixed week, or under the
    /// three-shift rule anything from the floor to the cap as well.
    pub fn week_range(&self, p: usize) -> (Ratio, Ratio) {
        let base = self.people[p].full_time_units;
        match &self.three_shift {
            Some(t) => (base.min(t.floor), base.max(t.cap)),
            None => (base, base),
        }
    }

    /// Person `p`'s week in units (exact) when they work `line` (dates and shifts, each date
    /// once): their fixed week, or the three-shift week their line earns.
    pub fn line_week(&self, p: usize, line: &[(usize, ShiftId)]) -> Ratio {
        let base = self.people[p].full_time_units;
        let Some(t) = &self.three_shift else {
            return base;
        };
        let night = line.iter().any(|&(_, s)| t.night[s.0]);
        let mut worked = vec![false; self.rules.sundays.days.len()];
        let mut credit = 0i64;
        for &(d, s) in line {
            credit += t.credit[d][s.0];
            for &j in &t.sundays[d][s.0] {
                worked[j] = true;
            }
        }
        let n = worked.iter().filter(|&&w| w).count();
        if !crate::tariff::qualifies(i64::from(night), n, worked.len()) {
            return base;
        }
        (t.ordinary - Ratio::int(credit) * t.per_credit).clamp(t.floor, t.cap)
    }

    /// An upper bound on the mean position (percent) of any roster of at least `lb` people under
    /// the three-shift rule: [`Model::three_shift_share_bound`] over `lb`.
    pub fn three_shift_average_bound(&self, lb: u32) -> f64 {
        if self.max_demand_units() <= 0 {
            return 0.0;
        }
        if lb == 0 {
            return 100.0;
        }
        self.three_shift_share_bound() / lb as f64 * 100.0
    }

    /// An upper bound on the sum of positions (as shares, 1 = 100 %) of any roster under the
    /// three-shift rule, the smaller of two: `Σ_p H_p / T_p ≤ Σ_p c_p` with `c_p ≤ H_p /
    /// T_min,p` (their shortest week) and `c_p ≤ hi_p + tol_p / T_min,p` (their most share),
    /// `Σ H_p` at most the demand: the hours handed to the people with the shortest weeks
    /// first, each up to where their share stops growing; and the bound on the credit the
    /// demand holds ([`Model::three_shift_credit_bound`]).
    pub fn three_shift_share_bound(&self) -> f64 {
        let m = self;
        let mut people: Vec<(f64, f64)> = (0..m.people.len())
            .filter_map(|p| {
                let short = m.week_range(p).0.to_f64();
                (short > 0.0).then(|| (short, m.most_units(p)))
            })
            .collect();
        let credit = self.three_shift_credit_bound();
        self.shortest_weeks_first(&mut people).min(credit)
    }

    /// The most `Σ H_p / T_p` with `Σ H_p` at most the demand and `H_p` at most `most_p`, for
    /// `weeks` holding `(T_p, most_p)` (`T_p > 0`): the hours handed to the shortest weeks first.
    fn shortest_weeks_first(&self, weeks: &mut [(f64, f64)]) -> f64 {
        weeks.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut left = self.max_demand_units().max(0) as f64;
        let mut total = 0.0;
        for &(week, most) in weeks.iter() {
            if left <= 0.0 {
                break;
            }
            let take = most.min(left);
            total += take / week;
            left -= take;
        }
        total
    }

    /// The most hour units person `p` can plan under the three-shift rule: their maximum, and
    /// at most their highest share of their shortest week plus the tolerance.
    pub fn most_units(&self, p: usize) -> f64 {
        self.most_units_on(p, self.week_range(p).0.to_f64())
    }

    /// The most hour units person `p` can plan on a week of `week` units: their maximum, and
    /// at most their highest share of it plus the tolerance.
    fn most_units_on(&self, p: usize, week: f64) -> f64 {
        let person = &self.people[p];
        let most = match self.highest_share(p) {
            Some((hi, tol)) => (hi * week + tol).min(person.max_units as f64),
            None => person.max_units as f64,
        };
        most.max(0.0)
    }

    /// Person `p`'s highest share of their week and the tolerance, when their band has one.
    fn highest_share(&self, p: usize) -> Option<(f64, f64)> {
        let b = self.people[p].band.as_ref()?;
        b.hi.map(|h| (h.to_f64(), b.tol.to_f64()))
    }

    /// The chord of person `p`'s gain over their fixed week, `G = H·(1/T − 1/B)`, against
    /// their line's credit `c` (see [`Model::three_shift_credit_bound`]): `(G(0), slope,
    /// G(O − L))` in shares, with `G ≤ min(G(0) + slope·c, G(O − L))` for every line. `None`
    /// without the rule or with a week of 0.
    ///
    /// A line that does not qualify gains nothing; one that qualifies has `T ≤ U` and
    /// `H ≤ K(T) = hi·T + tol` (or `H ≤` the maximum), so `G ≤ K(T)·(1/T − 1/B)⁺`, which is
    /// convex in `c` (constant until `O − c` falls below `U`, then convex as `T = O − c`) and
    /// largest at the floor: under its chord. The bound `K` is the share band's when it is
    /// below the maximum at the floor, else the maximum (each bounds `H`, each makes a convex
    /// function; neither needs the other's).
    pub fn share_chord(&self, p: usize) -> Option<(f64, f64, f64)> {
        let t = self.three_shift.as_ref()?;
        let (o, u, l) = (t.ordinary.to_f64(), t.cap.to_f64(), t.floor.to_f64());
        let b = self.people[p].full_time_units.to_f64();
        let span = o - l;
        if span <= 0.0 || l <= 0.0 || b <= 0.0 {
            return None;
        }
        let g = |w: f64| (1.0 / w - 1.0 / b).max(0.0);
        let top = u.min(o);
        let most = (self.people[p].max_units as f64).max(0.0);
        let (k0, k1) = match self.highest_share(p) {
            Some((hi, tol)) if hi * l + tol < most => (hi * top + tol, hi * l + tol),
            _ => (most, most),
        };
        let (e0, e1) = (k0.max(0.0) * g(top), k1.max(0.0) * g(l));
        Some((e0, (e1 - e0).max(0.0) / span, e1.max(e0)))
    }

    /// A second bound on `Σ_p H_p / T_p` (see [`Model::three_shift_average_bound`]), from the
    /// credit the demand holds: a week below the cap is bought with credit, and the demand's
    /// shifts hold only so much. Split `H/T = H/B + G` with `B` the fixed week and `G` the gain
    /// of the line's week over it, under its chord in the line's credit
    /// ([`Model::share_chord`]). Then `Σ H_p/B_p` is at most the demand's hours handed to the
    /// shortest fixed weeks first, each person up to the most they can plan on any week their
    /// line can earn (`T ≤ max(B, U)`), and `Σ G_p` with `Σ c_p` at most the credit of every
    /// shift staffed at its most is a fractional knapsack: the credit to the steepest chords
    /// first. `INFINITY` when a week is 0 (the other bound decides).
    fn three_shift_credit_bound(&self) -> f64 {
        let Some(t) = &self.three_shift else {
            return f64::INFINITY;
        };
        let span = (t.ordinary - t.floor).to_f64();
        let everyone = self.people.len() as i64;
        let per = t.per_credit.to_f64();
        let supply: f64 = (0..self.days())
            .flat_map(|d| (0..self.shifts.len()).map(move |s| (d, s)))
            .map(|(d, s)| self.cover[d][s].max.clamp(0, everyone) as f64 * t.credit[d][s] as f64)
            .sum::<f64>()
            * per;
        // Fixed weeks: the hours to the shortest first.
        let top = t.cap.to_f64();
        let mut fixed: Vec<(f64, f64)> = (0..self.people.len())
            .filter_map(|p| {
                let b = self.people[p].full_time_units.to_f64();
                (b > 0.0).then(|| (b, self.most_units_on(p, b.max(top))))
            })
            .collect();
        if fixed.len() != self.people.len() {
            return f64::INFINITY;
        }
        let mut total = self.shortest_weeks_first(&mut fixed);
        // The credit: each person's chord, steepest first.
        let mut chords: Vec<(f64, f64)> = Vec::new();
        for p in 0..self.people.len() {
            let Some((g0, slope, _)) = self.share_chord(p) else {
                return f64::INFINITY;
            };
            total += g0;
            if slope > 0.0 {
                chords.push((slope, span));
            }
        }
        chords.sort_by(|a, b| b.0.total_cmp(&a.0));
        let mut credit = supply;
        for (slope, room) in chords {
            let take = room.min(credit);
            total += slope * take;
            credit -= take;
            if credit <= 0.0 {
                break;
            }
        }
        total
    }

    /// Position size in percent of `units` hour units for person `p` on their fixed week
    /// (see [`Model::position_pct_of`] for a week that depends on the line).
    pub fn position_pct(&self, p: usize, units: i64) -> f64 {
        self.position_pct_of(units, self.people[p].full_time_units)
    }

    /// Position size in percent of `units` hour units on a week of `week` units.
    pub fn position_pct_of(&self, units: i64, week: Ratio) -> f64 {
        let own = week.to_f64();
        if own > 0.0 {
            units as f64 / own * 100.0
        } else {
            0.0
        }
    }

    /// Hours of `units` hour units.
    pub fn hours(&self, units: i64) -> f64 {
        (Ratio::int(units) * self.hour_unit).to_f64()
    }

    /// Clock interval of shift `s` on day `d` (minutes from the horizon start).
    pub fn interval(&self, d: Day, s: ShiftId) -> Interval {
        let sh = &self.shifts[s.0];
        self.cal.shift_interval(d.0, sh.start, sh.len)
    }

    /// Number of days.
    pub fn days(&self) -> usize {
        self.cal.days()
    }

    /// Whether anybody may work shift `s` on day `d` (total demand max > 0).
    pub fn open_slot(&self, d: Day, s: ShiftId) -> bool {
        self.cover[d.0][s.0].max > 0
    }

    /// Total demand minimum in hour units over the horizon.
    pub fn min_demand_units(&self) -> i64 {
        (0..self.days())
            .flat_map(|d| (0..self.shifts.len()).map(move |s| (d, s)))
            .map(|(d, s)| self.cover[d][s].min * self.shifts[s].units)
            .sum()
    }

    /// Total demand maximum in hour units over the horizon.
    pub fn max_demand_units(&self) -> i64 {
        (0..self.days())
            .flat_map(|d| (0..self.shifts.len()).map(move |s| (d, s)))
            .map(|(d, s)| self.cover[d][s].max * self.shifts[s].units)
            .sum()
    }

    /// The candidates of template `t` (people indices, in order): interchangeable, used in
    /// that order by the symmetry rows.
    pub fn candidates(&self, t: usize) -> impl Iterator<Item = usize> + '_ {
        (0..self.people.len()).filter(
            move |&p| matches!(self.people[p].kind, PersonKind::Open { template, .. } if template.0 == t),
        )
    }

    /// How many people (staff and candidates) have a `weekend_max_one_in` other than the
    /// scenario's.
    pub fn own_weekend_frequencies(&self) -> usize {
        self.people
            .iter()
            .filter(|p| p.weekend_max_one_in != self.rules.weekend.max_one_in)
            .count()
    }

    /// Whether any total demand has `max > min` (optional demand: total hours are not fixed).
    pub fn has_optional_demand(&self) -> bool {
        self.cover
            .iter()
            .flatten()
            .any(|c| c.soft.is_none() && c.max > c.min)
    }

    /// Whether some demand is soft (`under_weight` or `over_weight`): then the hours it takes
    /// are priced, not maximised, and the average position is not proven maximal.
    pub fn has_soft_demand(&self) -> bool {
        self.cover.iter().flatten().any(|c| c.soft.is_some())
    }
}

fn ratio(x: f64) -> Ratio {
    // validated: finite and at most 9 decimals
    Ratio::from_f64(x).unwrap_or(Ratio::ZERO)
}

/// Builds the model from a validated scenario. Lookups that validation guarantees fall back to
/// harmless defaults instead of panicking.
fn build(sc: &Scenario) -> Model {
    let start = calendar::parse_date(&sc.horizon.start).unwrap_or_default();
    let cal = Calendar::new(start, sc.horizon.weeks.max(1), sc.horizon.cyclic);
    let weeks = Ratio::int(cal.weeks() as i64);
    let fte = ratio(sc.full_time_hours_per_week);

    // Shifts and the hour unit.
    let mut raw = Vec::new();
    for s in &sc.shifts {
        let start = calendar::parse_hhmm(&s.start).unwrap_or(0);
        let end = calendar::parse_hhmm(&s.end).unwrap_or(0);
        let len = calendar::shift_minutes(start, end);
        let hours = s.hours.map(ratio).unwrap_or(Ratio::new(len as i128, 60));
        raw.push((s.id.clone(), start, len, hours));
    }
    // Shift ids to indices (validated unique), usable before the shift types are built.
    let ids: Vec<&str> = sc.shifts.iter().map(|s| s.id.as_str()).collect();
    let shift_idx = |id: &str| ids.iter().position(|x| *x == id).map(ShiftId);
    let q = raw.iter().fold(1i128, |acc, r| lcm(acc, r.3.denom()));
    let hour_unit = Ratio::new(1, q);
    let shifts: Vec<ShiftType> = raw
        .into_iter()
        .zip(&sc.shifts)
        .map(|((id, start, len, hours), s)| ShiftType {
            id,
            start,
            len,
            hours,
            units: (hours / hour_unit).floor() as i64,
            not_followed_by: s
                .not_followed_by
                .iter()
                .filter_map(|t| shift_idx(t))
                .collect(),
            night: calendar::is_night_shift(start, len),
            evening: calendar::is_evening_shift(start, len),
        })
        .collect();
    let skills = sc.skills.clone();
    let skill_flags = |ids: &[String]| -> Vec<bool> {
        skills.iter().map(|k| ids.iter().any(|i| i == k)).collect()
    };
    let day_of = |date: &str| {
        calendar::parse_date(date)
            .and_then(|d| cal.day_of(d))
            .map(Day)
    };

    // Demand (docs/format.md §12): weekday entries first; on a holiday, when any entry lists
    // `holiday`, those entries instead of the weekday's; then `dates` entries replace per kind.
    let n_days = cal.days();
    let holidays: Vec<bool> = {
        let mut h = vec![false; n_days];
        for d in sc.horizon.holiday_dates() {
            if let Some(i) = cal.day_of(d) {
                h[i] = true;
            }
        }
        h
    };
    let holiday_demand = sc.holiday_demand();
    let mut cover = vec![vec![Cover::default(); shifts.len()]; n_days];
    let mut skill_map: std::collections::BTreeMap<(usize, usize, usize), (i64, Option<i64>)> =
        Default::default();
    for pass in [Pass::Weekdays, Pass::Holidays, Pass::Dates] {
        for e in &sc.demand {
            let Some(s) = shift_idx(&e.shift) else {
                continue;
            };
            let days: Vec<usize> = match (&e.days, &e.dates, pass) {
                (Some(wd), None, Pass::Weekdays) => {
                    let wds: Vec<i64> = wd
                        .iter()
                        .filter_map(|w| calendar::parse_weekday(w))
                        .collect();
                    (0..n_days)
                        .filter(|&d| !(holiday_demand && holidays[d]))
                        .filter(|d| wds.contains(&cal.weekday(*d)))
                        .collect()
                }
                (Some(_), None, Pass::Holidays) if e.lists_holiday() => {
                    (0..n_days).filter(|&d| holidays[d]).collect()
                }
                (None, Some(dates), Pass::Dates) => dates
                    .iter()
                    .filter_map(|x| day_of(x))
                    .map(|d| d.0)
                    .collect(),
                _ => continue,
            };
            for d in days {
                match &e.skill {
                    None => {
                        let max = e.effective_max().unwrap_or(e.min);
                        let soft = (e.under_weight.is_some() || e.over_weight.is_some()).then_some(
                            SoftCover {
                                min: e.min,
                                max,
                                under: e.under_weight,
                                over: e.over_weight,
                            },
                        );
                        cover[d][s.0] = Cover {
                            min: e.min,
                            max,
                            soft,
                        }
                    }
                    Some(k) => {
                        if let Some(k) = skills.iter().position(|x| x == k) {
                            skill_map.insert((d, s.0, k), (e.min, e.effective_max()));
                        }
                    }
                }
            }
        }
    }
    let skill_cover = skill_map
        .into_iter()
        .map(|((d, s, k), (min, max))| SkillCover {
            day: Day(d),
            shift: ShiftId(s),
            skill: SkillId(k),
            min,
            max,
        })
        .collect();

    // People: bounds in units, exact.
    let tol = ratio(sc.rules.hours_tolerance());
    let week_units = |own: Option<f64>| own.map_or(fte, ratio) * weeks / hour_unit;
    let to_units_total = |pct: Ratio, full: Ratio| pct / Ratio::int(100) * full;
    let tol_units = tol / hour_unit;
    let one_in = |over: Option<i64>| sc.rules.weekend_max_one_in_for(over).max(1) as usize;
    let limits = |l: &[crate::scenario::ShiftLimit]| -> Vec<(ShiftId, i64)> {
        l.iter()
            .filter_map(|x| Some((shift_idx(&x.shift)?, x.max.max(0))))
            .collect()
    };
    // A limit of 1 in a row is no limit for the minimum rules.
    let above_one = |n: Option<i64>| n.filter(|&n| n > 1).map(|n| n as usize);
    // Own hours in units, at most the horizon's clock hours (so no count overflows).
    let horizon_hours = Ratio::int(168) * weeks;
    let own_units = |h: f64| ratio(h).min(horizon_hours) / hour_unit;
    // Under the three-shift rule a week lies anywhere from the tariff's floor to its cap, or
    // is the fixed one: the constant bounds span them all, the formulation holds the exact
    // band.
    let ks = sc.rules.working_time() == crate::scenario::WorkingTime::KsThreeShift;
    let tariff_week = |minutes: i64| Ratio::int(minutes) * weeks / Ratio::int(60) / hour_unit;
    let (ks_floor, ks_cap) = (
        tariff_week(crate::tariff::THREE_SHIFT_FLOOR),
        tariff_week(crate::tariff::THREE_SHIFT_CAP),
    );
    let span = |full: Ratio| {
        if ks {
            (full.min(ks_floor), full.max(ks_cap))
        } else {
            (full, full)
        }
    };
    let share = |pct: f64| ratio(pct) / Ratio::int(100);
    let mut people = Vec::new();
    for st in &sc.staff {
        let full = week_units(st.full_time_hours_per_week);
        let (short, long) = span(full);
        let contract = to_units_total(ratio(st.contract_pct), short);
        let wish = to_units_total(ratio(st.wish_pct()), long);
        let hi = to_units_total(ratio(st.contract_pct.max(st.wish_pct())), long);
        let wishes = st.wish_pct() > st.contract_pct;
        let unavailable = {
            let mut u = vec![false; n_days];
            for x in &st.unavailable {
                if let Some(d) = day_of(x) {
                    u[d.0] = true;
                }
            }
            u
        };
        people.push(Person {
            id: st.id.clone(),
            kind: PersonKind::Existing,
            skills: skill_flags(&st.skills),
            min_units: match st.min_hours {
                Some(h) => own_units(h).ceil() as i64,
                None => ((contract - tol_units).ceil() as i64).max(0),
            },
            max_units: match st.max_hours {
                Some(h) => own_units(h).floor() as i64,
                None => (hi + tol_units).floor() as i64,
            },
            wish_units: wishes.then(|| {
                let w = wish.floor() as i64;
                st.max_hours
                    .map_or(w, |h| w.min(own_units(h).floor() as i64))
            }),
            unavailable,
            fixed: st
                .fixed
                .iter()
                .filter_map(|f| Some((day_of(&f.date)?, shift_idx(&f.shift)?)))
                .collect(),
            requests: st
                .requests
                .iter()
                .filter_map(|r| {
                    Some(Req {
                        day: day_of(&r.date)?,
                        shift: match &r.shift {
                            Some(s) => Some(shift_idx(s)?),
                            None => None,
                        },
                        want: r.want,
                        weight: r.weight(),
                    })
                })
                .collect(),
            weekend_max_one_in: one_in(st.weekend_max_one_in),
            full_time_units: full,
            max_shifts: limits(&st.max_shifts),
            max_consecutive_days: st
                .max_consecutive_days(&sc.rules)
                .map(|n| n.max(0) as usize),
            min_consecutive_days: above_one(st.min_consecutive_days(&sc.rules)),
            min_consecutive_days_off: above_one(st.min_consecutive_days_off(&sc.rules)),
            max_weekends: st.max_weekends.map(|n| n.max(0) as usize),
            band: ks.then(|| Band {
                lo: st.min_hours.is_none().then(|| share(st.contract_pct)),
                hi: st
                    .max_hours
                    .is_none()
                    .then(|| share(st.contract_pct.max(st.wish_pct()))),
                wish: wishes.then(|| share(st.wish_pct())),
                tol: tol_units,
            }),
        });
    }
    let n_staff = people.len();
    // No optimal roster needs more created positions than the demand can give work to: every
    // position that works has at least one shift, at least the smallest shift's hours and at
    // least its template's minimum, out of the demand maximum less what the staff must work.
    // (A position with no shift only adds to the headcount, so it is never part of an optimum.)
    // Capping the candidates there keeps the model bounded by the demand, whatever `max_count`
    // says (issue 11: `max_count: 10000` built a 4 GB model).
    let seats: i64 = cover.iter().flatten().map(|c| c.max.max(0)).sum();
    let demand_units: i64 = cover
        .iter()
        .flat_map(|row| row.iter().zip(&shifts))
        .map(|(c, s)| c.max.max(0) * s.units)
        .sum();
    let smallest_shift = shifts
        .iter()
        .map(|s| s.units)
        .filter(|&u| u > 0)
        .min()
        .unwrap_or(1);
    let staff_units: i64 = people.iter().map(|p| p.min_units).sum();
    let free_units = (demand_units - staff_units).max(0);
    let useful = |min_units: i64| -> usize {
        let by_hours = free_units / min_units.max(smallest_shift).max(1);
        seats.min(by_hours).max(0) as usize
    };
    let mut templates = Vec::new();
    for (t, op) in sc.open_positions.iter().enumerate() {
        let full = week_units(op.full_time_hours_per_week);
        let (short, long) = span(full);
        let tpl = Template {
            id: op.id.clone(),
            skills: skill_flags(&op.skills),
            max_count: op.max_count.max(0) as usize,
            min_units: to_units_total(ratio(op.min_pct()), short).ceil().max(0) as i64,
            max_units: to_units_total(ratio(op.max_pct()), long).floor() as i64,
            weekend_max_one_in: one_in(op.weekend_max_one_in),
            full_time_units: full,
            max_shifts: limits(&op.max_shifts),
        };
        for n in 1..=tpl.max_count.min(useful(tpl.min_units)) {
            people.push(Person {
                id: format!("{}-{}", tpl.id, n),
                kind: PersonKind::Open {
                    template: TemplateId(t),
                    n,
                },
                skills: tpl.skills.clone(),
                min_units: tpl.min_units,
                max_units: tpl.max_units,
                wish_units: None,
                unavailable: vec![false; n_days],
                fixed: Vec::new(),
                requests: Vec::new(),
                weekend_max_one_in: tpl.weekend_max_one_in,
                full_time_units: tpl.full_time_units,
                max_shifts: tpl.max_shifts.clone(),
                max_consecutive_days: sc.rules.max_consecutive_days().map(|n| n.max(0) as usize),
                min_consecutive_days: above_one(sc.rules.min_consecutive_days()),
                min_consecutive_days_off: above_one(sc.rules.min_consecutive_days_off()),
                max_weekends: None,
                band: ks.then(|| Band {
                    lo: Some(share(op.min_pct())),
                    hi: Some(share(op.max_pct())),
                    wish: None,
                    tol: Ratio::ZERO,
                }),
            });
        }
        templates.push(tpl);
    }

    // Soft demand: the hard bounds give way where a weight prices the shortfall or the
    // surplus (after the candidates are counted on the targets).
    let everyone = people.len() as i64;
    for c in cover.iter_mut().flatten() {
        if let Some(soft) = c.soft {
            if soft.under.is_some() {
                c.min = 0;
            }
            if soft.over.is_some() {
                c.max = everyone.max(soft.max);
            }
        }
    }

    let r = &sc.rules;
    let minutes = |h: f64| (ratio(h) * Ratio::int(60)).ceil() as i64;
    let rules = Rules {
        min_rest: minutes(r.min_rest_hours()),
        weekly_rest: r.weekly_rest_hours().map(minutes),
        max_consecutive_days: r.max_consecutive_days().map(|m| m.max(0) as usize),
        max_week_units: r
            .max_hours_per_week()
            .map(|h| (ratio(h) / hour_unit).floor() as i64),
        max_average_units: r
            .max_average_hours_per_week()
            .map(|h| (ratio(h) * weeks / hour_unit).floor() as i64),
        max_average_hours: r.max_average_hours_per_week(),
        weekend: Weekend {
            from: calendar::parse_week_point(r.weekend_from()).unwrap_or(5 * calendar::DAY),
            to: calendar::parse_week_point(r.weekend_to()).unwrap_or(0),
            max_one_in: r.weekend_max_one_in().max(1) as usize,
            complete: r.weekend_complete(),
        },
        sundays: sundays(sc, &cal),
        quality: r.quality(),
    };

    Model {
        name: sc.name.clone().unwrap_or_default(),
        cal,
        fte_hours_per_week: fte,
        hour_unit,
        shifts,
        skills,
        cover,
        skill_cover,
        people,
        n_staff,
        templates,
        rules,
        budget_units: sc
            .budget_fte
            .map(|b| (ratio(b) * fte * Ratio::int(sc.horizon.weeks) / hour_unit).floor() as i64),
        three_shift: ks.then(|| ThreeShift {
            credit: Vec::new(),
            per_credit: Ratio::new(1, 720) / hour_unit,
            night: Vec::new(),
            sundays: Vec::new(),
            ordinary: tariff_week(crate::tariff::ORDINARY_WEEK),
            cap: ks_cap,
            floor: ks_floor,
        }),
        holidays,
    }
    .with_three_shift_columns(sc)
}

impl Model {
    /// Fills [`ThreeShift`]'s per-column credits and Sunday counts from the clock.
    fn with_three_shift_columns(mut self, sc: &Scenario) -> Model {
        let Some(mut t) = self.three_shift.take() else {
            return self;
        };
        let hours = crate::tariff::SundayHours::new(
            self.cal.date(0),
            self.cal.days(),
            &sc.horizon.holiday_dates(),
            self.cal.cyclic(),
        );
        t.night = self
            .shifts
            .iter()
            .map(|s| calendar::night_minutes(s.start, s.start + s.len) > 0)
            .collect();
        for d in 0..self.days() {
            let (mut credit, mut sundays) = (Vec::new(), Vec::new());
            for s in 0..self.shifts.len() {
                let iv = self.interval(Day(d), ShiftId(s));
                let c = hours.credits(iv.start, iv.end);
                credit.push(3 * c.night + 2 * c.sunday);
                sundays.push(
                    (0..self.rules.sundays.days.len())
                        .filter(|&j| self.cal.overlaps(iv, self.rules.sundays.days[j].window))
                        .collect(),
                );
            }
            t.credit.push(credit);
            t.sundays.push(sundays);
        }
        self.three_shift = Some(t);
        self
    }
}

/// The horizon's Sundays and holidays with their windows, and `rules.sunday_work`.
fn sundays(sc: &Scenario, cal: &Calendar) -> Sundays {
    let holidays = sc.horizon.holiday_dates();
    let days: Vec<SundayDay> = calendar::sunday_windows(
        cal.date(0),
        cal.days(),
        &holidays,
        calendar::sunday_count_start,
    )
    .into_iter()
    .map(|w| SundayDay {
        day: w.day,
        holiday: w.holiday,
        window: Interval::new(w.from, w.to),
    })
    .collect();
    let w = sc.rules.sunday_work.clone().unwrap_or_default();
    let one_in = |n: Option<i64>| n.unwrap_or(1).max(1) as usize;
    let max_worked = w.max_share.map(|x| {
        let r = Ratio::from_f64(x).unwrap_or(Ratio::int(1)) * Ratio::int(days.len() as i64);
        r.floor().max(0) as usize
    });
    Sundays {
        max_one_in: one_in(w.max_one_in),
        max_worked,
        holidays_max_one_in: one_in(w.holidays_max_one_in),
        days,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::validate::shipped as data;

    /// A template allowed 10 000 positions gets no more candidates than the demand can give work:
    /// on the ward, `max_count: 10000` built 10 000 candidates (4 GB); now it is capped at the
    /// demand's shift starts.
    #[test]
    fn can_cap_candidates_at_what_the_demand_can_use() {
        let mut sc = data("ward-6w.json");
        sc.open_positions[1].max_count = 10_000;
        let m = Model::new(&sc).unwrap();
        let seats: i64 = m.cover.iter().flatten().map(|c| c.max).sum();
        let hfa = m.people.iter().filter(|p| p.id.starts_with("hfa-")).count();
        assert_eq!(hfa as i64, seats, "hfa candidates");
        assert!(hfa < 10_000);
        // A template minimum bounds them further: each position then needs at least 50 %.
        sc.open_positions[1].min_pct = Some(50.0);
        let m = Model::new(&sc).unwrap();
        let hfa = m.people.iter().filter(|p| p.id.starts_with("hfa-")).count();
        let total_hours: f64 = m
            .cover
            .iter()
            .flat_map(|row| row.iter().zip(&m.shifts))
            .map(|(c, s)| c.max as f64 * s.hours.to_f64())
            .sum();
        let half = 0.5 * 35.5 * 6.0;
        assert_eq!(hfa, (total_hours / half).floor() as usize);
    }

    /// The respite flat with 1 000 allowed positions gets one candidate per shift start.
    #[test]
    fn can_cap_candidates_at_the_shift_starts() {
        let mut sc = data("tiny.json");
        sc.open_positions[0].max_count = 1000;
        assert_eq!(
            Model::new(&sc).unwrap().people.len(),
            14,
            "one per shift start"
        );
    }
}
