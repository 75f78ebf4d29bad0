//! What the generated accessors of a has_many, has_one and belongs_to_many call: one function per
//! accessor, forwarding to the runtime of its kind. They differ from that runtime only in taking
//! the target (and junction) as [`AsModel`] rather than [`Model`]: the accessor blocks are bounded
//! by `for<'a> Target: AsModel<Model = Target>`, and these are the calls such a block can make
//! without asking for `Target: Model` (see [`AsModel`] for why). A `#[belongs_to]`'s accessors
//! call its runtime directly: the field's type `BelongsTo<Target>` already requires
//! `Target: Model`, so there is no single error to keep.

use std::future::Future;

use super::AsModel;
use crate::backend::{BoxFuture, Connection};
use crate::error::Result;
use crate::model::{ForeignKey, Junction, Model};
use crate::query::Query;
use crate::value::Value;

/// The accessors of a `#[has_many]`.
pub mod has_many {
    use super::*;
    use crate::association::has_many as run;

    /// [`query`](run::query).
    pub fn query<T: AsModel>(fk: &ForeignKey<T::Model>, key: Value) -> Query<T::Model> {
        run::query(fk, key)
    }

    /// [`get`](run::get).
    pub fn get<S: Model, T: AsModel>(
        db: impl Connection,
        fk: &ForeignKey<T::Model>,
        owner: &S,
        column: usize,
    ) -> impl Future<Output = Result<Vec<T::Model>>> {
        run::get(db, fk, owner, column)
    }

    /// [`count`](run::count).
    pub fn count<S: Model, T: AsModel>(
        db: impl Connection,
        fk: &ForeignKey<T::Model>,
        owner: &S,
        column: usize,
    ) -> impl Future<Output = Result<i64>> {
        run::count(db, fk, owner, column)
    }

    /// [`has`](run::has).
    pub fn has<S: Model, T: AsModel>(
        db: impl Connection,
        fk: &ForeignKey<T::Model>,
        owner: &S,
        column: usize,
        targets: Vec<&T::Model>,
    ) -> impl Future<Output = Result<bool>> {
        run::has(db, fk, owner, column, targets)
    }

    /// [`add`](run::add).
    pub fn add<S: Model, T: AsModel>(
        db: impl Connection,
        fk: &ForeignKey<T::Model>,
        owner: &S,
        column: usize,
        targets: Vec<&mut T::Model>,
    ) -> impl Future<Output = Result<()>> {
        run::add(db, fk, owner, column, targets)
    }

    /// [`remove_boxed`](run::remove_boxed).
    pub fn remove_boxed<'f, 't: 'f, S: Model, T: AsModel>(
        db: impl Connection + 'f,
        fk: &'f ForeignKey<T::Model>,
        owner: &'f S,
        column: usize,
        targets: Vec<&'t mut T::Model>,
    ) -> BoxFuture<'f, Result<()>> {
        run::remove_boxed(db, fk, owner, column, targets)
    }

    /// [`set_boxed`](run::set_boxed).
    pub fn set_boxed<'f, 't: 'f, S: Model, T: AsModel>(
        db: impl Connection + 'f,
        fk: &'f ForeignKey<T::Model>,
        owner: &'f S,
        column: usize,
        targets: Vec<&'t mut T::Model>,
    ) -> BoxFuture<'f, Result<()>> {
        run::set_boxed(db, fk, owner, column, targets)
    }

    /// [`create`](run::create).
    pub fn create<S: Model, T: AsModel>(
        db: impl Connection,
        fk: &ForeignKey<T::Model>,
        owner: &S,
        column: usize,
        target: T::Model,
    ) -> impl Future<Output = Result<T::Model>> {
        run::create(db, fk, owner, column, target)
    }
}

/// The accessors of a `#[has_one]`.
pub mod has_one {
    use super::*;
    use crate::association::has_one as run;

    /// [`get`](run::get).
    pub fn get<S: Model, T: AsModel>(
        db: impl Connection,
        fk: &ForeignKey<T::Model>,
        owner: &S,
        column: usize,
    ) -> impl Future<Output = Result<Option<T::Model>>> {
        run::get(db, fk, owner, column)
    }

    /// [`set_boxed`](run::set_boxed).
    pub fn set_boxed<'f, S: Model, T: AsModel>(
        db: impl Connection + 'f,
        fk: &'f ForeignKey<T::Model>,
        owner: &'f S,
        column: usize,
        target: Option<&'f mut T::Model>,
    ) -> BoxFuture<'f, Result<()>> {
        run::set_boxed(db, fk, owner, column, target)
    }

    /// [`create`](run::create).
    pub fn create<S: Model, T: AsModel>(
        db: impl Connection,
        fk: &ForeignKey<T::Model>,
        owner: &S,
        column: usize,
        target: T::Model,
    ) -> impl Future<Output = Result<T::Model>> {
        run::create(db, fk, owner, column, target)
    }
}

/// The accessors of a `#[belongs_to_many]`.
pub mod belongs_to_many {
    use super::*;
    use crate::association::belongs_to_many as run;

    /// [`query`](run::query).
    pub fn query<T: AsModel>(j: &Junction, key: Value) -> Query<T::Model> {
        run::query(j, key)
    }

    /// [`get`](run::get).
    pub fn get<S: Model, T: AsModel>(
        db: impl Connection,
        j: &Junction,
        owner: &S,
        column: usize,
    ) -> impl Future<Output = Result<Vec<T::Model>>> {
        run::get(db, j, owner, column)
    }

    /// [`count`](run::count).
    pub fn count<S: Model, T: AsModel>(db: impl Connection, j: &Junction, owner: &S, column: usize) -> impl Future<Output = Result<i64>> {
        run::count::<S, T::Model>(db, j, owner, column)
    }

    /// [`has`](run::has).
    pub fn has<S: Model, T: AsModel>(
        db: impl Connection,
        j: &Junction,
        owner: &S,
        column: usize,
        targets: Vec<&T::Model>,
    ) -> impl Future<Output = Result<bool>> {
        run::has(db, j, owner, column, targets)
    }

    /// [`add`](run::add).
    pub fn add<S: Model, T: AsModel>(
        db: impl Connection,
        j: &Junction,
        owner: &S,
        column: usize,
        targets: Vec<&T::Model>,
    ) -> impl Future<Output = Result<()>> {
        run::add(db, j, owner, column, targets)
    }

    /// [`add_through`](run::add_through).
    #[allow(clippy::too_many_arguments)]
    pub fn add_through<S: Model, T: AsModel, J: AsModel>(
        db: impl Connection,
        j: &Junction,
        keys: [&ForeignKey<J::Model>; 2],
        owner: &S,
        column: usize,
        target: &T::Model,
        row: J::Model,
    ) -> impl Future<Output = Result<J::Model>> {
        run::add_through(db, j, keys, owner, column, target, row)
    }

    /// [`update_through`](run::update_through).
    #[allow(clippy::too_many_arguments)]
    pub fn update_through<S: Model, T: AsModel, J: AsModel>(
        db: impl Connection,
        j: &Junction,
        keys: [&ForeignKey<J::Model>; 2],
        owner: &S,
        column: usize,
        target: &T::Model,
        row: J::Model,
    ) -> impl Future<Output = Result<J::Model>> {
        run::update_through(db, j, keys, owner, column, target, row)
    }

    /// [`remove`](run::remove).
    pub fn remove<S: Model, T: AsModel>(
        db: impl Connection,
        j: &Junction,
        owner: &S,
        column: usize,
        targets: Vec<&T::Model>,
    ) -> impl Future<Output = Result<()>> {
        run::remove(db, j, owner, column, targets)
    }

    /// [`set`](run::set).
    pub fn set<S: Model, T: AsModel>(
        db: impl Connection,
        j: &Junction,
        owner: &S,
        column: usize,
        targets: Vec<&T::Model>,
    ) -> impl Future<Output = Result<()>> {
        run::set(db, j, owner, column, targets)
    }

    /// [`create`](run::create).
    pub fn create<S: Model, T: AsModel>(
        db: impl Connection,
        j: &Junction,
        owner: &S,
        column: usize,
        target: T::Model,
    ) -> impl Future<Output = Result<T::Model>> {
        run::create(db, j, owner, column, target)
    }

    /// [`through`](run::through).
    pub fn through<S: Model, T: AsModel, J: AsModel>(
        db: impl Connection,
        j: &Junction,
        owner: &S,
        column: usize,
    ) -> impl Future<Output = Result<Vec<(T::Model, J::Model)>>> {
        run::through(db, j, owner, column)
    }
}
