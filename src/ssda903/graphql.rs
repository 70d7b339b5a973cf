//! GraphQL for the SSDA903 extract: `ssda903Extract(collectionYear:, authority:)`.

use async_graphql::{Context, ID, Object};
use uuid::Uuid;

use super::episodes::{Ad1Row, EpisodeRow, Extract, Finding, HeaderRow, PlacedAdoptionRow};
use super::store::extract;
use crate::adoption_decisions::model::ReversalReason;
use crate::authorities::model::Authority;
use crate::children::model::LegalStatus;
use crate::graphql::context::ContextExt;
use crate::outcomes::graphql::report_scope;
use crate::placements::model::{AdoptersLegalStatus, AdoptersSex};
use crate::types::Date;
use crate::types::Period;

/// SSDA903 rows for one authority and collection year, with the validator findings.
pub struct Ssda903Extract {
    year: i32,
    period: Period,
    authority_id: Uuid,
    extract: Extract,
}

#[Object]
impl Ssda903Extract {
    /// The collection year, by the year it starts (2026 = 1 April 2026 – 31 March 2027).
    async fn collection_year(&self) -> i32 {
        self.year
    }
    /// First day of the collection year.
    async fn from(&self) -> Date {
        Date(self.period.from)
    }
    /// Last day of the collection year.
    async fn to(&self) -> Date {
        Date(self.period.to)
    }
    /// The authority.
    async fn authority(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Authority>> {
        Ok(ctx.loaders()?.authority(self.authority_id).await?)
    }
    /// Header rows: one per child in the extract (CHILD, SEX coded by the year's rules, DOB,
    /// ETHNIC, UPN, MOTHER).
    async fn header(&self) -> &[HeaderRow] {
        &self.extract.header
    }
    /// Episodes rows of the children placed through the programme, from each entry to care, by
    /// child then DECOM; rows with `laToSupply` are the LA's to complete.
    async fn episodes(&self) -> &[EpisodeRow] {
        &self.extract.episodes
    }
    /// AD1 rows: the children adopted in the year.
    async fn ad1(&self) -> &[Ad1Row] {
        &self.extract.ad1
    }
    /// PlacedAdoption rows: decisions that a child should be placed for adoption in force
    /// during the year.
    async fn placed_adoption(&self) -> &[PlacedAdoptionRow] {
        &self.extract.placed_adoption
    }
    /// Validator rules the records break, and values the return needs that are not recorded.
    async fn findings(&self) -> &[Finding] {
        &self.extract.findings
    }
}

/// An SSDA903 Episodes row.
#[Object(name = "Ssda903Episode")]
impl EpisodeRow {
    /// CHILD: the LA's child reference.
    async fn child(&self) -> &str {
        &self.child
    }
    /// DECOM: date the episode began.
    async fn decom(&self) -> Date {
        Date(self.decom)
    }
    /// RNE: reason for new episode (S, L, P, T, B, U).
    async fn rne(&self) -> &str {
        self.rne
    }
    /// LS: legal status; null when no record says.
    async fn ls(&self) -> Option<LegalStatus> {
        self.ls
    }
    /// PLACE: placement type (U5/U2 fostering, A5/A3 placed for adoption).
    async fn place(&self) -> &str {
        self.place
    }
    /// PLACE_PROVIDER (PR5: voluntary agency).
    async fn place_provider(&self) -> &str {
        self.place_provider
    }
    /// DEC: date the episode ceased; null while open at 31 March.
    async fn dec(&self) -> Option<Date> {
        self.dec.map(Date)
    }
    /// REC: reason the episode ceased.
    async fn rec(&self) -> Option<&str> {
        self.rec
    }
    /// REASON_PLACE_CHANGE, on the row that ceased.
    async fn reason_place_change(&self) -> Option<&str> {
        self.reason_place_change
    }
    /// CIN (category of need): the LA's to supply; always null here.
    async fn cin(&self) -> Option<&str> {
        None
    }
    /// HOME_POST: the LA's to supply (the home postcode is not held here); always null.
    async fn home_post(&self) -> Option<&str> {
        None
    }
    /// PL_POST: the LA's to supply; always null.
    async fn pl_post(&self) -> Option<&str> {
        None
    }
    /// URN: the agency's Ofsted URN for a programme placement (`PERMANENCE_OFSTED_URN`); null
    /// when not configured or for an episode the LA supplies.
    async fn urn(&self) -> Option<&str> {
        self.urn.as_deref()
    }
    /// True for an episode the programme cannot know (the child was looked after elsewhere,
    /// before the programme placement or after it ended): PLACE, PLACE_PROVIDER,
    /// REASON_PLACE_CHANGE and URN are the LA's to supply.
    async fn la_to_supply(&self) -> bool {
        self.la_to_supply
    }
}

/// An SSDA903 Header row.
#[Object(name = "Ssda903Header")]
impl HeaderRow {
    /// CHILD.
    async fn child(&self) -> &str {
        &self.child
    }
    /// SEX, coded by the collection year's rules (1/2 to 2023-24; M/F/U from 2024-25); null when
    /// the year has no code for the recorded sex.
    async fn sex(&self) -> Option<&str> {
        self.sex
    }
    /// DOB.
    async fn dob(&self) -> Option<Date> {
        self.dob.map(Date)
    }
    /// ETHNIC.
    async fn ethnic(&self) -> &str {
        self.ethnic
    }
    /// UPN: UN1 (not of school age).
    async fn upn(&self) -> &str {
        self.upn
    }
    /// MOTHER: 0 for a girl, null for a boy.
    async fn mother(&self) -> Option<&str> {
        self.mother
    }
}

/// An SSDA903 AD1 row.
#[Object(name = "Ssda903Ad1")]
impl Ad1Row {
    /// CHILD.
    async fn child(&self) -> &str {
        &self.child
    }
    /// DOB.
    async fn dob(&self) -> Option<Date> {
        self.dob.map(Date)
    }
    /// DATE_INT: date of the decision that the child should be placed for adoption.
    async fn date_int(&self) -> Option<Date> {
        self.date_int.map(Date)
    }
    /// DATE_MATCH: date matched with the adopters.
    async fn date_match(&self) -> Option<Date> {
        self.date_match.map(Date)
    }
    /// FOSTER_CARE: 1 when adopted by the current foster carers (always, in this programme).
    async fn foster_care(&self) -> i32 {
        i32::from(self.foster_care)
    }
    /// NB_ADOPTR.
    async fn nb_adoptr(&self) -> Option<i32> {
        self.nb_adoptr.map(i32::from)
    }
    /// SEX_ADOPTR.
    async fn sex_adoptr(&self) -> Option<AdoptersSex> {
        self.sex_adoptr
    }
    /// LS_ADOPTR.
    async fn ls_adoptr(&self) -> Option<AdoptersLegalStatus> {
        self.ls_adoptr
    }
}

/// An SSDA903 PlacedAdoption row.
#[Object(name = "Ssda903PlacedAdoption")]
impl PlacedAdoptionRow {
    /// CHILD.
    async fn child(&self) -> &str {
        &self.child
    }
    /// DOB.
    async fn dob(&self) -> Option<Date> {
        self.dob.map(Date)
    }
    /// DATE_PLACED: date of the decision.
    async fn date_placed(&self) -> Date {
        Date(self.date_placed)
    }
    /// DATE_PLACED_CEASED: date of the reversal, when by 31 March.
    async fn date_placed_ceased(&self) -> Option<Date> {
        self.date_placed_ceased.map(Date)
    }
    /// REASON_PLACED_CEASED.
    async fn reason_placed_ceased(&self) -> Option<ReversalReason> {
        self.reason_placed_ceased
    }
}

/// A validator finding.
#[Object(name = "Ssda903Finding")]
impl Finding {
    /// The DfE validator rule number, `EPISODE` for an episode starting and ending the same day,
    /// or `MISSING` for a value the return needs that is not recorded.
    async fn rule(&self) -> &str {
        self.rule
    }
    /// CHILD.
    async fn child(&self) -> &str {
        &self.child
    }
    /// What is wrong and what to record.
    async fn message(&self) -> &str {
        &self.message
    }
}

/// The extract query.
#[derive(Default)]
pub struct Ssda903Query;

#[Object]
impl Ssda903Query {
    /// The SSDA903-shaped extract for one authority and collection year (1 April of
    /// `collectionYear` – 31 March after). LA roles get their own authority; agency roles must
    /// name one. Also as CSV: `GET /reports/ssda903/{collectionYear}/{table}.csv`.
    async fn ssda903_extract(
        &self,
        ctx: &Context<'_>,
        collection_year: i32,
        authority: Option<ID>,
    ) -> async_graphql::Result<Ssda903Extract> {
        let period = Period::financial_year(collection_year, "collectionYear")?;
        let scope = report_scope(ctx, authority.as_ref()).await?;
        let extract = extract(ctx.db()?.conn(), scope, period).await?;
        Ok(Ssda903Extract {
            year: collection_year,
            period,
            authority_id: scope.authority_id().unwrap_or_default(),
            extract,
        })
    }
}
