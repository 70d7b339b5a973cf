//! The SSDA903-shaped extract through the API: the worked example of domain.md §1.5 (child OA of
//! the outcomes fixture), the other endings, CSV at an authenticated URL, and scoping.

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::helpers::*;
use crate::outcomes::{authority_id, programme};

const EXTRACT: &str = "query($year: Int!, $authority: ID) { ssda903Extract(collectionYear: $year, authority: $authority) { collectionYear from to authority { code } \
    header { child sex dob ethnic upn mother } \
    episodes { child decom rne ls place placeProvider dec rec reasonPlaceChange laToSupply cin homePost plPost urn } \
    ad1 { child dob dateInt dateMatch fosterCare nbAdoptr sexAdoptr lsAdoptr } \
    placedAdoption { child dob datePlaced datePlacedCeased reasonPlacedCeased } \
    findings { rule child message } } }";

/// An Episodes row; a blank PLACE marks an episode the LA supplies.
fn episode(row: [&str; 9]) -> Value {
    let blank = |v: &str| if v.is_empty() { Value::Null } else { json!(v) };
    json!({ "child": row[0], "decom": row[1], "rne": row[2], "ls": blank(row[3]), "place": row[4],
        "placeProvider": row[5], "dec": blank(row[6]), "rec": blank(row[7]), "reasonPlaceChange": blank(row[8]),
        "laToSupply": row[4].is_empty(), "cin": null, "homePost": null, "plPost": null, "urn": null })
}

/// The findings as (rule, child) pairs.
fn rules(findings: &Value) -> Vec<(String, String)> {
    findings
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or("").to_owned(),
                f["child"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn the_extract_follows_the_worked_example_and_the_rules() {
    each_backend(async |app| {
        programme(app).await;
        let response = app
            .gql(&app.la_readonly(ISLINGTON), EXTRACT, json!({ "year": 2025 }))
            .await;
        let extract = &response.data()["ssda903Extract"];
        assert_eq!(extract["collectionYear"], 2025);
        assert_eq!((extract["from"].as_str(), extract["to"].as_str()), (Some("2025-04-01"), Some("2026-03-31")));
        assert_eq!(extract["authority"]["code"], ISLINGTON);
        assert_eq!(
            extract["episodes"],
            json!([
                // OA, domain.md §1.5: placed at entry under the ICO; placement order (legal status
                // only); placed for adoption with the same carers; adopted.
                episode(["OA", "2025-04-25", "S", "C1", "U5", "PR5", "2025-10-22", "X1", ""]),
                episode(["OA", "2025-10-22", "L", "E1", "U5", "PR5", "2025-11-21", "X1", "CARPL"]),
                episode(["OA", "2025-11-21", "T", "E1", "A5", "PR5", "2026-02-16", "E11", ""]),
                // OB entered care a month before the placement: that first episode is the LA's
                // (where OB lived is not known here); the placement follows with RNE P; home.
                episode(["OB", "2025-03-10", "S", "C1", "", "", "2025-04-10", "X1", ""]),
                episode(["OB", "2025-04-10", "P", "C1", "U5", "PR5", "2025-09-30", "E4A", ""]),
                // OC is still fostered on 31 March.
                episode(["OC", "2025-05-01", "S", "C1", "", "", "2025-05-05", "X1", ""]),
                episode(["OC", "2025-05-05", "P", "C1", "U5", "PR5", "", "", ""]),
                // OF's placement broke down; the child stays looked after (X1) and the LA's next
                // placement continues the period (rule 388).
                episode(["OF", "2025-05-20", "S", "C1", "", "", "2025-06-01", "X1", ""]),
                episode(["OF", "2025-06-01", "P", "C1", "U5", "PR5", "2025-08-01", "X1", "CREQO"]),
                episode(["OF", "2025-08-01", "P", "C1", "", "", "", "", ""]),
            ])
        );
        // SEX coded M/F/U from 2024-25; UPN UN1 for a baby.
        assert_eq!(
            extract["header"][0],
            json!({ "child": "OA", "sex": "F", "dob": "2025-04-20", "ethnic": "WBRI", "upn": "UN1", "mother": "0" })
        );
        assert_eq!(extract["header"].as_array().map(Vec::len), Some(4));
        assert_eq!(
            extract["ad1"],
            json!([{ "child": "OA", "dob": "2025-04-20", "dateInt": "2025-09-01", "dateMatch": "2025-11-10",
                "fosterCare": 1, "nbAdoptr": 2, "sexAdoptr": "MF", "lsAdoptr": "L11" }])
        );
        assert_eq!(
            extract["placedAdoption"],
            json!([{ "child": "OA", "dob": "2025-04-20", "datePlaced": "2025-09-01", "datePlacedCeased": null, "reasonPlacedCeased": null }])
        );
        // Each episode the LA must supply is named, with the reason for the move (rule 225)
        // that only the LA knows; the programme's own rows break no rule.
        let pair = |r: &str, c: &str| (r.to_owned(), c.to_owned());
        assert_eq!(
            rules(&extract["findings"]),
            [
                pair("LA_EPISODE", "OB"), pair("225", "OB"),
                pair("LA_EPISODE", "OC"), pair("225", "OC"),
                pair("LA_EPISODE", "OF"), pair("225", "OF"), pair("LA_EPISODE", "OF"),
            ]
        );

        // The next year holds none of these episodes but OC's, still open.
        let next = app
            .gql(&app.la_staff(ISLINGTON), EXTRACT, json!({ "year": 2026 }))
            .await;
        let next = &next.data()["ssda903Extract"];
        assert_eq!(next["episodes"], json!([episode(["OC", "2025-05-05", "P", "C1", "U5", "PR5", "", "", ""])]));
        assert_eq!(rules(&next["findings"]), [], "OC's first episode was in the earlier return");
        assert_eq!(next["ad1"], json!([]));
    })
    .await;
}

#[tokio::test]
async fn a_broken_rule_is_a_finding_that_names_the_child() {
    each_backend(async |app| {
        programme(app).await;
        // OB: a decision that OB should be placed for adoption, left in force after OB went home
        // (rule 557).
        let child = app
            .gql(
                &app.la_staff(ISLINGTON),
                "{ children(first: 10) { nodes { id laReference } } }",
                json!({}),
            )
            .await;
        let ob = child.data()["children"]["nodes"]
            .as_array()
            .expect("children")
            .iter()
            .find(|c| c["laReference"] == "OB")
            .map(|c| c["id"].clone())
            .expect("OB");
        let decided = json!({ "input": { "childId": ob, "decidedOn": "2025-06-01" } });
        app.gql(&app.la_staff(ISLINGTON), crate::outcomes::DECIDE, decided)
            .await
            .data();
        let response = app
            .gql(&app.la_staff(ISLINGTON), EXTRACT, json!({ "year": 2025 }))
            .await;
        let findings = rules(&response.data()["ssda903Extract"]["findings"]);
        let broken: Vec<&(String, String)> = findings
            .iter()
            .filter(|(r, _)| r.as_str() == "557")
            .collect();
        assert_eq!(broken, [&("557".to_owned(), "OB".to_owned())]);
    })
    .await;
}

#[tokio::test]
async fn an_authority_gets_its_own_extract_only() {
    each_backend(async |app| {
        programme(app).await;
        let camden = authority_id(app, CAMDEN).await;
        let asked = json!({ "year": 2025, "authority": camden });
        app.gql(&app.la_staff(ISLINGTON), EXTRACT, asked.clone())
            .await
            .expect_code("NOT_FOUND");
        let own = app
            .gql(&app.la_staff(CAMDEN), EXTRACT, json!({ "year": 2025 }))
            .await;
        let children: Vec<Value> = own.data()["ssda903Extract"]["episodes"]
            .as_array()
            .expect("episodes")
            .iter()
            .map(|e| e["child"].clone())
            .collect();
        assert_eq!(children, vec![json!("OG")]);
        // The agency must name the authority, and then gets Camden's.
        let unnamed = app
            .gql(&app.agency_staff(), EXTRACT, json!({ "year": 2025 }))
            .await;
        assert_eq!(unnamed.expect_code("BAD_USER_INPUT").field(), "authority");
        let named = app.gql(&app.agency_staff(), EXTRACT, asked).await;
        assert_eq!(named.data()["ssda903Extract"]["episodes"][0]["rec"], "E41");
        let bad_year = app
            .gql(&app.la_staff(ISLINGTON), EXTRACT, json!({ "year": 1850 }))
            .await;
        assert_eq!(
            bad_year.expect_code("BAD_USER_INPUT").field(),
            "collectionYear"
        );
    })
    .await;
}

#[tokio::test]
async fn the_extract_downloads_as_csv_authenticated_and_scoped() {
    each_backend(async |app| {
        programme(app).await;
        let la = app.la_readonly(ISLINGTON);
        let (status, body, content_type) = app
            .get(Some(&la), "/reports/ssda903/2025/episodes.csv")
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(content_type.as_deref(), Some("text/csv; charset=utf-8"));
        let lines: Vec<&str> = body.lines().collect();
        assert_eq!(
            lines[0],
            "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN"
        );
        assert_eq!(lines[1], "OA,25/04/2025,S,C1,,U5,PR5,22/10/2025,X1,,,,");
        assert_eq!(lines[2], "OA,22/10/2025,L,E1,,U5,PR5,21/11/2025,X1,CARPL,,,");
        assert_eq!(lines[3], "OA,21/11/2025,T,E1,,A5,PR5,16/02/2026,E11,,,,");
        assert_eq!(lines[4], "OB,10/03/2025,S,C1,,,,10/04/2025,X1,,,,");
        assert_eq!(lines.len(), 11, "header and ten episodes");
        let (_, header, _) = app.get(Some(&la), "/reports/ssda903/2025/header.csv").await;
        assert_eq!(
            header.lines().take(2).collect::<Vec<_>>(),
            ["CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB", "OA,F,20/04/2025,WBRI,UN1,0,"]
        );

        let (_, ad1, _) = app.get(Some(&la), "/reports/ssda903/2025/ad1.csv").await;
        assert_eq!(
            ad1.lines().collect::<Vec<_>>(),
            [
                "CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR",
                "OA,20/04/2025,01/09/2025,10/11/2025,1,2,MF,L11",
            ]
        );
        let (_, placed, _) = app
            .get(Some(&la), "/reports/ssda903/2025/placed-adoption.csv")
            .await;
        assert_eq!(
            placed.lines().collect::<Vec<_>>(),
            [
                "CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED",
                "OA,20/04/2025,01/09/2025,,",
            ]
        );
        let (_, findings, _) = app
            .get(Some(&la), "/reports/ssda903/2025/findings.csv")
            .await;
        assert!(findings.starts_with("RULE,CHILD,MESSAGE\nLA_EPISODE,OB,"), "{findings}");

        // No token; an unknown table; a bad year.
        assert_eq!(
            app.get(None, "/reports/ssda903/2025/episodes.csv").await.0,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            app.get(Some(&la), "/reports/ssda903/2025/uasc.csv").await.0,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            app.get(Some(&la), "/reports/ssda903/twenty/ad1.csv")
                .await
                .0,
            StatusCode::BAD_REQUEST
        );

        // Another authority's id answers like a missing one; the agency must name one.
        let camden = authority_id(app, CAMDEN).await;
        let camden = camden.as_str().expect("id");
        let path = format!("/reports/ssda903/2025/episodes.csv?authority={camden}");
        assert_eq!(app.get(Some(&la), &path).await.0, StatusCode::NOT_FOUND);
        let (status, body, _) = app
            .get(
                Some(&app.agency_staff()),
                "/reports/ssda903/2025/episodes.csv",
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.starts_with("authority:"), "{body}");
        let (status, body, _) = app.get(Some(&app.agency_staff()), &path).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            body.lines().nth(1),
            Some("OG,05/04/2025,S,C1,,U5,PR5,01/12/2025,E41,,,,")
        );
    })
    .await;
}
