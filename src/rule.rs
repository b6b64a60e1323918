//! Names of the rule families. The formulation names its constraints with them
//! (`rest:kari:2027-01-05`) and the independent checker names its violations with them, so a
//! user sees the same word for the same rule everywhere.

use serde::{Deserialize, Serialize};

/// A family of rules a roster must obey.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    /// Total staff on a (date, shift) within demand `[min, max]`.
    Coverage,
    /// Staff holding a skill on a (date, shift) within the skill entry's bounds.
    SkillCoverage,
    /// At most one shift start per person per date.
    OnePerDate,
    /// A person's shifts never overlap.
    Overlap,
    /// Minimum rest between consecutive shifts.
    Rest,
    /// One continuous free period of the weekly-rest length inside each calendar week.
    WeeklyRest,
    /// Most consecutive dates with a shift start.
    MaxConsecutiveDays,
    /// Most paid hours in shifts starting in one calendar week.
    MaxHoursPerWeek,
    /// Staff planned hours within contract/wish ± tolerance.
    Hours,
    /// Created positions' size within the template's `[min_pct, max_pct]`.
    PositionSize,
    /// At most `max_count` positions per template; ids and templates well-formed.
    PositionCount,
    /// No shift starts on an unavailable date.
    Unavailable,
    /// Fixed assignments are in the roster.
    Fixed,
    /// At most one worked weekend in every run of `max_one_in`.
    WeekendFrequency,
    /// A worked weekend covers both Saturday and Sunday.
    WeekendComplete,
    /// Total planned hours within `budget_fte` full-time equivalents.
    Budget,
    /// The roster refers to things the scenario does not have, or misses its staff.
    RosterFormat,
    /// A number the roster claims (hours, headcount, ...) disagrees with its assignments.
    Claim,
}

impl Rule {
    /// Every rule, in a stable order.
    pub const ALL: [Rule; 18] = [
        Rule::Coverage,
        Rule::SkillCoverage,
        Rule::OnePerDate,
        Rule::Overlap,
        Rule::Rest,
        Rule::WeeklyRest,
        Rule::MaxConsecutiveDays,
        Rule::MaxHoursPerWeek,
        Rule::Hours,
        Rule::PositionSize,
        Rule::PositionCount,
        Rule::Unavailable,
        Rule::Fixed,
        Rule::WeekendFrequency,
        Rule::WeekendComplete,
        Rule::Budget,
        Rule::RosterFormat,
        Rule::Claim,
    ];

    /// The stable kebab-case name used in constraint names and violation reports.
    pub fn as_str(&self) -> &'static str {
        match self {
            Rule::Coverage => "coverage",
            Rule::SkillCoverage => "skill-coverage",
            Rule::OnePerDate => "one-per-date",
            Rule::Overlap => "overlap",
            Rule::Rest => "rest",
            Rule::WeeklyRest => "weekly-rest",
            Rule::MaxConsecutiveDays => "max-consecutive-days",
            Rule::MaxHoursPerWeek => "max-hours-per-week",
            Rule::Hours => "hours",
            Rule::PositionSize => "position-size",
            Rule::PositionCount => "position-count",
            Rule::Unavailable => "unavailable",
            Rule::Fixed => "fixed",
            Rule::WeekendFrequency => "weekend-frequency",
            Rule::WeekendComplete => "weekend-complete",
            Rule::Budget => "budget",
            Rule::RosterFormat => "roster-format",
            Rule::Claim => "claim",
        }
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
