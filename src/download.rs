//! What every download (CSV tables, printable HTML pages) shares: the one CSV writer, which
//! neutralises cells a spreadsheet would run as a formula, and the response headers that stop a
//! browser from guessing a type or running anything a page holds.
//!
//! Invariants: no CSV cell this service writes begins with `=`, `+`, `-`, `@`, tab or carriage
//! return (OWASP's advice for CSV injection: such a cell is prefixed with `'`); every download
//! answers with `X-Content-Type-Options: nosniff`, a `Content-Security-Policy` that allows no
//! script, and `Cache-Control: no-store`.

use axum::http::{HeaderName, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// Characters that make a spreadsheet treat a cell as a formula (or hide one after them).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// `cell`, made safe to open in a spreadsheet: a formula-like start gets a `'` before it.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(FORMULA_STARTS) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// The CSV writer every download uses: rows in, neutralised cells out.
pub struct CsvTable {
    out: csv::Writer<Vec<u8>>,
}

impl CsvTable {
    /// A table with its header row written.
    pub fn new(header: &[&str]) -> Result<Self, csv::Error> {
        let mut table = CsvTable {
            out: csv::Writer::from_writer(Vec::new()),
        };
        table.row(header)?;
        Ok(table)
    }

    /// Writes one row, each cell neutralised.
    pub fn row<S: AsRef<str>>(&mut self, cells: &[S]) -> Result<(), csv::Error> {
        self.out.write_record(
            cells
                .iter()
                .map(|cell| neutralise(cell.as_ref()).into_owned()),
        )
    }

    /// The CSV text.
    pub fn finish(self) -> Result<String, csv::Error> {
        let bytes = self.out.into_inner().map_err(|err| err.into_error())?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }
}

/// No script, no plugins, no framing, no forms; inline styles only (the printable pages).
const HTML_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; \
                           form-action 'none'; frame-ancestors 'none'";
/// Nothing at all: a CSV opened in a browser tab is inert.
const DATA_POLICY: &str = "default-src 'none'; frame-ancestors 'none'; sandbox";

/// The headers of a download of `content_type` (`text/csv…`, `text/html…`, `text/plain…`).
pub fn headers(content_type: &'static str) -> [(HeaderName, &'static str); 4] {
    let policy = if content_type.starts_with("text/html") {
        HTML_POLICY
    } else {
        DATA_POLICY
    };
    [
        (header::CONTENT_TYPE, content_type),
        (header::CACHE_CONTROL, "no-store"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::CONTENT_SECURITY_POLICY, policy),
    ]
}

/// A download's body with its headers.
pub fn answer(status: StatusCode, content_type: &'static str, body: String) -> Response {
    (status, headers(content_type), body).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_are_neutralised_and_others_kept() {
        for bad in [
            "=HYPERLINK(\"//e.x\")",
            "+1+1",
            "-1+2",
            "@SUM(1+1)",
            "\t=1",
            "\r=1",
        ] {
            assert_eq!(neutralise(bad), format!("'{bad}"));
        }
        for good in ["ISL-1", "01/04/2026", "", "a=b", "'quoted"] {
            assert_eq!(neutralise(good), good);
        }
    }

    #[test]
    fn the_table_writes_neutralised_cells() -> Result<(), csv::Error> {
        let mut table = CsvTable::new(&["CHILD", "NOTE"])?;
        table.row(&["=1+1", "plain, with comma"])?;
        assert_eq!(table.finish()?, "CHILD,NOTE\n'=1+1,\"plain, with comma\"\n");
        Ok(())
    }
}
