//! Rules 22 and 25, `claim`: the numbers a roster claims agree with its assignments (checker
//! only: the formulation has no rows for them, the roster writer computes them from its solution).

use super::{fmt_num, Kind, Model, Person, Violation};
use crate::roster::{Roster, Status};
use crate::rule::Rule;

/// Absolute tolerance of the numbers a roster claims (rule 25).
const CLAIM_TOLERANCE: f64 = 0.05;

impl Model<'_> {
    /// The roster names the scenario it is for.
    pub(super) fn scenario_name(&self, roster: &Roster, out: &mut Vec<Violation>) {
        if let Some(name) = &self.sc.name {
            if &roster.scenario != name {
                out.push(Violation::new(
                    Rule::Claim,
                    format!(
                        "roster is for scenario {:?}, but the scenario is named {:?}",
                        roster.scenario, name
                    ),
                ));
            }
        }
    }

    /// Rules 22 and 25: the numbers the roster claims agree with its assignments.
    pub(super) fn claims(
        &self,
        roster: &Roster,
        people: &[Person<'_>],
        weekend: Option<(i64, i64)>,
        out: &mut Vec<Violation>,
    ) {
        // Each person's size against their own full-time week; the average is their mean.
        let pct_of = |h: f64, p: &Person<'_>| {
            let full = self.full_time(p).to_f64();
            if full > 0.0 {
                h / full * 100.0
            } else {
                0.0
            }
        };
        let mut total_pct = 0.0;
        for p in people {
            let hours: f64 = p
                .works
                .iter()
                .map(|w| self.shifts.get(w.shift).map(|s| s.hours_f).unwrap_or(0.0))
                .sum();
            total_pct += pct_of(hours, p);
            let Some(claim) = roster.staff.get(p.listing) else {
                continue;
            };
            if !close(claim.hours, hours) {
                out.push(
                    Violation::new(
                        Rule::Claim,
                        format!(
                            "{} claims {} h, the assignments give {} h",
                            p.id,
                            fmt_num(claim.hours),
                            fmt_num(hours)
                        ),
                    )
                    .staff(p.id),
                );
            }
            let pct = pct_of(hours, p);
            if !close(claim.position_pct, pct) {
                out.push(
                    Violation::new(
                        Rule::Claim,
                        format!(
                            "{} claims a {} % position, the assignments give {} %",
                            p.id,
                            fmt_num(claim.position_pct),
                            fmt_num(pct)
                        ),
                    )
                    .staff(p.id),
                );
            }
            if let Some((from, len)) = weekend {
                let worked = self
                    .worked_weekends(p, from, len)
                    .iter()
                    .filter(|&&x| x)
                    .count() as u64;
                if u64::from(claim.weekends_worked) != worked {
                    out.push(
                        Violation::new(
                            Rule::Claim,
                            format!(
                                "{} claims {} weekends worked, the assignments give {worked}",
                                p.id, claim.weekends_worked
                            ),
                        )
                        .staff(p.id),
                    );
                }
            }
            if let Kind::Existing(staff) = p.kind {
                match claim.contract_pct {
                    Some(c) if c == staff.contract_pct => {}
                    Some(c) => out.push(
                        Violation::new(
                            Rule::Claim,
                            format!(
                                "{} claims contract {} %, the scenario says {} %",
                                p.id,
                                fmt_num(c),
                                fmt_num(staff.contract_pct)
                            ),
                        )
                        .staff(p.id),
                    ),
                    None => out.push(
                        Violation::new(
                            Rule::Claim,
                            format!(
                                "{} has no contract_pct, the scenario says {} %",
                                p.id,
                                fmt_num(staff.contract_pct)
                            ),
                        )
                        .staff(p.id),
                    ),
                }
            }
        }
        let headcount = people.len() as u64;
        if u64::from(roster.headcount) != headcount {
            out.push(Violation::new(
                Rule::Claim,
                format!(
                    "roster claims headcount {}, its staff list has {headcount} people",
                    roster.headcount
                ),
            ));
        }
        let average = if headcount > 0 {
            total_pct / headcount as f64
        } else {
            0.0
        };
        if !close(roster.average_position_pct, average) {
            out.push(Violation::new(
                Rule::Claim,
                format!(
                    "roster claims an average position of {} %, the assignments give {} %",
                    fmt_num(roster.average_position_pct),
                    fmt_num(average)
                ),
            ));
        }
        let lb = u64::from(roster.headcount_lower_bound);
        let ub = roster.average_position_upper_bound_pct;
        let status = roster.status;
        if status == Status::Optimal {
            if lb != headcount {
                out.push(Violation::new(Rule::Claim, format!(
                        "an optimal roster must have headcount_lower_bound equal to the headcount {headcount}, it claims {lb}"
                    )));
            }
            if !close(ub, average) {
                out.push(Violation::new(Rule::Claim, format!(
                        "an optimal roster must have average_position_upper_bound_pct equal to the average {} %, it claims {} %",
                        fmt_num(average),
                        fmt_num(ub)
                    )));
            }
        } else {
            if lb > headcount {
                out.push(Violation::new(
                    Rule::Claim,
                    format!(
                        "headcount_lower_bound {lb} is above the headcount {headcount} ({} over)",
                        lb - headcount
                    ),
                ));
            }
            // `!(x >= y)` so that NaN fails too.
            #[allow(clippy::neg_cmp_op_on_partial_ord)]
            let below = !(ub >= average - CLAIM_TOLERANCE);
            if below {
                out.push(Violation::new(Rule::Claim, format!(
                        "average_position_upper_bound_pct {} % is below the average {} % ({} below)",
                        fmt_num(ub),
                        fmt_num(average),
                        fmt_num(average - ub)
                    )));
            }
        }
    }
}

/// Whether a claimed number agrees with the computed one (false for NaN).
fn close(claimed: f64, actual: f64) -> bool {
    (claimed - actual).abs() <= CLAIM_TOLERANCE
}
