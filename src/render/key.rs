//! A page's context as one 64-bit key, for `serve`'s rebuilds: the same values a page's context
//! is made of, fed to XXH3 instead of to Tera. Two contexts with the same key hold the same
//! values (but for a chance of 2^-64), so a page whose key is the key of its last render is the
//! page it was, and its context need not be built.
//!
//! Owns: the encoding. Every call of serde's data model writes a tag of its own, then its data
//! with lengths, and every sequence, map and struct ends with a tag of its own: no two values
//! write the same bytes, so no two contexts do.
//! Does not: decide what goes into a context (the jobs do, through `Cx`, the same code for a
//! key and for a render).

use serde::ser::{self, Serialize};
use tera::Context;
use xxhash_rust::xxh3::Xxh3;

/// Where a job puts its context: into Tera's context to render the page, or into the key that
/// stands for that context. A job is one function for both, so a key holds everything a page
/// is rendered from.
pub(super) enum Cx<'a> {
    Render(&'a mut Context),
    Key(&'a mut Key),
}

impl Cx<'_> {
    pub fn insert<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        match self {
            Cx::Render(cx) => cx.insert(name, value),
            Cx::Key(key) => key.value(name, value),
        }
    }
}

/// The key of a context, made by inserting its values in order.
pub(super) struct Key {
    hash: Xxh3,
    /// Small pieces (tags, numbers, short strings) gather here before they go to the hash
    /// together: a call of the hash per piece costs more than hashing the piece.
    buffer: [u8; BUFFER],
    used: usize,
    /// A value that failed to serialise: Tera would fail on it too, so the page always renders
    /// (and reports it).
    failed: bool,
}

const BUFFER: usize = 512;

impl Default for Key {
    fn default() -> Self {
        Key {
            hash: Xxh3::new(),
            buffer: [0; BUFFER],
            used: 0,
            failed: false,
        }
    }
}

impl Key {
    pub fn value<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        self.str(name);
        if value.serialize(&mut *self).is_err() {
            self.failed = true;
        }
    }

    /// The key, or `None` when a value could not be serialised.
    pub fn finish(mut self) -> Option<u64> {
        self.flush();
        (!self.failed).then(|| self.hash.digest())
    }

    fn write(&mut self, bytes: &[u8]) {
        if self.used + bytes.len() > BUFFER {
            self.flush();
        }
        if bytes.len() > BUFFER / 2 {
            self.hash.update(bytes);
        } else {
            self.buffer[self.used..self.used + bytes.len()].copy_from_slice(bytes);
            self.used += bytes.len();
        }
    }

    fn flush(&mut self) {
        self.hash.update(&self.buffer[..self.used]);
        self.used = 0;
    }

    fn tag(&mut self, tag: Tag) {
        self.write(&[tag as u8]);
    }

    fn number(&mut self, tag: Tag, n: u64) {
        self.write(&[tag as u8]);
        self.write(&n.to_le_bytes());
    }

    fn str(&mut self, text: &str) {
        self.bytes(Tag::Str, text.as_bytes());
    }

    fn bytes(&mut self, tag: Tag, bytes: &[u8]) {
        self.number(tag, bytes.len() as u64);
        self.write(bytes);
    }
}

/// The first byte of each call of serde's data model.
#[derive(Clone, Copy)]
enum Tag {
    False,
    True,
    Signed,
    Unsigned,
    Float,
    Char,
    Str,
    Bytes,
    None,
    Some,
    Unit,
    UnitStruct,
    UnitVariant,
    NewtypeStruct,
    NewtypeVariant,
    Seq,
    Tuple,
    TupleStruct,
    TupleVariant,
    Map,
    Struct,
    StructVariant,
    Skipped,
    Wide,
    End,
}

/// What Tera itself would say: a value that cannot be serialised.
#[derive(Debug)]
pub(super) struct Unserialisable(String);

impl std::fmt::Display for Unserialisable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Unserialisable {}

impl ser::Error for Unserialisable {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        Unserialisable(msg.to_string())
    }
}

type Done = Result<(), Unserialisable>;

impl ser::Serializer for &mut Key {
    type Ok = ();
    type Error = Unserialisable;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    /// A value may take a compact form here (`views::Href`: the two URLs a link is made from,
    /// not the link): serde holds both forms of a value to the same value, so a key still tells
    /// every two values apart.
    fn is_human_readable(&self) -> bool {
        false
    }

    fn serialize_bool(self, v: bool) -> Done {
        self.tag(if v { Tag::True } else { Tag::False });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Done {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Done {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Done {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Done {
        self.number(Tag::Signed, v as u64);
        Ok(())
    }
    fn serialize_i128(self, v: i128) -> Done {
        self.bytes(Tag::Wide, &v.to_le_bytes());
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Done {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Done {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Done {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Done {
        self.number(Tag::Unsigned, v);
        Ok(())
    }
    fn serialize_u128(self, v: u128) -> Done {
        self.bytes(Tag::Wide, &v.to_le_bytes());
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Done {
        self.serialize_f64(v.into())
    }
    fn serialize_f64(self, v: f64) -> Done {
        self.number(Tag::Float, v.to_bits());
        Ok(())
    }
    fn serialize_char(self, v: char) -> Done {
        self.number(Tag::Char, v.into());
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Done {
        self.str(v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Done {
        self.bytes(Tag::Bytes, v);
        Ok(())
    }
    fn serialize_none(self) -> Done {
        self.tag(Tag::None);
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Done {
        self.tag(Tag::Some);
        value.serialize(self)
    }
    fn serialize_unit(self) -> Done {
        self.tag(Tag::Unit);
        Ok(())
    }
    fn serialize_unit_struct(self, name: &'static str) -> Done {
        self.tag(Tag::UnitStruct);
        self.str(name);
        Ok(())
    }
    fn serialize_unit_variant(self, name: &'static str, index: u32, variant: &'static str) -> Done {
        self.variant(Tag::UnitVariant, name, index, variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Done {
        self.tag(Tag::NewtypeStruct);
        self.str(name);
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        value: &T,
    ) -> Done {
        self.variant(Tag::NewtypeVariant, name, index, variant);
        value.serialize(self)
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self, Unserialisable> {
        self.tag(Tag::Seq);
        Ok(self)
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self, Unserialisable> {
        self.tag(Tag::Tuple);
        Ok(self)
    }
    fn serialize_tuple_struct(
        self,
        name: &'static str,
        _len: usize,
    ) -> Result<Self, Unserialisable> {
        self.tag(Tag::TupleStruct);
        self.str(name);
        Ok(self)
    }
    fn serialize_tuple_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self, Unserialisable> {
        self.variant(Tag::TupleVariant, name, index, variant);
        Ok(self)
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self, Unserialisable> {
        self.tag(Tag::Map);
        Ok(self)
    }
    fn serialize_struct(self, name: &'static str, _len: usize) -> Result<Self, Unserialisable> {
        self.tag(Tag::Struct);
        self.str(name);
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self, Unserialisable> {
        self.variant(Tag::StructVariant, name, index, variant);
        Ok(self)
    }
}

impl Key {
    fn variant(&mut self, tag: Tag, name: &str, index: u32, variant: &str) {
        self.tag(tag);
        self.str(name);
        self.number(Tag::Unsigned, index.into());
        self.str(variant);
    }
}

/// The elements of a sequence or tuple, each after its own tag, then `End`: a sequence of
/// values never runs into what follows it.
macro_rules! elements {
    ($($trait:ident: $method:ident;)*) => {$(
        impl ser::$trait for &mut Key {
            type Ok = ();
            type Error = Unserialisable;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
                value.serialize(&mut **self)
            }
            fn end(self) -> Done {
                self.tag(Tag::End);
                Ok(())
            }
        }
    )*};
}

elements! {
    SerializeSeq: serialize_element;
    SerializeTuple: serialize_element;
    SerializeTupleStruct: serialize_field;
    SerializeTupleVariant: serialize_field;
}

/// The fields of a struct by name, then `End`; a field left out (`skip_serializing_if`) is
/// noted by name too, its absence being part of the value.
macro_rules! fields {
    ($($trait:ident;)*) => {$(
        impl ser::$trait for &mut Key {
            type Ok = ();
            type Error = Unserialisable;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                field: &'static str,
                value: &T,
            ) -> Done {
                self.str(field);
                value.serialize(&mut **self)
            }
            fn skip_field(&mut self, field: &'static str) -> Done {
                self.tag(Tag::Skipped);
                self.str(field);
                Ok(())
            }
            fn end(self) -> Done {
                self.tag(Tag::End);
                Ok(())
            }
        }
    )*};
}

fields! {
    SerializeStruct;
    SerializeStructVariant;
}

impl ser::SerializeMap for &mut Key {
    type Ok = ();
    type Error = Unserialisable;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Done {
        key.serialize(&mut **self)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        value.serialize(&mut **self)
    }
    fn end(self) -> Done {
        self.tag(Tag::End);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;

    fn key<T: Serialize + ?Sized>(values: &[(&str, &T)]) -> Option<u64> {
        let mut key = Key::default();
        for (name, value) in values {
            key.value(name, value);
        }
        key.finish()
    }

    #[derive(Serialize)]
    struct Link<'a> {
        title: &'a str,
        href: &'a str,
    }

    #[test]
    fn values_that_differ_anywhere_have_different_keys() {
        let one = key(&[("a", &vec!["x", "y"]), ("b", &vec!["z"])]);
        // The same strings in other places: a sequence ends where it ends.
        assert_ne!(one, key(&[("a", &vec!["x"]), ("b", &vec!["y", "z"])]));
        assert_ne!(one, key(&[("a", &vec!["xy"]), ("b", &vec!["z"])]));
        assert_ne!(one, key(&[("b", &vec!["x", "y"]), ("a", &vec!["z"])]));
        assert_eq!(one, key(&[("a", &vec!["x", "y"]), ("b", &vec!["z"])]));
        let link = |title, href| Link { title, href };
        assert_ne!(
            key(&[("l", &link("a", "b"))]),
            key(&[("l", &link("ab", ""))])
        );
        assert_ne!(key(&[("n", &Some(0u32))]), key(&[("n", &None::<u32>)]));
        assert_ne!(key(&[("n", &1u32)]), key(&[("n", &1i32)]));
        assert_ne!(key(&[("n", &1u32)]), key(&[("n", &2u32)]));
        assert_ne!(key(&[("t", &true)]), key(&[("t", &false)]));
    }

    #[test]
    fn the_key_does_not_depend_on_how_the_pieces_fill_the_buffer() {
        let long = "x".repeat(BUFFER * 3 + 7);
        for short in 0..40 {
            let a = "a".repeat(short);
            let one = key(&[("a", &a), ("long", &long), ("b", &a)]);
            let mut hash = Xxh3::new();
            let mut plain = |bytes: &[u8]| hash.update(bytes);
            for (name, value) in [("a", &a), ("long", &long), ("b", &a)] {
                for text in [name, value.as_str()] {
                    plain(&[Tag::Str as u8]);
                    plain(&(text.len() as u64).to_le_bytes());
                    plain(text.as_bytes());
                }
            }
            assert_eq!(one, Some(hash.digest()), "{short}");
        }
    }

    #[test]
    fn a_link_is_keyed_by_its_two_urls_and_rendered_relative() {
        use crate::render::views::Href;
        let keyed = |from, to| key(&[("href", &Href { from, to })]);
        assert_ne!(keyed("a/", "b/"), keyed("a/", "c/"));
        assert_ne!(keyed("a/", "b/"), keyed("x/", "b/"));
        assert_ne!(keyed("a/", "b/"), keyed("a/b/", ""));
        assert_eq!(keyed("a/", "b/"), keyed("a/", "b/"));
        let mut cx = Context::new();
        let href = Href {
            from: "modules/a/",
            to: "modules/b/",
        };
        cx.insert("href", &href);
        let html = tera::Tera::one_off("{{ href }}", &cx, false).unwrap();
        assert_eq!(html, "../b/index.html");
    }

    #[test]
    fn the_same_values_the_same_key() {
        let links = [Link {
            title: "Les",
            href: "../les/",
        }];
        assert_eq!(key(&[("links", &links)]), key(&[("links", &links)]));
        assert!(key(&[("links", &links)]).is_some());
    }
}
