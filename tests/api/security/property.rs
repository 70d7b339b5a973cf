//! Property: whatever three authorities do through the API, and whatever scoped queries each
//! then runs, no authority ever receives an id, a count or a figure that belongs to another.

use std::collections::{BTreeSet, HashMap};

use proptest::prelude::*;
use serde_json::{Value, json};

use crate::helpers::*;

const AUTHORITIES: [&str; 3] = [ISLINGTON, CAMDEN, ENFIELD];

/// One thing an authority (or the agency, on an authority's referral) does.
#[derive(Clone, Debug)]
enum Step {
    /// The authority submits a referral for a new child.
    Submit(usize),
    /// The agency accepts the authority's n-th referral (if it is still submitted).
    Accept(usize, usize),
    /// The authority withdraws its n-th referral (if it is still open).
    Withdraw(usize, usize),
}

/// A scoped query the authority then runs.
#[derive(Clone, Copy, Debug)]
enum Probe {
    Referrals,
    Children,
    ForeignNode,
    Outcomes,
    Changes,
    AuditEvents,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => (0..3usize).prop_map(Step::Submit),
        1 => (0..3usize, 0..4usize).prop_map(|(a, n)| Step::Accept(a, n)),
        1 => (0..3usize, 0..4usize).prop_map(|(a, n)| Step::Withdraw(a, n)),
    ]
}

fn probe() -> impl Strategy<Value = Probe> {
    prop_oneof![
        Just(Probe::Referrals),
        Just(Probe::Children),
        Just(Probe::ForeignNode),
        Just(Probe::Outcomes),
        Just(Probe::Changes),
        Just(Probe::AuditEvents),
    ]
}

/// What each authority owns: referral and child global ids.
#[derive(Default)]
struct Owned {
    referrals: Vec<(Value, Value)>,
    children: Vec<Value>,
}

async fn run(app: &TestApp, steps: &[Step], probes: &[(usize, Probe)]) {
    let mut owned: HashMap<usize, Owned> = HashMap::new();
    for (i, step) in steps.iter().enumerate() {
        match *step {
            Step::Submit(a) => {
                let mut input = referral_input(&format!("P{a}-{i}"));
                if AUTHORITIES[a] == ENFIELD {
                    input["purchaseOrderRef"] = json!(format!("PO-{i}")); // spot purchase
                }
                let referral = app
                    .submit_referral_with(&app.la_staff(AUTHORITIES[a]), input)
                    .await;
                let entry = owned.entry(a).or_default();
                entry.children.push(referral["child"]["id"].clone());
                entry
                    .referrals
                    .push((referral["id"].clone(), referral["version"].clone()));
            }
            Step::Accept(a, n) | Step::Withdraw(a, n) => {
                let Some(entry) = owned.get_mut(&a) else {
                    continue;
                };
                let Some((id, version)) = entry.referrals.get(n).cloned() else {
                    continue;
                };
                let (token, doc, input) = match step {
                    Step::Accept(..) => (
                        app.agency_staff(),
                        ACCEPT,
                        json!({ "id": id, "version": version }),
                    ),
                    _ => (
                        app.la_staff(AUTHORITIES[a]),
                        WITHDRAW,
                        json!({ "id": id, "version": version, "reason": "Plan changed" }),
                    ),
                };
                let response = app.gql(&token, doc, json!({ "input": input })).await;
                if response.body.get("errors").is_none() {
                    let changed = response.body["data"]
                        .as_object()
                        .and_then(|m| m.values().next())
                        .map(|v| v["referral"]["version"].clone())
                        .unwrap_or(version);
                    entry.referrals[n].1 = changed;
                }
            }
        }
    }
    let ids = |a: usize| -> BTreeSet<String> {
        owned
            .get(&a)
            .map(|o| {
                o.referrals
                    .iter()
                    .map(|(id, _)| id)
                    .chain(o.children.iter())
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    let count = |a: usize| owned.get(&a).map_or(0, |o| o.referrals.len());
    for &(a, probe) in probes {
        let token = if a % 2 == 0 {
            app.la_staff(AUTHORITIES[a])
        } else {
            app.la_readonly(AUTHORITIES[a])
        };
        let foreign: BTreeSet<String> = (0..3).filter(|b| *b != a).flat_map(ids).collect();
        let response = match probe {
            Probe::Referrals => app.gql(&token, "{ referrals(first: 100) { totalCount nodes { id child { id } } } }", json!({})).await,
            Probe::Children => app.gql(&token, "{ children(first: 100) { totalCount nodes { id } } }", json!({})).await,
            Probe::ForeignNode => {
                let Some(target) = foreign.iter().next() else { continue };
                let response = app.gql(&token, "query($id: ID!) { node(id: $id) { id } }", json!({ "id": target })).await;
                response.expect_code("NOT_FOUND");
                response
            }
            Probe::Outcomes => app.gql(&token, "{ outcomes(period: {from: \"2000-01-01\", to: \"2100-01-01\"}) { referrals { received } } }", json!({})).await,
            Probe::Changes => app.gql(&token, "{ changes(first: 100) { edges { node { entityId } } } }", json!({})).await,
            Probe::AuditEvents => app.gql(&token, "{ auditEvents(first: 100) { totalCount nodes { entityId } } }", json!({})).await,
        };
        let text = response.body.to_string();
        if let Some(leak) = foreign.iter().find(|id| text.contains(id.as_str())) {
            panic!(
                "authority {} received {leak} through {probe:?}: {text}",
                AUTHORITIES[a]
            );
        }
        let data = &response.body["data"];
        match probe {
            Probe::Referrals => assert_eq!(data["referrals"]["totalCount"], count(a), "{text}"),
            Probe::Children => assert_eq!(data["children"]["totalCount"], count(a), "{text}"),
            Probe::Outcomes => assert_eq!(
                data["outcomes"]["referrals"]["received"],
                count(a),
                "{text}"
            ),
            _ => {}
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    #[test]
    fn no_authority_ever_receives_another_authoritys_ids_counts_or_figures(
        steps in prop::collection::vec(step(), 1..12),
        probes in prop::collection::vec((0..3usize, probe()), 1..10),
    ) {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        runtime.block_on(each_backend(async |app| run(app, &steps, &probes).await));
    }
}
