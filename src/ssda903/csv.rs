//! The SSDA903 extract's tables as CSV text (`header.csv`, `episodes.csv`, `ad1.csv`,
//! `placed-adoption.csv`, `findings.csv`) with the SSDA903 column names and dd/mm/YYYY dates;
//! served by `GET /reports/ssda903/{collectionYear}/{table}` (`http/reports/ssda903.rs`).

use chrono::NaiveDate;

use super::episodes::Extract;
use crate::download::CsvTable;

/// The tables served.
pub const TABLES: [&str; 5] = [
    "header.csv",
    "episodes.csv",
    "ad1.csv",
    "placed-adoption.csv",
    "findings.csv",
];

/// A date as a CSV cell of a DfE return (`dd/mm/YYYY`), blank when none.
pub fn uk(date: Option<NaiveDate>) -> String {
    date.map(|d| d.format("%d/%m/%Y").to_string())
        .unwrap_or_default()
}

/// One table of the extract as CSV text with its header row.
pub fn render(extract: &Extract, table: &str) -> Result<String, csv::Error> {
    let mut out;
    match table {
        "header.csv" => {
            out = CsvTable::new(&["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"])?;
            for h in &extract.header {
                out.row(&[
                    h.child.clone(),
                    h.sex.unwrap_or_default().to_owned(),
                    uk(h.dob),
                    h.ethnic.to_owned(),
                    h.upn.to_owned(),
                    h.mother.unwrap_or_default().to_owned(),
                    String::new(),
                ])?;
            }
        }
        "episodes.csv" => {
            out = CsvTable::new(&[
                "CHILD",
                "DECOM",
                "RNE",
                "LS",
                "CIN",
                "PLACE",
                "PLACE_PROVIDER",
                "DEC",
                "REC",
                "REASON_PLACE_CHANGE",
                "HOME_POST",
                "PL_POST",
                "URN",
            ])?;
            for e in &extract.episodes {
                out.row(&[
                    e.child.clone(),
                    uk(Some(e.decom)),
                    e.rne.to_owned(),
                    e.ls.map(|s| s.as_str().to_owned()).unwrap_or_default(),
                    String::new(),
                    e.place.to_owned(),
                    e.place_provider.to_owned(),
                    uk(e.dec),
                    e.rec.unwrap_or_default().to_owned(),
                    e.reason_place_change.unwrap_or_default().to_owned(),
                    String::new(),
                    String::new(),
                    e.urn.clone().unwrap_or_default(),
                ])?;
            }
        }
        "ad1.csv" => {
            out = CsvTable::new(&[
                "CHILD",
                "DOB",
                "DATE_INT",
                "DATE_MATCH",
                "FOSTER_CARE",
                "NB_ADOPTR",
                "SEX_ADOPTR",
                "LS_ADOPTR",
            ])?;
            for a in &extract.ad1 {
                out.row(&[
                    a.child.clone(),
                    uk(a.dob),
                    uk(a.date_int),
                    uk(a.date_match),
                    a.foster_care.to_string(),
                    a.nb_adoptr.map(|n| n.to_string()).unwrap_or_default(),
                    a.sex_adoptr
                        .map(|s| s.as_str().to_owned())
                        .unwrap_or_default(),
                    a.ls_adoptr
                        .map(|s| s.as_str().to_owned())
                        .unwrap_or_default(),
                ])?;
            }
        }
        "placed-adoption.csv" => {
            out = CsvTable::new(&[
                "CHILD",
                "DOB",
                "DATE_PLACED",
                "DATE_PLACED_CEASED",
                "REASON_PLACED_CEASED",
            ])?;
            for p in &extract.placed_adoption {
                out.row(&[
                    p.child.clone(),
                    uk(p.dob),
                    uk(Some(p.date_placed)),
                    uk(p.date_placed_ceased),
                    p.reason_placed_ceased
                        .map(|r| r.as_str().to_owned())
                        .unwrap_or_default(),
                ])?;
            }
        }
        _ => {
            out = CsvTable::new(&["RULE", "CHILD", "MESSAGE"])?;
            for f in &extract.findings {
                out.row(&[f.rule, f.child.as_str(), f.message.as_str()])?;
            }
        }
    }
    out.finish()
}
