//! Value types shared by every layer, importing none of them: `Date` (the GraphQL scalar for a
//! calendar day), `Period` (a reporting period) and the typed ids (`ids.rs`). Models, stores and GraphQL types all use
//! these; nothing here reads the database or knows about requests.

pub mod date;
pub mod ids;
pub mod period;

pub use date::Date;
pub use ids::TypedId;
pub use period::{FIRST_REPORT_YEAR, Period};
