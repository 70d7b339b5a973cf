//! `schema.graphql` is the live schema: this test fails when they drift apart.
//! Regenerate with `UPDATE_SCHEMA=1 cargo test --workspace schema` (or `permanence schema`).

#[test]
fn the_committed_schema_matches_the_live_schema() {
    let live = permanence::graphql::sdl();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/schema.graphql");
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(path, &live).expect("write schema.graphql");
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == live,
        "schema.graphql is out of date: run `UPDATE_SCHEMA=1 cargo test --workspace schema` and commit it"
    );
}
