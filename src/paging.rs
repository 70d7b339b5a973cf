//! Keyset pagination shared by every store: pages ordered by id (UUIDv7, so creation order),
//! with the total count under the same filter when the client asked for it.
//!
//! Invariant: the caller's scope is part of `select` before it reaches [`fetch_page`], so the
//! page and `total_count` count exactly the same, scoped rows.

use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Select,
};
use uuid::Uuid;

use crate::error::AppResult;

/// Largest page a client may ask for.
pub const MAX_PAGE_SIZE: u64 = 100;
/// Page size when the client does not say.
pub const DEFAULT_PAGE_SIZE: u64 = 20;

/// Which page to fetch: up to `first` rows after the row with id `after`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageRequest {
    /// Number of rows wanted (1..=MAX_PAGE_SIZE, or 0 for just the count).
    pub first: u64,
    /// Id of the last row of the previous page.
    pub after: Option<Uuid>,
    /// Whether to count the rows across all pages (the client selected `totalCount`); one
    /// statement saved when not.
    pub count: bool,
}

/// One page of rows.
#[derive(Clone, Debug)]
pub struct Page<T> {
    /// The rows, in id order.
    pub items: Vec<T>,
    /// Whether rows follow this page.
    pub has_next_page: bool,
    /// Whether rows precede this page.
    pub has_previous_page: bool,
    /// Rows matching the filter, across all pages (0 when the request did not ask to count).
    pub total_count: u64,
}

impl<T> Page<T> {
    /// Converts every row, failing on the first error.
    pub fn try_map<U, E>(self, f: impl FnMut(T) -> Result<U, E>) -> Result<Page<U>, E> {
        Ok(Page {
            items: self.items.into_iter().map(f).collect::<Result<_, _>>()?,
            has_next_page: self.has_next_page,
            has_previous_page: self.has_previous_page,
            total_count: self.total_count,
        })
    }
}

/// Fetches one page of `select` (already filtered and scoped), ordered by `id_column`.
pub async fn fetch_page<E, C>(
    conn: &C,
    select: Select<E>,
    id_column: E::Column,
    page: PageRequest,
) -> AppResult<Page<E::Model>>
where
    E: EntityTrait,
    E::Model: Sync,
    C: ConnectionTrait,
{
    let total_count = if page.count {
        select.clone().count(conn).await?
    } else {
        0
    };
    let mut query = select.order_by_asc(id_column);
    if let Some(after) = page.after {
        query = query.filter(id_column.gt(after));
    }
    let mut items = query.limit(page.first + 1).all(conn).await?;
    let has_next_page = items.len() as u64 > page.first;
    items.truncate(page.first as usize);
    Ok(Page {
        items,
        has_next_page,
        has_previous_page: page.after.is_some(),
        total_count,
    })
}
