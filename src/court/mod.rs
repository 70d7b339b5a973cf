//! Care proceedings: the case in court (with its 26-week deadline and extensions), hearings,
//! orders, and the assessments filed in it.
//!
//! Invariants:
//! - Every record belongs to the child's authority (composite foreign keys to the child, and to
//!   the case). Agency roles and the child's LA_STAFF record; LA_READONLY reads.
//! - One open case per child. The deadline is the issue date + 182 days (Children Act 1989
//!   s32(1)(a)(ii)), moved by each granted extension of at most 8 weeks.
//! - A final order (care, placement, special guardianship, child arrangements, supervision)
//!   concludes the case; other orders made that day (several orders at one hearing) and an
//!   adoption order later may follow. Every order — including a placement order recorded on the
//!   placement — is recorded by `orders` (one path).
//! - An order changes the child's SSDA903 legal status (EPO → L2, ICO → C1, care order → C2,
//!   placement order → E1) and, in the same transaction, the child's open placement: a placement
//!   order dates it; an adoption order completes an adoption placement. An order inconsistent
//!   with the placement is refused and nothing is written.
//! - Alerts: a case past, or within 4 weeks of, its deadline without a final order.

pub mod assessments;
pub mod graphql;
pub mod hearings;
pub mod model;
pub mod order_graphql;
pub mod orders;
pub mod store;
