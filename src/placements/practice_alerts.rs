//! Practice alerts on a placement (DESIGN §3.2): never blocking — the court may order otherwise —
//! but shown to the social worker: the carers not sharing the child's recorded ethnicity, no
//! carer at home full time. Pure: computed from the child's and the household's details.

use crate::carers::model::HouseholdDetails;
use crate::children::model::ChildDetails;
use crate::code_enum;

code_enum! {
    /// Kinds of practice alert (never blocking; the court may order otherwise).
    pub enum AlertKind {
        /// The household does not share the child's recorded ethnicity.
        Culture = "CULTURE",
        /// No carer is at home full time.
        NoFullTimeCarer = "NO_FULL_TIME_CARER",
    }
}

/// A practice alert on a placement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Alert {
    /// What kind.
    pub kind: AlertKind,
    /// What to look at.
    pub message: String,
}

/// Alerts for a placement of `child` with `household` (DESIGN §3.2).
pub fn alerts(child: &ChildDetails, household: &HouseholdDetails) -> Vec<Alert> {
    let mut alerts = Vec::new();
    if household.shares_ethnicity(child.ethnicity) == Some(false) {
        alerts.push(Alert {
            kind: AlertKind::Culture,
            message: format!(
                "the carers' recorded ethnicity does not include the child's ({})",
                child.ethnicity.as_str()
            ),
        });
    }
    if !household.full_time_carer {
        alerts.push(Alert {
            kind: AlertKind::NoFullTimeCarer,
            message: "no carer is recorded as at home full time".to_owned(),
        });
    }
    alerts
}
