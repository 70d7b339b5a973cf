//! Global object identification: opaque ids (`base64url("Type:uuid")`) and `node(id:)`.
//!
//! Invariant: `node` resolves through the same scoped store functions as the typed queries, so
//! another authority's id answers exactly like a missing one (null with `NOT_FOUND`).

use async_graphql::{Context, ID, Interface, Object};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use uuid::Uuid;

use super::context::ContextExt;
use crate::adoption_decisions::model::AdoptionDecision;
use crate::audit::model::AuditEvent;
use crate::authorities::model::Authority;
use crate::carers::model::Household;
use crate::children::model::Child;
use crate::contact::model::{Session, Venue};
use crate::court::model::{Assessment, CareCase, CourtOrder, Hearing};
use crate::error::{AppError, AppResult};
use crate::matches::model::Match;
use crate::placements::model::Placement;
use crate::referrals::model::Referral;
use crate::support::model::{PostAdoptionContact, SupportWork};
use crate::types::TypedId;
use crate::types::ids::{MatchId, PlacementId};
use crate::{
    adoption_decisions, audit, authorities, carers, children, contact, court, matches, placements,
    referrals, support,
};

/// Type names that global ids carry: each typed id's kind (`types/ids.rs`).
pub mod kinds {
    use crate::types::TypedId;
    use crate::types::ids::*;

    /// `Authority`.
    pub const AUTHORITY: &str = AuthorityId::KIND;
    /// `Child`.
    pub const CHILD: &str = ChildId::KIND;
    /// `Referral`.
    pub const REFERRAL: &str = ReferralId::KIND;
    /// `AuditEvent`.
    pub const AUDIT_EVENT: &str = AuditEventId::KIND;
    /// `CarerHousehold`.
    pub const CARER_HOUSEHOLD: &str = HouseholdId::KIND;
    /// `Match`.
    pub const MATCH: &str = MatchId::KIND;
    /// `Placement`.
    pub const PLACEMENT: &str = PlacementId::KIND;
    /// `ContactVenue`.
    pub const CONTACT_VENUE: &str = VenueId::KIND;
    /// `ContactSession`.
    pub const CONTACT_SESSION: &str = SessionId::KIND;
    /// `CareCase`.
    pub const CARE_CASE: &str = CareCaseId::KIND;
    /// `Assessment`.
    pub const ASSESSMENT: &str = AssessmentId::KIND;
    /// `PostAdoptionContact`.
    pub const POST_ADOPTION_CONTACT: &str = PostAdoptionContactId::KIND;
    /// `SupportWork`.
    pub const SUPPORT_WORK: &str = SupportWorkId::KIND;
    /// `AdoptionDecision`.
    pub const ADOPTION_DECISION: &str = AdoptionDecisionId::KIND;
    /// `Hearing`.
    pub const HEARING: &str = HearingId::KIND;
    /// `CourtOrder`.
    pub const COURT_ORDER: &str = CourtOrderId::KIND;
}

/// The typed id of a global id that must be of `T`'s kind; another kind answers `NOT_FOUND`
/// (no such record), a malformed one `BAD_USER_INPUT` naming `field`.
pub fn parse_id<T: TypedId>(id: &ID, field: &str) -> AppResult<T> {
    expect_id(id, T::KIND, field).map(T::from)
}

/// The opaque global id of a typed id.
pub fn id_of<T: TypedId>(id: T) -> ID {
    global_id(T::KIND, id.uuid())
}

/// The opaque global id of a record of type `kind`.
pub fn global_id(kind: &str, id: Uuid) -> ID {
    ID(URL_SAFE_NO_PAD.encode(format!("{kind}:{id}")))
}

/// Decodes a global id into its type name and uuid; `BAD_USER_INPUT` naming `field` if malformed.
pub fn decode_global_id(id: &ID, field: &str) -> AppResult<(String, Uuid)> {
    URL_SAFE_NO_PAD
        .decode(id.as_str())
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|text| {
            let (kind, uuid) = text.split_once(':')?;
            Some((kind.to_owned(), Uuid::parse_str(uuid).ok()?))
        })
        .ok_or_else(|| AppError::invalid(field, "is not an id from this API"))
}

/// The uuid of a global id that must be of type `kind`. An id of another type answers
/// `NOT_FOUND` (no such `kind`).
pub fn expect_id(id: &ID, kind: &'static str, field: &str) -> AppResult<Uuid> {
    let (actual, uuid) = decode_global_id(id, field)?;
    if actual == kind {
        Ok(uuid)
    } else {
        Err(AppError::not_found(kind))
    }
}

/// Anything with a global id.
#[derive(Interface)]
#[graphql(field(name = "id", ty = "ID", desc = "Opaque global id."))]
pub enum Node {
    /// A local authority.
    Authority(Authority),
    /// A child.
    Child(Child),
    /// A referral.
    Referral(Referral),
    /// An audit event.
    AuditEvent(AuditEvent),
    /// A carer household.
    CarerHousehold(Household),
    /// A match.
    Match(Match),
    /// A placement.
    Placement(Placement),
    /// A contact venue.
    ContactVenue(Venue),
    /// A contact session.
    ContactSession(Session),
    /// A care proceedings case.
    CareCase(CareCase),
    /// An assessment.
    Assessment(Assessment),
    /// A post-adoption contact arrangement.
    PostAdoptionContact(PostAdoptionContact),
    /// A support-work log entry.
    SupportWork(SupportWork),
    /// A decision that a child should be placed for adoption.
    AdoptionDecision(AdoptionDecision),
    /// A court hearing.
    Hearing(Hearing),
    /// A court order.
    CourtOrder(CourtOrder),
}

/// `node(id:)`.
#[derive(Default)]
pub struct NodeQuery;

#[Object]
impl NodeQuery {
    /// Any record by its global id, if the caller may see it; else `null` with a `NOT_FOUND`
    /// error, the same for an id that does not exist and one another authority owns.
    async fn node(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Option<Node>> {
        let (kind, uuid) = decode_global_id(&id, "id")?;
        let (db, scope) = (ctx.db()?.conn(), ctx.scope()?);
        let found = match kind.as_str() {
            kinds::AUTHORITY => authorities::store::find(db, scope, uuid)
                .await?
                .map(Node::Authority),
            kinds::CHILD => children::store::find(db, scope, uuid)
                .await?
                .map(Node::Child),
            kinds::REFERRAL => referrals::store::find(db, scope, uuid)
                .await?
                .map(Node::Referral),
            kinds::AUDIT_EVENT => audit::store::find(db, scope, uuid)
                .await?
                .map(Node::AuditEvent),
            kinds::CARER_HOUSEHOLD => carers::store::find(db, scope, uuid)
                .await?
                .map(Node::CarerHousehold),
            kinds::MATCH => matches::store::find(db, scope, MatchId(uuid))
                .await?
                .map(Node::Match),
            kinds::PLACEMENT => placements::store::find(db, scope, PlacementId(uuid))
                .await?
                .map(Node::Placement),
            kinds::CONTACT_VENUE => contact::venues::find_venue(db, scope, uuid)
                .await?
                .map(Node::ContactVenue),
            kinds::CONTACT_SESSION => contact::store::find_session(db, scope, uuid)
                .await?
                .map(Node::ContactSession),
            kinds::CARE_CASE => court::store::find_case(db, scope, uuid)
                .await?
                .map(Node::CareCase),
            kinds::ASSESSMENT => court::assessments::find_assessment(db, scope, uuid)
                .await?
                .map(Node::Assessment),
            kinds::POST_ADOPTION_CONTACT => support::store::find_arrangement(db, scope, uuid)
                .await?
                .map(Node::PostAdoptionContact),
            kinds::SUPPORT_WORK => support::store::find_support(db, scope, uuid)
                .await?
                .map(Node::SupportWork),
            kinds::ADOPTION_DECISION => adoption_decisions::store::find(db, scope, uuid)
                .await?
                .map(Node::AdoptionDecision),
            kinds::HEARING => court::orders::find_hearing(db, scope, uuid)
                .await?
                .map(Node::Hearing),
            kinds::COURT_ORDER => court::orders::find_order(db, scope, uuid)
                .await?
                .map(Node::CourtOrder),
            _ => None,
        };
        if found.is_none() {
            // Reported beside a `null` node, so the answer has the shape the type declares
            // (returning the error would drop the field from `data` altogether).
            let error = async_graphql::Error::from(AppError::not_found("Node"));
            ctx.add_error(ctx.set_error_path(error.into_server_error(ctx.item.pos)));
        }
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_global_id_round_trips_and_names_its_type() {
        let uuid = Uuid::now_v7();
        let id = global_id(kinds::REFERRAL, uuid);
        assert_eq!(expect_id(&id, kinds::REFERRAL, "id").ok(), Some(uuid));
        assert!(matches!(
            expect_id(&id, kinds::CHILD, "id"),
            Err(AppError::NotFound { .. })
        ));
        assert!(matches!(
            decode_global_id(&ID("%%%".into()), "id"),
            Err(AppError::Invalid { .. })
        ));
    }
}
