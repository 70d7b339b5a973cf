//! The command line: `serve` (default), `migrate`, `schema`, `token`.

use std::io::Write;
use std::net::SocketAddr;
use std::time::Duration;

use anyhow::{Context, bail};
use clap::{Args, Parser, Subcommand};
use rand::distr::{Alphanumeric, SampleString};
use tokio::net::TcpListener;

use crate::auth::{Role, TokenSigner, TokenVerifier};
use crate::config::{DatabaseConfig, HttpConfig, JwtConfig, Mode, Secret};
use crate::db::Db;
use crate::http::{AppState, router};
use crate::setup::migrate;
use crate::{authorities, demo};

/// permanence: the early-permanence programme's shared record, as a GraphQL API.
#[derive(Debug, Parser)]
#[command(name = "permanence", version, about)]
pub struct Cli {
    /// What to do (default: serve).
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Database settings.
    #[command(flatten)]
    pub database: DatabaseConfig,
    /// Token settings.
    #[command(flatten)]
    pub jwt: JwtConfig,
    /// Log lines on stderr: `json` (one object per line) or `text` [default: json; text with
    /// `serve --demo`].
    #[arg(long, env = "PERMANENCE_LOG_FORMAT", value_enum, global = true)]
    pub log_format: Option<LogFormat>,
}

impl Cli {
    /// True for `serve --demo`.
    pub fn is_demo(&self) -> bool {
        matches!(&self.command, Some(Command::Serve(args)) if args.demo)
    }

    /// How to log, given `RUST_LOG`: the format asked for, else text for the demo and JSON
    /// otherwise; the filter `RUST_LOG` gives, else `warn` for the demo (its first screen is
    /// the links, not the migrations) and `info` otherwise.
    pub fn log_settings(&self, rust_log: Option<&str>) -> (LogFormat, String) {
        let demo = self.is_demo();
        let format = self.log_format.unwrap_or(if demo {
            LogFormat::Text
        } else {
            LogFormat::Json
        });
        let filter = match rust_log.map(str::trim) {
            Some(filter) if !filter.is_empty() => filter.to_owned(),
            _ if demo => "warn".to_owned(),
            _ => "info".to_owned(),
        };
        (format, filter)
    }
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// One JSON object per line (for log shippers).
    Json,
    /// Human-readable text.
    Text,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Apply migrations and serve the API (the default).
    Serve(ServeArgs),
    /// Apply pending migrations and exit.
    Migrate,
    /// Print the GraphQL schema (SDL).
    Schema,
    /// Print a signed HS256 token made with PERMANENCE_JWT_SECRET (development and tests).
    Token(TokenArgs),
    /// Write a benchmark dataset (scale 1 = national: 150 authorities, 50,000 children, 40,000
    /// placements, 1,000,000 contact sessions) into an empty database, through the store code.
    Seed(SeedArgs),
}

/// `seed` options.
#[derive(Debug, Args)]
pub struct SeedArgs {
    /// Fraction of the national dataset (e.g. `0.01` for 500 children).
    #[arg(long, default_value_t = 1.0)]
    pub scale: f64,
    /// Random seed: the same value gives the same records.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

/// `serve` options.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Seed demo data into an empty database, use a random JWT secret unless one is set, and
    /// print ready-made tokens.
    #[arg(long)]
    pub demo: bool,
    /// HTTP settings.
    #[command(flatten)]
    pub http: HttpConfig,
}

/// `token` options.
#[derive(Debug, Args)]
pub struct TokenArgs {
    /// AGENCY_ADMIN, AGENCY_STAFF, LA_STAFF or LA_READONLY.
    #[arg(long)]
    pub role: String,
    /// DfE LA number (required for LA roles).
    #[arg(long)]
    pub authority: Option<String>,
    /// Subject (user or client id).
    #[arg(long, default_value = "dev-user")]
    pub sub: String,
    /// Lifetime, e.g. `1h`, `30m`.
    #[arg(long, default_value = "1h", value_parser = humantime::parse_duration)]
    pub ttl: Duration,
}

/// Parses the command line; with no subcommand, `serve` with its defaults.
pub fn parse() -> Cli {
    let cli = Cli::parse();
    if cli.command.is_some() {
        return cli;
    }
    Cli::parse_from(std::env::args_os().chain(["serve".into()]))
}

/// Runs the parsed command.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Some(Command::Serve(args)) => serve(cli.database, cli.jwt, args).await,
        Some(Command::Migrate) => {
            let db =
                Db::connect(&cli.database.database_url, cli.database.db_max_connections).await?;
            migrate(&db).await?;
            println!("migrations applied");
            Ok(())
        }
        Some(Command::Schema) => {
            print!("{}", crate::graphql::sdl());
            Ok(())
        }
        Some(Command::Token(args)) => {
            println!("{}", token(&cli.jwt, &args)?);
            Ok(())
        }
        Some(Command::Seed(args)) => {
            let db = Db::connect_with(&cli.database).await?;
            migrate(&db).await.context("applying migrations")?;
            let report = crate::seed::seed(&db, args.scale, args.seed).await?;
            println!(
                "seeded {} authorities, {} children and referrals, {} placements, {} contact sessions in {:.1} s; peak RSS {} MiB",
                report.authorities,
                report.children,
                report.placements,
                report.sessions,
                report.seconds,
                report
                    .peak_rss_kib
                    .map_or("unknown".to_owned(), |k| format!(
                        "{:.1}",
                        k as f64 / 1024.0
                    ))
            );
            db.close().await?;
            Ok(())
        }
        None => bail!("no command"),
    }
}

fn token(jwt: &JwtConfig, args: &TokenArgs) -> anyhow::Result<String> {
    let secret = jwt
        .jwt_secret
        .as_ref()
        .context("set PERMANENCE_JWT_SECRET (the HS256 secret the server uses) to sign tokens")?;
    let role = Role::parse(&args.role).with_context(|| {
        format!(
            "unknown role {:?}: use AGENCY_ADMIN, AGENCY_STAFF, LA_STAFF or LA_READONLY",
            args.role
        )
    })?;
    let authority = match (role.is_agency(), args.authority.as_deref()) {
        (true, Some(_)) => bail!("agency roles take no --authority"),
        (true, None) => None,
        (false, None) => bail!("LA roles need --authority (DfE LA number, e.g. 206)"),
        (false, Some(code)) => Some(
            authorities::model::parse_code(code, "--authority")
                .map_err(|e| anyhow::anyhow!("{e}"))?,
        ),
    };
    TokenSigner::new(secret, jwt.jwt_issuer.clone(), jwt.jwt_audience.clone()).sign(
        &args.sub,
        role.as_str(),
        authority.as_deref(),
        args.ttl,
    )
}

async fn serve(
    database: DatabaseConfig,
    mut jwt: JwtConfig,
    args: ServeArgs,
) -> anyhow::Result<()> {
    if args.http.mode == Mode::Production {
        if args.demo {
            bail!("--demo is for development: it seeds invented data and prints tokens");
        }
        if jwt.jwt_issuer.is_none() || jwt.jwt_audience.is_none() {
            bail!(
                "production mode needs PERMANENCE_JWT_ISSUER and PERMANENCE_JWT_AUDIENCE, so only \
                 tokens your identity provider issued for this service are accepted"
            );
        }
    }
    if jwt.is_empty() && !args.demo {
        bail!(
            "no token verification configured: set PERMANENCE_JWT_SECRET (HS256, at least 32 characters) \
             or PERMANENCE_JWT_PUBLIC_KEY (PEM for RS256/ES256), or run `permanence serve --demo` to try it locally"
        );
    }
    if args.demo && jwt.jwt_secret.is_none() {
        jwt.jwt_secret = Some(Secret::new(
            Alphanumeric.sample_string(&mut rand::rng(), 48),
        ));
    }
    let verifier = TokenVerifier::from_config(&jwt)?;
    verifier
        .prepare()
        .await
        .context("loading PERMANENCE_JWT_JWKS")?;
    let db = Db::connect_with(&database)
        .await
        .context("connecting to DATABASE_URL")?;
    migrate(&db).await.context("applying migrations")?;
    let listener = TcpListener::bind(args.http.listen)
        .await
        .with_context(|| format!("listening on {}", args.http.listen))?;
    let address = listener.local_addr()?;
    if args.demo {
        demo::seed_if_empty(&db)
            .await
            .context("seeding demo data")?;
        if let Some(secret) = &jwt.jwt_secret {
            print_demo_tokens(secret, &jwt, address)?;
        }
    }
    tracing::info!(listen = %address, "permanence serving");
    let state = AppState::new(db, verifier, &args.http);
    let metrics = state.metrics.clone();
    let app = router(state, &args.http);
    crate::server::serve(
        listener,
        app,
        args.http.connection_limits(),
        metrics,
        shutdown_signal(),
    )
    .await;
    Ok(())
}

fn print_demo_tokens(secret: &Secret, jwt: &JwtConfig, address: SocketAddr) -> anyhow::Result<()> {
    let signer = TokenSigner::new(secret, jwt.jwt_issuer.clone(), jwt.jwt_audience.clone());
    let ttl = Duration::from_secs(12 * 3600);
    println!("\npermanence demo — GraphiQL: http://{address}/graphql");
    println!(
        "Open a link to use GraphiQL as that demo user: the token is already in the headers and \
         the schema in the docs,\nwith example queries in the tabs. The token travels in the \
         link's #fragment, which the browser never sends\nto a server. For other clients, send \
         the token as {{\"Authorization\": \"Bearer <token>\"}}. Valid 12 hours.\n"
    );
    for (label, role, authority) in [
        ("AGENCY_ADMIN", "AGENCY_ADMIN", None),
        ("AGENCY_STAFF", "AGENCY_STAFF", None),
        ("LA_STAFF, Islington (206)", "LA_STAFF", Some("206")),
        ("LA_STAFF, Camden (202)", "LA_STAFF", Some("202")),
        ("LA_READONLY, Harrow (310)", "LA_READONLY", Some("310")),
    ] {
        let sub = format!("demo-{}", role.to_lowercase());
        let token = signer.sign(&sub, role, authority, ttl)?;
        println!(
            "{label}:\n{token}\n{}\n",
            graphiql_link(address, role, &token)
        );
    }
    // Flushed now: stdout is block-buffered when it is not a terminal.
    std::io::stdout().flush()?;
    Ok(())
}

/// The GraphiQL address that opens as `role` with `token` in the headers pane: both in the
/// fragment, which stays in the browser.
pub fn graphiql_link(address: SocketAddr, role: &str, token: &str) -> String {
    let headers = serde_json::json!({ "Authorization": format!("Bearer {token}") }).to_string();
    let fragment =
        percent_encoding::utf8_percent_encode(&headers, percent_encoding::NON_ALPHANUMERIC);
    format!("http://{address}/graphql#role={role}&headers={fragment}")
}

/// Resolves on Ctrl-C or SIGTERM; in-flight requests then finish before the server stops.
async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = interrupt => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down: finishing in-flight requests");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cli(args: &[&str]) -> Cli {
        Cli::try_parse_from(std::iter::once("permanence").chain(args.iter().copied()))
            .unwrap_or_else(|err| panic!("{err}"))
    }

    #[test]
    fn the_demo_logs_text_at_warn_unless_told_otherwise() {
        let demo = cli(&["serve", "--demo"]);
        assert_eq!(demo.log_settings(None), (LogFormat::Text, "warn".into()));
        assert_eq!(
            demo.log_settings(Some(" ")),
            (LogFormat::Text, "warn".into())
        );
        assert_eq!(
            demo.log_settings(Some("debug")),
            (LogFormat::Text, "debug".into())
        );
        let json = cli(&["--log-format", "json", "serve", "--demo"]);
        assert_eq!(json.log_settings(None), (LogFormat::Json, "warn".into()));
        let production = cli(&["serve"]);
        assert_eq!(
            production.log_settings(None),
            (LogFormat::Json, "info".into())
        );
        let migrate = cli(&["migrate"]);
        assert_eq!(migrate.log_settings(None), (LogFormat::Json, "info".into()));
    }

    #[test]
    fn a_graphiql_link_carries_the_token_only_in_its_fragment() {
        let address: SocketAddr = "127.0.0.1:8080".parse().unwrap_or_else(|_| unreachable!());
        let link = graphiql_link(address, "LA_STAFF", "a.b-c");
        let (page, fragment) = link.split_once('#').unwrap_or_default();
        assert_eq!(page, "http://127.0.0.1:8080/graphql");
        assert_eq!(
            fragment,
            "role=LA_STAFF&headers=%7B%22Authorization%22%3A%22Bearer%20a%2Eb%2Dc%22%7D"
        );
    }
}
