//! The ASGLB quarterly child-level return (issue 14, item 9) on the programme of `outcomes.rs`:
//! Islington's OA (placed 2025-04-25, ADM decision 09-01, placement order 10-22, matched 11-10,
//! placed for adoption 11-21, adopted 2026-02-16), OB (home 2025-09-30), OC (fostering), OF
//! (ended 2025-08-01). Scoped like the SSDA903 extract, as GraphQL and as CSV.

use axum::http::StatusCode;
use serde_json::json;

use crate::helpers::*;
use crate::outcomes::{authority_id, programme};

const RETURN: &str = "query($year: Int!, $quarter: Int!, $authority: ID) { asglbReturn(year: $year, quarter: $quarter, authority: $authority) { \
    year quarter from to authority { code } children { child admDecisionOn placedWithEpCarersOn placementOrderOn matchedOn \
    placedForAdoptionOn originallyPlacedWithFosterCarerOn decisionReversedOn siblingGroup permanenceOrderOn permanenceOrderType } } }";

#[tokio::test]
async fn the_quarterly_return_lists_each_child_with_what_was_known_at_the_quarters_end() {
    each_backend(async |app| {
        programme(app).await;
        let la = app.la_staff(ISLINGTON);
        let q3 = app.gql(&la, RETURN, json!({ "year": 2025, "quarter": 3 })).await;
        let q3 = &q3.data()["asglbReturn"];
        assert_eq!((q3["from"].as_str(), q3["to"].as_str()), (Some("2025-10-01"), Some("2025-12-31")));
        assert_eq!(q3["authority"]["code"], ISLINGTON);
        assert_eq!(
            q3["children"],
            json!([
                { "child": "OA", "admDecisionOn": "2025-09-01", "placedWithEpCarersOn": "2025-04-25",
                  "placementOrderOn": "2025-10-22", "matchedOn": "2025-11-10", "placedForAdoptionOn": "2025-11-21",
                  "originallyPlacedWithFosterCarerOn": "2025-04-25", "decisionReversedOn": null, "siblingGroup": false,
                  "permanenceOrderOn": null, "permanenceOrderType": null },
                { "child": "OC", "admDecisionOn": null, "placedWithEpCarersOn": "2025-05-05",
                  "placementOrderOn": null, "matchedOn": null, "placedForAdoptionOn": null,
                  "originallyPlacedWithFosterCarerOn": null, "decisionReversedOn": null, "siblingGroup": false,
                  "permanenceOrderOn": null, "permanenceOrderType": null },
            ])
        );
        // Q2 (July–September): the placement order was not yet made; OB and OF ended in the quarter.
        let q2 = app.gql(&la, RETURN, json!({ "year": 2025, "quarter": 2 })).await;
        let q2 = &q2.data()["asglbReturn"]["children"];
        let names: Vec<&str> = q2.as_array().expect("rows").iter().filter_map(|r| r["child"].as_str()).collect();
        assert_eq!(names, ["OA", "OB", "OC", "OF"]);
        assert_eq!(q2[0]["placementOrderOn"], serde_json::Value::Null, "not known at the end of Q2");
        // Q4 (January–March 2026): adopted.
        let q4 = app.gql(&la, RETURN, json!({ "year": 2025, "quarter": 4 })).await;
        let oa = &q4.data()["asglbReturn"]["children"][0];
        assert_eq!((oa["permanenceOrderOn"].as_str(), oa["permanenceOrderType"].as_str()), (Some("2026-02-16"), Some("ADOPTION")));

        let (status, body, headers) = app.get(Some(&la), "/reports/asglb/2025/3.csv").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(headers.as_deref(), Some("text/csv; charset=utf-8"));
        let lines: Vec<&str> = body.lines().collect();
        assert_eq!(lines.len(), 3, "{body}");
        assert!(lines[0].starts_with("CHILD,ADM_DECISION_DATE,EP_DECISION_DATE,DATE_PLACED_EP_CARERS,"), "{body}");
        assert!(lines[1].starts_with("OA,01/09/2025,"), "{body}");
        assert!(lines[1].contains(",22/10/2025,10/11/2025,21/11/2025,25/04/2025,"), "{body}");

        // Scope: Camden names Islington → NOT_FOUND; the agency must name an authority.
        let islington = authority_id(app, ISLINGTON).await;
        let camden = app.gql(&app.la_staff(CAMDEN), RETURN, json!({ "year": 2025, "quarter": 3, "authority": islington })).await;
        camden.expect_code("NOT_FOUND");
        let agency = app.gql(&app.agency_staff(), RETURN, json!({ "year": 2025, "quarter": 3 })).await;
        assert_eq!(agency.expect_code("BAD_USER_INPUT").field(), "authority");
        let named = app.gql(&app.agency_staff(), RETURN, json!({ "year": 2025, "quarter": 3, "authority": islington })).await;
        assert_eq!(named.data()["asglbReturn"]["children"].as_array().map(Vec::len), Some(2));
        let bad = app.gql(&la, RETURN, json!({ "year": 2025, "quarter": 5 })).await;
        assert_eq!(bad.expect_code("BAD_USER_INPUT").field(), "quarter");
        assert_eq!(app.get(Some(&la), "/reports/asglb/2025/5.csv").await.0, StatusCode::BAD_REQUEST);
        assert_eq!(app.get(Some(&la), "/reports/asglb/1989/1.csv").await.0, StatusCode::BAD_REQUEST);
    })
    .await;
}
