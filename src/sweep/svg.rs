//! A hand-written SVG chart of a sweep: average position size (solid, with markers) and its
//! instant analytic bound (dashed, same colour) against the weekend frequency (x = "one in n"),
//! one line per combination of the other parameters, with a legend, axis labels and a title.

use std::collections::{HashMap, HashSet};
use std::fmt::Write;

use super::axes::{Axis, TABLE};
use super::{Params, SweepRow, SweepStatus};

const W: f64 = 960.0;
const H: f64 = 560.0;
const LEFT: f64 = 70.0;
const RIGHT: f64 = 300.0;
const TOP: f64 = 70.0;
const BOTTOM: f64 = 70.0;
const COLOURS: [&str; 10] = [
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
    "#7f7f7f", "#bcbd22",
];

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn ordinal(n: i64) -> String {
    match n {
        1 => "no limit".into(),
        2 => "every 2nd".into(),
        3 => "every 3rd".into(),
        n => format!("every {n}th"),
    }
}

/// The axes a chart line stands for: all but its x axis (the weekend frequency).
fn series_axes() -> impl Iterator<Item = (&'static Axis, fn(&Params) -> String)> {
    TABLE.iter().filter_map(|a| a.label.map(|l| (a, l)))
}

/// The parameters that tell series apart (all but the weekend frequency).
fn key(p: &Params) -> String {
    series_axes()
        .map(|(a, _)| (a.cell)(p))
        .collect::<Vec<_>>()
        .join("|")
}

/// Which parameters vary between series (one flag per axis of [`series_axes`]): a legend label
/// names only those.
struct Varies(Vec<bool>);

impl Varies {
    /// Compares every series with the first, once (not once per label).
    fn new(all: &[&Params]) -> Varies {
        Varies(
            series_axes()
                .map(|(a, _)| match all.split_first() {
                    Some((first, rest)) => {
                        let f0 = (a.cell)(first);
                        rest.iter().any(|q| (a.cell)(q) != f0)
                    }
                    None => false,
                })
                .collect(),
        )
    }

    /// A legend label naming only the parameters that vary between series.
    fn label(&self, p: &Params) -> String {
        let parts: Vec<String> = series_axes()
            .zip(&self.0)
            .filter(|(_, varies)| **varies)
            .map(|((_, label), _)| label(p))
            .collect();
        if parts.is_empty() {
            "all scenarios".into()
        } else {
            parts.join(", ")
        }
    }
}

/// Renders the chart. `title` heads it (e.g. the spec's name); rows without a roster
/// (infeasible, invalid, no solution) are marked × on the x axis.
pub fn chart(rows: &[SweepRow], title: &str) -> String {
    // Series in order of first appearance.
    let mut series: Vec<Vec<&SweepRow>> = Vec::new();
    let mut index_of: HashMap<String, usize> = HashMap::new();
    for r in rows {
        let i = *index_of.entry(key(&r.params)).or_insert_with(|| {
            series.push(Vec::new());
            series.len() - 1
        });
        series[i].push(r);
    }
    let firsts: Vec<&Params> = series.iter().map(|v| &v[0].params).collect();
    let varies = Varies::new(&firsts);
    let mut xs: Vec<i64> = rows.iter().map(|r| r.params.weekend_max_one_in).collect();
    xs.sort_unstable();
    xs.dedup();
    let values: Vec<f64> = rows
        .iter()
        .flat_map(|r| [r.average_position_pct, r.instant_average_position_bound_pct])
        .flatten()
        .collect();
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let (y0, y1) = if values.is_empty() {
        (0.0, 100.0)
    } else {
        (
            ((lo - 5.0) / 10.0).floor().max(0.0) * 10.0,
            (((hi + 5.0) / 10.0).ceil().max(1.0) * 10.0).min(hi.ceil().max(100.0)),
        )
    };
    let step = if y1 - y0 <= 40.0 { 5.0 } else { 10.0 };
    let (pw, ph) = (W - LEFT - RIGHT, H - TOP - BOTTOM);
    let (xmin, xmax) = match (xs.first(), xs.last()) {
        (Some(a), Some(b)) => (*a as f64, *b as f64),
        _ => (0.0, 1.0),
    };
    let px = |x: f64| {
        if xmax > xmin {
            LEFT + 40.0 + (x - xmin) / (xmax - xmin) * (pw - 80.0)
        } else {
            LEFT + pw / 2.0
        }
    };
    let py = |y: f64| TOP + ph - (y - y0) / (y1 - y0) * ph;

    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" font-family="Helvetica, Arial, sans-serif" font-size="13">"#
    );
    let _ = writeln!(s, r#"<rect width="{W}" height="{H}" fill="white"/>"#);
    let _ = writeln!(
        s,
        r#"<text x="{}" y="30" font-size="18" font-weight="bold" text-anchor="middle">{}</text>"#,
        LEFT + pw / 2.0,
        esc(title)
    );
    let _ = writeln!(
        s,
        r##"<text x="{}" y="50" fill="#555" text-anchor="middle">Average position size: achieved (solid) and instant bound (dashed)</text>"##,
        LEFT + pw / 2.0
    );
    // Grid and y axis.
    let mut y = y0;
    while y <= y1 + 1e-9 {
        let v = py(y);
        let _ = writeln!(
            s,
            r##"<line x1="{LEFT}" y1="{v:.1}" x2="{:.1}" y2="{v:.1}" stroke="#e0e0e0"/><text x="{:.1}" y="{:.1}" text-anchor="end">{y} %</text>"##,
            LEFT + pw,
            LEFT - 8.0,
            v + 4.0
        );
        y += step;
    }
    let _ = writeln!(
        s,
        r##"<rect x="{LEFT}" y="{TOP}" width="{pw}" height="{ph}" fill="none" stroke="#333"/>"##
    );
    for x in &xs {
        let v = px(*x as f64);
        let _ = writeln!(
            s,
            r##"<line x1="{v:.1}" y1="{:.1}" x2="{v:.1}" y2="{:.1}" stroke="#333"/><text x="{v:.1}" y="{:.1}" text-anchor="middle">{} (1 in {x})</text>"##,
            TOP + ph,
            TOP + ph + 6.0,
            TOP + ph + 22.0,
            ordinal(*x)
        );
    }
    let _ = writeln!(
        s,
        r#"<text x="{:.1}" y="{:.1}" text-anchor="middle">Weekend frequency: each person works at most one weekend in n</text>"#,
        LEFT + pw / 2.0,
        H - 18.0
    );
    let _ = writeln!(
        s,
        r#"<text transform="translate(20 {:.1}) rotate(-90)" text-anchor="middle">Average position size (%)</text>"#,
        TOP + ph / 2.0
    );
    // Series: a small horizontal offset keeps identical lines visible.
    let n = series.len() as f64;
    let mut failed = false;
    let mut unproven = false;
    let mut labelled: HashSet<(i64, i64)> = HashSet::new();
    for (i, pts) in series.iter().enumerate() {
        let colour = COLOURS[i % COLOURS.len()];
        let dx = (i as f64 - (n - 1.0) / 2.0) * 3.0;
        let line = |get: &dyn Fn(&SweepRow) -> Option<f64>| -> String {
            pts.iter()
                .filter_map(|r| {
                    get(r).map(|v| {
                        format!(
                            "{:.1},{:.1}",
                            px(r.params.weekend_max_one_in as f64) + dx,
                            py(v)
                        )
                    })
                })
                .collect::<Vec<_>>()
                .join(" ")
        };
        let bound = line(&|r| r.instant_average_position_bound_pct);
        let _ = writeln!(
            s,
            r#"<polyline points="{bound}" fill="none" stroke="{colour}" stroke-width="1.6" stroke-dasharray="6 4" opacity="0.8"/>"#
        );
        let achieved = line(&|r| r.average_position_pct);
        let _ = writeln!(
            s,
            r#"<polyline points="{achieved}" fill="none" stroke="{colour}" stroke-width="2.5"/>"#
        );
        for r in pts {
            let x = px(r.params.weekend_max_one_in as f64) + dx;
            match r.average_position_pct {
                Some(v) => {
                    // Hollow: a roster that is not proven optimal (time limit).
                    let proven = r.status == SweepStatus::Optimal;
                    unproven |= !proven;
                    let fill = if proven { colour } else { "white" };
                    let _ = writeln!(
                        s,
                        r#"<circle cx="{x:.1}" cy="{:.1}" r="4" fill="{fill}" stroke="{colour}" stroke-width="1.5"><title>{}: {v} % ({})</title></circle>"#,
                        py(v),
                        esc(&varies.label(&r.params)),
                        r.status
                    );
                    // Each distinct value once (identical series would overprint).
                    let at = (r.params.weekend_max_one_in, (v * 10.0).round() as i64);
                    if labelled.insert(at) {
                        let _ = writeln!(
                            s,
                            r##"<text x="{:.1}" y="{:.1}" fill="#222" font-size="12" text-anchor="start">{v:.1} %</text>"##,
                            x + 9.0,
                            py(v) - 6.0
                        );
                    }
                }
                None => {
                    failed = true;
                    let yb = TOP + ph - 8.0;
                    let _ = writeln!(
                        s,
                        r#"<text x="{x:.1}" y="{yb:.1}" fill="{colour}" font-size="16" text-anchor="middle">×<title>{}</title></text>"#,
                        r.status
                    );
                }
            }
        }
    }
    // Legend.
    let lx = LEFT + pw + 20.0;
    let mut ly = TOP + 10.0;
    let _ = writeln!(
        s,
        r#"<text x="{lx}" y="{ly}" font-weight="bold">Scenarios</text>"#
    );
    ly += 22.0;
    for (i, p) in firsts.iter().enumerate() {
        let colour = COLOURS[i % COLOURS.len()];
        let _ = writeln!(
            s,
            r#"<line x1="{lx}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="{colour}" stroke-width="2.5"/><circle cx="{:.1}" cy="{:.1}" r="4" fill="{colour}"/><text x="{:.1}" y="{ly:.1}">{}</text>"#,
            ly - 4.0,
            lx + 28.0,
            ly - 4.0,
            lx + 14.0,
            ly - 4.0,
            lx + 36.0,
            esc(&varies.label(p))
        );
        ly += 20.0;
    }
    ly += 10.0;
    let _ = writeln!(
        s,
        r##"<line x1="{lx}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="#333" stroke-width="2.5"/><text x="{:.1}" y="{ly:.1}">achieved (solver)</text>"##,
        ly - 4.0,
        lx + 28.0,
        ly - 4.0,
        lx + 36.0
    );
    ly += 20.0;
    let _ = writeln!(
        s,
        r##"<line x1="{lx}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="#333" stroke-width="1.6" stroke-dasharray="6 4"/><text x="{:.1}" y="{ly:.1}">instant bound (no solver)</text>"##,
        ly - 4.0,
        lx + 28.0,
        ly - 4.0,
        lx + 36.0
    );
    let pairs: Vec<(f64, f64)> = rows
        .iter()
        .filter_map(|r| {
            Some((
                r.average_position_pct?,
                r.instant_average_position_bound_pct?,
            ))
        })
        .collect();
    if !pairs.is_empty() && pairs.iter().all(|(a, b)| (a - b).abs() < 0.05) {
        ly += 18.0;
        let _ = writeln!(
            s,
            r##"<text x="{:.1}" y="{ly:.1}" fill="#555" font-size="12">(every roster reaches its bound:</text>"##,
            lx + 36.0
        );
        ly += 16.0;
        let _ = writeln!(
            s,
            r##"<text x="{:.1}" y="{ly:.1}" fill="#555" font-size="12">the dashed lines lie under the solid ones)</text>"##,
            lx + 36.0
        );
    }
    if unproven {
        ly += 20.0;
        let _ = writeln!(
            s,
            r##"<circle cx="{:.1}" cy="{:.1}" r="4" fill="white" stroke="#333" stroke-width="1.5"/><text x="{:.1}" y="{ly:.1}">not proven optimal (time limit)</text>"##,
            lx + 14.0,
            ly - 4.0,
            lx + 36.0
        );
    }
    if failed {
        ly += 20.0;
        let _ = writeln!(
            s,
            r##"<text x="{:.1}" y="{ly:.1}" font-size="16" text-anchor="middle">×</text><text x="{:.1}" y="{ly:.1}">no roster (infeasible, invalid, time)</text>"##,
            lx + 14.0,
            lx + 36.0
        );
    }
    s.push_str("</svg>\n");
    s
}
