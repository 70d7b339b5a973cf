//! Worked examples of the validator rules the extract checks (357, 388, 225, 144).

use chrono::NaiveDate;

use super::*;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

fn year() -> Period {
    Period {
        from: date(2025, 4, 1),
        to: date(2026, 3, 31),
    }
}

/// A row of child "R1" from `decom` with RNE `rne`, ceasing `dec` with `rec`.
fn row(
    decom: NaiveDate,
    rne: &'static str,
    dec: Option<NaiveDate>,
    rec: Option<&'static str>,
) -> EpisodeRow {
    EpisodeRow {
        child: "R1".to_owned(),
        decom,
        rne,
        ls: Some(LegalStatus::C1),
        place: "U5",
        place_provider: "PR5",
        dec,
        rec,
        reason_place_change: None,
        urn: None,
        la_to_supply: false,
    }
}

fn rules(rows: &[EpisodeRow]) -> Vec<&'static str> {
    let mut findings = Vec::new();
    check_child(rows, year(), &mut findings);
    findings.iter().map(|f| f.rule).collect()
}

#[test]
fn rule_357_the_first_episode_in_the_year_starts_with_s() {
    assert_eq!(
        rules(&[row(date(2025, 5, 1), "S", None, None)]),
        Vec::<&str>::new()
    );
    assert_eq!(rules(&[row(date(2025, 5, 1), "P", None, None)]), ["357"]);
    // Open at the start of the year: its start is in an earlier return.
    assert_eq!(
        rules(&[row(date(2025, 3, 1), "P", None, None)]),
        Vec::<&str>::new()
    );
}

#[test]
fn rule_388_x1_needs_a_continuation_the_same_day() {
    let (a, b) = (date(2025, 5, 1), date(2025, 6, 1));
    // X1 with a same-day continuation: fine.
    assert_eq!(
        rules(&[row(a, "S", Some(b), Some("X1")), row(b, "L", None, None)]),
        Vec::<&str>::new()
    );
    // X1 and nothing after it (the placement ended, the LA's next placement not in the file).
    assert_eq!(rules(&[row(a, "S", Some(b), Some("X1"))]), ["388"]);
    // X1 but the next episode starts another day.
    assert_eq!(
        rules(&[
            row(a, "S", Some(b), Some("X1")),
            row(date(2025, 6, 2), "L", None, None)
        ]),
        ["388"]
    );
    // Ceased E4A but followed the same day.
    assert_eq!(
        rules(&[row(a, "S", Some(b), Some("E4A")), row(b, "L", None, None)]),
        ["388"]
    );
}

#[test]
fn rule_225_a_change_of_placement_needs_its_reason() {
    let (a, b) = (date(2025, 5, 1), date(2025, 6, 1));
    assert_eq!(
        rules(&[row(a, "S", Some(b), Some("X1")), row(b, "P", None, None)]),
        ["225"]
    );
    let mut with_reason = row(a, "S", Some(b), Some("X1"));
    with_reason.reason_place_change = Some("CREQO");
    assert_eq!(
        rules(&[with_reason, row(b, "P", None, None)]),
        Vec::<&str>::new()
    );
    // A change of legal status only (L) needs no reason.
    assert_eq!(
        rules(&[row(a, "S", Some(b), Some("X1")), row(b, "L", None, None)]),
        Vec::<&str>::new()
    );
}

#[test]
fn rule_144_every_legal_status_the_service_records_is_a_valid_code() {
    for status in LegalStatus::ALL {
        assert!(
            LEGAL_STATUS_CODES.contains(&status.as_str()),
            "{}",
            status.as_str()
        );
    }
    assert_eq!(LegalStatus::ALL.len(), LEGAL_STATUS_CODES.len());
}

#[test]
fn an_episode_the_la_supplies_is_named() {
    let (a, b) = (date(2025, 5, 1), date(2025, 6, 1));
    let mut before = row(a, "S", Some(b), Some("X1"));
    (before.place, before.place_provider, before.la_to_supply) = ("", "", true);
    let found = rules(&[before, row(b, "P", None, None)]);
    assert_eq!(found, ["LA_EPISODE", "225"]);
}
