//! `TestApp`: a fresh, migrated database and the real router, plus helpers that say what a
//! test means (`app.la_staff(ISLINGTON)`, `app.gql(..)`, `app.submit_referral(..)`,
//! `app.snapshot()`).

#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicUsize;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use permanence::auth::{Actor, Role, TokenSigner, TokenVerifier};
use permanence::authorities::model::{NewAuthority, Partnership};
use permanence::config::{HttpConfig, JwtConfig, Secret};
use permanence::db::Db;
use permanence::entities::{
    adoption_decisions, assessments, audit_events, authorities, carer_households, children,
    contact_sessions, contact_venues, court_orders, extensions, hearings, idempotency_keys,
    matches, placements, post_adoption_contact, proceedings, referrals, support_work,
};
use permanence::http::{AppState, router};
use permanence::setup::migrate;
use sea_orm::{ConnectionTrait, EntityTrait, QueryOrder};
use serde_json::{Value, json};
use tower::ServiceExt;
use uuid::Uuid;

/// HS256 secret the test server trusts.
pub const SECRET: &str = "permanence-test-secret-0123456789-abcdefghij";

/// The `Accept` header of a current GraphQL client.
pub const MODERN_CLIENT: &str = "application/graphql-response+json, application/json;q=0.9";

/// Partner authority "A".
pub const ISLINGTON: &str = "206";
/// Partner authority "B".
pub const CAMDEN: &str = "202";
/// A spot-purchase authority.
pub const ENFIELD: &str = "308";

/// Runs `test` against a fresh app on SQLite, then on PostgreSQL when `TEST_DATABASE_URL` is set.
pub async fn each_backend(test: impl AsyncFn(&TestApp)) {
    each_backend_with(jwt_config(), test).await;
}

/// As [`each_backend`], with the server verifying tokens per `jwt`.
pub async fn each_backend_with(jwt: JwtConfig, test: impl AsyncFn(&TestApp)) {
    each_backend_configured(jwt, http_config(), test).await;
}

/// As [`each_backend`], with the given token and HTTP settings.
pub async fn each_backend_configured(
    jwt: JwtConfig,
    http: HttpConfig,
    test: impl AsyncFn(&TestApp),
) {
    let app = TestApp::sqlite(jwt.clone(), &http).await;
    test(&app).await;
    app.finish().await;
    if let Ok(url) = std::env::var("TEST_DATABASE_URL") {
        let app = TestApp::postgres(&url, jwt, &http).await;
        test(&app).await;
        app.finish().await;
    }
}

/// Runs `test` with an empty migrated database (no authorities): a temporary SQLite file, and a
/// PostgreSQL database of its own when `TEST_DATABASE_URL` is set.
pub async fn each_empty_database(test: impl AsyncFn(&Db)) {
    let path = std::env::temp_dir().join(format!("permanence-empty-{}.db", Uuid::new_v4()));
    let db = Db::connect(&format!("sqlite://{}?mode=rwc", path.display()), 4)
        .await
        .expect("connect sqlite");
    migrate(&db).await.expect("migrate");
    test(&db).await;
    db.close().await.expect("close");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    if let Ok(admin_url) = std::env::var("TEST_DATABASE_URL") {
        let name = format!("t_{}", Uuid::new_v4().simple());
        let admin = Db::connect(&admin_url, 2).await.expect("connect admin");
        admin
            .conn()
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await
            .expect("create");
        let db = Db::connect(&with_database(&admin_url, &name), 4)
            .await
            .expect("connect");
        migrate(&db).await.expect("migrate");
        test(&db).await;
        db.close().await.expect("close");
        admin
            .conn()
            .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .await
            .expect("drop");
        admin.close().await.expect("close admin");
    }
}

/// The default HTTP settings of the test server (a 64 KiB body limit; no rate limit, since
/// fixtures send many requests as one identity — the rate limit has its own tests).
pub fn http_config() -> HttpConfig {
    HttpConfig {
        max_body_bytes: 64 * 1024,
        rate_limit_per_minute: 0,
        ..HttpConfig::default()
    }
}

/// The default token configuration: HS256 with [`SECRET`].
pub fn jwt_config() -> JwtConfig {
    JwtConfig {
        jwt_secret: Some(Secret::new(SECRET)),
        jwt_leeway_seconds: 5,
        ..JwtConfig::default()
    }
}

/// Where the test database lives, for cleanup.
enum Store {
    Sqlite(PathBuf),
    Postgres {
        admin_url: String,
        name: String,
    },
    /// Another replica's database: cleaned up by the app that made it.
    Shared,
}

/// One app instance with its own database.
pub struct TestApp {
    pub db: Db,
    router: Router,
    state: AppState,
    store: Store,
    signer: TokenSigner,
}

/// A GraphQL response.
pub struct Gql {
    pub status: StatusCode,
    pub body: Value,
}

impl Gql {
    /// `data`, asserting there were no errors.
    pub fn data(&self) -> &Value {
        assert!(
            self.body.get("errors").is_none(),
            "unexpected errors: {}",
            self.body
        );
        &self.body["data"]
    }

    /// `errors[0].extensions.code`.
    pub fn code(&self) -> &str {
        self.body["errors"][0]["extensions"]["code"]
            .as_str()
            .unwrap_or_else(|| panic!("no error code in {}", self.body))
    }

    /// `errors[0].extensions.field`.
    pub fn field(&self) -> &str {
        self.body["errors"][0]["extensions"]["field"]
            .as_str()
            .unwrap_or_else(|| panic!("no error field in {}", self.body))
    }

    /// `errors[0].message`.
    pub fn message(&self) -> &str {
        self.body["errors"][0]["message"]
            .as_str()
            .unwrap_or_default()
    }

    /// Asserts one error with `code` and returns self.
    pub fn expect_code(&self, code: &str) -> &Self {
        assert_eq!(self.code(), code, "response: {}", self.body);
        self
    }
}

impl TestApp {
    async fn sqlite(jwt: JwtConfig, http: &HttpConfig) -> TestApp {
        let path = std::env::temp_dir().join(format!("permanence-test-{}.db", Uuid::new_v4()));
        let url = format!("sqlite://{}?mode=rwc", path.display());
        let db = Db::connect(&url, 4).await.expect("connect sqlite");
        TestApp::start(db, Store::Sqlite(path), jwt, http).await
    }

    async fn postgres(admin_url: &str, jwt: JwtConfig, http: &HttpConfig) -> TestApp {
        let name = format!("t_{}", Uuid::new_v4().simple());
        let admin = Db::connect(admin_url, 2)
            .await
            .expect("connect TEST_DATABASE_URL");
        admin
            .conn()
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await
            .expect("create test database");
        admin.close().await.expect("close admin connection");
        let db = Db::connect(&with_database(admin_url, &name), 4)
            .await
            .expect("connect test database");
        TestApp::start(
            db,
            Store::Postgres {
                admin_url: admin_url.to_owned(),
                name,
            },
            jwt,
            http,
        )
        .await
    }

    async fn start(db: Db, store: Store, jwt: JwtConfig, http: &HttpConfig) -> TestApp {
        migrate(&db).await.expect("migrate");
        let admin = Actor::agency("test-setup", Role::AgencyAdmin).expect("agency actor");
        for (code, name, partnership) in [
            (ISLINGTON, "Islington", Partnership::Partner),
            (CAMDEN, "Camden", Partnership::Partner),
            (ENFIELD, "Enfield", Partnership::SpotPurchase),
        ] {
            let new = NewAuthority::parse(code, name, partnership).expect("valid authority");
            permanence::authorities::store::create(&db, &admin, new)
                .await
                .expect("seed authority");
        }
        let verifier = TokenVerifier::from_config(&jwt).expect("verifier");
        verifier.prepare().await.expect("load the JWKS");
        let state = AppState::new(db.clone(), verifier, http);
        let router = router(state.clone(), http);
        TestApp {
            db,
            router,
            state,
            store,
            signer: TokenSigner::new(&Secret::new(SECRET), None, None),
        }
    }

    /// Drops the test database.
    async fn finish(self) {
        let TestApp { db, store, .. } = self;
        db.close().await.expect("close");
        match store {
            Store::Sqlite(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            Store::Shared => {}
            Store::Postgres { admin_url, name } => {
                let admin = Db::connect(&admin_url, 2).await.expect("connect admin");
                admin
                    .conn()
                    .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .await
                    .expect("drop test database");
                admin.close().await.expect("close admin");
            }
        }
    }

    // ----- tokens -----

    /// A valid token for `role` (and `authority` for LA roles).
    pub fn token(&self, role: &str, authority: Option<&str>) -> String {
        self.signer
            .sign(
                &format!("test-{}", role.to_lowercase()),
                role,
                authority,
                Duration::from_secs(600),
            )
            .expect("sign")
    }
    /// The PostgreSQL database of this app (none on SQLite).
    pub fn postgres_database(&self) -> Option<(String, String)> {
        match &self.store {
            Store::Postgres { admin_url, name } => Some((admin_url.clone(), name.clone())),
            _ => None,
        }
    }

    /// Another server on the same database whose SQL statements are counted.
    pub async fn counting_replica(&self) -> (TestApp, Arc<AtomicUsize>) {
        let counter = Arc::new(AtomicUsize::new(0));
        (self.replica_with(Some(counter.clone())).await, counter)
    }

    /// A second server process in all but name: its own pool, state, metrics and rate limiter
    /// on the same database, as another replica behind a load balancer would be.
    pub async fn replica(&self) -> TestApp {
        self.replica_with(None).await
    }

    async fn replica_with(&self, counter: Option<Arc<AtomicUsize>>) -> TestApp {
        let url = match &self.store {
            Store::Sqlite(path) => format!("sqlite://{}?mode=rwc", path.display()),
            Store::Postgres { admin_url, name } => with_database(admin_url, name),
            Store::Shared => panic!("make replicas from the first app"),
        };
        let mut db = Db::connect(&url, 4).await.expect("connect replica");
        if let Some(counter) = counter {
            db.count_statements(counter);
        }
        let verifier = TokenVerifier::from_config(&jwt_config()).expect("verifier");
        let http = http_config();
        let state = AppState::new(db.clone(), verifier, &http);
        let router = router(state.clone(), &http);
        TestApp {
            db,
            router,
            state,
            store: Store::Shared,
            signer: TokenSigner::new(&Secret::new(SECRET), None, None),
        }
    }

    /// A token for `role` that expires after `ttl`.
    pub fn token_for(&self, role: &str, authority: Option<&str>, ttl: Duration) -> String {
        self.signer
            .sign(
                &format!("test-{}", role.to_lowercase()),
                role,
                authority,
                ttl,
            )
            .expect("sign")
    }

    /// The server's state (its metrics, schema and database).
    pub fn state(&self) -> AppState {
        self.state.clone()
    }

    /// Serves the router on a free local port (for WebSocket clients); stops with the test.
    pub async fn listen(&self) -> std::net::SocketAddr {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let address = listener.local_addr().expect("address");
        let router = self.router.clone();
        let metrics = self.state.metrics.clone();
        let limits = http_config().connection_limits();
        tokio::spawn(permanence::server::serve(
            listener,
            router,
            limits,
            metrics,
            std::future::pending(),
        ));
        address
    }

    pub fn la_staff(&self, authority: &str) -> String {
        self.token("LA_STAFF", Some(authority))
    }
    pub fn la_readonly(&self, authority: &str) -> String {
        self.token("LA_READONLY", Some(authority))
    }
    pub fn agency_staff(&self) -> String {
        self.token("AGENCY_STAFF", None)
    }
    pub fn agency_admin(&self) -> String {
        self.token("AGENCY_ADMIN", None)
    }

    // ----- HTTP -----

    /// Sends one request to the router.
    pub async fn send(&self, request: Request<Body>) -> (StatusCode, Vec<u8>) {
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("router answers");
        let status = response.status();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        (status, bytes.to_vec())
    }

    /// Sends one request and returns the whole response (headers included).
    pub async fn respond(&self, request: Request<Body>) -> axum::response::Response {
        self.router
            .clone()
            .oneshot(request)
            .await
            .expect("router answers")
    }

    /// Sends a request and returns status, body text and content type.
    pub async fn router_response(
        &self,
        request: Request<Body>,
    ) -> (StatusCode, String, Option<String>) {
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("router answers");
        let status = response.status();
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        (
            status,
            String::from_utf8_lossy(&bytes).into_owned(),
            content_type,
        )
    }

    /// GETs `path` with an optional bearer token: status, body text and content type.
    pub async fn get(
        &self,
        token: Option<&str>,
        path: &str,
    ) -> (StatusCode, String, Option<String>) {
        let mut request = Request::builder().uri(path);
        if let Some(token) = token {
            request = request.header("authorization", format!("Bearer {token}"));
        }
        self.router_response(request.body(Body::empty()).expect("request"))
            .await
    }

    /// POSTs a raw body to `/graphql` with an optional bearer token, accepting what a current
    /// GraphQL client accepts (`application/graphql-response+json`, then `application/json`).
    pub async fn post_raw(&self, token: Option<&str>, body: impl Into<Body>) -> Gql {
        self.post_accepting(token, body, MODERN_CLIENT).await
    }

    /// POSTs a raw body to `/graphql` with an optional bearer token and this `Accept` header.
    pub async fn post_accepting(
        &self,
        token: Option<&str>,
        body: impl Into<Body>,
        accept: &str,
    ) -> Gql {
        let mut request = Request::builder()
            .method("POST")
            .uri("/graphql")
            .header("content-type", "application/json")
            .header("accept", accept);
        if let Some(token) = token {
            request = request.header("authorization", format!("Bearer {token}"));
        }
        let (status, bytes) = self.send(request.body(body.into()).expect("request")).await;
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Gql { status, body }
    }

    /// Runs a GraphQL operation as the holder of `token`.
    pub async fn gql(&self, token: &str, query: &str, variables: Value) -> Gql {
        let body = json!({ "query": query, "variables": variables }).to_string();
        self.post_raw(Some(token), body).await
    }

    // ----- fixtures -----

    /// Submits a referral with [`referral_input`] for `reference`, returning the referral.
    pub async fn submit_referral(&self, token: &str, reference: &str) -> Value {
        self.submit_referral_with(token, referral_input(reference))
            .await
    }

    /// Submits a referral with the given input, returning the referral (asserts success).
    pub async fn submit_referral_with(&self, token: &str, input: Value) -> Value {
        let response = self.gql(token, SUBMIT, json!({ "input": input })).await;
        response.data()["submitReferral"]["referral"].clone()
    }

    /// Accepts a referral as agency staff, returning it.
    pub async fn accept(&self, referral: &Value) -> Value {
        let response = self
            .gql(
                &self.agency_staff(),
                ACCEPT,
                json!({ "input": { "id": referral["id"], "version": referral["version"], "acceptedOn": referral["referredOn"] } }),
            )
            .await;
        response.data()["acceptReferral"]["referral"].clone()
    }

    /// Every row of every table, in a stable order: equal snapshots mean nothing changed.
    pub async fn snapshot(&self) -> String {
        let c = self.db.conn();
        [
            dump::<authorities::Entity>(c, authorities::Column::Id).await,
            dump::<children::Entity>(c, children::Column::Id).await,
            dump::<referrals::Entity>(c, referrals::Column::Id).await,
            dump::<idempotency_keys::Entity>(c, idempotency_keys::Column::Id).await,
            dump::<carer_households::Entity>(c, carer_households::Column::Id).await,
            dump::<matches::Entity>(c, matches::Column::Id).await,
            dump::<placements::Entity>(c, placements::Column::Id).await,
            dump::<contact_venues::Entity>(c, contact_venues::Column::Id).await,
            dump::<contact_sessions::Entity>(c, contact_sessions::Column::Id).await,
            dump::<proceedings::Entity>(c, proceedings::Column::Id).await,
            dump::<extensions::Entity>(c, extensions::Column::Id).await,
            dump::<hearings::Entity>(c, hearings::Column::Id).await,
            dump::<court_orders::Entity>(c, court_orders::Column::Id).await,
            dump::<assessments::Entity>(c, assessments::Column::Id).await,
            dump::<post_adoption_contact::Entity>(c, post_adoption_contact::Column::Id).await,
            dump::<support_work::Entity>(c, support_work::Column::Id).await,
            dump::<adoption_decisions::Entity>(c, adoption_decisions::Column::Id).await,
            dump::<audit_events::Entity>(c, audit_events::Column::Id).await,
        ]
        .join("\n")
    }

    /// Number of rows in `referrals`.
    pub async fn referral_count(&self) -> usize {
        referrals::Entity::find()
            .all(self.db.conn())
            .await
            .expect("referrals")
            .len()
    }

    /// The audit actions recorded, oldest first.
    pub async fn audit_actions(&self) -> Vec<String> {
        audit_events::Entity::find()
            .order_by_asc(audit_events::Column::Id)
            .all(self.db.conn())
            .await
            .expect("audit")
            .into_iter()
            .map(|e| e.action)
            .collect()
    }
}

/// Every row of one table, ordered by `order`, as debug text.
async fn dump<E>(conn: &sea_orm::DatabaseConnection, order: E::Column) -> String
where
    E: EntityTrait,
    E::Model: std::fmt::Debug,
{
    let rows = E::find()
        .order_by_asc(order)
        .all(conn)
        .await
        .expect("read table");
    format!("{rows:?}")
}

/// Replaces the database name (last path segment) of a PostgreSQL URL.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let base = base
        .rsplit_once('/')
        .map(|(prefix, _)| prefix)
        .unwrap_or(base);
    match query {
        Some(query) => format!("{base}/{name}?{query}"),
        None => format!("{base}/{name}"),
    }
}

/// Today minus `days`, as an ISO date.
pub fn days_ago(days: i64) -> String {
    (chrono::Utc::now().date_naive() - chrono::Duration::days(days)).to_string()
}

/// A valid submission for a child born 31 days ago, in care from 20 days ago, referred 12 days ago.
pub fn referral_input(reference: &str) -> Value {
    json!({
        "child": {
            "laReference": reference,
            "givenNames": "Test",
            "sex": "FEMALE",
            "dateOfBirth": days_ago(31),
            "ethnicity": "WBRI",
            "legalStatus": "C1",
            "enteredCareOn": days_ago(20),
        },
        "referredOn": days_ago(12),
        "proceedingsStage": "ISSUED",
        "returnHomeUnlikely": true,
        "riskFactors": ["PREVIOUS_CHILD_REMOVED", "SUBSTANCE_MISUSE"],
        "servicesCommissioned": ["PARENTING_ASSESSMENT"],
        "socialWorker": { "name": "Sam Worker", "email": "sam.worker@example.org" },
    })
}

/// The fields tests read back from a referral.
pub const REFERRAL_FIELDS: &str = "id version status route purchaseOrderRef referredOn proceedingsStage \
    returnHomeUnlikely riskFactors riskNotes servicesCommissioned decisionReason decidedAt \
    socialWorker { name email phone } child { id laReference dateOfBirth unborn } authority { code }";

pub const SUBMIT: &str = concat!(
    "mutation($input: SubmitReferralInput!) { submitReferral(input: $input) { replayed referral { ",
    "id version status route purchaseOrderRef referredOn proceedingsStage returnHomeUnlikely riskFactors riskNotes ",
    "servicesCommissioned decisionReason decidedAt socialWorker { name email phone } ",
    "child { id laReference givenNames dateOfBirth expectedDateOfBirth unborn version } authority { code } } } }"
);
pub const ACCEPT: &str = "mutation($input: AcceptReferralInput!) { acceptReferral(input: $input) { referral { id version status decidedAt } } }";
pub const DECLINE: &str = "mutation($input: ReferralDecisionInput!) { declineReferral(input: $input) { referral { id version status decisionReason decidedAt } } }";
pub const WITHDRAW: &str = "mutation($input: ReferralDecisionInput!) { withdrawReferral(input: $input) { referral { id version status decisionReason decidedAt } } }";
pub const UPDATE: &str = "mutation($input: UpdateReferralInput!) { updateReferral(input: $input) { referral { id version status proceedingsStage returnHomeUnlikely riskFactors riskNotes servicesCommissioned purchaseOrderRef socialWorker { name email phone } } } }";
pub const REFERRAL: &str =
    "query($id: ID!) { referral(id: $id) { id version status child { laReference } } }";

// ----- carers, matches, placements -----

pub const HOUSEHOLD_FIELDS: &str = "id version reference primaryCarerName secondCarerName ethnicities languages area latitude longitude fullTimeCarer capacity status fosteringApprovedOn adopterApprovedOn duallyApproved closedReason";
pub const CREATE_HOUSEHOLD: &str = "mutation($input: CreateCarerHouseholdInput!) { createCarerHousehold(input: $input) { household { id version reference primaryCarerName ethnicities languages area latitude longitude fullTimeCarer capacity status enquiryReceivedOn } } }";
pub const UPDATE_HOUSEHOLD: &str = "mutation($input: UpdateCarerHouseholdInput!) { updateCarerHousehold(input: $input) { household { id version status fosteringApprovedOn adopterApprovedOn duallyApproved area } } }";
pub const START_ASSESSMENT: &str = "mutation($input: CarerHouseholdStepInput!) { startCarerAssessment(input: $input) { household { id version status } } }";
pub const APPROVE_HOUSEHOLD: &str = "mutation($input: CarerHouseholdStepInput!) { approveCarerHousehold(input: $input) { household { id version status } } }";
pub const CLOSE_HOUSEHOLD: &str = "mutation($input: CloseCarerHouseholdInput!) { closeCarerHousehold(input: $input) { household { id version status closedReason } } }";
pub const HOUSEHOLD: &str = "query($id: ID!) { carerHousehold(id: $id) { id version status primaryCarerName latitude longitude placements { totalCount nodes { id child { laReference } } } matches { totalCount } } }";
pub const PROPOSE: &str = "mutation($input: ProposeMatchInput!) { proposeMatch(input: $input) { match { id version status carersRelatedToChild household { id primaryCarerName } child { laReference } } } }";
pub const AGREE: &str = "mutation($input: AgreeMatchInput!) { agreeMatch(input: $input) { match { id version status decidedAt } } }";
pub const REJECT: &str = "mutation($input: MatchDecisionInput!) { rejectMatch(input: $input) { match { id version status decisionReason household { id } } } }";
pub const WITHDRAW_MATCH: &str = "mutation($input: MatchDecisionInput!) { withdrawMatch(input: $input) { match { id version status decisionReason } } }";
pub const START_PLACEMENT: &str = "mutation($input: StartPlacementInput!) { startPlacement(input: $input) { placement { id version status startedOn settlingInDays ssda903 { placementType placementProvider reasonEpisodeCeased reasonPlaceChange } referral { status } match { status } household { id status } child { laReference } } } }";
pub const PLACEMENT_RESULT: &str = "id version status startedOn placementOrderOn placedForAdoptionOn adoptionBasis adoptionOrderOn adoptionApplication endedOn endReason disruptionReason disrupted relativeArrangement ssda903 { placementType placementProvider reasonEpisodeCeased reasonPlaceChange } household { id status }";

/// Household creation input with the given reference.
pub fn household_input(reference: &str) -> Value {
    json!({
        "reference": reference,
        "primaryCarerName": format!("Carer {reference}"),
        "secondCarerName": "Second Carer",
        "ethnicities": ["WBRI", "BCRB"],
        "languages": ["English"],
        "area": "n7",
        "location": { "latitude": 51.5500, "longitude": -0.1100 },
        "fullTimeCarer": true,
        "capacity": "ONE_CHILD",
        "enquiryReceivedOn": days_ago(1200),
    })
}

impl TestApp {
    /// Creates a household from `input` and takes it to APPROVED with both approval dates.
    pub async fn approved_household_with(&self, input: Value) -> Value {
        self.approved_household_dated(input, &days_ago(1000), &days_ago(990))
            .await
    }

    /// As [`Self::approved_household_with`], approved to foster on `fostering` and to adopt on
    /// `adopter`.
    pub async fn approved_household_dated(
        &self,
        input: Value,
        fostering: &str,
        adopter: &str,
    ) -> Value {
        let agency = self.agency_staff();
        let created = self
            .gql(&agency, CREATE_HOUSEHOLD, json!({ "input": input }))
            .await;
        let household = created.data()["createCarerHousehold"]["household"].clone();
        let step = |h: &Value| json!({ "input": { "id": h["id"], "version": h["version"] } });
        let assessed = self.gql(&agency, START_ASSESSMENT, step(&household)).await;
        let assessed = assessed.data()["startCarerAssessment"]["household"].clone();
        let dated = self
            .gql(
                &agency,
                UPDATE_HOUSEHOLD,
                json!({ "input": { "id": assessed["id"], "version": assessed["version"],
                    "fosteringApprovedOn": fostering, "adopterApprovedOn": adopter } }),
            )
            .await;
        let dated = dated.data()["updateCarerHousehold"]["household"].clone();
        let approved = self.gql(&agency, APPROVE_HOUSEHOLD, step(&dated)).await;
        approved.data()["approveCarerHousehold"]["household"].clone()
    }

    /// An approved one-child household with the default input.
    pub async fn approved_household(&self, reference: &str) -> Value {
        self.approved_household_with(household_input(reference))
            .await
    }

    /// A referral of `authority` for `reference`, accepted by the agency.
    pub async fn accepted_referral(&self, authority: &str, reference: &str) -> Value {
        let submitted = self
            .submit_referral(&self.la_staff(authority), reference)
            .await;
        self.accept(&submitted).await
    }

    /// Proposes `household` for `referral` as agency staff, returning the match.
    pub async fn proposed_match(&self, referral: &Value, household: &Value) -> Value {
        let input =
            json!({ "input": { "referralId": referral["id"], "householdId": household["id"] } });
        self.gql(&self.agency_staff(), PROPOSE, input).await.data()["proposeMatch"]["match"].clone()
    }

    /// Proposes and agrees (as the child's LA) a match.
    pub async fn agreed_match(
        &self,
        authority: &str,
        referral: &Value,
        household: &Value,
    ) -> Value {
        let proposed = self.proposed_match(referral, household).await;
        let input = json!({ "input": { "id": proposed["id"], "version": proposed["version"] } });
        self.gql(&self.la_staff(authority), AGREE, input)
            .await
            .data()["agreeMatch"]["match"]
            .clone()
    }

    /// Accepted referral → approved household → agreed match → placement started 10 days ago.
    pub async fn placement(&self, authority: &str, reference: &str, household: &Value) -> Value {
        let referral = self.accepted_referral(authority, reference).await;
        let agreed = self.agreed_match(authority, &referral, household).await;
        let input = json!({ "input": { "matchId": agreed["id"], "startedOn": days_ago(10) } });
        self.gql(&self.agency_staff(), START_PLACEMENT, input)
            .await
            .data()["startPlacement"]["placement"]
            .clone()
    }
}

/// A small named query every role may run.
pub const MINE: &str = "query Mine { referrals(first: 5) { totalCount } }";

impl TestApp {
    /// Opens the care case (issued 12 days ago) of the child of `placement`, as agency staff; a
    /// placement order is recorded in it.
    pub async fn open_case_for(&self, placement: &Value) -> Value {
        let agency = self.agency_staff();
        let child = self
            .gql(
                &agency,
                "query($id: ID!) { placement(id: $id) { child { id } } }",
                json!({ "id": placement["id"] }),
            )
            .await
            .data()["placement"]["child"]["id"]
            .clone();
        let input = json!({ "input": { "childId": child, "court": "East London Family Court", "caseNumber": "ZE26C00001", "issuedOn": days_ago(12) } });
        self.gql(
            &agency,
            "mutation($input: OpenCareCaseInput!) { openCareCase(input: $input) { case { id version } } }",
            input,
        )
        .await
        .data()["openCareCase"]["case"]
            .clone()
    }
}

/// The financial year (its April) and quarter (1–4) of today, for the ASGLB return.
pub fn current_quarter() -> (i32, u32) {
    use chrono::Datelike;
    let today = chrono::Utc::now().date_naive();
    match today.month() {
        1..=3 => (today.year() - 1, 4),
        m => (today.year(), (m - 1) / 3),
    }
}
