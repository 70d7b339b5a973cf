//! Typed ids: a newtype per kind of record, so a store function taking a [`MatchId`] does not
//! compile with a [`ChildId`]. Each type carries its kind — the type name in global ids and in
//! `NOT_FOUND` errors — in one place, [`TypedId::KIND`].
//!
//! Invariants: an id is a UUIDv7 made by [`TypedId::new`] or read back from the database or a
//! global id of its own kind; it converts to a bare `Uuid` (and a database value) only on the
//! way into SQL.

use std::fmt;

use uuid::Uuid;

use crate::error::AppError;

/// An id of one kind of record.
pub trait TypedId: Copy + Eq + fmt::Debug + Into<Uuid> + From<Uuid> {
    /// The record's type name: in its global ids, its audit events and `NOT_FOUND` errors.
    const KIND: &'static str;

    /// A new id (UUIDv7: ordered by creation).
    fn new() -> Self {
        Self::from(Uuid::now_v7())
    }

    /// The bare uuid, for SQL.
    fn uuid(self) -> Uuid {
        self.into()
    }

    /// `NOT_FOUND` for this kind of record (a missing id and another authority's look alike).
    fn not_found() -> AppError {
        AppError::not_found(Self::KIND)
    }
}

macro_rules! typed_ids {
    ($($(#[$doc:meta])* $name:ident = $kind:literal;)*) => {
        $(
            $(#[$doc])*
            #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
            #[serde(transparent)]
            pub struct $name(pub Uuid);

            impl TypedId for $name {
                const KIND: &'static str = $kind;
            }

            impl From<Uuid> for $name {
                fn from(id: Uuid) -> Self {
                    $name(id)
                }
            }

            impl From<$name> for Uuid {
                fn from(id: $name) -> Self {
                    id.0
                }
            }

            impl From<$name> for sea_orm::Value {
                fn from(id: $name) -> Self {
                    id.0.into()
                }
            }

            impl fmt::Display for $name {
                fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    self.0.fmt(f)
                }
            }
        )*
    };
}

typed_ids! {
    /// A local authority.
    AuthorityId = "Authority";
    /// A child.
    ChildId = "Child";
    /// A referral.
    ReferralId = "Referral";
    /// An audit event.
    AuditEventId = "AuditEvent";
    /// A carer household.
    HouseholdId = "CarerHousehold";
    /// A match of a referral with a household.
    MatchId = "Match";
    /// A placement.
    PlacementId = "Placement";
    /// A contact venue.
    VenueId = "ContactVenue";
    /// A contact session.
    SessionId = "ContactSession";
    /// A care proceedings case.
    CareCaseId = "CareCase";
    /// An assessment.
    AssessmentId = "Assessment";
    /// A post-adoption contact arrangement.
    PostAdoptionContactId = "PostAdoptionContact";
    /// A support-work log entry.
    SupportWorkId = "SupportWork";
    /// A should-be-placed-for-adoption decision.
    AdoptionDecisionId = "AdoptionDecision";
    /// A court hearing.
    HearingId = "Hearing";
    /// A court order.
    CourtOrderId = "CourtOrder";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_id_names_its_kind_and_converts_only_to_a_bare_uuid() {
        let id = MatchId::new();
        assert_eq!(MatchId::KIND, "Match");
        assert_eq!(Uuid::from(id), id.uuid());
        assert_eq!(MatchId::from(id.uuid()), id);
        assert_eq!(id.to_string(), id.uuid().to_string());
        assert!(matches!(
            PlacementId::not_found(),
            AppError::NotFound {
                entity: "Placement"
            }
        ));
        assert_eq!(
            serde_json::to_string(&id).ok(),
            serde_json::to_string(&id.0).ok()
        );
    }
}
