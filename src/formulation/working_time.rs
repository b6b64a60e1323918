//! The full-time week under `rules.working_time: "ks-three-shift"` (docs/format.md, "Working
//! time under the KS agreement"; [`crate::tariff`]): a band `lo·T − tol ≤ H ≤ hi·T + tol`
//! against the week `T` a person's line earns, held exactly for every 0/1 assignment by rows
//! over binaries only, with no column for `T`.
//!
//! With the fixed week `B`, the tariff's ordinary week `O`, cap `U` and floor `L` (all ×
//! weeks, in hour units), the credit `C = Σ k_c x_c` and `D = O − C`, a qualifying line has
//! `T = min(U, max(L, D)) = max(L, min(U, D))`. Per person ([`add`]):
//!
//! - `a` (binary) is 1 exactly when the line has night work: `n·a ≥ Σ_{night} x ≥ a`, `n` the
//!   dates with a night column;
//! - `y_j` (binary) is 1 exactly when the line works Sunday or holiday `j` (its count window):
//!   `y_j ≥ Σ_s x[d][s]` over the columns counting on `j`, for each date `d` (one start a
//!   date), and `y_j ≤ Σ` of them all;
//! - `b` (binary) is 1 exactly when `3 Σ y ≥ S` (S Sundays and holidays): `3 Σ y ≥ S·b`,
//!   `3 Σ y ≤ S − 1 + (2S + 1)·b`;
//! - `q = a ∧ b` (binary): `q ≤ a`, `q ≤ b`, `q ≥ a + b − 1`: the line qualifies.
//!
//! Per band ([`band`]), each row switched off by big-M terms (the smallest that do it):
//! `H ≤ hi·B + tol` when `q = 0`; when `q = 1`, `H ≤ hi·U + tol` and, by a fresh binary `z`,
//! `H ≤ hi·L + tol` or `H + hi·C ≤ hi·O + tol`. The lower band likewise: `H ≥ lo·B − tol`
//! when `q = 0`; `H ≥ lo·L − tol` and (`H ≥ lo·U − tol` or `H + lo·C ≥ lo·O − tol`) when
//! `q = 1`. A disjunction one side of which always holds (`D` never below `L`, say) is one row.
//!
//! Why this form, measured on the 6-week ward with every position open: a week column tied to
//! the line by equalities (the credit split into pieces, `T = B + q·(U − B) − q·c₂`) is exact
//! too, but the solver then found no first roster in 30 s: its feasibility jump, which finds
//! the ward's first roster in about a second, gets nowhere on the equalities. Here it finds the
//! optimum in 0.5 s (the night-heavy test ward with existing staff: 2.5 s).

use super::{Col, ColKind, Formulation, HourRow, RowFamily};

/// What the rows of a band need of a person's week (all in hour units).
#[derive(Debug, Clone, PartialEq)]
pub struct Week {
    /// 1 exactly when the line qualifies; `None` when it never can (the week is `base`).
    pub q: Option<Col>,
    /// The line's credit `Σ k_c x_c`.
    pub credit: Vec<(Col, f64)>,
    /// The most credit a line can have (one shift a date).
    pub most: f64,
    /// The fixed week `B`.
    pub base: f64,
    /// The tariff's ordinary week `O`, cap `U` and floor `L`.
    pub ordinary: f64,
    /// See [`Week::ordinary`].
    pub cap: f64,
    /// See [`Week::ordinary`].
    pub floor: f64,
}

/// Which side of a disjunction a helper binary picks (for completing warm starts).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// An upper band: 1 when `D ≥ L` (the week is `min(U, D)`).
    Upper,
    /// A lower band: 1 when `D ≤ U` (the week is `max(L, D)`).
    Lower,
}

/// Adds each person's qualification indicator and credit (in [`Formulation::week`]); nothing
/// without the three-shift rule. People without a band (a relaxation, see
/// [`crate::solve`]) get nothing.
pub fn add(f: &mut Formulation) {
    let m = f.m;
    let Some(t) = &m.three_shift else {
        return;
    };
    f.week = vec![None; m.people.len()];
    let s_count = m.rules.sundays.days.len();
    let per = t.per_credit.to_f64();
    for p in 0..m.people.len() {
        if f.exhausted(p) {
            return;
        }
        if m.people[p].band.is_none() {
            continue; // no band to hold against the week
        }
        let pid = m.people[p].id.clone();
        let name = |what: &str| format!("working-time:{pid}:{what}");
        let night: Vec<Vec<Col>> = (0..m.days())
            .map(|d| {
                f.day_cols(p, d)
                    .filter(|(s, _)| t.night[s.0])
                    .map(|(_, c)| c)
                    .collect()
            })
            .collect();
        let mut counting: Vec<Vec<Col>> = vec![Vec::new(); s_count];
        let mut by_date: Vec<Vec<(usize, Vec<Col>)>> = vec![Vec::new(); s_count];
        for d in 0..m.days() {
            for (s, c) in f.day_cols(p, d).collect::<Vec<_>>() {
                for &j in &t.sundays[d][s.0] {
                    counting[j].push(c);
                    match by_date[j].last_mut() {
                        Some((e, cols)) if *e == d => cols.push(c),
                        _ => by_date[j].push((d, vec![c])),
                    }
                }
            }
        }
        let credit: Vec<(Col, f64)> = (0..m.days())
            .flat_map(|d| {
                f.day_cols(p, d)
                    .map(|(s, c)| (c, t.credit[d][s.0] as f64 * per))
                    .collect::<Vec<_>>()
            })
            .filter(|&(_, k)| k > 0.0)
            .collect();
        let most: f64 = (0..m.days())
            .map(|d| {
                f.day_cols(p, d)
                    .map(|(s, _)| t.credit[d][s.0] as f64 * per)
                    .fold(0.0, f64::max)
            })
            .sum();
        let mut week = Week {
            q: None,
            credit,
            most,
            base: m.people[p].full_time_units.to_f64(),
            ordinary: t.ordinary.to_f64(),
            cap: t.cap.to_f64(),
            floor: t.floor.to_f64(),
        };
        let reachable = counting.iter().filter(|c| !c.is_empty()).count();
        let can_qualify =
            night.iter().any(|n| !n.is_empty()) && crate::tariff::qualifies(1, reachable, s_count);
        if !can_qualify {
            f.week[p] = Some(week); // the fixed week, always
            continue;
        }
        // a: night work (`n·a ≥ Σ night x ≥ a`, n the dates with a night column).
        let a = f.person_binary(p);
        let nights: Vec<(Col, f64)> = night.iter().flatten().map(|&c| (c, 1.0)).collect();
        let n_dates = night.iter().filter(|n| !n.is_empty()).count() as f64;
        let mut row = nights.clone();
        row.push((a, -n_dates));
        f.lp.le(RowFamily::Link, name("night"), row, 0.0);
        let mut row = nights;
        row.push((a, -1.0));
        f.lp.ge(RowFamily::Link, name("night"), row, 0.0);
        // y_j: works Sunday or holiday j (`y ≥ Σ_{date} x` for each date with a column
        // counting on it, exact as one shift starts a date; `y ≤ Σ x`).
        let mut sundays: Vec<(Col, f64)> = Vec::new();
        for (j, cols) in counting.iter().enumerate() {
            if cols.is_empty() {
                continue;
            }
            let y = f.person_binary(p);
            let date = m.cal.date_str(m.rules.sundays.days[j].day);
            for (d, on_date) in by_date[j].iter() {
                let mut row: Vec<(Col, f64)> = on_date.iter().map(|&c| (c, -1.0)).collect();
                row.push((y, 1.0));
                let n = name(&format!("sunday:{date}:{}", m.cal.date_str(*d)));
                f.lp.ge(RowFamily::Link, n, row, 0.0);
            }
            let mut row: Vec<(Col, f64)> = cols.iter().map(|&c| (c, -1.0)).collect();
            row.push((y, 1.0));
            f.lp.le(RowFamily::Link, name(&format!("sunday:{date}")), row, 0.0);
            sundays.push((y, 3.0));
        }
        // b: at least every third (`3 Σ y ≥ S·b`, `3 Σ y ≤ S − 1 + (2S + 1)·b`).
        let b = f.person_binary(p);
        let s = s_count as f64;
        let mut row = sundays.clone();
        row.push((b, -s));
        f.lp.ge(RowFamily::Link, name("every-third-sunday"), row, 0.0);
        let mut row = sundays;
        row.push((b, -(2.0 * s + 1.0)));
        f.lp.le(RowFamily::Link, name("every-third-sunday"), row, s - 1.0);
        // q = a ∧ b.
        let q = f.person_binary(p);
        f.lp.le(
            RowFamily::Link,
            name("qualifies"),
            vec![(q, 1.0), (a, -1.0)],
            0.0,
        );
        f.lp.le(
            RowFamily::Link,
            name("qualifies"),
            vec![(q, 1.0), (b, -1.0)],
            0.0,
        );
        f.lp.ge(
            RowFamily::Link,
            name("qualifies"),
            vec![(q, 1.0), (a, -1.0), (b, -1.0)],
            -1.0,
        );
        week.q = Some(q);
        f.week[p] = Some(week);
    }
}

/// A literal that switches a row off when it is 1: a column, or one minus it.
#[derive(Clone, Copy)]
enum Off {
    /// Off when the column is 1.
    Is(Col),
    /// Off when the column is 0.
    Not(Col),
}

/// Adds `Σ terms ≤ rhs` (`lower`: `≥`) switched off when any of `off` is 1, with the smallest
/// big-M that does it (from the columns' bounds). A column listed twice is merged (the solver
/// refuses repeated entries). With `whole` (the terms are whole numbers on 0/1 columns) the
/// right-hand side is rounded inwards, so the row is exact whatever the solver's tolerance.
/// Returns the row's index, if added.
#[allow(clippy::too_many_arguments)]
fn switched(
    f: &mut Formulation,
    family: RowFamily,
    name: String,
    terms: Vec<(Col, f64)>,
    lower: bool,
    mut rhs: f64,
    whole: bool,
    off: &[Off],
) -> Option<usize> {
    let mut merged: std::collections::BTreeMap<Col, f64> = std::collections::BTreeMap::new();
    for (c, a) in terms {
        *merged.entry(c).or_insert(0.0) += a;
    }
    let mut terms: Vec<(Col, f64)> = merged.into_iter().filter(|&(_, a)| a != 0.0).collect();
    if whole {
        // A hair of float error in an exact value must not round it past itself.
        rhs = if lower {
            (rhs - 1e-9).ceil()
        } else {
            (rhs + 1e-9).floor()
        };
    }
    let (mut lo, mut hi) = (0.0, 0.0);
    for &(c, a) in &terms {
        let col = &f.lp.cols[c.0];
        if a > 0.0 {
            hi += a * col.ub;
            lo += a * col.lb;
        } else {
            hi += a * col.lb;
            lo += a * col.ub;
        }
    }
    let big = if lower { rhs - lo } else { hi - rhs };
    if big <= 1e-9 {
        return None; // holds whatever the columns are
    }
    // ≤: LHS ≤ rhs + M·ℓ; ≥: LHS ≥ rhs − M·ℓ.
    let sign = if lower { 1.0 } else { -1.0 };
    for o in off {
        match *o {
            Off::Is(c) => terms.push((c, sign * big)),
            Off::Not(c) => {
                terms.push((c, -sign * big));
                rhs -= sign * big;
            }
        }
    }
    let before = f.lp.rows.len();
    if lower {
        f.lp.ge(family, name, terms, rhs);
    } else {
        f.lp.le(family, name, terms, rhs);
    }
    (f.lp.rows.len() > before).then_some(before)
}

/// The share of the week a band holds.
#[derive(Debug, Clone, Copy)]
pub enum Share<'a> {
    /// A number: the rows are linear.
    Of(f64),
    /// A column `r`, with the products `r·x_c` of the line's credit columns as `(column, k_c)`
    /// in the order of [`Week::credit`] (see [`shares`]).
    Col(Col, &'a [(Col, f64)]),
}

/// Adds rows that hold, exactly, `Σ amount ≤ share·T + tol` (`lower`: `≥ share·T − tol`) for
/// person `p`'s week `T` (see the module docs): one row for the fixed week (off when the line
/// qualifies), one for the cap or floor and a disjunction with a fresh binary for the
/// credit's side (off when it does not). `used`, for a created position's lower band of a
/// number, switches the rows off when the position is not used. With `hour_rows` each row is
/// recorded as a week [`HourRow`]. Nothing when `p` has no [`Week`].
#[allow(clippy::too_many_arguments)]
pub fn band(
    f: &mut Formulation,
    p: usize,
    amount: Vec<(Col, f64)>,
    lower: bool,
    share: Share,
    tol: f64,
    family: RowFamily,
    hour_rows: bool,
    name: &str,
) {
    let Some(w) = f.week.get(p).cloned().flatten() else {
        return;
    };
    let fam = family;
    let tag = if lower { "min" } else { "max" };
    let fixed = matches!(share, Share::Of(_));
    // A share column is 0 on an unused position by its own rows (no hours, no share).
    let used = if lower && fixed { f.used[p] } else { None };
    let hour_rows = hour_rows && fixed;
    let with_used = |mut off: Vec<Off>| {
        if let Some(u) = used {
            off.push(Off::Not(u));
        }
        off
    };
    let mut rows = Vec::new();
    let (b, o, u, l) = (w.base, w.ordinary, w.cap, w.floor);
    let sign = if lower { -1.0 } else { 1.0 };
    // `amount` (with `base`) against `share·t ± tol`: the share's term on the left when it is a
    // column.
    let against = |base: &[(Col, f64)], t: f64| -> (Vec<(Col, f64)>, f64) {
        let mut terms = base.to_vec();
        match share {
            Share::Of(s) => (terms, s * t + sign * tol),
            Share::Col(r, _) => {
                terms.push((r, -t));
                (terms, sign * tol)
            }
        }
    };
    // The fixed week, when the line does not qualify.
    let off = with_used(w.q.map(Off::Is).into_iter().collect());
    let (terms, rhs) = against(&amount, b);
    rows.push(switched(
        f,
        fam,
        format!("{name}:{tag}:fixed-week"),
        terms,
        lower,
        rhs,
        hour_rows,
        &off,
    ));
    if let Some(q) = w.q {
        // Upper: T = min(U, max(L, D)) so `≤ U` and (`≤ L` or `≤ D`); lower: T = max(L,
        // min(U, D)) so `≥ L` and (`≥ U` or `≥ D`), with D = O − credit.
        let (flat, side_flat) = if lower { (l, u) } else { (u, l) };
        let off = with_used(vec![Off::Not(q)]);
        let (terms, rhs) = against(&amount, flat);
        rows.push(switched(
            f,
            fam,
            format!("{name}:{tag}:three-shift-week"),
            terms,
            lower,
            rhs,
            hour_rows,
            &off,
        ));
        // D against the other flat side: never past it (no disjunction) or either way.
        let d_min = o - w.most;
        // `amount + share·C` against `share·O ± tol`.
        let mut with_credit = amount.clone();
        match share {
            Share::Of(s) => with_credit.extend(w.credit.iter().map(|&(c, k)| (c, s * k))),
            Share::Col(_, products) => with_credit.extend_from_slice(products),
        }
        let (credit_row, credit_rhs) = against(&with_credit, o);
        // The credit side's switches, when it has a row.
        let credit_off = if lower && d_min >= u {
            // min(U, D) = U always: the U side alone.
            let (terms, rhs) = against(&amount, u);
            rows.push(switched(
                f,
                fam,
                format!("{name}:{tag}:three-shift-cap"),
                terms,
                lower,
                rhs,
                hour_rows,
                &off,
            ));
            None
        } else if !lower && d_min >= l {
            // max(L, D) = D always: the D side alone.
            Some(off)
        } else {
            // Either way: the other flat side or D, by a fresh binary.
            let z = f.person_binary(p);
            f.week_sides
                .push((z, p, if lower { Side::Lower } else { Side::Upper }));
            let mut off_side = off.clone();
            off_side.push(Off::Is(z));
            let (terms, rhs) = against(&amount, side_flat);
            rows.push(switched(
                f,
                fam,
                format!("{name}:{tag}:three-shift-flat"),
                terms,
                lower,
                rhs,
                hour_rows,
                &off_side,
            ));
            let mut off_credit = off;
            off_credit.push(Off::Not(z));
            Some(off_credit)
        };
        if let Some(off) = credit_off {
            rows.push(switched(
                f,
                fam,
                format!("{name}:{tag}:three-shift-credit"),
                credit_row,
                lower,
                credit_rhs,
                false,
                &off,
            ));
        }
    }
    // Hour rows are relaxed by repair and left out of rolling blocks but the last.
    for row in rows.into_iter().flatten().filter(|_| hour_rows) {
        f.hour_rows.push(HourRow {
            person: p,
            row,
            lower,
            units: 0,
            week: true,
        });
    }
}

/// The value of a side binary for a line with credit `credit` (see [`Side`]).
pub fn side_value(w: &Week, side: Side, credit: f64) -> f64 {
    let d = w.ordinary - credit;
    let on = match side {
        Side::Upper => d >= w.floor,
        Side::Lower => d <= w.cap,
    };
    if on {
        1.0
    } else {
        0.0
    }
}

/// A person's share of the week their line earns, as the average-position phase maximises it
/// ([`shares`]).
#[derive(Debug, Clone, PartialEq)]
pub struct ShareCols {
    /// The person.
    pub person: usize,
    /// The share `r ≤ H / T`.
    pub r: Col,
    /// `(x_c, w_c)`: the product `w_c = r·x_c` of each credit column of the line.
    pub products: Vec<(Col, Col)>,
}

/// The average-position objective under the three-shift rule: per person a column `r` for the
/// share of the week `T` their line earns that they work, held by `H ≥ r·T` exactly for every
/// 0/1 line through the rows of [`band`] with [`Share::Col`]. Its credit side `H ≥ r·(O − C)`
/// needs the products `r·x_c`, each a column `w_c` with `w_c ≤ r` and `w_c ≤ r̄·x_c` (`r̄` the
/// person's most share): exact for 0/1 `x_c`, and only upper bounds are needed, as a larger
/// `w_c` only loosens the row and the phase maximises `Σ r`. Returns the objective terms
/// (`−Σ r`, minimised); `None` without the rule or when a person has no [`Week`] (their
/// week is not in the program). Built once; later calls return the same terms.
pub fn shares(f: &mut Formulation) -> Option<Vec<(Col, f64)>> {
    let m = f.m;
    m.three_shift.as_ref()?;
    if f.week.len() != m.people.len() || f.week.iter().any(|w| w.is_none()) {
        return None;
    }
    if f.shares.is_empty() {
        for p in 0..m.people.len() {
            let w = f.week[p].clone()?;
            let shortest = m.week_range(p).0.to_f64();
            let most = if shortest > 0.0 {
                (m.people[p].max_units as f64 / shortest).max(0.0)
            } else {
                0.0
            };
            let r = f.person_col(p, ColKind::Continuous, 0.0, most);
            let pid = m.people[p].id.clone();
            // The credit side is needed unless the week never gets past the cap that way.
            let credit_side = w.q.is_some() && w.ordinary - w.most < w.cap;
            let mut products = Vec::new();
            let mut terms = Vec::new();
            if credit_side {
                for (i, &(x, k)) in w.credit.iter().enumerate() {
                    let wc = f.person_col(p, ColKind::Continuous, 0.0, most);
                    let name = format!("average:{pid}:product:{i}");
                    f.lp.le(
                        RowFamily::Link,
                        name.clone(),
                        vec![(wc, 1.0), (r, -1.0)],
                        0.0,
                    );
                    f.lp.le(RowFamily::Link, name, vec![(wc, 1.0), (x, -most)], 0.0);
                    products.push((x, wc));
                    terms.push((wc, k));
                }
            }
            let amount = f.hour_terms(p);
            // Cuts: the share is at most the hours over the shortest week, and under the chord
            // of its gain over the line's credit (`Model::share_chord`), which is linear in
            // the line: the relaxation then sees that short weeks are bought with the
            // demand's scarce credit (root bound 130 % → under 60 % on the night ward).
            let short = m.week_range(p).0.to_f64();
            let mut row: Vec<(Col, f64)> = amount.iter().map(|&(c, k)| (c, k)).collect();
            row.push((r, -short));
            f.lp.ge(
                RowFamily::Cut,
                format!("average:{pid}:shortest-week"),
                row,
                0.0,
            );
            if let Some((g0, slope, g1)) = m.share_chord(p) {
                // B·r − H ≤ B·G with G the gain over the fixed week B.
                let b = m.people[p].full_time_units.to_f64();
                let mut row: Vec<(Col, f64)> = amount.iter().map(|&(c, k)| (c, -k)).collect();
                row.push((r, b));
                f.lp.le(
                    RowFamily::Cut,
                    format!("average:{pid}:most-gain"),
                    row.clone(),
                    g1 * b,
                );
                if slope > 0.0 {
                    // The credit of the line, whether it qualifies or not (one that does not
                    // gains nothing: the chord only allows more).
                    row.extend(w.credit.iter().map(|&(c, k)| (c, -slope * k * b)));
                    let name = format!("average:{pid}:credit-chord");
                    switched(f, RowFamily::Cut, name, row, false, g0 * b, false, &[]);
                }
            }
            band(
                f,
                p,
                amount,
                true,
                Share::Col(r, &terms),
                0.0,
                RowFamily::Link,
                false,
                &format!("average:{pid}"),
            );
            f.shares.push(ShareCols {
                person: p,
                r,
                products,
            });
        }
    }
    Some(f.shares.iter().map(|s| (s.r, -1.0)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formulation::{Lp, Options};
    use crate::model::{Model, ShiftId};
    use crate::num::Ratio;
    use crate::scenario::{Scenario, WorkingTime};
    use crate::solver::highs::{self as backend, MipOptions, MipStatus};
    use crate::validate::shipped;

    /// A shipped scenario under the three-shift rule.
    pub(crate) fn three_shift(name: &str) -> Scenario {
        let mut sc = shipped(name);
        sc.rules.working_time = Some(WorkingTime::KsThreeShift);
        sc
    }

    fn opts() -> MipOptions {
        MipOptions {
            time_limit: 30.0,
            rel_gap: 0.0,
            abs_gap: 0.0,
            threads: None,
            seed: Some(0),
            verbose: false,
            presolve: true,
            deadline: None,
            stall: None,
            keep_improving: false,
            cancel: None,
        }
    }

    /// Whether a band of `share` of person `p`'s week (`lower`: at least, else at most, with
    /// tolerance 0) holds for `line`, by the rows [`band`] adds and the rows defining the
    /// week, with `line` worked and every other column of theirs off.
    fn band_holds(
        f: &Formulation,
        p: usize,
        line: &[(usize, ShiftId)],
        lower: bool,
        share: f64,
    ) -> bool {
        let mut g = f.clone();
        let before = g.lp.rows.len();
        let amount = g.hour_terms(p);
        band(
            &mut g,
            p,
            amount,
            lower,
            Share::Of(share),
            0.0,
            RowFamily::Link,
            false,
            "test",
        );
        let prefix = format!("working-time:{}:", g.pid(p));
        let mut lp = Lp::default();
        lp.cols = g.lp.cols.clone();
        lp.rows =
            g.lp.rows
                .iter()
                .enumerate()
                .filter(|(i, r)| *i >= before || r.name.starts_with(&prefix))
                .map(|(_, r)| r.clone())
                .collect();
        for d in 0..g.m.days() {
            for (s, c) in g.day_cols(p, d) {
                let v = if line.contains(&(d, s)) { 1.0 } else { 0.0 };
                lp.cols[c.0].lb = v;
                lp.cols[c.0].ub = v;
            }
        }
        if let Some(u) = g.used[p] {
            let v = if line.is_empty() { 0.0 } else { 1.0 };
            lp.cols[u.0].lb = v;
            lp.cols[u.0].ub = v;
        }
        let r = backend::solve(&lp, &[], 0.0, &opts(), None, None).unwrap();
        match r.status {
            MipStatus::Optimal | MipStatus::Feasible => true,
            MipStatus::Infeasible => false,
            MipStatus::NoSolution => panic!("no answer for {line:?}"),
        }
    }

    /// The share columns are exact: with a line fixed, the most share the rows allow is the
    /// line's hours over the week the model computes from it (the share cuts included), for
    /// lines at the fixed week, the floor and between; and the relaxation of the whole night
    /// ward stays under the analytic bound, which is under the bound without credit.
    #[test]
    fn can_hold_each_share_at_exactly_the_lines_week() {
        let m = Model::new(&three_shift("ward-6w.json")).unwrap();
        let mut f = Formulation::new(&m, Options::default());
        let p = m.n_staff; // the first candidate: every column of the ward
        assert!(shares(&mut f).is_some(), "every week in the program");
        let share = f.shares.iter().find(|s| s.person == p).unwrap().r;
        let shift = |id: &str| ShiftId(m.shifts.iter().position(|s| s.id == id).unwrap());
        let (d, n) = (shift("D"), shift("N"));
        let days = m.days();
        let sundays: Vec<usize> = (0..days).filter(|d| d % 7 == 6).collect();
        let mut kinds = std::collections::BTreeSet::new();
        let lines: Vec<Vec<(usize, ShiftId)>> = vec![
            (0..days).filter(|x| x % 7 < 5).map(|x| (x, d)).collect(),
            (0..days).step_by(2).map(|x| (x, n)).collect(),
            {
                let mut l: Vec<_> = (0..8).map(|x| (x * 3 % days, n)).collect();
                l.extend(sundays.iter().step_by(3).map(|&x| (x, d)));
                l.sort();
                l.dedup_by_key(|x| x.0);
                l
            },
        ];
        for line in &lines {
            let week = m.line_week(p, line);
            kinds.insert(week);
            let units: i64 = line.iter().map(|&(_, s)| m.shifts[s.0].units).sum();
            // The rows of this person's week and share (not their rules), with the line fixed.
            let mine = [
                format!("working-time:{}:", f.pid(p)),
                format!("average:{}:", f.pid(p)),
            ];
            let mut lp = Lp::default();
            lp.cols = f.lp.cols.clone();
            lp.rows =
                f.lp.rows
                    .iter()
                    .filter(|r| mine.iter().any(|x| r.name.starts_with(x)))
                    .cloned()
                    .collect();
            for dd in 0..days {
                for (s, c) in f.day_cols(p, dd) {
                    let v = if line.contains(&(dd, s)) { 1.0 } else { 0.0 };
                    (lp.cols[c.0].lb, lp.cols[c.0].ub) = (v, v);
                }
            }
            if let Some(u) = f.used[p] {
                (lp.cols[u.0].lb, lp.cols[u.0].ub) = (1.0, 1.0);
            }
            let r = backend::solve(&lp, &[(share, -1.0)], 0.0, &opts(), None, None).unwrap();
            assert_eq!(r.status, MipStatus::Optimal);
            let exact = units as f64 / week.to_f64();
            let got = r.values[share.0];
            assert!(
                (got - exact).abs() < 1e-6,
                "{line:?}: {got} against {exact}"
            );
        }
        assert_eq!(kinds.len(), 3, "fixed week, floor and between: {kinds:?}");

        let m = Model::new(&shipped("night-ward-ks.json")).unwrap();
        let mut f = Formulation::new(&m, Options::default());
        let obj = shares(&mut f).expect("every week in the program");
        let relaxed = backend::solve_lp(&f.lp, &obj, 0.0, &opts(), true).unwrap();
        let analytic = m.three_shift_share_bound();
        assert!(
            -relaxed.objective <= analytic + 1e-6,
            "{} against {analytic}",
            -relaxed.objective
        );
        // Without the credit it would be every hour on the shortest week: 58.58 % here.
        assert!(m.three_shift_average_bound(30) < 58.5);
    }

    /// Every row names a column once (a band's credit row holds the hours and the credit of
    /// the same shifts; HiGHS refuses repeated entries when a program is passed as a matrix, so
    /// the LP bound over rota lines failed under the rule), and the bands of whole hours have
    /// whole right-hand sides.
    #[test]
    fn can_state_each_column_once_per_row() {
        let m = Model::new(&shipped("night-ward-ks.json")).unwrap();
        let f = Formulation::new(&m, Options::default());
        let mut bands = 0;
        for r in &f.lp.rows {
            let mut cols: Vec<Col> = r.terms.iter().map(|t| t.0).collect();
            cols.sort();
            let n = cols.len();
            cols.dedup();
            assert_eq!(cols.len(), n, "{}", r.name);
            if r.name.ends_with(":fixed-week") || r.name.ends_with(":three-shift-flat") {
                bands += 1;
                let rhs = if r.lb.is_finite() { r.lb } else { r.ub };
                assert_eq!(rhs, rhs.round(), "{}", r.name);
            }
        }
        assert!(bands > 10, "{bands} band rows");
    }

    /// For lines of every kind (night-heavy to the floor, a few nights, nights without enough
    /// Sundays, Sundays without nights, nothing), the band rows allow exactly the hours within
    /// a share of the week the model computes from the line: a quarter unit past it is refused,
    /// at most and at least.
    #[test]
    fn can_hold_a_band_against_exactly_the_week_the_line_earns() {
        let sc = three_shift("ward-6w.json");
        let m = Model::new(&sc).unwrap();
        let f = Formulation::new(&m, Options::default());
        let p = m.n_staff; // the first candidate: every column of the ward
        let shift = |id: &str| ShiftId(m.shifts.iter().position(|s| s.id == id).unwrap());
        let (d, a, n) = (shift("D"), shift("A"), shift("N"));
        let days = m.days();
        let sundays: Vec<usize> = (0..days).filter(|d| d % 7 == 6).collect();
        let mut lines: Vec<(&str, Vec<(usize, ShiftId)>)> = vec![
            ("nothing", vec![]),
            (
                "nights every other date",
                (0..days).step_by(2).map(|x| (x, n)).collect(),
            ),
            ("four nights and every third Sunday", {
                let mut l: Vec<_> = [0, 1, 2, 3].iter().map(|&x| (x, n)).collect();
                l.extend(sundays.iter().step_by(3).map(|&x| (x, d)));
                l
            }),
            ("nights but only one Sunday", vec![(0, n), (1, n), (6, d)]),
            (
                "Sundays without nights",
                sundays.iter().map(|&x| (x, d)).collect(),
            ),
            (
                "evenings (90 night minutes each) and every second Sunday",
                {
                    let mut l: Vec<_> = (0..days).filter(|x| x % 7 < 5).map(|x| (x, a)).collect();
                    l.extend(sundays.iter().step_by(2).map(|&x| (x, a)));
                    l
                },
            ),
        ];
        // Between the cap and the floor: 8 nights and every third Sunday.
        let mut mid: Vec<_> = (0..8).map(|x| (x * 3 % days, n)).collect();
        mid.extend(sundays.iter().step_by(3).map(|&x| (x, d)));
        mid.sort();
        mid.dedup_by_key(|x| x.0);
        lines.push(("eight nights", mid));
        let mut kinds = [0usize; 3];
        let t = m.three_shift.as_ref().unwrap();
        for (what, line) in &lines {
            let expected = m.line_week(p, line);
            kinds[if expected == m.people[p].full_time_units {
                0
            } else if expected == t.floor {
                1
            } else {
                2
            }] += 1;
            if line.is_empty() {
                continue;
            }
            // The hours against shares of the week a quarter unit either side of them: the
            // rows must allow the one and refuse the other, at least and at most.
            let units: i64 = line.iter().map(|&(_, s)| m.shifts[s.0].units).sum();
            let week = expected.to_f64();
            let share = |h: f64| h / week;
            let h = units as f64;
            for (lower, ok, bad) in [(false, h + 0.25, h - 0.25), (true, h - 0.25, h + 0.25)] {
                assert!(
                    band_holds(&f, p, line, lower, share(ok)),
                    "{what}: lower {lower}, {ok} of {week}"
                );
                assert!(
                    !band_holds(&f, p, line, lower, share(bad)),
                    "{what}: lower {lower}, {bad} of {week}"
                );
            }
        }
        assert!(
            kinds.iter().all(|&k| k > 0),
            "fixed, floor, between: {kinds:?}"
        );
        // The floor really is 33.6 h a week.
        assert_eq!(t.floor * m.hour_unit, Ratio::new(336 * 6, 10));
    }
}
