//! No silent gaps (issue 14, item 2): a child the report cannot place on a clock is counted in
//! the figure's `missing`, with the reason, so the figures reconcile with the placements started.

use serde_json::{Value, json};

use crate::helpers::*;

const REPORT: &str = "query($period: PeriodInput!) { outcomes(period: $period) { placements { started } \
    timeliness { daysToPlacement { count mean missing { count reason } } } \
    ages { atPlacementMonths { count missing { count reason } } } } }";
const ENTRY: &str = "mutation($input: RecordEntryToCareInput!) { recordEntryToCare(input: $input) { child { id version } } }";

#[tokio::test]
async fn a_child_without_an_entry_to_care_is_counted_as_missing_until_it_is_recorded() {
    each_backend(async |app| {
        let la = app.la_staff(ISLINGTON);
        let period = json!({ "period": { "from": days_ago(30), "to": days_ago(0) } });
        let mut input = referral_input("ISL-GAP");
        input["child"]["enteredCareOn"] = Value::Null;
        let gap = app.submit_referral_with(&la, input).await;
        let referral = app.accept(&gap).await;
        let household = app.approved_household("HH-GAP").await;
        let agreed = app.agreed_match(ISLINGTON, &referral, &household).await;
        let start = json!({ "input": { "matchId": agreed["id"], "startedOn": days_ago(10) } });
        app.gql(&app.agency_staff(), START_PLACEMENT, start).await.data();
        let other = app.approved_household("HH-FULL").await;
        app.placement(ISLINGTON, "ISL-FULL", &other).await;

        let report = app.gql(&la, REPORT, period.clone()).await;
        let report = &report.data()["outcomes"];
        assert_eq!(report["placements"]["started"], 2);
        let waited = &report["timeliness"]["daysToPlacement"];
        assert_eq!((waited["count"].as_i64(), waited["mean"].as_f64()), (Some(1), Some(10.0)));
        assert_eq!(
            waited["missing"],
            json!({ "count": 1, "reason": "the child's enteredCareOn is not recorded" })
        );
        let ages = &report["ages"]["atPlacementMonths"];
        assert_eq!(ages["count"], 2);
        assert_eq!(ages["missing"], json!({ "count": 0, "reason": null }));

        let entry = json!({ "input": { "childId": gap["child"]["id"], "version": 1, "enteredCareOn": days_ago(10), "legalStatus": "C2" } });
        app.gql(&la, ENTRY, entry).await.data();
        let report = app.gql(&la, REPORT, period).await;
        let waited = &report.data()["outcomes"]["timeliness"]["daysToPlacement"];
        assert_eq!((waited["count"].as_i64(), waited["mean"].as_f64()), (Some(2), Some(5.0)));
        assert_eq!(waited["missing"], json!({ "count": 0, "reason": null }));
    })
    .await;
}
