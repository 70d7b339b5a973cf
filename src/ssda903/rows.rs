//! The rows of the SSDA903 extract and what the builder knows about each child: plain data,
//! shared by the builder (`episodes.rs`) and its parts (`timeline.rs`, `rules.rs`, `header.rs`,
//! `adoption.rs`), which import from here and never from each other's callers.

use std::collections::HashMap;

use chrono::NaiveDate;
use uuid::Uuid;

use crate::adoption_decisions::model::ReversalReason;
use crate::children::model::{Ethnicity, LegalStatus, Sex};
use crate::placements::model::{AdoptersLegalStatus, AdoptersSex};

/// What the extract needs to know about a child.
#[derive(Clone, Debug)]
pub struct ChildFacts {
    /// Internal id.
    pub id: Uuid,
    /// CHILD: the LA's reference.
    pub reference: String,
    /// DOB.
    pub date_of_birth: Option<NaiveDate>,
    /// Start of the child's latest period of care.
    pub entered_care_on: Option<NaiveDate>,
    /// The legal status on record (used only when no order records a change).
    pub legal_status: Option<LegalStatus>,
    /// Legal status changes made by court orders, in date order.
    pub legal_changes: Vec<(NaiveDate, LegalStatus)>,
    /// SEX (Header).
    pub sex: Sex,
    /// ETHNIC (Header).
    pub ethnicity: Ethnicity,
    /// Each period of care (one per referral), by referral id.
    pub periods: HashMap<Uuid, CarePeriod>,
}

/// One period of a child's care: its referral's entry to care and the legal status then.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CarePeriod {
    /// The day the child entered care for this period.
    pub entered_care_on: Option<NaiveDate>,
    /// The legal status it entered care under (e.g. V2).
    pub entry_legal_status: Option<LegalStatus>,
}

/// One Episodes row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EpisodeRow {
    /// CHILD.
    pub child: String,
    /// DECOM: the episode began.
    pub decom: NaiveDate,
    /// RNE: reason for the new episode.
    pub rne: &'static str,
    /// LS: legal status; none when no record says.
    pub ls: Option<LegalStatus>,
    /// PLACE: placement type.
    pub place: &'static str,
    /// PLACE_PROVIDER.
    pub place_provider: &'static str,
    /// DEC: the episode ceased (blank while open at 31 March).
    pub dec: Option<NaiveDate>,
    /// REC: reason the episode ceased.
    pub rec: Option<&'static str>,
    /// REASON_PLACE_CHANGE, on the ceasing row.
    pub reason_place_change: Option<&'static str>,
    /// URN: the Ofsted URN of the setting — the agency's, for a programme placement (from
    /// configuration); blank when not configured or for an episode the LA supplies.
    pub urn: Option<String>,
    /// An episode the programme cannot know (before its placement, or after it ended while the
    /// child stays looked after): PLACE, PLACE_PROVIDER and REASON_PLACE_CHANGE are the LA's to
    /// supply.
    pub la_to_supply: bool,
}

/// One AD1 row (a child adopted in the year).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ad1Row {
    /// CHILD.
    pub child: String,
    /// DOB.
    pub dob: Option<NaiveDate>,
    /// DATE_INT: the decision that the child should be placed for adoption.
    pub date_int: Option<NaiveDate>,
    /// DATE_MATCH: matched with the adopters.
    pub date_match: Option<NaiveDate>,
    /// FOSTER_CARE: 1 when adopted by the current foster carers.
    pub foster_care: u8,
    /// NB_ADOPTR.
    pub nb_adoptr: Option<u8>,
    /// SEX_ADOPTR.
    pub sex_adoptr: Option<AdoptersSex>,
    /// LS_ADOPTR.
    pub ls_adoptr: Option<AdoptersLegalStatus>,
}

/// One PlacedAdoption row (a decision in force during the year).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlacedAdoptionRow {
    /// CHILD.
    pub child: String,
    /// DOB.
    pub dob: Option<NaiveDate>,
    /// DATE_PLACED: the decision.
    pub date_placed: NaiveDate,
    /// DATE_PLACED_CEASED (blank unless reversed by 31 March).
    pub date_placed_ceased: Option<NaiveDate>,
    /// REASON_PLACED_CEASED.
    pub reason_placed_ceased: Option<ReversalReason>,
}

/// A validator rule the records break, or a value the return needs that is not recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The DfE validator rule number, or `MISSING` for a value not recorded.
    pub rule: &'static str,
    /// CHILD.
    pub child: String,
    /// What is wrong and what to record.
    pub message: String,
}

/// The extract's rows and findings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Extract {
    /// Header, by child reference.
    pub header: Vec<HeaderRow>,
    /// Episodes, by child reference then DECOM.
    pub episodes: Vec<EpisodeRow>,
    /// AD1, by child reference.
    pub ad1: Vec<Ad1Row>,
    /// PlacedAdoption, by child reference then DATE_PLACED.
    pub placed_adoption: Vec<PlacedAdoptionRow>,
    /// Findings, by child reference.
    pub findings: Vec<Finding>,
}

/// One Header row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeaderRow {
    /// CHILD.
    pub child: String,
    /// SEX, coded for the collection year; none when the year's code list has no code for it.
    pub sex: Option<&'static str>,
    /// DOB.
    pub dob: Option<NaiveDate>,
    /// ETHNIC.
    pub ethnic: &'static str,
    /// UPN: UN1 for a child not of school age.
    pub upn: &'static str,
    /// MOTHER: 0 for a girl, blank for a boy.
    pub mother: Option<&'static str>,
}

/// Adds a finding.
pub fn finding(findings: &mut Vec<Finding>, rule: &'static str, child: &str, message: String) {
    findings.push(Finding {
        rule,
        child: child.to_owned(),
        message,
    });
}
