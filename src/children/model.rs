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

/// A child record.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Child {
    /// Internal id.
    #[serde(skip)]
    pub id: Uuid,
    /// Owning authority.
    #[serde(skip)]
    pub authority_id: Uuid,
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

/// The LA-supplied details of a child, validated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChildDetails {
    /// The LA's own child reference.
    pub la_reference: String,
    /// Given names.
    pub given_names: Option<String>,
    /// Family name.
    pub family_name: Option<String>,
    /// Sex.
    pub sex: Sex,
    /// Date of birth.
    pub date_of_birth: Option<NaiveDate>,
    /// Expected date of birth.
    pub expected_date_of_birth: Option<NaiveDate>,
    /// SSDA903 ethnicity.
    pub ethnicity: Ethnicity,
    /// SSDA903 legal status.
    pub legal_status: Option<LegalStatus>,
    /// Date entered care.
    pub entered_care_on: Option<NaiveDate>,
}

/// Unvalidated child details as they arrive (field paths are under `prefix`).
pub struct ChildDetailsInput<'a> {
    /// LA reference.
    pub la_reference: &'a str,
    /// Given names.
    pub given_names: Option<&'a str>,
    /// Family name.
    pub family_name: Option<&'a str>,
    /// Sex.
    pub sex: Option<Sex>,
    /// Date of birth.
    pub date_of_birth: Option<NaiveDate>,
    /// Expected date of birth.
    pub expected_date_of_birth: Option<NaiveDate>,
    /// Ethnicity.
    pub ethnicity: Option<Ethnicity>,
    /// Legal status.
    pub legal_status: Option<LegalStatus>,
    /// Date entered care.
    pub entered_care_on: Option<NaiveDate>,
}

impl ChildDetails {
    /// Validates child details; errors name fields under `prefix` (e.g. `input.child`).
    pub fn parse(input: ChildDetailsInput<'_>, prefix: &str) -> AppResult<Self> {
        let field = |name: &str| format!("{prefix}.{name}");
        let la_reference = required_text(input.la_reference, 20, &field("laReference"))?;
        if input.date_of_birth.is_none() && input.expected_date_of_birth.is_none() {
            return Err(AppError::invalid(
                field("dateOfBirth"),
                "give the date of birth, or the expected date of birth for an unborn child",
            ));
        }
        if let (Some(born), Some(entered)) = (input.date_of_birth, input.entered_care_on)
            && entered < born
        {
            return Err(AppError::invalid(
                field("enteredCareOn"),
                "must not be before the date of birth",
            ));
        }
        Ok(ChildDetails {
            la_reference,
            given_names: optional_text(input.given_names, 100, &field("givenNames"))?,
            family_name: optional_text(input.family_name, 100, &field("familyName"))?,
            sex: input.sex.unwrap_or(Sex::Unknown),
            date_of_birth: input.date_of_birth,
            expected_date_of_birth: input.expected_date_of_birth,
            ethnicity: input.ethnicity.unwrap_or(Ethnicity::Nobt),
            legal_status: input.legal_status,
            entered_care_on: input.entered_care_on,
        })
    }
}

impl Child {
    /// The child's details as the LA last gave them.
    pub fn details(&self) -> ChildDetails {
        ChildDetails {
            la_reference: self.la_reference.clone(),
            given_names: self.given_names.clone(),
            family_name: self.family_name.clone(),
            sex: self.sex,
            date_of_birth: self.date_of_birth,
            expected_date_of_birth: self.expected_date_of_birth,
            ethnicity: self.ethnicity,
            legal_status: self.legal_status,
            entered_care_on: self.entered_care_on,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input<'a>() -> ChildDetailsInput<'a> {
        ChildDetailsInput {
            la_reference: "C1",
            given_names: None,
            family_name: None,
            sex: None,
            date_of_birth: None,
            expected_date_of_birth: NaiveDate::from_ymd_opt(2026, 12, 1),
            ethnicity: None,
            legal_status: None,
            entered_care_on: None,
        }
    }

    #[test]
    fn an_unborn_child_defaults_to_unknown_sex_and_ethnicity_not_yet_obtained() {
        let details = ChildDetails::parse(input(), "input.child").expect("valid");
        assert_eq!(details.sex, Sex::Unknown);
        assert_eq!(details.ethnicity, Ethnicity::Nobt);
    }

    #[test]
    fn a_child_needs_a_date_of_birth_or_an_expected_one() {
        let mut no_dates = input();
        no_dates.expected_date_of_birth = None;
        let Err(AppError::Invalid { field, .. }) = ChildDetails::parse(no_dates, "input.child")
        else {
            panic!("accepted a child with no dates");
        };
        assert_eq!(field, "input.child.dateOfBirth");
    }

    #[test]
    fn a_child_reference_is_at_most_twenty_characters() {
        let mut long = input();
        long.la_reference = "123456789012345678901";
        assert!(ChildDetails::parse(long, "input.child").is_err());
    }

    #[test]
    fn the_ssda903_code_lists_are_complete() {
        assert_eq!(Ethnicity::ALL.len(), 20);
        assert_eq!(LegalStatus::ALL.len(), 13);
    }
}
