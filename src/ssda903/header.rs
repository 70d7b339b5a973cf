//! The SSDA903 Header table: one row per child in the extract — CHILD, SEX, DOB, ETHNIC, UPN,
//! MOTHER, MC_DOB — coded by the rules of the collection year (issue 14, item 11).
//!
//! Invariants (pure): SEX is 1/2 up to the 2023-24 collection and M/F/U from 2024-25 (rule 101
//! in each ruleset); a child of unknown sex before 2024-25 has no code and gets a finding. A
//! baby has no UPN: UN1 ("not of school age"). MOTHER is 0 for a girl (these are babies) and
//! blank otherwise; MC_DOB is blank.

use super::rows::{ChildFacts, Finding, HeaderRow};
use crate::children::model::Sex;

/// The first collection year whose rules code SEX as M/F/U.
pub const LETTER_SEX_FROM: i32 = 2024;

/// SEX as coded in `collection_year`.
pub fn sex_code(sex: Sex, collection_year: i32) -> Option<&'static str> {
    match (sex, collection_year >= LETTER_SEX_FROM) {
        (Sex::Male, true) => Some("M"),
        (Sex::Female, true) => Some("F"),
        (Sex::Unknown, true) => Some("U"),
        (Sex::Male, false) => Some("1"),
        (Sex::Female, false) => Some("2"),
        (Sex::Unknown, false) => None,
    }
}

/// The child's Header row for `collection_year`, with a rule-101 finding when SEX has no code.
pub fn header_row(
    child: &ChildFacts,
    collection_year: i32,
    findings: &mut Vec<Finding>,
) -> HeaderRow {
    let sex = sex_code(child.sex, collection_year);
    if sex.is_none() {
        findings.push(Finding {
            rule: "101",
            child: child.reference.clone(),
            message: format!(
                "SEX: the {collection_year}-{} rules code only 1 (male) and 2 (female); record the child's sex",
                (collection_year + 1) % 100
            ),
        });
    }
    HeaderRow {
        child: child.reference.clone(),
        sex,
        dob: child.date_of_birth,
        ethnic: child.ethnicity.as_str(),
        upn: "UN1",
        mother: (child.sex == Sex::Female).then_some("0"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sex_is_coded_by_the_collection_years_rules() {
        assert_eq!(sex_code(Sex::Male, 2023), Some("1"));
        assert_eq!(sex_code(Sex::Female, 2023), Some("2"));
        assert_eq!(sex_code(Sex::Unknown, 2023), None);
        assert_eq!(sex_code(Sex::Male, 2024), Some("M"));
        assert_eq!(sex_code(Sex::Female, 2025), Some("F"));
        assert_eq!(sex_code(Sex::Unknown, 2026), Some("U"));
    }
}
