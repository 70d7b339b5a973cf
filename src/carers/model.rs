//! Household types, the lifecycle, input rules, distance and the culture check.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use uuid::Uuid;

use crate::children::model::Ethnicity;
use crate::code_enum;
use crate::error::{AppError, AppResult};
use crate::text::{optional_text, required_text};

code_enum! {
    /// Where a household is in recruitment and placement.
    pub enum HouseholdStatus {
        /// An enquiry has come in.
        Enquiry = "ENQUIRY",
        /// Being assessed as foster carers and adopters.
        InAssessment = "IN_ASSESSMENT",
        /// Approved both to foster and to adopt; can be matched.
        Approved = "APPROVED",
        /// Caring for a child placed through the programme.
        Placed = "PLACED",
        /// No longer recruiting or caring (with a reason).
        Closed = "CLOSED",
    }
}

impl HouseholdStatus {
    /// Moves the agency makes by hand (PLACED comes and goes with placements).
    #[must_use]
    pub fn can_move_to(self, to: HouseholdStatus) -> bool {
        use HouseholdStatus::*;
        matches!(
            (self, to),
            (Enquiry, InAssessment)
                | (InAssessment, Approved)
                | (Enquiry, Closed)
                | (InAssessment, Closed)
                | (Approved, Closed)
        )
    }
}

code_enum! {
    /// How many children a household takes at a time.
    pub enum Capacity {
        /// One child.
        OneChild = "ONE_CHILD",
        /// Up to two children, who must be siblings.
        TwoSiblings = "TWO_SIBLINGS",
    }
}

impl Capacity {
    /// Most children at once.
    pub fn children(self) -> usize {
        match self {
            Capacity::OneChild => 1,
            Capacity::TwoSiblings => 2,
        }
    }
}

/// A point on the map, in decimal degrees.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Location {
    /// Latitude, −90 to 90.
    pub latitude: f64,
    /// Longitude, −180 to 180.
    pub longitude: f64,
}

impl Location {
    /// Validates the coordinates; `prefix` names the input.
    pub fn parse(latitude: f64, longitude: f64, prefix: &str) -> AppResult<Self> {
        if !(-90.0..=90.0).contains(&latitude) || latitude.is_nan() {
            return Err(AppError::invalid(
                format!("{prefix}.latitude"),
                "must be between -90 and 90",
            ));
        }
        if !(-180.0..=180.0).contains(&longitude) || longitude.is_nan() {
            return Err(AppError::invalid(
                format!("{prefix}.longitude"),
                "must be between -180 and 180",
            ));
        }
        Ok(Location {
            latitude,
            longitude,
        })
    }

    /// Great-circle distance in miles (haversine, mean Earth radius 3958.8 miles).
    pub fn miles_to(self, other: Location) -> f64 {
        const EARTH_RADIUS_MILES: f64 = 3958.8;
        let (lat1, lat2) = (self.latitude.to_radians(), other.latitude.to_radians());
        let d_lat = lat2 - lat1;
        let d_lon = (other.longitude - self.longitude).to_radians();
        let a = (d_lat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (d_lon / 2.0).sin().powi(2);
        2.0 * EARTH_RADIUS_MILES * a.sqrt().asin()
    }
}

/// A carer household (agency-owned).
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Household {
    /// Internal id.
    #[serde(skip)]
    pub id: Uuid,
    /// The household's details.
    #[serde(flatten)]
    pub details: HouseholdDetails,
    /// Lifecycle status.
    pub status: HouseholdStatus,
    /// Why it was closed.
    pub closed_reason: Option<String>,
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

/// What the agency records about a household.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HouseholdDetails {
    /// The agency's reference, e.g. `HH-0042`.
    pub reference: String,
    /// First carer's name.
    pub primary_carer_name: String,
    /// Second carer's name, if a couple.
    pub second_carer_name: Option<String>,
    /// The carers' SSDA903 ethnicity codes.
    pub ethnicities: Vec<Ethnicity>,
    /// Cultural background in the carers' words.
    pub cultural_background: Option<String>,
    /// Languages spoken at home.
    pub languages: Vec<String>,
    /// Religion, if any.
    pub religion: Option<String>,
    /// Postcode district, e.g. `N7`.
    pub area: String,
    /// Where the household lives.
    pub location: Location,
    /// One carer is at home full time.
    pub full_time_carer: bool,
    /// One child, or two siblings.
    pub capacity: Capacity,
    /// When the enquiry came in.
    pub enquiry_received_on: NaiveDate,
    /// When the agency followed the enquiry up.
    pub enquiry_followed_up_on: Option<NaiveDate>,
    /// Approval as foster carers.
    pub fostering_approved_on: Option<NaiveDate>,
    /// Approval as adopters.
    pub adopter_approved_on: Option<NaiveDate>,
}

impl HouseholdDetails {
    /// Checks and normalises details; errors name fields under `input`.
    pub fn check(self, today: NaiveDate) -> AppResult<Self> {
        let area = required_text(&self.area, 8, "input.area")?.to_uppercase();
        let valid_area = area.len() >= 2
            && area.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && area.chars().all(|c| c.is_ascii_alphanumeric());
        if !valid_area {
            return Err(AppError::invalid(
                "input.area",
                "must be a postcode district, e.g. N7 or SW11",
            ));
        }
        let mut languages = Vec::new();
        for language in &self.languages {
            let language = required_text(language, 40, "input.languages")?;
            if language.contains(',') {
                return Err(AppError::invalid(
                    "input.languages",
                    "give one language per entry",
                ));
            }
            if !languages.contains(&language) {
                languages.push(language);
            }
        }
        if languages.len() > 5 {
            return Err(AppError::invalid("input.languages", "at most 5 languages"));
        }
        for (field, date) in [
            ("input.enquiryReceivedOn", Some(self.enquiry_received_on)),
            ("input.enquiryFollowedUpOn", self.enquiry_followed_up_on),
            ("input.fosteringApprovedOn", self.fostering_approved_on),
            ("input.adopterApprovedOn", self.adopter_approved_on),
        ] {
            if date.is_some_and(|d| d > today) {
                return Err(AppError::invalid(field, "must not be in the future"));
            }
        }
        if self
            .enquiry_followed_up_on
            .is_some_and(|d| d < self.enquiry_received_on)
        {
            return Err(AppError::invalid(
                "input.enquiryFollowedUpOn",
                "must not be before the enquiry",
            ));
        }
        let mut ethnicities = Vec::new();
        for code in Ethnicity::ALL {
            if self.ethnicities.contains(code) {
                ethnicities.push(*code);
            }
        }
        Ok(HouseholdDetails {
            reference: required_text(&self.reference, 20, "input.reference")?,
            primary_carer_name: required_text(
                &self.primary_carer_name,
                100,
                "input.primaryCarerName",
            )?,
            second_carer_name: optional_text(
                self.second_carer_name.as_deref(),
                100,
                "input.secondCarerName",
            )?,
            ethnicities,
            cultural_background: optional_text(
                self.cultural_background.as_deref(),
                200,
                "input.culturalBackground",
            )?,
            languages,
            religion: optional_text(self.religion.as_deref(), 100, "input.religion")?,
            area,
            ..self
        })
    }

    /// Both approvals are recorded (dual approval is needed to take a placement).
    pub fn dually_approved(&self) -> bool {
        self.fostering_approved_on.is_some() && self.adopter_approved_on.is_some()
    }

    /// Whether the carers share the child's recorded ethnicity. `None` when the child's
    /// ethnicity is not recorded (NOBT, REFU), so no judgement can be made.
    pub fn shares_ethnicity(&self, child: Ethnicity) -> Option<bool> {
        if matches!(child, Ethnicity::Nobt | Ethnicity::Refu) {
            return None;
        }
        Some(self.ethnicities.contains(&child))
    }
}

/// A change to a household's details; `None` leaves a field as it is, `Some(None)` clears an
/// optional one.
#[derive(Clone, Debug, Default)]
pub struct HouseholdPatch {
    /// New reference.
    pub reference: Option<String>,
    /// New first carer's name.
    pub primary_carer_name: Option<String>,
    /// New second carer's name.
    pub second_carer_name: Option<Option<String>>,
    /// New ethnicities.
    pub ethnicities: Option<Vec<Ethnicity>>,
    /// New cultural background.
    pub cultural_background: Option<Option<String>>,
    /// New languages.
    pub languages: Option<Vec<String>>,
    /// New religion.
    pub religion: Option<Option<String>>,
    /// New area.
    pub area: Option<String>,
    /// New location.
    pub location: Option<Location>,
    /// New full-time-carer flag.
    pub full_time_carer: Option<bool>,
    /// New capacity.
    pub capacity: Option<Capacity>,
    /// New follow-up date.
    pub enquiry_followed_up_on: Option<Option<NaiveDate>>,
    /// New fostering approval date.
    pub fostering_approved_on: Option<Option<NaiveDate>>,
    /// New adopter approval date.
    pub adopter_approved_on: Option<Option<NaiveDate>>,
}

impl HouseholdPatch {
    /// The details after this patch (not yet checked).
    pub fn apply(self, before: &HouseholdDetails) -> HouseholdDetails {
        let b = before.clone();
        HouseholdDetails {
            reference: self.reference.unwrap_or(b.reference),
            primary_carer_name: self.primary_carer_name.unwrap_or(b.primary_carer_name),
            second_carer_name: self.second_carer_name.unwrap_or(b.second_carer_name),
            ethnicities: self.ethnicities.unwrap_or(b.ethnicities),
            cultural_background: self.cultural_background.unwrap_or(b.cultural_background),
            languages: self.languages.unwrap_or(b.languages),
            religion: self.religion.unwrap_or(b.religion),
            area: self.area.unwrap_or(b.area),
            location: self.location.unwrap_or(b.location),
            full_time_carer: self.full_time_carer.unwrap_or(b.full_time_carer),
            capacity: self.capacity.unwrap_or(b.capacity),
            enquiry_received_on: b.enquiry_received_on,
            enquiry_followed_up_on: self
                .enquiry_followed_up_on
                .unwrap_or(b.enquiry_followed_up_on),
            fostering_approved_on: self
                .fostering_approved_on
                .unwrap_or(b.fostering_approved_on),
            adopter_approved_on: self.adopter_approved_on.unwrap_or(b.adopter_approved_on),
        }
    }
}

/// Miles rounded to whole miles: what an LA is shown, so that several searches from
/// different points cannot pin a household down more closely than its postcode district.
pub fn rounded_miles(miles: f64) -> i32 {
    miles.round() as i32
}

#[cfg(test)]
#[path = "model_tests.rs"]
mod tests;
