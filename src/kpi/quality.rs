//! Rota-quality key figures of one person's line (docs/format.md, "Rota quality"): plain
//! loops over the dates, independent of the formulation that avoids the same patterns.

/// The rota-quality key figures of one person's line (docs/format.md, "Rota quality").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct Quality {
    pub(super) isolated_work_days: u32,
    pub(super) isolated_days_off: u32,
    pub(super) mixed_blocks: u32,
    pub(super) longest_night_run: u32,
    pub(super) night_blocks_without_two_days_off: u32,
}

/// The quality figures of a line: `worked[d]` is the shift type (its index) started on date
/// `d`, if any, and `night[d]` whether that shift is a night shift. On a cyclic horizon the
/// dates wrap; on a calendar horizon a date is isolated only with both neighbours inside it,
/// and runs stop at its ends.
pub(super) fn quality(worked: &[Option<usize>], night: &[bool], cyclic: bool) -> Quality {
    let n = worked.len();
    let mut q = Quality::default();
    if n == 0 {
        return q;
    }
    let at = |d: i64| -> Option<usize> {
        if cyclic {
            Some(d.rem_euclid(n as i64) as usize)
        } else {
            (0..n as i64).contains(&d).then_some(d as usize)
        }
    };
    for d in 0..n as i64 {
        let (Some(prev), Some(next)) = (at(d - 1), at(d + 1)) else {
            continue;
        };
        let on = |i: usize| worked[i].is_some();
        if on(d as usize) && !on(prev) && !on(next) {
            q.isolated_work_days += 1;
        }
        if !on(d as usize) && on(prev) && on(next) {
            q.isolated_days_off += 1;
        }
    }
    // A night block ends on d (a night, and no night on d+1) without two free dates after it:
    // a shift on d+1 or on d+2 (both inside the horizon, or wrapping when cyclic).
    for d in 0..n as i64 {
        let (Some(d1), Some(d2)) = (at(d + 1), at(d + 2)) else {
            continue;
        };
        let here = d as usize;
        if worked[here].is_some()
            && night[here]
            && !night[d1]
            && (worked[d1].is_some() || worked[d2].is_some())
        {
            q.night_blocks_without_two_days_off += 1;
        }
    }
    // Runs: start where the previous date is off (or outside); a line worked on every date of
    // a cycle is one block.
    let starts: Vec<usize> = (0..n)
        .filter(|&d| worked[d].is_some() && at(d as i64 - 1).is_none_or(|p| worked[p].is_none()))
        .collect();
    let blocks: Vec<Vec<usize>> = if starts.is_empty() && worked.iter().all(Option::is_some) {
        // One block round the whole cycle, read from a date after a day without a night so
        // that no night run is cut (all nights: a run of n).
        let from = (0..n).find(|&d| !night[(d + n - 1) % n]).unwrap_or(0);
        vec![(0..n).map(|i| (from + i) % n).collect()]
    } else {
        starts
            .iter()
            .map(|&s| {
                let mut run = vec![s];
                let mut d = s as i64;
                while let Some(next) = at(d + 1) {
                    if worked[next].is_none() || next == s {
                        break;
                    }
                    run.push(next);
                    d += 1;
                }
                run
            })
            .collect()
    };
    for b in &blocks {
        // `usize::MAX`: two shift types on one date.
        let first = worked[b[0]];
        if b.iter()
            .any(|&d| worked[d] != first || worked[d] == Some(usize::MAX))
        {
            q.mixed_blocks += 1;
        }
        let mut run = 0u32;
        for &d in b {
            run = if night[d] { run + 1 } else { 0 };
            q.longest_night_run = q.longest_night_run.max(run);
        }
    }
    q
}
