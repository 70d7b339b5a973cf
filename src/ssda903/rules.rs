//! The DfE validator's rules the extract checks on its own rows, so the LA hears of a problem
//! here rather than at upload (issue 14, item 11). Pure functions of one child's rows.
//!
//! Rules (from data-to-insight's csc-validator-be-903, rulesets 2023-24 to 2026-27):
//! - 357: a child's first episode (in or after the collection year's start) has RNE S.
//! - 388: REC X1 needs a continuation episode starting that day; an episode followed by one that
//!   starts the day it ceased must cease X1; the last episode may not cease X1.
//! - 225: an X1 ending followed by a change of placement (RNE P, B, T or U) needs
//!   REASON_PLACE_CHANGE.
//! - 144: LS is one of the 13 legal-status codes (or blank).
//! - 217 and 408 (placed for adoption), and `LA_EPISODE` for each episode only the LA can supply.

use super::rows::{EpisodeRow, Finding};
use crate::children::model::LegalStatus;
use crate::types::Period;

/// Rule 144's code list.
pub const LEGAL_STATUS_CODES: [&str; 13] = [
    "C1", "C2", "D1", "E1", "V2", "V3", "V4", "J1", "J2", "J3", "L1", "L2", "L3",
];

fn push(findings: &mut Vec<Finding>, rule: &'static str, child: &str, message: String) {
    findings.push(Finding {
        rule,
        child: child.to_owned(),
        message,
    });
}

/// Checks one child's rows (in DECOM order) for `year`.
pub fn check_child(rows: &[EpisodeRow], year: Period, findings: &mut Vec<Finding>) {
    let Some(first) = rows.first() else {
        return;
    };
    let child = first.child.as_str();
    if first.decom >= year.from && first.rne != "S" {
        push(
            findings,
            "357",
            child,
            format!(
                "the first episode ({}) has RNE {}: a child's first episode starts with S — record when the child entered care",
                first.decom.format("%d/%m/%Y"),
                first.rne
            ),
        );
    }
    for (i, row) in rows.iter().enumerate() {
        let at = row.decom.format("%d/%m/%Y");
        let next = rows.get(i + 1);
        check_row(row, findings);
        if row.la_to_supply {
            push(
                findings,
                "LA_EPISODE",
                child,
                format!(
                    "the episode from {at} is one the programme cannot know (the child was looked after elsewhere): supply its PLACE, PLACE_PROVIDER, REASON_PLACE_CHANGE and URN from the LA's records"
                ),
            );
        }
        let Some(dec) = row.dec else { continue };
        match (row.rec, next) {
            (Some("X1"), Some(n)) if n.decom != dec => push(
                findings,
                "388",
                child,
                format!(
                    "the episode from {at} ceases X1 but the next episode does not start that day"
                ),
            ),
            (Some("X1"), None) => push(
                findings,
                "388",
                child,
                format!("the episode from {at} ceases X1 with no continuation episode"),
            ),
            (Some(rec), Some(n)) if rec != "X1" && n.decom == dec => push(
                findings,
                "388",
                child,
                format!("the episode from {at} is followed the same day but ceases {rec}, not X1"),
            ),
            _ => {}
        }
        if row.rec == Some("X1")
            && row.reason_place_change.is_none()
            && next.is_some_and(|n| matches!(n.rne, "P" | "B" | "T" | "U"))
        {
            push(
                findings,
                "225",
                child,
                format!(
                    "the episode from {at} ends in a change of placement: REASON_PLACE_CHANGE is needed"
                ),
            );
        }
    }
}

fn check_row(row: &EpisodeRow, findings: &mut Vec<Finding>) {
    let child = row.child.as_str();
    let at = row.decom.format("%d/%m/%Y");
    match row.ls {
        None => push(
            findings,
            "MISSING",
            child,
            format!(
                "legal status on {at} is not recorded: record the order the child was looked after under"
            ),
        ),
        Some(ls) if !LEGAL_STATUS_CODES.contains(&ls.as_str()) => push(
            findings,
            "144",
            child,
            format!(
                "episode from {at}: {} is not a legal status code",
                ls.as_str()
            ),
        ),
        Some(_) => {}
    }
    if matches!(row.place, "A3" | "A5") && !matches!(row.rne, "S" | "T" | "U") {
        push(
            findings,
            "217",
            child,
            format!(
                "episode from {at}: placed for adoption with current foster carers needs RNE S, T or U, not {}",
                row.rne
            ),
        );
    }
    if matches!(row.place, "A5" | "A6") && row.ls != Some(LegalStatus::E1) {
        push(
            findings,
            "408",
            child,
            format!(
                "episode from {at}: placed for adoption under a placement order needs legal status E1"
            ),
        );
    }
    if row.dec == Some(row.decom) {
        push(
            findings,
            "EPISODE",
            child,
            format!("episode from {at} starts and ends on the same day"),
        );
    }
}

#[cfg(test)]
#[path = "rules_tests.rs"]
mod tests;
