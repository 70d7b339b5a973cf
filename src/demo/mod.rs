//! Demo data for `serve --demo`: the six partner authorities and one spot purchaser; twenty
//! children over six authorities with referrals in every state; carer households in every
//! state; placements in every state (fostering, placed for adoption, adopted, returned to a
//! parent, to a relative, ended by a disruption), each with two weeks of recorded contact; and
//! one whole journey (`journeys`): a child referred before birth, born, placed, returned home,
//! referred again and placed again.
//! Everything is written through the same store functions as the API, so it obeys every rule
//! and leaves an audit trail. Runs only on an empty database.

use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Utc};
use sea_orm::{EntityTrait, PaginatorTrait};
use uuid::Uuid;

use crate::auth::{Actor, ActorAuthority, Role};
use crate::authorities::model::NewAuthority;
use crate::carers::model::{HouseholdDetails, HouseholdPatch, HouseholdStatus, Location};
use crate::children::model::{ChildDetails, LegalStatus};
use crate::contact::model::{
    CancelledBy, Recurrence, SessionOutcome, SessionPlan, VenueKind, Weekday,
};
use crate::contact::recording::SessionRecord;
use crate::court::assessments::NewAssessment;
use crate::court::model::{AssessmentKind, HearingKind, OrderKind};
use crate::court::store::NewCase;
use crate::db::Db;
use crate::entities::authorities::Entity as Authorities;
use crate::error::AppError;
use crate::matches::model::MatchStatus;
use crate::matches::store::Proposal;
use crate::placements::milestone::Milestone;
use crate::placements::model::{
    Adopters, AdoptersLegalStatus, AdoptersSex, AdoptionApplication, AdoptionBasis,
    PlaceChangeReason, PlacementStatus, RelativeArrangement,
};
use crate::referrals::model::{
    CommissionedService, NewReferral, ProceedingsStage, ReferralFacts, ReferralStatus, RiskFactor,
    SocialWorker,
};
use crate::support::model::{PostAdoptionContactKind, SupportKind, SupportRecipient, SupportWork};
use crate::support::store::NewArrangement;
use crate::{
    adoption_decisions, authorities, carers, contact, court, matches, placements, referrals,
    support,
};

mod data;
mod journeys;

use crate::types::ids::PlacementId;
use PlacementStatus as P;
use ReferralStatus as R;
use Story::{Placement, Referral};
use data::{AUTHORITIES, CHILDREN, DemoChild, DemoHousehold, HOUSEHOLDS, Story};

/// Seeds the demo data if there are no authorities yet. Returns whether it seeded.
pub async fn seed_if_empty(db: &Db) -> anyhow::Result<bool> {
    if Authorities::find().count(db.conn()).await? > 0 {
        return Ok(false);
    }
    let admin = Actor::agency("demo-seed", Role::AgencyAdmin)
        .ok_or_else(|| anyhow::anyhow!("agency actor"))?;
    let mut authority_ids = Vec::new();
    for (code, name, partnership) in AUTHORITIES {
        let new = NewAuthority::parse(code, name, *partnership).map_err(demo_err)?;
        let authority = authorities::store::create(db, &admin, new)
            .await
            .map_err(demo_err)?;
        authority_ids.push((*code, authority.id));
    }
    let today = Utc::now().date_naive();
    let venue = contact::venues::create_venue(
        db,
        &admin,
        "Highbury contact centre".into(),
        VenueKind::ContactRoom,
        Location {
            latitude: 51.5520,
            longitude: -0.0980,
        },
    )
    .await
    .map_err(demo_err)?;
    contact::venues::create_venue(
        db,
        &admin,
        "Walthamstow family centre".into(),
        VenueKind::Community,
        Location {
            latitude: 51.5830,
            longitude: -0.0200,
        },
    )
    .await
    .map_err(demo_err)?;
    let mut household_ids = Vec::new();
    for household in HOUSEHOLDS {
        household_ids.push(
            seed_household(db, &admin, household, today)
                .await
                .map_err(demo_err)?,
        );
    }
    for demo in CHILDREN {
        let authority_id = authority_ids
            .iter()
            .find(|(code, _)| *code == demo.authority)
            .map(|(_, id)| *id)
            .ok_or_else(|| anyhow::anyhow!("demo child of unknown authority {}", demo.authority))?;
        let authority = ActorAuthority {
            id: authority_id,
            code: demo.authority.to_owned(),
        };
        let la = Actor::local_authority("demo-seed", Role::LaStaff, authority)
            .ok_or_else(|| anyhow::anyhow!("la actor"))?;
        seed_child(db, &admin, &la, demo, &household_ids, venue.id, today)
            .await
            .map_err(demo_err)?;
    }
    let islington = authority_ids
        .iter()
        .find(|(code, _)| *code == "206")
        .map(|(_, id)| ActorAuthority {
            id: *id,
            code: "206".to_owned(),
        })
        .ok_or_else(|| anyhow::anyhow!("Islington is a demo authority"))?;
    let la = Actor::local_authority("demo-seed", Role::LaStaff, islington)
        .ok_or_else(|| anyhow::anyhow!("la actor"))?;
    let mensahs = *household_ids
        .last()
        .ok_or_else(|| anyhow::anyhow!("demo households"))?;
    journeys::seed_returning_child(db, &admin, &la, mensahs, today)
        .await
        .map_err(demo_err)?;
    Ok(true)
}

async fn seed_household(
    db: &Db,
    admin: &Actor,
    demo: &DemoHousehold,
    today: NaiveDate,
) -> Result<Uuid, AppError> {
    let enquiry = today - Duration::days(demo.enquiry_days_ago);
    let details = HouseholdDetails {
        reference: demo.reference.to_owned(),
        primary_carer_name: demo.carers.0.to_owned(),
        second_carer_name: demo.carers.1.map(str::to_owned),
        ethnicities: demo.ethnicities.to_vec(),
        cultural_background: None,
        languages: demo.languages.iter().map(|l| (*l).to_owned()).collect(),
        religion: None,
        area: demo.area.to_owned(),
        location: Location {
            latitude: demo.location.0,
            longitude: demo.location.1,
        },
        full_time_carer: demo.full_time_carer,
        capacity: demo.capacity,
        enquiry_received_on: enquiry,
        enquiry_followed_up_on: (demo.status != HouseholdStatus::Enquiry)
            .then(|| enquiry + Duration::days(2)),
        fostering_approved_on: None,
        adopter_approved_on: None,
    }
    .check(today)?;
    let mut household = carers::store::create(db, admin, details).await?;
    if demo.status == HouseholdStatus::Enquiry {
        return Ok(household.id);
    }
    household = carers::lifecycle::transition(
        db,
        admin,
        household.id,
        household.version,
        HouseholdStatus::InAssessment,
        None,
    )
    .await?;
    if demo.status == HouseholdStatus::InAssessment {
        return Ok(household.id);
    }
    let approvals = HouseholdPatch {
        fostering_approved_on: Some(Some(enquiry + Duration::days(200))),
        adopter_approved_on: Some(Some(enquiry + Duration::days(220))),
        ..Default::default()
    };
    household =
        carers::store::update(db, admin, household.id, household.version, approvals).await?;
    household = carers::lifecycle::transition(
        db,
        admin,
        household.id,
        household.version,
        HouseholdStatus::Approved,
        None,
    )
    .await?;
    if demo.status == HouseholdStatus::Closed {
        let reason = Some("Carers moved out of London".to_owned());
        household = carers::lifecycle::transition(
            db,
            admin,
            household.id,
            household.version,
            HouseholdStatus::Closed,
            reason,
        )
        .await?;
    }
    Ok(household.id)
}

async fn seed_child(
    db: &Db,
    admin: &Actor,
    la: &Actor,
    demo: &DemoChild,
    households: &[Uuid],
    venue: Uuid,
    today: NaiveDate,
) -> Result<(), AppError> {
    let referred_on = today - Duration::days(demo.referred_days_ago);
    let new = NewReferral::parse(details(demo, referred_on), referred_on, facts(demo), today)?;
    let referral = referrals::submit::submit(db, la, new, None).await?.referral;
    let (id, version) = (referral.id, referral.version);
    let decline = "Outside the programme's criteria: older child with an established kinship plan";
    let withdraw = "Paternal aunt assessed positively; child to remain with family";
    match demo.story {
        Referral(R::Submitted) => {}
        Referral(R::Declined) => {
            referrals::lifecycle::transition(
                db,
                admin,
                id,
                version,
                R::Declined,
                Some(decline.into()),
            )
            .await?;
        }
        Referral(R::Withdrawn) => {
            let accepted =
                referrals::lifecycle::accept(db, admin, id, version, Some(referred_on)).await?;
            referrals::lifecycle::transition(
                db,
                la,
                id,
                accepted.version,
                R::Withdrawn,
                Some(withdraw.into()),
            )
            .await?;
        }
        Referral(_) => {
            referrals::lifecycle::accept(db, admin, id, version, Some(referred_on)).await?;
        }
        Placement(household, outcome) => {
            referrals::lifecycle::accept(db, admin, id, version, Some(referred_on)).await?;
            let proposal = Proposal {
                referral_id: id,
                household_id: households[household],
                carers_related_to_child: false,
                rationale: Some("Carers live within 5 miles of the contact centre".into()),
            };
            let proposed = matches::store::propose(db, admin, proposal).await?;
            matches::store::transition(
                db,
                la,
                proposed.id,
                proposed.version,
                MatchStatus::Agreed,
                None,
            )
            .await?;
            let started_on = referred_on + Duration::days(DAYS_TO_PLACEMENT);
            let placement =
                placements::lifecycle::start(db, admin, proposed.id, started_on, 7).await?;
            seed_contact(db, admin, placement.id.0, venue, started_on).await?;
            let adopters = match HOUSEHOLDS.get(household).and_then(|h| h.carers.1) {
                Some(_) => Adopters {
                    sex: AdoptersSex::Mf,
                    legal_status: AdoptersLegalStatus::L11,
                },
                None => Adopters {
                    sex: AdoptersSex::F1,
                    legal_status: AdoptersLegalStatus::L0,
                },
            };
            let journey = Journey {
                child_id: placement.child_id.0,
                placement_id: placement.id.0,
                outcome,
                started_on,
                adopters,
            };
            seed_court(db, admin, &journey).await?;
        }
    }
    Ok(())
}

/// Two weeks of Monday/Wednesday/Friday contact from the end of settling in, with the
/// outcomes of the sessions already past recorded.
async fn seed_contact(
    db: &Db,
    admin: &Actor,
    placement_id: Uuid,
    venue_id: Uuid,
    started_on: NaiveDate,
) -> Result<(), AppError> {
    let recurrence = Recurrence {
        weekdays: vec![Weekday::Monday, Weekday::Wednesday, Weekday::Friday],
        start_time: NaiveTime::from_hms_opt(10, 0, 0).unwrap_or_default(),
        duration_minutes: 120,
        from: started_on + Duration::days(7),
        weeks: 2,
    };
    let plans = recurrence
        .occurrences()?
        .into_iter()
        .map(|(starts_at, ends_at)| SessionPlan {
            starts_at,
            ends_at,
            supervisor: "Kim Adeyemi".into(),
            social_worker_present: false,
            attendees: vec!["Mother".into()],
        })
        .collect();
    let sessions =
        contact::store::schedule(db, admin, placement_id, venue_id, plans, "plans").await?;
    let now = Utc::now();
    for (n, session) in sessions
        .iter()
        .enumerate()
        .filter(|(_, s)| s.starts_at < now)
    {
        let (outcome, cancelled_by, observations) = match n % 6 {
            2 => (
                SessionOutcome::ParentLate,
                None,
                Some("Mother arrived 20 minutes late; settled quickly."),
            ),
            4 => (SessionOutcome::Cancelled, Some(CancelledBy::Parent), None),
            _ => (
                SessionOutcome::Attended,
                None,
                Some("Warm, attuned care; fed and changed the baby."),
            ),
        };
        let record = SessionRecord {
            outcome,
            cancelled_by,
            carer_handover_at_start: Some(outcome != SessionOutcome::Cancelled),
            carer_handover_at_end: Some(outcome != SessionOutcome::Cancelled),
            social_worker_present: None,
            observations: observations.map(str::to_owned),
        };
        contact::store::record(db, admin, session.id, session.version, record).await?;
    }
    Ok(())
}

/// Care proceedings around a placement started on `started_on`, and what follows from them:
/// an interim care order at the start; court orders (placement order, adoption order, special
/// guardianship, supervision) recorded through the court so that the placement and the child's
/// legal status follow; the other milestones recorded on the placement. Also an assessment, a
/// support-work entry, and post-adoption contact for the adopted child.
/// A placed child's journey through court.
struct Journey {
    child_id: Uuid,
    placement_id: Uuid,
    outcome: PlacementStatus,
    started_on: NaiveDate,
    adopters: Adopters,
}

async fn seed_court(db: &Db, admin: &Actor, journey: &Journey) -> Result<(), AppError> {
    let &Journey {
        child_id,
        placement_id,
        outcome,
        started_on,
        adopters,
    } = journey;
    let issued_on = started_on - Duration::days(12);
    let new = NewCase {
        child_id,
        court: "East London Family Court".into(),
        case_number: format!("ZE26C{:05}", started_on.ordinal()),
        issued_on,
    };
    let mut case = court::store::open_case(db, admin, new).await?;
    case = court::orders::record_order(
        db,
        admin,
        case.id,
        case.version,
        court::orders::NewOrder {
            kind: OrderKind::InterimCareOrder,
            made_on: issued_on + Duration::days(1),
            application: None,
            hearing_id: None,
        },
    )
    .await?
    .case;
    court::hearings::record_hearing(
        db,
        admin,
        case.id,
        HearingKind::Cmh,
        issued_on + Duration::days(14),
        Some("Timetable set; parenting assessment directed".into()),
    )
    .await?;
    let assessment = NewAssessment {
        child_id,
        kind: AssessmentKind::Parenting,
        subject: "Mother".into(),
        commissioned_by: "Local authority".into(),
        due_on: issued_on + Duration::days(84),
    };
    court::assessments::commission_assessment(db, admin, assessment).await?;
    let support = SupportWork {
        id: Uuid::nil(),
        authority_id: Uuid::nil(),
        child_id,
        recipient: SupportRecipient::BirthParent,
        kind: SupportKind::ChangeSupport,
        given_on: started_on + Duration::days(3),
        given_by: "Family support worker".into(),
        given_to: "Birth mother".into(),
        duration_minutes: 90,
        notes: Some("Planning for the parenting assessment".into()),
    };
    support::store::log_support(db, admin, support).await?;
    if matches!(outcome, P::PlacedForAdoption | P::Adopted) {
        // The agency decision maker decides for adoption before the placement order.
        adoption_decisions::store::record(db, admin, child_id, started_on + Duration::days(150))
            .await?;
    }
    for milestone in milestones(outcome, started_on, adopters) {
        match milestone {
            Milestone::PlacementOrder { on } => {
                case = court::orders::record_order(
                    db,
                    admin,
                    case.id,
                    case.version,
                    court::orders::NewOrder {
                        kind: OrderKind::PlacementOrder,
                        made_on: on,
                        application: None,
                        hearing_id: None,
                    },
                )
                .await?
                .case;
            }
            Milestone::Adopted { on, application } => {
                case = court::orders::record_order(
                    db,
                    admin,
                    case.id,
                    case.version,
                    court::orders::NewOrder {
                        kind: OrderKind::AdoptionOrder,
                        made_on: on,
                        application: Some(application),
                        hearing_id: None,
                    },
                )
                .await?
                .case;
                let arrangement = NewArrangement {
                    child_id,
                    kind: PostAdoptionContactKind::Letterbox,
                    times_per_year: 2,
                    parties: vec!["Birth mother".into()],
                    agreed_on: on,
                };
                support::store::arrange(db, admin, arrangement).await?;
            }
            other => {
                let final_order = match &other {
                    Milestone::Ended {
                        on,
                        outcome: P::ReturnedToParent,
                        ..
                    } => Some((OrderKind::SupervisionOrder, *on)),
                    Milestone::Ended {
                        on,
                        outcome: P::ReturnedToRelative,
                        ..
                    } => Some((OrderKind::SpecialGuardianshipOrder, *on)),
                    _ => None,
                };
                let current =
                    placements::store::find(db.conn(), admin.scope(), PlacementId(placement_id))
                        .await?
                        .ok_or(AppError::not_found("Placement"))?;
                placements::lifecycle::record(
                    db,
                    admin,
                    PlacementId(placement_id),
                    current.version,
                    other,
                )
                .await?;
                if let Some((kind, on)) = final_order {
                    case = court::orders::record_order(
                        db,
                        admin,
                        case.id,
                        case.version,
                        court::orders::NewOrder {
                            kind,
                            made_on: on,
                            application: None,
                            hearing_id: None,
                        },
                    )
                    .await?
                    .case;
                }
            }
        }
    }
    Ok(())
}

/// The milestones that take a placement started on `start` to `outcome`.
fn milestones(outcome: PlacementStatus, start: NaiveDate, adopters: Adopters) -> Vec<Milestone> {
    let day = |n: i64| start + Duration::days(n);
    // About eight months to the placement order, as in concurrent planning practice.
    let order = Milestone::PlacementOrder { on: day(200) };
    let matched = Milestone::AdoptionMatch {
        on: day(215),
        adopters,
    };
    let placed = Milestone::PlacedForAdoption {
        on: day(230),
        basis: AdoptionBasis::PlacementOrder,
    };
    let ended = |outcome, on, reason: Option<&str>, disruption, arrangement| Milestone::Ended {
        outcome,
        on,
        reason: reason.map(str::to_owned),
        disruption_reason: disruption,
        relative_arrangement: arrangement,
    };
    match outcome {
        P::Fostering => vec![],
        P::PlacedForAdoption => vec![order, matched, placed],
        P::Adopted => vec![
            order,
            matched,
            placed,
            Milestone::Adopted {
                on: day(320),
                application: AdoptionApplication::Unopposed,
            },
        ],
        P::ReturnedToParent => vec![ended(
            P::ReturnedToParent,
            day(120),
            Some("Mother completed residential assessment"),
            None,
            None,
        )],
        P::ReturnedToRelative => vec![ended(
            P::ReturnedToRelative,
            day(100),
            Some("Maternal grandmother assessed positively"),
            None,
            Some(RelativeArrangement::SpecialGuardianshipOrder),
        )],
        P::Ended => vec![ended(
            P::Ended,
            day(40),
            Some("Carers' family illness"),
            Some(PlaceChangeReason::Creqo),
            None,
        )],
    }
}

/// Days from referral to the start of a demo placement.
const DAYS_TO_PLACEMENT: i64 = 5;

/// A newborn placed through the programme comes into care on the day of the placement (the
/// hospital discharge); an older baby, or one not placed, is in care from the referral.
fn entered_care_on(child: &DemoChild, referred_on: NaiveDate) -> NaiveDate {
    match child.story {
        Placement(..) if child.age_days_at_referral < 28 => {
            referred_on + Duration::days(DAYS_TO_PLACEMENT)
        }
        _ => referred_on,
    }
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
        entered_care_on: born.then_some(entered_care_on(child, referred_on)),
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

fn demo_err(err: AppError) -> anyhow::Error {
    anyhow::anyhow!("{err}")
}
