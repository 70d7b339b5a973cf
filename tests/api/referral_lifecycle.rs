//! The referral lifecycle: SUBMITTED → ACCEPTED | DECLINED (agency); SUBMITTED | ACCEPTED →
//! WITHDRAWN (LA). Every other move is a CONFLICT that changes nothing; the audit event exists
//! exactly when the change does.

use serde_json::{Value, json};

use crate::helpers::*;

fn decision(referral: &Value, reason: Option<&str>) -> Value {
    let mut input = json!({ "id": referral["id"], "version": referral["version"] });
    if let Some(reason) = reason {
        input["reason"] = json!(reason);
    }
    json!({ "input": input })
}

/// A referral in each status reachable here, as its holder would read it.
async fn referral_in(app: &TestApp, status: &str, reference: &str) -> Value {
    let la = app.la_staff(ISLINGTON);
    let submitted = app.submit_referral(&la, reference).await;
    match status {
        "SUBMITTED" => submitted,
        "ACCEPTED" => app.accept(&submitted).await,
        "DECLINED" => app
            .gql(
                &app.agency_staff(),
                DECLINE,
                decision(&submitted, Some("Criteria")),
            )
            .await
            .data()["declineReferral"]["referral"]
            .clone(),
        "WITHDRAWN" => app
            .gql(&la, WITHDRAW, decision(&submitted, Some("Plan changed")))
            .await
            .data()["withdrawReferral"]["referral"]
            .clone(),
        other => panic!("no fixture for {other}"),
    }
}

#[tokio::test]
async fn the_agency_accepts_a_submitted_referral() {
    each_backend(async |app| {
        let referral = app.submit_referral(&app.la_staff(ISLINGTON), "ISL-1").await;
        let response = app
            .gql(&app.agency_admin(), ACCEPT, decision(&referral, None))
            .await;
        let accepted = &response.data()["acceptReferral"]["referral"];
        assert_eq!(accepted["status"], "ACCEPTED");
        assert_eq!(accepted["version"], 2);
        assert!(accepted["decidedAt"].is_string());
        assert_eq!(
            app.audit_actions().await.last().map(String::as_str),
            Some("referral.accepted")
        );
        let seen = app
            .gql(
                &app.la_readonly(ISLINGTON),
                REFERRAL,
                json!({ "id": referral["id"] }),
            )
            .await;
        assert_eq!(seen.data()["referral"]["status"], "ACCEPTED");
    })
    .await;
}

#[tokio::test]
async fn the_agency_declines_with_a_reason() {
    each_backend(async |app| {
        let referral = app.submit_referral(&app.la_staff(ISLINGTON), "ISL-1").await;
        let before = app.snapshot().await;
        let blank = app
            .gql(
                &app.agency_staff(),
                DECLINE,
                decision(&referral, Some("  ")),
            )
            .await;
        blank.expect_code("BAD_USER_INPUT");
        assert_eq!(blank.field(), "input.reason");
        assert_eq!(app.snapshot().await, before);
        let response = app
            .gql(
                &app.agency_staff(),
                DECLINE,
                decision(&referral, Some("Kinship plan")),
            )
            .await;
        let declined = &response.data()["declineReferral"]["referral"];
        assert_eq!(declined["status"], "DECLINED");
        assert_eq!(declined["decisionReason"], "Kinship plan");
        assert_eq!(
            app.audit_actions().await.last().map(String::as_str),
            Some("referral.declined")
        );
    })
    .await;
}

#[tokio::test]
async fn the_la_withdraws_a_submitted_or_accepted_referral_with_a_reason() {
    each_backend(async |app| {
        let la = app.la_staff(ISLINGTON);
        for status in ["SUBMITTED", "ACCEPTED"] {
            let referral = referral_in(app, status, &format!("ISL-{status}")).await;
            let response = app
                .gql(&la, WITHDRAW, decision(&referral, Some("Returned home")))
                .await;
            let withdrawn = &response.data()["withdrawReferral"]["referral"];
            assert_eq!(withdrawn["status"], "WITHDRAWN");
            assert_eq!(withdrawn["decisionReason"], "Returned home");
        }
    })
    .await;
}

#[tokio::test]
async fn every_move_the_lifecycle_does_not_allow_is_a_conflict_that_changes_nothing() {
    each_backend(async |app| {
        let la = app.la_staff(ISLINGTON);
        let agency = app.agency_staff();
        let refused: &[(&str, &str)] = &[
            ("ACCEPTED", "accept"),
            ("ACCEPTED", "decline"),
            ("DECLINED", "accept"),
            ("DECLINED", "decline"),
            ("DECLINED", "withdraw"),
            ("WITHDRAWN", "accept"),
            ("WITHDRAWN", "decline"),
            ("WITHDRAWN", "withdraw"),
        ];
        for (n, (status, action)) in refused.iter().enumerate() {
            let referral = referral_in(app, status, &format!("ISL-T{n}")).await;
            let before = app.snapshot().await;
            let response = match *action {
                "accept" => app.gql(&agency, ACCEPT, decision(&referral, None)).await,
                "decline" => {
                    app.gql(&agency, DECLINE, decision(&referral, Some("r")))
                        .await
                }
                _ => app.gql(&la, WITHDRAW, decision(&referral, Some("r"))).await,
            };
            assert_eq!(
                response.code(),
                "CONFLICT",
                "{action} a {status} referral: {}",
                response.body
            );
            assert_eq!(
                app.snapshot().await,
                before,
                "{action} a {status} referral changed something"
            );
        }
    })
    .await;
}

#[tokio::test]
async fn a_decision_at_a_stale_version_is_a_conflict() {
    each_backend(async |app| {
        let referral = app.submit_referral(&app.la_staff(ISLINGTON), "ISL-1").await;
        let mut stale = referral.clone();
        stale["version"] = json!(7);
        let before = app.snapshot().await;
        app.gql(&app.agency_staff(), ACCEPT, decision(&stale, None))
            .await
            .expect_code("CONFLICT");
        app.gql(
            &app.la_staff(ISLINGTON),
            WITHDRAW,
            decision(&stale, Some("r")),
        )
        .await
        .expect_code("CONFLICT");
        assert_eq!(app.snapshot().await, before);
    })
    .await;
}

#[tokio::test]
async fn roles_are_enforced_on_every_decision() {
    each_backend(async |app| {
        let referral = app.submit_referral(&app.la_staff(ISLINGTON), "ISL-1").await;
        let before = app.snapshot().await;
        for token in [app.la_staff(ISLINGTON), app.la_readonly(ISLINGTON)] {
            app.gql(&token, ACCEPT, decision(&referral, None))
                .await
                .expect_code("FORBIDDEN");
            app.gql(&token, DECLINE, decision(&referral, Some("r")))
                .await
                .expect_code("FORBIDDEN");
        }
        for token in [
            app.la_readonly(ISLINGTON),
            app.agency_staff(),
            app.agency_admin(),
        ] {
            app.gql(&token, WITHDRAW, decision(&referral, Some("r")))
                .await
                .expect_code("FORBIDDEN");
        }
        assert_eq!(app.snapshot().await, before);
    })
    .await;
}

#[tokio::test]
async fn another_authority_cannot_withdraw_a_referral() {
    each_backend(async |app| {
        let referral = app.submit_referral(&app.la_staff(ISLINGTON), "ISL-1").await;
        let before = app.snapshot().await;
        let response = app
            .gql(
                &app.la_staff(CAMDEN),
                WITHDRAW,
                decision(&referral, Some("r")),
            )
            .await;
        response.expect_code("NOT_FOUND");
        assert_eq!(app.snapshot().await, before);
    })
    .await;
}

#[tokio::test]
async fn each_successful_change_writes_exactly_one_audit_event_on_the_referral() {
    each_backend(async |app| {
        let referral = app.submit_referral(&app.la_staff(ISLINGTON), "ISL-1").await;
        let accepted = app.accept(&referral).await;
        app.gql(&app.agency_staff(), ACCEPT, decision(&accepted, None))
            .await
            .expect_code("CONFLICT");
        app.gql(
            &app.la_staff(ISLINGTON),
            WITHDRAW,
            decision(&accepted, Some("r")),
        )
        .await
        .data();
        let events = app
            .gql(
                &app.agency_staff(),
                "{ auditEvents(first: 100) { nodes { action entityType entityId changes } } }",
                json!({}),
            )
            .await;
        let on_referral: Vec<&Value> = events.data()["auditEvents"]["nodes"]
            .as_array()
            .expect("nodes")
            .iter()
            .filter(|e| e["entityId"] == referral["id"])
            .collect();
        let actions: Vec<&str> = on_referral
            .iter()
            .filter_map(|e| e["action"].as_str())
            .collect();
        assert_eq!(
            actions,
            [
                "referral.submitted",
                "referral.accepted",
                "referral.withdrawn"
            ]
        );
        assert_eq!(
            on_referral[1]["changes"]["status"],
            json!({ "before": "SUBMITTED", "after": "ACCEPTED" })
        );
    })
    .await;
}
