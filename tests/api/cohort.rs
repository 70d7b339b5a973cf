//! A programme built only through the API gives the published figures (issue 14, item 10): a
//! cohort of 60 children over three authorities — most referred before birth, some returned
//! home, two still in proceedings, one re-referred after a return home broke down — each step
//! taken by the role that may take it, and every figure of the report checked against values
//! computed here from the dates entered.

use chrono::{Duration, NaiveDate};
use serde_json::{Value, json};

use crate::helpers::*;

const BIRTH: &str =
    "mutation($input: RecordBirthInput!) { recordBirth(input: $input) { child { id version } } }";
const ENTRY: &str = "mutation($input: RecordEntryToCareInput!) { recordEntryToCare(input: $input) { child { id version } } }";
const OPEN_CASE: &str =
    "mutation($input: OpenCareCaseInput!) { openCareCase(input: $input) { case { id version } } }";
const ORDER: &str = "mutation($input: RecordPlacementOrderInput!) { recordPlacementOrder(input: $input) { placement { id version } } }";
const MATCH: &str = "mutation($input: RecordAdoptionMatchInput!) { recordAdoptionMatch(input: $input) { placement { id version } } }";
const PLACE: &str = "mutation($input: PlaceForAdoptionInput!) { placeForAdoption(input: $input) { placement { id version } } }";
const ADOPT: &str = "mutation($input: RecordAdoptionInput!) { recordAdoption(input: $input) { placement { id version } } }";
const END: &str = "mutation($input: EndPlacementInput!) { endPlacement(input: $input) { placement { id version } } }";
const REPORT: &str = "query($period: PeriodInput!) { outcomes(period: $period) { \
    referrals { received children childrenAtOrBeforeBirth } \
    placements { started adopted returnedToParent returnedToRelative } \
    outcomeMix { adopted returnedHome stillInProceedings } \
    timeliness { daysToPlacement { count mean } a1 { count mean median } a10 { count mean } \
      a1WithinShortShare a10WithinLongShare daysToAdoptionOrder { count mean } } \
    ages { atPlacementMonths { count mean } } moves { beforePermanence { count mean } withoutAMove } } }";

#[derive(Clone, Copy, PartialEq)]
enum End {
    Adopted,
    Parent,
    Relative,
    Open,
    BackAgain,
}

/// One child's dates, as the test enters them.
struct Plan {
    la: &'static str,
    reference: String,
    referred: NaiveDate,
    unborn: bool,
    born: NaiveDate,
    entered: NaiveDate,
    placed: NaiveDate,
    end: End,
}

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap_or(NaiveDate::MIN)
}

fn plans() -> Vec<Plan> {
    (0..60i64)
        .map(|i| {
            let referred = day("2024-04-01") + Duration::days(7 * i);
            let unborn = i % 5 >= 2;
            let born = if unborn {
                referred + Duration::days(3 + i % 20)
            } else {
                referred - Duration::days(10 + i % 40)
            };
            let entered = if unborn {
                born + Duration::days(i % 2)
            } else {
                referred - Duration::days(i % 7)
            };
            let placed = entered.max(referred) + Duration::days(i % 4);
            let end = match i {
                7 => End::BackAgain,
                58 | 59 => End::Open,
                _ if i % 10 == 3 => End::Parent,
                _ if i % 10 == 6 => End::Relative,
                _ => End::Adopted,
            };
            Plan {
                la: [ISLINGTON, CAMDEN, ENFIELD][(i % 3) as usize],
                reference: format!("CO-{i:02}"),
                referred,
                unborn,
                born,
                entered,
                placed,
                end,
            }
        })
        .collect()
}

/// Submits (the LA), accepts (the agency, on the referral day), records birth and entry where
/// the child was referred unborn, matches (agency proposes, LA agrees) and places (agency).
async fn place(
    app: &TestApp,
    p: &Plan,
    referred: NaiveDate,
    entered: NaiveDate,
    placed: NaiveDate,
    household: &Value,
) -> Value {
    let la = app.la_staff(p.la);
    let mut input = referral_input(&p.reference);
    input["referredOn"] = json!(referred);
    input["purchaseOrderRef"] = if p.la == ENFIELD {
        json!("PO-1")
    } else {
        Value::Null
    };
    let child = &mut input["child"];
    if p.unborn && referred == p.referred {
        child["dateOfBirth"] = Value::Null;
        child["enteredCareOn"] = Value::Null;
        child["expectedDateOfBirth"] = json!(p.born);
    } else {
        child["dateOfBirth"] = json!(p.born);
        child["enteredCareOn"] = json!(entered);
    }
    let submitted = app.submit_referral_with(&la, input).await;
    let referral = app.accept(&submitted).await;
    if p.unborn && referred == p.referred {
        let id = &submitted["child"]["id"];
        let born = json!({ "input": { "childId": id, "version": submitted["child"]["version"], "dateOfBirth": p.born } });
        let child = app.gql(&la, BIRTH, born).await.data()["recordBirth"]["child"].clone();
        let entry = json!({ "input": { "childId": id, "version": child["version"], "enteredCareOn": entered, "legalStatus": "C1" } });
        app.gql(&app.agency_staff(), ENTRY, entry).await.data();
    }
    let agreed = app.agreed_match(p.la, &referral, household).await;
    let start = json!({ "input": { "matchId": agreed["id"], "startedOn": placed } });
    app.gql(&app.agency_staff(), START_PLACEMENT, start)
        .await
        .data()["startPlacement"]["placement"]
        .clone()
}

async fn step(app: &TestApp, token: &str, doc: &str, name: &str, input: Value) -> Value {
    app.gql(token, doc, json!({ "input": input })).await.data()[name]["placement"].clone()
}

/// Adopted: ADM decision +90 (LA), placement order +140 through the court (LA), match +150,
/// placed for adoption +160, adoption order +250 + i (agency). Returns the adoption date.
async fn adopt(app: &TestApp, p: &Plan, placement: &Value, i: i64) -> NaiveDate {
    let (la, agency) = (app.la_staff(p.la), app.agency_staff());
    let at = |d: i64| p.placed + Duration::days(d);
    let child = app
        .gql(
            &la,
            "query($id: ID!) { placement(id: $id) { child { id } } }",
            json!({ "id": placement["id"] }),
        )
        .await
        .data()["placement"]["child"]["id"]
        .clone();
    let case = json!({ "childId": child, "court": "Family Court", "caseNumber": format!("ZC{}", p.reference), "issuedOn": p.placed });
    app.gql(&la, OPEN_CASE, json!({ "input": case }))
        .await
        .data();
    let decision = json!({ "input": { "childId": child, "decidedOn": at(90) } });
    app.gql(&la, crate::outcomes::DECIDE, decision).await.data();
    let ordered = step(app, &la, ORDER, "recordPlacementOrder", json!({ "id": placement["id"], "version": placement["version"], "placementOrderOn": at(140) })).await;
    let matched = step(app, &agency, MATCH, "recordAdoptionMatch", json!({ "id": ordered["id"], "version": ordered["version"], "matchedOn": at(150), "adoptersSex": "MF", "adoptersLegalStatus": "L11" })).await;
    let placed = step(app, &agency, PLACE, "placeForAdoption", json!({ "id": matched["id"], "version": matched["version"], "placedForAdoptionOn": at(160), "basis": "PLACEMENT_ORDER" })).await;
    step(app, &agency, ADOPT, "recordAdoption", json!({ "id": placed["id"], "version": placed["version"], "adoptionOrderOn": at(250 + i), "application": "UNOPPOSED" })).await;
    at(250 + i)
}

async fn end(app: &TestApp, placement: &Value, outcome: &str, on: NaiveDate) {
    let input = json!({ "id": placement["id"], "version": placement["version"], "outcome": outcome, "endedOn": on });
    step(app, &app.agency_staff(), END, "endPlacement", input).await;
}

fn mean(values: &[i64]) -> Option<f64> {
    (!values.is_empty()).then(|| {
        let m = values.iter().sum::<i64>() as f64 / values.len() as f64;
        (m * 10.0).round() / 10.0
    })
}

fn median(values: &[i64]) -> Option<f64> {
    let mut v = values.to_vec();
    v.sort_unstable();
    let n = v.len();
    (n > 0).then(|| {
        if n % 2 == 1 {
            v[n / 2] as f64
        } else {
            (v[n / 2 - 1] + v[n / 2]) as f64 / 2.0
        }
    })
}

#[tokio::test]
async fn a_cohort_built_through_the_api_gives_the_figures_computed_from_its_dates() {
    each_backend(async |app| {
        let (mut to_placement, mut a1, mut a10, mut to_order, mut ages, mut moves) = (vec![], vec![], vec![], vec![], vec![], vec![]);
        let (mut adopted, mut parent, mut relative, mut open) = (0, 0, 0, 0);
        let plans = plans();
        for (i, p) in plans.iter().enumerate() {
            let i = i as i64;
            let mut household = household_input(&format!("HH-{}", p.reference));
            household["enquiryReceivedOn"] = json!("2023-01-10");
            let household = app.approved_household_dated(household, "2023-06-01", "2023-06-15").await;
            let placement = place(app, p, p.referred, p.entered, p.placed, &household).await;
            to_placement.push((p.placed - p.entered).num_days());
            ages.push((p.placed - p.born).num_days());
            let lived_elsewhere = i64::from(p.entered < p.placed);
            match p.end {
                End::Adopted => {
                    let on = adopt(app, p, &placement, i).await;
                    adopted += 1;
                    a1.push((p.placed + Duration::days(160) - p.entered).num_days());
                    a10.push((p.placed - p.entered).num_days());
                    to_order.push((on - p.entered).num_days());
                    moves.push(lived_elsewhere);
                }
                End::Parent | End::Relative => {
                    let outcome = if p.end == End::Parent { "RETURNED_TO_PARENT" } else { "RETURNED_TO_RELATIVE" };
                    end(app, &placement, outcome, p.placed + Duration::days(100 + i)).await;
                    if p.end == End::Parent { parent += 1 } else { relative += 1 }
                    moves.push(lived_elsewhere);
                }
                End::Open => open += 1,
                End::BackAgain => {
                    // Home after 60 days; the return breaks down; back in care 25 days later,
                    // referred again the next day, placed with the same carers (free again).
                    let home = p.placed + Duration::days(60);
                    end(app, &placement, "RETURNED_TO_PARENT", home).await;
                    parent += 1;
                    moves.push(lived_elsewhere);
                    let (entered, referred) = (home + Duration::days(25), home + Duration::days(26));
                    let again = place(app, p, referred, entered, referred + Duration::days(2), &household).await;
                    assert_eq!(again["status"], "FOSTERING");
                    to_placement.push(3);
                    ages.push((referred + Duration::days(2) - p.born).num_days());
                    open += 1;
                }
            }
        }
        let period = json!({ "period": { "from": "2024-04-01", "to": days_ago(0) } });
        let report = app.gql(&app.agency_staff(), REPORT, period).await;
        let r = &report.data()["outcomes"];
        let unborn = plans.iter().filter(|p| p.unborn).count();
        assert_eq!(r["referrals"], json!({ "received": 61, "children": 60, "childrenAtOrBeforeBirth": unborn }));
        assert_eq!(r["placements"], json!({ "started": 61, "adopted": adopted, "returnedToParent": parent, "returnedToRelative": relative }));
        assert_eq!(r["outcomeMix"], json!({ "adopted": adopted, "returnedHome": parent + relative, "stillInProceedings": open }));
        let t = &r["timeliness"];
        assert_eq!(t["daysToPlacement"], json!({ "count": 61, "mean": mean(&to_placement) }));
        assert_eq!(t["a1"], json!({ "count": adopted, "mean": mean(&a1), "median": median(&a1) }));
        assert_eq!(t["a10"], json!({ "count": adopted, "mean": mean(&a10) }));
        assert_eq!(t["daysToAdoptionOrder"], json!({ "count": adopted, "mean": mean(&to_order) }));
        let within = |v: &[i64], limit: i64| v.iter().filter(|d| **d <= limit).count() as f64 / v.len() as f64;
        assert_eq!(t["a1WithinShortShare"].as_f64(), Some((within(&a1, 426) * 1000.0).round() / 1000.0));
        assert_eq!(t["a10WithinLongShare"].as_f64(), Some((within(&a10, 639) * 1000.0).round() / 1000.0));
        let months = mean(&ages).map(|d| ((d / 30.4375) * 10.0).round() / 10.0);
        // The server averages the days, then converts; so does this.
        let exact_months = ages.iter().sum::<i64>() as f64 / ages.len() as f64 / 30.4375;
        assert_eq!(r["ages"]["atPlacementMonths"]["count"], 61);
        assert_eq!(r["ages"]["atPlacementMonths"]["mean"].as_f64(), Some((exact_months * 10.0).round() / 10.0), "{months:?}");
        assert_eq!(
            r["moves"],
            json!({ "beforePermanence": { "count": moves.len(), "mean": mean(&moves) }, "withoutAMove": moves.iter().filter(|m| **m == 0).count() })
        );
        // Each authority sees exactly its own third of the cohort.
        let own = app.gql(&app.la_staff(CAMDEN), REPORT, json!({ "period": { "from": "2024-04-01", "to": days_ago(0) } })).await;
        let camden = plans.iter().filter(|p| p.la == CAMDEN).count();
        assert_eq!(own.data()["outcomes"]["referrals"]["children"], camden);
    })
    .await;
}
