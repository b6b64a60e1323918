//! Rota-quality key figures of one person's line (docs/format.md, "Rota quality"): plain
//! loops over the dates, independent of the formulation that avoids the same patterns.

use crate::scenario::Quality as Rules;

/// What a person starts on one date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Start {
    /// The shift type (its place among the scenario's); `usize::MAX` for two or more types on
    /// one date (illegal, rule 1, but counted all the same: it mixes every pair it is in).
    pub(super) kind: usize,
    /// A night shift is among them.
    pub(super) night: bool,
    /// An evening shift is among them.
    pub(super) evening: bool,
    /// Clock start of the earliest, minutes after midnight.
    pub(super) start: i64,
}

impl Start {
    /// Adds another shift started on the same date.
    pub(super) fn merge(self, other: Start) -> Start {
        Start {
            kind: if self.kind == other.kind {
                self.kind
            } else {
                usize::MAX
            },
            night: self.night || other.night,
            evening: self.evening || other.evening,
            start: self.start.min(other.start),
        }
    }
}

/// A pattern `rules.quality` can price, named as its key figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Pattern {
    IsolatedWorkDay,
    IsolatedDayOff,
    NightBlockWithoutTwoDaysOff,
    ShiftChange,
    BackwardRotation,
    LongBlockDay,
    LongNightRunDay,
    LongEveningRunDay,
    WeekendWithoutFreeWeekday,
    UnfairNights,
    UnfairEvenings,
    ShortBlockDay,
    UnfairWeekends,
}

impl Pattern {
    /// The key figure that counts it.
    pub(super) fn name(self) -> &'static str {
        match self {
            Pattern::IsolatedWorkDay => "isolated_work_days",
            Pattern::IsolatedDayOff => "isolated_days_off",
            Pattern::NightBlockWithoutTwoDaysOff => "night_blocks_without_two_days_off",
            Pattern::ShiftChange => "shift_changes",
            Pattern::BackwardRotation => "backward_rotations",
            Pattern::LongBlockDay => "long_block_days",
            Pattern::LongNightRunDay => "long_night_run_days",
            Pattern::LongEveningRunDay => "long_evening_run_days",
            Pattern::WeekendWithoutFreeWeekday => "weekends_without_free_weekday",
            Pattern::UnfairNights => "unfair_nights",
            Pattern::UnfairEvenings => "unfair_evenings",
            Pattern::ShortBlockDay => "short_block_days",
            Pattern::UnfairWeekends => "unfair_weekends",
        }
    }

    /// What one occurrence costs under `rules`.
    pub(super) fn weight(self, rules: &Rules) -> f64 {
        let run = |limit: Option<(usize, f64)>| limit.map_or(0.0, |(_, w)| w);
        match self {
            Pattern::IsolatedWorkDay => rules.isolated_work_days,
            Pattern::IsolatedDayOff => rules.isolated_days_off,
            Pattern::NightBlockWithoutTwoDaysOff => rules.night_blocks_without_two_days_off,
            Pattern::ShiftChange => rules.shift_changes,
            Pattern::BackwardRotation => rules.backward_rotations,
            Pattern::LongBlockDay => run(rules.long_blocks),
            Pattern::LongNightRunDay => run(rules.long_night_runs),
            Pattern::LongEveningRunDay => run(rules.long_evening_runs),
            Pattern::WeekendWithoutFreeWeekday => rules.weekends_without_free_weekday,
            Pattern::UnfairNights => rules.fair_nights.map_or(0.0, |(_, w)| w),
            Pattern::UnfairEvenings => rules.fair_evenings.map_or(0.0, |(_, w)| w),
            Pattern::ShortBlockDay => run(rules.short_blocks),
            Pattern::UnfairWeekends => rules.fair_weekends.map_or(0.0, |(_, w)| w),
        }
    }
}

/// The rota-quality key figures of one person's line (docs/format.md, "Rota quality"), and
/// where each priceable pattern occurs.
#[derive(Debug, Clone, PartialEq, Default)]
pub(super) struct Quality {
    /// (date, pattern) of every occurrence, by date (the date a pattern is marked on: see
    /// [`quality`]). The fair shares need the roster's totals: see [`beyond_share`].
    pub(super) marks: Vec<(usize, Pattern)>,
    pub(super) isolated_work_days: u32,
    pub(super) isolated_days_off: u32,
    pub(super) mixed_blocks: u32,
    pub(super) longest_block: u32,
    pub(super) longest_night_run: u32,
    pub(super) longest_evening_run: u32,
    pub(super) night_blocks_without_two_days_off: u32,
    pub(super) shift_changes: u32,
    pub(super) backward_rotations: u32,
    pub(super) long_block_days: u32,
    pub(super) long_night_run_days: u32,
    pub(super) long_evening_run_days: u32,
    pub(super) weekends_without_free_weekday: u32,
    pub(super) short_block_days: u32,
    pub(super) night_shifts: u32,
    pub(super) evening_shifts: u32,
}

impl Quality {
    /// The weighted cost under `rules` (what the quality phase minimises for these patterns).
    pub(super) fn cost(&self, rules: &Rules) -> f64 {
        self.marks.iter().map(|(_, p)| p.weight(rules)).sum()
    }

    /// Counts one occurrence of `pattern` on date `d`.
    fn hit(&mut self, d: usize, pattern: Pattern) {
        self.marks.push((d, pattern));
        let count = match pattern {
            Pattern::IsolatedWorkDay => &mut self.isolated_work_days,
            Pattern::IsolatedDayOff => &mut self.isolated_days_off,
            Pattern::NightBlockWithoutTwoDaysOff => &mut self.night_blocks_without_two_days_off,
            Pattern::ShiftChange => &mut self.shift_changes,
            Pattern::BackwardRotation => &mut self.backward_rotations,
            Pattern::LongBlockDay => &mut self.long_block_days,
            Pattern::LongNightRunDay => &mut self.long_night_run_days,
            Pattern::LongEveningRunDay => &mut self.long_evening_run_days,
            Pattern::WeekendWithoutFreeWeekday => &mut self.weekends_without_free_weekday,
            Pattern::ShortBlockDay => &mut self.short_block_days,
            Pattern::UnfairNights | Pattern::UnfairEvenings | Pattern::UnfairWeekends => return,
        };
        *count += 1;
    }
}

/// Shifts beyond `band` from a fair share of `rate × hours`: `max(0, |count − rate·hours| −
/// band)`.
pub(super) fn beyond_share(count: u32, hours: f64, rate: f64, band: f64) -> f64 {
    ((f64::from(count) - rate * hours).abs() - band).max(0.0)
}

/// The quality figures of a line: `line[d]` is what the person starts on date `d`, if
/// anything; `monday` is the place of the first Monday in the horizon (0–6). On a cyclic
/// horizon the dates wrap; on a calendar horizon a pattern is counted only when every date it
/// looks at is inside it, and runs stop at its ends. The `long_*` and `short_block_days` counts
/// use the limits of `rules` (0 without them); everything else is counted always.
pub(super) fn quality(
    line: &[Option<Start>],
    monday: usize,
    cyclic: bool,
    rules: &Rules,
) -> Quality {
    let n = line.len();
    let mut q = Quality::default();
    if n == 0 {
        return q;
    }
    // A limit of n dates or more is a limit of n: a window longer than a calendar horizon
    // never fits, and one round a whole cycle sees every date.
    let cap = |l: Option<(usize, f64)>| l.map(|(days, w)| (days.min(n), w));
    let rules = &Rules {
        long_blocks: cap(rules.long_blocks),
        long_night_runs: cap(rules.long_night_runs),
        long_evening_runs: cap(rules.long_evening_runs),
        ..*rules
    };
    let at = |d: usize, k: i64| -> Option<usize> {
        let i = d as i64 + k;
        if cyclic {
            Some(i.rem_euclid(n as i64) as usize)
        } else {
            (0..n as i64).contains(&i).then_some(i as usize)
        }
    };
    let on = |i: usize| line[i].is_some();
    let night = |i: usize| line[i].is_some_and(|s| s.night);
    let evening = |i: usize| line[i].is_some_and(|s| s.evening);
    for d in 0..n {
        if let (Some(prev), Some(next)) = (at(d, -1), at(d, 1)) {
            if on(d) && !on(prev) && !on(next) {
                q.hit(d, Pattern::IsolatedWorkDay);
            }
            if !on(d) && on(prev) && on(next) {
                q.hit(d, Pattern::IsolatedDayOff);
            }
        }
        // A night block ends on d (a night, and no night on d+1) without two free dates after
        // it: a shift on d+1 or on d+2.
        if let (Some(d1), Some(d2)) = (at(d, 1), at(d, 2)) {
            if night(d) && !night(d1) && (on(d1) || on(d2)) {
                q.hit(d, Pattern::NightBlockWithoutTwoDaysOff);
            }
        }
        // Consecutive working dates: another type, or a start earlier in the day.
        // Marked on the later date.
        if let Some(e) = at(d, 1) {
            if let (Some(a), Some(b)) = (line[d], line[e]) {
                if a.kind != b.kind || a.kind == usize::MAX {
                    q.hit(e, Pattern::ShiftChange);
                }
                if b.start < a.start {
                    q.hit(e, Pattern::BackwardRotation);
                }
            }
        }
        // A window of `days + 1` dates, all in the run, ending on d: one date beyond the limit.
        let beyond = |limit: Option<(usize, f64)>, f: &dyn Fn(usize) -> bool| {
            limit.is_some_and(|(days, _)| (0..=days as i64).all(|k| at(d, -k).is_some_and(f)))
        };
        if beyond(rules.long_blocks, &on) {
            q.hit(d, Pattern::LongBlockDay);
        }
        if beyond(rules.long_night_runs, &night) {
            q.hit(d, Pattern::LongNightRunDay);
        }
        if beyond(rules.long_evening_runs, &evening) {
            q.hit(d, Pattern::LongEveningRunDay);
        }
        // A weekend starts on a Saturday: worked on it or the Sunday, and on the Friday before
        // and the Monday after.
        if (d + 7 - monday) % 7 == 5 {
            if let (Some(fri), Some(sun), Some(mon)) = (at(d, -1), at(d, 1), at(d, 2)) {
                if (on(d) || on(sun)) && on(fri) && on(mon) {
                    q.hit(d, Pattern::WeekendWithoutFreeWeekday);
                }
            }
        }
    }
    q.night_shifts = (0..n).filter(|&d| night(d)).count() as u32;
    q.evening_shifts = (0..n).filter(|&d| evening(d)).count() as u32;
    // Runs: start where the previous date is off (or outside); a line worked on every date of
    // a cycle is one block.
    let starts: Vec<usize> = (0..n)
        .filter(|&d| on(d) && at(d, -1).is_none_or(|p| !on(p)))
        .collect();
    let whole = starts.is_empty() && (0..n).all(on);
    let blocks: Vec<Vec<usize>> = if whole {
        vec![(0..n).collect()]
    } else {
        starts
            .iter()
            .map(|&s| {
                let mut run = vec![s];
                let mut d = s;
                while let Some(next) = at(d, 1) {
                    if !on(next) || next == s {
                        break;
                    }
                    run.push(next);
                    d = next;
                }
                run
            })
            .collect()
    };
    for b in &blocks {
        let first = line[b[0]].map(|s| s.kind);
        if b.iter()
            .any(|&d| line[d].map(|s| s.kind) != first || first == Some(usize::MAX))
        {
            q.mixed_blocks += 1;
        }
        q.longest_block = q.longest_block.max(b.len() as u32);
        // Round a whole cycle a run may cross the wrap: read the block twice, at most n long.
        let read: Vec<usize> = if whole {
            b.iter().chain(b).copied().collect()
        } else {
            b.clone()
        };
        let most = |f: &dyn Fn(usize) -> bool| longest(&read, f).min(b.len() as u32);
        q.longest_night_run = q.longest_night_run.max(most(&night));
        q.longest_evening_run = q.longest_evening_run.max(most(&evening));
        // A block between two days off (inside a calendar horizon) shorter than the limit:
        // each date short, marked on its last date.
        if let Some((days, _)) = rules.short_blocks.filter(|_| !whole) {
            let last = b[b.len() - 1];
            if b.len() < days && at(b[0], -1).is_some() && at(last, 1).is_some() {
                for _ in b.len()..days {
                    q.hit(last, Pattern::ShortBlockDay);
                }
            }
        }
    }
    q.marks.sort_by_key(|&(d, _)| d);
    q
}

/// The most dates of `dates` in a row that satisfy `f`.
fn longest(dates: &[usize], f: &dyn Fn(usize) -> bool) -> u32 {
    let (mut run, mut best) = (0u32, 0u32);
    for &d in dates {
        run = if f(d) { run + 1 } else { 0 };
        best = best.max(run);
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    /// D 07:00, A 15:00 (an evening), N 22:00 (a night).
    fn s(kind: char) -> Option<Start> {
        let (kind, night, evening, start) = match kind {
            'D' => (0, false, false, 7 * 60),
            'A' => (1, false, true, 15 * 60),
            'N' => (2, true, false, 22 * 60),
            _ => return None,
        };
        Some(Start {
            kind,
            night,
            evening,
            start,
        })
    }

    /// A line from a string, one character a date (`-` off).
    fn line(text: &str) -> Vec<Option<Start>> {
        text.chars().map(s).collect()
    }

    fn count(text: &str, cyclic: bool) -> Quality {
        quality(&line(text), 0, cyclic, &Rules::default())
    }

    #[test]
    fn can_count_isolated_days_mixed_blocks_and_night_runs() {
        // A calendar week: Monday has no known day before it, so only Wednesday is an isolated
        // working day; Tuesday is an isolated day off; Saturday-Sunday mixes D and A.
        let q = count("D-D--DA", false);
        assert_eq!(
            (q.isolated_work_days, q.isolated_days_off, q.mixed_blocks),
            (1, 1, 1)
        );
        // Cyclic: Monday follows Sunday, so Saturday–Monday is one block (still mixed).
        let q = count("D-D--DA", true);
        assert_eq!(
            (q.isolated_work_days, q.isolated_days_off, q.mixed_blocks),
            (1, 1, 1)
        );
        // Nights Saturday to Tuesday run across the wrap: 4 in a row when cyclic, 2 when not.
        assert_eq!(count("NN---NN", true).longest_night_run, 4);
        assert_eq!(count("NN---NN", false).longest_night_run, 2);
        // Every date worked in a cycle: one block, nothing isolated.
        let q = count("DDDDDDD", true);
        assert_eq!(
            (q.mixed_blocks, q.isolated_work_days, q.isolated_days_off),
            (0, 0, 0)
        );
        assert_eq!(q.longest_block, 7);
        assert_eq!(count("DDDADDD", true).mixed_blocks, 1);
        // Every date worked, nights Saturday to Tuesday: the run crosses the wrap.
        assert_eq!(count("NNDADNN", true).longest_night_run, 4);
        assert_eq!(count("NNNNNNN", true).longest_night_run, 7);
        assert_eq!(count("AADDDAA", true).longest_evening_run, 4);
        assert_eq!(count("AADDDAA", false).longest_evening_run, 2);
    }

    #[test]
    fn can_count_shift_changes_and_backward_rotations() {
        // D→A and A→N forward, A→D backward.
        let q = count("DAN-AD-", false);
        assert_eq!((q.shift_changes, q.backward_rotations), (3, 1));
        let q = count("DAN-ADN", true);
        // D→A, A→N, A→D, D→N, N→D (wrap): 5 changes, A→D and N→D backward.
        assert_eq!((q.shift_changes, q.backward_rotations), (5, 2));
        // The same type on consecutive dates is neither.
        let q = count("NNN-DD-", true);
        assert_eq!((q.shift_changes, q.backward_rotations), (0, 0));
    }

    #[test]
    fn can_count_dates_beyond_run_limits() {
        let rules = Rules {
            long_blocks: Some((3, 1.0)),
            long_night_runs: Some((2, 1.0)),
            long_evening_runs: Some((1, 1.0)),
            ..Rules::default()
        };
        let q = |text: &str, cyclic| quality(&line(text), 0, cyclic, &rules);
        // Five dates in a row, three of them nights: 2 beyond 3 dates, 1 beyond 2 nights.
        let r = q("DDNNN--", false);
        assert_eq!((r.long_block_days, r.long_night_run_days), (2, 1));
        // Cyclic, the block of 4 nights runs over the wrap: 1 date beyond 3, 2 beyond 2 nights.
        let r = q("NN---NN", true);
        assert_eq!((r.long_block_days, r.long_night_run_days), (1, 2));
        assert_eq!(q("NN---NN", false).long_night_run_days, 0);
        // Evenings: three in a row are two beyond one.
        assert_eq!(q("-AAA---", false).long_evening_run_days, 2);
        // Every date of a cycle worked: every window is inside the block.
        assert_eq!(q("DDDDDDD", true).long_block_days, 7);
        // Without limits, nothing beyond.
        let r = count("DDDDDDD", true);
        assert_eq!((r.long_block_days, r.long_night_run_days), (0, 0));
    }

    #[test]
    fn can_count_dates_short_of_blocks_between_two_days_off() {
        let rules = |days| Rules {
            short_blocks: Some((days, 1.0)),
            ..Rules::default()
        };
        let q = |text: &str, cyclic, days| quality(&line(text), 0, cyclic, &rules(days));
        // A block of one date is two short of three, a block of two one short.
        let r = q("-D-DD--", false, 3);
        assert_eq!(r.short_block_days, 3);
        let marks: Vec<usize> = r
            .marks
            .iter()
            .filter(|&&(_, p)| p == Pattern::ShortBlockDay)
            .map(|&(d, _)| d)
            .collect();
        assert_eq!(
            marks,
            [1, 1, 4],
            "on each block's last date, once a date short"
        );
        // The isolated working date and day off are marked but cost nothing here.
        assert_eq!(r.cost(&rules(3)), 3.0);
        // Blocks at the ends of a calendar horizon are not counted; round a cycle they are
        // one block of four.
        assert_eq!(q("DD---DD", false, 3).short_block_days, 0);
        assert_eq!(q("DD---DD", true, 5).short_block_days, 1);
        // A line worked on every date of a cycle is one block, never short; six of seven are
        // one short of seven.
        assert_eq!(q("DDDDDDD", true, 7).short_block_days, 0);
        assert_eq!(q("DDDDDD-", true, 7).short_block_days, 1);
        // Without the rule nothing is counted.
        assert_eq!(count("-D-DD--", false).short_block_days, 0);
    }

    #[test]
    fn can_count_weekends_without_a_free_weekday() {
        // Monday first: Friday is 4, Saturday 5, Sunday 6, the next Monday 7.
        let q = |text: &str, cyclic| {
            quality(&line(text), 0, cyclic, &Rules::default()).weekends_without_free_weekday
        };
        assert_eq!(q("----DD-D------", false), 1); // Fri, Sat, Mon
        assert_eq!(q("----D-DD------", false), 1); // Fri, Sun, Mon
        assert_eq!(q("----DDDD------", false), 1);
        assert_eq!(q("-----DDD------", false), 0); // Friday free
        assert_eq!(q("----DDD-------", false), 0); // Monday free
        assert_eq!(q("----D--D------", false), 0); // weekend free
                                                   // The second weekend's Monday lies outside a calendar horizon, inside a cycle.
        assert_eq!(q("D----------DDD", false), 0);
        assert_eq!(q("D----------DDD", true), 1);
        // Another first weekday: a Thursday start (Monday is date 4) and a Saturday start
        // (Monday is date 2, the Friday before lies outside a calendar horizon).
        let at = |text: &str, monday, cyclic| {
            quality(&line(text), monday, cyclic, &Rules::default()).weekends_without_free_weekday
        };
        assert_eq!(at("-DD-D--", 4, false), 1);
        assert_eq!(at("-DDD---", 4, true), 0);
        assert_eq!(at("DDD---D", 2, false), 0);
        assert_eq!(at("DDD---D", 2, true), 1);
        assert_eq!(at("DDD----", 2, true), 0);
    }

    #[test]
    fn can_price_the_patterns_by_their_weights() {
        let rules = Rules {
            isolated_work_days: 2.0,
            shift_changes: 3.0,
            long_blocks: Some((2, 5.0)),
            ..Rules::default()
        };
        // One isolated D, a D A N block: 2 changes and 1 date beyond 2.
        let q = quality(&line("-D-DAN-"), 0, false, &rules);
        assert_eq!(
            (q.isolated_work_days, q.shift_changes, q.long_block_days),
            (1, 2, 1)
        );
        assert_eq!(q.cost(&rules), 2.0 + 6.0 + 5.0);
    }
}
