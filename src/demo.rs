//! Demo data for `serve --demo`: the six partner authorities, one spot-purchase authority, and
//! a dozen children with referrals in every state across several authorities. Written through
//! the same store functions as the API, so it obeys every rule (and leaves an audit trail).
//! Runs only on an empty database.

use chrono::{Duration, NaiveDate, Utc};
use sea_orm::{EntityTrait, PaginatorTrait};

use crate::auth::{Actor, ActorAuthority, Role};
use crate::authorities::model::{NewAuthority, Partnership};
use crate::children::model::{ChildDetails, Ethnicity, LegalStatus, Sex};
use crate::db::Db;
use crate::entities::authorities::Entity as Authorities;
use crate::referrals::model::{
    CommissionedService, NewReferral, ProceedingsStage, ReferralFacts, ReferralStatus, RiskFactor,
    SocialWorker,
};
use crate::{authorities, referrals};

/// The partner authorities named in DESIGN (DfE LA numbers), then one spot purchaser.
pub const AUTHORITIES: &[(&str, &str, Partnership)] = &[
    ("206", "Islington", Partnership::Partner),
    ("202", "Camden", Partnership::Partner),
    ("310", "Harrow", Partnership::Partner),
    ("205", "Hammersmith and Fulham", Partnership::Partner),
    ("320", "Waltham Forest", Partnership::Partner),
    ("212", "Wandsworth", Partnership::Partner),
    ("308", "Enfield", Partnership::SpotPurchase),
];

struct DemoChild {
    authority: &'static str,
    reference: &'static str,
    given_names: &'static str,
    /// Days before today of the referral.
    referred_days_ago: i64,
    /// Age in days on the referral date; negative = unborn, due that many days later.
    age_days_at_referral: i64,
    sex: Sex,
    ethnicity: Ethnicity,
    status: ReferralStatus,
}

const CHILDREN: &[DemoChild] = &[
    DemoChild {
        authority: "206",
        reference: "ISL-0001",
        given_names: "Amara",
        referred_days_ago: 10,
        age_days_at_referral: -60,
        sex: Sex::Unknown,
        ethnicity: Ethnicity::Nobt,
        status: ReferralStatus::Submitted,
    },
    DemoChild {
        authority: "206",
        reference: "ISL-0002",
        given_names: "Leo",
        referred_days_ago: 40,
        age_days_at_referral: 5,
        sex: Sex::Male,
        ethnicity: Ethnicity::Wbri,
        status: ReferralStatus::Accepted,
    },
    DemoChild {
        authority: "206",
        reference: "ISL-0003",
        given_names: "Maya",
        referred_days_ago: 120,
        age_days_at_referral: 20,
        sex: Sex::Female,
        ethnicity: Ethnicity::Mwbc,
        status: ReferralStatus::Placed,
    },
    DemoChild {
        authority: "206",
        reference: "ISL-0004",
        given_names: "Noah",
        referred_days_ago: 30,
        age_days_at_referral: 400,
        sex: Sex::Male,
        ethnicity: Ethnicity::Bafr,
        status: ReferralStatus::Declined,
    },
    DemoChild {
        authority: "202",
        reference: "CAM-0101",
        given_names: "Isla",
        referred_days_ago: 3,
        age_days_at_referral: 2,
        sex: Sex::Female,
        ethnicity: Ethnicity::Woth,
        status: ReferralStatus::Submitted,
    },
    DemoChild {
        authority: "202",
        reference: "CAM-0102",
        given_names: "Yusuf",
        referred_days_ago: 60,
        age_days_at_referral: 30,
        sex: Sex::Male,
        ethnicity: Ethnicity::Apkn,
        status: ReferralStatus::Withdrawn,
    },
    DemoChild {
        authority: "202",
        reference: "CAM-0103",
        given_names: "Ava",
        referred_days_ago: 25,
        age_days_at_referral: -30,
        sex: Sex::Unknown,
        ethnicity: Ethnicity::Nobt,
        status: ReferralStatus::Accepted,
    },
    DemoChild {
        authority: "310",
        reference: "HAR-7001",
        given_names: "Zain",
        referred_days_ago: 7,
        age_days_at_referral: 14,
        sex: Sex::Male,
        ethnicity: Ethnicity::Aind,
        status: ReferralStatus::Submitted,
    },
    DemoChild {
        authority: "310",
        reference: "HAR-7002",
        given_names: "Grace",
        referred_days_ago: 200,
        age_days_at_referral: 3,
        sex: Sex::Female,
        ethnicity: Ethnicity::Bcrb,
        status: ReferralStatus::Placed,
    },
    DemoChild {
        authority: "205",
        reference: "HF-3301",
        given_names: "Oscar",
        referred_days_ago: 15,
        age_days_at_referral: 90,
        sex: Sex::Male,
        ethnicity: Ethnicity::Wiri,
        status: ReferralStatus::Accepted,
    },
    DemoChild {
        authority: "320",
        reference: "WF-9001",
        given_names: "Lily",
        referred_days_ago: 50,
        age_days_at_referral: 700,
        sex: Sex::Female,
        ethnicity: Ethnicity::Wrom,
        status: ReferralStatus::Declined,
    },
    DemoChild {
        authority: "308",
        reference: "ENF-0042",
        given_names: "Ezra",
        referred_days_ago: 2,
        age_days_at_referral: 1,
        sex: Sex::Male,
        ethnicity: Ethnicity::Moth,
        status: ReferralStatus::Submitted,
    },
];

/// Seeds the demo data if there are no authorities yet. Returns whether it seeded.
pub async fn seed_if_empty(db: &Db) -> anyhow::Result<bool> {
    if Authorities::find().count(db.conn()).await? > 0 {
        return Ok(false);
    }
    let admin = Actor::agency("demo-seed", Role::AgencyAdmin)
        .ok_or_else(|| anyhow::anyhow!("agency actor"))?;
    let mut ids = Vec::new();
    for (code, name, partnership) in AUTHORITIES {
        let new = NewAuthority::parse(code, name, *partnership).map_err(anyhow_err)?;
        let authority = authorities::store::create(db, &admin, new)
            .await
            .map_err(anyhow_err)?;
        ids.push((*code, authority.id));
    }
    let today = Utc::now().date_naive();
    for child in CHILDREN {
        let id = ids
            .iter()
            .find(|(code, _)| *code == child.authority)
            .map(|(_, id)| *id)
            .ok_or_else(|| {
                anyhow::anyhow!("demo child of unknown authority {}", child.authority)
            })?;
        let la = Actor::local_authority(
            "demo-seed",
            Role::LaStaff,
            ActorAuthority {
                id,
                code: child.authority.to_owned(),
            },
        )
        .ok_or_else(|| anyhow::anyhow!("la actor"))?;
        let referred_on = today - Duration::days(child.referred_days_ago);
        let new = NewReferral::parse(
            details(child, referred_on),
            referred_on,
            facts(child),
            today,
        )
        .map_err(anyhow_err)?;
        let submitted = referrals::store::submit(db, &la, new, None)
            .await
            .map_err(anyhow_err)?;
        let referral = submitted.referral;
        let (version, id) = (referral.version, referral.id);
        use ReferralStatus::*;
        let steps: &[(ReferralStatus, Option<&str>, bool)] = match child.status {
            Submitted => &[],
            Accepted => &[(Accepted, None, false)],
            Declined => &[(
                Declined,
                Some(
                    "Outside the programme's criteria: older child with an established kinship plan",
                ),
                false,
            )],
            Withdrawn => &[
                (Accepted, None, false),
                (
                    Withdrawn,
                    Some("Paternal aunt assessed positively; child to remain with family"),
                    true,
                ),
            ],
            Placed => &[(Accepted, None, false), (Placed, None, false)],
        };
        let mut version = version;
        for (to, reason, by_la) in steps {
            let actor = if *by_la { &la } else { &admin };
            let moved = referrals::store::transition(
                db,
                actor,
                id,
                version,
                *to,
                reason.map(str::to_owned),
            )
            .await
            .map_err(anyhow_err)?;
            version = moved.version;
        }
    }
    Ok(true)
}

fn details(child: &DemoChild, referred_on: NaiveDate) -> ChildDetails {
    let born = child.age_days_at_referral >= 0;
    let date = referred_on - Duration::days(child.age_days_at_referral);
    ChildDetails {
        la_reference: child.reference.to_owned(),
        given_names: born.then(|| child.given_names.to_owned()),
        family_name: None,
        sex: child.sex,
        date_of_birth: born.then_some(date),
        expected_date_of_birth: (!born).then_some(date),
        ethnicity: child.ethnicity,
        legal_status: born.then_some(LegalStatus::C1),
        entered_care_on: born.then_some(referred_on),
        sibling_group: None,
    }
}

fn facts(child: &DemoChild) -> ReferralFacts {
    ReferralFacts {
        proceedings_stage: if child.age_days_at_referral < 0 {
            ProceedingsStage::PreProceedings
        } else {
            ProceedingsStage::Issued
        },
        return_home_unlikely: true,
        risk_factors: vec![
            RiskFactor::PreviousChildRemoved,
            RiskFactor::SubstanceMisuse,
        ],
        risk_notes: None,
        services_commissioned: vec![CommissionedService::ParentingAssessment],
        social_worker: SocialWorker {
            name: format!("Social worker for {}", child.reference),
            email: Some(format!("sw.{}@example.org", child.reference.to_lowercase())),
            phone: None,
        },
        purchase_order_ref: (child.authority == "308").then(|| "PO-2026-0042".to_owned()),
    }
}

fn anyhow_err(err: crate::error::AppError) -> anyhow::Error {
    anyhow::anyhow!("{err}")
}
