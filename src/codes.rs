//! [`code_enum!`]: closed code lists (statuses, SSDA903 codes) stored as text and exposed as
//! GraphQL enums. Each variant has one spelling, used in the database and in GraphQL alike.

/// Declares an enum whose variants are stored as the given strings.
///
/// Generates `as_str`, `parse` (exact spelling) and `ALL`, plus the `async_graphql::Enum`
/// derive (its GraphQL names are the same strings).
#[macro_export]
macro_rules! code_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $code:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(async_graphql::Enum, Copy, Clone, Debug, PartialEq, Eq, Hash, serde::Serialize)]
        $vis enum $name {
            $( $(#[$vmeta])* #[graphql(name = $code)] #[serde(rename = $code)] $variant, )+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[ $( $name::$variant, )+ ];

            /// The stored (and GraphQL) spelling.
            pub fn as_str(self) -> &'static str {
                match self { $( $name::$variant => $code, )+ }
            }

            /// Parses the stored spelling.
            pub fn parse(value: &str) -> Option<$name> {
                match value { $( $code => Some($name::$variant), )+ _ => None }
            }
        }
    };
}

/// Parses a stored code, turning an unknown value (a corrupt row) into an internal error.
pub fn stored<T>(
    value: &str,
    parse: fn(&str) -> Option<T>,
    what: &str,
) -> crate::error::AppResult<T> {
    parse(value).ok_or_else(|| {
        crate::error::AppError::Internal(anyhow::anyhow!("unknown stored {what} code {value:?}"))
    })
}

/// Parses a comma-separated list of stored codes.
pub fn stored_list<T>(
    value: &str,
    parse: fn(&str) -> Option<T>,
    what: &str,
) -> crate::error::AppResult<Vec<T>> {
    value
        .split(',')
        .filter(|part| !part.is_empty())
        .map(|part| stored(part, parse, what))
        .collect()
}

/// Joins codes into their stored comma-separated form.
pub fn join_codes<T: Copy>(values: &[T], as_str: fn(T) -> &'static str) -> String {
    values
        .iter()
        .map(|v| as_str(*v))
        .collect::<Vec<_>>()
        .join(",")
}
