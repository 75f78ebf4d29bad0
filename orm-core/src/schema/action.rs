//! What a foreign key does to the referencing rows when its target row is deleted or updated.
//!
//! Defined here until the statement model under `sql/` has the same enum; then this file goes
//! and the imports name that one.

use crate::association::Action;

/// A referential action (`ON DELETE` / `ON UPDATE`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum FkAction {
    Cascade,
    SetNull,
    Restrict,
    NoAction,
    SetDefault,
}

impl FkAction {
    /// The action a catalog spells `text` (any case): `CASCADE`, `SET NULL`, `RESTRICT`,
    /// `NO ACTION` or `SET DEFAULT`. `None` for anything else.
    pub fn parse(text: &str) -> Option<FkAction> {
        let words: Vec<String> = text.split_whitespace().map(str::to_ascii_uppercase).collect();
        match words.join(" ").as_str() {
            "CASCADE" => Some(FkAction::Cascade),
            "SET NULL" => Some(FkAction::SetNull),
            "RESTRICT" => Some(FkAction::Restrict),
            "NO ACTION" => Some(FkAction::NoAction),
            "SET DEFAULT" => Some(FkAction::SetDefault),
            _ => None,
        }
    }

    /// The SQL spelling.
    pub fn sql(self) -> &'static str {
        match self {
            FkAction::Cascade => "CASCADE",
            FkAction::SetNull => "SET NULL",
            FkAction::Restrict => "RESTRICT",
            FkAction::NoAction => "NO ACTION",
            FkAction::SetDefault => "SET DEFAULT",
        }
    }
}

impl From<Action> for FkAction {
    fn from(action: Action) -> Self {
        match action {
            Action::Cascade => FkAction::Cascade,
            Action::SetNull => FkAction::SetNull,
            Action::Restrict => FkAction::Restrict,
            Action::NoAction => FkAction::NoAction,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::FkAction;

    #[test]
    fn every_action_parses_from_its_spelling() {
        for action in [FkAction::Cascade, FkAction::SetNull, FkAction::Restrict, FkAction::NoAction, FkAction::SetDefault] {
            assert_eq!(FkAction::parse(action.sql()), Some(action));
            assert_eq!(FkAction::parse(&action.sql().to_ascii_lowercase()), Some(action));
        }
        assert_eq!(FkAction::parse("set  null"), Some(FkAction::SetNull));
        assert_eq!(FkAction::parse("NONE"), None);
    }
}
