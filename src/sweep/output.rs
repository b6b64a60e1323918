//! Sweep results as CSV (a header row, then one row per scenario) and JSON lines (one object
//! per scenario). Both use the column names of [`COLUMNS`], in that order; empty CSV cells and
//! JSON `null` mean "not applicable" (e.g. no headcount for an infeasible scenario).

use super::axes::{self, opt, COUNT, TABLE};
use super::SweepRow;
use crate::error::{Error, Result};

/// The columns after the axes' (see [`COLUMNS`]).
const RESULTS: [&str; 13] = [
    "status",
    "headcount",
    "headcount_lower_bound",
    "average_position_pct",
    "average_position_upper_bound_pct",
    "instant_headcount_bound",
    "instant_average_position_bound_pct",
    "full_time_share",
    "positions_below_50",
    "weekend_only_positions",
    "average_weekends_worked",
    "solve_seconds",
    "issues",
];

/// The column names of CSV and JSON lines output, in order: `index`, one per axis (in the
/// axes' canonical order), then the results, then the axes added since (`working_time`).
/// Stable: scripts may rely on them, by name and by place.
pub const COLUMNS: [&str; 1 + COUNT + RESULTS.len()] = {
    let axes = axes::columns();
    let mut out = [""; 1 + COUNT + RESULTS.len()];
    out[0] = "index";
    let mut n = 1;
    let mut i = 0;
    while i < COUNT {
        if !TABLE[i].late {
            out[n] = axes[i];
            n += 1;
        }
        i += 1;
    }
    let mut j = 0;
    while j < RESULTS.len() {
        out[n] = RESULTS[j];
        n += 1;
        j += 1;
    }
    let mut i = 0;
    while i < COUNT {
        if TABLE[i].late {
            out[n] = axes[i];
            n += 1;
        }
        i += 1;
    }
    out
};

fn cells(r: &SweepRow) -> Vec<String> {
    let mut out = Vec::with_capacity(COLUMNS.len());
    out.push(r.index.to_string());
    out.extend(
        TABLE
            .iter()
            .filter(|a| !a.late)
            .map(|a| (a.cell)(&r.params)),
    );
    out.extend([
        r.status.to_string(),
        opt(&r.headcount),
        opt(&r.headcount_lower_bound),
        opt(&r.average_position_pct),
        opt(&r.average_position_upper_bound_pct),
        opt(&r.instant_headcount_bound),
        opt(&r.instant_average_position_bound_pct),
        opt(&r.full_time_share),
        opt(&r.positions_below_50),
        opt(&r.weekend_only_positions),
        opt(&r.average_weekends_worked),
        r.solve_seconds.to_string(),
        r.issues.clone(),
    ]);
    out.extend(TABLE.iter().filter(|a| a.late).map(|a| (a.cell)(&r.params)));
    out
}

/// The rows as CSV with a header row of [`COLUMNS`].
pub fn to_csv(rows: &[SweepRow]) -> Result<String> {
    let err = |e: csv::Error| Error::Csv {
        what: "writing the sweep results".into(),
        message: e.to_string(),
    };
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(COLUMNS).map_err(err)?;
    for r in rows {
        w.write_record(cells(r)).map_err(err)?;
    }
    let bytes = w.into_inner().map_err(|e| Error::Csv {
        what: "writing the sweep results".into(),
        message: e.to_string(),
    })?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// The rows as JSON lines: one object per row with the keys of [`COLUMNS`], in order.
pub fn to_jsonl(rows: &[SweepRow]) -> Result<String> {
    let mut out = String::new();
    for r in rows {
        // Keys in the order of COLUMNS (the row's own field order puts the late axes among
        // the parameters).
        let v = serde_json::to_value(r).map_err(|e| Error::json("sweep row", e))?;
        out.push('{');
        for (i, column) in COLUMNS.iter().enumerate() {
            let value = v.get(*column).unwrap_or(&serde_json::Value::Null);
            if i > 0 {
                out.push(',');
            }
            let key = serde_json::to_string(column).map_err(|e| Error::json("sweep row", e))?;
            let value = serde_json::to_string(value).map_err(|e| Error::json("sweep row", e))?;
            out.push_str(&key);
            out.push(':');
            out.push_str(&value);
        }
        out.push_str("}\n");
    }
    Ok(out)
}
