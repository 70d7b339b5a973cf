//! Placement types, the lifecycle, date order and SSDA903 codes; the practice alerts are in
//! `practice_alerts.rs` (re-exported here).

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::types::ids::{AuthorityId, ChildId, HouseholdId, MatchId, PlacementId, ReferralId};

use crate::code_enum;
use crate::error::{AppError, AppResult};

pub use super::practice_alerts::{Alert, AlertKind, alerts};

code_enum! {
    /// Where a placement is in its lifecycle.
    pub enum PlacementStatus {
        /// Foster placement while the court decides (the concurrent phase).
        Fostering = "FOSTERING",
        /// Placed for adoption with the same carers (placement order or consent).
        PlacedForAdoption = "PLACED_FOR_ADOPTION",
        /// Adopted by the carers (adoption order made).
        Adopted = "ADOPTED",
        /// Returned to a birth parent.
        ReturnedToParent = "RETURNED_TO_PARENT",
        /// Went to live with a relative.
        ReturnedToRelative = "RETURNED_TO_RELATIVE",
        /// Ended for another reason (a disruption, or another move).
        Ended = "ENDED",
    }
}

impl PlacementStatus {
    /// Open placements are still running.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            PlacementStatus::Fostering | PlacementStatus::PlacedForAdoption
        )
    }

    /// Whether the lifecycle allows moving from `self` to `to`.
    #[must_use]
    pub fn can_move_to(self, to: PlacementStatus) -> bool {
        use PlacementStatus::*;
        match (self, to) {
            (Fostering, PlacedForAdoption) | (PlacedForAdoption, Adopted) => true,
            (from, ReturnedToParent | ReturnedToRelative | Ended) => from.is_open(),
            _ => false,
        }
    }
}

code_enum! {
    /// Legal basis of the placement for adoption.
    pub enum AdoptionBasis {
        /// Placement order (ACA 2002 s21) — SSDA903 A5.
        PlacementOrder = "PLACEMENT_ORDER",
        /// Parental consent (ACA 2002 s19) — SSDA903 A3.
        Consent = "CONSENT",
    }
}

code_enum! {
    /// How the adoption order was made.
    pub enum AdoptionApplication {
        /// Application unopposed — SSDA903 E11.
        Unopposed = "UNOPPOSED",
        /// Parental consent dispensed with by the court — SSDA903 E12.
        ConsentDispensed = "CONSENT_DISPENSED",
    }
}

code_enum! {
    /// The order under which a child went to live with a relative.
    pub enum RelativeArrangement {
        /// Child arrangements order naming the relative — SSDA903 E41.
        ChildArrangementsOrder = "CHILD_ARRANGEMENTS_ORDER",
        /// Special guardianship order to a relative — E47; E45 when the relatives are the
        /// child's own foster carers (a placement with `carersRelatedToChild`).
        SpecialGuardianshipOrder = "SPECIAL_GUARDIANSHIP_ORDER",
        /// No order, to a relative with parental responsibility, as part of care planning — E4A.
        NoOrder = "NO_ORDER",
        /// No order, to a relative without parental responsibility — E13.
        NoOrderWithoutParentalResponsibility = "NO_ORDER_WITHOUT_PARENTAL_RESPONSIBILITY",
    }
}

code_enum! {
    /// How a placement ended other than by adoption.
    pub enum EndOutcome {
        /// Returned to a birth parent.
        ReturnedToParent = "RETURNED_TO_PARENT",
        /// Went to live with a relative.
        ReturnedToRelative = "RETURNED_TO_RELATIVE",
        /// Any other end (a disruption, or another move); needs a reason.
        Ended = "ENDED",
    }
}

impl EndOutcome {
    /// The placement status this outcome closes the placement with.
    pub fn status(self) -> PlacementStatus {
        match self {
            EndOutcome::ReturnedToParent => PlacementStatus::ReturnedToParent,
            EndOutcome::ReturnedToRelative => PlacementStatus::ReturnedToRelative,
            EndOutcome::Ended => PlacementStatus::Ended,
        }
    }
}

code_enum! {
    /// SSDA903 REASON_PLACE_CHANGE, recorded when a placement ends early.
    pub enum PlaceChangeReason {
        /// Change to or implementation of the care plan.
        Carpl = "CARPL",
        /// Resignation or closure of the provision.
        Close = "CLOSE",
        /// Allegation (s47).
        Alleg = "ALLEG",
        /// Standards-of-care concern.
        Stand = "STAND",
        /// Carer approval removed.
        Apprr = "APPRR",
        /// Carer requests an end because of the child's behaviour.
        Creqb = "CREQB",
        /// Carer requests an end for another reason.
        Creqo = "CREQO",
        /// Child requests an end.
        Child = "CHILD",
        /// Responsible or area authority requests an end.
        Lareq = "LAREQ",
        /// Change in the status of the placement only.
        Place = "PLACE",
        /// Custody.
        Custod = "CUSTOD",
        /// Other.
        Other = "OTHER",
    }
}

impl PlaceChangeReason {
    /// Reasons that count as a disruption (the placement broke down).
    pub fn is_disruption(self) -> bool {
        use PlaceChangeReason::*;
        matches!(self, Creqb | Creqo | Child | Lareq | Alleg | Stand | Apprr)
    }
}

code_enum! {
    /// SSDA903 SEX_ADOPTR: who the adopters are.
    pub enum AdoptersSex {
        /// Single male adopter.
        M1 = "M1",
        /// Single female adopter.
        F1 = "F1",
        /// Male couple.
        Mm = "MM",
        /// Female couple.
        Ff = "FF",
        /// Male and female couple.
        Mf = "MF",
    }
}

impl AdoptersSex {
    /// NB_ADOPTR: one adopter or two.
    pub fn count(self) -> u8 {
        match self {
            AdoptersSex::M1 | AdoptersSex::F1 => 1,
            _ => 2,
        }
    }
}

code_enum! {
    /// SSDA903 LS_ADOPTR: the adopters' legal status.
    pub enum AdoptersLegalStatus {
        /// Single adopter.
        L0 = "L0",
        /// Different-gender married couple.
        L11 = "L11",
        /// Same-gender married couple.
        L12 = "L12",
        /// Civil partners.
        L2 = "L2",
        /// Different-gender unmarried couple.
        L3 = "L3",
        /// Same-gender couple, not married or civil partners.
        L4 = "L4",
    }
}

/// The adopters named at the adoption match (AD1 NB_ADOPTR, SEX_ADOPTR, LS_ADOPTR).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Adopters {
    /// SEX_ADOPTR.
    pub sex: AdoptersSex,
    /// LS_ADOPTR.
    pub legal_status: AdoptersLegalStatus,
}

impl Adopters {
    /// Checks the SSDA903 consistency rules 511–524: a single adopter is L0 and only L0;
    /// different-gender couples are L11 or L3; same-gender couples are L12 or L4; civil partners
    /// may be any couple.
    pub fn check(self, field: &str) -> AppResult<Self> {
        use AdoptersLegalStatus::*;
        use AdoptersSex::*;
        let fits = match self.legal_status {
            L0 => matches!(self.sex, M1 | F1),
            L11 | L3 => self.sex == Mf,
            L12 | L4 => matches!(self.sex, Mm | Ff),
            L2 => self.sex.count() == 2,
        };
        if fits {
            Ok(self)
        } else {
            Err(AppError::invalid(
                field,
                format!(
                    "legal status {} does not fit adopters {}",
                    self.legal_status.as_str(),
                    self.sex.as_str()
                ),
            ))
        }
    }
}

/// A placement.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Placement {
    /// Internal id.
    #[serde(skip)]
    pub id: PlacementId,
    /// The child's authority.
    #[serde(skip)]
    pub authority_id: AuthorityId,
    /// The child.
    pub child_id: ChildId,
    /// The referral.
    pub referral_id: ReferralId,
    /// The household.
    pub household_id: HouseholdId,
    /// The agreed match it started from.
    pub match_id: MatchId,
    /// The carers are relatives or friends of the child.
    pub carers_related_to_child: bool,
    /// Date the child moved in (often discharge from hospital).
    pub started_on: NaiveDate,
    /// Days before contact should begin (aim 7–14).
    pub settling_in_days: i32,
    /// Lifecycle status.
    pub status: PlacementStatus,
    /// Date of the placement order.
    pub placement_order_on: Option<NaiveDate>,
    /// Date placed for adoption with these carers.
    pub placed_for_adoption_on: Option<NaiveDate>,
    /// Legal basis of the placement for adoption.
    pub adoption_basis: Option<AdoptionBasis>,
    /// Date of the adoption order.
    pub adoption_order_on: Option<NaiveDate>,
    /// How the adoption order was made.
    pub adoption_application: Option<AdoptionApplication>,
    /// Date the placement ended (adoption order date for ADOPTED).
    pub ended_on: Option<NaiveDate>,
    /// Why it ended.
    pub end_reason: Option<String>,
    /// SSDA903 reason for the change of placement, when it ended early.
    pub disruption_reason: Option<PlaceChangeReason>,
    /// The order under which a child went to a relative.
    pub relative_arrangement: Option<RelativeArrangement>,
    /// Date the child was matched for adoption with these carers (AD1 DATE_MATCH).
    pub adoption_matched_on: Option<NaiveDate>,
    /// The adopters named at the match.
    pub adopters: Option<Adopters>,
    /// Optimistic-concurrency version.
    #[serde(skip)]
    pub version: i32,
    /// Created.
    #[serde(skip)]
    pub created_at: DateTime<Utc>,
    /// Last changed.
    #[serde(skip)]
    pub updated_at: DateTime<Utc>,
}

/// The SSDA903 codes an LA keys its return from, derived from the placement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ssda903Codes {
    /// PLACE: U5/U2 while fostering; A5 (placement order) or A3 (consent) once placed for adoption.
    pub placement_type: &'static str,
    /// PLACE_PROVIDER: PR5 (voluntary agency).
    pub placement_provider: &'static str,
    /// REC, once the placement has ended.
    pub reason_episode_ceased: Option<&'static str>,
    /// REASON_PLACE_CHANGE, when a placement ended early.
    pub reason_place_change: Option<&'static str>,
}

impl Placement {
    /// The SSDA903 codes for the placement's current (or final) episode.
    pub fn ssda903_codes(&self) -> Ssda903Codes {
        let placement_type = match (self.placed_for_adoption_on, self.adoption_basis) {
            (Some(_), Some(AdoptionBasis::Consent)) => "A3",
            (Some(_), _) => "A5",
            (None, _) if self.carers_related_to_child => "U2",
            (None, _) => "U5",
        };
        let reason_episode_ceased = match self.status {
            PlacementStatus::Fostering | PlacementStatus::PlacedForAdoption => None,
            PlacementStatus::Adopted => Some(match self.adoption_application {
                Some(AdoptionApplication::ConsentDispensed) => "E12",
                _ => "E11",
            }),
            PlacementStatus::ReturnedToParent => Some("E4A"),
            PlacementStatus::ReturnedToRelative => Some(match self.relative_arrangement {
                Some(RelativeArrangement::ChildArrangementsOrder) => "E41",
                // SGO to the former foster carers who are relatives (E45), or to other relatives.
                Some(RelativeArrangement::SpecialGuardianshipOrder)
                    if self.carers_related_to_child =>
                {
                    "E45"
                }
                Some(RelativeArrangement::SpecialGuardianshipOrder) => "E47",
                Some(RelativeArrangement::NoOrderWithoutParentalResponsibility) => "E13",
                _ => "E4A",
            }),
            // The child stays looked after and moves on: a new episode begins.
            PlacementStatus::Ended => Some("X1"),
        };
        Ssda903Codes {
            placement_type,
            placement_provider: "PR5",
            reason_episode_ceased,
            reason_place_change: self.disruption_reason.map(PlaceChangeReason::as_str),
        }
    }

    /// The dates that must come in order, earliest first, with their input names.
    fn dated_steps(&self) -> [(&'static str, Option<NaiveDate>); 4] {
        [
            ("startedOn", Some(self.started_on)),
            ("placementOrderOn", self.placement_order_on),
            ("placedForAdoptionOn", self.placed_for_adoption_on),
            ("adoptionOrderOn", self.adoption_order_on),
        ]
    }

    /// Checks that the dates are in order (DESIGN §3.1) and none is in the future; the error
    /// names `field`, the date being recorded.
    pub fn check_dates(
        &self,
        entered_care_on: Option<NaiveDate>,
        today: NaiveDate,
        field: &str,
    ) -> AppResult<()> {
        let mut previous: Option<(&str, NaiveDate)> =
            entered_care_on.map(|d| ("the child's enteredCareOn", d));
        for (name, date) in self.dated_steps() {
            let Some(date) = date else { continue };
            if let Some((earlier, earlier_date)) = previous
                && date < earlier_date
            {
                return Err(AppError::invalid(
                    field,
                    format!("{name} ({date}) must not be before {earlier} ({earlier_date})"),
                ));
            }
            previous = Some((name, date));
        }
        if let (Some(ended), Some((last, last_date))) = (self.ended_on, previous)
            && ended < last_date
        {
            return Err(AppError::invalid(
                field,
                format!("endedOn ({ended}) must not be before {last} ({last_date})"),
            ));
        }
        let latest = [
            self.ended_on,
            self.adoption_order_on,
            self.placed_for_adoption_on,
            self.placement_order_on,
            self.adoption_matched_on,
            Some(self.started_on),
        ];
        if latest.into_iter().flatten().any(|d| d > today) {
            return Err(AppError::invalid(field, "must not be in the future"));
        }
        Ok(())
    }
}

#[cfg(test)]
#[path = "model_tests.rs"]
mod tests;
