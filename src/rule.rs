//! Names of the rule families, and the one registry of what each rule is and where it lives.
//!
//! The formulation names its constraints with them (`rest:kari:2027-01-05`) and the independent
//! checker names its violations with them, so a user sees the same word for the same rule
//! everywhere.
//!
//! Adding a rule is one row of the `rules!` table below (which generates the enum, [`Rule::ALL`],
//! [`Rule::as_str`] and `REGISTRY` from the same row, so they cannot drift), plus the files the
//! row names: its formulation family under `src/formulation/`, its checker under `src/check/`,
//! and, when `explain` may switch it off, its explanation detail. `src/rule/registry_tests.rs` fails when
//! any of them is missing.

use serde::{Deserialize, Serialize};

use crate::model::Model;

/// What the registry knows about one rule. (`name`, `formulation` and `check` are read by the
/// registry tests, which keep the table and the source files in step.)
#[derive(Debug, Clone, Copy)]
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) struct RuleInfo {
    /// The rule.
    pub rule: Rule,
    /// Its stable kebab-case name ([`Rule::as_str`]).
    pub name: &'static str,
    /// What it asks, in one line.
    pub meaning: &'static str,
    /// The file under `src/formulation/` that states it (`"mod.rs"`: the columns themselves);
    /// `None` for rules the formulation never states as rows: checker-only rules, and rules that
    /// hold by how the model is built.
    pub formulation: Option<&'static str>,
    /// The file under `src/check/` that checks it.
    pub check: &'static str,
    /// How `explain` switches it off to see whether it blocks the demand; `None` when it never
    /// does.
    pub explain: Option<Relax>,
}

/// A rule `explain` switches off, alone, to see whether the demand could then be met.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Relax {
    /// Place among the rules `explain` tries: they are tried, and reported, in this order.
    pub order: u8,
    /// The explanation text printed after the rule's name in a "Blocking rule" line: the
    /// settings it reads (` (min_rest_hours = 11);`), or `;` when there is nothing to add.
    pub detail: fn(&Model) -> String,
}

/// The detail of a rule whose settings say nothing more than its name.
fn plain(_: &Model) -> String {
    ";".into()
}

/// One row per rule: `Variant = "name" { meaning, formulation, check, explain }`.
macro_rules! rules {
    ($($variant:ident = $name:literal {
        meaning: $meaning:literal,
        formulation: $formulation:expr,
        check: $check:literal,
        explain: $explain:expr $(,)?
    })*) => {
        /// A family of rules a roster must obey.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum Rule {
            $(
                #[doc = $meaning]
                #[serde(rename = $name)]
                $variant,
            )*
        }

        impl Rule {
            /// Every rule, in a stable order.
            pub const ALL: [Rule; [$($name),*].len()] = [$(Rule::$variant),*];

            /// The stable kebab-case name used in constraint names and violation reports.
            pub fn as_str(&self) -> &'static str {
                match self {
                    $(Rule::$variant => $name,)*
                }
            }
        }

        /// Every rule's row, in [`Rule::ALL`] order.
        pub(crate) const REGISTRY: [RuleInfo; [$($name),*].len()] = [$(RuleInfo {
            rule: Rule::$variant,
            name: $name,
            meaning: $meaning,
            formulation: $formulation,
            check: $check,
            explain: $explain,
        }),*];
    };
}

rules! {
    Coverage = "coverage" {
        meaning: "Total staff on a (date, shift) within demand `[min, max]`.",
        formulation: Some("coverage.rs"),
        check: "coverage.rs",
        explain: None,
    }
    SkillCoverage = "skill-coverage" {
        meaning: "Staff holding a skill on a (date, shift) within the skill entry's bounds.",
        formulation: Some("coverage.rs"),
        check: "coverage.rs",
        explain: None,
    }
    OnePerDate = "one-per-date" {
        meaning: "At most one shift start per person per date.",
        formulation: Some("rest.rs"),
        check: "rest.rs",
        explain: None,
    }
    Overlap = "overlap" {
        meaning: "A person's shifts never overlap.",
        formulation: Some("rest.rs"),
        check: "rest.rs",
        explain: None,
    }
    Rest = "rest" {
        meaning: "Minimum rest between consecutive shifts.",
        formulation: Some("rest.rs"),
        check: "rest.rs",
        explain: Some(Relax {
            order: 2,
            detail: |m| format!(" (min_rest_hours = {});", m.rules.min_rest as f64 / 60.0),
        }),
    }
    WeeklyRest = "weekly-rest" {
        meaning: "One continuous free period of the weekly-rest length inside each calendar week.",
        formulation: Some("weekly_rest.rs"),
        check: "weekly_rest.rs",
        explain: Some(Relax {
            order: 3,
            detail: |m| format!(
                " (weekly_rest_hours = {});",
                m.rules.weekly_rest.unwrap_or(0) as f64 / 60.0
            ),
        }),
    }
    MaxConsecutiveDays = "max-consecutive-days" {
        meaning: "Most consecutive dates with a shift start.",
        formulation: Some("hours.rs"),
        check: "hours.rs",
        explain: Some(Relax {
            order: 4,
            detail: |m| {
                let own = m.people.iter().filter(|p| p.max_consecutive_days != m.rules.max_consecutive_days).count();
                match (m.rules.max_consecutive_days, own) {
                    (Some(k), 0) => format!(" (max_consecutive_days = {k});"),
                    (Some(k), n) => format!(" (max_consecutive_days = {k}, {n} people with their own);"),
                    (None, n) => format!(" ({n} people with their own max_consecutive_days);"),
                }
            },
        }),
    }
    MaxHoursPerWeek = "max-hours-per-week" {
        meaning: "Most paid hours in shifts starting in one calendar week.",
        formulation: Some("hours.rs"),
        check: "hours.rs",
        explain: Some(Relax { order: 5, detail: plain }),
    }
    MaxAverageHoursPerWeek = "max-average-hours-per-week" {
        meaning: "Most paid hours per week on average over the horizon (AML §10-5).",
        formulation: Some("hours.rs"),
        check: "hours.rs",
        explain: Some(Relax { order: 6, detail: |m| format!(
            " (max_average_hours_per_week = {});",
            m.rules.max_average_hours.unwrap_or(0.0)
        ) }),
    }
    Hours = "hours" {
        meaning: "Staff planned hours within contract/wish ± tolerance.",
        formulation: Some("hours.rs"),
        check: "hours.rs",
        explain: Some(Relax { order: 7, detail: plain }),
    }
    PositionSize = "position-size" {
        meaning: "Created positions' size within the template's `[min_pct, max_pct]`.",
        formulation: Some("hours.rs"),
        check: "hours.rs",
        explain: Some(Relax { order: 8, detail: plain }),
    }
    PositionCount = "position-count" {
        meaning: "At most `max_count` positions per template; ids and templates well-formed.",
        // The model creates at most `max_count` candidates per template: no row states it.
        formulation: None,
        check: "positions.rs",
        explain: None,
    }
    Unavailable = "unavailable" {
        meaning: "No shift starts on an unavailable date.",
        formulation: Some("mod.rs"),
        check: "availability.rs",
        explain: Some(Relax { order: 9, detail: plain }),
    }
    Fixed = "fixed" {
        meaning: "Fixed assignments are in the roster.",
        formulation: Some("mod.rs"),
        check: "availability.rs",
        explain: Some(Relax { order: 10, detail: plain }),
    }
    WeekendFrequency = "weekend-frequency" {
        meaning: "At most one worked weekend in every run of `max_one_in`.",
        formulation: Some("weekend.rs"),
        check: "weekend.rs",
        explain: Some(Relax {
            order: 0,
            detail: |m| {
                let own = m.own_weekend_frequencies();
                if own == 0 {
                    format!(" (max_one_in = {});", m.rules.weekend.max_one_in)
                } else {
                    format!(
                        " (max_one_in = {}, {own} people with their own weekend_max_one_in);",
                        m.rules.weekend.max_one_in
                    )
                }
            },
        }),
    }
    WeekendComplete = "weekend-complete" {
        meaning: "A worked weekend covers both Saturday and Sunday.",
        formulation: Some("weekend.rs"),
        check: "weekend.rs",
        explain: Some(Relax { order: 1, detail: plain }),
    }
    SundayFrequency = "sunday-frequency" {
        meaning: "At most one worked Sunday or holiday in every run of `sunday_work.max_one_in` (AML §10-10).",
        formulation: Some("sunday.rs"),
        check: "sunday.rs",
        explain: Some(Relax { order: 11, detail: |m| format!(
            " (sunday_work.max_one_in = {});",
            m.rules.sundays.max_one_in
        ) }),
    }
    SundayShare = "sunday-share" {
        meaning: "At most `sunday_work.max_share` of the horizon's Sundays and holidays worked (AML §10-10).",
        formulation: Some("sunday.rs"),
        check: "sunday.rs",
        explain: Some(Relax { order: 12, detail: |m| format!(
            " (sunday_work.max_share: at most {} of {} Sundays and holidays);",
            m.rules.sundays.max_worked.unwrap_or(0),
            m.rules.sundays.days.len()
        ) }),
    }
    HolidayFrequency = "holiday-frequency" {
        meaning: "At most one worked public holiday in every run of `sunday_work.holidays_max_one_in`.",
        formulation: Some("sunday.rs"),
        check: "sunday.rs",
        explain: Some(Relax { order: 13, detail: |m| format!(
            " (sunday_work.holidays_max_one_in = {});",
            m.rules.sundays.holidays_max_one_in
        ) }),
    }
    Succession = "succession" {
        meaning: "No shift of a shift's `not_followed_by` on the date after it.",
        formulation: Some("blocks.rs"),
        check: "blocks.rs",
        explain: Some(Relax { order: 14, detail: plain }),
    }
    MinConsecutiveDays = "min-consecutive-days" {
        meaning: "No working block shorter than `min_consecutive_days` (blocks at the edges of a non-repeating horizon exempt).",
        formulation: Some("blocks.rs"),
        check: "blocks.rs",
        explain: Some(Relax { order: 15, detail: plain }),
    }
    MinConsecutiveDaysOff = "min-consecutive-days-off" {
        meaning: "No run of free dates shorter than `min_consecutive_days_off` (runs at the edges of a non-repeating horizon exempt).",
        formulation: Some("blocks.rs"),
        check: "blocks.rs",
        explain: Some(Relax { order: 16, detail: plain }),
    }
    MaxShifts = "max-shifts" {
        meaning: "At most a person's `max_shifts` shifts of a type over the horizon.",
        formulation: Some("hours.rs"),
        check: "hours.rs",
        explain: Some(Relax { order: 17, detail: plain }),
    }
    MaxWeekends = "max-weekends" {
        meaning: "At most a person's `max_weekends` worked weekends over the horizon.",
        formulation: Some("weekend.rs"),
        check: "weekend.rs",
        explain: Some(Relax { order: 18, detail: plain }),
    }
    Budget = "budget" {
        meaning: "Total planned hours within `budget_fte` full-time equivalents.",
        formulation: Some("hours.rs"),
        check: "hours.rs",
        explain: None,
    }
    RosterFormat = "roster-format" {
        meaning: "The roster refers to things the scenario does not have, or misses its staff.",
        formulation: None,
        check: "format.rs",
        explain: None,
    }
    Claim = "claim" {
        meaning: "A number the roster claims (hours, headcount, ...) disagrees with its assignments.",
        formulation: None,
        check: "claims.rs",
        explain: None,
    }
}

impl Rule {
    /// The rule's row of [`REGISTRY`].
    pub(crate) fn info(&self) -> &'static RuleInfo {
        &REGISTRY[*self as usize]
    }

    /// What the rule asks, in one line of user words (e.g. for a legend beside violations).
    pub fn meaning(&self) -> &'static str {
        self.info().meaning
    }

    /// The rules `explain` switches off one at a time, in the order it tries them, with how.
    pub(crate) fn relaxable() -> Vec<(Rule, Relax)> {
        let mut out: Vec<(Rule, Relax)> = REGISTRY
            .iter()
            .filter_map(|r| r.explain.map(|x| (r.rule, x)))
            .collect();
        out.sort_by_key(|(_, x)| x.order);
        out
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_find_every_rule_at_its_own_row() {
        for (i, r) in Rule::ALL.iter().enumerate() {
            assert_eq!(REGISTRY[i].rule, *r);
            assert_eq!(r.info().name, r.as_str());
        }
    }
}

#[cfg(test)]
mod registry_tests;
