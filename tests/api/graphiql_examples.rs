//! The example queries each demo role's GraphiQL link opens (`src/http/graphiql/examples.json`)
//! run as that role without an error, so the first thing a new user presses works.

use serde_json::{Value, json};

use crate::helpers::*;

const EXAMPLES: &str = include_str!("../../src/http/graphiql/examples.json");

#[tokio::test]
async fn every_example_query_runs_as_its_role() {
    each_backend(async |app| {
        app.submit_referral(&app.la_staff(ISLINGTON), "ISL-EXAMPLE")
            .await;
        let examples: Value = serde_json::from_str(EXAMPLES).expect("examples.json");
        let roles = examples.as_object().expect("an object of roles");
        assert_eq!(roles.len(), 4, "one list per role");
        for (role, queries) in roles {
            let authority = role.starts_with("LA_").then_some(ISLINGTON);
            let token = app.token(role, authority);
            let queries = queries.as_array().expect("a list of queries");
            assert!(queries.len() >= 3, "{role}: a few examples");
            for query in queries {
                let query = query.as_str().expect("a query");
                let response = app.gql(&token, query, json!({})).await;
                assert!(
                    response.body.get("errors").is_none(),
                    "{role}: {query}\n{}",
                    response.body
                );
                assert!(response.data().is_object(), "{role}: {query}");
            }
        }
        let (status, body, content_type) = app.get(None, "/graphiql/examples.json").await;
        assert_eq!(status, axum::http::StatusCode::OK);
        assert_eq!(
            content_type.as_deref(),
            Some("application/json; charset=utf-8")
        );
        assert_eq!(body, EXAMPLES);
    })
    .await;
}
