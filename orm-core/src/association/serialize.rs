//! `serde::Serialize` for the association fields (feature `serde`), so a model with loaded
//! associations serialises as nested JSON like Sequelize's `toJSON()`: a loaded has_many or
//! belongs_to_many is an array, a loaded has_one or belongs_to the object; one not loaded is
//! `null` (a belongs_to not loaded is its key). A belongs_to_many declared with its junction
//! model (`BelongsToMany<Book, UserBooks>`) nests each link's junction row under the junction
//! model's name, as Sequelize does.

use serde::ser::{Error as _, Serialize, SerializeMap, SerializeSeq, Serializer};

use super::{BelongsTo, BelongsToMany, HasMany, HasOne};
use crate::model::{JunctionRow, Model};

impl<T: Serialize + 'static> Serialize for HasMany<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.loaded().serialize(s)
    }
}

impl<T: Serialize + 'static> Serialize for HasOne<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.loaded().flatten().serialize(s)
    }
}

impl<T: Model + Serialize, K: crate::backend::Key + Serialize> Serialize for BelongsTo<T, K> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.loaded() {
            Some(target) => target.serialize(s),
            None => self.key().serialize(s),
        }
    }
}

impl<T: Serialize + 'static, J: JunctionRow + Serialize + 'static> Serialize for BelongsToMany<T, J> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Without a junction model, the targets (each once); with one, each link's target with
        // its junction row nested.
        let Some(name) = J::name() else { return self.loaded().serialize(s) };
        let Some(rows) = self.loaded_through() else { return s.serialize_none() };
        let rows: Vec<(&T, &J)> = rows.collect();
        let mut seq = s.serialize_seq(Some(rows.len()))?;
        for (target, junction) in rows {
            seq.serialize_element(&WithJunction { target, name, junction })?;
        }
        seq.end()
    }
}

/// A target with its junction row nested under `name`.
struct WithJunction<'a, T, J> {
    target: &'a T,
    name: &'static str,
    junction: &'a J,
}

impl<T: Serialize, J: Serialize> Serialize for WithJunction<'_, T, J> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let value = serde_json::to_value(self.target).map_err(S::Error::custom)?;
        let serde_json::Value::Object(fields) = value else { return Err(S::Error::custom("a model serialises as an object")) };
        let mut map = s.serialize_map(Some(fields.len() + 1))?;
        for (k, v) in &fields {
            map.serialize_entry(k, v)?;
        }
        map.serialize_entry(self.name, self.junction)?;
        map.end()
    }
}
