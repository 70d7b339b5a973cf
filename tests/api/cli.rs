//! The `permanence` binary itself: `token`, `schema`, `migrate`, the refusal to serve without
//! token configuration, and the newcomer's `serve --demo`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};

use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::*;

fn permanence(database: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_permanence"));
    command
        .env_remove("PERMANENCE_JWT_SECRET")
        .env_remove("PERMANENCE_JWT_PUBLIC_KEY")
        .env_remove("PERMANENCE_JWT_ALGORITHMS")
        .env_remove("PERMANENCE_JWT_ISSUER")
        .env_remove("PERMANENCE_JWT_AUDIENCE")
        .env("DATABASE_URL", database)
        .env("RUST_LOG", "warn");
    command
}

fn temp_sqlite() -> (String, std::path::PathBuf) {
    let path = std::env::temp_dir().join(format!("permanence-cli-{}.db", Uuid::new_v4()));
    (format!("sqlite://{}?mode=rwc", path.display()), path)
}

fn remove(path: &std::path::Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

#[tokio::test]
async fn token_prints_only_a_token_that_the_server_accepts() {
    let output = permanence("sqlite::memory:")
        .args([
            "token",
            "--role",
            "LA_STAFF",
            "--authority",
            ISLINGTON,
            "--sub",
            "alice",
            "--ttl",
            "5m",
        ])
        .env("PERMANENCE_JWT_SECRET", SECRET)
        .output()
        .expect("run permanence token");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).expect("utf8");
    assert_eq!(stdout.lines().count(), 1, "only the token: {stdout:?}");
    let token = stdout.trim().to_owned();
    assert_eq!(token.split('.').count(), 3);
    each_backend(async |app| {
        let me = app
            .gql(&token, "{ me { sub role authority { code } } }", json!({}))
            .await;
        assert_eq!(
            me.data()["me"],
            json!({ "sub": "alice", "role": "LA_STAFF", "authority": { "code": ISLINGTON } })
        );
    })
    .await;
}

#[test]
fn token_refuses_an_la_role_without_an_authority_and_an_unknown_role() {
    for args in [
        vec!["token", "--role", "LA_STAFF"],
        vec!["token", "--role", "ROOT"],
    ] {
        let output = permanence("sqlite::memory:")
            .args(&args)
            .env("PERMANENCE_JWT_SECRET", SECRET)
            .output()
            .expect("run permanence token");
        assert!(!output.status.success());
        assert!(output.stdout.is_empty());
    }
    let no_secret = permanence("sqlite::memory:")
        .args(["token", "--role", "AGENCY_ADMIN"])
        .output()
        .expect("run permanence token");
    assert!(!no_secret.status.success());
    assert!(String::from_utf8_lossy(&no_secret.stderr).contains("PERMANENCE_JWT_SECRET"));
}

#[test]
fn schema_prints_the_live_sdl() {
    let output = permanence("sqlite::memory:")
        .arg("schema")
        .output()
        .expect("run permanence schema");
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        permanence::graphql::sdl()
    );
}

#[test]
fn serve_without_token_configuration_refuses_and_says_what_to_set() {
    let (url, path) = temp_sqlite();
    let output = permanence(&url)
        .arg("serve")
        .output()
        .expect("run permanence serve");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("PERMANENCE_JWT_SECRET") && stderr.contains("--demo"),
        "{stderr}"
    );
    assert!(
        !path.exists(),
        "nothing should be created before the configuration is valid"
    );
}

#[tokio::test]
async fn migrate_applies_every_migration_to_a_new_database() {
    let (url, path) = temp_sqlite();
    let output = permanence(&url)
        .arg("migrate")
        .output()
        .expect("run permanence migrate");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let db = permanence::db::Db::connect(&url, 2).await.expect("connect");
    use migrations::MigratorTrait;
    let pending = migrations::Migrator::get_pending_migrations(db.conn())
        .await
        .expect("status");
    assert!(pending.is_empty());
    db.close().await.expect("close");
    remove(&path);
}

#[tokio::test]
async fn the_embedded_database_runs_in_wal_mode_with_a_pool() {
    let (url, path) = temp_sqlite();
    let db = permanence::db::Db::connect(&url, 4).await.expect("connect");
    use sea_orm::{ConnectionTrait, Statement};
    let row = db
        .conn()
        .query_one_raw(Statement::from_string(
            db.conn().get_database_backend(),
            "PRAGMA journal_mode",
        ))
        .await
        .expect("pragma")
        .expect("row");
    let mode: String = row.try_get_by_index(0).expect("journal mode");
    assert_eq!(mode, "wal");
    db.close().await.expect("close");
    remove(&path);
}

fn post(address: &str, token: &str, query: &str) -> Value {
    let body = json!({ "query": query }).to_string();
    let mut stream = TcpStream::connect(address).expect("connect to the demo server");
    write!(
        stream,
        "POST /graphql HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .expect("send");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("read");
    let (_, body) = response.split_once("\r\n\r\n").expect("http response");
    serde_json::from_str(body).expect("json body")
}

#[test]
fn serve_demo_seeds_data_prints_tokens_and_answers_queries() {
    let (url, path) = temp_sqlite();
    let (mut child, address, tokens) = start_demo(&url);
    let result = std::panic::catch_unwind(|| {
        assert!(!address.is_empty(), "no GraphiQL address printed");
        let agency = post(
            &address,
            &tokens["AGENCY_ADMIN"],
            "{ authorities { totalCount nodes { code partnership } } referrals(first: 100) { totalCount nodes { status authority { code } } } carerHouseholds(first: 100) { nodes { status } } placements(first: 100) { nodes { status child { authority { code } } } } contactSessions(first: 100) { totalCount nodes { outcome } } careCases { totalCount nodes { concludedOn orders { kind } } } assessments { totalCount } }",
        );
        let data = &agency["data"];
        assert_eq!(data["authorities"]["totalCount"], 7);
        assert!(
            data["authorities"]["nodes"]
                .as_array()
                .expect("nodes")
                .iter()
                .any(|a| a["partnership"] == "SPOT_PURCHASE")
        );
        assert_eq!(
            data["referrals"]["totalCount"], 21,
            "19 children, one referred twice"
        );
        let referrals = data["referrals"]["nodes"].as_array().expect("nodes");
        for status in [
            "SUBMITTED",
            "ACCEPTED",
            "DECLINED",
            "WITHDRAWN",
            "PLACED",
            "CLOSED",
        ] {
            assert!(
                referrals.iter().any(|r| r["status"] == status),
                "no {status} referral"
            );
        }
        let households = data["carerHouseholds"]["nodes"].as_array().expect("nodes");
        for status in ["ENQUIRY", "IN_ASSESSMENT", "APPROVED", "PLACED", "CLOSED"] {
            assert!(
                households.iter().any(|h| h["status"] == status),
                "no {status} household"
            );
        }
        let placements = data["placements"]["nodes"].as_array().expect("nodes");
        for status in [
            "FOSTERING",
            "PLACED_FOR_ADOPTION",
            "ADOPTED",
            "RETURNED_TO_PARENT",
            "RETURNED_TO_RELATIVE",
            "ENDED",
        ] {
            assert!(
                placements.iter().any(|p| p["status"] == status),
                "no {status} placement"
            );
        }
        let sessions = &data["contactSessions"];
        assert_eq!(
            sessions["totalCount"], 60,
            "six sessions on each of ten placements"
        );
        assert!(
            sessions["nodes"]
                .as_array()
                .expect("nodes")
                .iter()
                .any(|s| s["outcome"] == "CANCELLED")
        );
        assert_eq!(
            data["careCases"]["totalCount"], 10,
            "a case for every placed child"
        );
        assert_eq!(data["assessments"]["totalCount"], 10);
        // The outcome report over the last three years tells the early-permanence story: three
        // adoptions, A10 (from entering care to the fostering placement with the adopters) far
        // shorter than A1 (to the day the placement became an adoptive one), a clean extract.
        let outcomes = post(
            &address,
            &tokens["AGENCY_ADMIN"],
            &format!(
                "{{ outcomes(period: {{from: \"{}\", to: \"{}\"}}) {{ placements {{ adopted returnedToParent ended disruptions }} timeliness {{ a1 {{ mean }} a10 {{ mean }} }} }} }}",
                chrono::Utc::now().date_naive() - chrono::Duration::days(3 * 365),
                chrono::Utc::now().date_naive()
            ),
        );
        let report = &outcomes["data"]["outcomes"];
        assert_eq!(report["placements"]["adopted"], 3, "{outcomes}");
        assert_eq!(
            report["placements"]["returnedToParent"], 3,
            "one is the returning child's"
        );
        assert_eq!(report["placements"]["disruptions"], 2);
        let (a1, a10) = (
            report["timeliness"]["a1"]["mean"].as_f64().expect("a1"),
            report["timeliness"]["a10"]["mean"].as_f64().expect("a10"),
        );
        assert!(a10 < a1, "A10 {a10} credits early permanence over A1 {a1}");
        let extract = post(
            &address,
            &tokens["LA_STAFF, Islington (206)"],
            "{ ssda903Extract(collectionYear: 2025) { episodes { child } findings { rule child message } } }",
        );
        assert!(
            extract["data"]["ssda903Extract"]["findings"]
                .as_array()
                .is_some_and(Vec::is_empty),
            "{extract}"
        );
        let cases = data["careCases"]["nodes"].as_array().expect("nodes");
        assert!(
            cases.iter().any(|c| c["concludedOn"].is_null()),
            "some cases still open"
        );
        assert!(
            cases
                .iter()
                .any(|c| c["orders"].to_string().contains("ADOPTION_ORDER"))
        );
        let placing: std::collections::HashSet<&str> = placements
            .iter()
            .filter_map(|p| p["child"]["authority"]["code"].as_str())
            .collect();
        assert!(placing.len() >= 3, "placements over several authorities");
        let authorities: std::collections::HashSet<&str> = referrals
            .iter()
            .filter_map(|r| r["authority"]["code"].as_str())
            .collect();
        assert!(authorities.len() >= 3);
        for (label, code) in [
            ("LA_STAFF, Islington (206)", "206"),
            ("LA_STAFF, Camden (202)", "202"),
            ("LA_READONLY, Harrow (310)", "310"),
        ] {
            let la = post(
                &address,
                &tokens[label],
                "{ referrals { totalCount nodes { authority { code } } } }",
            );
            let nodes = la["data"]["referrals"]["nodes"]
                .as_array()
                .expect("nodes")
                .clone();
            assert!(!nodes.is_empty());
            assert!(
                nodes.iter().all(|r| r["authority"]["code"] == code),
                "{label} saw another authority"
            );
        }
        let staff = post(&address, &tokens["AGENCY_STAFF"], "{ me { role } }");
        assert_eq!(staff["data"]["me"]["role"], "AGENCY_STAFF");
    });
    let _ = child.kill();
    let _ = child.wait();
    remove(&path);
    if let Err(panic) = result {
        std::panic::resume_unwind(panic);
    }
}

#[test]
fn production_mode_refuses_tokens_without_a_configured_issuer_and_audience() {
    let (url, path) = temp_sqlite();
    let output = permanence(&url)
        .arg("serve")
        .env("PERMANENCE_MODE", "production")
        .env(
            "PERMANENCE_JWT_SECRET",
            "a-production-secret-of-at-least-32-chars",
        )
        .output()
        .expect("run permanence serve");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("PERMANENCE_JWT_ISSUER") && stderr.contains("PERMANENCE_JWT_AUDIENCE"),
        "{stderr}"
    );
    assert!(!path.exists());
}

/// Starts `serve --demo` on a free port; returns the child, its address and its printed tokens.
fn start_demo(
    url: &str,
) -> (
    std::process::Child,
    String,
    std::collections::HashMap<String, String>,
) {
    let mut child = permanence(url)
        .args(["serve", "--demo", "--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the demo server");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines().map_while(Result::ok);
    let mut address = String::new();
    let mut tokens = std::collections::HashMap::new();
    while tokens.len() < 5 {
        let Some(line) = lines.next() else { break };
        if let Some(rest) = line.strip_prefix("permanence demo — GraphiQL: http://") {
            address = rest.trim_end_matches("/graphql").to_owned();
        } else if let Some(label) = line.strip_suffix(':') {
            tokens.insert(label.to_owned(), lines.next().unwrap_or_default());
        }
    }
    (child, address, tokens)
}

#[test]
fn shutdown_drains_the_requests_in_flight() {
    let (url, path) = temp_sqlite();
    let (mut child, address, tokens) = start_demo(&url);
    // A request whose body is still arriving when the signal comes is in flight.
    let body = json!({ "query": "{ me { role authority { code } } }" }).to_string();
    let (first, rest) = body.split_at(body.len() / 2);
    let mut stream = TcpStream::connect(&address).expect("connect");
    write!(
        stream,
        "POST /graphql HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{first}",
        tokens["LA_STAFF, Islington (206)"],
        body.len()
    )
    .expect("send the first half");
    stream.flush().expect("flush");
    std::thread::sleep(std::time::Duration::from_millis(300));
    let pid = child.id().to_string();
    let signalled = Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill");
    assert!(signalled.success());
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert!(
        child.try_wait().expect("wait").is_none(),
        "the server waits for the request in flight"
    );
    stream.write_all(rest.as_bytes()).expect("send the rest");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("read");
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains("\"code\":\"206\""), "{response}");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the server did not stop"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    assert!(status.success(), "{status:?}");
    assert!(TcpStream::connect(&address).is_err(), "no longer listening");
    remove(&path);
}
