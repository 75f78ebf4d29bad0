//! What the generated accessors of a has_many, has_one and belongs_to_many call: one function per
//! accessor, forwarding to the runtime of its kind. They differ from that runtime only in taking
//! the target (and junction) as [`AsModel`] rather than [`Model`]: the accessor blocks are bounded
//! by `for<'a> Target: AsModel<Model = Target>`, and these are the calls such a block can make
//! without asking for `Target: Model` (see [`AsModel`] for why). A `#[belongs_to]`'s accessors
//! call its runtime directly: the field's type `BelongsTo<Target>` already requires
//! `Target: Model`, so there is no single error to keep.

use std::future::Future;

use sqlx::{Acquire, Executor};

use super::AsModel;
use crate::backend::{Backend, BoxFuture};
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
    pub fn get<'c, S: Model, T: AsModel, E, DB>(
        ex: E,
        fk: &ForeignKey<T::Model>,
        owner: &S,
        column: usize,
    ) -> impl Future<Output = Result<Vec<T::Model>>>
    where
        E: Executor<'c, Database = DB>,
        DB: Backend,
    {
        run::get(ex, fk, owner, column)
    }

    /// [`count`](run::count).
    pub fn count<'c, S: Model, T: AsModel, E, DB>(
        ex: E,
        fk: &ForeignKey<T::Model>,
        owner: &S,
        column: usize,
    ) -> impl Future<Output = Result<i64>>
    where
        E: Executor<'c, Database = DB>,
        DB: Backend,
    {
        run::count(ex, fk, owner, column)
    }

    /// [`has`](run::has).
    pub fn has<'c, S: Model, T: AsModel, E, DB>(
        ex: E,
        fk: &ForeignKey<T::Model>,
        owner: &S,
        column: usize,
        targets: Vec<&T::Model>,
    ) -> impl Future<Output = Result<bool>>
    where
        E: Executor<'c, Database = DB>,
        DB: Backend,
    {
        run::has(ex, fk, owner, column, targets)
    }

    /// [`add`](run::add).
    pub fn add<'c, S: Model, T: AsModel, A, DB>(
        acq: A,
        fk: &ForeignKey<T::Model>,
        owner: &S,
        column: usize,
        targets: Vec<&mut T::Model>,
    ) -> impl Future<Output = Result<()>>
    where
        A: Acquire<'c, Database = DB>,
        DB: Backend,
    {
        run::add(acq, fk, owner, column, targets)
    }

    /// [`remove_boxed`](run::remove_boxed).
    pub fn remove_boxed<'f, 'c, 't: 'f, S: Model, T: AsModel, A, DB>(
        acq: A,
        fk: &'f ForeignKey<T::Model>,
        owner: &'f S,
        column: usize,
        targets: Vec<&'t mut T::Model>,
    ) -> BoxFuture<'f, Result<()>>
    where
        A: Acquire<'c, Database = DB> + Send + 'f,
        DB: Backend,
    {
        run::remove_boxed(acq, fk, owner, column, targets)
    }

    /// [`set`](run::set).
    pub fn set<'c, S: Model, T: AsModel, A, DB>(
        acq: A,
        fk: &ForeignKey<T::Model>,
        owner: &S,
        column: usize,
        targets: Vec<&mut T::Model>,
    ) -> impl Future<Output = Result<()>>
    where
        A: Acquire<'c, Database = DB>,
        DB: Backend,
    {
        run::set(acq, fk, owner, column, targets)
    }

    /// [`create`](run::create).
    pub fn create<'c, S: Model, T: AsModel, E, DB>(
        ex: E,
        fk: &ForeignKey<T::Model>,
        owner: &S,
        column: usize,
        target: T::Model,
    ) -> impl Future<Output = Result<T::Model>>
    where
        E: Executor<'c, Database = DB>,
        DB: Backend,
    {
        run::create(ex, fk, owner, column, target)
    }
}

/// The accessors of a `#[has_one]`.
pub mod has_one {
    use super::*;
    use crate::association::has_one as run;

    /// [`get`](run::get).
    pub fn get<'c, S: Model, T: AsModel, E, DB>(
        ex: E,
        fk: &ForeignKey<T::Model>,
        owner: &S,
        column: usize,
    ) -> impl Future<Output = Result<Option<T::Model>>>
    where
        E: Executor<'c, Database = DB>,
        DB: Backend,
    {
        run::get(ex, fk, owner, column)
    }

    /// [`set_boxed`](run::set_boxed).
    pub fn set_boxed<'f, 'c, S: Model, T: AsModel, A, DB>(
        acq: A,
        fk: &'f ForeignKey<T::Model>,
        owner: &'f S,
        column: usize,
        target: Option<&'f mut T::Model>,
    ) -> BoxFuture<'f, Result<()>>
    where
        A: Acquire<'c, Database = DB> + Send + 'f,
        DB: Backend,
    {
        run::set_boxed(acq, fk, owner, column, target)
    }

    /// [`create`](run::create).
    pub fn create<'c, S: Model, T: AsModel, E, DB>(
        ex: E,
        fk: &ForeignKey<T::Model>,
        owner: &S,
        column: usize,
        target: T::Model,
    ) -> impl Future<Output = Result<T::Model>>
    where
        E: Executor<'c, Database = DB>,
        DB: Backend,
    {
        run::create(ex, fk, owner, column, target)
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
    pub fn get<'c, S: Model, T: AsModel, E, DB>(
        ex: E,
        j: &Junction,
        owner: &S,
        column: usize,
    ) -> impl Future<Output = Result<Vec<T::Model>>>
    where
        E: Executor<'c, Database = DB>,
        DB: Backend,
    {
        run::get(ex, j, owner, column)
    }

    /// [`count`](run::count).
    pub fn count<'c, S: Model, T: AsModel, E, DB>(ex: E, j: &Junction, owner: &S, column: usize) -> impl Future<Output = Result<i64>>
    where
        E: Executor<'c, Database = DB>,
        DB: Backend,
    {
        run::count::<S, T::Model, E, DB>(ex, j, owner, column)
    }

    /// [`has`](run::has).
    pub fn has<'c, S: Model, T: AsModel, E, DB>(
        ex: E,
        j: &Junction,
        owner: &S,
        column: usize,
        targets: Vec<&T::Model>,
    ) -> impl Future<Output = Result<bool>>
    where
        E: Executor<'c, Database = DB>,
        DB: Backend,
    {
        run::has(ex, j, owner, column, targets)
    }

    /// [`add`](run::add).
    pub fn add<'c, S: Model, T: AsModel, A, DB>(
        acq: A,
        j: &Junction,
        owner: &S,
        column: usize,
        targets: Vec<&T::Model>,
    ) -> impl Future<Output = Result<()>>
    where
        A: Acquire<'c, Database = DB>,
        DB: Backend,
    {
        run::add(acq, j, owner, column, targets)
    }

    /// [`add_through`](run::add_through).
    #[allow(clippy::too_many_arguments)]
    pub fn add_through<'c, S: Model, T: AsModel, J: AsModel, A, DB>(
        acq: A,
        j: &Junction,
        keys: [&ForeignKey<J::Model>; 2],
        owner: &S,
        column: usize,
        target: &T::Model,
        row: J::Model,
    ) -> impl Future<Output = Result<J::Model>>
    where
        A: Acquire<'c, Database = DB>,
        DB: Backend,
    {
        run::add_through(acq, j, keys, owner, column, target, row)
    }

    /// [`update_through`](run::update_through).
    #[allow(clippy::too_many_arguments)]
    pub fn update_through<'c, S: Model, T: AsModel, J: AsModel, E, DB>(
        ex: E,
        j: &Junction,
        keys: [&ForeignKey<J::Model>; 2],
        owner: &S,
        column: usize,
        target: &T::Model,
        row: J::Model,
    ) -> impl Future<Output = Result<J::Model>>
    where
        E: Executor<'c, Database = DB>,
        DB: Backend,
    {
        run::update_through(ex, j, keys, owner, column, target, row)
    }

    /// [`remove`](run::remove).
    pub fn remove<'c, S: Model, T: AsModel, A, DB>(
        acq: A,
        j: &Junction,
        owner: &S,
        column: usize,
        targets: Vec<&T::Model>,
    ) -> impl Future<Output = Result<()>>
    where
        A: Acquire<'c, Database = DB>,
        DB: Backend,
    {
        run::remove(acq, j, owner, column, targets)
    }

    /// [`set`](run::set).
    pub fn set<'c, S: Model, T: AsModel, A, DB>(
        acq: A,
        j: &Junction,
        owner: &S,
        column: usize,
        targets: Vec<&T::Model>,
    ) -> impl Future<Output = Result<()>>
    where
        A: Acquire<'c, Database = DB>,
        DB: Backend,
    {
        run::set(acq, j, owner, column, targets)
    }

    /// [`create`](run::create).
    pub fn create<'c, S: Model, T: AsModel, A, DB>(
        acq: A,
        j: &Junction,
        owner: &S,
        column: usize,
        target: T::Model,
    ) -> impl Future<Output = Result<T::Model>>
    where
        A: Acquire<'c, Database = DB>,
        DB: Backend,
    {
        run::create(acq, j, owner, column, target)
    }

    /// [`through`](run::through).
    pub fn through<'c, S: Model, T: AsModel, J: AsModel, E, DB>(
        ex: E,
        j: &Junction,
        owner: &S,
        column: usize,
    ) -> impl Future<Output = Result<Vec<(T::Model, J::Model)>>>
    where
        E: Executor<'c, Database = DB>,
        DB: Backend,
    {
        run::through(ex, j, owner, column)
    }
}
