//! [`Key`]: a user-visible text in every UI language. The texts are in
//! `texts/*.rs`, one file per screen area, each key's English and Dutch
//! side by side.

/// A user-visible text. Each key is a constant (`Key::LogIn`) pointing at
/// its texts, so a binary links exactly the texts its code names: the
/// standalone page's login, the embed's entry and each screen group carry
/// their own texts and no others, with no feature switch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Key(pub(super) &'static Texts);

/// One key's texts. Both are required, so a key without its Dutch text
/// does not compile.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct Texts {
    pub(super) en: &'static str,
    pub(super) nl: &'static str,
}

/// Declares a file's keys as constants of [`Key`], and the file's `ALL`
/// from the same list, so the completeness tests can never miss a key.
macro_rules! texts {
    ($($(#[$doc:meta])* $name:ident { en: $en:literal, nl: $nl:literal $(,)? })*) => {
        // The names stay those of the enum the keys once were (`Key::LogIn`).
        #[allow(non_upper_case_globals)]
        impl Key {
            $($(#[$doc])* pub const $name: Key = Key(&Texts { en: $en, nl: $nl });)*
        }

        /// This file's keys, in order.
        pub(super) const ALL: &[Key] = &[$(Key::$name,)*];
    };
}
