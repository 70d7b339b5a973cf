//! Post-adoption contact and support-work types.

use chrono::NaiveDate;
use serde::Serialize;
use uuid::Uuid;

use crate::code_enum;

code_enum! {
    /// How the adopted child and the birth family keep in touch.
    pub enum PostAdoptionContactKind {
        /// Letters exchanged through the agency's letterbox service.
        Letterbox = "LETTERBOX",
        /// Meetings in person.
        Direct = "DIRECT",
    }
}

/// A post-adoption contact arrangement.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PostAdoptionContact {
    /// Internal id.
    #[serde(skip)]
    pub id: Uuid,
    /// The child's authority.
    #[serde(skip)]
    pub authority_id: Uuid,
    /// The child.
    pub child_id: Uuid,
    /// Letterbox or direct.
    pub kind: PostAdoptionContactKind,
    /// How often, per year (1–52).
    pub times_per_year: i32,
    /// Who takes part (e.g. "Birth mother", "Maternal grandmother").
    pub parties: Vec<String>,
    /// Date agreed.
    pub agreed_on: NaiveDate,
    /// Date it ended, if it has.
    pub ended_on: Option<NaiveDate>,
    /// Optimistic-concurrency version.
    #[serde(skip)]
    pub version: i32,
}

code_enum! {
    /// Who received support.
    pub enum SupportRecipient {
        /// A birth parent.
        BirthParent = "BIRTH_PARENT",
        /// The carers.
        Carer = "CARER",
    }
}

code_enum! {
    /// What kind of support.
    pub enum SupportKind {
        /// Help to make the changes the court looks for.
        ChangeSupport = "CHANGE_SUPPORT",
        /// Support after a return home.
        AfterReturnHome = "AFTER_RETURN_HOME",
        /// Counselling (e.g. when adoption is the plan).
        Counselling = "COUNSELLING",
        /// Continued work with a birth parent when adoption is the plan.
        ContinuedWork = "CONTINUED_WORK",
        /// Support to carers during the placement.
        DuringPlacement = "DURING_PLACEMENT",
        /// Support to carers after adoption.
        AfterAdoption = "AFTER_ADOPTION",
    }
}

impl SupportKind {
    /// Whether this kind of support is given to `recipient`.
    pub fn suits(self, recipient: SupportRecipient) -> bool {
        use SupportKind::*;
        match recipient {
            SupportRecipient::BirthParent => matches!(
                self,
                ChangeSupport | AfterReturnHome | Counselling | ContinuedWork
            ),
            SupportRecipient::Carer => {
                matches!(self, DuringPlacement | AfterAdoption | Counselling)
            }
        }
    }
}

/// One entry in the support-work log.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SupportWork {
    /// Internal id.
    #[serde(skip)]
    pub id: Uuid,
    /// The child's authority.
    #[serde(skip)]
    pub authority_id: Uuid,
    /// The child the work is about.
    pub child_id: Uuid,
    /// Birth parent or carer.
    pub recipient: SupportRecipient,
    /// Kind of support.
    pub kind: SupportKind,
    /// Date given.
    pub given_on: NaiveDate,
    /// Who gave it.
    pub given_by: String,
    /// Who received it (e.g. "Birth mother").
    pub given_to: String,
    /// Length in minutes.
    pub duration_minutes: i32,
    /// Notes (sensitive).
    #[serde(skip)]
    pub notes: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn support_kinds_fit_their_recipients() {
        assert!(SupportKind::ChangeSupport.suits(SupportRecipient::BirthParent));
        assert!(!SupportKind::ChangeSupport.suits(SupportRecipient::Carer));
        assert!(SupportKind::AfterAdoption.suits(SupportRecipient::Carer));
        assert!(!SupportKind::AfterAdoption.suits(SupportRecipient::BirthParent));
        assert!(SupportKind::Counselling.suits(SupportRecipient::BirthParent));
    }
}
