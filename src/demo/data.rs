//! The demo tables: authorities, children and their stories, carer households.

use crate::authorities::model::Partnership;
use crate::carers::model::{Capacity, HouseholdStatus};
use crate::children::model::{Ethnicity, Sex};
use crate::placements::model::PlacementStatus;
use crate::referrals::model::ReferralStatus;

/// The partner authorities named in DESIGN (DfE LA numbers), then one spot purchaser.
pub const AUTHORITIES: &[(&str, &str, Partnership)] = &[
    ("206", "Islington", Partnership::Partner),
    ("202", "Camden", Partnership::Partner),
    ("310", "Harrow", Partnership::Partner),
    ("205", "Hammersmith and Fulham", Partnership::Partner),
    ("320", "Waltham Forest", Partnership::Partner),
    ("212", "Wandsworth", Partnership::Partner),
    ("308", "Enfield", Partnership::SpotPurchase),
];

/// Where a demo child's story ends.
#[derive(Clone, Copy)]
pub(super) enum Story {
    /// The referral stops in this state.
    Referral(ReferralStatus),
    /// The child is placed with household number `.0` and the placement ends up in `.1`.
    Placement(usize, PlacementStatus),
}

pub(super) struct DemoChild {
    pub(super) authority: &'static str,
    pub(super) reference: &'static str,
    pub(super) given_names: &'static str,
    /// Days before today of the referral.
    pub(super) referred_days_ago: i64,
    /// Age in days on the referral date; negative = unborn, due that many days later.
    pub(super) age_days_at_referral: i64,
    pub(super) sex: Sex,
    pub(super) ethnicity: Ethnicity,
    pub(super) story: Story,
}

#[expect(
    clippy::too_many_arguments,
    reason = "one call per row of the demo table reads best"
)]
const fn child(
    authority: &'static str,
    reference: &'static str,
    given_names: &'static str,
    referred_days_ago: i64,
    age_days_at_referral: i64,
    sex: Sex,
    ethnicity: Ethnicity,
    story: Story,
) -> DemoChild {
    DemoChild {
        authority,
        reference,
        given_names,
        referred_days_ago,
        age_days_at_referral,
        sex,
        ethnicity,
        story,
    }
}

use Ethnicity as E;
use PlacementStatus as P;
use ReferralStatus as R;
use Sex::{Female, Male, Unknown};
use Story::{Placement, Referral};

pub(super) const CHILDREN: &[DemoChild] = &[
    child(
        "206",
        "ISL-0001",
        "Amara",
        10,
        -60,
        Unknown,
        E::Nobt,
        Referral(R::Submitted),
    ),
    child(
        "206",
        "ISL-0002",
        "Leo",
        40,
        5,
        Male,
        E::Wbri,
        Referral(R::Accepted),
    ),
    child(
        "206",
        "ISL-0003",
        "Maya",
        120,
        20,
        Female,
        E::Mwbc,
        Placement(0, P::Fostering),
    ),
    child(
        "206",
        "ISL-0004",
        "Noah",
        30,
        400,
        Male,
        E::Bafr,
        Referral(R::Declined),
    ),
    child(
        "206",
        "ISL-0005",
        "Ruby",
        330,
        2,
        Female,
        E::Wbri,
        Placement(1, P::Adopted),
    ),
    child(
        "202",
        "CAM-0101",
        "Isla",
        3,
        2,
        Female,
        E::Woth,
        Referral(R::Submitted),
    ),
    child(
        "202",
        "CAM-0102",
        "Yusuf",
        60,
        30,
        Male,
        E::Apkn,
        Referral(R::Withdrawn),
    ),
    child(
        "202",
        "CAM-0103",
        "Ava",
        25,
        -30,
        Unknown,
        E::Nobt,
        Referral(R::Accepted),
    ),
    child(
        "202",
        "CAM-0104",
        "Kofi",
        260,
        10,
        Male,
        E::Bafr,
        Placement(2, P::PlacedForAdoption),
    ),
    child(
        "310",
        "HAR-7001",
        "Zain",
        7,
        14,
        Male,
        E::Aind,
        Referral(R::Submitted),
    ),
    child(
        "310",
        "HAR-7002",
        "Grace",
        200,
        3,
        Female,
        E::Bcrb,
        Placement(3, P::ReturnedToParent),
    ),
    child(
        "205",
        "HF-3301",
        "Oscar",
        15,
        90,
        Male,
        E::Wiri,
        Referral(R::Accepted),
    ),
    child(
        "205",
        "HF-3302",
        "Elif",
        150,
        40,
        Female,
        E::Woth,
        Placement(4, P::ReturnedToRelative),
    ),
    child(
        "320",
        "WF-9001",
        "Lily",
        50,
        700,
        Female,
        E::Wrom,
        Referral(R::Declined),
    ),
    child(
        "308",
        "ENF-0042",
        "Ezra",
        140,
        1,
        Male,
        E::Moth,
        Placement(5, P::Ended),
    ),
];

pub(super) struct DemoHousehold {
    pub(super) reference: &'static str,
    pub(super) carers: (&'static str, Option<&'static str>),
    pub(super) ethnicities: &'static [Ethnicity],
    pub(super) languages: &'static [&'static str],
    pub(super) area: &'static str,
    pub(super) location: (f64, f64),
    pub(super) full_time_carer: bool,
    pub(super) capacity: Capacity,
    /// Where recruitment got to (households 0–5 are approved and take the placements above).
    pub(super) status: HouseholdStatus,
}

pub(super) const HOUSEHOLDS: &[DemoHousehold] = &[
    DemoHousehold {
        reference: "HH-0001",
        carers: ("Sam Okafor", Some("Jo Okafor")),
        ethnicities: &[E::Bafr, E::Mwbc],
        languages: &["English", "Igbo"],
        area: "N7",
        location: (51.5553, -0.1176),
        full_time_carer: true,
        capacity: Capacity::OneChild,
        status: HouseholdStatus::Approved,
    },
    DemoHousehold {
        reference: "HH-0002",
        carers: ("Alex Murphy", Some("Chris Murphy")),
        ethnicities: &[E::Wbri, E::Wiri],
        languages: &["English"],
        area: "E17",
        location: (51.5860, -0.0190),
        full_time_carer: true,
        capacity: Capacity::TwoSiblings,
        status: HouseholdStatus::Approved,
    },
    DemoHousehold {
        reference: "HH-0003",
        carers: ("Ama Mensah", None),
        ethnicities: &[E::Bafr],
        languages: &["English", "Twi"],
        area: "SE15",
        location: (51.4700, -0.0670),
        full_time_carer: true,
        capacity: Capacity::OneChild,
        status: HouseholdStatus::Approved,
    },
    DemoHousehold {
        reference: "HH-0004",
        carers: ("Priya Shah", Some("Dev Shah")),
        ethnicities: &[E::Aind],
        languages: &["English", "Gujarati"],
        area: "HA1",
        location: (51.5800, -0.3410),
        full_time_carer: false,
        capacity: Capacity::OneChild,
        status: HouseholdStatus::Approved,
    },
    DemoHousehold {
        reference: "HH-0005",
        carers: ("Selin Kaya", Some("Mert Kaya")),
        ethnicities: &[E::Woth],
        languages: &["English", "Turkish"],
        area: "N16",
        location: (51.5620, -0.0740),
        full_time_carer: true,
        capacity: Capacity::OneChild,
        status: HouseholdStatus::Approved,
    },
    DemoHousehold {
        reference: "HH-0006",
        carers: ("Pat Jones", Some("Lee Jones")),
        ethnicities: &[E::Wbri],
        languages: &["English"],
        area: "EN1",
        location: (51.6520, -0.0800),
        full_time_carer: true,
        capacity: Capacity::OneChild,
        status: HouseholdStatus::Approved,
    },
    DemoHousehold {
        reference: "HH-0007",
        carers: ("Nia Williams", Some("Tom Williams")),
        ethnicities: &[E::Bcrb, E::Wbri],
        languages: &["English"],
        area: "SW18",
        location: (51.4571, -0.1931),
        full_time_carer: true,
        capacity: Capacity::TwoSiblings,
        status: HouseholdStatus::Approved,
    },
    DemoHousehold {
        reference: "HH-0008",
        carers: ("Farah Ali", None),
        ethnicities: &[E::Aban],
        languages: &["English", "Bengali"],
        area: "E8",
        location: (51.5430, -0.0650),
        full_time_carer: true,
        capacity: Capacity::OneChild,
        status: HouseholdStatus::InAssessment,
    },
    DemoHousehold {
        reference: "HH-0009",
        carers: ("Marcus Reid", Some("Dan Reid")),
        ethnicities: &[E::Mwbc],
        languages: &["English"],
        area: "W6",
        location: (51.4920, -0.2280),
        full_time_carer: false,
        capacity: Capacity::OneChild,
        status: HouseholdStatus::Enquiry,
    },
    DemoHousehold {
        reference: "HH-0010",
        carers: ("Helen Burke", None),
        ethnicities: &[E::Wiri],
        languages: &["English"],
        area: "NW5",
        location: (51.5530, -0.1420),
        full_time_carer: true,
        capacity: Capacity::OneChild,
        status: HouseholdStatus::Closed,
    },
];
