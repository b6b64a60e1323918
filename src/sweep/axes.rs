//! The sweep axes as one table: a row per axis says how its values are written in a spec, how
//! one sets a scenario, and how a point's value is recorded, written out and labelled. Parsing,
//! expansion, the outputs and the chart all read this table; a new axis is a row here (and its
//! typed field in [`Axes`] and [`Params`]).

use serde_json::Value;

use super::{Axes, Params};
use crate::scenario::{Scenario, WeekendRule, WorkingTime};

/// The JSON kind an axis value must have.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum ValueKind {
    Whole,
    Num,
    NumOrNull,
    Bool,
    Variant,
    /// `"fixed"` or `"ks-three-shift"`.
    WorkingTime,
}

impl ValueKind {
    /// Whether `v` is a value of this kind.
    pub(super) fn accepts(self, v: &Value) -> bool {
        match self {
            ValueKind::Whole => v.as_i64().is_some(),
            ValueKind::Num => v.as_f64().is_some(),
            ValueKind::NumOrNull => v.is_null() || v.as_f64().is_some(),
            ValueKind::Bool => v.is_boolean(),
            ValueKind::Variant => v.is_object(),
            ValueKind::WorkingTime => {
                matches!(v.as_str(), Some("fixed") | Some("ks-three-shift"))
            }
        }
    }
}

/// One axis of a sweep.
pub(super) struct Axis {
    /// Its name in a spec's `axes` and in messages.
    pub name: &'static str,
    /// The JSON kind of its values.
    pub kind: ValueKind,
    /// A value of it, shown in fixes.
    pub example: &'static str,
    /// Its column in CSV and JSON lines output (the name of its [`Params`] field).
    pub column: &'static str,
    /// How many values a spec gives it (0 = not on this axis).
    pub len: fn(&Axes) -> usize,
    /// Sets its value number `i` on a scenario.
    pub apply: fn(&Axes, usize, &mut Scenario),
    /// Records a point's value in its parameters: value number `i` when on the axis, else
    /// read from the point's scenario.
    pub record: fn(&Axes, Option<usize>, &Scenario, &mut Params),
    /// A point's value as a CSV cell (empty = none); it also tells chart series apart.
    pub cell: fn(&Params) -> String,
    /// Its part of a chart legend label (`None`: the chart's x axis).
    pub label: Option<fn(&Params) -> String>,
    /// Whether its column comes after the results in CSV and JSON lines output (axes added
    /// after the columns were published, so that every earlier column keeps its place).
    pub late: bool,
}

/// An optional value as a CSV cell (empty = none).
pub(super) fn opt<T: ToString>(x: &Option<T>) -> String {
    x.as_ref().map(T::to_string).unwrap_or_default()
}

fn weekend(sc: &mut Scenario) -> &mut WeekendRule {
    sc.rules.weekend.get_or_insert_with(WeekendRule::default)
}

/// How `rules.working_time` is written.
pub(super) fn working_time(w: WorkingTime) -> &'static str {
    match w {
        WorkingTime::Fixed => "fixed",
        WorkingTime::KsThreeShift => "ks-three-shift",
    }
}

/// The axes in canonical order: the grid's outermost axis first, the last varying fastest.
pub(super) const TABLE: &[Axis] = &[
    Axis {
        name: "variant",
        kind: ValueKind::Variant,
        example: r#"{ "name": "long weekend", "shifts": [...], "demand": [...] }"#,
        column: "variant",
        len: |a| a.variant.len(),
        apply: |a, i, sc| {
            let v = &a.variant[i];
            if let Some(s) = &v.shifts {
                sc.shifts = s.clone();
            }
            if let Some(d) = &v.demand {
                sc.demand = d.clone();
            }
        },
        record: |a, i, _, p| {
            p.variant = i.map_or_else(|| "base".to_string(), |i| a.variant[i].name.clone())
        },
        cell: |p| p.variant.clone(),
        label: Some(|p| p.variant.clone()),
        late: false,
    },
    Axis {
        name: "horizon.weeks",
        kind: ValueKind::Whole,
        example: "6",
        column: "horizon_weeks",
        len: |a| a.horizon_weeks.len(),
        apply: |a, i, sc| sc.horizon.weeks = a.horizon_weeks[i],
        record: |_, _, sc, p| p.horizon_weeks = sc.horizon.weeks,
        cell: |p| p.horizon_weeks.to_string(),
        label: Some(|p| format!("{} weeks", p.horizon_weeks)),
        late: false,
    },
    Axis {
        name: "full_time_hours_per_week",
        kind: ValueKind::Num,
        example: "35.5",
        column: "full_time_hours_per_week",
        len: |a| a.full_time_hours_per_week.len(),
        apply: |a, i, sc| sc.full_time_hours_per_week = a.full_time_hours_per_week[i],
        record: |_, _, sc, p| p.full_time_hours_per_week = sc.full_time_hours_per_week,
        cell: |p| p.full_time_hours_per_week.to_string(),
        label: Some(|p| format!("{} h/week", p.full_time_hours_per_week)),
        late: false,
    },
    Axis {
        name: "min_rest_hours",
        kind: ValueKind::Num,
        example: "11",
        column: "min_rest_hours",
        len: |a| a.min_rest_hours.len(),
        apply: |a, i, sc| sc.rules.min_rest_hours = Some(a.min_rest_hours[i]),
        record: |_, _, sc, p| p.min_rest_hours = sc.rules.min_rest_hours(),
        cell: |p| p.min_rest_hours.to_string(),
        label: Some(|p| format!("rest {} h", p.min_rest_hours)),
        late: false,
    },
    Axis {
        name: "weekly_rest_hours",
        kind: ValueKind::NumOrNull,
        example: "35 or null",
        column: "weekly_rest_hours",
        len: |a| a.weekly_rest_hours.len(),
        apply: |a, i, sc| sc.rules.weekly_rest_hours = Some(a.weekly_rest_hours[i]),
        record: |_, _, sc, p| p.weekly_rest_hours = sc.rules.weekly_rest_hours(),
        cell: |p| opt(&p.weekly_rest_hours),
        label: Some(|p| match p.weekly_rest_hours {
            Some(h) => format!("weekly rest {h} h"),
            None => "no weekly rest".into(),
        }),
        late: false,
    },
    Axis {
        name: "open_positions.min_pct",
        kind: ValueKind::Num,
        example: "50",
        column: "open_min_pct",
        len: |a| a.open_min_pct.len(),
        apply: |a, i, sc| {
            for t in &mut sc.open_positions {
                t.min_pct = Some(a.open_min_pct[i]);
            }
        },
        // Not on the axis: the templates' common minimum, if they have one.
        record: |a, i, sc, p| {
            p.open_min_pct = match i {
                Some(i) => Some(a.open_min_pct[i]),
                None => {
                    let first = sc.open_positions.first().map(|t| t.min_pct());
                    first.filter(|f| sc.open_positions.iter().all(|t| t.min_pct() == *f))
                }
            }
        },
        cell: |p| opt(&p.open_min_pct),
        label: Some(|p| match p.open_min_pct {
            Some(x) => format!("positions ≥ {x} %"),
            None => "own minimums".into(),
        }),
        late: false,
    },
    Axis {
        name: "weekend.complete",
        kind: ValueKind::Bool,
        example: "true",
        column: "weekend_complete",
        len: |a| a.weekend_complete.len(),
        apply: |a, i, sc| weekend(sc).complete = Some(a.weekend_complete[i]),
        record: |_, _, sc, p| p.weekend_complete = sc.rules.weekend_complete(),
        cell: |p| p.weekend_complete.to_string(),
        label: Some(|p| {
            if p.weekend_complete {
                "complete weekends".into()
            } else {
                "partial weekends".into()
            }
        }),
        late: false,
    },
    Axis {
        name: "weekend.max_one_in",
        kind: ValueKind::Whole,
        example: "3",
        column: "weekend_max_one_in",
        len: |a| a.weekend_max_one_in.len(),
        apply: |a, i, sc| weekend(sc).max_one_in = Some(a.weekend_max_one_in[i]),
        record: |_, _, sc, p| p.weekend_max_one_in = sc.rules.weekend_max_one_in(),
        cell: |p| p.weekend_max_one_in.to_string(),
        label: None,
        late: false,
    },
    Axis {
        name: "working_time",
        kind: ValueKind::WorkingTime,
        example: r#""ks-three-shift""#,
        column: "working_time",
        len: |a| a.working_time.len(),
        apply: |a, i, sc| sc.rules.working_time = Some(a.working_time[i]),
        record: |_, _, sc, p| p.working_time = sc.rules.working_time(),
        cell: |p| working_time(p.working_time).into(),
        label: Some(|p| match p.working_time {
            WorkingTime::Fixed => "fixed weeks".into(),
            WorkingTime::KsThreeShift => "KS three-shift weeks".into(),
        }),
        late: true,
    },
];

/// The number of axes.
pub(super) const COUNT: usize = TABLE.len();

/// The axis called `name`.
pub(super) fn find(name: &str) -> Option<&'static Axis> {
    TABLE.iter().find(|a| a.name == name)
}

/// The axis names, in canonical order.
pub(super) const fn names() -> [&'static str; COUNT] {
    let mut out = [""; COUNT];
    let mut i = 0;
    while i < COUNT {
        out[i] = TABLE[i].name;
        i += 1;
    }
    out
}

/// The output columns of the axes, in canonical order.
pub(super) const fn columns() -> [&'static str; COUNT] {
    let mut out = [""; COUNT];
    let mut i = 0;
    while i < COUNT {
        out[i] = TABLE[i].column;
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_name_every_params_field_by_its_axis_in_order() {
        let json = serde_json::to_value(Params::default()).unwrap_or_default();
        let keys: Vec<&str> = json
            .as_object()
            .map(|o| o.keys().map(String::as_str).collect())
            .unwrap_or_default();
        let mut want = columns().to_vec();
        want.sort_unstable();
        assert_eq!(keys, want);
    }
}
