//! Free-text input rules shared by every aggregate: trimmed, length-limited, no control
//! characters. Errors name the GraphQL input field.

use crate::error::{AppError, AppResult};

/// A required text field: trimmed, not blank, at most `max` characters.
pub fn required_text(value: &str, max: usize, field: &str) -> AppResult<String> {
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
