//! The integration tests: the real router, in-process, with real signed tokens and a fresh
//! migrated database per test — on SQLite always, and on PostgreSQL too when
//! `TEST_DATABASE_URL` is set.

mod helpers;

mod adoption_decisions;
mod architecture;
mod asglb;
mod audit;
mod authorities;
mod carers;
mod changes;
mod child_record;
mod children;
mod cli;
mod cohort;
mod contact;
mod contact_report;
mod court;
mod court_orders;
mod field_order;
mod graphiql_examples;
mod identity;
mod matching;
mod operations;
mod outcome_figures;
mod outcome_gaps;
mod outcomes;
mod over_http;
mod placement_start;
mod placements;
mod re_referral;
mod referral_lifecycle;
mod referral_queries;
mod referral_submission;
mod referral_updates;
mod security;
mod seed;
mod ssda903;
mod statements;
mod stored_alerts;
mod support;
