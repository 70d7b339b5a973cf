//! Free-text input rules shared by every aggregate: trimmed, length-limited, no control
//! characters. Errors name the GraphQL input field.

use crate::error::{AppError, AppResult};

/// Characters that show nothing: zero-width spaces and joiners, direction marks, embeddings,
/// overrides and isolates, the word joiner and invisible operators, the byte-order mark, the
/// soft hyphen.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}'
        | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFA0}')
}

/// Whether `value` shows nothing: empty, or only whitespace and invisible characters.
pub fn is_blank(value: &str) -> bool {
    value.chars().all(|c| c.is_whitespace() || is_invisible(c))
}

/// A required text field (a name, a reference): trimmed, not blank — and not made only of
/// invisible or direction-override characters, which would look blank — at most `max`
/// characters.
pub fn required_text(value: &str, max: usize, field: &str) -> AppResult<String> {
    if is_blank(value) {
        return Err(AppError::invalid(field, "must not be blank"));
    }
    optional_text(Some(value), max, field)?
        .ok_or_else(|| AppError::invalid(field, "must not be blank"))
}

/// An optional text field: trimmed, blank becomes `None`, at most `max` characters.
pub fn optional_text(value: Option<&str>, max: usize, field: &str) -> AppResult<Option<String>> {
    let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    if value.chars().count() > max {
        return Err(AppError::invalid(
            field,
            format!("must be at most {max} characters"),
        ));
    }
    if value
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err(AppError::invalid(
            field,
            "must not contain control characters",
        ));
    }
    Ok(Some(value.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_trimmed_and_limited() {
        assert_eq!(required_text("  a ", 3, "f").ok(), Some("a".to_owned()));
        assert!(required_text("   ", 3, "f").is_err());
        assert!(required_text("abcd", 3, "f").is_err());
        assert!(required_text("a\u{0}b", 3, "f").is_err());
        assert!(required_text("\u{202E}\u{200B}\u{FEFF}", 10, "f").is_err());
        assert_eq!(
            required_text("\u{202E}ab", 10, "f").ok(),
            Some("\u{202E}ab".to_owned())
        );
        assert_eq!(optional_text(Some(" "), 3, "f").ok(), Some(None));
        assert_eq!(optional_text(None, 3, "f").ok(), Some(None));
    }

    #[test]
    fn the_error_names_the_field() {
        let Err(AppError::Invalid { field, .. }) = required_text("", 3, "input.name") else {
            panic!("blank text accepted");
        };
        assert_eq!(field, "input.name");
    }
}
