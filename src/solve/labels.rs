//! Pricing by labelling: a fast, heuristic search for a person's rota lines of least reduced
//! cost, date by date over the states their rules care about (the shift before, the length of
//! the run of worked or free dates, hours, shifts per type, weekends worked), keeping the
//! cheapest few labels of each state (a beam). It is what branch-and-price nurse rostering
//! prices with (a resource-constrained shortest path); here it is the fast first attempt of a
//! column-generation round, and the pricing MIP ([`super::lines`]) stays the exact one that
//! proves the bound.
//!
//! It states the rules itself, so it is used only where a person's rows are all of the
//! families it knows ([`Labeller::new`]), on a horizon that does not repeat, and every line
//! it returns is then checked against the person's own rows by the solver with the line's
//! shifts fixed ([`super::lines`]), which also sets the helper columns (weekend flags). A rule
//! it states too loosely costs a rejected line; one it states too tightly, lines it does not
//! find (the MIP finds them). Neither costs validity.

use crate::calendar::Interval;
use crate::formulation::{Formulation, Lp};
use crate::model::{Day, PersonKind, ShiftId};
use crate::rule::Rule;
use crate::solver::RowFamily;

/// The rule families of a person's rows the labelling states (besides them, only the links of
/// the weekend flags).
const KNOWN: [Rule; 10] = [
    Rule::OnePerDate,
    Rule::Overlap,
    Rule::Rest,
    Rule::Succession,
    Rule::Hours,
    Rule::MaxShifts,
    Rule::MaxConsecutiveDays,
    Rule::MinConsecutiveDays,
    Rule::MinConsecutiveDaysOff,
    Rule::MaxWeekends,
];

/// Most shift types with a cap the labels count (a person with more is not labelled).
const CAPPED: usize = 24;

/// Labels kept per state and date, at first (see [`super::lines`] for when it grows). At 12 the
/// merged states missed one person's optimum on Curtois–Qu instance 3 (the test).
pub(crate) const BEAM: usize = 24;

/// One person's rules as the labelling reads them, with each (date, shift)'s place in their
/// block of the program.
#[derive(Debug, Clone)]
pub(crate) struct Labeller {
    /// `slot[d][s]`: the block position of the person's column for shift `s` on date `d`.
    slot: Vec<Vec<Option<usize>>>,
    /// The shift fixed on each date, if any.
    forced: Vec<Option<usize>>,
    /// Hour units of each shift type.
    units: Vec<i64>,
    /// Fewest hour units over the horizon.
    min_units: i64,
    /// Most hour units over the horizon.
    max_units: i64,
    /// Index among the capped types and the cap, per shift type.
    cap: Vec<Option<(usize, u8)>>,
    /// Most consecutive worked dates.
    max_run: usize,
    /// Fewest consecutive worked dates (a run touching an edge of the horizon exempt).
    min_run: usize,
    /// Fewest consecutive free dates between runs (likewise).
    min_off: usize,
    /// Most weekends worked.
    max_weekends: Option<usize>,
    /// `weekend[d][s]`: the weekend a shift overlaps.
    weekend: Vec<Vec<Option<u8>>>,
    /// `ahead[d]`: the first weekend a shift after date `d` can overlap (a label whose last
    /// counted weekend is an earlier one can count no shift to come against it).
    ahead: Vec<Option<u8>>,
    /// `follows[t][s]`: shift `s` may start the date after shift `t`.
    follows: Vec<Vec<bool>>,
}

/// Hashes a label's packed state (a multiply and a rotate: the states are small integers and
/// the labelling hashes each label once).
#[derive(Default)]
struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        // The high half folded in: a product's low bits depend on the key's low bits alone,
        // and the table picks buckets by the low bits (states differing only in their shift,
        // the key's high bits, would share a bucket).
        self.0 ^ (self.0 >> 32)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

type KeyHash = std::hash::BuildHasherDefault<KeyHasher>;

/// A partial line: its cost and where its resources stand after a date.
#[derive(Debug, Clone, Copy)]
struct Label {
    /// Sum of the costs of the shifts taken.
    cost: f64,
    /// Hour units worked.
    units: i64,
    /// Shifts worked of each capped type.
    counts: [u8; CAPPED],
    /// Weekends worked.
    weekends: u8,
    /// The last weekend counted, if any.
    last_weekend: Option<u8>,
    /// The shift on the date (`None`: free).
    shift: Option<u8>,
    /// Length of the run of worked (or free) dates the date ends.
    run: u16,
    /// The run began on the first date (exempt from the least lengths).
    edge: bool,
    /// The label on the date before it came from.
    parent: u32,
}

impl Labeller {
    /// The labelling for person `p`, whose block columns (in the program) are `block`, with
    /// `lp` their block as its own program (columns by position): `None` when a row of theirs
    /// is of a family it does not state, the block has columns besides their shifts and
    /// weekend flags, the horizon repeats, the person is not existing staff (a created
    /// position's `used` column is not labelled) or has an hour band by the week their line
    /// earns, or when the labels would not hold the counts: more than [`CAPPED`] capped shift
    /// types (caps of none, which forbid the type, and caps the person's open dates or most
    /// hours cannot reach are not counted), a cap above 255 that binds, over 255 weeks or
    /// shift types.
    /// A rule the formulation leaves out (`Options::relax`) the labelling leaves out too.
    pub(crate) fn new(f: &Formulation, p: usize, block: &[usize], lp: &Lp) -> Option<Labeller> {
        let m = f.m;
        let person = &m.people[p];
        if m.cal.cyclic()
            || person.kind != PersonKind::Existing
            || person.band.is_some()
            || m.cal.weeks() > 255
            || m.shifts.len() > 255
        {
            return None;
        }
        let known = |r: &crate::solver::Row| match r.family {
            RowFamily::Rule(rule) => KNOWN.contains(&rule),
            RowFamily::Link => r.name.starts_with("weekend-link:"),
            _ => false,
        };
        if !lp.rows.iter().all(known) {
            return None;
        }
        let pos: std::collections::HashMap<usize, usize> =
            block.iter().enumerate().map(|(i, &c)| (c, i)).collect();
        let days = m.days();
        let shifts = m.shifts.len();
        let mut slot = vec![vec![None; shifts]; days];
        let mut forced = vec![None; days];
        let mut in_block = 0;
        for (d, row) in slot.iter_mut().enumerate() {
            for (s, cell) in row.iter_mut().enumerate() {
                let Some(c) = f.x[p][d][s] else { continue };
                let &i = pos.get(&c.0)?;
                in_block += 1;
                let col = &lp.cols[i];
                if col.ub < 0.5 {
                    continue;
                }
                if col.lb > 0.5 {
                    forced[d] = Some(s);
                }
                *cell = Some(i);
            }
        }
        // Any other column is a helper the rows link (weekend flags); nothing else is priced.
        let weekends = m.cal.weeks();
        if block.len() > in_block + weekends {
            return None;
        }
        // A cap of none forbids the type (its columns are left to the solver, which the cap's
        // row holds at 0, as those fixed at 0); a cap of at least the dates the type is open
        // or the shifts of it the most hours hold cannot bind. (Curtois–Qu 24: of 32 types
        // each person has 8-19 caps that bind, besides those of none.)
        let max_units = if f.on(Rule::Hours) {
            person.max_units
        } else {
            i64::MAX
        };
        let mut caps: Vec<(ShiftId, i64)> = Vec::new();
        for &(s, most) in person.max_shifts.iter().filter(|_| f.on(Rule::MaxShifts)) {
            if most <= 0 {
                for row in slot.iter_mut() {
                    row[s.0] = None;
                }
                continue;
            }
            let open = slot.iter().filter(|row| row[s.0].is_some()).count() as i64;
            let units = m.shifts[s.0].units;
            let by_hours = if units > 0 {
                max_units / units
            } else {
                i64::MAX
            };
            if most < open.min(by_hours) {
                caps.push((s, most));
            }
        }
        if caps.len() > CAPPED {
            return None;
        }
        let mut cap = vec![None; shifts];
        for (i, &(s, most)) in caps.iter().enumerate() {
            cap[s.0] = Some((i, u8::try_from(most.max(0)).ok()?));
        }
        let we = &m.rules.weekend;
        let windows: Vec<Interval> = (0..weekends)
            .map(|k| m.cal.weekend_window(k, we.from, we.to))
            .collect();
        let weekend: Vec<Vec<Option<u8>>> = (0..days)
            .map(|d| {
                (0..shifts)
                    .map(|s| {
                        let i = m.interval(Day(d), ShiftId(s));
                        windows
                            .iter()
                            .position(|w| m.cal.overlaps(i, *w))
                            .and_then(|k| u8::try_from(k).ok())
                    })
                    .collect()
            })
            .collect();
        let ahead = (0..days)
            .map(|d| {
                (d + 1..days)
                    .flat_map(|e| weekend[e].iter().flatten())
                    .min()
                    .copied()
            })
            .collect();
        // Rest between the shifts of consecutive dates (dates further apart are left to the
        // check of the line).
        let rest = match (f.on(Rule::Rest), f.on(Rule::Overlap)) {
            (true, _) => Some(m.rules.min_rest),
            (false, true) => Some(0),
            (false, false) => None,
        };
        let successions = f.on(Rule::Succession);
        let follows = (0..shifts)
            .map(|t| {
                (0..shifts)
                    .map(|s| {
                        let before = m.interval(Day(0), ShiftId(t));
                        let after = m.interval(Day(1), ShiftId(s));
                        !(successions && m.shifts[t].not_followed_by.contains(&ShiftId(s)))
                            && rest.is_none_or(|r| after.start - before.end >= r)
                    })
                    .collect()
            })
            .collect();
        let on = |r: Rule| f.on(r);
        Some(Labeller {
            slot,
            forced,
            units: m.shifts.iter().map(|s| s.units).collect(),
            min_units: if on(Rule::Hours) { person.min_units } else { 0 },
            max_units,
            cap,
            max_run: (person.max_consecutive_days)
                .filter(|_| on(Rule::MaxConsecutiveDays))
                .unwrap_or(usize::MAX),
            min_run: (person.min_consecutive_days)
                .filter(|_| on(Rule::MinConsecutiveDays))
                .unwrap_or(1),
            min_off: (person.min_consecutive_days_off)
                .filter(|_| on(Rule::MinConsecutiveDaysOff))
                .unwrap_or(1),
            max_weekends: person.max_weekends.filter(|_| on(Rule::MaxWeekends)),
            weekend,
            ahead,
            follows,
        })
    }

    /// The shift types whose shifts the labels count against a cap.
    #[cfg(test)]
    pub(crate) fn counted(&self) -> Vec<usize> {
        (self.cap.iter().enumerate())
            .filter_map(|(s, c)| c.map(|_| s))
            .collect()
    }

    /// Whether each block position is a shift column the labelling prices (the others are
    /// helper columns, weekend flags, columns outside the horizon's shifts, or shifts of a
    /// type capped at none or fixed at 0, which the person's rows hold at 0).
    pub(crate) fn slots(&self) -> Vec<bool> {
        let n = (self.slot.iter().flatten().flatten().max()).map_or(0, |&c| c + 1);
        let mut out = vec![false; n];
        for &c in self.slot.iter().flatten().flatten() {
            out[c] = true;
        }
        out
    }

    /// Dates of the horizon.
    pub(crate) fn dates(&self) -> usize {
        self.slot.len()
    }

    /// Up to `keep` lines of least cost under `cost` (by block position; the helper columns
    /// are left to the caller), each as the block positions it works, cheapest first, keeping
    /// the `beam` cheapest labels of each state. Lines the labelling judges legal only; the
    /// caller checks them against the rows.
    pub(crate) fn lines(&self, cost: &[f64], keep: usize, beam: usize) -> Vec<Vec<usize>> {
        self.lines_with(cost, keep, beam, false)
    }

    /// [`Labeller::lines`], each state also keeping its label of the most hours (the cheapest
    /// of them) beside its cheapest `beam`: where shifts cost, the cheapest labels are those
    /// with the fewest shifts, and on a long horizon none of them may reach the person's least
    /// hours. For a line that must be found whatever it costs (a first roster built line by
    /// line), at about the cost of a beam one wider.
    pub(crate) fn fullest_lines(&self, cost: &[f64], keep: usize, beam: usize) -> Vec<Vec<usize>> {
        self.lines_with(cost, keep, beam, true)
    }

    fn lines_with(&self, cost: &[f64], keep: usize, beam: usize, fullest: bool) -> Vec<Vec<usize>> {
        let days = self.slot.len();
        if days == 0 || keep == 0 {
            return Vec::new();
        }
        let most_units = self.units.iter().copied().max().unwrap_or(0);
        // Each date's labels as (label before, shift) only, to trace the lines back (whole
        // labels are kept for the last date alone: on a year's horizon they took 150 MB).
        let mut trail: Vec<Vec<(u32, Option<u8>)>> = Vec::with_capacity(days);
        let mut before = vec![Label {
            cost: 0.0,
            units: 0,
            counts: [0; CAPPED],
            weekends: 0,
            last_weekend: None,
            shift: None,
            run: 0,
            edge: true,
            parent: u32::MAX,
        }];
        for d in 0..days {
            let left = (days - d - 1) as i64;
            let mut next: Vec<Label> = Vec::new();
            for (i, l) in before.iter().enumerate() {
                let choices = self.slot[d]
                    .iter()
                    .enumerate()
                    .filter_map(|(s, c)| c.map(|c| (Some(s), Some(c))))
                    .chain(std::iter::once((None, None)));
                for (s, c) in choices {
                    if self.forced[d].is_some() && s != self.forced[d] {
                        continue;
                    }
                    let Some(mut n) = self.step(l, d, s) else {
                        continue;
                    };
                    if let Some(c) = c {
                        n.cost += cost[c];
                    }
                    // Hours still reachable.
                    if n.units + left * most_units < self.min_units {
                        continue;
                    }
                    n.parent = i as u32;
                    next.push(n);
                }
            }
            before = self.thin(d, next, beam, fullest);
            trail.push(before.iter().map(|l| (l.parent, l.shift)).collect());
        }
        // Lines that reach their hours (the last run touches the edge: exempt).
        let mut ends: Vec<(f64, usize)> = before
            .iter()
            .enumerate()
            .filter(|(_, l)| l.units >= self.min_units)
            .map(|(i, l)| (l.cost, i))
            .collect();
        ends.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut out: Vec<Vec<usize>> = Vec::new();
        for (_, mut i) in ends {
            let mut line = Vec::new();
            for d in (0..days).rev() {
                let (parent, shift) = trail[d][i];
                if let Some(c) = shift.and_then(|s| self.slot[d][usize::from(s)]) {
                    line.push(c);
                }
                i = parent as usize;
            }
            line.reverse();
            if !out.contains(&line) {
                out.push(line);
                if out.len() == keep {
                    break;
                }
            }
        }
        out
    }

    /// Fixes every shift column the labelling prices of the person's block `lp` to `line` (the
    /// positions worked), leaving the others to the solver (see [`Labeller::slots`]).
    pub(crate) fn fix(&self, lp: &mut Lp, line: &[usize]) {
        for &c in self.slot.iter().flatten().flatten() {
            let v = if line.contains(&c) { 1.0 } else { 0.0 };
            lp.cols[c].lb = v;
            lp.cols[c].ub = v;
        }
    }

    /// The label after date `d` when `l` takes shift `s` (or a free date), if the rules allow.
    fn step(&self, l: &Label, d: usize, s: Option<usize>) -> Option<Label> {
        let mut n = *l;
        let first = d == 0;
        match (l.shift, s) {
            (_, None) => {
                if !first && l.shift.is_some() {
                    // A worked run ends.
                    if !l.edge && usize::from(l.run) < self.min_run {
                        return None;
                    }
                    n.run = 1;
                    n.edge = false;
                } else {
                    n.run = l.run.saturating_add(1);
                }
                n.shift = None;
            }
            (before, Some(s)) => {
                match before {
                    Some(t) if !first => {
                        if !self.follows[t as usize][s] {
                            return None;
                        }
                        n.run = l.run.saturating_add(1);
                    }
                    _ => {
                        if !first {
                            // A free run ends.
                            if !l.edge && usize::from(l.run) < self.min_off {
                                return None;
                            }
                            n.edge = false;
                        }
                        n.run = 1;
                    }
                }
                if usize::from(n.run) > self.max_run {
                    return None;
                }
                n.units += self.units[s];
                if n.units > self.max_units {
                    return None;
                }
                if let Some((i, most)) = self.cap[s] {
                    if n.counts[i] >= most {
                        return None;
                    }
                    n.counts[i] += 1;
                }
                if let Some(k) = self.weekend[d][s] {
                    if n.last_weekend != Some(k) {
                        n.weekends += 1;
                        n.last_weekend = Some(k);
                        if self
                            .max_weekends
                            .is_some_and(|w| usize::from(n.weekends) > w)
                        {
                            return None;
                        }
                    }
                }
                n.shift = Some(s as u8);
            }
        }
        Some(n)
    }

    /// The cheapest `beam` labels of each state after date `day` (the shift, the run as far
    /// as the rules count it, the edge, whether the next weekend a shift can overlap is
    /// counted already), one per set of resources; with `fullest`, also each state's label
    /// of the most units (the cheapest of them) where none kept has its resources.
    fn thin(&self, day: usize, labels: Vec<Label>, beam: usize, fullest: bool) -> Vec<Label> {
        // A worked run counts up to its most (or least) length, a free one up to its least.
        let most = if self.max_run < usize::MAX {
            self.max_run
        } else {
            self.min_run
        };
        let worked = most.max(self.min_run).min(usize::from(u16::MAX)) as u16;
        let free = self.min_off.min(usize::from(u16::MAX)) as u16;
        // The state (shift, run, edge, counted) packed in the order of the tuple. Each state
        // keeps its `beam` cheapest labels of distinct resources (units, counts, weekends),
        // ties by the order generated (with `fullest`, and its fullest label). The states are buckets and only a state's cheapest few
        // are sorted: sorting every label by state and cost was more than half of a
        // labelling on a year's horizon (about 170 000 labels a date on Curtois–Qu 23).
        let key = |l: &Label| -> u64 {
            let run = l.run.min(if l.shift.is_some() { worked } else { free });
            let counted = l.last_weekend.is_some() && l.last_weekend == self.ahead[day];
            let shift = l.shift.map_or(0, |s| u64::from(s) + 1);
            shift << 18 | u64::from(run) << 2 | u64::from(l.edge) << 1 | u64::from(counted)
        };
        let mut buckets: std::collections::HashMap<u64, Vec<u32>, KeyHash> = Default::default();
        for (i, l) in labels.iter().enumerate() {
            buckets.entry(key(l)).or_default().push(i as u32);
        }
        let mut states: Vec<(u64, Vec<u32>)> = buckets.into_iter().collect();
        states.sort_unstable_by_key(|s| s.0);
        let by = |a: &u32, b: &u32| {
            let (x, y) = (&labels[*a as usize], &labels[*b as usize]);
            x.cost.total_cmp(&y.cost).then(a.cmp(b))
        };
        let mut out: Vec<Label> = Vec::with_capacity(states.len() * beam);
        let same = |o: &Label, l: &Label| {
            o.units == l.units && o.counts == l.counts && o.weekends == l.weekends
        };
        // The first labels of `idx` (sorted) of distinct resources, at most `beam`.
        let take = |out: &mut Vec<Label>, idx: &[u32]| {
            let from = out.len();
            for &i in idx {
                if out.len() - from == beam {
                    break;
                }
                let l = labels[i as usize];
                if !out[from..].iter().any(|o| same(o, &l)) {
                    out.push(l);
                }
            }
            out.len() - from
        };
        // The label of the most units (the cheapest of them), unless one of the same
        // resources is kept already.
        let fill = |out: &mut Vec<Label>, from: usize, idx: &[u32]| {
            let fullest = idx.iter().copied().min_by(|a, b| {
                let (x, y) = (&labels[*a as usize], &labels[*b as usize]);
                y.units.cmp(&x.units).then_with(|| by(a, b))
            });
            if let Some(i) = fullest {
                let l = labels[i as usize];
                if !out[from..].iter().any(|o| same(o, &l)) {
                    out.push(l);
                }
            }
        };
        for (_, mut idx) in states {
            let from = out.len();
            // The cheapest few first; all of them only where those repeat too many resources.
            let few = 2 * beam + 8;
            let mut kept = false;
            if idx.len() > few {
                idx.select_nth_unstable_by(few, by);
                idx[..few].sort_unstable_by(by);
                kept = take(&mut out, &idx[..few]) == beam;
                if !kept {
                    out.truncate(from);
                }
            }
            if !kept {
                idx.sort_unstable_by(by);
                take(&mut out, &idx);
            }
            if fullest {
                fill(&mut out, from, &idx);
            }
        }
        out
    }
}
