//! The response as the specification shapes it, for HTTP and WebSocket alike: every error has an
//! `extensions.code`, and every object's fields come in the order the selection set asked for
//! them.
//!
//! async-graphql resolves sibling fields concurrently and inserts each into the response map as
//! it completes, so without this the same query could come back in a different order each time
//! (clients that diff or snapshot responses, and caches keyed on bytes, depend on the order).
//! The order is computed once per operation from its document — response keys (aliases) in the
//! order first written, fragments and inline fragments in place, the sub-selections of fields
//! sharing a key merged — and applied to each response; it costs one pass over the response.
//!
//! Invariants: the order is built from a document that passed the document limits, so its size
//! is bounded by their expanded size; a fragment spread inside itself is not followed again.

use std::sync::{Arc, Mutex};

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextPrepareRequest, NextRequest, NextSubscribe,
};
use async_graphql::parser::types::{
    DocumentOperations, ExecutableDocument, OperationDefinition, Selection, SelectionSet,
};
use async_graphql::{Name, Request, Response, ServerResult, Value};
use futures_util::StreamExt;
use futures_util::stream::BoxStream;
use indexmap::IndexMap;

/// The order of one object's fields: each response key with the order of its value's fields.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Order(Vec<(Name, Order)>);

impl Order {
    /// The order the operation `name` selects (the only one when `name` is none), if the
    /// document holds it.
    pub fn of(document: &ExecutableDocument, name: Option<&str>) -> Option<Order> {
        let operation: &OperationDefinition = match (&document.operations, name) {
            (DocumentOperations::Single(op), _) => &op.node,
            (DocumentOperations::Multiple(ops), Some(name)) => &ops.get(name)?.node,
            (DocumentOperations::Multiple(ops), None) => &ops.values().next()?.node,
        };
        Some(Self::build(document, &[&operation.selection_set.node]))
    }

    /// The order of the fields selected by `sets` together (fields sharing a response key are
    /// merged, as GraphQL's field collection merges them).
    fn build(document: &ExecutableDocument, sets: &[&SelectionSet]) -> Order {
        let mut keys: IndexMap<Name, Vec<&SelectionSet>> = IndexMap::new();
        let mut spreading = Vec::new();
        for set in sets {
            collect(document, set, &mut keys, &mut spreading);
        }
        Order(
            keys.into_iter()
                .map(|(key, children)| (key, Self::build(document, &children)))
                .collect(),
        )
    }

    /// Puts every object of `value` in this order (lists element by element).
    pub fn apply(&self, value: &mut Value) {
        match value {
            Value::Object(map) if !self.0.is_empty() => {
                let in_order = map.len() == self.0.len()
                    && map
                        .keys()
                        .zip(&self.0)
                        .all(|(have, (want, _))| have == want);
                if !in_order {
                    let mut old = std::mem::take(map);
                    for (key, _) in &self.0 {
                        if let Some(field) = old.swap_remove(key) {
                            map.insert(key.clone(), field);
                        }
                    }
                    // Anything not selected (nothing, today) keeps its place after the rest.
                    map.extend(old);
                }
                for (key, child) in &self.0 {
                    if let Some(field) = map.get_mut(key) {
                        child.apply(field);
                    }
                }
            }
            Value::List(items) => items.iter_mut().for_each(|item| self.apply(item)),
            _ => {}
        }
    }
}

/// Collects the response keys of `set` in order, with the selection sets under each.
fn collect<'a>(
    document: &'a ExecutableDocument,
    set: &'a SelectionSet,
    keys: &mut IndexMap<Name, Vec<&'a SelectionSet>>,
    spreading: &mut Vec<&'a Name>,
) {
    for selection in &set.items {
        match &selection.node {
            Selection::Field(field) => {
                let field = &field.node;
                let key = field.alias.as_ref().unwrap_or(&field.name).node.clone();
                keys.entry(key).or_default().push(&field.selection_set.node);
            }
            Selection::InlineFragment(fragment) => {
                collect(document, &fragment.node.selection_set.node, keys, spreading);
            }
            Selection::FragmentSpread(spread) => {
                let name = &spread.node.fragment_name.node;
                if spreading.contains(&name) {
                    continue;
                }
                if let Some(fragment) = document.fragments.get(name) {
                    spreading.push(name);
                    collect(document, &fragment.node.selection_set.node, keys, spreading);
                    spreading.pop();
                }
            }
        }
    }
}

/// Fills in `extensions.code` where an error has none: `GRAPHQL_VALIDATION_FAILED` for an error
/// from before execution (no path, nothing ran), naming the argument a value of the wrong type
/// was given for; `BAD_USER_INPUT` for an error raised while resolving.
pub fn fill_codes(response: &mut Response) {
    let not_executed = not_executed(response);
    for error in &mut response.errors {
        let argument = not_executed
            .then(|| invalid_argument(&error.message))
            .flatten();
        let extensions = error.extensions.get_or_insert_with(Default::default);
        if extensions.get("code").is_none() {
            extensions.set(
                "code",
                if not_executed {
                    "GRAPHQL_VALIDATION_FAILED"
                } else {
                    "BAD_USER_INPUT"
                },
            );
            if let Some(field) = argument {
                extensions.set("field", field);
            }
        }
    }
}

/// Nothing ran: no data, and errors none of which has a path (the document did not parse or
/// validate, or its variables could not be coerced) — a request error.
pub fn not_executed(response: &Response) -> bool {
    response.data == Value::Null
        && !response.errors.is_empty()
        && response.errors.iter().all(|e| e.path.is_empty())
}

/// The argument path named by async-graphql's "Invalid value for argument" validation message.
fn invalid_argument(message: &str) -> Option<String> {
    let rest = message.strip_prefix("Invalid value for argument \"")?;
    rest.split('"').next().map(str::to_owned)
}

/// Installs [`ShapeExtension`] on a schema.
pub struct ResponseShape;

impl ExtensionFactory for ResponseShape {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(ShapeExtension::default())
    }
}

/// Shapes each response of one operation (see the module's documentation).
#[derive(Default)]
pub struct ShapeExtension {
    order: Arc<Mutex<Option<Order>>>,
}

/// Codes filled in and the order applied.
fn shape(response: &mut Response, order: &Mutex<Option<Order>>) {
    fill_codes(response);
    if let Ok(order) = order.lock()
        && let Some(order) = order.as_ref()
    {
        order.apply(&mut response.data);
    }
}

#[async_trait::async_trait]
impl Extension for ShapeExtension {
    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        mut request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        // Parsed once: the document travels on with the request.
        let name = request.operation_name.clone();
        if let Ok(document) = request.parsed_query() {
            let order = Order::of(document, name.as_deref());
            if let Ok(mut slot) = self.order.lock() {
                *slot = order;
            }
        }
        next.run(ctx, request).await
    }

    async fn request(&self, ctx: &ExtensionContext<'_>, next: NextRequest<'_>) -> Response {
        let mut response = next.run(ctx).await;
        shape(&mut response, &self.order);
        response
    }

    fn subscribe<'s>(
        &self,
        ctx: &ExtensionContext<'_>,
        stream: BoxStream<'s, Response>,
        next: NextSubscribe<'_>,
    ) -> BoxStream<'s, Response> {
        // The stream runs later: it reads the order when each response arrives.
        let order = Arc::clone(&self.order);
        next.run(ctx, stream)
            .map(move |mut response| {
                shape(&mut response, &order);
                response
            })
            .boxed()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(order: &Order) -> Vec<&str> {
        order.0.iter().map(|(k, _)| k.as_str()).collect()
    }

    #[test]
    fn the_order_follows_aliases_fragments_and_merged_fields() {
        let document = async_graphql::parser::parse_query(
            "query { b: me { z a } ...F ... on Query { c } me { a y } }
             fragment F on Query { a: me { x } b: me { w } }",
        );
        let Ok(document) = document else {
            panic!("parses");
        };
        let order = Order::of(&document, None).unwrap_or_default();
        assert_eq!(keys(&order), ["b", "a", "c", "me"]);
        assert_eq!(keys(&order.0[0].1), ["z", "a", "w"]);
        assert_eq!(keys(&order.0[3].1), ["a", "y"]);
    }

    #[test]
    fn objects_in_lists_are_put_in_order_and_unselected_keys_kept() {
        let document = async_graphql::parser::parse_query("{ x { b a } y }");
        let Ok(document) = document else {
            panic!("parses");
        };
        let order = Order::of(&document, None).unwrap_or_default();
        let mut value = Value::from_json(serde_json::json!({
            "y": 1, "extra": true, "x": [{ "a": 1, "b": 2 }, { "b": 3, "a": 4 }]
        }))
        .unwrap_or_default();
        order.apply(&mut value);
        assert_eq!(
            serde_json::to_string(&value).unwrap_or_default(),
            r#"{"x":[{"b":2,"a":1},{"b":3,"a":4}],"y":1,"extra":true}"#
        );
    }
}
