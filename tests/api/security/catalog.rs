//! The attack surface as data: a fixture of one authority's records (Islington, the victim),
//! and every root field of the schema — and every nested field on a shared record that returns
//! authority-owned data — as an operation aimed at those records. The category tests run this
//! catalog as another authority (Camden), without tokens, as a read-only role, over GET; the
//! completeness guard checks that no field of the built schema is missing from it.

use serde_json::{Value, json};

use crate::helpers::*;
use crate::outcomes::{DECIDE, child_referral};

/// What the attacker must get.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect {
    /// `NOT_FOUND`, exactly as for a missing id.
    NotFound,
    /// `FORBIDDEN`: the role may not call the field at all.
    Forbidden,
    /// A normal answer that holds nothing of the victim's (no id, reference or count).
    NoForeign,
    /// Refused by validation: the input cannot even name another authority.
    Invalid,
}

/// One operation of the catalog.
pub struct Attack {
    /// `Type.field` this attack covers.
    pub field: &'static str,
    /// The document.
    pub doc: String,
    /// Its variables.
    pub vars: Value,
    /// What another authority's LA_STAFF must get.
    pub expect: Expect,
}

impl Attack {
    /// True for mutations.
    pub fn is_mutation(&self) -> bool {
        self.field.starts_with("Mutation.")
    }
}

/// The victim's records.
pub struct Victim {
    /// Global ids of every record, and the LA references, that must never reach Camden.
    pub markers: Vec<String>,
    ids: std::collections::HashMap<&'static str, Value>,
}

/// The names the catalog asks the fixture for.
const NAMES: [&str; 19] = [
    "placement",
    "referral",
    "match",
    "child",
    "household",
    "proposed_match",
    "referral2",
    "venue",
    "session",
    "case",
    "assessment",
    "decision",
    "support",
    "adopted_child",
    "arrangement",
    "shared_placement",
    "shared_household",
    "hearing",
    "order",
];

impl Victim {
    /// A victim with made-up ids, for looking at the catalog without a database (the
    /// completeness guard; tests that fail before any id is read).
    pub fn placeholder() -> Victim {
        let ids = NAMES
            .iter()
            .map(|name| (*name, json!(format!("placeholder-{name}"))))
            .collect();
        Victim {
            markers: Vec::new(),
            ids,
        }
    }

    /// The id recorded under `name`.
    pub fn id(&self, name: &str) -> Value {
        self.ids
            .get(name)
            .cloned()
            .unwrap_or_else(|| panic!("no {name} in the fixture"))
    }

    /// True when `text` contains any of the victim's ids or references.
    pub fn leaks_into(&self, text: &str) -> Option<String> {
        self.markers
            .iter()
            .find(|m| text.contains(m.as_str()))
            .cloned()
    }
}

async fn agency(app: &TestApp, doc: &str, vars: Value) -> Value {
    app.gql(&app.agency_staff(), doc, vars).await.data().clone()
}

/// Builds Islington's records through the API — a placed child with a contact session, a care
/// case with a hearing and an assessment, an adoption decision, support work; a proposed match;
/// an adopted child with post-adoption contact; a household Islington used before Camden — and
/// gives Camden a placement of its own with that shared household.
pub async fn victim(app: &TestApp) -> Victim {
    let mut ids = std::collections::HashMap::new();
    let household = app.approved_household("HH-V1").await;
    let placement = app.placement(ISLINGTON, "ISL-V1", &household).await;
    let around = agency(
        app,
        "query($id: ID!) { placement(id: $id) { id version referral { id version } match { id version } child { id version } } }",
        json!({ "id": placement["id"] }),
    )
    .await;
    let p = &around["placement"];
    ids.insert("placement", p["id"].clone());
    ids.insert("referral", p["referral"]["id"].clone());
    ids.insert("match", p["match"]["id"].clone());
    ids.insert("child", p["child"]["id"].clone());
    ids.insert("household", household["id"].clone());

    let waiting = app.accepted_referral(ISLINGTON, "ISL-V2").await;
    let other_household = app.approved_household("HH-V2").await;
    let proposed = app.proposed_match(&waiting, &other_household).await;
    ids.insert("proposed_match", proposed["id"].clone());
    ids.insert("referral2", waiting["id"].clone());

    let venue = agency(
        app,
        "mutation { createContactVenue(input: {name: \"Victim venue\", kind: CONTACT_ROOM, location: {latitude: 51.55, longitude: -0.11}}) { venue { id } } }",
        json!({}),
    )
    .await["createContactVenue"]["venue"]["id"]
        .clone();
    ids.insert("venue", venue.clone());
    let starts = (chrono::Utc::now() - chrono::Duration::days(5)).to_rfc3339();
    let ends =
        (chrono::Utc::now() - chrono::Duration::days(5) + chrono::Duration::hours(2)).to_rfc3339();
    let session = agency(
        app,
        "mutation($input: ScheduleContactSessionInput!) { scheduleContactSession(input: $input) { sessions { id } } }",
        json!({ "input": { "placementId": p["id"], "venueId": venue, "startsAt": starts, "endsAt": ends, "supervisor": "Kim", "attendees": ["Mother"] } }),
    )
    .await["scheduleContactSession"]["sessions"][0]["id"]
        .clone();
    ids.insert("session", session);

    let case = agency(
        app,
        "mutation($input: OpenCareCaseInput!) { openCareCase(input: $input) { case { id } } }",
        json!({ "input": { "childId": p["child"]["id"], "court": "East London Family Court", "caseNumber": "ZE26C99901", "issuedOn": days_ago(15) } }),
    )
    .await["openCareCase"]["case"]["id"]
        .clone();
    ids.insert("case", case.clone());
    let hearing = agency(
        app,
        "mutation($input: RecordHearingInput!) { recordHearing(input: $input) { hearing { id } } }",
        json!({ "input": { "caseId": case, "kind": "CMH", "heldOn": days_ago(3) } }),
    )
    .await["recordHearing"]["hearing"]["id"]
        .clone();
    ids.insert("hearing", hearing.clone());
    let order = agency(
        app,
        "mutation($input: RecordOrderInput!) { recordOrder(input: $input) { order { id } } }",
        json!({ "input": { "caseId": case, "version": 1, "kind": "INTERIM_CARE_ORDER", "madeOn": days_ago(3), "hearingId": hearing } }),
    )
    .await["recordOrder"]["order"]["id"]
        .clone();
    ids.insert("order", order);
    let assessment = agency(
        app,
        "mutation($input: CommissionAssessmentInput!) { commissionAssessment(input: $input) { assessment { id } } }",
        json!({ "input": { "childId": p["child"]["id"], "kind": "PARENTING", "subject": "Mother", "commissionedBy": "Court", "dueOn": days_ago(-30) } }),
    )
    .await["commissionAssessment"]["assessment"]["id"]
        .clone();
    ids.insert("assessment", assessment);
    let decision = agency(
        app,
        DECIDE,
        json!({ "input": { "childId": p["child"]["id"], "decidedOn": days_ago(5) } }),
    )
    .await["recordAdoptionDecision"]["adoptionDecision"]["id"]
        .clone();
    ids.insert("decision", decision);
    let support = agency(
        app,
        "mutation($input: LogSupportWorkInput!) { logSupportWork(input: $input) { supportWork { id } } }",
        json!({ "input": { "childId": p["child"]["id"], "recipient": "BIRTH_PARENT", "kind": "CHANGE_SUPPORT", "givenOn": days_ago(2), "givenBy": "Worker", "givenTo": "Mother", "durationMinutes": 60 } }),
    )
    .await["logSupportWork"]["supportWork"]["id"]
        .clone();
    ids.insert("support", support);

    let adopted = app
        .placed(
            ISLINGTON,
            child_referral(
                "ISL-V3",
                "2025-04-21",
                Some("2025-04-20"),
                Some("2025-04-25"),
            ),
            "2025-04-25",
        )
        .await;
    let adopted_child = agency(
        app,
        "query($id: ID!) { placement(id: $id) { child { id } } }",
        json!({ "id": adopted["id"] }),
    )
    .await["placement"]["child"]["id"]
        .clone();
    app.adopt(
        &adopted,
        &adopted_child,
        [
            "2025-09-01",
            "2025-10-22",
            "2025-11-10",
            "2025-11-21",
            "2026-02-16",
        ],
    )
    .await;
    ids.insert("adopted_child", adopted_child.clone());
    let arrangement = agency(
        app,
        "mutation($input: ArrangePostAdoptionContactInput!) { arrangePostAdoptionContact(input: $input) { arrangement { id } } }",
        json!({ "input": { "childId": adopted_child, "kind": "LETTERBOX", "timesPerYear": 2, "parties": ["Birth mother"], "agreedOn": "2026-03-01" } }),
    )
    .await["arrangePostAdoptionContact"]["arrangement"]["id"]
        .clone();
    ids.insert("arrangement", arrangement);

    // A household Islington used first, then Camden.
    let shared = app.approved_household("HH-SHARED").await;
    let before = app.placement(ISLINGTON, "ISL-V4", &shared).await;
    ids.insert("shared_placement", before["id"].clone());
    app.end(
        &before,
        json!({ "outcome": "RETURNED_TO_PARENT", "endedOn": days_ago(1) }),
    )
    .await;
    app.placement(CAMDEN, "CAM-A1", &shared).await;
    ids.insert("shared_household", shared["id"].clone());

    let events = agency(
        app,
        "{ auditEvents(first: 100) { nodes { id authority { code } } } }",
        json!({}),
    )
    .await;
    let event = events["auditEvents"]["nodes"]
        .as_array()
        .expect("events")
        .iter()
        .find(|e| e["authority"]["code"] == ISLINGTON)
        .map(|e| e["id"].clone())
        .expect("an Islington event");
    ids.insert("audit_event", event);

    let mut markers: Vec<String> = ids
        .iter()
        .filter(|(name, _)| !matches!(**name, "household" | "shared_household" | "venue"))
        .filter_map(|(_, id)| id.as_str().map(str::to_owned))
        .collect();
    markers.extend(["ISL-V1", "ISL-V2", "ISL-V3", "ISL-V4"].map(str::to_owned));
    Victim { markers, ids }
}

fn attack(field: &'static str, doc: &str, vars: Value, expect: Expect) -> Attack {
    Attack {
        field,
        doc: doc.to_owned(),
        vars,
        expect,
    }
}

/// A mutation `name` with `input`, selecting only `__typename`.
fn mutation(
    field: &'static str,
    name: &str,
    input_type: &str,
    input: Value,
    expect: Expect,
) -> Attack {
    attack(
        field,
        &format!("mutation($input: {input_type}!) {{ {name}(input: $input) {{ __typename }} }}"),
        json!({ "input": input }),
        expect,
    )
}

/// Every root field and shared nested field, aimed at the victim's records.
pub fn catalog(v: &Victim) -> Vec<Attack> {
    use Expect::*;
    let id = |name: &str| v.id(name);
    let fy = json!({ "from": "2024-04-01", "to": "2027-03-31" });
    vec![
        // ----- queries -----
        attack(
            "Query.me",
            "{ me { sub role authority { code } } }",
            json!({}),
            NoForeign,
        ),
        attack(
            "Query.authorities",
            "{ authorities(first: 100) { totalCount nodes { id code } } }",
            json!({}),
            NoForeign,
        ),
        attack(
            "Query.authority",
            "{ authority(code: \"206\") { id code } }",
            json!({}),
            NotFound,
        ),
        attack(
            "Query.children",
            "{ children(first: 100) { totalCount nodes { id laReference } } }",
            json!({}),
            NoForeign,
        ),
        attack(
            "Query.child",
            "query($id: ID!) { child(id: $id) { id } }",
            json!({ "id": id("child") }),
            NotFound,
        ),
        attack(
            "Query.referrals",
            "{ referrals(first: 100) { totalCount nodes { id child { laReference } } } }",
            json!({}),
            NoForeign,
        ),
        attack(
            "Query.referral",
            "query($id: ID!) { referral(id: $id) { id } }",
            json!({ "id": id("referral") }),
            NotFound,
        ),
        attack(
            "Query.carerHouseholds",
            "{ carerHouseholds(first: 100) { totalCount nodes { id } } }",
            json!({}),
            Forbidden,
        ),
        attack(
            "Query.carerHousehold",
            "query($id: ID!) { carerHousehold(id: $id) { id } }",
            json!({ "id": id("household") }),
            NotFound,
        ),
        attack(
            "Query.availableHouseholds",
            "{ availableHouseholds(near: {latitude: 51.55, longitude: -0.11}, first: 50) { id area } }",
            json!({}),
            NoForeign,
        ),
        attack(
            "Query.matches",
            "{ matches(first: 100) { totalCount nodes { id child { laReference } } } }",
            json!({}),
            NoForeign,
        ),
        attack(
            "Query.match",
            "query($id: ID!) { match(id: $id) { id } }",
            json!({ "id": id("match") }),
            NotFound,
        ),
        attack(
            "Query.placements",
            "{ placements(first: 100) { totalCount nodes { id child { laReference } } } }",
            json!({}),
            NoForeign,
        ),
        attack(
            "Query.placement",
            "query($id: ID!) { placement(id: $id) { id } }",
            json!({ "id": id("placement") }),
            NotFound,
        ),
        attack(
            "Query.contactVenues",
            "{ contactVenues(first: 100) { totalCount nodes { id name } } }",
            json!({}),
            NoForeign,
        ),
        attack(
            "Query.contactSessions",
            "{ contactSessions(first: 100) { totalCount nodes { id placement { id } } } }",
            json!({}),
            NoForeign,
        ),
        attack(
            "Query.contactReport",
            "query($id: ID!) { contactReport(placementId: $id, from: \"2020-01-01\", to: \"2030-01-01\") { offered } }",
            json!({ "id": id("placement") }),
            NotFound,
        ),
        attack(
            "Query.contactSession",
            "query($id: ID!) { contactSession(id: $id) { id } }",
            json!({ "id": id("session") }),
            NotFound,
        ),
        attack(
            "Query.careCases",
            "{ careCases(first: 100) { totalCount nodes { id child { laReference } } } }",
            json!({}),
            NoForeign,
        ),
        attack(
            "Query.careCase",
            "query($id: ID!) { careCase(id: $id) { id } }",
            json!({ "id": id("case") }),
            NotFound,
        ),
        attack(
            "Query.assessments",
            "{ assessments(first: 100) { totalCount nodes { id child { laReference } } } }",
            json!({}),
            NoForeign,
        ),
        attack(
            "Query.auditEvents",
            "{ auditEvents(first: 100) { totalCount nodes { id entityId } } }",
            json!({}),
            NoForeign,
        ),
        attack(
            "Query.changes",
            "{ changes(first: 100) { edges { cursor node { id entityId } } } }",
            json!({}),
            NoForeign,
        ),
        attack(
            "Query.outcomes",
            "query($p: PeriodInput!) { outcomes(period: $p) { referrals { received } placements { started adopted } } }",
            json!({ "p": fy }),
            NoForeign,
        ),
        attack(
            "Query.outcomesByFinancialYear",
            "{ outcomesByFinancialYear(firstYear: 2024, lastYear: 2026) { referrals { received } placements { started adopted } } }",
            json!({}),
            NoForeign,
        ),
        attack(
            "Query.outcomesByAuthority",
            "query($p: PeriodInput!) { outcomesByAuthority(period: $p) { referrals { received } } }",
            json!({ "p": fy }),
            Forbidden,
        ),
        attack(
            "Query.recruitment",
            "query($p: PeriodInput!) { recruitment(period: $p) { enquiries } }",
            json!({ "p": fy }),
            Forbidden,
        ),
        attack(
            "Query.ssda903Extract",
            "{ ssda903Extract(collectionYear: 2025) { episodes { child } ad1 { child } placedAdoption { child } findings { child } } }",
            json!({}),
            NoForeign,
        ),
        attack(
            "Query.asglbReturn",
            "query($year: Int!, $quarter: Int!) { asglbReturn(year: $year, quarter: $quarter) { authority { code } children { child placedWithEpCarersOn permanenceOrderType } } }",
            json!({ "year": current_quarter().0, "quarter": current_quarter().1 }),
            NoForeign,
        ),
        attack(
            "Query.node",
            "query($id: ID!) { node(id: $id) { id } }",
            json!({ "id": id("support") }),
            NotFound,
        ),
        attack(
            "Query.node",
            "query($id: ID!) { node(id: $id) { id ... on Hearing { kind orders { id } } } }",
            json!({ "id": id("hearing") }),
            NotFound,
        ),
        attack(
            "Query.node",
            "query($id: ID!) { node(id: $id) { id ... on CourtOrder { kind hearing { id } } } }",
            json!({ "id": id("order") }),
            NotFound,
        ),
        // ----- nested fields on a record both authorities may see -----
        attack(
            "CarerHousehold.placements",
            "query($id: ID!) { carerHousehold(id: $id) { placements { totalCount nodes { id child { laReference } } } } }",
            json!({ "id": id("shared_household") }),
            NoForeign,
        ),
        attack(
            "CarerHousehold.matches",
            "query($id: ID!) { carerHousehold(id: $id) { matches { totalCount nodes { id child { laReference } } } } }",
            json!({ "id": id("shared_household") }),
            NoForeign,
        ),
        // ----- subscription (served over WebSocket; see object_level::b12) -----
        attack(
            "Subscription.changes",
            "subscription { changes { cursor } }",
            json!({}),
            NoForeign,
        ),
        // ----- mutations -----
        mutation(
            "Mutation.createAuthority",
            "createAuthority",
            "CreateAuthorityInput",
            json!({ "code": "999", "name": "Nowhere", "partnership": "PARTNER" }),
            Forbidden,
        ),
        mutation(
            "Mutation.updateAuthority",
            "updateAuthority",
            "UpdateAuthorityInput",
            json!({ "id": "QXV0aG9yaXR5OjAxOTAwMDAwLTAwMDAtNzAwMC04MDAwLTAwMDAwMDAwMDAwMA", "version": 1, "name": "Renamed" }),
            Forbidden,
        ),
        mutation(
            "Mutation.submitReferral",
            "submitReferral",
            "SubmitReferralInput",
            json!({ "authorityId": "QXV0aG9yaXR5OjEyMw", "child": { "laReference": "X" }, "referredOn": days_ago(1), "proceedingsStage": "ISSUED", "returnHomeUnlikely": true, "socialWorker": { "name": "S" } }),
            Invalid,
        ),
        mutation(
            "Mutation.updateReferral",
            "updateReferral",
            "UpdateReferralInput",
            json!({ "id": id("referral2"), "version": 2, "proceedingsStage": "ISSUED" }),
            NotFound,
        ),
        mutation(
            "Mutation.updateChild",
            "updateChild",
            "UpdateChildInput",
            json!({ "id": id("child"), "version": 1, "givenNames": "Changed" }),
            NotFound,
        ),
        mutation(
            "Mutation.recordBirth",
            "recordBirth",
            "RecordBirthInput",
            json!({ "childId": id("child"), "version": 1, "dateOfBirth": days_ago(40) }),
            NotFound,
        ),
        mutation(
            "Mutation.recordEntryToCare",
            "recordEntryToCare",
            "RecordEntryToCareInput",
            json!({ "childId": id("child"), "version": 1, "enteredCareOn": days_ago(20), "legalStatus": "C2" }),
            NotFound,
        ),
        mutation(
            "Mutation.withdrawReferral",
            "withdrawReferral",
            "ReferralDecisionInput",
            json!({ "id": id("referral2"), "version": 2, "reason": "x" }),
            NotFound,
        ),
        mutation(
            "Mutation.acceptReferral",
            "acceptReferral",
            "AcceptReferralInput",
            json!({ "id": id("referral2"), "version": 2 }),
            Forbidden,
        ),
        mutation(
            "Mutation.declineReferral",
            "declineReferral",
            "ReferralDecisionInput",
            json!({ "id": id("referral2"), "version": 2, "reason": "x" }),
            Forbidden,
        ),
        mutation(
            "Mutation.createCarerHousehold",
            "createCarerHousehold",
            "CreateCarerHouseholdInput",
            json!({ "reference": "HH-X", "primaryCarerName": "X", "area": "N1", "location": { "latitude": 51.5, "longitude": -0.1 }, "fullTimeCarer": true, "capacity": "ONE_CHILD", "enquiryReceivedOn": days_ago(1) }),
            Forbidden,
        ),
        mutation(
            "Mutation.updateCarerHousehold",
            "updateCarerHousehold",
            "UpdateCarerHouseholdInput",
            json!({ "id": id("household"), "version": 1, "area": "X" }),
            Forbidden,
        ),
        mutation(
            "Mutation.startCarerAssessment",
            "startCarerAssessment",
            "CarerHouseholdStepInput",
            json!({ "id": id("household"), "version": 1 }),
            Forbidden,
        ),
        mutation(
            "Mutation.approveCarerHousehold",
            "approveCarerHousehold",
            "CarerHouseholdStepInput",
            json!({ "id": id("household"), "version": 1 }),
            Forbidden,
        ),
        mutation(
            "Mutation.closeCarerHousehold",
            "closeCarerHousehold",
            "CloseCarerHouseholdInput",
            json!({ "id": id("household"), "version": 1, "reason": "x" }),
            Forbidden,
        ),
        mutation(
            "Mutation.proposeMatch",
            "proposeMatch",
            "ProposeMatchInput",
            json!({ "referralId": id("referral2"), "householdId": id("household") }),
            Forbidden,
        ),
        mutation(
            "Mutation.agreeMatch",
            "agreeMatch",
            "AgreeMatchInput",
            json!({ "id": id("proposed_match"), "version": 1 }),
            NotFound,
        ),
        mutation(
            "Mutation.rejectMatch",
            "rejectMatch",
            "MatchDecisionInput",
            json!({ "id": id("proposed_match"), "version": 1, "reason": "x" }),
            NotFound,
        ),
        mutation(
            "Mutation.withdrawMatch",
            "withdrawMatch",
            "MatchDecisionInput",
            json!({ "id": id("proposed_match"), "version": 1, "reason": "x" }),
            Forbidden,
        ),
        mutation(
            "Mutation.startPlacement",
            "startPlacement",
            "StartPlacementInput",
            json!({ "matchId": id("proposed_match"), "startedOn": days_ago(1) }),
            Forbidden,
        ),
        mutation(
            "Mutation.recordPlacementOrder",
            "recordPlacementOrder",
            "RecordPlacementOrderInput",
            json!({ "id": id("placement"), "version": 1, "placementOrderOn": days_ago(1) }),
            NotFound,
        ),
        mutation(
            "Mutation.recordAdoptionMatch",
            "recordAdoptionMatch",
            "RecordAdoptionMatchInput",
            json!({ "id": id("placement"), "version": 1, "matchedOn": days_ago(1), "adoptersSex": "MF", "adoptersLegalStatus": "L11" }),
            NotFound,
        ),
        mutation(
            "Mutation.placeForAdoption",
            "placeForAdoption",
            "PlaceForAdoptionInput",
            json!({ "id": id("placement"), "version": 1, "placedForAdoptionOn": days_ago(1), "basis": "CONSENT" }),
            NotFound,
        ),
        mutation(
            "Mutation.recordAdoption",
            "recordAdoption",
            "RecordAdoptionInput",
            json!({ "id": id("placement"), "version": 1, "adoptionOrderOn": days_ago(1), "application": "UNOPPOSED" }),
            NotFound,
        ),
        mutation(
            "Mutation.endPlacement",
            "endPlacement",
            "EndPlacementInput",
            json!({ "id": id("placement"), "version": 1, "outcome": "RETURNED_TO_PARENT", "endedOn": days_ago(1) }),
            NotFound,
        ),
        mutation(
            "Mutation.createContactVenue",
            "createContactVenue",
            "CreateContactVenueInput",
            json!({ "name": "X", "kind": "CONTACT_ROOM", "location": { "latitude": 51.5, "longitude": -0.1 } }),
            Forbidden,
        ),
        mutation(
            "Mutation.updateContactVenue",
            "updateContactVenue",
            "UpdateContactVenueInput",
            json!({ "id": id("venue"), "version": 1, "name": "X" }),
            Forbidden,
        ),
        mutation(
            "Mutation.scheduleContactSession",
            "scheduleContactSession",
            "ScheduleContactSessionInput",
            json!({ "placementId": id("placement"), "venueId": id("venue"), "startsAt": "2030-01-01T10:00:00Z", "endsAt": "2030-01-01T12:00:00Z", "supervisor": "X", "attendees": ["Mother"] }),
            Forbidden,
        ),
        mutation(
            "Mutation.scheduleContactSeries",
            "scheduleContactSeries",
            "ScheduleContactSeriesInput",
            json!({ "placementId": id("placement"), "venueId": id("venue"), "weekdays": ["MONDAY"], "startTime": "10:00", "durationMinutes": 60, "from": "2030-01-01", "weeks": 1, "supervisor": "X", "attendees": ["Mother"] }),
            Forbidden,
        ),
        mutation(
            "Mutation.recordContactSession",
            "recordContactSession",
            "RecordContactSessionInput",
            json!({ "id": id("session"), "version": 1, "outcome": "ATTENDED" }),
            Forbidden,
        ),
        mutation(
            "Mutation.openCareCase",
            "openCareCase",
            "OpenCareCaseInput",
            json!({ "childId": id("adopted_child"), "court": "X", "caseNumber": "ZZ1", "issuedOn": days_ago(1) }),
            NotFound,
        ),
        mutation(
            "Mutation.grantExtension",
            "grantExtension",
            "GrantExtensionInput",
            json!({ "caseId": id("case"), "version": 2, "grantedOn": days_ago(1), "weeks": 4, "reason": "x" }),
            NotFound,
        ),
        mutation(
            "Mutation.recordHearing",
            "recordHearing",
            "RecordHearingInput",
            json!({ "caseId": id("case"), "kind": "IRH", "heldOn": days_ago(1) }),
            NotFound,
        ),
        mutation(
            "Mutation.recordOrder",
            "recordOrder",
            "RecordOrderInput",
            json!({ "caseId": id("case"), "version": 2, "kind": "CARE_ORDER", "madeOn": days_ago(1) }),
            NotFound,
        ),
        mutation(
            "Mutation.commissionAssessment",
            "commissionAssessment",
            "CommissionAssessmentInput",
            json!({ "childId": id("child"), "kind": "PARENTING", "subject": "X", "commissionedBy": "X", "dueOn": days_ago(-10) }),
            NotFound,
        ),
        mutation(
            "Mutation.fileAssessment",
            "fileAssessment",
            "FileAssessmentInput",
            json!({ "id": id("assessment"), "version": 1, "filedOn": days_ago(1), "outcome": "x" }),
            NotFound,
        ),
        mutation(
            "Mutation.arrangePostAdoptionContact",
            "arrangePostAdoptionContact",
            "ArrangePostAdoptionContactInput",
            json!({ "childId": id("adopted_child"), "kind": "LETTERBOX", "timesPerYear": 1, "parties": ["X"], "agreedOn": days_ago(1) }),
            NotFound,
        ),
        mutation(
            "Mutation.endPostAdoptionContact",
            "endPostAdoptionContact",
            "EndPostAdoptionContactInput",
            json!({ "id": id("arrangement"), "version": 1, "endedOn": days_ago(1) }),
            NotFound,
        ),
        mutation(
            "Mutation.logSupportWork",
            "logSupportWork",
            "LogSupportWorkInput",
            json!({ "childId": id("child"), "recipient": "BIRTH_PARENT", "kind": "CHANGE_SUPPORT", "givenOn": days_ago(1), "givenBy": "X", "givenTo": "X", "durationMinutes": 5 }),
            Forbidden,
        ),
        mutation(
            "Mutation.recordAdoptionDecision",
            "recordAdoptionDecision",
            "RecordAdoptionDecisionInput",
            json!({ "childId": id("adopted_child"), "decidedOn": days_ago(1) }),
            NotFound,
        ),
        mutation(
            "Mutation.reverseAdoptionDecision",
            "reverseAdoptionDecision",
            "ReverseAdoptionDecisionInput",
            json!({ "id": id("decision"), "version": 1, "reversedOn": days_ago(1), "reason": "RD4" }),
            NotFound,
        ),
    ]
}
