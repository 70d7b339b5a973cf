//! `permanence seed --scale N --seed S`: a national-scale dataset for benchmarks, written
//! through the same store functions as the API (validation, audit events and all).
//!
//! At scale 1: 150 authorities, 50,000 children with referrals, 40,000 placements (each with
//! its carer household, an agreed match, a care case with an interim care order and a hearing),
//! 1,000,000 contact sessions (25 per placement), and the audit events all of that writes.
//! Smaller scales shrink every count in proportion (at least two authorities).
//!
//! Invariant: the same seed gives the same records — references, dates, codes and counts — on
//! either backend. Database ids are UUIDv7s made at write time, so they differ between runs.

use std::time::Instant;

use chrono::{Duration, NaiveDate, NaiveTime};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sea_orm::{ConnectionTrait, EntityTrait, PaginatorTrait};
use uuid::Uuid;

use crate::auth::{Actor, ActorAuthority, Role};
use crate::authorities::model::{NewAuthority, Partnership};
use crate::carers::model::{Capacity, HouseholdDetails, HouseholdPatch, HouseholdStatus, Location};
use crate::children::model::{ChildDetails, Ethnicity, LegalStatus, Sex};
use crate::contact::model::{Recurrence, SessionPlan, VenueKind, Weekday};
use crate::court::model::{HearingKind, OrderKind};
use crate::court::store::NewCase;
use crate::db::Db;
use crate::entities::authorities::Entity as Authorities;
use crate::error::AppError;
use crate::matches::model::MatchStatus;
use crate::matches::store::Proposal;
use crate::referrals::model::{
    CommissionedService, NewReferral, ProceedingsStage, ReferralFacts, RiskFactor, SocialWorker,
};
use crate::{authorities, carers, contact, court, matches, placements, referrals};

/// The day the generated history ends (fixed, so a seed gives the same dates every day).
pub const ANCHOR: NaiveDate = match NaiveDate::from_ymd_opt(2026, 11, 1) {
    Some(day) => day,
    None => panic!("a valid anchor date"),
};

/// Counts at scale 1.
const AUTHORITIES_AT_1: f64 = 150.0;
const CHILDREN_AT_1: f64 = 50_000.0;
/// Share of children placed (40,000 of 50,000 at scale 1).
const PLACED_SHARE: f64 = 0.8;
/// Sessions per placement (1,000,000 at scale 1).
const SESSIONS_PER_PLACEMENT: u32 = 25;

/// What a run wrote and what it cost.
#[derive(Debug, Clone)]
pub struct SeedReport {
    /// Authorities.
    pub authorities: usize,
    /// Children, each with one referral.
    pub children: usize,
    /// Placements (and households, matches, care cases).
    pub placements: usize,
    /// Contact sessions.
    pub sessions: usize,
    /// Wall-clock seconds.
    pub seconds: f64,
    /// Peak resident memory of the process, KiB (Linux `VmHWM`), when known.
    pub peak_rss_kib: Option<u64>,
}

fn err(e: AppError) -> anyhow::Error {
    anyhow::anyhow!("{e}")
}

/// Writes the dataset for `scale` from `seed` into an empty database.
pub async fn seed(db: &Db, scale: f64, seed: u64) -> anyhow::Result<SeedReport> {
    if !(scale > 0.0 && scale <= 4.0) {
        anyhow::bail!("--scale must be above 0 and at most 4");
    }
    if Authorities::find().count(db.conn()).await? > 0 {
        anyhow::bail!("seed writes into an empty database; this one has authorities already");
    }
    let started = Instant::now();
    let mut rng = StdRng::seed_from_u64(seed);
    let admin =
        Actor::agency("seed", Role::AgencyAdmin).ok_or_else(|| anyhow::anyhow!("agency actor"))?;
    let authority_count = ((AUTHORITIES_AT_1 * scale).round() as usize).clamp(2, 400);
    let children = ((CHILDREN_AT_1 * scale).round() as usize).max(2);
    let placed = ((children as f64) * PLACED_SHARE).round() as usize;

    let mut las = Vec::with_capacity(authority_count);
    for n in 0..authority_count {
        let code = format!("{}", 100 + n);
        let partnership = if n % 10 == 9 {
            Partnership::SpotPurchase
        } else {
            Partnership::Partner
        };
        let new =
            NewAuthority::parse(&code, &format!("Authority {code}"), partnership).map_err(err)?;
        let authority = authorities::store::create(db, &admin, new)
            .await
            .map_err(err)?;
        let actor = Actor::local_authority(
            "seed",
            Role::LaStaff,
            ActorAuthority {
                id: authority.id,
                code: code.clone(),
            },
        )
        .ok_or_else(|| anyhow::anyhow!("la actor"))?;
        las.push((actor, partnership));
    }
    let venue = contact::venues::create_venue(
        db,
        &admin,
        "Seed contact centre".into(),
        VenueKind::ContactRoom,
        Location {
            latitude: 51.55,
            longitude: -0.10,
        },
    )
    .await
    .map_err(err)?;

    let mut sessions = 0usize;
    for n in 0..children {
        let (la, partnership) = &las[n % authority_count];
        let referred_on = ANCHOR - Duration::days(rng.random_range(120..900));
        let age_days: i64 = rng.random_range(0..300);
        let born = referred_on - Duration::days(age_days);
        let reference = format!("SEED-{n:06}");
        let details = ChildDetails {
            la_reference: reference.clone(),
            given_names: None,
            family_name: None,
            sex: if rng.random_bool(0.5) {
                Sex::Female
            } else {
                Sex::Male
            },
            date_of_birth: Some(born),
            expected_date_of_birth: None,
            ethnicity: Ethnicity::ALL[rng.random_range(0..Ethnicity::ALL.len())],
            legal_status: Some(LegalStatus::C1),
            entered_care_on: Some(referred_on),
            sibling_group: None,
        };
        let facts = ReferralFacts {
            proceedings_stage: ProceedingsStage::Issued,
            return_home_unlikely: true,
            risk_factors: vec![RiskFactor::PreviousChildRemoved],
            risk_notes: None,
            services_commissioned: vec![CommissionedService::ParentingAssessment],
            social_worker: SocialWorker {
                name: "Seed social worker".into(),
                email: None,
                phone: None,
            },
            purchase_order_ref: (*partnership == Partnership::SpotPurchase)
                .then(|| format!("PO-{n:06}")),
        };
        let new = NewReferral::parse(details, referred_on, facts, ANCHOR).map_err(err)?;
        let referral = referrals::submit::submit(db, la, new, None)
            .await
            .map_err(err)?
            .referral;
        if n >= placed {
            continue; // waiting to be decided
        }
        let accepted_on = Some(referral.referred_on);
        referrals::lifecycle::accept(db, &admin, referral.id, referral.version, accepted_on)
            .await
            .map_err(err)?;
        let household = household(db, &admin, n, referred_on).await?;
        let proposal = Proposal {
            referral_id: referral.id,
            household_id: household,
            carers_related_to_child: false,
            rationale: None,
        };
        let proposed = matches::store::propose(db, &admin, proposal)
            .await
            .map_err(err)?;
        matches::store::transition(
            db,
            la,
            proposed.id,
            proposed.version,
            MatchStatus::Agreed,
            None,
        )
        .await
        .map_err(err)?;
        let started_on = referred_on + Duration::days(3);
        let placement = placements::lifecycle::start(db, &admin, proposed.id, started_on, 7)
            .await
            .map_err(err)?;
        let recurrence = Recurrence {
            weekdays: vec![Weekday::Monday, Weekday::Wednesday, Weekday::Friday],
            start_time: NaiveTime::from_hms_opt(10, 0, 0).unwrap_or_default(),
            duration_minutes: 90,
            from: started_on + Duration::days(7),
            weeks: SESSIONS_PER_PLACEMENT.div_ceil(3),
        };
        let plans: Vec<SessionPlan> = recurrence
            .occurrences()
            .map_err(err)?
            .into_iter()
            .take(SESSIONS_PER_PLACEMENT as usize)
            .map(|(starts_at, ends_at)| SessionPlan {
                starts_at,
                ends_at,
                supervisor: "Seed supervisor".into(),
                social_worker_present: false,
                attendees: vec!["Mother".into()],
            })
            .collect();
        sessions += plans.len();
        contact::store::schedule(db, &admin, placement.id.0, venue.id, plans, "plans")
            .await
            .map_err(err)?;
        let issued_on = referred_on - Duration::days(2);
        let case = court::store::open_case(
            db,
            &admin,
            NewCase {
                child_id: placement.child_id.0,
                court: "Seed Family Court".into(),
                case_number: format!("ZS{n:08}"),
                issued_on,
            },
        )
        .await
        .map_err(err)?;
        court::orders::record_order(
            db,
            &admin,
            case.id,
            case.version,
            court::orders::NewOrder {
                kind: OrderKind::InterimCareOrder,
                made_on: issued_on + Duration::days(1),
                application: None,
                hearing_id: None,
            },
        )
        .await
        .map_err(err)?;
        court::hearings::record_hearing(
            db,
            &admin,
            case.id,
            HearingKind::Cmh,
            issued_on + Duration::days(12),
            None,
        )
        .await
        .map_err(err)?;
    }
    // Fresh statistics, as after any bulk load: until autovacuum gets round to it, PostgreSQL
    // would plan the reports' queries for empty tables.
    db.conn().execute_unprepared("ANALYZE").await?;
    Ok(SeedReport {
        authorities: authority_count,
        children,
        placements: placed,
        sessions,
        seconds: started.elapsed().as_secs_f64(),
        peak_rss_kib: peak_rss_kib(),
    })
}

/// An approved household for the `n`-th placement, approved before the child's referral.
async fn household(db: &Db, admin: &Actor, n: usize, before: NaiveDate) -> anyhow::Result<Uuid> {
    let enquiry = before - Duration::days(400);
    let details = HouseholdDetails {
        reference: format!("HH-{n:06}"),
        primary_carer_name: format!("Seed carer {n}"),
        second_carer_name: None,
        ethnicities: vec![Ethnicity::Wbri],
        cultural_background: None,
        languages: vec!["English".into()],
        religion: None,
        area: "N1".into(),
        location: Location {
            latitude: 51.54,
            longitude: -0.10,
        },
        full_time_carer: true,
        capacity: Capacity::OneChild,
        enquiry_received_on: enquiry,
        enquiry_followed_up_on: Some(enquiry + Duration::days(2)),
        fostering_approved_on: None,
        adopter_approved_on: None,
    }
    .check(ANCHOR)
    .map_err(err)?;
    let household = carers::store::create(db, admin, details)
        .await
        .map_err(err)?;
    let household = carers::lifecycle::transition(
        db,
        admin,
        household.id,
        household.version,
        HouseholdStatus::InAssessment,
        None,
    )
    .await
    .map_err(err)?;
    let approvals = HouseholdPatch {
        fostering_approved_on: Some(Some(enquiry + Duration::days(100))),
        adopter_approved_on: Some(Some(enquiry + Duration::days(120))),
        ..Default::default()
    };
    let household = carers::store::update(db, admin, household.id, household.version, approvals)
        .await
        .map_err(err)?;
    carers::lifecycle::transition(
        db,
        admin,
        household.id,
        household.version,
        HouseholdStatus::Approved,
        None,
    )
    .await
    .map_err(err)?;
    Ok(household.id)
}

/// The process's peak resident set size in KiB, from `/proc/self/status` (Linux).
pub fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
}
