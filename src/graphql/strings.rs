//! No string a client sends may hold the NUL character: PostgreSQL cannot store one in text and
//! answers with an error where SQLite would store it, so the two backends would disagree. Every
//! string — in variables and in the document's argument literals — is checked once, before
//! validation, and the answer names where it was.

use async_graphql::Variables;
use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql_value::{ConstValue, Value};

/// The path of the first string holding NUL (`input.name`, `code`), if any.
pub fn nul_in(document: &ExecutableDocument, variables: &Variables) -> Option<String> {
    for (name, value) in variables.iter() {
        if let Some(path) = in_const(value, name.as_str()) {
            return Some(path);
        }
    }
    let mut found = None;
    for (_, operation) in document.operations.iter() {
        found = found.or_else(|| in_set(&operation.node.selection_set.node));
    }
    for fragment in document.fragments.values() {
        found = found.or_else(|| in_set(&fragment.node.selection_set.node));
    }
    found
}

fn in_set(set: &SelectionSet) -> Option<String> {
    set.items
        .iter()
        .find_map(|selection| match &selection.node {
            Selection::Field(field) => field
                .node
                .arguments
                .iter()
                .find_map(|(name, value)| in_value(&value.node, name.node.as_str()))
                .or_else(|| in_set(&field.node.selection_set.node)),
            Selection::InlineFragment(inline) => in_set(&inline.node.selection_set.node),
            Selection::FragmentSpread(_) => None,
        })
}

fn in_value(value: &Value, path: &str) -> Option<String> {
    match value {
        Value::String(text) => text.contains('\0').then(|| path.to_owned()),
        Value::List(items) => items.iter().find_map(|item| in_value(item, path)),
        Value::Object(fields) => fields
            .iter()
            .find_map(|(key, item)| in_value(item, &format!("{path}.{key}"))),
        _ => None,
    }
}

fn in_const(value: &ConstValue, path: &str) -> Option<String> {
    match value {
        ConstValue::String(text) => text.contains('\0').then(|| path.to_owned()),
        ConstValue::List(items) => items.iter().find_map(|item| in_const(item, path)),
        ConstValue::Object(fields) => fields
            .iter()
            .find_map(|(key, item)| in_const(item, &format!("{path}.{key}"))),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use async_graphql::parser::parse_query;

    #[test]
    fn nul_is_found_in_literals_and_variables_with_its_path() {
        let document = parse_query("{ a(input: { name: \"x\\u0000y\" }) { b } }").ok();
        let empty = Variables::default();
        assert_eq!(
            document.as_ref().and_then(|d| nul_in(d, &empty)),
            Some("input.name".to_owned())
        );
        let plain = parse_query("{ a { b } }").ok();
        let variables = Variables::from_json(serde_json::json!({ "code": "2\u{0}06" }));
        assert_eq!(
            plain.as_ref().and_then(|d| nul_in(d, &variables)),
            Some("code".to_owned())
        );
        assert_eq!(plain.as_ref().and_then(|d| nul_in(d, &empty)), None);
    }
}
