//! Limits on a parsed GraphQL document, checked in time linear in its size *before*
//! async-graphql validates it.
//!
//! async-graphql's depth, complexity and recursion checks follow every fragment spread anew, so a
//! kilobyte of fragments that each spread the next one twice costs 2^n steps. Here each
//! fragment's cost (fields it expands to, depth it reaches) is computed once and reused, so the
//! whole check visits every written selection once. A document that passes has a bounded
//! expanded size, which in turn bounds the work of async-graphql's own rules.
//!
//! Invariants: the check never recurses deeper than the document is written (the parser bounds
//! that); sizes saturate instead of overflowing; a fragment cycle is refused, not followed.
//! Introspection (`__schema`, `__type`) does not count towards depth — the standard
//! introspection query is deeper than any API query needs to be — but counts towards size.

use std::collections::HashMap;

use async_graphql::parser::types::{
    DocumentOperations, ExecutableDocument, FragmentDefinition, Selection, SelectionSet,
};
use async_graphql::{Positioned, parser::types::Field};

/// Most fragment definitions one document may hold.
pub const MAX_FRAGMENTS: usize = 100;
/// Most fragment spreads one document may contain, as written.
pub const MAX_SPREADS: usize = 500;
/// Most selections (fields, spreads, inline fragments) one document may contain, as written.
pub const MAX_SELECTIONS: usize = 2_000;
/// Most fields one operation may expand to with every fragment spread in place (four times the
/// complexity limit, which async-graphql then checks exactly).
pub const MAX_EXPANDED_FIELDS: u64 = 2_000;

/// Why a document was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Too many fragment definitions, spreads or selections as written.
    TooLarge(String),
    /// Expands to more fields than allowed.
    TooComplex,
    /// Nested deeper than allowed.
    TooDeep,
    /// A fragment spreads itself, directly or through others.
    FragmentCycle(String),
}

impl Refusal {
    /// The message the client sees. The two limit messages match async-graphql's own, so a
    /// client sees the same text whichever check refused it.
    pub fn message(&self) -> String {
        match self {
            Refusal::TooLarge(what) => format!("Query is too large: {what}."),
            Refusal::TooComplex => "Query is too complex.".to_owned(),
            Refusal::TooDeep => "Query is nested too deep.".to_owned(),
            Refusal::FragmentCycle(name) => {
                format!("Cannot spread fragment \"{name}\" within itself.")
            }
        }
    }
}

/// What one selection set costs once every spread inside it is expanded.
#[derive(Clone, Copy, Default)]
struct Cost {
    fields: u64,
    depth: usize,
}

enum State {
    Visiting,
    Done(Cost),
}

struct Walker<'a> {
    fragments: &'a HashMap<async_graphql::Name, Positioned<FragmentDefinition>>,
    memo: HashMap<&'a str, State>,
}

/// Checks `document` against the limits above and `max_depth`, in time linear in its size.
pub fn check(document: &ExecutableDocument, max_depth: usize) -> Result<(), Refusal> {
    if document.fragments.len() > MAX_FRAGMENTS {
        return Err(Refusal::TooLarge(format!(
            "more than {MAX_FRAGMENTS} fragments"
        )));
    }
    let mut written = Written::default();
    for (_, operation) in document.operations.iter() {
        written.count(&operation.node.selection_set.node);
    }
    for fragment in document.fragments.values() {
        written.count(&fragment.node.selection_set.node);
    }
    if written.spreads > MAX_SPREADS {
        return Err(Refusal::TooLarge(format!(
            "more than {MAX_SPREADS} fragment spreads"
        )));
    }
    if written.selections > MAX_SELECTIONS {
        return Err(Refusal::TooLarge(format!(
            "more than {MAX_SELECTIONS} selections"
        )));
    }
    let mut walker = Walker {
        fragments: &document.fragments,
        memo: HashMap::new(),
    };
    let operations: Vec<_> = match &document.operations {
        DocumentOperations::Single(op) => vec![op],
        DocumentOperations::Multiple(ops) => ops.values().collect(),
    };
    for operation in operations {
        let cost = walker.selection_set(&operation.node.selection_set.node)?;
        if cost.fields > MAX_EXPANDED_FIELDS {
            return Err(Refusal::TooComplex);
        }
        if cost.depth > max_depth {
            return Err(Refusal::TooDeep);
        }
    }
    Ok(())
}

/// Counts of what is written in the document (spreads not followed).
#[derive(Default)]
struct Written {
    selections: usize,
    spreads: usize,
}

impl Written {
    fn count(&mut self, set: &SelectionSet) {
        for selection in &set.items {
            self.selections += 1;
            match &selection.node {
                Selection::Field(field) => self.count(&field.node.selection_set.node),
                Selection::FragmentSpread(_) => self.spreads += 1,
                Selection::InlineFragment(inline) => self.count(&inline.node.selection_set.node),
            }
        }
    }
}

impl<'a> Walker<'a> {
    fn selection_set(&mut self, set: &'a SelectionSet) -> Result<Cost, Refusal> {
        let mut total = Cost::default();
        for selection in &set.items {
            let cost = match &selection.node {
                Selection::Field(field) => self.field(&field.node)?,
                Selection::InlineFragment(inline) => {
                    self.selection_set(&inline.node.selection_set.node)?
                }
                Selection::FragmentSpread(spread) => {
                    self.fragment(spread.node.fragment_name.node.as_str())?
                }
            };
            total.fields = total.fields.saturating_add(cost.fields);
            total.depth = total.depth.max(cost.depth);
        }
        Ok(total)
    }

    fn field(&mut self, field: &'a Field) -> Result<Cost, Refusal> {
        let inner = self.selection_set(&field.selection_set.node)?;
        let introspection = matches!(field.name.node.as_str(), "__schema" | "__type");
        Ok(Cost {
            fields: inner.fields.saturating_add(1),
            depth: if introspection { 1 } else { inner.depth + 1 },
        })
    }

    fn fragment(&mut self, name: &'a str) -> Result<Cost, Refusal> {
        match self.memo.get(name) {
            Some(State::Done(cost)) => return Ok(*cost),
            Some(State::Visiting) => return Err(Refusal::FragmentCycle(name.to_owned())),
            None => {}
        }
        // An unknown fragment costs nothing here; validation reports it.
        let Some(definition) = self.fragments.get(name) else {
            return Ok(Cost::default());
        };
        self.memo.insert(name, State::Visiting);
        let cost = self.selection_set(&definition.node.selection_set.node)?;
        self.memo.insert(name, State::Done(cost));
        Ok(cost)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use async_graphql::parser::parse_query;

    fn doubling(levels: usize) -> String {
        let mut query = String::from("query { ...F0 }");
        for i in 0..levels {
            query.push_str(&format!(
                " fragment F{i} on Query {{ ...F{n} ...F{n} }}",
                n = i + 1
            ));
        }
        query.push_str(&format!(" fragment F{levels} on Query {{ me {{ sub }} }}"));
        query
    }

    fn checked(query: &str) -> Result<(), Refusal> {
        check(&parse_query(query).expect("parses"), 12)
    }

    #[test]
    fn doubling_fragments_are_refused_without_expanding_them() {
        assert_eq!(checked(&doubling(30)), Err(Refusal::TooComplex));
        assert_eq!(checked(&doubling(3)), Ok(()));
    }

    #[test]
    fn depth_counts_fields_through_fragments_but_not_introspection() {
        let deep = format!("{{ {}x{} }}", "a { ".repeat(12), " }".repeat(12));
        assert_eq!(checked(&deep), Err(Refusal::TooDeep));
        let fragment = "query { ...A } fragment A on Query { a { b { c { d { e { f { g { h { i { j { k { l { m } } } } } } } } } } } } }";
        assert_eq!(checked(fragment), Err(Refusal::TooDeep));
        let introspection = format!(
            "{{ __schema {{ types {{ {}name{} }} }} }}",
            "ofType { ".repeat(20),
            " }".repeat(20)
        );
        assert_eq!(checked(&introspection), Ok(()));
    }

    #[test]
    fn cycles_and_counts_are_refused() {
        let cycle = "query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }";
        assert!(matches!(checked(cycle), Err(Refusal::FragmentCycle(_))));
        let many = format!("{{ {} }}", "a ".repeat(MAX_SELECTIONS + 1));
        assert!(matches!(checked(&many), Err(Refusal::TooLarge(_))));
    }
}
