//! The shape of a parsed YAML text with the parser's position of every node, for messages about
//! a value that parsed but is wrong (`partners[3].website`) or a map that lacks a field.
//!
//! Owns: building the tree from serde-saphyr's `Spanned` values and looking a path up in it.
//! Does not: keep scalar values (the typed documents do), or read a text that did not pass
//! `bounds::check` (the nesting bound keeps the recursion here at 32 levels).

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

/// A node: where it starts (1-based line and column in the parsed text), where its key is
/// (the node's own place for the root and list items), and what it holds.
#[derive(Debug, Clone, Default)]
pub struct Node {
    pub line: u32,
    pub column: u32,
    /// The line of the key, `key:`, when the node is the value of a map entry; else `line`.
    pub key_line: u32,
    kind: Kind,
}

#[derive(Debug, Clone, Default)]
enum Kind {
    Map(Vec<(String, Node)>),
    Seq(Vec<Node>),
    #[default]
    Scalar,
}

/// One step of a path: a key of a map or an index of a list.
#[derive(Debug, Clone, Copy)]
pub enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

impl Node {
    /// The node at `path`, or `None` when the text has no such node.
    pub fn get(&self, path: &[Step]) -> Option<&Node> {
        path.iter()
            .try_fold(self, |node, step| match (&node.kind, step) {
                (Kind::Map(entries), Step::Key(key)) => {
                    entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
                }
                (Kind::Seq(items), Step::Index(i)) => items.get(*i),
                _ => None,
            })
    }

    /// The node at `path`, or the deepest node on the way when the rest is absent (the entry
    /// of a field that is not written).
    pub fn nearest(&self, path: &[Step]) -> &Node {
        let mut node = self;
        for step in path {
            match node.get(std::slice::from_ref(step)) {
                Some(next) => node = next,
                None => break,
            }
        }
        node
    }

    /// The items of a list (empty for a map or a scalar).
    pub fn items(&self) -> &[Node] {
        match &self.kind {
            Kind::Seq(items) => items,
            _ => &[],
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<Shape>::deserialize(deserializer)?;
        let line = spanned.referenced.line() as u32;
        Ok(Node {
            line,
            column: spanned.referenced.column() as u32,
            key_line: line,
            kind: spanned.value.0,
        })
    }
}

struct Shape(Kind);

impl<'de> Deserialize<'de> for Shape {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ShapeVisitor)
    }
}

struct ShapeVisitor;

macro_rules! scalar {
    ($($name:ident: $ty:ty),*) => {$(
        fn $name<E: de::Error>(self, _: $ty) -> Result<Shape, E> {
            Ok(Shape(Kind::Scalar))
        }
    )*};
}

impl<'de> Visitor<'de> for ShapeVisitor {
    type Value = Shape;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML node")
    }

    scalar!(visit_bool: bool, visit_i64: i64, visit_u64: u64, visit_i128: i128,
            visit_u128: u128, visit_f64: f64, visit_str: &str);

    fn visit_unit<E: de::Error>(self) -> Result<Shape, E> {
        Ok(Shape(Kind::Scalar))
    }

    fn visit_none<E: de::Error>(self) -> Result<Shape, E> {
        Ok(Shape(Kind::Scalar))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Shape, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Node>()? {
            items.push(item);
        }
        Ok(Shape(Kind::Seq(items)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Shape, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<Key>>()? {
            let mut value = map.next_value::<Node>()?;
            value.key_line = key.referenced.line() as u32;
            entries.push((key.value.0, value));
        }
        Ok(Shape(Kind::Map(entries)))
    }
}

/// A map key as text; a key that is itself a list or map has no name to look up.
struct Key(String);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a map key")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
        Ok(Key(v.to_string()))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Key, E> {
        Ok(Key(v.to_string()))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Key, E> {
        Ok(Key(v.to_string()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Key, E> {
        Ok(Key(v.to_string()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Key, E> {
        Ok(Key(v.to_string()))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Key, E> {
        Ok(Key(String::new()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Key, A::Error> {
        while seq.next_element::<de::IgnoredAny>()?.is_some() {}
        Ok(Key(String::new()))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Key, A::Error> {
        while map
            .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
            .is_some()
        {}
        Ok(Key(String::new()))
    }
}
