//! The ASGLB return as CSV text, one row per child, dd/mm/YYYY dates; served by
//! `GET /reports/asglb/{year}/{quarter}.csv` (`http/reports/asglb.rs`).

use super::model::AsglbRow;
use crate::download::CsvTable;
use crate::ssda903::csv::uk;

/// The column names, in order.
pub const COLUMNS: [&str; 15] = [
    "CHILD",
    "ADM_DECISION_DATE",
    "EP_DECISION_DATE",
    "DATE_PLACED_EP_CARERS",
    "PLACEMENT_ORDER_DATE",
    "MATCH_DATE",
    "PLACED_FOR_ADOPTION_DATE",
    "DATE_ORIGINALLY_PLACED_FOSTER_CARER",
    "DECISION_REVERSED_DATE",
    "DECISION_REVERSED_CODE",
    "SIBLING_GROUP",
    "SIBLINGS_PLACED_TOGETHER",
    "SIBLINGS_PLACED_APART",
    "PERMANENCE_ORDER_DATE",
    "PERMANENCE_ORDER_TYPE",
];

/// The return as CSV text with its header row.
pub fn render(rows: &[AsglbRow]) -> Result<String, csv::Error> {
    let mut out = CsvTable::new(&COLUMNS)?;
    for r in rows {
        out.row(&[
            r.child.clone(),
            uk(r.adm_decision_on),
            uk(r.ep_decision_on),
            uk(r.placed_with_ep_carers_on),
            uk(r.placement_order_on),
            uk(r.matched_on),
            uk(r.placed_for_adoption_on),
            uk(r.originally_placed_with_foster_carer_on),
            uk(r.decision_reversed_on),
            r.decision_reversed_code.unwrap_or_default().to_owned(),
            if r.sibling_group { "1" } else { "0" }.to_owned(),
            r.siblings_placed_together.to_string(),
            r.siblings_placed_apart.to_string(),
            uk(r.permanence_order_on),
            r.permanence_order_type.unwrap_or_default().to_owned(),
        ])?;
    }
    out.finish()
}
