//! Database connection: pool settings per backend, and write transactions.
//!
//! Invariants:
//! - SQLite runs in WAL mode with a pool of several connections (sea-orm's default is one), so
//!   reads do not queue behind each other.
//! - SQLite allows one writer at a time; a second writer that upgrades a read transaction fails
//!   with "database is locked" rather than waiting. So on SQLite every write transaction first
//!   takes a process-wide writer lock ([`Db::begin_write`]) and then SQLite's own write lock
//!   with a first statement that writes (so another process's writer is waited for, up to the
//!   busy timeout); PostgreSQL needs neither.
//! - Inside a transaction, code uses the transaction handle, never the pool.

use std::{ops::Deref, sync::Arc, time::Duration};

use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseBackend, DatabaseConnection,
    DatabaseTransaction, TransactionTrait,
};
use tokio::sync::{Mutex, OwnedMutexGuard};

use crate::config::DatabaseConfig;
use crate::error::AppResult;

/// A pooled connection plus the SQLite writer lock.
#[derive(Clone)]
pub struct Db {
    conn: DatabaseConnection,
    writer: Option<Arc<Mutex<()>>>,
}

/// A write transaction; holds the SQLite writer lock until committed or dropped.
pub struct WriteTxn {
    txn: DatabaseTransaction,
    _writer: Option<OwnedMutexGuard<()>>,
}

impl Deref for WriteTxn {
    type Target = DatabaseTransaction;
    fn deref(&self) -> &DatabaseTransaction {
        &self.txn
    }
}

impl WriteTxn {
    /// Commits the transaction and releases the writer lock.
    pub async fn commit(self) -> AppResult<()> {
        self.txn.commit().await?;
        Ok(())
    }
}

/// A pooled connection idle this long is pinged before it is handed out; busier ones are not.
pub const PING_IF_IDLE_FOR: Duration = Duration::from_secs(1);

impl Db {
    /// Connects to `url` with up to `max_connections` pooled connections and default timeouts.
    pub async fn connect(url: &str, max_connections: u32) -> anyhow::Result<Db> {
        Db::connect_with(&DatabaseConfig::new(url, max_connections)).await
    }

    /// Connects with the configured pool size and timeouts; on PostgreSQL every connection gets
    /// the configured `statement_timeout`, so a runaway query is cancelled by the server.
    pub async fn connect_with(config: &DatabaseConfig) -> anyhow::Result<Db> {
        let url = config.database_url.as_str();
        let mut options = ConnectOptions::new(url.to_owned());
        options
            .max_connections(config.db_max_connections.max(2))
            .min_connections(1)
            .acquire_timeout(config.db_acquire_timeout)
            // Pinging every connection handed out doubled the round trips of every statement;
            // only one idle long enough to have been dropped (a restart, a proxy) is pinged.
            .test_before_acquire_if_idle_for(PING_IF_IDLE_FOR)
            .sqlx_logging(false);
        let statement_ms = config.db_statement_timeout.as_millis().to_string();
        options.map_sqlx_postgres_opts(move |opts| {
            opts.options([("statement_timeout", statement_ms.as_str())])
        });
        let is_sqlite = url.starts_with("sqlite:");
        if is_sqlite {
            options.map_sqlx_sqlite_opts(|opts| {
                opts.journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Normal)
                    .foreign_keys(true)
                    .busy_timeout(Duration::from_secs(10))
            });
        }
        let conn = Database::connect(options).await?;
        Ok(Db {
            writer: (conn.get_database_backend() == DatabaseBackend::Sqlite)
                .then(|| Arc::new(Mutex::new(()))),
            conn,
        })
    }

    /// Counts every SQL statement sent through the pool into `counter` (benchmarks and the test
    /// that the statements per request do not grow with page size). Call before cloning.
    pub fn count_statements(&mut self, counter: Arc<std::sync::atomic::AtomicUsize>) {
        self.conn.set_metric_callback(move |_| {
            counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        });
    }

    /// The pool, for reads outside a transaction.
    pub fn conn(&self) -> &DatabaseConnection {
        &self.conn
    }

    /// Begins a write transaction (taking the writer lock on SQLite).
    pub async fn begin_write(&self) -> AppResult<WriteTxn> {
        let guard = match &self.writer {
            Some(lock) => Some(lock.clone().lock_owned().await),
            None => None,
        };
        let txn = self.conn.begin().await?;
        if guard.is_some() {
            // Take SQLite's write lock now, before the transaction has read anything: a
            // transaction that reads first and writes later cannot wait for another process's
            // writer and fails at once with "database is locked"; one that starts by writing
            // waits up to the busy timeout.
            txn.execute_unprepared("UPDATE authorities SET version = version WHERE 0 = 1")
                .await?;
        }
        Ok(WriteTxn {
            txn,
            _writer: guard,
        })
    }

    /// Pooled connections `(in use, idle)`.
    pub fn pool_stats(&self) -> (i64, i64) {
        let (size, idle) = match self.conn.get_database_backend() {
            DatabaseBackend::Sqlite => {
                let pool = self.conn.get_sqlite_connection_pool();
                (pool.size(), pool.num_idle())
            }
            DatabaseBackend::Postgres => {
                let pool = self.conn.get_postgres_connection_pool();
                (pool.size(), pool.num_idle())
            }
            _ => (0, 0),
        };
        let idle = i64::try_from(idle).unwrap_or(i64::MAX);
        (i64::from(size) - idle, idle)
    }

    /// True when the database answers a trivial query.
    pub async fn ping(&self) -> bool {
        self.conn.execute_unprepared("SELECT 1").await.is_ok()
    }

    /// Closes every pooled connection.
    pub async fn close(self) -> anyhow::Result<()> {
        self.conn.close().await?;
        Ok(())
    }
}
