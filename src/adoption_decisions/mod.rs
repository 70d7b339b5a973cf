//! The agency decision maker's decision that a child should be placed for adoption (SSDA903
//! PlacedAdoption DATE_PLACED, AD1 DATE_INT), and its reversal.
//!
//! Invariants:
//! - Every decision belongs to the child's authority (composite foreign key); agency roles and
//!   the child's LA_STAFF record and reverse, LA_READONLY reads.
//! - A decision is dated on or after the day the child entered care and was born (SSDA903 rules
//!   1003/334 and 184), never in the future.
//! - At most one decision in force per child (rules 579/583): a new one needs the earlier one
//!   reversed, and may not be dated before that reversal.
//! - A reversal carries a REASON_PLACED_CEASED (RD1–RD4); an adopted child's decision cannot be
//!   reversed (rule 525).

pub mod graphql;
pub mod model;
pub mod store;
