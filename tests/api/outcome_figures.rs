//! Figures as practice counts them (issue 14, item 8), on the programme of `outcomes.rs`
//! (Islington, financial year 2025): OA adopted — entered care and placed 2025-04-25 (born
//! 04-20), placement order 10-22, placed for adoption 11-21, adopted 2026-02-16; OB returned to a
//! parent 09-30; OC still fostering with its case open; OF's placement ended 08-01.

use serde_json::{Value, json};

use crate::helpers::*;
use crate::outcomes::{fy2025, programme};

const FIGURES: &str = "query($period: PeriodInput!, $thresholds: ThresholdsInput) { outcomes(period: $period, thresholds: $thresholds) { \
    outcomeMix { adopted returnedToParent returnedToRelative returnedHome otherPermanenceOrder stillInProceedings } \
    timeliness { thresholds { shortDays longDays } a1 { mean meanMonths } a10 { mean meanMonths } \
      a1WithinShortShare a1WithinLongShare a10WithinShortShare a10WithinLongShare a1Within426DaysShare \
      placementOrderWithinLongShare daysToAdoptionOrderEnteredUnderOne { count mean } } \
    threeYearTimeliness { a1 { count mean } a10 { count mean } } } }";

#[tokio::test]
async fn the_report_gives_the_outcome_mix_the_threshold_shares_and_the_three_year_figures() {
    each_backend(async |app| {
        programme(app).await;
        let la = app.la_staff(ISLINGTON);
        let report = app.gql(&la, FIGURES, json!({ "period": fy2025() })).await;
        let report = &report.data()["outcomes"];
        assert_eq!(
            report["outcomeMix"],
            json!({ "adopted": 1, "returnedToParent": 1, "returnedToRelative": 0, "returnedHome": 1,
                    "otherPermanenceOrder": 0, "stillInProceedings": 1 })
        );
        let t = &report["timeliness"];
        assert_eq!(
            t["thresholds"],
            json!({ "shortDays": 426, "longDays": 639 })
        );
        // A1: 2025-04-25 → 2025-11-21 = 210 days = 6.9 months; A10: 0.
        assert_eq!(t["a1"], json!({ "mean": 210.0, "meanMonths": 6.9 }));
        assert_eq!(t["a10"], json!({ "mean": 0.0, "meanMonths": 0.0 }));
        for share in [
            "a1WithinShortShare",
            "a1WithinLongShare",
            "a10WithinShortShare",
            "a10WithinLongShare",
            "a1Within426DaysShare",
        ] {
            assert_eq!(t[share], 1.0, "{share}");
        }
        // Placement order 180 days after entering care.
        assert_eq!(t["placementOrderWithinLongShare"], 1.0);
        // Entered care at five days old; adopted 297 days later.
        assert_eq!(
            t["daysToAdoptionOrderEnteredUnderOne"],
            json!({ "count": 1, "mean": 297.0 })
        );
        // The three years ending 2026-03-31 hold the same single adoption.
        assert_eq!(
            report["threeYearTimeliness"]["a1"],
            json!({ "count": 1, "mean": 210.0 })
        );

        let tight =
            json!({ "period": fy2025(), "thresholds": { "shortDays": 200, "longDays": 300 } });
        let tight = app.gql(&la, FIGURES, tight).await;
        let t = &tight.data()["outcomes"]["timeliness"];
        assert_eq!(
            (
                t["a1WithinShortShare"].as_f64(),
                t["a1WithinLongShare"].as_f64()
            ),
            (Some(0.0), Some(1.0))
        );
        assert_eq!(t["a10WithinShortShare"], 1.0);
        assert_eq!(
            t["a1Within426DaysShare"],
            Value::Null,
            "the fixed-name share is for the defaults"
        );

        let backwards =
            json!({ "period": fy2025(), "thresholds": { "shortDays": 700, "longDays": 600 } });
        let refused = app.gql(&la, FIGURES, backwards).await;
        assert_eq!(refused.expect_code("BAD_USER_INPUT").field(), "thresholds");
    })
    .await;
}
