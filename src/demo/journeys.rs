//! The demo's whole journey of one child, through the API's store functions with the role that
//! does each step: Islington refers Rosa (ISL-0042) before birth; the LA records her birth and
//! the agency her entry to care on the day after; she is placed from hospital with the Mensahs;
//! she goes home to her mother; the return breaks down and Islington refers her again; she comes
//! back to the same carers — a second period of care on a new referral.

use chrono::{Duration, NaiveDate};
use uuid::Uuid;

use super::data::{DemoChild, Story};
use super::{details, facts};
use crate::auth::Actor;
use crate::children::model::{Ethnicity, LegalStatus, Sex};
use crate::children::record;
use crate::db::Db;
use crate::error::AppError;
use crate::matches::model::MatchStatus;
use crate::matches::store::{self as matches, Proposal};
use crate::placements::lifecycle as placements;
use crate::placements::milestone::Milestone;
use crate::placements::model::PlacementStatus;
use crate::referrals::model::{NewReferral, ReferralStatus};
use crate::referrals::store as referrals;
use crate::types::ids::PlacementId;

const ROSA: DemoChild = DemoChild {
    authority: "206",
    reference: "ISL-0042",
    given_names: "Rosa",
    referred_days_ago: 130,
    age_days_at_referral: -26,
    sex: Sex::Female,
    ethnicity: Ethnicity::Bafr,
    story: Story::Referral(ReferralStatus::Submitted),
};

/// Seeds Rosa's journey: `la` is Islington's staff, `household` the Mensahs.
pub(super) async fn seed_returning_child(
    db: &Db,
    admin: &Actor,
    la: &Actor,
    household: Uuid,
    today: NaiveDate,
) -> Result<(), AppError> {
    let day = |ago: i64| today - Duration::days(ago);
    let referred_on = day(ROSA.referred_days_ago);
    let new = NewReferral::parse(
        details(&ROSA, referred_on),
        referred_on,
        facts(&ROSA),
        today,
    )?;
    let first = crate::referrals::submit::submit(db, la, new, None)
        .await?
        .referral;
    let child = first.child_id;
    let born = record::record_birth(db, la, child, 1, day(104)).await?;
    record::record_entry_to_care(db, admin, child, born.version, day(103), LegalStatus::C2).await?;
    let home = place(db, admin, la, first.id, household, day(103)).await?;
    let ended = Milestone::Ended {
        outcome: PlacementStatus::ReturnedToParent,
        on: day(40),
        reason: None,
        disruption_reason: None,
        relative_arrangement: None,
    };
    placements::record(db, admin, PlacementId(home.0), home.1, ended).await?;

    // The return home breaks down: back in care, and referred again.
    let mut again = details(&ROSA, day(12));
    again.given_names = Some(ROSA.given_names.to_owned());
    again.date_of_birth = Some(day(104));
    again.expected_date_of_birth = Some(day(104));
    again.entered_care_on = Some(day(14));
    again.legal_status = Some(LegalStatus::C2);
    let new = NewReferral::parse(again, day(12), facts(&ROSA), today)?;
    let second = crate::referrals::submit::submit(db, la, new, None)
        .await?
        .referral;
    place(db, admin, la, second.id, household, day(10)).await?;
    Ok(())
}

/// Accepts referral `referral_id`, matches it with `household` (proposed by the agency, agreed
/// by the LA) and starts the placement on `on`; returns the placement's id and version.
async fn place(
    db: &Db,
    admin: &Actor,
    la: &Actor,
    referral_id: Uuid,
    household: Uuid,
    on: NaiveDate,
) -> Result<(Uuid, i32), AppError> {
    let referral = referrals::find(db.conn(), admin.scope(), referral_id)
        .await?
        .ok_or(AppError::not_found("Referral"))?;
    let accepted_on = Some(referral.referred_on);
    crate::referrals::lifecycle::accept(db, admin, referral.id, referral.version, accepted_on)
        .await?;
    let proposal = Proposal {
        referral_id,
        household_id: household,
        carers_related_to_child: false,
        rationale: Some("The carers who knew her from birth".into()),
    };
    let proposed = matches::propose(db, admin, proposal).await?;
    matches::transition(
        db,
        la,
        proposed.id,
        proposed.version,
        MatchStatus::Agreed,
        None,
    )
    .await?;
    let placement = placements::start(db, admin, proposed.id, on, 10).await?;
    Ok((placement.id.0, placement.version))
}
