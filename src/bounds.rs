//! Instant analytic bounds on the headcount, usable without a solver.
//!
//! * **Weekend bound** (Burns & Carter style): weekend `k` needs at least `W_k` distinct people
//!   (the heaviest set of demanded shifts overlapping the window no two of which one person
//!   may work: one start a date, rest, and the Sunday rules, see `Apart` in the source; at
//!   least the busiest date's shifts), and person `p` works at most `cap_p`
//!   weekends (cyclic: `⌊K/n_p⌋` for "one in n_p"; calendar: `⌈K/n_p⌉`; see `weekend_cap`).
//!   With one `n` for everybody, headcount ≥ `max(max_k W_k, ⌈ΣW_k / cap⌉)`. With per-person
//!   `weekend_max_one_in` overrides, `max_weekends`, or unavailable dates that cost weekends
//!   (vacations) the caps differ (see `weekend_caps`), and the bound is the fewest
//!   people, all existing staff plus the open positions with the largest caps, whose caps reach
//!   `ΣW_k` (see `weekend_bound` in the source for why this stays a lower bound).
//! * **Hours bound**: the demanded hours must fit into the most hours staff may work plus the
//!   largest created positions.
//!
//! Both are valid for every roster, so the formulation adds them as cuts and reports them
//! beside every solve.

use serde::Serialize;

use crate::calendar::{Interval, DAY};
use crate::model::{Day, Model, ShiftId};

/// Analytic headcount lower bounds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bounds {
    /// People needed by the weekend rule, existing staff included (they always count); `None`
    /// when the weekend demand cannot be met at all (nobody who may still be hired can work
    /// the missing weekends). A value above the number of staff and candidates also proves
    /// infeasibility.
    pub weekend: Option<u32>,
    /// People needed by the hours; `None` when all staff and positions cannot supply the hours.
    pub hours: Option<u32>,
    /// Existing staff (always counted).
    pub staff: u32,
    /// Largest weekend crew `max_k W_k`.
    pub weekend_crew: u32,
    /// Weekends one person may work at most over the horizon: everybody's cap when all caps
    /// are alike, else the cap under the scenario-wide `rules.weekend.max_one_in` alone (people
    /// with an override, a `max_weekends` or unavailable weekends differ, see
    /// `weekend_caps_uniform`).
    pub weekends_per_person: u32,
    /// Whether every person (staff and candidates) may work the same number of weekends at
    /// most, `weekends_per_person`; `false` when a `weekend_max_one_in` override, a
    /// `max_weekends` or unavailable dates give someone another cap.
    pub weekend_caps_uniform: bool,
    /// People needed on each weekend `W_k`.
    pub crews: Vec<u32>,
    /// The weekends (indices, consecutive, wrapping round a cyclic horizon) of the run that
    /// gives `weekend` when it needs more people than the whole horizon does: few of the
    /// people can work its weekends (a summer with vacations); `None` when the whole horizon
    /// gives the bound.
    pub weekend_run: Option<Vec<u32>>,
}

impl Bounds {
    /// Whether the weekend bound is exactly tight at `headcount`: then every person works
    /// exactly `weekends_per_person` weekends and weekend `k` exactly `crews[k]` people.
    ///
    /// Only when every person has the same cap (`weekend_caps_uniform`): with per-person caps
    /// a roster at the bound may give the volunteers more weekends and others fewer, so the
    /// "exactly `weekends_per_person` each" rows would cut off legal rosters. Then this is
    /// `false` and the solver's tight probe rows are not added.
    pub fn weekend_tight_at(&self, headcount: u32) -> bool {
        let total: u32 = self.crews.iter().sum();
        self.weekend_caps_uniform
            && self.weekend == Some(headcount)
            && self.weekends_per_person > 0
            && total > 0
            && total == headcount * self.weekends_per_person
    }

    /// The best valid headcount lower bound (`None` when a bound proves infeasibility).
    pub fn headcount(&self) -> Option<u32> {
        Some(self.weekend?.max(self.hours?).max(self.staff))
    }
}

/// Most weekends one person may work among `weeks` weekends under "one in `n`": all of them
/// when `n ≤ 1`; cyclic `⌊weeks/n⌋` (runs wrap with multiplicity, so a cycle shorter than `n`
/// allows none); calendar `⌈weeks/n⌉` (weekends 0, n, 2n, ...).
pub(crate) fn weekend_cap(weeks: usize, n: usize, cyclic: bool) -> usize {
    if n <= 1 {
        weeks
    } else if cyclic {
        weeks / n
    } else {
        weeks.div_ceil(n)
    }
}

/// Most weekends each person may work: [`weekend_cap`] over the weekends they can work at all,
/// and their own `max_weekends`. A weekend is workable when some demanded shift overlapping its
/// window starts on a date the person is available (with complete weekends: on Saturday and on
/// Sunday too), which is exactly when the formulation gives them a weekend column and can
/// satisfy its complete-weekend rows. Vacations in an annual plan so lower the caps of the
/// people who take them (summer weeks cost their weekends).
///
/// Among the workable weekends the most that keep "at most one in any `n` consecutive" are
/// found greedily (earliest first; on a cyclic horizon from each possible first weekend, the
/// last one at least `n` weekends before the first comes round again).
pub(crate) fn weekend_caps(m: &Model) -> Vec<usize> {
    caps_of(m, &all_workable_weekends(m))
}

fn weekend_cap_of(m: &Model, p: usize, workable: &[bool]) -> usize {
    let person = &m.people[p];
    let cap = packed_weekends(workable, person.weekend_max_one_in.max(1), m.cal.cyclic());
    person.max_weekends.map_or(cap, |most| cap.min(most))
}

/// What lowers person `p`'s weekend cap below their "one in n" alone: (unavailable dates,
/// their `max_weekends`), for the explanations.
pub(crate) fn weekend_cap_limits(m: &Model, p: usize) -> (bool, bool) {
    let person = &m.people[p];
    let n = person.weekend_max_one_in.max(1);
    let packed = |w: &[bool]| packed_weekends(w, n, m.cal.cyclic());
    let with = packed(&workable_weekends_if(m, p, true));
    let without = packed(&workable_weekends_if(m, p, false));
    (
        with < without,
        person.max_weekends.is_some_and(|most| most < with),
    )
}

/// The weekends person `p` can work at all (see [`weekend_caps`]).
fn workable_weekends(m: &Model, p: usize) -> Vec<bool> {
    workable_weekends_if(m, p, true)
}

/// [`workable_weekends`] of everybody. The weekends of a person without unavailable dates
/// depend only on the demand, so they are found once for all of them: 10 000 candidates over
/// 520 weeks took a second for what is one person's work.
fn all_workable_weekends(m: &Model) -> Vec<Vec<bool>> {
    let mut free: Option<Vec<bool>> = None;
    (0..m.people.len())
        .map(|p| {
            if m.people[p].unavailable.iter().any(|&u| u) {
                workable_weekends(m, p)
            } else {
                free.get_or_insert_with(|| workable_weekends_if(m, p, false))
                    .clone()
            }
        })
        .collect()
}

/// Everybody's weekend cap from their workable weekends.
fn caps_of(m: &Model, workable: &[Vec<bool>]) -> Vec<usize> {
    (0..m.people.len())
        .map(|p| weekend_cap_of(m, p, &workable[p]))
        .collect()
}

/// [`workable_weekends`], with or without the person's unavailable dates.
fn workable_weekends_if(m: &Model, p: usize, unavailable: bool) -> Vec<bool> {
    let person = &m.people[p];
    let we = &m.rules.weekend;
    let days = m.days() as i64;
    let available = |iv: Interval| {
        // Only dates whose shifts (at most 24 h long) can reach the window.
        let (first, last) = (iv.start.div_euclid(DAY) - 1, (iv.end - 1).div_euclid(DAY));
        (first..=last)
            .filter_map(|d| {
                if m.cal.cyclic() && days > 0 {
                    Some(d.rem_euclid(days) as usize)
                } else {
                    (0..days).contains(&d).then_some(d as usize)
                }
            })
            .any(|d| {
                !(unavailable && person.unavailable[d])
                    && (0..m.shifts.len()).any(|s| {
                        m.open_slot(Day(d), ShiftId(s))
                            && m.cal.overlaps(m.interval(Day(d), ShiftId(s)), iv)
                    })
            })
    };
    (0..m.cal.weeks())
        .map(|k| {
            available(m.cal.weekend_window(k, we.from, we.to))
                && (!we.complete || (available(m.cal.saturday(k)) && available(m.cal.sunday(k))))
        })
        .collect()
}

/// Which demanded slots `(date, shift)` one person can never both work, for the crew of a
/// weekend ([`Apart::crew`]): two starts on one date (one shift start a date), shifts that
/// overlap or leave less than the minimum rest between them (cyclic copies included, as in
/// the rest rows), and shifts that count on two different Sundays or holidays of one run the
/// Sunday rules allow one of (`sunday_work.max_one_in`, `holidays_max_one_in`; rules 19a and
/// 19c). Each is a rule every person is held to, so a set of slots pairwise apart needs as
/// many different people as its demand.
struct Apart<'m> {
    m: &'m Model,
    /// `sunday[i][j]`: Sundays or holidays `i ≠ j` in one run of `sunday_work.max_one_in`.
    sunday: Vec<Vec<bool>>,
    /// `holiday[i][j]`: holidays `i ≠ j` in one run of `holidays_max_one_in`.
    holiday: Vec<Vec<bool>>,
}

/// Search nodes [`Apart::crew`] may spend on one weekend; beyond them it keeps the heaviest set
/// found so far, which is still a valid bound (never below the old one: one date's shifts).
const CREW_SEARCH_NODES: usize = 20_000;

/// Why two slots are apart (see [`Apart::why`]).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Why {
    date: bool,
    rest: bool,
    sunday: bool,
    holiday: bool,
}

impl Why {
    fn any(self) -> bool {
        self.date || self.rest || self.sunday || self.holiday
    }
}

/// A weekend's crew (see [`Apart::crew`]).
struct Crew {
    /// People needed at least.
    people: i64,
    /// The busiest date's demand alone (the crew before rest and the Sunday rules counted).
    busiest: i64,
    /// The slots `(date, shift interval)` of the heaviest set, when it is above `busiest`.
    set: Vec<(usize, Interval)>,
}

impl<'m> Apart<'m> {
    fn new(m: &'m Model) -> Apart<'m> {
        let su = &m.rules.sundays;
        let n = su.days.len();
        // Pairs of each run, its repeats (a cyclic run longer than the list) once.
        let pairs = |runs: Vec<Vec<usize>>| {
            let mut x = vec![vec![false; n]; n];
            for mut run in runs {
                run.sort_unstable();
                run.dedup();
                for &i in &run {
                    for &j in &run {
                        x[i][j] |= i != j;
                    }
                }
            }
            x
        };
        let sunday = pairs(crate::calendar::runs(n, su.max_one_in, m.cal.cyclic()));
        let days: Vec<usize> = (0..n).filter(|&i| su.days[i].holiday).collect();
        let holiday = pairs(
            crate::calendar::runs(days.len(), su.holidays_max_one_in, false)
                .into_iter()
                .map(|run| run.into_iter().map(|j| days[j]).collect())
                .collect(),
        );
        Apart { m, sunday, holiday }
    }

    /// The Sundays and holidays (indices into `rules.sundays.days`) whose window `iv` overlaps.
    fn counts(&self, iv: Interval) -> Vec<usize> {
        let days = &self.m.rules.sundays.days;
        (0..days.len())
            .filter(|&j| self.m.cal.overlaps(iv, days[j].window))
            .collect()
    }

    /// Why one person may not work both slots `(date, interval, Sundays it counts on)`.
    fn why(&self, a: (usize, Interval, &[usize]), b: (usize, Interval, &[usize])) -> Why {
        let m = self.m;
        let rest = m.rules.min_rest;
        // `y` starts before `x` (or a copy of it) has ended and rested.
        let near = |x: Interval, y: Interval| {
            m.cal
                .copies(x)
                .iter()
                .any(|c| c.start <= y.start && y.start < c.end + rest)
        };
        let pair = |x: &Vec<Vec<bool>>| a.2.iter().any(|&i| b.2.iter().any(|&j| x[i][j]));
        Why {
            date: a.0 == b.0,
            rest: near(a.1, b.1) || near(b.1, a.1),
            sunday: pair(&self.sunday),
            holiday: pair(&self.holiday),
        }
    }

    /// The people a weekend window needs at least: the heaviest set of slots overlapping it
    /// that are pairwise apart, each weighing its demand `need(date, shift)`. Without rest or
    /// Sunday conflicts across dates this is the busiest date's demand, as before; the Easter
    /// weekend under "off the Sunday or holiday after a worked one" needs the Saturday night
    /// (Easter Sunday's work), the Sunday day and evening and the Sunday night (Easter
    /// Monday's) from different people: 12 where any one date needs 10.
    fn crew(&self, win: Interval, need: &dyn Fn(usize, usize) -> i64) -> Crew {
        let m = self.m;
        let mut slots: Vec<(usize, Interval, i64)> = Vec::new();
        let mut busiest = 0;
        for d in 0..m.days() {
            let mut date = 0;
            for s in 0..m.shifts.len() {
                let iv = m.interval(Day(d), ShiftId(s));
                let w = need(d, s);
                if w > 0 && m.cal.overlaps(iv, win) {
                    slots.push((d, iv, w));
                    date += w;
                }
            }
            busiest = busiest.max(date);
        }
        slots.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
        let counts: Vec<Vec<usize>> = slots.iter().map(|&(_, iv, _)| self.counts(iv)).collect();
        let n = slots.len();
        let adj: Vec<Vec<bool>> = (0..n)
            .map(|i| {
                (0..n)
                    .map(|j| {
                        let ((di, ii, _), (dj, ij, _)) = (slots[i], slots[j]);
                        i != j && self.why((di, ii, &counts[i]), (dj, ij, &counts[j])).any()
                    })
                    .collect()
            })
            .collect();
        let weight: Vec<i64> = slots.iter().map(|s| s.2).collect();
        let mut search = Clique {
            weight: &weight,
            adj: &adj,
            best: busiest,
            set: Vec::new(),
            stack: Vec::new(),
            nodes: CREW_SEARCH_NODES,
        };
        search.grow((0..n).collect(), 0);
        Crew {
            people: search.best,
            busiest,
            set: search
                .set
                .iter()
                .map(|&i| (slots[i].0, slots[i].1))
                .collect(),
        }
    }
}

/// What raised weekend `k`'s crew above its busiest date (see [`Apart::crew`]), for
/// explanations: the crew, the busiest date's demand and the rules that keep the crew's
/// shifts on different dates apart (`rest`, or `overlap` without a minimum rest;
/// `sunday-frequency`; `holiday-frequency`); `None` when the crew is the busiest date's.
pub(crate) fn crew_rules(m: &Model, k: usize) -> Option<(i64, i64, Vec<&'static str>)> {
    let we = &m.rules.weekend;
    let apart = Apart::new(m);
    let crew = apart.crew(m.cal.weekend_window(k, we.from, we.to), &|d, s| {
        m.cover[d][s].min
    });
    if crew.people <= crew.busiest {
        return None;
    }
    let mut why = Why::default();
    for (i, &(da, ia)) in crew.set.iter().enumerate() {
        for &(db, ib) in &crew.set[i + 1..] {
            let w = apart.why((da, ia, &apart.counts(ia)), (db, ib, &apart.counts(ib)));
            if !w.date {
                why.rest |= w.rest;
                why.sunday |= w.sunday;
                why.holiday |= w.holiday;
            }
        }
    }
    let rest = if m.rules.min_rest > 0 {
        "rest"
    } else {
        "overlap"
    };
    let rules = [
        (why.rest, rest),
        (why.sunday, "sunday-frequency"),
        (why.holiday, "holiday-frequency"),
    ]
    .into_iter()
    .filter_map(|(on, r)| on.then_some(r))
    .collect();
    Some((crew.people, crew.busiest, rules))
}

/// Branch and bound for the heaviest clique of `adj` (candidates in order of weight,
/// heaviest first); stops when `nodes` runs out, keeping the heaviest found (`set` empty when
/// none beat the starting `best`).
struct Clique<'a> {
    weight: &'a [i64],
    adj: &'a [Vec<bool>],
    best: i64,
    set: Vec<usize>,
    stack: Vec<usize>,
    nodes: usize,
}

impl Clique<'_> {
    /// Extends the clique on `stack` (weighing `so_far`) by `cands`, each adjacent to it.
    fn grow(&mut self, cands: Vec<usize>, so_far: i64) {
        if so_far > self.best {
            self.best = so_far;
            self.set = self.stack.clone();
        }
        let mut room: i64 = cands.iter().map(|&v| self.weight[v]).sum();
        for (i, &v) in cands.iter().enumerate() {
            if so_far + room <= self.best || self.nodes == 0 {
                return;
            }
            self.nodes -= 1;
            let next: Vec<usize> = cands[i + 1..]
                .iter()
                .copied()
                .filter(|&u| self.adj[v][u])
                .collect();
            self.stack.push(v);
            self.grow(next, so_far + self.weight[v]);
            self.stack.pop();
            room -= self.weight[v];
        }
    }
}

/// The weekend bound over runs: in any run of consecutive weekends (`n` to `min(2n, n + 8)`
/// long, `n` the scenario-wide "one in n"; wrapping on a cyclic horizon, never longer than
/// it; the whole horizon is the bound in [`bounds`]), the crews
/// `W_k` of its weekends need `Σ_run W_k` person-weekends, and person `p` works at most
/// `c_p(run)` of them: the most of their workable weekends in the run under their own "one in
/// n_p" (in a run of `n`: 1 when `n_p ≥ n`, 0 when they can work none of them, as on
/// vacation), and never above their `max_weekends`. So, as in [`weekend_bound`], headcount ≥
/// all staff plus the fewest candidates whose `c` reach the run's demand. Where the total
/// weekend bound spreads vacations over the year, this sees the summer weeks: on
/// `annual-vacations` (5 of 13 staff away on weekends 23–26, crews of 5, one in 3) the run
/// 23–25 needs 15 people able to work it, so 8 staff + 7 positions = 20, where the total bound
/// gives 16.
///
/// `holders` selects the people counted (a skill's holders for the skill bound). Returns the
/// bound and the run (its weekends), `None` without runs or demand.
fn run_bound(
    m: &Model,
    workable: &[Vec<bool>],
    crews: &[i64],
    holders: &dyn Fn(usize) -> bool,
) -> Option<(u32, Vec<usize>)> {
    let n = m.rules.weekend.max_one_in;
    if n <= 1 {
        return None;
    }
    let k_n = m.cal.weeks();
    let cyclic = m.cal.cyclic();
    // People alike in what the bound reads count alike: each class once per run.
    let mut classes: Vec<(&[bool], usize, Option<usize>)> = Vec::new();
    let mut class_of = |p: usize| {
        let key = (
            workable[p].as_slice(),
            m.people[p].weekend_max_one_in.max(1),
            m.people[p].max_weekends,
        );
        match classes.iter().position(|c| *c == key) {
            Some(i) => i,
            None => {
                classes.push(key);
                classes.len() - 1
            }
        }
    };
    let staff: Vec<usize> = (0..m.n_staff)
        .filter(|&p| holders(p))
        .map(&mut class_of)
        .collect();
    let candidates: Vec<usize> = (m.n_staff..m.people.len())
        .filter(|&p| holders(p))
        .map(&mut class_of)
        .collect();
    // Runs from `n` to `2n` weekends long (at most 8 more than `n`): the whole horizon is the
    // bound above, and the work stays linear in the horizon.
    let shortest = if cyclic { n } else { n.min(k_n) };
    let longest = k_n.min(2 * n).min(n + 8);
    let mut best: Option<(u32, Vec<usize>)> = None;
    for s in 0..k_n {
        for len in shortest..=longest.max(shortest) {
            if len > k_n || (!cyclic && s + len > k_n) {
                break;
            }
            let at = |j: usize| (s + j) % k_n;
            let demand: i64 = (0..len).map(|j| crews[at(j)]).sum();
            if demand <= 0 {
                continue;
            }
            // The most weekends of the run each class may work.
            let within: Vec<usize> = classes
                .iter()
                .map(|(w, n_p, most)| {
                    let run: Vec<bool> = (0..len).map(|j| w[at(j)]).collect();
                    let count = packed_weekends(&run, *n_p, false);
                    most.map_or(count, |most| count.min(most))
                })
                .collect();
            let staff_caps: Vec<usize> = staff.iter().map(|&c| within[c]).collect();
            let cand_caps: Vec<usize> = candidates.iter().map(|&c| within[c]).collect();
            let crew = (0..len).map(|j| crews[at(j)]).max().unwrap_or(0);
            // Hypothetical extra people beyond the candidates (only to size a demand no roster
            // meets: any number bounds an infeasible scenario) work as many weekends of the run
            // as the best candidate, as in the bound over the whole horizon.
            let spare = cand_caps
                .iter()
                .copied()
                .max()
                .unwrap_or_else(|| len.div_ceil(n));
            // (No count when nobody may work the run: the bound over the whole horizon speaks
            // for such a scenario.)
            let Some(b) = weekend_bound(
                &staff_caps,
                cand_caps,
                spare,
                demand as usize,
                crew as usize,
            ) else {
                continue;
            };
            if best.as_ref().is_none_or(|(x, _)| b > *x) {
                best = Some((b, (0..len).map(at).collect()));
            }
        }
    }
    best
}

/// The most weekends among `workable` with at most one in any `n` consecutive (see
/// [`weekend_caps`]); with every weekend workable it is [`weekend_cap`], taken directly
/// (the packing from each first weekend is quadratic in the horizon).
fn packed_weekends(workable: &[bool], n: usize, cyclic: bool) -> usize {
    let k_n = workable.len();
    if workable.iter().all(|w| *w) {
        return weekend_cap(k_n, n, cyclic);
    }
    let greedy = |from: usize, to: usize| {
        // Picks among `from..=to` (indices mod k_n), each at least `n` after the last.
        let mut count = 0;
        let mut next = from;
        for k in from..=to {
            if k >= next && workable[k % k_n] {
                count += 1;
                next = k + n;
            }
        }
        count
    };
    if n <= 1 {
        workable.iter().filter(|w| **w).count()
    } else if !cyclic {
        if k_n == 0 {
            0
        } else {
            greedy(0, k_n - 1)
        }
    } else if n > k_n {
        // A run longer than the cycle repeats every weekend: none may be worked.
        0
    } else {
        (0..k_n)
            .filter(|&s| workable[s])
            .map(|s| greedy(s, s + k_n - n))
            .max()
            .unwrap_or(0)
    }
}

/// The weekend headcount bound from per-person caps: `None` when the demand cannot be met.
///
/// Why it is a lower bound. Take any legal roster with people `P` (all `staff_caps`, plus a set
/// `O` of created positions, `|O| = m`). Weekend `k` is worked by at least `W_k` distinct
/// people, each of whom has a cap ≥ 1, and person `p` works at most `cap_p` weekends, so
/// (1) `Σ_{p∈P} cap_p ≥ Σ_k W_k = demand` and (2) `|{p ∈ P : cap_p ≥ 1}| ≥ max_k W_k = crew`.
/// The `m` candidates with the largest caps have a cap sum at least `Σ_{p∈O} cap_p` and at
/// least as many positive caps as `O`, so they satisfy (1) and (2) too. Hence the smallest `m`
/// for which the `m` largest candidate caps (added to all staff caps) satisfy (1) and (2),
/// which the greedy below finds, is at most `|O|`, and headcount ≥ staff + that `m`.
/// When all candidates together do not reach (1) or (2), no roster exists; the bound then
/// counts hypothetical extra people of the largest candidate cap (`spare_cap`) so that the
/// number says how far off the demand is (any number is a valid bound of an infeasible
/// scenario), and `None` when even those could not help (`spare_cap` 0).
fn weekend_bound(
    staff_caps: &[usize],
    mut candidate_caps: Vec<usize>,
    spare_cap: usize,
    demand: usize,
    crew: usize,
) -> Option<u32> {
    candidate_caps.sort_unstable_by(|a, b| b.cmp(a));
    let mut people = staff_caps.len();
    let mut supply: usize = staff_caps.iter().sum();
    let mut workers = staff_caps.iter().filter(|c| **c > 0).count();
    let met = |supply: usize, workers: usize| supply >= demand && workers >= crew;
    for c in candidate_caps {
        if met(supply, workers) {
            break;
        }
        people += 1;
        supply += c;
        workers += usize::from(c > 0);
    }
    if !met(supply, workers) {
        if spare_cap == 0 {
            return None;
        }
        let by_supply = (demand.saturating_sub(supply)).div_ceil(spare_cap);
        people += by_supply.max(crew.saturating_sub(workers));
    }
    Some(people as u32)
}

/// Computes the analytic bounds of `m`.
pub(crate) fn bounds(m: &Model) -> Bounds {
    let we = &m.rules.weekend;
    let k_n = m.cal.weeks();
    let cyclic = m.cal.cyclic();
    let cap = weekend_cap(k_n, we.max_one_in.max(1), cyclic);
    let workable = all_workable_weekends(m);
    let caps = caps_of(m, &workable);
    let apart = Apart::new(m);
    let crews: Vec<i64> = (0..k_n)
        .map(|k| {
            apart
                .crew(m.cal.weekend_window(k, we.from, we.to), &|d, s| {
                    m.cover[d][s].min
                })
                .people
        })
        .collect();
    let total: i64 = crews.iter().sum();
    let crew_max = crews.iter().copied().max().unwrap_or(0);
    // Alike when everybody has the same cap, even one below "one in n" alone (a weekend
    // without demand lowers everybody's): then the tight probe's rows hold at that cap.
    let uniform = caps.windows(2).all(|w| w[0] == w[1]);
    let common = if uniform {
        caps.first().copied().unwrap_or(cap)
    } else {
        cap
    };
    // Hypothetical extra people beyond the candidates (only to size an infeasible demand):
    // the largest template cap, or the scenario-wide one when there are no templates.
    let spare_cap = if m.templates.is_empty() {
        cap
    } else {
        m.templates
            .iter()
            .map(|t| weekend_cap(k_n, t.weekend_max_one_in.max(1), cyclic))
            .max()
            .unwrap_or(0)
    };
    let weekend = if total == 0 {
        Some(m.n_staff as u32)
    } else {
        weekend_bound(
            &caps[..m.n_staff],
            caps[m.n_staff..].to_vec(),
            spare_cap,
            total.max(0) as usize,
            crew_max.max(0) as usize,
        )
    };
    // A run of weekends may need more (vacations): then it is the weekend bound.
    let run = run_bound(m, &workable, &crews, &|_| true);
    let (weekend, weekend_run) = match (weekend, run) {
        (Some(w), Some((r, run))) if r > w => (Some(r), Some(run)),
        (w, _) => (w, None),
    };

    // Hours: staff at their most, then the largest candidates until the demand is covered.
    let staff = m.n_staff as u32;
    let supply: i64 = m.people[..m.n_staff].iter().map(|p| p.max_units).sum();
    let mut missing = m.min_demand_units() - supply;
    let mut open: Vec<i64> = m.people[m.n_staff..].iter().map(|p| p.max_units).collect();
    open.sort_unstable_by(|a, b| b.cmp(a));
    let mut extra = 0u32;
    for u in open.into_iter().filter(|u| *u > 0) {
        if missing <= 0 {
            break;
        }
        missing -= u;
        extra += 1;
    }
    let hours = (missing <= 0).then_some(staff + extra);
    Bounds {
        weekend,
        hours,
        staff,
        weekend_crew: crew_max as u32,
        weekends_per_person: common as u32,
        weekend_caps_uniform: uniform,
        crews: crews.iter().map(|c| *c as u32).collect(),
        weekend_run: weekend_run.map(|r| r.iter().map(|k| *k as u32).collect()),
    }
}

/// Skill bounds of one declared skill: how many holders of the skill any roster needs.
///
/// * **Weekend**: the weekend bound restricted to the skill's minimums (weekend `k` needs at
///   least the largest one-date sum of skill minimums over the shifts overlapping its window,
///   and each holder works at most their own cap of weekends), over the whole horizon and over
///   each run of weekends (see [`Bounds::weekend_run`]).
/// * **Date**: on one date the holders of the skill minimums of all its shifts are distinct.
/// * **Hours**: the skill's demanded hours must fit into the holders' most hours (staff holders
///   first, then the largest open positions that hold the skill).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SkillBound {
    /// Skill id.
    pub skill: String,
    /// Holders needed on each weekend.
    pub crews: Vec<u32>,
    /// Holders needed by the weekend rule (all staff holders, plus the fewest candidate holders
    /// whose weekend caps reach the skill's weekend demand); `None` when no holder may work any
    /// weekend but the skill is needed on one.
    pub weekend: Option<u32>,
    /// Holders needed on the busiest date.
    pub date: u32,
    /// Existing staff holding the skill.
    pub staff_holders: u32,
    /// Created positions holding the skill that are needed at least; `None` when even all
    /// allowed positions holding it cannot cover the skill demand.
    pub open_needed: Option<u32>,
    /// Headcount bound from this skill: all staff plus `open_needed`.
    pub headcount: Option<u32>,
}

/// The skill bounds of `m`, one per declared skill, using the weekend cap of `b` (so a change
/// to how many weekends one person may work flows through).
pub(crate) fn skill_bounds(m: &Model, b: &Bounds) -> Vec<SkillBound> {
    if m.skills.is_empty() {
        return Vec::new(); // nothing to bound, and no weekends to find for it
    }
    let we = &m.rules.weekend;
    // Each holder's own cap (see `weekend_caps`); hypothetical extra holders beyond the
    // candidates (only to size an uncoverable demand) get the largest cap of anyone.
    let workable = all_workable_weekends(m);
    let caps: Vec<usize> = if b.weekend_caps_uniform {
        vec![b.weekends_per_person as usize; m.people.len()]
    } else {
        caps_of(m, &workable)
    };
    let spare_cap = caps.iter().copied().max().unwrap_or(0);
    let n_staff = m.n_staff as u32;
    let apart = Apart::new(m);
    (0..m.skills.len())
        .map(|k| {
            // Skill minimum per (day, shift).
            let mut need = vec![vec![0i64; m.shifts.len()]; m.days()];
            for sc in m.skill_cover.iter().filter(|c| c.skill.0 == k) {
                need[sc.day.0][sc.shift.0] = sc.min;
            }
            let crews: Vec<i64> = (0..m.cal.weeks())
                .map(|w| {
                    apart
                        .crew(m.cal.weekend_window(w, we.from, we.to), &|d, s| need[d][s])
                        .people
                })
                .collect();
            let total: i64 = crews.iter().sum();
            let crew_max = crews.iter().copied().max().unwrap_or(0);
            // The weekend bound over the holders alone: all staff holders, then the candidate
            // holders with the largest caps.
            let holder_caps = |range: std::ops::Range<usize>| -> Vec<usize> {
                range
                    .filter(|&p| m.people[p].skills[k])
                    .map(|p| caps[p])
                    .collect()
            };
            let weekend = if total == 0 {
                Some(0)
            } else {
                weekend_bound(
                    &holder_caps(0..m.n_staff),
                    holder_caps(m.n_staff..m.people.len()),
                    spare_cap,
                    total as usize,
                    crew_max as usize,
                )
                .map(|w| {
                    // A run of weekends few holders can work may need more (vacations).
                    let run = run_bound(m, &workable, &crews, &|p| m.people[p].skills[k]);
                    i64::from(w.max(run.map_or(0, |r| r.0)))
                })
            };
            let date = need
                .iter()
                .map(|r| r.iter().sum::<i64>())
                .max()
                .unwrap_or(0);
            let holders = |people: &[crate::model::Person]| -> Vec<i64> {
                people
                    .iter()
                    .filter(|p| p.skills[k])
                    .map(|p| p.max_units)
                    .collect()
            };
            let staff_units = holders(&m.people[..m.n_staff]);
            let staff_holders = staff_units.len() as i64;
            let mut open_units = holders(&m.people[m.n_staff..]);
            open_units.sort_unstable_by(|a, b| b.cmp(a));
            // By count: holders beyond the staff who hold the skill.
            let by_count = weekend.map(|w| (w.max(date) - staff_holders).max(0));
            // By hours: greedy over the largest open holders.
            let units: i64 = (0..m.days())
                .flat_map(|d| (0..m.shifts.len()).map(move |s| (d, s)))
                .map(|(d, s)| need[d][s] * m.shifts[s].units)
                .sum();
            let mut missing = units - staff_units.iter().sum::<i64>();
            let mut by_hours = 0i64;
            for u in open_units.iter().copied().filter(|u| *u > 0) {
                if missing <= 0 {
                    break;
                }
                missing -= u;
                by_hours += 1;
            }
            let open_needed = match by_count {
                Some(c) if missing <= 0 && c <= open_units.len() as i64 => {
                    Some(c.max(by_hours) as u32)
                }
                _ => None,
            };
            SkillBound {
                skill: m.skills[k].clone(),
                crews: crews.iter().map(|c| *c as u32).collect(),
                weekend: weekend.map(|w| w as u32),
                date: date as u32,
                staff_holders: staff_holders as u32,
                open_needed,
                headcount: open_needed.map(|o| n_staff + o),
            }
        })
        .collect()
}

/// The headcount bound of all skills together: the largest [`SkillBound::headcount`], or `None`
/// when one skill's demand cannot be covered by any roster.
pub(crate) fn skill_headcount(skills: &[SkillBound]) -> Option<u32> {
    skills
        .iter()
        .try_fold(0u32, |acc, s| Some(acc.max(s.headcount?)))
}

/// Every instant bound of a scenario, computed without a solver (see [`instant`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InstantBounds {
    /// Best headcount lower bound: the largest of the weekend, hours and skill bounds and the
    /// staff count; `None` when one of them proves that no roster exists.
    pub headcount: Option<u32>,
    /// Upper bound on the average position size in percent: the most demanded hours over
    /// `headcount × full_time_hours_per_week × weeks` (with own weeks, weighed as in
    /// `Model::demand_bound_units`), and never above the largest position any person may have;
    /// `None` when `headcount` is `None` or 0 or above `available`.
    pub average_position_upper_bound_pct: Option<f64>,
    /// People who could be in a roster at most: all staff and every allowed open position.
    /// A `headcount` above it proves that no roster exists.
    pub available: u32,
    /// The weekend and hours bounds (see [`Bounds`]).
    pub base: Bounds,
    /// Bounds per declared skill.
    pub skills: Vec<SkillBound>,
    /// The headcount bound of all skills together (see `skill_headcount` in the source).
    pub skill_headcount: Option<u32>,
}

/// Computes every instant bound of a built model.
pub(crate) fn instant_model(m: &Model) -> InstantBounds {
    let base = bounds(m);
    let skills = skill_bounds(m, &base);
    let skill_headcount = skill_headcount(&skills);
    let headcount = base.headcount().and_then(|h| Some(h.max(skill_headcount?)));
    let fte = m.full_time_units().to_f64();
    let available = m.people.len() as u32;
    let average_position_upper_bound_pct = headcount
        .filter(|h| *h > 0 && *h <= available && fte > 0.0)
        .map(|h| {
            // Each unit of a person on a shorter week weighs more (F / F_p): the demand bound
            // weighs them, the size bound takes each person's own week.
            let demand = m.demand_bound_units() / (h as f64 * fte) * 100.0;
            let largest = (0..m.people.len())
                .map(|p| m.position_pct(p, m.people[p].max_units))
                .fold(0.0, f64::max);
            // Under the three-shift rule a week may be as short as the tariff's floor.
            let bound = if m.three_shift.is_some() {
                m.three_shift_average_bound(h)
            } else {
                demand.min(largest)
            };
            // Round up to 2 decimals so the bound stays a bound after rounding.
            (bound * 100.0 - 1e-9).ceil() / 100.0
        });
    InstantBounds {
        headcount,
        average_position_upper_bound_pct,
        available,
        base,
        skills,
        skill_headcount,
    }
}

/// Validates `scenario` and computes its instant bounds, without a solver. Invalid scenarios
/// give [`crate::Error::Invalid`] with every problem.
pub fn instant(scenario: &impl crate::valid::Input) -> crate::Result<InstantBounds> {
    Ok(instant_model(scenario.valid()?.model()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_cap_weekends_cyclic_and_calendar() {
        assert_eq!(weekend_cap(6, 1, true), 6);
        assert_eq!(weekend_cap(6, 3, true), 2);
        assert_eq!(weekend_cap(6, 4, true), 1);
        assert_eq!(weekend_cap(2, 3, true), 0);
        assert_eq!(weekend_cap(6, 4, false), 2);
        assert_eq!(weekend_cap(2, 3, false), 1);
    }

    /// Every set of workable weekends up to 8 long, every n up to 4, cyclic and not: the
    /// greedy packing equals the largest subset that keeps every run the formulation states
    /// (`calendar::runs`, indices counted with multiplicity) at most 1, found by brute force;
    /// with all weekends workable it is `weekend_cap`.
    #[test]
    fn can_pack_weekends_around_unavailable_ones_as_brute_force_does() {
        for k_n in 1..=8usize {
            for n in 1..=4usize {
                for cyclic in [false, true] {
                    let runs = crate::calendar::runs(k_n, n, cyclic);
                    for mask in 0u32..(1 << k_n) {
                        let workable: Vec<bool> = (0..k_n).map(|k| mask >> k & 1 == 1).collect();
                        let best = (0u32..(1 << k_n))
                            .filter(|pick| pick & !mask == 0)
                            .filter(|pick| {
                                runs.iter().all(|run| {
                                    run.iter().filter(|&&k| pick >> k & 1 == 1).count() <= 1
                                })
                            })
                            .map(|pick| pick.count_ones() as usize)
                            .max()
                            .unwrap_or(0);
                        let packed = packed_weekends(&workable, n, cyclic);
                        assert_eq!(packed, best, "{workable:?} n={n} cyclic={cyclic}");
                        if mask == (1 << k_n) - 1 {
                            assert_eq!(packed, weekend_cap(k_n, n, cyclic), "{k_n} {n} {cyclic}");
                        }
                    }
                }
            }
        }
    }

    /// The Easter ward (`tests/data/ward-6w-easter.json`, 2027, every 3rd weekend, off the
    /// Sunday or holiday after a worked one): the Easter weekend's Saturday night and Sunday
    /// day and evening are Easter Sunday's work and its Sunday night Easter Monday's, so they
    /// need 2 + 4 + 4 + 2 people, where either date alone needs 10. Three weekends in a row
    /// with Easter among them then need 32 different people (each works one weekend in 3;
    /// the first such run is reported). Without the Sunday rule the crews are
    /// the busiest date's again.
    #[test]
    fn can_bound_the_easter_crew_by_the_sunday_rule() {
        let mut sc = crate::validate::shipped("ward-6w-easter.json");
        let b = bounds(&Model::new(&sc).unwrap());
        assert_eq!(b.crews, [10, 12, 10, 10, 10, 10]);
        // Rest keeps the Saturday night from the Sunday day and evening, the Sunday rules it
        // from the Sunday night (two holidays in a row, Easter Sunday and Monday).
        assert_eq!(
            crew_rules(&Model::new(&sc).unwrap(), 1),
            Some((
                12,
                10,
                vec!["rest", "sunday-frequency", "holiday-frequency"]
            ))
        );
        assert_eq!(crew_rules(&Model::new(&sc).unwrap(), 0), None);
        assert_eq!(b.weekend_crew, 12);
        assert_eq!(b.weekend, Some(32));
        assert_eq!(b.weekend_run, Some(vec![0, 1, 2]));
        // The skill (RN on every shift): one RN on each of those four shifts.
        let skills = skill_bounds(&Model::new(&sc).unwrap(), &b);
        assert_eq!(skills[0].crews, [3, 4, 3, 3, 3, 3]);
        if let Some(su) = sc.rules.sunday_work.as_mut() {
            su.max_one_in = None;
            su.holidays_max_one_in = None;
        }
        let b = bounds(&Model::new(&sc).unwrap());
        assert_eq!(b.crews, [10; 6]);
        assert_eq!(b.weekend, Some(30));
    }

    /// Rest alone: a weekend whose Saturday needs 2 nights (to 07:45 on Sunday) and whose
    /// Sunday needs 4 day shifts (from 07:30, overlapping them) needs 6 people. So does one
    /// whose Sunday needs 4 evening shifts from 18:00 (10 h 15 min after the night, under the
    /// 11 h rest); with a 10 h rest the crew is the busiest date's again, 4.
    #[test]
    fn can_bound_a_crew_by_the_rest_between_its_dates() {
        let json = r#"{
          "horizon": {"start": "2027-01-04", "weeks": 2, "cyclic": true},
          "full_time_hours_per_week": 35.5,
          "shifts": [{"id": "D", "start": "07:30", "end": "15:00"},
                     {"id": "E", "start": "18:00", "end": "23:00"},
                     {"id": "N", "start": "22:15", "end": "07:45"}],
          "demand": [{"shift": "N", "days": ["sat"], "min": 2},
                     {"shift": "D", "days": ["sun"], "min": 4}],
          "open_positions": [{"id": "p", "max_count": 20}],
          "rules": {"min_rest_hours": 11,
                    "weekend": {"from": "sat 00:00", "to": "mon 00:00", "max_one_in": 1}}
        }"#;
        let sc: crate::Scenario = serde_json::from_str(json).unwrap();
        let m = Model::new(&sc).unwrap();
        assert_eq!(bounds(&m).crews, [6, 6]);
        // For explanations: the Saturday night overlaps the Sunday day shift.
        assert_eq!(crew_rules(&m, 0), Some((6, 4, vec!["rest"])));
        let late = json.replace(
            r#""shift": "D", "days": ["sun"]"#,
            r#""shift": "E", "days": ["sun"]"#,
        );
        let sc: crate::Scenario = serde_json::from_str(&late).unwrap();
        assert_eq!(bounds(&Model::new(&sc).unwrap()).crews, [6, 6]);
        let mut sc = sc;
        sc.rules.min_rest_hours = Some(10.0);
        assert_eq!(bounds(&Model::new(&sc).unwrap()).crews, [4, 4]);
    }

    /// The checker's sandbox (`tests/data/check/sandbox.json`: one person, six shift types, a
    /// night and one ending at midnight among them, any demand) over Easter, Whitsun or
    /// Christmas 2027, with Norwegian holidays, its rest and Sunday rules.
    fn sandbox(
        start: &str,
        weeks: u32,
        cyclic: bool,
        rest: f64,
        sun: Option<i64>,
        hol: Option<i64>,
    ) -> crate::Scenario {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/check/sandbox.json");
        let text = std::fs::read_to_string(path).expect("the sandbox scenario");
        let mut v: serde_json::Value = serde_json::from_str(&text).expect("sandbox JSON");
        v["horizon"] = serde_json::json!({
            "start": start, "weeks": weeks, "cyclic": cyclic, "holidays": "NO"
        });
        for e in v["demand"].as_array_mut().expect("demand") {
            e["days"]
                .as_array_mut()
                .expect("days")
                .push("holiday".into());
        }
        v["rules"]["min_rest_hours"] = rest.into();
        v["rules"]["sunday_work"] =
            serde_json::json!({ "max_one_in": sun, "holidays_max_one_in": hol });
        serde_json::from_value(v).expect("sandbox scenario")
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config { cases: 48, ..Default::default() })]

        /// Every reason the crew bound gives for two slots to need different people is a
        /// violation the independent checker reports when one person works both (one start
        /// a date, rest or overlap, the Sunday and holiday frequencies), on calendar and
        /// cyclic horizons, over Easter, Whitsun and Christmas.
        #[test]
        fn can_only_keep_apart_what_the_checker_rejects(
            start in proptest::sample::select(vec!["2027-03-15", "2027-05-03", "2027-12-13"]),
            weeks in 1u32..=3,
            cyclic in proptest::bool::ANY,
            rest in proptest::sample::select(vec![0.0, 8.0, 11.0]),
            sun in proptest::option::of(2i64..=3),
            hol in proptest::option::of(2i64..=3),
            seed in 0u64..1000,
        ) {
            use crate::check::check;
            use crate::roster::Assignment;
            use crate::rule::Rule;
            let sc = sandbox(start, weeks, cyclic, rest, sun, hol);
            let m = Model::new(&sc).unwrap();
            let apart = Apart::new(&m);
            // A sample of the pairs two days apart at most (across the wrap too): all of them
            // would be thousands of checks a case.
            let (days, kinds) = (m.days() as u64, m.shifts.len() as u64);
            let mut x = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
            for _ in 0..80 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let d = x % days;
                let a = (d as usize, ((x >> 16) % kinds) as usize);
                let b = (((d + (x >> 24) % 3) % days) as usize, ((x >> 32) % kinds) as usize);
                if a == b {
                    continue;
                }
                let ia = m.interval(Day(a.0), ShiftId(a.1));
                let ib = m.interval(Day(b.0), ShiftId(b.1));
                let why = apart.why((a.0, ia, &apart.counts(ia)), (b.0, ib, &apart.counts(ib)));
                let rota = crate::import::Rota {
                    people: vec![crate::import::RotaPerson {
                        id: "kari".into(),
                        contract_pct: Some(50.0),
                        skills: None,
                        line: 2,
                    }],
                    assignments: [a, b]
                        .iter()
                        .map(|&(d, s)| Assignment {
                            staff: "kari".into(),
                            date: m.cal.date_str(d),
                            shift: m.shifts[s].id.clone(),
                        })
                        .collect(),
                };
                let roster = crate::import::rota_roster(&sc, &rota);
                let found: Vec<Rule> = check(&sc, &roster).into_iter().map(|v| v.rule).collect();
                let has = |r: &[Rule]| r.iter().any(|r| found.contains(r));
                let pair = format!("{a:?} {b:?} {why:?} {found:?}");
                proptest::prop_assert!(!why.date || has(&[Rule::OnePerDate]), "{}", pair);
                proptest::prop_assert!(!why.rest || has(&[Rule::Rest, Rule::Overlap]), "{}", pair);
                proptest::prop_assert!(!why.sunday || has(&[Rule::SundayFrequency]), "{}", pair);
                proptest::prop_assert!(!why.holiday || has(&[Rule::HolidayFrequency]), "{}", pair);
            }
        }
    }

    /// A 12-week calendar plan, one in 3: a person away for weeks 3-6 (dates of weekends 3-6)
    /// may work weekends 0, 7, 10 only (3 instead of 4); one with `max_weekends` 2 works 2, and
    /// the weekend bound counts both.
    #[test]
    fn can_cap_the_weekends_of_people_on_vacation() {
        let mut sc = crate::validate::shipped("annual-52w.json");
        sc.horizon.weeks = 12;
        sc.demand.retain(|e| e.dates.is_none());
        sc.staff.truncate(2);
        for st in &mut sc.staff {
            st.unavailable.clear();
            st.fixed.clear();
            st.weekend_max_one_in = None;
        }
        sc.staff[0].unavailable = (21..49)
            .map(|d| {
                (chrono::NaiveDate::parse_from_str(&sc.horizon.start, "%Y-%m-%d").unwrap()
                    + chrono::Days::new(d))
                .format("%Y-%m-%d")
                .to_string()
            })
            .collect();
        sc.staff[1].max_weekends = Some(2);
        for t in &mut sc.open_positions {
            t.max_count = 10;
        }
        let m = Model::new(&sc).unwrap();
        let caps = weekend_caps(&m);
        assert_eq!(caps[0], 3);
        assert_eq!(caps[1], 2);
        assert_eq!(caps[2], 4, "a candidate has every weekend");
        let b = bounds(&m);
        assert!(!b.weekend_caps_uniform);
        let demand: u32 = b.crews.iter().sum();
        // The staff give 5 weekends, each candidate 4.
        let expect = 2 + (demand - 5).div_ceil(4);
        assert_eq!(b.weekend, Some(expect.max(b.weekend_crew)));
        assert_eq!(
            b.weekend_run, None,
            "no run needs more than the whole horizon"
        );
    }

    #[test]
    fn can_bound_the_weekend_headcount_with_uniform_caps_as_before() {
        // 6 weekends of 10, one in 3 (cyclic cap 2): ⌈60/2⌉ = 30, no staff.
        assert_eq!(weekend_bound(&[], vec![2; 40], 2, 60, 10), Some(30));
        // Crew larger than the cap arithmetic: 1 weekend of 5 people, cap 1 → 5.
        assert_eq!(weekend_bound(&[], vec![1; 9], 1, 5, 5), Some(5));
        // Out of candidates: sized with the spare cap, above the 20 available.
        assert_eq!(weekend_bound(&[], vec![2; 20], 2, 60, 10), Some(30));
        // Nobody may work a weekend.
        assert_eq!(weekend_bound(&[], vec![0; 20], 0, 60, 10), None);
    }

    #[test]
    fn can_bound_the_weekend_headcount_with_volunteers() {
        // Two staff volunteers with cap 3 cover 6 of 60; the rest at cap 2 → 2 + 27 = 29.
        assert_eq!(weekend_bound(&[3, 3], vec![2; 40], 2, 60, 10), Some(29));
        // Candidates of a cap-3 template are taken before cap-2 ones: 20 × 3 = 60 → 20.
        let mut c = vec![2; 30];
        c.extend(vec![3; 20]);
        assert_eq!(weekend_bound(&[], c, 3, 60, 10), Some(20));
        // Staff count even when their caps are 0 (they work no weekend).
        assert_eq!(weekend_bound(&[0, 0], vec![2; 10], 2, 4, 2), Some(4));
    }
}
