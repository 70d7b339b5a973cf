//! GraphQL for the outcome and recruitment reports.

use async_graphql::{ComplexObject, Context, ID, InputObject, Object};

use super::model::{OutcomeReport, RecruitmentReport, Thresholds, Timeliness};
use super::recruitment::recruitment;
use super::store::outcomes;
use super::timeliness::three_years;
use crate::auth::Scope;
use crate::authorities::model::Authority;
use crate::authorities::store as authorities;
use crate::error::AppError;
use crate::graphql::context::ContextExt;
use crate::graphql::guards::{AGENCY, RoleGuard};
use crate::graphql::node::{expect_id, kinds};
use crate::types::Date;
use crate::types::Period;

/// Most financial years in one series.
pub const MAX_SERIES_YEARS: i32 = 10;

/// A reporting period; both days are included.
#[derive(InputObject)]
pub struct PeriodInput {
    /// First day.
    pub from: Date,
    /// Last day.
    pub to: Date,
}

/// The day thresholds the timeliness shares count against; each defaults when omitted.
#[derive(InputObject, Default)]
pub struct ThresholdsInput {
    /// Default 426 (14 months).
    pub short_days: Option<i32>,
    /// Default 639 (21 months).
    pub long_days: Option<i32>,
}

impl ThresholdsInput {
    fn parse(input: Option<ThresholdsInput>) -> Result<Thresholds, AppError> {
        let input = input.unwrap_or_default();
        Thresholds::new(input.short_days, input.long_days, "thresholds")
    }
}

/// The outcome report's resolved fields.
#[ComplexObject]
impl OutcomeReport {
    /// The authority covered; null in the agency's all-authority report.
    async fn authority(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Authority>> {
        match self.authority_id {
            Some(id) => Ok(ctx.loaders()?.authority(id).await?),
            None => Ok(None),
        }
    }

    /// The timeliness figures over the three years ending on `to` (from the day after the same
    /// date three years earlier), as the adoption scorecard publishes A1 and A10: a three-year
    /// average. Computed only when asked for (one more query).
    async fn three_year_timeliness(&self, ctx: &Context<'_>) -> async_graphql::Result<Timeliness> {
        // The caller's own scope, narrowed as the report was: never wider than the caller's.
        let scope = ctx.scope()?.narrow(self.authority_id)?;
        let conn = ctx.db()?.conn();
        Ok(three_years(conn, scope, self.to.0, self.thresholds).await?)
    }
}

/// Outcome and recruitment reports.
#[derive(Default)]
pub struct OutcomeQuery;

#[Object]
impl OutcomeQuery {
    /// The programme's outcome figures for a period (DESIGN §3.3). LA roles get their own
    /// authority whatever `authority` says (another authority answers `NOT_FOUND`); agency roles
    /// get all authorities together, or the one named.
    async fn outcomes(
        &self,
        ctx: &Context<'_>,
        period: PeriodInput,
        authority: Option<ID>,
        thresholds: Option<ThresholdsInput>,
    ) -> async_graphql::Result<OutcomeReport> {
        let period = Period::new(period.from.0, period.to.0, "period")?;
        let thresholds = ThresholdsInput::parse(thresholds)?;
        let scope = report_scope(ctx, authority.as_ref()).await?;
        Ok(outcomes(ctx.db()?.conn(), scope, period, thresholds).await?)
    }

    /// The same figures for each financial year (1 April – 31 March) from the one starting in
    /// `firstYear` to the one starting in `lastYear`, oldest first; at most 10 years, from 1990.
    async fn outcomes_by_financial_year(
        &self,
        ctx: &Context<'_>,
        first_year: i32,
        last_year: i32,
        authority: Option<ID>,
        thresholds: Option<ThresholdsInput>,
    ) -> async_graphql::Result<Vec<OutcomeReport>> {
        let thresholds = ThresholdsInput::parse(thresholds)?;
        let span = i64::from(last_year) - i64::from(first_year);
        if !(0..i64::from(MAX_SERIES_YEARS)).contains(&span) {
            return Err(AppError::invalid(
                "lastYear",
                format!(
                    "must be from firstYear to firstYear + {}",
                    MAX_SERIES_YEARS - 1
                ),
            )
            .into());
        }
        let scope = report_scope(ctx, authority.as_ref()).await?;
        let conn = ctx.db()?.conn();
        let mut series = Vec::new();
        for year in first_year..=last_year {
            let period = Period::financial_year(year, "firstYear")?;
            series.push(outcomes(conn, scope, period, thresholds).await?);
        }
        Ok(series)
    }

    /// The outcome figures of each authority for a period, by authority code (agency roles).
    #[graphql(guard = "RoleGuard::new(AGENCY)")]
    async fn outcomes_by_authority(
        &self,
        ctx: &Context<'_>,
        period: PeriodInput,
        thresholds: Option<ThresholdsInput>,
    ) -> async_graphql::Result<Vec<OutcomeReport>> {
        let period = Period::new(period.from.0, period.to.0, "period")?;
        let thresholds = ThresholdsInput::parse(thresholds)?;
        let (conn, scope) = (ctx.db()?.conn(), ctx.scope()?);
        let mut reports = Vec::new();
        for authority in authorities::all(conn, scope).await? {
            let narrowed = scope.narrow(Some(authority.id))?;
            reports.push(outcomes(conn, narrowed, period, thresholds).await?);
        }
        Ok(reports)
    }

    /// Carer recruitment for a period: enquiries by ethnicity, follow-up, approval, and
    /// approved households waiting for a match (agency roles).
    #[graphql(guard = "RoleGuard::new(AGENCY)")]
    async fn recruitment(
        &self,
        ctx: &Context<'_>,
        period: PeriodInput,
    ) -> async_graphql::Result<RecruitmentReport> {
        let period = Period::new(period.from.0, period.to.0, "period")?;
        Ok(recruitment(ctx.db()?.conn(), ctx.scope()?, period).await?)
    }
}

/// The caller's scope narrowed to `authority`; an authority the caller cannot see, or that does
/// not exist, answers `NOT_FOUND`.
pub(crate) async fn report_scope(
    ctx: &Context<'_>,
    authority: Option<&ID>,
) -> async_graphql::Result<Scope> {
    let id = authority
        .map(|id| expect_id(id, kinds::AUTHORITY, "authority"))
        .transpose()?;
    Ok(authorities::report_scope(ctx.db()?.conn(), ctx.scope()?, id).await?)
}
