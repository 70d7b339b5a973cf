//! Outcome reporting: a small programme built through the API, every figure of the report worked
//! out by hand below, on both backends; LA scoping; the financial-year series; recruitment.

use serde_json::{Value, json};

use crate::helpers::*;

pub const OUTCOMES: &str = "query($period: PeriodInput!, $authority: ID) { outcomes(period: $period, authority: $authority) { from to authority { code } \
    referrals { received beforeBirth beforeFirstBirthday beforeBirthShare beforeFirstBirthdayShare } \
    placements { started adopted returnedToParent returnedToRelative ended disruptions openAtEnd stillInProceedings } \
    timeliness { daysToPlacement { count mean median } daysToPlacementOrder { count mean median } \
      daysToPlacedForAdoption { count mean median } daysToAdoptionOrder { count mean median } \
      a1 { count mean median } a10 { count mean median } a10CreditDays a10Within426DaysShare a10Within639DaysShare a1Within426DaysShare } \
    ages { atPlacementMonths { count mean median } atAdoptionOrderMonths { count mean median } } \
    moves { beforePermanence { count mean median } withoutAMove } \
    proceedings { concluded weeksToFinalOrder { count mean median } within26Weeks within26WeeksShare extended openPast26WeeksAtEnd } \
    contact { offered attended late missed cancelledByParent cancelledByCarer cancelledByAgency cancelledByCourt cancelledForIllness notRecorded settlingInAlerts frequencyAlerts travelAlerts } } }";

const OPEN_CASE: &str =
    "mutation($input: OpenCareCaseInput!) { openCareCase(input: $input) { case { id version } } }";
const EXTEND: &str = "mutation($input: GrantExtensionInput!) { grantExtension(input: $input) { case { id version } } }";
const ORDER: &str =
    "mutation($input: RecordOrderInput!) { recordOrder(input: $input) { case { id version } } }";
pub const DECIDE: &str = "mutation($input: RecordAdoptionDecisionInput!) { recordAdoptionDecision(input: $input) { adoptionDecision { id version decidedOn reversedOn reversalReason } } }";
pub const MATCH_FOR_ADOPTION: &str = "mutation($input: RecordAdoptionMatchInput!) { recordAdoptionMatch(input: $input) { placement { id version adoptionMatchedOn adoptersSex adoptersLegalStatus } } }";
const PLACE: &str = "mutation($input: PlaceForAdoptionInput!) { placeForAdoption(input: $input) { placement { id version } } }";
const ADOPT: &str = "mutation($input: RecordAdoptionInput!) { recordAdoption(input: $input) { placement { id version } } }";
const END: &str = "mutation($input: EndPlacementInput!) { endPlacement(input: $input) { placement { id version } } }";
const PLACEMENT: &str = "query($id: ID!) { placement(id: $id) { id version } }";
pub const VENUE: &str = "mutation($input: CreateContactVenueInput!) { createContactVenue(input: $input) { venue { id } } }";
pub const SCHEDULE: &str = "mutation($input: ScheduleContactSessionInput!) { scheduleContactSession(input: $input) { sessions { id version } } }";
pub const RECORD: &str = "mutation($input: RecordContactSessionInput!) { recordContactSession(input: $input) { session { id } } }";

/// Financial year 2025: 1 April 2025 – 31 March 2026.
pub fn fy2025() -> Value {
    json!({ "from": "2025-04-01", "to": "2026-03-31" })
}

/// A child referred on `referred`, born `born` (None: unborn, due `due`), entered care `entered`.
pub fn child_referral(
    reference: &str,
    referred: &str,
    born: Option<&str>,
    entered: Option<&str>,
) -> Value {
    let mut input = referral_input(reference);
    input["referredOn"] = json!(referred);
    match born {
        Some(born) => input["child"]["dateOfBirth"] = json!(born),
        None => {
            let child = input["child"].as_object_mut().expect("child");
            child.remove("dateOfBirth");
            child.insert("expectedDateOfBirth".into(), json!("2025-06-15"));
        }
    }
    match entered {
        Some(entered) => input["child"]["enteredCareOn"] = json!(entered),
        None => {
            input["child"]
                .as_object_mut()
                .expect("child")
                .remove("enteredCareOn");
        }
    }
    input
}

impl TestApp {
    /// Submits, accepts, matches with a fresh household and starts the placement on `started`.
    pub async fn placed(&self, authority: &str, input: Value, started: &str) -> Value {
        let reference = input["child"]["laReference"]
            .as_str()
            .expect("reference")
            .to_owned();
        let submitted = self
            .submit_referral_with(&self.la_staff(authority), input)
            .await;
        let referral = self.accept(&submitted).await;
        let household = self.approved_household(&format!("HH-{reference}")).await;
        let agreed = self.agreed_match(authority, &referral, &household).await;
        let input = json!({ "input": { "matchId": agreed["id"], "startedOn": started } });
        self.gql(&self.agency_staff(), START_PLACEMENT, input)
            .await
            .data()["startPlacement"]["placement"]
            .clone()
    }

    /// Runs `mutation` as agency staff with `input` and returns the payload's `field` object.
    pub async fn step(&self, mutation: &str, name: &str, field: &str, input: Value) -> Value {
        self.gql(&self.agency_staff(), mutation, json!({ "input": input }))
            .await
            .data()[name][field]
            .clone()
    }

    /// The placement's current version.
    pub async fn placement_version(&self, placement: &Value) -> Value {
        self.gql(
            &self.agency_staff(),
            PLACEMENT,
            json!({ "id": placement["id"] }),
        )
        .await
        .data()["placement"]["version"]
            .clone()
    }

    async fn open_case(&self, child_id: &Value, number: &str, issued: &str) -> Value {
        let input = json!({ "childId": child_id, "court": "East London Family Court", "caseNumber": number, "issuedOn": issued });
        self.step(OPEN_CASE, "openCareCase", "case", input).await
    }

    async fn order(&self, case: &Value, kind: &str, made: &str) -> Value {
        let input = json!({ "caseId": case["id"], "version": case["version"], "kind": kind, "madeOn": made });
        self.step(ORDER, "recordOrder", "case", input).await
    }

    /// Child A's journey: ADM decision, placement order, adoption match, placed, adopted.
    pub async fn adopt(&self, placement: &Value, child_id: &Value, dates: [&str; 5]) {
        let [decided, order_on, matched, placed, adopted] = dates;
        self.step(
            DECIDE,
            "recordAdoptionDecision",
            "adoptionDecision",
            json!({ "childId": child_id, "decidedOn": decided }),
        )
        .await;
        let case = self
            .open_case(child_id, &format!("ZC25C{decided}"), "2025-04-22")
            .await;
        let case = self.order(&case, "INTERIM_CARE_ORDER", "2025-04-25").await;
        let case = self
            .step(
                EXTEND,
                "grantExtension",
                "case",
                json!({ "caseId": case["id"], "version": case["version"], "grantedOn": "2025-10-01", "weeks": 4, "reason": "Awaiting the parenting assessment" }),
            )
            .await;
        self.order(&case, "PLACEMENT_ORDER", order_on).await;
        let version = self.placement_version(placement).await;
        let matched = self
            .step(
                MATCH_FOR_ADOPTION,
                "recordAdoptionMatch",
                "placement",
                json!({ "id": placement["id"], "version": version, "matchedOn": matched, "adoptersSex": "MF", "adoptersLegalStatus": "L11" }),
            )
            .await;
        let placed = self
            .step(
                PLACE,
                "placeForAdoption",
                "placement",
                json!({ "id": placement["id"], "version": matched["version"], "placedForAdoptionOn": placed, "basis": "PLACEMENT_ORDER" }),
            )
            .await;
        self.step(
            ADOPT,
            "recordAdoption",
            "placement",
            json!({ "id": placement["id"], "version": placed["version"], "adoptionOrderOn": adopted, "application": "UNOPPOSED" }),
        )
        .await;
    }

    /// Ends a placement with `fields` (outcome, endedOn, …).
    pub async fn end(&self, placement: &Value, mut fields: Value) {
        fields["id"] = placement["id"].clone();
        fields["version"] = self.placement_version(placement).await;
        self.step(END, "endPlacement", "placement", fields).await;
    }
}

/// The fixture, all in financial year 2025 unless said:
///
/// | child | authority | referred | born | entered care | placed (household) | outcome |
/// |---|---|---|---|---|---|---|
/// | OA | Islington | 2025-04-21 | 2025-04-20 | 2025-04-25 | 2025-04-25 | adopted 2026-02-16 (decision 09-01, PO 10-22, match 11-10, placed for adoption 11-21) |
/// | OB | Islington | 2025-04-02 | 2025-03-01 | 2025-03-10 | 2025-04-10 | returned to parent 2025-09-30 |
/// | OC | Islington | 2025-04-15 | 2024-01-15 | 2025-05-01 | 2025-05-05 | still fostering, case open |
/// | OE | Islington | 2025-05-01 | unborn | — | — | referral only |
/// | OF | Islington | 2025-05-16 | 2025-05-15 | 2025-05-20 | 2025-06-01 | ended 2025-08-01, CREQO |
/// | OG | Camden | 2025-04-03 | 2025-04-01 | 2025-04-05 | 2025-04-05 | returned to relative 2025-12-01 |
///
/// Cases: OA issued 2025-04-22, interim care order 2025-04-25, extended, concluded by the placement order 2025-10-22 (183 days);
/// OB issued 2025-04-05, supervision order 2025-09-30 (178 days); OC issued 2025-05-02, open;
/// OG (Camden) issued 2025-04-05, child arrangements order 2025-12-01.
pub async fn programme(app: &TestApp) -> Value {
    let a = app
        .placed(
            ISLINGTON,
            child_referral("OA", "2025-04-21", Some("2025-04-20"), Some("2025-04-25")),
            "2025-04-25",
        )
        .await;
    let b = app
        .placed(
            ISLINGTON,
            child_referral("OB", "2025-04-02", Some("2025-03-01"), Some("2025-03-10")),
            "2025-04-10",
        )
        .await;
    let c = app
        .placed(
            ISLINGTON,
            child_referral("OC", "2025-04-15", Some("2024-01-15"), Some("2025-05-01")),
            "2025-05-05",
        )
        .await;
    app.submit_referral_with(
        &app.la_staff(ISLINGTON),
        child_referral("OE", "2025-05-01", None, None),
    )
    .await;
    let f = app
        .placed(
            ISLINGTON,
            child_referral("OF", "2025-05-16", Some("2025-05-15"), Some("2025-05-20")),
            "2025-06-01",
        )
        .await;
    let g = app
        .placed(
            CAMDEN,
            child_referral("OG", "2025-04-03", Some("2025-04-01"), Some("2025-04-05")),
            "2025-04-05",
        )
        .await;
    let child_of = async |p: &Value| {
        app.gql(
            &app.agency_staff(),
            "query($id: ID!) { placement(id: $id) { child { id } } }",
            json!({ "id": p["id"] }),
        )
        .await
        .data()["placement"]["child"]["id"]
            .clone()
    };

    let a_child = child_of(&a).await;
    app.adopt(
        &a,
        &a_child,
        [
            "2025-09-01",
            "2025-10-22",
            "2025-11-10",
            "2025-11-21",
            "2026-02-16",
        ],
    )
    .await;

    let b_case = app
        .open_case(&child_of(&b).await, "ZC25C0002", "2025-04-05")
        .await;
    app.order(&b_case, "SUPERVISION_ORDER", "2025-09-30").await;
    app.end(
        &b,
        json!({ "outcome": "RETURNED_TO_PARENT", "endedOn": "2025-09-30" }),
    )
    .await;

    app.open_case(&child_of(&c).await, "ZC25C0003", "2025-05-02")
        .await;
    contact_sessions(app, &c).await;

    app.end(&f, json!({ "outcome": "ENDED", "endedOn": "2025-08-01", "reason": "Carers' circumstances changed", "disruptionReason": "CREQO" }))
        .await;

    let g_case = app
        .open_case(&child_of(&g).await, "ZC25C0007", "2025-04-05")
        .await;
    app.order(&g_case, "CHILD_ARRANGEMENTS_ORDER", "2025-12-01")
        .await;
    app.end(&g, json!({ "outcome": "RETURNED_TO_RELATIVE", "endedOn": "2025-12-01", "relativeArrangement": "CHILD_ARRANGEMENTS_ORDER" }))
        .await;
    a
}

/// OC's contact (placement started 2025-05-05; settled from 2025-05-12), at 10:00 UK time:
/// 05-08 attended (settling-in alert); 05-20 late, 05-21 missed, 05-22 cancelled by the parent,
/// 05-23 cancelled by the carers, 05-24 and 05-25 attended (05-20, 21, 24, 25 take place within
/// 7 days: four frequency alerts); 06-10 at a venue ~50 miles away, not recorded (travel alert).
async fn contact_sessions(app: &TestApp, placement: &Value) {
    let agency = app.agency_staff();
    let venue = |name: &str, lat: f64, lon: f64| json!({ "input": { "name": name, "kind": "CONTACT_ROOM", "location": { "latitude": lat, "longitude": lon } } });
    let near = app
        .gql(&agency, VENUE, venue("Highbury", 51.5450, -0.1030))
        .await
        .data()["createContactVenue"]["venue"]
        .clone();
    let far = app
        .gql(&agency, VENUE, venue("Brighton", 50.8225, -0.1372))
        .await
        .data()["createContactVenue"]["venue"]
        .clone();
    let sessions = [
        ("2025-05-08", &near, Some(("ATTENDED", None))),
        ("2025-05-20", &near, Some(("PARENT_LATE", None))),
        ("2025-05-21", &near, Some(("PARENT_DID_NOT_ATTEND", None))),
        ("2025-05-22", &near, Some(("CANCELLED", Some("PARENT")))),
        ("2025-05-23", &near, Some(("CANCELLED", Some("CARER")))),
        ("2025-05-24", &near, Some(("ATTENDED", None))),
        ("2025-05-25", &near, Some(("ATTENDED", None))),
        ("2025-06-10", &far, None),
    ];
    for (day, venue, outcome) in sessions {
        // 10:00 in London during British Summer Time is 09:00 UTC.
        let input = json!({ "input": {
            "placementId": placement["id"], "venueId": venue["id"],
            "startsAt": format!("{day}T09:00:00Z"), "endsAt": format!("{day}T11:00:00Z"),
            "supervisor": "Kim Supervisor", "attendees": ["Mother"],
        } });
        let session =
            app.gql(&agency, SCHEDULE, input).await.data()["scheduleContactSession"]["sessions"][0]
                .clone();
        if let Some((outcome, by)) = outcome {
            let mut input =
                json!({ "id": session["id"], "version": session["version"], "outcome": outcome });
            if let Some(by) = by {
                input["cancelledBy"] = json!(by);
            }
            app.gql(&agency, RECORD, json!({ "input": input }))
                .await
                .data();
        }
    }
}

fn figure(count: i64, mean: f64, median: f64) -> Value {
    json!({ "count": count, "mean": mean, "median": median })
}

fn empty() -> Value {
    json!({ "count": 0, "mean": null, "median": null })
}

/// Islington's figures for financial year 2025, worked out by hand.
fn islington_fy2025() -> Value {
    json!({
        "from": "2025-04-01", "to": "2026-03-31", "authority": { "code": ISLINGTON },
        // Received: OA, OB, OC, OE, OF = 5 (OG is Camden's). Before birth: OE (still unborn) = 1.
        // Before the first birthday: OA, OB, OE, OF = 4 (OC was 15 months old).
        "referrals": { "received": 5, "beforeBirth": 1, "beforeFirstBirthday": 4,
            "beforeBirthShare": 0.2, "beforeFirstBirthdayShare": 0.8 },
        // Started: OA, OB, OC, OF. Open on 31 March 2026: OC, with no final order.
        "placements": { "started": 4, "adopted": 1, "returnedToParent": 1, "returnedToRelative": 0,
            "ended": 1, "disruptions": 1, "openAtEnd": 1, "stillInProceedings": 1 },
        "timeliness": {
            // Entering care → placement: OA 0, OB 31 (03-10 → 04-10), OC 4, OF 12.
            // Mean 47 / 4 = 11.75 → 11.8; median of 0, 4, 12, 31 = (4 + 12) / 2 = 8.
            "daysToPlacement": figure(4, 11.8, 8.0),
            // OA: 2025-04-25 → 2025-10-22 = 180 days.
            "daysToPlacementOrder": figure(1, 180.0, 180.0),
            // OA: → 2025-11-21 = 210 days.
            "daysToPlacedForAdoption": figure(1, 210.0, 210.0),
            // OA: → 2026-02-16 = 210 + 87 = 297 days.
            "daysToAdoptionOrder": figure(1, 297.0, 297.0),
            // A1 stops when OA was placed for adoption (210); A10 when the fostering placement
            // with the same carers began, the day OA entered care (0).
            "a1": figure(1, 210.0, 210.0),
            "a10": figure(1, 0.0, 0.0),
            "a10CreditDays": 210.0,
            "a10Within426DaysShare": 1.0,
            "a10Within639DaysShare": 1.0,
            "a1Within426DaysShare": 1.0,
        },
        "ages": {
            // Days from birth to placement: OA 5, OB 40, OC 476, OF 17. Mean 538 / 4 = 134.5 days
            // = 4.42 months → 4.4; median (17 + 40) / 2 = 28.5 days = 0.94 → 0.9.
            "atPlacementMonths": figure(4, 4.4, 0.9),
            // OA: 5 + 297 = 302 days = 9.92 months → 9.9.
            "atAdoptionOrderMonths": figure(1, 9.9, 9.9),
        },
        // Permanence in the year: OA (no move) and OB (entered care a month before its placement:
        // one move). Mean and median 0.5.
        "moves": { "beforePermanence": figure(2, 0.5, 0.5), "withoutAMove": 1 },
        // Concluded: OA 183 days (26.1 weeks, extended), OB 178 days (25.4 weeks). Mean and median
        // 180.5 / 7 = 25.8 weeks. OC's case (issued 2025-05-02) is 333 days old on 31 March.
        "proceedings": { "concluded": 2, "weeksToFinalOrder": figure(2, 25.8, 25.8),
            "within26Weeks": 1, "within26WeeksShare": 0.5, "extended": 1, "openPast26WeeksAtEnd": 1 },
        "contact": { "offered": 8, "attended": 3, "late": 1, "missed": 1, "cancelledByParent": 1,
            "cancelledByCarer": 1, "cancelledByAgency": 0, "cancelledByCourt": 0, "cancelledForIllness": 0,
            "notRecorded": 1, "settlingInAlerts": 1, "frequencyAlerts": 4, "travelAlerts": 1 },
    })
}

#[tokio::test]
async fn every_figure_matches_the_hand_computed_answer() {
    each_backend(async |app| {
        programme(app).await;
        let vars = json!({ "period": fy2025() });
        let la = app
            .gql(&app.la_readonly(ISLINGTON), OUTCOMES, vars.clone())
            .await;
        assert_eq!(la.data()["outcomes"], islington_fy2025());

        // The agency names Islington and gets the same figures.
        let islington = authority_id(app, ISLINGTON).await;
        let named = json!({ "period": fy2025(), "authority": islington });
        let agency = app.gql(&app.agency_staff(), OUTCOMES, named).await;
        assert_eq!(agency.data()["outcomes"], islington_fy2025());
    })
    .await;
}

#[tokio::test]
async fn the_agency_sees_all_authorities_and_each_one() {
    each_backend(async |app| {
        programme(app).await;
        let all = app.gql(&app.agency_staff(), OUTCOMES, json!({ "period": fy2025() })).await;
        let all = &all.data()["outcomes"];
        assert_eq!(all["authority"], Value::Null);
        // Islington's five referrals and four placements, plus Camden's OG.
        assert_eq!(all["referrals"]["received"], 6);
        assert_eq!(all["placements"]["started"], 5);
        assert_eq!(all["placements"]["returnedToRelative"], 1);
        // OG: entered care 2025-04-05 and placed the same day: 0 days, so 0, 0, 4, 12, 31.
        assert_eq!(all["timeliness"]["daysToPlacement"], figure(5, 9.4, 4.0));
        // OG: case issued 2025-04-05, concluded 2025-12-01 = 240 days; 178, 183, 240 → median 183
        // days = 26.1 weeks; mean 601 / 3 = 200.33 days = 28.6 weeks.
        assert_eq!(all["proceedings"]["weeksToFinalOrder"], figure(3, 28.6, 26.1));

        let by = "query($period: PeriodInput!) { outcomesByAuthority(period: $period) { authority { code } referrals { received } placements { started } } }";
        let by = app.gql(&app.agency_admin(), by, json!({ "period": fy2025() })).await;
        let rows = by.data()["outcomesByAuthority"].as_array().expect("rows").clone();
        let find = |code: &str| {
            rows.iter()
                .find(|r| r["authority"]["code"] == code)
                .cloned()
                .expect("authority row")
        };
        assert_eq!(find(ISLINGTON)["referrals"]["received"], 5);
        assert_eq!(find(CAMDEN)["placements"]["started"], 1);
        assert_eq!(find(ENFIELD)["placements"]["started"], 0);
    })
    .await;
}

#[tokio::test]
async fn an_authority_cannot_see_or_widen_to_another_authority() {
    each_backend(async |app| {
        programme(app).await;
        let camden = authority_id(app, CAMDEN).await;
        let islington = app.la_staff(ISLINGTON);
        let asked = json!({ "period": fy2025(), "authority": camden });
        app.gql(&islington, OUTCOMES, asked).await.expect_code("NOT_FOUND");
        let missing = json!({ "period": fy2025(), "authority": "QXV0aG9yaXR5OjAxOTAwMDAwLTAwMDAtNzAwMC04MDAwLTAwMDAwMDAwMDAwMA" });
        app.gql(&islington, OUTCOMES, missing).await.expect_code("NOT_FOUND");
        // Camden's report holds only OG.
        let own = app.gql(&app.la_staff(CAMDEN), OUTCOMES, json!({ "period": fy2025() })).await;
        assert_eq!(own.data()["outcomes"]["referrals"]["received"], 1);
        assert_eq!(own.data()["outcomes"]["placements"]["returnedToRelative"], 1);
        assert_eq!(own.data()["outcomes"]["contact"]["offered"], 0);
        // Agency-only reports.
        for query in [
            "query($period: PeriodInput!) { outcomesByAuthority(period: $period) { placements { started } } }",
            "query($period: PeriodInput!) { recruitment(period: $period) { enquiries } }",
        ] {
            app.gql(&islington, query, json!({ "period": fy2025() })).await.expect_code("FORBIDDEN");
        }
    })
    .await;
}

#[tokio::test]
async fn the_financial_year_series_splits_at_the_first_of_april() {
    each_backend(async |app| {
        programme(app).await;
        let series = "query($a: Int!, $b: Int!) { outcomesByFinancialYear(firstYear: $a, lastYear: $b) { from to referrals { received } placements { started adopted } } }";
        let response = app.gql(&app.la_staff(ISLINGTON), series, json!({ "a": 2024, "b": 2026 })).await;
        assert_eq!(
            response.data()["outcomesByFinancialYear"],
            json!([
                { "from": "2024-04-01", "to": "2025-03-31", "referrals": { "received": 0 }, "placements": { "started": 0, "adopted": 0 } },
                { "from": "2025-04-01", "to": "2026-03-31", "referrals": { "received": 5 }, "placements": { "started": 4, "adopted": 1 } },
                { "from": "2026-04-01", "to": "2027-03-31", "referrals": { "received": 0 }, "placements": { "started": 0, "adopted": 0 } },
            ])
        );
        let too_long = app.gql(&app.la_staff(ISLINGTON), series, json!({ "a": 2010, "b": 2026 })).await;
        assert_eq!(too_long.expect_code("BAD_USER_INPUT").field(), "lastYear");
        let early = app.gql(&app.la_staff(ISLINGTON), series, json!({ "a": 1990, "b": 1991 })).await;
        let early = &early.data()["outcomesByFinancialYear"];
        assert_eq!((early[0]["from"].as_str(), early[1]["to"].as_str()), (Some("1990-04-01"), Some("1992-03-31")));
        let before = app.gql(&app.la_staff(ISLINGTON), series, json!({ "a": 1989, "b": 1990 })).await;
        assert_eq!(before.expect_code("BAD_USER_INPUT").field(), "firstYear");
        let backwards = json!({ "period": { "from": "2026-01-01", "to": "2025-01-01" } });
        let response = app.gql(&app.la_staff(ISLINGTON), OUTCOMES, backwards).await;
        assert_eq!(response.expect_code("BAD_USER_INPUT").field(), "period");
    })
    .await;
}

#[tokio::test]
async fn an_empty_period_has_zero_counts_and_no_averages() {
    each_backend(async |app| {
        let period = json!({ "period": { "from": "2020-04-01", "to": "2021-03-31" } });
        let response = app.gql(&app.la_staff(ISLINGTON), OUTCOMES, period).await;
        let report = &response.data()["outcomes"];
        assert_eq!(report["referrals"]["received"], 0);
        assert_eq!(report["referrals"]["beforeBirthShare"], Value::Null);
        assert_eq!(report["timeliness"]["a10"], empty());
        assert_eq!(report["timeliness"]["a10Within426DaysShare"], Value::Null);
        assert_eq!(report["proceedings"]["weeksToFinalOrder"], empty());
    })
    .await;
}

const RECRUITMENT: &str = "query($period: PeriodInput!) { recruitment(period: $period) { from to enquiries followedUp followedUpShare reachedApproval reachedApprovalShare byEthnicity { ethnicity enquiries followedUp reachedApproval } waitingForAMatchDays { count mean median } longestWaitDays } }";

/// A household with its enquiry, follow-up and approval dates; approved when both approvals are
/// given.
async fn household(app: &TestApp, reference: &str, ethnicities: &[&str], dates: [Option<&str>; 4]) {
    let [enquiry, followed_up, fostering, adopter] = dates;
    let agency = app.agency_staff();
    let mut input = household_input(reference);
    input["ethnicities"] = json!(ethnicities);
    input["enquiryReceivedOn"] = json!(enquiry);
    let h = app
        .gql(&agency, CREATE_HOUSEHOLD, json!({ "input": input }))
        .await
        .data()["createCarerHousehold"]["household"]
        .clone();
    let mut h = app
        .gql(&agency, UPDATE_HOUSEHOLD, json!({ "input": { "id": h["id"], "version": h["version"], "enquiryFollowedUpOn": followed_up } }))
        .await
        .data()["updateCarerHousehold"]["household"]
        .clone();
    if fostering.is_some() {
        let step = |h: &Value| json!({ "input": { "id": h["id"], "version": h["version"] } });
        h = app.gql(&agency, START_ASSESSMENT, step(&h)).await.data()["startCarerAssessment"]["household"].clone();
        h = app
            .gql(&agency, UPDATE_HOUSEHOLD, json!({ "input": { "id": h["id"], "version": h["version"], "fosteringApprovedOn": fostering, "adopterApprovedOn": adopter } }))
            .await
            .data()["updateCarerHousehold"]["household"]
            .clone();
        app.gql(&agency, APPROVE_HOUSEHOLD, step(&h)).await.data();
    }
}

#[tokio::test]
async fn recruitment_counts_enquiries_by_ethnicity_and_approved_households_waiting() {
    each_backend(async |app| {
        // Financial year 2024 (1 April 2024 – 31 March 2025).
        household(
            app,
            "R1",
            &["WBRI", "BCRB"],
            [
                Some("2024-05-01"),
                Some("2024-05-10"),
                Some("2024-12-01"),
                Some("2025-01-10"),
            ],
        )
        .await;
        household(
            app,
            "R2",
            &["BAFR"],
            [
                Some("2024-06-01"),
                Some("2024-06-03"),
                Some("2025-03-01"),
                Some("2025-02-01"),
            ],
        )
        .await;
        household(app, "R3", &["WBRI"], [Some("2024-07-01"), None, None, None]).await;
        // Outside the year: neither an enquiry of the year nor approved by its end.
        household(
            app,
            "R4",
            &["WBRI"],
            [Some("2025-04-02"), Some("2025-04-03"), None, None],
        )
        .await;
        let period = json!({ "period": { "from": "2024-04-01", "to": "2025-03-31" } });
        let response = app.gql(&app.agency_staff(), RECRUITMENT, period).await;
        assert_eq!(
            response.data()["recruitment"],
            json!({
                "from": "2024-04-01", "to": "2025-03-31",
                "enquiries": 3, "followedUp": 2, "followedUpShare": 0.667,
                "reachedApproval": 2, "reachedApprovalShare": 0.667,
                "byEthnicity": [
                    { "ethnicity": "BAFR", "enquiries": 1, "followedUp": 1, "reachedApproval": 1 },
                    { "ethnicity": "BCRB", "enquiries": 1, "followedUp": 1, "reachedApproval": 1 },
                    { "ethnicity": "WBRI", "enquiries": 2, "followedUp": 1, "reachedApproval": 1 },
                ],
                // R1 approved (later date) 2025-01-10: 80 days to 31 March; R2 2025-03-01: 30.
                "waitingForAMatchDays": { "count": 2, "mean": 55.0, "median": 55.0 },
                "longestWaitDays": 80,
            })
        );
    })
    .await;
}

/// The global id of the authority with `code`, as the agency sees it.
pub async fn authority_id(app: &TestApp, code: &str) -> Value {
    let response = app
        .gql(
            &app.agency_staff(),
            "{ authorities(first: 50) { nodes { id code } } }",
            json!({}),
        )
        .await;
    response.data()["authorities"]["nodes"]
        .as_array()
        .expect("authorities")
        .iter()
        .find(|a| a["code"] == code)
        .map(|a| a["id"].clone())
        .expect("authority")
}
