//! Value types shared by every layer, importing none of them: `Date` (the GraphQL scalar for a
//! calendar day) and `Period` (a reporting period). Models, stores and GraphQL types all use
//! these; nothing here reads the database or knows about requests.

pub mod date;
pub mod period;

pub use date::Date;
pub use period::{FIRST_REPORT_YEAR, Period};
