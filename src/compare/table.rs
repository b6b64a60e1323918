//! The key figures of a comparison, one list for the Markdown table and the HTML report.

use serde::Serialize;

use super::{Comparison, Side};
use crate::roster::{Roster, Status};
use crate::scenario::Scenario;

/// Which value of a key figure is the better one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Better {
    /// Larger is better (average position, full-time share).
    Higher,
    /// Smaller is better (headcount, small positions, violations).
    Lower,
    /// Not a quality in itself (bounds, hours, weekends per person).
    Neither,
}

/// One key figure of a comparison, for each side in [`Comparison::sides`] order; the Markdown
/// table and the HTML report both render this one list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KeyFigure {
    /// What it is, in user words.
    pub label: &'static str,
    /// Its value per side (today, today's staff kept, new design); `None` when the side has
    /// no roster or the figure does not apply (bounds of today's rota).
    pub values: [Option<f64>; 3],
    /// Decimals to show.
    pub decimals: usize,
    /// Unit suffix (`" %"`, `" h"` or empty).
    pub unit: &'static str,
    /// Which value is better.
    pub better: Better,
    /// A figure that should be 0: any other value is a problem.
    pub zero_is_right: bool,
    /// One of the few figures a reader should see first.
    pub key: bool,
}

impl KeyFigure {
    /// The value of side `i` as text, `–` when there is none.
    pub fn text(&self, i: usize) -> String {
        match self.values[i] {
            Some(x) => format!("{x:.*}{}", self.decimals, self.unit),
            None => "–".into(),
        }
    }

    /// The best value, when the sides differ and one direction is better.
    pub fn best(&self) -> Option<f64> {
        let vals: Vec<f64> = self.values.iter().flatten().copied().collect();
        let first = *vals.first()?;
        let step = 0.5 * 10f64.powi(-(self.decimals as i32));
        if vals.iter().all(|v| (v - first).abs() < step) {
            return None;
        }
        match self.better {
            Better::Higher => vals.into_iter().reduce(f64::max),
            Better::Lower => vals.into_iter().reduce(f64::min),
            Better::Neither => None,
        }
    }
}

/// The key figures of a comparison, one per row, in display order.
pub fn key_figures(c: &Comparison) -> Vec<KeyFigure> {
    let sides = c.sides();
    // Sides with a roster; `solved` also leaves out today (it has no bound or gap).
    fn kpis(s: &Side) -> Option<(&Side, &Roster)> {
        let r = s.roster.as_ref()?;
        (r.status != Status::Infeasible).then_some((s, r))
    }
    fn solved(s: &Side) -> Option<(&Side, &Roster)> {
        kpis(s).filter(|(s, _)| s.label != "today")
    }
    /// A rota-quality count summed over the side's people.
    fn quality(s: &Side, count: fn(&crate::kpi::PersonStats) -> u32) -> Option<f64> {
        kpis(s)?;
        Some(f64::from(s.people.iter().map(count).sum::<u32>()))
    }
    /// A rota-quality longest run, the most of the side's people.
    fn longest(s: &Side, run: fn(&crate::kpi::PersonStats) -> u32) -> Option<f64> {
        kpis(s)?;
        Some(f64::from(s.people.iter().map(run).max().unwrap_or(0)))
    }
    let each = |g: &dyn Fn(&Side) -> Option<f64>| sides.map(g);
    let figure = |label, values, decimals, unit, better, zero_is_right, key| KeyFigure {
        label,
        values,
        decimals,
        unit,
        better,
        zero_is_right,
        key,
    };
    use Better::{Higher, Lower, Neither};
    // Rows of what only some scenarios price: shown when a side's scenario prices it.
    let any = |priced: &dyn Fn(&Scenario) -> bool| sides.iter().any(|s| priced(&s.scenario));
    let shown = [
        (
            REQUESTS,
            any(&|s| s.staff.iter().any(|p| !p.requests.is_empty())),
        ),
        (
            SOFT_DEMAND,
            any(&|s| {
                s.demand
                    .iter()
                    .any(|d| d.under_weight.is_some() || d.over_weight.is_some())
            }),
        ),
        (QUALITY_COST, any(&|s| s.rules.quality.is_some())),
    ];
    let mut rows = vec![
        figure(
            "People (headcount)",
            each(&|s| kpis(s).map(|(_, r)| f64::from(r.kpis.headcount))),
            0,
            "",
            Lower,
            false,
            true,
        ),
        figure(
            "Headcount lower bound",
            each(&|s| solved(s).map(|(_, r)| f64::from(r.headcount_lower_bound))),
            0,
            "",
            Neither,
            false,
            false,
        ),
        figure(
            "Average position",
            each(&|s| kpis(s).map(|(_, r)| r.kpis.average_position_pct)),
            1,
            " %",
            Higher,
            false,
            true,
        ),
        figure(
            "Best possible average (bound)",
            each(&|s| solved(s).map(|(_, r)| r.average_position_upper_bound_pct)),
            1,
            " %",
            Neither,
            false,
            false,
        ),
        figure(
            "Gap",
            each(&|s| solved(s).map(|(_, r)| r.gap.unwrap_or(0.0) * 100.0)),
            1,
            " %",
            Neither,
            false,
            false,
        ),
        figure(
            "Full-time share",
            each(&|s| kpis(s).map(|(_, r)| r.kpis.full_time_share * 100.0)),
            1,
            " %",
            Higher,
            false,
            false,
        ),
        figure(
            "Positions under 50 %",
            each(&|s| kpis(s).map(|(_, r)| f64::from(r.kpis.positions_below_50))),
            0,
            "",
            Lower,
            false,
            false,
        ),
        figure(
            "Weekend-only positions",
            each(&|s| kpis(s).map(|(_, r)| f64::from(r.kpis.weekend_only_positions))),
            0,
            "",
            Lower,
            false,
            false,
        ),
        figure(
            "Smallest position",
            each(&|s| {
                kpis(s)?;
                s.people.iter().map(|p| p.position_pct).reduce(f64::min)
            }),
            1,
            " %",
            Higher,
            false,
            false,
        ),
        figure(
            "Weekends worked per person",
            each(&|s| kpis(s).map(|(_, r)| r.kpis.average_weekends_worked)),
            2,
            "",
            Neither,
            false,
            false,
        ),
        // Rota quality (docs/format.md): avoided only with `rules.quality` (issue 10), shown so
        // a unit leader sees what the pattern of each rota is like.
        figure(
            "Isolated working days",
            each(&|s| quality(s, |p| p.isolated_work_days)),
            0,
            "",
            Lower,
            false,
            false,
        ),
        figure(
            "Isolated days off",
            each(&|s| quality(s, |p| p.isolated_days_off)),
            0,
            "",
            Lower,
            false,
            false,
        ),
        figure(
            "Work blocks mixing shift types",
            each(&|s| quality(s, |p| p.mixed_blocks)),
            0,
            "",
            Lower,
            false,
            false,
        ),
        figure(
            "Night blocks without two days off after",
            each(&|s| quality(s, |p| p.night_blocks_without_two_days_off)),
            0,
            "",
            Lower,
            false,
            false,
        ),
        figure(
            "Longest run of nights",
            each(&|s| longest(s, |p| p.longest_night_run)),
            0,
            "",
            Lower,
            false,
            false,
        ),
        figure(
            "Longest run of evenings",
            each(&|s| longest(s, |p| p.longest_evening_run)),
            0,
            "",
            Lower,
            false,
            false,
        ),
        figure(
            "Longest work block (dates)",
            each(&|s| longest(s, |p| p.longest_block)),
            0,
            "",
            Lower,
            false,
            false,
        ),
        figure(
            "Changes of shift type between working dates",
            each(&|s| quality(s, |p| p.shift_changes)),
            0,
            "",
            Lower,
            false,
            false,
        ),
        figure(
            "Backward rotations (a later shift, then an earlier one)",
            each(&|s| quality(s, |p| p.backward_rotations)),
            0,
            "",
            Lower,
            false,
            false,
        ),
        figure(
            "Worked weekends without a free weekday next to them",
            each(&|s| quality(s, |p| p.weekends_without_free_weekday)),
            0,
            "",
            Lower,
            false,
            false,
        ),
        figure(
            QUALITY_COST,
            each(&|s| {
                kpis(s)?;
                Some(s.people.iter().map(|p| p.quality_cost).sum())
            }),
            1,
            "",
            Lower,
            false,
            false,
        ),
        // What the quality phase prices (rule 23 (c)): wishes not met and soft demand's costs.
        figure(
            REQUESTS,
            each(&|s| kpis(s).map(|(_, r)| r.kpis.unmet_request_weight)),
            1,
            "",
            Lower,
            false,
            false,
        ),
        figure(
            SOFT_DEMAND,
            each(&|s| kpis(s).map(|(_, r)| r.kpis.soft_demand_cost)),
            1,
            "",
            Lower,
            false,
            false,
        ),
        figure(
            "Planned hours in total",
            each(&|s| kpis(s).map(|(_, r)| r.kpis.total_hours)),
            1,
            " h",
            Neither,
            false,
            false,
        ),
        figure(
            "Hours wished but not given",
            each(&|s| kpis(s).map(|(_, r)| r.kpis.involuntary_part_time_hours)),
            1,
            " h",
            Lower,
            false,
            false,
        ),
        figure(
            "Shifts short of demand",
            each(&|s| kpis(s).map(|(s, _)| s.short_cells() as f64)),
            0,
            "",
            Lower,
            true,
            false,
        ),
        figure(
            "Shifts over demand",
            each(&|s| kpis(s).map(|(s, _)| s.over_cells() as f64)),
            0,
            "",
            Lower,
            true,
            false,
        ),
        figure(
            "Rule violations",
            each(&|s| kpis(s).map(|(s, _)| s.violations.len() as f64)),
            0,
            "",
            Lower,
            true,
            true,
        ),
    ];
    rows.retain(|k| shown.iter().all(|&(label, on)| on || k.label != label));
    rows
}

/// Labels of the rows shown only when a scenario prices what they count.
const REQUESTS: &str = "Requests not honoured (weight)";
const SOFT_DEMAND: &str = "Soft demand cost";
const QUALITY_COST: &str = "Rota quality cost (rules.quality weights)";

/// The comparison as a Markdown table (today, today's staff kept, new design): the status, then
/// one row per [`KeyFigure`] (labels in lower case), then one line per side without a roster.
pub fn table(c: &Comparison) -> String {
    let sides = c.sides();
    let mut out = format!(
        "| | {} | {} | {} |\n|---|---:|---:|---:|\n",
        sides[0].label, sides[1].label, sides[2].label
    );
    let status = sides.map(|s| match (&s.roster, s.label.as_str()) {
        (Some(_), "today") => "as run today".to_string(),
        (Some(r), _) => r.status.to_string(),
        (None, _) => "no roster".into(),
    });
    out.push_str(&format!(
        "| status | {} | {} | {} |\n",
        status[0], status[1], status[2]
    ));
    for k in key_figures(c) {
        out.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            k.label.to_lowercase(),
            k.text(0),
            k.text(1),
            k.text(2)
        ));
    }
    for s in sides {
        if let Some(why) = &s.failure {
            out.push_str(&format!("\n{}: {why}\n", s.label));
        }
        if let Some(r) = &s.roster {
            for line in &r.explanation {
                out.push_str(&format!("\n{}: {line}", s.label));
            }
        }
    }
    if let Some(b) = c.instant_bound {
        out.push_str(&format!(
            "\nThe demand needs at least {b} people under these rules (instant bound).\n"
        ));
    }
    for note in &c.notes {
        out.push_str(&format!("\nNote: {note}\n"));
    }
    out
}
