//! `permanence seed`: the benchmark dataset written through the store code, in the proportions
//! promised, the same records for the same seed, on both backends.

use permanence::entities::{audit_events, children, contact_sessions, placements, referrals};
use sea_orm::{EntityTrait, PaginatorTrait, QueryOrder};

use crate::helpers::*;

async fn references(db: &permanence::db::Db) -> Vec<(String, Option<chrono::NaiveDate>, String)> {
    children::Entity::find()
        .order_by_asc(children::Column::LaReference)
        .all(db.conn())
        .await
        .expect("children")
        .into_iter()
        .map(|c| (c.la_reference, c.date_of_birth, c.ethnicity))
        .collect()
}

#[tokio::test]
async fn the_seed_writes_the_promised_proportions_and_repeats_itself() {
    let runs = std::sync::Mutex::new(Vec::new());
    each_empty_database(async |db| {
        let report = permanence::seed::seed(db, 0.002, 42).await.expect("seed");
        // 0.002 of national scale: 100 children, 80 placed, 25 sessions each, 2 authorities.
        assert_eq!(
            (
                report.authorities,
                report.children,
                report.placements,
                report.sessions
            ),
            (2, 100, 80, 2000)
        );
        let conn = db.conn();
        assert_eq!(
            children::Entity::find().count(conn).await.expect("count"),
            100
        );
        assert_eq!(
            referrals::Entity::find().count(conn).await.expect("count"),
            100
        );
        assert_eq!(
            placements::Entity::find().count(conn).await.expect("count"),
            80
        );
        assert_eq!(
            contact_sessions::Entity::find()
                .count(conn)
                .await
                .expect("count"),
            2000
        );
        assert!(
            audit_events::Entity::find()
                .count(conn)
                .await
                .expect("count")
                > 1000
        );
        assert!(report.peak_rss_kib.is_some_and(|k| k > 0));
        assert!(
            permanence::seed::seed(db, 0.002, 42).await.is_err(),
            "a second run into a full database is refused"
        );
        let seen = references(db).await;
        runs.lock().expect("runs").push(seen);
    })
    .await;
    each_empty_database(async |db| {
        permanence::seed::seed(db, 0.002, 42).await.expect("seed");
        let seen = references(db).await;
        runs.lock().expect("runs").push(seen);
    })
    .await;
    let runs = runs.into_inner().expect("runs");
    assert!(runs.len() >= 2);
    assert!(
        runs.windows(2).all(|w| w[0] == w[1]),
        "the same seed gives the same children"
    );
}
