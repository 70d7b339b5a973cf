//! The report types. Each field's doc comment is the figure's definition — what is counted,
//! when its clock starts and stops, who is left out and why — and becomes its GraphQL
//! description. All dates are inclusive; "in the period" means `from` ≤ date ≤ `to`.

use async_graphql::SimpleObject;
use uuid::Uuid;

use crate::children::model::Ethnicity;
use crate::types::Date;

pub use super::measures::{Missing, OutcomeMix, Thresholds};

/// Days in an average month (365.25 ÷ 12), for ages in months.
pub const DAYS_PER_MONTH: f64 = 30.4375;

/// How many values a figure summarises, their mean and their median, and who it left out.
#[derive(SimpleObject, Clone, Debug, Default, PartialEq)]
pub struct Figure {
    /// How many children (or cases, or households) the figure covers.
    pub count: i32,
    /// The mean, to one decimal place; null when the count is 0.
    pub mean: Option<f64>,
    /// The median (the middle value, or the mean of the two middle values), to one decimal
    /// place; null when the count is 0.
    pub median: Option<f64>,
    /// For a figure in days: the mean in months (days ÷ 30.4375), one decimal place; null for
    /// figures not in days, or when the count is 0.
    pub mean_months: Option<f64>,
    /// For a figure in days: the median in months; null otherwise.
    pub median_months: Option<f64>,
    /// The children the figure should cover but cannot, because a date it needs is not
    /// recorded: `count` + `missing.count` is the whole cohort (e.g. the placements started).
    pub missing: Missing,
}

/// Referrals received.
#[derive(SimpleObject, Clone, Debug, Default, PartialEq)]
pub struct ReferralFigures {
    /// Referrals received in the period (any status, including declined and withdrawn).
    pub received: i32,
    /// Of those, referrals made before the child was born: the referral date is before the date
    /// of birth, or the child is still unborn.
    pub before_birth: i32,
    /// Of those, referrals made before the child's first birthday (includes `beforeBirth`).
    pub before_first_birthday: i32,
    /// `beforeBirth` ÷ `received`, to three decimal places; null when none were received.
    pub before_birth_share: Option<f64>,
    /// `beforeFirstBirthday` ÷ `received`; null when none were received.
    pub before_first_birthday_share: Option<f64>,
    /// Children referred in the period, each once however many referrals it had (a child
    /// referred again after a return home is one child).
    pub children: i32,
    /// Of those, children referred at or before birth: their earliest referral in the period is
    /// on or before the date of birth (a referral on the day of birth counts), or they are still
    /// unborn — the programme's measure of early identification.
    pub children_at_or_before_birth: i32,
    /// `childrenAtOrBeforeBirth` ÷ `children`, to three decimal places; null when none.
    pub children_at_or_before_birth_share: Option<f64>,
    /// Of those, children whose earliest referral in the period came before their first
    /// birthday (includes `childrenAtOrBeforeBirth`).
    pub children_before_first_birthday: i32,
    /// `childrenBeforeFirstBirthday` ÷ `children`; null when none.
    pub children_before_first_birthday_share: Option<f64>,
}

/// Placements started and how they ended.
#[derive(SimpleObject, Clone, Debug, Default, PartialEq)]
pub struct PlacementFigures {
    /// Placements that started in the period.
    pub started: i32,
    /// Placements that ended in adoption by the carers: adoption order made in the period.
    pub adopted: i32,
    /// Placements that ended with the child returning to a birth parent in the period.
    pub returned_to_parent: i32,
    /// Placements that ended with the child going to live with a relative in the period
    /// (child arrangements order, special guardianship order, or no order).
    pub returned_to_relative: i32,
    /// Placements that ended in the period any other way (status ENDED: a disruption or
    /// another move while still looked after).
    pub ended: i32,
    /// Of `ended`, the disruptions: ended with a disruption reason (carer or child asked for the
    /// end, allegation, standards concern, approval removed, or the LA asked: SSDA903 CREQB,
    /// CREQO, CHILD, ALLEG, STAND, APPRR, LAREQ), or ended after the child had been placed for
    /// adoption with the carers.
    pub disruptions: i32,
    /// Placements open on the last day of the period (started on or before it, not ended by it).
    pub open_at_end: i32,
    /// Of `openAtEnd`, those still in proceedings on the last day: no placement order by then
    /// and no care case of the child's concluded (final order) by then.
    pub still_in_proceedings: i32,
}

/// How long children waited, in days from entering care. A child without a recorded
/// entered-care date is left out of each figure here (the clock has no start) and counted in
/// its `missing`.
#[derive(SimpleObject, Clone, Debug, Default, PartialEq)]
pub struct Timeliness {
    /// Entering care → placement with the carers, for placements started in the period.
    pub days_to_placement: Figure,
    /// Entering care → placement order, for placement orders made in the period.
    pub days_to_placement_order: Figure,
    /// Entering care → placed for adoption with the carers, for children placed for adoption
    /// in the period.
    pub days_to_placed_for_adoption: Figure,
    /// Entering care → adoption order, for children adopted in the period.
    pub days_to_adoption_order: Figure,
    /// Adoption scorecard A1, for children adopted in the period: entering care → moving in
    /// with the adoptive family, which for these children is the date the placement became an
    /// adoptive placement (placed for adoption). Early-permanence children look slow on A1.
    pub a1: Figure,
    /// Adoption scorecard A10, for children adopted in the period: as A1, but for a child
    /// adopted by its foster carers the clock stops on the day the *fostering* placement with
    /// them began. Every adoption through the programme is by the foster carers, so A10 runs
    /// from entering care to the start of the placement — the measure that credits early
    /// permanence.
    pub a10: Figure,
    /// Mean days A10 credits over A1 (A1 mean − A10 mean; same children); null when none.
    pub a10_credit_days: Option<f64>,
    /// Share of the children adopted in the period whose A10 was at most 426 days (14 months,
    /// the final A1 threshold); null when none were adopted.
    #[graphql(
        deprecation = "use the *WithinShortShare / *WithinLongShare fields; this one is null unless the thresholds are the defaults"
    )]
    pub a10_within_426_days_share: Option<f64>,
    /// Share whose A10 was at most 639 days (21 months, the first scorecard threshold and the
    /// concurrent-planning benchmark); null when none were adopted.
    #[graphql(
        deprecation = "use the *WithinShortShare / *WithinLongShare fields; this one is null unless the thresholds are the defaults"
    )]
    pub a10_within_639_days_share: Option<f64>,
    /// Share whose A1 was at most 426 days, for comparison with A10; null when none.
    #[graphql(
        deprecation = "use the *WithinShortShare / *WithinLongShare fields; this one is null unless the thresholds are the defaults"
    )]
    pub a1_within_426_days_share: Option<f64>,
    /// The thresholds the shares below count against (arguments of the report).
    pub thresholds: Thresholds,
    /// Share of the children adopted in the period whose A1 was at most `shortDays`.
    pub a1_within_short_share: Option<f64>,
    /// Share whose A1 was at most `longDays`.
    pub a1_within_long_share: Option<f64>,
    /// Share whose A10 was at most `shortDays`.
    pub a10_within_short_share: Option<f64>,
    /// Share whose A10 was at most `longDays`.
    pub a10_within_long_share: Option<f64>,
    /// Of the placement orders made in the period, the share made within `longDays` of the
    /// child entering care; null when none were made.
    pub placement_order_within_long_share: Option<f64>,
    /// Entering care → adoption order, for children adopted in the period who entered care
    /// before their first birthday (the programme's babies), separately.
    pub days_to_adoption_order_entered_under_one: Figure,
}

/// Ages, in months (days ÷ 30.4375). Children without a recorded date of birth are left out
/// and counted in `missing`.
#[derive(SimpleObject, Clone, Debug, Default, PartialEq)]
pub struct Ages {
    /// Age when the placement with the carers began, for placements started in the period.
    pub at_placement_months: Figure,
    /// Age at the adoption order, for children adopted in the period.
    pub at_adoption_order_months: Figure,
}

/// Moves before permanence.
#[derive(SimpleObject, Clone, Debug, Default, PartialEq)]
pub struct Moves {
    /// For children who reached permanence in the period (adopted, or returned to a parent or
    /// relative): the child's earlier placements through the programme, plus one if the child
    /// entered care before its first programme placement began (it lived somewhere else first).
    /// Moves the service cannot see (between other carers before referral) are not counted.
    /// A child without a recorded entered-care date is counted in `missing`.
    pub before_permanence: Figure,
    /// Of those children, how many reached permanence with no move at all.
    pub without_a_move: i32,
}

/// Care proceedings timescales (Children Act 1989 s32(1)(a): 26 weeks from issue).
#[derive(SimpleObject, Clone, Debug, Default, PartialEq)]
pub struct ProceedingsFigures {
    /// Care cases concluded (final order made) in the period.
    pub concluded: i32,
    /// Weeks from issue to final order (days ÷ 7), for cases concluded in the period.
    pub weeks_to_final_order: Figure,
    /// Of `concluded`, those concluded within 26 weeks (182 days) of issue.
    pub within_26_weeks: i32,
    /// `within26Weeks` ÷ `concluded`; null when none concluded.
    pub within_26_weeks_share: Option<f64>,
    /// Of `concluded`, those the court extended at least once.
    pub extended: i32,
    /// Cases open on the last day of the period that were issued more than 26 weeks before it.
    pub open_past_26_weeks_at_end: i32,
}

/// Supervised contact, for sessions scheduled to start in the period (UK dates).
#[derive(SimpleObject, Clone, Debug, Default, PartialEq)]
pub struct ContactFigures {
    /// Sessions offered: scheduled to start in the period, whatever became of them.
    pub offered: i32,
    /// Recorded ATTENDED.
    pub attended: i32,
    /// Recorded PARENT_LATE.
    pub late: i32,
    /// Recorded PARENT_DID_NOT_ATTEND.
    pub missed: i32,
    /// Recorded CANCELLED by a parent.
    pub cancelled_by_parent: i32,
    /// Recorded CANCELLED by the carers.
    pub cancelled_by_carer: i32,
    /// Recorded CANCELLED by the agency.
    pub cancelled_by_agency: i32,
    /// Recorded CANCELLED by the court.
    pub cancelled_by_court: i32,
    /// Recorded CANCELLED because of illness.
    pub cancelled_for_illness: i32,
    /// Offered sessions with no outcome recorded yet.
    pub not_recorded: i32,
    /// Settling-in alerts raised on sessions in the period: contact within 7 days of the
    /// placement starting.
    pub settling_in_alerts: i32,
    /// Frequency alerts: sessions in a 7-day window holding more than 3 sessions.
    pub frequency_alerts: i32,
    /// Travel alerts: sessions at a venue more than 20 miles from the carers' home.
    pub travel_alerts: i32,
}

/// The programme's outcome figures for one period and one authority (or all of them). Its
/// resolved fields (`authority`, `threeYearTimeliness`) are in `graphql.rs`.
#[derive(SimpleObject, Clone, Debug, PartialEq)]
#[graphql(complex)]
pub struct OutcomeReport {
    /// First day of the period.
    pub from: Date,
    /// Last day of the period.
    pub to: Date,
    /// The authority covered; null in the agency's all-authority report.
    #[graphql(skip)]
    pub authority_id: Option<Uuid>,
    /// The thresholds asked for (for the three-year figures).
    #[graphql(skip)]
    pub thresholds: Thresholds,
    /// Referrals received.
    pub referrals: ReferralFigures,
    /// Placements started and ended.
    pub placements: PlacementFigures,
    /// How the children's journeys ended, counting children.
    pub outcome_mix: OutcomeMix,
    /// Days from entering care to each step, A1 and A10.
    pub timeliness: Timeliness,
    /// Ages at placement and adoption order.
    pub ages: Ages,
    /// Moves before permanence.
    pub moves: Moves,
    /// Care proceedings against the 26-week limit.
    pub proceedings: ProceedingsFigures,
    /// Supervised contact.
    pub contact: ContactFigures,
}

/// Carer enquiries with one ethnicity.
#[derive(SimpleObject, Clone, Debug, PartialEq)]
pub struct EthnicityEnquiries {
    /// An ethnicity recorded for a carer in the household (a household with two ethnicities
    /// counts under each).
    pub ethnicity: Ethnicity,
    /// Enquiries received in the period from households recording it.
    pub enquiries: i32,
    /// Of those, followed up (a follow-up date is recorded).
    pub followed_up: i32,
    /// Of those, approved both to foster and to adopt (by now).
    pub reached_approval: i32,
}

/// Carer recruitment across the agency (agency roles only; households are not an authority's).
#[derive(SimpleObject, Clone, Debug, PartialEq)]
pub struct RecruitmentReport {
    /// First day of the period.
    pub from: Date,
    /// Last day of the period.
    pub to: Date,
    /// Enquiries received in the period (one per household).
    pub enquiries: i32,
    /// Of those, followed up (a follow-up date is recorded).
    pub followed_up: i32,
    /// `followedUp` ÷ `enquiries`; null when none.
    pub followed_up_share: Option<f64>,
    /// Of those, approved both to foster and to adopt (by now).
    pub reached_approval: i32,
    /// `reachedApproval` ÷ `enquiries`; null when none.
    pub reached_approval_share: Option<f64>,
    /// Enquiries by ethnicity, only ethnicities with at least one enquiry, in code order.
    pub by_ethnicity: Vec<EthnicityEnquiries>,
    /// Households waiting for a match on the last day of the period, in days: approved both to
    /// foster and to adopt on or before it, no placement open on it, not closed (closed
    /// households are left out: the closure date is not recorded). The wait runs from the later
    /// of the approval and the end of the household's last placement.
    pub waiting_for_a_match_days: Figure,
    /// The longest of those waits, in days; null when none is waiting.
    pub longest_wait_days: Option<i32>,
}

/// `part ÷ whole` to three decimal places; none when `whole` is 0.
pub fn share(part: i32, whole: i32) -> Option<f64> {
    (whole > 0).then(|| round(f64::from(part) / f64::from(whole), 3))
}

/// `value` rounded to `places` decimal places.
pub fn round(value: f64, places: i32) -> f64 {
    let scale = 10f64.powi(places);
    (value * scale).round() / scale
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_are_rounded_and_absent_without_a_whole() {
        assert_eq!(share(2, 3), Some(0.667));
        assert_eq!(share(0, 0), None);
        assert_eq!(round(12.25, 1), 12.3);
    }
}
