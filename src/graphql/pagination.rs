//! Relay connections: `first`/`after` arguments into a [`PageRequest`], and a store [`Page`]
//! into a connection with `totalCount`. Cursors are opaque (base64 of the row id).

use async_graphql::connection::{Connection, Edge, EmptyFields};
use async_graphql::{Context, OutputType, SimpleObject};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use uuid::Uuid;

use crate::error::{AppError, AppResult};
use crate::paging::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, Page, PageRequest};

/// Extra connection fields.
#[derive(SimpleObject)]
pub struct ConnectionTotals {
    /// Number of records matching the filter that the caller may see, across all pages.
    pub total_count: i64,
}

/// A connection of `T` with string cursors and `totalCount`.
pub type Conn<T> = Connection<String, T, ConnectionTotals, EmptyFields>;

/// Validates `first` for a page that must hold at least one row (1–100, default 20).
pub fn page_size(first: Option<i32>) -> AppResult<u64> {
    match first {
        None => Ok(DEFAULT_PAGE_SIZE),
        Some(n) if n >= 1 && n as u64 <= MAX_PAGE_SIZE => Ok(n as u64),
        Some(_) => Err(AppError::invalid(
            "first",
            format!("must be between 1 and {MAX_PAGE_SIZE}"),
        )),
    }
}

/// Validates `first` (1–100, default 20) and `after`; counts all pages only when the field
/// being resolved selects `totalCount`.
pub fn page_request(
    ctx: &Context<'_>,
    first: Option<i32>,
    after: Option<String>,
) -> AppResult<PageRequest> {
    let count = ctx.look_ahead().field("totalCount").exists();
    page_request_counting(first, after, count)
}

/// As [`page_request`], with whether to count given.
pub fn page_request_counting(
    first: Option<i32>,
    after: Option<String>,
    count: bool,
) -> AppResult<PageRequest> {
    let first = match first {
        None => DEFAULT_PAGE_SIZE,
        Some(n) if (0..=MAX_PAGE_SIZE as i32).contains(&n) => n as u64,
        Some(_) => {
            return Err(AppError::invalid(
                "first",
                format!("must be between 0 and {MAX_PAGE_SIZE}"),
            ));
        }
    };
    let after = after.map(|cursor| decode_cursor(&cursor)).transpose()?;
    Ok(PageRequest {
        first,
        after,
        count,
    })
}

/// Builds the connection for a page; `id_of` gives each row's id for its cursor.
pub fn connection<T: OutputType>(page: Page<T>, id_of: impl Fn(&T) -> Uuid) -> Conn<T> {
    let mut connection = Connection::with_additional_fields(
        page.has_previous_page,
        page.has_next_page,
        ConnectionTotals {
            total_count: i64::try_from(page.total_count).unwrap_or(i64::MAX),
        },
    );
    connection.edges.extend(
        page.items
            .into_iter()
            .map(|item| Edge::new(encode_cursor(id_of(&item)), item)),
    );
    connection
}

fn encode_cursor(id: Uuid) -> String {
    URL_SAFE_NO_PAD.encode(format!("cursor:{id}"))
}

fn decode_cursor(cursor: &str) -> AppResult<Uuid> {
    URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|text| {
            text.strip_prefix("cursor:")
                .and_then(|id| Uuid::parse_str(id).ok())
        })
        .ok_or_else(|| AppError::invalid("after", "is not a cursor from this API"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_round_trips_and_garbage_is_refused() {
        let id = Uuid::now_v7();
        assert_eq!(decode_cursor(&encode_cursor(id)).ok(), Some(id));
        assert!(decode_cursor("not-a-cursor").is_err());
    }

    #[test]
    fn page_size_is_capped_at_one_hundred() {
        assert_eq!(
            page_request_counting(None, None, true)
                .map(|p| p.first)
                .ok(),
            Some(20)
        );
        assert_eq!(
            page_request_counting(Some(100), None, true)
                .map(|p| p.first)
                .ok(),
            Some(100)
        );
        assert!(page_request_counting(Some(101), None, true).is_err());
        assert!(page_request_counting(Some(-1), None, true).is_err());
    }
}
