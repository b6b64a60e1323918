//! A self-contained HTML report of a [`Comparison`]: the key figures side by side, today's rule
//! violations in words, and the rota grids (people × dates, one colour per shift, weekends
//! shaded, violations outlined in red, coverage against demand under each grid).
//!
//! The page has no scripts and loads nothing: all styles are inline, so it can be mailed or
//! opened from a file share. It holds no timestamp, so the same comparison always gives the same
//! bytes.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use crate::calendar::{parse_date, parse_hhmm};
use crate::compare::{key_figures, Comparison, Side};
use crate::roster::{Origin, Status};
use crate::scenario::Scenario;

/// Colours of day shifts (background, text).
const DAY_COLOURS: [(&str, &str); 4] = [
    ("#ffe08a", "#3d2e00"),
    ("#c8e6a0", "#1f3a00"),
    ("#fff3b0", "#3d3300"),
    ("#a8e0d8", "#00332d"),
];
/// Colours of evening shifts.
const EVENING_COLOURS: [(&str, &str); 4] = [
    ("#ffb38a", "#4a1c00"),
    ("#f4a6c6", "#4a0025"),
    ("#ffd0a8", "#4a2600"),
    ("#d9b8ff", "#2b0050"),
];
/// Colours of night shifts.
const NIGHT_COLOURS: [(&str, &str); 4] = [
    ("#34457a", "#ffffff"),
    ("#5b3f7a", "#ffffff"),
    ("#2f5f6f", "#ffffff"),
    ("#555555", "#ffffff"),
];

/// Escapes text for HTML.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Background and text colour of each shift id: day, evening and night shifts get palettes of
/// their own, in scenario order.
fn shift_colours(sc: &Scenario) -> BTreeMap<String, (&'static str, &'static str)> {
    let (mut day, mut evening, mut night) = (0, 0, 0);
    let mut out = BTreeMap::new();
    for s in &sc.shifts {
        let start = parse_hhmm(&s.start).unwrap_or(0);
        let end = parse_hhmm(&s.end).unwrap_or(0);
        let crosses = end <= start && end != 0;
        let colour = if crosses || !(5 * 60..20 * 60).contains(&start) {
            night += 1;
            NIGHT_COLOURS[(night - 1) % NIGHT_COLOURS.len()]
        } else if start < 12 * 60 {
            day += 1;
            DAY_COLOURS[(day - 1) % DAY_COLOURS.len()]
        } else {
            evening += 1;
            EVENING_COLOURS[(evening - 1) % EVENING_COLOURS.len()]
        };
        out.entry(s.id.clone()).or_insert(colour);
    }
    out
}

/// Styles of the page.
const STYLE: &str = r#"
body { font-family: "Segoe UI", Arial, Helvetica, sans-serif; margin: 24px; color: #1d1d1d; background: #fff; }
h1 { font-size: 24px; margin: 0 0 4px 0; }
h2 { font-size: 19px; margin: 28px 0 8px 0; border-bottom: 2px solid #ddd; padding-bottom: 4px; }
h3 { font-size: 16px; margin: 20px 0 6px 0; }
p { max-width: 60em; line-height: 1.45; }
.lead { color: #444; margin-top: 0; }
.headline { font-size: 17px; background: #f3f7fb; border-left: 5px solid #2f6fb0; padding: 10px 14px; max-width: 58em; }
table.kpi { border-collapse: collapse; margin: 8px 0; }
table.kpi th, table.kpi td { border: 1px solid #ccc; padding: 5px 12px; }
table.kpi th { background: #eef2f6; text-align: left; }
table.kpi td { text-align: right; font-variant-numeric: tabular-nums; }
table.kpi td.name { text-align: left; }
table.kpi tr.key td { font-weight: bold; }
td.bad { background: #fde2e2; color: #8a0000; }
td.good { background: #e3f4e1; }
ul.violations { max-width: 70em; }
ul.violations li { margin: 2px 0; }
.rule { font-family: Consolas, monospace; background: #f1f1f1; padding: 0 4px; border-radius: 3px; }
.scroll { overflow-x: auto; border: 1px solid #ddd; max-width: 100%; }
table.grid { border-collapse: collapse; font-size: 12px; }
table.grid th, table.grid td { border: 1px solid #e2e2e2; padding: 0; text-align: center; min-width: 22px; height: 20px; }
table.grid th { background: #f6f6f6; font-weight: normal; color: #555; }
table.grid th.we { background: #e1e6f0; color: #1d2b4a; font-weight: bold; }
table.grid th.hol { background: #f3d6d6; color: #6b1111; font-weight: bold; }
table.grid td.we { background: #eef1f7; }
table.grid td.wk, table.grid th.wk { border-left: 2px solid #888; }
table.grid td.who { text-align: left; padding: 0 8px; white-space: nowrap; background: #fafafa; position: sticky; left: 0; }
table.grid td.num { padding: 0 6px; white-space: nowrap; color: #333; font-variant-numeric: tabular-nums; }
table.grid td.small { color: #a05a00; font-weight: bold; }
table.grid td.flag { outline: 3px solid #d40000; outline-offset: -3px; font-weight: bold; }
table.grid td.qual { outline: 2px dashed #c77800; outline-offset: -2px; }
table.grid td.who.qual { color: #8a5300; }
table.grid td.who.flag { color: #b00000; }
table.grid tr.cover td { background: #fafafa; color: #555; }
table.grid tr.cover td.short { background: #ffb3b3; color: #700; font-weight: bold; }
table.grid tr.cover td.over { background: #ffe0a8; color: #5a3a00; }
table.grid tr.first-cover td { border-top: 2px solid #888; }
.legend span { display: inline-block; padding: 2px 8px; margin: 0 6px 4px 0; border-radius: 3px; font-size: 13px; }
.legend .we { background: #e1e6f0; }
.legend .hol { background: #f3d6d6; }
.legend .flag { outline: 3px solid #d40000; outline-offset: -3px; background: #fff; }
.legend .qual { outline: 2px dashed #c77800; outline-offset: -2px; background: #fff; }
.legend .short { background: #ffb3b3; }
.note { color: #555; font-size: 13px; }
"#;

/// The comparison as a self-contained HTML page.
pub fn html(c: &Comparison) -> String {
    let mut h = String::new();
    let title = if c.name.is_empty() {
        "Rota comparison".to_string()
    } else {
        c.name.clone()
    };
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        esc(&title)
    );
    let _ = writeln!(h, "<h1>{}</h1>", esc(&title));
    let demand = if c.demand_from_rota {
        "the demand is what today's rota covers on every date and shift"
    } else {
        "the demand is the scenario's staffing plan"
    };
    let _ = writeln!(
        h,
        "<p class=\"lead\">Today's rota compared with the best rotas for the same demand and the \
         same rules ({demand}). Every rota on this page is checked by the same rule checker.</p>"
    );
    headline(&mut h, c);
    for note in &c.notes {
        let _ = writeln!(h, "<p class=\"note\">{}</p>", esc(note));
    }
    kpi_table(&mut h, c);
    explain_sides(&mut h);
    violations(&mut h, &c.today, "Rule violations in today's rota");
    for side in c.sides() {
        grid(&mut h, side, &format!("Rota: {}", heading(side)));
    }
    h.push_str(
        "<p class=\"note\">Made by heltid. Position size = planned hours ÷ full-time hours over \
         the rota period. A weekend is worked when any shift overlaps it.</p>\n</body>\n</html>\n",
    );
    h
}

/// One roster (a [`compare::side`](crate::compare::side)) as a self-contained HTML page: what
/// the solver proved, the key figures, every broken rule in words and the rota grid.
pub fn roster_html(side: &Side) -> String {
    let mut h = String::new();
    let title = side
        .scenario
        .name
        .clone()
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "Rota".to_string());
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        esc(&title)
    );
    let _ = writeln!(h, "<h1>{}</h1>", esc(&title));
    if let Some(r) = &side.roster {
        let line = match r.status {
            Status::Infeasible => format!("No rota exists: {}", r.explanation.join(" ")),
            status => {
                let proof = if status == Status::Optimal {
                    "proven the fewest possible".to_string()
                } else {
                    format!(
                        "not proven best: at least {} people are needed, and no rota has an \
                         average above {:.1} %",
                        r.headcount_lower_bound, r.average_position_upper_bound_pct
                    )
                };
                let mut rules = match side.violations.len() {
                    0 => "It follows every rule checked.".to_string(),
                    n => format!("It breaks rules in {n} places (outlined in red below)."),
                };
                let marks: usize = side.people.iter().map(|p| p.quality_marks.len()).sum();
                if marks > 0 {
                    let cost: f64 = side.people.iter().map(|p| p.quality_cost).sum();
                    rules.push_str(&format!(
                        " Its rota-quality patterns cost {cost:.1} under rules.quality, in \
                         {marks} places (dashed amber below)."
                    ));
                }
                format!(
                    "{} people ({proof}) at an average position of {:.1} %; {} positions under \
                     50 %, {} weekend-only positions, {:.2} weekends worked per person. {rules}",
                    r.kpis.headcount,
                    r.kpis.average_position_pct,
                    r.kpis.positions_below_50,
                    r.kpis.weekend_only_positions,
                    r.kpis.average_weekends_worked
                )
            }
        };
        let _ = writeln!(h, "<p class=\"headline\">{}</p>", esc(&line));
    }
    violations(&mut h, side, "Rule violations");
    grid(&mut h, side, "The rota");
    h.push_str(
        "<p class=\"note\">Made by heltid. Position size = planned hours ÷ full-time hours over \
         the rota period. A weekend is worked when any shift overlaps it.</p>\n</body>\n</html>\n",
    );
    h
}

/// A rota-quality pattern (its key figure's name) in words.
fn pattern_text(pattern: &str) -> &str {
    match pattern {
        "isolated_work_days" => "isolated working day",
        "isolated_days_off" => "isolated day off",
        "night_blocks_without_two_days_off" => "nights without two days off after them",
        "shift_changes" => "change of shift type",
        "backward_rotations" => "backward rotation (an earlier shift after a later one)",
        "long_block_days" => "a date beyond the longest block",
        "long_night_run_days" => "a night beyond the longest run of nights",
        "long_evening_run_days" => "an evening beyond the longest run of evenings",
        "weekends_without_free_weekday" => "weekend without a free Friday or Monday",
        "unfair_nights" => "nights beyond the fair share",
        "unfair_evenings" => "evenings beyond the fair share",
        "short_block_days" => "a date short of the shortest block",
        "unfair_weekends" => "weekends beyond the fair share",
        other => other,
    }
}

/// Average position and headcount of a side, when it has a roster.
fn summary(side: &Side) -> Option<(u32, f64)> {
    let r = side.roster.as_ref()?;
    (r.status != Status::Infeasible).then_some((r.kpis.headcount, r.kpis.average_position_pct))
}

/// The one-paragraph answer at the top.
fn headline(h: &mut String, c: &Comparison) {
    let mut parts = Vec::new();
    if let Some((n, avg)) = summary(&c.today) {
        let rules = match c.today.violations.len() {
            0 => "and follows every rule".to_string(),
            1 => "and breaks 1 rule".to_string(),
            v => format!("and breaks rules in {v} places"),
        };
        parts.push(format!(
            "Today the unit runs its rota with <b>{n} people</b> at an average position of \
             <b>{avg:.1} %</b>, {rules}."
        ));
    }
    for side in [&c.keep_staff, &c.new_design] {
        let proof = |s: &Side| match s.roster.as_ref().map(|r| r.status) {
            Some(Status::Optimal) => "proven best possible",
            _ => "not proven best",
        };
        match summary(side) {
            Some((n, avg)) if side.label == "new design" => parts.push(format!(
                "Designed from scratch, the same demand needs only <b>{n} people</b> at an \
                 average of <b>{avg:.1} %</b> ({}).",
                proof(side)
            )),
            Some((n, avg)) => parts.push(format!(
                "Keeping everybody employed today, without anybody losing hours, the best rota \
                 has <b>{n} people</b> at an average of <b>{avg:.1} %</b> ({}).",
                proof(side)
            )),
            None => {
                let what = if side.label == "new design" {
                    "Designed from scratch"
                } else {
                    "Keeping everybody employed today without anybody losing hours"
                };
                let why = match &side.roster {
                    Some(r) => format!("no rota exists. {}", r.explanation.join(" ")),
                    None => format!(
                        "{}.",
                        side.failure.as_deref().unwrap_or("no rota was found")
                    ),
                };
                parts.push(format!("{what}: {}", esc(&why)));
            }
        }
    }
    if let Some(b) = c.instant_bound {
        parts.push(format!(
            "Under these weekend, rest and hour rules no rota can do with fewer than {b} people."
        ));
    }
    let _ = writeln!(h, "<p class=\"headline\">{}</p>", parts.join(" "));
}

/// The key figures ([`crate::compare::key_figures`]), one row each: the best value of each
/// comparable row green, a figure that should be 0 red where it is not.
fn kpi_table(h: &mut String, c: &Comparison) {
    h.push_str("<h2>Key figures</h2>\n<table class=\"kpi\">\n<tr><th></th>");
    for s in c.sides() {
        let _ = write!(h, "<th>{}</th>", esc(&heading(s)));
    }
    h.push_str("</tr>\n");
    for k in key_figures(c) {
        let best = k.best();
        let _ = write!(
            h,
            "<tr{}><td class=\"name\">{}</td>",
            if k.key { " class=\"key\"" } else { "" },
            esc(k.label)
        );
        for (i, v) in k.values.iter().enumerate() {
            let class = match v {
                Some(x) if k.zero_is_right && *x > 0.0 => " class=\"bad\"",
                Some(x) if !k.zero_is_right && best.is_some_and(|b| (b - x).abs() < 1e-9) => {
                    " class=\"good\""
                }
                _ => "",
            };
            let _ = write!(h, "<td{class}>{}</td>", esc(&k.text(i)));
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</table>\n");
}

/// Column heading of a side.
fn heading(s: &Side) -> String {
    let status = match s.roster.as_ref().map(|r| r.status) {
        _ if s.label == "today" => "",
        Some(Status::Optimal) => " (optimal)",
        Some(Status::Feasible) => " (not proven optimal)",
        Some(Status::Infeasible) => " (impossible)",
        None => " (no rota in time)",
    };
    let name = match s.label.as_str() {
        "today" => "Today",
        "today's staff kept" => "Best, keeping today's staff",
        "new design" => "Best, new design",
        other => other,
    };
    format!("{name}{status}")
}

/// What the two optimised columns mean.
fn explain_sides(h: &mut String) {
    h.push_str(
        "<p class=\"note\"><b>Best, keeping today's staff</b>: everybody employed today stays \
         and nobody gets fewer hours than today; people who want larger positions get hours \
         first; new positions cover what is left. <b>Best, new design</b>: the same demand \
         planned from scratch, as if every position were vacant. Both follow every rule and \
         meet the demand on every shift.</p>\n",
    );
}

/// A side's violations as a list in words, under `heading`.
fn violations(h: &mut String, today: &Side, heading: &str) {
    let _ = writeln!(h, "<h2>{}</h2>", esc(heading));
    if today.roster.is_none() {
        return;
    }
    if today.violations.is_empty() {
        h.push_str("<p>None: the rota follows every rule checked.</p>\n");
        return;
    }
    let by_rule: BTreeMap<String, usize> =
        today.violations.iter().fold(BTreeMap::new(), |mut m, v| {
            *m.entry(v.rule.to_string()).or_insert(0) += 1;
            m
        });
    let counts: Vec<String> = by_rule
        .iter()
        .map(|(r, n)| format!("<span class=\"rule\">{}</span> {n}", esc(r)))
        .collect();
    let _ = writeln!(
        h,
        "<p>{} violation(s): {}. They are outlined in red in the grid below.</p>",
        today.violations.len(),
        counts.join(", ")
    );
    h.push_str("<ul class=\"violations\">\n");
    const SHOWN: usize = 200;
    for v in today.violations.iter().take(SHOWN) {
        let place: Vec<&str> = [v.staff.as_deref(), v.date.as_deref(), v.shift.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        let _ = writeln!(
            h,
            "<li><span class=\"rule\">{}</span> {}: {}</li>",
            esc(&v.rule.to_string()),
            esc(&place.join(", ")),
            esc(&v.message)
        );
    }
    if today.violations.len() > SHOWN {
        let _ = writeln!(
            h,
            "<li>… and {} more (see the JSON result).</li>",
            today.violations.len() - SHOWN
        );
    }
    h.push_str("</ul>\n");
}

/// One rota grid: people × dates, with coverage rows underneath.
fn grid(h: &mut String, side: &Side, title: &str) {
    let _ = writeln!(h, "<h2>{}</h2>", esc(title));
    let Some(roster) = &side.roster else {
        let _ = writeln!(
            h,
            "<p>No rota: {}</p>",
            esc(side.failure.as_deref().unwrap_or(""))
        );
        return;
    };
    if roster.status == Status::Infeasible {
        let _ = writeln!(
            h,
            "<p>No rota exists: {}</p>",
            esc(&roster.explanation.join(" "))
        );
        return;
    }
    let sc = &side.scenario;
    let Some(start) = parse_date(&sc.horizon.start) else {
        return;
    };
    let days = (sc.horizon.weeks.clamp(0, 10_000) * 7) as usize;
    let dates: Vec<chrono::NaiveDate> = (0..days)
        .map(|d| start + chrono::Days::new(d as u64))
        .collect();
    let iso: Vec<String> = dates
        .iter()
        .map(|d| d.format("%Y-%m-%d").to_string())
        .collect();
    let colours = shift_colours(sc);
    // Public holidays (`horizon.holidays`), with their names where the calendar has them.
    let holidays: BTreeMap<chrono::NaiveDate, &str> = {
        let named: BTreeMap<chrono::NaiveDate, &str> = match &sc.horizon.holidays {
            Some(crate::scenario::Holidays::Calendar(c)) if c == "NO" => dates
                .first()
                .zip(dates.last())
                .map(|(a, b)| {
                    (chrono::Datelike::year(a)..=chrono::Datelike::year(b))
                        .flat_map(crate::calendar::norwegian_holidays)
                        .collect()
                })
                .unwrap_or_default(),
            _ => BTreeMap::new(),
        };
        sc.horizon
            .holiday_dates()
            .into_iter()
            .map(|d| (d, named.get(&d).copied().unwrap_or("public holiday")))
            .collect()
    };

    // Legend.
    h.push_str("<div class=\"legend\">");
    for s in &sc.shifts {
        let (bg, fg) = colours.get(&s.id).copied().unwrap_or(("#fff", "#000"));
        let _ = write!(
            h,
            "<span style=\"background:{bg};color:{fg}\"><b>{}</b> {}–{}</span>",
            esc(&s.id),
            esc(&s.start),
            esc(&s.end)
        );
    }
    h.push_str("<span class=\"we\">weekend</span>");
    if !holidays.is_empty() {
        h.push_str("<span class=\"hol\">public holiday</span>");
    }
    h.push_str(
        "<span class=\"flag\">rule broken (hover for why)</span>\
         <span class=\"short\">fewer people than demanded</span>",
    );
    if side.people.iter().any(|p| !p.quality_marks.is_empty()) {
        h.push_str("<span class=\"qual\">rota-quality cost (rules.quality; hover)</span>");
    }
    h.push_str("</div>\n");

    // Violations by (person, date) and by person.
    let mut cell_flags: BTreeMap<(&str, &str), Vec<String>> = BTreeMap::new();
    let mut person_flags: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for v in &side.violations {
        let text = format!("{}: {}", v.rule, v.message);
        match (v.staff.as_deref(), v.date.as_deref()) {
            (Some(p), Some(d)) => cell_flags.entry((p, d)).or_default().push(text),
            (Some(p), None) => person_flags.entry(p).or_default().push(text),
            _ => {}
        }
    }
    // Priced rota-quality patterns by (person, date): marked apart from broken rules.
    // Patterns of a whole line (the fair shares) mark the person.
    let mut quality_flags: BTreeMap<(&str, &str), Vec<String>> = BTreeMap::new();
    let mut person_quality: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for p in &side.people {
        for m in &p.quality_marks {
            let cost = if (m.cost - m.cost.round()).abs() < 1e-9 {
                format!("{:.0}", m.cost)
            } else {
                format!("{:.2}", m.cost)
            };
            let text = format!("{} (costs {cost})", pattern_text(m.pattern));
            match m.date.as_deref() {
                Some(d) => quality_flags.entry((p.id.as_str(), d)).or_default(),
                None => person_quality.entry(p.id.as_str()).or_default(),
            }
            .push(text);
        }
    }
    let mut work: BTreeMap<(&str, &str), Vec<&str>> = BTreeMap::new();
    let mut seen = BTreeSet::new();
    for a in &roster.assignments {
        if seen.insert((&a.staff, &a.date, &a.shift)) {
            work.entry((a.staff.as_str(), a.date.as_str()))
                .or_default()
                .push(a.shift.as_str());
        }
    }
    let is_weekend = |d: &chrono::NaiveDate| {
        matches!(
            chrono::Datelike::weekday(d),
            chrono::Weekday::Sat | chrono::Weekday::Sun
        )
    };
    let week_start = |i: usize| i > 0 && i.is_multiple_of(7);

    h.push_str(
        "<div class=\"scroll\"><table class=\"grid\">\n<tr><th rowspan=\"2\">Person</th>\
                <th rowspan=\"2\">Position</th><th rowspan=\"2\">Weekends</th>",
    );
    for w in 0..days / 7 {
        let _ = write!(
            h,
            "<th colspan=\"7\"{}>Week {}</th>",
            if w > 0 { " class=\"wk\"" } else { "" },
            w + 1
        );
    }
    h.push_str("</tr>\n<tr>");
    for (i, d) in dates.iter().enumerate() {
        let mut class = Vec::new();
        let holiday = holidays.get(d);
        if holiday.is_some() {
            class.push("hol");
        } else if is_weekend(d) {
            class.push("we");
        }
        if week_start(i) {
            class.push("wk");
        }
        let wd = ["M", "T", "W", "T", "F", "S", "S"][i % 7];
        let title = match holiday {
            Some(name) => format!("{} {}", iso[i], esc(name)),
            None => iso[i].clone(),
        };
        let _ = write!(
            h,
            "<th class=\"{}\" title=\"{title}\">{wd}<br>{}</th>",
            class.join(" "),
            chrono::Datelike::day(d)
        );
    }
    h.push_str("</tr>\n");

    let stats: BTreeMap<&str, &crate::kpi::PersonStats> =
        side.people.iter().map(|p| (p.id.as_str(), p)).collect();
    for person in &roster.staff {
        let id = person.id.as_str();
        let st = stats.get(id);
        let pct = st.map_or(person.position_pct, |s| s.position_pct);
        let weekends = st.map_or(person.weekends_worked, |s| s.weekends_worked);
        let kind = match person.origin {
            Origin::Existing => String::new(),
            Origin::Open => " (new)".into(),
        };
        let flags = person_flags.get(id);
        let line_marks = person_quality.get(id);
        let who: Vec<&str> = flags
            .into_iter()
            .chain(line_marks)
            .flatten()
            .map(String::as_str)
            .collect();
        // The person's own full-time week when it is not the scenario's, and the week the
        // line earns under the KS three-shift rule, on hover (issue 9.1).
        let mut notes = Vec::new();
        if let Some(s) =
            st.filter(|s| s.full_time_week_hours != side.scenario.full_time_hours_per_week)
        {
            let hours = format!("{:.2}", s.full_time_week_hours);
            let hours = hours.trim_end_matches('0').trim_end_matches('.');
            notes.push(format!("100 % = {hours} h a week"));
        }
        if let Some(w) = st.and_then(|s| s.three_shift_week_hours) {
            notes.push(format!("KS three-shift week (HTA §4.2.4): {w:.2} h"));
        }
        let week = if notes.is_empty() {
            String::new()
        } else {
            format!(" title=\"{}\"", esc(&notes.join("; ")))
        };
        let _ = write!(
            h,
            "<tr><td class=\"who{}\"{}>{}{}</td><td class=\"num{}\"{week}>{pct:.1} %</td>\
             <td class=\"num\">{weekends}</td>",
            if flags.is_some() {
                " flag"
            } else if line_marks.is_some() {
                " qual"
            } else {
                ""
            },
            if who.is_empty() {
                String::new()
            } else {
                format!(" title=\"{}\"", esc(&who.join("\n")))
            },
            esc(id),
            kind,
            if pct < 50.0 { " small" } else { "" },
        );
        for (i, d) in dates.iter().enumerate() {
            let mut class = Vec::new();
            if week_start(i) {
                class.push("wk");
            }
            let shifts = work.get(&(id, iso[i].as_str()));
            let flags = cell_flags.get(&(id, iso[i].as_str()));
            let marks = quality_flags.get(&(id, iso[i].as_str()));
            if flags.is_some() {
                class.push("flag");
            } else if marks.is_some() {
                class.push("qual");
            }
            let mut style = String::new();
            let text = match shifts {
                Some(list) => {
                    if let Some((bg, fg)) = colours.get(list[0]) {
                        style = format!(" style=\"background:{bg};color:{fg}\"");
                    }
                    list.join("+")
                }
                None => {
                    if is_weekend(d) {
                        class.push("we");
                    }
                    String::new()
                }
            };
            let notes: Vec<&String> = flags.into_iter().chain(marks).flatten().collect();
            let title = if notes.is_empty() {
                String::new()
            } else {
                let text: Vec<&str> = notes.iter().map(|s| s.as_str()).collect();
                format!(" title=\"{} {}\"", iso[i], esc(&text.join("\n")))
            };
            let _ = write!(
                h,
                "<td class=\"{}\"{style}{title}>{}</td>",
                class.join(" "),
                esc(&text)
            );
        }
        h.push_str("</tr>\n");
    }

    // Coverage rows.
    let cover: BTreeMap<(&str, &str), &crate::compare::CoverageCell> = side
        .coverage
        .iter()
        .map(|c| ((c.date.as_str(), c.shift.as_str()), c))
        .collect();
    for (k, s) in sc.shifts.iter().enumerate() {
        let _ = write!(
            h,
            "<tr class=\"cover{}\"><td class=\"who\" colspan=\"3\">On {} (planned / needed)</td>",
            if k == 0 { " first-cover" } else { "" },
            esc(&s.id)
        );
        for (i, date) in iso.iter().enumerate() {
            let mut class = Vec::new();
            if week_start(i) {
                class.push("wk");
            }
            let text = match cover.get(&(date.as_str(), s.id.as_str())) {
                Some(c) => {
                    if c.is_short() {
                        class.push("short");
                    } else if c.is_over() {
                        class.push("over");
                    }
                    let need = if c.min == c.max {
                        c.min.to_string()
                    } else {
                        format!("{}–{}", c.min, c.max)
                    };
                    let tip = format!(
                        " title=\"{date} {}: {} planned, {need} needed\"",
                        s.id, c.planned
                    );
                    let _ = write!(
                        h,
                        "<td class=\"{}\"{tip}>{}</td>",
                        class.join(" "),
                        c.planned
                    );
                    continue;
                }
                None => "",
            };
            let _ = write!(h, "<td class=\"{}\">{text}</td>", class.join(" "));
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</table></div>\n");
}
