//! The `permanence` binary: parse the command line, then hand over to the library.

use permanence::cli::LogFormat;
use tracing_subscriber::EnvFilter;

// mimalloc rather than the system allocator: a request allocates many small, short-lived
// objects across worker threads, and glibc's malloc was a quarter of the server's CPU time
// under load (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = permanence::cli::parse();
    let (format, filter) = cli.log_settings(std::env::var("RUST_LOG").ok().as_deref());
    let filter = EnvFilter::try_new(&filter).unwrap_or_else(|_| EnvFilter::new("info"));
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Json => logs
            .json()
            .flatten_event(true)
            .with_current_span(false)
            .init(),
        LogFormat::Text => logs.init(),
    }
    permanence::cli::run(cli).await
}
