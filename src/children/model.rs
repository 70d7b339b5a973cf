//! Child types, SSDA903 code lists and input rules.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use uuid::Uuid;

use crate::code_enum;
use crate::error::{AppError, AppResult};
use crate::text::{optional_text, required_text};

code_enum! {
    /// Sex as recorded by the LA (SSDA903 SEX: 1 male, 2 female); unknown before birth.
    pub enum Sex {
        /// SSDA903 code 1.
        Male = "MALE",
        /// SSDA903 code 2.
        Female = "FEMALE",
        /// Not yet known (e.g. unborn).
        Unknown = "UNKNOWN",
    }
}

code_enum! {
    /// SSDA903 ETHNIC code.
    pub enum Ethnicity {
        /// White British.
        Wbri = "WBRI",
        /// White Irish.
        Wiri = "WIRI",
        /// Any other White background.
        Woth = "WOTH",
        /// Traveller of Irish heritage.
        Wirt = "WIRT",
        /// Gypsy/Roma.
        Wrom = "WROM",
        /// White and Black Caribbean.
        Mwbc = "MWBC",
        /// White and Black African.
        Mwba = "MWBA",
        /// White and Asian.
        Mwas = "MWAS",
        /// Any other Mixed background.
        Moth = "MOTH",
        /// Indian.
        Aind = "AIND",
        /// Pakistani.
        Apkn = "APKN",
        /// Bangladeshi.
        Aban = "ABAN",
        /// Any other Asian background.
        Aoth = "AOTH",
        /// Caribbean.
        Bcrb = "BCRB",
        /// African.
        Bafr = "BAFR",
        /// Any other Black background.
        Both = "BOTH",
        /// Chinese.
        Chne = "CHNE",
        /// Any other ethnic group.
        Ooth = "OOTH",
        /// Refused.
        Refu = "REFU",
        /// Information not yet obtained.
        Nobt = "NOBT",
    }
}

code_enum! {
    /// SSDA903 LS (legal status) code.
    pub enum LegalStatus {
        /// Interim care order.
        C1 = "C1",
        /// Full care order.
        C2 = "C2",
        /// Freeing order granted (pre-2005 regime).
        D1 = "D1",
        /// Placement order granted.
        E1 = "E1",
        /// Single period of accommodation under section 20.
        V2 = "V2",
        /// Agreed series of short-term breaks (episodes recorded).
        V3 = "V3",
        /// Short-term breaks (agreements recorded).
        V4 = "V4",
        /// Police protection and in LA accommodation.
        L1 = "L1",
        /// Emergency protection order.
        L2 = "L2",
        /// Child assessment order and in LA accommodation.
        L3 = "L3",
        /// Remanded to LA accommodation or youth detention accommodation.
        J1 = "J1",
        /// LA accommodation under PACE 1984.
        J2 = "J2",
        /// Youth Rehabilitation Order with residence or intensive fostering.
        J3 = "J3",
    }
}

/// A child record: the LA's details plus the record's own bookkeeping.
#[derive(Clone, Debug)]
pub struct Child {
    /// Internal id.
    pub id: Uuid,
    /// Owning authority.
    pub authority_id: Uuid,
    /// What the LA has told us about the child.
    pub details: ChildDetails,
    /// Optimistic-concurrency version.
    pub version: i32,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// The LA-supplied details of a child.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChildDetails {
    /// The LA's own child reference (SSDA903 CHILD).
    pub la_reference: String,
    /// Given names, when the LA shares them.
    pub given_names: Option<String>,
    /// Family name, when the LA shares it.
    pub family_name: Option<String>,
    /// Sex.
    pub sex: Sex,
    /// Date of birth; none while unborn.
    pub date_of_birth: Option<NaiveDate>,
    /// Expected date of birth (unborn children).
    pub expected_date_of_birth: Option<NaiveDate>,
    /// SSDA903 ethnicity.
    pub ethnicity: Ethnicity,
    /// SSDA903 legal status.
    pub legal_status: Option<LegalStatus>,
    /// Date the child became looked after.
    pub entered_care_on: Option<NaiveDate>,
    /// The LA's reference for the child's sibling group: children of one authority with the
    /// same group are siblings (and may share a carer household).
    pub sibling_group: Option<String>,
}

impl ChildDetails {
    /// Checks and normalises details as they arrive on `today`; errors name fields under
    /// `prefix` (e.g. `input.child`). A birth and an entry into care have happened, so neither
    /// is after today; an expected date of birth may be.
    pub fn check(self, prefix: &str, today: NaiveDate) -> AppResult<Self> {
        let field = |name: &str| format!("{prefix}.{name}");
        crate::dates::happened_opt(&field("dateOfBirth"), self.date_of_birth, today)?;
        crate::dates::happened_opt(&field("enteredCareOn"), self.entered_care_on, today)?;
        if self.date_of_birth.is_none() && self.expected_date_of_birth.is_none() {
            return Err(AppError::invalid(
                field("dateOfBirth"),
                "give the date of birth, or the expected date of birth for an unborn child",
            ));
        }
        if let (Some(born), Some(entered)) = (self.date_of_birth, self.entered_care_on)
            && entered < born
        {
            return Err(AppError::invalid(
                field("enteredCareOn"),
                "must not be before the date of birth",
            ));
        }
        Ok(ChildDetails {
            la_reference: required_text(&self.la_reference, 20, &field("laReference"))?,
            given_names: optional_text(self.given_names.as_deref(), 100, &field("givenNames"))?,
            family_name: optional_text(self.family_name.as_deref(), 100, &field("familyName"))?,
            sibling_group: optional_text(
                self.sibling_group.as_deref(),
                20,
                &field("siblingGroup"),
            )?,
            ..self
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: NaiveDate = match NaiveDate::from_ymd_opt(2030, 1, 1) {
        Some(date) => date,
        None => NaiveDate::MIN,
    };

    fn input() -> ChildDetails {
        ChildDetails {
            la_reference: " C1 ".into(),
            given_names: Some("  ".into()),
            family_name: None,
            sex: Sex::Unknown,
            date_of_birth: None,
            expected_date_of_birth: NaiveDate::from_ymd_opt(2026, 12, 1),
            ethnicity: Ethnicity::Nobt,
            legal_status: None,
            entered_care_on: None,
            sibling_group: None,
        }
    }

    #[test]
    fn text_is_trimmed_and_blank_names_are_dropped() {
        let details = input().check("input.child", TODAY).expect("valid");
        assert_eq!(details.la_reference, "C1");
        assert_eq!(details.given_names, None);
    }

    #[test]
    fn a_child_needs_a_date_of_birth_or_an_expected_one() {
        let mut no_dates = input();
        no_dates.expected_date_of_birth = None;
        let Err(AppError::Invalid { field, .. }) = no_dates.check("input.child", TODAY) else {
            panic!("accepted a child with no dates");
        };
        assert_eq!(field, "input.child.dateOfBirth");
    }

    #[test]
    fn a_child_reference_is_at_most_twenty_characters() {
        let mut long = input();
        long.la_reference = "123456789012345678901".into();
        assert!(long.check("input.child", TODAY).is_err());
    }

    #[test]
    fn a_birth_or_entry_into_care_after_today_is_refused_but_a_due_date_is_not() {
        let mut born = input();
        born.date_of_birth = NaiveDate::from_ymd_opt(2030, 1, 2);
        let Err(AppError::Invalid { field, .. }) = born.check("input.child", TODAY) else {
            panic!("a birth tomorrow accepted");
        };
        assert_eq!(field, "input.child.dateOfBirth");
        let mut entered = input();
        entered.entered_care_on = NaiveDate::from_ymd_opt(9999, 12, 31);
        assert!(entered.check("input.child", TODAY).is_err());
        let mut due = input();
        due.expected_date_of_birth = NaiveDate::from_ymd_opt(2030, 3, 1);
        assert!(due.check("input.child", TODAY).is_ok());
    }

    #[test]
    fn the_ssda903_code_lists_are_complete() {
        assert_eq!(Ethnicity::ALL.len(), 20);
        assert_eq!(LegalStatus::ALL.len(), 13);
    }
}
