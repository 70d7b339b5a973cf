//! Care proceedings types, the deadline and its alert.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Serialize;
use uuid::Uuid;

use crate::children::model::LegalStatus;
use crate::code_enum;

/// Days from issue to the statutory deadline (26 weeks).
pub const DEADLINE_DAYS: i64 = 182;
/// Longest single extension, in weeks.
pub const MAX_EXTENSION_WEEKS: i32 = 8;
/// Days before the deadline from which a case without a final order is flagged.
pub const WARNING_DAYS: i64 = 28;

code_enum! {
    /// Kinds of hearing (Public Law Outline).
    pub enum HearingKind {
        /// Emergency protection order hearing.
        Epo = "EPO",
        /// Case management hearing.
        Cmh = "CMH",
        /// Further case management hearing.
        FurtherCmh = "FURTHER_CMH",
        /// Issues resolution hearing.
        Irh = "IRH",
        /// Final hearing.
        Final = "FINAL",
        /// Any other hearing.
        Other = "OTHER",
    }
}

code_enum! {
    /// Kinds of court order.
    pub enum OrderKind {
        /// Emergency protection order (SSDA903 legal status L2).
        EmergencyProtectionOrder = "EMERGENCY_PROTECTION_ORDER",
        /// Interim care order (C1).
        InterimCareOrder = "INTERIM_CARE_ORDER",
        /// Care order (C2); final.
        CareOrder = "CARE_ORDER",
        /// Placement order (E1); final; dates the child's placement.
        PlacementOrder = "PLACEMENT_ORDER",
        /// Adoption order; completes the child's adoption placement.
        AdoptionOrder = "ADOPTION_ORDER",
        /// Special guardianship order; final.
        SpecialGuardianshipOrder = "SPECIAL_GUARDIANSHIP_ORDER",
        /// Child arrangements order; final.
        ChildArrangementsOrder = "CHILD_ARRANGEMENTS_ORDER",
        /// Supervision order; final.
        SupervisionOrder = "SUPERVISION_ORDER",
    }
}

impl OrderKind {
    /// Whether the order concludes the care proceedings.
    pub fn is_final(self) -> bool {
        use OrderKind::*;
        matches!(
            self,
            CareOrder
                | PlacementOrder
                | SpecialGuardianshipOrder
                | ChildArrangementsOrder
                | SupervisionOrder
        )
    }

    /// The SSDA903 legal status the order gives the child, if it changes it.
    pub fn legal_status(self) -> Option<LegalStatus> {
        match self {
            OrderKind::EmergencyProtectionOrder => Some(LegalStatus::L2),
            OrderKind::InterimCareOrder => Some(LegalStatus::C1),
            OrderKind::CareOrder => Some(LegalStatus::C2),
            OrderKind::PlacementOrder => Some(LegalStatus::E1),
            _ => None,
        }
    }
}

/// A granted extension of the 26-week timetable.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Extension {
    /// Internal id.
    #[serde(skip)]
    pub id: Uuid,
    /// Date granted.
    pub granted_on: NaiveDate,
    /// Length, 1–8 weeks.
    pub weeks: i32,
    /// Why the court found it necessary.
    pub reason: String,
}

/// A care proceedings case.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CareCase {
    /// Internal id.
    #[serde(skip)]
    pub id: Uuid,
    /// The child's authority.
    #[serde(skip)]
    pub authority_id: Uuid,
    /// The child.
    pub child_id: Uuid,
    /// The court.
    pub court: String,
    /// The court's case number.
    pub case_number: String,
    /// Date the application was issued.
    pub issued_on: NaiveDate,
    /// Date of the final order.
    pub concluded_on: Option<NaiveDate>,
    /// Extensions granted, oldest first.
    #[serde(skip)]
    pub extensions: Vec<Extension>,
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

code_enum! {
    /// Kinds of proceedings alert.
    pub enum DeadlineAlertKind {
        /// Within 4 weeks of the deadline without a final order.
        DeadlineApproaching = "DEADLINE_APPROACHING",
        /// Past the deadline without a final order.
        DeadlinePassed = "DEADLINE_PASSED",
    }
}

impl CareCase {
    /// Issue date + 182 days + every granted extension.
    pub fn deadline_on(&self) -> NaiveDate {
        let extension_days: i64 = self.extensions.iter().map(|e| i64::from(e.weeks) * 7).sum();
        self.issued_on + Duration::days(DEADLINE_DAYS + extension_days)
    }

    /// The deadline alert on `today`, if any: past the deadline, or within 4 weeks of it (the
    /// 28th day before it included), while no final order has been made.
    pub fn alert(&self, today: NaiveDate) -> Option<DeadlineAlertKind> {
        if self.concluded_on.is_some() {
            return None;
        }
        let deadline = self.deadline_on();
        if today > deadline {
            Some(DeadlineAlertKind::DeadlinePassed)
        } else if (deadline - today).num_days() <= WARNING_DAYS {
            Some(DeadlineAlertKind::DeadlineApproaching)
        } else {
            None
        }
    }

    /// Whole weeks from issue to the final order (or to `today` while open).
    pub fn weeks_since_issue(&self, today: NaiveDate) -> i64 {
        (self.concluded_on.unwrap_or(today) - self.issued_on).num_weeks()
    }
}

/// A hearing.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Hearing {
    /// Internal id.
    #[serde(skip)]
    pub id: Uuid,
    /// The case.
    pub case_id: Uuid,
    /// Kind of hearing.
    pub kind: HearingKind,
    /// Date held.
    pub held_on: NaiveDate,
    /// What happened.
    pub outcome: Option<String>,
}

/// A court order.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CourtOrder {
    /// Internal id.
    #[serde(skip)]
    pub id: Uuid,
    /// The case.
    pub case_id: Uuid,
    /// Kind of order.
    pub kind: OrderKind,
    /// Date made.
    pub made_on: NaiveDate,
    /// The hearing at which it was made, when named.
    pub hearing_id: Option<Uuid>,
}

code_enum! {
    /// Kinds of assessment filed in proceedings.
    pub enum AssessmentKind {
        /// Parenting assessment of a birth parent.
        Parenting = "PARENTING",
        /// Assessment of a relative or friend as a carer (kinship).
        Relative = "RELATIVE",
    }
}

/// An assessment commissioned for the proceedings.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Assessment {
    /// Internal id.
    #[serde(skip)]
    pub id: Uuid,
    /// The child's authority.
    #[serde(skip)]
    pub authority_id: Uuid,
    /// The child.
    pub child_id: Uuid,
    /// Kind.
    pub kind: AssessmentKind,
    /// Who is assessed (e.g. "Mother", "Maternal aunt").
    pub subject: String,
    /// Who commissioned it.
    pub commissioned_by: String,
    /// Date due.
    pub due_on: NaiveDate,
    /// Date filed with the court.
    pub filed_on: Option<NaiveDate>,
    /// Outcome.
    pub outcome: Option<String>,
    /// Optimistic-concurrency version.
    #[serde(skip)]
    pub version: i32,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    fn case(issued_on: NaiveDate) -> CareCase {
        CareCase {
            id: Uuid::nil(),
            authority_id: Uuid::nil(),
            child_id: Uuid::nil(),
            court: "East London Family Court".into(),
            case_number: "ZE26C00001".into(),
            issued_on,
            concluded_on: None,
            extensions: vec![],
            version: 1,
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }
    }

    #[test]
    fn the_deadline_is_26_weeks_moved_by_extensions() {
        let mut c = case(date(2026, 1, 5));
        assert_eq!(c.deadline_on(), date(2026, 7, 6));
        c.extensions.push(Extension {
            id: Uuid::nil(),
            granted_on: date(2026, 6, 1),
            weeks: 8,
            reason: "Further expert evidence".into(),
        });
        assert_eq!(c.deadline_on(), date(2026, 8, 31));
    }

    #[test]
    fn the_alert_starts_exactly_four_weeks_before_the_deadline() {
        let c = case(date(2026, 1, 5));
        let deadline = c.deadline_on();
        assert_eq!(c.alert(deadline - Duration::days(29)), None);
        assert_eq!(
            c.alert(deadline - Duration::days(28)),
            Some(DeadlineAlertKind::DeadlineApproaching)
        );
        assert_eq!(
            c.alert(deadline),
            Some(DeadlineAlertKind::DeadlineApproaching)
        );
        assert_eq!(
            c.alert(deadline + Duration::days(1)),
            Some(DeadlineAlertKind::DeadlinePassed)
        );
        let mut done = c;
        done.concluded_on = Some(deadline);
        assert_eq!(done.alert(deadline + Duration::days(100)), None);
    }

    #[test]
    fn orders_set_the_legal_status_and_final_ones_conclude() {
        assert_eq!(
            OrderKind::PlacementOrder.legal_status(),
            Some(LegalStatus::E1)
        );
        assert_eq!(
            OrderKind::InterimCareOrder.legal_status(),
            Some(LegalStatus::C1)
        );
        assert!(OrderKind::CareOrder.is_final());
        assert!(!OrderKind::InterimCareOrder.is_final());
        assert!(!OrderKind::AdoptionOrder.is_final());
    }
}
