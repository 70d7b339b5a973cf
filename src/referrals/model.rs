//! Referral types, the lifecycle and the eligibility rule.

use chrono::{DateTime, Months, NaiveDate, Utc};
use serde::Serialize;
use uuid::Uuid;

use crate::children::model::ChildDetails;
use crate::code_enum;
use crate::error::{AppError, AppResult};
use crate::text::{optional_text, required_text};

code_enum! {
    /// Where a referral is in its lifecycle.
    pub enum ReferralStatus {
        /// Sent by the LA, awaiting the agency's decision.
        Submitted = "SUBMITTED",
        /// Accepted by the agency; carers are being found.
        Accepted = "ACCEPTED",
        /// Declined by the agency (with a reason).
        Declined = "DECLINED",
        /// Withdrawn by the LA (with a reason).
        Withdrawn = "WITHDRAWN",
        /// The child has been placed with carers.
        Placed = "PLACED",
        /// The placement ended without adoption (returned to a parent or a relative, or ended):
        /// the authority may refer the child again. Set when the placement ends, never directly.
        Closed = "CLOSED",
    }
}

impl ReferralStatus {
    /// Whether the lifecycle allows moving from `self` to `to`.
    #[must_use]
    pub fn can_move_to(self, to: ReferralStatus) -> bool {
        use ReferralStatus::*;
        matches!(
            (self, to),
            (Submitted, Accepted)
                | (Submitted, Declined)
                | (Submitted, Withdrawn)
                | (Accepted, Withdrawn)
                | (Accepted, Placed)
                | (Placed, Closed)
        )
    }

    /// Open referrals still occupy the child (one open referral per child).
    pub fn is_open(self) -> bool {
        matches!(
            self,
            ReferralStatus::Submitted | ReferralStatus::Accepted | ReferralStatus::Placed
        )
    }
}

code_enum! {
    /// How the referral is funded.
    pub enum ReferralRoute {
        /// A partner authority's routine referral.
        Partner = "PARTNER",
        /// A single placement bought by a non-partner authority.
        SpotPurchase = "SPOT_PURCHASE",
    }
}

code_enum! {
    /// Stage of care proceedings when referred (Public Law Outline).
    pub enum ProceedingsStage {
        /// Pre-proceedings (PLO letter / meeting), including pre-birth planning.
        PreProceedings = "PRE_PROCEEDINGS",
        /// Application issued, before the case management hearing.
        Issued = "ISSUED",
        /// After the case management hearing.
        CaseManagement = "CASE_MANAGEMENT",
        /// Issues resolution hearing reached.
        IssuesResolution = "ISSUES_RESOLUTION",
        /// Final hearing listed or under way.
        FinalHearing = "FINAL_HEARING",
        /// Proceedings concluded.
        Concluded = "CONCLUDED",
    }
}

code_enum! {
    /// Risk factors the LA identified in the birth family.
    pub enum RiskFactor {
        /// A previous child was removed from the parent(s).
        PreviousChildRemoved = "PREVIOUS_CHILD_REMOVED",
        /// Parental mental health difficulties.
        ParentalMentalHealth = "PARENTAL_MENTAL_HEALTH",
        /// Parental substance misuse.
        SubstanceMisuse = "SUBSTANCE_MISUSE",
        /// A partner with offences against children.
        PartnerOffencesAgainstChildren = "PARTNER_OFFENCES_AGAINST_CHILDREN",
        /// Domestic abuse.
        DomesticAbuse = "DOMESTIC_ABUSE",
        /// Something else, described in `riskNotes`.
        Other = "OTHER",
    }
}

code_enum! {
    /// Services the LA has commissioned for the proceedings.
    pub enum CommissionedService {
        /// A parenting assessment.
        ParentingAssessment = "PARENTING_ASSESSMENT",
        /// An assessment of relatives (kinship).
        RelativeAssessment = "RELATIVE_ASSESSMENT",
    }
}

/// The LA social worker responsible for the child.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SocialWorker {
    /// Name.
    pub name: String,
    /// Email address.
    pub email: Option<String>,
    /// Telephone number.
    pub phone: Option<String>,
}

impl SocialWorker {
    /// Validates a social worker's contact details under `prefix`.
    pub fn parse(
        name: &str,
        email: Option<&str>,
        phone: Option<&str>,
        prefix: &str,
    ) -> AppResult<Self> {
        let email = optional_text(email, 254, &format!("{prefix}.email"))?;
        if let Some(email) = &email
            && (!email.contains('@') || email.contains(char::is_whitespace))
        {
            return Err(AppError::invalid(
                format!("{prefix}.email"),
                "must be an email address",
            ));
        }
        Ok(SocialWorker {
            name: required_text(name, 100, &format!("{prefix}.name"))?,
            email,
            phone: optional_text(phone, 30, &format!("{prefix}.phone"))?,
        })
    }
}

/// A referral.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Referral {
    /// Internal id.
    #[serde(skip)]
    pub id: Uuid,
    /// Owning authority.
    #[serde(skip)]
    pub authority_id: Uuid,
    /// The child referred.
    #[serde(skip)]
    pub child_id: Uuid,
    /// Partner or spot purchase.
    pub route: ReferralRoute,
    /// Purchase-order reference (required for spot purchase).
    pub purchase_order_ref: Option<String>,
    /// Date of the referral.
    pub referred_on: NaiveDate,
    /// The day the child entered care for this referral's period of care (a child who comes
    /// back after a return home has one period per referral); None until recorded.
    pub entered_care_on: Option<NaiveDate>,
    /// The day the period ended (the placement's end), when the referral is CLOSED.
    pub closed_on: Option<NaiveDate>,
    /// The SSDA903 legal status the child entered care under for this period (e.g. V2 before
    /// an interim care order), when recorded.
    pub entry_legal_status: Option<crate::children::model::LegalStatus>,
    /// Lifecycle status.
    pub status: ReferralStatus,
    /// Stage of care proceedings.
    pub proceedings_stage: ProceedingsStage,
    /// The LA's assessment that return home is unlikely (> 80% probability it is not possible).
    pub return_home_unlikely: bool,
    /// Risk factors.
    pub risk_factors: Vec<RiskFactor>,
    /// Notes on the risk factors (required with `OTHER`).
    pub risk_notes: Option<String>,
    /// Commissioned services.
    pub services_commissioned: Vec<CommissionedService>,
    /// The LA's social worker.
    pub social_worker: SocialWorker,
    /// Reason given when declined or withdrawn.
    pub decision_reason: Option<String>,
    /// When accepted, declined or withdrawn.
    pub decided_at: Option<DateTime<Utc>>,
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

/// The referral facts an LA gives (and may later update), validated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReferralFacts {
    /// Stage of care proceedings.
    pub proceedings_stage: ProceedingsStage,
    /// Return home unlikely.
    pub return_home_unlikely: bool,
    /// Risk factors (deduplicated, in declaration order).
    pub risk_factors: Vec<RiskFactor>,
    /// Risk notes.
    pub risk_notes: Option<String>,
    /// Commissioned services (deduplicated).
    pub services_commissioned: Vec<CommissionedService>,
    /// Social worker.
    pub social_worker: SocialWorker,
    /// Purchase-order reference.
    pub purchase_order_ref: Option<String>,
}

impl ReferralFacts {
    /// Checks the rules that tie fields together; `prefix` is the input path.
    pub fn check(mut self, prefix: &str) -> AppResult<Self> {
        self.risk_factors = dedup_in_order(&self.risk_factors, RiskFactor::ALL);
        self.services_commissioned =
            dedup_in_order(&self.services_commissioned, CommissionedService::ALL);
        if self.risk_factors.contains(&RiskFactor::Other) && self.risk_notes.is_none() {
            return Err(AppError::invalid(
                format!("{prefix}.riskNotes"),
                "describe the risk when riskFactors includes OTHER",
            ));
        }
        Ok(self)
    }
}

/// A change to a referral's facts; `None` leaves a field as it is, `Some(None)` clears an
/// optional one.
#[derive(Clone, Debug, Default)]
pub struct ReferralPatch {
    /// New proceedings stage.
    pub proceedings_stage: Option<ProceedingsStage>,
    /// New assessment of return home.
    pub return_home_unlikely: Option<bool>,
    /// New risk factors (replaces the list).
    pub risk_factors: Option<Vec<RiskFactor>>,
    /// New risk notes.
    pub risk_notes: Option<Option<String>>,
    /// New commissioned services (replaces the list).
    pub services_commissioned: Option<Vec<CommissionedService>>,
    /// New social worker.
    pub social_worker: Option<SocialWorker>,
    /// New purchase-order reference.
    pub purchase_order_ref: Option<Option<String>>,
}

impl ReferralPatch {
    /// The referral's facts after this patch, checked.
    pub fn apply(self, before: &Referral) -> AppResult<ReferralFacts> {
        ReferralFacts {
            proceedings_stage: self.proceedings_stage.unwrap_or(before.proceedings_stage),
            return_home_unlikely: self
                .return_home_unlikely
                .unwrap_or(before.return_home_unlikely),
            risk_factors: self
                .risk_factors
                .unwrap_or_else(|| before.risk_factors.clone()),
            risk_notes: self.risk_notes.unwrap_or_else(|| before.risk_notes.clone()),
            services_commissioned: self
                .services_commissioned
                .unwrap_or_else(|| before.services_commissioned.clone()),
            social_worker: self
                .social_worker
                .unwrap_or_else(|| before.social_worker.clone()),
            purchase_order_ref: self
                .purchase_order_ref
                .unwrap_or_else(|| before.purchase_order_ref.clone()),
        }
        .check("input")
    }
}

/// A validated referral submission.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewReferral {
    /// The child, created or updated by LA reference.
    pub child: ChildDetails,
    /// Date of the referral.
    pub referred_on: NaiveDate,
    /// The referral's facts.
    pub facts: ReferralFacts,
}

impl NewReferral {
    /// Validates a submission on `today` (the referral date may not be in the future).
    pub fn parse(
        child: ChildDetails,
        referred_on: NaiveDate,
        facts: ReferralFacts,
        today: NaiveDate,
    ) -> AppResult<Self> {
        if referred_on > today {
            return Err(AppError::invalid(
                "input.referredOn",
                "must not be in the future",
            ));
        }
        check_eligibility(&child, referred_on)?;
        Ok(NewReferral {
            child,
            referred_on,
            facts: facts.check("input")?,
        })
    }
}

/// Longest a pregnancy runs past the referral date: an expected date later than this is
/// taken as a typing error.
const MAX_WEEKS_BEFORE_BIRTH: i64 = 42;

/// DESIGN §3.2: the child is unborn, or aged 0–24 months (up to and including the second
/// birthday) on the referral date.
pub fn check_eligibility(child: &ChildDetails, referred_on: NaiveDate) -> AppResult<()> {
    match (child.date_of_birth, child.expected_date_of_birth) {
        (Some(born), _) => {
            if born > referred_on {
                return Err(AppError::invalid(
                    "input.child.dateOfBirth",
                    "must not be after the referral date; give expectedDateOfBirth for an unborn child",
                ));
            }
            let second_birthday = born.checked_add_months(Months::new(24)).ok_or_else(|| {
                AppError::invalid("input.child.dateOfBirth", "is not a usable date")
            })?;
            if referred_on > second_birthday {
                return Err(AppError::invalid(
                    "input.child.dateOfBirth",
                    "the programme takes children aged 0–24 months on the referral date",
                ));
            }
            Ok(())
        }
        (None, Some(expected)) => {
            if expected < referred_on {
                return Err(AppError::invalid(
                    "input.child.expectedDateOfBirth",
                    "is before the referral date; give the date of birth if the child is born",
                ));
            }
            if (expected - referred_on).num_weeks() > MAX_WEEKS_BEFORE_BIRTH {
                return Err(AppError::invalid(
                    "input.child.expectedDateOfBirth",
                    "is more than 42 weeks after the referral date",
                ));
            }
            Ok(())
        }
        (None, None) => Err(AppError::invalid(
            "input.child.dateOfBirth",
            "give the date of birth, or the expected date of birth for an unborn child",
        )),
    }
}

fn dedup_in_order<T: Copy + PartialEq>(given: &[T], all: &[T]) -> Vec<T> {
    all.iter().copied().filter(|v| given.contains(v)).collect()
}

#[cfg(test)]
#[path = "model_tests.rs"]
mod tests;
